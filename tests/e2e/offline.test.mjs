// Installable, and offline after the first visit. Over http: the service worker precaches the site so
// that every route opens with the network gone; a new build offers 「新しい版があります」; the manifest
// and its icons are what they claim; storage persistence is asked for and recorded. Over file://: no
// worker is registered and nothing of it shows. On both: the Safari notice shows once, for Safari only.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  BUNDLE_PAGES,
  DIST,
  LESSON_ROUTE,
  LESSON_TITLE,
  ROOT,
  appReady,
  distAssets,
  eventually,
  startStaticServer,
  useApp,
  waitForLesson,
} from './lib/harness.mjs';
import { axeViolations, describeViolations } from './lib/axe.mjs';

const env = useApp();

const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1';
const MAC_SAFARI =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15';
const SAFARI_KEY = 'nimo-kenshu:safari-notice:v1';
const PERSIST_KEY = 'nimo-kenshu:storage-persist:v1';

/** Every route a trainee can reach, each with what shows that it rendered for real. */
const ROUTES = [
  ['#/', (page) => page.getByTestId('course-map').waitFor({ state: 'visible' })],
  ['index.html#/lessons', (page) => page.getByTestId('course-map').waitFor({ state: 'visible' })],
  [
    LESSON_ROUTE,
    async (page) => {
      // The lesson body comes from its module's content pack, fetched when the lesson opens.
      await waitForLesson(page);
      assert.ok((await page.getByTestId('lesson').locator('h1').textContent()).trim().startsWith(LESSON_TITLE));
    },
  ],
  ['#/glossary', (page) => page.getByTestId('glossary-entry').first().waitFor({ state: 'visible' })],
  ['#/search?q=連携', (page) => page.getByTestId('search-hit').first().waitFor({ state: 'visible' })],
  ['#/my', (page) => page.getByTestId('typed-count').waitFor({ state: 'visible' })],
  ['tools.html#/survey', (page) => page.getByTestId('survey-progress').waitFor({ state: 'visible' })],
  ['instructor.html#/instructor', (page) => page.getByTestId('instructor-import').waitFor({ state: 'attached' })],
  ['worksheets.html#/worksheets', (page) => page.getByTestId('sheet-card').first().waitFor({ state: 'visible' })],
  ['worksheets.html#/worksheet/yon-yoso', (page) => page.getByTestId('sheet-progress').waitFor({ state: 'visible' })],
  ['cases.html#/cases', (page) => page.getByTestId('case-card').first().waitFor({ state: 'visible' })],
  ['cases.html#/case/jirei-65', (page) => page.getByTestId('case-role').first().waitFor({ state: 'visible' })],
  ['tools.html#/assessment', (page) => page.getByTestId('sa-progress').waitFor({ state: 'visible' })],
  ['instructor-assessment.html#/instructor/assessment', (page) => page.getByTestId('sa-dropzone').waitFor({ state: 'visible' })],
  ['tools.html#/handoff', (page) => page.getByTestId('worksheet-qr-show').waitFor({ state: 'visible' })],
  ['tools.html#/certificate', (page) => page.getByTestId('cert-missing').waitFor({ state: 'visible' })],
  ['instructor-worksheets.html#/instructor/worksheets', (page) => page.getByTestId('ws-dropzone').waitFor({ state: 'visible' })],
  ['instructor-cases.html#/instructor/cases', (page) => page.getByTestId('ws-dropzone').waitFor({ state: 'visible' })],
  ['session.html#/instructor/session', (page) => page.getByTestId('session-item').first().waitFor({ state: 'visible' })],
  ['#/nope', (page) => page.getByTestId('not-found').waitFor({ state: 'visible' })],
];

/** A copy of dist/ served at <base> by a server of its own, for tests that take it down or redeploy. */
async function ownSite() {
  const root = await mkdtemp(path.join(tmpdir(), 'nimo-kenshu-offline-'));
  const dir = path.join(root, 'kenshu');
  await cp(DIST, dir, { recursive: true });
  const server = await startStaticServer(root);
  return {
    dir,
    server,
    base: `${server.origin}kenshu/`,
    close: async () => {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The cache name the build wrote into a site's sw.js. */
async function cacheNameOf(dir) {
  const name = (await readFile(path.join(dir, 'sw.js'), 'utf8')).match(/const CACHE_NAME = "([^"]+)";/)?.[1];
  assert.ok(name, 'sw.js declares CACHE_NAME');
  return name;
}

/**
 * Waits until a worker controls `page` (its first install claims the open page). Should the claim lose
 * a race with the page, a reload is controlled for certain.
 */
async function untilControlled(page) {
  const controlled = () => page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
  try {
    await controlled();
  } catch {
    await page.reload();
    await appReady(page);
    await controlled();
  }
}

const cacheKeys = (page) => page.evaluate(() => caches.keys());

async function expectNoAxeViolations(page, where) {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `axe on ${where}:\n${describeViolations(violations)}`);
}

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(bytes) {
  assert.ok(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'a PNG signature');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

/** The first colour of `name` in the stylesheet's `selector { … }` rule (light theme: `:root`). */
function cssColour(css, selector, name) {
  const rule = css.match(new RegExp(`${selector.replace(/[[\]:"=]/g, '\\$&')}\\s*\\{([^}]*)\\}`));
  assert.ok(rule, `${selector} rule in the stylesheet`);
  return rule[1].match(new RegExp(`${name}\\s*:\\s*(#[0-9a-fA-F]{3,6})`))?.[1];
}

/** Today as the browser's local date, YYYY-MM-DD. */
const browserDate = (page) =>
  page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });

/** Waits long enough after the app shows for site.js to have shown a notice, had it wanted to. */
async function settle(page) {
  await appReady(page);
  await page.waitForTimeout(600);
}

describe('offline over http (service worker)', () => {
  test('after the first visit, every route opens from the cache with the network gone', () =>
    env.run('http', async ({ context }) => {
      const site = await ownSite();
      try {
        const first = await context.newPage();
        await first.goto(site.base + '#/');
        await appReady(first);
        assert.equal(await first.getByTestId('update-prompt').count(), 0, 'no update prompt on a first visit');
        await untilControlled(first);
        assert.deepEqual(await cacheKeys(first), [await cacheNameOf(site.dir)], 'one cache, named for this build');
        await first.close();

        // Both: the server gone (nothing can answer) and the browser told it is offline.
        await site.server.stop();
        await context.setOffline(true);
        for (const [route, rendered] of ROUTES) {
          const page = await context.newPage();
          const fromNetwork = [];
          page.on('response', (response) => {
            if (!response.fromServiceWorker() && !response.url().startsWith('data:')) fromNetwork.push(response.url());
          });
          const response = await page.goto(site.base + route);
          assert.ok(response?.fromServiceWorker(), `${route}: the page came from the service worker`);
          await appReady(page);
          await rendered(page);
          assert.deepEqual(fromNetwork, [], `${route}: everything came from the service worker`);
          await page.close();
        }
      } finally {
        await context.setOffline(false);
        await site.close();
      }
    }));

  test('a new build offers 「新しい版があります」; 更新 reloads every tab under the new worker and drops the old cache', () =>
    env.run('http', async ({ context }) => {
      const site = await ownSite();
      try {
        const page = await context.newPage();
        await page.goto(site.base + LESSON_ROUTE);
        await appReady(page);
        await untilControlled(page);
        const oldCache = await cacheNameOf(site.dir);
        assert.deepEqual(await cacheKeys(page), [oldCache]);
        const other = await context.newPage();
        await other.goto(site.base + 'tools.html#/survey');
        await appReady(other);

        // A new deployment: one changed file, and sw.js written again the way the build writes it.
        await appendFile(path.join(site.dir, 'site.js'), '\n// redeployed\n');
        const { stdout } = await promisify(execFile)('cargo', ['xtask', 'service-worker', site.dir], { cwd: ROOT });
        const newCache = stdout.trim();
        assert.equal(newCache, await cacheNameOf(site.dir));
        assert.notEqual(newCache, oldCache, 'a changed file gives a new cache name');

        // The reload finds the new worker installing: the prompt comes when it has installed.
        await page.reload();
        await appReady(page);
        const prompt = page.getByTestId('update-prompt');
        await page.getByTestId('update-reload').waitFor({ state: 'visible', timeout: 30000 });
        assert.match(await prompt.textContent(), /新しい版があります/);
        assert.equal(await prompt.getAttribute('role'), 'status');
        await expectNoAxeViolations(page, 'the update prompt');

        // あとで puts it away; the next page load finds the worker waiting and asks again.
        await page.getByTestId('update-later').click();
        assert.equal(await prompt.count(), 0, 'あとで closes the prompt');
        assert.deepEqual((await cacheKeys(page)).sort(), [newCache, oldCache].sort(), 'the old cache stays until the trainee agrees');
        await page.reload();
        await appReady(page);
        await page.getByTestId('update-reload').waitFor({ state: 'visible', timeout: 30000 });

        let loads = 0;
        page.on('load', () => loads++);
        let otherLoads = 0;
        other.on('load', () => otherLoads++);
        await page.evaluate(() => {
          window.beforeUpdate = true;
        });
        await page.getByTestId('update-reload').click();
        await eventually(async () => assert.equal(await page.evaluate(() => window.beforeUpdate), undefined), {
          timeout: 15000,
          message: '更新 reloads the page',
        });
        await appReady(page);
        await waitForLesson(page);
        await eventually(async () => assert.deepEqual(await cacheKeys(page), [newCache]), {
          timeout: 10000,
          message: 'only the new cache is left',
        });
        await eventually(async () => assert.equal(otherLoads, 1), { timeout: 15000, message: 'the other tab reloads too' });
        await appReady(other);
        await page.waitForTimeout(1000);
        assert.equal(loads, 1, 'the page reloads once');
        assert.equal(otherLoads, 1, 'the other tab reloads once');
        assert.equal(await prompt.count(), 0, 'no prompt under the new worker');

        // What the new worker serves is the new build, from its cache.
        await site.server.stop();
        await context.setOffline(true);
        assert.match(await page.evaluate(() => fetch('site.js').then((r) => r.text())), /\/\/ redeployed/);
      } finally {
        await context.setOffline(false);
        await site.close();
      }
    }));
});

describe('installable over http (manifest and icons)', () => {
  test('each page links the manifest, theme colour, icons and site.js; the manifest parses and its icons have their sizes', async () => {
    const css = await readFile(distAssets().css, 'utf8');
    const accent = cssColour(css, ':root', '--accent');
    const background = cssColour(css, ':root', '--bg');
    for (const file of BUNDLE_PAGES) {
      const html = await readFile(path.join(DIST, file), 'utf8');
      assert.match(html, /<link rel="manifest" href="manifest\.webmanifest">/, file);
      assert.match(html, new RegExp(`<meta name="theme-color" content="${accent}">`), file);
      assert.match(html, /<link rel="apple-touch-icon" href="icons\/apple-touch-icon\.png">/, file);
      assert.match(html, /<link rel="icon" type="image\/png" href="icons\/favicon\.png">/, file);
      assert.match(html, /<script src="site\.js" defer><\/script>/, file);
      assert.doesNotMatch(html, /href="data:,"/, `${file} has a real favicon`);
    }

    const response = await fetch(env.httpBase + 'manifest.webmanifest');
    assert.equal(response.status, 200);
    const manifest = JSON.parse(await response.text());
    assert.equal(manifest.name, 'にも包括 研修');
    assert.equal(manifest.short_name, 'にも包括');
    assert.equal(manifest.lang, 'ja');
    assert.equal(manifest.dir, 'ltr');
    assert.match(manifest.description, /地域包括ケアシステム/);
    assert.equal(manifest.start_url, './index.html');
    assert.equal(manifest.scope, './');
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.theme_color, accent, 'theme colour from style/main.css');
    assert.equal(manifest.background_color, background, 'background colour from style/main.css');

    const icons = [];
    for (const icon of manifest.icons) {
      const bytes = Buffer.from(await (await fetch(new URL(icon.src, env.httpBase + 'manifest.webmanifest'))).arrayBuffer());
      assert.equal(pngSize(bytes), icon.sizes, `${icon.src} is ${icon.sizes}`);
      assert.equal(icon.type, 'image/png');
      icons.push(`${icon.sizes} ${icon.purpose}`);
    }
    assert.deepEqual(icons.sort(), ['192x192 any', '512x512 any', '512x512 maskable']);
    for (const [src, size] of [
      ['icons/apple-touch-icon.png', '180x180'],
      ['icons/favicon.png', '32x32'],
    ]) {
      assert.equal(pngSize(Buffer.from(await (await fetch(env.httpBase + src)).arrayBuffer())), size, src);
    }
  });

  test('Chromium reads the manifest without errors and finds nothing against installing but the test profile', () =>
    env.run('http', async ({ context, open }) => {
      const page = await open('#/');
      await untilControlled(page);
      const cdp = await context.newCDPSession(page);
      const { url, errors } = await cdp.send('Page.getAppManifest');
      assert.equal(url, env.httpBase + 'manifest.webmanifest');
      assert.deepEqual(errors, []);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      // Playwright's contexts are incognito profiles, where Chromium never installs.
      assert.deepEqual(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito'), []);
    }));

  test('the single file links no manifest and carries its favicon inline', async () => {
    const html = await readFile(distAssets().offline, 'utf8');
    // Its copy of site.js is inline, and registers nothing under file:// (tested below).
    assert.doesNotMatch(html, /<link rel="(?:manifest|apple-touch-icon)"|<script src=/);
    assert.match(html, /<link rel="icon" type="image\/png" href="data:image\/png;base64,/);
  });
});

describe('no service worker over file://', () => {
  test('the single file never tries to register one, and shows no notice in Chromium', () =>
    env.run('file', async ({ context, open }) => {
      await context.addInitScript(() => {
        window.registerCalls = 0;
        if (typeof ServiceWorkerContainer !== 'undefined') {
          ServiceWorkerContainer.prototype.register = function () {
            window.registerCalls++;
            return Promise.reject(new Error('no registration expected here'));
          };
        }
      });
      const page = await open('#/');
      await settle(page);
      assert.equal(await page.evaluate(() => window.registerCalls), 0);
      assert.equal(await page.evaluate(() => navigator.serviceWorker?.controller ?? null), null);
      assert.equal(await page.getByTestId('safari-notice').count(), 0);
      assert.equal(await page.getByTestId('update-prompt').count(), 0);
      assert.equal(await page.evaluate((key) => localStorage.getItem(key), PERSIST_KEY), null, 'no persist result on file://');
    }));
});

for (const target of ['http', 'file']) {
  describe(`Safari notice and storage persistence over ${target}`, () => {
    test('an iPhone Safari sees the 7-day notice once, with a link to 記録', () =>
      env.run(target, { userAgent: IPHONE_SAFARI }, async ({ open }) => {
        const page = await open('#/');
        const notice = page.getByTestId('safari-notice');
        await page.getByTestId('safari-notice-close').waitFor({ state: 'visible' });
        const text = await notice.textContent();
        assert.match(text, /7日間/);
        assert.match(text, /バックアップ/);
        // Adding to the home screen is advice for the served site; a file on a USB stick cannot be added.
        if (target === 'http') assert.match(text, /ホーム画面に追加/);
        else assert.doesNotMatch(text, /ホーム画面に追加/);
        assert.equal(await notice.locator('a').getAttribute('href'), '#/my');
        assert.equal(await notice.getAttribute('role'), 'status');
        assert.ok(await page.evaluate((key) => localStorage.getItem(key), SAFARI_KEY), 'remembered as shown');
        await expectNoAxeViolations(page, `the Safari notice (${target})`);

        await page.getByTestId('safari-notice-close').click();
        assert.equal(await notice.count(), 0, '閉じる closes it');
        await page.reload();
        await settle(page);
        assert.equal(await notice.count(), 0, 'not shown a second time');
        const second = await open('#/my');
        await settle(second);
        assert.equal(await second.getByTestId('safari-notice').count(), 0, 'not on another page either');
      }));

    test('when localStorage is blocked, Safari still gets the notice and the app carries on', () =>
      env.run(target, { userAgent: IPHONE_SAFARI }, async ({ context, open }) => {
        await context.addInitScript(() => {
          if (location.protocol === 'about:') return;
          Object.defineProperty(window, 'localStorage', {
            configurable: true,
            get() {
              throw new DOMException('The operation is insecure.', 'SecurityError');
            },
          });
        });
        const page = await open('#/');
        await page.getByTestId('safari-notice-close').waitFor({ state: 'visible' });
        await page.getByTestId('storage-banner').waitFor({ state: 'visible' });
      }));

    test('Safari on a Mac gets the notice without the home-screen advice (a Mac has none)', () =>
      env.run(target, { userAgent: MAC_SAFARI, viewport: { width: 1280, height: 800 } }, async ({ open }) => {
        const page = await open('#/');
        await page.getByTestId('safari-notice-close').waitFor({ state: 'visible' });
        const text = await page.getByTestId('safari-notice').textContent();
        assert.match(text, /7日間/);
        assert.doesNotMatch(text, /ホーム画面に追加/);
      }));

    test('Chromium sees no Safari notice', () =>
      env.run(target, async ({ open }) => {
        const page = await open('#/');
        await settle(page);
        assert.equal(await page.getByTestId('safari-notice').count(), 0);
      }));

    if (target === 'http') {
      test('persistent storage is asked for and the answer recorded for 記録', () =>
        env.run(target, async ({ open }) => {
          const page = await open('#/');
          const stored = await eventually(
            async () => {
              const raw = await page.evaluate((key) => localStorage.getItem(key), PERSIST_KEY);
              assert.ok(raw, `${PERSIST_KEY} is written`);
              return JSON.parse(raw);
            },
            { timeout: 5000 },
          );
          assert.deepEqual(Object.keys(stored).sort(), ['checked_on', 'state']);
          assert.ok(['granted', 'denied'].includes(stored.state), stored.state);
          assert.equal(stored.checked_on, await browserDate(page), 'the local date, no time');
          const persisted = await page.evaluate(() => navigator.storage.persisted());
          assert.equal(stored.state, persisted ? 'granted' : 'denied', 'the record says what the browser says');
        }));
    }
  });
}
