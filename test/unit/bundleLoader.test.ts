import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundleLoader, CodeCacheUse } from '../../src/extension/bundleLoader';

/**
 * Two small bundles as the build writes them: `a.js` requires its sibling `b.js` and a Node
 * built-in. Each extension's sources carry its own folder in a comment: V8 keeps compiled scripts
 * per process by source text, and a second compile of a text this process has seen would not
 * consult a code cache at all.
 */
function makeExtension(): { root: string; storage: string; dist: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'optlab-bundles-'));
  const dist = path.join(root, 'dist');
  fs.mkdirSync(dist);
  const tag = `// ${root}\n`;
  fs.writeFileSync(path.join(dist, 'b.js'), `${tag}exports.loadedAt = (globalThis.__optlabLoads = (globalThis.__optlabLoads || 0) + 1); exports.square = x => x * x;\n`);
  fs.writeFileSync(path.join(dist, 'a.js'), `${tag}const b = require("./b.js"); const p = require("path"); exports.b = b; exports.sumOfSquares = (x, y) => b.square(x) + b.square(y); exports.base = p.basename(__filename);\n`);
  return { root, storage: path.join(root, 'storage'), dist };
}

/** Loads `file` in a new Node process (a later VS Code window): what happened to each bundle's cache, and f(1, 2). */
function loadInNewProcess(root: string, storage: string, file: string): { uses: string[]; value: number } {
  const loader = path.join(__dirname, '..', '..', 'src', 'extension', 'bundleLoader.js');
  const script = `const { bundleLoader } = require(${JSON.stringify(loader)}); const uses = [];
    const m = bundleLoader({ extensionPath: ${JSON.stringify(root)}, globalStorageUri: { fsPath: ${JSON.stringify(storage)} } }, { writeCacheAfterMs: 0, onLoad: (f, c) => uses.push(f + ':' + c) })(${JSON.stringify(file)});
    setTimeout(() => console.log(JSON.stringify({ uses, value: m.sumOfSquares ? m.sumOfSquares(1, 2) : m.square(3) })), 100);`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { uses: string[]; value: number };
}

const caches = (storage: string): string[] => (fs.existsSync(path.join(storage, 'code-cache')) ? fs.readdirSync(path.join(storage, 'code-cache')).sort() : []);
const forget = (dist: string): void => { for (const f of ['a.js', 'b.js']) delete require.cache[path.join(dist, f)]; };
const waitFor = async (ok: () => boolean): Promise<void> => { for (let i = 0; i < 200 && !ok(); i++) await new Promise(r => setTimeout(r, 5)); };

describe('bundleLoader (Node extension host: lazy bundles with V8 code cache)', () => {
  afterEach(() => { delete (globalThis as { __optlabLoads?: number }).__optlabLoads; });

  it('runs a bundle as a CommonJS module: its sibling through the same loader, Node built-ins, __filename', () => {
    const { root, storage, dist } = makeExtension();
    const uses: string[] = [];
    const load = bundleLoader({ extensionPath: root, globalStorageUri: { fsPath: storage } }, { writeCacheAfterMs: 60_000, onLoad: (f, c: CodeCacheUse) => uses.push(`${f}:${c}`) });
    const a = load('a.js') as { sumOfSquares(x: number, y: number): number; base: string; b: unknown };
    assert.strictEqual(a.sumOfSquares(3, 4), 25);
    assert.strictEqual(a.base, 'a.js');
    // One instance of the sibling, shared with a direct load and with a plain require (require.cache).
    assert.strictEqual(load('b.js'), a.b);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assert.strictEqual(require(path.join(dist, 'b.js')), a.b);
    assert.strictEqual((globalThis as { __optlabLoads?: number }).__optlabLoads, 1);
    // The sibling finishes first; no cache existed for either.
    assert.deepStrictEqual(uses, ['b.js:none', 'a.js:none']);
    forget(dist);
  });

  it('writes one cache per bundle after the delay; a later window accepts it; a changed bundle gets a new one', async () => {
    const { root, storage, dist } = makeExtension();
    bundleLoader({ extensionPath: root, globalStorageUri: { fsPath: storage } }, { writeCacheAfterMs: 0 })('a.js');
    forget(dist);
    await waitFor(() => caches(storage).length === 2);
    const first = caches(storage);
    assert.deepStrictEqual(first.map(f => f.split('-')[0]), ['a.js', 'b.js']);
    assert.ok(first.every(f => f.endsWith(`-v8-${process.versions.v8}.cache`)), first.join(', '));
    // A later window (a new process): both caches are accepted by V8, nothing is rewritten.
    const later = loadInNewProcess(root, storage, 'a.js');
    assert.deepStrictEqual(later, { uses: ['b.js:accepted', 'a.js:accepted'], value: 5 });
    assert.deepStrictEqual(caches(storage), first);
    // The bundle changes (an update of the extension): its old cache is replaced, the sibling's kept.
    fs.writeFileSync(path.join(dist, 'b.js'), `// ${root} updated\nexports.square = x => 2 * x * x;\n`);
    const updated = loadInNewProcess(root, storage, 'a.js');
    assert.deepStrictEqual(updated, { uses: ['b.js:none', 'a.js:accepted'], value: 10 });
    const after = caches(storage);
    assert.strictEqual(after.length, 2);
    assert.strictEqual(after[0], first[0]);
    assert.notStrictEqual(after[1], first[1]);
  });

  it('a corrupt cache is rejected by V8 and replaced; the bundle still loads', () => {
    const { root, storage } = makeExtension();
    assert.deepStrictEqual(loadInNewProcess(root, storage, 'b.js'), { uses: ['b.js:none'], value: 9 });
    const file = path.join(storage, 'code-cache', caches(storage)[0]);
    fs.writeFileSync(file, Buffer.from('not a code cache'));
    assert.deepStrictEqual(loadInNewProcess(root, storage, 'b.js'), { uses: ['b.js:rejected'], value: 9 });
    assert.deepStrictEqual(loadInNewProcess(root, storage, 'b.js'), { uses: ['b.js:accepted'], value: 9 });
  });

  it('a missing bundle throws (the lazy module reports it once); a storage folder that cannot be written changes nothing', async () => {
    const { root, dist } = makeExtension();
    const blocked = path.join(root, 'file-not-folder');
    fs.writeFileSync(blocked, '');
    const load = bundleLoader({ extensionPath: root, globalStorageUri: { fsPath: blocked } }, { writeCacheAfterMs: 0 });
    assert.throws(() => load('missing.js'), /ENOENT/);
    const a = load('a.js') as { sumOfSquares(x: number, y: number): number };
    assert.strictEqual(a.sumOfSquares(2, 2), 8);
    await new Promise(r => setTimeout(r, 50));
    assert.ok(fs.statSync(blocked).isFile());
    forget(dist);
    // A host that gives no storage folder: no cache, the bundle loads the same.
    const uses: string[] = [];
    const plain = bundleLoader({ extensionPath: root }, { writeCacheAfterMs: 0, onLoad: (f, c) => uses.push(`${f}:${c}`) })('b.js') as { square(x: number): number };
    assert.strictEqual(plain.square(5), 25);
    assert.deepStrictEqual(uses, ['b.js:none']);
    forget(dist);
  });

  it('a bundle that throws while loading is not left half-registered: the next load runs it again', () => {
    const { root, storage, dist } = makeExtension();
    fs.writeFileSync(path.join(dist, 'bad.js'), 'globalThis.__optlabLoads = (globalThis.__optlabLoads || 0) + 1; if (globalThis.__optlabLoads === 1) throw new Error("first load fails");\nexports.ok = true;\n');
    const load = bundleLoader({ extensionPath: root, globalStorageUri: { fsPath: storage } }, { writeCacheAfterMs: 60_000 });
    assert.throws(() => load('bad.js'), /first load fails/);
    assert.strictEqual(require.cache[path.join(dist, 'bad.js')], undefined);
    assert.deepStrictEqual({ ...(load('bad.js') as object) }, { ok: true });
    delete require.cache[path.join(dist, 'bad.js')];
  });
});
