// The curriculum on a phone: self-check quiz with explanations and a kept best score, progress,
// Japanese search (kana, width and case folding, highlighted snippets), the glossary, and axe.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TARGETS, eventually, goRoute, reload, useApp, waitForLesson } from './lib/harness.mjs';
import { axeViolations, describeViolations } from './lib/axe.mjs';

const env = useApp();

const quiz = (page) => page.getByTestId('quiz');
const question = (page, n) => page.getByTestId('quiz-question').nth(n);

async function search(page, query) {
  await goRoute(page, `#/search?q=${encodeURIComponent(query)}`);
  const status = page.getByTestId('search-status');
  await status.waitFor();
  await eventually(async () => assert.match(await status.textContent(), new RegExp(`「${query}」`)), { timeout: 5000 });
  return page.getByTestId('search-hit');
}

async function expectNoAxeViolations(page, where) {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `axe on ${where}:\n${describeViolations(violations)}`);
}

for (const target of TARGETS) {
  describe(`curriculum over ${target}`, () => {
    test('a self-check on a phone: explanations after grading, best score and answers kept over a reload', () =>
      env.run(target, async ({ open }) => {
        const page = await open('#/lesson/renkei-mokuteki');
        await waitForLesson(page);
        // 問1: the right answer is 保健所; 問3 (○×) is ×.
        await question(page, 0).getByLabel('保健所').check();
        await question(page, 2).getByLabel('× 誤り').check();
        await page.getByTestId('quiz-grade').click();

        const summary = page.getByTestId('quiz-summary');
        await eventually(async () => assert.match(await summary.textContent(), /今回の得点 \d+%（最高 \d+%・1回目）/));
        const firstScore = (await summary.textContent()).match(/今回の得点 (\d+)%/)[1];
        assert.match(await question(page, 0).textContent(), /正解/);
        assert.match(await question(page, 0).textContent(), /正しい選択肢・あなたの選択/);
        // Every option of 問1 shows its explanation.
        assert.equal(await question(page, 0).locator('.quiz__feedback').count(), 4);
        assert.match(await question(page, 2).textContent(), /正しいのは × です/);
        await expectNoAxeViolations(page, `graded quiz (${target})`);

        await reload(page);
        await waitForLesson(page);
        await eventually(async () => assert.match(await page.getByTestId('quiz-summary').textContent(), new RegExp(`最高 ${firstScore}%`)));
        assert.equal(await question(page, 0).getByLabel('保健所').isChecked(), true, 'last answers are shown again');

        // A worse second attempt keeps the best score.
        await page.getByTestId('quiz-retry').click();
        assert.equal(await question(page, 0).getByLabel('保健所').isChecked(), false, 'retry starts empty');
        await page.getByTestId('quiz-grade').click();
        await eventually(async () =>
          assert.match(await page.getByTestId('quiz-summary').textContent(), new RegExp(`今回の得点 \\d+%（最高 ${firstScore}%・2回目）`)),
        );
      }));

    test('an ordering question is answered with the ↑ ↓ buttons', () =>
      env.run(target, async ({ open }) => {
        const page = await open('#/lesson/kobetsu-5steps');
        await waitForLesson(page);
        const ordering = page.locator('[data-testid="quiz-question"]:has(.quiz__order)').first();
        const items = ordering.locator('.quiz__order-text');
        const right = ['出会い・受けとめ', '個別課題の把握', '課題の整理', '協議の場の活用', '課題解決のための協議'];
        // Bubble each step up into its place, as a keyboard or touch user would.
        for (let place = 0; place < right.length; place++) {
          let at = (await items.allTextContents()).indexOf(right[place]);
          assert.ok(at >= 0, `${right[place]} is listed`);
          while (at > place) {
            await ordering.getByRole('button', { name: `「${right[place]}」を上へ` }).click();
            at -= 1;
          }
        }
        assert.deepEqual(await items.allTextContents(), right);
        await page.getByTestId('quiz-grade').click();
        await eventually(async () => assert.match(await ordering.textContent(), /正解/));
      }));

    test('a lesson read to the end and attempted counts as done on the home page', () =>
      env.run(target, async ({ open }) => {
        const page = await open('#/lesson/renkei-mokuteki');
        await waitForLesson(page);
        await page.getByTestId('quiz-grade').scrollIntoViewIfNeeded();
        await page.getByTestId('quiz-grade').click();
        await eventually(async () => assert.match(await page.getByTestId('lesson-status').textContent(), /修了しました/));
        await goRoute(page, '#/');
        await eventually(async () => assert.match(await page.getByTestId('progress-overall').textContent(), /^全体の進み具合1\/\d+ 講義/));
        await eventually(async () => assert.match(await page.getByTestId('progress-renkei').textContent(), /1\/3 講義/));
        assert.match(await page.getByTestId('resume').textContent(), /連携の目的と必要性/);
      }));

    test('opening a lesson by a direct link is saved for 「続きから」 without any typing', () =>
      env.run(target, async ({ open }) => {
        const page = await open('#/lesson/iko-a-shi');
        await waitForLesson(page);
        await eventually(
          async () => {
            const record = JSON.parse(await page.evaluate(() => localStorage.getItem('nimo-kenshu:record:v1')));
            assert.equal(record?.last_lesson?.value, 'iko-a-shi');
          },
          { timeout: 1500, message: 'the autosave after opening' },
        );
      }));

    test('search folds kana, width and case, and highlights the match', () =>
      env.run(target, async ({ open }) => {
        const page = await open('#/');
        const hiragana = await search(page, 'ぴあさぽーたー');
        const count = await hiragana.count();
        assert.ok(count > 0, 'ぴあさぽーたー finds ピアサポーター');
        assert.equal(await hiragana.first().locator('mark').first().textContent(), 'ピアサポーター');
        const halfWidth = await search(page, 'ﾋﾟｱｻﾎﾟｰﾀｰ');
        assert.equal(await halfWidth.count(), count, 'half-width katakana finds the same');

        const gh = await search(page, 'ＧＨ');
        assert.ok(await gh.filter({ hasText: 'GH' }).count() > 0, 'full-width ＧＨ finds GH');

        const kyogi = await search(page, '協議の場');
        const lessons = kyogi.filter({ has: page.locator('.search__kind', { hasText: '講義' }) });
        assert.ok(await lessons.count() > 3, '協議の場 finds several lessons');
        assert.equal(await lessons.first().locator('mark').first().textContent(), '協議の場');
        await expectNoAxeViolations(page, `search (${target})`);

        // A result leads to the lesson, scrolled to the matching section.
        await lessons.first().locator('a').click();
        await waitForLesson(page);
        assert.match(page.url(), /#\/lesson\/[a-z0-9-]+(\?at=s-\d+)?$/);
      }));

    test('glossary: 50音 groups, a deep link to a term, and term links from lessons', () =>
      env.run(target, async ({ open }) => {
        const page = await open('#/glossary/gh');
        const entry = page.locator('#term-gh');
        await entry.waitFor();
        assert.match(await entry.getAttribute('class'), /glossary__entry--focused/);
        assert.ok(await page.getByTestId('glossary-entry').count() >= 50);
        const rows = await page.locator('.glossary__group h2').allTextContents();
        assert.equal(rows[0], 'あ行');
        await page.getByTestId('glossary-filter').fill('ぴあ');
        await eventually(async () => assert.ok((await page.getByTestId('glossary-entry').count()) >= 1));
        await expectNoAxeViolations(page, `glossary (${target})`);

        await goRoute(page, '#/lesson/renkei-mokuteki');
        await waitForLesson(page);
        const termLink = page.locator('.lesson-body a.term').first();
        const href = await termLink.getAttribute('href');
        await termLink.click();
        await page.locator(`#term-${href.split('/').pop()}`).waitFor();
      }));
  });
}
