// End-to-end tests of video and callouts (issue 24) in headless Chromium: a YouTube
// video sends no request to any host but the site's until play is pressed,
// the page's CSP lets its player load then, a bundle video's captions
// load, and axe-core finds no violation. `make e2e` builds bin/rounds first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

let tmp, server, base, browser;

// mp4 is the header of an MP4 that runs 90 s: enough for rounds to read
// its length; the browser cannot play it, and need not to load captions.
function mp4() {
  const box = (type, payload) => {
    const b = Buffer.alloc(8 + payload.length);
    b.writeUInt32BE(b.length, 0); b.write(type, 4, 'latin1'); payload.copy(b, 8);
    return b;
  };
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); mvhd.writeUInt32BE(90000, 16);
  return Buffer.concat([box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2mp41', 'latin1')), box('moov', box('mvhd', mvhd))]);
}

// A site of its own for the bundle video: the handbook embeds YouTube only.
function clipSite(dir) {
  const files = {
    'rounds.toml': 'title = "Clips"\nbaseURL = "https://clips.example.org/"\n\n[policy]\nrequired_roles = []\n',
    'people.toml': '[[person]]\nid = "jdoe"\nname = "Jordan Doe"\ncredentials = "MD"\n',
    'content/shock/_index.md': '+++\ntitle = "Shock"\nsummary = "Shock."\n+++\n',
    'content/shock/clip/index.md': '+++\ntitle = "Shock in one minute"\nsummary = "What shock looks like."\ndate = 2026-10-01\nauthors = ["jdoe"]\n+++\n\n' +
      '::: video src=clip.mp4 captions=clip.en.vtt\nThe first minute.\n:::\n',
    'content/shock/clip/clip.en.vtt': 'WEBVTT\n\n00:00.000 --> 00:04.000\nSepsis is a medical emergency.\n\n00:04.000 --> 00:08.000\nGive fluids early.\n',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  writeFileSync(join(dir, 'content/shock/clip/clip.mp4'), mp4());
}

before(async () => {
  if (skip) return;
  tmp = mkdtempSync(join(tmpdir(), 'rounds-e2e-media-'));
  const root = join(tmp, 'public');
  execFileSync(join(repo, 'bin/rounds'), ['build', '-s', join(repo, 'examples/handbook'), '-d', root, '--now', '2026-11-22', '--quiet']);
  clipSite(join(tmp, 'clips'));
  execFileSync(join(repo, 'bin/rounds'), ['build', '-s', join(tmp, 'clips'), '-d', join(root, 'clips'), '--now', '2026-11-22', '--quiet']);
  const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.png': 'image/png', '.vtt': 'text/vtt', '.mp4': 'video/mp4' };
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

// newPage records every request the page makes; requests to other hosts
// are recorded and answered here, so the test needs no network.
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

const videoPage = () => base + 'guide/video-and-audio/';

test('a YouTube video: no request leaves the site until play is pressed', { skip }, async () => {
  const { context, page, requests, errors } = await newPage();
  await page.goto(videoPage(), { waitUntil: 'networkidle' });
  await page.locator('.media-embed img').evaluate((img) => img.decode());
  const offsite = requests.filter((u) => !u.startsWith(base));
  assert.deepEqual(offsite, [], 'requests to other hosts before play');
  assert.ok(requests.some((u) => u.endsWith('/poster.png')), 'the poster comes from the site');

  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /; frame-src https:\/\/www\.youtube-nocookie\.com$/);

  const play = page.getByRole('link', { name: /^Play the video on YouTube \(10 min 35 s\)$/ });
  await play.click();
  const frame = page.locator('.media-embed iframe');
  await frame.waitFor();
  assert.equal(await frame.getAttribute('src'), 'https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1');
  assert.equal(await frame.getAttribute('title'), 'Video on YouTube');
  await page.waitForFunction(() => document.activeElement && document.activeElement.tagName === 'IFRAME');
  await assert.doesNotReject(page.waitForRequest((r) => r.url().startsWith('https://www.youtube-nocookie.com/embed/')).catch(() => {
    if (!requests.some((u) => u.startsWith('https://www.youtube-nocookie.com/embed/'))) throw new Error('no request to the player');
  }));
  assert.deepEqual(requests.filter((u) => !u.startsWith(base) && !u.startsWith('https://www.youtube-nocookie.com/')), [],
    'after play, only the player host');
  assert.deepEqual(errors.filter((e) => /Content Security Policy/i.test(e)), [], 'the CSP lets the player load');
  await context.close();
});

test('without JavaScript, play opens the video on YouTube', { skip }, async () => {
  const { context, page, requests } = await newPage({ javaScriptEnabled: false });
  await page.goto(videoPage(), { waitUntil: 'networkidle' });
  assert.deepEqual(requests.filter((u) => !u.startsWith(base)), []);
  assert.equal(await page.locator('a.embed-play').getAttribute('href'), 'https://www.youtube.com/watch?v=aqz-KE-bpKQ');
  await context.close();
});

test('a bundle video: its captions track loads', { skip }, async () => {
  const { context, page, requests } = await newPage();
  await page.goto(base + 'clips/shock/clip/');
  const cues = await page.evaluate(() => new Promise((ok, fail) => {
    const track = document.querySelector('video track');
    const done = () => ok([...track.track.cues].map((c) => c.text));
    if (track.readyState === 2) return done();
    track.addEventListener('load', done);
    track.addEventListener('error', () => fail(new Error('the track did not load')));
  }));
  assert.deepEqual(cues, ['Sepsis is a medical emergency.', 'Give fluids early.']);
  assert.equal(await page.locator('video').getAttribute('preload'), 'metadata');
  assert.deepEqual(requests.filter((u) => !u.startsWith(base)), []);
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

test('axe-core: no WCAG 2.1 AA violations on pages with video and callouts', { skip }, async () => {
  // The CSP forbids inline scripts, so axe is injected with CSP bypassed.
  const { context, page } = await newPage({ bypassCSP: true });
  for (const url of [videoPage(), base + 'clips/shock/clip/']) {
    await page.goto(url);
    assert.deepEqual(await axe(page), [], `violations on ${url}`);
  }
  // The callouts of the handbook's Writing a module page (the rest of
  // that page is not this test's: its checklist's task boxes have no
  // labels).
  await page.goto(base + 'guide/writing-a-module/');
  assert.equal(await page.locator('.callout').count(), 1);
  assert.equal(await page.getByRole('note').first().locator('.callout-label').textContent(), 'Red flag');
  assert.deepEqual(await axe(page, '.callout'), [], 'violations in the callout');
  await context.close();
});
