import * as assert from 'assert';
import { experimentFromRunConfig, readExperiment, serializeExperiment } from '../../../src/core/experiment/format';
import { embedExperiment, experimentFromReport } from '../../../src/core/experiment/embed';
import { experimentFromLinkQuery, experimentLink, fromBase64Url, MAX_LINK_LENGTH, toBase64Url } from '../../../src/core/experiment/link';
import { RunConfig } from '../../../src/core/protocol';
import { streamCodec } from '../../../src/extension/experimentCodec';

const bytes = (s: string) => Uint8Array.from(s, c => c.charCodeAt(0));

describe('experiment links', () => {
  it('base64url: the RFC 4648 test vectors, without padding, and back', () => {
    // RFC 4648 §10: "" "f" "fo" "foo" "foob" "fooba" "foobar" → "" Zg Zm8 Zm9v Zm9vYg Zm9vYmE Zm9vYmFy
    const vectors: [string, string][] = [['', ''], ['f', 'Zg'], ['fo', 'Zm8'], ['foo', 'Zm9v'], ['foob', 'Zm9vYg'], ['fooba', 'Zm9vYmE'], ['foobar', 'Zm9vYmFy']];
    for (const [plain, encoded] of vectors) {
      assert.strictEqual(toBase64Url(bytes(plain)), encoded);
      assert.deepStrictEqual(fromBase64Url(encoded), bytes(plain));
    }
    // 0xfb 0xff: '+' and '/' in base64 are '-' and '_' in base64url.
    assert.strictEqual(toBase64Url(Uint8Array.of(0xfb, 0xff)), '-_8');
    assert.strictEqual(fromBase64Url('ab+c'), undefined);
    assert.strictEqual(fromBase64Url('a'), undefined);
  });

  it('panel → link → panel: the same RunConfig, and the same file text', async () => {
    const config: RunConfig = {
      expression: 'x^2 + 3*y^2 + sin(x*y)', start: [1.25, -0.5], optimizers: ['adam', 'momentum'], convention: 'keras', steps: 321,
      hyperparameters: { adam: { lr: 0.02, beta2: 0.99 }, momentum: { momentum: 0.8 } }, schedule: { kind: 'warmup', warmupSteps: 20 }, noise: { sigma: 0.2, seeds: 3 },
    };
    const text = serializeExperiment(experimentFromRunConfig(config));
    const link = await experimentLink(text, streamCodec);
    assert.ok(link.ok, !link.ok ? link.error.message : '');
    assert.match(link.value, /^vscode:\/\/optimizer-lab\.optimizer-lab\/open\?experiment=[A-Za-z0-9_-]+$/);
    assert.ok(link.value.length < text.length + 60, `deflated: ${link.value.length} characters for a ${text.length}-character file`);
    const back = await experimentFromLinkQuery(link.value.split('?')[1], streamCodec);
    assert.ok(back.ok);
    assert.strictEqual(back.value, text);
    const run = readExperiment(back.value);
    assert.ok(run.ok);
    assert.deepStrictEqual(run.value.config, config);
  });

  it('an experiment too large for a link is refused with a message', async () => {
    // 3,000 terms with pseudo-random coefficients: deflate cannot shrink the digits below ~3.3 bits each.
    let seed = 7;
    const coefficient = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648).toFixed(9);
    const expression = Array.from({ length: 3000 }, () => `${coefficient()}*x`).join(' + ');
    const link = await experimentLink(serializeExperiment(experimentFromRunConfig({ ...baseConfig, expression })), streamCodec);
    assert.ok(!link.ok);
    assert.match(link.error.message, new RegExp(`too large for a link .* under ${MAX_LINK_LENGTH.toLocaleString('en-US')}\\): share the \\.optlab\\.json file instead`));
  });

  it('a cut or changed link says so', async () => {
    const link = await experimentLink(serializeExperiment(experimentFromRunConfig(baseConfig)), streamCodec);
    assert.ok(link.ok);
    const query = link.value.split('?')[1];
    const cut = await experimentFromLinkQuery(query.slice(0, query.length - 10), streamCodec);
    assert.ok(!cut.ok);
    assert.match(cut.error.message, /cut short/);
    const none = await experimentFromLinkQuery('other=1', streamCodec);
    assert.ok(!none.ok);
    assert.match(none.error.message, /carries no experiment/);
  });

  it('the HTML report carries the experiment and gives it back', () => {
    const text = '{\n  "version": 1,\n  "expression": "x < 1 ? x^2 : 2*x - 1",\n  "start": [3],\n  "optimizers": [{ "id": "sgd" }],\n  "steps": 10\n}\n';
    const html = embedExperiment('<!DOCTYPE html>\n<html><body><div id="app"></div></body></html>', text);
    assert.ok(!html.includes('x < 1'), 'a < inside the element is escaped');
    assert.ok(html.indexOf('optimizer-lab-experiment') < html.indexOf('</body>'));
    const back = experimentFromReport(html);
    assert.ok(back !== undefined);
    assert.deepStrictEqual(JSON.parse(back), JSON.parse(text));
    assert.strictEqual(experimentFromReport('<html></html>'), undefined);
  });
});

const baseConfig: RunConfig = {
  expression: 'x^2', start: [1], optimizers: ['sgd'], convention: 'pytorch', steps: 10, hyperparameters: {}, schedule: { kind: 'constant' },
};
