// The page around the WebAssembly app: checks that the browser can run it, shows loading
// progress and errors in words, loads tide.js, and exposes window.spectralTide:
//   ready      Promise, resolves when the first figure has been drawn
//   figures()  [{id, title, section}] in the essay's order
//   state()    {fig, ...parameters of that figure}
//   set(obj)   change them (same keys); returns {applied: [...], rejected: [{key, message}]}
//   layout()   what the last frame drew, with CSS-pixel rectangles (for tests)
// The URL hash (#fig=spectra&images=a,b,c,d) is applied on load and when it changes.
'use strict';

(function () {
  const overlay = document.getElementById('overlay');
  const statusText = document.getElementById('status');
  const progress = document.getElementById('progress');
  const canvas = document.getElementById('canvas');

  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  let running = false;

  function showError(message) {
    overlay.classList.remove('hidden');
    overlay.classList.add('error');
    statusText.textContent = message;
    rejectReady(new Error(message));
  }

  function call(name, ...args) {
    if (!running) throw new Error('Spectral Tide is not running yet; wait for spectralTide.ready');
    const types = args.map(() => 'string');
    return Module.ccall(name, 'string', types, args);
  }

  function describe() {
    const st = JSON.parse(call('tide_state_json'));
    const fig = JSON.parse(call('tide_figures_json')).find((f) => f.id === st.fig);
    if (fig) {
      document.getElementById('figure-title').textContent = `${fig.section}: ${fig.title}`;
      document.getElementById('figure-caption').textContent = fig.caption || '';
    }
  }

  function set(obj) {
    const applied = [];
    const rejected = [];
    if (obj === null || typeof obj !== 'object') throw new TypeError('spectralTide.set expects an object');
    // The figure first, so that the other keys reach the figure they belong to.
    const keys = Object.keys(obj).sort((a, b) => (b === 'fig') - (a === 'fig'));
    for (const key of keys) {
      let value = obj[key];
      if (Array.isArray(value)) value = value.join(',');
      const message = call('tide_set', String(key), String(value));
      if (message) rejected.push({ key, message }); else applied.push(key);
    }
    describe();
    return { applied, rejected };
  }

  function applyHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    const obj = Object.fromEntries(params.entries());
    if (Object.keys(obj).length === 0) return;
    const { rejected } = set(obj);
    for (const r of rejected) console.warn(`Spectral Tide: URL parameter ${r.key} ignored: ${r.message}`);
  }

  // Sound: one AudioContext, created (or resumed) on the first click or key press on the
  // canvas, since browsers only let a page start audio after the person has interacted with it.
  const tideAudio = {
    ctx: null,
    source: null,
    context() {
      const AC = window.AudioContext || window.webkitAudioContext;
      if (!AC) return null;
      if (!this.ctx) this.ctx = new AC();
      if (this.ctx.state === 'suspended') this.ctx.resume().catch(() => {});
      return this.ctx;
    },
    /** Plays mono float samples (copied) at `rate` Hz; false if the browser has no Web Audio. */
    play(samples, rate) {
      const ctx = this.context();
      if (!ctx) return false;
      this.stop();
      const buffer = ctx.createBuffer(1, samples.length, rate);
      buffer.copyToChannel(new Float32Array(samples), 0);
      const source = ctx.createBufferSource();
      source.buffer = buffer;
      source.connect(ctx.destination);
      source.onended = () => { if (this.source === source) this.source = null; };
      source.start();
      this.source = source;
      return true;
    },
    stop() {
      if (this.source) {
        try { this.source.stop(); } catch { /* already stopped */ }
        this.source = null;
      }
    },
    playing() { return this.source !== null; },
  };
  for (const type of ['pointerdown', 'keydown']) {
    canvas.addEventListener(type, () => tideAudio.context(), { passive: true });
  }

  window.spectralTide = {
    ready,
    figures: () => JSON.parse(call('tide_figures_json')).map(({ id, title, section }) => ({ id, title, section })),
    state: () => JSON.parse(call('tide_state_json')),
    set,
    layout: () => JSON.parse(call('tide_layout_json')),
    /** Whether a clip is playing (for tests of the play buttons). */
    audioPlaying: () => tideAudio.playing(),
  };

  // What the browser must have.
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    showError('This browser cannot run WebAssembly, which Spectral Tide needs to compute its figures. '
      + 'Please open it in a current version of Firefox, Chrome, Edge or Safari.');
    return;
  }
  if (!document.createElement('canvas').getContext('webgl2')) {
    showError('This browser or device does not offer WebGL2, which Spectral Tide uses to draw. '
      + 'Please try a current browser, or enable hardware acceleration in its settings.');
    return;
  }

  window.Module = {
    canvas,
    tideAudio,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    setStatus(text) {
      // Emscripten reports "Downloading data... (loaded/total)" while fetching tide.data.
      const m = /\((\d+(?:\.\d+)?)\/(\d+)\)/.exec(text);
      if (m) {
        progress.value = Number(m[1]) / Math.max(1, Number(m[2]));
        statusText.textContent = `Loading photographs and fonts\u2026 ${Math.round(progress.value * 100)}%`;
      } else if (text) {
        statusText.textContent = text.replace('...', '\u2026');
      }
    },
    onAbort: (what) => showError(`Spectral Tide stopped: ${what}. Reloading the page may help.`),
    onFatal: (message) => showError(`Spectral Tide could not start: ${message}.`),
    onFirstFrame() {
      running = true;
      applyHash();
    },
    onFrameReady() {
      describe();
      overlay.classList.add('hidden');
      canvas.focus({ preventScroll: true });
      resolveReady();
    },
  };

  window.addEventListener('hashchange', () => { if (running) applyHash(); });
  canvas.addEventListener('webglcontextlost', (e) => {
    e.preventDefault();
    showError('The graphics context was lost (the GPU was reset or is busy). Please reload the page.');
  });

  const script = document.createElement('script');
  script.src = 'tide.js';
  script.async = true;
  script.onerror = () => showError('tide.js could not be loaded. Check the connection and reload the page.');
  document.body.appendChild(script);
})();
