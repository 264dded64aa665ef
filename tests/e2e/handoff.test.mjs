// The in-room hand-off (issue 13) over http and the single file: trainees show their export as QR codes,
// the instructor's webcam reads them. The webcam is Chromium's fake camera playing a .y4m video made from
// screenshots of the trainee's codes (lib/camera.mjs); since the video must exist before the instructor's
// browser starts, the trainees work in the shared browser and the instructor in one launched per test.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DESKTOP, TARGETS, captureDownload, eventually, launchChromium, storedRecord, useApp } from './lib/harness.mjs';
import { blankFrame, fakeCameraArgs, foreignCode, lumaFrames, screenshotCodes, writeY4m } from './lib/camera.mjs';

const env = useApp();
const NOTICE = '講師のカメラにかざしてください。この画面の回答（氏名なし）が読み取られます。';
let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nimo-handoff-'));
});
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Keeps every text the scanner's status line shows, so that a message shown for a moment is not missed. */
function recordScanStatus() {
  window.__scanStatuses = [];
  new MutationObserver(() => {
    const text = document.querySelector('[data-testid=scan-status]')?.textContent?.trim();
    if (text && window.__scanStatuses.at(-1) !== text) window.__scanStatuses.push(text);
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

/** The PNGs as 640×480 camera frames (drawn in a page of the shared browser). */
async function framesOf(pngs) {
  const page = await env.browser.newPage();
  try {
    return await lumaFrames(page, pngs);
  } finally {
    await page.context().close();
  }
}

/**
 * Writes `frames` as the fake camera's video and runs `body` with a browser whose camera plays it. With
 * `acceptPrompt: false` the camera exists but every request is refused (no permission is granted).
 */
async function withCamera(name, frames, { hold = 8, acceptPrompt = true } = {}, body) {
  const file = path.join(dir, `${name}.y4m`);
  await writeY4m(file, frames, { hold });
  const browser = await launchChromium(fakeCameraArgs(file, { acceptPrompt }));
  try {
    return await body(browser);
  } finally {
    await browser.close();
  }
}

/** Options for an instructor context in a camera browser. */
const instructorOptions = (browser, extra = {}) => ({
  browser,
  acceptDownloads: true,
  viewport: DESKTOP,
  permissions: ['camera'],
  ...extra,
});

/** Opens an instructor page with the status recorder, clicks the scan button and waits for the preview. */
async function openScanner(app, route, button) {
  await app.context.addInitScript(recordScanStatus);
  const page = await app.open(route);
  await page.getByTestId(button).click();
  await page.getByTestId('scan-video').waitFor();
  return page;
}

async function readCount(page) {
  const text = (await page.getByTestId('scan-count').textContent()).trim();
  const found = text.match(/^読み取り: (\d+)人$/);
  assert.ok(found, `the counter reads 「読み取り: N人」 (got 「${text}」)`);
  return Number(found[1]);
}

async function waitForCount(page, n, timeout) {
  await eventually(async () => assert.equal(await readCount(page), n), {
    timeout,
    interval: 200,
    message: `the counter reaches 「読み取り: ${n}人」`,
  });
}

const logText = async (page) => (await page.getByTestId('scan-log').locator('li').allTextContents()).join('\n');
const statuses = (page) => page.evaluate(() => window.__scanStatuses);

/** Writes a downloaded export to the test folder and returns its path. */
async function saveExport(name, { text }) {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

/** One survey respondent: answers 問2 (職種) and 問4, downloads the file and photographs the QR code(s). */
async function surveyTrainee(target, { job, understanding, reason = '', changeTo = '' }) {
  let result;
  await env.run(target, { acceptDownloads: true }, async ({ open }) => {
    const page = await open('#/survey');
    await page.getByTestId('survey-progress').waitFor();
    await page.getByTestId('session-code').fill('2026-12-handoff');
    await page.getByTestId('survey-q2').getByLabel(job, { exact: true }).check();
    await page.getByTestId('survey-q4').getByLabel(understanding, { exact: true }).check();
    if (reason) await page.getByTestId('q4-reason').fill(reason);
    const file = await captureDownload(page, () => page.getByTestId('survey-export').click());
    await page.getByTestId('survey-qr-show').click();
    await page.getByText(NOTICE).waitFor();
    const codes = await screenshotCodes(page, 'survey-qr');
    await page.getByTestId('survey-qr-close').click();
    await eventually(async () => assert.equal(await page.getByTestId('survey-qr').count(), 0), { message: 'the panel closes' });
    result = { file, ...codes };
    if (changeTo) {
      // The same trainee changes an answer and shows the codes again: a different export of the same person.
      await page.getByTestId('survey-q4').getByLabel(changeTo, { exact: true }).check();
      await page.getByTestId('survey-qr-show').click();
      result.again = await screenshotCodes(page, 'survey-qr');
    }
  });
  return result;
}

/** 5,000 characters of varied Japanese (a pseudo-random kanji every 12th character, so deflate cannot
 * shrink it to one code), deterministic. */
function longJapanese(n = 5000) {
  const sentences = [
    '地域移行支援の協議の場で保健所と市町村が役割を分担する。',
    '本人の希望を中心に、精神科病院と相談支援事業所が連携します。',
    '退院後の住まいについて、グループホームの空きを確認した。',
    'ピアサポーターが病棟を訪問し、地域の暮らしを伝えている。',
    '保健師と精神保健福祉相談員が同行訪問を行うことにした。',
    '家族会からの要望を受けて、相談窓口の案内を見直す。',
  ];
  const kanji = '医療保健福祉介護住宅就労教育地域包括支援連携協議相談訪問退院生活家族本人希望課題取組体制計画評価';
  let seed = 7;
  const rand = (k) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((seed / 2147483648) * k);
  };
  const chars = [];
  for (let i = 1; chars.length < n; i++) {
    const sentence = [...sentences[rand(sentences.length)]].map((c, j) => (j % 12 === 11 ? kanji[rand(kanji.length)] : c));
    chars.push(...`（${i}）`, ...sentence);
  }
  return chars.slice(0, n).join('');
}

for (const target of TARGETS) {
  describe(`QR hand-off over ${target}`, () => {
    test('three survey respondents read by the camera give the same aggregate CSV as their files', async () => {
      const trainees = [];
      for (const answers of [
        { job: '保健師', understanding: '理解できた' },
        { job: '看護師', understanding: '少しは理解できた' },
        { job: '精神保健福祉士', understanding: 'あまり理解できなかった', reason: '時間が短かった' },
      ]) {
        trainees.push(await surveyTrainee(target, answers));
      }
      const files = [];
      for (const [i, t] of trainees.entries()) files.push(await saveExport(`survey-${target}-${i + 1}.json`, t.file));

      let fromFiles;
      await env.run(target, { acceptDownloads: true, viewport: DESKTOP }, async ({ open }) => {
        const page = await open('#/instructor');
        await page.getByTestId('instructor-import').setInputFiles(files);
        await eventually(
          async () => assert.equal(await page.getByTestId('import-summary').textContent(), '3件を読み込みました（ファイル・QRコード）: 取り込み 3件・重複 0件・取り込めなかったもの 0件'),
          { timeout: 5000 },
        );
        fromFiles = await captureDownload(page, () => page.getByTestId('aggregate-csv').click());
      });

      const frames = await framesOf(trainees.flatMap((t) => t.pngs));
      await withCamera(`survey-${target}`, frames, {}, (browser) =>
        // No service worker: its precache would fetch the reader module in the background, by design.
        env.run(target, instructorOptions(browser, { serviceWorkers: 'block' }), async (app) => {
          const requested = [];
          app.context.on('request', (request) => requested.push(new URL(request.url()).pathname));
          const readers = () => requested.filter((file) => /\/qr-reader\.[0-9a-f]{16}\.wasm$/.test(file));
          await app.context.addInitScript(recordScanStatus);
          const page = await app.open('#/instructor');
          await page.getByTestId('instructor-scan').waitFor();
          // Over http the page comes without the QR reader: the module is fetched when the camera opens.
          // The offline file links it.
          assert.deepEqual(readers(), [], 'the page opens without the QR reader module');
          await page.getByTestId('instructor-scan').click();
          await page.getByTestId('scan-video').waitFor();
          // The choice of camera is offered only where there is more than one (the fake camera is alone).
          const choice = page.getByTestId('scan-camera');
          if (await choice.count()) assert.ok((await choice.locator('option').count()) > 1);
          await waitForCount(page, 3, 30000);
          const log = await logText(page);
          for (const job of ['保健師', '看護師', '精神保健福祉士']) assert.ok(log.includes(job), `the log names 職種 ${job}:\n${log}`);
          const fromCamera = await captureDownload(page, () => page.getByTestId('aggregate-csv').click());
          assert.equal(fromCamera.text, fromFiles.text, 'the camera and the files give the same CSV');
          assert.match(fromCamera.text, /\r\nq2,問2 [^,]+,,精神保健福祉士,1,33\.3,6,16\.2\r\n/);
          assert.match(await page.getByTestId('report').textContent(), /時間が短かった/);
          assert.equal(readers().length, target === 'http' ? 1 : 0, `reader fetches: ${readers().join(', ')}`);
          await page.getByTestId('scan-stop').click();
          await eventually(async () => assert.equal(await page.getByTestId('scan-video').count(), 0), { message: 'the scanner closes' });
        }),
      );
    });

    test('a worksheet export of 5,000 Japanese characters crosses as a sequence and arrives whole', async () => {
      const long = longJapanese();
      let file;
      let codes;
      await env.run(target, { acceptDownloads: true }, async ({ open }) => {
        const sheet = await open('#/worksheet/group-work');
        await sheet.getByTestId('sheet-progress').waitFor();
        await sheet.locator('#group-work-profile-shokushu').selectOption('保健師');
        await sheet.locator('#group-work-q1-text').fill(long);
        await eventually(async () => assert.equal((await storedRecord(sheet))?.texts?.['ws/group-work/q1/text']?.value, long), {
          timeout: 5000,
          message: 'the long answer is saved',
        });
        const page = await open('#/worksheets');
        file = await captureDownload(page, () => page.getByTestId('worksheet-export').click());
        // The codes are made on a page of their own (tools.html over http), shown at once.
        await page.getByTestId('worksheet-qr-page').click();
        await page.getByText(NOTICE).waitFor();
        assert.match(page.url(), target === 'http' ? /\/tools\.html#\/handoff$/ : /#\/handoff$/);
        const code = page.getByTestId('worksheet-qr');
        const parts = Number(await code.getAttribute('data-parts'));
        assert.ok(parts > 1, `5,000 characters need a sequence (data-parts=${parts})`);
        // The sequence cycles by itself, and stops when paused.
        const first = await code.getAttribute('data-part');
        await eventually(async () => assert.notEqual(await code.getAttribute('data-part'), first), { timeout: 3000, message: 'the codes cycle' });
        await page.getByTestId('worksheet-qr-pause').click();
        const held = await code.getAttribute('data-part');
        await page.waitForTimeout(1500);
        assert.equal(await code.getAttribute('data-part'), held, 'paused');
        assert.ok((await page.locator('body').textContent()).includes(`${held}/${parts}`), `the caption shows 「${held}/${parts}」`);
        await page.getByTestId('worksheet-qr-prev').click();
        assert.equal(Number(await code.getAttribute('data-part')), held === '1' ? parts : Number(held) - 1, '「前へ」 steps back');
        codes = await screenshotCodes(page, 'worksheet-qr');
      });

      let fromFile;
      const saved = await saveExport(`worksheets-${target}.json`, file);
      await env.run(target, { acceptDownloads: true, viewport: DESKTOP }, async ({ open }) => {
        const page = await open('#/instructor/worksheets');
        await page.getByTestId('ws-import').setInputFiles([saved]);
        await eventually(async () => assert.match(await page.getByTestId('ws-import-summary').textContent(), /取り込み 1件/), { timeout: 5000 });
        fromFile = await captureDownload(page, () => page.getByTestId('ws-csv').click());
      });

      const frames = await framesOf(codes.pngs);
      // Four frames (0.4 s) a code, as a trainee's phone cycling through the sequence would show them.
      await withCamera(`worksheets-${target}`, frames, { hold: 4 }, (browser) =>
        env.run(target, instructorOptions(browser), async (app) => {
          const page = await openScanner(app, '#/instructor/worksheets', 'worksheets-scan');
          await waitForCount(page, 1, 20000 + codes.parts * 1500);
          const partial = (await statuses(page)).filter((s) => new RegExp(`^\\d+/${codes.parts}枚を読み取りました（残り: [\\d, ]+）`).test(s));
          assert.ok(partial.length > 0, `an incomplete sequence names the missing parts; seen: ${JSON.stringify(await statuses(page))}`);
          const fromCamera = await captureDownload(page, () => page.getByTestId('ws-csv').click());
          assert.ok(fromCamera.text.includes(long), 'all 5,000 characters arrived');
          assert.equal(fromCamera.text, fromFile.text, 'the camera and the file give the same CSV');
          const counts = await page.getByTestId('gw-counts').locator('tbody tr').allTextContents();
          assert.deepEqual(counts, ['保健師1人']);
        }),
      );
    });

    test('a trainee shown twice (A, B, A, then A with a changed answer) counts once, and the page says so', async () => {
      const a = await surveyTrainee(target, { job: '保健師', understanding: '理解できた', changeTo: '少しは理解できた' });
      const b = await surveyTrainee(target, { job: '相談支援専門員', understanding: '理解できなかった' });
      const aFile = await saveExport(`dup-${target}-a.json`, a.file);
      // Even a short survey export is a sequence of two or three codes: each trainee shows all of theirs.
      const framesA = await framesOf(a.pngs);
      const framesB = await framesOf(b.pngs);
      const framesA2 = await framesOf(a.again.pngs);
      const video = [...framesA, blankFrame(), ...framesB, blankFrame(), ...framesA, blankFrame(), ...framesA2, blankFrame()];
      await withCamera(`dup-${target}`, video, {}, (browser) =>
        env.run(target, instructorOptions(browser), async (app) => {
          const page = await openScanner(app, '#/instructor', 'instructor-scan');
          await waitForCount(page, 2, 30000);
          // A comes round again (within the video, and each time it loops): a message, never a third person.
          await eventually(async () => assert.match(await logText(page), /すでに読み取った回答です/), {
            timeout: 15000,
            interval: 200,
            message: 'the duplicate is named in the log',
          });
          assert.ok((await statuses(page)).some((s) => s.startsWith('すでに読み取った回答です')), 'and in the status line');
          // A's second export (another answer, so other codes) is the same person: the file import's rule.
          await eventually(async () => assert.match(await logText(page), /重複: [^\n]*保健師/), {
            timeout: 20000,
            interval: 200,
            message: "A's changed export is named as the same trainee",
          });
          await page.waitForTimeout(2000);
          assert.equal(await readCount(page), 2);
          // The camera's reads are in the same batch as files (the summary counts each read as a file):
          // A, B and A's changed export by camera, then A's file, which is a duplicate too.
          await page.getByTestId('instructor-import').setInputFiles([aFile]);
          await eventually(
            async () => assert.equal(await page.getByTestId('import-summary').textContent(), '4件を読み込みました（ファイル・QRコード）: 取り込み 2件・重複 2件・取り込めなかったもの 0件'),
            { timeout: 5000 },
          );
          assert.equal(await readCount(page), 2);
        }),
      );
    });

    test('a foreign QR code (a URL) is named and ignored', async () => {
      const a = await surveyTrainee(target, { job: '医師', understanding: '理解できた' });
      const page = await env.browser.newPage();
      const foreign = await foreignCode(page);
      await page.context().close();
      const frames = await framesOf([foreign.png, ...a.pngs]);
      await withCamera(`foreign-${target}`, frames, {}, (browser) =>
        env.run(target, instructorOptions(browser), async (app) => {
          const scanner = await openScanner(app, '#/instructor', 'instructor-scan');
          await waitForCount(scanner, 1, 30000);
          await eventually(async () => assert.match(await logText(scanner), /このアプリのQRコードではありません/), {
            timeout: 15000,
            interval: 200,
            message: 'the foreign code is named in the log',
          });
          const log = await logText(scanner);
          assert.ok(log.includes(foreign.text.slice(0, 30)), `the log shows what the code says:\n${log}`);
          assert.ok((await statuses(scanner)).some((s) => s.startsWith('このアプリのQRコードではありません')));
          await scanner.waitForTimeout(2000);
          assert.equal(await readCount(scanner), 1, 'the foreign code adds nobody');
          assert.match(await scanner.getByTestId('import-summary').textContent(), /取り込み 1件/);
        }),
      );
    });

    test('a self-assessment phase reaches #/instructor/assessment through the camera', async () => {
      let codes;
      await env.run(target, async ({ open }) => {
        const page = await open('#/assessment');
        await page.getByTestId('sa-progress').waitFor();
        await page.getByTestId('pairing-code').fill('handoff01');
        await page.getByTestId('pairing-code').press('Tab');
        const statements = page.getByTestId('sa-statement');
        for (let i = 0; i < (await statements.count()); i++) await statements.nth(i).locator('input[type=radio]').nth(2).check();
        await page.getByTestId('sa-qr-show').click();
        await page.getByText(NOTICE).waitFor();
        codes = await screenshotCodes(page, 'sa-qr');
      });
      await withCamera(`sa-${target}`, await framesOf(codes.pngs), {}, (browser) =>
        env.run(target, instructorOptions(browser), async (app) => {
          const page = await openScanner(app, '#/instructor/assessment', 'assessment-scan');
          await waitForCount(page, 1, 30000);
          await eventually(async () => assert.match(await page.getByTestId('sa-import-summary').textContent(), /片方だけの人: 1人/), { timeout: 5000 });
        }),
      );
    });

    test('camera refused or absent: a Japanese message, and file import keeps working', async () => {
      const survey = path.join(dir, `refused-${target}.json`);
      await writeFile(survey, JSON.stringify({
        format: 'nimo-kenshu-survey', schema_version: 1, course_version: 'x', survey_id: 'kouka-sokutei-2019',
        session_code: null, exported_on: '2026-12-06', respondent_id: 'refused-1', answers: { q2: { choice: 'o2' } },
      }));
      const check = async (page, why) => {
        await page.getByTestId('instructor-scan').click();
        const error = page.getByTestId('scan-error');
        await error.waitFor({ timeout: 10000 });
        const text = await error.textContent();
        assert.match(text, /カメラ/, `${why}: the message is about the camera: ${text}`);
        assert.match(text, /[ぁ-んァ-ン]/, `${why}: the message is in Japanese: ${text}`);
        await page.getByTestId('instructor-import').setInputFiles([survey]);
        await eventually(
          async () => assert.equal(await page.getByTestId('import-summary').textContent(), '1件を読み込みました（ファイル・QRコード）: 取り込み 1件・重複 0件・取り込めなかったもの 0件'),
          { timeout: 5000, message: `${why}: file import still works` },
        );
      };
      // A camera is there but the request is refused (no prompt is accepted, no permission granted).
      await withCamera(`refused-${target}`, [blankFrame()], { hold: 1, acceptPrompt: false }, (browser) =>
        env.run(target, { browser, viewport: DESKTOP }, async ({ open }) => check(await open('#/instructor'), 'refused')),
      );
      // No camera at all: the shared browser has no fake device.
      await env.run(target, { viewport: DESKTOP, permissions: ['camera'] }, async ({ open }) => check(await open('#/instructor'), 'absent'));
    });
  });
}
