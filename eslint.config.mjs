// Lint: typescript-eslint's recommended rules plus the project's runtime boundaries
// (the tsconfigs enforce the same from the type side).
import tseslint from 'typescript-eslint';

const noImport = (names, why) => ({
  'no-restricted-imports': ['error', { paths: names.map(name => ({ name, message: why })) }],
});

export default tseslint.config(
  { ignores: ['test/fixtures/**', 'dist/**', 'out/**', 'node_modules/**', 'dist-pkg/**', 'test-output/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/core/**/*.ts'], rules: noImport(['vscode'], 'src/core is pure TypeScript: no vscode.') },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/expr/**'],
    rules: noImport(['vscode', 'mathjs'], 'Only src/core/expr imports mathjs; src/core never imports vscode.'),
  },
  { files: ['src/webview/**/*.ts'], rules: noImport(['vscode', 'mathjs'], 'The webview never imports vscode or mathjs (strict CSP, no eval).') },
  { files: ['src/cli/**/*.ts'], rules: noImport(['vscode'], 'The CLI runs without VS Code.') },
  { files: ['src/node/**/*.ts'], rules: noImport(['vscode', 'mathjs'], 'src/node (worker threads for the CLI and the Node extension host) runs without VS Code and without the engine.') },
  { files: ['test/unit/**/*.ts', 'test/bench/**/*.ts'], rules: noImport(['vscode'], 'Unit tests and benchmarks run in plain Node.') },
);
