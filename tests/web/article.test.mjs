// The article (index.html) in a real browser. Scrolled top to bottom at a desktop (1440x900)
// and on a phone with touch (390x844), each section's figure appears with the section's
// parameters, with no console error and, on the phone, no sideways scroll; every "try this"
// link applies what its hash says and keeps its section current; links to a figure scroll to
// its section (or open explore.html for a figure the article does not show); the text shows
// before the WebAssembly arrives; the numbers in the prose are the app's; slides step with a
// clicker's keys; axe-core finds no serious or critical violation in either theme; the page
// runs under the strict Content-Security-Policy; its HTML and CSS weigh at most 80 KB; and
// where the essay sits beside the project (../shared/essay), no run of 8 words of the essay is
// in the page (originality.py; a clone without it skips that check and says so).
// Screenshots of every section go to TIDE_ARTIFACTS (article-<desktop|phone>-<nn>-<id>.png).
// Run by CTest (test "web.article") with TIDE_SITE_DIR and TIDE_ARTIFACTS set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer, STRICT_CSP } from '../../scripts/serve.mjs';
import { launch } from './browser.mjs';
import { boxStd, decodePng } from './png.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const site = process.env.TIDE_SITE_DIR ?? resolve(here, '../../build/web');
const artifacts = process.env.TIDE_ARTIFACTS ?? resolve(here, '../../build/test-artifacts');
const originality = resolve(here, '../../../shared/essay/originality.py');
mkdirSync(artifacts, { recursive: true });

let server, base, strict, browser;

before(async () => {
  ({ server, url: base } = await startServer(site));
  strict = await startServer(site, 0, '127.0.0.1', { csp: STRICT_CSP });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  strict?.server.close();
});

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

/** Opens a page, recording console errors and failed requests. */
async function open(path, { width, height, url = base, ...options } = DESKTOP) {
  const context = await browser.newContext({ viewport: { width, height }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(url + path);
  return { page, problems, context };
}

async function settle(page) {
  await page.evaluate(() => window.spectralTide.ready);
  await page.waitForFunction(() => getComputedStyle(document.getElementById('overlay')).opacity === '0');
  await page.evaluate(() => window.spectralTide.settled());
}

/** Whether the app's parameters hold every key=value of `want` (text, as a link carries them).
 * An animation started by `playing=true` may have ended, moving its step, by the time of asking. */
function agrees(params, want) {
  const text = (v) => (Array.isArray(v) ? v.join(',') : String(v));
  const moving = want.playing === 'true' ? ['playing', 'step', 'sigma', 'angle', 't'] : [];
  return Object.entries(want).every(([k, v]) => moving.includes(k) || (k in params
    && (text(params[k]) === v || (Number.isFinite(Number(v)) && Math.abs(Number(params[k]) - Number(v)) <= 1e-9 * Math.abs(Number(v))))));
}

test('the article\'s HTML and CSS weigh at most 80 KB, and its words are our own', () => {
  const bytes = ['index.html', 'tide-article.css', 'tide.css'].map((f) => statSync(join(site, f)).size);
  const total = bytes.reduce((a, b) => a + b, 0);
  console.log(`# article: index.html ${bytes[0]} B, tide-article.css ${bytes[1]} B, tide.css ${bytes[2]} B: ${(total / 1024).toFixed(1)} KB`);
  assert.ok(total <= 80 * 1024, `${total} bytes`);
  const html = readFileSync(join(site, 'index.html'), 'utf8');
  assert.ok(!/\\\(|\\\[/.test(html), 'every formula is typeset');
  assert.ok((html.match(/<math/g) || []).length >= 8, 'the formulas are MathML');
  if (!existsSync(originality)) {
    console.log('# originality: ../shared/essay is not beside this clone; the check is skipped');
    return;
  }
  const out = execFileSync('python3', [originality, join(site, 'index.html'), join(site, 'explore.html')], { encoding: 'utf8' });
  console.log(`# originality: ${out.trim() || 'nothing repeats the essay'}`);
});

test('the text shows before the WebAssembly arrives; the figure follows', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/tide.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(`${base}index.html`);
  await page.waitForSelector('h1', { state: 'visible' });
  const early = await page.evaluate(() => ({
    sections: document.querySelectorAll('#article section').length,
    words: document.getElementById('article').textContent.split(/\s+/).length,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    loading: !document.getElementById('overlay').classList.contains('hidden'),
  }));
  assert.ok(early.sections >= 15 && early.words > 2000 && early.loading, JSON.stringify(early));
  release();
  await page.evaluate(() => window.spectralTide.ready);
  const timing = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    ready: performance.getEntriesByName('tide-ready')[0]?.startTime,
  }));
  console.log(`# first text ${timing.fcp?.toFixed(0)} ms (with the program held back); ${early.words} words readable before it`);
  await context.close();
});

for (const [name, device] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`scrolled top to bottom (${name}), each section shows its figure with its parameters`, async () => {
    const { page, problems, context } = await open('index.html', device);
    await settle(page);
    const sections = await page.evaluate(() => window.tideArticle.sections());
    const figures = new Set((await page.evaluate(() => window.spectralTide.figures())).map((f) => f.id));
    for (const s of sections) assert.ok(figures.has(s.fig), `${s.id} shows ${s.fig}, which is no figure`);
    for (const [i, s] of sections.entries()) {
      // Scroll the way a reader does: the wheel or a swipe moves the page; here, in steps.
      await page.evaluate(async (id) => {
        const target = document.getElementById(id);
        const margin = parseFloat(getComputedStyle(target).scrollMarginTop) || 0;
        const goal = window.scrollY + target.getBoundingClientRect().top - margin;
        for (let k = 1; k <= 4; k++) {
          window.scrollTo(0, window.scrollY + (goal - window.scrollY) * (k / 4));
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        }
      }, s.id);
      await page.waitForFunction((id) => window.tideArticle.current() === id, s.id, { timeout: 10000 })
        .catch(() => assert.fail(`${name}: ${s.id} did not become current (${s.fig})`));
      await page.evaluate(() => window.spectralTide.settled());
      const params = await page.evaluate(() => window.spectralTide.params());
      assert.equal(params.fig, s.fig, `${name}: ${s.id}`);
      assert.ok(agrees(params, s.params), `${name}: ${s.id}: ${JSON.stringify(params)} lacks ${JSON.stringify(s.params)}`);
      const png = await page.screenshot();
      writeFileSync(join(artifacts, `article-${name}-${String(i + 1).padStart(2, '0')}-${s.id}.png`), png);
      const canvas = await page.locator('#canvas').boundingBox();
      const shot = decodePng(png);
      const scale = shot.width / device.width;
      assert.ok(boxStd(shot, canvas.x * scale, Math.max(0, canvas.y) * scale, (canvas.x + canvas.width) * scale,
        Math.min(device.height, canvas.y + canvas.height) * scale) > 10, `${name}: ${s.id}: the figure is blank`);
      if (name === 'phone') {
        const wide = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
        assert.ok(wide <= 0, `${name}: ${s.id}: the page scrolls sideways by ${wide} px`);
        assert.ok(canvas.height <= device.height * 0.45 + 1, `the phone's figure is ${canvas.height} px tall`);
      }
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('every "try this" link applies what its hash says, and its section stays current', async () => {
  const { page, problems, context } = await open('index.html');
  await settle(page);
  const links = await page.evaluate(() => [...document.querySelectorAll('#article a.try')].map((a, i) => {
    a.dataset.testIndex = String(i);
    return { i, href: a.getAttribute('href'), section: a.closest('section').id, fig: a.closest('section').dataset.fig };
  }));
  assert.ok(links.length >= 20, `${links.length} try links`);
  for (const link of links) {
    const want = Object.fromEntries(new URLSearchParams(link.href.replace(/^#/, '')));
    assert.equal(want.fig, link.fig, `${link.href} in ${link.section} shows another figure than its section's`);
    const a = page.locator(`a[data-test-index="${link.i}"]`);
    await a.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await a.click();
    // The hash is applied when the browser says it changed (a task after the click).
    const applied = await page.waitForFunction(([source, w]) => {
      const agreeing = new Function(`return ${source}`)();
      return agreeing(window.spectralTide.params(), w);
    }, [agrees.toString(), want], { timeout: 10000 }).then(() => true, () => false);
    await page.evaluate(() => window.spectralTide.settled());
    const params = await page.evaluate(() => window.spectralTide.params());
    assert.ok(applied && agrees(params, want), `${link.href}: ${JSON.stringify(params)}`);
    assert.equal(await page.evaluate(() => window.tideArticle.current()), link.section, link.href);
  }
  console.log(`# ${links.length} try links applied`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a link to a figure scrolls to its section and applies the rest; others open full screen', async () => {
  const { page, problems, context } = await open('index.html#fig=hinge&sigma=2');
  await settle(page);
  const where = await page.evaluate(() => {
    const id = window.tideArticle.current();
    return { id, fig: window.spectralTide.params().fig, sigma: window.spectralTide.params().sigma,
      top: document.getElementById(id).getBoundingClientRect().top };
  });
  assert.equal(where.fig, 'hinge');
  assert.equal(where.sigma, 2);
  assert.ok(Math.abs(where.top) < 40, `the hinge's section is at the top (${where.top} px)`);
  writeFileSync(join(artifacts, 'article-deep-link-hinge.png'), await page.screenshot());
  // The full-screen link carries what the figure shows.
  await page.waitForFunction(() => /explore\.html#fig=hinge.*sigma=2/.test(document.getElementById('open-full').href));
  await context.close();

  const { page: old, problems: oldProblems, context: c2 } = await open('index.html#fig=microphone&frozen=true');
  await old.waitForURL(/explore\.html#fig=microphone&frozen=true$/);
  await settle(old);
  assert.equal((await old.evaluate(() => window.spectralTide.params())).fig, 'microphone');
  // Leaving for explore.html cuts the article's own downloads short: those are expected.
  assert.deepEqual([...problems, ...oldProblems.filter((p) => !/net::ERR_ABORTED$/.test(p))], []);
  await c2.close();
});

test('the numbers in the text are the app\'s, as its figures show them', async () => {
  const { page, problems, context } = await open('index.html');
  await settle(page);
  await page.waitForFunction(() => window.tideArticle.numbers().complete, null, { timeout: 120000 });
  const numbers = await page.evaluate(() => window.tideArticle.numbers());
  const spans = await page.evaluate(() => [...document.querySelectorAll('.num')].map((s) => [s.dataset.num, s.textContent]));
  assert.ok(spans.length >= 8, `${spans.length} live numbers in the text`);
  for (const [key, text] of spans) {
    assert.ok(key in numbers, `the text asks for ${key}, which the app does not give`);
    assert.ok(text !== '' && Math.abs(Number(text) - numbers[key]) <= 0.006 * Math.max(1, Math.abs(numbers[key])), `${key}: "${text}" against ${numbers[key]}`);
  }
  // The same numbers as the figures give.
  const figure = (params, key) => page.evaluate(async ([p, k]) => {
    window.spectralTide.set(p);
    await window.spectralTide.settled();
    return window.spectralTide.state()[k];
  }, [params, key]);
  assert.equal(await figure({ fig: 'mean-fit', photos: 'corpus', resample: true }, 'alpha'), numbers.alpha);
  assert.equal(await figure({ fig: 'mean-fit', resample: false }, 'alpha'), numbers.alpha_raw);
  assert.equal(await figure({ fig: 'audio-mean', group: 'all' }, 'peak_hz'), numbers.peak_hz);
  assert.equal(await figure({ fig: 'audio-mean', group: 'speech' }, 'peak_hz'), numbers.peak_hz_speech);
  assert.equal(await figure({ fig: 'audio-mean', group: 'music' }, 'peak_hz'), numbers.peak_hz_music);
  assert.equal(await figure({ fig: 'fmax', tau: 1, t: 0.5, schedule: 'rf' }, 'fmax'), numbers.fmax_half);
  assert.equal(numbers.n_nature + numbers.n_manmade, numbers.n_photos);
  assert.ok(Math.abs(numbers.alpha_256 - numbers.alpha) < 0.3, `alpha at 256 px ${numbers.alpha_256} near ${numbers.alpha}`);
  console.log(`# numbers: ${JSON.stringify(numbers)}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('slides: one section a slide, its takeaway over its figure; a clicker steps', async () => {
  const { page, problems, context } = await open('index.html', { width: 1280, height: 720 });
  await settle(page);
  await page.click('#present');
  await page.waitForFunction(() => document.documentElement.classList.contains('slides'));
  const first = await page.evaluate(() => window.tideArticle.current());
  const visible = await page.evaluate(() => [...document.querySelectorAll('#article section')]
    .filter((s) => s.getBoundingClientRect().height > 0).map((s) => s.id));
  assert.deepEqual(visible, [first], 'one section shows');
  const shown = await page.evaluate(() => {
    const s = document.querySelector('#article section.current');
    const seen = (sel) => { const el = s.querySelector(sel); return !!el && el.getBoundingClientRect().height > 0; };
    return { takeaway: seen('.takeaway'), title: seen('h2, h3'), caption: seen('.caption'),
      scroll: document.scrollingElement.scrollHeight - window.innerHeight };
  });
  assert.deepEqual(shown, { takeaway: true, title: true, caption: false, scroll: 0 });
  const canvas = await page.locator('#canvas').boundingBox();
  assert.ok(canvas.height >= 720 * 0.6, `the figure is ${canvas.height} px tall`);
  await page.evaluate(() => window.spectralTide.settled());
  writeFileSync(join(artifacts, 'article-slides-1280x720.png'), await page.screenshot());
  const sections = await page.evaluate(() => window.tideArticle.sections());
  const at = async () => page.evaluate(() => [window.tideArticle.current(), window.spectralTide.params().fig]);
  await page.keyboard.press('PageDown');
  assert.deepEqual(await at(), [sections[1].id, sections[1].fig]);
  await page.focus('#canvas');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  assert.deepEqual(await at(), [sections[3].id, sections[3].fig]);
  await page.keyboard.press('PageUp');
  assert.deepEqual(await at(), [sections[2].id, sections[2].fig]);
  await page.evaluate(() => window.spectralTide.settled());
  writeFileSync(join(artifacts, 'article-slides-1280x720-3.png'), await page.screenshot());
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.documentElement.classList.contains('slides'));
  assert.equal(await page.evaluate(() => window.tideArticle.current()), sections[2].id);
  assert.deepEqual(problems, []);
  await context.close();
});

test('under the strict Content-Security-Policy the article starts with no violation', async () => {
  const { page, problems, context } = await open('index.html#fig=rising-tide', { ...DESKTOP, url: strict.url });
  await settle(page);
  await page.evaluate(() => window.scrollTo(0, document.scrollingElement.scrollHeight / 2));
  await page.evaluate(() => window.spectralTide.settled());
  // A violation is a console error ("Refused to ...").
  assert.deepEqual(problems, []);
  await context.close();
});

test('axe-core finds no serious or critical violation in the article, light or dark', async () => {
  const axe = resolve(here, '../../node_modules/axe-core/axe.min.js');
  for (const colorScheme of ['light', 'dark']) {
    const { page, problems, context } = await open('index.html#fig=hinge&sigma=1', { ...DESKTOP, colorScheme });
    await settle(page);
    writeFileSync(join(artifacts, `article-${colorScheme}.png`), await page.screenshot());
    await page.addScriptTag({ path: axe });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(serious, [], colorScheme);
    assert.deepEqual(problems, [], colorScheme);
    await context.close();
  }
});
