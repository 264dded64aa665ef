// The facilitator's session mode over http and the single file: the programme builder seeded with the
// 2019 model training, autosave and reload, export and import between co-facilitators, present mode with
// its countdown, arrow keys and group-work prompts, and the A4 programme in print emulation.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DESKTOP, PHONE, TARGETS, assertNoHorizontalOverflow, captureDownload, eventually, reload, useApp,
} from './lib/harness.mjs';
import { axeViolations, describeViolations } from './lib/axe.mjs';

const env = useApp();

const SESSION_KEY = 'nimo-kenshu:session:v1';
/** A4 portrait at 96 dpi, as print emulation lays the programme out. */
const A4_PORTRAIT = { width: 794, height: 1123 };
const CODE = /^[a-hjkmnp-z2-9]{3}-[a-hjkmnp-z2-9]{3}$/;
const BUILDER = '#/instructor/session';
const PRESENT = '#/instructor/session/present';
const PROGRAM = '#/instructor/session/program';

async function openBuilder(open) {
  const page = await open(BUILDER);
  await page.getByTestId('session-item').first().waitFor();
  return page;
}

const times = (page) => page.getByTestId('item-time').allTextContents();

async function stored(page) {
  const raw = await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY);
  return raw === null ? null : JSON.parse(raw);
}

async function expectNoAxeViolations(page, where) {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `axe on ${where}:\n${describeViolations(violations)}`);
}

/** Present mode hides the site header, so it is opened without waiting for the navigation. */
async function openPresent(context, target, clockAt) {
  const page = await context.newPage();
  if (clockAt) await page.clock.install({ time: new Date(clockAt) });
  await page.goto(env.url(target, PRESENT));
  await page.getByTestId('session-present').waitFor();
  return page;
}

for (const target of TARGETS) {
  describe(`session mode over ${target}`, () => {
    test('the builder starts with the 2019 day; a changed length shifts later times, autosaves and survives reload', () =>
      env.run(target, async ({ open }) => {
        const page = await openBuilder(open);
        const seeded = await times(page);
        assert.equal(seeded.length, 14);
        assert.deepEqual(seeded.slice(0, 4), ['10:00〜10:10', '10:10〜10:40', '10:40〜11:00', '11:00〜11:50']);
        assert.equal(seeded.at(-2), '15:40〜17:00', '演習 is 80 minutes');
        assert.equal(seeded.at(-1), '17:00〜17:15');
        assert.match(await page.getByTestId('session-span').textContent(), /^10:00〜17:15（7時間15分・14項目）$/);
        const code = await page.getByTestId('session-code').inputValue();
        assert.match(code, CODE);
        assert.match(await page.getByTestId('item-materials').first().textContent(), /講義「「にも包括」の理念と構成要素/);

        await page.getByTestId('item-minutes').nth(1).fill('45');
        await eventually(async () => {
          const shifted = await times(page);
          assert.deepEqual(shifted.slice(0, 3), ['10:00〜10:10', '10:10〜10:55', '10:55〜11:15']);
          assert.equal(shifted.at(-1), '17:15〜17:30');
        });
        await page.getByTestId('item-minutes').nth(2).fill('0');
        assert.match(await page.locator('#' + (await page.getByTestId('item-minutes').nth(2).getAttribute('aria-describedby'))).textContent(), /1〜480の数を入力してください/);
        assert.equal((await times(page))[2], '10:55〜11:15', 'an impossible length changes nothing');
        await page.getByTestId('item-title').first().fill('開会の挨拶');
        await eventually(async () => {
          const saved = await stored(page);
          assert.equal(saved.programme.items[1].minutes, 45);
          assert.equal(saved.programme.items[0].title, '開会の挨拶');
          assert.equal(saved.programme.code, code);
        });
        await assertNoHorizontalOverflow(page, PHONE.width, 'builder on a phone');

        await reload(page);
        await page.getByTestId('session-item').first().waitFor();
        assert.equal((await times(page))[1], '10:10〜10:55');
        assert.equal(await page.getByTestId('item-title').first().inputValue(), '開会の挨拶');
        assert.equal(await page.getByTestId('session-code').inputValue(), code, 'the code stays');
        await expectNoAxeViolations(page, `builder (${target})`);
      }));

    test('items move, duplicate, go and come back; materials are chosen from our lessons and cases', () =>
      env.run(target, async ({ open }) => {
        const page = await openBuilder(open);
        const titles = () => page.getByTestId('item-title').evaluateAll((inputs) => inputs.map((i) => i.value));
        await page.getByTestId('item-down').first().click();
        assert.deepEqual((await titles()).slice(0, 2), ['講義1 精神科医療の現状', '挨拶']);
        assert.deepEqual((await times(page)).slice(0, 2), ['10:00〜10:30', '10:30〜10:40']);
        await page.getByTestId('item-up').nth(1).click();
        assert.deepEqual((await titles()).slice(0, 2), ['挨拶', '講義1 精神科医療の現状']);
        await page.getByTestId('item-duplicate').first().click();
        assert.deepEqual((await titles()).slice(0, 3), ['挨拶', '挨拶', '講義1 精神科医療の現状']);
        assert.equal((await times(page)).at(-1), '17:10〜17:25');
        await page.getByTestId('item-remove').first().click();
        assert.equal((await titles()).length, 14);
        await page.getByTestId('item-remove').first().click();
        assert.equal((await titles())[0], '講義1 精神科医療の現状');
        await page.getByTestId('item-undo').click();
        assert.equal((await titles())[0], '挨拶');
        await page.getByTestId('item-add').click();
        assert.equal((await times(page)).at(-1), '17:15〜17:45', 'a new item of 30 minutes at the end');

        const first = page.getByTestId('session-item').first();
        await first.getByTestId('item-pick').click();
        await first.locator('[data-testid=pick-case][data-id=a-shi-iko]').check();
        await first.getByTestId('pick-survey').check();
        const materials = await first.getByTestId('item-materials').textContent();
        assert.match(materials, /事例「A市「地域移行はじめました」」/);
        assert.match(materials, /アンケート「効果測定アンケート」/);
        await eventually(async () => {
          const item = (await stored(page)).programme.items[0];
          assert.deepEqual(item.cases, ['a-shi-iko']);
          assert.equal(item.survey, true);
        });
        await assertNoHorizontalOverflow(page, PHONE.width, 'builder with the material list open');
        await expectNoAxeViolations(page, `builder with the material list open (${target})`);
      }));

    test('a programme exported by one facilitator imports into a fresh browser; bad files are named with their reason', async () => {
      let exported;
      await env.run(target, { acceptDownloads: true }, async ({ open }) => {
        const page = await openBuilder(open);
        await page.getByTestId('session-place').fill('保健所 大会議室');
        await page.getByTestId('session-date').fill('2026-03-06');
        await page.getByTestId('item-minutes').nth(3).fill('55');
        await page.getByTestId('item-notes').nth(3).fill('市の担当者に10分の説明をお願い済み');
        exported = await captureDownload(page, () => page.getByTestId('session-export').click());
        assert.match(exported.name, /^nimo-session-[a-z2-9]{3}-[a-z2-9]{3}-2026-03-06\.json$/);
        const data = JSON.parse(exported.text);
        assert.equal(data.format, 'nimo-kenshu-session');
        assert.equal(data.schema_version, 1);
        assert.equal(data.programme.place, '保健所 大会議室');
        assert.equal(data.programme.items[3].minutes, 55);
        assert.match(await page.getByTestId('session-outcome').textContent(), /を保存しました/);
      });
      const data = JSON.parse(exported.text);

      await env.run(target, async ({ open }) => {
        const page = await openBuilder(open);
        const ownCode = await page.getByTestId('session-code').inputValue();
        assert.notEqual(ownCode, data.programme.code, 'a fresh browser makes its own code');
        await page.getByTestId('session-import').setInputFiles({ name: exported.name, mimeType: 'application/json', buffer: Buffer.from(exported.text) });
        await eventually(async () => assert.match(await page.getByTestId('session-outcome').textContent(), /を読み込みました/));
        assert.equal(await page.getByTestId('session-code').inputValue(), data.programme.code);
        assert.equal(await page.getByTestId('session-place').inputValue(), '保健所 大会議室');
        assert.equal(await page.getByTestId('session-date').inputValue(), '2026-03-06');
        assert.equal((await times(page))[3], '11:00〜11:55');
        assert.equal(await page.getByTestId('item-notes').nth(3).inputValue(), '市の担当者に10分の説明をお願い済み');
        await eventually(async () => assert.equal((await stored(page)).programme.code, data.programme.code));

        const bad = [
          ['survey.json', JSON.stringify({ format: 'nimo-kenshu-survey', schema_version: 1 }), /「survey\.json」を読み込めませんでした: アンケートの書き出しです/],
          ['worksheets.json', JSON.stringify({ format: 'nimo-kenshu-worksheets', schema_version: 1 }), /「worksheets\.json」を読み込めませんでした: ワークシートと事例の書き出しです。「ワークシートの集計」か「事例の集計」で読み込んでください/],
          ['newer.json', exported.text.replace('"schema_version": 1', '"schema_version": 2'), /「newer\.json」を読み込めませんでした: .*アプリを更新してください/],
          ['broken.json', exported.text.slice(0, 200), /「broken\.json」を読み込めませんでした: ファイルが途中で切れています/],
          ['notes.txt', 'メモ', /「notes\.txt」を読み込めませんでした: JSON ファイルではありません/],
          ['zero.json', exported.text.replace('"minutes": 55', '"minutes": 0'), /「zero\.json」を読み込めませんでした: 内容が正しくありません（4番目の項目の時間が 0分です/],
        ];
        for (const [name, text, reason] of bad) {
          await page.getByTestId('session-import').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
          await eventually(async () => assert.match(await page.getByTestId('session-outcome').textContent(), reason), { message: name });
        }
        assert.equal(await page.getByTestId('session-code').inputValue(), data.programme.code, 'a refused file changes nothing');

        const later = structuredClone(data);
        later.programme.items[1].lessons.push('from-a-later-version');
        await page.getByTestId('session-import').setInputFiles({ name: 'later.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(later)) });
        await page.getByTestId('session-warnings').waitFor();
        assert.match(await page.getByTestId('session-warnings').textContent(), /2番目の項目「講義1 精神科医療の現状」の講義「from-a-later-version」は、この版の教材にありません/);
        assert.match(await page.getByTestId('item-materials').nth(1).textContent(), /この版にない教材: from-a-later-version/);
        await expectNoAxeViolations(page, `builder after imports (${target})`);
        await page.getByTestId('session-undo-import').click();
        assert.equal((await times(page))[3], '11:00〜11:55', 'back to the programme before that import');

        await page.getByTestId('session-reset').click();
        await page.getByTestId('session-reset-confirm').click();
        assert.equal((await times(page))[3], '11:00〜11:50', 'the 2019 programme again');
        assert.equal(await page.getByTestId('session-code').inputValue(), data.programme.code, 'resetting keeps the code');
      });
    });

    test('a stored programme that cannot be read is kept aside and the facilitator is told', () =>
      env.run(target, async ({ context, open }) => {
        await context.addInitScript((key) => {
          if (location.protocol === 'about:' || window.name === 'seeded') return;
          window.name = 'seeded';
          localStorage.setItem(key, '{"format":"nimo-kenshu-session","schema_version":1,"programme":{"title":');
        }, SESSION_KEY);
        const page = await openBuilder(open);
        const notice = page.getByTestId('session-unreadable');
        await notice.waitFor();
        assert.match(await notice.textContent(), /理由: ファイルが途中で切れています/);
        const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('nimo-kenshu:session-set-aside:')).map((k) => localStorage.getItem(k)));
        assert.deepEqual(kept, ['{"format":"nimo-kenshu-session","schema_version":1,"programme":{"title":']);
        assert.equal((await stored(page)).format, 'nimo-kenshu-session', 'a readable programme is stored again');
        await expectNoAxeViolations(page, `builder with an unreadable programme (${target})`);
      }));

    test('present mode: a countdown that follows the clock, arrow keys move items, the prompts step one at a time', () =>
      env.run(target, { viewport: DESKTOP }, async ({ context }) => {
        const page = await openPresent(context, target, '2026-03-06T10:00:00+09:00');
        const code = (await stored(page)).programme.code;
        assert.match(code, CODE);
        assert.equal(await page.getByTestId('session-code-display').textContent(), code, 'the code trainees type');
        assert.equal(await page.getByTestId('session-current').textContent(), '挨拶');
        assert.match(await page.getByTestId('session-slot').textContent(), /^1 \/ 14　10:00〜10:10　挨拶$/);
        assert.match(await page.getByTestId('session-next-item').textContent(), /^次: 10:10〜10:40 講義1 精神科医療の現状$/);
        assert.equal(await page.getByTestId('timer-display').textContent(), '10:00');
        await page.getByTestId('timer-toggle').click();
        await page.clock.runFor(61_000);
        await eventually(async () => assert.equal(await page.getByTestId('timer-display').textContent(), '8:59'));
        await page.getByTestId('timer-toggle').click();
        await page.clock.runFor(120_000);
        assert.equal(await page.getByTestId('timer-display').textContent(), '8:59', 'paused');
        await page.getByTestId('timer-toggle').click();
        await page.clock.runFor(9 * 60_000);
        await eventually(async () => assert.equal(await page.getByTestId('timer-display').textContent(), '0:00'));
        await page.getByRole('alert').filter({ hasText: '時間です' }).waitFor();
        await page.getByTestId('timer-reset').click();
        assert.equal(await page.getByTestId('timer-display').textContent(), '10:00');

        await page.keyboard.press('ArrowRight');
        assert.equal(await page.getByTestId('session-current').textContent(), '講義1 精神科医療の現状');
        assert.equal(await page.getByTestId('timer-display').textContent(), '30:00', 'each item counts down its own length');
        await page.keyboard.press('ArrowLeft');
        assert.equal(await page.getByTestId('session-current').textContent(), '挨拶');
        for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
        assert.match(await page.getByTestId('session-current').textContent(), /^演習 /);
        assert.equal(await page.getByTestId('timer-display').textContent(), '80:00');
        assert.match(await page.getByTestId('present-prompt').textContent(), /^①「医療と保健・福祉の連携にあたり/);
        await page.getByTestId('present-next').click();
        assert.match(await page.getByTestId('present-prompt').textContent(), /^②「自分の所属・職種でできること/);
        await expectNoAxeViolations(page, `present mode with the group-work prompts (${target})`);

        await page.reload();
        await page.getByTestId('session-present').waitFor();
        assert.match(await page.getByTestId('session-current').textContent(), /^演習 /, 'the current item is remembered');
        await page.getByTestId('session-next').click();
        assert.equal(await page.getByTestId('session-current').textContent(), 'まとめ・アンケートへの記入・閉会');
        assert.equal(await page.getByTestId('session-next-item').textContent(), 'これが最後の項目です');
        assert.equal(await page.getByTestId('session-next').isDisabled(), true);
        await page.keyboard.press('ArrowRight');
        assert.equal(await page.getByTestId('session-current').textContent(), 'まとめ・アンケートへの記入・閉会');
      }));

    test('the code in present mode is what the survey stores when a trainee types it', () =>
      env.run(target, { viewport: DESKTOP }, async ({ context, open }) => {
        const present = await openPresent(context, target);
        const code = await present.getByTestId('session-code-display').textContent();
        const survey = await open('#/survey');
        // Typed on a Japanese keyboard: full-width letters and dash.
        const typed = [...code].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
        await survey.getByTestId('session-code').fill(typed);
        // The survey folds what was typed the way it will write it into the export.
        await eventually(async () => assert.equal(await survey.locator('.survey__code-note').textContent(), `研修コード: ${code}`));
      }));

    test('the printable programme has the table and the notes from the lessons, and no navigation on paper', () =>
      env.run(target, { viewport: A4_PORTRAIT }, async ({ open }) => {
        const builder = await openBuilder(open);
        await builder.getByTestId('item-notes').nth(1).fill('全国の数字は最新の統計に差し替える');
        await eventually(async () => assert.equal((await stored(builder)).programme.items[1].notes, '全国の数字は最新の統計に差し替える'));
        const page = await open(PROGRAM);
        await page.getByTestId('program-note').first().waitFor();
        assert.equal(await page.getByTestId('program-error').count(), 0);
        const rows = page.getByTestId('program-table').locator('tbody tr');
        assert.equal(await rows.count(), 14);
        assert.match(await rows.nth(0).textContent(), /^10:00〜10:10挨拶.*講義「「にも包括」の理念と構成要素/);
        assert.match(await rows.nth(12).textContent(), /ワークシート「グループワーク（演習）」/);
        assert.match(await rows.nth(13).textContent(), /アンケート「効果測定アンケート」/);
        assert.doesNotMatch(await rows.allTextContents().then((t) => t.join('')), /zentaizo-rinen/, 'titles, not ids');
        const notes = page.getByTestId('program-notes');
        assert.match(await notes.textContent(), /全国の数字は最新の統計に差し替える/);
        assert.match(await notes.textContent(), /学習目標/);
        assert.match(await notes.textContent(), /報告書が想定する「連携支援が必要な方」/, 'objectives of the lesson 講義1 uses');
        // The seeded day carries the facilitator's note on the 2019 training itself (content/model_2019.toml).
        assert.match(
          await notes.textContent(),
          /2019年モデル研修について（進行役のメモ）[^]*美作保健所[^]*43人[^]*研修目的[^]*教材[^]*出典: 『/,
        );
        assert.equal(await page.getByTestId('program-code').textContent(), (await stored(page)).programme.code);

        await page.emulateMedia({ media: 'print' });
        assert.equal(await page.locator('.site-header').isVisible(), false, 'no navigation on paper');
        assert.equal(await page.locator('.site-footer').isVisible(), false);
        assert.equal(await page.getByRole('button', { name: '印刷する（A4）' }).isVisible(), false);
        assert.equal(await page.getByTestId('program-table').isVisible(), true);
        assert.equal(await rows.nth(13).isVisible(), true);
        assert.equal(await page.getByTestId('program-note').first().isVisible(), true);
        await assertNoHorizontalOverflow(page, A4_PORTRAIT.width, 'the programme on A4');
        await page.emulateMedia({ media: 'screen' });
        await expectNoAxeViolations(page, `printable programme (${target})`);
      }));
  });
}
