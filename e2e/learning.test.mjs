// End-to-end tests of review plans, question pools, unfolding cases and
// spaced practice: everything is worked out in the learner's browser from
// the site's own pages and quiz.json files; the network recorder checks
// that no request leaves the site. The site is made here; the page's one
// random source is seeded through localStorage ("rounds:seed"), so no test
// passes or fails by chance.
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
const shots = process.env.SHOTS || '';

// Eight pooled post-test questions, five drawn: odd ones test objective 1
// (taught under "Recognising sepsis"), even ones objective 2.
let pool = '';
for (let i = 1; i <= 8; i++) {
  const o = i % 2 ? 1 : 2;
  const teaches = o === 1 ? '#recognising-sepsis' : '#the-one-hour-bundle';
  pool += `
::: quiz posttest id=p${i} objective=${o} teaches=${teaches} pool=5 shuffle
Pooled question ${i}?

- [x] Right ${i}
- [ ] Wrong ${i}
- [ ] None of these {pin}
:::
`;
}
const files = {
  'rounds.toml': `title = "Learning Site"
baseURL = "https://cme.example.org/"
[policy]
required_roles = []
`,
  'content/sepsis/_index.md': '+++\ntitle = "Sepsis"\n+++\n',
  'content/sepsis/bundle.md': `+++
title = "The bundle"
weight = 1
date = 2026-10-01
expires = 2028-10-01
objectives = ["Recognise sepsis", "Start the bundle"]
tags = ["sepsis"]
[credit]
type = "AMA PRA Category 1 Credit™"
hours = 0.25
pass = 0.6
+++
## Recognising sepsis

Fever, fast breathing, confusion.

## The one-hour bundle

Lactate, cultures, antibiotics, fluids.
${pool}`,
  'content/sepsis/other.md': `+++
title = "Fluids in sepsis"
weight = 2
date = 2026-10-01
objectives = ["Start the bundle"]
+++
Fluids.
`,
  'content/sepsis/case.md': `+++
title = "A case of fever"
weight = 3
date = 2026-10-01
+++
Follow the patient.

:::: case
A man of 70 comes in with fever and a fast pulse.

::: quiz id=first
What do you do first?

- [x] Lactate and cultures {next=well}
- [ ] Wait for the morning round {next=worse}
:::

Two hours later he is confused and his pressure falls.

::: quiz id=worse
What now?

- [x] Fluids and antibiotics now {next=well}
- [ ] Wait again {next=worse}
:::

The lactate is 4 mmol/L.

::: quiz id=well
Antibiotics within the hour?

- [x] Yes
- [ ] No
:::

He recovers and goes home on day five.
::::
`,
};

let dir, server, base, browser;

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'rounds-e2e-learning-'));
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

// newPage records every request and every script error, and seeds the
// page's random source.
async function newPage(opts = {}) {
  const context = await browser.newContext(opts);
  await context.addInitScript(() => { if (!localStorage.getItem('rounds:seed')) localStorage.setItem('rounds:seed', '7'); });
  const page = await context.newPage();
  page.errors = [];
  page.requests = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  context.on('request', (r) => page.requests.push(r.url()));
  return { context, page };
}

// stayed: no request of the page left the site.
function stayed(page) {
  const away = page.requests.filter((u) => !u.startsWith(base) && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(away, [], 'requests that left the site');
  assert.deepEqual(page.errors, [], 'script errors');
}

async function shot(page, name) {
  if (!shots) return;
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
  }
}

const axeSource = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');
async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

const drawn = (page) => page.locator('form.quiz[data-posttest]:visible').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-quiz')));

test('a pool of 5 from 8: five different questions, and a new draw after "Start again"', { skip }, async () => {
  const { context, page } = await newPage();
  await page.goto(base + 'sepsis/bundle/');
  const first = await drawn(page);
  assert.equal(first.length, 5);
  assert.equal(new Set(first).size, 5, 'five different questions');
  assert.equal(await page.locator('form.quiz[data-posttest]').count(), 8, 'the page holds the whole pool');
  await page.reload();
  assert.deepEqual(await drawn(page), first, 'the draw stands until "Start again"');
  await page.getByRole('button', { name: 'Start again' }).click();
  const second = await drawn(page);
  assert.equal(new Set(second).size, 5);
  assert.notDeepEqual([...second].sort(), [...first].sort(), 'a new draw');
  // Shuffled choices: "None of these" is pinned last; letters follow the order shown.
  const labels = await page.locator(`form[data-quiz="${second[0]}"] label`).allTextContents();
  assert.match(labels[2], /^C\. None of these$/);
  assert.deepEqual(labels.map((l) => l[0]), ['A', 'B', 'C']);
  stayed(page);
  await context.close();
});

test('a wrong answer shows the review plan with the teaching section; "Start again" clears it', { skip }, async () => {
  const { context, page } = await newPage({ bypassCSP: true });
  await page.goto(base + 'sepsis/bundle/');
  const plan = page.locator('.review-plan');
  assert.equal(await plan.isVisible(), false);
  const id = (await drawn(page)).find((q) => Number(q.slice(1)) % 2 === 0); // objective 2
  const form = page.locator(`form[data-quiz="${id}"]`);
  await form.locator('label', { hasText: 'Wrong' }).click();
  await form.getByRole('button', { name: 'Check answer' }).click();
  await plan.waitFor();
  assert.equal(await plan.locator('h3').textContent(), 'Your review plan');
  assert.match(await plan.locator('li').first().innerText(), /Objective 2: Start the bundle/);
  assert.equal(await plan.locator('a[href="#the-one-hour-bundle"]').textContent(), 'The one-hour bundle');
  assert.equal(await plan.locator('a', { hasText: 'Fluids in sepsis' }).getAttribute('href'), '../../sepsis/other/');
  await page.reload();
  await plan.waitFor();
  assert.equal(await plan.locator('li').count(), 1, 'kept in this browser');
  await shot(page, 'review-plan');
  if (shots) await page.locator('.quiz-summary').screenshot({ path: join(shots, 'review-plan-summary.png') });
  assert.deepEqual(await axe(page), [], 'axe on the module page with its review plan');
  await page.getByRole('button', { name: 'Start again' }).click();
  assert.equal(await plan.isVisible(), false, 'cleared by "Start again"');
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('rounds:sepsis/bundle/')));
  assert.deepEqual(saved.plan || [], []);
  stayed(page);
  await context.close();
});

test('a case advances stage by stage and by branch', { skip }, async () => {
  const { context, page } = await newPage({ bypassCSP: true });
  await page.goto(base + 'sepsis/case/');
  const box = page.locator('.container.case');
  const visible = () => box.locator(':scope > form.quiz:visible').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-quiz')));
  assert.deepEqual(await visible(), ['first']);
  assert.equal(await box.getByText('He recovers').isVisible(), false);
  // "Wait" leads to the stage "worse".
  await page.locator('form[data-quiz="first"] label', { hasText: 'Wait for the morning round' }).click();
  await page.locator('form[data-quiz="first"]').getByRole('button', { name: 'Check answer' }).click();
  await page.locator('form[data-quiz="worse"]').waitFor();
  assert.deepEqual(await visible(), ['first', 'worse']);
  assert.equal(await box.getByText('Two hours later').isVisible(), true, 'the stage shows its text');
  assert.equal(await box.getByText('The lactate is 4').isVisible(), false);
  await page.locator('form[data-quiz="worse"] label', { hasText: 'Fluids and antibiotics now' }).click();
  await page.locator('form[data-quiz="worse"]').getByRole('button', { name: 'Check answer' }).click();
  await page.locator('form[data-quiz="well"]').waitFor();
  assert.deepEqual(await visible(), ['first', 'worse', 'well']);
  await page.locator('form[data-quiz="well"] label', { hasText: 'Yes' }).click();
  await page.locator('form[data-quiz="well"]').getByRole('button', { name: 'Check answer' }).click();
  await box.getByText('He recovers').waitFor();
  await shot(page, 'case');
  assert.deepEqual(await axe(page), [], 'axe on the case');
  // "Start again", then the right first answer skips the stage "worse".
  await page.getByRole('button', { name: 'Start again' }).click();
  assert.deepEqual(await visible(), ['first']);
  await page.locator('form[data-quiz="first"] label', { hasText: 'Lactate and cultures' }).click();
  await page.locator('form[data-quiz="first"]').getByRole('button', { name: 'Check answer' }).click();
  await page.locator('form[data-quiz="well"]').waitFor();
  assert.deepEqual(await visible(), ['first', 'well']);
  stayed(page);
  await context.close();
});

test('without JavaScript every stage of a case shows, in order', { skip }, async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  await page.goto(base + 'sepsis/case/');
  const ids = await page.locator('.container.case > form.quiz:visible').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-quiz')));
  assert.deepEqual(ids, ['first', 'worse', 'well']);
  assert.equal(await page.getByText('He recovers').isVisible(), true);
  assert.equal(await page.locator('form.quiz[data-posttest]').count(), 0);
  await context.close();
});

test('practice: the question answered wrong is due, and moves after a right answer', { skip }, async () => {
  const { context, page } = await newPage({ bypassCSP: true, acceptDownloads: true });
  await page.goto(base + 'practice/');
  await page.locator('.practice-status', { hasText: 'Nothing to practise yet' }).waitFor();
  await page.goto(base + 'sepsis/bundle/');
  const ids = await drawn(page);
  // One wrong, the others right.
  for (const [n, id] of ids.entries()) {
    const form = page.locator(`form[data-quiz="${id}"]`);
    await form.locator('label', { hasText: n === 0 ? 'Wrong' : 'Right' }).click();
    await form.getByRole('button', { name: 'Check answer' }).click();
  }
  await page.locator('.posttest-score', { hasText: 'You passed' }).waitFor();
  await page.getByRole('link', { name: 'Practice' }).click();
  await page.locator('[data-practice][data-ready]').waitFor({ state: 'attached' });
  const wrong = ids[0].slice(1);
  const due = page.locator('.practice-list form');
  const stems = await due.locator('legend').allTextContents();
  assert.ok(stems.some((s) => s.includes(`Pooled question ${wrong}?`)), `question ${wrong} is due: ${stems}`);
  for (const id of ids.slice(1)) {
    assert.ok(!stems.some((s) => s.includes(`Pooled question ${id.slice(1)}?`)), `question ${id} answered right is not due yet`);
  }
  const form = due.filter({ hasText: `Pooled question ${wrong}?` });
  assert.equal(await form.locator('.practice-meta').textContent(), 'Box 1 of 5');
  await form.locator('label', { hasText: `Right ${wrong}` }).click();
  await form.getByRole('button', { name: 'Check answer' }).click();
  await form.locator('.quiz-result', { hasText: 'Right. Moved to box 2' }).waitFor();
  assert.equal(await form.locator('.practice-meta').textContent(), 'Box 2 of 5');
  const item = await page.evaluate((k) => JSON.parse(localStorage.getItem('rounds:practice')).items[k], `sepsis/bundle/#p${wrong}`);
  assert.equal(item.box, 2);
  const cal = page.locator('.practice-calendar a');
  assert.equal(await cal.getAttribute('download'), 'practice.ics');
  const [download] = await Promise.all([page.waitForEvent('download'), cal.click()]);
  assert.equal(download.suggestedFilename(), 'practice.ics');
  const ics = readFileSync(await download.path(), 'utf8');
  assert.match(ics, /BEGIN:VCALENDAR[\s\S]*DTSTART;VALUE=DATE:\d{8}[\s\S]*END:VCALENDAR/);
  await shot(page, 'practice');
  assert.deepEqual(await axe(page), [], 'axe on the practice page');
  await page.reload();
  await page.locator('[data-practice][data-ready]').waitFor({ state: 'attached' });
  assert.equal(await page.locator('.practice-list form', { hasText: `Pooled question ${wrong}?` }).count(), 0, 'not due again today');
  stayed(page);
  await context.close();
});
