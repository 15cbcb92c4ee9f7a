// `npm run test:integration`: runs the mocha suite (out/test/integration/index.js) inside the real
// VS Code extension host of code-server, driven by headless Chromium (with --web: the web suite in
// the web worker extension host). Prints mocha's report and a
// final `N passed, N failed` line. Exit 0 only when every test passed and at least one ran.
import fs from 'node:fs';
import path from 'node:path';
import { root, startCodeServer } from '../support/codeServer.mjs';

const TIMEOUT_MS = Number(process.env.INTEGRATION_TIMEOUT_MS || 300_000);
const outDir = path.join(root, 'test-output');
fs.mkdirSync(outDir, { recursive: true });
const logFile = path.join(outDir, process.argv.includes('--web') ? 'integration-web-full.log' : 'integration-full.log');
const workspace = path.join(root, 'test/fixtures/ws');
// --web: the extension in the web worker extension host (VS Code for the Web) instead of the Node
// one, running test/integration/web/index.ts, bundled here for the browser.
const web = process.argv.includes('--web');
// OPTIMIZER_LAB_TESTS_OUT: another tsc output folder than out/ (e.g. `tsc -p test --outDir out-mine`).
let testsEntry = path.join(root, process.env.OPTIMIZER_LAB_TESTS_OUT || 'out', 'test/integration/index.js');
if (web) {
  const esbuild = await import('esbuild');
  testsEntry = path.join(outDir, 'web-tests', 'index.js');
  await esbuild.build({ entryPoints: [path.join(root, 'test/integration/web/index.ts')], bundle: true, outfile: testsEntry,
    platform: 'browser', format: 'cjs', target: 'es2022', external: ['vscode'], logLevel: 'warning' });
}
if (!fs.existsSync(testsEntry)) { console.error(`${testsEntry} missing: run npm run compile-tests`); process.exit(1); }

const resultFile = path.join(outDir, 'integration-result.json');
fs.rmSync(resultFile, { force: true });
let vsc;
let rc = 1;
try {
  // The workbench of this code-server build reads the payload's extensionDevelopmentKind into a
  // property its extension placement does not look at, so the setting below is what puts the
  // extension (kind `web`: its `browser` entry) into the web worker host.
  const settings = web ? { 'remote.extensionKind': { 'optimizer-lab.optimizer-lab': ['web'] } } : {};
  vsc = await startCodeServer({ workspace, logFile, settings, env: { OPTIMIZER_LAB_TEST_RESULT: resultFile } });
  const page = await vsc.browser.newPage({ viewport: { width: 1280, height: 800 } });
  let webResult;
  const onLine = text => {
    const m = /OPTIMIZER_LAB_WEB_RESULT (\{.*\})\s*$/s.exec(text);
    if (m && !webResult) { try { webResult = JSON.parse(m[1]); } catch { /* not the result */ } }
  };
  page.on('console', m => { vsc.log.write(`[browser:${m.type()}] ${m.text()}\n`); onLine(m.text()); });
  page.on('worker', w => w.on('console', m => { vsc.log.write(`[worker:${m.type()}] ${m.text()}\n`); onLine(m.text()); }));
  page.on('pageerror', e => vsc.log.write(`[pageerror] ${e.message}\n`));
  await page.exposeFunction('codeAutomationLog', (type, args) => { vsc.log.write(`[automation:${type}] ${args.join(' ')}\n`); onLine(args.join(' ')); });
  const exited = new Promise(resolve => page.exposeFunction('codeAutomationExit', code => resolve(code)));
  const t0 = Date.now();
  await page.goto(vsc.url(workspace, [
    ['extensionDevelopmentPath', vsc.remote(root)],
    ['extensionTestsPath', vsc.remote(testsEntry)],
    ['skipWelcome', 'true'],
    ...(web ? [['extensionDevelopmentKind', 'web']] : []),
  ]));
  const code = await Promise.race([exited, new Promise(r => setTimeout(() => r('timeout'), TIMEOUT_MS))]);
  let result;
  try { result = web ? webResult : JSON.parse(fs.readFileSync(resultFile, 'utf8')); } catch { /* no result written */ }
  if (result) console.log(result.output);
  if (code === 'timeout') console.error(`TIMEOUT after ${TIMEOUT_MS} ms`);
  console.log(`extension host exit code ${code}, ${((Date.now() - t0) / 1000).toFixed(1)} s (full log: ${path.relative(root, logFile)})`);
  if (!result) console.log('0 passed, 1 failed'); // the suite never reported: count it as a failure
  rc = code === 0 && result && result.failures === 0 && result.total > 0 ? 0 : 1;
} catch (e) {
  console.error(`integration run failed: ${e.message}`);
  console.log('0 passed, 1 failed');
} finally {
  await vsc?.stop();
}
process.exit(rc);
