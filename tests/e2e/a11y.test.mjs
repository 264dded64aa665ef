// axe-core on every kind of page, in the light, dark and high-contrast themes: zero violations.
//
// axe is injected with page.evaluate(source): DevTools evaluation is not subject to the page's CSP, so
// the pages are checked with their real Content-Security-Policy in force (no bypassCSP).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LESSON_ROUTE,
  PREFS_KEY,
  RECORD_KEY,
  TARGETS,
  goRoute,
  reflection,
  typeInto,
  useApp,
  waitForLesson,
} from './lib/harness.mjs';
import { axeViolations, describeViolations } from './lib/axe.mjs';

const env = useApp();

/** The three themes of 表示設定, plus 端末の設定に合わせる on a phone set to dark mode (the default). */
const THEMES = [
  { theme: 'light', colorScheme: 'light' },
  { theme: 'dark', colorScheme: 'light' },
  { theme: 'contrast', colorScheme: 'light' },
  { theme: 'auto', colorScheme: 'dark', label: 'auto (system dark)' },
];

/** Starts with `theme` already chosen (the UI path is covered by display.test.mjs). */
async function useTheme(context, theme) {
  await context.addInitScript(
    ({ key, theme }) => {
      if (location.protocol === 'about:') return;
      if (localStorage.getItem(key) === null) localStorage.setItem(key, JSON.stringify({ theme, text_size: 'standard' }));
    },
    { key: PREFS_KEY, theme },
  );
}

async function waitForRoute(page, route, testId) {
  await goRoute(page, route);
  await page.waitForFunction((r) => location.hash === r, route);
  await page.getByTestId(testId).first().waitFor({ state: 'visible' });
}

/** Unreadable stored data (set-aside banner) and a record that no longer fits (storage banner). */
function brokenAndFull(key) {
  if (location.protocol === 'about:') return;
  // First load of the tab only (window.name survives reloads; see persistence.test.mjs).
  if (window.name !== 'e2e-seeded') {
    window.name = 'e2e-seeded';
    localStorage.setItem(key, '{broken');
  }
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (k, v) {
    if (k === key) throw new DOMException('full', 'QuotaExceededError');
    return setItem.call(this, k, v);
  };
}

/**
 * Each scenario opens a route, brings the page into the state to check, and calls `check(where)` once
 * per state. Violations of all states are reported together.
 */
const SCENARIOS = [
  {
    name: 'home',
    route: '#/',
    async run(page, check) {
      await page.getByTestId('course-map').waitFor();
      await check('home');
    },
  },
  {
    name: 'lesson, with 表示設定 closed and open',
    route: LESSON_ROUTE,
    async run(page, check) {
      await waitForLesson(page);
      await typeInto(reflection(page), '振り返りの入力');
      await check('lesson');
      await page.getByTestId('display-settings').locator('summary').click();
      await page.getByRole('radio', { name: '特大' }).waitFor({ state: 'visible' });
      await check('lesson with 表示設定 open');
    },
  },
  {
    name: '記録 (also with a restore error and the delete confirmation)',
    route: '#/my',
    async run(page, check) {
      await page.getByTestId('typed-count').waitFor();
      await check('記録');
      await page.getByTestId('delete-start').click();
      await page.getByTestId('restore-input').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"a":1}') });
      await page.getByTestId('restore-error').waitFor();
      await check('記録 with a restore error and the delete confirmation');
    },
  },
  {
    name: 'worksheet grid with 記入例, a privacy hint, and the facilitator view',
    route: '#/worksheet/yon-yoso',
    async run(page, check) {
      await page.getByTestId('sheet-progress').waitFor();
      await page.locator('#yon-yoso-grid-hoken-yobo-iryo-kadai').fill('相談窓口が少ない');
      await page.getByTestId('toggle-examples').click();
      await check('4要素 sheet with examples');
      await waitForRoute(page, '#/worksheet/kobetsu-kara-chiiki', 'sheet-progress');
      await page.locator('#kobetsu-kara-chiiki-case-summary').fill('連絡先 090-1234-5678');
      await page.getByTestId('privacy-hint').waitFor();
      await check('case sheet with a privacy hint');
      await waitForRoute(page, '#/worksheet/group-work/present', 'present');
      await check('facilitator view');
    },
  },
  {
    name: 'session builder, present mode (also during the 演習) and the printable programme',
    route: '#/instructor/session',
    async run(page, check) {
      await page.getByTestId('session-item').first().waitFor();
      await page.getByTestId('item-pick').first().click();
      await check('session builder with a material list open');
      await goRoute(page, '#/instructor/session/present');
      await page.getByTestId('session-present').waitFor();
      await check('present mode');
      for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
      await page.getByTestId('present-prompt').waitFor();
      await check('present mode during the 演習');
      await waitForRoute(page, '#/instructor/session/program', 'program-note');
      await check('printable programme');
    },
  },
  {
    name: 'case scene with feedback, a debrief, and its QR hand-off',
    route: '#/case/jyuso-donyu',
    async run(page, check) {
      await page.getByTestId('case-option').first().click();
      await page.getByTestId('case-feedback').waitFor();
      await check('case scene with feedback');
      for (let i = 0; i < 20 && !(await page.getByTestId('case-debrief').count()); i++) {
        const before = await page.locator('#case-scene').textContent();
        await page.getByTestId('case-option').last().click();
        await page.waitForFunction((b) => document.querySelector('#case-scene')?.textContent !== b, before);
      }
      await check('case debrief');
      // The case's path handed in by QR (a tools.html page over http), with the codes shown at once.
      await waitForRoute(page, '#/handoff', 'worksheet-qr');
      await check('QR hand-off');
    },
  },
  {
    name: 'self-assessment, its pre/post report (with bars and statistics) and the certificate requirements',
    route: '#/assessment',
    async run(page, check) {
      await page.getByTestId('sa-progress').waitFor();
      await page.getByTestId('pairing-generate').click();
      await page.getByTestId('sa-statement').first().locator('input[type=radio]').nth(3).check();
      await check('self-assessment');
      const file = (code, phase, value) => ({
        name: `${phase}-${code}.json`,
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify({
          format: 'nimo-kenshu-self-assessment', schema_version: 1, course_version: 'x', assessment_id: 'jiko-hyoka-1',
          pairing_code: code, phase, exported_on: '2026-11-21', answers: { rinen: value, jyuso: value },
        })),
      });
      const files = [];
      for (const [i, before, after] of [[1, 1, 3], [2, 2, 4], [3, 3, 5], [4, 2, 2], [5, 4, 5]]) {
        files.push(file(`code-${i}`, 'pre', before), file(`code-${i}`, 'post', after));
      }
      files.push(file('lonely', 'pre', 3));
      await waitForRoute(page, '#/instructor/assessment', 'sa-dropzone');
      await page.getByTestId('sa-import').setInputFiles(files);
      await page.getByTestId('sa-stats').first().waitFor();
      await check('pre/post report');
      await waitForRoute(page, '#/certificate', 'cert-missing');
      await check('certificate requirements');
    },
  },
  {
    name: '404',
    route: '#/nope',
    async run(page, check) {
      await page.getByTestId('not-found').waitFor();
      await check('404');
    },
  },
  {
    name: 'storage and set-aside banners (lesson and 記録)',
    route: LESSON_ROUTE,
    async setUp(context) {
      await context.addInitScript(brokenAndFull, RECORD_KEY);
    },
    async run(page, check) {
      await page.getByTestId('set-aside-banner').waitFor({ state: 'visible' });
      await typeInto(reflection(page), 'バナーの表示中');
      await page.getByTestId('storage-banner').waitFor({ state: 'visible' });
      await check('lesson with both banners');
      await waitForRoute(page, '#/my', 'typed-count');
      await check('記録 with both banners and the set-aside section');
    },
  },
];

for (const target of TARGETS) {
  for (const { theme, colorScheme, label = theme } of THEMES) {
    describe(`accessibility (axe-core) over ${target}, ${label} theme`, () => {
      for (const scenario of SCENARIOS) {
        test(`no axe violations: ${scenario.name}`, () =>
          env.run(target, { colorScheme }, async ({ context, open }) => {
            await useTheme(context, theme);
            await scenario.setUp?.(context);
            const page = await open(scenario.route);
            assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
            const failures = [];
            await scenario.run(page, async (where) => {
              const violations = await axeViolations(page);
              if (violations.length) failures.push(`${where} (${label}, ${target}):\n${describeViolations(violations)}`);
            });
            assert.equal(failures.length, 0, `axe found violations:\n${failures.join('\n\n')}`);
          }));
      }
    });
  }
}
