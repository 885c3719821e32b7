// [brand] on the default theme (issue 22): the sepsis example with a
// purple accent and font = "noto-sans", opened at 390 and 1280 px in light
// and dark mode. The pages are set in the embedded Noto Sans, served from
// the site; links take the accent (a lighter shade of it in dark mode);
// the logo is in the header; axe-core reports no violation. Screenshots in
// e2e/artefacts/ (ROUNDS_SHOTS=DIR to move them).
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
  tmp = mkdtempSync(join(tmpdir(), 'rounds-brand-'));
  // The sepsis example with another accent and a font: a change of
  // rounds.toml, so its frame is signed again with the example's demo keys.
  const src = join(tmp, 'site');
  cpSync(join(repo, 'examples/sepsis'), src, { recursive: true, filter: (p) => !p.includes('/public') && !p.includes('/.rounds') });
  const toml = join(src, 'rounds.toml');
  const edited = readFileSync(toml, 'utf8').replace(/^accent\s*=\s*"[^"]*"/m, 'accent = "#6b2c91"\nfont   = "noto-sans"');
  assert.match(edited, /font   = "noto-sans"/);
  writeFileSync(toml, edited);
  const rounds = join(repo, 'bin/rounds');
  for (const [who, role] of [['asmith', 'medical'], ['rlee', 'compliance']]) {
    execFileSync(rounds, ['review', '--frame', '--reviewer', who, '--role', role, '--key', `demo-keys/${who}`, '--now', '2026-11-21'], { cwd: src, stdio: 'pipe' });
  }
  execFileSync(rounds, ['build', '-s', src, '-d', join(tmp, 'public'), '--now', '2026-11-22', '--quiet', '--no-cache']);
  const root = join(tmp, 'public');
  const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.ttf': 'font/ttf' };
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

test('brand: accent, Noto Sans and logo at 390 and 1280 px, light and dark, no axe-core violation', { skip }, async () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
      const context = await browser.newContext({ viewport, colorScheme, bypassCSP: true });
      const page = await context.newPage();
      const requests = [], errors = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(base + 'sepsis/fluids/');
      await page.evaluate(() => document.fonts.ready);
      const font = await page.evaluate(() => ({
        family: getComputedStyle(document.body).fontFamily,
        loaded: document.fonts.check('16px "Rounds Noto Sans"') && [...document.fonts].some((f) => f.family.replace(/"/g, '').toLowerCase() === 'rounds noto sans' && f.status === 'loaded'),
      }));
      assert.match(font.family, /^"Rounds Noto Sans"/i); // the minifier writes it in lower case
      assert.ok(font.loaded, 'Noto Sans is loaded from the site');
      assert.ok(requests.some((u) => u.endsWith('/fonts/NotoSans-Regular.ttf')), 'the font is served with the site');
      assert.deepEqual(requests.filter((u) => !u.startsWith(base)), [], 'no request leaves the site');
      const link = await page.locator('nav.outline li a').first().evaluate((a) => getComputedStyle(a).color);
      if (colorScheme === 'light') assert.equal(link, 'rgb(107, 44, 145)', 'links in the accent');
      else assert.notEqual(link, 'rgb(107, 44, 145)', 'a lighter shade of the accent in dark mode');
      const logo = page.locator('.site-title img.site-logo');
      assert.ok(await logo.evaluate((img) => img.complete && img.naturalWidth > 0), 'the logo is shown');
      assert.equal(await logo.getAttribute('alt'), '', 'the logo beside the title is decorative');
      await page.screenshot({ path: join(shots, `brand-${viewport.width}-${colorScheme}.png`) });
      assert.deepEqual(await axe(page), [], `violations at ${viewport.width} px, ${colorScheme}`);
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
});
