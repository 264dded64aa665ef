// Size budgets of what a phone downloads on the first visit (no browser needed).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { distAssets } from './lib/harness.mjs';

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
  const toolsWasm = brotli(await readFile(assets.tools.wasm));
  const toolsJs = brotli(await readFile(assets.tools.js));
  const practiceWasm = brotli(await readFile(assets.practice.wasm));
  const practiceJs = brotli(await readFile(assets.practice.js));
  console.log(
    [
      'size budget (brotli quality 11):',
      ...rows,
      `  first visit total ${kb(total)} (budget ${kb(FIRST_VISIT_BUDGET)}); wasm ${kb(wasm)} (budget ${kb(WASM_BUDGET)})`,
      `  ${path.basename(assets.offline)}: ${kb(offline.length)} raw, ${kb(brotli(offline))} brotli (not budgeted)`,
      `  tools bundle (survey, instructor; loaded only on those pages): wasm ${kb(toolsWasm)}, js ${kb(toolsJs)} brotli (not budgeted)`,
      `  practice bundle (worksheets, cases; loaded only on those pages): wasm ${kb(practiceWasm)}, js ${kb(practiceJs)} brotli (not budgeted)`,
    ].join('\n'),
  );
  assert.ok(wasm <= WASM_BUDGET, `wasm is ${wasm} bytes brotli, budget ${WASM_BUDGET}`);
  assert.ok(total <= FIRST_VISIT_BUDGET, `first visit is ${total} bytes brotli, budget ${FIRST_VISIT_BUDGET}`);
});
