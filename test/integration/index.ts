// Test runner loaded by the VS Code extension host (payload "extensionTestsPath", or
// @vscode/test-electron's extensionTestsPath). Must export run(): a rejection = exit code 1.
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // OPTIMIZER_LAB_TEST_GREP (a development aid, never set in CI) runs only the matching tests.
  const grep = process.env.OPTIMIZER_LAB_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30000, ...(grep ? { grep } : {}) });
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  }
  // Tee mocha's report so the launcher can print it cleanly (the extension host's console is
  // forwarded to the browser, mixed with workbench noise).
  const lines: string[] = [];
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void };
  const origLog = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => { lines.push(util.format(...args)); origLog(...args); };
  return new Promise((resolve, reject) => {
    mocha.run(failures => {
      base.consoleLog = origLog;
      const total = mocha.suite.total();
      const summary = `${total - failures} passed, ${failures} failed`;
      lines.push(summary);
      const resultFile = process.env.OPTIMIZER_LAB_TEST_RESULT;
      if (resultFile) fs.writeFileSync(resultFile, JSON.stringify({ total, failures, summary, output: lines.join('\n') }));
      if (failures > 0 || total === 0) reject(new Error(total === 0 ? 'no tests ran' : `${failures} tests failed`));
      else resolve();
    });
  });
}
