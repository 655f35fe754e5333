// The "Generate" figures in a real browser: `lowpass` (adding noise is a low-pass filter) and
// `sampler` (a diffusion sampler with exact denoisers). Their numbers equal the CLI's for the same
// photograph, noise level, seed and settings (`tide denoise --psnr`, `tide sample --weights`),
// and they draw at a desktop, on a phone with touch and in presenter mode at a projector's size.
// Run by CTest (test "web.generate") with TIDE_SITE_DIR, TIDE_ARTIFACTS and TIDE_NATIVE set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer } from '../../scripts/serve.mjs';
import { launch } from './browser.mjs';
import { boxStd, decodePng } from './png.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const site = process.env.TIDE_SITE_DIR ?? resolve(here, '../../build/web');
const artifacts = process.env.TIDE_ARTIFACTS ?? resolve(here, '../../build/test-artifacts');
const tide = process.env.TIDE_NATIVE ?? resolve(here, '../../build/native/tide');
const images = resolve(here, '../../assets/images');
mkdirSync(artifacts, { recursive: true });

let server, base, browser;

before(async () => {
  ({ server, url: base } = await startServer(site));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

const SIZES = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844, hasTouch: true, isMobile: true, deviceScaleFactor: 2 },
  presenter: { width: 1280, height: 720 },
};

/** Opens a page at `hash` in a viewport of SIZES; fails on console errors. */
async function open(hash, size = 'desktop') {
  const context = await browser.newContext({ viewport: { width: SIZES[size].width, height: SIZES[size].height },
    ...SIZES[size] });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${base}explore.html${hash}`);
  await page.evaluate(() => window.spectralTide.ready);
  if (size === 'presenter') await page.evaluate(() => window.spectralTide.set({ presenter: true }));
  if (size === 'phone') await page.evaluate(() => window.spectralTide.set({ touch: true }));
  return { page, context, problems };
}

/** Waits until the figure has computed everything (settled() and the readout `key`, if given). */
async function settledState(page, key, timeoutMs = 240000) {
  await page.evaluate(() => window.spectralTide.settled());
  if (key) {
    await page.waitForFunction((k) => window.spectralTide.state()[k] !== undefined, key,
      { timeout: timeoutMs, polling: 250 });
  }
  return page.evaluate(() => window.spectralTide.state());
}

async function shoot(page, name) {
  // Two frames so the canvas shows the last change.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const png = await page.screenshot();
  writeFileSync(join(artifacts, name), png);
  const shot = decodePng(png);
  assert.ok(boxStd(shot, 0, 0, shot.width, shot.height) > 15, `${name} is blank`);
}

test('lowpass: the page\'s PSNRs are the CLI\'s (same photograph, sigma, seed, corpus power law)', async () => {
  const { page, context, problems } = await open('#fig=lowpass&image=kde_parrot&sigma=0.3&seed=4');
  const state = await settledState(page, 'psnr_wiener');
  const out = execFileSync(tide, ['denoise', join(images, 'kde_parrot.png'), '--sigma', '0.3', '--seed', '4',
    '--prior', images, '--psnr'], { encoding: 'utf8' });
  const cli = Object.fromEntries(out.trim().split('\n').slice(1).map((l) => l.split(',')).map(([k, v]) => [k, +v]));
  for (const [key, name] of [['psnr_noisy', 'noisy'], ['psnr_wiener', 'wiener'], ['psnr_cut', 'cut'],
    ['psnr_heat', 'heat']]) {
    assert.ok(Math.abs(state[key] - cli[name]) < 1e-6, `${key}: page ${state[key]}, CLI ${cli[name]}`);
  }
  assert.ok(state.psnr_wiener > state.psnr_cut, 'the Wiener estimate beats the hard cut');
  await shoot(page, 'lowpass-1440x900.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('sampler: the corpus model reaches the photograph the CLI reaches, at the same step', async () => {
  const { page, context, problems } = await open('#fig=sampler&model=corpus&steps=100&seed=3&step=100');
  const state = await settledState(page, 'sample_image');
  const cli = execFileSync(tide, ['sample', '--model', 'corpus', images, '--steps', '100', '--seed', '3',
    '--out', join(artifacts, 'sampler-cli-seed3.png'), '--weights'], { encoding: 'utf8', stdio: 'pipe' });
  const rows = cli.trim().split('\n').slice(1).map((l) => l.split(','));
  const first = rows.find((r) => +r[3] > 0.5);
  const cliImage = first[2].split('/').pop().replace(/\.png$/, '');
  assert.equal(state.committed_step, +first[0], 'the step at which a weight passed 0.5');
  assert.equal(state.committed_image, cliImage);
  assert.equal(state.sample_image, cliImage, 'the sample is the photograph that won');
  // Within 40 dB PSNR of the photograph: an RMS difference of at most 2 * 10^(-40/20) = 0.02.
  assert.ok(state.sample_rms <= 0.02, `RMS difference ${state.sample_rms}`);
  await shoot(page, 'sampler-corpus-1440x900.png');
  assert.deepEqual(problems, []);
  await context.close();
});

for (const size of Object.keys(SIZES)) {
  test(`the generate figures draw on a ${size} (${SIZES[size].width}x${SIZES[size].height})`, async () => {
    for (const hash of ['#fig=lowpass&sigma=1', '#fig=sampler&model=gaussian&steps=50&step=25',
      '#fig=sampler&model=corpus&steps=50&step=10']) {
      const { page, context, problems } = await open(hash, size);
      const state = await settledState(page, hash.includes('lowpass') ? 'psnr_wiener' : 'fmax');
      const numbers = Object.values(state).filter((v) => typeof v === 'number');
      assert.ok(numbers.every(Number.isFinite), JSON.stringify(state));
      const layout = await page.evaluate(() => window.spectralTide.layout());
      assert.ok(layout.some((it) => it.kind === 'plot'), `${hash}: a plot is drawn`);
      const name = `${hash.slice(5).replace(/[&=]/g, '-')}-${size}.png`;
      await shoot(page, name);
      assert.deepEqual(problems, []);
      await context.close();
    }
  });
}
