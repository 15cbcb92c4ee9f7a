// `npm run test:integration:electron`: the same mocha suite under @vscode/test-electron's runTests,
// the usual harness for contributors with internet access (it downloads VS Code; it cannot run on
// the offline CI machines, which use runInCodeServer.mjs instead).
import path from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/test/integration/index.js'),
    launchArgs: [path.join(root, 'test/fixtures/ws'), '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`integration tests failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
