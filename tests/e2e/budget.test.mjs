// Size budgets of what a phone downloads on the first visit (no browser needed).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
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

test('brotli sizes stay within budget: wasm ≤ 200 KB, first visit ≤ 250 KB', async () => {
  const assets = distAssets();
  const rows = [];
  let total = 0;
  let wasm = 0;
  for (const key of ['index', 'css', 'js', 'wasm', 'site', 'favicon']) {
    const bytes = await readFile(assets[key]);
    const compressed = brotli(bytes);
    total += compressed;
    if (key === 'wasm') wasm = compressed;
    rows.push(`  ${path.basename(assets[key]).padEnd(42)} ${kb(bytes.length).padStart(10)} raw ${kb(compressed).padStart(10)} brotli`);
  }
  const offline = await readFile(assets.offline);
  // The other bundles, each loaded only on its own page (the css, site.js and favicon are the main
  // page's, so a first visit straight to one of them adds those too).
  const others = [];
  for (const page of BUNDLE_PAGES.slice(1)) {
    const bundle = assets[page.replace('.html', '')];
    const [html, js, bundleWasm] = await Promise.all([bundle.page, bundle.js, bundle.wasm].map((f) => readFile(f)));
    others.push(`  ${page} bundle: wasm ${kb(brotli(bundleWasm))}, js ${kb(brotli(js))}, page ${kb(brotli(html))} brotli (not budgeted)`);
  }
  console.log(
    [
      'size budget (brotli quality 11):',
      ...rows,
      `  first visit total ${kb(total)} (budget ${kb(FIRST_VISIT_BUDGET)}); wasm ${kb(wasm)} (budget ${kb(WASM_BUDGET)})`,
      `  ${path.basename(assets.offline)}: ${kb(offline.length)} raw, ${kb(brotli(offline))} brotli (not budgeted)`,
      ...others,
    ].join('\n'),
  );
  assert.ok(wasm <= WASM_BUDGET, `wasm is ${wasm} bytes brotli, budget ${WASM_BUDGET}`);
  assert.ok(total <= FIRST_VISIT_BUDGET, `first visit is ${total} bytes brotli, budget ${FIRST_VISIT_BUDGET}`);
});
