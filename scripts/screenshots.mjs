// Screenshots of the worksheets, the facilitator view, the session programme, a case debrief, the instructor
// views, the pre/post report and the certificate, for the
// docs and the closing notes: `node scripts/screenshots.mjs` after ./scripts/build. Writes docs/screenshots/.

import { readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serveStatic } from './lib/serve.mjs';

const dist = resolve('dist');
const out = resolve('docs/screenshots');
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
/** A4 landscape and portrait at 96 dpi, for print emulation. */
const A4_LANDSCAPE = { width: 1123, height: 794 };
const A4_PORTRAIT = { width: 794, height: 1123 };

const server = await serveStatic(dist);
const base = server.origin;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
await mkdir(out, { recursive: true });

async function shoot(name, { route, viewport, print = false, prepare = async () => {}, full = true }) {
  const context = await browser.newContext({ viewport, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(base + route);
  await page.locator('main#main').waitFor();
  await page.waitForTimeout(600);
  await prepare(page);
  if (print) await page.emulateMedia({ media: 'print' });
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: full });
  await context.close();
  console.log(`docs/screenshots/${name}.png`);
}

const fillYonYoso = async (page) => {
  await page.locator('#yon-yoso-region-name').fill('A圏域');
  await page.locator('#yon-yoso-grid-hoken-yobo-houkatsu-kadai').fill('身近な場で相談できる窓口が少ない');
  const second = page.locator('#yon-yoso-grid-iryo-hoken-iryo-torikumi');
  // On a phone the grid shows one element at a time.
  if (!(await second.isVisible())) await page.getByTestId('grid-next').click();
  await second.fill('圏域の医療連携会議に精神科医療を位置づける');
};
const sheets = {
  'yon-yoso': { landscape: true, fill: fillYonYoso },
  'kyogi-kozo': { landscape: true, fill: async (p) => p.locator('#kyogi-kozo-core-shichoson').fill('市の障害福祉課・保健部門、基幹相談支援センター') },
  'kochiku-process': { landscape: false, fill: async (p) => p.locator('#kochiku-process-vision-vision').fill('入院しても安心して地域に戻れるまち') },
  'kobetsu-kara-chiiki': { landscape: false, fill: async (p) => p.locator('#kobetsu-kara-chiiki-case-summary').fill('70代男性。連絡先 090-0000-0000') },
  'group-work': { landscape: false, fill: async (p) => { await p.locator('#group-work-profile-shokushu').selectOption('保健師'); await p.locator('#group-work-q1-text').fill('協議の場で課題を絞りきれていない'); } },
};
for (const [id, { landscape, fill }] of Object.entries(sheets)) {
  await shoot(`worksheet-${id}-phone`, { route: `worksheets.html#/worksheet/${id}`, viewport: PHONE, prepare: fill, full: false });
  await shoot(`worksheet-${id}-desktop`, { route: `worksheets.html#/worksheet/${id}`, viewport: DESKTOP, prepare: async (p) => { await fill(p); await p.getByTestId('toggle-examples').click(); } });
  await shoot(`worksheet-${id}-print`, { route: `worksheets.html#/worksheet/${id}`, viewport: landscape ? A4_LANDSCAPE : A4_PORTRAIT, print: true, prepare: fill });
}
await shoot('worksheet-yon-yoso-phone-grid', {
  route: 'worksheets.html#/worksheet/yon-yoso',
  viewport: PHONE,
  full: false,
  prepare: async (p) => { await fillYonYoso(p); await p.getByTestId('sheet-overview').evaluate((e) => e.scrollIntoView()); },
});
await shoot('worksheet-group-work-present', { route: 'worksheets.html#/worksheet/group-work/present', viewport: DESKTOP, full: false });
await shoot('session-builder-phone', {
  route: 'session.html#/instructor/session',
  viewport: PHONE,
  full: false,
  prepare: async (page) => page.getByTestId('session-span').evaluate((e) => e.scrollIntoView()),
});
await shoot('session-present', {
  route: 'session.html#/instructor/session/present',
  viewport: DESKTOP,
  full: false,
  // The 演習, where the group-work prompts are shown beside the countdown and the 研修コード.
  prepare: async (page) => { for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight'); },
});
await shoot('session-program', {
  route: 'session.html#/instructor/session/program',
  viewport: A4_PORTRAIT,
  print: true,
  // The first sheet: the table. The notes follow on their own pages.
  full: false,
  prepare: async (page) => page.getByTestId('program-note').first().waitFor(),
});
await shoot('case-debrief-phone', {
  route: 'cases.html#/case/setai-8050',
  viewport: PHONE,
  prepare: async (page) => {
    for (let i = 0; i < 20 && !(await page.getByTestId('case-debrief').count()); i++) {
      await page.getByTestId('case-option').last().click();
      await page.waitForTimeout(150);
    }
  },
});

// Pre/post self-assessment report: six synthetic trainees, two statements answered.
await shoot('assessment-report-desktop', {
  route: 'instructor-assessment.html#/instructor/assessment',
  viewport: DESKTOP,
  prepare: async (page) => {
    const file = (code, phase, a, b) => ({
      name: `${phase}-${code}.json`,
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ format: 'nimo-kenshu-self-assessment', schema_version: 1, course_version: 'x', assessment_id: 'jiko-hyoka-1', pairing_code: code, phase, exported_on: '2026-11-21', answers: { rinen: a, 'kyogi-jiku': b } })),
    });
    const files = [];
    for (const [i, pre, post] of [[1, 2, 4], [2, 2, 3], [3, 3, 4], [4, 1, 3], [5, 3, 3], [6, 4, 5]]) files.push(file(`code-${i}`, 'pre', pre, pre - (i % 2)), file(`code-${i}`, 'post', post, post));
    files.push(file('lonely', 'pre', 3, 3));
    await page.getByTestId('sa-import').setInputFiles(files);
    await page.getByTestId('sa-stats').first().waitFor();
  },
});
await shoot('assessment-phone', { route: 'tools.html#/assessment', viewport: PHONE, full: false, prepare: async (page) => page.getByTestId('pairing-generate').click() });
// The certificate of a trainee who finished: every lesson done and the survey exported.
const lessonIds = readdirSync('content/lessons').filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3));
await shoot('certificate-print', {
  route: 'tools.html#/certificate',
  viewport: A4_PORTRAIT,
  print: true,
  full: false,
  prepare: async (page) => {
    await page.evaluate((ids) => {
      const key = 'nimo-kenshu:record:v1';
      const record = JSON.parse(localStorage.getItem(key));
      let rev = record.clock;
      for (const id of ids) {
        record.read[id] = { rev: ++rev, value: true };
        record.quizzes[id] = { rev: ++rev, value: { attempts: 1, best_percent: 100, last_percent: 100, last_answers: [] } };
      }
      record.session_code = { rev: ++rev, value: '2026-11-misaku' };
      record.survey_exported_on = { rev: ++rev, value: '2026-11-21' };
      record.clock = rev;
      localStorage.setItem(key, JSON.stringify(record));
    }, lessonIds);
    await page.reload();
    await page.getByTestId('cert-name').fill('研修 花子');
  },
});
await browser.close();
await server.close();
