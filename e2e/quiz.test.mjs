// End-to-end tests of quizzes, progress, the certificate and accessibility,
// in headless Chromium (Debian's chromium package, driven by playwright-core).
// `make e2e` (part of `make test`) builds bin/rounds first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
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
if (skip) console.log('# ' + skip);

let site, server, base, browser;

before(async () => {
  if (skip) return;
  site = mkdtempSync(join(tmpdir(), 'rounds-e2e-'));
  execFileSync(join(repo, 'bin/rounds'), ['build', '-s', join(repo, 'examples/sepsis'), '-d', join(site, 'public'), '--now', '2026-11-22', '--quiet']);
  const root = join(site, 'public');
  const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.png': 'image/png', '.xml': 'application/xml' };
  server = createServer((req, res) => {
    let p = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
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
  if (site) rmSync(site, { recursive: true, force: true });
});

async function newPage(opts = {}) {
  const context = await browser.newContext(opts);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  return { context, page };
}

const fluids = () => base + 'sepsis/fluids/';
const recognition = () => base + 'sepsis/recognition/';

test('a practice question: a wrong answer, then the right one', { skip }, async () => {
  const { context, page } = await newPage();
  await page.goto(recognition());
  const quiz = page.locator('form.quiz').first();
  await quiz.locator('label', { hasText: /^A\. 1$/ }).click();
  await quiz.getByRole('button', { name: 'Check answer' }).click();
  await assert.doesNotReject(quiz.locator('.quiz-result', { hasText: 'Not quite: the right answer is B.' }).waitFor());
  assert.equal(await quiz.locator('details').evaluate((d) => d.open), true, 'feedback and rationale open');
  assert.match(await quiz.locator('li[data-choice="0"] .quiz-mark').textContent(), /your answer: not right/);
  assert.match(await quiz.locator('li[data-choice="1"] .quiz-mark').textContent(), /right answer/);
  assert.equal(await page.evaluate(() => document.activeElement.className), 'quiz-result', 'focus moves to the result');
  await quiz.locator('label', { hasText: /^B\. 2$/ }).click();
  await quiz.getByRole('button', { name: 'Check answer' }).click();
  await quiz.locator('.quiz-result', { hasText: /^Right\.$/ }).waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a choose-all-that-apply question needs every right choice', { skip }, async () => {
  const { context, page } = await newPage();
  await page.goto(recognition());
  const quiz = page.locator('form.quiz[data-posttest]').first();
  assert.equal(await quiz.locator('input[type=checkbox]').count(), 5);
  await quiz.locator('input[value="0"]').check();
  await quiz.locator('input[value="1"]').check();
  await quiz.getByRole('button', { name: 'Check answer' }).click();
  await quiz.locator('.quiz-result', { hasText: 'the right answers are A, B, D' }).waitFor();
  // A post-test answer is final until "Start again".
  await page.getByRole('button', { name: 'Start again' }).click();
  for (const i of [0, 1, 3]) await quiz.locator(`input[value="${i}"]`).check();
  await quiz.getByRole('button', { name: 'Check answer' }).click();
  await quiz.locator('.quiz-result', { hasText: /^Right\. This answer is final/ }).waitFor();
  await context.close();
});

// posttestIDs are the ids of the page's post-test questions, and the
// page's quiz data.
async function posttestIDs(page) {
  const data = JSON.parse(await page.locator('#rounds-quiz').textContent());
  return { data, ids: Object.keys(data.quizzes).filter((id) => data.quizzes[id].posttest) };
}

// assertLocked checks that each post-test question of ids is answered
// for good: its choices disabled, its button gone, its explanation shown.
async function assertLocked(page, ids) {
  for (const id of ids) {
    const form = page.locator(`form[data-quiz="${id}"]`);
    assert.match(await form.locator('.quiz-result').textContent(), /This answer is final: it is the one scored\./, id);
    for (const input of await form.locator('input').all()) assert.equal(await input.isDisabled(), true, `${id}: a choice is still enabled`);
    assert.equal(await form.getByRole('button', { name: 'Check answer' }).isVisible(), false, `${id}: Check answer still shown`);
    assert.equal(await form.locator('details.quiz-answer').isVisible(), true, `${id}: the explanation is hidden`);
  }
}

test('a post-test answer is final: its choices lock and the first answer is the one scored', { skip }, async () => {
  const { context, page } = await newPage();
  await page.goto(fluids());
  const { data, ids } = await posttestIDs(page);
  assert.ok(ids.length >= 2, 'fluids has post-test questions');
  await answerPosttests(page, false);
  await page.locator('.posttest-score', { hasText: 'Not passed yet' }).waitFor();
  await assertLocked(page, ids);
  // Re-answering anyway, the choices enabled again by hand and every form
  // submitted with its right answer, changes no result, and no listener
  // above the form (an LMS runtime) hears of it.
  const { submitted, heard } = await page.evaluate((quizzes) => {
    let n = 0, heard = 0;
    document.addEventListener('submit', () => heard++);
    for (const [id, q] of Object.entries(quizzes)) {
      if (!q.posttest) continue;
      const form = document.querySelector(`form[data-quiz="${id}"]`);
      form.querySelectorAll('input').forEach((i) => { i.disabled = false; i.checked = q.correct.includes(Number(i.value)); });
      form.requestSubmit();
      n++;
    }
    return { submitted: n, heard };
  }, data.quizzes);
  assert.equal(submitted, ids.length);
  assert.equal(heard, 0, 'a locked question\'s submit reached the document');
  assert.match(await page.locator('.posttest-score').textContent(), /^Your score: 0 of \d+ .*Not passed yet/);
  const stored = await page.evaluate((m) => JSON.parse(localStorage.getItem('rounds:' + m)), data.module);
  assert.equal(stored.passed, false);
  assert.deepEqual(ids.map((id) => stored.results[id]), ids.map(() => false));
  // A reload keeps them answered and locked.
  await page.reload();
  await page.locator('.posttest-score', { hasText: 'Not passed yet' }).waitFor();
  await assertLocked(page, ids);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('with JavaScript the answer and explanation wait for an answer', { skip }, async () => {
  const { context, page } = await newPage();
  await page.goto(fluids());
  const answers = page.locator('form.quiz details.quiz-answer');
  const n = await answers.count();
  assert.ok(n >= 3, `${n} questions`);
  for (let i = 0; i < n; i++) assert.equal(await answers.nth(i).isVisible(), false, `explanation ${i} shown before any answer`);
  const form = page.locator('form.quiz[data-posttest]').first();
  await form.getByRole('button', { name: 'Check answer' }).click();
  await form.locator('.quiz-result', { hasText: 'Choose an answer first.' }).waitFor();
  assert.equal(await form.locator('details.quiz-answer').isVisible(), false, 'an empty check shows the explanation');
  assert.equal(await form.locator('input').first().isDisabled(), false, 'an empty check locks the question');
  await form.locator('input').first().check();
  await form.getByRole('button', { name: 'Check answer' }).click();
  await form.locator('details.quiz-answer[open] .quiz-rationale').waitFor();
  assert.equal(await answers.nth(0).isVisible(), false, 'answering one question shows another\'s explanation');
  await context.close();
});

// answerPosttests answers every post-test question of the page, right or wrong.
async function answerPosttests(page, right) {
  const data = JSON.parse(await page.locator('#rounds-quiz').textContent());
  for (const [id, q] of Object.entries(data.quizzes)) {
    if (!q.posttest) continue;
    const form = page.locator(`form[data-quiz="${id}"]`);
    if (await form.isHidden()) continue; // a pooled question this attempt did not draw
    const n = await form.locator('input').count();
    const pick = right ? q.correct : [[...Array(n).keys()].find((i) => !q.correct.includes(i))];
    for (const i of pick) await form.locator(`input[value="${i}"]`).check();
    await form.getByRole('button', { name: 'Check answer' }).click();
  }
}

test('failing and passing a post-test; progress survives a reload; start again clears it', { skip }, async () => {
  const { context, page } = await newPage();
  await page.goto(fluids());
  await answerPosttests(page, false);
  await page.locator('.posttest-score', { hasText: 'Not passed yet' }).waitFor();
  assert.match(await page.locator('.posttest-score').textContent(), /Passing score: 70%/);
  await page.getByRole('button', { name: 'Start again' }).click();
  assert.equal(await page.locator('.posttest-score').textContent(), '');
  // "Start again" clears the whole post-test: answers, marks, results,
  // locks and explanations, in the page and in the browser's storage.
  const cleared = async () => {
    assert.equal(await page.locator('form.quiz input:checked').count(), 0, 'a choice is still checked');
    assert.equal(await page.locator('form.quiz input:disabled').count(), 0, 'a choice is still locked');
    assert.equal(await page.locator('.quiz-mark, li.is-right, li.is-wrong').count(), 0, 'a choice is still marked');
    assert.equal(await page.locator('form.quiz details.quiz-answer:visible').count(), 0, 'an explanation is still shown');
    for (const r of await page.locator('.quiz-result').allTextContents()) assert.equal(r, '');
  };
  await cleared();
  const { data } = await posttestIDs(page);
  assert.deepEqual(await page.evaluate((m) => JSON.parse(localStorage.getItem('rounds:' + m)), data.module), { answers: {}, results: {} });
  await page.reload();
  await cleared();
  assert.equal(await page.locator('.posttest-score').textContent(), '');
  await answerPosttests(page, true);
  await page.locator('.posttest-score', { hasText: 'You passed.' }).waitFor();
  await page.reload();
  await page.locator('.posttest-score', { hasText: 'You passed.' }).waitFor();
  const checked = await page.locator('form.quiz[data-posttest] input:checked').count();
  assert.ok(checked > 0, 'answers restored after reload');
  await context.close();
});

test('the certificate appears only after every post-test of the course is passed', { skip }, async () => {
  const { context, page } = await newPage();
  await page.goto(base + 'sepsis/certificate/');
  await page.locator('.certificate-pending').waitFor();
  assert.equal(await page.locator('.certificate').isVisible(), false);
  const modules = (await page.locator('[data-certificate]').getAttribute('data-modules')).trim().split(' ');
  assert.equal(modules.length, 4);
  for (const [i, m] of modules.entries()) {
    await page.goto(base + m);
    await answerPosttests(page, true);
    await page.locator('.posttest-score', { hasText: 'You passed.' }).waitFor();
    await page.goto(base + 'sepsis/');
    const link = page.locator('.certificate-link');
    assert.equal(await link.isVisible(), i === modules.length - 1, `certificate link after ${i + 1} modules`);
    assert.equal(await page.locator('.done').count(), i + 1);
  }
  await page.getByRole('link', { name: 'Your certificate for this course' }).click();
  await page.getByLabel('Your name, as it should appear').fill('Dr Jane Learner');
  await page.locator('.certificate-name', { hasText: 'Dr Jane Learner' }).waitFor();
  assert.match(await page.locator('.certificate').textContent(), /self-attested record/);
  // The completion date as the pages write dates; a random number, the
  // same in the certificate and in the browser's record.
  assert.match(await page.locator('.certificate-date').textContent(), /^\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/);
  const numbers = await page.locator('.certificate-number').allTextContents();
  assert.match(numbers[0], /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.ok(numbers.every((n) => n === numbers[0]));
  assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('rounds:certificate:sepsis/')).number), numbers[0]);
  assert.match(await page.locator('.certificate').textContent(), /1 AMA PRA Category 1 Credit/);
  await context.close();
});

test('keyboard only: answer a question without a mouse', { skip }, async () => {
  const { context, page } = await newPage();
  await page.goto(recognition());
  await page.locator('#quiz-q1-0').focus();
  await page.keyboard.press('ArrowDown'); // radio group: moves to and selects B
  assert.equal(await page.locator('#quiz-q1-1').isChecked(), true);
  await page.keyboard.press('Tab'); // to the Check answer button
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Check answer');
  await page.keyboard.press('Enter');
  await page.locator('form.quiz >> nth=0 >> .quiz-result', { hasText: /^Right\.$/ }).waitFor();
  await context.close();
});

test('without JavaScript the answers sit in <details> and no dead button shows', { skip }, async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  await page.goto(recognition());
  const quiz = page.locator('form.quiz').first();
  assert.equal(await quiz.getByRole('button', { name: 'Check answer' }).isVisible(), false);
  await quiz.locator('summary').click();
  assert.match(await quiz.locator('.quiz-right').textContent(), /Right answer: B/);
  assert.match(await quiz.locator('.quiz-rationale').textContent(), /Respiratory rate of 22\/min/);
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

test('axe-core: no WCAG 2.1 AA violations on a module, the course page and the certificate', { skip }, async () => {
  // The CSP forbids inline scripts, so axe is injected with CSP bypassed.
  const { context, page } = await newPage({ bypassCSP: true });
  for (const path of ['sepsis/recognition/', 'sepsis/', 'sepsis/certificate/', '', 'share/', 'share/sepsis/', 'embed/sepsis/fluids/', 'tags/sepsis/']) {
    await page.goto(base + path);
    assert.deepEqual(await axe(page), [], `violations on /${path}`);
  }
  // and once more with answers marked and the certificate shown
  await page.goto(recognition());
  await answerPosttests(page, false);
  assert.deepEqual(await axe(page), [], 'violations with answers marked and locked');
  await page.goto(base + 'embed/sepsis/fluids/');
  await answerPosttests(page, true);
  assert.deepEqual(await axe(page), [], 'violations on the embed page with answers marked and locked');
  await context.close();
});

test('the embed page discloses the commercial support before its questions', { skip }, async () => {
  const { context, page } = await newPage();
  await page.goto(base + 'embed/sepsis/fluids/');
  const support = page.locator('main .support');
  assert.equal(await support.textContent(), 'This activity is supported by an educational grant from Acme Pharma.');
  assert.equal(await support.isVisible(), true);
  const before = await page.evaluate(() => {
    const s = document.querySelector('main .support');
    return [...document.querySelectorAll('form.quiz')].every((f) => s.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.equal(before, true, 'a question comes before the disclosure');
  await context.close();
});

test('the share page: a copy button puts the post text, disclosure first, on the clipboard', { skip }, async () => {
  const { context, page } = await newPage();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base.slice(0, -1) });
  await page.goto(base + 'share/');
  await page.locator('#main').getByRole('link', { name: 'Sepsis: the first hour', exact: true }).click();
  const area = page.locator('textarea').first();
  const want = await area.inputValue();
  assert.match(want, /^#ad Supported by an educational grant from Acme Pharma\./);
  await page.getByRole('button', { name: 'Copy the X text' }).first().click();
  await page.locator('.copied', { hasText: 'Copied.' }).first().waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), want);
  // every card on the page exists (they load lazily, so fetch them)
  const statuses = await page.evaluate(() => Promise.all([...document.images].map((i) => fetch(i.src).then((r) => r.status))));
  // the course card in four shapes and each of its four modules' cards (their kits are a page each)
  assert.ok(statuses.length >= 8 && statuses.every((s) => s === 200), JSON.stringify(statuses));
  await context.close();
});
