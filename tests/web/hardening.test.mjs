// Hardening (#6), the page's half: it works under a strict Content-Security-Policy, comes back
// from a lost WebGL context without a reload, and keeps its WebAssembly heap bounded through
// many files and a long session. Run by CTest (test "web.hardening") with TIDE_SITE_DIR and
// TIDE_ARTIFACTS set; prints what it measures as '# ...' lines.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { STRICT_CSP, startServer } from '../../scripts/serve.mjs';
import { launch } from './browser.mjs';
import { boxMean, boxStd, correlation, decodePng } from './png.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const site = process.env.TIDE_SITE_DIR ?? resolve(here, '../../build/web');
const artifacts = process.env.TIDE_ARTIFACTS ?? resolve(here, '../../build/test-artifacts');
const webSources = resolve(here, '../../web');
const images = resolve(here, '../../assets/images');
mkdirSync(artifacts, { recursive: true });

const MB = 1024 * 1024;
/** The heap after 100 short sound files: the page starts with 64 MB; before the app let go of
 *  older sounds it reached 133 MB here, and kept growing by about 0.8 MB a file. */
const HEAP_CEILING_FILES = 96 * MB;

let plain, strict, browser;

before(async () => {
  plain = await startServer(site);
  strict = await startServer(site, 0, '127.0.0.1', { csp: STRICT_CSP });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  plain?.server.close();
  strict?.server.close();
});

/** Opens a page, recording console errors, WebGL warnings, failed requests and CSP violations. */
async function open(url, { width = 1280, height = 720 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    else if (/WebGL|GL_INVALID/.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  // Installed before any of the page's scripts run, so no violation goes unseen.
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations.push(`${e.violatedDirective}: ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const response = await page.goto(url);
  return { page, problems, context, response };
}

/** Waits for `ready`, the overlay to fade and the figure to have drawn what it wants. */
async function settle(page) {
  await page.evaluate(() => window.spectralTide.ready);
  await page.waitForFunction(() => getComputedStyle(document.getElementById('overlay')).opacity === '0');
  await page.evaluate(() => window.spectralTide.settled());
}

/** Waits until every corpus file has been fetched (the background fetch allocates as it goes). */
async function corpusLoaded(page) {
  await page.waitForFunction(() => {
    const c = window.spectralTide.corpusLoading();
    return c.total > 0 && c.settled === c.total;
  }, null, { timeout: 60000 });
}

async function screenshot(page, name) {
  const png = await page.screenshot();
  writeFileSync(join(artifacts, name), png);
  return decodePng(png);
}

/** Correlation of 16 x 16 block means (green) of a drawn photo with its PNG file. */
function photoCorrelation(shot, item) {
  const asset = decodePng(readFileSync(join(images, `${item.id}.png`)));
  const drawn = [], file = [];
  const n = 16;
  for (let by = 0; by < n; by++) {
    for (let bx = 0; bx < n; bx++) {
      drawn.push(boxMean(shot, 1, item.x + (bx * item.w) / n, item.y + (by * item.h) / n,
        item.x + ((bx + 1) * item.w) / n, item.y + ((by + 1) * item.h) / n));
      file.push(boxMean(asset, 1, (bx * asset.width) / n, (by * asset.height) / n,
        ((bx + 1) * asset.width) / n, ((by + 1) * asset.height) / n));
    }
  }
  return correlation(drawn, file);
}

const heap = (page) => page.evaluate(() => window.spectralTide.memory().heapBytes);
const mb = (bytes) => `${(bytes / MB).toFixed(1)} MB`;

/** Installed in the page: tideWav(seconds, rate, f0) is a 16-bit mono WAV File of two tones. */
async function installWavMaker(page) {
  await page.evaluate(() => {
    window.tideWav = (name, seconds, rate, f0) => {
      const n = Math.round(seconds * rate);
      const view = new DataView(new ArrayBuffer(44 + 2 * n));
      const text = (at, s) => { for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i)); };
      text(0, 'RIFF'); view.setUint32(4, 36 + 2 * n, true); text(8, 'WAVE');
      text(12, 'fmt '); view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
      view.setUint32(24, rate, true); view.setUint32(28, 2 * rate, true); view.setUint16(32, 2, true);
      view.setUint16(34, 16, true); text(36, 'data'); view.setUint32(40, 2 * n, true);
      for (let i = 0; i < n; i++) {
        const x = 0.3 * Math.sin(2 * Math.PI * f0 * i / rate) + 0.2 * Math.sin(2 * Math.PI * 2.7 * f0 * i / rate);
        view.setInt16(44 + 2 * i, Math.round(x * 32767), true);
      }
      return new File([view.buffer], name, { type: 'audio/wav' });
    };
  });
}

// What a strict policy needs from the sources: no inline script, handlers or styles in the
// HTML, no eval and no HTML built from strings in the scripts (textContent instead), and no
// eval in the program Emscripten generated (-sDYNAMIC_EXECUTION=0).
test('the page\'s sources need neither inline script nor eval, and build no HTML from strings', () => {
  const found = [];
  const scan = (file, text, rules) => {
    text.split('\n').forEach((line, i) => {
      for (const [what, re] of rules) if (re.test(line)) found.push(`${file}:${i + 1}: ${what}: ${line.trim().slice(0, 120)}`);
    });
  };
  const files = readdirSync(webSources);
  const html = files.filter((f) => f.endsWith('.html'));
  const js = files.filter((f) => f.endsWith('.js'));
  assert.ok(html.includes('index.html') && js.includes('tide-page.js'), `web/ holds ${files.join(', ')}`);
  for (const f of html) {
    scan(`web/${f}`, readFileSync(join(webSources, f), 'utf8'), [
      ['inline script', /<script(?![^>]*\bsrc=)[^>]*>/i],
      ['inline event handler', /<[^>]*\son[a-z]+\s*=/i],
      ['inline style', /<[^>]*\sstyle\s*=|<style[\s>]/i],
      ['javascript: URL', /javascript:/i],
    ]);
  }
  for (const f of js) {
    scan(`web/${f}`, readFileSync(join(webSources, f), 'utf8'), [
      ['HTML from a string', /\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML|document\.write(ln)?\s*\(/],
      ['eval', /(?<![\w$.])eval\s*\(|new\s+Function\s*\(|set(Timeout|Interval)\s*\(\s*['"`]/],
      ['inline style attribute', /setAttribute\(\s*['"]style['"]/],
    ]);
  }
  const program = readFileSync(join(site, 'tide.js'), 'utf8');
  scan('tide.js (built)', program.replace(/;/g, ';\n'), [['eval', /(?<![\w$.])eval\s*\(|(?<![\w$.])Function\s*\(/]]);
  assert.deepEqual(found, []);
});

test('under a strict Content-Security-Policy the page starts and draws every figure, with no violation', async () => {
  const { page, problems, context, response } = await open(`${strict.url}explore.html`);
  assert.equal(response.headers()['content-security-policy'], STRICT_CSP, 'the server sends the policy');
  await settle(page);
  console.log(`# CSP: ${STRICT_CSP}`);
  const figures = (await page.evaluate(() => window.spectralTide.figures())).map((f) => f.id);
  const corpusImages = readFileSync(join(images, 'index.tsv'), 'utf8').trim().split('\n').length - 1;
  const plotted = ['plot', 'waveform', 'spectrogram', 'mel', 'mfcc'];
  for (const id of figures) {
    const result = await page.evaluate((fig) => window.spectralTide.set({ fig, playing: false }), id);
    assert.ok(result.applied.includes('fig'), `${id}: ${JSON.stringify(result)}`);
    if (id === 'mean-fit' || id === 'fmax') {
      await page.waitForFunction((n) => window.spectralTide.state().analysed === n, corpusImages, { timeout: 60000 });
    }
    await page.evaluate(() => window.spectralTide.settled());
    const shot = await screenshot(page, `csp-${id}.png`);
    assert.ok(boxStd(shot, 0, 0, shot.width, shot.height) > 20, `${id} is blank`);
    const layout = await page.evaluate(() => window.spectralTide.layout());
    const drawn = layout.filter((it) => plotted.includes(it.kind));
    assert.ok(drawn.length > 0, `${id} draws a plot`);
    for (const it of drawn) assert.ok(boxStd(shot, it.x, it.y, it.x + it.w, it.y + it.h) > 5, `${id}: ${it.kind} is blank`);
  }
  console.log(`# CSP: ${figures.length} figures drawn`);
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(problems, []);

  // The policy is in force and violations are seen: an inline script is refused and reported.
  const blocked = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true;';
    document.body.appendChild(s);
    await new Promise((r) => setTimeout(r, 50));
    return { ran: window.inlineRan === true, violations: window.cspViolations };
  });
  assert.equal(blocked.ran, false, 'an inline script runs: the policy is not applied');
  assert.equal(blocked.violations.length, 1, JSON.stringify(blocked.violations));
  assert.match(blocked.violations[0], /^script-src/);
  await context.close();
});

test('a lost WebGL context comes back without a reload: figures draw again, added sounds stay', async () => {
  const { page, problems, context } = await open(`${plain.url}explore.html#fig=spectra`);
  await settle(page);
  await installWavMaker(page);
  const added = await page.evaluate(() => window.spectralTide.openAudio(window.tideWav('mine.wav', 1.5, 16000, 440)));
  assert.deepEqual(added, { ok: true, message: '' });
  assert.equal((await page.evaluate(() => window.spectralTide.state())).clip, 'yours-1');

  /** The spectra figure's photos correlate with their files; spectra and phases are not blank. */
  const spectraDrawn = async (name) => {
    const shot = await screenshot(page, name);
    const layout = await page.evaluate(() => window.spectralTide.layout());
    const photos = layout.filter((it) => it.kind === 'image');
    const r = photos.map((p) => photoCorrelation(shot, p));
    const blank = layout.filter((it) => (it.kind === 'spectrum' || it.kind === 'phase')
      && boxStd(shot, it.x, it.y, it.x + it.w, it.y + it.h) <= 10);
    return { ok: photos.length === 4 && Math.min(...r) > 0.95 && blank.length === 0, r, blank: blank.length };
  };
  /** Loses the context, checks that frames stop harmlessly, restores it; resolves on 'webglcontextrestored'. */
  const loseAndRestore = async () => {
    await page.evaluate(async () => {
      const canvas = document.getElementById('canvas');
      const gl = canvas.getContext('webgl2');
      const ext = gl.getExtension('WEBGL_lose_context');
      const lost = new Promise((r) => canvas.addEventListener('webglcontextlost', r, { once: true }));
      ext.loseContext();
      await lost;
      // A few frames go by without a context (the app must not draw or make textures).
      await new Promise((r) => setTimeout(r, 300));
      if (!gl.isContextLost()) throw new Error('the context was not lost');
      const restored = new Promise((r) => canvas.addEventListener('webglcontextrestored', r, { once: true }));
      ext.restoreContext();
      await restored;
    });
  };
  /** Polls until the check passes (the restored context redraws within a few frames). */
  const eventually = async (check) => {
    let last;
    for (let i = 0; i < 40; i++) {
      last = await check();
      if (last.ok) return last;
      await page.waitForTimeout(100);
    }
    return last;
  };

  await page.evaluate(() => window.spectralTide.set({ fig: 'spectra' }));
  await page.evaluate(() => window.spectralTide.settled());
  const before = await spectraDrawn('context-before.png');
  assert.ok(before.ok, `before: ${JSON.stringify(before)}`);

  await loseAndRestore();
  assert.match(await page.textContent('#notice'), /graphics are back/);
  const restored = await eventually(() => spectraDrawn('context-restored.png'));
  assert.ok(restored.ok, `after the context came back: ${JSON.stringify(restored)}`);
  console.log(`# context loss: photo correlations before ${before.r.map((r) => r.toFixed(3)).join(' ')}, `
    + `after ${restored.r.map((r) => r.toFixed(3)).join(' ')}`);

  // Again, on the sound the person added: it is still there and its spectrogram is made anew.
  await page.evaluate(() => window.spectralTide.set({ fig: 'audio-clips', clip: 'yours-1' }));
  await page.evaluate(() => window.spectralTide.settled());
  await loseAndRestore();
  const clipDrawn = async () => {
    const shot = await screenshot(page, 'context-restored-clip.png');
    const spec = (await page.evaluate(() => window.spectralTide.layout())).find((it) => it.kind === 'spectrogram');
    const std = spec ? boxStd(shot, spec.x, spec.y, spec.x + spec.w, spec.y + spec.h) : 0;
    return { ok: spec?.id === 'yours-1' && std > 10, id: spec?.id, std };
  };
  const clip = await eventually(clipDrawn);
  assert.ok(clip.ok, `the added sound after a second loss: ${JSON.stringify(clip)}`);
  assert.equal((await page.evaluate(() => window.spectralTide.state())).clip, 'yours-1');
  assert.deepEqual(problems, []);
  await context.close();
});

// 100 sounds opened one after another, every tenth a file that cannot be read: the app keeps
// the last few a person added (dropping the oldest, with a notice), so the heap stops growing.
test('opening 100 sound files one after another keeps the heap bounded', async () => {
  const { page, problems, context } = await open(`${plain.url}explore.html#fig=audio-clips`);
  await settle(page);
  await corpusLoaded(page);
  await installWavMaker(page);
  const start = await heap(page);
  const run = await page.evaluate(async () => {
    const heapAt = [];
    const results = [];
    let notice = '';
    for (let i = 1; i <= 100; i++) {
      let file;
      if (i % 10 === 0) {
        // Unreadable: a WAV header over garbage, an empty file, text.
        file = i % 30 === 0 ? new File([], `empty-${i}.wav`, { type: 'audio/wav' })
          : i % 20 === 0 ? new File(['not a sound at all'], `notes-${i}.txt`, { type: 'text/plain' })
            : new File([new Uint8Array([82, 73, 70, 70, 4, 0, 0, 0, 87, 65, 86, 69, 1, 2, 3, 4])], `broken-${i}.wav`,
              { type: 'audio/wav' });
      } else {
        // 0.5 to 2 s at three sample rates (two of them resampled).
        const rate = [16000, 22050, 44100][i % 3];
        file = window.tideWav(`clip-${i}.wav`, 0.5 + (i % 4) * 0.5, rate, 200 + 10 * i);
      }
      const result = await window.spectralTide.openAudio(file);
      results.push(result);
      if (result.ok) notice = document.getElementById('notice').textContent;
      heapAt.push(window.spectralTide.memory().heapBytes);
    }
    return { heapAt, ok: results.filter((r) => r.ok).length, notice };
  });
  await page.evaluate(() => window.spectralTide.settled());
  const layout = await page.evaluate(() => window.spectralTide.layout());
  const yours = [...new Set(layout.filter((it) => it.kind === 'play' && it.id.startsWith('yours-')).map((it) => it.id))];
  const at = (n) => run.heapAt[n - 1];
  console.log(`# heap, 100 sound files (90 readable, 0.5-2 s): ${mb(start)} before, ${mb(at(10))} after 10, `
    + `${mb(at(25))} after 25, ${mb(at(50))} after 50, ${mb(at(100))} after 100; ${yours.length} of yours kept`);
  assert.equal(run.ok, 90, 'every readable file is added');
  assert.ok(yours.includes('yours-90'), `the newest sound is listed: ${yours.join(', ')}`);
  assert.equal(yours.length, 10, `the ten newest of yours are kept: ${yours.join(', ')}`);
  assert.match(run.notice, /clip-99\.wav added.*let go: clip-88\.wav \(at most 10 of your own/, 'the notice names the sound let go');
  assert.ok(at(100) <= HEAP_CEILING_FILES, `the heap reached ${mb(at(100))}, above the ceiling of ${mb(HEAP_CEILING_FILES)}`);
  assert.equal(at(100), at(50), `the heap still grows between the 50th and the 100th file`);
  assert.deepEqual(problems, []);
  await context.close();
});

// A long session: the rising tide plays for 20 s, other animations run, every figure is opened
// again and again. After one warm-up pass (every figure's caches filled) the heap stays put.
test('a long session of animations and figure changes does not grow the heap', async () => {
  const { page, problems, context } = await open(`${plain.url}explore.html#fig=rising-tide`);
  await settle(page);
  await corpusLoaded(page);
  const figures = (await page.evaluate(() => window.spectralTide.figures())).map((f) => f.id);
  const corpusImages = readFileSync(join(images, 'index.tsv'), 'utf8').trim().split('\n').length - 1;
  const tour = async () => {
    for (const id of figures) {
      await page.evaluate((fig) => window.spectralTide.set({ fig }), id);
      if (id === 'mean-fit' || id === 'fmax') {
        await page.waitForFunction((n) => window.spectralTide.state().analysed === n, corpusImages, { timeout: 60000 });
      }
      await page.evaluate(() => window.spectralTide.settled());
    }
  };
  const play = async (fig, seconds) => {
    await page.evaluate((f) => window.spectralTide.set({ fig: f, playing: true }), fig);
    const t0 = await page.evaluate(() => window.spectralTide.state());
    await page.waitForTimeout(seconds * 1000);
    const t1 = await page.evaluate(() => window.spectralTide.state());
    await page.evaluate(() => window.spectralTide.set({ playing: false }));
    return [t0, t1];
  };
  await tour();
  for (const fig of ['slices', 'rising-tide', 'diffusion', 'audio-tide']) await play(fig, 1);
  const warm = await heap(page);
  const [t0, t1] = await play('rising-tide', 20);
  assert.notEqual(t0.sigma, t1.sigma, 'the rising tide played');
  for (const fig of ['slices', 'diffusion', 'audio-tide']) await play(fig, 2);
  for (let round = 0; round < 3; round++) await tour();
  const end = await heap(page);
  console.log(`# heap, long session: ${mb(warm)} after one pass over the figures, ${mb(end)} after 20 s of `
    + `the rising tide, 6 s of other animations and 3 more passes over all ${figures.length} figures`);
  assert.equal(end, warm, `the heap grew by ${mb(end - warm)}`);
  assert.deepEqual(problems, []);
  await context.close();
});
