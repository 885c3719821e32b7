// rounds LMS bridge: reports a module's post-test to the learning
// management system that launched the page: SCORM 1.2 (API), SCORM 2004
// (API_1484_11) or cmi5 (launch parameters). Opened without an LMS it does
// nothing, and rounds.js keeps the answers in this browser as on the site:
// one script, three hosts. It runs before rounds.js (both deferred, this one
// first) so that answers kept by the LMS are in place when rounds.js reads
// them, and it reads each answer after rounds.js has checked it.
(function () {
  'use strict';
  var PREFIX = 'rounds:';
  var dataEl = document.getElementById('rounds-quiz');
  var data = dataEl ? JSON.parse(dataEl.textContent) : { module: location.pathname, pass: 0, quizzes: {} };
  var ids = Object.keys(data.quizzes).filter(function (id) { return data.quizzes[id].posttest; });
  var started = new Date();
  // state: what this attempt has answered, kept by the LMS between sessions.
  // answers: id -> chosen choice indices; slots: id -> interaction index.
  var state = { answers: {}, slots: {} };

  function letter(i) { return String.fromCharCode(97 + i); }
  function sameSet(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (b.indexOf(a[i]) < 0) return false;
    return true;
  }
  function right(id) { return sameSet(state.answers[id], data.quizzes[id].correct); }
  // A pool (pool=N): an attempt is the post-test questions outside it and
  // the N rounds.js draws from it, so the total counts N, not the pool.
  var pooled = ids.filter(function (id) { return data.quizzes[id].pool; });
  var total = ids.length - pooled.length + (pooled.length ? Math.min(data.quizzes[pooled[0]].pool, pooled.length) : 0);
  function score() {
    var answered = ids.filter(function (id) { return id in state.answers; });
    var n = answered.filter(right).length;
    return { answered: answered.length, right: n, total: total, scaled: total ? n / total : 1 };
  }

  // encode keeps the state compactly: SCORM 1.2 gives suspend_data 4,096
  // characters. "1|q2=b@0|q3=ac@1": a version, then each question's id,
  // chosen letters and interaction slot. Questions that do not fit are
  // left out (their interactions are recorded all the same).
  function encode(limit) {
    var out = '1';
    Object.keys(state.answers).forEach(function (id) {
      var part = '|' + id.replace(/[|=@]/g, '_') + '=' + state.answers[id].map(letter).join('') + '@' + state.slots[id];
      if (out.length + part.length <= limit) out += part;
    });
    return out;
  }
  function decode(s) {
    var st = { answers: {}, slots: {} };
    if (!s || s.charAt(0) !== '1') return st;
    s.split('|').slice(1).forEach(function (part) {
      var m = /^(.*)=([a-z]*)@(\d+)$/.exec(part);
      if (!m || !data.quizzes[m[1]]) return;
      st.answers[m[1]] = m[2].split('').map(function (c) { return c.charCodeAt(0) - 97; });
      st.slots[m[1]] = Number(m[3]);
    });
    return st;
  }
  // seed hands the LMS's answers to rounds.js, which restores the page from
  // localStorage: the LMS, not this browser, is the record.
  function seed() {
    var saved = { answers: {}, results: {} };
    Object.keys(state.answers).forEach(function (id) {
      saved.answers[id] = state.answers[id];
      saved.results[id] = right(id);
    });
    try { localStorage.setItem(PREFIX + data.module, JSON.stringify(saved)); } catch (e) { /* storage off: the page starts empty */ }
  }
  function chosen(form) {
    var out = [];
    form.querySelectorAll('input').forEach(function (input) { if (input.checked) out.push(Number(input.value)); });
    return out;
  }
  function seconds() { return (new Date() - started) / 1000; }
  function pad(n, w) { n = String(n); while (n.length < w) n = '0' + n; return n; }
  function hms(s) { // SCORM 1.2 CMITimespan
    var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), sec = s % 60;
    return pad(h, 4) + ':' + pad(m, 2) + ':' + pad(Math.floor(sec), 2) + '.' + pad(Math.floor(sec % 1 * 100), 2);
  }
  function iso(s) { return 'PT' + Math.round(s * 100) / 100 + 'S'; } // ISO 8601 duration

  function findAPI(name) {
    function up(w) {
      for (var i = 0; w && i < 8; i++) {
        try { if (w[name]) return w[name]; } catch (e) { return null; } // another origin
        if (w.parent === w) break;
        w = w.parent;
      }
      return null;
    }
    return up(window) || (window.opener ? up(window.opener) : null);
  }

  // hosts: each knows how to start, record an answer, report the score and
  // finish. SCORM's two versions differ only in names.
  function scorm(api, v12) {
    var call = v12 ?
      { init: 'LMSInitialize', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit', finish: 'LMSFinish' } :
      { init: 'Initialize', get: 'GetValue', set: 'SetValue', commit: 'Commit', finish: 'Terminate' };
    function get(k) { return String(api[call.get](k)); }
    function set(k, v) { return api[call.set](k, String(v)); }
    var passedBefore = false, done = false;
    var pass = data.pass;
    return {
      start: function () {
        if (String(api[call.init]('')) !== 'true') return false;
        var status = v12 ? get('cmi.core.lesson_status') : get('cmi.success_status');
        passedBefore = status === 'passed';
        if (!v12) {
          var sps = parseFloat(get('cmi.scaled_passing_score'));
          if (!isNaN(sps) && data.pass) pass = sps;
        }
        state = decode(get('cmi.suspend_data'));
        seed();
        if (v12) {
          if (get('cmi.core.lesson_status') === 'not attempted') set('cmi.core.lesson_status', ids.length ? 'incomplete' : 'completed');
        } else {
          set('cmi.location', data.module);
          if (get('cmi.completion_status') !== 'completed') set('cmi.completion_status', ids.length ? 'incomplete' : 'completed');
        }
        api[call.commit]('');
        return true;
      },
      answer: function (id) {
        var q = data.quizzes[id], n = state.slots[id], p = 'cmi.interactions.' + n + '.';
        var letters = v12 ? state.answers[id].map(letter).join(',') : state.answers[id].map(letter).join('[,]');
        var pattern = v12 ? q.correct.map(letter).join(',') : q.correct.map(letter).join('[,]');
        set(p + 'id', id);
        set(p + 'type', 'choice');
        if (v12) {
          set(p + 'student_response', letters);
          set(p + 'result', right(id) ? 'correct' : 'wrong');
          set(p + 'correct_responses.0.pattern', pattern);
        } else {
          set(p + 'learner_response', letters);
          set(p + 'result', right(id) ? 'correct' : 'incorrect');
          set(p + 'correct_responses.0.pattern', pattern);
          set(p + 'timestamp', new Date().toISOString().slice(0, 19));
        }
      },
      slot: function () { return Number(get('cmi.interactions._count')) || 0; },
      // evaluate records one evaluation item: likert for a rating, free
      // text as fill-in cut at 255 (SCORM 1.2) or long-fill-in (2004).
      // An evaluation has no right answer: the result is neutral.
      evaluate: function (item, n) {
        var p = 'cmi.interactions.' + n + '.';
        set(p + 'id', 'evaluation-' + item.id);
        if (v12) {
          set(p + 'type', item.rating ? 'likert' : 'fill-in');
          set(p + 'student_response', item.rating ? item.value : item.value.slice(0, 255));
          set(p + 'result', 'neutral');
        } else {
          set(p + 'type', item.rating ? 'likert' : 'long-fill-in');
          set(p + 'learner_response', item.rating ? item.value : item.value.slice(0, 4000));
          set(p + 'result', 'neutral');
          set(p + 'timestamp', new Date().toISOString().slice(0, 19));
        }
      },
      commit: function () { api[call.commit](''); },
      report: function (s) {
        var complete = s.answered === s.total;
        if (v12) {
          if (s.total) {
            set('cmi.core.score.min', 0);
            set('cmi.core.score.max', 100);
            set('cmi.core.score.raw', Math.round(s.scaled * 100));
          }
          // A pass is never taken back by a later try (the rule).
          if (!passedBefore) {
            var st = !complete ? 'incomplete' : !pass ? 'completed' : s.scaled >= pass ? 'passed' : 'failed';
            set('cmi.core.lesson_status', st);
            passedBefore = st === 'passed';
          }
        } else {
          if (s.total) {
            set('cmi.score.min', 0);
            set('cmi.score.max', s.total);
            set('cmi.score.raw', s.right);
            set('cmi.score.scaled', Math.round(s.scaled * 10000) / 10000);
          }
          if (complete) set('cmi.completion_status', 'completed');
          if (complete && pass && !passedBefore) {
            set('cmi.success_status', s.scaled >= pass ? 'passed' : 'failed');
            passedBefore = s.scaled >= pass;
          }
        }
        set('cmi.suspend_data', encode(v12 ? 4096 : 64000));
        api[call.commit]('');
      },
      finish: function () {
        if (done) return;
        done = true;
        if (v12) {
          set('cmi.core.session_time', hms(seconds()));
          set('cmi.core.exit', 'suspend');
          set('cmi.suspend_data', encode(4096));
        } else {
          set('cmi.session_time', iso(seconds()));
          set('cmi.exit', 'suspend');
          set('cmi.suspend_data', encode(64000));
        }
        api[call.commit]('');
        api[call.finish]('');
      }
    };
  }

  function cmi5(params) {
    var V = 'http://adlnet.gov/expapi/verbs/';
    var CAT = 'https://w3id.org/xapi/cmi5/context/categories/';
    var endpoint = params.get('endpoint').replace(/\/?$/, '/');
    var actor = JSON.parse(params.get('actor'));
    var registration = params.get('registration');
    var activity = params.get('activityId');
    var auth = null, launch = null, queue = null, done = false;
    // moveon: the category goes on the one statement that satisfies the
    // AU's moveOn criterion, the first of completed and passed for
    // CompletedOrPassed, never on both (cmi5 9.6.2.2).
    var sent = { completed: false, passed: false, failed: false, moveon: false };
    var pass = data.pass;
    function headers() {
      return { 'Authorization': 'Basic ' + auth, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' };
    }
    function uuid() {
      if (crypto.randomUUID) return crypto.randomUUID();
      var b = crypto.getRandomValues(new Uint8Array(16));
      b[6] = b[6] & 15 | 64; b[8] = b[8] & 63 | 128;
      var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
      return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
    }
    function context(cmi5Defined, moveOn) {
      var c = JSON.parse(JSON.stringify(launch.contextTemplate || {}));
      c.registration = registration;
      c.contextActivities = c.contextActivities || {};
      if (cmi5Defined) {
        var cats = (c.contextActivities.category || []).slice();
        cats.push({ id: CAT + 'cmi5' });
        if (moveOn) cats.push({ id: CAT + 'moveon' });
        c.contextActivities.category = cats;
      }
      return c;
    }
    // send posts statements one after another, in the order made: the
    // LMS checks that initialized comes first and terminated last.
    function post(st, keepalive) {
      return fetch(endpoint + 'statements', { method: 'POST', headers: headers(), body: JSON.stringify(st), keepalive: !!keepalive });
    }
    function send(st) {
      st.id = uuid();
      st.actor = actor;
      st.timestamp = new Date().toISOString();
      queue = queue.then(function () { return post(st); }).catch(function () { /* the LMS is gone: nothing more to tell */ });
      return queue;
    }
    function verb(name) { return { id: V + name, display: { 'en-US': name } }; }
    function normal() { return !launch.launchMode || launch.launchMode === 'Normal'; }
    var host = {
      start: function () {
        state = { answers: {}, slots: {} };
        queue = fetch(params.get('fetch'), { method: 'POST' }).then(function (r) { return r.json(); }).then(function (t) {
          auth = t['auth-token'];
          var q = '?stateId=LMS.LaunchData&activityId=' + encodeURIComponent(activity) +
            '&agent=' + encodeURIComponent(JSON.stringify(actor)) + '&registration=' + encodeURIComponent(registration);
          return fetch(endpoint + 'activities/state' + q, { headers: headers() });
        }).then(function (r) { return r.json(); }).then(function (ld) {
          launch = ld;
          if (typeof ld.masteryScore === 'number') pass = ld.masteryScore;
        });
        send({ verb: verb('initialized'), object: { id: activity, objectType: 'Activity' }, get context() { return context(true); } });
        return true;
      },
      answer: function (id, n) {
        var q = data.quizzes[id];
        var list = [];
        for (var i = 0; i < n; i++) list.push({ id: letter(i) });
        send({
          verb: { id: V + 'answered', display: { 'en-US': 'answered' } },
          object: {
            id: activity + '#' + encodeURIComponent(id), objectType: 'Activity',
            definition: {
              type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'choice',
              correctResponsesPattern: [q.correct.map(letter).join('[,]')], choices: list
            }
          },
          result: { response: state.answers[id].map(letter).join('[,]'), success: right(id) },
          get context() { var c = context(false); c.contextActivities.parent = [{ id: activity, objectType: 'Activity' }]; return c; }
        });
      },
      slot: function () { return 0; },
      // evaluate sends one evaluation item as a cmi5 allowed statement:
      // answered, a likert (1 to 5) or long-fill-in interaction, with no
      // success (an evaluation has no right answer).
      evaluate: function (item) {
        var def = { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: item.rating ? 'likert' : 'long-fill-in' };
        if (item.rating) {
          def.scale = [1, 2, 3, 4, 5].map(function (v) { return { id: String(v), description: { 'en-US': String(v) } }; });
        }
        if (item.prompt) def.description = { 'en-US': item.prompt };
        send({
          verb: { id: V + 'answered', display: { 'en-US': 'answered' } },
          object: { id: activity + '#evaluation-' + encodeURIComponent(item.id), objectType: 'Activity', definition: def },
          result: { response: item.value.slice(0, 4000) },
          get context() { var c = context(false); c.contextActivities.parent = [{ id: activity, objectType: 'Activity' }]; return c; }
        });
      },
      commit: function () {},
      report: function (s) {
        queue = queue.then(function () {
          if (!normal()) return;
          var complete = s.answered === s.total;
          var moveOn = launch.moveOn || 'Completed';
          if (complete && !sent.completed) {
            sent.completed = true;
            var mc = !sent.moveon && (moveOn === 'Completed' || moveOn === 'CompletedOrPassed' || (moveOn === 'CompletedAndPassed' && sent.passed));
            sent.moveon = sent.moveon || mc;
            send({ verb: verb('completed'), object: { id: activity, objectType: 'Activity' },
              result: { completion: true, duration: iso(seconds()) },
              context: context(true, mc) });
          }
          if (complete && pass && s.total && !sent.passed && !(sent.failed && s.scaled < pass)) {
            var ok = s.scaled >= pass;
            sent[ok ? 'passed' : 'failed'] = true;
            var mp = ok && !sent.moveon && (moveOn === 'Passed' || moveOn === 'CompletedOrPassed' || (moveOn === 'CompletedAndPassed' && sent.completed));
            sent.moveon = sent.moveon || mp;
            var ctx = context(true, mp);
            ctx.extensions = ctx.extensions || {};
            ctx.extensions['https://w3id.org/xapi/cmi5/context/extensions/masteryscore'] = pass;
            send({ verb: verb(ok ? 'passed' : 'failed'), object: { id: activity, objectType: 'Activity' },
              result: { success: ok, score: { scaled: Math.round(s.scaled * 10000) / 10000 }, duration: iso(seconds()) },
              context: ctx });
          }
        });
      },
      finish: function () {
        if (done || !launch) return;
        done = true;
        // The page is going away: no promise may be waited for. The
        // request is made now, kept alive past the page; the statements
        // before it were sent as the learner answered.
        var st = { id: uuid(), actor: actor, timestamp: new Date().toISOString(), verb: verb('terminated'),
          object: { id: activity, objectType: 'Activity' }, result: { duration: iso(seconds()) }, context: context(true) };
        post(st, true).catch(function () { /* nothing more to tell */ });
      }
    };
    return host;
  }

  var host = null;
  var api = findAPI('API_1484_11');
  if (api) host = scorm(api, false);
  else if ((api = findAPI('API'))) host = scorm(api, true);
  else {
    var params = new URLSearchParams(location.search);
    if (params.get('endpoint') && params.get('fetch') && params.get('actor') && params.get('activityId') && params.get('registration')) host = cmi5(params);
  }
  if (!host || !host.start()) return;
  document.documentElement.setAttribute('data-lms', 'on');
  if (!ids.length) host.report(score());

  // After rounds.js has checked an answer (its listener is on the form,
  // this one on the document), record it.
  // The evaluation (after rounds.js has checked that every rating is
  // given): each item answered is one interaction; slots are kept for
  // this session, so sending again rewrites the same interactions.
  var evalSlots = {};
  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (!form || !form.hasAttribute || !form.hasAttribute('data-evaluation')) return;
    form.querySelectorAll('.evaluation-item').forEach(function (el) {
      var id = el.getAttribute('data-item'), rating = el.getAttribute('data-kind') === 'rate';
      var input = rating ? el.querySelector('input:checked') : el.querySelector('textarea');
      var value = input ? String(input.value).trim() : '';
      if (!value) return;
      var legend = el.querySelector(rating ? 'legend' : 'label');
      if (!(id in evalSlots)) evalSlots[id] = host.slot();
      host.evaluate({ id: id, rating: rating, value: value, prompt: legend ? legend.textContent.trim() : '' }, evalSlots[id]);
    });
    host.commit();
  });
  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    var id = form && form.getAttribute && form.getAttribute('data-quiz');
    if (!id || !data.quizzes[id] || !data.quizzes[id].posttest) return;
    var c = chosen(form);
    if (!c.length) return;
    state.answers[id] = c;
    if (!(id in state.slots)) state.slots[id] = host.slot();
    host.answer(id, form.querySelectorAll('input').length);
    host.report(score());
  });
  // "Start again" clears the answers of this attempt; a pass stays.
  var reset = document.querySelector('.quiz-reset');
  if (reset) reset.addEventListener('click', function () {
    state.answers = {};
    host.report(score());
  });
  window.addEventListener('pagehide', function () { host.finish(); });
  window.addEventListener('beforeunload', function () { host.finish(); });
})();
