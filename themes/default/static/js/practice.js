// rounds: spaced practice (Leitner boxes) with the questions of the
// modules this browser has done. It reads the site's own quiz.json files
// and this browser's localStorage (where rounds.js keeps results), keeps
// each question's box and due date there, and sends nothing anywhere.
// The .ics reminder is made here too, as a file to download.
(function () {
  'use strict';
  var PREFIX = 'rounds:';
  var KEY = PREFIX + 'practice';
  var DAYS = [1, 3, 7, 14, 30]; // the interval of each box, in days

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
  function iso(d) {
    return d.getFullYear() + '-' + ('0' + (d.getMonth() + 1)).slice(-2) + '-' + ('0' + d.getDate()).slice(-2);
  }
  function today() { return iso(new Date()); }
  function addDays(day, n) {
    var p = day.split('-');
    return iso(new Date(Number(p[0]), Number(p[1]) - 1, Number(p[2]) + n));
  }
  // letter names choice i as the page's language letters choices (its
  // quiz.letters, as the server writes them: Locale.Letter), past the
  // last letter by its number.
  var LETTERS = String(STRINGS['quiz.letters'] || 'A B C D E F G H I J K L M N O P Q R S T U V W X Y Z').split(/\s+/).filter(Boolean);
  if (LETTERS.some(function (l, i) { return LETTERS.indexOf(l) !== i; })) LETTERS = 'A B C D E F G H I J K L M N O P Q R S T U V W X Y Z'.split(' ');
  function letter(i) { return i < LETTERS.length ? LETTERS[i] : num(i + 1); }
  // plain drops the Markdown marks a question's text may carry.
  function plain(s) { return String(s || '').replace(/\*\*|__|`/g, '').replace(/\[@[^\]]*\]/g, '').trim(); }

  function done(m, marks) {
    var st = load(PREFIX + m.path);
    return !!st.passed || !!(st.answers && Object.keys(st.answers).length) || !!marks[m.path];
  }

  function init(section) {
    var modules = JSON.parse(document.getElementById('rounds-practice').textContent) || [];
    var marks = load(PREFIX + 'paths:done');
    var mine = modules.filter(function (m) { return done(m, marks); });
    var status = section.querySelector('.practice-status');
    var list = section.querySelector('.practice-list');
    if (!mine.length) {
      status.textContent = t('js.practice_empty', 'Nothing to practise yet: answer the questions of a module first, and its questions come here.');
      section.setAttribute('data-ready', '0');
      return;
    }
    Promise.all(mine.map(function (m) {
      return fetch(m.quiz, { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; })
        .then(function (doc) { return { module: m, doc: doc }; });
    })).then(function (docs) { show(section, docs, status, list); });
  }

  function show(section, docs, status, list) {
    var st = load(KEY);
    st.items = st.items || {};
    var day = today(), due = [];
    docs.forEach(function (d) {
      if (!d.doc || !d.doc.questions) return;
      var results = load(PREFIX + d.module.path).results || {};
      d.doc.questions.forEach(function (q) {
        var key = d.module.path + '#' + q.id;
        var it = st.items[key];
        if (!it) {
          // A question answered right on its page starts a box up.
          it = results[q.id] === true ? { box: 2, due: addDays(day, DAYS[1]) } : { box: 1, due: day };
          st.items[key] = it;
        }
        if (it.due <= day) due.push({ key: key, q: q, module: d.module });
      });
    });
    save(KEY, st);
    status.textContent = due.length ? t('js.practice_due', { one: '{count} question due today.', other: '{count} questions due today.' }, { count: due.length }) : t('js.practice_none_due', 'Nothing is due today.');
    due.forEach(function (d, n) { list.appendChild(question(d, n, st, section)); });
    next(section, st);
    section.setAttribute('data-ready', String(due.length));
  }

  function question(d, n, st, section) {
    var q = d.q, li = document.createElement('li'), form = document.createElement('form');
    form.className = 'quiz';
    form.setAttribute('data-key', d.key);
    var multi = q.choices.filter(function (c) { return c.correct; }).length > 1;
    var fs = document.createElement('fieldset'), legend = document.createElement('legend');
    var label = document.createElement('span');
    label.className = 'quiz-label';
    label.textContent = t('js.practice_from', 'From {module}', { module: d.module.title }) + (multi ? ' ' + t('quiz.choose_all', '(choose all that apply)') : '');
    legend.appendChild(label);
    legend.appendChild(document.createTextNode(' ' + plain(q.question)));
    fs.appendChild(legend);
    if (d.module.support) {
      var sup = document.createElement('p');
      sup.className = 'support';
      sup.textContent = d.module.support;
      fs.appendChild(sup);
    }
    var meta = document.createElement('p');
    meta.className = 'practice-meta';
    meta.textContent = t('js.practice_box', 'Box {box} of {total}', { box: st.items[d.key].box, total: DAYS.length });
    fs.appendChild(meta);
    var ul = document.createElement('ul');
    ul.className = 'quiz-choices';
    q.choices.forEach(function (c, i) {
      var cli = document.createElement('li'), input = document.createElement('input'), lab = document.createElement('label');
      var id = 'practice-' + n + '-' + i;
      input.type = multi ? 'checkbox' : 'radio';
      input.name = 'practice-' + n;
      input.id = id;
      input.value = String(i);
      lab.htmlFor = id;
      lab.textContent = letter(i) + '. ' + plain(c.text);
      cli.appendChild(input);
      cli.appendChild(document.createTextNode(' '));
      cli.appendChild(lab);
      ul.appendChild(cli);
    });
    fs.appendChild(ul);
    var actions = document.createElement('p'), button = document.createElement('button');
    actions.className = 'quiz-actions';
    button.type = 'submit';
    button.textContent = t('quiz.check', 'Check answer');
    actions.appendChild(button);
    fs.appendChild(actions);
    var result = document.createElement('p');
    result.className = 'quiz-result practice-moved';
    result.setAttribute('aria-live', 'polite');
    result.tabIndex = -1;
    fs.appendChild(result);
    form.appendChild(fs);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var chosen = [];
      form.querySelectorAll('input').forEach(function (input) { if (input.checked) chosen.push(Number(input.value)); });
      if (!chosen.length) { result.textContent = t('js.choose_first', 'Choose an answer first.'); result.focus(); return; }
      var right = [];
      q.choices.forEach(function (c, i) { if (c.correct) right.push(i); });
      var ok = chosen.length === right.length && chosen.every(function (i) { return right.indexOf(i) >= 0; });
      var s = load(KEY);
      s.items = s.items || {};
      var it = s.items[d.key] || { box: 1 };
      it.box = ok ? Math.min(it.box + 1, DAYS.length) : 1;
      it.due = addDays(today(), DAYS[it.box - 1]);
      s.items[d.key] = it;
      save(KEY, s);
      form.querySelectorAll('input, button').forEach(function (el) { el.disabled = true; });
      li.setAttribute('data-box', String(it.box));
      meta.textContent = t('js.practice_box', 'Box {box} of {total}', { box: it.box, total: DAYS.length });
      result.textContent = (ok ? t('js.right', 'Right.') :
        t('js.not_quite', { one: 'Not quite: the right answer is {answers}.', other: 'Not quite: the right answers are {answers}.' }, { count: right.length, answers: right.map(letter).join(', ') })) + ' ' +
        t('js.practice_moved', 'Moved to box {box}: next on {date}.', { box: it.box, date: longDate(it.due) });
      result.focus();
      next(section, s);
    });
    li.appendChild(form);
    return li;
  }

  // next says when the next practice is, and makes the .ics reminder.
  function next(section, st) {
    var day = today(), first = '';
    Object.keys(st.items || {}).forEach(function (k) {
      var d = st.items[k].due;
      if (d > day && (!first || d < first)) first = d;
    });
    var p = section.querySelector('.practice-next'), cal = section.querySelector('.practice-calendar');
    if (!first) { p.hidden = true; cal.hidden = true; return; }
    p.textContent = t('js.practice_next', 'Your next practice: {date}.', { date: longDate(first) });
    p.hidden = false;
    var stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    var date = first.replace(/-/g, ''), end = addDays(first, 1).replace(/-/g, '');
    var ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//rounds//practice//EN', 'BEGIN:VEVENT',
      'UID:practice-' + date + '@' + location.host, 'DTSTAMP:' + stamp, 'DTSTART;VALUE=DATE:' + date, 'DTEND;VALUE=DATE:' + end,
      'SUMMARY:' + t('js.practice_event', 'Practice: {title}', { title: document.title }).replace(/[\\;,]/g, '\\$&').replace(/[\r\n]+/g, ' '),
      'URL:' + location.href.split('#')[0], 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    var a = cal.querySelector('a');
    if (a.href.indexOf('blob:') === 0) URL.revokeObjectURL(a.href);
    a.href = URL.createObjectURL(new Blob([ics], { type: 'text/calendar' }));
    cal.hidden = false;
  }

  var section = document.querySelector('[data-practice]');
  if (section) init(section);
})();
