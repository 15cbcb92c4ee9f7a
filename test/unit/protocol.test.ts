import * as assert from 'assert';
import { checkPersistedState, parseHostMessage, parseWebviewMessage, RunConfig, toNumOrNull } from '../../src/core/protocol';

const config: RunConfig = {
  expression: '(1-x)^2 + 100*(y-x^2)^2',
  start: [-1.5, 2],
  optimizers: ['adam', 'sgd'],
  convention: 'pytorch',
  steps: 500,
  hyperparameters: { adam: { lr: 0.01 } },
  schedule: { kind: 'constant' },
};

describe('protocol: messages from the webview are validated on arrival', () => {
  it('accepts well-formed messages of every kind', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'configure', config },
      { type: 'setStart', start: [1, 2] },
      { type: 'requestSurface', x: [-2, 2], y: [-1, 3] },
      { type: 'viewState', view: { position: 3, playing: false, speed: 4, lossScale: 'log', smoothing: 0 } },
      { type: 'export', format: 'csv', filename: 'traces.csv', content: 'a,b\n1,2' },
      { type: 'log', level: 'error', message: 'boom' },
    ]) {
      const r = parseWebviewMessage(m);
      assert.ok(r.ok, `${m.type}: ${!r.ok && r.error}`);
    }
  });

  const bad: [unknown, RegExp][] = [
    [null, /without a type/],
    ['ready', /without a type/],
    [{ type: 'nope' }, /unknown message type 'nope'/],
    [{ type: 'configure', config: { ...config, steps: 0 } }, /steps must be an integer/],
    [{ type: 'configure', config: { ...config, steps: 2.5 } }, /steps must be an integer/],
    [{ type: 'configure', config: { ...config, start: [1, NaN] } }, /start must be/],
    [{ type: 'configure', config: { ...config, expression: 'x'.repeat(10_001) } }, /at most 10,000/],
    [{ type: 'configure', config: { ...config, hyperparameters: { adam: { lr: {} } } } }, /hyperparameters\.adam\.lr/],
    [{ type: 'setStart', start: ['1', 2] }, /finite numbers/],
    [{ type: 'requestSurface', x: [2, -2], y: [0, 1] }, /increasing ranges/],
    [{ type: 'export', format: 'exe', filename: 'a', content: '' }, /format/],
    [{ type: 'export', format: 'csv', filename: '../../etc/passwd', content: '' }, /plain file name/],
    [{ type: 'viewState', view: { position: -1, playing: false, speed: 1, lossScale: 'log', smoothing: 0 } }, /position/],
  ];
  for (const [msg, why] of bad) {
    it(`rejects ${JSON.stringify(msg)?.slice(0, 70)}`, () => {
      const r = parseWebviewMessage(msg);
      assert.strictEqual(r.ok, false);
      assert.match((r as { error: string }).error, why);
    });
  }
});

describe('protocol: host messages and saved state', () => {
  it('rejects a show message without a model', () => {
    assert.strictEqual(parseHostMessage({ type: 'show' }).ok, false);
    assert.strictEqual(parseHostMessage({ type: 'running', running: 'yes' }).ok, false);
    assert.strictEqual(parseHostMessage({ type: 'running', running: true }).ok, true);
  });

  it('accepts saved state of version 1 only', () => {
    const view = { position: 0, playing: true, speed: 2, lossScale: 'linear', smoothing: 5 };
    assert.strictEqual(checkPersistedState({ version: 1, config, view }).ok, true);
    assert.strictEqual(checkPersistedState({ version: 2, config, view }).ok, false);
    assert.strictEqual(checkPersistedState({ version: 1, config: {}, view }).ok, false);
  });

  it('encodes non-finite numbers as null for JSON', () => {
    assert.deepStrictEqual(toNumOrNull([1, NaN, Infinity, -Infinity, -0.5]), [1, null, null, null, -0.5]);
  });
});
