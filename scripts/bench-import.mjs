// Import-and-aggregate speed of the instructor page, on generated survey exports, in headless Chromium
// (median of 5), against a plain Python json + collections.Counter pass over the same files.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveStatic } from './lib/serve.mjs';

const dist = resolve('dist');
const row = (label, value) => console.log(`${label.padEnd(44)} ${value}`);

// The question and option ids, read from the survey definition (a tiny reader for its regular layout).
function surveyShape() {
  const toml = readFileSync('content/survey.toml', 'utf8');
  return toml.split('[[questions]]').slice(1).map((block) => ({
    id: block.match(/^id = "(q\d+)"/m)[1],
    kind: block.match(/^kind = "(\w+)"/m)[1],
    options: [...block.matchAll(/\{ id = "([a-z0-9-]+)", label/g)].map((m) => m[1]).filter((id) => !['kiban', 'network', 'shikumi'].includes(id)),
    items: [...block.matchAll(/\{ id = "(kiban|network|shikumi)"/g)].map((m) => m[1]),
  }));
}

// A small deterministic generator, so runs are comparable.
let seed = 12345;
// The high bits of the state: the low bits of a power-of-two LCG repeat with a short period.
const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor((seed / 2147483648) * n); };

function makeExports(count, dir) {
  const shape = surveyShape();
  const course = readFileSync(join(dist, 'index.html'), 'utf8');
  mkdirSync(dir, { recursive: true });
  const files = [];
  for (let i = 0; i < count; i++) {
    const answers = {};
    for (const q of shape) {
      if (rand(10) === 0) continue; // about one in ten left blank: 無回答
      if (q.kind === 'single') answers[q.id] = { choice: q.options[rand(q.options.length)] };
      if (q.kind === 'matrix') answers[q.id] = { items: Object.fromEntries(q.items.map((it) => [it, q.options[rand(q.options.length)]])) };
      if (q.kind === 'multiple') answers[q.id] = { choices: q.options.filter(() => rand(2) === 0) };
      if (q.kind === 'text' && rand(3) === 0) answers[q.id] = { text: '連携のための顔の見える関係づくりが必要です。' };
    }
    const file = join(dir, `export-${i}.json`);
    writeFileSync(file, JSON.stringify({
      format: 'nimo-kenshu-survey', schema_version: 1, course_version: 'bench', survey_id: 'kouka-sokutei-2019',
      session_code: 'bench', exported_on: '2026-11-21', respondent_id: `r${i.toString(16).padStart(12, '0')}`, answers,
    }));
    files.push(file);
  }
  return files;
}

// The same exports as one まとめファイル (model::io::collection), as an instructor page saves it.
function makeCollection(files, file) {
  const entries = files.map((f) => `{"file":${JSON.stringify(f.split('/').at(-1))},"export":${readFileSync(f, 'utf8')}}`);
  writeFileSync(file, `{"format":"nimo-kenshu-collection","schema_version":1,"contains":"nimo-kenshu-survey","exported_on":"2026-11-21","entries":[${entries.join(',')}]}`);
  return file;
}

const server = await serveStatic(dist);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

// From the moment the files are handed to the page (the input's change event) to the moment the
// summary line reports them all imported, on the page's own clock; with the page's own marks
// (components::file_drop::import_picked) splitting that into reading, checking and showing.
async function importOnce(files, expected = files.length) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    document.addEventListener('change', () => { window.__importStart = performance.now(); }, true);
  });
  await page.goto(`${server.origin}instructor.html#/instructor`);
  await page.getByTestId('instructor-import').waitFor();
  await page.getByTestId('instructor-import').setInputFiles(files);
  await page.waitForFunction((n) => document.querySelector('[data-testid=import-summary]')?.textContent.includes(`取り込み ${n}件`) && document.querySelector('[data-testid=report]'), expected, { timeout: 120000, polling: 20 });
  const result = await page.evaluate(() => {
    const end = performance.now();
    const at = (name) => performance.getEntriesByName(name).at(-1)?.startTime ?? NaN;
    const [read, parsed, added] = ['import:read', 'import:parsed', 'import:added'].map(at);
    const start = window.__importStart;
    return { ms: end - start, read: read - start, parse: parsed - read, show: end - parsed, added: added - parsed };
  });
  await context.close();
  return result;
}
// What Chromium alone needs to read the same files as text (no app): the floor under any page.
async function browserReadOnce(files) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.origin}tools.html#/instructor`);
  await page.getByTestId('instructor-import').waitFor();
  await page.evaluate(() => {
    const input = Object.assign(document.createElement('input'), { type: 'file', multiple: true, id: 'bench-plain' });
    input.addEventListener('change', async () => {
      const start = performance.now();
      const texts = await Promise.all(Array.from(input.files, (f) => f.text()));
      window.__plain = { ms: performance.now() - start, n: texts.length };
    });
    document.body.append(input);
  });
  await page.setInputFiles('#bench-plain', files);
  await page.waitForFunction(() => window.__plain, null, { timeout: 120000, polling: 20 });
  const { ms } = await page.evaluate(() => window.__plain);
  await context.close();
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const root = mkdtempSync(join(tmpdir(), 'nimo-bench-'));
console.log('== instructor import + aggregation of generated exports, headless Chromium (median of 5)');
for (const count of [1000, 10000]) {
  const files = makeExports(count, join(root, String(count)));
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await importOnce(files));
  runs.sort((a, b) => a.ms - b.ms);
  const { ms, read, parse, show } = runs[Math.floor(runs.length / 2)];
  const plain = [];
  for (let i = 0; i < 3; i++) plain.push(await browserReadOnce(files));
  const plainMs = median(plain);
  const python = execFileSync('python3', ['-c', `
import json, sys, time, collections, glob
files = glob.glob(sys.argv[1] + '/*.json')
start = time.perf_counter()
counts = collections.Counter()
for path in files:
    with open(path, encoding='utf-8') as f:
        data = json.load(f)
    for q, a in data['answers'].items():
        if 'choice' in a: counts[(q, '', a['choice'])] += 1
        for item, choice in a.get('items', {}).items(): counts[(q, item, choice)] += 1
        for choice in a.get('choices', []): counts[(q, '', choice)] += 1
print(time.perf_counter() - start)
`, join(root, String(count))]).toString();
  const pyMs = parseFloat(python) * 1000;
  row(`${count} exports: app in Chromium`, `${ms.toFixed(0)} ms (${(count / (ms / 1000)).toFixed(0)} files/s)`);
  row(`${count} exports: where the app's time goes`, `reading the files ${read.toFixed(0)} ms · checking ${parse.toFixed(0)} ms · tables on screen ${show.toFixed(0)} ms`);
  row(`${count} exports: Chromium reading them, no app`, `${plainMs.toFixed(0)} ms; app/Chromium-alone = ${(ms / plainMs).toFixed(1)}×`);
  row(`${count} exports: Python json + Counter`, `${pyMs.toFixed(0)} ms (${(count / (pyMs / 1000)).toFixed(0)} files/s); app/Python = ${(ms / pyMs).toFixed(1)}×`);
  const collection = makeCollection(files, join(root, `matome-${count}.json`));
  const together = [];
  for (let i = 0; i < 5; i++) together.push(await importOnce([collection], count));
  together.sort((a, b) => a.ms - b.ms);
  const one = together[Math.floor(together.length / 2)];
  row(`${count} exports in one まとめファイル: app`, `${one.ms.toFixed(0)} ms; app/Python = ${(one.ms / pyMs).toFixed(1)}×`);
  row(`${count} exports in one まとめファイル: parts`, `reading ${one.read.toFixed(0)} ms · checking ${one.parse.toFixed(0)} ms · tables on screen ${one.show.toFixed(0)} ms`);
}
// Worksheets and cases: a cohort's exports with group work, grid cells and a finished case each.
function makeWorksheetExports(count, dir) {
  mkdirSync(dir, { recursive: true });
  const jobs = ['保健師', '看護師', '精神保健福祉士', '相談支援専門員', 'その他'];
  const rows = ['hoken-yobo', 'iryo-hoken', 'chiiki-kyosei', 'seikatsu-shien'];
  const columns = ['iryo', 'hoken-fukushi', 'houkatsu'];
  const files = [];
  for (let i = 0; i < count; i++) {
    const answers = { 'ws/group-work/profile/shokushu': jobs[rand(jobs.length)] };
    for (const q of ['q1', 'q2', 'q3', 'q4']) if (rand(5)) answers[`ws/group-work/${q}/text`] = '関係機関と顔の見える関係をつくり、事例を通して役割を確かめたい。'.repeat(1 + rand(3));
    for (const r of rows) for (const c of columns) if (rand(3) === 0) answers[`ws/yon-yoso/grid/${r}.${c}.kadai`] = '相談窓口が身近にない。';
    const cases = { 'setai-8050': { role: null, choices: [], endings_reached: [], completed: [{ role: null, choices: Array.from({ length: 8 }, () => rand(2)), ending: 'x' }] } };
    const file = join(dir, `ws-${i}.json`);
    writeFileSync(file, JSON.stringify({ format: 'nimo-kenshu-worksheets', schema_version: 1, respondent_id: `w${i}`, session_code: 'bench', exported_on: '2026-11-21', answers, cases }));
    files.push(file);
  }
  return files;
}

// The worksheet page and the case page read the same exports; each is a page (a bundle) of its own.
const WORKSHEET_VIEWS = [
  { label: 'group work and heatmaps', page: 'instructor-worksheets.html#/instructor/worksheets', shown: 'heatmap' },
  { label: 'case counts', page: 'instructor-cases.html#/instructor/cases', shown: 'case-choices' },
];

async function importWorksheetsOnce(files, view) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    document.addEventListener('change', () => { window.__importStart = performance.now(); }, true);
  });
  await page.goto(`${server.origin}${view.page}`);
  await page.getByTestId('ws-import').waitFor();
  await page.getByTestId('ws-import').setInputFiles(files);
  await page.waitForFunction(([n, shown]) => document.querySelector('[data-testid=ws-import-summary]')?.textContent.includes(`取り込み ${n}件`) && document.querySelector(`[data-testid=${shown}]`), [files.length, view.shown], { timeout: 120000, polling: 20 });
  const ms = await page.evaluate(() => performance.now() - window.__importStart);
  await context.close();
  return ms;
}

console.log('== instructor import of worksheet and case exports, headless Chromium (median of 5)');
for (const count of [100, 1000]) {
  const files = makeWorksheetExports(count, join(root, `ws-${count}`));
  for (const view of WORKSHEET_VIEWS) {
    const times = [];
    for (let i = 0; i < 5; i++) times.push(await importWorksheetsOnce(files, view));
    const ms = median(times);
    row(`${count} worksheet exports: ${view.label}`, `${ms.toFixed(0)} ms (${(count / (ms / 1000)).toFixed(0)} files/s)`);
  }
}
// Pre/post self-assessment: half the cohort's pairs, each trainee rating all ten statements twice.
function makeAssessmentExports(pairs, dir) {
  mkdirSync(dir, { recursive: true });
  const ids = [...readFileSync('content/self_assessment.toml', 'utf8').matchAll(/^\[\[statements\]\]\nid = "([a-z0-9-]+)"/gm)].map((m) => m[1]);
  const files = [];
  for (let i = 0; i < pairs; i++) {
    for (const phase of ['pre', 'post']) {
      const answers = Object.fromEntries(ids.filter(() => rand(20)).map((id) => [id, 1 + rand(5)]));
      const file = join(dir, `sa-${phase}-${i}.json`);
      writeFileSync(file, JSON.stringify({ format: 'nimo-kenshu-self-assessment', schema_version: 1, course_version: 'bench', assessment_id: 'jiko-hyoka-1', pairing_code: `code-${i}`, phase, exported_on: '2026-11-21', answers }));
      files.push(file);
    }
  }
  return files;
}

async function importAssessmentsOnce(files) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    document.addEventListener('change', () => { window.__importStart = performance.now(); }, true);
  });
  await page.goto(`${server.origin}instructor-assessment.html#/instructor/assessment`);
  await page.getByTestId('sa-import').waitFor({ state: 'attached' });
  await page.getByTestId('sa-import').setInputFiles(files);
  await page.waitForFunction((n) => document.querySelector('[data-testid=sa-import-summary]')?.textContent.includes(`${n}件を読み込みました`) && document.querySelector('[data-testid=sa-stats]'), files.length, { timeout: 120000, polling: 20 });
  const ms = await page.evaluate(() => performance.now() - window.__importStart);
  await context.close();
  return ms;
}

console.log('== instructor import of pre/post self-assessments: pairing, distributions, sign and Wilcoxon tests (median of 5)');
for (const pairs of [50, 1000]) {
  const files = makeAssessmentExports(pairs, join(root, `sa-${pairs}`));
  const times = [];
  for (let i = 0; i < 5; i++) times.push(await importAssessmentsOnce(files));
  row(`${pairs} pairs (${files.length} files)`, `${median(times).toFixed(0)} ms`);
}
await browser.close();
await server.close();
