// `npm run test:integration`: runs the mocha suite (out/test/integration/index.js) inside the real
// VS Code extension host of code-server, driven by headless Chromium. Prints mocha's report and a
// final `N passed, N failed` line. Exit 0 only when every test passed and at least one ran.
import fs from 'node:fs';
import path from 'node:path';
import { root, startCodeServer } from '../support/codeServer.mjs';

const TIMEOUT_MS = Number(process.env.INTEGRATION_TIMEOUT_MS || 300_000);
const outDir = path.join(root, 'test-output');
fs.mkdirSync(outDir, { recursive: true });
const logFile = path.join(outDir, 'integration-full.log');
const workspace = path.join(root, 'test/fixtures/ws');
// OPTIMIZER_LAB_TESTS_OUT: another tsc output folder than out/ (e.g. `tsc -p test --outDir out-mine`).
const testsEntry = path.join(root, process.env.OPTIMIZER_LAB_TESTS_OUT || 'out', 'test/integration/index.js');
if (!fs.existsSync(testsEntry)) { console.error(`${testsEntry} missing: run npm run compile-tests`); process.exit(1); }

const resultFile = path.join(outDir, 'integration-result.json');
fs.rmSync(resultFile, { force: true });
let vsc;
let rc = 1;
try {
  vsc = await startCodeServer({ workspace, logFile, env: { OPTIMIZER_LAB_TEST_RESULT: resultFile } });
  const page = await vsc.browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', m => vsc.log.write(`[browser:${m.type()}] ${m.text()}\n`));
  page.on('pageerror', e => vsc.log.write(`[pageerror] ${e.message}\n`));
  await page.exposeFunction('codeAutomationLog', (type, args) => vsc.log.write(`[automation:${type}] ${args.join(' ')}\n`));
  const exited = new Promise(resolve => page.exposeFunction('codeAutomationExit', code => resolve(code)));
  const t0 = Date.now();
  await page.goto(vsc.url(workspace, [
    ['extensionDevelopmentPath', vsc.remote(root)],
    ['extensionTestsPath', vsc.remote(testsEntry)],
    ['skipWelcome', 'true'],
  ]));
  const code = await Promise.race([exited, new Promise(r => setTimeout(() => r('timeout'), TIMEOUT_MS))]);
  let result;
  try { result = JSON.parse(fs.readFileSync(resultFile, 'utf8')); } catch { /* no result written */ }
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
