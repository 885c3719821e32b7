// Right-to-left pages (issue 23): the sepsis example's Arabic translation
// of its fluids module (/ar/sepsis/fluids/), opened at 390 and 1280 px.
// axe-core reports no violation, the page's dir is rtl, and the
// pre-activity block is laid out right to left (its heading starts at the
// right edge; its facts run from right to left). Screenshots in e2e/artefacts/ (ROUNDS_SHOTS=DIR to move them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
let tmp, server, base, browser;

before(async () => {
  if (skip) return;
  mkdirSync(shots, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'rounds-rtl-'));
  // The sepsis example as it is: English, with Spanish and Arabic
  // translations of its fluids module, each signed in its own right.
  const src = join(tmp, 'site');
  cpSync(join(repo, 'examples/sepsis'), src, { recursive: true, filter: (p) => !p.includes('/public') && !p.includes('/.rounds') });
  const rounds = join(repo, 'bin/rounds');
  execFileSync(rounds, ['build', '-s', src, '-d', join(tmp, 'public'), '--now', '2026-11-22', '--quiet', '--no-cache']);
  const root = join(tmp, 'public');
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
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const axeSource = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

test('an Arabic module page at 390 and 1280 px: rtl, mirrored, no axe-core violation', { skip }, async () => {
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    const context = await browser.newContext({ viewport, bypassCSP: true });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base + 'ar/sepsis/fluids/');
    await page.screenshot({ path: join(shots, `rtl-module-${viewport.width}.png`), fullPage: false });
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    const layout = await page.evaluate(() => {
      const block = document.querySelector('[data-rounds="preactivity"]');
      const box = block.getBoundingClientRect();
      const h2 = block.querySelector('h2');
      const range = document.createRange();
      range.selectNodeContents(h2);
      const text = range.getBoundingClientRect();
      const facts = [...block.querySelectorAll('.facts > li')].map((li) => li.getBoundingClientRect());
      return {
        direction: getComputedStyle(block).direction,
        heading: h2.textContent,
        gapRight: box.right - text.right, gapLeft: text.left - box.left,
        facts: facts.map((r) => ({ left: r.left, right: r.right, top: r.top })),
      };
    });
    assert.equal(layout.direction, 'rtl');
    assert.equal(layout.heading, 'قبل أن تبدأ');
    // The heading's text starts at the block's right edge, its padding away.
    assert.ok(layout.gapRight < 40 && layout.gapLeft > layout.gapRight, `heading not at the right: ${JSON.stringify(layout)}`);
    // The facts on one line run right to left: the first is rightmost.
    // A long fact (the credit, in Arabic at 390 px) fills a line alone,
    // so take the first line that holds two or more.
    const lines = layout.facts.map((f) => layout.facts.filter((g) => Math.abs(g.top - f.top) < 2));
    const row = lines.find((l) => l.length >= 2) || [];
    assert.ok(row.length >= 2, `no line holds two facts: ${JSON.stringify(layout.facts)}`);
    for (let i = 1; i < row.length; i++) assert.ok(row[i].right <= row[i - 1].left + 1, `fact ${i} is not left of fact ${i - 1}: ${JSON.stringify(row)}`);
    assert.deepEqual(await axe(page), [], `violations at ${viewport.width} px`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

// message reads a message of a built-in translation table (its "other"
// form), so the test follows the table rather than a copy of its words.
function message(lang, key) {
  const src = readFileSync(join(repo, `themes/default/i18n/${lang}.toml`), 'utf8');
  const line = src.split('\n').find((l) => l.startsWith(`"${key}" =`));
  assert.ok(line, `${key} is not in ${lang}.toml`);
  const m = /other = "([^"]*)"/.exec(line) || /= "([^"]*)"$/.exec(line);
  return m[1];
}

test('the quiz script writes its messages in the page language (Spanish and Arabic)', { skip }, async () => {
  for (const lang of ['es', 'ar']) {
    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(base + lang + '/sepsis/fluids/');
      const form = page.locator('form.quiz').first();
      await form.locator('.quiz-actions button').click();
      const result = form.locator('.quiz-result');
      await result.filter({ hasText: message(lang, 'js.choose_first') }).waitFor();
      // Answer: the result is the language's "right" or "not quite", never the English.
      await form.locator('input').first().check();
      await form.locator('.quiz-actions button').click();
      await form.locator('.quiz-mark').first().waitFor();
      const text = await result.textContent();
      assert.doesNotMatch(text, /Right\.|Not quite|answer is final/, `${lang}: ${text}`);
      const right = message(lang, 'js.right'), wrong = message(lang, 'js.not_quite').split(':')[0];
      assert.ok(text.startsWith(right) || text.startsWith(wrong), `${lang}: ${text}`);
      assert.doesNotMatch(await form.locator('.quiz-mark').first().textContent(), /your answer|right answer/);
      // The choices are lettered the language's way (quiz.letters), in the
      // order shown, after the script has shuffled or not.
      const letters = await form.locator('.quiz-letter').allTextContents();
      const want = message(lang, 'quiz.letters').split(' ').slice(0, letters.length).map((l) => l + '.');
      assert.deepEqual(letters, want, `${lang}: choices lettered ${letters}`);
      await form.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `quiz-${lang}-${viewport.width}.png`), fullPage: false });
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
});
