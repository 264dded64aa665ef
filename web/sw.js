// The service worker: the whole site, precached, so that it opens offline after the first visit.
// `cargo xtask dist` (xtask/src/service_worker.rs) writes dist/sw.js as two constants followed by this file:
//   CACHE_NAME — "nimo-kenshu-" + a hash of the precached files' names and bytes, so that every new build
//                gets a cache of its own and an unchanged build keeps the one it has;
//   PRECACHE   — every file of dist/ relative to this worker, except the single offline file (a 4 MB
//                download nobody needs offline in the browser) and this worker itself.
// It must sit in the site's root folder, so that its scope covers every page.

const CACHE_PREFIX = 'nimo-kenshu-';
const SCOPE = new URL('./', self.location.href);
const INDEX = new URL('./index.html', SCOPE).href;
const PRECACHED = new Set(PRECACHE.map((file) => new URL(file, SCOPE).href));

self.addEventListener('install', (event) => {
  // 'reload' skips the HTTP cache: a stale copy from an earlier visit must not end up in a new build's
  // cache. No skipWaiting here: the page asks the trainee first (「新しい版があります」).
  event.waitUntil(
    caches.open(CACHE_NAME).then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // A query (?utm=…, a cache buster) does not make another file, and a navigation's URL keeps its
  // fragment (#/lesson/…), which names a route, not a file.
  url.search = '';
  url.hash = '';
  // The site is hosted in a folder: its address without a file name is index.html.
  const folder = request.mode === 'navigate' && url.href === SCOPE.href;
  // Anything else (the offline file, other sites) is left to the browser: no runtime caching.
  if (!folder && !PRECACHED.has(url.href)) return;
  event.respondWith(answer(request, folder ? INDEX : request));
});

async function answer(request, key) {
  let cached;
  try {
    const cache = await caches.open(CACHE_NAME);
    cached = await cache.match(key, { ignoreSearch: true });
  } catch (error) {
    // Cache storage can be unavailable (evicted, blocked); the network still works.
  }
  return cached || fetch(request);
}
