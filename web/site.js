// What the pages do outside the wasm bundles. It lives here, not in Rust, because the main bundle is at
// its size budget and none of it needs the app. `cargo xtask dist` copies it to dist/site.js (loaded by
// every page of dist/ with `defer`) and inlines it into the single offline file,
// where location.protocol is file: and only the Safari notice applies.
//
// 1. Offline use over http(s): registers sw.js and offers 「新しい版があります」 when a new build waits.
// 2. Safari: says once that Safari may delete stored records after 7 days without a visit.
// 3. Persistent storage over http(s): asks the browser to keep the site's storage and records the
//    outcome for the 記録 page (#/my) under the localStorage key
//      "nimo-kenshu:storage-persist:v1" = {"state": "granted" | "denied", "checked_on": "YYYY-MM-DD"}
//    (the local date, never a time). Nothing is written on file:// or where the API is missing.
//
// Every part is optional: the app works the same without any of it, so each step fails quietly.
(function () {
  'use strict';

  var SAFARI_KEY = 'nimo-kenshu:safari-notice:v1';
  var PERSIST_KEY = 'nimo-kenshu:storage-persist:v1';
  var served = location.protocol === 'http:' || location.protocol === 'https:';

  // localStorage can be missing, blocked (the getter throws) or full (setItem throws).
  function readKey(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return null;
    }
  }
  function writeKey(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (error) {
      // Nothing to do: the notice shows again next time, the persist result is simply not shown.
    }
  }

  function localDate() {
    var now = new Date();
    var pad = function (n) {
      return String(n).padStart(2, '0');
    };
    return now.getFullYear() + '-' + pad(now.getMonth() + 1) + '-' + pad(now.getDate());
  }

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      node.append(child);
    });
    return node;
  }

  // Notices go after the app's own markup, so the skip link stays the first thing a keyboard reaches.
  // The app mounts asynchronously (the wasm loads first); if it never does, notices show anyway.
  function whenAppShown(show) {
    if (document.getElementById('main')) {
      show();
      return;
    }
    var done = false;
    var observer = new MutationObserver(function () {
      if (document.getElementById('main')) finish();
    });
    var timer = setTimeout(finish, 8000);
    function finish() {
      if (done) return;
      done = true;
      observer.disconnect();
      clearTimeout(timer);
      show();
    }
    observer.observe(document.body, { childList: true, subtree: true });
  }

  var area = null;
  function showNotice(testId, fill) {
    if (!area) {
      area = element('aside', { class: 'site-notices', 'aria-label': 'サイトからのお知らせ' });
      document.body.append(area);
    }
    var notice = element('div', { class: 'site-notice', role: 'status', 'data-testid': testId });
    area.append(notice);
    // Screen readers announce changes to a live region they already know, not a region that arrives
    // with its text in it: fill it a moment later.
    setTimeout(function () {
      fill(notice);
    }, 100);
    return notice;
  }
  function closeNotice(notice) {
    var hadFocus = notice.contains(document.activeElement);
    notice.remove();
    if (area && !area.children.length) {
      area.remove();
      area = null;
    }
    // Focus would otherwise fall to <body>; the page's <main> takes it (it has tabindex="-1").
    var main = document.getElementById('main');
    if (hadFocus && main) main.focus();
  }
  function button(text, testId, quiet, onClick) {
    var node = element('button', { type: 'button', class: quiet ? 'button button--quiet' : 'button', 'data-testid': testId }, [text]);
    node.addEventListener('click', onClick);
    return node;
  }

  // ---- 1. Service worker and the update prompt ------------------------------------------------------

  function startServiceWorker() {
    var container = navigator.serviceWorker;
    // A page loaded before any worker is claimed by the first one without anything changing under it;
    // only a later change of worker (a new build) means the page is out of date.
    var controlled = Boolean(container.controller);
    var asked = false;
    var reloading = false;
    container.addEventListener('controllerchange', function () {
      if (!controlled && !asked) {
        controlled = true;
        return;
      }
      // Every open tab reloads, not only the one where 更新 was pressed: a tab left on the old build
      // would ask the new cache for files of the old one. The app has saved on pagehide.
      if (reloading) return;
      reloading = true;
      location.reload();
    });

    var offered = null;
    var prompt = null;
    function offer(registration, worker) {
      if (!worker || !container.controller || worker === offered) return;
      offered = worker;
      if (prompt) closeNotice(prompt);
      var current = (prompt = showNotice('update-prompt', function (notice) {
        notice.append(
          element('p', { class: 'site-notice__title' }, ['新しい版があります']),
          element('p', {}, ['「更新」を押すと、新しい版で開き直します。記録はそのまま残ります。']),
          element('div', { class: 'site-notice__actions' }, [
            button('更新', 'update-reload', false, function (event) {
              asked = true;
              event.currentTarget.disabled = true;
              // The worker found first may have been replaced by a newer one meanwhile.
              (registration.waiting || worker).postMessage({ type: 'skip-waiting' });
            }),
            button('あとで', 'update-later', true, function () {
              closeNotice(current);
              prompt = null;
            }),
          ]),
        );
      }));
    }

    function watchInstalling(registration, worker) {
      if (!worker) return;
      worker.addEventListener('statechange', function () {
        if (worker.state === 'installed') offer(registration, worker);
      });
    }

    container
      .register('sw.js')
      .then(function (registration) {
        offer(registration, registration.waiting);
        watchInstalling(registration, registration.installing);
        registration.addEventListener('updatefound', function () {
          watchInstalling(registration, registration.installing);
        });
        var check = function () {
          // Offline, or the server is gone: the next check will do.
          registration.update().catch(function () {});
        };
        if (registration.active) check();
        document.addEventListener('visibilitychange', function () {
          if (document.visibilityState === 'visible') check();
        });
      })
      .catch(function () {
        // Registration can fail (private browsing, storage blocked); the site works online as before.
      });
  }

  if (served && 'serviceWorker' in navigator) {
    // After `load`, so that precaching the whole site does not compete with the first page's own wasm.
    var start = function () {
      whenAppShown(startServiceWorker);
    };
    if (document.readyState === 'complete') start();
    else window.addEventListener('load', start, { once: true });
  }

  // ---- 2. Safari's 7-day limit ----------------------------------------------------------------------

  function isSafari(ua) {
    return /AppleWebKit\//.test(ua) && /Safari\//.test(ua) && !/Chrome|Chromium|CriOS|FxiOS|Edg|Android/.test(ua);
  }
  // A web app on the home screen is not subject to the 7-day limit, and it is what the notice suggests.
  function standalone() {
    return navigator.standalone === true || (typeof matchMedia === 'function' && matchMedia('(display-mode: standalone)').matches);
  }

  // iPadOS presents itself as a Mac; the touch screen gives it away. A Mac has no home screen.
  function homeScreen(ua) {
    return /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1);
  }

  if (isSafari(navigator.userAgent || '') && !standalone() && readKey(SAFARI_KEY) === null) {
    whenAppShown(function () {
      writeKey(SAFARI_KEY, localDate());
      var notice = showNotice('safari-notice', function (node) {
        // A file opened from a USB stick cannot be added to the home screen.
        var advice = served && homeScreen(navigator.userAgent)
          ? ['記録を守るため、共有ボタンから「ホーム画面に追加」して使うか、', element('a', { href: '#/my' }, ['「記録」ページ']), 'からこまめにバックアップを書き出してください。']
          : ['記録を守るため、', element('a', { href: '#/my' }, ['「記録」ページ']), 'からこまめにバックアップを書き出してください。'];
        node.append(
          element('p', { class: 'site-notice__title' }, ['Safari をお使いの方へ']),
          element('p', {}, ['Safari は、7日間開かなかったサイトの記録（ブラウザに保存したデータ）を消すことがあります。']),
          element('p', {}, advice),
          element('div', { class: 'site-notice__actions' }, [
            button('閉じる', 'safari-notice-close', true, function () {
              closeNotice(notice);
            }),
          ]),
        );
      });
    });
  }

  // ---- 3. Persistent storage ------------------------------------------------------------------------

  var storage = navigator.storage;
  if (served && storage && typeof storage.persist === 'function') {
    (typeof storage.persisted === 'function' ? storage.persisted() : Promise.resolve(false))
      .then(function (granted) {
        if (granted) return true;
        // Firefox asks the person; ask at most once a day rather than on every page of a visit.
        var previous = null;
        try {
          previous = JSON.parse(readKey(PERSIST_KEY));
        } catch (error) {
          previous = null;
        }
        if (previous && previous.state === 'denied' && previous.checked_on === localDate()) return null;
        return storage.persist();
      })
      .then(function (granted) {
        if (granted === null) return;
        var value = JSON.stringify({ state: granted ? 'granted' : 'denied', checked_on: localDate() });
        if (readKey(PERSIST_KEY) !== value) writeKey(PERSIST_KEY, value);
      })
      .catch(function () {
        // No answer: nothing is recorded, as where the API is missing.
      });
  }
})();
