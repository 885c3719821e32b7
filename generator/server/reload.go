package server

import "syscall"

var errAddrInUse = syscall.EADDRINUSE

// reloadJS reloads the page (or only its styles) when the server says the
// site was rebuilt, and shows the problems of a failed build over the page.
// Messages are set as text, never as HTML.
const reloadJS = `(function () {
  'use strict';
  var overlay;
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  function show(msgs) {
    hide();
    overlay = document.createElement('div');
    overlay.setAttribute('role', 'alert');
    overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem';
    var h = document.createElement('h2');
    h.textContent = 'The site does not build; still showing the last good version';
    overlay.appendChild(h);
    var pre = document.createElement('pre');
    pre.style.whiteSpace = 'pre-wrap';
    pre.textContent = msgs.join('\n');
    overlay.appendChild(pre);
    document.body.appendChild(overlay);
  }
  var es = new EventSource('/_rounds/events');
  es.addEventListener('reload', function () { location.reload(); });
  es.addEventListener('css', function () {
    document.querySelectorAll('link[rel=stylesheet]').forEach(function (l) {
      var u = new URL(l.href);
      u.searchParams.set('v', String(Date.now()));
      l.href = u.toString();
    });
  });
  es.addEventListener('errors', function (e) { show(JSON.parse(e.data)); });
  es.addEventListener('ok', hide);
})();
`
