// Content-Security-Policy of both outputs: read from the files, then seen in force in the browser.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLE_PAGES, DIST, TARGETS, distAssets, useApp } from './lib/harness.mjs';

const env = useApp();

function decodeEntities(text) {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The policy of the document's CSP meta tag, as a map of directive → source list. */
async function metaPolicy(file) {
  const html = await readFile(file, 'utf8');
  const metas = [...html.matchAll(/<meta\s[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/gi)];
  assert.equal(metas.length, 1, `${file} has exactly one CSP meta tag`);
  const content = metas[0][0].match(/content=(["'])(.*?)\1/i)?.[2];
  assert.ok(content, 'the CSP meta has content');
  const policy = decodeEntities(content);
  // The policy only governs what comes after it: it must precede every script and style.
  const at = metas[0].index;
  for (const tag of ['<script', '<style', '<link rel="stylesheet"', '<link rel="modulepreload"']) {
    const first = html.indexOf(tag);
    if (first !== -1) assert.ok(first > at, `${tag} comes after the CSP meta`);
  }
  const directives = new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...sources] = d.split(/\s+/);
        return [name.toLowerCase(), sources];
      }),
  );
  return { policy, directives };
}

function assertNoUnsafe(policy, name) {
  const tokens = policy.split(/[\s;]+/);
  for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", '*']) {
    assert.ok(!tokens.includes(bad), `${name} must not allow ${bad}: ${policy}`);
  }
}

/** The CSP source of an inline script's exact text. */
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('Content-Security-Policy in the built files', () => {
  for (const page of BUNDLE_PAGES) {
    test(`${page}: no unsafe-inline/unsafe-eval; wasm-unsafe-eval; connect-src self; each inline script by hash`, async () => {
      const file = path.join(DIST, page);
      const { policy, directives } = await metaPolicy(file);
      if (page === 'index.html') console.log(`index.html CSP: ${policy.replace(/'sha256-[^']+'/g, "'sha256-…'")}`);
      assertNoUnsafe(policy, page);
      assert.ok(policy.includes("connect-src 'self'"), policy);
      assert.deepEqual(directives.get('connect-src'), ["'self'"]);
      assert.ok(directives.get('script-src')?.includes("'wasm-unsafe-eval'"), policy);
      assert.deepEqual(directives.get('default-src'), ["'none'"]);
      for (const [name, sources] of directives) {
        assert.ok(!sources.some((s) => /^https?:/.test(s)), `${name} names no remote host`);
      }
      // The boot script (NIMO_BOOT and web/boot.js) comes first, and trunk's loader after it; the policy
      // lists exactly the hashes of the inline scripts.
      const html = await readFile(file, 'utf8');
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
      assert.equal(inline.length, 2, `${page} has the boot script and trunk's loader inline`);
      assert.ok(inline[0].startsWith('const NIMO_BOOT = {'), `${page}: the boot script is the first script`);
      assert.equal(JSON.parse(inline[0].match(/^const NIMO_BOOT = (.*);\n/)[1]).page, page);
      const hashes = directives.get('script-src').filter((s) => s.startsWith("'sha256-"));
      assert.deepEqual(hashes.sort(), inline.map(sha256).sort(), `${page}: script-src lists each inline script`);
      assert.ok(html.indexOf('NIMO_BOOT') < html.indexOf('rel="modulepreload"'), `${page}: the boot script comes before trunk's preloads`);
      // On index.html the boot script starts the wasm (html::wasm_fetched_by_boot); elsewhere trunk's preload does.
      const boot = JSON.parse(inline[0].match(/^const NIMO_BOOT = (.*);\n/)[1]);
      const wasmPreloads = [...html.matchAll(/<link rel="preload" href="([^"]+_bg\.wasm)"/g)].map((m) => m[1]);
      if (page === 'index.html') {
        assert.deepEqual(wasmPreloads, [], 'index.html: no preload of the wasm');
        assert.ok(inline[1].includes(`module_or_path: window.nimoWasm || '${boot.wasm}'`), 'index.html: the loader takes what the boot script fetched');
      } else {
        assert.equal(wasmPreloads.length, 1, `${page}: trunk's preload of the wasm`);
        assert.equal(boot.wasm, undefined);
      }
    });
  }

  test("nimo-kenshu.html: connect-src 'none'; no unsafe-inline/unsafe-eval; wasm-unsafe-eval", async () => {
    const { policy, directives } = await metaPolicy(distAssets().offline);
    console.log(`nimo-kenshu.html CSP: ${policy.replace(/'sha256-[^']+'/g, "'sha256-…'")}`);
    assertNoUnsafe(policy, 'nimo-kenshu.html');
    assert.ok(policy.includes("connect-src 'none'"), policy);
    assert.deepEqual(directives.get('connect-src'), ["'none'"]);
    assert.ok(directives.get('script-src')?.includes("'wasm-unsafe-eval'"), policy);
    assert.ok(!directives.get('script-src')?.includes("'self'"), 'the single file loads no script files');
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    const html = await readFile(distAssets().offline, 'utf8');
    assert.doesNotMatch(html, /NIMO_BOOT/, 'the offline file has no boot script: it shows every page itself');
    assert.equal((html.match(/<script type="module">/g) ?? []).length, 1, 'one app in the offline file');
  });

  test('the single file references nothing outside itself', async () => {
    const html = await readFile(distAssets().offline, 'utf8');
    const outside = [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["']([^"']+)["']/gi)]
      .map((m) => m[1])
      .filter((url) => !url.startsWith('data:') && !url.startsWith('#'));
    assert.deepEqual(outside, [], 'no external src/href in script, link, img or iframe tags');
  });
});

for (const target of TARGETS) {
  describe(`CSP in force over ${target}`, () => {
    test(target === 'http' ? 'fetches to another origin are blocked, same-origin allowed' : 'every fetch is blocked (connect-src none)', () =>
      env.run(target, { allowConsole: [/Refused to connect/, /violates the following Content Security Policy/] }, async ({ open }) => {
        const page = await open('#/');
        const other = target === 'http' ? `http://localhost:${env.port}/kenshu/index.html` : `http://127.0.0.1:${env.port}/kenshu/index.html`;
        const result = await page.evaluate(async (url) => {
          const violations = [];
          document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
          let outcome;
          try {
            const response = await fetch(url);
            outcome = `fetched ${response.status}`;
          } catch (error) {
            outcome = `blocked: ${error.name}`;
          }
          await new Promise((r) => setTimeout(r, 50));
          return { outcome, violations };
        }, other);
        assert.match(result.outcome, /^blocked/, `fetch(${other}) was ${result.outcome}`);
        assert.ok(result.violations.includes('connect-src'), `a connect-src violation was reported: ${result.violations}`);

        if (target === 'http') {
          const same = await page.evaluate(async () => (await fetch('./index.html')).status);
          assert.equal(same, 200, 'same-origin fetch (the wasm glue needs it) is allowed');
        }
      }));
  });
}
