// rounds: quizzes, post-test score, course progress and certificate.
// The page works without this script (answers sit in <details>); with it,
// answers are checked in place and kept in this browser's localStorage.
(function () {
  'use strict';
  var PREFIX = 'rounds:';

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

  function load(path) {
    try { return JSON.parse(localStorage.getItem(PREFIX + path)) || {}; } catch (e) { return {}; }
  }
  function save(path, state) {
    try { localStorage.setItem(PREFIX + path, JSON.stringify(state)); } catch (e) { /* private mode: keep going */ }
  }
  function today() {
    var d = new Date();
    return d.getFullYear() + '-' + ('0' + (d.getMonth() + 1)).slice(-2) + '-' + ('0' + d.getDate()).slice(-2);
  }
  // letter names choice i as the page's language letters choices (its
  // quiz.letters, as the server writes them: Locale.Letter), past the
  // last letter by its number.
  var LETTERS = String(STRINGS['quiz.letters'] || 'A B C D E F G H I J K L M N O P Q R S T U V W X Y Z').split(/\s+/).filter(Boolean);
  if (LETTERS.some(function (l, i) { return LETTERS.indexOf(l) !== i; })) LETTERS = 'A B C D E F G H I J K L M N O P Q R S T U V W X Y Z'.split(' ');
  function letter(i) { return i < LETTERS.length ? LETTERS[i] : num(i + 1); }

  // random is the one source of randomness of the page (pools, shuffled
  // choices): seeded from localStorage "rounds:seed" when a test sets it,
  // so no test passes or fails by chance; from crypto otherwise.
  var random = (function () {
    var seed = NaN;
    try { seed = parseInt(localStorage.getItem(PREFIX + 'seed'), 10); } catch (e) { /* none */ }
    if (isNaN(seed)) {
      var b = new Uint32Array(1);
      crypto.getRandomValues(b);
      seed = b[0];
    }
    var a = seed >>> 0;
    return function () { // mulberry32
      a = (a + 0x6D2B79F5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  })();
  function shuffled(list) {
    var out = list.slice();
    for (var i = out.length - 1; i > 0; i--) {
      var j = Math.floor(random() * (i + 1)), t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }
  function sameSet(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (b.indexOf(a[i]) < 0) return false;
    return true;
  }

  function initQuizzes(data) {
    var state = load(data.module);
    state.answers = state.answers || {};
    state.results = state.results || {};
    var forms = document.querySelectorAll('form.quiz');
    var reset = document.querySelector('.quiz-reset');
    var score = document.querySelector('.posttest-score');
    var plan = document.querySelector('.review-plan');
    var byId = {};
    forms.forEach(function (form) { byId[form.getAttribute('data-quiz')] = form; });

    // A pool: each attempt draws N of the pooled post-test questions; the
    // draw is kept with the answers, and "Start again" makes a new one.
    var pooled = Object.keys(data.quizzes).filter(function (id) { return data.quizzes[id].pool && byId[id]; });
    function draw(before) {
      if (!pooled.length) return;
      var n = data.quizzes[pooled[0]].pool;
      var ok = state.draw && state.draw.length === Math.min(n, pooled.length) &&
        state.draw.every(function (id) { return pooled.indexOf(id) >= 0; });
      // A new attempt draws another set than the last one, where the pool
      // has another (a few tries: the chance of the same set is small).
      // Questions already answered stay in the draw (an LMS hands back
      // the answers of an attempt, not the draw).
      var kept = pooled.filter(function (id) { return id in state.answers; }).slice(0, n);
      for (var tries = 0; !ok && tries < 20; tries++) {
        state.draw = kept.concat(shuffled(pooled.filter(function (id) { return kept.indexOf(id) < 0; }))).slice(0, n);
        ok = !before || pooled.length <= n || !sameSet(before, state.draw);
      }
      pooled.forEach(function (id) {
        var out = state.draw.indexOf(id) < 0;
        byId[id].hidden = out;
        if (out) byId[id].setAttribute('data-undrawn', ''); else byId[id].removeAttribute('data-undrawn');
      });
    }
    function inAttempt(id) { return !(state.draw && pooled.indexOf(id) >= 0 && state.draw.indexOf(id) < 0); }

    // Shuffled choices: a new order per attempt, pinned choices in place;
    // the letters follow the order shown.
    var shown = {}; // quiz id -> choice index -> its letter as shown
    function order(form, id) {
      var ul = form.querySelector('.quiz-choices');
      var lis = Array.prototype.slice.call(ul.children);
      lis.sort(function (a, b) { return Number(a.getAttribute('data-choice')) - Number(b.getAttribute('data-choice')); });
      var perm = lis.map(function (li, i) { return i; });
      if (data.quizzes[id] && data.quizzes[id].shuffle) {
        state.orders = state.orders || {};
        var saved = state.orders[id];
        if (!saved || saved.length !== lis.length) {
          var free = lis.map(function (li, i) { return li.hasAttribute('data-pin') ? -1 : i; }).filter(function (i) { return i >= 0; });
          var mixed = shuffled(free), k = 0;
          saved = lis.map(function (li, i) { return li.hasAttribute('data-pin') ? i : mixed[k++]; });
          state.orders[id] = saved;
        }
        perm = saved;
      }
      shown[id] = {};
      perm.forEach(function (i, pos) {
        ul.appendChild(lis[i]);
        shown[id][i] = letter(pos);
        var l = lis[i].querySelector('.quiz-letter');
        if (l) l.textContent = letter(pos) + '.';
      });
      form.querySelectorAll('.quiz-feedback[data-choice]').forEach(function (f) {
        var label = f.querySelector('.quiz-feedback-label strong');
        if (label) label.textContent = t('quiz.about', 'About {choice}:', { choice: shown[id][Number(f.getAttribute('data-choice'))] });
      });
      var right = form.querySelector('.quiz-right');
      if (right && data.quizzes[id]) {
        var q = data.quizzes[id];
        right.innerHTML = '';
        var strong = document.createElement('strong');
        strong.textContent = t('quiz.right_answer', { one: 'Right answer', other: 'Right answers' }, { count: q.correct.length }) + ':';
        right.appendChild(strong);
        right.appendChild(document.createTextNode(' ' + q.correct.map(function (i) { return shown[id][i]; }).sort().join(', ')));
      }
    }
    function shownLetter(id, i) { return shown[id] && shown[id][i] ? shown[id][i] : letter(i); }

    // A post-test question is locked once its answer is shown: its
    // choices are disabled and its first answer is the one scored (the
    // right answer is on the screen, so a second try would prove nothing).
    function isPosttest(form) { return form.hasAttribute('data-posttest'); }
    function setLocked(form, locked) {
      form.querySelectorAll('input').forEach(function (input) { input.disabled = locked; });
      var button = form.querySelector('.quiz-actions button');
      if (button) button.hidden = locked;
    }
    // The answer and explanation stay hidden until the learner answers;
    // without this script they sit in a closed <details> instead.
    function showAnswer(form, shown) {
      var details = form.querySelector('details.quiz-answer');
      if (!details) return;
      details.hidden = !shown;
      details.open = shown;
    }

    // evaluate marks the form's choices and shows its answer; it returns
    // false when nothing was chosen.
    function evaluate(form, moveFocus) {
      var id = form.getAttribute('data-quiz');
      var q = data.quizzes[id];
      if (!q) return false;
      var chosen = [];
      form.querySelectorAll('input').forEach(function (input) {
        if (input.checked) chosen.push(Number(input.value));
      });
      var result = form.querySelector('.quiz-result');
      if (chosen.length === 0) {
        result.textContent = t('js.choose_first', 'Choose an answer first.');
        if (moveFocus) result.focus();
        return false;
      }
      var right = sameSet(chosen, q.correct);
      form.querySelectorAll('li[data-choice]').forEach(function (li) {
        var i = Number(li.getAttribute('data-choice'));
        var old = li.querySelector('.quiz-mark');
        if (old) old.remove();
        li.classList.remove('is-right', 'is-wrong');
        var isRight = q.correct.indexOf(i) >= 0, picked = chosen.indexOf(i) >= 0;
        var text = '';
        if (isRight && picked) text = t('js.mark_right', 'your answer: right');
        else if (isRight) text = t('js.mark_right_answer', 'right answer');
        else if (picked) text = t('js.mark_wrong', 'your answer: not right');
        if (text) {
          li.classList.add(isRight ? 'is-right' : 'is-wrong');
          var mark = document.createElement('span');
          mark.className = 'quiz-mark';
          mark.textContent = (isRight ? '✓ ' : '✗ ') + text;
          li.appendChild(mark);
        }
      });
      result.textContent = (right ? t('js.right', 'Right.') :
        t('js.not_quite', { one: 'Not quite: the right answer is {answers}.', other: 'Not quite: the right answers are {answers}.' },
          { count: q.correct.length, answers: q.correct.map(function (i) { return shownLetter(id, i); }).sort().join(', ') })) +
        (isPosttest(form) ? ' ' + t('js.final', 'This answer is final: it is the one scored.') : '');
      showAnswer(form, true);
      state.answers[id] = chosen;
      state.results[id] = right;
      if (isPosttest(form) || form.closest('.container.case')) setLocked(form, true);
      if (moveFocus) result.focus();
      return true;
    }

    function updateScore() {
      var ids = Object.keys(data.quizzes).filter(function (id) { return data.quizzes[id].posttest && inAttempt(id); });
      updatePlan(ids);
      if (ids.length === 0 || !score) return;
      var answered = ids.filter(function (id) { return id in state.results; });
      if (answered.length < ids.length) {
        score.textContent = answered.length ? t('js.answered', 'Answered {count} of {total} post-test questions.', { count: answered.length, total: ids.length }) : '';
        return;
      }
      var n = ids.filter(function (id) { return state.results[id]; }).length;
      var share = n / ids.length;
      var passed = share >= data.pass;
      if (passed && !state.passed) state.date = today();
      state.passed = passed;
      state.score = share;
      score.textContent = t('js.score', 'Your score: {count} of {total} ({percent}).', { count: n, total: ids.length, percent: num(Math.round(share * 100) / 100, 'percent') }) + ' ' +
        (data.pass ? t('js.passing', 'Passing score: {percent}.', { percent: num(Math.round(data.pass * 100) / 100, 'percent') }) + ' ' : '') +
        (passed ? t('js.passed', 'You passed.') : t('js.not_passed', 'Not passed yet: start again to retry.'));
    }

    // updatePlan lists, for each post-test question answered wrong, the
    // section that teaches its objective and other modules of the site
    // with the same objective or tag. Made here from the page's data; it
    // lives in this browser's localStorage with the answers it comes from.
    function updatePlan(ids) {
      if (!plan) return;
      var list = plan.querySelector('ul');
      list.textContent = '';
      var related = data.related || {}, sections = data.sections || {}, objectives = data.objectives || [];
      var wrong = ids.filter(function (id) { return state.results[id] === false; });
      wrong.forEach(function (id) {
        var q = data.quizzes[id], li = document.createElement('li');
        var what = document.createElement('span');
        what.className = 'review-what';
        var legend = byId[id] && byId[id].querySelector('legend');
        var stem = id;
        if (legend) {
          // The legend less its label ("Post-test question").
          var copy = legend.cloneNode(true), lab = copy.querySelector('.quiz-label');
          if (lab) lab.remove();
          stem = copy.textContent.trim();
        }
        what.textContent = q.objective && objectives[q.objective - 1] ? t('js.objective', 'Objective {n}: {objective}', { n: q.objective, objective: objectives[q.objective - 1] }) : stem;
        li.appendChild(what);
        var links = [];
        var again = t('js.read_again', 'Read again:') + ' ', also = t('js.see_also', 'See also:') + ' ';
        if (q.teaches && sections[q.teaches]) links.push({ label: again, link: sections[q.teaches] });
        (related[q.objective ? String(q.objective) : 'tags'] || related.tags || []).forEach(function (r) { links.push({ label: also, link: r }); });
        if (!links.length && byId[id]) links.push({ label: again, link: { text: t('js.the_question', 'the question'), href: '#quiz-' + id } });
        links.forEach(function (x) {
          var p = document.createElement('span');
          p.className = 'review-link';
          p.appendChild(document.createTextNode(x.label));
          var a = document.createElement('a');
          a.href = x.link.href;
          a.textContent = x.link.text || x.link.href;
          p.appendChild(a);
          li.appendChild(p);
        });
        list.appendChild(li);
      });
      state.plan = wrong;
      plan.hidden = wrong.length === 0;
    }

    // Unfolding cases: a case shows its first stage (the text before its
    // first question, and the question); answering a stage shows the
    // stage its answer leads to ({next=id}) or the next one, and the text
    // after the last question once a stage leads nowhere further. Without
    // this script every stage shows, in order.
    var cases = Array.prototype.slice.call(document.querySelectorAll('.container.case'));
    function stagesOf(box) {
      var stages = [], cur = [], tail;
      Array.prototype.slice.call(box.children).forEach(function (el) {
        cur.push(el);
        if (el.matches('form.quiz')) { stages.push({ id: el.getAttribute('data-quiz'), form: el, els: cur }); cur = []; }
      });
      tail = cur;
      return { stages: stages, tail: tail };
    }
    function layoutCase(box) {
      var c = stagesOf(box), seen = {}, i = 0, open = [];
      if (!c.stages.length) return [];
      box.querySelectorAll(':scope > *').forEach(function (el) { el.hidden = true; });
      var showTail = false;
      while (i >= 0 && i < c.stages.length && !seen[i]) {
        seen[i] = true;
        var st = c.stages[i];
        st.els.forEach(function (el) { el.hidden = false; });
        open.push(st);
        var chosen = state.answers[st.id];
        if (!chosen || !chosen.length) break;
        var li = st.form.querySelector('li[data-choice="' + chosen[0] + '"]');
        var next = li && li.getAttribute('data-next');
        if (next) {
          i = -1;
          for (var k = 0; k < c.stages.length; k++) if (c.stages[k].id === next) i = k;
        } else if (i + 1 < c.stages.length) {
          i++;
        } else {
          showTail = true;
          break;
        }
      }
      if (showTail) c.tail.forEach(function (el) { el.hidden = false; });
      box.setAttribute('data-stage', open.length ? open[open.length - 1].id : '');
      return open;
    }
    function advanceCase(form) {
      var box = form.closest('.container.case');
      if (!box) return;
      var before = box.getAttribute('data-stage');
      var open = layoutCase(box);
      var last = open[open.length - 1];
      if (last && last.id !== before) {
        var first = last.els[0];
        if (!first.hasAttribute('tabindex')) first.setAttribute('tabindex', '-1');
        first.focus();
      }
    }

    draw();
    forms.forEach(function (form) { order(form, form.getAttribute('data-quiz')); });

    forms.forEach(function (form) {
      var button = form.querySelector('.quiz-actions button');
      if (button) button.hidden = false;
      showAnswer(form, false);
      var id = form.getAttribute('data-quiz');
      form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        // A scored post-test answer stands until "Start again": the
        // submit is no answer, for this page or a listener above it (an
        // LMS runtime records answers from the document).
        if (isPosttest(form) && id in state.results) { ev.stopPropagation(); return; }
        if (form.closest('.container.case') && id in state.results) { ev.stopPropagation(); return; }
        if (!evaluate(form, true)) return;
        updateScore();
        save(data.module, state);
        advanceCase(form);
      });
      var saved = state.answers[id];
      if (saved) {
        form.querySelectorAll('input').forEach(function (input) {
          input.checked = saved.indexOf(Number(input.value)) >= 0;
        });
        evaluate(form, false);
      }
    });
    updateScore();
    cases.forEach(layoutCase);
    save(data.module, state);
    if (reset) {
      reset.hidden = false;
      reset.addEventListener('click', function () {
        // Everything goes: answers, marks, results, the score and the pass.
        var last = state.draw;
        state = { answers: {}, results: {} };
        draw(last);
        forms.forEach(function (form) { order(form, form.getAttribute('data-quiz')); });
        save(data.module, state);
        forms.forEach(function (form) {
          setLocked(form, false);
          form.reset();
          form.querySelectorAll('.quiz-mark').forEach(function (m) { m.remove(); });
          form.querySelectorAll('li').forEach(function (li) { li.classList.remove('is-right', 'is-wrong'); });
          form.querySelector('.quiz-result').textContent = '';
          showAnswer(form, false);
        });
        if (score) score.textContent = '';
        updatePlan([]);
        cases.forEach(layoutCase);
        var first = document.querySelector('form.quiz:not([hidden]) input');
        if (first) first.focus();
      });
    }
  }

  // initCourse marks the modules whose post-test this browser passed: in
  // a course's list of modules, and in the course outline of a module page.
  function initCourse(course) {
    var items = course.querySelectorAll('[data-module]');
    var need = 0, done = 0;
    items.forEach(function (li) {
      var st = load(li.getAttribute('data-module'));
      if (!li.hasAttribute('data-posttest')) return;
      need++;
      if (!st.passed) return;
      done++;
      var card = li.querySelector('.card');
      if (card) {
        var badge = document.createElement('p');
        badge.className = 'done';
        badge.textContent = '✓ ' + t('js.completed_passed', 'Completed: post-test passed');
        card.appendChild(badge);
      } else {
        li.classList.add('is-done');
        var note = document.createElement('span');
        note.className = 'visually-hidden';
        note.textContent = ' ' + t('js.completed', '(completed)');
        li.querySelector('a').appendChild(note);
      }
    });
    var progress = course.querySelector('.course-progress');
    if (progress && need > 0) {
      progress.textContent = t('js.progress', 'Your progress: {count} of {total} post-tests passed in this browser.', { count: done, total: need });
      progress.hidden = false;
    }
    var link = course.querySelector('.certificate-link');
    if (link && need > 0 && done === need) link.hidden = false;
  }

  // certNumber is the course's certificate number, made once, at random,
  // and kept with the learner's results: "7KQ2-M9XD-4HTA". It is sent with
  // the evaluation where the site has an endpoint, so the provider can
  // match a printed certificate against its records.
  function certNumber(course) {
    var key = 'certificate:' + course, st = load(key);
    if (!st.number) {
      var alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ', b = new Uint8Array(12), out = '';
      crypto.getRandomValues(b);
      for (var i = 0; i < b.length; i++) out += (i && i % 4 === 0 ? '-' : '') + alphabet.charAt(b[i] & 31);
      st.number = out;
      save(key, st);
    }
    return st.number;
  }

  // initEvaluation: with an endpoint the form posts to it as it does
  // without this script, the certificate number added; without one the
  // answers are recorded in this browser only (and, in an LMS package, by
  // the LMS runtime, which listens on the document).
  function initEvaluation(form) {
    var module = form.getAttribute('data-module'), course = form.getAttribute('data-course');
    var button = form.querySelector('.evaluation-actions button');
    var result = form.querySelector('.evaluation-result');
    var posts = form.hasAttribute('action');
    var key = 'evaluation:' + module;
    if (button) { button.hidden = false; button.disabled = false; }
    var done = load(key);
    if (done.date) result.textContent = t('js.evaluated', 'You evaluated this activity on {date}. Thank you.', { date: longDate(done.date) });
    form.addEventListener('submit', function (ev) {
      if (!posts) ev.preventDefault();
      var number = form.querySelector('input[name="_certificate"]');
      if (number && course) number.value = certNumber(course);
      save(key, { date: today() });
      if (posts) return;
      result.textContent = document.documentElement.getAttribute('data-lms') === 'on' ?
        t('js.eval_recorded', 'Thank you: your evaluation is recorded.') : t('js.eval_recorded_browser', 'Thank you: your evaluation is recorded in this browser.');
      result.focus();
    });
  }
  // The statements before the activity are printed in full, open or not
  // (for browsers whose print style cannot open a <details>).
  var reopen = [];
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details.statements:not([open])').forEach(function (d) { d.open = true; reopen.push(d); });
  });
  window.addEventListener('afterprint', function () {
    reopen.forEach(function (d) { d.open = false; });
    reopen = [];
  });

  function initCertificate(el) {
    var paths = (el.getAttribute('data-modules') || '').split(' ').filter(Boolean);
    var course = el.getAttribute('data-course') || '';
    var last = '', all = paths.length > 0;
    paths.forEach(function (p) {
      var st = load(p);
      if (!st.passed) all = false;
      if (st.date && st.date > last) last = st.date;
    });
    var form = el.querySelector('.certificate-form');
    var cert = el.querySelector('.certificate');
    if (!all) {
      el.querySelector('.certificate-pending').hidden = false;
      return;
    }
    // policy.require_evaluation: the certificate waits for every
    // evaluation the course asks for.
    var missing = (el.getAttribute('data-evaluations') || '').split(' ').filter(function (p) { return p && !load('evaluation:' + p).date; });
    if (missing.length) {
      el.querySelector('.certificate-evaluate').hidden = false;
      missing.forEach(function (p) {
        var li = el.querySelector('[data-evaluation-of="' + p.replace(/["\\]/g, '\\$&') + '"]');
        if (li) li.hidden = false;
      });
      return;
    }
    form.hidden = false;
    cert.hidden = false;
    el.querySelector('.certificate-date').textContent = longDate(last);
    var number = certNumber(course);
    el.querySelectorAll('.certificate-number').forEach(function (n) { n.textContent = number; });
    var name = form.querySelector('#cert-name');
    var credit = form.querySelector('#cert-credit');
    var saved = load('certificate');
    if (saved.name) name.value = saved.name;
    function show() {
      el.querySelector('.certificate-name').textContent = name.value || '\u00a0';
      if (credit) {
        var max = Number(credit.max), v = Math.min(Math.max(Number(credit.value) || 0, 0), max);
        el.querySelector('.certificate-credit').textContent = String(v);
      }
      save('certificate', { name: name.value });
    }
    name.addEventListener('input', show);
    if (credit) credit.addEventListener('input', show);
    form.querySelector('.certificate-print').addEventListener('click', function () {
      if (!name.value) { name.focus(); return; }
      window.print();
    });
    show();
  }

  // Share page: copy buttons (the text stays selectable without them).
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var area = document.getElementById(button.getAttribute('data-copy'));
      var status = button.parentNode.querySelector('.copied');
      function done(ok) { if (status) status.textContent = ok ? t('js.copied', 'Copied.') : t('js.copy_failed', 'Select the text and copy it.'); }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(area.value).then(function () { done(true); }, function () { area.select(); done(false); });
      } else {
        area.select();
        done(document.execCommand && document.execCommand('copy'));
      }
    });
  });

  var data = document.getElementById('rounds-quiz');
  if (data) initQuizzes(JSON.parse(data.textContent));
  var course = document.querySelector('[data-course]');
  if (course) initCourse(course);
  document.querySelectorAll('form[data-evaluation]').forEach(initEvaluation);
  var cert = document.querySelector('[data-certificate]');
  if (cert) initCertificate(cert);
})();
