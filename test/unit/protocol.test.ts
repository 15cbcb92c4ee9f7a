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

describe('protocol: map variables, file names and messages that say what was sent', () => {
  const configure = (over: Record<string, unknown>) => parseWebviewMessage({ type: 'configure', config: { ...config, ...over } });
  const errorOf = (r: ReturnType<typeof parseWebviewMessage>): string => (r.ok ? '(ok)' : r.error);

  it('mapVariables: two different indices of start coordinates (one per variable)', () => {
    assert.strictEqual(errorOf(configure({ mapVariables: [0, 99] })),
      'configure: config.mapVariables must be two different variable indices from 0 to 1, got a list [0, 99] (one index per start coordinate)');
    assert.match(errorOf(configure({ mapVariables: [-1, 0] })), /from 0 to 1, got a list \[-1, 0\]/);
    assert.match(errorOf(configure({ mapVariables: [1, 1] })), /two different variable indices from 0 to 1, got a list \[1, 1\]/);
    assert.match(errorOf(configure({ mapVariables: [0.5, 1] })), /got a list \[0\.5, 1\]/);
    assert.match(errorOf(configure({ mapVariables: 'xy' })), /got the text "xy"/);
    assert.match(errorOf(configure({ start: [1], mapVariables: [0, 1] })), /absent: there is only one variable, got a list \[0, 1\]/);
    assert.strictEqual(errorOf(configure({ mapVariables: [1, 0] })), '(ok)');
    assert.strictEqual(errorOf(configure({ start: [1, 2, 3], mapVariables: [0, 2] })), '(ok)');
  });

  it('export file names: not . or .. (directories), nor only dots', () => {
    const exportAs = (filename: unknown) => errorOf(parseWebviewMessage({ type: 'export', format: 'csv', filename, content: '' }));
    assert.strictEqual(exportAs('.'), 'export: filename must name a file, not a directory, got the text "."');
    assert.strictEqual(exportAs('..'), 'export: filename must name a file, not a directory, got the text ".."');
    assert.match(exportAs('...'), /not only dots/);
    assert.match(exportAs(undefined), /plain file name .*, got nothing$/);
    assert.strictEqual(exportAs('traces.v2.csv'), '(ok)');
    assert.strictEqual(exportAs('.hidden'), '(ok)');
  });

  it('messages describe the value sent: never "undefined", "[object Object]", or "1" for [1]', () => {
    assert.match(errorOf(configure({ steps: [1] })), /config\.steps must be an integer from 1 to 1000000, got a list \[1\]$/);
    assert.match(errorOf(configure({ steps: undefined })), /got nothing$/);
    assert.match(errorOf(configure({ schedule: {} })), /config\.schedule must be an object with a kind, got an empty object$/);
    const hostile: unknown[] = [
      undefined, null, {}, [], [1], 'x', 1, { type: 'configure' }, { type: 'configure', config: [] },
      { type: 'configure', config: { ...config, hyperparameters: { adam: [1] } } },
      { type: 'configure', config: { ...config, noise: { sigma: {} } } },
      { type: 'configure', config: { ...config, data: { file: {}, parameters: [] } } },
      { type: 'setStart', start: {} }, { type: 'requestSurface', x: [1], y: {} }, { type: 'requestSurface', x: [0, 1], y: [0, 1], fixed: {} },
      { type: 'viewState', view: { position: [1] } }, { type: 'viewState', view: { position: 0, playing: {} } },
      { type: 'export', format: {}, filename: 'a', content: '' }, { type: 'export', format: 'csv', filename: 'a', content: {} },
      { type: 'log', level: {}, message: 'm' },
    ];
    for (const m of hostile) {
      const r = parseWebviewMessage(m);
      assert.strictEqual(r.ok, false, JSON.stringify(m));
      assert.doesNotMatch(errorOf(r), /undefined|\[object Object\]|got 1$/, JSON.stringify(m));
    }
    assert.match(errorOf(parseWebviewMessage({ type: 'viewState', view: { position: [1], playing: false, speed: 1, lossScale: 'log', smoothing: 0 } })), /got a list \[1\]$/);
  });
});
