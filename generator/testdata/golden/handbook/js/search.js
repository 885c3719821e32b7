// rounds search: the search box in the site header, over search.json (the
// title, summary, course and tags of every module, built with the site).
// No server and no other host: the index is fetched from this site when
// the box is first used. Without this script the box stays hidden.
(function () {
  'use strict';
  var form = document.querySelector('form.search');
  if (!form || !window.fetch || !String.prototype.normalize) return;
  var input = form.querySelector('input');
  var box = form.querySelector('.search-results');
  var status = document.getElementById('search-status');
  var root = form.getAttribute('data-root') || '';
  var MAX = 12;
  var index = null, loading = null, timer = 0;
  form.hidden = false;

  function fold(s) {
    return (s || '').toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }
  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute('data-index'))
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (list) {
          index = list.map(function (e) {
            return { e: e, title: ' ' + fold(e.title), rest: ' ' + fold([e.summary, e.course, (e.tags || []).join(' ')].join(' ')) };
          });
        });
    }
    return loading;
  }
  // score ranks a module: every word must occur; a word in the title
  // counts more than one elsewhere, a word's start more than its middle.
  function score(item, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i], s = 0;
      if (item.title.indexOf(' ' + w) >= 0) s = 4;
      else if (item.title.indexOf(w) >= 0) s = 3;
      else if (item.rest.indexOf(' ' + w) >= 0) s = 2;
      else if (item.rest.indexOf(w) >= 0) s = 1;
      else return 0;
      total += s;
    }
    return total;
  }
  function search(q) {
    var words = fold(q).split(/[\s,.;:!?()"]+/).filter(Boolean);
    if (!words.length) return null;
    var hits = [];
    index.forEach(function (item) {
      var s = score(item, words);
      if (s) hits.push({ s: s, e: item.e });
    });
    hits.sort(function (a, b) { return b.s - a.s || (a.e.title < b.e.title ? -1 : a.e.title > b.e.title ? 1 : 0); });
    return hits;
  }
  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }
  function show(q) {
    var hits = search(q);
    box.textContent = '';
    if (!hits) { close(); return; }
    if (!hits.length) {
      box.appendChild(el('p', 'none', 'No module matches “' + q + '”.'));
      status.textContent = 'No module found.';
    } else {
      var ol = el('ol');
      hits.slice(0, MAX).forEach(function (h) {
        var a = el('a');
        a.href = root + h.e.path;
        a.appendChild(el('span', 'hit-title', h.e.title));
        // The disclosure goes with the title wherever it is listed.
        if (h.e.disclosure) a.appendChild(el('span', 'hit-support', h.e.disclosure));
        var meta = [h.e.course, h.e.summary].filter(Boolean).join(' · ');
        if (meta) a.appendChild(el('span', 'hit-meta', meta));
        var li = el('li');
        li.appendChild(a);
        ol.appendChild(li);
      });
      box.appendChild(ol);
      status.textContent = hits.length + (hits.length === 1 ? ' module found' : ' modules found') +
        (hits.length > MAX ? ', the first ' + MAX + ' shown.' : '.') + ' Press the down arrow to reach them.';
    }
    box.hidden = false;
  }
  function close() {
    box.hidden = true;
  }
  function links() { return Array.prototype.slice.call(box.querySelectorAll('a')); }

  input.addEventListener('focus', load);
  input.addEventListener('input', function () {
    clearTimeout(timer);
    var q = input.value;
    timer = setTimeout(function () {
      load().then(function () { if (input.value === q) show(q); }, function () {
        status.textContent = 'Search is not available.';
      });
    }, 60);
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
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (ev.key === 'ArrowUp' && at >= 0) {
      ev.preventDefault();
      if (at === 0) input.focus(); else all[at - 1].focus();
    } else if (ev.key === 'Escape') {
      close();
      input.focus();
    }
  });
  form.addEventListener('focusout', function (ev) {
    if (!ev.relatedTarget || !form.contains(ev.relatedTarget)) close();
  });
  input.addEventListener('focus', function () { if (input.value && box.childNodes.length) { box.hidden = false; } });
})();
