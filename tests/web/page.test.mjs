// The page in a real browser: Debian's headless Chromium loads build/web from a local
// server, waits for spectralTide.ready, and checks what a person would see.
// Run by CTest (test "web") with TIDE_SITE_DIR and TIDE_ARTIFACTS set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import { startServer } from '../../scripts/serve.mjs';
import { launch } from './browser.mjs';
import { boxMean, boxStd, correlation, decodePng } from './png.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const site = process.env.TIDE_SITE_DIR ?? resolve(here, '../../build/web');
const artifacts = process.env.TIDE_ARTIFACTS ?? resolve(here, '../../build/test-artifacts');
const assets = resolve(here, '../../assets/images');
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

/** Opens a page, recording console errors and failed requests; returns {page, problems}. */
async function open(path, { width = 1280, height = 720, deviceScaleFactor = 1, ...contextOptions } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor, ...contextOptions });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  const t0 = Date.now();
  await page.goto(base + path);
  return { page, problems, context, t0 };
}

/** Waits for `ready`, then for two more animation frames so the canvas shows the last change. */
async function settle(page) {
  await page.evaluate(() => window.spectralTide.ready);
  // The loading overlay fades out; screenshots wait until it is gone.
  await page.waitForFunction(() => getComputedStyle(document.getElementById('overlay')).opacity === '0');
  await page.evaluate(() => window.spectralTide.settled());
}

async function screenshot(page, name) {
  const png = await page.screenshot();
  writeFileSync(join(artifacts, name), png);
  return decodePng(png);
}

test('the spectra figure shows four real photographs, their spectra and the RAPSD plot', async () => {
  const { page, problems, context, t0 } = await open('explore.html#fig=spectra');
  await settle(page);
  console.log(`# time to spectralTide.ready: ${Date.now() - t0} ms`);

  const figures = await page.evaluate(() => window.spectralTide.figures());
  assert.ok(figures.some((f) => f.id === 'spectra' && f.title), JSON.stringify(figures));
  const state = await page.evaluate(() => window.spectralTide.state());
  assert.equal(state.fig, 'spectra');
  assert.equal(state.images.length, 4);

  const shot = await screenshot(page, 'spectra-1280x720.png');
  assert.ok(boxStd(shot, 0, 0, shot.width, shot.height) > 20, 'the page is blank');

  const layout = await page.evaluate(() => window.spectralTide.layout());
  const photos = layout.filter((it) => it.kind === 'image');
  assert.deepEqual(photos.map((p) => p.id), state.images, 'each chosen photo is drawn');
  for (const p of photos) {
    // The drawn photo must look like the asset: correlate 16 x 16 block means of the green
    // channel of the screenshot region with the same blocks of the PNG file.
    const asset = decodePng(readFileSync(join(assets, `${p.id}.png`)));
    const shotBlocks = [], assetBlocks = [];
    const n = 16;
    for (let by = 0; by < n; by++) {
      for (let bx = 0; bx < n; bx++) {
        shotBlocks.push(boxMean(shot, 1, p.x + (bx * p.w) / n, p.y + (by * p.h) / n,
          p.x + ((bx + 1) * p.w) / n, p.y + ((by + 1) * p.h) / n));
        assetBlocks.push(boxMean(asset, 1, (bx * asset.width) / n, (by * asset.height) / n,
          ((bx + 1) * asset.width) / n, ((by + 1) * asset.height) / n));
      }
    }
    const r = correlation(shotBlocks, assetBlocks);
    assert.ok(r > 0.95, `photo ${p.id} is not visible as itself (correlation ${r.toFixed(3)})`);
  }
  for (const kind of ['spectrum', 'phase']) {
    const items = layout.filter((it) => it.kind === kind);
    assert.equal(items.length, 4, `four ${kind} images`);
    for (const it of items) {
      assert.ok(boxStd(shot, it.x, it.y, it.x + it.w, it.y + it.h) > 10, `${kind} of ${it.id} is blank`);
    }
  }
  const plot = layout.find((it) => it.kind === 'plot');
  assert.ok(plot && plot.w > 200 && plot.h > 150, 'the RAPSD plot is drawn');
  // The plot holds coloured series lines, not just axes: count saturated pixels in it.
  let coloured = 0;
  for (let y = Math.floor(plot.y); y < plot.y + plot.h; y++) {
    for (let x = Math.floor(plot.x); x < plot.x + plot.w; x++) {
      const i = (y * shot.width + x) * shot.channels;
      const [r, g, b] = [shot.data[i], shot.data[i + 1], shot.data[i + 2]];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured++;
    }
  }
  assert.ok(coloured > 500, `the RAPSD plot shows no coloured lines (${coloured} pixels)`);

  assert.deepEqual(problems, []);
  await context.close();
});

// #7's budget: the first figure needs the program, its fonts and the four photographs it
// shows, under 3 MB; everything else streams in afterwards with a count in the corner.
test('the first figure arrives in under 3 MB; the corpus follows in the background', async () => {
  const { page, problems, context } = await open('explore.html');
  await settle(page);
  const loads = await page.evaluate(() => {
    const ready = performance.getEntriesByName('tide-ready')[0].startTime;
    const firstFrame = performance.getEntriesByName('tide-first-frame')[0].startTime;
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const early = resources.filter((r) => r.responseEnd <= ready);
    return {
      ready, firstFrame,
      bytes: nav.encodedBodySize + early.reduce((sum, r) => sum + r.encodedBodySize, 0),
      files: early.map((r) => [new URL(r.name).pathname.split('/').pop(), r.encodedBodySize]),
    };
  });
  const wasm = loads.files.find(([name]) => name === 'tide.wasm');
  console.log(`# first figure: ${(loads.bytes / 1e6).toFixed(2)} MB in ${loads.files.length + 1} files; `
    + `first frame ${loads.firstFrame.toFixed(0)} ms, ready ${loads.ready.toFixed(0)} ms after navigation; `
    + `tide.wasm ${(wasm[1] / 1e6).toFixed(2)} MB`);
  assert.ok(loads.bytes < 3e6, `the first figure needs ${loads.bytes} bytes: ${JSON.stringify(loads.files)}`);
  const photos = loads.files.filter(([name]) => name.endsWith('.png')).map(([name]) => name).sort();
  const shown = (await page.evaluate(() => window.spectralTide.state())).images.map((id) => `${id}.png`).sort();
  assert.deepEqual(photos, shown, 'only the photographs the figure shows come first');

  // The rest streams in: the two corpus summaries, 63 photographs and 20 clips in all, with a
  // count in the corner.
  await page.waitForFunction(() => window.spectralTide.corpusLoading().total > 0);
  const total = (await page.evaluate(() => window.spectralTide.corpusLoading())).total;
  assert.equal(total, 2 + 63 + 20);
  await page.waitForFunction(() => {
    const c = window.spectralTide.corpusLoading();
    return c.settled === c.total;
  }, null, { timeout: 60000 });
  assert.equal(await page.isHidden('#corpus-progress'), true, 'the count goes away when done');
  // The corpus-wide figure now has every photograph.
  await page.evaluate(() => window.spectralTide.set({ fig: 'mean-fit' }));
  await page.waitForFunction(() => window.spectralTide.state().analysed === 63, null, { timeout: 30000 });
  assert.deepEqual(problems, []);
  await context.close();
});

// The server caches and compresses as a host should: validators with every file, 304 without
// a body when nothing changed (a reload, a second embed), gzip where the client accepts it.
test('the server answers 304 to a reload and sends gzip to clients that accept it', async () => {
  const first = await fetch(`${base}tide.wasm`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(first.status, 200);
  const etag = first.headers.get('etag');
  assert.ok(etag && first.headers.get('last-modified'), 'validators');
  assert.equal(first.headers.get('content-encoding'), 'gzip');
  const body = Buffer.from(await first.arrayBuffer());
  // fetch() decompresses: the body is the file itself.
  assert.equal(body.length, statSync(join(site, 'tide.wasm')).size);
  const raw = await new Promise((resolveRaw, reject) => {
    import('node:http').then(({ get }) => get(`${base}tide.wasm`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolveRaw(Buffer.concat(chunks)));
    }).on('error', reject));
  });
  assert.ok(raw.length < 0.6 * body.length, `gzip sends ${raw.length} of ${body.length} bytes`);
  assert.deepEqual(gunzipSync(raw), body);
  const again = await fetch(`${base}tide.wasm`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal((await again.arrayBuffer()).byteLength, 0);
  const png = await fetch(`${base}assets/images/kde_owl.png`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(png.headers.get('content-encoding'), null, 'PNG files go as they are');

  // In the browser: a reload downloads nothing the server has not changed.
  const { page, problems, context } = await open('explore.html#fig=hinge');
  const seen = new Set();
  page.on('response', (r) => seen.add(r.url()));
  await settle(page);
  const firstLoad = new Set(seen);
  const responses = [];
  page.on('response', (r) => responses.push(r));
  await page.reload();
  await settle(page);
  // Bytes on the wire for the files the first load had (a revalidated file is a 304 with no
  // body, whatever status the page sees); the corpus goes on downloading what it had not yet.
  const sizes = await Promise.all(responses.filter((r) => firstLoad.has(r.url())).map(async (r) => [
    r.url().replace(base, ''), (await r.request().sizes()).responseBodySize]));
  const bytes = sizes.reduce((sum, [, n]) => sum + n, 0);
  console.log(`# reload: ${sizes.length} files of the first load, ${bytes} body bytes on the wire`);
  assert.ok(bytes < 20000, `a reload downloads ${bytes} bytes: ${JSON.stringify(sizes.filter(([, n]) => n > 0))}`);
  // The reload cancels the corpus downloads still under way: those are not errors.
  assert.deepEqual(problems.filter((p) => !p.endsWith('net::ERR_ABORTED')), []);
  await context.close();
});

// A photograph that cannot be fetched is named with the reason; the others are shown.
test('a corpus file that fails to download is reported in its place', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/assets/images/kde_owl.png', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(`${base}explore.html#fig=spectra&images=kde_owl,scratch_forest,scratch_city_water,skimage_astronaut`);
  await settle(page);
  const drawn = (await page.evaluate(() => window.spectralTide.layout())).filter((it) => it.kind === 'image')
    .map((it) => it.id);
  assert.deepEqual(drawn, ['scratch_forest', 'scratch_city_water', 'skimage_astronaut']);
  await screenshot(page, 'spectra-missing-photo.png');
  assert.deepEqual(errors, []);
  await context.close();
});

// Every figure: opens from the URL, draws without errors, and a change
// through set() changes the picture. The hash stops animations so screenshots are comparable.
const FIGURES = [
  ['spectra', '', { images: 'kde_cat,scratch_wave,skimage_rocket,gnome_tree' }],
  ['slices', '&playing=false&angle=0', { angle: 90 }],
  ['rapsd', '', { images: 'kde_fish,scratch_canyon,kde_bulb,gnome_plane' }],
  ['mean-fit', '', { resample: false }],
  ['noise', '', { seed: 7 }],
  ['hinge', '&sigma=0.05', { sigma: 5 }],
  ['rising-tide', '&playing=false&sigma=0.02', { sigma: 20 }],
  ['ideal', '', { sigma: 10 }],
  ['diffusion', '&playing=false&t=0.1', { t: 0.9 }],
  ['fmax', '&t=0.2', { tau: 10 }],
  ['lowpass', '&sigma=0.05', { sigma: 5 }],
  ['sampler', '&steps=20&step=20', { seed: 9 }],
  ['snr-map', '&t=0.3', { schedule: 'edm' }],
  ['effort', '&schedule=rf', { schedule: 'edm' }],
  ['equal-snr', '&image=kde_parrot&sigma=0.05', { sigma: 10 }],
  ['phase', '&images=kde_parrot,kde_owl', { images: 'scratch_canyon,gnome_tree' }],
  ['audio-clips', '&clip=CLIP0', { clip: 'CLIP1' }],
  ['audio-spectra', '&group=all', { group: 'speech' }],
  ['audio-mean', '&group=speech', { group: 'music' }],
  ['audio-tide', '&playing=false&sigma=0.0001', { sigma: 0.3 }],
  ['mel', '&clip=CLIP0', { clip: 'CLIP1' }],
  ['mel-rapsd', '&group=speech', { group: 'music' }],
  ['cepstrum', '&clip=CLIP0', { clip: 'CLIP1' }],
  ['cepstral-tide', '&clip=CLIP0&sigma=1', { sigma: 30 }],
  ['microphone', '', { frozen: true }],
].map(([id, extra, change]) => {
  // CLIP0 / CLIP1 stand for the first speech and the first music clip of the corpus.
  const index = readFileSync(resolve(here, '../../assets/audio/index.tsv'), 'utf8').trim().split('\n').slice(1)
    .map((line) => line.split('\t'));
  const clip0 = index.find((c) => c[1] === 'speech')[0];
  const clip1 = index.find((c) => c[1] === 'music')[0];
  const sub = (v) => (typeof v === 'string' ? v.replace('CLIP0', clip0).replace('CLIP1', clip1) : v);
  return [id, sub(extra), Object.fromEntries(Object.entries(change).map(([k, v]) => [k, sub(v)]))];
});

function meanAbsDiff(a, b) {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / a.data.length;
}

// The follow-ups' figures: the readout that says the figure has computed, and what the change
// above must do to the numbers (state as opened, state after the change).
const FOLLOWUP_READY = {
  'snr-map': 'fmax', effort: 'below', 'equal-snr': 'alpha_equal', phase: 'ab_with_b', 'cepstral-tide': 'above',
};
// What a screen reader hears for that readout (the figure's table in the app).
const FOLLOWUP_SPOKEN = {
  'snr-map': 'f max at t, in cycles per pixel',
  effort: 'share of training samples deciding frequencies below the split',
  'equal-snr': 'alpha of the photograph plus noise with the corpus spectrum',
  phase: 'edge correlation of the magnitude of A with the phase of B with photograph B',
  'cepstral-tide': 'cepstral coefficients above the noise',
};
const FOLLOWUP_CHECKS = {
  // EDM's sigma at t = 0.3 (about 0.3) is far below rectified flow's t/(1-t) = 0.43: more survives.
  'snr-map': (a, b) => assert.ok(b.fmax > a.fmax && a.fmax > 0, `f_max ${a.fmax} -> ${b.fmax}`),
  // Shares add up to 1; EDM's log-normal sigma centres on lower noise than uniform t: more effort
  // goes to the fine detail above the split.
  effort: (a, b) => {
    for (const s of [a, b]) assert.ok(Math.abs(s.below + s.above - 1) < 1e-9, JSON.stringify(s));
    assert.ok(b.above > a.above, `above ${a.above} -> ${b.above}`);
  },
  // At sigma 10, white noise flattens the spectrum; coloured noise keeps the slope near the clean one.
  'equal-snr': (a, b) => {
    assert.ok(Math.abs(b.alpha_equal - b.alpha_clean) < 0.3, JSON.stringify(b));
    assert.ok(b.alpha_white < 0.5 * b.alpha_clean, JSON.stringify(b));
  },
  // Each swap looks like the photograph whose phase it kept.
  phase: (a, b) => {
    for (const s of [a, b]) {
      assert.ok(s.ab_with_b > s.ab_with_a && s.ba_with_a > s.ba_with_b, JSON.stringify(s));
    }
  },
  // More noise drowns more cepstral coefficients, and f_max falls.
  'cepstral-tide': (a, b) => {
    assert.ok(b.above < a.above && b.fmax < a.fmax, `${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
  },
};

test('every figure opens from the URL, draws, and responds to set()', async () => {
  const { page, problems, context } = await open('explore.html');
  await settle(page);
  const ids = (await page.evaluate(() => window.spectralTide.figures())).map((f) => f.id);
  assert.deepEqual(ids, FIGURES.map(([id]) => id), 'figures in the essay\'s order');
  await context.close();

  for (const [id, extra, change] of FIGURES) {
    const { page: p, problems: pr, context: ctx } = await open(`explore.html#fig=${id}${extra}`);
    await settle(p);
    assert.equal((await p.evaluate(() => window.spectralTide.state())).fig, id);
    if (id === 'mean-fit' || id === 'fmax') {
      // The corpus statistics are built a few images per frame.
      const total = readFileSync(join(assets, 'index.tsv'), 'utf8').trim().split('\n').length - 1;
      await p.waitForFunction((n) => window.spectralTide.state().analysed === n, total, { timeout: 30000 });
      await p.waitForTimeout(300);
    }
    if (FOLLOWUP_READY[id]) {
      // The follow-ups' figures report their numbers once the corpus (or the clip) is analysed.
      await p.waitForFunction((key) => window.spectralTide.state()[key] !== undefined, FOLLOWUP_READY[id],
        { timeout: 60000 });
      await p.waitForTimeout(300);
    }
    if (id === 'lowpass' || id === 'sampler') {
      // Both fit the corpus power law first; the sampler then runs its 20 steps.
      await p.waitForFunction((fig) => (fig === 'lowpass' ? window.spectralTide.state().psnr_wiener !== undefined
        : window.spectralTide.state().steps_done === 20), id, { timeout: 120000 });
      await p.waitForTimeout(300);
    }
    const before = await screenshot(p, `fig-${id}.png`);
    assert.ok(boxStd(before, 0, 0, before.width, before.height) > 20, `${id} is blank`);
    const layout = await p.evaluate(() => window.spectralTide.layout());
    const plotted = ['plot', 'waveform', 'spectrogram', 'mel', 'mfcc'];
    assert.ok(layout.some((it) => plotted.includes(it.kind)), `${id} draws a plot`);
    const opened = await p.evaluate(() => window.spectralTide.state());
    const result = await p.evaluate((c) => window.spectralTide.set(c), change);
    assert.deepEqual(result.rejected, [], `${id}: ${JSON.stringify(result.rejected)}`);
    await p.evaluate(() => window.spectralTide.settled());
    await p.waitForTimeout(100);
    if (FOLLOWUP_CHECKS[id]) {
      await p.waitForFunction((key) => window.spectralTide.state()[key] !== undefined, FOLLOWUP_READY[id]);
      FOLLOWUP_CHECKS[id](opened, await p.evaluate(() => window.spectralTide.state()));
      // The accessible layer names the figure and speaks its numbers.
      const info = (await p.evaluate(() => window.spectralTide.figures())).find((f) => f.id === id);
      assert.equal((await p.textContent('#figure-title')).includes(info.title), true, `${id}: title`);
      await p.waitForFunction((words) => document.getElementById('figure-numbers').textContent.includes(words),
        FOLLOWUP_SPOKEN[id], { timeout: 10000 });
    }
    const after = await screenshot(p, `fig-${id}-changed.png`);
    const diff = meanAbsDiff(before, after);
    assert.ok(diff > 0.2, `${id}: set(${JSON.stringify(change)}) did not change the picture (${diff.toFixed(3)})`);
    assert.deepEqual(pr, [], id);
    await ctx.close();
  }
  assert.deepEqual(problems, []);
});

test('a clip plays when its play button is clicked, without errors', async () => {
  const sound = await launch(['--autoplay-policy=no-user-gesture-required']);
  try {
    const context = await sound.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(base + 'explore.html#fig=audio-clips');
    await settle(page);
    const buttons = (await page.evaluate(() => window.spectralTide.layout())).filter((it) => it.kind === 'play');
    assert.ok(buttons.length >= 16, `a play button per clip (${buttons.length})`);
    const b = buttons[2];
    await page.mouse.click(b.x + b.w / 2, b.y + b.h / 2);
    await page.waitForFunction(() => window.spectralTide.audioPlaying(), null, { timeout: 5000 });
    assert.equal((await page.evaluate(() => window.spectralTide.state())).clip, b.id, 'the clicked clip is selected');
    // A playhead moves over the waveform and the spectrogram while it plays; the clip's button
    // stops it.
    const playheads = async () => (await page.evaluate(() => window.spectralTide.layout()))
      .filter((it) => it.kind === 'playhead').map((it) => it.id);
    await page.waitForFunction(() => window.spectralTide.layout().some((it) => it.kind === 'playhead'));
    assert.deepEqual((await playheads()).sort(), ['spectrogram', 'waveform']);
    const first = await page.evaluate(() => window.spectralTide.dataCsv());
    await page.waitForTimeout(300);
    const later = await page.evaluate(() => window.spectralTide.dataCsv());
    assert.notEqual(first, later, 'the playhead moves (its marker row in the CSV changes)');
    await page.screenshot({ path: join(artifacts, 'audio-clips-playhead.png') });
    await page.mouse.click(b.x + b.w / 2, b.y + b.h / 2);
    await page.waitForFunction(() => !window.spectralTide.audioPlaying(), null, { timeout: 5000 });
    await page.waitForFunction(() => !window.spectralTide.layout().some((it) => it.kind === 'playhead'));
    assert.deepEqual(problems, []);
  } finally {
    await sound.close();
  }
});

/** A mono WAV file: format 1 (16-bit PCM) or 7 (8-bit G.711 mu-law). */
function wavBytes(samples, rate, format = 1) {
  const muLaw = (x) => {
    let v = Math.max(-32768, Math.min(32767, Math.round(x * 32767)));
    const sign = v < 0 ? 0x80 : 0;
    if (v < 0) v = -v;
    v = Math.min(v, 32635) + 0x84;
    let exponent = 7;
    for (let mask = 0x4000; (v & mask) === 0 && exponent > 0; exponent--, mask >>= 1);
    return ~(sign | (exponent << 4) | ((v >> (exponent + 3)) & 0x0f)) & 0xff;
  };
  const bytesPerSample = format === 1 ? 2 : 1;
  const data = Buffer.alloc(samples.length * bytesPerSample);
  samples.forEach((x, i) => {
    if (format === 1) data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, x)) * 32767), 2 * i);
    else data[i] = muLaw(x);
  });
  const fmt = Buffer.alloc(format === 1 ? 16 : 18);
  fmt.writeUInt16LE(format, 0);
  fmt.writeUInt16LE(1, 2);
  fmt.writeUInt32LE(rate, 4);
  fmt.writeUInt32LE(rate * bytesPerSample, 8);
  fmt.writeUInt16LE(bytesPerSample, 12);
  fmt.writeUInt16LE(8 * bytesPerSample, 14);
  const chunk = (id, body) => Buffer.concat([Buffer.from(id, 'latin1'), Buffer.from(Uint32Array.of(body.length).buffer), body]);
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), chunk('fmt ', fmt),
    ...(format === 1 ? [] : [chunk('fact', Buffer.from(Uint32Array.of(samples.length).buffer))]), chunk('data', data)]);
  return Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.from(Uint32Array.of(body.length).buffer), body]);
}

test('people add their own sound: WAV by the core, other formats by the browser, bad files with a message', async () => {
  const { page, problems, context } = await open('explore.html#fig=mel');
  await settle(page);
  const tone = Array.from({ length: 24000 }, (_, i) => 0.3 * Math.sin(2 * Math.PI * 440 * i / 16000)
    + 0.2 * Math.sin(2 * Math.PI * 1250 * i / 16000));
  // Through the page's file input, as a person picking a file would.
  await page.setInputFiles('#audio-file', { name: 'tone.wav', mimeType: 'audio/wav', buffer: wavBytes(tone, 16000) });
  await page.waitForFunction(() => window.spectralTide.state().clip === 'yours-1');
  assert.equal((await page.evaluate(() => window.spectralTide.state())).fig, 'mel', 'a single-clip figure stays');
  await page.evaluate(() => window.spectralTide.settled());
  const mel = (await page.evaluate(() => window.spectralTide.layout())).find((it) => it.kind === 'mel');
  assert.equal(mel?.id, 'yours-1', 'the log-mel of the new clip is drawn');

  const add = (name, bytes, type) => page.evaluate(([n, b, t]) => window.spectralTide.openAudio(
    new File([new Uint8Array(b)], n, { type: t })), [name, [...bytes], type]);
  const corrupt = Buffer.concat([wavBytes(tone, 16000).subarray(0, 12), Buffer.from('garbage, not a chunk')]);
  const bad = await add('broken.wav', corrupt, 'audio/wav');
  assert.equal(bad.ok, false);
  assert.match(bad.message, /broken\.wav: /);
  assert.equal((await page.evaluate(() => window.spectralTide.state())).clip, 'yours-1', 'the loaded clip stays');
  assert.ok(await page.isVisible('#notice'), 'the message is shown on the page');

  const text = await add('notes.txt', Buffer.from('just some text'), 'text/plain');
  assert.equal(text.ok, false);
  assert.match(text.message, /notes\.txt: neither Spectral Tide nor this browser can decode/);

  // G.711 mu-law: the core declines this WAV codec, the browser decodes it.
  const mulaw = await add('phone.wav', wavBytes(tone.slice(0, 8000), 8000, 7), 'audio/wav');
  assert.deepEqual(mulaw, { ok: true, message: '' });
  assert.equal((await page.evaluate(() => window.spectralTide.state())).clip, 'yours-2');

  // A WAV cut short (its header claims more): analysed as far as it goes, and the page says so.
  const whole = wavBytes(tone, 16000);
  const cut = await add('cut.wav', whole.subarray(0, Math.floor(whole.length * 0.6)), 'audio/wav');
  assert.deepEqual(cut, { ok: true, message: '' });
  assert.match(await page.textContent('#notice'), /cut\.wav: .*holds/);
  assert.deepEqual(problems, []);
  await context.close();
});

/** CRC-32 (PNG's) of bytes, for crafting PNG chunks. */
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** A PNG signature and IHDR claiming width x height (8-bit RGB), with a correct CRC, and no data. */
function pngHeader(width, height) {
  const ihdr = Buffer.alloc(17);
  ihdr.write('IHDR', 0, 'latin1');
  ihdr.writeUInt32BE(width, 4);
  ihdr.writeUInt32BE(height, 8);
  ihdr.set([8, 2, 0, 0, 0], 12);
  const chunk = Buffer.alloc(25);
  chunk.writeUInt32BE(13, 0);
  ihdr.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(ihdr), 21);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk]);
}

test('people add their own photographs: they join the figures and get their own alpha; bad files get a message', async () => {
  const { page, problems, context } = await open('explore.html#fig=spectra');
  await settle(page);
  const before = (await page.evaluate(() => window.spectralTide.state())).images;
  // A real photograph as a JPEG (made from a corpus PNG by Pillow), picked through the input.
  const jpeg = execFileSync('/usr/bin/python3', ['-c',
    'import io,sys; from PIL import Image; b=io.BytesIO(); '
    + 'Image.open(sys.argv[1]).convert("RGB").save(b, "JPEG", quality=92); sys.stdout.buffer.write(b.getvalue())',
    join(assets, 'kde_cat.png')]);
  await page.setInputFiles('#image-file', { name: 'my cat.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await page.waitForFunction(() => window.spectralTide.state().images[0] === 'yours-1');
  await page.evaluate(() => window.spectralTide.settled());
  const state = await page.evaluate(() => window.spectralTide.state());
  assert.deepEqual(state.images, ['yours-1', ...before.slice(0, 3)], 'the new photograph leads the four');
  const shot = await screenshot(page, 'spectra-own-photo.png');
  const drawn = (await page.evaluate(() => window.spectralTide.layout())).find((it) => it.kind === 'image');
  assert.equal(drawn.id, 'yours-1');
  const asset = decodePng(readFileSync(join(assets, 'kde_cat.png')));
  const a = [], b = [];
  for (let by = 0; by < 16; by++) {
    for (let bx = 0; bx < 16; bx++) {
      a.push(boxMean(shot, 1, drawn.x + (bx * drawn.w) / 16, drawn.y + (by * drawn.h) / 16,
        drawn.x + ((bx + 1) * drawn.w) / 16, drawn.y + ((by + 1) * drawn.h) / 16));
      b.push(boxMean(asset, 1, bx * 20, by * 20, (bx + 1) * 20, (by + 1) * 20));
    }
  }
  assert.ok(correlation(a, b) > 0.95, 'the photograph is shown as itself');

  // Its own alpha: the mean-fit figure on "your photographs" alone.
  await page.evaluate(() => window.spectralTide.set({ fig: 'mean-fit', photos: 'yours' }));
  await page.evaluate(() => window.spectralTide.settled());
  const fit = await page.evaluate(() => window.spectralTide.state());
  assert.equal(fit.photos, 'yours');
  assert.equal(fit.analysed, 1);
  assert.ok(fit.alpha > 1.5 && fit.alpha < 4, `alpha of the photograph: ${fit.alpha}`);
  await screenshot(page, 'mean-fit-own-photo.png');

  // Bad files: a message each, and what was loaded stays.
  const add = (name, bytes, type) => page.evaluate(([n, b, t]) => window.spectralTide.openImage(
    new File([new Uint8Array(b)], n, { type: t })), [name, [...bytes], type]);
  const png = readFileSync(join(assets, 'kde_owl.png'));
  const cases = [
    ['empty.png', Buffer.alloc(0), /empty\.png: the file is empty/],
    ['cut.png', png.subarray(0, Math.floor(png.length / 2)), /cut\.png: .*(corrupt|truncated)/],
    ['notes.png', Buffer.from('just some text, renamed'), /notes\.png: /],
    ['bomb.png', pngHeader(30000, 30000), /bomb\.png: .*30000x30000/],
    ['tiny.png', pngHeader(1, 1), /tiny\.png: .*1x1/],
  ];
  for (const [name, bytes, expected] of cases) {
    const r = await add(name, bytes, 'image/png');
    assert.equal(r.ok, false, name);
    assert.match(r.message, expected);
  }
  assert.ok(await page.isVisible('#notice'), 'the message is shown on the page');
  const after = await page.evaluate(() => window.spectralTide.state());
  assert.equal(after.fig, 'mean-fit');
  assert.equal(after.analysed, 1, 'the photograph added before is still there');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a figure saves as PNG at screen and twice the resolution, and its plotted data as CSV', async () => {
  const { page, problems, context } = await open('explore.html#fig=rapsd', { width: 1280, height: 720 });
  await settle(page);
  const saved = async (button) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
  };
  const one = await saved('#save-png');
  assert.equal(one.name, 'spectral-tide-rapsd.png');
  const png1 = decodePng(one.bytes);
  const canvasHeight = await page.evaluate(() => document.getElementById('canvas').clientHeight);
  assert.deepEqual([png1.width, png1.height], [1280, canvasHeight]);
  writeFileSync(join(artifacts, 'saved-rapsd.png'), one.bytes);
  const two = await saved('#save-png2');
  assert.equal(two.name, 'spectral-tide-rapsd@2x.png');
  const png2 = decodePng(two.bytes);
  assert.deepEqual([png2.width, png2.height], [2560, 2 * canvasHeight]);
  writeFileSync(join(artifacts, 'saved-rapsd@2x.png'), two.bytes);
  // The same picture, sharper: 32 x 18 block means of the two agree.
  const a = [], b = [];
  for (let by = 0; by < Math.floor(canvasHeight / 40); by++) {
    for (let bx = 0; bx < 32; bx++) {
      a.push(boxMean(png1, 1, bx * 40, by * 40, (bx + 1) * 40, (by + 1) * 40));
      b.push(boxMean(png2, 1, bx * 80, by * 80, (bx + 1) * 80, (by + 1) * 80));
    }
  }
  assert.ok(correlation(a, b) > 0.97, `the 2x picture shows the same (r = ${correlation(a, b).toFixed(3)})`);
  assert.deepEqual(await page.evaluate(() => [document.getElementById('canvas').width,
    document.getElementById('canvas').height]), [1280, canvasHeight], 'the canvas returns to screen resolution');

  const csv = await saved('#save-csv');
  assert.equal(csv.name, 'spectral-tide-rapsd.csv');
  const lines = csv.bytes.toString('utf8').trim().split('\n');
  assert.equal(lines[0], 'plot,series,x_name,y_name,x,y');
  const rows = lines.slice(1).map((l) => l.match(/("[^"]*"|[^,]*)/g).filter((_, i) => i % 2 === 0));
  const state = await page.evaluate(() => window.spectralTide.state());
  const titles = await page.evaluate(() => window.spectralTide.layout().filter((it) => it.kind === 'image').length);
  assert.equal(titles, 4);
  const series = new Set(rows.filter((r) => r[0] === 'rapsd').map((r) => r[1]));
  assert.ok(series.size >= 4, `four RAPSDs in the CSV: ${[...series]}`);
  for (const r of rows.filter((row) => row[0] === 'rapsd')) {
    const x = Number(r[4]), y = Number(r[5]);
    assert.ok(x > 0 && x <= 0.75 && y > 0, `a RAPSD point (${r})`);
  }
  // 159 non-DC bins per photograph at 320 x 320.
  const first = rows.filter((r) => r[0] === 'rapsd' && r[1] === [...series][0]);
  assert.ok(first.length >= 159, `points of ${[...series][0]}: ${first.length}`);
  assert.equal(state.fig, 'rapsd');
  assert.deepEqual(problems, []);
  await context.close();
});

// The classroom: presenter mode (larger type, thicker lines, full contrast), the reader's dark
// colours, a tablet with touch, reduced motion; screenshots of each to look at.
test('presenter mode, dark colours, a touch tablet and reduced motion', async () => {
  let { page, problems, context } = await open('explore.html#fig=rising-tide&playing=false&sigma=0.3');
  await settle(page);
  const titleHeight = async (p) => (await p.evaluate(() => window.spectralTide.layout()))
    .find((it) => it.kind === 'title').h;
  const normal = await titleHeight(page);
  await page.focus('#canvas');
  await page.keyboard.press('p');
  await page.evaluate(() => window.spectralTide.settled());
  assert.equal((await page.evaluate(() => window.spectralTide.look())).presenter, true);
  const large = await titleHeight(page);
  assert.ok(large > normal * 1.3, `presenter type is larger (${normal} -> ${large} px)`);
  assert.equal(await page.getAttribute('#present', 'aria-pressed'), 'true');
  await screenshot(page, 'presenter-1280x720.png');
  await page.click('#present');
  await page.evaluate(() => window.spectralTide.settled());
  assert.ok(Math.abs(await titleHeight(page) - normal) < 1, 'and back');
  assert.deepEqual(problems, []);
  await context.close();

  ({ page, problems, context } = await open('explore.html#fig=spectra', { colorScheme: 'dark' }));
  await settle(page);
  assert.equal((await page.evaluate(() => window.spectralTide.look())).theme, 'dark');
  const dark = await screenshot(page, 'spectra-dark-1280x720.png');
  assert.ok(boxMean(dark, 1, 0, 0, 240, 720) < 60, 'the sidebar is dark');
  assert.deepEqual(problems, []);
  await context.close();

  ({ page, problems, context } = await open('explore.html#fig=hinge', {
    width: 768, height: 1024, deviceScaleFactor: 2, hasTouch: true, isMobile: true }));
  await settle(page);
  assert.equal((await page.evaluate(() => window.spectralTide.look())).touch, true);
  const strip = (await page.evaluate(() => window.spectralTide.layout())).find((it) => it.kind === 'navigation');
  assert.ok(strip && strip.h >= 44, `controls a finger can hit (${JSON.stringify(strip)})`);
  // A tap on the plot shows its readout (nothing is hover-only).
  const plotItem = (await page.evaluate(() => window.spectralTide.layout())).find((it) => it.kind === 'plot');
  const quiet = await screenshot(page, 'hinge-tablet-768x1024.png');
  await page.touchscreen.tap(plotItem.x + plotItem.w * 0.5, plotItem.y + plotItem.h * 0.5);
  await page.evaluate(() => window.spectralTide.settled());
  const tapped = await screenshot(page, 'hinge-tablet-tapped.png');
  assert.ok(meanAbsDiff(quiet, tapped) > 0.01, 'the tap shows a readout');
  assert.deepEqual(problems, []);
  await context.close();

  ({ page, problems, context } = await open('explore.html#fig=rising-tide', { reducedMotion: 'reduce' }));
  await settle(page);
  assert.equal((await page.evaluate(() => window.spectralTide.state())).playing, false, 'nothing moves by itself');
  assert.deepEqual(problems, []);
  await context.close();

  ({ page, problems, context } = await open('explore.html#fig=diffusion&playing=false', { width: 1920, height: 1080 }));
  await settle(page);
  await screenshot(page, 'diffusion-1920x1080.png');
  assert.deepEqual(problems, []);
  await context.close();
});

// A teacher at a projector: in presenter mode at 1280x720 every figure fits the screen without
// scrolling (only a clip list scrolls, inside itself), and its plots and pictures take at least
// half of the height.
test('presenter mode at 1280x720: every figure fits without scrolling, plots and pictures fill half of it', async () => {
  const { page, problems, context } = await open('explore.html#fig=spectra&presenter=true');
  await settle(page);
  const canvas = await page.evaluate(() => {
    const r = document.getElementById('canvas').getBoundingClientRect();
    return { top: r.top, height: r.height };
  });
  // Parts of the page, not of the figure: the figure strip, the title, controls; clip-list rows;
  // the figure's whole extent (its parts are what counts here).
  const chrome = new Set(['toc', 'navigation', 'title', 'slider', 'button', 'play', 'figure']);
  const short = [];
  for (const { id } of await page.evaluate(() => window.spectralTide.figures())) {
    await page.evaluate((fig) => window.spectralTide.set({ fig }), id);
    await page.evaluate(() => window.spectralTide.settled(120000));
    const layout = await page.evaluate(() => window.spectralTide.layout());
    const shown = layout.filter((it) => !['toc', 'play'].includes(it.kind));
    const bottom = Math.max(...shown.map((it) => it.y + it.h));
    assert.ok(bottom <= canvas.top + canvas.height + 1, `${id}: drawn down to ${bottom} px, below the screen`);
    // The height the figure's own content covers (side by side counts once).
    const spans = layout.filter((it) => !chrome.has(it.kind)).map((it) => [it.y, it.y + it.h]).sort((a, b) => a[0] - b[0]);
    let covered = 0;
    let end = -Infinity;
    for (const [y0, y1] of spans) {
      covered += Math.max(0, y1 - Math.max(y0, end));
      end = Math.max(end, y1);
    }
    if (covered < 0.5 * 720) short.push(`${id} (${covered.toFixed(0)} px)`);
  }
  assert.deepEqual(short, [], 'figures whose plots and pictures take under half of 720 px');
  await screenshot(page, 'presenter-microphone-1280x720.png');
  assert.deepEqual(problems, []);
  await context.close();
});

// Screen readers: the text layer beside the canvas carries the figure's title, caption, settings
// and key numbers as they change; the figures are a list of buttons for the keyboard.
test('a screen reader hears the figure and its key numbers; the figure list works from the keyboard', async () => {
  const { page, problems, context } = await open('explore.html#fig=mean-fit');
  await settle(page);
  await page.waitForFunction(() => window.spectralTide.state().analysed === 63, null, { timeout: 60000 });
  // The text follows within its 2-s pace.
  await page.waitForFunction(() => {
    const text = document.getElementById('figure-numbers').textContent;
    return /photographs analysed: 63\b/.test(text) && /alpha, the power-law slope: 2\.62\b/.test(text);
  }, null, { timeout: 15000 });
  assert.match(await page.textContent('#figure-title'), /mean spectrum's power law/);
  assert.equal(await page.getAttribute('#figure-numbers', 'aria-live'), 'polite');

  const fmax = '#figure-list button[data-fig="fmax"]';
  assert.equal(await page.locator('#figure-list').evaluate((n) => n.getBoundingClientRect().width), 1,
    'the list is out of sight');
  await page.focus(fmax);
  assert.ok((await page.locator('#figure-list').evaluate((n) => n.getBoundingClientRect().width)) > 100,
    'and shows when it has focus');
  await screenshot(page, 'figure-list-focused.png');
  await page.keyboard.press('ArrowDown');  // arrows belong to the canvas, not to the list
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.spectralTide.state().fig === 'fmax');
  assert.match(await page.textContent('#figure-title'), /Which frequencies survive/);
  // The settings switch with the figure, at once (no word of mean-fit's is left).
  assert.doesNotMatch(await page.textContent('#figure-numbers'), /photographs analysed: 63\b.*alpha/);
  assert.match(await page.textContent('#figure-numbers'), /threshold tau/);
  await page.waitForFunction(() => /f max, the highest frequency above the noise/.test(
    document.getElementById('figure-numbers').textContent), null, { timeout: 10000 });
  assert.deepEqual(problems, []);
  await context.close();
});

// The keyboard: the canvas is no trap (WCAG 2.1.2), its focus shows, a clicker steps figures,
// and a theme named in the link dresses the HTML around the canvas too.
test('Tab leaves the canvas with a visible focus; PageDown and PageUp step figures; theme=dark in a link', async () => {
  const { page, problems, context } = await open('explore.html#fig=hinge&theme=dark');
  await settle(page);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'canvas', 'the canvas has the focus at load');
  const ring = await page.evaluate(() => getComputedStyle(document.getElementById('canvas')).outlineStyle);
  // The key is taken on the app's next frame: wait for the figure (up to 5 s), not for settled(),
  // which may answer for the frame before it on a busy machine.
  const figureBecomes = async (fig, what) => {
    await page.waitForFunction((f) => window.spectralTide.state().fig === f, fig, { timeout: 5000 })
      .catch(() => {});
    assert.equal((await page.evaluate(() => window.spectralTide.state())).fig, fig, what);
  };
  await page.keyboard.press('PageDown');
  await figureBecomes('rising-tide', 'PageDown: next figure');
  await page.keyboard.press('PageUp');
  await figureBecomes('hinge', 'PageUp: previous figure');
  await page.evaluate(() => window.spectralTide.settled());
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'save-png', 'Tab moves on to the toolbar');
  await screenshot(page, 'keyboard-tab-toolbar-dark.png');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'canvas', 'Shift+Tab comes back');
  const back = await page.evaluate(() => getComputedStyle(document.getElementById('canvas')).outlineStyle);
  assert.equal(back, 'solid', `a focus ring on the canvas from the keyboard (at load: ${ring})`);
  await screenshot(page, 'keyboard-canvas-focus-dark.png');
  // The whole toolbar, then the figure list, are reached by Tab alone.
  const reached = [];
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    reached.push(await page.evaluate(() => document.activeElement.id || document.activeElement.dataset.fig || ''));
  }
  for (const id of ['save-png', 'save-png2', 'save-csv', 'copy-link', 'present', 'spectra']) {
    assert.ok(reached.includes(id), `${id} is reached by Tab (${reached.join(', ')})`);
  }
  assert.equal((await page.evaluate(() => window.spectralTide.look())).theme, 'dark');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const toolbar = await page.evaluate(() => getComputedStyle(document.getElementById('save-png')).backgroundColor);
  const [r, g, b] = toolbar.match(/\d+/g).map(Number);
  assert.ok(r + g + b < 3 * 90, `the toolbar is dark too (${toolbar})`);
  assert.deepEqual(problems, []);
  await context.close();
});

// No input is lost, however short: a clicker's key or a quick tap pressed and released within
// one frame still counts (Dear ImGui reads keys and buttons once a frame).
test('quick key presses and taps within one frame are all counted', async () => {
  const { page, problems, context } = await open('explore.html#fig=spectra');
  await settle(page);
  const frames = (n) => page.evaluate((k) => new Promise((r) => {
    const step = (left) => (left === 0 ? r() : requestAnimationFrame(() => step(left - 1)));
    step(k);
  }), n);
  // Down and up in one task: the same frame for certain.
  const quickKey = (key, keyCode) => page.evaluate(([k, c]) => {
    for (const type of ['keydown', 'keyup']) {
      const e = new KeyboardEvent(type, { key: k, code: k, bubbles: true, cancelable: true });
      Object.defineProperty(e, 'keyCode', { get: () => c });
      Object.defineProperty(e, 'which', { get: () => c });
      document.getElementById('canvas').dispatchEvent(e);
    }
  }, [key, keyCode]);
  for (let i = 0; i < 8; i++) {
    await quickKey('PageDown', 34);
    await frames(3);
  }
  assert.equal((await page.evaluate(() => window.spectralTide.state())).fig, 'diffusion', 'eight quick PageDowns: figure 1 to 9');
  // Quick taps on the sidebar's entries 1 .. 8: after a touch ends, the browser sends its move,
  // press and release together, in one task (as here).
  const entries = (await page.evaluate(() => window.spectralTide.layout())).filter((it) => it.kind === 'toc')
    .slice(0, 8);
  assert.equal(entries.length, 8, 'the sidebar lists the figures');
  for (const [i, entry] of entries.entries()) {
    await page.evaluate(([x, y]) => {
      const opts = { clientX: x, clientY: y, bubbles: true, cancelable: true, button: 0 };
      const canvas = document.getElementById('canvas');
      canvas.dispatchEvent(new MouseEvent('mousemove', { ...opts, buttons: 0 }));
      canvas.dispatchEvent(new MouseEvent('mousedown', { ...opts, buttons: 1 }));
      canvas.dispatchEvent(new MouseEvent('mouseup', { ...opts, buttons: 0 }));
    }, [entry.x + entry.w / 2, entry.y + entry.h / 2]);
    await frames(3);
    assert.equal((await page.evaluate(() => window.spectralTide.state())).fig, entry.id, `tap ${i + 1} counted`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

// A slider takes a typed value: double-click (or Ctrl+click), type, Enter.
// The accessible layer mirrors the figure's parameter table as HTML controls: a screen reader,
// a switch or the keyboard operates the figure through them, and they follow the figure.
test('the figure\'s settings are HTML controls that operate it and follow it', async () => {
  const { page, problems, context } = await open('explore.html#fig=diffusion&t=0.3&playing=false');
  await settle(page);
  const kinds = await page.evaluate(() => [...document.querySelectorAll('#figure-controls [data-key]')]
    .map((el) => [el.dataset.key, el.type, document.querySelector(`label[for="${el.id}"]`)?.textContent]));
  const byKey = Object.fromEntries(kinds.map(([k, type, label]) => [k, { type, label }]));
  assert.equal(byKey.t.type, 'range');
  assert.equal(byKey.schedule.type, 'select-one');
  assert.equal(byKey.clip.type, 'checkbox');
  assert.ok(kinds.every(([, , label]) => label && label.length > 1), JSON.stringify(kinds));
  // Out of sight until focused; then a panel.
  assert.ok((await page.locator('#figure-controls').boundingBox()).width <= 1);
  await page.focus('#control-t');
  assert.ok((await page.locator('#figure-controls').boundingBox()).width > 200, 'the panel shows when focused');
  assert.equal(await page.getAttribute('#control-t', 'aria-valuetext'), '0.3');
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  const t = (await page.evaluate(() => window.spectralTide.state())).t;
  assert.ok(Math.abs(t - 0.3 - 20 * (0.999 - 0.001) / 1000) < 0.002, `t after 20 steps: ${t}`);
  await page.selectOption('#control-schedule', 'cosine');
  await page.check('#control-clip');
  const st = await page.evaluate(() => window.spectralTide.state());
  assert.deepEqual([st.schedule, st.clip], ['cosine', true]);
  await page.evaluate(() => window.spectralTide.settled());
  await screenshot(page, 'figure-controls-diffusion.png');
  // They follow the figure: a change by set() (or the canvas) moves them.
  await page.evaluate(() => window.spectralTide.set({ t: 0.8, schedule: 'rf' }));
  assert.equal(await page.inputValue('#control-schedule'), 'rf');
  assert.equal(await page.getAttribute('#control-t', 'aria-valuetext'), '0.8');
  // A log slider moves in equal ratios: hinge's sigma from 0.001 to 100.
  await page.evaluate(() => window.spectralTide.set({ fig: 'hinge', sigma: 1 }));
  assert.equal(await page.inputValue('#control-sigma'), String(Math.round(1000 * Math.log(1 / 0.001) / Math.log(1e5))));
  await page.focus('#control-sigma');
  await page.keyboard.press('ArrowRight');
  const sigma = (await page.evaluate(() => window.spectralTide.state())).sigma;
  assert.ok(Math.abs(sigma / 1e5 ** (601 / 1000) * 1e3 - 1) < 1e-9, `sigma one step up: ${sigma}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a double-clicked slider takes a typed value, also on a slow machine', async () => {
  const { page, problems, context } = await open('explore.html#fig=hinge&sigma=0.3');
  await settle(page);
  // A machine sixteen times slower: the double click's four events are fed over three slow
  // frames, which Dear ImGui's own clock (0.3 s) would not count as a double click.
  await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: 16 });
  const slider = (await page.evaluate(() => window.spectralTide.layout())).find((it) => it.kind === 'slider' &&
    it.id === 'sigma');
  assert.ok(slider, 'the sigma slider is in the layout');
  // The middle of the slider (its value at the far end would move it).
  await page.mouse.dblclick(slider.x + slider.w * 0.5, slider.y + slider.h / 2);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('2.5');
  await page.keyboard.press('Enter');
  await page.evaluate(() => window.spectralTide.settled());
  assert.equal((await page.evaluate(() => window.spectralTide.state())).sigma, 2.5);
  await page.mouse.dblclick(slider.x + slider.w * 0.5, slider.y + slider.h / 2);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('5000');
  await page.keyboard.press('Enter');
  await page.evaluate(() => window.spectralTide.settled());
  assert.equal((await page.evaluate(() => window.spectralTide.state())).sigma, 100, 'clamped to the range');
  assert.deepEqual(problems, []);
  await context.close();
});

// axe-core (the accessibility engine of browsers' audit tools) finds no serious or critical
// problem on the page, in either theme, nor on an embedded figure.
test('axe-core reports no serious or critical violation', async () => {
  const axe = resolve(here, '../../node_modules/axe-core/axe.min.js');
  for (const [path, colorScheme] of [['explore.html#fig=hinge', 'light'], ['explore.html#fig=snr-map', 'dark'],
    ['embed.html#fig=rising-tide&playing=false', 'light']]) {
    const { page, problems, context } = await open(path, { colorScheme });
    await settle(page);
    await page.addScriptTag({ path: axe });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(serious, [], `${path} (${colorScheme})`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

// Scripts and embeds pair parameters with numbers: settled() waits for the corpus statistics,
// and state() right after set() already answers for the new parameters.
test('settled() waits until the numbers are final; state() after set() reflects it at once', async () => {
  const { page, problems, context } = await open('explore.html#fig=mean-fit');
  await settle(page);
  await page.evaluate(() => window.spectralTide.settled());
  assert.equal((await page.evaluate(() => window.spectralTide.state())).analysed, 63, 'every photograph counted');
  await page.evaluate(() => window.spectralTide.set({ fig: 'fmax', t: 0.9 }));
  await page.evaluate(() => window.spectralTide.settled());
  const [late, early] = await page.evaluate(() => {
    const a = window.spectralTide.state().fmax;
    window.spectralTide.set({ t: 0.2 });
    return [a, window.spectralTide.state().fmax];
  });
  assert.ok(early > late, `f_max at t = 0.2 (${early}) is read at once, above t = 0.9's (${late})`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('set() changes the figure, rejects bad values with a message and keeps the state', async () => {
  const { page, problems, context } = await open('explore.html');
  await settle(page);
  const chosen = ['kde_cat', 'scratch_wave', 'skimage_rocket', 'gnome_tree'];
  const result = await page.evaluate((images) => window.spectralTide.set({ images }), chosen);
  assert.deepEqual(result, { applied: ['images'], rejected: [] });
  await page.evaluate(() => window.spectralTide.settled());
  assert.deepEqual((await page.evaluate(() => window.spectralTide.state())).images, chosen);
  assert.deepEqual((await page.evaluate(() => window.spectralTide.layout()))
    .filter((it) => it.kind === 'image').map((it) => it.id), chosen);

  const bad = await page.evaluate(() => window.spectralTide.set({ images: 'no_such_photo', fig: 'nope', zoom: 3 }));
  assert.deepEqual(bad.applied, []);
  assert.equal(bad.rejected.length, 3);
  assert.match(bad.rejected.find((r) => r.key === 'images').message, /no image 'no_such_photo'/);
  assert.match(bad.rejected.find((r) => r.key === 'fig').message, /no figure 'nope'/);
  assert.deepEqual((await page.evaluate(() => window.spectralTide.state())).images, chosen, 'state kept');
  assert.deepEqual(problems, []);
  await context.close();
});

// Hostile numbers through set() and the link: NaN, infinities, negative and huge values are
// refused with a message each, and the figure keeps what it showed.
test('NaN, infinite, negative and huge parameters are refused through set() and the link', async () => {
  let { page, problems, context } = await open('explore.html#fig=hinge&sigma=0.3&seed=4');
  await settle(page);
  const before = await page.evaluate(() => window.spectralTide.params());
  for (const [key, value] of [['sigma', NaN], ['sigma', 'NaN'], ['sigma', Infinity], ['sigma', '-Infinity'],
    ['sigma', -1], ['sigma', 1e308], ['sigma', '1e400'], ['sigma', ''], ['sigma', 'abc'], ['seed', -3],
    ['seed', 1.5], ['seed', '1e30']]) {
    const r = await page.evaluate(([k, v]) => window.spectralTide.set({ [k]: v }), [key, value]);
    assert.deepEqual(r.applied, [], `${key}=${value} is refused`);
    assert.ok(r.rejected[0].message.length > 5, `${key}=${value}: ${r.rejected[0].message}`);
  }
  assert.deepEqual(await page.evaluate(() => window.spectralTide.params()), before, 'the state is intact');
  assert.deepEqual(problems, []);
  await context.close();

  ({ page, problems, context } = await open('explore.html#fig=diffusion&t=NaN&seed=-1&playing=false'));
  await settle(page);
  const st = await page.evaluate(() => window.spectralTide.state());
  assert.equal(st.fig, 'diffusion');
  assert.ok(st.t > 0 && st.t < 1 && st.seed >= 0, JSON.stringify(st));
  assert.ok(await page.isVisible('#notice'), 'the page names what it ignored');
  assert.match(await page.textContent('#notice'), /t/);
  await context.close();
});

test('the URL hash opens a state; bad hash values are ignored with a warning, not an error', async () => {
  const { page, problems, context } = await open('explore.html#fig=spectra&images=kde_dog,kde_fish');
  await settle(page);
  const st = await page.evaluate(() => window.spectralTide.state());
  assert.deepEqual(st.images.slice(0, 2), ['kde_dog', 'kde_fish']);
  await page.evaluate(() => { location.hash = 'images=missing_one'; });
  await page.waitForTimeout(100);
  assert.deepEqual((await page.evaluate(() => window.spectralTide.state())).images.slice(0, 2), ['kde_dog', 'kde_fish']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the canvas follows the window size and the device pixel ratio (crisp on high-DPI)', async () => {
  const { page, problems, context } = await open('explore.html', { width: 768, height: 1024, deviceScaleFactor: 2 });
  await settle(page);
  const size = () => page.evaluate(() => {
    const c = document.getElementById('canvas');
    const bar = document.getElementById('toolbar').offsetHeight;
    return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight, bar };
  });
  let s = await size();
  assert.deepEqual([s.w, s.h], [2 * s.cw, 2 * s.ch], 'drawing buffer at device pixels');
  assert.ok(s.bar > 20 && s.bar < 60, `a thin toolbar (${s.bar} px)`);
  assert.deepEqual([s.cw, s.ch], [768, 1024 - s.bar], 'the canvas fills the window below the toolbar');
  const tall = await page.evaluate(() => window.spectralTide.layout());
  await screenshot(page, 'spectra-768x1024@2x.png');

  await page.setViewportSize({ width: 1100, height: 600 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  s = await size();
  assert.deepEqual([s.cw, s.ch, s.w, s.h], [1100, 600 - s.bar, 2200, 2 * (600 - s.bar)]);
  const wide = await page.evaluate(() => window.spectralTide.layout());
  // Tall: the plot sits below the photos; wide: beside them.
  const below = (l) => l.find((i) => i.kind === 'plot').y > Math.max(...l.filter((i) => i.kind === 'phase').map((i) => i.y));
  assert.ok(below(tall), 'stacked layout in a tall window');
  assert.ok(!below(wide), 'side-by-side layout in a wide window');
  assert.deepEqual(problems, []);
  await context.close();
});

test('without WebGL2 the page says so in words', async () => {
  const noGl = await launch(['--disable-3d-apis']);
  try {
    const page = await noGl.newPage();
    await page.goto(base + 'explore.html');
    const rejected = await page.evaluate(() => window.spectralTide.ready.then(() => null, (e) => e.message));
    assert.match(rejected, /WebGL2/);
    assert.match(await page.textContent('#status'), /does not offer WebGL2/);
    assert.ok(await page.isVisible('#status'));
  } finally {
    await noGl.close();
  }
});

test('without WebAssembly the page says so in words', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => { delete window.WebAssembly; });
  await page.goto(base + 'explore.html');
  assert.match(await page.textContent('#status'), /cannot run WebAssembly/);
  assert.ok(await page.isVisible('#status'));
  await context.close();
});

test('on a phone every slider is at least 240 px (or the line) between step buttons that a tap moves', async () => {
  const { page, problems, context } = await open('explore.html#fig=rising-tide&playing=false&sigma=1',
    { width: 390, height: 844, deviceScaleFactor: 2, hasTouch: true, isMobile: true });
  await settle(page);
  await page.evaluate(() => window.spectralTide.set({ touch: true }));
  const canvasWidth = await page.evaluate(() => document.getElementById('canvas').getBoundingClientRect().width);
  const narrow = [];
  let sliders = 0;
  for (const { id } of await page.evaluate(() => window.spectralTide.figures())) {
    await page.evaluate((fig) => window.spectralTide.set({ fig }), id);
    await page.evaluate(() => window.spectralTide.settled(120000));
    for (const s of (await page.evaluate(() => window.spectralTide.layout())).filter((it) => it.kind === 'slider')) {
      sliders++;
      // The step buttons are as wide as the slider is tall, 4 px from it; 60 px for the
      // window's padding and scrollbar.
      const least = Math.min(240, canvasWidth - 2 * (s.h + 4) - 60);
      const right = s.x + s.w + 4 + s.h;
      if (s.w < least - 0.5 || right > canvasWidth + 0.5) {
        narrow.push(`${id} ${s.id}: ${s.w.toFixed(0)} px wide, its + button ends at ${right.toFixed(0)} px`);
      }
    }
  }
  assert.ok(sliders >= 15, `${sliders} sliders seen`);
  assert.deepEqual(narrow, [], 'sliders too narrow for a finger, or past the right edge');

  // rising-tide's sigma: + multiplies it by (50 / 0.02)^(1/100), - divides; held, + repeats.
  await page.evaluate(() => window.spectralTide.set({ fig: 'rising-tide', sigma: 1, playing: false }));
  await page.evaluate(() => window.spectralTide.settled());
  const s = (await page.evaluate(() => window.spectralTide.layout())).find((it) => it.kind === 'slider' && it.id === 'sigma');
  const sigma = async () => (await page.evaluate(() => window.spectralTide.state())).sigma;
  const step = (50 / 0.02) ** (1 / 100);
  await page.touchscreen.tap(s.x + s.w + 4 + s.h / 2, s.y + s.h / 2);
  await page.evaluate(() => window.spectralTide.settled());
  assert.ok(Math.abs(await sigma() / step - 1) < 1e-9, `+ steps sigma from 1 to ${step} (got ${await sigma()})`);
  for (let i = 0; i < 2; i++) {
    await page.touchscreen.tap(s.x - 4 - s.h / 2, s.y + s.h / 2);
    await page.evaluate(() => window.spectralTide.settled());
  }
  assert.ok(Math.abs(await sigma() * step - 1) < 1e-9, `two taps on - step it to 1 / ${step} (got ${await sigma()})`);
  await screenshot(page, 'phone-rising-tide-steppers.png');
  assert.deepEqual(problems, []);
  await context.close();
});
