// When the browser refuses storage, the app keeps working in memory and says so plainly.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LESSON_ROUTE,
  RECORD_KEY,
  REFLECTION_KEY,
  TARGETS,
  captureDownload,
  eventually,
  reflection,
  typeInto,
  useApp,
  waitForBoxText,
  waitForSaved,
} from './lib/harness.mjs';

const env = useApp();

const NOT_SAVED = '入力した内容は保存されていません';

/** `localStorage` itself throws, as with blocked site data or some private modes. */
function blockLocalStorage() {
  if (location.protocol === 'about:') return;
  Object.defineProperty(window, 'localStorage', {
    configurable: true,
    get() {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    },
  });
}

/** Every write throws, as on a full disk or in Safari's old private mode. */
function quotaOnEveryWrite() {
  if (location.protocol === 'about:') return;
  Storage.prototype.setItem = function () {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
}

/**
 * Record writes fail while `window.__quotaFull` is true: the test sets it once the page has opened (and
 * saved the lesson it opened), so that the record no longer fits once typing starts, and clears it again
 * when space is freed.
 */
function quotaOnRecordWrites(key) {
  if (location.protocol === 'about:') return;
  window.__quotaFull = false;
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (k, v) {
    if (k === key && window.__quotaFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return setItem.call(this, k, v);
  };
}

async function assertBanner(page) {
  const banner = page.getByTestId('storage-banner');
  await banner.waitFor({ state: 'visible' });
  assert.match(await banner.textContent(), new RegExp(NOT_SAVED));
  assert.ok(await banner.getByTestId('banner-backup').isVisible(), 'the banner offers a backup');
}

for (const target of TARGETS) {
  describe(`storage faults over ${target}`, () => {
    test('localStorage getter throws SecurityError: banner, typing works in memory across routes, backup still works', () =>
      env.run(target, { acceptDownloads: true }, async ({ context, open }) => {
        await context.addInitScript(blockLocalStorage);
        const page = await open('#/');
        await assertBanner(page);
        assert.match(await page.getByTestId('storage-status').textContent(), /保存できていません/);

        await page.getByTestId('course-map').locator(`a[href="${LESSON_ROUTE}"]`).click();
        const text = '保存できない端末でも書ける 𠮷';
        await typeInto(reflection(page), text);
        await page.getByTestId('nav-my').click();
        await page.getByTestId('typed-count').waitFor();
        assert.equal((await page.getByTestId('typed-count').textContent()).trim(), '1');
        // 記録 is another bundle: the answers rode along in memory, and ride back the same way.
        await page.getByTestId('nav-lessons').click();
        await page.locator(`a[href="${LESSON_ROUTE}"]`).first().click();
        await waitForBoxText(page, text);
        await assertBanner(page);

        // The banner's own backup button is the way out: it must carry what was typed.
        const backup = await captureDownload(page, () => page.getByTestId('banner-backup').click());
        assert.match(backup.name, /^nimo-kenshu-backup-\d{4}-\d{2}-\d{2}\.json$/);
        assert.equal(JSON.parse(backup.text).record.texts[REFLECTION_KEY].value, text);
      }));

    test('localStorage blocked: Back and Forward between the lesson and the survey keep what was typed on both', () =>
      env.run(target, async ({ context, open }) => {
        await context.addInitScript(blockLocalStorage);
        const page = await open(LESSON_ROUTE);
        await typeInto(reflection(page), '戻っても消えない');
        // Over http the survey is another bundle's page; in the offline file, the same app.
        await page.getByTestId('nav-survey').click();
        await page.getByTestId('session-code').fill('BACK-1');
        await page.goBack();
        await waitForBoxText(page, '戻っても消えない');
        await assertBanner(page);
        await page.goForward();
        await eventually(async () => assert.equal(await page.getByTestId('session-code').inputValue(), 'BACK-1'), {
          message: 'the survey keeps its answer after Back and Forward',
        });
      }));

    test('every setItem throws QuotaExceededError: the app loads, warns, and keeps the typed text', () =>
      env.run(target, async ({ context, open }) => {
        await context.addInitScript(quotaOnEveryWrite);
        const page = await open(LESSON_ROUTE);
        await typeInto(reflection(page), '容量がいっぱいでも消えない');
        await assertBanner(page);
        assert.match(await page.getByTestId('storage-banner').textContent(), /容量がいっぱい/);
        await page.waitForTimeout(600); // past the autosave delay: the failed save must not wipe the box
        assert.equal(await reflection(page).inputValue(), '容量がいっぱいでも消えない');
        await page.getByTestId('nav-home').click();
        await page.getByTestId('course-map').waitFor();
        await page.goBack();
        await waitForBoxText(page, '容量がいっぱいでも消えない');
      }));

    test('storage fills up while typing: the banner appears after typing, text stays; freed space clears it', () =>
      env.run(target, async ({ context, open }) => {
        await context.addInitScript(quotaOnRecordWrites, RECORD_KEY);
        const page = await open(LESSON_ROUTE);
        // Opening a lesson records it for 「続きから」: that save goes through before the disk fills.
        await eventually(async () => assert.notEqual(await page.evaluate((k) => localStorage.getItem(k), RECORD_KEY), null), {
          message: 'the opened lesson is saved',
        });
        await page.evaluate(() => (window.__quotaFull = true));
        assert.equal(await page.getByTestId('storage-banner').count(), 0, 'no banner before anything failed');
        await typeInto(reflection(page), '途中で容量が尽きた');
        await eventually(async () => assert.ok(await page.getByTestId('storage-banner').isVisible()), {
          timeout: 2000,
          message: 'the storage banner appears after the failed autosave',
        });
        await assertBanner(page);
        assert.equal(await reflection(page).inputValue(), '途中で容量が尽きた');
        assert.doesNotMatch(await page.evaluate((k) => localStorage.getItem(k), RECORD_KEY), /途中で容量が尽きた/);

        // Space is freed: the next edit saves everything and the banner goes away.
        await page.evaluate(() => (window.__quotaFull = false));
        await reflection(page).press('End');
        await reflection(page).pressSequentially('。');
        await waitForSaved(page, '途中で容量が尽きた。');
        await page.getByTestId('storage-banner').waitFor({ state: 'detached', timeout: 2000 });
      }));
  });
}
