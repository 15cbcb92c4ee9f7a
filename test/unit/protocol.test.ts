import * as assert from 'assert';
import {
  checkPersistedState, PanelModel, parseHostMessage, parseWebviewMessage, PROTOCOL_VERSION, readRunConfig, RunConfig, toNumOrNull,
} from '../../src/core/protocol';

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
    [{ type: 'requestSurface', x: [2, -2], y: [0, 1] }, /increasing range/],
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
    assert.match(errorOf(configure({ steps: [1] })), /config\.steps must be an integer from 1 to 10000000, got a list \[1\]$/);
    assert.match(errorOf(configure({ steps: undefined })), /got nothing$/);
    assert.match(errorOf(configure({ schedule: {} })), /config\.schedule: the schedule kind must be one of constant, step, .*, got nothing$/);
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

/** Every key path of a JSON-like value (`a.b[0].c`), to compare what went in with what came out. */
function keyPaths(v: unknown, at = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => keyPaths(x, `${at}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [`${at}.${k}`, ...keyPaths(x, `${at}.${k}`)]);
  return [];
}

describe('protocol: validators rebuild what they accept (unknown keys never survive)', () => {
  const view = { position: 0, playing: true, speed: 2, lossScale: 'linear', smoothing: 5, zoom: { x: [0, 1], y: [0, 1] } };
  const full: RunConfig = {
    ...config, mapVariables: [1, 0], sliceMode: 'fixed', fixedValues: [0, 0], noise: { sigma: 0.1, seeds: 3 },
    data: { file: 'd.csv', parameters: ['w', 'b'], batchSize: 'full', epochs: 3, shuffle: true, rescale: 'standard', seed: 1 },
    schedule: { kind: 'cosine', steps: 100, alpha: 0.1 },
  };
  const trace = {
    optimizer: 'adam', convention: 'pytorch', label: 'Adam', hyperparameters: { lr: 0.1 }, dim: 2, steps: [0, 1], path: [0, 0, 1, null],
    loss: [1, 0.5], effectiveLr: [0.1, 0.1, 0.1, 0.1], delta: [0, 0, 1, 1], lr: [0.1, 0.1], stop: { reason: 'max-steps', step: 1, detail: 'done' },
    formula: ['x'], lossMean: [1, 0.5], lossBand: { lo: [1, 0.5], hi: [1, 0.5] }, epoch: [0, 0],
  };
  const model = {
    version: PROTOCOL_VERSION, config: full, objective: { text: 'x^2+y^2', tex: 'x^2', variables: ['w', 'b'], gradient: [{ variable: 'w', text: '2w', tex: '2w', symbolic: true }] },
    reference: { kind: 'least-squares', minima: [[0, 0]] }, runs: [trace],
    surface: { kind: 'grid', xVar: 0, yVar: 1, x: [0, 1], y: [0, 1], nx: 2, ny: 2, values: [1, 2, 3, null] },
    data: { rows: 4, columns: ['x', 'y'], batchSize: 4, stepsPerEpoch: 1, rescale: 'standard', toOriginal: { matrix: [[1, 0], [0, 1]], offset: [0, 0] } },
    registry: [{ id: 'adam', label: 'Adam', summary: 's', params: [{ name: 'lr', label: 'η', kind: 'number', min: 0, log: true, description: 'd' }],
      defaults: { pytorch: { lr: 0.001 } }, unavailable: {}, formula: { pytorch: ['x'] }, source: { pytorch: 'torch/optim/adam.py' }, effectiveLr: 'e' }],
    conventions: ['pytorch', 'keras', 'optax'], settings: { animationSpeed: 1 }, readonly: true,
  };
  const cases: [string, (m: unknown) => { ok: boolean; value?: unknown; error?: string }, unknown][] = [
    ['configure', parseWebviewMessage, { type: 'configure', config: full }],
    ['viewState', parseWebviewMessage, { type: 'viewState', view }],
    ['requestSurface', parseWebviewMessage, { type: 'requestSurface', x: [0, 1], y: [0, 1], fixed: [1] }],
    ['export', parseWebviewMessage, { type: 'export', format: 'csv', filename: 'a.csv', content: '' }],
    ['log', parseWebviewMessage, { type: 'log', level: 'info', message: 'm' }],
    ['setStart', parseWebviewMessage, { type: 'setStart', start: [1] }],
    ['ready', parseWebviewMessage, { type: 'ready' }],
    ['persisted', checkPersistedState, { version: PROTOCOL_VERSION, config: full, view }],
    ['show', parseHostMessage, { type: 'show', model, view }],
    ['surface', parseHostMessage, { type: 'surface', surface: { kind: 'curve', x: [0, 1], n: 2, values: [0, 1] } }],
    ['running', parseHostMessage, { type: 'running', running: true, message: 'm' }],
    ['error', parseHostMessage, { type: 'error', error: { message: 'm', line: 1, column: 2 }, field: 'expression' }],
    ['settings', parseHostMessage, { type: 'settings', settings: { animationSpeed: 2 } }],
  ];

  for (const [name, parse, message] of cases) {
    it(`${name}: the accepted value equals the input, and an extra key at any depth is dropped`, () => {
      const r = parse(message);
      assert.ok(r.ok, `${name}: ${r.error}`);
      assert.deepStrictEqual(r.value, message);
      assert.notStrictEqual(r.value, message, 'a new object, not the input');
      // Every object inside the message, in turn, gets an unknown key: none may survive.
      const objects = ['', ...keyPaths(message)].filter(path => {
        const v = path === '' ? message : path.split(/\.|\[(\d+)\]/).filter(Boolean).reduce((o: any, k) => o?.[k], message); // eslint-disable-line @typescript-eslint/no-explicit-any
        return v && typeof v === 'object' && !Array.isArray(v);
      });
      assert.ok(objects.length >= 1);
      for (const path of objects) {
        const copy = JSON.parse(JSON.stringify(message));
        const target = path === '' ? copy : path.split(/\.|\[(\d+)\]/).filter(Boolean).reduce((o: any, k) => o[k], copy); // eslint-disable-line @typescript-eslint/no-explicit-any
        // A record of names (hyperparameters, defaults, formulas) refuses an unknown key; any other object drops it.
        target.sneaky = 1;
        const out = parse(copy);
        if (out.ok) assert.ok(!keyPaths(out.value).some(k => k.endsWith('.sneaky')), `${name}: 'sneaky' survived at ${path || 'the top'}`);
        else assert.match(String(out.error), /unknown key "sneaky"/, `${name} at ${path}`);
      }
    });
  }

  it('names are checked with core predicates: optimizer ids, conventions, schedule kinds, hyperparameter and variable names', () => {
    const configure = (over: Record<string, unknown>) => parseWebviewMessage({ type: 'configure', config: { ...config, ...over } });
    const err = (r: ReturnType<typeof parseWebviewMessage>) => (r.ok ? '(ok)' : r.error);
    assert.match(err(configure({ optimizers: ['nope'] })), /config\.optimizers\[0\] must be one of sgd, momentum, .*, got the text "nope"/);
    assert.match(err(configure({ convention: 'whatever' })), /config\.convention must be one of pytorch, keras, optax, paper, got the text "whatever"/);
    assert.match(err(configure({ schedule: { kind: 'bogus' } })), /config\.schedule: the schedule kind must be one of .*, got the text "bogus"/);
    assert.match(err(configure({ schedule: { kind: 'step', stepSize: 0, gamma: 0.5 } })), /stepSize must be a whole number >= 1/);
    assert.match(err(configure({ hyperparameters: { nope: {} } })), /config\.hyperparameters has an unknown key "nope"/);
    assert.match(err(configure({ hyperparameters: { adam: { lrr: 1 } } })), /config\.hyperparameters\.adam has an unknown key "lrr"/);
    assert.match(err(configure({ mapVariables: [5, 7] })), /mapVariables must be two different variable indices from 0 to 1/);
    const data = { file: 'd.csv', parameters: ['w b'], batchSize: 2, epochs: 1, shuffle: false, rescale: 'none', seed: 0 };
    assert.match(err(configure({ data })), /config\.data\.parameters\[0\] must be a variable name, got the text "w b"/);
    assert.match(err(configure({ data: { ...data, parameters: ['θ', 'w_1'], rescale: 'log' } })), /config\.data\.rescale must be one of none, minmax/);
    assert.strictEqual(err(configure({ data: { ...data, parameters: ['θ', 'w_1'] } })), '(ok)');
  });

  it('show: runs and surfaces are checked too (not only the config)', () => {
    const show = (over: Record<string, unknown>) => parseHostMessage({ type: 'show', model: { ...readyModel(), ...over } });
    assert.strictEqual(show({}).ok, true);
    assert.match(String((show({ runs: [{ foo: 1 }] }) as { error: string }).error), /show: model\.runs\[0\]\.(stop|optimizer) must be/);
    assert.match(String((show({ version: 99 }) as { error: string }).error), /model\.version must be 1/);
    assert.match(String((show({ reference: { name: 'least squares', minima: [[0, 0]] } }) as { error: string }).error), /reference\.kind must be one of preset, least-squares/);
    const surface = parseHostMessage({ type: 'surface', surface: { kind: 'grid', x: [0, 1], y: [0, 1], values: [] } });
    assert.match(String((surface as { error: string }).error), /surface\.nx must be an integer/);
  });

  it('readRunConfig gives a rebuilt config (the same one the panel stores)', () => {
    const r = readRunConfig({ ...config, extra: 1 });
    assert.ok(r.ok);
    assert.deepStrictEqual(r.value, config);
  });
});

function readyModel(): PanelModel {
  return {
    version: PROTOCOL_VERSION, config, objective: { text: 'x', tex: 'x', variables: ['x', 'y'], gradient: [] }, runs: [], registry: [],
    conventions: ['pytorch'], settings: { animationSpeed: 1 },
  };
}
