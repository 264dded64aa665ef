// Size budgets of what a phone downloads on the first visit (no browser needed).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { BUNDLE_PAGES, distAssets } from './lib/harness.mjs';

const WASM_BUDGET = 200 * 1024;
const FIRST_VISIT_BUDGET = 250 * 1024;

function brotli(bytes) {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }).length;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const OFFLINE_BUDGET = 800 * 1024;
/** The QR reader module (crates/qr-reader), fetched by the instructor's import pages when the camera opens. */
const QR_READER_BUDGET = 30 * 1024;
const QR_READING_PAGES = ['instructor.html', 'instructor-assessment.html', 'instructor-worksheets.html', 'instructor-cases.html'];


/** What a first visit straight to `bundle`'s page downloads, brotli-compressed file by file as a server sends them. */
async function firstVisit(bundle, assets) {
  const files = [bundle.page, assets.css, bundle.js, bundle.wasm, assets.site, assets.favicon];
  const sizes = await Promise.all(files.map(async (f) => brotli(await readFile(f))));
  return sizes.reduce((a, b) => a + b, 0);
}

test('brotli sizes stay within budget: main wasm ≤ 200 KB; every page ≤ 250 KB on a first visit (with what it fetches to show); the QR reader module ≤ 30 KB; the offline file ≤ 800 KB', async () => {
  const assets = distAssets();
  const rows = [];
  for (const key of ['index', 'css', 'js', 'wasm', 'site', 'favicon']) {
    const bytes = await readFile(assets[key]);
    rows.push(`  ${path.basename(assets[key]).padEnd(42)} ${kb(bytes.length).padStart(10)} raw ${kb(brotli(bytes)).padStart(10)} brotli`);
  }
  const wasm = brotli(await readFile(assets.wasm));
  const main = { page: assets.index, js: assets.js, wasm: assets.wasm };
  const home = await firstVisit(main, assets);
  // A lesson's first visit adds its opening (preview-<lesson>.<hash>.json) and its module's pack
  // (web/boot.js); the worst lesson counts.
  const packDir = path.join(path.dirname(assets.index), 'content');
  const packSize = async (file) => brotli(await readFile(path.join(packDir, file)));
  const packFiles = await readdir(packDir);
  // Each case scenario is a pack of its own (case-<id>.<hash>.json), fetched when the case is opened.
  const casePacks = await Promise.all(packFiles.filter((f) => f.startsWith('case-')).map(packSize));
  const boot = JSON.parse((await readFile(assets.index, 'utf8')).match(/const NIMO_BOOT = (\{.*?\});\n/)[1]);
  const lessons = Object.values(boot.lessons);
  assert.ok(lessons.length > 0 && lessons.every((l) => l.preview), 'every lesson has an opening to show first');
  const lessonExtras = await Promise.all(lessons.map(async (l) => (await packSize(path.basename(l.pack))) + (await packSize(path.basename(l.preview)))));
  const lesson = home + Math.max(...lessonExtras);
  const visits = [['index.html (home)', home], ['index.html#/lesson/… (largest pack)', lesson]];
  for (const page of BUNDLE_PAGES.slice(1)) visits.push([page, await firstVisit(assets[page.replace('.html', '')], assets)]);
  assert.ok(casePacks.length > 0, 'dist/content/ has no case packs');
  const cases = visits.findIndex(([name]) => name === 'cases.html');
  visits.splice(cases + 1, 0, ['cases.html#/case/… (largest case)', visits[cases][1] + Math.max(...casePacks)]);
  const offline = brotli(await readFile(assets.offline));
  const dist = path.dirname(assets.index);
  const readers = (await readdir(dist)).filter((f) => /^qr-reader\.[0-9a-f]{16}\.wasm$/.test(f));
  assert.equal(readers.length, 1, `expected one QR reader module in dist/, found ${JSON.stringify(readers)}`);
  const reader = brotli(await readFile(path.join(dist, readers[0])));
  console.log(
    [
      'size budget (brotli quality 11):',
      ...rows,
      `  main wasm ${kb(wasm)} (budget ${kb(WASM_BUDGET)})`,
      ...visits.map(([name, size]) => `  first visit to ${name.padEnd(36)} ${kb(size).padStart(10)} (budget ${kb(FIRST_VISIT_BUDGET)}${size > FIRST_VISIT_BUDGET ? ', OVER' : ''})`),
      `  ${readers[0]} (fetched when the camera opens): ${kb(reader)} brotli (budget ${kb(QR_READER_BUDGET)})`,
      ...visits
        .filter(([name]) => QR_READING_PAGES.includes(name))
        .map(([name, size]) => `  ${name} with the camera open: ${kb(size + reader)}`),
      `  ${path.basename(assets.offline)}: ${kb(offline)} brotli (budget ${kb(OFFLINE_BUDGET)})`,
    ].join('\n'),
  );
  assert.ok(wasm <= WASM_BUDGET, `main wasm is ${wasm} bytes brotli, budget ${WASM_BUDGET}`);
  for (const [name, size] of visits) assert.ok(size <= FIRST_VISIT_BUDGET, `first visit to ${name} is ${size} bytes brotli, budget ${FIRST_VISIT_BUDGET}`);
  assert.ok(offline <= OFFLINE_BUDGET, `the offline file is ${offline} bytes brotli, budget ${OFFLINE_BUDGET}`);
  assert.ok(reader <= QR_READER_BUDGET, `the QR reader module is ${reader} bytes brotli, budget ${QR_READER_BUDGET}`);
});
