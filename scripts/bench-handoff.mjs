// QR hand-off figures for ./scripts/bench (issue 13): what a full survey and a full 4要素×3システム sheet
// weigh as QR codes, how long the instructor's page takes to decode one 640×480 camera frame in Chromium,
// and how long from a code in front of the (fake) camera to the counter going up.
//
// The exports are made in the browser as a trainee would (every question answered, every box of the
// sheet filled); the payload figures come from the model itself (crates/model/examples/handoff_payload.rs) and the
// number of codes is checked against what the trainee's page shows (data-parts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serveStatic } from './lib/serve.mjs';
import { fakeCameraArgs, lumaFrames, screenshotCodes, writeY4m } from '../tests/e2e/lib/camera.mjs';

const dist = resolve('dist');
const row = (label, value) => console.log(`${label.padEnd(44)} ${value}`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const launch = (extra = []) => chromium.launch({ executablePath: '/usr/bin/chromium', args: [...ARGS, ...extra] });

const server = await serveStatic(dist);
const base = server.origin;
const tmp = mkdtempSync(join(tmpdir(), 'nimo-bench-handoff-'));

// Realistic answers: every box its own sentence of natural Japanese, not one filler repeated (deflate
// would shrink that to nothing and flatter the figures). The sentences are the course's own lesson text,
// taken in order: plain prose of the same vocabulary a trainee writes with.
const SENTENCES = readdirSync('content/lessons')
  .filter((f) => f.endsWith('.md'))
  .sort()
  .flatMap((f) => readFileSync(join('content/lessons', f), 'utf8')
    .split('+++')[2]
    .replace(/```[\s\S]*?```/g, '')
    .split('\n')
    .filter((line) => /^[^#|>\-*\d\s]/.test(line))
    .join('')
    .replace(/\[([^\]]*)\]\([^)]*\)|[*_`]/g, '$1')
    .split('。')
    .map((t) => `${t.trim()}。`)
    .filter((t) => [...t].length >= 30 && [...t].length <= 90));
let n = 0;
const sentence = () => SENTENCES[(n++ * 7) % SENTENCES.length];

async function download(page, click) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = join(tmp, d.suggestedFilename());
  await d.saveAs(file);
  return file;
}

const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });

// A full survey: every single-choice and matrix row answered (with an option that asks for a reason),
// every 問13 box ticked, every text box (reasons, 問14, 問15) written.
const survey = await context.newPage();
await survey.goto(`${base}#/survey`);
await survey.getByTestId('survey-progress').waitFor();
await survey.getByTestId('session-code').fill('2026-12-bench');
const answerable = (kind) => survey.locator(`[data-testid^="survey-q"] input[type=${kind}]`);
const names = await answerable('radio').evaluateAll((inputs) => [...new Set(inputs.map((i) => i.name))]);
for (const name of names) {
  const options = survey.locator(`input[type=radio][name="${name}"]`);
  await options.nth(Math.min(2, (await options.count()) - 1)).check();
}
for (const box of await answerable('checkbox').all()) await box.check();
for (const area of await survey.locator('main textarea').all()) await area.fill(`${sentence()}${sentence()}`);
const surveyFile = await download(survey, () => survey.getByTestId('survey-export').click());
await survey.getByTestId('survey-qr-show').click();
const surveyCodes = await screenshotCodes(survey, 'survey-qr');
if (process.env.BENCH_DEBUG) surveyCodes.pngs.forEach((png, i) => writeFileSync(`/tmp/bench-survey-${i}.png`, png));

// A full 4要素×3システム sheet: every box of the grid and the region fields.
const sheet = await context.newPage();
await sheet.goto(`${base}#/worksheet/yon-yoso`);
await sheet.getByTestId('sheet-progress').waitFor();
for (const field of await sheet.locator('[data-testid=worksheet] textarea, [data-testid=worksheet] input[type=text]').all()) {
  if (await field.isVisible()) await field.fill(sentence());
}
for (const select of await sheet.locator('[data-testid=worksheet] select').all()) await select.selectOption({ index: 1 });
await sheet.waitForTimeout(1000);
const progress = (await sheet.getByTestId('sheet-progress').textContent()).match(/\d+欄中 ?\d+欄/)?.[0] ?? '?';
const list = await context.newPage();
await list.goto(`${base}#/worksheets`);
await list.getByTestId('worksheet-export').waitFor();
const sheetFile = await download(list, () => list.getByTestId('worksheet-export').click());
await list.getByTestId('worksheet-qr-show').click();
const sheetCodes = await screenshotCodes(list, 'worksheet-qr');
const frames = await lumaFrames(list, [...surveyCodes.pngs, ...sheetCodes.pngs]);
await browser.close();

const figures = execFileSync('cargo', ['run', '--quiet', '-p', 'nimo-model', '--example', 'handoff_payload', '--', surveyFile, sheetFile], { encoding: 'utf8' })
  .trim().split('\n').map((line) => JSON.parse(line));
console.log('== QR hand-off payload (version ≤ 8, level M; bytes as UTF-8)');
for (const [label, f, shown] of [['full survey (15 questions, all text boxes)', figures[0], surveyCodes.parts], [`full 4要素×3システム sheet (${progress})`, figures[1], sheetCodes.parts]]) {
  row(label, `JSON ${f.json_bytes} B (compact ${f.compact_bytes} B) → deflated ${f.packed_bytes} B → ${f.code_chars} characters in ${f.codes} code(s) of version ≤ ${f.max_version}`);
  if (shown !== f.codes) throw new Error(`the page shows ${shown} codes, the model makes ${f.codes}`);
}

// The camera: each run a fresh instructor page in a browser whose fake camera shows the codes; from the
// click on 「カメラで読み取る」 (the camera starts) and from the preview's first frame to the counter going up.
async function cameraRuns(name, route, button, codeFrames, hold, runs) {
  const y4m = join(tmp, `${name}.y4m`);
  await writeY4m(y4m, codeFrames, { hold });
  const camera = await launch(fakeCameraArgs(y4m));
  const results = [];
  for (let i = 0; i < runs; i++) {
    const ctx = await camera.newContext({ viewport: { width: 1280, height: 900 }, permissions: ['camera'] });
    const page = await ctx.newPage();
    await page.addInitScript((button) => {
      document.addEventListener('click', (e) => { if (e.target.closest?.(`[data-testid=${button}]`)) window.__clicked = performance.now(); }, true);
      document.addEventListener('playing', () => { window.__playing ??= performance.now(); }, true);
      new MutationObserver(() => {
        if (window.__firstCode === undefined && /枚を読み取りました|^読み取りました/.test(document.querySelector('[data-testid=scan-status]')?.textContent ?? '')) window.__firstCode = performance.now();
        if (window.__counted === undefined && /読み取り: 1人/.test(document.querySelector('[data-testid=scan-count]')?.textContent ?? '')) window.__counted = performance.now();
      }).observe(document, { subtree: true, childList: true, characterData: true });
    }, button);
    await page.goto(`${base}${route}`);
    await page.getByTestId(button).click();
    await page.waitForFunction(() => window.__counted !== undefined, null, { timeout: 120000, polling: 50 }).catch(async (error) => {
      const state = await page.evaluate(() => ['scanner', 'scan-error', 'scan-status', 'scan-log'].map((id) => {
        const el = document.querySelector(`[data-testid=${id}]`);
        return `${id}: ${el?.getAttribute('data-decode-ms') ?? ''} ${el?.textContent ?? '(none)'}`;
      }).join('\n'));
      throw new Error(`${name}: the counter did not go up\n${state}`, { cause: error });
    });
    await page.waitForTimeout(3000);
    const r = await page.evaluate(() => ({
      fromClick: window.__counted - window.__clicked,
      fromPreview: window.__counted - (window.__playing ?? window.__clicked),
      firstCode: window.__firstCode - (window.__playing ?? window.__clicked),
      decodeMs: Number(document.querySelector('[data-decode-ms]')?.getAttribute('data-decode-ms')),
    }));
    results.push(r);
    await ctx.close();
  }
  await camera.close();
  return results;
}

// Each code held 0.7 s, as the trainee's phone cycles them.
const single = await cameraRuns('survey', 'instructor.html#/instructor', 'instructor-scan', frames.slice(0, surveyCodes.parts), 7, 5);
const sequence = await cameraRuns('sheet', 'instructor-worksheets.html#/instructor/worksheets', 'worksheets-scan', frames.slice(surveyCodes.parts), 7, 3);
console.log('== QR hand-off camera, headless Chromium with a fake 640×480 camera (median)');
row('decode time per 640×480 frame (data-decode-ms)', `${median(single.map((r) => r.decodeMs)).toFixed(1)} ms (survey runs; sheet runs ${median(sequence.map((r) => r.decodeMs)).toFixed(1)} ms)`);
row('first preview frame → first code read', `${median([...single, ...sequence].map((r) => r.firstCode)).toFixed(0)} ms (the status line names the part; all 8 runs)`);
row(`survey (${surveyCodes.parts} codes at 0.7 s each) → counter +1`, `${(median(single.map((r) => r.fromClick)) / 1000).toFixed(2)} s (first preview frame → counter ${(median(single.map((r) => r.fromPreview)) / 1000).toFixed(2)} s; 5 runs)`);
row(`4×3 sheet (${sheetCodes.parts} codes at 0.7 s each) → counter +1`, `${(median(sequence.map((r) => r.fromClick)) / 1000).toFixed(2)} s (first preview frame → counter ${(median(sequence.map((r) => r.fromPreview)) / 1000).toFixed(2)} s; 3 runs)`);

await server.close();
rmSync(tmp, { recursive: true, force: true });
