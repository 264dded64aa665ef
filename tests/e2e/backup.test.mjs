// 「記録」: backup download, delete all, restore, and refusing files that are not a usable backup.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tmpdir } from 'node:os';
import {
  LESSON_ROUTE,
  RECORD_KEY,
  REFLECTION_KEY,
  SAMPLE_TEXT,
  TARGETS,
  captureDownload,
  goRoute,
  reflection,
  reload,
  storedRecord,
  typeInto,
  useApp,
  waitForBoxText,
  waitForSaved,
} from './lib/harness.mjs';

const env = useApp();

const BACKUP_NAME = /^nimo-kenshu-backup-(\d{4}-\d{2}-\d{2})\.json$/;
const UNCHANGED = '今の記録は変わっていません。';
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** Opens the lesson, types `text`, waits until it is saved, and goes to 記録 by the nav link. */
async function typeThenGoToMy(open, text) {
  const page = await open(LESSON_ROUTE);
  await typeInto(reflection(page), text);
  await waitForSaved(page, text);
  await page.getByTestId('nav-my').click();
  await page.getByTestId('typed-count').waitFor();
  return page;
}

/** Every string in a JSON value, with its path. */
function strings(value, at = '$') {
  if (typeof value === 'string') return [[at, value]];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${at}.${k}`));
  return [];
}

function numbers(value, at = '$') {
  if (typeof value === 'number') return [[at, value]];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbers(v, `${at}.${k}`));
  return [];
}

/** Chooses a file in the restore input. */
async function chooseFile(page, file) {
  await page.getByTestId('restore-input').setInputFiles(file);
}

let hugeFile = '';
before(async () => {
  // Playwright refuses in-memory buffers of 50 MB and more, so this one is a real file on disk.
  // A directory of its own: never the working directory, whatever order the hooks run in.
  hugeFile = path.join(await mkdtemp(path.join(tmpdir(), 'nimo-huge-')), 'huge-backup.json');
  const head = Buffer.from('{"format":"nimo-kenshu-backup","schema_version":1,"pad":"');
  const body = Buffer.alloc(50 * 1024 * 1024 - head.length - 2, 'a');
  await writeFile(hugeFile, Buffer.concat([head, body, Buffer.from('"}')]));
});

for (const target of TARGETS) {
  describe(`backup and restore over ${target}`, () => {
    test('backup download, delete all, restore from the file; the text survives a reload', () =>
      env.run(target, { acceptDownloads: true }, async ({ open }) => {
        const page = await typeThenGoToMy(open, SAMPLE_TEXT);
        assert.equal((await page.getByTestId('typed-count').textContent()).trim(), '1');

        const backup = await captureDownload(page, () => page.getByTestId('backup-download').click());
        const [, day] = backup.name.match(BACKUP_NAME) ?? assert.fail(`backup file name ${backup.name}`);
        const json = JSON.parse(backup.text);
        assert.equal(json.format, 'nimo-kenshu-backup');
        assert.equal(json.schema_version, 1);
        assert.match(json.exported_on, /^\d{4}-\d{2}-\d{2}$/);
        assert.equal(json.exported_on, day, 'the file name carries the export date');
        assert.equal(json.record.texts[REFLECTION_KEY].value, SAMPLE_TEXT);
        // Nothing finer than a day leaves the device: no other date, no time of day, no timestamp.
        for (const [at, text] of strings(json)) {
          if (at === '$.exported_on' || at.startsWith(`$.record.texts`)) continue;
          assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}/, `${at} = ${text} looks like a date or time`);
        }
        for (const [at, n] of numbers(json)) {
          assert.ok(n < 1e9, `${at} = ${n} looks like a timestamp`);
        }
        assert.doesNotMatch(backup.text.replace(SAMPLE_TEXT, ''), /\d{4}-\d{2}-\d{2}T|\d{2}:\d{2}:\d{2}/);

        await page.getByTestId('delete-start').click();
        await page.getByTestId('delete-confirm').click();
        await page.getByText('記録をすべて削除しました。').waitFor();
        assert.equal((await page.getByTestId('typed-count').textContent()).trim(), '0');
        await page.goBack();
        await waitForBoxText(page, '');
        assert.equal((await storedRecord(page))?.texts?.[REFLECTION_KEY]?.value ?? '', '');

        await page.getByTestId('nav-my').click();
        await chooseFile(page, { name: backup.name, mimeType: 'application/json', buffer: Buffer.from(backup.text) });
        await page.getByTestId('restore-confirm').click();
        await page.getByTestId('restore-done').waitFor({ state: 'visible' });
        assert.equal((await page.getByTestId('typed-count').textContent()).trim(), '1');
        await waitForSaved(page, SAMPLE_TEXT);

        await goRoute(page, LESSON_ROUTE);
        await waitForBoxText(page, SAMPLE_TEXT);
        await reload(page);
        await waitForBoxText(page, SAMPLE_TEXT);
      }));

    test('bad restore files are refused with their own Japanese reason; the record is unchanged', () =>
      env.run(target, { acceptDownloads: true }, async ({ open }) => {
        const page = await typeThenGoToMy(open, '消えてはいけない記録');
        const backup = await captureDownload(page, () => page.getByTestId('backup-download').click());
        const before = await page.evaluate((k) => localStorage.getItem(k), RECORD_KEY);
        const newer = JSON.parse(backup.text);
        newer.schema_version = 99;
        const json = (name, text) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

        const cases = [
          { file: json('not-json.json', 'これはJSONではありません'), reason: /JSON ファイルではありません/ },
          { file: json('other.json', '{"a":1}'), reason: /このアプリのバックアップではありません/ },
          { file: json('truncated.json', backup.text.slice(0, Math.floor(backup.text.length / 2))), reason: /途中で切れています/ },
          { file: json('newer.json', JSON.stringify(newer)), reason: /新しい版のアプリ/ },
          { file: json('empty.json', ''), reason: /空です/ },
          { file: hugeFile, name: 'huge-backup.json', reason: /大きすぎます（50\.0 MB）/ },
        ];
        const reasons = new Set();
        for (const { file, name = file.name, reason } of cases) {
          await chooseFile(page, file);
          const error = page.getByTestId('restore-error');
          await error.filter({ hasText: name }).waitFor({ state: 'visible', timeout: 5000 });
          const message = (await error.textContent()).trim();
          assert.match(message, reason, `${name}: ${message}`);
          assert.match(message, JAPANESE);
          assert.ok(message.endsWith(UNCHANGED), `${name}: 「${message}」 ends with 「${UNCHANGED}」`);
          assert.equal(await page.getByTestId('restore-confirm').count(), 0, `${name}: no restore-confirm`);
          reasons.add(message.replace(/^「[^」]*」/, ''));
        }
        assert.equal(reasons.size, cases.length, 'every kind of bad file gets a distinct reason');

        assert.equal(await page.evaluate((k) => localStorage.getItem(k), RECORD_KEY), before, 'stored record untouched');
        assert.equal((await page.getByTestId('typed-count').textContent()).trim(), '1');
        await page.goBack();
        await waitForBoxText(page, '消えてはいけない記録');
      }));
  });
}
