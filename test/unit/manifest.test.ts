import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_HOVER_LANGUAGES } from '../../src/extension/ids';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: { configuration: { properties: Record<string, { default?: unknown }> }; views: Record<string, { id: string }[]> };
};

describe('package.json activation (lean: no window pays for the extension unless it is used)', () => {
  it('does not activate on startup', () => {
    assert.ok(!manifest.activationEvents.includes('onStartupFinished'));
    assert.ok(!manifest.activationEvents.includes('*'));
  });

  it('activates for each default hover language, notebooks and a restored panel', () => {
    const languages = manifest.activationEvents.filter(e => e.startsWith('onLanguage:')).map(e => e.slice('onLanguage:'.length));
    assert.deepStrictEqual(languages, DEFAULT_HOVER_LANGUAGES);
    assert.ok(manifest.activationEvents.includes('onNotebook:jupyter-notebook'));
    assert.ok(manifest.activationEvents.includes('onWebviewPanel:optimizerLab.panel'));
  });

  it('the hover.languages setting defaults to the same languages', () => {
    assert.deepStrictEqual(manifest.contributes.configuration.properties['optimizerLab.hover.languages'].default, DEFAULT_HOVER_LANGUAGES);
  });

  it('the Gradient view is in the Explorer, collapsed until opened', () => {
    const view = manifest.contributes.views.explorer.find(v => v.id === 'optimizerLab.gradient') as { id: string; visibility?: string } | undefined;
    assert.ok(view);
    assert.strictEqual(view.visibility, 'collapsed');
  });
});

describe('.vscodeignore (what the .vsix carries)', () => {
  it('ships every script the build puts in dist/ except the CLI\'s (a bundle left out would be missing in installed copies)', () => {
    const allowed = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').filter(l => l.startsWith('!dist/'))
      .map(l => new RegExp(`^${l.slice(1).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*')}$`));
    const dist = path.join(root, 'dist');
    assert.ok(fs.existsSync(path.join(dist, 'extension.js')), 'npm run build first');
    const scripts = ['', 'web/'].flatMap(dir => fs.readdirSync(path.join(dist, dir)).filter(f => f.endsWith('.js')).map(f => `dist/${dir}${f}`));
    const cli = ['dist/cli.js', 'dist/cli-main.js'];
    const missing = scripts.filter(f => !cli.includes(f) && !allowed.some(re => re.test(f)));
    assert.deepStrictEqual(missing, []);
    assert.ok(scripts.includes('dist/hover-render-worker.js') && scripts.length >= 10, scripts.join(', '));
  });
});
