// The page's load and idle figures, for `make bench`: Debian's headless Chromium (WebGL through
// SwiftShader, so drawing is slower than on a GPU) loads build/web from a local server N times.
// Prints medians (min..max) of, for the article (index.html): its first text (first contentful
// paint), the first frame and `ready` (first figure drawn with its photographs) after navigation, the bytes the first figure needed, the WebAssembly size, and
// the CPU the idle page uses (Chromium's TaskDuration over 5 s with nothing moving); then the
// sampler's frames, and the peak memory of the browser with twenty embeds on one page
// (embeds_bench.mjs).
// Usage: node tests/bench/page_bench.mjs [SITE_DIR] [RUNS]
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer } from '../../scripts/serve.mjs';
import { launch } from '../web/browser.mjs';
import { twentyEmbeds } from './embeds_bench.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const site = resolve(process.argv[2] ?? join(here, '../../build/web'));
const runs = Number(process.argv[3] ?? 7);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (xs, digits = 0) =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}..${Math.max(...xs).toFixed(digits)})`;

const { server, url } = await startServer(site);
const browser = await launch();
const firstText = [], firstFrame = [], ready = [], bytes = [], idleCpu = [];
let sampler = null, embeds = null;
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(`${url}index.html`);
    await page.evaluate(() => window.spectralTide.ready);
    const t = await page.evaluate(() => {
      const mark = (name) => performance.getEntriesByName(name)[0].startTime;
      const readyAt = mark('tide-ready');
      const early = performance.getEntriesByType('resource').filter((r) => r.responseEnd <= readyAt);
      const nav = performance.getEntriesByType('navigation')[0];
      return { text: mark('first-contentful-paint'), first: mark('tide-first-frame'), ready: readyAt,
        bytes: nav.encodedBodySize + early.reduce((sum, r) => sum + r.encodedBodySize, 0) };
    });
    firstText.push(t.text);
    firstFrame.push(t.first);
    ready.push(t.ready);
    bytes.push(t.bytes / 1e6);
    // Idle: wait for the corpus to finish streaming in, then measure 5 s of nothing.
    await page.waitForFunction(() => {
      const c = window.spectralTide.corpusLoading();
      return c.total > 0 && c.settled === c.total;
    }, null, { timeout: 120000 });
    await page.evaluate(() => window.spectralTide.settled());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    const b0 = await busy();
    await page.waitForTimeout(5000);
    idleCpu.push(((await busy()) - b0) / 5 * 100);
    await context.close();
  }
  sampler = await samplerFrames();
  embeds = await twentyEmbeds(browser, url);
} finally {
  await browser.close();
  server.close();
}
/** Frame intervals (requestAnimationFrame, ms) while `during` runs in the page. */
async function frameIntervals(page, during) {
  await page.evaluate(() => {
    window.__frames = [];
    const tick = (t) => { window.__frames.push(t); if (window.__frames) window.__rafId = requestAnimationFrame(tick); };
    window.__rafId = requestAnimationFrame(tick);
  });
  await during();
  return page.evaluate(() => {
    cancelAnimationFrame(window.__rafId);
    const f = window.__frames;
    return f.slice(1).map((t, i) => t - f[i]);
  });
}

/** The sampler figure (corpus model, 100 steps): frames while it samples, then while it plays. */
async function samplerFrames() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(`${url}explore.html#fig=sampler&model=corpus&steps=100&seed=3`);
  await page.evaluate(() => window.spectralTide.ready);
  await page.waitForFunction(() => window.spectralTide.state().steps_done !== undefined, null,
    { timeout: 240000, polling: 50 });
  const t0 = Date.now();
  const sampling = await frameIntervals(page, () => page.waitForFunction(
    () => window.spectralTide.state().steps_done === 100, null, { timeout: 240000, polling: 'raf' }));
  const runMs = Date.now() - t0;
  await page.evaluate(() => window.spectralTide.set({ step: 0 }));
  const playing = await frameIntervals(page, async () => {
    await page.evaluate(() => window.spectralTide.set({ playing: true }));
    await page.waitForFunction(() => window.spectralTide.state().playing === false, null,
      { timeout: 60000, polling: 'raf' });
  });
  // The same page drawing an animation that computes almost nothing (the forward process
  // playing): what SwiftShader's drawing alone costs a frame here.
  await page.evaluate(() => window.spectralTide.set({ fig: 'diffusion', playing: true }));
  const baseline = await frameIntervals(page, () => page.waitForTimeout(3000));
  await context.close();
  return { sampling, playing, baseline, runMs };
}

const size = (name) => (statSync(join(site, name)).size / 1e6).toFixed(2);
console.log(`\nThe article (index.html) in headless Chromium (SwiftShader), ${runs} loads from a local server: median (min..max)`);
console.log(`| measure | value |\n| --- | --- |`);
console.log(`| the article's first text after navigation (ms) | ${summary(firstText)} |`);
console.log(`| first frame after navigation (ms) | ${summary(firstFrame)} |`);
console.log(`| first figure drawn with its photographs, 'ready' (ms) | ${summary(ready)} |`);
console.log(`| bytes for the first figure (MB) | ${summary(bytes, 2)} |`);
console.log(`| tide.wasm / tide.js / tide.data (MB) | ${size('tide.wasm')} / ${size('tide.js')} / ${size('tide.data')} |`);
console.log(`| idle page, main-thread CPU over 5 s (%) | ${summary(idleCpu, 2)} |`);
const frames = (xs) => {
  const late = xs.filter((d) => d > 1.5 * 1000 / 60).length;
  return `${xs.length} frames, median ${median(xs).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms, ` +
    `${late} longer than 25 ms`;
};
console.log(`| sampler, corpus model, 100 steps: the run (ms) | ${sampler.runMs} |`);
console.log(`| sampler: frame intervals while it samples | ${frames(sampler.sampling)} |`);
console.log(`| sampler: frame intervals while the 100 steps play | ${frames(sampler.playing)} |`);
console.log(`| baseline: frame intervals while the forward process plays | ${frames(sampler.baseline)} |`);
console.log(`| twenty embeds on one page, down to each and back up: Chromium's memory, peak PSS / RSS (MB) | `
  + `${embeds.peakPss.toFixed(0)} / ${embeds.peakRss.toFixed(0)} (before scrolling ${embeds.loadedPss.toFixed(0)}; `
  + `${20 - new Set(embeds.notDrawn).size} of 20 drawn when in view) |`);
