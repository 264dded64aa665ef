// 表示設定: colour theme and text size are applied to <html> and remembered on this device.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DESKTOP,
  LESSON_ROUTE,
  PHONE,
  PREFS_KEY,
  TARGETS,
  goRoute,
  horizontalOverflow,
  chooseDisplay,
  eventually,
  reload,
  useApp,
} from './lib/harness.mjs';

const env = useApp();

async function rootAttributes(page) {
  return page.evaluate(() => ({
    theme: document.documentElement.dataset.theme,
    textSize: document.documentElement.dataset.textSize,
  }));
}

for (const target of TARGETS) {
  describe(`display settings over ${target}`, () => {
    test('暗い and 特大 set data-theme="dark" data-text-size="largest", remembered after a reload (desktop)', () =>
      env.run(target, { viewport: DESKTOP }, async ({ open }) => {
        const page = await open('#/');
        assert.deepEqual(await rootAttributes(page), { theme: 'auto', textSize: 'standard' });
        const settings = page.getByTestId('display-settings');
        await settings.locator('summary').click();
        assert.ok(await settings.getByRole('radio', { name: '端末の設定に合わせる' }).isChecked());
        assert.ok(await settings.getByRole('radio', { name: '標準' }).isChecked());
        for (const label of ['明るい', '暗い', '高コントラスト', '大', '特大']) {
          assert.equal(await settings.getByRole('radio', { name: label, exact: true }).count(), 1, label);
        }

        await chooseDisplay(page, '暗い', '特大');
        assert.deepEqual(await rootAttributes(page), { theme: 'dark', textSize: 'largest' });
        await eventually(async () => {
          const prefs = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), PREFS_KEY));
          assert.deepEqual(prefs, { theme: 'dark', text_size: 'largest' });
        });

        await reload(page);
        assert.deepEqual(await rootAttributes(page), { theme: 'dark', textSize: 'largest' });
        await settings.locator('summary').click();
        assert.ok(await settings.getByRole('radio', { name: '暗い' }).isChecked());
        assert.ok(await settings.getByRole('radio', { name: '特大' }).isChecked());

        // Computed styles really change: dark background, larger root font.
        const looks = await page.evaluate(() => ({
          fontSize: parseFloat(getComputedStyle(document.documentElement).fontSize),
          background: getComputedStyle(document.body).backgroundColor,
        }));
        assert.ok(looks.fontSize > 16, `root font size ${looks.fontSize}px at 特大`);
        const [r, g, b] = looks.background.match(/\d+/g).map(Number);
        assert.ok(r + g + b < 3 * 100, `body background ${looks.background} is dark`);
      }));

    test('every page fits a 360 px phone at 標準, 大 and 特大 (no horizontal scrolling)', () =>
      env.run(target, async ({ open }) => {
        const page = await open('#/');
        const overflowing = [];
        for (const size of ['標準', '大', '特大']) {
          await chooseDisplay(page, null, size);
          for (const route of ['#/', '#/lessons', LESSON_ROUTE, '#/my', '#/survey', '#/nope']) {
            await goRoute(page, route);
            await page.waitForFunction((r) => location.hash === r, route);
            await page.locator('main h1').first().waitFor();
            const found = await horizontalOverflow(page);
            if (found.scrollWidth > PHONE.width) {
              overflowing.push(`${size} ${route}: ${found.scrollWidth} px (${found.widest.join(', ')})`);
            }
          }
        }
        // KNOWN APP BUG (style/main.css .file-pick): on #/my the restore file picker is wider than the
        // screen at every text size, so the whole page scrolls sideways. See the e2e report.
        assert.deepEqual(overflowing, [], `pages wider than ${PHONE.width} px:\n${overflowing.join('\n')}`);
      }));
  });
}
