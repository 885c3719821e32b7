// rounds search: the search box in the site header, over the sharded
// full-text index built with the site (generator/search): titles,
// summaries, objectives, tags and the text of every module. No server and
// no other host: the manifest is fetched when the box is first used, then
// only the term shards the query's words need and the document shards of
// the results shown. Without this script the box stays hidden.
(function (global) {
  'use strict';
  var MAX = 10;

  // t is message key of the site's translation table in the page's
  // language: the layout writes the scripts' messages into
  // #rounds-strings; en, the English message, stands in where the page
  // has none. A message with plural forms ({one: ..., other: ...}) takes
  // the form of args.count by the language's rules (Intl.PluralRules).
  // Outside a page (make bench runs this file in node) there is no
  // document: the search itself needs none.
  var PAGE = typeof document !== 'undefined';
  var STRINGS = (function () {
    var el = PAGE && document.getElementById('rounds-strings');
    try { return (el && JSON.parse(el.textContent)) || {}; } catch (e) { return {}; }
  })();
  var LANG = (PAGE && document.documentElement.lang) || 'en';
  // Plain "en" writes dates as the pages do ("2 January 2026"), "en-US"
  // its own way; Arabic pages use Latin digits unless the site asks for
  // Arabic-Indic ones.
  var INTL = [/^en$/i.test(LANG) ? 'en-GB' : LANG, 'en-GB'];
  var NU = STRINGS._digits === 'arab' ? 'arab' : 'latn';
  function t(key, en, args) {
    var m = STRINGS[key] || en;
    if (typeof m === 'object') {
      var form = 'other';
      try { form = new Intl.PluralRules(INTL).select(args && args.count); } catch (e) { form = args && args.count === 1 ? 'one' : 'other'; }
      m = m[form] || m.other;
    }
    return String(m).replace(/\{([a-z_]+)\}/g, function (all, k) {
      if (!args || !(k in args)) return all;
      return typeof args[k] === 'number' ? num(args[k]) : String(args[k]);
    });
  }
  function num(n, style) {
    try { return new Intl.NumberFormat(INTL, { style: style || 'decimal', numberingSystem: NU }).format(n); } catch (e) { return style === 'percent' ? Math.round(n * 100) + '%' : String(n); }
  }
  // longDate writes an ISO date (2026-01-02) the language's long way, as
  // the pages do: "2 January 2026", "2 de enero de 2026".
  function longDate(iso) {
    var p = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    if (!p) return '';
    var d = new Date(Date.UTC(Number(p[1]), Number(p[2]) - 1, Number(p[3]), 12));
    try {
      return new Intl.DateTimeFormat(INTL, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC', numberingSystem: NU }).format(d);
    } catch (e) { return iso; }
  }

  // tokens splits text as generator/search.Tokens does.
  function tokens(s) {
    var m = (s || '').normalize('NFC').toLowerCase().match(/[\p{L}\p{Nd}\p{Mn}]+/gu) || [];
    return m.filter(function (w) { var n = Array.from(w).length; return n >= 2 && n <= 32; });
  }
  function shardFile(k) {
    var bytes = new TextEncoder().encode(k), out = '';
    for (var i = 0; i < bytes.length; i++) {
      var c = bytes[i];
      out += (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? String.fromCharCode(c) : '_' + (c < 16 ? '0' : '') + c.toString(16);
    }
    return out;
  }
  function decode(s) {
    var out = [], prev = 0, parts = s.split(',');
    for (var i = 0; i < parts.length; i++) { prev += parseInt(parts[i], 36); out.push(prev); }
    return out;
  }

  // create makes a searcher over the index at base ("search/"), reading
  // files with get(url) -> Promise of parsed JSON.
  function create(base, get) {
    var manifest = null, shards = {}, docs = {};
    function load(name, cache) {
      if (!cache[name]) cache[name] = get(base + name);
      return cache[name];
    }
    function init() {
      if (!manifest) manifest = get(base + 'index.json');
      return manifest;
    }
    // keysFor: the shards holding the terms that start with w: the
    // longest key that is a prefix of w, and any longer key that starts
    // with w; null when too many (the word is too short yet).
    function keysFor(m, w, prefix) {
      var chars = Array.from(w), best = null;
      for (var n = Math.min(chars.length, 6); n > 0 && best === null; n--) {
        var k = chars.slice(0, n).join('');
        if (m.set[k]) best = k;
      }
      var keys = best === null ? [] : [best];
      if (prefix) {
        var longer = m.shards.filter(function (k) { return k.length > w.length && k.indexOf(w) === 0; });
        if (longer.length > 4) return null;
        keys = keys.concat(longer);
      }
      return keys;
    }
    // word: the documents of one query word, each with its score (a meta
    // field counts 3, the body 1; the whole word 1 more than a prefix).
    function word(m, w, prefix) {
      var keys = keysFor(m, w, prefix);
      if (keys === null) return Promise.resolve(null);
      return Promise.all(keys.map(function (k) { return load('t/' + shardFile(k) + '.json', shards); })).then(function (list) {
        var scores = new Map();
        list.forEach(function (shard) {
          for (var term in shard) {
            if (term !== w && !(prefix && term.indexOf(w) === 0)) continue;
            var bonus = term === w ? 1 : 0, ps = decode(shard[term]);
            for (var i = 0; i < ps.length; i++) {
              var id = ps[i] >> 1, s = (ps[i] & 1 ? 3 : 1) + bonus;
              if ((scores.get(id) || 0) < s) scores.set(id, s);
            }
          }
        });
        return scores;
      });
    }
    // search resolves to {total, hits: [{id, score}], more} or null when
    // the query has no word yet; ids are documents, best first.
    function search(q) {
      var words = tokens(q);
      if (!words.length) return Promise.resolve(null);
      var last = /[\p{L}\p{Nd}\p{Mn}]$/u.test(q.normalize('NFC'));
      return init().then(function (m) {
        if (!m.set) { m.set = {}; m.shards.forEach(function (k) { m.set[k] = true; }); }
        return Promise.all(words.map(function (w, i) { return word(m, w, last && i === words.length - 1); })).then(function (each) {
          if (each.some(function (s) { return s === null; })) return { total: 0, hits: [], short: true };
          var total = null;
          each.forEach(function (scores) {
            if (total === null) { total = new Map(scores); return; }
            total.forEach(function (s, id) {
              if (scores.has(id)) total.set(id, s + scores.get(id)); else total.delete(id);
            });
          });
          var hits = [];
          total.forEach(function (s, id) { hits.push({ id: id, score: s }); });
          hits.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
          return { total: hits.length, hits: hits };
        });
      });
    }
    // doc resolves to a document: {title, path, course, disclosure, summary}.
    function doc(id) {
      return init().then(function (m) {
        var n = Math.floor(id / m.per);
        return load('d/' + n + '.json', docs).then(function (rows) {
          var r = rows[id - n * m.per];
          return { title: r[0], path: r[1], course: m.courses[r[2]], disclosure: r[3], summary: r[4] };
        });
      });
    }
    return { search: search, doc: doc, tokens: tokens };
  }
  global.roundsSearch = { create: create, tokens: tokens, MAX: MAX };

  if (!PAGE) return;
  var form = document.querySelector('form.search');
  if (!form || !window.fetch || !String.prototype.normalize) return;
  var input = form.querySelector('input');
  var box = form.querySelector('.search-results');
  var status = document.getElementById('search-status');
  var root = form.getAttribute('data-root') || '';
  var searcher = create(form.getAttribute('data-index'), function (url) {
    return fetch(url).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  });
  // dismissed: Escape closed the list; focus alone does not reopen it,
  // typing does.
  var timer = 0, shown = '', dismissed = false;
  form.hidden = false;

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }
  function show(q, res) {
    box.textContent = '';
    if (!res) { close(); return; }
    if (res.short) {
      box.appendChild(el('p', 'none', t('js.search_typing', 'Keep typing…')));
      status.textContent = '';
    } else if (!res.hits.length) {
      box.appendChild(el('p', 'none', t('js.search_no_match', 'No module matches “{query}”.', { query: q })));
      status.textContent = t('js.search_none', 'No module found.');
    } else {
      var ol = el('ol');
      res.hits.slice(0, MAX).forEach(function (h) {
        var li = el('li');
        ol.appendChild(li);
        // Each result is drawn as soon as its document shard arrives.
        searcher.doc(h.id).then(function (d) {
          var a = el('a');
          a.href = root + d.path;
          a.appendChild(el('span', 'hit-title', d.title));
          // The disclosure goes with the title wherever it is listed.
          if (d.disclosure) a.appendChild(el('span', 'hit-support', d.disclosure));
          var meta = [d.course, d.summary].filter(Boolean).join(' · ');
          if (meta) a.appendChild(el('span', 'hit-meta', meta));
          li.appendChild(a);
        });
      });
      box.appendChild(ol);
      status.textContent = (res.total > MAX ? t('js.search_found_first', '{count} modules found, the first {shown} shown.', { count: res.total, shown: MAX }) :
        t('js.search_found', { one: '{count} module found.', other: '{count} modules found.' }, { count: res.total })) + ' ' + t('js.search_arrow', 'Press the down arrow to reach them.');
    }
    box.hidden = false;
  }
  function close() { box.hidden = true; }
  function links() { return Array.prototype.slice.call(box.querySelectorAll('a')); }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    dismissed = false;
    var q = input.value;
    timer = setTimeout(function () {
      searcher.search(q).then(function (res) {
        if (input.value === q) { shown = q; show(q, res); }
      }, function () { status.textContent = t('js.search_unavailable', 'Search is not available.'); });
    }, 40);
  });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener('keydown', function (ev) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (ev.key === 'ArrowDown' && all.length) {
      ev.preventDefault();
      // A list closed with Escape opens again with the down arrow.
      if (box.hidden && input.value === shown) { box.hidden = false; dismissed = false; }
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (ev.key === 'ArrowUp' && at >= 0) {
      ev.preventDefault();
      if (at === 0) input.focus(); else all[at - 1].focus();
    } else if (ev.key === 'Escape' && !box.hidden) {
      ev.preventDefault();
      dismissed = true;
      close();
      input.focus();
    }
  });
  form.addEventListener('focusout', function (ev) {
    if (!ev.relatedTarget || !form.contains(ev.relatedTarget)) close();
  });
  input.addEventListener('focus', function () { if (!dismissed && input.value && shown && box.childNodes.length) box.hidden = false; });
})(typeof window !== 'undefined' ? window : globalThis);
