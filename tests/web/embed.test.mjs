// Deep links and embedding, in Debian's headless Chromium: the URL hash restores and follows
// the state; "Copy link"; embed.html alone and inside a page of another origin (a second local
// server, reached as localhost while the site is 127.0.0.1: another site, as on the web),
// its postMessage API and origin rule, the wheel, pausing out of view, two embeds at once,
// twenty on one page (more WebGL contexts than a page may hold), each drawn when scrolled to.
// The site is served with STRICT_CSP. Run by CTest (test "web.embed") with TIDE_SITE_DIR and
// TIDE_ARTIFACTS set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { STRICT_CSP, startServer } from '../../scripts/serve.mjs';
import { launch } from './browser.mjs';
import { boxStd, decodePng } from './png.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const site = process.env.TIDE_SITE_DIR ?? resolve(here, '../../build/web');
const artifacts = process.env.TIDE_ARTIFACTS ?? resolve(here, '../../build/test-artifacts');
mkdirSync(artifacts, { recursive: true });

let siteServer, hostServer, base, hostBase, hostOrigin, hostDir, browser;

// The page around the embeds: tall (it scrolls), one iframe per entry of ?frames=a|b (each the
// iframe's src after embed.html), every message from them kept in window.received.
const HOST_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>A page with Spectral Tide in it</title><link rel="icon" href="data:,">
<style>body { margin: 0; font: 16px sans-serif; } iframe { display: block; border: 0; margin: 8px; }
#tail { height: 3000px; background: linear-gradient(#eef, #fee); }</style></head>
<body><p>A page about diffusion models, with figures from elsewhere.</p>
<div id="frames"></div><div id="tail">The rest of the page.</div>
<script src="host.js"></script></body></html>`;

const HOST_JS = `
const params = new URLSearchParams(location.search);
const site = params.get('site');
window.received = [];
const iframes = [];
for (const src of (params.get('frames') || '').split('|').filter(Boolean)) {
  const f = document.createElement('iframe');
  f.src = site + 'embed.html' + src;
  f.width = params.get('w') || '640';
  f.height = params.get('h') || '420';
  f.title = 'Spectral Tide';
  document.getElementById('frames').appendChild(f);
  iframes.push(f);
}
if (params.get('sibling')) {
  // A frame of this page's own origin that is not the embeds' parent.
  const s = document.createElement('iframe');
  s.src = 'sibling.html';
  s.width = '10'; s.height = '10';
  document.getElementById('frames').appendChild(s);
}
window.addEventListener('message', (e) => {
  const frame = iframes.findIndex((f) => f.contentWindow === e.source);
  window.received.push({ frame, origin: e.origin, data: e.data });
});
window.send = (frame, message) => iframes[frame].contentWindow.postMessage(message, '*');
`;

const SIBLING_HTML = `<!doctype html><html><body><script src="sibling.js"></script></body></html>`;
const SIBLING_JS = `window.sendToFirstEmbed = (m) => parent.frames[0].postMessage(m, '*');`;

before(async () => {
  // The site under the strict policy the README asks hosts to serve it with (it allows framing).
  ({ server: siteServer, url: base } = await startServer(site, 0, '127.0.0.1', { csp: STRICT_CSP }));
  hostDir = mkdtempSync(join(tmpdir(), 'tide-host-'));
  writeFileSync(join(hostDir, 'index.html'), HOST_HTML);
  writeFileSync(join(hostDir, 'host.js'), HOST_JS);
  writeFileSync(join(hostDir, 'sibling.html'), SIBLING_HTML);
  writeFileSync(join(hostDir, 'sibling.js'), SIBLING_JS);
  let port;
  ({ server: hostServer, port } = await startServer(hostDir));
  hostOrigin = `http://localhost:${port}`;
  hostBase = `${hostOrigin}/`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  siteServer?.close();
  hostServer?.close();
  if (hostDir) rmSync(hostDir, { recursive: true, force: true });
});

function watch(page) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return problems;
}

async function open(path, { width = 1280, height = 720, permissions = [], init } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  if (permissions.length) await context.grantPermissions(permissions, { origin: new URL(base).origin });
  const page = await context.newPage();
  if (init) await page.addInitScript(init);
  const problems = watch(page);
  await page.goto(base + path);
  await page.evaluate(() => window.spectralTide.ready);
  await page.waitForFunction(() => getComputedStyle(document.getElementById('overlay')).opacity === '0');
  await page.evaluate(() => window.spectralTide.settled());
  return { page, context, problems };
}

/** A key held for two frames, as a person's key press (keydown and keyup in the same frame
 *  would be one ImGui 1.86 does not see). */
async function press(page, key) {
  await page.keyboard.down(key);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.keyboard.up(key);
}

/** The hash as an object, lists as they are written (commas). */
const hashOf = (page) => page.evaluate(() => Object.fromEntries(new URLSearchParams(location.hash.slice(1))));

/** params() with every value as the hash writes it. */
const paramsAsText = (page) => page.evaluate(() => Object.fromEntries(Object.entries(window.spectralTide.params())
  .map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)])));

test('a deep link restores a non-default state; bad values are named on the page and dropped from the address', async () => {
  const { page, context, problems } = await open(
    'explore.html#fig=hinge&image=kde_dog&sigma=2.5&seed=7&zoom=3&playing=maybe');
  const st = await page.evaluate(() => window.spectralTide.state());
  assert.equal(st.fig, 'hinge');
  assert.equal(st.image, 'kde_dog');
  assert.equal(st.sigma, 2.5);
  assert.equal(st.seed, 7);
  assert.ok(await page.isVisible('#notice'), 'the ignored values are named where a person sees them');
  const note = await page.textContent('#notice');
  assert.match(note, /zoom/);
  assert.match(note, /playing/);
  // The address is rewritten to what was applied.
  await page.waitForFunction(() => !location.hash.includes('zoom'));
  assert.deepEqual(await hashOf(page), await paramsAsText(page));

  // Out of range: ignored with a note, the page keeps working.
  await page.evaluate(() => { location.hash = 'fig=rising-tide&sigma=1e9&playing=false'; });
  await page.waitForFunction(() => window.spectralTide.state().fig === 'rising-tide');
  await page.waitForFunction(() => /sigma: 1e9 is out of range/.test(document.getElementById('notice').textContent));
  await page.waitForFunction(() => !location.hash.includes('1e9'));
  const after = await page.evaluate(() => window.spectralTide.state());
  assert.equal(after.playing, false);
  assert.ok(after.sigma < 1e9);
  const shot = decodePng(await page.screenshot());
  assert.ok(boxStd(shot, 0, 0, shot.width, shot.height) > 20, 'the page still draws');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the hash follows set() and the keyboard without adding history entries', async () => {
  const { page, context, problems } = await open('explore.html');
  const historyLength = await page.evaluate(() => history.length);
  await page.evaluate(() => window.spectralTide.set({ fig: 'rising-tide', playing: false, sigma: 3, seed: 11 }));
  await page.waitForFunction(() => location.hash.includes('sigma=3&'));
  assert.deepEqual(await hashOf(page), await paramsAsText(page));
  assert.equal((await hashOf(page)).seed, '11');
  assert.equal((await hashOf(page)).fig, 'rising-tide');

  // The keyboard moves the main slider and then the figure; the address follows each.
  await page.focus('#canvas');
  await press(page, 'ArrowUp');
  await page.waitForFunction(() => !location.hash.includes('sigma=3&') && location.hash.includes('sigma='));
  assert.notEqual(Number((await hashOf(page)).sigma), 3);
  await press(page, 'ArrowRight');
  await page.waitForFunction(() => location.hash.includes('fig=ideal'));
  assert.deepEqual(await hashOf(page), await paramsAsText(page));
  assert.equal(await page.evaluate(() => history.length), historyLength, 'replaceState, not pushState');

  // Readouts (computed, not settable) stay out of links.
  await page.evaluate(() => window.spectralTide.set({ fig: 'diffusion', playing: false, t: 0.4 }));
  await page.waitForFunction(() => location.hash.includes('fig=diffusion'));
  assert.ok('fmax' in await page.evaluate(() => window.spectralTide.state()));
  assert.ok(!('fmax' in await hashOf(page)));
  assert.deepEqual(problems, []);
  await context.close();
});

test('copy link puts the link to exactly this view on the clipboard, or shows it selected', async () => {
  const { page, context, problems } = await open('explore.html#fig=noise&seed=42',
    { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.evaluate(() => window.spectralTide.set({ images: 'kde_cat,scratch_wave,skimage_rocket,gnome_tree' }));
  await page.click('#copy-link');
  await page.waitForFunction(() => document.getElementById('copy-link').textContent === 'Link copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await page.evaluate(() => location.href));
  assert.match(copied, /#fig=noise&seed=42&images=kde_cat,scratch_wave,skimage_rocket,gnome_tree$/);
  const want = await page.evaluate(() => window.spectralTide.params());
  await context.close();

  // The copied link opens the same view.
  const { page: again, context: c2 } = await open(copied.slice(base.length));
  assert.deepEqual(await again.evaluate(() => window.spectralTide.params()), want);
  await c2.close();

  // Without a clipboard the link is shown, selected.
  const { page: bare, context: c3, problems: p3 } = await open('explore.html#fig=slices&playing=false&angle=30', {
    init: () => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }),
  });
  await bare.click('#copy-link');
  await bare.waitForSelector('#link-box', { state: 'visible' });
  const box = await bare.evaluate(() => {
    const t = document.getElementById('link-text');
    return { value: t.value, focused: document.activeElement === t, start: t.selectionStart, end: t.selectionEnd };
  });
  assert.equal(box.value, await bare.evaluate(() => location.href));
  assert.match(box.value, /fig=slices/);
  assert.deepEqual([box.focused, box.start, box.end], [true, 0, box.value.length]);
  await bare.keyboard.press('Escape');
  assert.equal(await bare.isHidden('#link-box'), true);
  assert.deepEqual([...problems, ...p3], []);
  await c3.close();
});

test('embed.html shows one figure alone, sized to its frame, with a link to the same view', async () => {
  const { page, context, problems } = await open('embed.html#fig=rising-tide&playing=false&sigma=0.5&image=kde_owl',
    { width: 640, height: 420 });
  const layout = await page.evaluate(() => window.spectralTide.layout());
  assert.ok(!layout.some((it) => it.kind === 'navigation'), 'no table of contents');
  assert.deepEqual(layout.filter((it) => it.kind === 'title').map((it) => it.id), ['rising-tide']);
  assert.ok(layout.some((it) => it.kind === 'noisy' || it.kind === 'plot'), 'the figure is drawn');
  const size = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    return [c.clientWidth, c.clientHeight, c.width, c.height];
  });
  assert.deepEqual(size, [640, 420, 640, 420]);
  const link = await page.getAttribute('#open-full', 'href');
  assert.equal(link, `${base}index.html#fig=rising-tide&image=kde_owl&sigma=0.5&playing=false&seed=0&clip=false`);
  assert.equal(await page.getAttribute('#open-full', 'target'), '_blank');
  // The link's title is kept clear of it.
  const title = layout.find((it) => it.kind === 'title');
  const anchor = await page.locator('#open-full').boundingBox();
  assert.ok(title.x + title.w < anchor.x, `the title (${JSON.stringify(title)}) runs under the link (${JSON.stringify(anchor)})`);
  writeFileSync(join(artifacts, 'embed-rising-tide-640x420.png'), await page.screenshot());

  // The arrow keys do not leave the figure; the link follows changes.
  await page.focus('#canvas');
  await press(page, 'ArrowRight');
  await press(page, 'ArrowUp');
  await page.waitForFunction(() => !document.getElementById('open-full').href.includes('sigma=0.5&'));
  assert.equal((await page.evaluate(() => window.spectralTide.state())).fig, 'rising-tide');

  // The frame resizes: the canvas follows.
  await page.setViewportSize({ width: 420, height: 560 });
  await page.waitForFunction(() => document.getElementById('canvas').width === 420
    && document.getElementById('canvas').height === 560);
  await page.evaluate(() => window.spectralTide.settled());
  writeFileSync(join(artifacts, 'embed-rising-tide-420x560.png'), await page.screenshot());

  // The whole explainer, for comparison, has its navigation.
  const { page: full, context: c2 } = await open('explore.html#fig=rising-tide&playing=false');
  assert.ok((await full.evaluate(() => window.spectralTide.layout())).some((it) => it.kind === 'navigation'));
  await c2.close();
  assert.deepEqual(problems, []);
  await context.close();
});

// A blog's usual frame: every figure fits 720 x 420 without scrolling inside the iframe (a clip
// list scrolls, within itself).
test('every figure embedded at 720x420 fits its frame without scrolling', async () => {
  const { page, context, problems } = await open('embed.html#fig=spectra', { width: 720, height: 420 });
  const over = [];
  const check = async (id, name) => {
    await page.evaluate(() => window.spectralTide.settled(120000));
    const layout = await page.evaluate(() => window.spectralTide.layout());
    const bottom = Math.max(...layout.filter((it) => it.kind !== 'play').map((it) => it.y + it.h));
    if (bottom > 421) over.push(`${name} (down to ${bottom.toFixed(0)} px)`);
    if (['microphone', 'sampler', 'effort', 'lowpass'].includes(id)) {
      writeFileSync(join(artifacts, `embed-${name}-720x420.png`), await page.screenshot());
    }
  };
  for (const { id } of await page.evaluate(() => window.spectralTide.figures())) {
    await page.evaluate((fig) => window.spectralTide.set({ fig }), id);
    await check(id, id);
  }
  // The sampler's fullest view: the corpus model, with its weights and its verdict.
  await page.evaluate(() => window.spectralTide.set({ fig: 'sampler', model: 'corpus', step: 60 }));
  await check('sampler', 'sampler-corpus');
  assert.deepEqual(over, [], 'figures that scroll in a 720 x 420 embed');
  assert.deepEqual(problems, []);
  await context.close();
});

/** Opens the host page on the other origin with embeds (each an embed.html suffix); waits for
 *  every embed's `ready` unless `ready` is false. */
async function openHost(frames, { w = 640, h = 420, sibling = false, width = 1280, height = 720, ready = true } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = watch(page);
  const q = new URLSearchParams({ site: base, frames: frames.join('|'), w, h, ...(sibling ? { sibling: '1' } : {}) });
  await page.goto(`${hostBase}index.html?${q}`);
  // (goto waits for the load event, which waits for the iframes' documents.)
  if (ready) {
    await page.waitForFunction((n) => window.received.filter((m) => m.data.type === 'spectral-tide:ready').length === n,
      frames.length, { timeout: 60000 });
  }
  const embeds = page.frames().filter((f) => f.url().startsWith(`${base}embed.html`));
  // In the order of the host's iframes.
  embeds.sort((a, b) => frames.findIndex((s) => a.url().endsWith(s)) - frames.findIndex((s) => b.url().endsWith(s)));
  return { page, context, problems, embeds };
}

/** Sends a message to embed `frame` from the host page and waits for the reply with its id. */
async function ask(page, frame, message) {
  const id = `q${Math.random().toString(36).slice(2)}`;
  await page.evaluate(([f, m]) => window.send(f, m), [frame, { ...message, id }]);
  await page.waitForFunction((i) => window.received.some((m) => m.data.id === i), id);
  return page.evaluate((i) => window.received.find((m) => m.data.id === i), id);
}

test('inside a page of another origin: postMessage sets and reports, only for allowed origins; two embeds apart', async () => {
  const origins = encodeURIComponent(hostOrigin);
  const { page, context, problems, embeds } = await openHost([
    `?origins=${origins}#fig=rising-tide&playing=false&sigma=0.5`,
    '#fig=hinge&sigma=0.3&image=kde_parrot',
  ], { sibling: true, height: 960 });
  assert.equal(embeds.length, 2);
  const ready = await page.evaluate(() => window.received.filter((m) => m.data.type === 'spectral-tide:ready'));
  const readyOf = (f) => ready.find((m) => m.frame === f);
  assert.equal(readyOf(0).data.state.fig, 'rising-tide');
  assert.equal(readyOf(1).data.state.fig, 'hinge');
  assert.equal(readyOf(0).origin, base.replace(/\/$/, ''), 'events come from the embed\'s origin');
  assert.ok(readyOf(0).data.figures.some((f) => f.id === 'diffusion'));
  assert.equal(await embeds[0].evaluate(() => window.spectralTideEmbed.parentOrigin()), hostOrigin);

  // The allowed host sets parameters; the reply names what was applied and what was not.
  const result = await ask(page, 0, { type: 'spectral-tide:set', state: { sigma: 4, seed: 5, zoom: 2, playing: { no: 1 } } });
  assert.equal(result.data.type, 'spectral-tide:result');
  assert.deepEqual(result.data.applied.sort(), ['seed', 'sigma']);
  assert.deepEqual(result.data.rejected.map((r) => r.key).sort(), ['playing', 'zoom']);
  assert.equal(result.data.state.sigma, 4);
  assert.equal((await embeds[0].evaluate(() => window.spectralTide.state())).sigma, 4);
  // ... and hears the change as an event.
  await page.waitForFunction(() => window.received.some((m) => m.frame === 0 && m.data.type === 'spectral-tide:state'
    && m.data.id === undefined && m.data.state.sigma === 4));
  // The other embed did not move.
  assert.equal((await embeds[1].evaluate(() => window.spectralTide.state())).sigma, 0.3);

  // The second embed does not list the host: setting is refused, the state stays; reading works.
  const refused = await ask(page, 1, { type: 'spectral-tide:set', state: { sigma: 9 } });
  assert.equal(refused.data.type, 'spectral-tide:error');
  assert.match(refused.data.message, /may not set/);
  assert.equal((await embeds[1].evaluate(() => window.spectralTide.state())).sigma, 0.3);
  const got = await ask(page, 1, { type: 'spectral-tide:get' });
  assert.equal(got.data.type, 'spectral-tide:state');
  assert.equal(got.data.state.sigma, 0.3);
  assert.equal(got.frame, 1);

  // Unknown or malformed messages are ignored (the next reply is the next question's).
  await page.evaluate(() => {
    window.send(0, { type: 'spectral-tide:explode' });
    window.send(0, 'spectral-tide:set');
    window.send(0, { type: 'spectral-tide:set', state: { sigma: 7 }, id: { not: 'an id' } });
  });
  const after = await ask(page, 0, { type: 'spectral-tide:get' });
  assert.equal(after.data.state.sigma, 4);
  const bad = await ask(page, 0, { type: 'spectral-tide:set', state: 'sigma=7' });
  assert.equal(bad.data.type, 'spectral-tide:error');
  const replies = await page.evaluate(() => window.received.filter((m) => m.frame === 0
    && !['spectral-tide:ready', 'spectral-tide:state'].includes(m.data.type) && m.data.id === undefined));
  assert.deepEqual(replies, [], 'no reply to ignored messages');

  // A frame of the allowed origin that is not the parent is not listened to.
  const sibling = page.frames().find((f) => f.url().endsWith('sibling.html'));
  await sibling.evaluate(() => window.sendToFirstEmbed({ type: 'spectral-tide:set', state: { sigma: 8 } }));
  assert.equal((await ask(page, 0, { type: 'spectral-tide:get' })).data.state.sigma, 4);

  // A person's change in one embed is heard from that embed only.
  const before = await page.evaluate(() => window.received.length);
  await embeds[1].evaluate(() => window.spectralTide.set({ image: 'kde_dog' }));
  await page.waitForFunction((n) => window.received.slice(n).some((m) => m.data.type === 'spectral-tide:state'
    && m.data.state.image === 'kde_dog'), before);
  const heard = await page.evaluate((n) => window.received.slice(n).filter((m) => m.data.type === 'spectral-tide:state'), before);
  assert.ok(heard.every((m) => m.frame === 1), JSON.stringify(heard.map((m) => m.frame)));
  assert.equal((await embeds[0].evaluate(() => window.spectralTide.state())).image, 'kde_parrot');

  // A click gives an embed the keyboard: up moves its main slider, not the other's.
  const frameBox = await page.locator('iframe').nth(1).boundingBox();
  const title = (await embeds[1].evaluate(() => window.spectralTide.layout())).find((it) => it.kind === 'title');
  await page.mouse.click(frameBox.x + title.x + title.w / 2, frameBox.y + title.y + title.h / 2);
  assert.equal(await embeds[1].evaluate(() => document.activeElement.id), 'canvas');
  await page.keyboard.down('ArrowUp');
  await embeds[1].waitForFunction(() => window.spectralTide.state().sigma !== 0.3);
  await page.keyboard.up('ArrowUp');
  assert.equal((await embeds[0].evaluate(() => window.spectralTide.state())).sigma, 4);

  await embeds[0].evaluate(() => window.spectralTide.settled());
  await embeds[1].evaluate(() => window.spectralTide.settled());
  writeFileSync(join(artifacts, 'embed-two-in-host.png'), await page.screenshot());
  assert.deepEqual(problems, []);
  await context.close();
});

test('the wheel scrolls the host page over the embed, and a list in the figure when it can scroll', async () => {
  const { page, context, problems, embeds } = await openHost(['#fig=audio-clips'], { w: 720, h: 460 });
  const box = await page.locator('iframe').first().boundingBox();
  await embeds[0].evaluate(() => window.spectralTide.settled());
  const layout = await embeds[0].evaluate(() => window.spectralTide.layout());
  const plays = layout.filter((it) => it.kind === 'play');
  assert.ok(plays.length > 0);
  // Over the clip list (it has more clips than fit in 460 px): the list scrolls, the page not.
  const first = plays[0];
  await page.mouse.move(box.x + first.x + first.w + 20, box.y + first.y + first.h / 2);
  await embeds[0].evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.mouse.wheel(0, 200);
  await embeds[0].waitForFunction((y) => {
    const p = window.spectralTide.layout().filter((it) => it.kind === 'play');
    return p.length > 0 && p[0].y !== y;
  }, plays[0].y);
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the list took the wheel');

  // Over the waveform beside it nothing scrolls: the page does.
  const wave = layout.find((it) => it.kind === 'waveform' || it.kind === 'spectrogram');
  await page.mouse.move(box.x + wave.x + wave.w / 2, box.y + wave.y + wave.h / 2);
  await page.mouse.wheel(0, 300);
  await page.waitForFunction(() => window.scrollY > 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an embed out of view or in a hidden tab draws nothing until it is back', async () => {
  const { page, context, problems, embeds } = await openHost(['#fig=rising-tide&playing=true']);
  const embed = embeds[0];
  const frames = () => embed.evaluate(() => window.spectralTideEmbed.frames());
  const f0 = await frames();
  await embed.waitForFunction((n) => window.spectralTideEmbed.frames() > n + 5, f0);  // it animates
  await page.evaluate(() => window.scrollTo(0, 2000));
  // (Polled by timer: an iframe out of view gets no animation frames.)
  await embed.waitForFunction(() => !window.spectralTideEmbed.showing(), null, { polling: 100 });
  const f1 = await frames();
  await page.waitForTimeout(500);
  assert.equal(await frames(), f1, 'no frames while out of view');
  await page.evaluate(() => window.scrollTo(0, 0));
  await embed.waitForFunction(() => window.spectralTideEmbed.showing(), null, { polling: 100 });
  await embed.waitForFunction((n) => window.spectralTideEmbed.frames() > n, f1, { polling: 100 });

  // A hidden tab (headless Chromium keeps every tab visible: the page hears what a browser
  // says when a tab goes to the background, and when it comes back).
  const setHidden = (hidden) => embed.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
  await setHidden(true);
  assert.equal(await embed.evaluate(() => window.spectralTideEmbed.showing()), false);
  const f2 = await frames();
  await page.waitForTimeout(500);
  assert.equal(await frames(), f2, 'no frames in a hidden tab');
  await setHidden(false);
  await embed.waitForFunction((n) => window.spectralTideEmbed.frames() > n, f2, { polling: 100 });
  assert.deepEqual(problems, []);
  await context.close();
});

// Twenty figures that draw from what an embed downloads first (not the corpus statistics of
// fmax and mean-fit, nor the sampler's run), animations paused.
const TWENTY = ['spectra', 'slices', 'rapsd', 'noise', 'hinge', 'rising-tide', 'ideal', 'diffusion', 'lowpass',
  'snr-map', 'effort', 'equal-snr', 'phase', 'audio-clips', 'audio-spectra', 'audio-tide', 'mel', 'mel-rapsd',
  'cepstrum', 'cepstral-tide'];

/** Whether embed `i` of the host page shows its figure: it is ready, shows no lost-graphics
 *  notice, and its picture is not blank (above the notice's place and left of the link, which
 *  would show on an empty canvas too). Polls until `deadline` (ms since the epoch). */
async function drawnInView(page, embed, i, deadline) {
  let last;
  for (;;) {
    const st = await embed.evaluate(() => Promise.race([
      window.spectralTide.ready.then(() => 'ready', () => 'failed'),
      new Promise((r) => setTimeout(() => r('not ready'), 50)),
    ]).then((ready) => {
      const notice = document.getElementById('notice');
      return { ready, notice: notice.hidden ? '' : notice.textContent, still: window.spectralTideEmbed.still(),
        graphics: window.spectralTideEmbed.graphics?.(), status: document.getElementById('status').textContent };
    }));
    let std = 0;
    if (st.ready === 'ready') {
      const shot = decodePng(await page.locator('iframe').nth(i).screenshot());
      std = boxStd(shot, 0, 0, shot.width * 0.7, shot.height * 0.6);
      last = { ...st, std, shot };
    } else {
      last = { ...st, std };
    }
    // Drawn by the app itself: its context back and the last frame kept meanwhile taken away.
    if (st.ready === 'ready' && !/lost/.test(st.notice) && st.graphics === 'drawing' && !st.still && std > 8) {
      return { ok: true, ...last };
    }
    if (st.ready === 'failed' || Date.now() > deadline) return { ok: false, ...last };
    await page.waitForTimeout(200);
  }
}

test('twenty embeds on one page (more than the WebGL contexts a page may hold) each draw when scrolled to', async () => {
  const t0 = Date.now();
  const { page, context, problems, embeds } = await openHost(TWENTY.map((id) => `#fig=${id}&playing=false`),
    { w: 640, h: 400, ready: false });
  assert.equal(embeds.length, 20);
  const frames = page.locator('iframe');
  // Far below the first screen, nothing has started yet (no download, no context).
  assert.equal(await embeds[19].evaluate(() => window.spectralTideEmbed.graphics()), 'waiting');
  const visit = async (i, pass) => {
    await frames.nth(i).evaluate((f) => f.scrollIntoView({ block: 'center' }));
    if (pass === 'up') {
      // At once, before its context is back: the figure shows (its last frame), not a blank.
      const png = await frames.nth(i).screenshot();
      if (i % 7 === 0) writeFileSync(join(artifacts, `embed-twenty-back-${String(i).padStart(2, '0')}.png`), png);
      const shot = decodePng(png);
      const std = boxStd(shot, 0, 0, shot.width * 0.7, shot.height * 0.6);
      assert.ok(std > 8, `embed ${i} (${TWENTY[i]}) is blank when scrolled back to (std ${std.toFixed(1)})`);
    }
    const st = await drawnInView(page, embeds[i], i, Date.now() + 30000);
    if (st.shot && (i % 7 === 0 || !st.ok)) {
      writeFileSync(join(artifacts, `embed-twenty-${pass}-${String(i).padStart(2, '0')}-${TWENTY[i]}.png`),
        await frames.nth(i).screenshot());
    }
    assert.ok(st.ok, `${pass}: embed ${i} (${TWENTY[i]}) in view is not drawn: ready ${st.ready}, `
      + `graphics ${st.graphics}, status '${st.status}', notice '${st.notice}', picture std ${st.std.toFixed(1)}`);
  };
  // Down the page, each in turn, and back up: those scrolled past long ago come back.
  for (let i = 0; i < TWENTY.length; i++) await visit(i, 'down');
  // Those scrolled past a while ago have given their contexts back; the browser took none.
  const graphics = await Promise.all(embeds.map((e) => e.evaluate(() => window.spectralTideEmbed.graphics())));
  console.log(`# twenty embeds at the bottom: ${graphics.join(' ')}`);
  assert.ok(graphics.filter((g) => g === 'drawing').length <= 16, graphics.join(' '));
  assert.ok(!graphics.includes('lost'), graphics.join(' '));
  // Each that gave its context back shows its last frame instead (nothing blank on the way back).
  const stills = await Promise.all(embeds.map((e) => e.evaluate(() => window.spectralTideEmbed.still())));
  assert.deepEqual(graphics.map((g, i) => g === 'released' && !stills[i]).filter(Boolean), [],
    `released without a still: ${graphics.map((g, i) => `${g}${stills[i] ? '+still' : ''}`).join(' ')}`);
  const t1 = Date.now();
  for (let i = TWENTY.length - 1; i >= 0; i--) await visit(i, 'up');
  const t2 = Date.now();
  // None is left saying its graphics are lost, in view or not.
  const notices = await Promise.all(embeds.map((e) => e.evaluate(() => {
    const n = document.getElementById('notice');
    return n.hidden ? '' : n.textContent;
  })));
  assert.deepEqual(notices.map((n, i) => (/lost/.test(n) ? `${TWENTY[i]}: ${n}` : '')).filter(Boolean), []);
  writeFileSync(join(artifacts, 'embed-twenty-host.png'), await page.screenshot());
  console.log(`# twenty embeds: down the page (each starting) in ${((t1 - t0) / 1000).toFixed(1)} s, back up `
    + `(each restoring its context) in ${((t2 - t1) / 1000).toFixed(1)} s`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('embed.html has every element of explore.html that the page script uses', () => {
  const ids = (file) => new Set([...readFileSync(join(here, '../../web', file), 'utf8').matchAll(/\sid="([^"]+)"/g)]
    .map((m) => m[1]));
  const embed = ids('embed.html');
  const onlyInExplore = new Set(['to-article', 'copy-link', 'link-box', 'link-text', 'link-close']);
  const missing = [...ids('explore.html')].filter((id) => !embed.has(id) && !onlyInExplore.has(id));
  assert.deepEqual(missing, [], 'embed.html lacks elements that tide-page.js looks up');
});
