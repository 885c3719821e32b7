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
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

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
  function longDate(day) {
    var p = day.split('-');
    return Number(p[2]) + ' ' + MONTHS[Number(p[1]) - 1] + ' ' + p[0];
  }
  function letter(i) { return i < 26 ? String.fromCharCode(65 + i) : String(i + 1); }
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
      status.textContent = 'Nothing to practise yet: answer the questions of a module first, and its questions come here.';
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
    status.textContent = due.length ? due.length + ' question' + (due.length === 1 ? '' : 's') + ' due today.' : 'Nothing is due today.';
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
    label.textContent = 'From ' + d.module.title + (multi ? ' (choose all that apply)' : '');
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
    meta.textContent = 'Box ' + st.items[d.key].box + ' of ' + DAYS.length;
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
    button.textContent = 'Check answer';
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
      if (!chosen.length) { result.textContent = 'Choose an answer first.'; result.focus(); return; }
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
      meta.textContent = 'Box ' + it.box + ' of ' + DAYS.length;
      result.textContent = (ok ? 'Right. ' : 'Not quite: the right answer' + (right.length > 1 ? 's are ' : ' is ') + right.map(letter).join(', ') + '. ') +
        'Moved to box ' + it.box + ': next on ' + longDate(it.due) + '.';
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
    p.textContent = 'Your next practice: ' + longDate(first) + '.';
    p.hidden = false;
    var stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    var date = first.replace(/-/g, ''), end = addDays(first, 1).replace(/-/g, '');
    var ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//rounds//practice//EN', 'BEGIN:VEVENT',
      'UID:practice-' + date + '@' + location.host, 'DTSTAMP:' + stamp, 'DTSTART;VALUE=DATE:' + date, 'DTEND;VALUE=DATE:' + end,
      'SUMMARY:' + ('Practice: ' + document.title).replace(/[\\;,]/g, '\\$&').replace(/[\r\n]+/g, ' '),
      'URL:' + location.href.split('#')[0], 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    var a = cal.querySelector('a');
    if (a.href.indexOf('blob:') === 0) URL.revokeObjectURL(a.href);
    a.href = URL.createObjectURL(new Blob([ics], { type: 'text/calendar' }));
    cal.hidden = false;
  }

  var section = document.querySelector('[data-practice]');
  if (section) init(section);
})();
