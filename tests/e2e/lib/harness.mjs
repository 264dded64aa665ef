// Shared set-up for the end-to-end tests. This file is not a test: `node --test tests/e2e/` only runs
// files named *.test.mjs, and this one lives in lib/.
//
// Every behavioural test runs against two targets:
//   http — dist/ copied to <tmp>/kenshu/ and served by `python3 -m http.server`, opened at
//          http://127.0.0.1:<port>/kenshu/ (a sub-folder, so absolute asset URLs would break);
//   file — dist/nimo-kenshu.html copied ALONE into an empty temp folder and opened as file://, which
//          proves the single file needs none of its dist/ neighbours.
// Copies (not symlinks) keep a test run consistent if someone rebuilds dist/ meanwhile.

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, copyFile, mkdir, rm, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The build under test: dist/, or another copy of it named by E2E_DIST (e.g. a snapshot while dist/ is rebuilt). */
export const DIST = path.resolve(process.env.E2E_DIST ?? path.join(ROOT, 'dist'));
export const OFFLINE_FILE = 'nimo-kenshu.html';
/**
 * The pages of dist/, one wasm bundle each (Bundle::file in crates/model/src/route.rs): the main one (home,
 * lessons, glossary, search), tools (記録, survey, self-assessment, certificate, the worksheets' QR hand-off),
 * worksheets, cases, session (#/instructor/session…) and one per instructor import view (survey, self-assessment,
 * worksheets, cases). The
 * offline file carries one app with every page.
 */
export const BUNDLE_PAGES = [
  'index.html', 'tools.html', 'worksheets.html', 'cases.html', 'session.html',
  'instructor.html', 'instructor-assessment.html', 'instructor-worksheets.html', 'instructor-cases.html',
];

export const TARGETS = ['http', 'file'];
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

export const RECORD_KEY = 'nimo-kenshu:record:v1';
export const PREFS_KEY = 'nimo-kenshu:prefs:v1';
export const SET_ASIDE_PREFIX = 'nimo-kenshu:set-aside:';
export const LESSON_ID = 'renkei-mokuteki';
export const LESSON_ROUTE = `#/lesson/${LESSON_ID}`;
export const LESSON_TITLE = '連携の目的と必要性';
export const REFLECTION_KEY = `lesson/${LESSON_ID}/dareno-tameno-renkei`;
/** Japanese with a surrogate-pair kanji (𠮷), a variant kanji (髙) and an emoji. */
export const SAMPLE_TEXT = '𠮷野さんと髙橋さん：保健所と市町村の役割を確かめる😀 next step';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Starts the system's Chromium as every test does, plus `extraArgs` (e.g. a fake camera's flags). */
export function launchChromium(extraArgs = []) {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** The JS glue and wasm that trunk's loader in a dist/ page starts. */
function bundleOf(page) {
  const html = readFileSync(path.join(DIST, page), 'utf8');
  const js = html.match(/from '\.\/([^']+\.js)'/);
  // On index.html the boot script fetches the wasm and the loader takes it (window.nimoWasm), or the file.
  const wasm = html.match(/module_or_path: (?:window\.nimoWasm \|\| )?'\.\/([^']+_bg\.wasm)'/);
  assert.ok(js && wasm, `${page} loads a wasm bundle the way trunk writes it`);
  return { page: path.join(DIST, page), js: path.join(DIST, js[1]), wasm: path.join(DIST, wasm[1]) };
}

/**
 * Fails with a readable message when dist/ has not been built. `index`, `css`, `js`, `wasm`, `site`
 * and `favicon` are what a first visit downloads before the app shows (the main bundle); `tools`,
 * `worksheets`, `cases`, `session` and `instructor` are the other bundles' pages, glue and wasm (see BUNDLE_PAGES). The
 * service worker fetches the rest after that, in the background.
 */
export function distAssets() {
  for (const needed of [...BUNDLE_PAGES, OFFLINE_FILE, 'site.js', 'sw.js', 'manifest.webmanifest']) {
    if (!existsSync(path.join(DIST, needed))) {
      throw new Error(`the build is missing or incomplete in ${DIST} (no ${needed}); run ./scripts/build first`);
    }
  }
  const css = readdirSync(DIST).filter((f) => f.endsWith('.css'));
  assert.equal(css.length, 1, `expected exactly one .css in dist/, found ${JSON.stringify(css)}`);
  const main = bundleOf('index.html');
  return {
    index: main.page,
    offline: path.join(DIST, OFFLINE_FILE),
    css: path.join(DIST, css[0]),
    js: main.js,
    wasm: main.wasm,
    tools: bundleOf('tools.html'),
    worksheets: bundleOf('worksheets.html'),
    cases: bundleOf('cases.html'),
    session: bundleOf('session.html'),
    instructor: bundleOf('instructor.html'),
    'instructor-assessment': bundleOf('instructor-assessment.html'),
    'instructor-worksheets': bundleOf('instructor-worksheets.html'),
    'instructor-cases': bundleOf('instructor-cases.html'),
    site: path.join(DIST, 'site.js'),
    favicon: path.join(DIST, 'icons', 'favicon.png'),
    serviceWorker: path.join(DIST, 'sw.js'),
    manifest: path.join(DIST, 'manifest.webmanifest'),
  };
}

/**
 * `python3 -m http.server <port> --bind 127.0.0.1`, but asking Linux to stop the server when this test
 * process dies, so an interrupted run (Ctrl+C, a closed pipe) leaves no server behind.
 */
const SERVE_PY = `
import ctypes, runpy, signal, sys
try:
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
except Exception:
    pass
sys.argv = ['http.server', sys.argv[1], '--bind', '127.0.0.1']
runpy.run_module('http.server', run_name='__main__', alter_sys=True)
`;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Serves `root` with `python3 -m http.server` on a free port of 127.0.0.1 until `stop()`. `useApp` serves
 * its copy of dist/ this way; a test that changes or takes down its site serves a copy of its own.
 */
export async function startStaticServer(root) {
  const port = await freePort();
  const child = spawn('python3', ['-c', SERVE_PY, String(port)], { cwd: root, stdio: 'ignore' });
  const onExit = () => child.kill();
  process.once('exit', onExit);
  const origin = `http://127.0.0.1:${port}/`;
  await eventually(
    async () => {
      const response = await fetch(origin);
      assert.ok(response.status < 500);
    },
    { timeout: 10000, interval: 100, message: `static server at ${origin}` },
  );
  return {
    port,
    origin,
    stop: async () => {
      process.off('exit', onExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill();
      await exited;
    },
  };
}

/** Polls `check` (which throws or rejects while not yet true) until it passes or `timeout` ms elapse. */
export async function eventually(check, { timeout = 2000, interval = 50, message = '' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) {
        if (message) error.message = `${message} (not true within ${timeout} ms): ${error.message}`;
        throw error;
      }
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * Registers before/after hooks that start Chromium and the static server for this test file, and
 * returns the environment the tests use. Fields are filled in when `before` has run.
 */
export function useApp() {
  const env = {
    browser: null,
    server: null,
    port: 0,
    tmp: '',
    httpBase: '',
    fileUrl: '',
  };

  before(async () => {
    distAssets();
    env.tmp = await mkdtemp(path.join(tmpdir(), 'nimo-kenshu-e2e-'));
    await cp(DIST, path.join(env.tmp, 'site', 'kenshu'), { recursive: true });
    await mkdir(path.join(env.tmp, 'offline'));
    await copyFile(path.join(DIST, OFFLINE_FILE), path.join(env.tmp, 'offline', OFFLINE_FILE));
    env.fileUrl = pathToFileURL(path.join(env.tmp, 'offline', OFFLINE_FILE)).href;

    env.server = await startStaticServer(path.join(env.tmp, 'site'));
    env.port = env.server.port;
    env.httpBase = `${env.server.origin}kenshu/`;
    assert.equal((await fetch(env.httpBase)).status, 200, `${env.httpBase} serves the site`);

    env.browser = await launchChromium();
  });

  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
    if (env.tmp) await rm(env.tmp, { recursive: true, force: true });
  });

  /** The URL of `route` (e.g. '#/my') on a target. */
  env.url = (target, route = '#/') => {
    const base = target === 'http' ? env.httpBase : env.fileUrl;
    assert.ok(base, 'the environment is not started yet');
    return base + route;
  };

  /**
   * Runs `body` in a fresh browser context (fresh storage) and fails if any page of it logged a console
   * error, threw an uncaught error, or got an HTTP error response. `allowConsole` lists regexps of
   * console errors a test provokes on purpose; `browser` is one the test launched itself (with other
   * flags, see launchChromium) instead of the shared one.
   */
  env.run = async (target, options, body) => {
    if (typeof options === 'function') [options, body] = [{}, options];
    const { allowConsole = [], browser = env.browser, ...contextOptions } = options;
    const context = await browser.newContext({ viewport: PHONE, colorScheme: 'light', ...contextOptions });
    // Fail fast: nothing in this app should take seconds, and a stuck click should not eat 30 s.
    context.setDefaultTimeout(10000);
    const problems = [];
    const watch = (page) => {
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const text = message.text();
        if (allowConsole.some((pattern) => pattern.test(text))) return;
        problems.push(`console error on ${page.url()}: ${text}`);
      });
      page.on('pageerror', (error) => problems.push(`page error on ${page.url()}: ${error.stack || error}`));
      page.on('response', (response) => {
        if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
      });
      page.on('crash', () => problems.push(`page crashed: ${page.url()}`));
    };
    context.on('page', watch);
    const app = {
      context,
      target,
      /** Opens a new tab at `route` and waits until the app has rendered. */
      open: async (route = '#/') => {
        const page = await context.newPage();
        await page.goto(env.url(target, route));
        await appReady(page);
        return page;
      },
    };
    let failure = null;
    try {
      await body(app);
    } catch (error) {
      failure = error;
    } finally {
      await context.close().catch(() => {});
    }
    if (failure) {
      if (problems.length) failure.message += `\n\nAlso seen in the browser:\n${problems.join('\n')}`;
      throw failure;
    }
    assert.deepEqual(problems, [], `the browser reported errors:\n${problems.join('\n')}`);
  };

  return env;
}

/** Waits until the Leptos app has mounted (header and main rendered). */
export async function appReady(page) {
  await page.locator('main#main').waitFor({ state: 'attached', timeout: 10000 });
  await page.getByTestId('nav-home').waitFor({ timeout: 10000 });
}

/** Goes to a hash route in the same document (no reload), as a typed-in or followed link would. */
export async function goRoute(page, route) {
  await page.evaluate((hash) => {
    location.hash = hash;
  }, route);
}

/** Reloads and waits for the app. */
export async function reload(page) {
  await page.reload();
  await appReady(page);
}

/**
 * Waits until the lesson on screen has its body (lesson bodies load per module: fetched over http,
 * inline in the single file), and fails with the app's own message if it could not be loaded.
 */
export async function waitForLesson(page) {
  await page.getByTestId('lesson').waitFor({ state: 'visible' });
  await page.waitForFunction(
    () => !document.querySelector('[data-testid="lesson"] .loading') || document.querySelector('[data-testid="lesson-error"]'),
  );
  const error = page.getByTestId('lesson-error');
  if (await error.count()) assert.fail(`the lesson body did not load: ${await error.textContent()}`);
}

export const reflection = (page) => page.getByTestId('reflection-input');

/** Types like a person: one key (or one character for non-ASCII) at a time. */
export async function typeInto(locator, text) {
  await locator.click();
  await locator.pressSequentially(text);
}

/** The stored learner record, parsed, or null. */
export async function storedRecord(page) {
  const raw = await page.evaluate((key) => localStorage.getItem(key), RECORD_KEY);
  return raw === null ? null : JSON.parse(raw);
}

/** Waits (≤ timeout) until localStorage holds `text` as the reflection answer. */
export async function waitForSaved(page, text, timeout = 2000) {
  return eventually(
    async () => {
      const record = await storedRecord(page);
      assert.equal(record?.texts?.[REFLECTION_KEY]?.value, text);
      return record;
    },
    { timeout, message: 'the reflection text was saved to localStorage' },
  );
}

/** Waits until the reflection box on `page` shows `text`. */
export async function waitForBoxText(page, text, timeout = 2000) {
  return eventually(async () => assert.equal(await reflection(page).inputValue(), text), {
    timeout,
    message: 'the reflection box shows the expected text',
  });
}

/**
 * `document.documentElement.scrollWidth`, which must not exceed the viewport width, and when it does,
 * the first few elements that stick out on the right.
 */
export async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const found = { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, widest: [] };
    if (found.scrollWidth > found.clientWidth) {
      found.widest = [...document.querySelectorAll('body *')]
        .map((el) => ({ el, right: el.getBoundingClientRect().right }))
        .filter(({ right }) => right > root.clientWidth + 0.5)
        .slice(0, 5)
        .map(({ el, right }) => `${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} right=${Math.round(right)}`);
    }
    return found;
  });
}

export async function assertNoHorizontalOverflow(page, width, where) {
  const found = await horizontalOverflow(page);
  assert.ok(
    found.scrollWidth <= width,
    `${where}: page is ${found.scrollWidth} px wide on a ${width} px screen; overflowing: ${found.widest.join(', ')}`,
  );
}

/** Catches the next download started by `action` and returns its name and text. */
export async function captureDownload(page, action) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 5000 }), action()]);
  const file = await download.path();
  const failure = await download.failure();
  assert.equal(failure, null, `download failed: ${failure}`);
  return { name: download.suggestedFilename(), text: await readFile(file, 'utf8') };
}

/** Every localStorage entry of the page's origin. */
export async function allStorage(page) {
  return page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])));
}

/** Opens 表示設定 and picks a theme and a text size by their visible labels. */
export async function chooseDisplay(page, theme, size) {
  const settings = page.getByTestId('display-settings');
  if ((await settings.getAttribute('open')) === null) await settings.locator('summary').click();
  if (theme) await settings.getByRole('radio', { name: theme, exact: true }).check();
  if (size) await settings.getByRole('radio', { name: size, exact: true }).check();
}
