// The first thing every page served over http runs, before any wasm is fetched. The build inlines it
// into <head> (with its hash in the CSP) after `const NIMO_BOOT = {…};`, facts it takes from the Rust
// code: this page's file, the first route segments of each other bundle (`Bundle::segments`) and, per
// lesson, its module, pack file and title. The offline file does not carry it: there every page is in
// one app and the packs are inline.
//
// 1. A link to a page of another bundle (index.html#/survey, from a QR code or a mail) opens that
//    bundle's page at once, so a phone downloads one bundle, not two.
// 2. On a lesson, the module's content pack is fetched in parallel with the wasm rather than after it,
//    and its text is shown as soon as it arrives: reading never waits for code. The app takes the same
//    fetched text from window.nimoPacks and replaces the preview (`#boot-preview`) with the full page.
//
// Like site.js, every step fails quietly: without it the app works the same, only later.
(function () {
  'use strict';

  var boot = NIMO_BOOT;
  var hash = location.hash;
  // Only `#/…` is a route; `#main` and other in-page anchors are not (Route::from_hash).
  if (hash !== '' && hash !== '#' && hash.indexOf('#/') !== 0) return;
  var path = hash.slice(2);

  var first = path.split(/[/?]/)[0];
  var page = 'index.html';
  boot.bundles.forEach(function (bundle) {
    if (bundle.segments.indexOf(first) !== -1) page = bundle.page;
  });
  if (page !== boot.page) {
    location.replace(page + hash);
    return;
  }

  var match = /^lesson\/([^/?]+)/.exec(path);
  var lesson = null;
  try {
    lesson = match && boot.lessons[decodeURIComponent(match[1])];
  } catch (malformed) {
    return;
  }
  if (!lesson || typeof fetch !== 'function') return;

  var text = fetch(lesson.pack).then(function (response) {
    if (!response.ok) throw new Error('HTTP ' + response.status);
    return response.text();
  });
  window.nimoPacks = window.nimoPacks || {};
  window.nimoPacks[lesson.module] = text;
  // An unhandled rejection would be logged; the app reports a failed pack in Japanese itself.
  text.then(function (json) { whenBodyExists(function () { preview(json); }); }, function () {});

  function whenBodyExists(run) {
    if (document.body) run();
    else document.addEventListener('DOMContentLoaded', run);
  }

  function escapeHtml(value) {
    return String(value).replace(/[&<>"]/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c];
    });
  }

  // The lesson's title, objectives and body in the markup and classes of the lesson page (src/pages/
  // lesson.rs), so that the text stays where it is when the app takes over. The body is HTML the build
  // made from content/ (the app inserts the same strings).
  function preview(json) {
    if (document.getElementById('main')) return; // the app already shows the page
    var id = decodeURIComponent(match[1]);
    var pack = JSON.parse(json);
    var content = (pack.lessons || []).filter(function (l) { return l.id === id; })[0];
    if (!content) return;
    var objectives = (content.objectives || []).map(function (o) { return '<li>' + escapeHtml(o) + '</li>'; }).join('');
    var body = (content.body || []).filter(function (s) { return typeof s.html === 'string'; })
      .map(function (s) { return '<div class="lesson-body">' + s.html + '</div>'; }).join('');
    var holder = document.createElement('div');
    holder.id = 'boot-preview';
    holder.setAttribute('aria-busy', 'true');
    // A <main> for the page's width and margins (style/main.css); the app's own has id="main".
    holder.innerHTML =
      '<main><article class="lesson" data-testid="lesson-preview"><header class="lesson__header"><h1>' +
      escapeHtml(lesson.title) + '</h1></header><section class="objectives"><h2>学習目標</h2><ul>' +
      objectives + '</ul></section>' + body + '</article></main>';
    document.body.insertBefore(holder, document.body.firstChild);
  }
})();
