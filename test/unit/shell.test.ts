import * as assert from 'assert';
import { htmlShell, makeNonce, MODEL_ID, panelCsp, REPORT_CSP } from '../../src/core/shell';

describe('HTML shell', () => {
  it('the panel CSP allows nothing inline and no eval; scripts only with the nonce', () => {
    const csp = panelCsp('https://res.example', 'abc123');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('the report CSP allows no network at all', () => {
    assert.doesNotMatch(REPORT_CSP, /https?:|unsafe-eval/);
  });

  it('is a CSP, a stylesheet, a root element and one script', () => {
    const html = htmlShell({ title: 'T <x>', csp: "default-src 'none'", style: { href: 'a.css' }, script: { src: 'a.js', nonce: 'n' } });
    assert.strictEqual((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<div id="app"><\/div>/);
    assert.match(html, /<title>T &#60;x&#62;<\/title>/);
  });

  it('inlined code and the embedded model cannot close their elements early', () => {
    const html = htmlShell({
      title: 't', csp: REPORT_CSP, style: { inline: 'a{}</style><script>alert(1)</script>' },
      script: { inline: 'var s = "</script><b>";' }, modelJson: JSON.stringify({ expression: '</script><script>alert(2)</script>' }),
    });
    assert.strictEqual((html.match(/<\/script>/gi) ?? []).length, 2); // the model's and the bundle's own
    assert.strictEqual((html.match(/<\/style>/gi) ?? []).length, 1);
    const model = new RegExp(`<script type="application/json" id="${MODEL_ID}">([\\s\\S]*?)</script>`).exec(html)![1];
    assert.deepStrictEqual(JSON.parse(model), { expression: '</script><script>alert(2)</script>' });
  });

  it('nonces are 32 characters of [A-Za-z0-9]', () => {
    assert.match(makeNonce(), /^[A-Za-z0-9]{32}$/);
  });
});
