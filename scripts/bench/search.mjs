// Measures the site search (js/search.js over search/) on a built site,
// for make bench: node scripts/bench/search.mjs PUBLIC_DIR
// Prints one JSON line: the index's size, its largest shard, and for a
// word found only in one module's body and for common queries, the bytes
// fetched before the first result and the query time (the script's own
// work, files read from memory: no network).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';

const pub = process.argv[2];
const dir = join(pub, 'search');
const script = readFileSync(join(pub, 'js/search.js'), 'utf8');
const ctx = { TextEncoder, Map, Promise, Array, Math, parseInt, String };
vm.createContext(ctx);
vm.runInContext(script, ctx);
const { create } = ctx.roundsSearch;

const files = new Map();
let total = 0, largest = 0, count = 0;
for (const sub of ['', 't', 'd']) {
  for (const name of readdirSync(join(dir, sub))) {
    const p = join(dir, sub, name);
    if (statSync(p).isDirectory()) continue;
    const data = readFileSync(p, 'utf8');
    files.set((sub ? sub + '/' : '') + name, data);
    total += data.length; count++;
    if (sub === 't') largest = Math.max(largest, data.length);
  }
}

// A word in the body of the fewest modules and in none's title, summary,
// objectives or tags (every posting even): "found by a body-only word".
let bodyWord = null, fewest = Infinity;
for (const [name, data] of files) {
  if (!name.startsWith('t/')) continue;
  const shard = JSON.parse(data);
  for (const [term, post] of Object.entries(shard)) {
    if (!/^[a-z]{5,}$/.test(term)) continue;
    const ps = post.split(',');
    if (ps.length >= fewest) continue;
    let v = 0, body = true;
    for (const p of ps) { v += parseInt(p, 36); if (v % 2) { body = false; break; } }
    if (body) { bodyWord = term; fewest = ps.length; }
  }
}

async function measure(q) {
  let bytes = script.length;
  const s = create('', (url) => {
    const data = files.get(url);
    if (data === undefined) return Promise.reject(new Error('no ' + url));
    bytes += data.length;
    return Promise.resolve(JSON.parse(data));
  });
  const t0 = process.hrtime.bigint();
  const res = await s.search(q);
  let first = null;
  if (res && res.hits.length) first = await s.doc(res.hits[0].id);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { q, ms: Math.round(ms * 100) / 100, bytes, hits: res ? res.total : 0, first: first && first.path };
}

const queries = [];
if (bodyWord) queries.push(await measure(bodyWord));
for (const q of ['sepsis', 'sep', 'fluid resuscitation', 'the']) queries.push(await measure(q));
// Typing a word letter by letter, as the box searches as you type.
if (bodyWord) {
  let typed = 0;
  for (let i = 2; i <= bodyWord.length; i++) typed += (await measure(bodyWord.slice(0, i))).ms;
  queries.push({ q: bodyWord + ' (typed, each keystroke)', ms: Math.round(typed / (bodyWord.length - 1) * 100) / 100 });
}
console.log(JSON.stringify({ files: count, bytes: total, largestShard: largest, script: script.length, bodyWord, queries }));
