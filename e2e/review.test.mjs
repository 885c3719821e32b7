// The review page of `rounds serve` (issue 21 item 2) in a real browser:
// the sepsis course committed to git with its sign-offs, one module
// edited; its review page marks the change since the sign-off, names who
// must sign and the command, is linked from /_rounds/ and from the
// module's banner, and axe-core finds no violation at 390 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..');
const shots = process.env.ROUNDS_SHOTS || join(here, 'artefacts');
const executable = process.env.CHROMIUM || '/usr/bin/chromium';
const skip = existsSync(executable) ? false : `Chromium is not installed at ${executable}; browser tests skipped`;
if (skip && process.env.CI === 'true') throw new Error(`Chromium is not at ${executable}: CI must install it`);
const axeSource = skip ? '' : readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');

let site, proc, url, browser;

function git(...args) {
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], {
    cwd: site, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' }, stdio: 'ignore',
  });
}

before(async () => {
  if (skip) return;
  mkdirSync(shots, { recursive: true });
  site = mkdtempSync(join(tmpdir(), 'rounds-review-'));
  cpSync(join(repo, 'examples/sepsis'), site, { recursive: true });
  git('init', '-q', '.');
  git('add', '.');
  git('commit', '-q', '-m', 'Sepsis course, signed');
  const file = join(site, 'content/sepsis/fluids.md');
  writeFileSync(file, readFileSync(file, 'utf8').replace('The aim is enough', 'The aim is a measured bolus'));
  proc = spawn(join(repo, 'bin/rounds'), ['serve', '-s', site, '--port', '0', '--now', '2026-11-22'], { stdio: ['ignore', 'ignore', 'pipe'] });
  url = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error('rounds serve did not start: ' + err)), 20000);
    proc.stderr.on('data', (d) => {
      err += d;
      const m = err.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m && /built \d+ modules/.test(err)) { clearTimeout(timer); resolve(m[1]); }
    });
  });
  browser = await chromium.launch({
    executablePath: executable,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (proc) proc.kill();
  if (site) rmSync(site, { recursive: true, force: true });
});

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

test('the review page marks the change since the sign-off, says who signs, and passes axe-core', { skip }, async () => {
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    const page = await (await browser.newContext({ viewport, bypassCSP: true })).newPage();
    // From the module's banner to its review page.
    await page.goto(url + 'sepsis/fluids/');
    await page.locator('.review-link a').click();
    assert.equal(new URL(page.url()).pathname, '/_rounds/review/content/sepsis/fluids.md');
    const body = page.locator('.reviewed-body');
    assert.match(await body.locator('ins').first().textContent(), /a measured bolus/);
    assert.match(await body.locator('del').first().textContent(), /enough/);
    const text = await page.locator('main').textContent();
    assert.match(text, /Changed since the medical by asmith on .* and the compliance by rlee on .* sign-off/);
    assert.match(text, /Signed over commit [0-9a-f]{12} \(.*“Sepsis course, signed”\)/);
    assert.match(text, /rounds review content\/sepsis\/fluids\.md --reviewer asmith --role medical/);
    assert.match(text, /rounds review content\/sepsis\/fluids\.md --reviewer rlee --role compliance/);
    await page.screenshot({ path: join(shots, `review-${viewport.width}.png`), fullPage: true });
    assert.deepEqual(await axe(page), [], `violations on the review page at ${viewport.width} px`);
    // And from /_rounds/.
    await page.goto(url + '_rounds/');
    assert.equal(await page.locator('a[href="/_rounds/review/content/sepsis/fluids.md"]').count(), 1);
  }
});
