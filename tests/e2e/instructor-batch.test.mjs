// What an instructor has imported survives leaving the page (a link to another page, Back, a reload),
// with storage blocked too; the worksheet and case pages share one batch; 「消す」 ends it.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DESKTOP, TARGETS, appReady, eventually, reload, useApp } from './lib/harness.mjs';

const env = useApp();

/** Both storages throw, as when the browser blocks site data. */
function blockStorage() {
  if (location.protocol === 'about:') return;
  for (const name of ['localStorage', 'sessionStorage']) {
    Object.defineProperty(window, name, {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  }
}

const survey = (id, choice) =>
  JSON.stringify({
    format: 'nimo-kenshu-survey', schema_version: 1, course_version: 'x', survey_id: 'kouka-sokutei-2019',
    session_code: null, exported_on: '2026-12-06', respondent_id: id, answers: { q2: { choice } },
  });

const worksheets = (id, job, text) =>
  JSON.stringify({
    format: 'nimo-kenshu-worksheets', schema_version: 1, respondent_id: id, session_code: '', exported_on: '2026-12-06',
    answers: { 'ws/group-work/profile/shokushu': job, 'ws/group-work/q1/text': text },
  });

const dir = await mkdtemp(path.join(tmpdir(), 'nimo-kept-'));
async function files(contents) {
  const paths = [];
  for (const [name, text] of Object.entries(contents)) {
    paths.push(path.join(dir, name));
    await writeFile(paths.at(-1), text);
  }
  return paths;
}

const SURVEY_FILES = await files({ 'a.json': survey('kept-a', 'o1'), 'b.json': survey('kept-b', 'o2'), 'memo.json': 'メモ' });
const SURVEY_AGAIN = await files({ 'a-again.json': survey('kept-a', 'o1') });
const WORKSHEET_FILES = await files({
  'ws-1.json': worksheets('kept-ws-1', '保健師', '課題を絞れていない'),
  'ws-2.json': worksheets('kept-ws-2', '看護師', '情報が地域に届かない'),
});

const READ = '3件を読み込みました（ファイル・QRコード）: 取り込み 2件・重複 0件・取り込めなかったもの 1件';

async function summaryIs(page, testId, text, message) {
  await eventually(async () => assert.equal(await page.getByTestId(testId).textContent(), text), { timeout: 5000, message });
}

/** Leaves for a lesson list (another bundle's page over http) and comes back with Back. */
async function awayAndBack(page) {
  await page.getByTestId('nav-lessons').click();
  await page.getByTestId('nav-lessons').and(page.locator('[aria-current="page"]')).waitFor();
  await page.goBack();
  await appReady(page);
}

async function surveyBatchSurvives(page) {
  await page.getByTestId('instructor-import').setInputFiles(SURVEY_FILES);
  await summaryIs(page, 'import-summary', READ, 'the files are read');
  await awayAndBack(page);
  await summaryIs(page, 'import-summary', READ, 'the batch is back after Back');
  assert.match(await page.getByTestId('import-problems').textContent(), /memo\.json: JSON ファイルではありません/);
  assert.match(await page.getByTestId('report').textContent(), /回答者 2人/);

  await reload(page);
  await summaryIs(page, 'import-summary', READ, 'the batch is back after a reload');
  // The duplicate rule goes on with what came back.
  await page.getByTestId('instructor-import').setInputFiles(SURVEY_AGAIN);
  await summaryIs(page, 'import-summary', '4件を読み込みました（ファイル・QRコード）: 取り込み 2件・重複 1件・取り込めなかったもの 1件');
}

for (const target of TARGETS) {
  describe(`instructor batches over ${target}`, () => {
    test('the survey batch comes back after another page, Back and a reload; 消す ends it', () =>
      env.run(target, { viewport: DESKTOP }, async ({ open }) => {
        const page = await open('#/instructor');
        await surveyBatchSurvives(page);
        await page.getByTestId('import-clear').click();
        await page.getByTestId('import-clear-confirm').click();
        await summaryIs(page, 'import-summary', '');
        await reload(page);
        await page.getByTestId('instructor-import').waitFor();
        assert.equal(await page.getByTestId('import-summary').textContent(), '', 'nothing comes back after 消す');
      }));

    test('storage blocked: the survey batch rides along in the tab', () =>
      env.run(target, { viewport: DESKTOP }, async ({ context, open }) => {
        await context.addInitScript(blockStorage);
        await surveyBatchSurvives(await open('#/instructor'));
      }));

    test('the worksheet and case pages show one batch, read on either', () =>
      env.run(target, { viewport: DESKTOP }, async ({ open }) => {
        const page = await open('#/instructor/worksheets');
        await page.getByTestId('ws-import').setInputFiles(WORKSHEET_FILES);
        const read = '2件を読み込みました（ファイル・QRコード）: 取り込み 2件・重複 0件・取り込めなかったもの 0件';
        await summaryIs(page, 'ws-import-summary', read);
        await page.getByRole('navigation', { name: '講師用の画面' }).getByRole('link', { name: '事例の集計' }).click();
        await page.getByRole('heading', { name: '講師用: 事例の集計' }).waitFor();
        await summaryIs(page, 'ws-import-summary', read, 'the case page shows the batch read on the worksheet page');
        await page.getByTestId('ws-import').setInputFiles(await files({ 'ws-3.json': worksheets('kept-ws-3', '保健師', '役割が分からない') }));
        await summaryIs(page, 'ws-import-summary', '3件を読み込みました（ファイル・QRコード）: 取り込み 3件・重複 0件・取り込めなかったもの 0件');
        await page.goBack();
        await page.getByRole('heading', { name: '講師用: ワークシートの集計' }).waitFor();
        await eventually(async () => assert.deepEqual(await page.getByTestId('gw-counts').locator('tbody tr').allTextContents(), ['保健師2人', '看護師1人']), {
          timeout: 5000,
          message: 'the worksheet page counts what the case page read',
        });
      }));
  });
}
