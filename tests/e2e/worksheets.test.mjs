// Worksheets over http and the single file: trainees fill sheets on a phone and on a desktop, the answers
// survive reloads and a second tab, print as A4 sheets, and export; the instructor imports the exports
// and sees the group work grouped by 職種 and a heatmap of filled cells.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DESKTOP, PHONE, TARGETS, assertNoHorizontalOverflow, captureDownload, eventually, reload, storedRecord, useApp,
} from './lib/harness.mjs';
import { axeViolations, describeViolations } from './lib/axe.mjs';

const env = useApp();

/** The textarea of one cell of a sheet's grid. */
const cell = (page, sheet, row, column, field) => page.locator(`#${sheet}-grid-${row}-${column}-${field}`);
const cellKey = (sheet, row, column, field) => `ws/${sheet}/grid/${row}.${column}.${field}`;
const RARE = '𠮷と髙、😀の連携';

async function openSheet(open, id) {
  const page = await open(`#/worksheet/${id}`);
  await page.getByTestId('sheet-progress').waitFor();
  return page;
}

async function savedText(page, key, expected, timeout = 3000) {
  await eventually(async () => assert.equal((await storedRecord(page))?.texts?.[key]?.value, expected), {
    timeout,
    message: `${key} saved`,
  });
}

async function expectNoAxeViolations(page, where) {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `axe on ${where}:\n${describeViolations(violations)}`);
}

for (const target of TARGETS) {
  describe(`worksheets over ${target}`, () => {
    test('phone: the grid steps through one element at a time; answers survive a reload; the overview marks them', () =>
      env.run(target, { viewport: PHONE }, async ({ open }) => {
        const page = await openSheet(open, 'yon-yoso');
        const rows = page.getByTestId('sheet-grid-row');
        assert.equal(await rows.count(), 4);
        assert.equal(await rows.nth(0).isVisible(), true);
        assert.equal(await rows.nth(1).isVisible(), false, 'one element at a time on a phone');
        await page.getByTestId('grid-next').click();
        assert.equal(await rows.nth(1).isVisible(), true);
        await cell(page, 'yon-yoso', 'iryo-hoken', 'hoken-fukushi', 'kadai').fill(`精神科救急の輪番が弱い ${RARE}`);
        await page.locator('#yon-yoso-region-name').fill('A圏域');
        await page.locator('#yon-yoso-region-kenniki').selectOption('障害保健福祉圏域');
        await savedText(page, cellKey('yon-yoso', 'iryo-hoken', 'hoken-fukushi', 'kadai'), `精神科救急の輪番が弱い ${RARE}`);
        await assertNoHorizontalOverflow(page, PHONE.width, 'worksheet on a phone');

        await reload(page);
        await page.getByTestId('sheet-progress').waitFor();
        assert.equal(await cell(page, 'yon-yoso', 'iryo-hoken', 'hoken-fukushi', 'kadai').inputValue(), `精神科救急の輪番が弱い ${RARE}`);
        assert.equal(await page.locator('#yon-yoso-region-name').inputValue(), 'A圏域');
        assert.equal(await page.locator('#yon-yoso-region-kenniki').inputValue(), '障害保健福祉圏域');
        assert.match(await page.getByTestId('sheet-progress').textContent(), /28欄中 3欄に記入/);
        const marked = page.getByTestId('sheet-overview').getByRole('button', { name: '医療・保健 × 地域精神保健福祉システム（記入あり）' });
        assert.equal(await marked.count(), 1);
        await page.getByTestId('sheet-overview').getByRole('button', { name: '生活・支援 × 地域包括ケアシステム（未記入）' }).click();
        assert.equal(await rows.nth(3).isVisible(), true);
        await expectNoAxeViolations(page, `4要素 sheet on a phone (${target})`);
      }));

    test('desktop: the whole grid with its ☆ hints; print emulation shows the grid as A4 without navigation', () =>
      env.run(target, { viewport: DESKTOP }, async ({ open }) => {
        const page = await openSheet(open, 'yon-yoso');
        const rows = page.getByTestId('sheet-grid-row');
        for (let i = 0; i < 4; i++) assert.equal(await rows.nth(i).isVisible(), true);
        assert.equal(await page.getByText('☆', { exact: false }).count() >= 8, true);
        await cell(page, 'yon-yoso', 'hoken-yobo', 'houkatsu', 'torikumi').fill('こころのサポーター養成講座を地区ごとに開く');
        await savedText(page, cellKey('yon-yoso', 'hoken-yobo', 'houkatsu', 'torikumi'), 'こころのサポーター養成講座を地区ごとに開く');
        await assertNoHorizontalOverflow(page, DESKTOP.width, 'worksheet on a desktop');

        await page.emulateMedia({ media: 'print' });
        assert.equal(await page.locator('.site-header').isVisible(), false, 'no navigation on paper');
        assert.equal(await page.getByTestId('toggle-examples').isVisible(), false, 'no controls on paper');
        for (let i = 0; i < 4; i++) assert.equal(await rows.nth(i).isVisible(), true, 'every row of the grid prints');
        const printed = rows.nth(0).locator('.sheet-box__print').filter({ hasText: 'こころのサポーター養成講座' });
        assert.equal(await printed.isVisible(), true, 'the typed text prints in place of the box');
        assert.equal(await cell(page, 'yon-yoso', 'hoken-yobo', 'houkatsu', 'torikumi').isVisible(), false);
        // Grids print on A4 landscape through a named page.
        assert.equal(await page.getByTestId('worksheet').evaluate((el) => getComputedStyle(el).page), 'sheet-landscape');
      }));

    test('記入例 never mixes into answers; clearing a sheet can be undone; the blank sheet has empty frames', () =>
      env.run(target, { viewport: DESKTOP }, async ({ open }) => {
        const page = await openSheet(open, 'kochiku-process');
        await page.getByTestId('toggle-examples').click();
        await page.getByTestId('example-note').waitFor();
        assert.ok((await page.getByTestId('sheet-example').count()) > 5, 'examples are shown');
        assert.match(await page.getByTestId('sheet-example').first().textContent(), /630調査/);
        for (const input of await page.locator('[data-testid=worksheet] textarea').all()) assert.equal(await input.inputValue(), '');
        assert.match(await page.getByTestId('sheet-progress').textContent(), / 0欄に記入/);

        await page.locator('#kochiku-process-vision-vision').fill('誰もが安心して暮らせるまち');
        await page.getByTestId('table-add-row').first().click();
        await page.locator('#kochiku-process-roles-4-who').fill('保健所');
        await savedText(page, 'ws/kochiku-process/roles/4.who', '保健所');
        await page.getByTestId('sheet-clear').click();
        await page.getByTestId('sheet-clear-confirm').click();
        assert.equal(await page.locator('#kochiku-process-vision-vision').inputValue(), '');
        assert.equal(await page.locator('#kochiku-process-roles-4-who').count(), 0, 'the added row went with the clear');
        await page.getByTestId('sheet-undo').click();
        assert.equal(await page.locator('#kochiku-process-vision-vision').inputValue(), '誰もが安心して暮らせるまち');
        assert.equal(await page.locator('#kochiku-process-roles-4-who').inputValue(), '保健所');
        await savedText(page, 'ws/kochiku-process/vision/vision', '誰もが安心して暮らせるまち');

        await page.getByTestId('sheet-blank').click();
        await page.locator('.sheet--blank').waitFor();
        assert.equal(await page.locator('.sheet--blank textarea, .sheet--blank input').count(), 0);
        assert.ok((await page.locator('.sheet-box__frame').count()) > 10);
        await expectNoAxeViolations(page, `blank sheet (${target})`);
      }));

    test('the case sheet flags a phone number and a name as the trainee types', () =>
      env.run(target, async ({ open }) => {
        const page = await openSheet(open, 'kobetsu-kara-chiiki');
        await page.getByTestId('privacy-warning').waitFor();
        const box = page.locator('#kobetsu-kara-chiiki-case-summary');
        await box.fill('65歳女性。Bさんの家族。');
        await page.waitForTimeout(200);
        assert.equal(await page.getByTestId('privacy-hint').count(), 0, 'anonymised text is not flagged');
        await box.fill('山田さん 090-1234-5678');
        const hint = page.getByTestId('privacy-hint');
        await hint.waitFor();
        assert.match(await hint.textContent(), /電話番号のような数字：「090-1234-5678」/);
        assert.match(await hint.textContent(), /人の名前のような言葉：「山田さん」/);
        await expectNoAxeViolations(page, `case sheet with a privacy hint (${target})`);
      }));

    test('50,000 characters with emoji and rare kanji save, reload and export; the name never leaves', () =>
      env.run(target, { acceptDownloads: true }, async ({ open }) => {
        const page = await openSheet(open, 'group-work');
        const long = `${RARE}${'あ'.repeat(50000 - [...RARE].length)}`;
        await page.locator('#group-work-profile-name').fill('研修 太郎');
        await page.locator('#group-work-profile-shokushu').selectOption('保健師');
        await page.locator('#group-work-q1-text').fill(long);
        await savedText(page, 'ws/group-work/q1/text', long, 5000);
        await reload(page);
        await page.getByTestId('sheet-progress').waitFor();
        assert.equal(await page.locator('#group-work-q1-text').inputValue(), long);

        await page.emulateMedia({ media: 'print' });
        assert.match(await page.locator('.sheet-box--personal .sheet-box__print').textContent(), /研修 太郎/, 'a typed name prints');
        await page.emulateMedia({ media: 'screen' });

        const list = await open('#/worksheets');
        const { name, text } = await captureDownload(list, () => list.getByTestId('worksheet-export').click());
        assert.match(name, /^nimo-worksheets-nocode-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.json$/);
        const data = JSON.parse(text);
        assert.equal(data.format, 'nimo-kenshu-worksheets');
        assert.equal(data.answers['ws/group-work/q1/text'], long);
        assert.equal(data.answers['ws/group-work/profile/shokushu'], '保健師');
        assert.doesNotMatch(text, /研修 太郎/, 'the name is not exported');
      }));

    test('two tabs editing different boxes of the same sheet keep both answers', () =>
      env.run(target, async ({ open }) => {
        const first = await openSheet(open, 'kyogi-kozo');
        const second = await openSheet(open, 'kyogi-kozo');
        await first.locator('#kyogi-kozo-core-shichoson').fill('基幹相談支援センター');
        await second.locator('#kyogi-kozo-core-hokenjo').fill('保健所の精神保健福祉相談員');
        await savedText(first, 'ws/kyogi-kozo/core/shichoson', '基幹相談支援センター');
        await savedText(second, 'ws/kyogi-kozo/core/hokenjo', '保健所の精神保健福祉相談員');
        await eventually(async () => {
          const record = await storedRecord(first);
          assert.equal(record.texts['ws/kyogi-kozo/core/shichoson']?.value, '基幹相談支援センター');
          assert.equal(record.texts['ws/kyogi-kozo/core/hokenjo']?.value, '保健所の精神保健福祉相談員');
        });
        await eventually(async () => assert.equal(await first.locator('#kyogi-kozo-core-hokenjo').inputValue(), '保健所の精神保健福祉相談員'));
        await reload(second);
        await second.getByTestId('sheet-progress').waitFor();
        assert.equal(await second.locator('#kyogi-kozo-core-shichoson').inputValue(), '基幹相談支援センター');
      }));

    test('two tabs typing in the same box at once: the tab whose words were replaced can put them back', () =>
      env.run(target, async ({ open }) => {
        const first = await openSheet(open, 'kyogi-kozo');
        const second = await openSheet(open, 'kyogi-kozo');
        const box = (page) => page.locator('#kyogi-kozo-core-todofuken');
        // Both within the autosave delay, so neither tab has seen the other's words.
        await box(first).fill('1つ目のタブの案');
        await box(second).fill('2つ目のタブの案');
        let loser = null;
        await eventually(async () => {
          const shown = [];
          for (const page of [first, second]) if (await page.getByTestId('displaced-banner').count()) shown.push(page);
          assert.equal(shown.length, 1, 'exactly one tab lost its words and says so');
          loser = shown[0];
        }, { timeout: 4000 });
        const mine = loser === first ? '1つ目のタブの案' : '2つ目のタブの案';
        await eventually(async () => assert.notEqual(await box(loser).inputValue(), mine));
        await expectNoAxeViolations(loser, `displaced-text banner (${target})`);
        await loser.getByTestId('displaced-restore').click();
        await eventually(async () => assert.equal(await box(loser).inputValue(), mine));
        const other = loser === first ? second : first;
        await eventually(async () => assert.equal(await box(other).inputValue(), mine), { timeout: 4000, message: 'the restored words reach the other tab' });
      }));

    test('facilitator view: one prompt at a time and a countdown that follows the clock', () =>
      env.run(target, { viewport: DESKTOP }, async ({ context }) => {
        const page = await context.newPage();
        await page.clock.install({ time: new Date('2026-11-21T15:40:00+09:00') });
        await page.goto(env.url(target, '#/worksheet/group-work/present'));
        await page.getByTestId('present').waitFor();
        assert.match(await page.getByTestId('present-prompt').textContent(), /①「医療と保健・福祉の連携にあたり/);
        assert.equal(await page.getByTestId('timer-display').textContent(), '20:00');
        await page.getByTestId('timer-toggle').click();
        await page.clock.runFor(61_000);
        await eventually(async () => assert.equal(await page.getByTestId('timer-display').textContent(), '18:59'));
        await page.getByTestId('timer-toggle').click();
        await page.clock.runFor(120_000);
        assert.equal(await page.getByTestId('timer-display').textContent(), '18:59', 'paused');
        await page.getByTestId('timer-phase').nth(1).click();
        assert.equal(await page.getByTestId('timer-display').textContent(), '40:00');
        await page.locator('summary', { hasText: '時間の設定' }).click();
        await page.getByTestId('timer-minutes').nth(1).fill('35');
        await page.getByTestId('timer-minutes').nth(1).dispatchEvent('change');
        assert.equal(await page.getByTestId('timer-display').textContent(), '35:00');
        // Arrow keys move between prompts unless the facilitator is typing in a field.
        // The 2019 answers to the prompt on screen, folded away until the facilitator opens them.
        const reference = page.getByTestId('gw-reference');
        assert.equal(await reference.evaluate((d) => d.open), false);
        assert.equal(await reference.locator('summary').textContent(), '2019年モデル研修での回答（報告書から）');
        assert.match(await reference.textContent(), /（保健師）「システム構築のための協議の場を設けているが/);
        await page.getByTestId('present-prompt').click();
        await page.keyboard.press('ArrowRight');
        assert.match(await page.getByTestId('present-prompt').textContent(), /②「自分の所属・職種でできること/);
        await reference.locator('summary').click();
        assert.equal(await reference.evaluate((d) => d.open), true);
        assert.match(await reference.textContent(), /（保健師）[^]*「必要なところへは制限なく行ける。」/);
        assert.match(await reference.textContent(), /出典: [^]*グループワークのまとめ/);
        await expectNoAxeViolations(page, `facilitator view (${target})`);
      }));

    test('instructor: group work grouped by 職種 with counts, the heatmap of filled cells, bad files named, CSV', async () => {
      const exports = [];
      const trainees = [
        { job: '保健師', q1: '協議の場で課題を絞れていない', cells: ['hoken-yobo'] },
        { job: '保健師', q1: '連携先の役割が分からない', cells: ['hoken-yobo', 'iryo-hoken'] },
        { job: '看護師', q1: '入院中の情報が地域に届かない', cells: [] },
      ];
      for (const trainee of trainees) {
        await env.run(target, { acceptDownloads: true }, async ({ open }) => {
          const page = await openSheet(open, 'group-work');
          await page.locator('#group-work-profile-shokushu').selectOption(trainee.job);
          await page.locator('#group-work-q1-text').fill(trainee.q1);
          await savedText(page, 'ws/group-work/q1/text', trainee.q1);
          if (trainee.cells.length) {
            const grid = await openSheet(open, 'yon-yoso');
            for (const row of trainee.cells) {
              const box = cell(grid, 'yon-yoso', row, 'iryo', 'kadai');
              while (!(await box.isVisible())) await grid.getByTestId('grid-next').click();
              await box.fill(`${row}の課題`);
              await savedText(grid, cellKey('yon-yoso', row, 'iryo', 'kadai'), `${row}の課題`);
            }
          }
          const list = await open('#/worksheets');
          exports.push(await captureDownload(list, () => list.getByTestId('worksheet-export').click()));
        });
      }
      const dir = await mkdtemp(path.join(tmpdir(), 'nimo-worksheets-'));
      const files = [];
      for (const [i, { text }] of exports.entries()) {
        files.push(path.join(dir, `trainee-${i + 1}.json`));
        await writeFile(files.at(-1), text);
      }
      files.push(path.join(dir, 'broken.json'));
      await writeFile(files.at(-1), '{"format": "nimo-kenshu-worksheets", "schema_ver');
      files.push(path.join(dir, 'survey.json'));
      await writeFile(files.at(-1), JSON.stringify({ format: 'nimo-kenshu-survey', schema_version: 1 }));

      await env.run(target, { viewport: DESKTOP, acceptDownloads: true }, async ({ open }) => {
        const page = await open('#/instructor/worksheets');
        await page.getByTestId('ws-import').setInputFiles(files);
        await eventually(
          async () => assert.equal(await page.getByTestId('ws-import-summary').textContent(), '5件を読み込みました（ファイル・QRコード）: 取り込み 3件・重複 0件・取り込めなかったもの 2件'),
          { timeout: 5000 },
        );
        const problems = await page.getByTestId('ws-import-problems').textContent();
        assert.match(problems, /broken\.json: ファイルが途中で切れています/);
        assert.match(problems, /survey\.json: アンケートの書き出しです/);

        const counts = await page.getByTestId('gw-counts').locator('tbody tr').allTextContents();
        assert.deepEqual(counts, ['保健師2人', '看護師1人']);
        const first = page.getByTestId('gw-prompt').first();
        assert.match(await first.locator('h3').textContent(), /^①/);
        const text = await first.textContent();
        assert.ok(text.indexOf('（保健師）') < text.indexOf('協議の場で課題を絞れていない'));
        assert.ok(text.indexOf('（看護師）') < text.indexOf('入院中の情報が地域に届かない'));
        assert.ok(text.indexOf('連携先の役割が分からない') < text.indexOf('（看護師）'));
        // Below the live answers, folded: the 2019 model training's answers to ①, by 職種, with their source.
        const reference = first.getByTestId('gw-reference');
        assert.equal(await reference.evaluate((d) => d.open), false);
        assert.ok(text.indexOf('入院中の情報が地域に届かない') < text.indexOf('2019年モデル研修での回答'), 'after the live answers');
        const quoted = await reference.textContent();
        for (const job of ['保健師', '看護師', '精神保健福祉士', '相談支援専門員', 'その他']) assert.ok(quoted.includes(`（${job}）`), job);
        assert.match(quoted, /「計画相談業務に追われて/);
        assert.equal(await page.getByTestId('gw-reference').count(), 4, 'one per prompt ①–④');

        const heatmap = page.getByTestId('heatmap').first();
        const firstColumn = await heatmap.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelector('td').textContent));
        assert.deepEqual(firstColumn, ['2人 / 3人', '1人 / 3人', '0人 / 3人', '0人 / 3人']);
        await expectNoAxeViolations(page, `instructor worksheets (${target})`);

        const { name, text: csv } = await captureDownload(page, () => page.getByTestId('ws-csv').click());
        assert.match(name, /^nimo-worksheets-\d{4}-\d{2}-\d{2}\.csv$/);
        assert.ok(csv.startsWith('\uFEFFrespondent_id,session_code,group,worksheet,section,item,text\r\n'));
        assert.match(csv, /,保健師,グループワーク（演習）,「医療と保健・福祉の連携にあたり[^,]*」,①で感じている課題,協議の場で課題を絞れていない\r\n/);
        assert.match(csv, /保健・予防 × 地域精神医療システム：現状の地域課題（可視化）,hoken-yoboの課題\r\n/);
      });
    });

    test('every sheet passes axe on a phone', () =>
      env.run(target, async ({ open }) => {
        const list = await open('#/worksheets');
        await list.getByTestId('sheet-card').first().waitFor();
        await expectNoAxeViolations(list, `worksheet list (${target})`);
        for (const id of ['yon-yoso', 'kyogi-kozo', 'kochiku-process', 'kobetsu-kara-chiiki', 'group-work']) {
          const page = await openSheet(open, id);
          await page.getByTestId('toggle-examples').click();
          await expectNoAxeViolations(page, `${id} with examples (${target})`);
          await assertNoHorizontalOverflow(page, PHONE.width, id);
          await page.close();
        }
      }));
  });
}
