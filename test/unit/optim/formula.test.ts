/**
 * `formulaFor`: each run's update rule as configured — only the terms its hyperparameters switch on,
 * in the convention's own form — and valid KaTeX for every rule × convention × switch combination.
 */
import * as assert from 'node:assert/strict';
import katex from 'katex';
import { DECLARED_RULES, RULES, formulaFor, generalSwitches, paramsFor, resolveHyperparameters } from '../../../src/core/optim/registry';
import { CONVENTIONS, Convention, FRAMEWORK_CONVENTIONS, HyperparameterName, OPTIMIZER_IDS, OptimizerId, UpdateRule } from '../../../src/core/optim/types';

/** The configured formula for validated overrides (a run's hyperparameters); throws on invalid ones. */
function tex(id: OptimizerId, convention: Convention, overrides: Record<string, unknown> = {}): string {
  const hp = resolveHyperparameters(id, convention, overrides);
  if (!hp.ok) throw new Error(hp.error.message);
  const t = formulaFor(RULES[id], convention, hp.value);
  assert.ok(t !== undefined, `${id}/${convention}: a formula`);
  return t;
}

const has = (t: string, part: string, why: string): void => assert.ok(t.includes(part), `${why}: expected ${part} in ${t}`);
const lacks = (t: string, part: string, why: string): void => assert.ok(!t.includes(part), `${why}: unexpected ${part} in ${t}`);

/** Rendered exactly as the panel does (src/webview/math.ts), but strict so sloppy TeX fails here. */
function renders(t: string, why: string): void {
  try {
    katex.renderToString(t, { throwOnError: true, strict: 'error', output: 'htmlAndMathml', trust: false, maxSize: 20, maxExpand: 500 });
  } catch (e) {
    assert.fail(`${why}: KaTeX cannot render ${t}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function balanced(t: string, why: string): void {
  let depth = 0;
  for (const ch of t) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    assert.ok(depth >= 0, `${why}: '}' before its '{' in ${t}`);
  }
  assert.equal(depth, 0, `${why}: unbalanced braces in ${t}`);
}

/** Values that switch a term on or off (or pick a form); other hyperparameters keep their defaults. */
const SWITCHES: Partial<Record<HyperparameterName, readonly (number | boolean | string)[]>> = {
  weightDecay: [0, 1e-3],
  momentum: [0, 0.9],
  dampening: [0, 0.5],
  nesterov: [false, true],
  centered: [false, true],
  epsInSqrt: [false, true],
  lrDecay: [0, 0.01],
  epsRoot: [0, 1e-8],
  beta1Decay: ['none', 'power', 'inverse'],
  momentumDecay: [4e-3, 1],
};

/** Every combination of the switches this convention offers for the rule (invalid ones included). */
function combinations(rule: UpdateRule, convention: Convention): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const p of paramsFor(rule, convention)) {
    const values = SWITCHES[p.name];
    if (!values) continue;
    out = out.flatMap(o => values.map(v => ({ ...o, [p.name]: v })));
  }
  return out;
}

describe('optim/formulaFor', () => {
  it('RMSprop: the centered and momentum terms only when switched on (4 forms per convention)', () => {
    const plain = tex('rmsprop', 'pytorch');
    lacks(plain, String.raw`\bar g`, 'pytorch defaults');
    lacks(plain, String.raw`b \leftarrow`, 'pytorch defaults');
    lacks(plain, String.raw`\lambda`, 'pytorch defaults');
    has(plain, String.raw`\frac{g}{\sqrt{v} + \epsilon}`, 'pytorch: ε outside the root');
    has(tex('rmsprop', 'pytorch', { centered: true }), String.raw`\bar g`, 'centered');
    has(tex('rmsprop', 'pytorch', { centered: true }), String.raw`\sqrt{v - \bar g^2} + \epsilon`, 'centered');
    has(tex('rmsprop', 'pytorch', { centered: true }), String.raw`\bar g \leftarrow \alpha \bar g + (1-\alpha) g`, 'ḡ is defined');
    has(tex('rmsprop', 'pytorch', { momentum: 0.9 }), String.raw`b \leftarrow \mu b + \frac{g}{\sqrt{v} + \epsilon}`, 'momentum');
    has(tex('rmsprop', 'pytorch', { weightDecay: 1e-4 }), String.raw`g \leftarrow g + \lambda x`, 'L2');
    for (const c of FRAMEWORK_CONVENTIONS) {
      const forms = new Set<string>();
      for (const centered of [false, true]) {
        for (const momentum of [0, 0.9]) {
          const t = tex('rmsprop', c, { centered, momentum });
          forms.add(t);
          (centered ? has : lacks)(t, String.raw`\bar g`, `${c} centered=${centered}`);
          const buffer = c === 'pytorch' ? String.raw`b \leftarrow` : String.raw`m \leftarrow`;
          (momentum > 0 ? has : lacks)(t, buffer, `${c} momentum=${momentum}`);
          (momentum > 0 ? has : lacks)(t, String.raw`\mu`, `${c} momentum=${momentum}`);
        }
      }
      assert.equal(forms.size, 4, `${c}: four distinct forms`);
    }
    // ε placement per convention.
    has(tex('rmsprop', 'keras'), String.raw`\frac{\eta_t\, g}{\sqrt{v + \epsilon}}`, 'keras: ε inside the root');
    has(tex('rmsprop', 'keras', { centered: true, momentum: 0.5 }), String.raw`m \leftarrow \mu m + \frac{\eta_t\, g}{\sqrt{v - \bar g^2 + \epsilon}};\quad x \leftarrow x - m`, 'keras');
    has(tex('rmsprop', 'keras', { weightDecay: 1e-4 }), String.raw`x \leftarrow x - \eta_t\lambda x`, 'keras decoupled decay');
    has(tex('rmsprop', 'optax'), String.raw`u = \frac{-\eta_t\, g}{\sqrt{\nu + \epsilon}};\quad x \leftarrow x + u`, 'optax eps_in_sqrt default');
    has(tex('rmsprop', 'optax', { epsInSqrt: false, centered: true }), String.raw`\sqrt{\nu - \bar g^2} + \epsilon`, 'optax eps_in_sqrt=False');
    has(tex('rmsprop', 'optax', { momentum: 0.9 }), String.raw`m \leftarrow u + \mu m;\quad x \leftarrow x + m`, 'optax trace');
  });

  it('SGD: weight decay as each framework applies it, only when λ ≠ 0', () => {
    lacks(tex('sgd', 'pytorch', { weightDecay: 0 }), String.raw`\lambda`, 'λ = 0');
    assert.equal(tex('sgd', 'pytorch', { weightDecay: 0 }), String.raw`x \leftarrow x - \eta_t\, g`);
    assert.equal(tex('sgd', 'pytorch', { weightDecay: 1e-4 }), String.raw`g \leftarrow g + \lambda x;\quad x \leftarrow x - \eta_t\, g`);
    assert.equal(tex('sgd', 'keras', { weightDecay: 1e-4 }), String.raw`x \leftarrow x - \eta_t\lambda x;\quad x \leftarrow x - \eta_t\, g`);
    assert.equal(tex('sgd', 'optax'), String.raw`x \leftarrow x - \eta_t\, g`);
  });

  it('momentum / Nesterov: buffer, dampening and look-ahead as configured', () => {
    const plain = tex('momentum', 'pytorch');
    assert.equal(plain, String.raw`b \leftarrow \mu b + g;\quad x \leftarrow x - \eta_t\, b`);
    has(tex('momentum', 'pytorch', { dampening: 0.5 }), String.raw`b \leftarrow \mu b + (1-\tau) g \ (b_1 = g_1)`, 'dampening, first step undamped');
    has(tex('momentum', 'pytorch', { nesterov: true }), String.raw`x \leftarrow x - \eta_t\,(g + \mu b)`, 'nesterov');
    assert.equal(tex('momentum', 'pytorch', { momentum: 0 }), String.raw`x \leftarrow x - \eta_t\, g`, 'μ = 0 skips the buffer');
    assert.equal(tex('momentum', 'pytorch', { momentum: 0, weightDecay: 1e-4 }), String.raw`g \leftarrow g + \lambda x;\quad x \leftarrow x - \eta_t\, g`);
    assert.equal(tex('momentum', 'keras'), String.raw`v \leftarrow \mu v - \eta_t g;\quad x \leftarrow x + v`);
    assert.equal(tex('momentum', 'keras', { nesterov: true }), String.raw`v \leftarrow \mu v - \eta_t g;\quad x \leftarrow x + \mu v - \eta_t g`);
    assert.equal(tex('momentum', 'keras', { momentum: 0, nesterov: true }), String.raw`x \leftarrow x - \eta_t\, g`, 'Keras ignores nesterov at μ = 0');
    assert.equal(tex('momentum', 'optax', { nesterov: true }), String.raw`m \leftarrow g + \mu m;\quad x \leftarrow x - \eta_t\,(g + \mu m)`);
    assert.equal(tex('momentum', 'optax', { momentum: 0 }), String.raw`x \leftarrow x - \eta_t\, g`);
    for (const c of CONVENTIONS) assert.equal(tex('nesterov', c), tex('momentum', c, { nesterov: true }), `${c}: nesterov = momentum(nesterov)`);
    has(tex('nesterov', 'keras', { weightDecay: 1e-4 }), String.raw`x \leftarrow x - \eta_t\lambda x`, 'keras decay');
    lacks(tex('nesterov', 'pytorch'), String.raw`\tau`, 'nesterov has no dampening');
  });

  it('AdaGrad: PyTorch lr_decay only when δ ≠ 0; ε inside or outside the root per convention', () => {
    assert.equal(tex('adagrad', 'pytorch'), String.raw`s \leftarrow s + g^2;\quad x \leftarrow x - \eta_t\,\frac{g}{\sqrt{s}+\epsilon}`);
    has(tex('adagrad', 'pytorch', { lrDecay: 0.01 }), String.raw`\frac{\eta_t}{1+(t-1)\,\delta}`, 'lr_decay');
    has(tex('adagrad', 'pytorch', { weightDecay: 1e-4 }), String.raw`g \leftarrow g + \lambda x`, 'L2');
    assert.equal(tex('adagrad', 'keras'), String.raw`a \leftarrow a + g^2;\quad x \leftarrow x - \frac{\eta_t\, g}{\sqrt{a+\epsilon}}`);
    has(tex('adagrad', 'keras', { weightDecay: 1e-4 }), String.raw`x \leftarrow x - \eta_t\lambda x`, 'keras decay');
    has(tex('adagrad', 'optax'), String.raw`\sqrt{s+\epsilon}`, 'optax');
  });

  it('AdaDelta: weight decay on/off (optax adds it to the gradient like PyTorch)', () => {
    for (const c of FRAMEWORK_CONVENTIONS) {
      lacks(tex('adadelta', c), String.raw`\lambda`, `${c} default`);
      has(tex('adadelta', c, { weightDecay: 1e-3 }), c === 'keras' ? String.raw`x \leftarrow x - \eta_t\lambda x` : String.raw`g \leftarrow g + \lambda x`, c);
    }
  });

  it('Adam / AMSGrad / AdamW: max only for AMSGrad, weight decay per framework and variant', () => {
    const adamPt = tex('adam', 'pytorch');
    assert.equal(adamPt, String.raw`m \leftarrow \beta_1 m + (1-\beta_1) g;\ v \leftarrow \beta_2 v + (1-\beta_2) g^2;\ x \leftarrow x - \frac{\eta_t}{1-\beta_1^t}\,\frac{m}{\sqrt{v}/\sqrt{1-\beta_2^t} + \epsilon}`);
    has(tex('adam', 'pytorch', { weightDecay: 1e-2 }), String.raw`g \leftarrow g + \lambda x;\ `, 'Adam: L2');
    has(tex('adam', 'keras', { weightDecay: 1e-2 }), String.raw`x \leftarrow x - \eta_t\lambda x;\ `, 'Keras Adam: decoupled');
    has(tex('adam', 'keras'), String.raw`\hat\epsilon`, 'Keras ε̂');
    for (const c of CONVENTIONS) {
      lacks(tex('adam', c), String.raw`\max`, `${c} adam`);
      has(tex('amsgrad', c), String.raw`\max`, `${c} amsgrad`);
      lacks(tex('adamw', c, { weightDecay: 0 }), String.raw`\lambda`, `${c} adamw λ = 0`);
      has(tex('adamw', c), String.raw`\lambda`, `${c} adamw default λ`);
    }
    has(tex('amsgrad', 'pytorch'), String.raw`v_{max} \leftarrow \max(v_{max}, v);\ x \leftarrow x - \frac{\eta_t}{1-\beta_1^t}\,\frac{m}{\sqrt{v_{max}}/\sqrt{1-\beta_2^t} + \epsilon}`, 'PyTorch: max over raw v');
    has(tex('amsgrad', 'keras'), String.raw`\hat v \leftarrow \max(\hat v, v)`, 'Keras: max over raw v');
    has(tex('amsgrad', 'optax'), String.raw`\max\big(\hat v_{max}, \tfrac{v}{1-\beta_2^t}\big)`, 'optax: max over corrected v̂');
    has(tex('adamw', 'pytorch'), String.raw`x \leftarrow x\,(1 - \eta_t\lambda);\ `, 'PyTorch AdamW');
    has(tex('adamw', 'keras'), String.raw`x \leftarrow x - \eta_t\lambda x;\ `, 'Keras AdamW');
    has(tex('adamw', 'optax'), String.raw`x \leftarrow x - \eta_t\left(\frac{\hat m}{\sqrt{\hat v} + \epsilon} + \lambda x\right)`, 'optax AdamW');
    // optax ε_root only when it is not 0.
    lacks(tex('adam', 'optax'), String.raw`\epsilon_{root}`, 'optax ε_root = 0');
    has(tex('adam', 'optax', { epsRoot: 1e-8 }), String.raw`\sqrt{\hat v + \epsilon_{root}} + \epsilon`, 'optax ε_root');
  });

  it('Adam beta1Decay: β₁,t = β₁ᵗ or β₁/t, with the product bias correction', () => {
    for (const id of ['adam', 'amsgrad'] as const) {
      for (const c of FRAMEWORK_CONVENTIONS) {
        const none = tex(id, c, { beta1Decay: 'none' });
        lacks(none, String.raw`\beta_{1,t}`, `${id}/${c} none`);
        has(none, String.raw`1-\beta_1^t`, `${id}/${c} none`);
        const power = tex(id, c, { beta1Decay: 'power' });
        has(power, String.raw`\beta_{1,t} = \beta_1^t`, `${id}/${c} power`);
        has(power, String.raw`m \leftarrow \beta_{1,t} m + (1-\beta_{1,t}) g`, `${id}/${c} power`);
        has(power, String.raw`1-\prod_{i\le t}\beta_{1,i}`, `${id}/${c} power`);
        lacks(power, String.raw`1-\beta_1^t`, `${id}/${c} power`);
        has(tex(id, c, { beta1Decay: 'inverse' }), String.raw`\beta_{1,t} = \beta_1/t`, `${id}/${c} inverse`);
      }
    }
  });

  it('Nadam keeps its μ schedule; weight decay and ε_root only when on', () => {
    has(tex('nadam', 'pytorch'), String.raw`0.96^{t\psi}`, 'PyTorch ψ');
    has(tex('nadam', 'keras'), String.raw`0.96^{t}`, 'Keras schedule');
    has(tex('nadam', 'optax'), String.raw`\frac{\beta_1 m}{1-\beta_1^{t+1}}`, 'optax: no μ schedule');
    lacks(tex('nadam', 'pytorch'), String.raw`\lambda`, 'λ = 0');
    has(tex('nadam', 'pytorch', { weightDecay: 1e-3 }), String.raw`g \leftarrow g + \lambda x`, 'PyTorch L2');
    has(tex('nadam', 'keras', { weightDecay: 1e-3 }), String.raw`x \leftarrow x - \eta_t\lambda x`, 'Keras decay');
    lacks(tex('nadam', 'optax'), String.raw`\epsilon_{root}`, 'optax ε_root = 0');
    has(tex('nadam', 'optax', { epsRoot: 1e-8 }), String.raw`\epsilon_{root}`, 'optax ε_root');
  });

  it('AdaMax and Lion: weight decay on/off', () => {
    lacks(tex('adamax', 'pytorch'), String.raw`\lambda`, 'adamax pytorch');
    has(tex('adamax', 'pytorch', { weightDecay: 1e-3 }), String.raw`g \leftarrow g + \lambda x`, 'adamax pytorch L2');
    has(tex('adamax', 'keras', { weightDecay: 1e-3 }), String.raw`x \leftarrow x - \eta_t\lambda x`, 'adamax keras');
    assert.equal(tex('lion', 'keras'), String.raw`x \leftarrow x - \eta_t\,\operatorname{sign}(\beta_1 m + (1-\beta_1) g);\ m \leftarrow \beta_2 m + (1-\beta_2) g`);
    has(tex('lion', 'keras', { weightDecay: 0.01 }), String.raw`x \leftarrow x - \eta_t\lambda x;\ `, 'keras lion decay');
    has(tex('lion', 'optax'), String.raw`+ \lambda x\big)`, 'optax default λ = 1e-3');
    assert.equal(tex('lion', 'optax', { weightDecay: 0 }), tex('lion', 'keras'), 'with λ = 0 the two are the same rule');
  });

  it('undefined where the framework lacks the optimizer; partial hp merge over the defaults; fallback to the static formula', () => {
    assert.equal(formulaFor(RULES.lion, 'pytorch', {}), undefined);
    assert.equal(formulaFor(RULES.rmsprop, 'pytorch', {}), tex('rmsprop', 'pytorch'));
    assert.equal(formulaFor(RULES.rmsprop, 'pytorch', { centered: true }), tex('rmsprop', 'pytorch', { centered: true }));
    const bare: UpdateRule = { ...RULES.sgd, formulaFor: undefined };
    for (const c of CONVENTIONS) assert.equal(formulaFor(bare, c, {}), RULES.sgd.formula[c]);
  });

  it('every general formula is formulaFor with every optional term on (generalSwitches)', () => {
    let derived = 0;
    for (const id of OPTIMIZER_IDS) {
      const rule = RULES[id];
      for (const c of CONVENTIONS) {
        const on = generalSwitches(rule, c);
        if (!on) {
          assert.equal(rule.formula[c], undefined, `${id}/${c}: no general form where the framework lacks the rule`);
          continue;
        }
        assert.equal(formulaFor(rule, c, on), rule.formula[c], `${id}/${c}`);
        if (DECLARED_RULES[id].formula[c] === undefined) derived++;
      }
    }
    assert.ok(derived >= 50, `most general forms are derived, not written (${derived})`);
  });

  it('generalSwitches: booleans on, zero numbers non-zero, alternative forms and enums at their default', () => {
    assert.deepEqual(generalSwitches(RULES.rmsprop, 'pytorch'), { lr: 0.01, rho: 0.99, epsilon: 1e-8, momentum: 0.1, centered: true, weightDecay: 0.1 });
    assert.deepEqual(generalSwitches(RULES.momentum, 'pytorch'), { lr: 1e-3, momentum: 0.9, dampening: 0.1, nesterov: false, weightDecay: 0.1 });
    assert.equal(generalSwitches(RULES.nadam, 'pytorch')?.decoupledWeightDecay, false);
    assert.equal(generalSwitches(RULES.prodigy, 'optax')?.safeguardWarmup, false);
    assert.equal(generalSwitches(RULES.adam, 'pytorch')?.beta1Decay, 'none');
    assert.equal(generalSwitches(RULES.lion, 'pytorch'), undefined);
  });

  it('no rule file writes a general formula that formulaFor would produce without it', () => {
    for (const id of OPTIMIZER_IDS) {
      const rule = DECLARED_RULES[id];
      if (!rule.formulaFor) continue;
      for (const c of CONVENTIONS) {
        const written = rule.formula[c];
        const on = generalSwitches(rule, c);
        if (written === undefined || !on) continue;
        // Without the written text, formulaFor must not produce it: the text is formulaFor's own source.
        delete rule.formula[c];
        let built: string;
        try {
          built = rule.formulaFor(c, on);
        } finally {
          rule.formula[c] = written;
        }
        assert.notEqual(built, written, `${id}/${c}: the general formula is written by hand but formulaFor builds it`);
      }
    }
  });

  it('the general forms that differ from the frameworks\' first hand-written ones: ḡ defined when centered, Nesterov\'s look-ahead note', () => {
    has(RULES.rmsprop.formula.pytorch ?? '', String.raw`\bar g \leftarrow \alpha \bar g + (1-\alpha) g`, 'ḡ is defined before it is used');
    has(RULES.nesterov.formula.paper ?? '', String.raw`(x = \theta + \mu v)`, 'the paper form names the look-ahead point');
    has(tex('momentum', 'paper', { nesterov: true }), String.raw`(x = \theta + \mu v)`, 'momentum with nesterov in the paper form too');
    lacks(tex('momentum', 'keras', { nesterov: true }), String.raw`\theta`, 'Keras has no look-ahead variable');
    assert.equal(RULES.adamw.formula.optax, String.raw`m \leftarrow \beta_1 m + (1-\beta_1) g;\ v \leftarrow \beta_2 v + (1-\beta_2) g^2;\ \hat m = \tfrac{m}{1-\beta_1^t},\ \hat v = \tfrac{v}{1-\beta_2^t};\ x \leftarrow x - \eta_t\left(\frac{\hat m}{\sqrt{\hat v + \epsilon_{root}} + \epsilon} + \lambda x\right)`);
  });

  it('every rule × convention × switch combination: non-empty, balanced, an update, KaTeX-renderable, terms iff switched on', function () {
    let checked = 0;
    let skipped = 0;
    for (const id of OPTIMIZER_IDS) {
      const rule = RULES[id];
      for (const c of CONVENTIONS) {
        if (!rule.defaults[c]) {
          assert.equal(formulaFor(rule, c, {}), undefined, `${id}/${c}`);
          continue;
        }
        renders(rule.formula[c] ?? '', `${id}/${c} general form`);
        for (const overrides of combinations(rule, c)) {
          const hp = resolveHyperparameters(id, c, overrides);
          if (!hp.ok) { skipped++; continue; } // e.g. PyTorch Nesterov with dampening: no run can have it
          const why = `${id}/${c} ${JSON.stringify(overrides)}`;
          const t = formulaFor(rule, c, hp.value);
          assert.ok(t !== undefined && t.trim().length > 0, why);
          balanced(t, why);
          has(t, String.raw`\leftarrow`, why);
          renders(t, why);
          const v = hp.value;
          if ('weightDecay' in v) (v.weightDecay !== 0 ? has : lacks)(t, String.raw`\lambda`, why);
          if ('centered' in v) (v.centered ? has : lacks)(t, String.raw`\bar g`, why);
          if ('lrDecay' in v) (v.lrDecay !== 0 ? has : lacks)(t, String.raw`\delta`, why);
          if ('epsRoot' in v) (v.epsRoot !== 0 ? has : lacks)(t, String.raw`\epsilon_{root}`, why);
          if ('beta1Decay' in v) (v.beta1Decay !== 'none' ? has : lacks)(t, String.raw`\beta_{1,t}`, why);
          if ('momentum' in v && id !== 'nesterov') (v.momentum !== 0 ? has : lacks)(t, String.raw`\mu`, why);
          if ('dampening' in v) (v.dampening !== 0 && v.momentum !== 0 ? has : lacks)(t, String.raw`\tau`, why);
          checked++;
        }
      }
    }
    assert.ok(checked > 100, `checked ${checked} configurations`);
    assert.ok(skipped < checked, `skipped ${skipped}`);
    this.test!.title += ` (${checked} configurations, ${skipped} invalid skipped)`;
  });
});
