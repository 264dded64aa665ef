// The 事前・事後の自己評価 and the 修了証, over http and the single file: a trainee answers before and
// after the course under a pairing code and exports both phases; the instructor imports many exports,
// gets them paired, sees the unmatched ones named and the statistics; the certificate appears only once
// the course is done, prints on A4 with the typed name, and its code is found among survey exports.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, RECORD_KEY, TARGETS, captureDownload, eventually, reload, useApp } from './lib/harness.mjs';
import { axeViolations, describeViolations } from './lib/axe.mjs';

const env = useApp();
const STATEMENTS = 10;
const LESSON_IDS = readdirSync(path.join(ROOT, 'content/lessons'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.replace(/\.md$/, ''));

async function expectNoAxeViolations(page, where) {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `axe on ${where}:\n${describeViolations(violations)}`);
}

async function openAssessment(open) {
  const page = await open('#/assessment');
  await page.getByTestId('sa-progress').waitFor();
  return page;
}

/** Rates every statement of the phase on screen with `value` (1–5). */
async function rateAll(page, value) {
  const statements = page.getByTestId('sa-statement');
  assert.equal(await statements.count(), STATEMENTS);
  for (let i = 0; i < STATEMENTS; i++) {
    await statements.nth(i).locator('input[type=radio]').nth(value - 1).check();
  }
}

async function exportPhase(page) {
  return captureDownload(page, () => page.getByTestId('sa-export').click());
}

for (const target of TARGETS) {
  describe(`self-assessment and certificate over ${target}`, () => {
    test('a trainee answers before and after under one code, and both exports carry it and nothing personal', () =>
      env.run(target, { acceptDownloads: true }, async ({ open }) => {
        const page = await openAssessment(open);
        assert.match(await page.getByTestId('sa-progress').textContent(), /事前: 10問中 0問に回答/);
        // Exporting without a code is refused with the reason.
        await page.getByTestId('sa-export').click();
        await page.getByRole('alert').filter({ hasText: '照合コードは英数字4文字以上' }).waitFor();

        await page.getByTestId('pairing-generate').click();
        const code = await page.getByTestId('pairing-code').inputValue();
        assert.match(code, /^[a-z2-9]{8}$/);
        await page.getByTestId('session-code').fill('2026-11-misaku');
        await rateAll(page, 2);
        await eventually(async () => assert.match(await page.getByTestId('sa-progress').textContent(), /10問中 10問に回答/));
        await expectNoAxeViolations(page, `self-assessment (${target})`);
        const pre = await exportPhase(page);
        assert.equal(pre.name, `nimo-jiko-hyoka-pre-${code}-${JSON.parse(pre.text).exported_on}.json`);
        const preData = JSON.parse(pre.text);
        assert.equal(preData.format, 'nimo-kenshu-self-assessment');
        assert.equal(preData.phase, 'pre');
        assert.equal(preData.pairing_code, code);
        assert.equal(preData.session_code, '2026-11-misaku');
        assert.equal(Object.keys(preData.answers).length, STATEMENTS);
        assert.ok(Object.values(preData.answers).every((v) => v === 2));
        assert.doesNotMatch(pre.text, /respondent|T\d{2}:\d{2}/, 'no respondent id and no time of day');

        // Back later: the page opens on the post phase, the pre answers are kept.
        await page.waitForTimeout(600);
        await reload(page);
        await page.getByTestId('sa-progress').waitFor();
        assert.equal(await page.getByTestId('sa-phase-post').isChecked(), true);
        assert.match(await page.getByTestId('sa-progress').textContent(), /事後: 10問中 0問に回答/);
        await rateAll(page, 4);
        const post = JSON.parse((await exportPhase(page)).text);
        assert.equal(post.phase, 'post');
        assert.equal(post.pairing_code, code);
        const comparison = page.getByTestId('sa-comparison');
        await comparison.waitFor();
        assert.equal(await comparison.locator('tbody tr').count(), STATEMENTS);
        assert.deepEqual(await comparison.locator('tbody tr').first().locator('td').allTextContents(), ['2', '4', '+2']);
      }));

    test('the instructor pairs pre and post by code, reports the unmatched, and shows the statistics', async () => {
      // One real trainee through the UI; the rest are copies of their files under other codes, with
      // other ratings, as other trainees' exports would be.
      let pre;
      let post;
      await env.run(target, { acceptDownloads: true }, async ({ open }) => {
        const page = await openAssessment(open);
        await page.getByTestId('pairing-code').fill('Trainee-0001');
        await page.getByTestId('pairing-code').press('Tab');
        await rateAll(page, 2);
        pre = JSON.parse((await exportPhase(page)).text);
        await page.getByTestId('sa-phase-post').check();
        await rateAll(page, 3);
        post = JSON.parse((await exportPhase(page)).text);
      });
      assert.equal(pre.pairing_code, 'trainee0001', 'the code is folded like a 研修コード, without its hyphen');
      const dir = await mkdtemp(path.join(tmpdir(), 'nimo-sa-'));
      const files = [];
      const write = async (name, data) => {
        const file = path.join(dir, name);
        await writeFile(file, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
        files.push(file);
      };
      const withAnswers = (base, code, value) => ({
        ...base,
        pairing_code: code,
        answers: Object.fromEntries(Object.keys(base.answers).map((k) => [k, value])),
      });
      await write('pre-0001.json', pre);
      await write('post-0001.json', post);
      // Five more pairs: four rise by one (2 → 3), one falls (4 → 3); the first statement thus has six
      // pairs with five rises and one fall.
      for (const [n, before, after] of [[2, 2, 3], [3, 2, 3], [4, 2, 3], [5, 2, 3], [6, 4, 3]]) {
        await write(`pre-000${n}.json`, withAnswers(pre, `trainee000${n}`, before));
        await write(`post-000${n}.json`, withAnswers(post, `trainee000${n}`, after));
      }
      await write('pre-lonely.json', withAnswers(pre, 'lonely-1', 1));
      // Typed by hand with a hyphen: still the same trainee's post.
      await write('post-0002-again.json', withAnswers(post, 'Trainee-0002', 3));
      await write('survey.json', { format: 'nimo-kenshu-survey', schema_version: 1 });
      await write('broken.json', '{"format": "nimo-kenshu-self-assessment", ');

      await env.run(target, { acceptDownloads: true, viewport: { width: 1280, height: 900 } }, async ({ open }) => {
        const page = await open('#/instructor/assessment');
        await page.getByTestId('sa-import').setInputFiles(files);
        await eventually(
          async () =>
            assert.equal(
              await page.getByTestId('sa-import-summary').textContent(),
              '16件を読み込みました（ファイル・QRコード）: 取り込み 13件・重複 1件・取り込めなかったもの 2件。事前と事後がそろった人: 6人、片方だけの人: 1人。',
            ),
          { timeout: 5000 },
        );
        const problems = await page.getByTestId('sa-import-problems').textContent();
        assert.match(problems, /survey\.json: アンケートの書き出しです/);
        assert.match(problems, /broken\.json: ファイルが途中で切れています/);
        assert.match(problems, /post-000(2|2-again)\.json/, 'the second post of the same code is named as a duplicate');
        assert.match(await page.getByTestId('sa-unmatched').textContent(), /pre-lonely\.json: 照合コード「lonely1」の事前だけがあり、事後がありません/);

        const first = page.getByTestId('sa-result').first();
        const rows = first.getByTestId('sa-distribution').locator('tbody tr');
        // Before: five rated 2, one rated 4; after: all six rated 3.
        // Suppressed: the single 4 shows as 「5未満」 without a percentage.
        assert.deepEqual(await rows.nth(0).locator('td').allTextContents(), ['0（0.0%）', '5（83.3%）', '0（0.0%）', '5未満', '0（0.0%）', '0（0.0%）']);
        assert.equal(await first.getByTestId('sa-pairs').textContent(), '6');
        // Mean change: (5·(+1) + 1·(−1)) / 6 = +0.67; sign test 2·P(X ≤ 1 | n = 6) = 14/64 = 0.219.
        assert.equal(await first.getByTestId('sa-change').textContent(), '+0.67');
        assert.match(await first.getByTestId('sa-sign').textContent(), /^p = 0\.219（上がった 5組・下がった 1組・同じ 0組）/);
        assert.match(await first.getByTestId('sa-wilcoxon').textContent(), /^p = 0\.\d{3}（正確、W\+ = /);
        await expectNoAxeViolations(page, `self-assessment report (${target})`);

        // Without suppression every count shows.
        await page.getByTestId('sa-suppress').uncheck();
        assert.equal(await rows.nth(0).locator('td').nth(3).textContent(), '1（16.7%）');

        const csv = await captureDownload(page, () => page.getByTestId('sa-csv').click());
        assert.ok(csv.text.startsWith('\ufeff文,時期,回答,件数,%\r\n'));
        assert.match(csv.text, /\r\n[^\r\n]*,事前,ややそう思う,1,16\.7\r\n/);
        assert.match(csv.text, /,6,2\.33,3\.00,\+0\.67,0\.219,0\.\d{3}\r\n/);
      });
    });

    test('the certificate waits for the whole course, prints on A4 with the name, and its code matches the survey export', async () => {
      let surveyExport;
      let certificateCode;
      await env.run(target, { acceptDownloads: true }, async ({ open }) => {
        const page = await open('#/certificate');
        const missing = page.getByTestId('cert-missing');
        await missing.waitFor();
        assert.match(await page.getByTestId('cert-lessons').textContent(), new RegExp(`講義: ${LESSON_IDS.length}のうち 0が終わっています`));
        assert.match(await page.getByTestId('cert-survey').textContent(), /まだ書き出していません/);
        assert.equal(await page.getByTestId('certificate').count(), 0);

        // The survey, handed in through the page as a trainee would; a backup is offered right after.
        await page.goto(env.url(target, '#/survey'));
        await page.getByTestId('survey-progress').waitFor();
        await page.getByTestId('session-code').fill('2026-11-misaku');
        surveyExport = await captureDownload(page, () => page.getByTestId('survey-export').click());
        await page.getByTestId('backup-reminder').waitFor();
        assert.match(await page.getByTestId('backup-reminder-last').textContent(), /まだバックアップを書き出していません/);
        const backup = await captureDownload(page, () => page.getByTestId('reminder-backup').click());
        assert.match(backup.name, /\.json$/);
        assert.match(await page.getByTestId('backup-reminder-last').textContent(), /前回のバックアップ: \d{4}-\d{2}-\d{2}/);

        // Every lesson read and its self-check taken: written into the stored record as the app would.
        await page.waitForTimeout(600);
        await page.evaluate(([key, ids]) => {
          const record = JSON.parse(localStorage.getItem(key));
          let rev = record.clock;
          for (const id of ids) {
            record.read[id] = { rev: ++rev, value: true };
            record.quizzes[id] = { rev: ++rev, value: { attempts: 1, best_percent: 100, last_percent: 100, last_answers: [] } };
          }
          record.clock = rev;
          localStorage.setItem(key, JSON.stringify(record));
        }, [RECORD_KEY, LESSON_IDS]);
        await page.goto(env.url(target, '#/certificate'));
        await page.reload();
        const certificate = page.getByTestId('certificate');
        await certificate.waitFor();
        await page.getByTestId('cert-name').fill('研修 花子');
        assert.match(await page.getByTestId('cert-printed-name').textContent(), /研修 花子/);
        assert.equal(await page.getByTestId('cert-session').textContent(), '2026-11-misaku');
        assert.match(await page.getByTestId('cert-date').textContent(), /^\d{4}年\d{1,2}月\d{1,2}日$/);
        certificateCode = await page.getByTestId('cert-code').textContent();
        assert.match(certificateCode, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
        await expectNoAxeViolations(page, `certificate (${target})`);

        await page.emulateMedia({ media: 'print' });
        assert.equal(await certificate.isVisible(), true);
        assert.equal(await page.getByTestId('cert-name').isVisible(), false, 'the name box does not print');
        assert.equal(await page.locator('.site-header').isVisible(), false, 'no navigation on paper');
        assert.equal(await page.getByTestId('cert-print').isVisible(), false);
        const box = await certificate.boundingBox();
        assert.ok(box.height > 600, `the certificate fills the page (${box.height} px)`);
        await page.emulateMedia({ media: 'screen' });

        // The name stays on this device and out of every export and the record.
        const stored = await page.evaluate((key) => localStorage.getItem(key), RECORD_KEY);
        assert.doesNotMatch(stored, /花子/);
        assert.doesNotMatch(surveyExport.text, /花子/);
        await page.goto(env.url(target, '#/my'));
        await page.getByTestId('last-backup').waitFor();
        assert.match(await page.getByTestId('last-backup').textContent(), /前回のバックアップ: \d{4}-\d{2}-\d{2}/);
        const persist = await page.getByTestId('persist-status').textContent();
        if (target === 'file') assert.match(persist, /オフライン版（file:\/\/）では/);
        else assert.match(persist, /永続保存|確認できませんでした/);
      });

      const dir = await mkdtemp(path.join(tmpdir(), 'nimo-cert-'));
      const file = path.join(dir, surveyExport.name);
      await writeFile(file, surveyExport.text);
      await env.run(target, { viewport: { width: 1280, height: 900 } }, async ({ open }) => {
        const page = await open('#/instructor');
        await page.getByTestId('instructor-import').setInputFiles([file]);
        await page.getByTestId('cert-check').waitFor();
        await page.getByTestId('cert-check').fill(certificateCode.toLowerCase().replace('-', ''));
        await eventually(async () => assert.match(await page.getByTestId('cert-check-result').textContent(), /^一致しました: /));
        await page.getByTestId('cert-check').fill('ZZZZ-ZZZZ');
        await eventually(async () => assert.match(await page.getByTestId('cert-check-result').textContent(), /一致するアンケートの書き出しは、読み込んだファイルの中にありません/));
      });
    });
  });
}
