// The dev server in a real browser: an open page reloads by itself after an
// edit, and a broken module shows the problems over the last good page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..');
const executable = process.env.CHROMIUM || '/usr/bin/chromium';
const skip = existsSync(executable) ? false : `Chromium is not installed at ${executable}; browser tests skipped`;
if (skip && process.env.CI === 'true') throw new Error(`Chromium is not at ${executable}: CI must install it`);

let site, proc, url, browser;

before(async () => {
  if (skip) return;
  site = mkdtempSync(join(tmpdir(), 'rounds-serve-'));
  cpSync(join(repo, 'examples/sepsis'), site, { recursive: true });
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

test('an open page reloads by itself after an edit', { skip }, async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url + 'sepsis/fluids/');
  await page.waitForFunction(() => document.querySelector('script[src="/_rounds/reload.js"]'));
  await page.waitForTimeout(300); // the event stream connects
  const file = join(site, 'content/sepsis/fluids.md');
  writeFileSync(file, readFileSync(file, 'utf8').replace('The aim is enough', 'The aim, edited live, is enough'));
  await page.waitForFunction(() => document.body.textContent.includes('edited live'), null, { timeout: 0 });
  // the edit voided the sign-off: the preview says so, build would refuse it
  assert.match(await page.locator('.banner').first().textContent(), /Not publishable/);
});

test('a broken module shows its problems over the last good page, then clears', { skip }, async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url + 'sepsis/vasopressors/');
  await page.waitForTimeout(300);
  const file = join(site, 'content/sepsis/vasopressors.md');
  const good = readFileSync(file, 'utf8');
  writeFileSync(file, good.replace('title', 'title = = "<img src=x onerror=alert(1)>"\nx'));
  const overlay = page.locator('[role=alert]', { hasText: 'The site does not build' });
  await overlay.waitFor({ timeout: 0 });
  assert.match(await overlay.textContent(), /content\/sepsis\/vasopressors\.md:2:/);
  assert.equal(await page.locator('img[src=x]').count(), 0, 'messages are text, never HTML');
  writeFileSync(file, good);
  await overlay.waitFor({ state: 'detached', timeout: 0 });
});
