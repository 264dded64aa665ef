// Opening the app, deep links, navigation, small screens, 404 and 準備中 pages, and the offline link.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DESKTOP,
  LESSON_ID,
  LESSON_ROUTE,
  LESSON_TITLE,
  PHONE,
  TARGETS,
  assertNoHorizontalOverflow,
  distAssets,
  eventually,
  goRoute,
  reflection,
  useApp,
  waitForLesson,
} from './lib/harness.mjs';

const env = useApp();

const NAV = ['home', 'lessons', 'worksheets', 'cases', 'survey', 'my', 'instructor'];

/** The file and hash a tab shows, e.g. `tools.html#/survey`. */
const pageOf = (page) => page.url().replace(/^.*\/(?=[^/]*#)/, '');

/** The nav link that carries aria-current="page" (there must be exactly one). */
async function currentNav(page) {
  const current = page.locator('nav[aria-label="主なメニュー"] a[aria-current="page"]');
  assert.equal(await current.count(), 1, 'exactly one nav link is marked current');
  return current.getAttribute('data-testid');
}

for (const target of TARGETS) {
  describe(`navigation over ${target}`, () => {
    test('home opens with title, course map and 7 nav links, without overflow at 360 px', () =>
      env.run(target, async ({ open }) => {
        const page = await open('#/');
        assert.match(await page.title(), /にも包括 研修/);
        await page.getByTestId('course-map').waitFor({ state: 'visible' });
        assert.equal(await page.locator('html').getAttribute('lang'), 'ja');

        const links = page.locator('nav[aria-label="主なメニュー"] a');
        assert.equal(await links.count(), 7);
        for (const name of NAV) {
          assert.ok(await page.getByTestId(`nav-${name}`).isVisible(), `nav-${name} is visible`);
        }
        assert.equal(await currentNav(page), 'nav-home');
        assert.equal(await page.getByTestId('resume').count(), 0, 'no 「続きから」 before any lesson was opened');
        await assertNoHorizontalOverflow(page, PHONE.width, 'home');
      }));

    test('a deep link to the lesson renders it directly, without overflow at 360 px', () =>
      env.run(target, async ({ open }) => {
        const page = await open(LESSON_ROUTE);
        const lesson = page.getByTestId('lesson');
        await waitForLesson(page);
        const title = (await lesson.locator('h1').textContent()).trim();
        assert.ok(title.startsWith(LESSON_TITLE), `lesson h1 is 「${title}」`);
        assert.match(await page.title(), new RegExp(`^${LESSON_TITLE}.*にも包括 研修$`));
        assert.equal(await currentNav(page), 'nav-lessons');
        assert.equal(await reflection(page).inputValue(), '');
        await assertNoHorizontalOverflow(page, PHONE.width, 'lesson');
      }));

    test('nav links and the course map lead to their pages (desktop)', () =>
      env.run(target, { viewport: DESKTOP }, async ({ open }) => {
        const page = await open('#/');
        await page.getByTestId('course-map').locator(`a[href="${LESSON_ROUTE}"]`).click();
        await page.getByTestId('lesson').waitFor();
        assert.ok(page.url().endsWith(LESSON_ROUTE), page.url());

        await page.getByTestId('nav-my').click();
        await page.getByTestId('typed-count').waitFor();
        assert.equal(await currentNav(page), 'nav-my');

        // The survey lives in another bundle: over http its page (tools.html) opens in this tab; the
        // offline file shows it itself.
        await page.getByTestId('nav-survey').click();
        await page.getByTestId('survey-progress').waitFor();
        assert.equal(await currentNav(page), 'nav-survey');
        assert.equal(pageOf(page), target === 'http' ? 'tools.html#/survey' : 'nimo-kenshu.html#/survey');

        await page.getByTestId('nav-lessons').click();
        await page.getByTestId('course-map').waitFor();
        assert.equal(await currentNav(page), 'nav-lessons');

        await page.goBack();
        await page.getByTestId('survey-progress').waitFor();
        await page.getByTestId('nav-home').click();
        await page.getByTestId('course-map').waitFor();
        assert.equal(await currentNav(page), 'nav-home');
        await assertNoHorizontalOverflow(page, DESKTOP.width, 'home on desktop');
      }));

    test('an unknown route shows not-found; deep links reach either bundle', () =>
      env.run(target, async ({ open }) => {
        const page = await open('#/nope');
        await page.getByTestId('not-found').waitFor({ state: 'visible' });
        assert.match(await page.locator('main').textContent(), /\/nope/);

        await goRoute(page, '#/cases');
        await page.getByTestId('case-card').first().waitFor({ state: 'visible' });
        assert.equal(await currentNav(page), 'nav-cases');
        // Worksheets live in a bundle of their own: a link from the main one hands over.
        await goRoute(page, '#/worksheets');
        await page.getByTestId('sheet-card').first().waitFor({ state: 'visible' });
        assert.equal(await currentNav(page), 'nav-worksheets');
        assert.equal(pageOf(page), target === 'http' ? 'worksheets.html#/worksheets' : 'nimo-kenshu.html#/worksheets');
        await goRoute(page, '#/worksheet/no-such-sheet');
        await page.getByTestId('not-found').waitFor({ state: 'visible' });
        await goRoute(page, '#/lesson/no-such-lesson');
        await page.getByTestId('not-found').waitFor({ state: 'visible' });

        const survey = await open('#/survey');
        await survey.getByTestId('survey-progress').waitFor({ state: 'visible' });
        assert.equal(await currentNav(survey), 'nav-survey');
        const instructor = await open('#/instructor');
        await instructor.getByTestId('instructor-import').waitFor({ state: 'attached' });
        assert.equal(await currentNav(instructor), 'nav-instructor');
        // Over http each bundle has its page; the offline file never leaves itself.
        const expected = target === 'http' ? ['tools.html', 'instructor.html'] : ['nimo-kenshu.html', 'nimo-kenshu.html'];
        assert.deepEqual([survey, instructor].map((p) => pageOf(p).split('#')[0]), expected);
        // From the instructor bundle back to a page of the main one.
        await goRoute(instructor, '#/glossary');
        await instructor.getByTestId('glossary-filter').waitFor();
        assert.equal(pageOf(instructor), target === 'http' ? 'index.html#/glossary' : 'nimo-kenshu.html#/glossary');
      }));

    if (target === 'file') {
      test('under file://, #/my explains where records live and there is no offline download link', () =>
        env.run(target, async ({ open }) => {
          const page = await open('#/my');
          await page.getByTestId('file-protocol-note').waitFor({ state: 'visible' });
          assert.equal(await page.getByTestId('offline-download').count(), 0);
        }));
    } else {
      test("over http, a link to another bundle's route opens its page without fetching the main bundle", () =>
        // No service worker: its precache fetches every bundle in the background, by design.
        env.run(target, { serviceWorkers: 'block' }, async ({ context }) => {
          const assets = distAssets();
          const main = [assets.js, assets.wasm].map((file) => path.basename(file));
          const requested = [];
          context.on('request', (request) => requested.push(path.basename(new URL(request.url()).pathname)));
          const page = await context.newPage();
          // web/boot.js, first in <head>, sends the address on before the page's own bundle is fetched
          // (trunk's preload links come later in <head>).
          await page.goto(env.url(target, 'index.html#/survey'));
          await page.getByTestId('survey-progress').waitFor({ state: 'visible' });
          assert.equal(pageOf(page), 'tools.html#/survey');
          await page.goto(env.url(target, 'index.html#/instructor/assessment'));
          await page.getByTestId('sa-dropzone').waitFor({ state: 'visible' });
          assert.equal(pageOf(page), 'instructor-assessment.html#/instructor/assessment');
          // Two segments decide here: #/instructor/session… is the session bundle's and
          // #/instructor/worksheets the worksheet import's, even from the survey import's page, and that
          // page's wasm is not fetched for them.
          const before = requested.length;
          await page.goto(env.url(target, 'instructor.html#/instructor/session/present'));
          await page.getByTestId('session-present').waitFor({ state: 'visible' });
          assert.equal(pageOf(page), 'session.html#/instructor/session/present');
          const instructorWasm = path.basename(assets.instructor.wasm);
          assert.ok(!requested.slice(before).includes(instructorWasm), `requested: ${requested.slice(before).join(', ')}`);
          await page.goto(env.url(target, 'instructor.html#/instructor/worksheets'));
          await page.getByTestId('ws-dropzone').waitFor({ state: 'visible' });
          assert.equal(pageOf(page), 'instructor-worksheets.html#/instructor/worksheets');
          assert.ok(!requested.slice(before).includes(instructorWasm), `requested: ${requested.slice(before).join(', ')}`);
          assert.deepEqual(requested.filter((file) => main.includes(file)), [], `requested: ${requested.join(', ')}`);
        }));

      test("over http, a lesson's text shows before the wasm arrives, and the app then shows it once", () =>
        env.run(target, { serviceWorkers: 'block' }, async ({ context }) => {
          const page = await context.newPage();
          // Hold every wasm back: what shows now is web/boot.js's preview from the content pack alone.
          let release;
          const held = new Promise((done) => { release = done; });
          await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
          await page.goto(env.url(target, `index.html${LESSON_ROUTE}`));
          const preview = page.getByTestId('lesson-preview');
          await preview.waitFor({ state: 'visible' });
          assert.ok((await preview.locator('h1').textContent()).startsWith(LESSON_TITLE));
          assert.match(await preview.textContent(), /学習目標/);
          assert.ok((await preview.locator('.lesson-body').count()) > 0, 'the body is there, not only the title');
          assert.equal(await page.getByTestId('lesson').count(), 0, 'the app has not started');
          release();
          await waitForLesson(page);
          assert.equal(await page.getByTestId('lesson-preview').count(), 0, 'the preview is gone: one copy of the text');
          assert.equal(await page.locator('#boot-preview').count(), 0);
          await reflection(page).waitFor({ state: 'visible' });
        }));

      test("over http, a lesson's opening shows first and its whole text when the module's pack arrives", () =>
        env.run(target, { serviceWorkers: 'block' }, async ({ context }) => {
          const page = await context.newPage();
          const requested = [];
          page.on('request', (request) => requested.push(new URL(request.url()).pathname.split('/').pop()));
          // The pack and the wasm held back: what shows is the opening (content/preview-<lesson>.<hash>.json).
          const hold = () => {
            let release;
            const held = new Promise((done) => { release = done; });
            return { held, release };
          };
          const pack = hold();
          const wasm = hold();
          await page.route(/\/content\/(?!preview-)[^/]+\.json$/, async (route) => { await pack.held; await route.continue(); });
          await page.route('**/*.wasm', async (route) => { await wasm.held; await route.continue(); });
          await page.goto(env.url(target, `index.html${LESSON_ROUTE}`));
          const preview = page.getByTestId('lesson-preview');
          await preview.waitFor({ state: 'visible' });
          assert.ok((await preview.locator('h1').textContent()).startsWith(LESSON_TITLE));
          const opening = await preview.locator('.lesson-body').count();
          assert.ok(opening > 0, 'the opening has body text');
          assert.ok(requested.some((file) => file.startsWith(`preview-${LESSON_ID}.`)), `requested: ${requested.join(', ')}`);
          // The wasm waits for the pack's response (web/boot.js starts it), so the pack has the line first.
          assert.ok(!requested.some((file) => file.endsWith('.wasm')), `requested: ${requested.join(', ')}`);
          const firstParagraph = await preview.locator('.lesson-body p').first().evaluate((p) => p.getBoundingClientRect().top + scrollY);
          pack.release();
          await eventually(async () => assert.ok((await preview.locator('.lesson-body').count()) > opening, 'the whole lesson replaced the opening'), {
            timeout: 5000,
          });
          assert.equal(await page.locator('#boot-preview').count(), 1, 'one preview, replaced in place');
          const after = await preview.locator('.lesson-body p').first().evaluate((p) => p.getBoundingClientRect().top + scrollY);
          assert.ok(Math.abs(after - firstParagraph) <= 1, `the first paragraph moved: ${firstParagraph} → ${after}`);
          wasm.release();
          await waitForLesson(page);
          assert.equal(await page.locator('#boot-preview').count(), 0);
        }));

      for (const [name, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
        test(`over http, the lesson's text does not move when the app replaces the preview (${name})`, () =>
          env.run(target, { serviceWorkers: 'block', viewport }, async ({ context }) => {
            const page = await context.newPage();
            let release;
            const held = new Promise((done) => { release = done; });
            await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
            await page.goto(env.url(target, `index.html${LESSON_ROUTE}`));
            // Where the title and the first paragraph of the body stand on the page (not the screen).
            const positions = (article) => page.evaluate((article) => {
              const top = (el) => el && Math.round((el.getBoundingClientRect().top + scrollY) * 10) / 10;
              const root = document.querySelector(`[data-testid=${article}]`);
              return { title: top(root.querySelector('h1')), paragraph: top(root.querySelector('.lesson-body p')) };
            }, article);
            await page.getByTestId('lesson-preview').waitFor({ state: 'visible' });
            const before = await positions('lesson-preview');
            assert.ok(before.paragraph > 0, 'the preview shows the body');
            // The preview carries the site's header (what it holds is checked against the app's below),
            // and nothing in it that needs the wasm can be used yet.
            const previewHeader = page.locator('#boot-preview .site-header');
            const headerText = (await previewHeader.count()) ? await previewHeader.innerText() : null;
            const live = await page.locator('#boot-preview').evaluate((preview) =>
              [...preview.querySelectorAll('details, button, input, select, textarea')].filter((el) => !el.closest('[inert]')).length);
            assert.equal(live, 0, 'controls that need the app are inert in the preview');
            release();
            await waitForLesson(page);
            await page.locator('#boot-preview').waitFor({ state: 'detached' });
            const after = await positions('lesson');
            assert.ok(
              Math.abs(after.title - before.title) <= 1 && Math.abs(after.paragraph - before.paragraph) <= 1,
              `the lesson moved: title ${before.title} → ${after.title} px, first paragraph ${before.paragraph} → ${after.paragraph} px`,
            );
            assert.equal(headerText, await page.locator('.site-header').innerText(), "the preview's header reads as the app's");
          }));
      }

      test('over http, the offline download link resolves to the single file (200)', () =>
        env.run(target, async ({ open }) => {
          const page = await open('#/my');
          assert.equal(await page.getByTestId('file-protocol-note').count(), 0);
          const link = page.getByTestId('offline-download');
          await link.waitFor({ state: 'visible' });
          const href = await link.getAttribute('href');
          const resolved = new URL(href, page.url());
          assert.equal(resolved.href, `${env.httpBase}nimo-kenshu.html`, 'the link is relative to the sub-folder');
          const response = await fetch(resolved);
          assert.equal(response.status, 200);
          const body = Buffer.from(await response.arrayBuffer());
          assert.ok(body.equals(await readFile(distAssets().offline)), 'the link serves dist/nimo-kenshu.html');
          assert.notEqual(await link.getAttribute('download'), null, 'the link downloads rather than navigates');
        }));
    }
  });
}
