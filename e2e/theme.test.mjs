// Browser tests of the default theme at a phone's width (390 px) and a
// desktop's (1280 px): layout, the pre-activity summary above the fold,
// previous/next, search by keyboard, axe-core in light and dark mode.
// Screenshots are kept in e2e/artefacts/ (ROUNDS_SHOTS=DIR to move them).
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
  site = mkdtempSync(join(tmpdir(), 'rounds-theme-'));
  execFileSync(join(repo, 'bin/rounds'), ['build', '-s', join(repo, 'examples/sepsis'), '-d', join(site, 'public'), '--now', '2026-11-22', '--quiet']);
  const root = join(site, 'public');
  const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };
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
const pages = { module: 'sepsis/fluids/', course: 'sepsis/', home: '', certificate: 'sepsis/certificate/', share: 'share/sepsis/' };
const axeSource = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

test('screenshots and axe-core at 390 and 1280 px, light and dark', { skip }, async () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const viewport of widths) {
      const context = await browser.newContext({ viewport, colorScheme, bypassCSP: true });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      for (const [name, path] of Object.entries(pages)) {
        await page.goto(base + path);
        await page.screenshot({ path: join(shots, `${name}-${viewport.width}-${colorScheme}.png`) });
        assert.deepEqual(await axe(page), [], `violations on /${path} at ${viewport.width} px, ${colorScheme}`);
      }
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
});

test('the pre-activity summary and disclosure are above the fold at both widths', { skip }, async () => {
  for (const viewport of widths) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(base + pages.module);
    for (const sel of ['.preactivity .facts', '[data-rounds="disclosure"] dt']) {
      const box = await page.locator(sel).first().boundingBox();
      assert.ok(box && box.y + box.height <= viewport.height, `${sel} at ${JSON.stringify(box)} is below the fold at ${viewport.width} px`);
    }
    // The acknowledgment is visible before the content, never folded away.
    assert.equal(await page.locator('[data-rounds="disclosure"]', { hasText: 'supported by an educational grant from Acme Pharma' }).isVisible(), true);
    await context.close();
  }
});

test('at 1280 px the content is centred with the course outline beside it', { skip }, async () => {
  const context = await browser.newContext({ viewport: widths[1] });
  const page = await context.newPage();
  await page.goto(base + pages.module);
  const outline = await page.locator('nav.outline').boundingBox();
  const article = await page.locator('article.module').boundingBox();
  assert.ok(outline.x + outline.width <= article.x, 'the outline is left of the content');
  assert.ok(Math.abs(outline.y - article.y) < 40, 'side by side');
  const left = outline.x, right = 1280 - (article.x + article.width);
  assert.ok(Math.abs(left - right) < 80, `centred: ${left} px left, ${right} px right`);
  assert.ok(article.width >= 600, `the content column is ${article.width} px`);
  assert.equal(await page.locator('nav.outline [aria-current="page"]').textContent(), 'Fluid resuscitation in sepsis');
  assert.match(await page.locator('a[rel=next]').textContent(), /Next.*Vasopressors in septic shock/);
  await page.locator('a[rel=next]').click();
  await page.waitForURL(/vasopressors/);
  await context.close();
});

// make bench measures the search by running the site's own js/search.js
// in node, where there is no document: the script must load there.
test('search: the bench measurement runs the built script outside a page', { skip }, () => {
  const out = execFileSync(process.execPath, [join(repo, 'scripts/bench/search.mjs'), join(site, 'public')], { encoding: 'utf8' });
  const r = JSON.parse(out);
  assert.ok(r.files > 0 && r.bytes > 0, `an index: ${r.files} files, ${r.bytes} bytes`);
  const body = r.queries.find((q) => q.q === r.bodyWord);
  assert.ok(body && body.hits >= 1, `the body-only word ${r.bodyWord} finds its module: ${JSON.stringify(r.queries)}`);
});

test('search: a module found by keyboard alone, disclosure with its title', { skip }, async () => {
  const context = await browser.newContext({ viewport: widths[0] });
  const page = await context.newPage();
  await page.goto(base);
  await page.keyboard.press('Tab'); // the skip link
  for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement.id === 'search-q')); i++) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-q', 'the search box is reached by Tab');
  await page.keyboard.type('norepinephrine');
  const hit = page.locator('.search-results a').first();
  await hit.waitFor();
  assert.match(await hit.textContent(), /Vasopressors in septic shock.*Supported by an educational grant from Acme Pharma/);
  assert.match(await page.locator('#search-status').textContent(), /module/);
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.closest('.search-results') !== null), true);
  await page.keyboard.press('Enter');
  await page.waitForURL(/vasopressors/);
  await context.close();
});

test('without JavaScript: no search box, the statements one tap away', { skip }, async () => {
  const context = await browser.newContext({ viewport: widths[0], javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base + pages.module);
  assert.equal(await page.locator('form.search').isVisible(), false);
  assert.equal(await page.locator('.statements dl').isVisible(), false);
  await page.locator('.statements summary').click();
  assert.equal(await page.locator('.statements dl').isVisible(), true);
  await context.close();
});

test('search: a word only in a module\'s body finds it, by keyboard alone, as you type; axe with the results open', { skip }, async () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const viewport of widths) {
      const context = await browser.newContext({ viewport, colorScheme, bypassCSP: true });
      const page = await context.newPage();
      const fetched = [];
      page.on('request', (r) => { if (r.url().includes('/search/')) fetched.push(r.url()); });
      await page.goto(base + pages.module);
      for (let i = 0; i < 12 && !(await page.evaluate(() => document.activeElement.id === 'search-q')); i++) await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'search-q');
      // "abnormalities" is in the body of "Recognising sepsis" only, in no
      // title, summary, objective or tag; typed letter by letter.
      await page.keyboard.type('abnormal', { delay: 30 });
      const hit = page.locator('.search-results a').first();
      await hit.waitFor();
      assert.match(await hit.textContent(), /Recognising sepsis/);
      assert.ok(fetched.length > 0 && fetched.every((u) => !u.endsWith('search.json')), 'the sharded index, not search.json');
      assert.match(await page.locator('#search-status').textContent(), /module found/);
      await page.screenshot({ path: join(shots, `search-${viewport.width}-${colorScheme}.png`) });
      const list = await page.locator('.search-results').boundingBox();
      assert.ok(list.x >= 0 && list.x + list.width <= viewport.width, `the results at ${JSON.stringify(list)} leave the ${viewport.width} px window`);
      assert.deepEqual(await axe(page), [], `violations with search results open at ${viewport.width} px, ${colorScheme}`);
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.evaluate(() => document.activeElement.closest('.search-results') !== null), true);
      // Escape closes the list and gives the box its focus back.
      await page.keyboard.press('Escape');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'search-q');
      assert.equal(await page.locator('.search-results').isVisible(), false);
      // The down arrow opens it again.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForURL(/recognition/);
      await context.close();
    }
  }
});
