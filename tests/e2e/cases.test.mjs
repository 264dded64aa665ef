// Case scenarios over http and the single file, on a phone: a trainee plays a case to two different
// endings, reloads midway and resumes, goes back a step, and reads the debrief; the instructor imports
// the exports and sees endings and choices counted.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DESKTOP, PHONE, TARGETS, assertNoHorizontalOverflow, captureDownload, eventually, reload, storedRecord, useApp } from './lib/harness.mjs';
import { axeViolations, describeViolations } from './lib/axe.mjs';

const env = useApp();
const CASE = 'setai-8050';

async function expectNoAxeViolations(page, where) {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `axe on ${where}:\n${describeViolations(violations)}`);
}

const heading = async (page) => (await page.locator('#case-scene').textContent()).trim();

/** Chooses, at every decision, the option `pick` returns (from the number offered) until an ending. */
async function playToEnd(page, pick) {
  for (let i = 0; i < 20; i++) {
    if (await page.getByTestId('case-debrief').count()) return;
    const before = await heading(page);
    const options = page.getByTestId('case-option');
    const count = await options.count();
    assert.ok(count >= 2 && count <= 4, `a decision offers 2–4 options (${count} at 「${before}」)`);
    await options.nth(pick(count)).click();
    await eventually(async () => assert.notEqual(await heading(page), before), { message: 'the next scene appears' });
  }
  assert.fail('no ending within 20 decisions');
}

/** Waits until the autosave has stored `n` endings reached (another tab reads only what is stored). */
async function endingsSaved(page, n) {
  await eventually(async () => assert.equal((await storedRecord(page))?.cases?.[CASE]?.value?.endings_reached?.length, n), {
    message: `${n} ending(s) saved`,
  });
}

async function endingTitle(page) {
  return (await heading(page)).replace(/^結末：/, '');
}

for (const target of TARGETS) {
  describe(`cases over ${target}`, () => {
    test('phone: play to two different endings, resume after a reload, step back, read the debrief', () =>
      env.run(target, { viewport: PHONE, acceptDownloads: true }, async ({ open }) => {
        const list = await open('#/cases');
        assert.ok((await list.getByTestId('case-card').count()) >= 5, 'at least five cases');
        await expectNoAxeViolations(list, `case list (${target})`);
        await list.locator(`a[href="#/case/${CASE}"]`).click();
        const page = list;
        await page.getByTestId('case-scene').waitFor();
        const first = await heading(page);

        // Three decisions, then a reload: the path and the scene are where they were.
        for (let i = 0; i < 3; i++) {
          const before = await heading(page);
          await page.getByTestId('case-option').first().click();
          await eventually(async () => assert.notEqual(await heading(page), before));
        }
        const midway = await heading(page);
        await eventually(async () => assert.equal((await storedRecord(page))?.cases?.[CASE]?.value?.choices?.length, 3));
        await reload(page);
        await page.getByTestId('case-scene').waitFor();
        assert.equal(await heading(page), midway, 'resumed at the same scene');
        assert.equal(await page.getByTestId('case-timeline').locator('ol > li').count(), 3);
        await page.getByTestId('case-feedback').waitFor();
        assert.match(await page.getByTestId('case-feedback').textContent(), /根拠となる考え方/);
        await expectNoAxeViolations(page, `case scene with feedback (${target})`);
        await assertNoHorizontalOverflow(page, PHONE.width, 'case on a phone');

        // One step back, and focus goes to the scene heading for keyboard and screen-reader users.
        await page.getByTestId('case-back').click();
        await eventually(async () => assert.equal(await page.getByTestId('case-timeline').locator('ol > li').count(), 2));
        await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'case-scene'));

        await playToEnd(page, () => 0);
        const firstEnding = await endingTitle(page);
        const debrief = page.getByTestId('case-debrief');
        assert.match(await debrief.textContent(), /結末（\d通りのうち 1通りに到達）/);
        assert.equal(await page.getByTestId('case-scores').locator('tbody tr').count(), 4, 'four dimensions');
        assert.match(await page.getByTestId('case-scores').textContent(), /本人中心/);
        await expectNoAxeViolations(page, `debrief (${target})`);

        await page.getByTestId('case-restart').click();
        await eventually(async () => assert.equal(await heading(page), first));
        await playToEnd(page, (n) => n - 1);
        const secondEnding = await endingTitle(page);
        assert.notEqual(secondEnding, firstEnding, 'a different path leads to a different ending');
        assert.match(await page.getByTestId('case-debrief').textContent(), /2通りに到達/);
        const endings = await page.getByTestId('case-endings').textContent();
        assert.ok(endings.includes(firstEnding) && endings.includes(secondEnding), endings);
        assert.ok((await page.getByTestId('case-missed').locator('li').count()) > 0, 'the poorer path shows principles missed');

        await endingsSaved(page, 2);
        const cases = await open('#/cases');
        const { text } = await captureDownload(cases, () => cases.getByTestId('worksheet-export').click());
        const play = JSON.parse(text).cases[CASE];
        assert.equal(play.endings_reached.length, 2);
        assert.equal(play.completed.length, 2);
      }));

    test('a case with roles asks for one first, and the role changes what is shown', () =>
      env.run(target, { viewport: PHONE }, async ({ open }) => {
        const page = await open('#/case/jirei-65');
        await page.getByTestId('case-role').first().waitFor();
        assert.equal(await page.getByTestId('case-option').count(), 0, 'no decision before a role');
        await expectNoAxeViolations(page, `role choice (${target})`);
        await page.getByTestId('case-role').filter({ hasText: '保健所' }).click();
        await page.getByTestId('case-option').first().waitFor();
        assert.match(await page.getByTestId('case-scene').textContent(), /管轄保健所の精神保健福祉相談員です/);
        await page.getByTestId('case-change-role').click();
        await page.getByTestId('case-role').filter({ hasText: '市の' }).click();
        await page.getByTestId('case-option').first().waitFor();
        assert.match(await page.getByTestId('case-scene').textContent(), /市の精神保健福祉相談員です/);
      }));

    test('instructor: endings and choices per decision counted from trainees\u2019 exports, with CSV', async () => {
      const exports = [];
      for (const pick of [() => 0, () => 0, (n) => n - 1]) {
        await env.run(target, { viewport: PHONE, acceptDownloads: true }, async ({ open }) => {
          const page = await open(`#/case/${CASE}`);
          await page.getByTestId('case-scene').waitFor();
          await playToEnd(page, pick);
          await endingsSaved(page, 1);
          const cases = await open('#/cases');
          exports.push((await captureDownload(cases, () => cases.getByTestId('worksheet-export').click())).text);
        });
      }
      const dir = await mkdtemp(path.join(tmpdir(), 'nimo-cases-'));
      const files = await Promise.all(
        exports.map(async (text, i) => {
          const file = path.join(dir, `trainee-${i + 1}.json`);
          await writeFile(file, text);
          return file;
        }),
      );
      await env.run(target, { viewport: DESKTOP, acceptDownloads: true }, async ({ open }) => {
        const page = await open('#/instructor/cases');
        await page.getByTestId('ws-import').setInputFiles(files);
        const report = page.getByTestId('case-report');
        await report.first().waitFor();
        assert.equal(await report.count(), 1, 'only the case the trainees played');
        assert.match(await report.locator('h3').textContent(), /8050.*（3人）/);
        const counts = (await page.getByTestId('case-endings-count').locator('tbody tr').allTextContents()).map((row) => Number(row.match(/(\d+)人/)[1]));
        assert.equal(counts.reduce((a, b) => a + b, 0), 3);
        assert.ok(counts.includes(2) && counts.includes(1), `two reached one ending, one another: ${counts}`);
        await page.locator('[data-testid=case-report] summary').click();
        const firstDecision = await page.getByTestId('case-decision').first().locator('tbody tr').allTextContents();
        assert.deepEqual(firstDecision.map((row) => Number(row.match(/(\d+)人/)[1])).filter((n) => n > 0).sort(), [1, 2]);
        await expectNoAxeViolations(page, `instructor case report (${target})`);
        const { text: csv } = await captureDownload(page, () => page.getByTestId('case-csv').click());
        assert.ok(csv.startsWith('\uFEFF事例,種類,判断の場面,選択肢・結末,人数\r\n'));
        assert.match(csv, /,結末,,[^,\r\n]+,2\r\n/);
      });
    });
  });
}

test('over http, a link to a case fetches its pack beside the wasm, once, and the app uses that fetch', () =>
  env.run('http', async ({ context }) => {
    const page = await context.newPage();
    const packs = [];
    page.on('request', (request) => {
      const file = new URL(request.url()).pathname.split('/').pop();
      if (file.startsWith(`case-${CASE}.`)) packs.push(file);
    });
    // A link from the main page: the boot script sends it on to cases.html, which starts the fetch.
    await page.goto(env.url('http', `#/case/${CASE}`));
    await page.getByTestId('case-option').first().waitFor();
    assert.ok(page.url().includes(`/cases.html#/case/${CASE}`), page.url());
    assert.equal(await page.evaluate((key) => window.nimoPacks?.[key] instanceof Promise, `case-${CASE}`), true, 'web/boot.js started the fetch');
    assert.equal(packs.length, 1, `the pack is fetched once: ${JSON.stringify(packs)}`);
  }));
