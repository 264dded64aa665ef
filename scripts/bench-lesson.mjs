// A lesson's text on screen, this site against mdBook serving the same Markdown, side by side in one run
// (issue #15, goal 1). Both are served brotli-compressed with correct types, as a static host serves them,
// to a fresh Chromium profile with the mobile profile of DESIGN.md §9: 4× CPU slowdown, 150 ms round
// trip, 1.6 Mbps down, 750 kbps up, a 412 px wide phone screen. The figure is the time from navigation
// start to the first frame that holds the lesson's first sentence, median of the runs, taken in turn.
//
// Usage: node scripts/bench-lesson.mjs [runs]   (needs dist/ and `mdbook` on PATH; ./scripts/bench
// installs mdbook when it is missing)
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveStatic } from './lib/serve.mjs';

const RUNS = Number(process.argv[2] ?? 7);
const dist = resolve('dist');
// Two lessons: one in the smallest content pack and one in the largest, so the figure is not one pack's.
const LESSONS = ['renkei-mokuteki', 'iko-a-shi'];

/** The course's Markdown as an mdBook: each lesson's file with its front matter removed, nothing else changed. */
function buildBook() {
  const book = mkdtempSync(join(tmpdir(), 'nimo-mdbook-'));
  mkdirSync(join(book, 'src'));
  writeFileSync(join(book, 'book.toml'), '[book]\ntitle = "にも包括 研修"\nlanguage = "ja"\n');
  const lessons = readdirSync('content/lessons').filter((f) => f.endsWith('.md')).sort();
  const summary = ['# Summary', ''];
  for (const file of lessons) {
    const text = readFileSync(join('content/lessons', file), 'utf8');
    const title = text.match(/^title = "(.*)"$/m)[1];
    writeFileSync(join(book, 'src', file), `# ${title}\n\n${text.replace(/^\+\+\+\n[\s\S]*?\n\+\+\+\n/, '')}`);
    summary.push(`- [${title}](./${file})`);
  }
  writeFileSync(join(book, 'src', 'SUMMARY.md'), summary.join('\n') + '\n');
  execFileSync('mdbook', ['build', book, '--dest-dir', join(book, 'book')], { stdio: 'ignore' });
  return join(book, 'book');
}

/** The first words of the lesson's first paragraph, as both sites show them. */
function firstSentence(id) {
  const body = readFileSync(join('content/lessons', `${id}.md`), 'utf8').replace(/^\+\+\+\n[\s\S]*?\n\+\+\+\n/, '');
  const paragraph = body.split('\n').find((line) => line.trim() && !/^(#|```|>|-|\*|\d+\.|\||<)/.test(line.trim()));
  return paragraph.trim().split(/[[\]*_`<（(]/)[0].slice(0, 14);
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function timeToText(url, snippet, withApp) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1.75 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript((text) => {
    const seen = () => document.body && document.body.textContent.includes(text);
    const mark = () => requestAnimationFrame(() => { window.__textShownAt ??= performance.now(); });
    // The app is working once the lesson's self-check is on screen (mdBook has none: its text is all).
    const app = () => !!document.querySelector('[data-testid=quiz]');
    const appMark = () => requestAnimationFrame(() => { window.__appAt ??= performance.now(); });
    const observer = new MutationObserver(() => {
      if (seen()) mark();
      if (app()) appMark();
      if (seen() && (app() || !location.hash)) observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  }, snippet);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__textShownAt !== undefined, null, { timeout: 60000, polling: 50 });
  const text = await page.evaluate(() => window.__textShownAt);
  let app = null;
  if (withApp) {
    await page.waitForFunction(() => window.__appAt !== undefined, null, { timeout: 60000, polling: 50 });
    app = await page.evaluate(() => window.__appAt);
  }
  await context.close();
  return { text, app };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const row = (label, value) => console.log(`${label.padEnd(44)} ${value}`);

const book = buildBook();
// Every file compressed once before timing, so no run pays for it.
const ours = await serveStatic(dist, { precompress: true });
const theirs = await serveStatic(book, { precompress: true });
console.log(`== lesson text on screen (brotli-served, 4× CPU, 150 ms RTT, 1.6 Mbps; median of ${RUNS}, taken in turn)`);
for (const id of LESSONS) {
  const snippet = firstSentence(id);
  const site = [];
  const mdbook = [];
  for (let i = 0; i < RUNS; i++) {
    site.push(await timeToText(`${ours.origin}index.html#/lesson/${id}`, snippet, true));
    mdbook.push(await timeToText(`${theirs.origin}${id}.html`, snippet, false));
  }
  const a = median(site.map((r) => r.text));
  const b = median(mdbook.map((r) => r.text));
  row(`lesson ${id}: this site / mdBook`, `${(a / 1000).toFixed(2)} s / ${(b / 1000).toFixed(2)} s  ratio ${(a / b).toFixed(2)} (goal ≤ 1.00)`);
  row(`lesson ${id}: this site's app working`, `${(median(site.map((r) => r.app)) / 1000).toFixed(2)} s (its self-check on screen)`);
}
await browser.close();
await ours.close();
await theirs.close();
