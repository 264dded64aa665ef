// Chromium's fake camera for the hand-off tests and the bench: pictures of QR codes (screenshots of the
// trainee's code, or a code drawn here) turned into a looping .y4m video that Chromium plays as a webcam
// with `--use-file-for-fake-video-capture`. Not a test: node --test only runs *.test.mjs.

import assert from 'node:assert/strict';
import { open } from 'node:fs/promises';
import qrcode from 'qrcode-generator';

export const FRAME_WIDTH = 640;
export const FRAME_HEIGHT = 480;
/** Frames per second written into the header; Chromium plays the file at this rate and loops it. */
export const FPS = 10;

/** The flags that make Chromium's camera play `y4m` and accept every camera request without a prompt. */
export function fakeCameraArgs(y4m, { acceptPrompt = true } = {}) {
  return [
    ...(acceptPrompt ? ['--use-fake-ui-for-media-stream'] : []),
    '--use-fake-device-for-media-stream',
    ...(y4m ? [`--use-file-for-fake-video-capture=${y4m}`] : []),
  ];
}

/**
 * The trainee's codes, one PNG each, from the QR panel on `page` whose elements are named by `prefix`
 * (`survey-qr`, `sa-qr`, `worksheet-qr`): the cycling is paused, then every part is brought on screen
 * with the 「次」 button and photographed. Returns { parts, pngs }.
 */
export async function screenshotCodes(page, prefix) {
  const code = page.getByTestId(prefix);
  await code.waitFor();
  const parts = Number(await code.getAttribute('data-parts'));
  assert.ok(parts >= 1, `${prefix} has data-parts (got ${parts})`);
  const pause = page.getByTestId(`${prefix}-pause`);
  // The pause button toggles; it says whether it is pressed.
  if (parts > 1 && (await pause.getAttribute('aria-pressed')) !== 'true') await pause.click();
  const part = async () => Number(await code.getAttribute('data-part'));
  const pngs = [];
  for (let want = 1; want <= parts; want++) {
    for (let step = 0; ; step++) {
      while ((await part()) !== want) {
        assert.ok(step++ <= 2 * parts, `${prefix}: part ${want} of ${parts} never came on screen`);
        await page.getByTestId(`${prefix}-next`).click();
      }
      const png = await code.screenshot({ animations: 'disabled' });
      // Taken while the code on screen was still this part (the cycling is paused, but be sure).
      if ((await part()) === want) {
        pngs.push(png);
        break;
      }
    }
  }
  return { parts, pngs };
}

/** A QR code of some other app (a URL, by default), as a PNG drawn by qrcode-generator in `page`. */
export async function foreignCode(page, text = 'https://example.com/kenshu/other-app?id=1234') {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  // 8 px per module, 4 modules of quiet zone: the svg is the same kind of picture a screenshot gives.
  const svg = qr.createSvgTag({ cellSize: 8, margin: 32, scalable: false });
  await page.setContent(`<!doctype html><body style="margin:0;background:#fff">${svg}</body>`);
  return { text, png: await page.locator('svg').screenshot() };
}

/**
 * Each PNG drawn as the camera would see it: centred in a 640×480 frame on `background` (grey by
 * default), scaled to `codeWidth` pixels, as BT.601 luma. Runs in `page` (any page; its canvas does the
 * decoding and scaling). Returns one Buffer of 640×480 bytes per PNG.
 */
export async function lumaFrames(page, pngs, { codeWidth = 300, background = '#c8c8c8' } = {}) {
  const encoded = pngs.map((png) => png.toString('base64'));
  const frames = await page.evaluate(
    async ({ encoded, width, height, codeWidth, background }) => {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      const out = [];
      for (const b64 of encoded) {
        const image = new Image();
        image.src = `data:image/png;base64,${b64}`;
        await image.decode();
        ctx.fillStyle = background;
        ctx.fillRect(0, 0, width, height);
        const w = codeWidth;
        const h = Math.round((image.naturalHeight * codeWidth) / image.naturalWidth);
        ctx.imageSmoothingEnabled = true;
        ctx.imageSmoothingQuality = 'high';
        ctx.drawImage(image, Math.round((width - w) / 2), Math.round((height - h) / 2), w, h);
        const { data } = ctx.getImageData(0, 0, width, height);
        const luma = new Uint8Array(width * height);
        for (let i = 0, p = 0; i < luma.length; i++, p += 4) {
          luma[i] = Math.round(0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2]);
        }
        // Back to node as base64: a plain array of 300,000 numbers would be slow to serialise.
        let binary = '';
        for (let i = 0; i < luma.length; i += 0x8000) binary += String.fromCharCode(...luma.subarray(i, i + 0x8000));
        out.push(btoa(binary));
      }
      return out;
    },
    { encoded, width: FRAME_WIDTH, height: FRAME_HEIGHT, codeWidth, background },
  );
  return frames.map((b64) => Buffer.from(b64, 'base64'));
}

/** A frame with no code at all: what the camera sees between two trainees. */
export function blankFrame(level = 200) {
  return Buffer.alloc(FRAME_WIDTH * FRAME_HEIGHT, level);
}

/**
 * Writes `frames` (luma buffers) to `file` as a YUV4MPEG2 4:2:0 video, each held for `hold` frames
 * (0.1 s each), with neutral chroma. Chromium loops the file. Returns the video's length in seconds.
 */
export async function writeY4m(file, frames, { hold = 8 } = {}) {
  const chroma = Buffer.alloc((FRAME_WIDTH / 2) * (FRAME_HEIGHT / 2) * 2, 128);
  const marker = Buffer.from('FRAME\n');
  const handle = await open(file, 'w');
  try {
    await handle.write(`YUV4MPEG2 W${FRAME_WIDTH} H${FRAME_HEIGHT} F${FPS}:1 Ip A1:1 C420jpeg\n`);
    for (const luma of frames) {
      assert.equal(luma.length, FRAME_WIDTH * FRAME_HEIGHT);
      const one = Buffer.concat([marker, luma, chroma]);
      for (let i = 0; i < hold; i++) await handle.write(one);
    }
  } finally {
    await handle.close();
  }
  return (frames.length * hold) / FPS;
}
