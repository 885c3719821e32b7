// rounds: a learning path's progress and what is unlocked, read from this
// browser's localStorage (where rounds.js keeps post-test results). The
// page works without this script: it is then the plain list of modules
// with what each needs done first. Nothing is sent anywhere.
(function () {
  'use strict';
  var PREFIX = 'rounds:';
  var MARKS = PREFIX + 'paths:done'; // modules without a post-test the learner marked done

  // t is message key of the site's translation table in the page's
  // language: the layout writes the scripts' messages into
  // #rounds-strings; en, the English message, stands in where the page
  // has none. A message with plural forms ({one: ..., other: ...}) takes
  // the form of args.count by the language's rules (Intl.PluralRules).
  var STRINGS = (function () {
    var el = document.getElementById('rounds-strings');
    try { return (el && JSON.parse(el.textContent)) || {}; } catch (e) { return {}; }
  })();
  var LANG = document.documentElement.lang || 'en';
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

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: keep going */ }
  }

  function init(section) {
    var items = Array.prototype.slice.call(section.querySelectorAll('li[data-module]'));
    var titles = {};
    items.forEach(function (li) {
      var a = li.querySelector('h3 a');
      titles[li.getAttribute('data-module')] = a ? a.textContent : li.getAttribute('data-module');
    });

    function isDone(path, marks) {
      return !!load(PREFIX + path).passed || !!marks[path];
    }

    function render() {
      var marks = load(MARKS);
      var done = 0;
      items.forEach(function (li) {
        var path = li.getAttribute('data-module');
        var needs = (li.getAttribute('data-requires') || '').split(' ').filter(Boolean);
        var missing = needs.filter(function (p) { return !isDone(p, marks); });
        var state = li.querySelector('.path-state');
        var finished = isDone(path, marks);
        if (finished) done++;
        li.classList.toggle('is-done', finished);
        li.classList.toggle('is-locked', !finished && missing.length > 0);
        li.setAttribute('data-state', finished ? 'done' : (missing.length ? 'locked' : 'open'));
        if (finished) {
          state.textContent = '✓ ' + (li.hasAttribute('data-posttest') ? t('js.path_done_passed', 'Done: post-test passed') : t('js.path_done', 'Done'));
        } else if (missing.length) {
          state.textContent = t('js.path_locked', 'Locked: do {modules} first.', { modules: missing.map(function (p) { return titles[p] || p; }).join(', ') });
        } else {
          state.textContent = t('js.path_open', 'Open: you can start this module.');
        }
        state.hidden = false;
        var mark = li.querySelector('.path-mark');
        if (mark) {
          mark.hidden = false;
          mark.querySelector('input').checked = !!marks[path];
        }
      });
      var progress = section.querySelector('.path-progress');
      progress.hidden = false;
      progress.querySelector('.path-progress-text').textContent = t('js.path_progress', '{count} of {total} modules done.', { count: done, total: items.length });
      progress.querySelector('progress').value = done;
      section.setAttribute('data-ready', String(done));
      complete(done === items.length && items.length > 0);
      section.dispatchEvent(new CustomEvent('rounds:paths', { detail: { done: done } }));
    }

    // complete shows the programme record and the completion posts once
    // every module is done, with the date each was passed.
    var box = document.querySelector('.path-complete');
    function complete(all) {
      if (!box) return;
      box.hidden = !all;
      if (!all) return;
      box.querySelectorAll('li[data-module]').forEach(function (li) {
        var st = load(PREFIX + li.getAttribute('data-module'));
        li.querySelector('.path-done-date').textContent = st.date ? ' · ' + t('js.path_passed', 'passed {date}', { date: longDate(st.date) }) : '';
      });
      // A course is completed when each of its modules is done, on this
      // path or not: its card and posts show then.
      var marks = load(MARKS), courses = 0;
      box.querySelectorAll('li.path-course[data-modules]').forEach(function (li) {
        var ms = li.getAttribute('data-modules').split(' ').filter(Boolean);
        var all = ms.length > 0 && ms.every(function (p) { return isDone(p, marks); });
        li.hidden = !all;
        if (all) courses++;
      });
      var list = box.querySelector('.path-courses');
      if (list) list.hidden = courses === 0;
      var name = box.querySelector('#path-cert-name'), shown = box.querySelector('.certificate-name');
      var saved = load(PREFIX + 'certificate');
      if (saved.name && !name.value) name.value = saved.name;
      shown.textContent = name.value || '\u00a0';
      if (!box.hasAttribute('data-wired')) {
        box.setAttribute('data-wired', '');
        name.addEventListener('input', function () { shown.textContent = name.value || '\u00a0'; });
        box.querySelector('.certificate-print').addEventListener('click', function () {
          if (!name.value) { name.focus(); return; }
          window.print();
        });
      }
    }

    section.addEventListener('change', function (ev) {
      var input = ev.target;
      if (!input.matches || !input.matches('.path-mark input')) return;
      var marks = load(MARKS);
      var path = input.closest('li[data-module]').getAttribute('data-module');
      if (input.checked) marks[path] = true; else delete marks[path];
      save(MARKS, marks);
      render();
    });
    // Another tab passing a post-test updates this page.
    window.addEventListener('storage', render);
    render();
  }

  function start() {
    document.querySelectorAll('section.path[data-path]').forEach(init);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
