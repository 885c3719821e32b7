// End-to-end tests of learning paths (/paths/<id>/): progress and what is
// unlocked, read from the learner's own browser, with nothing sent anywhere.
// The site is made here: three modules, the second requiring the first, a
// course requiring the first course, and a path over them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..');
const executable = process.env.CHROMIUM || '/usr/bin/chromium';
const haveChromium = existsSync(executable);
if (!haveChromium && process.env.CI === 'true') {
  throw new Error(`Chromium is not at ${executable}: CI must install it (.ci/run does)`);
}
const skip = haveChromium ? false : `Chromium is not installed at ${executable}; browser tests skipped`;

const posttest = `
::: quiz posttest
Is this shock?

- [x] Yes
- [ ] No
:::
`;
const files = {
  'rounds.toml': `title = "Paths Site"
baseURL = "https://cme.example.org/"
[policy]
required_roles = []
[[paths]]
id = "shock-basics"
title = "Shock basics"
summary = "From recognition to vasopressors."
objectives = ["Recognise shock", "Start vasopressors"]
modules = ["shock/recognition", "shock/fluids", "pressors/norepinephrine"]
`,
  'content/shock/_index.md': '+++\ntitle = "Shock"\n+++\n',
  'content/shock/recognition.md': '+++\ntitle = "Recognition"\nweight = 1\ndate = 2026-10-01\n+++\nBody.\n' + posttest,
  'content/shock/fluids.md': '+++\ntitle = "Fluids"\nweight = 2\ndate = 2026-10-01\nrequires = ["shock/recognition"]\n+++\nBody.\n' + posttest,
  'content/pressors/_index.md': '+++\ntitle = "Pressors"\nrequires = ["shock"]\n+++\n',
  'content/pressors/norepinephrine.md': '+++\ntitle = "Norepinephrine"\ndate = 2026-10-01\n+++\nBody, no post-test.\n',
  // In the pressors course but not on the path: that course is completed
  // only once this is done too.
  'content/pressors/vasopressin.md': '+++\ntitle = "Vasopressin"\nweight = 2\ndate = 2026-10-01\n+++\nBody.\n' + posttest,
};

let dir, server, base, browser;

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'rounds-e2e-paths-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, 'site', name)), { recursive: true });
    writeFileSync(join(dir, 'site', name), text);
  }
  execFileSync(join(repo, 'bin/rounds'), ['build', '-s', join(dir, 'site'), '-d', join(dir, 'public'), '--now', '2026-11-22', '--quiet'], { stdio: 'pipe' });
  const root = join(dir, 'public');
  const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.png': 'image/png', '.xml': 'application/xml' };
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
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// newPage records every request and every script error of the page.
async function newPage(opts = {}) {
  const context = await browser.newContext(opts);
  const page = await context.newPage();
  page.errors = [];
  page.requests = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  context.on('request', (r) => page.requests.push(r.url()));
  return { context, page };
}

const pathURL = () => base + 'paths/shock-basics/';

// openPath opens the path page and waits for its script to have read the
// learner's progress (it sets data-ready on the list's section).
async function openPath(page) {
  await page.goto(pathURL());
  await page.locator('section.path[data-ready]').waitFor({ state: 'attached' });
}

async function states(page) {
  return page.locator('.path-steps li[data-module]').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-module') + ' ' + li.getAttribute('data-state')));
}

async function passPosttest(page, path) {
  await page.goto(base + path);
  const data = JSON.parse(await page.locator('#rounds-quiz').textContent());
  for (const [id, q] of Object.entries(data.quizzes)) {
    if (!q.posttest) continue;
    const form = page.locator(`form[data-quiz="${id}"]`);
    for (const i of q.correct) await form.locator(`input[value="${i}"]`).check();
    await form.getByRole('button', { name: 'Check answer' }).click();
  }
  await page.locator('.posttest-score', { hasText: 'You passed' }).waitFor();
}

test('a path unlocks each module as what it requires is done, all in the browser', { skip }, async () => {
  const { context, page } = await newPage();
  await openPath(page);
  assert.deepEqual(await states(page), ['shock/recognition/ open', 'shock/fluids/ locked', 'pressors/norepinephrine/ locked']);
  assert.equal(await page.locator('.path-progress-text').textContent(), '0 of 3 modules done.');
  assert.match(await page.locator('li[data-module="shock/fluids/"] .path-state').textContent(), /^Locked: do Recognition first\.$/);
  assert.match(await page.locator('li[data-module="pressors/norepinephrine/"] .path-state').textContent(), /^Locked: do Recognition, Fluids first\.$/);

  await passPosttest(page, 'shock/recognition/');
  await openPath(page);
  assert.deepEqual(await states(page), ['shock/recognition/ done', 'shock/fluids/ open', 'pressors/norepinephrine/ locked']);
  assert.equal(await page.locator('.path-progress-text').textContent(), '1 of 3 modules done.');

  await passPosttest(page, 'shock/fluids/');
  await openPath(page);
  assert.deepEqual(await states(page), ['shock/recognition/ done', 'shock/fluids/ done', 'pressors/norepinephrine/ open']);

  // A module without a post-test is done when the learner says so.
  const tick = page.getByRole('checkbox', { name: 'I have done “Norepinephrine”' });
  await tick.check();
  await page.locator('li[data-module="pressors/norepinephrine/"][data-state="done"]').waitFor({ state: 'attached' });
  assert.equal(await page.locator('.path-progress-text').textContent(), '3 of 3 modules done.');
  assert.equal(await page.locator('progress.path-progress-bar').evaluate((p) => p.value), 3);
  await page.reload();
  await page.locator('section.path[data-ready="3"]').waitFor({ state: 'attached' });
  assert.equal(await tick.isChecked(), true, 'the tick is kept in this browser');

  const elsewhere = page.requests.filter((u) => !u.startsWith(base));
  assert.deepEqual(elsewhere, [], 'no request leaves the site');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('without JavaScript the path is a plain ordered list with what each module needs first', { skip }, async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  await page.goto(pathURL());
  const items = page.locator('ol.path-steps > li');
  assert.equal(await items.count(), 3);
  assert.deepEqual(await page.locator('ol.path-steps h3 a').allTextContents(), ['Recognition', 'Fluids', 'Norepinephrine']);
  assert.equal(await page.locator('li[data-module="shock/fluids/"] .path-requires').innerText(), 'Do first: Recognition');
  assert.equal(await page.locator('.path-state:visible').count(), 0, 'no progress is claimed without the script');
  assert.equal(await page.locator('.path-mark:visible').count(), 0);
  await context.close();
});

const axeSource = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

test('axe-core: no WCAG 2.1 AA violations on the paths index and a path page', { skip }, async () => {
  const { context, page } = await newPage({ bypassCSP: true });
  await page.goto(base + 'paths/');
  assert.deepEqual(await axe(page), [], 'violations on /paths/');
  await openPath(page);
  assert.deepEqual(await axe(page), [], 'violations on the path page');
  await passPosttest(page, 'shock/recognition/');
  await openPath(page);
  assert.deepEqual(await axe(page), [], 'violations on the path page with progress shown');
  await context.close();
});

test('a completed path shows the programme record and the completion posts', { skip }, async () => {
  const { context, page } = await newPage({ bypassCSP: true });
  await passPosttest(page, 'shock/recognition/');
  await passPosttest(page, 'shock/fluids/');
  await openPath(page);
  const done = page.locator('.path-complete');
  assert.equal(await done.isVisible(), false, 'not before every module is done');
  await page.locator('li[data-module="pressors/norepinephrine/"] .path-mark input').check();
  await done.waitFor();
  await page.getByLabel('Your name, as it should appear').fill('Dr Jane Learner');
  assert.equal(await done.locator('.certificate-name').textContent(), 'Dr Jane Learner');
  assert.match(await done.locator('li[data-module="shock/fluids/"]').textContent(), /Fluids.*passed \d{1,2} [A-Z][a-z]+ \d{4}/);
  assert.match(await done.locator('#share-x').inputValue(), /^I completed “Shock basics”/);
  // Each course completed links its completion card and posts; the
  // pressors course waits for its module off the path.
  const shock = done.locator('li.path-course[data-modules="shock/recognition/ shock/fluids/"]');
  const pressors = done.locator('li.path-course', { hasText: 'Pressors' });
  assert.equal(await shock.isVisible(), true, 'shock: every module done');
  assert.equal(await pressors.isVisible(), false, 'pressors: vasopressin not done yet');
  const card = await shock.getByRole('link', { name: 'Completion card (image)' }).getAttribute('href');
  const res = await page.request.get(new URL(card, pathURL()).href);
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['content-type'], 'image/png');
  await shock.locator('summary').click();
  assert.match(await shock.locator('#share-shock-x').inputValue(), /^I completed “Shock”/);
  await passPosttest(page, 'pressors/vasopressin/');
  await openPath(page);
  await pressors.waitFor();
  assert.match(await pressors.getByRole('link', { name: 'Completion card (image)' }).getAttribute('href'), /cards\/pressors\/_completed\.png$/);
  await page.getByLabel('Your name, as it should appear').fill('Dr Jane Learner');
  if (process.env.SHOTS) {
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await done.screenshot({ path: join(process.env.SHOTS, `path-complete-${width}.png`) });
    }
  }
  assert.deepEqual(await axe(page), [], 'violations on the completed path');
  assert.deepEqual(page.requests.filter((u) => !u.startsWith(base)), []);
  await context.close();
});
