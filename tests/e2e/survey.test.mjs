// The 効果測定アンケート and the instructor's aggregation, over http and the single file: trainees in
// separate browsers answer and export; the instructor imports their files plus bad ones, and gets the
// table, the chart and the CSV with the right numbers, with every bad file named, and the 2019 model
// training's published figures beside them behind a switch.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TARGETS, captureDownload, eventually, reload, useApp } from './lib/harness.mjs';
import { axeViolations, describeViolations } from './lib/axe.mjs';

const env = useApp();

const question = (page, id) => page.getByTestId(`survey-${id}`);

async function openSurvey(open) {
  const page = await open('#/survey');
  await page.getByTestId('survey-progress').waitFor();
  return page;
}

/** One trainee: answers 問2 (職種) and 問4, optionally a reason, and exports. */
async function answerAndExport(app, { job, understanding, reason = '', code = '2026-11-misaku' }) {
  const page = await openSurvey(app.open);
  await page.getByTestId('session-code').fill(code);
  await question(page, 'q2').getByLabel(job, { exact: true }).check();
  await question(page, 'q4').getByLabel(understanding, { exact: true }).check();
  if (reason) await page.getByTestId('q4-reason').fill(reason);
  return captureDownload(page, () => page.getByTestId('survey-export').click());
}

async function expectNoAxeViolations(page, where) {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `axe on ${where}:\n${describeViolations(violations)}`);
}

for (const target of TARGETS) {
  describe(`survey over ${target}`, () => {
    test('every question is optional, the reason box follows 3・4, answers survive a reload', () =>
      env.run(target, async ({ open }) => {
        const page = await openSurvey(open);
        assert.match(await page.getByTestId('survey-progress').textContent(), /15問中 0問に回答/);
        assert.equal(await page.getByTestId('q4-reason').count(), 0);
        await question(page, 'q4').getByLabel('理解できなかった', { exact: true }).check();
        await page.getByTestId('q4-reason').fill('事例がもっとほしい');
        await question(page, 'q10').getByRole('group', { name: '①地域の基盤整備', exact: true }).getByLabel('理解できた', { exact: true }).check();
        await eventually(async () => assert.match(await page.getByTestId('survey-progress').textContent(), /15問中 2問に回答/));
        await expectNoAxeViolations(page, `survey (${target})`);

        // A radio group can be cleared again: leaving a question blank is an answer too (無回答).
        await question(page, 'q10').getByRole('button', { name: '選択を取り消す' }).click();
        await eventually(async () => assert.match(await page.getByTestId('survey-progress').textContent(), /15問中 1問に回答/));

        await page.waitForTimeout(600);
        await reload(page);
        await page.getByTestId('survey-progress').waitFor();
        assert.equal(await question(page, 'q4').getByLabel('理解できなかった', { exact: true }).isChecked(), true);
        assert.equal(await page.getByTestId('q4-reason').inputValue(), '事例がもっとほしい');
      }));

    test('the export is anonymous, dated by day, and keyed by stable ids', () =>
      env.run(target, { acceptDownloads: true }, async (app) => {
        const { name, text } = await answerAndExport(app, { job: '看護師', understanding: '理解できた' });
        assert.match(name, /^nimo-survey-2026-11-misaku-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.json$/);
        const data = JSON.parse(text);
        assert.equal(data.format, 'nimo-kenshu-survey');
        assert.equal(data.survey_id, 'kouka-sokutei-2019');
        assert.equal(data.session_code, '2026-11-misaku');
        assert.match(data.exported_on, /^\d{4}-\d{2}-\d{2}$/);
        assert.deepEqual(data.answers.q2, { choice: 'o3' });
        assert.doesNotMatch(text, /T\d{2}:\d{2}|"name"/, 'no time of day and no name');
      }));

    test('files dropped on the drop zone are imported like picked ones', () =>
      env.run(target, { viewport: { width: 1280, height: 900 } }, async ({ open }) => {
        const page = await open('#/instructor');
        await page.getByTestId('instructor-dropzone').waitFor();
        await page.evaluate(() => {
          const transfer = new DataTransfer();
          const answers = { q2: { choice: 'o2' }, q4: { choice: 'o1' } };
          const file = (id) => new File([JSON.stringify({ format: 'nimo-kenshu-survey', schema_version: 1, course_version: 'x', survey_id: 'kouka-sokutei-2019', session_code: null, exported_on: '2026-11-21', respondent_id: id, answers })], `${id}.json`, { type: 'application/json' });
          transfer.items.add(file('dropped-1'));
          transfer.items.add(file('dropped-2'));
          transfer.items.add(new File(['not json'], 'notes.txt'));
          document.querySelector('[data-testid=instructor-dropzone]').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        });
        await eventually(
          async () => assert.equal(await page.getByTestId('import-summary').textContent(), '3件を読み込みました（ファイル・QRコード）: 取り込み 2件・重複 0件・取り込めなかったもの 1件'),
          { timeout: 5000 },
        );
        assert.match(await page.getByTestId('import-problems').textContent(), /notes\.txt: JSON ファイルではありません/);
      }));

    test('the instructor imports many files, names the bad ones, and gets the tables, chart and CSV', async () => {
      const exports = [];
      for (const trainee of [
        { job: '保健師', understanding: '理解できた' },
        { job: '保健師', understanding: '少しは理解できた' },
        { job: '看護師', understanding: 'あまり理解できなかった', reason: '時間が短かった' },
      ]) {
        await env.run(target, { acceptDownloads: true }, async (app) => exports.push(await answerAndExport(app, trainee)));
      }
      const dir = await mkdtemp(path.join(tmpdir(), 'nimo-survey-'));
      const files = [];
      const write = async (name, content) => {
        const file = path.join(dir, name);
        await writeFile(file, content);
        files.push(file);
      };
      for (const [i, e] of exports.entries()) await write(`trainee-${i + 1}.json`, e.text);
      await write('trainee-1-again.json', exports[0].text);
      await write('memo.json', 'これはJSONではありません');
      await write('newer.json', exports[1].text.replace('"schema_version": 1', '"schema_version": 7'));
      await write('other-survey.json', exports[1].text.replace('kouka-sokutei-2019', 'another-survey'));
      await write('cut.json', exports[2].text.slice(0, 60));
      await write('huge.json', Buffer.alloc(3 * 1024 * 1024, 32));

      await env.run(target, { acceptDownloads: true, viewport: { width: 1280, height: 900 } }, async ({ open }) => {
        const page = await open('#/instructor');
        await page.getByTestId('instructor-import').setInputFiles(files);
        await eventually(
          async () => assert.equal(await page.getByTestId('import-summary').textContent(), '9件を読み込みました（ファイル・QRコード）: 取り込み 3件・重複 1件・取り込めなかったもの 5件'),
          { timeout: 5000 },
        );
        const problems = await page.getByTestId('import-problems').textContent();
        for (const [file, reason] of [
          ['memo.json', 'JSON ファイルではありません'],
          ['newer.json', 'アプリを更新してください'],
          ['other-survey.json', '別のアンケート'],
          ['cut.json', '途中で切れています'],
          ['huge.json', '大きすぎます'],
          ['trainee-1-again.json', ''],
        ]) {
          assert.ok(problems.includes(file), `${file} is listed`);
          if (reason) assert.match(problems, new RegExp(`${file.replace('.', '\\.')}: [^\\n]*${reason}`));
        }

        const q4 = page.getByTestId('report-q4');
        const row = async (label) => (await q4.locator('tr', { has: page.getByRole('rowheader', { name: label, exact: true }) }).first().locator('td').allTextContents());
        // The 2019 model training's published figures stand beside this session's, switched on at first.
        const baseline = page.getByTestId('baseline-switch');
        assert.equal(await baseline.isChecked(), true);
        assert.match(await page.locator('label', { has: baseline }).textContent(), /「2019年モデル研修（37人）」/);
        assert.match(await q4.getByRole('columnheader').nth(3).textContent(), /^2019年モデル研修（37人）/);
        assert.deepEqual(await row('理解できた'), ['1', '33.3', '54.1（20件）']);
        assert.deepEqual(await row('少しは理解できた'), ['1', '33.3', '43.2（16件）']);
        assert.deepEqual(await row('あまり理解できなかった'), ['1', '33.3', '2.7（1件）']);
        assert.deepEqual(await row('無回答'), ['0', '0.0', '0.0（0件）']);
        assert.equal(await q4.locator('svg.chart').count(), 1);
        assert.match(await q4.locator('svg.chart').textContent(), /1件 33.3%/);
        const report = await page.getByTestId('report').textContent();
        assert.match(report, /時間が短かった/);
        assert.match(report, /出典: [^。]*報告書[^。]*第6章第2節/, 'the figures name their source');
        assert.match(report, /「単発の研修で終わらず、さらに深められるような場があればと思います。」/);
        assert.match(report, /「“対話”の時間の確保。」/);
        await expectNoAxeViolations(page, `instructor report (${target})`);

        const csv = await captureDownload(page, () => page.getByTestId('aggregate-csv').click());
        assert.ok(csv.text.startsWith('\ufeffquestion_id,question,item,option,count,percent,count_2019,percent_2019\r\n'), 'UTF-8 BOM and header: the six columns, then the 2019 ones');
        assert.match(csv.text, /\r\nq4,問4 [^,]+,,理解できた,1,33\.3,20,54\.1\r\n/);
        assert.match(csv.text, /\r\nq4,問4 [^,]+,,無回答,0,0\.0,0,0\.0\r\n/);
        assert.match(csv.text, /\r\nq2,問2 [^,]+,,保健師,2,66\.7,9,24\.3\r\n/);
        assert.match(csv.text, /\r\nq10,問10 [^\r]+,①地域の基盤整備,理解できた,0,0\.0,24,64\.9\r\n/);

        // Switched off, the tables are this session's alone; switched on again, the column is back.
        await baseline.uncheck();
        await eventually(async () => assert.deepEqual(await row('理解できた'), ['1', '33.3']));
        assert.doesNotMatch(await page.getByTestId('report').textContent(), /2019年モデル研修/);
        // The CSV keeps its columns whichever way the switch is, so a spreadsheet reading it does not break.
        const plain = await captureDownload(page, () => page.getByTestId('aggregate-csv').click());
        assert.equal(plain.text, csv.text);
        await baseline.check();
        await eventually(async () => assert.deepEqual(await row('理解できた'), ['1', '33.3', '54.1（20件）']));

        // 「まとめて保存」: the counted exports as one まとめファイル, which another instructor imports back to
        // the same tables; its entries follow the duplicate rule with loose files.
        const matome = await captureDownload(page, () => page.getByTestId('save-collection').click());
        assert.match(matome.name, /^nimo-matome-survey-\d{4}-\d{2}-\d{2}-3件\.json$/);
        await page.getByTestId('import-clear').click();
        await page.getByTestId('import-clear-confirm').click();
        await eventually(async () => assert.equal(await page.getByTestId('report').count(), 0));
        const matomeFile = path.join(dir, 'matome.json');
        await writeFile(matomeFile, matome.text);
        await page.getByTestId('instructor-import').setInputFiles([matomeFile, files[0]]);
        await eventually(
          async () => assert.equal(await page.getByTestId('import-summary').textContent(), '4件を読み込みました（ファイル・QRコード）: 取り込み 3件・重複 1件・取り込めなかったもの 0件'),
          { timeout: 5000 },
        );
        assert.deepEqual(await row('理解できた'), ['1', '33.3', '54.1（20件）']);
        assert.deepEqual(await row('あまり理解できなかった'), ['1', '33.3', '2.7（1件）']);
        assert.match(await page.getByTestId('import-problems').textContent(), /trainee-1\.json/);

        // Clearing needs a confirmation.
        await page.getByTestId('import-clear').click();
        await page.getByTestId('import-clear-confirm').click();
        await eventually(async () => assert.equal(await page.getByTestId('report').count(), 0));
      });
    });
  });
}
