// Browser end-to-end in the real VS Code UI (code-server workbench in headless Chromium):
// run "Optimizer Lab: Optimize Expression" from the command palette, see the panel render, and take
// PNG screenshots into test-output/e2e/. `--vsix FILE` tests the packaged extension installed with
// --install-extension, the way a user gets it; otherwise the extension loads from this folder.
import assert from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { root, startCodeServer } from '../../support/codeServer.mjs';

const vsixArg = process.argv.indexOf('--vsix');
const vsix = vsixArg > 0 ? path.resolve(process.argv[vsixArg + 1] ?? path.join(root, 'dist-pkg/optimizer-lab.vsix')) : undefined;
const mode = vsix ? 'vsix' : 'dev';
const outDir = path.join(root, 'test-output', 'e2e');
fs.mkdirSync(outDir, { recursive: true });
const workspace = path.join(root, 'test/fixtures/ws');

const results = [];
async function step(name, fn) {
  const t0 = Date.now();
  try { await fn(); results.push([name, true]); console.log(`  ✔ ${name} (${Date.now() - t0} ms)`); }
  catch (e) { results.push([name, false]); console.log(`  ✖ ${name}\n    ${e.message.split('\n').join('\n    ')}`); throw e; }
}

let vsc, page;
console.log(`e2e (${mode}${vsix ? `: ${path.relative(root, vsix)}` : ''})`);
try {
  vsc = await startCodeServer({ workspace, logFile: path.join(outDir, `e2e-${mode}.log`), vsix });
  page = await vsc.browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', m => vsc.log.write(`[browser:${m.type()}] ${m.text()}\n`));
  const payload = vsix ? [['skipWelcome', 'true']] : [['extensionDevelopmentPath', vsc.remote(root)], ['skipWelcome', 'true']];

  await step('workbench loads with the workspace', async () => {
    await page.goto(vsc.url(workspace, payload));
    await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'formula.txt' }).waitFor({ timeout: 90000 });
  });

  await step('palette runs "Optimizer Lab: Optimize Expression" and picks Rosenbrock', async () => {
    await runPaletteCommand(page, 'Optimizer Lab: Optimize Expression');
    const input = page.locator('.quick-input-widget input[type="text"]');
    await input.fill('Rosenbrock');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Rosenbrock' }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
  });

  const webview = () => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

  await step('the panel opens on Rosenbrock with its paths drawn', async () => {
    await page.locator('.tab', { hasText: 'Optimizer Lab' }).first().waitFor({ timeout: 30000 });
    await webview().locator('#app canvas').first().waitFor({ timeout: 30000 });
    // The legend lists the seven default optimizers.
    for (const name of ['SGD', 'Adam', 'AMSGrad']) await webview().getByText(name, { exact: false }).first().waitFor({ timeout: 20000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(outDir, `panel-${mode}.png`) });
  });

  if (!vsix) {
    await step('hovering a formula shows its gradient as rendered math', async () => {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'notes.md' }).click();
      const code = page.locator('.monaco-editor .view-line span', { hasText: '100*(y' }).first();
      await code.waitFor({ timeout: 20000 });
      for (let attempt = 1; ; attempt++) {
        const box = await code.boundingBox();
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        try { await page.locator('.monaco-hover', { hasText: '∂f/∂x' }).waitFor({ timeout: 4000 }); break; }
        catch (e) { await page.mouse.move(5, 500); if (attempt >= 5) throw e; }
      }
      const hover = page.locator('.monaco-hover', { hasText: '∂f/∂x' });
      assert.ok(await hover.locator('img[src^="data:image/svg+xml"]').count() >= 3, 'f and both partials rendered as SVG images');
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(outDir, 'hover.png') });
      await page.mouse.move(5, 500);
    });
  }

} catch {
  try { await page?.screenshot({ path: path.join(outDir, `failure-${mode}.png`) }); } catch { /* browser gone */ }
} finally {
  await vsc?.stop();
}
const passed = results.filter(r => r[1]).length;
const failed = results.length - passed;
console.log(`screenshots: ${path.relative(root, outDir)}/`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

/** Types a command into the palette; retries while the extension host is still starting. */
export async function runPaletteCommand(page, title) {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input[type="text"]');
    await input.waitFor({ timeout: 15000 });
    await input.fill(`>${title}`);
    const item = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await item.waitFor({ timeout: 1500 });
      await page.keyboard.press('Enter');
      return;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (attempt >= 30) throw e;
      await page.waitForTimeout(500);
    }
  }
}
