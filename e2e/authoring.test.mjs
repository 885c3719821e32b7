// End-to-end tests of the authoring staples (issue 24) in headless Chromium:
// formulas are MathML that the browser lays out (a box with a height), a
// diagram is an accessible SVG, glossary terms link to the glossary page by
// keyboard, images carry their size, axe-core finds no violation on pages
// with video, callouts, formulas, diagrams and the glossary, and the Nu HTML
// checker (vnu-jar, needs Java) finds no error on them. Screenshots at 390
// and 1280 px go to $SCREENSHOTS when it is set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..');
const executable = process.env.CHROMIUM || '/usr/bin/chromium';
const haveChromium = existsSync(executable);
if (!haveChromium && process.env.CI === 'true') {
  throw new Error(`Chromium is not at ${executable}: CI must install it (.ci/run does)`);
}
const skip = haveChromium ? false : `Chromium is not installed at ${executable} (apt-get install chromium); browser tests skipped`;

const vnuJar = join(here, 'node_modules/vnu-jar/build/dist/vnu.jar');
const haveJava = spawnSync('java', ['-version']).status === 0;
if ((!haveJava || !existsSync(vnuJar)) && process.env.CI === 'true') {
  throw new Error('the Nu HTML checker needs java and vnu-jar: CI must install them (.ci/run does)');
}
const skipNu = haveJava && existsSync(vnuJar) ? false : 'java or vnu-jar is missing; the Nu HTML checker is skipped';

// The pages of the handbook that show each feature.
const pages = {
  video: 'guide/video-and-audio/',
  callouts: 'guide/writing-a-module/',
  formulas: 'guide/formulas-and-diagrams/',
  glossary: 'guide/terms-and-abbreviations/',
  glossaryPage: 'glossary/',
  images: 'guide/images/',
};

let tmp, root, server, base, browser;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'rounds-e2e-authoring-'));
  root = join(tmp, 'public');
  execFileSync(join(repo, 'bin/rounds'), ['build', '-s', join(repo, 'examples/handbook'), '-d', root, '--now', '2026-11-22', '--quiet']);
  if (skip) return;
  const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml' };
  server = createServer((req, res) => {
    const p = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    let file = join(root, p);
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) { res.writeHead(404).end('not found'); return; }
    res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: executable,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function newPage(opts = {}) {
  const context = await browser.newContext(opts);
  const requests = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    if (url.startsWith(base)) return route.continue();
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>player</title>' });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { context, page, requests, errors };
}

async function shoot(page, name) {
  const dir = process.env.SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true });
  }
}

test('formulas are MathML laid out by the browser, with no script and no CSP error', { skip }, async () => {
  const { context, page, errors } = await newPage();
  await page.goto(base + pages.formulas);
  const inline = page.locator('.body p math').first();
  const block = page.locator('.body math[display="block"]').first();
  for (const m of [inline, block]) {
    const box = await m.boundingBox();
    assert.ok(box && box.height > 10 && box.width > 20, `the formula has a box: ${JSON.stringify(box)}`);
  }
  // A fraction is drawn as one: numerator above denominator.
  const frac = block.locator('mfrac').first();
  const [num, den] = [await frac.locator(':scope > *').nth(0).boundingBox(), await frac.locator(':scope > *').nth(1).boundingBox()];
  assert.ok(num.y + num.height <= den.y + 1, 'the numerator is above the denominator');
  // The MathML is in the page as served, not made by a script.
  const html = await (await page.request.get(base + pages.formulas)).text();
  assert.match(html, /<math[ >]/);
  assert.deepEqual(errors, []);
  await shoot(page, 'formulas');
  await context.close();
});

test('a diagram is an SVG image named by its title and described by its description', { skip }, async () => {
  const { context, page } = await newPage();
  await page.goto(base + pages.formulas);
  const svg = page.getByRole('img', { name: 'The first hour' });
  await svg.waitFor();
  assert.match(await svg.getAttribute('aria-describedby'), /^diagram-1-desc$/);
  const box = await svg.boundingBox();
  assert.ok(box.height > 100 && box.width > 200, `the diagram has a box: ${JSON.stringify(box)}`);
  assert.ok(await svg.locator('text').count() > 10, 'its labels are text');
  await context.close();
});

test('a glossary term: the first use links to its definition, reached by keyboard', { skip }, async () => {
  const { context, page } = await newPage();
  await page.goto(base + pages.glossary);
  const terms = page.locator('.body a.term');
  assert.equal(await page.locator('.body a.term abbr', { hasText: 'MathML' }).count(), 1, 'MathML is marked once');
  const first = terms.first();
  await first.focus();
  assert.equal(await page.evaluate(() => document.activeElement.className), 'term');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/glossary\/#term-/);
  const id = new URL(page.url()).hash.slice(1);
  const dt = page.locator(`dt#${id}`);
  assert.equal(await dt.count(), 1, 'the entry exists');
  assert.ok((await dt.locator('xpath=following-sibling::dd[1]').textContent()).length > 20, 'it has a definition');
  await shoot(page, 'glossary-page');
  await page.goto(base + pages.glossary);
  await shoot(page, 'glossary-module');
  await context.close();
});

test('images carry their size, load lazily after the first and offer smaller copies', { skip }, async () => {
  const { context, page } = await newPage();
  await page.goto(base + pages.images);
  const img = page.locator('.body img').first();
  assert.equal(await img.getAttribute('width'), '1600');
  assert.equal(await img.getAttribute('height'), '900');
  assert.match(await img.getAttribute('srcset'), /trace\.480w\.jpg 480w/);
  await img.evaluate((i) => i.decode());
  assert.ok(await img.evaluate((i) => i.naturalWidth > 0 && i.currentSrc.length > 0));
  await page.setViewportSize({ width: 390, height: 800 });
  await shoot(page, 'images');
  await context.close();
});

const axeSource = existsSync(join(here, 'node_modules/axe-core/axe.min.js')) ? readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8') : '';

async function axe(page, only) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (only) => {
    const r = await window.axe.run(only ? { include: [only] } : document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }, only);
}

test('axe-core: no WCAG 2.1 AA violations on pages with video, callouts, formulas, diagrams, images and the glossary', { skip }, async () => {
  const { context, page } = await newPage({ bypassCSP: true });
  for (const p of [pages.video, pages.formulas, pages.glossary, pages.glossaryPage, pages.images]) {
    await page.goto(base + p);
    assert.deepEqual(await axe(page), [], `violations on ${p}`);
  }
  // The callouts and the contents of Writing a module (its checklist's
  // task boxes are not this test's).
  await page.goto(base + pages.callouts);
  assert.deepEqual(await axe(page, '.callout'), [], 'violations in the callout');
  assert.deepEqual(await axe(page, '.toc'), [], 'violations in the contents');
  await context.close();
});

test('the Nu HTML checker finds no error on those pages', { skip: skipNu }, () => {
  const files = Object.values(pages).map((p) => join(root, p, 'index.html'));
  const r = spawnSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'text', ...files], { encoding: 'utf8' });
  assert.equal(r.status, 0, `Nu HTML checker errors:\n${r.stderr}${r.stdout}`);
});
