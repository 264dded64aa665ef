// Size and speed figures for ./scripts/bench. Sizes are exact; times are medians and vary by machine.
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { serveStatic } from './lib/serve.mjs';

const dist = resolve('dist');
const files = readdirSync(dist);
const pick = (test) => files.filter(test).map((f) => join(dist, f));
const sizes = (paths) => {
  const data = Buffer.concat(paths.map((p) => readFileSync(p)));
  return {
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
// Each file is compressed on its own, as a server sends them.
const transferred = (paths) => paths.reduce((sum, p) => sum + sizes([p]).brotli, 0);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const row = (label, value) => console.log(`${label.padEnd(44)} ${value}`);

// A page's bundle: the JS glue and wasm its trunk loader starts.
const bundle = (page) => {
  const html = readFileSync(join(dist, page), 'utf8');
  return [html.match(/from '\.\/([^']+\.js)'/)[1], html.match(/module_or_path: (?:window\.nimoWasm \|\| )?'\.\/([^']+_bg\.wasm)'/)[1]].map((f) => join(dist, f));
};
// The bundle pages (Bundle::file in crates/model/src/route.rs); the first is the main one.
const PAGES = [
  'index.html', 'tools.html', 'worksheets.html', 'cases.html', 'session.html',
  'instructor.html', 'instructor-assessment.html', 'instructor-worksheets.html', 'instructor-cases.html',
];
const [mainJs, mainWasm] = bundle('index.html');
const wasm = [mainWasm];
// All a first visit straight to `page` downloads before the app shows.
const firstVisitOf = (page) => [join(dist, page), ...pick((f) => f.endsWith('.css')), ...bundle(page), join(dist, 'site.js'), join(dist, 'icons', 'favicon.png')];
const firstVisit = firstVisitOf('index.html');
// What the service worker downloads after the first visit: the list the build wrote into sw.js.
const precache = JSON.parse(readFileSync(join(dist, 'sw.js'), 'utf8').match(/const PRECACHE = (\[[^\]]*\]);/)[1]).map((f) => join(dist, f));
const single = [join(dist, 'nimo-kenshu.html')];
const w = sizes(wasm);
const s = sizes(single);
console.log('== sizes');
row('wasm raw / gzip / brotli', `${kb(w.raw)} / ${kb(w.gzip)} / ${kb(w.brotli)}  (budget: brotli ≤ 200 KB)`);
row('first visit (all it downloads), brotli', `${kb(transferred(firstVisit))}  (budget: ≤ 250 KB)`);
const precacheRaw = precache.reduce((sum, p) => sum + readFileSync(p).length, 0);
row('service-worker precache raw / brotli', `${kb(precacheRaw)} / ${kb(transferred(precache))} in ${precache.length} files (fetched in the background after the first visit)`);
const packs = readdirSync(join(dist, 'content')).map((f) => join(dist, 'content', f));
row('content packs (loaded on demand), brotli', `${kb(transferred(packs))} in ${packs.length} files; the first visit carries only the course index in the wasm`);
console.log('== each bundle page: its wasm raw / brotli, and all a first visit straight to it downloads (brotli)');
for (const page of PAGES) {
  const [js, pageWasm] = bundle(page);
  const b = sizes([pageWasm]);
  row(`${page} wasm`, `${kb(b.raw)} / ${kb(b.brotli)} (+ js ${kb(sizes([js]).brotli)}); first visit ${kb(transferred(firstVisitOf(page)))}`);
}
row('nimo-kenshu.html (every page, one wasm)', `${kb(s.raw)} / ${kb(s.brotli)}`);

// Compressed before the timed runs, so the first of them does not pay for it.
const server = await serveStatic(dist, { precompress: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
// Records when the lesson title first appears, measured from navigation start on the page's own clock.
const markRendered = () => {
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid=lesson] h1')) {
      window.__lessonRenderedAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
};
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
async function timeToLesson(url) {
  const times = [];
  for (let i = 0; i < 10; i++) {
    // The service worker's background precache (about 1 MB) would be timed along with the app.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.addInitScript(markRendered);
    await page.goto(url);
    await page.waitForFunction(() => window.__lessonRenderedAt !== undefined);
    times.push(await page.evaluate(() => window.__lessonRenderedAt));
    await context.close();
  }
  return median(times);
}
console.log('== navigation to lesson rendered, headless Chromium, fresh profile each time (median of 10)');
row('http (dist/ on 127.0.0.1)', `${(await timeToLesson(`${server.origin}#/lesson/renkei-mokuteki`)).toFixed(0)} ms`);
row('file:// (single offline file)', `${(await timeToLesson(`file://${dist}/nimo-kenshu.html#/lesson/renkei-mokuteki`)).toFixed(0)} ms`);
// Search as a trainee types: from the input event to the results line, on the page's own clock.
const glossaryPack = readdirSync(join(dist, 'content')).find((f) => f.startsWith('glossary.'));
const terms = JSON.parse(readFileSync(join(dist, 'content', glossaryPack), 'utf8')).terms;
const queries = [];
for (const term of terms) {
  queries.push(term.term, term.reading);
  if (queries.length >= 96) break;
}
queries.push('ﾋﾟｱｻﾎﾟｰﾀｰ', 'ＧＨ', '協議の場 保健所', '存在しない言葉');
{
  const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
  await page.goto(`${server.origin}#/search`);
  await page.locator('[data-testid=search-status]').waitFor({ state: 'attached' });
  const times = await page.evaluate(async (queries) => {
    const input = document.querySelector('[data-testid=search-input]');
    const tick = () => new Promise((done) => { const c = new MessageChannel(); c.port1.onmessage = () => done(); c.port2.postMessage(0); });
    const out = [];
    for (const q of queries) {
      const start = performance.now();
      input.value = q;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      while (!document.querySelector('[data-testid=search-status]')?.textContent.includes(`「${q}」`)) await tick();
      out.push(performance.now() - start);
    }
    return out;
  }, queries);
  console.log('== search as you type, headless Chromium, whole curriculum and glossary');
  row(`median of ${times.length} queries (input to results shown)`, `${median(times).toFixed(1)} ms (slowest ${Math.max(...times).toFixed(1)} ms)`);
  await page.close();
}
await browser.close();
await server.close();
