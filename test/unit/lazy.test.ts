import * as assert from 'assert';
import * as path from 'path';
import { LazyModule, loadFailureMessage } from '../../src/extension/lazy';

describe('LazyModule (heavy bundles loaded on first use)', () => {
  it('does not load until asked, then loads once and returns the same module to every caller', async () => {
    let loads = 0;
    const errors: string[] = [];
    const m = new LazyModule('engine', () => { loads++; return { answer: 42 }; }, n => errors.push(n));
    assert.strictEqual(loads, 0);
    assert.strictEqual(m.loaded, false);
    assert.strictEqual(m.peek(), undefined);
    const a = await m.get();
    const b = await m.get();
    assert.strictEqual(loads, 1);
    assert.strictEqual(a, b);
    assert.strictEqual(a.answer, 42);
    assert.strictEqual(m.loaded, true);
    assert.strictEqual(m.peek(), a);
    assert.deepStrictEqual(errors, []);
  });

  it('concurrent callers share one load (no double load when two hovers race)', async () => {
    let loads = 0;
    let release!: (v: { id: number }) => void;
    const m = new LazyModule('renderer', () => { loads++; return new Promise<{ id: number }>(r => { release = r; }); }, () => undefined);
    const p1 = m.get();
    const p2 = m.get();
    const p3 = m.get();
    assert.strictEqual(loads, 1);
    assert.strictEqual(m.loaded, false);
    release({ id: 7 });
    const [a, b, c] = await Promise.all([p1, p2, p3]);
    assert.strictEqual(a, b);
    assert.strictEqual(b, c);
    assert.strictEqual(loads, 1);
  });

  it('a failed load is reported once, stays failed, and is not retried', async () => {
    let loads = 0;
    const errors: { name: string; message: string }[] = [];
    const m = new LazyModule<unknown>('detection', () => { loads++; throw new Error('boom'); },
      (name, e) => errors.push({ name, message: (e as Error).message }));
    const results = await Promise.allSettled([m.get(), m.get()]);
    const again = await Promise.allSettled([m.get()]);
    for (const r of [...results, ...again]) {
      assert.strictEqual(r.status, 'rejected');
      assert.strictEqual(((r as PromiseRejectedResult).reason as Error).message, 'boom');
    }
    assert.strictEqual(loads, 1);
    assert.deepStrictEqual(errors, [{ name: 'detection', message: 'boom' }]);
    assert.strictEqual(m.failed, true);
    assert.strictEqual(m.loaded, false);
    assert.strictEqual(m.peek(), undefined);
  });

  it('a missing bundle file (broken install) fails with a clear message; other modules still load', async () => {
    const errors: string[] = [];
    const report = (name: string, e: unknown) => errors.push(loadFailureMessage(name, e));
    const missing = path.join(__dirname, 'no-such-bundle.js');
    /* eslint-disable @typescript-eslint/no-require-imports -- a real require, as the extension loads its bundles */
    const broken = new LazyModule<unknown>('expression engine', () => require(missing), report);
    const fine = new LazyModule('path module', () => require('path') as typeof path, report);
    /* eslint-enable @typescript-eslint/no-require-imports */
    await assert.rejects(broken.get(), /Cannot find module/);
    assert.strictEqual((await fine.get()).join('a', 'b'), path.join('a', 'b'));
    assert.strictEqual(errors.length, 1);
    assert.match(errors[0], /^Optimizer Lab could not load its expression engine \(Cannot find module .*no-such-bundle\.js.*\)\. .*reinstall/);
  });

  it('an asynchronous rejection is handled like a synchronous throw', async () => {
    const errors: string[] = [];
    const m = new LazyModule<unknown>('panel', () => Promise.reject(new Error('late')), n => errors.push(n));
    await assert.rejects(m.get(), /late/);
    await assert.rejects(m.get(), /late/);
    assert.deepStrictEqual(errors, ['panel']);
  });
});
