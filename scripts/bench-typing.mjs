// Typing latency in the 4要素×3システム sheet (issue #12, step 5): the time from a keystroke's input event
// to the end of the next frame, with the 4× CPU slowdown of the mobile profile (DESIGN.md §9), after the
// sheet already holds text in every box, as at the end of a group work. Median and 90th percentile of the
// keystrokes, typed into one cell of the grid.
//
// Usage: node scripts/bench-typing.mjs [dist folder]
import { chromium } from 'playwright-core';
import { resolve } from 'node:path';
import { serveStatic } from './lib/serve.mjs';

const dist = resolve(process.argv[2] ?? 'dist');
const KEYSTROKES = 60;
const row = (label, value) => console.log(`${label.padEnd(44)} ${value}`);

const server = await serveStatic(dist);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(`${server.origin}index.html#/worksheet/yon-yoso`);
const boxes = page.locator('[data-testid=worksheet] textarea');
await boxes.first().waitFor();
const count = await boxes.count();
// Every box holds a paragraph, as after a group work.
for (let i = 0; i < count; i++) await boxes.nth(i).fill('地域の支援者が顔の見える関係をつくり、退院後の暮らしを一緒に考える場を設けています。'.repeat(2));
await page.waitForTimeout(1000);
const cdp = await context.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
const times = await page.evaluate(async ({ keystrokes, index }) => {
  const box = document.querySelectorAll('[data-testid=worksheet] textarea')[index];
  const frame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  const out = [];
  for (let i = 0; i < keystrokes; i++) {
    await frame();
    const start = performance.now();
    box.value += 'あ';
    box.dispatchEvent(new InputEvent('input', { bubbles: true, data: 'あ', inputType: 'insertText' }));
    await frame();
    out.push(performance.now() - start);
  }
  return out;
}, { keystrokes: KEYSTROKES, index: Math.floor(count / 2) });
const sorted = [...times].sort((a, b) => a - b);
row(`typing in the 4×3 sheet (${count} boxes, 4× CPU)`, `median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, p90 ${sorted[Math.floor(sorted.length * 0.9)].toFixed(1)} ms per keystroke to the next frame`);
await browser.close();
await server.close();
