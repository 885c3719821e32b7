// Browser tests of the share kit (issue 22): a module's kit and a course's
// at 390 and 1280 px, light and dark, with screenshots kept in
// e2e/artefacts/; axe-core finds nothing; every text box shows its whole
// text; the copy button copies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..');
const executable = process.env.CHROMIUM || '/usr/bin/chromium';
const skip = existsSync(executable) ? false : `Chromium is not installed at ${executable}; browser tests skipped`;
const shots = process.env.ROUNDS_SHOTS || join(here, 'artefacts');
let site, server, base, browser;

before(async () => {
  if (skip) return;
  mkdirSync(shots, { recursive: true });
  site = mkdtempSync(join(tmpdir(), 'rounds-share-'));
  execFileSync(join(repo, 'bin/rounds'), ['build', '-s', join(repo, 'examples/sepsis'), '-d', join(site, 'public'), '--now', '2026-11-22', '--quiet']);
  const root = join(site, 'public');
  const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.zip': 'application/zip' };
  server = createServer((req, res) => {
    let file = join(root, normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) { res.writeHead(404).end('not found'); return; }
    res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: executable, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

const widths = [{ width: 390, height: 844 }, { width: 1280, height: 800 }];
const pages = { 'share-module': 'share/sepsis/vasopressors/', 'share-course': 'share/sepsis/', 'share-index': 'share/' };
const axeSource = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

test('share kit pages: screenshots, axe-core, whole texts, light and dark', { skip }, async () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const viewport of widths) {
      const context = await browser.newContext({ viewport, colorScheme, bypassCSP: true });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      for (const [name, path] of Object.entries(pages)) {
        await page.goto(base + path);
        await page.screenshot({ path: join(shots, `${name}-${viewport.width}-${colorScheme}.png`), fullPage: name === 'share-module' && viewport.width === 1280 });
        assert.deepEqual(await axe(page), [], `violations on /${path} at ${viewport.width} px, ${colorScheme}`);
        // Text boxes show the whole text: nothing scrolls inside them.
        const hidden = await page.$$eval('textarea', (as) => as.filter((a) => a.scrollHeight > a.clientHeight + 2).map((a) => a.id));
        assert.deepEqual(hidden, [], `text boxes that hide text at ${viewport.width} px`);
      }
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
});

test('the module page links its share kit; the kit has every platform and the course zip', { skip }, async () => {
  const context = await browser.newContext({ viewport: widths[0] });
  const page = await context.newPage();
  await page.goto(base + 'sepsis/vasopressors/');
  await page.locator('.share-link a').click();
  await page.waitForURL(/share\/sepsis\/vasopressors\/$/);
  assert.equal(await page.locator('meta[name=robots]').getAttribute('content'), 'noindex');
  const labels = await page.locator('.share-entry > .share-posts label').allTextContents();
  for (const p of ['X', 'LinkedIn', 'Facebook', 'Instagram caption', 'Threads', 'Bluesky', 'Mastodon', 'WhatsApp', 'WeChat']) {
    assert.ok(labels.some((l) => l.startsWith(p + ' ')), `no ${p} post in ${labels}`);
  }
  const first = await page.locator('textarea').first().inputValue();
  assert.match(first, /^#ad Supported by an educational grant from Acme Pharma\./);
  assert.ok(await page.locator('.share-question textarea').count() > 0, 'question posts');
  assert.equal(await page.locator('img:not([alt])').count(), 0, 'every card has alt text');
  await page.goto(base + 'share/sepsis/');
  const zip = await page.locator('.share-zip a').getAttribute('href');
  const res = await page.request.get(new URL(zip, page.url()).href);
  assert.equal(res.status(), 200);
  assert.equal((await res.body()).subarray(0, 2).toString(), 'PK');
  await context.close();
});
