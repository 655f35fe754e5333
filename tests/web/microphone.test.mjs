// The microphone figure in a real browser. Chromium's fake microphone plays a WAV the test
// writes (the corpus's ten speech clips, 20 s, looped) into getUserMedia; the test starts the
// microphone with a click on the figure's button, as a person would, and checks the live
// log-mel and power-law fit, Freeze, leaving the figure, and each way the microphone can be
// unavailable: permission denied, no device, a page that is not secure, the device lost.
// The page is served with the strict Content-Security-Policy hosts are asked to use.
// Run by CTest (test "web.microphone") with TIDE_SITE_DIR and TIDE_ARTIFACTS set.
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
const audioDir = resolve(here, '../../assets/audio');
mkdirSync(artifacts, { recursive: true });

/** The 16-bit mono samples of a corpus clip (a PCM WAV: its "data" chunk). */
function wavSamples(path) {
  const b = readFileSync(path);
  assert.equal(b.toString('latin1', 0, 4), 'RIFF');
  for (let pos = 12; pos + 8 <= b.length;) {
    const id = b.toString('latin1', pos, pos + 4);
    const size = b.readUInt32LE(pos + 4);
    if (id === 'fmt ') {
      assert.equal(b.readUInt16LE(pos + 8), 1, `${path}: PCM`);
      assert.equal(b.readUInt16LE(pos + 10), 1, `${path}: mono`);
      assert.equal(b.readUInt32LE(pos + 12), 22050, `${path}: 22,050 Hz`);
      assert.equal(b.readUInt16LE(pos + 22), 16, `${path}: 16-bit`);
    }
    if (id === 'data') return b.subarray(pos + 8, pos + 8 + size);
    pos += 8 + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

/** A 16-bit PCM mono WAV (what Chromium's --use-file-for-fake-audio-capture reads). */
function wavFile(data, rate) {
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0);
  fmt.writeUInt16LE(1, 2);
  fmt.writeUInt32LE(rate, 4);
  fmt.writeUInt32LE(rate * 2, 8);
  fmt.writeUInt16LE(2, 12);
  fmt.writeUInt16LE(16, 14);
  const chunk = (id, body) => Buffer.concat([Buffer.from(id, 'latin1'), Buffer.from(Uint32Array.of(body.length).buffer), body]);
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), chunk('fmt ', fmt), chunk('data', data)]);
  return Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.from(Uint32Array.of(body.length).buffer), body]);
}

let server, base, workDir, speechWav;
const FAKE_MIC = () => ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
  `--use-file-for-fake-audio-capture=${speechWav}`];

before(async () => {
  ({ server, url: base } = await startServer(site, 0, '127.0.0.1', { csp: STRICT_CSP }));
  workDir = mkdtempSync(join(tmpdir(), 'tide-mic-'));
  const speech = readFileSync(join(audioDir, 'index.tsv'), 'utf8').trim().split('\n').slice(1)
    .map((line) => line.split('\t')).filter((c) => c[1] === 'speech').map((c) => c[0]);
  assert.equal(speech.length, 10);
  speechWav = join(workDir, 'speech.wav');
  writeFileSync(speechWav, wavFile(Buffer.concat(speech.map((id) => wavSamples(join(audioDir, `${id}.wav`)))), 22050));
});

after(() => {
  server?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** Counts getUserMedia calls and keeps the last stream (window.__streams), before the page runs. */
function watchGetUserMedia() {
  window.__getUserMediaCalls = 0;
  window.__streams = [];
  const md = navigator.mediaDevices;
  if (!md || !md.getUserMedia) return;
  const original = md.getUserMedia.bind(md);
  md.getUserMedia = async (constraints) => {
    window.__getUserMediaCalls++;
    const stream = await original(constraints);
    window.__streams.push(stream);
    return stream;
  };
}

/** A page of its own browser context, recording console errors and CSP violations. */
async function open(browser, url, { init = [] } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.addInitScript(watchGetUserMedia);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective}: ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  for (const script of init) await page.addInitScript(script);
  await page.goto(url);
  await page.evaluate(() => window.spectralTide.ready);
  await page.waitForFunction(() => getComputedStyle(document.getElementById('overlay')).opacity === '0');
  return { context, page, problems };
}

const state = (page) => page.evaluate(() => window.spectralTide.state());

async function click(page, id) {
  const item = (await page.evaluate(() => window.spectralTide.layout())).find((it) => it.kind === 'button' && it.id === id);
  assert.ok(item, `a "${id}" button is drawn`);
  await page.mouse.click(item.x + item.w / 2, item.y + item.h / 2);
}

/** The screenshot and the region of the live spectrogram in it. */
async function spectrogramShot(page, name) {
  const png = await page.screenshot();
  writeFileSync(join(artifacts, name), png);
  const mel = (await page.evaluate(() => window.spectralTide.layout())).find((it) => it.kind === 'mel' && it.id === 'microphone');
  assert.ok(mel, 'the live spectrogram is drawn');
  return { shot: decodePng(png), mel };
}

/** Mean absolute difference of two screenshots inside a rectangle. */
function regionDiff(a, b, r) {
  let sum = 0, n = 0;
  for (let y = Math.floor(r.y); y < r.y + r.h; y++) {
    for (let x = Math.floor(r.x); x < r.x + r.w; x++) {
      const i = (y * a.width + x) * a.channels;
      for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i + c] - b.data[i + c]);
      n += 3;
    }
  }
  return sum / n;
}

test('the microphone figure listens to a (fake) microphone after a click: live log-mel, alpha, Freeze', async () => {
  const browser = await launch(FAKE_MIC());
  try {
    const { page, problems, context } = await open(browser, `${base}explore.html#fig=microphone`);
    let st = await state(page);
    assert.equal(st.fig, 'microphone');
    assert.equal(st.microphone, 'off', 'the microphone does not start on load');
    assert.equal(st.alpha, null);
    assert.equal(await page.evaluate(() => window.__getUserMediaCalls), 0, 'nothing asked for the microphone');
    assert.match(await page.textContent('#figure-caption'), /Nothing leaves this computer/);
    const figures = await page.evaluate(() => window.spectralTide.figures());
    assert.equal(figures.at(-1).id, 'microphone', 'the last figure of the sound chapter');
    assert.equal(figures.at(-1).section, figures.find((f) => f.id === 'mel').section);

    await click(page, 'start-microphone');
    await page.waitForFunction(() => window.spectralTide.state().microphone === 'listening', null, { timeout: 10000 });
    assert.equal(await page.evaluate(() => window.__getUserMediaCalls), 1);
    assert.equal(await page.evaluate(() => window.tideMicrophone.mode()), 'worklet',
      'the AudioWorklet runs under a strict Content-Security-Policy');
    assert.match(await page.textContent('#notice'), /nothing is recorded or sent/);
    // A full window of sound, analysed.
    await page.waitForFunction(() => {
      const s = window.spectralTide.state();
      return s.seconds >= 3.9 && s.alpha !== null;
    }, null, { timeout: 20000 });
    st = await state(page);
    console.log(`# live alpha ${st.alpha.toFixed(3)} (R^2 ${st.r2.toFixed(3)}) over ${st.seconds.toFixed(2)} s `
      + `at ${st.rate} Hz; ${st.heard.toFixed(1)} s heard`);
    assert.equal(st.rate, 22050, 'Chromium delivers 22,050 Hz itself');
    assert.ok(Number.isFinite(st.alpha) && st.alpha > 1 && st.alpha < 4, `alpha ${st.alpha} is plausible for speech`);
    assert.ok(st.r2 > 0.8, `the power law fits (R^2 ${st.r2})`);
    const live = await spectrogramShot(page, 'microphone-live.png');
    assert.ok(boxStd(live.shot, live.mel.x, live.mel.y, live.mel.x + live.mel.w, live.mel.y + live.mel.h) > 25,
      'the spectrogram is not blank');
    const rapsd = (await page.evaluate(() => window.spectralTide.layout())).find((it) => it.id === 'microphone-rapsd');
    assert.ok(rapsd && rapsd.w > 200 && rapsd.h > 150, 'the RAPSD plot is drawn');

    // Freeze: the sound keeps arriving, the picture and the numbers stay.
    await click(page, 'freeze');
    await page.waitForFunction(() => window.spectralTide.state().frozen === true);
    await page.mouse.move(5, 5);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const frozen = await state(page);
    const a = await spectrogramShot(page, 'microphone-frozen-a.png');
    await page.waitForFunction((h) => window.spectralTide.state().heard > h + 1.5, frozen.heard, { timeout: 10000 });
    const later = await state(page);
    const b = await spectrogramShot(page, 'microphone-frozen-b.png');
    assert.equal(later.microphone, 'listening');
    assert.equal(later.alpha, frozen.alpha, 'alpha stays while frozen');
    assert.equal(later.r2, frozen.r2);
    assert.ok(regionDiff(a.shot, b.shot, a.mel) < 0.01, 'the spectrogram stays while frozen');

    // Resume: the numbers move on with the sound.
    await click(page, 'resume');
    await page.waitForFunction((alpha) => {
      const s = window.spectralTide.state();
      return !s.frozen && s.alpha !== null && s.alpha !== alpha;
    }, frozen.alpha, { timeout: 10000 });
    const moved = await spectrogramShot(page, 'microphone-resumed.png');
    assert.ok(regionDiff(b.shot, moved.shot, b.mel) > 1, 'the spectrogram scrolls again');

    // Leaving the figure releases the microphone; the figure is off when it comes back.
    await page.evaluate(() => window.spectralTide.set({ fig: 'mel' }));
    await page.waitForFunction(() => !window.tideMicrophone.active());
    assert.equal(await page.evaluate(() => window.__streams[0].getAudioTracks()[0].readyState), 'ended');
    await page.evaluate(() => window.spectralTide.set({ fig: 'microphone' }));
    assert.equal((await state(page)).microphone, 'off');

    assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no Content-Security-Policy violation');
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await browser.close();
  }
});

test('the Stop button releases the microphone and keeps the last picture; frozen is a state key', async () => {
  const browser = await launch(FAKE_MIC());
  try {
    const { page, problems, context } = await open(browser, `${base}explore.html#fig=microphone&frozen=true`);
    assert.equal((await state(page)).frozen, true, 'frozen comes from the link');
    const bad = await page.evaluate(() => window.spectralTide.set({ frozen: 'maybe', microphone: 'on' }));
    assert.deepEqual(bad.applied, []);
    assert.match(bad.rejected.find((r) => r.key === 'microphone').message, /click on Start microphone/);
    assert.equal(await page.evaluate(() => window.__getUserMediaCalls), 0);
    await click(page, 'start-microphone');  // starting also resumes
    await page.waitForFunction(() => {
      const s = window.spectralTide.state();
      return s.microphone === 'listening' && !s.frozen && s.alpha !== null;
    }, null, { timeout: 15000 });
    await click(page, 'stop-microphone');
    await page.waitForFunction(() => window.spectralTide.state().microphone === 'off');
    assert.equal(await page.evaluate(() => window.tideMicrophone.active()), false);
    assert.equal(await page.evaluate(() => window.__streams[0].getAudioTracks()[0].readyState), 'ended');
    const st = await state(page);
    assert.ok(Number.isFinite(st.alpha), 'the last numbers stay');
    const { shot, mel } = await spectrogramShot(page, 'microphone-stopped.png');
    assert.ok(boxStd(shot, mel.x, mel.y, mel.x + mel.w, mel.y + mel.h) > 25, 'the last picture stays');
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await browser.close();
  }
});

/** Clicks Start and waits for the figure to report a failure; returns its message. */
async function startAndFail(page, name) {
  await page.evaluate(() => {
    const notice = document.getElementById('notice');
    notice.hidden = true;
    notice.textContent = '';
  });
  await click(page, 'start-microphone');
  await page.waitForFunction(() => document.getElementById('notice').textContent !== ''
    && window.spectralTide.state().microphone === 'failed', null, { timeout: 10000 });
  const st = await state(page);
  await page.mouse.move(5, 5);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  writeFileSync(join(artifacts, name), await page.screenshot());
  assert.ok(await page.isVisible('#notice'), 'the message is shown on the page');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.equal(await page.textContent('#notice'), st.message, 'the page and the figure say the same');
  assert.equal(await page.evaluate(() => window.tideMicrophone.active()), false);
  return st.message;
}

test('permission denied: the figure and the page say how to allow the microphone', async () => {
  // Without --use-fake-ui-for-media-stream headless Chromium denies the permission prompt.
  const browser = await launch(['--use-fake-device-for-media-stream']);
  try {
    const { page, problems, context } = await open(browser, `${base}explore.html#fig=microphone`);
    const message = await startAndFail(page, 'microphone-denied.png');
    assert.match(message, /^Microphone access was denied\. .*allow the microphone for this site/);
    // A second try asks again (and is denied again) rather than sticking.
    assert.match(await startAndFail(page, 'microphone-denied-again.png'), /denied/);
    assert.equal(await page.evaluate(() => window.__getUserMediaCalls), 2);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await browser.close();
  }
});

test('no microphone: the figure and the page say so', async (t) => {
  // The permission is granted but there is no fake device: this machine's own devices count.
  const browser = await launch(['--use-fake-ui-for-media-stream']);
  try {
    const { page, problems, context } = await open(browser, `${base}explore.html#fig=microphone`);
    const inputs = await page.evaluate(async () => (await navigator.mediaDevices.enumerateDevices())
      .filter((d) => d.kind === 'audioinput').length);
    if (inputs > 0) {
      t.skip('this machine has a microphone of its own');
      await context.close();
      return;
    }
    assert.match(await startAndFail(page, 'microphone-missing.png'), /^No microphone was found\./);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await browser.close();
  }
});

test('a page that is not secure (http, not localhost) explains that the microphone needs https', async () => {
  const port = new URL(base).port;
  const browser = await launch([...FAKE_MIC(), '--host-resolver-rules=MAP tide.test 127.0.0.1']);
  try {
    const { page, problems, context } = await open(browser, `http://tide.test:${port}/explore.html#fig=microphone`);
    assert.equal(await page.evaluate(() => window.isSecureContext), false);
    const message = await startAndFail(page, 'microphone-insecure.png');
    assert.match(message, /only on a secure page: open Spectral Tide over https:\/\/ or from localhost/);
    assert.match(message, /tide\.test/);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await browser.close();
  }
});

test('the device lost mid-stream: a message, and the last picture stays', async () => {
  const browser = await launch(FAKE_MIC());
  try {
    const { page, problems, context } = await open(browser, `${base}explore.html#fig=microphone`);
    await click(page, 'start-microphone');
    await page.waitForFunction(() => window.spectralTide.state().alpha !== null, null, { timeout: 15000 });
    // What the browser does when a microphone is unplugged: its track ends.
    await page.evaluate(() => window.__streams[0].getAudioTracks()[0].dispatchEvent(new Event('ended')));
    await page.waitForFunction(() => window.spectralTide.state().microphone === 'failed');
    const st = await state(page);
    assert.match(st.message, /stopped delivering sound: it was unplugged/);
    assert.ok(Number.isFinite(st.alpha), 'the last numbers stay');
    assert.equal(await page.textContent('#notice'), st.message);
    assert.equal(await page.evaluate(() => window.__streams[0].getAudioTracks()[0].readyState), 'ended',
      'the device is released');
    const { shot, mel } = await spectrogramShot(page, 'microphone-lost.png');
    assert.ok(boxStd(shot, mel.x, mel.y, mel.x + mel.w, mel.y + mel.h) > 25, 'the last picture stays');
    // Starting again works.
    await click(page, 'start-microphone');
    await page.waitForFunction(() => window.spectralTide.state().microphone === 'listening', null, { timeout: 10000 });
    assert.equal((await state(page)).message, '');
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await browser.close();
  }
});

test('without AudioWorklet or a 22,050 Hz context: a ScriptProcessor, resampled in the core', async () => {
  const browser = await launch(FAKE_MIC());
  try {
    // A browser that refuses AudioContext({sampleRate}) and has no AudioWorklet.
    const old = () => {
      const Native = window.AudioContext;
      window.AudioContext = class extends Native {
        constructor(options) {
          if (options && options.sampleRate) throw new DOMException('sampleRate is not supported', 'NotSupportedError');
          super();
        }
      };
      delete window.AudioWorkletNode;
    };
    const { page, problems, context } = await open(browser, `${base}explore.html#fig=microphone`, { init: [old] });
    await click(page, 'start-microphone');
    await page.waitForFunction(() => {
      const s = window.spectralTide.state();
      return s.seconds >= 3.9 && s.alpha !== null;
    }, null, { timeout: 20000 });
    assert.equal(await page.evaluate(() => window.tideMicrophone.mode()), 'script-processor');
    const st = await state(page);
    console.log(`# live alpha through the ScriptProcessor at ${st.rate} Hz, resampled: ${st.alpha.toFixed(3)}`);
    assert.notEqual(st.rate, 22050);
    assert.ok(st.alpha > 1 && st.alpha < 4, `alpha ${st.alpha} is plausible for speech`);
    const { shot, mel } = await spectrogramShot(page, 'microphone-resampled.png');
    assert.ok(boxStd(shot, mel.x, mel.y, mel.x + mel.w, mel.y + mel.h) > 25, 'the spectrogram is not blank');
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await browser.close();
  }
});
