// The weight of embeds and of the page, for `make bench` (figures, not tests). Debian's headless
// Chromium loads build/web from a local server that sends gzip and validators, as hosts do.
// Prints:
//  - every figure as an embed (embed.html#fig=<id>) in a fresh browser context: bytes
//    transferred (gzip) and uncompressed, requests, the WebAssembly heap, and the time from
//    navigation until settled() (its numbers final), median of RUNS loads for the corpus-wide ones;
//  - a blog post on another origin with five embeds of different figures, in a fresh browser,
//    its HTTP cache warm from nothing but itself: bytes for all five and the browser's memory
//    (the sum of the proportional set sizes, PSS, of its processes), scrolled through as fast
//    as each embed settles and again at a reader's pace (2 s a figure), each in a fresh browser;
//  - the full page (explore.html) after visiting every figure, in a fresh browser: its heap and
//    the browser's memory.
// Usage: node tests/bench/weight_bench.mjs [SITE_DIR] [RUNS]
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer } from '../../scripts/serve.mjs';
import { browserMemory, launch } from '../web/browser.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const site = resolve(process.argv[2] ?? join(here, '../../build/web'));
const runs = Number(process.argv[3] ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const MB = (bytes) => (bytes / 1e6).toFixed(2);

/** Counts what a browser context downloads: encoded (as sent) and decoded bytes, requests.
 *  The decoded size of a file of the site is its size on disk (a response's body is not always
 *  available to the browser's driver: the WebAssembly module is compiled as it streams). */
function countTraffic(context) {
  const t = { encoded: 0, decoded: 0, requests: 0, pending: [] };
  context.on('requestfinished', (request) => {
    t.pending.push((async () => {
      const response = await request.response();
      const sizes = await request.sizes();
      t.requests++;
      t.encoded += sizes.responseBodySize + sizes.responseHeadersSize;
      if (response && response.status() === 200) {
        const file = join(site, decodeURIComponent(new URL(request.url()).pathname));
        t.decoded += existsSync(file) && statSync(file).isFile() ? statSync(file).size : (await response.body()).length;
      }
    })().catch(() => {}));
  });
  return t;
}

const FIGURES = ['spectra', 'slices', 'rapsd', 'mean-fit', 'noise', 'hinge', 'rising-tide', 'ideal', 'diffusion',
  'fmax', 'lowpass', 'sampler', 'snr-map', 'effort', 'equal-snr', 'phase', 'audio-clips', 'audio-spectra',
  'audio-mean', 'audio-tide', 'mel', 'mel-rapsd', 'cepstrum', 'cepstral-tide', 'microphone'];
const CORPUS_WIDE = new Set(['mean-fit', 'fmax', 'snr-map', 'effort', 'audio-mean', 'audio-tide', 'mel-rapsd']);

const { server, url } = await startServer(site);
let browser = await launch();
const hostDir = mkdtempSync(join(tmpdir(), 'tide-bench-host-'));
const host = await startServer(hostDir);
try {
  console.log(`\nEach figure as an embed (embed.html#fig=<id>, 800x500), served with gzip: median of ${runs} loads ` +
    'for the corpus-wide figures, one load for the others');
  console.log('| figure | transferred (MB) | uncompressed (MB) | requests | WebAssembly heap (MB) | settled after (ms) |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  let heaviest = { encoded: 0 }, largestHeap = 0, slowest = 0;
  for (const fig of FIGURES) {
    const times = [];
    let row;
    for (let i = 0; i < (CORPUS_WIDE.has(fig) ? runs : 1); i++) {
      const context = await browser.newContext({ viewport: { width: 800, height: 500 } });
      const traffic = countTraffic(context);
      const page = await context.newPage();
      await page.goto(`${url}embed.html#fig=${fig}`);
      await page.evaluate(() => window.spectralTide.settled(120000));
      times.push(await page.evaluate(() => performance.now()));
      const heap = await page.evaluate(() => window.Module.HEAP8.length);
      await Promise.all(traffic.pending);
      row = { fig, ...traffic, heap };
      await context.close();
    }
    row.ms = median(times);
    console.log(`| ${fig} | ${MB(row.encoded)} | ${MB(row.decoded)} | ${row.requests} | ${MB(row.heap)} | ${row.ms.toFixed(0)} |`);
    if (row.encoded > heaviest.encoded) heaviest = row;
    largestHeap = Math.max(largestHeap, row.heap);
    slowest = Math.max(slowest, row.ms);
  }
  console.log(`Heaviest embed: ${heaviest.fig}, ${MB(heaviest.encoded)} MB transferred; largest heap ${MB(largestHeap)} MB; ` +
    `slowest to settle ${slowest.toFixed(0)} ms.`);

  // A blog post with five embeds of different figures, on another origin, in a browser of its
  // own: the embeds loaded above leave memory in the browser's and its GPU process's pools
  // (about 25 MB more at the last settle) that a reader opening the post would not have.
  const five = ['spectra', 'hinge', 'fmax', 'mean-fit', 'audio-mean'];
  const siteOrigin = url.replace('127.0.0.1', 'localhost');
  writeFileSync(join(hostDir, 'post.html'), `<!doctype html><meta charset="utf-8"><title>A post</title>
<body style="margin:0">${five.map((f) => `<p>About ${f}.</p><iframe src="${siteOrigin}embed.html#fig=${f}" width="720" height="420" title="${f}"></iframe>`).join('\n')}</body>`);
  /** Opens the post in a fresh browser and scrolls to each embed in turn, waiting until its
   *  numbers are final and then `readMs` more (a reader reading it). The browser's memory at
   *  the last settle, its peak over the visit, and 4 s after the last. */
  async function visitPost(readMs) {
    await browser.close();
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const traffic = countTraffic(context);
    const page = await context.newPage();
    await page.goto(`${host.url}post.html`);
    await page.waitForFunction((n) => document.querySelectorAll('iframe').length === n, five.length);
    let peak = 0;
    let settledPss = 0;
    // Embeds start when they come into view: scroll to each and wait until its numbers are final.
    for (let i = 0; i < five.length; i++) {
      const element = page.locator('iframe').nth(i);
      await element.scrollIntoViewIfNeeded();
      const frame = await (await element.elementHandle()).contentFrame();
      await frame.waitForFunction(() => window.spectralTide && window.Module && window.Module.HEAP8, null,
        { timeout: 120000 });
      await frame.evaluate(() => window.spectralTide.settled(120000));
      if (i === five.length - 1) await Promise.all(traffic.pending);
      settledPss = browserMemory().pss;
      peak = Math.max(peak, settledPss);
      if (readMs > 0) {
        await page.waitForTimeout(readMs);
        peak = Math.max(peak, browserMemory().pss);
      }
    }
    // The embeds out of view have given their WebGL contexts back (tide-embed.js).
    await page.waitForTimeout(4000);
    const later = browserMemory().pss;
    await context.close();
    return { traffic, settledPss, peak, later };
  }
  // Scrolled through as fast as each embed settles (the strictest: those just scrolled past
  // still hold their graphics), then at a reader's pace of 2 s per figure. Each in a browser of
  // its own: the embeds loaded above leave memory in the browser's and its GPU process's pools
  // (about 25 MB more at the last settle) that a reader opening the post would not have.
  const fast = await visitPost(0);
  const reading = await visitPost(2000);
  console.log(`\nA post on another origin with five embeds (${five.join(', ')}), HTTP cache shared: ` +
    `${MB(fast.traffic.encoded)} MB transferred in ${fast.traffic.requests} requests. Browser memory (PSS), ` +
    `scrolled through as fast as each settles: ${fast.settledPss.toFixed(0)} MB when the last has settled, ` +
    `${fast.later.toFixed(0)} MB 4 s later; read at 2 s a figure: at most ${reading.peak.toFixed(0)} MB, ` +
    `${reading.later.toFixed(0)} MB 4 s after the last. (PSS shares pages among the ` +
    'processes mapping them: another Chromium running meanwhile lowers it.)');

  // The full page after visiting every figure, in a browser of its own too.
  await browser.close();
  browser = await launch();
  const full = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const fullPage = await full.newPage();
  await fullPage.goto(`${url}explore.html`);
  await fullPage.evaluate(() => window.spectralTide.ready);
  let peak = 0;
  for (const fig of FIGURES) {
    if (fig === 'microphone') continue;  // asks for a microphone: nothing to compute without one
    await fullPage.evaluate((f) => window.spectralTide.set({ fig: f }), fig);
    await fullPage.evaluate(() => window.spectralTide.settled(240000));
    peak = Math.max(peak, browserMemory().pss);
  }
  const heapFigures = await fullPage.evaluate(() => window.Module.HEAP8.length);
  // The corpus model of the sampler decodes every photograph and holds them (51 MB): its model.
  await fullPage.evaluate(() => window.spectralTide.set({ fig: 'sampler', model: 'corpus', steps: 20 }));
  await fullPage.evaluate(() => window.spectralTide.settled(240000));
  peak = Math.max(peak, browserMemory().pss);
  const heap = await fullPage.evaluate(() => window.Module.HEAP8.length);
  console.log(`\nThe full page (explore.html): WebAssembly heap ${MB(heapFigures)} MB after visiting every figure, ` +
    `${MB(heap)} MB after the sampler's corpus model too; browser memory (PSS) at most ${peak.toFixed(0)} MB.`);
  await full.close();
} finally {
  await browser.close();
  server.close();
  host.server.close();
  rmSync(hostDir, { recursive: true, force: true });
}
