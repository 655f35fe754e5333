// The follow-ups' figures in a real browser: `snr-map`, `effort`, `equal-snr`, `phase` and
// `cepstral-tide`. Their numbers equal the CLI's where the CLI computes the same thing
// (`tide fmax` for the SNR map's contour, `tide effort` for the shares), and each draws at a
// desktop, on a phone with touch, in presenter mode at a projector's size and in the dark theme.
// Run by CTest (test "web.followups") with TIDE_SITE_DIR, TIDE_ARTIFACTS and TIDE_NATIVE set.
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
  desktop: { viewport: { width: 1440, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 },
  presenter: { viewport: { width: 1280, height: 720 } },
  dark: { viewport: { width: 1280, height: 720 }, colorScheme: 'dark' },
};

/** Opens a page at `hash` in one of SIZES; collects console errors. */
async function open(hash, size = 'desktop') {
  const context = await browser.newContext(SIZES[size]);
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

/** Waits until the figure has computed (settled() and the readout `key`). */
async function settledState(page, key) {
  await page.evaluate(() => window.spectralTide.settled());
  await page.waitForFunction((k) => window.spectralTide.state()[k] !== undefined, key,
    { timeout: 120000, polling: 250 });
  return page.evaluate(() => window.spectralTide.state());
}

async function shoot(page, name) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const png = await page.screenshot();
  writeFileSync(join(artifacts, name), png);
  const shot = decodePng(png);
  assert.ok(boxStd(shot, 0, 0, shot.width, shot.height) > 15, `${name} is blank`);
}

/** CSV text to rows of numbers (header dropped). */
const csvRows = (text) => text.trim().split('\n').slice(1).map((line) => line.split(',').map(Number));

test('snr-map: f_max at t is tide fmax\'s for the same schedule and corpus', async () => {
  for (const [schedule, extra, args] of [['sd3', '&shift=2', ['--shift', '2']], ['edm', '', []],
    ['cosine', '', []]]) {
    const { page, context, problems } = await open(`#fig=snr-map&schedule=${schedule}${extra}&t=0.5&tau=1`);
    const state = await settledState(page, 'fmax');
    // --steps 1 asks for t = 1/2 alone.
    const rows = csvRows(execFileSync(tide, ['fmax', images, '--steps', '1', '--schedule', schedule, ...args],
      { encoding: 'utf8' }));
    assert.equal(rows.length, 1);
    assert.equal(rows[0][0], 0.5);
    assert.ok(Math.abs(state.fmax - rows[0][1]) < 1e-12, `${schedule}: page ${state.fmax}, CLI ${rows[0][1]}`);
    assert.ok(Math.abs(state.fmax_cycles - 320 * state.fmax) < 1e-9);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('effort: the shares below and above the split are tide effort\'s', async () => {
  for (const [schedule, split] of [['rf', 0.05], ['edm', 0.02], ['sd3', 0.1]]) {
    const { page, context, problems } = await open(`#fig=effort&schedule=${schedule}&split=${split}`);
    const state = await settledState(page, 'below');
    const rows = csvRows(execFileSync(tide, ['effort', images, '--schedule', schedule], { encoding: 'utf8' }));
    const width = rows[1][0] - rows[0][0];
    const below = rows.filter(([f]) => f < split).reduce((sum, [, d]) => sum + d * width, 0);
    const total = rows.reduce((sum, [, d]) => sum + d * width, 0);
    assert.ok(Math.abs(total - 1) < 1e-6, `densities integrate to ${total}`);
    assert.ok(Math.abs(state.below - below) < 1e-9, `${schedule}: page ${state.below}, CLI ${below}`);
    assert.ok(Math.abs(state.below + state.above - 1) < 1e-12);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('phase and equal-snr: what each figure claims holds on the page', async () => {
  let { page, context, problems } = await open('#fig=phase&images=kde_parrot,kde_owl');
  const phase = await settledState(page, 'ab_with_b');
  assert.ok(phase.ab_with_b > phase.ab_with_a + 0.2, JSON.stringify(phase));
  assert.ok(phase.ba_with_a > phase.ba_with_b + 0.2, JSON.stringify(phase));
  assert.deepEqual(problems, []);
  await context.close();

  ({ page, context, problems } = await open('#fig=equal-snr&image=kde_parrot&sigma=0.02'));
  for (const sigma of [0.02, 0.1, 1, 10, 50]) {
    await page.evaluate((s) => window.spectralTide.set({ sigma: s }), sigma);
    const s = await settledState(page, 'alpha_equal');
    assert.equal(s.sigma, sigma);
    // Coloured noise keeps the slope (the corpus's, where it dominates: within 0.3 of the
    // photograph's own); white noise flattens it from sigma 0.1 on.
    assert.ok(Math.abs(s.alpha_equal - s.alpha_clean) < 0.3, `sigma ${sigma}: ${JSON.stringify(s)}`);
    if (sigma >= 0.1) assert.ok(s.alpha_clean - s.alpha_white > 0.2, `sigma ${sigma}: ${JSON.stringify(s)}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

const SHOTS = [
  ['snr-map', '&schedule=edm&t=0.3', 'fmax'],
  ['effort', '&schedule=sd3', 'below'],
  ['equal-snr', '&image=kde_parrot&sigma=1', 'alpha_equal'],
  ['phase', '&images=kde_parrot,kde_owl', 'ab_with_b'],
  ['cepstral-tide', '&sigma=10', 'above'],
];

for (const size of Object.keys(SIZES)) {
  test(`the five figures draw at ${size}`, async () => {
    for (const [id, extra, key] of SHOTS) {
      const { page, context, problems } = await open(`#fig=${id}${extra}`, size);
      await settledState(page, key);
      await page.waitForTimeout(200);
      await shoot(page, `followups-${id}-${size}.png`);
      // The corpus count, while it shows, covers none of the toolbar's buttons, and on a phone
      // (where it lies over the figure) only a thin strip of it.
      const { overlaps, height } = await page.evaluate(() => {
        const box = document.getElementById('corpus-progress');
        if (box.hidden) return { overlaps: [], height: 0 };
        const a = box.getBoundingClientRect();
        return { height: a.height, overlaps: [...document.querySelectorAll('#toolbar button')].filter((b) => {
          const r = b.getBoundingClientRect();
          return r.left < a.right && a.left < r.right && r.top < a.bottom && a.top < r.bottom;
        }).map((b) => b.id) };
      });
      assert.deepEqual(overlaps, [], `${id} at ${size}: the loading count covers ${overlaps.join(', ')}`);
      if (size === 'phone') assert.ok(height <= 6, `${id} on a phone: the loading count is ${height} px tall`);
      const layout = await page.evaluate(() => window.spectralTide.layout());
      const plots = layout.filter((it) => it.kind === 'plot');
      assert.ok(plots.length >= 1, `${id} at ${size} draws a plot`);
      const width = SIZES[size].viewport.width;
      for (const p of plots) assert.ok(p.x >= -1 && p.x + p.w <= width + 1, `${id} at ${size}: plot within the width`);
      assert.deepEqual(problems, [], `${id} at ${size}`);
      await context.close();
    }
  });
}
