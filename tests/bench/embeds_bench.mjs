// Twenty embeds on one page, for `make bench` (a row of page_bench.mjs) or alone: a host page
// of another origin with twenty embeds of different figures, scrolled down to each in turn
// (until it is ready and drawn) and back up. Reports the peak memory of the browser meanwhile:
// the sum over Chromium's processes of their proportional set size (PSS: shared pages split
// among the processes sharing them) and of their resident set size (RSS: shared pages counted
// in each, so more), sampled every 250 ms from /proc (Linux).
// Usage: node tests/bench/embeds_bench.mjs [SITE_DIR]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer } from '../../scripts/serve.mjs';
import { browserMemory, launch } from '../web/browser.mjs';

// Those of tests/web/embed.test.mjs: figures that draw from what an embed downloads first.
export const TWENTY = ['spectra', 'slices', 'rapsd', 'noise', 'hinge', 'rising-tide', 'ideal', 'diffusion', 'lowpass',
  'snr-map', 'effort', 'equal-snr', 'phase', 'audio-clips', 'audio-spectra', 'audio-tide', 'mel', 'mel-rapsd',
  'cepstrum', 'cepstral-tide'];

const HOST_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>Twenty figures</title>
<link rel="icon" href="data:,"><style>body { margin: 0 } iframe { display: block; border: 0; margin: 8px }</style>
</head><body><div id="frames"></div><script src="host.js"></script></body></html>`;
const HOST_JS = `const params = new URLSearchParams(location.search);
for (const src of params.get('frames').split('|')) {
  const f = document.createElement('iframe');
  f.src = params.get('site') + 'embed.html' + src;
  f.width = '640'; f.height = '400'; f.title = 'Spectral Tide';
  document.getElementById('frames').appendChild(f);
}`;

/** Opens a page of twenty embeds, waits 10 s, scrolls it down and back up; returns {loadedPss
 *  (after the 10 s), peakPss, peakRss, endPss, heapsMb (the embeds' WebAssembly heaps, summed),
 *  seconds (from opening the page to back at the top, the 10 s included), notDrawn (the figures of visits, of 40, after
 *  which the embed in view had not drawn)}, memory in MB. */
export async function twentyEmbeds(browser, siteUrl) {
  const hostDir = mkdtempSync(join(tmpdir(), 'tide-bench-host-'));
  writeFileSync(join(hostDir, 'index.html'), HOST_HTML);
  writeFileSync(join(hostDir, 'host.js'), HOST_JS);
  const { server, port } = await startServer(hostDir);
  let peak = { pss: 0, rss: 0 };
  const sample = () => {
    const m = browserMemory();
    peak = { pss: Math.max(peak.pss, m.pss), rss: Math.max(peak.rss, m.rss) };
    return m;
  };
  const timer = setInterval(sample, 250);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const t0 = Date.now();
    const q = new URLSearchParams({ site: siteUrl, frames: TWENTY.map((id) => `#fig=${id}&playing=false`).join('|') });
    // The host on localhost, the site on 127.0.0.1: another site, as on the web.
    await page.goto(`http://localhost:${port}/index.html?${q}`);
    const embeds = page.frames().filter((f) => f.url().startsWith(`${siteUrl}embed.html`));
    embeds.sort((a, b) => TWENTY.findIndex((id) => a.url().endsWith(`=${id}&playing=false`))
      - TWENTY.findIndex((id) => b.url().endsWith(`=${id}&playing=false`)));
    const frames = page.locator('iframe');
    // The page as loaded, before the reader scrolls: 10 s for the figures in view (or, where
    // every embed starts at once, for as many as start).
    await page.waitForTimeout(10000);
    const loaded = sample();
    // Drawn: ready and settled within 30 s of coming into view, and no lost-graphics notice.
    const visit = async (i) => {
      await frames.nth(i).evaluate((f) => f.scrollIntoView({ block: 'center' }));
      return embeds[i].evaluate(() => Promise.race([
        (async () => {
          await window.spectralTide.ready;
          await window.spectralTide.settled();
          const notice = document.getElementById('notice');
          return notice.hidden || !/lost/.test(notice.textContent);
        })(),
        new Promise((r) => setTimeout(() => r(false), 30000)),
      ]));
    };
    const notDrawn = [];
    const order = [...TWENTY.keys(), ...[...TWENTY.keys()].reverse()];
    for (const i of order) if (!await visit(i)) notDrawn.push(TWENTY[i]);
    const seconds = (Date.now() - t0) / 1000;
    const end = sample();
    const heaps = await Promise.all(embeds.map((e) => e.evaluate(() => window.tideBridge.heapBytes())));
    await context.close();
    return { loadedPss: loaded.pss, peakPss: peak.pss, peakRss: peak.rss, endPss: end.pss, seconds, notDrawn,
      heapsMb: heaps.reduce((a, b) => a + b, 0) / 1048576 };
  } finally {
    clearInterval(timer);
    server.close();
    rmSync(hostDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const site = resolve(process.argv[2] ?? join(here, '../../build/web'));
  const { server, url } = await startServer(site, 0, '127.0.0.1');
  const browser = await launch();
  try {
    const before = browserMemory();
    const r = await twentyEmbeds(browser, url);
    console.log(`Twenty embeds on one page, opened and scrolled down to each and back up in ${r.seconds.toFixed(1)} s `
      + `(headless Chromium, SwiftShader): browser memory, sum over its processes`);
    console.log('| measure | MB |\n| --- | --- |');
    console.log(`| browser alone, before the page (PSS) | ${before.pss.toFixed(0)} |`);
    console.log(`| 10 s after the page loaded, before scrolling (PSS) | ${r.loadedPss.toFixed(0)} |`);
    console.log(`| peak PSS | ${r.peakPss.toFixed(0)} |`);
    console.log(`| peak RSS (shared pages counted in each process) | ${r.peakRss.toFixed(0)} |`);
    console.log(`| PSS back at the top | ${r.endPss.toFixed(0)} |`);
    console.log(`| the embeds' WebAssembly heaps, summed | ${r.heapsMb.toFixed(0)} |`);
    console.log(`Visits (of 40) after which the embed in view had not drawn: ${r.notDrawn.length} ${r.notDrawn.join(' ')}`);
  } finally {
    await browser.close();
    server.close();
  }
}
