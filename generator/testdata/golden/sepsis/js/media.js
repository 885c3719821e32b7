// media.js: click-to-load players. A YouTube or Vimeo video is shown as
// its poster in a link to the video's page; nothing is requested from the
// host until the learner presses play. Then the link gives way to the
// host's player (youtube-nocookie.com, Vimeo with dnt=1), which the page's
// Content-Security-Policy frame-src allows, and only on pages that embed.
(function () {
  'use strict';
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a.embed-play');
    if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var box = a.closest('[data-embed]');
    if (!box) return;
    e.preventDefault();
    var f = document.createElement('iframe');
    f.src = box.getAttribute('data-embed');
    f.title = box.getAttribute('data-title') || 'Video';
    f.allow = 'autoplay; encrypted-media; fullscreen; picture-in-picture';
    f.allowFullscreen = true;
    f.referrerPolicy = 'strict-origin-when-cross-origin';
    box.replaceChildren(f);
    f.focus();
  });
})();
