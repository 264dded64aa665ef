// The first thing every page served over http runs, before any wasm is fetched. The build inlines it
// into <head> (with its hash in the CSP) after `const NIMO_BOOT = {…};`, facts it takes from the Rust
// code: this page's file, the route paths of each other bundle (`Bundle::prefixes`), per
// lesson its module, pack file and title, per case its pack file, and on the instructor's import pages
// the QR reader module (crates/qr-reader). The offline file does not carry it: there every page is in
// one app and the packs are inline.
//
// 1. A link to a page of another bundle (index.html#/survey, from a QR code or a mail) opens that
//    bundle's page at once, so a phone downloads one bundle, not two.
// 2. On a case, its pack is fetched in parallel with the wasm; the app takes it from window.nimoPacks.
// 3. On a lesson, the module's content pack is fetched before the wasm rather than after it, and its
//    text is shown as soon as it arrives: reading never waits for code. The app takes the same fetched
//    text from window.nimoPacks and replaces the preview (`#boot-preview`) with the full page.
//    On index.html (the page of the lessons) this script starts the wasm's download too, handing it to
//    trunk's loader as window.nimoWasm: at once, or on a lesson when the pack's response begins, so
//    the pack has the phone's line to itself for a round trip (measured: the largest pack's lesson
//    text 0.97 → 0.87 s, its app 1.89 → 1.83 s; docs/architecture.md).
//    The preview carries the site header too, in the app's markup, and the display preferences, so
//    the text does not move when the app takes over (e2e: "the lesson's text does not move").
//
// Like site.js, every step fails quietly: without it the app works the same, only later.
(function () {
  'use strict';

  var boot = NIMO_BOOT;
  // The instructor's pages: the QR reader module the scanner fetches when the camera opens.
  if (boot.qrReader) window.nimoQrReader = boot.qrReader;

  // Where the page has handed the wasm to this script (boot.wasm), trunk's loader waits for
  // window.nimoWasm: it must start on every way out of this script but leaving the page, errors included.
  var startWasm = function () {};
  if (boot.wasm && typeof fetch === 'function' && typeof Promise === 'function') {
    window.nimoWasm = new Promise(function (resolve) {
      startWasm = function () {
        startWasm = function () {};
        resolve(fetch(boot.wasm));
      };
    });
  }
  var outcome;
  try {
    outcome = route(location.hash);
  } finally {
    // 'pack': started when the lesson's pack begins to arrive.
    if (outcome !== 'left' && outcome !== 'pack') startWasm();
  }

  // The page of the bundle that shows `path` (a route after `#/`): the longest of the bundles' route
  // paths that `path` is, or goes on from with `/` or `?` (Bundle::prefixes).
  function bundlePage(path) {
    var found = 'index.html';
    var longest = -1;
    boot.bundles.forEach(function (bundle) {
      bundle.prefixes.forEach(function (prefix) {
        var rest = path.indexOf(prefix) === 0 ? path.slice(prefix.length) : null;
        var fits = rest === '' || (rest !== null && (rest[0] === '/' || rest[0] === '?'));
        if (fits && prefix.length > longest) {
          found = bundle.page;
          longest = prefix.length;
        }
      });
    });
    return found;
  }

  function textOf(response) {
    if (!response.ok) throw new Error('HTTP ' + response.status);
    return response.text();
  }

  // What to do for the route `hash`: send it on to its bundle's page ('left'), or fetch what it shows
  // ('pack' for a lesson, whose pack starts the wasm).
  function route(hash) {
    // Only `#/…` is a route; `#main` and other in-page anchors are not (Route::from_hash).
    if (hash !== '' && hash !== '#' && hash.indexOf('#/') !== 0) return;
    var path = hash.slice(2);
    var page = bundlePage(path);
    if (page !== boot.page) {
      location.replace(page + hash);
      return 'left';
    }

    var match = /^(lesson|case)\/([^/?]+)/.exec(path);
    var id = null;
    try {
      id = match && decodeURIComponent(match[2]);
    } catch (malformed) {
      return;
    }
    var own = function (table) { return table && Object.prototype.hasOwnProperty.call(table, id) ? table[id] : null; };
    var lesson = match && match[1] === 'lesson' ? own(boot.lessons) : null;
    var casePack = match && match[1] === 'case' ? own(boot.cases) : null;
    if ((!lesson && !casePack) || typeof fetch !== 'function') return;

    window.nimoPacks = window.nimoPacks || {};
    // An unhandled rejection would be logged; the app reports a failed pack in Japanese itself.
    if (casePack) {
      window.nimoPacks['case-' + id] = fetch(casePack).then(textOf);
      window.nimoPacks['case-' + id].catch(function () {});
      return;
    }
    // On a first visit the lesson's opening (lesson.preview, a few KB) comes first and is on screen
    // long before the module's pack (up to 44 KB), whose whole text then takes its place. A page the
    // service worker answers has the pack at hand.
    var served = navigator.serviceWorker && navigator.serviceWorker.controller;
    var opening = lesson.preview && !served ? fetch(lesson.preview).then(textOf) : null;
    var response = fetch(lesson.pack);
    response.then(startWasm, startWasm);
    var text = response.then(textOf);
    window.nimoPacks[lesson.module] = text;
    var show = function (whole) {
      return function (json) { whenBodyExists(function () { preview(json, id, lesson, whole); }); };
    };
    if (opening) opening.then(show(false), function () {});
    text.then(show(true), function () {});
    return 'pack';
  }

  function whenBodyExists(run) {
    if (document.body) run();
    else document.addEventListener('DOMContentLoaded', run);
  }

  function escapeHtml(value) {
    return String(value).replace(/[&<>"]/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c];
    });
  }

  // The sections of the site header, as src/components/shell.rs renders them (labels and routes from
  // `Section` in crates/model/src/route.rs). The e2e test "the lesson's text does not move" fails if
  // they drift.
  var SECTIONS = [
    ['ホーム', '/'], ['講義', '/lessons'], ['ワークシート', '/worksheets'], ['事例', '/cases'],
    ['アンケート', '/survey'], ['記録', '/my'], ['講師用', '/instructor'],
  ];

  // A route's link: to another bundle's page directly (the app's `#/…` link would reach it only once
  // the wasm has started), to this page's routes as the app's hash link.
  function hrefOf(route) {
    var target = bundlePage(route.slice(1));
    return (target === boot.page ? '' : target) + '#' + route;
  }

  // The site header in the app's markup and classes (shell.rs: Header), so that the lesson below it
  // stands where the app will show it. Its links work before the wasm arrives; 表示設定 needs the app,
  // so it is shown but inert until the app's own header replaces this one.
  function siteHeader() {
    var links = SECTIONS.map(function (section) {
      var current = section[1] === '/lessons' ? ' aria-current="page"' : '';
      return '<li><a href="' + hrefOf(section[1]) + '"' + current + '>' + section[0] + '</a></li>';
    }).join('');
    return '<header class="site-header"><div class="site-header__bar">' +
      '<a class="site-title" href="#/">にも包括 研修</a>' +
      '<div class="site-header__tools">' +
      '<a class="header-link" href="#/search">検索</a><a class="header-link" href="#/glossary">用語集</a>' +
      '<details class="display-settings" inert><summary>表示設定</summary></details>' +
      '</div></div><nav aria-label="主なメニュー"><ul class="site-nav">' + links + '</ul></nav></header>';
  }

  // The display preferences the app will apply (crates/model/src/record/prefs.rs, stored by
  // src/storage.rs), applied now so that the preview has the text size, and so the line breaks, of the
  // page that replaces it.
  function applyPrefs() {
    try {
      var prefs = JSON.parse(localStorage.getItem('nimo-kenshu:prefs:v1') || '{}');
      var theme = prefs.theme || 'auto';
      var size = prefs.text_size || 'standard';
      // Like serde: an unknown value makes the whole record the defaults.
      if (['auto', 'light', 'dark', 'contrast'].indexOf(theme) === -1 ||
          ['standard', 'large', 'largest'].indexOf(size) === -1) return;
      document.documentElement.setAttribute('data-theme', theme);
      document.documentElement.setAttribute('data-text-size', size);
    } catch (unavailable) {
      // Storage refused or unreadable: the app falls back to the defaults too.
    }
  }

  // The site header, then the lesson's title, objectives and body in the markup and classes of the
  // lesson page (src/pages/lesson.rs), so that the text stays where it is when the app takes over. The
  // body is HTML the build made from content/ (the app inserts the same strings); the chapter and
  // minutes lines come from NIMO_BOOT, written by the model functions the lesson page uses.
  var wholeShown = false;
  function preview(json, id, lesson, whole) {
    if (document.getElementById('main')) return; // the app already shows the page
    if (wholeShown) return; // the opening came after the whole text
    wholeShown = whole;
    var pack = JSON.parse(json);
    var content = (pack.lessons || []).filter(function (l) { return l.id === id; })[0];
    if (!content) return;
    var objectives = (content.objectives || []).map(function (o) { return '<li>' + escapeHtml(o) + '</li>'; }).join('');
    var body = (content.body || []).filter(function (s) { return typeof s.html === 'string'; })
      .map(function (s) { return '<div class="lesson-body">' + s.html + '</div>'; }).join('');
    var line = function (text) { return text ? escapeHtml(text) : '&nbsp;'; };
    // The whole text replaces the opening in the same element: what is on screen stays where it is.
    var holder = document.getElementById('boot-preview') || document.createElement('div');
    holder.id = 'boot-preview';
    holder.setAttribute('aria-busy', 'true');
    // A <main> for the page's width and margins (style/main.css); the app's own has id="main".
    holder.innerHTML = siteHeader() +
      '<main><article class="lesson" data-testid="lesson-preview"><header class="lesson__header">' +
      '<p class="lesson__module">' + line(lesson.chapter) + '</p><h1>' + escapeHtml(lesson.title) + '</h1>' +
      '<p class="lesson__minutes">' + line(lesson.meta) + '</p></header>' +
      '<section class="objectives"><h2>学習目標</h2><ul>' + objectives + '</ul></section>' + body + '</article></main>';
    applyPrefs();
    if (!holder.parentNode) document.body.insertBefore(holder, document.body.firstChild);
  }
})();
