// The page around the WebAssembly app: checks that the browser can run it, shows loading
// progress and errors in words, loads tide.js, and exposes window.spectralTide:
//   ready      Promise, resolves when the first figure has been drawn
//   figures()  [{id, title, section}] in the essay's order
//   state()    {fig, ...parameters of that figure, ...what it computed from them}
//   params()   state() without the computed readouts: what set() takes, what a link carries
//   set(obj)   change them (same keys); returns {applied: [...], rejected: [{key, message}]}
//   layout()   what the last frame drew, with rectangles in CSS pixels of the viewport (for tests)
//   settled()  Promise, resolves once the figure has drawn everything it wants (its photographs
//              and clips have arrived) since the last set() and the last input (a tap, a key);
//              for scripts and tests
// The URL hash (#fig=spectra&images=a,b,c,d) is applied on load and when it changes; values
// that cannot be applied are named in a notice. tide-state.js writes the state back into it
// (the app calls Module.onStateChange, which fires 'spectral-tide:statechange' on window).
// Three pages use it, told apart by a class on <html>: explore.html (none: the app fills the
// window with its table of contents); embed.html (tide-embed: one figure alone, with its
// title; the page leaves the focus and the rest of the corpus alone; tide-embed.js does the
// rest); index.html, the article (tide-article: the figure alone beside the text, which
// holds its title and caption; tide-article.js decides which figure, as the text scrolls).
// Outside explore.html a wheel turn or a vertical swipe over the canvas scrolls the page
// unless the figure has something to scroll under the pointer.
// The first download is the program and its fonts; the photographs and sound clips follow as
// files of the site (assets/), those the shown figure needs first, then the rest in the
// background after `ready`, with a progress count in the corner.
'use strict';

(function () {
  const overlay = document.getElementById('overlay');
  const statusText = document.getElementById('status');
  const progress = document.getElementById('progress');
  const canvas = document.getElementById('canvas');
  const mode = ['embed', 'article'].find((m) => document.documentElement.classList.contains(`tide-${m}`)) || 'explore';
  const embedded = mode === 'embed';

  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  let running = false;

  function showError(message) {
    overlay.classList.remove('hidden');
    overlay.classList.add('error');
    statusText.textContent = message;
    rejectReady(new Error(message));
  }

  // The module is called only through tide-bridge.js (window.tideBridge), once it runs.
  const bridge = window.tideBridge;
  function app() {
    if (!running) throw new Error('Spectral Tide is not running yet; wait for spectralTide.ready');
    return bridge;
  }

  // The text beside the canvas, for screen readers: the figure's title and caption, and its
  // settings and key numbers (readouts such as alpha or f_max), as words; a list of the
  // figures as buttons. Numbers are announced at most every 2 s, and only when they change.
  // The words come with figures() from each figure's table in the app (params[].spoken,
  // readouts), so no key of a figure is written here.
  let figureList = null;
  const figureEntries = () => {
    if (!figureList) figureList = JSON.parse(app().figuresJson());
    return figureList;
  };
  const numberText = (v) => (typeof v === 'number' ? (Number.isFinite(v) ? Number(v.toPrecision(3)).toString() : 'not available')
    : Array.isArray(v) ? v.join(', ') : String(v));
  let shownFigure = '';
  let numbersTimer = 0;
  let lastNumbers = '';
  function describeNumbers() {
    numbersTimer = 0;
    const st = JSON.parse(app().stateJson());
    const params = JSON.parse(app().paramsJson());
    const fig = figureEntries().find((f) => f.id === st.fig) || {};
    const spoken = Object.fromEntries((fig.params || []).map((p) => [p.key, p.spoken]));
    const readoutNames = fig.readouts || {};
    const settings = Object.entries(params).filter(([k]) => k !== 'fig')
      .map(([k, v]) => `${spoken[k] || k} ${numberText(v)}`);
    const readouts = Object.entries(st).filter(([k]) => !(k in params))
      .map(([k, v]) => `${readoutNames[k] || k}: ${numberText(v)}`);
    const text = [settings.length ? `Settings: ${settings.join('; ')}.` : '',
      readouts.length ? `Key numbers: ${readouts.join('; ')}.` : ''].join(' ').trim();
    if (text !== lastNumbers) {
      lastNumbers = text;
      document.getElementById('figure-numbers').textContent = text;
    }
  }
  // The figure's settings as real HTML controls, built from its parameter table (figures():
  // kind, range, choices, spoken words): a range input with its label and value text per
  // number (log sliders move in equal ratios), a select per choice, a checkbox per switch, a
  // number box for the seed. Screen readers and switch users operate the figure through them;
  // the canvas follows them, and they follow the canvas. Photographs and clips are chosen in
  // the canvas. Out of sight until one of them has the focus, like the figure list.
  const controls = document.createElement('form');
  controls.id = 'figure-controls';
  controls.setAttribute('aria-label', 'Settings of the figure');
  controls.addEventListener('submit', (e) => e.preventDefault());
  document.getElementById('stage').appendChild(controls);
  let controlsFor = '';
  const controlParams = new Map();  // input -> its row of the parameter table
  const steps = 1000;  // positions of a log or linear range input
  const position = (p, v) => (p.kind === 'log' ? Math.log(v / p.min) / Math.log(p.max / p.min) : (v - p.min) / (p.max - p.min));
  const valueAt = (p, pos) => (p.kind === 'log' ? p.min * (p.max / p.min) ** (pos / steps) : p.min + (p.max - p.min) * (pos / steps));
  function buildControls(fig) {
    controlsFor = fig.id;
    controlParams.clear();
    const rows = [];
    for (const p of fig.params || []) {
      const id = `control-${p.key}`;
      let input;
      if (p.choices && p.choices.length) {
        input = document.createElement('select');
        for (const c of p.choices) input.appendChild(new Option(c, c));
      } else if (p.kind === 'bool') {
        input = document.createElement('input');
        input.type = 'checkbox';
      } else if (p.kind === 'seed') {
        input = document.createElement('input');
        input.type = 'number';
        input.min = '0';
        input.step = '1';
      } else if (['log', 'linear', 'int'].includes(p.kind)) {
        input = document.createElement('input');
        input.type = 'range';
        const exact = p.kind === 'int';
        input.min = exact ? String(p.min) : '0';
        input.max = exact ? String(p.max) : String(steps);
        input.step = '1';
      } else {
        continue;  // photographs and clips: chosen in the canvas
      }
      input.id = id;
      input.dataset.key = p.key;
      controlParams.set(input, p);
      input.addEventListener(input.type === 'range' || input.type === 'number' ? 'input' : 'change', () => {
        let value;
        if (input.type === 'checkbox') value = input.checked;
        else if (input.type === 'range' && p.kind !== 'int') value = valueAt(p, Number(input.value));
        else value = input.value;
        const { rejected } = set({ [p.key]: value });
        if (rejected.length) showNotice(rejected.map((r) => r.message).join('; '), true);
      });
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = p.spoken || p.key;
      const row = document.createElement('div');
      row.append(label, input);
      rows.push(row);
    }
    controls.replaceChildren(...rows);
  }
  function updateControls(params) {
    for (const [input, p] of controlParams) {
      if (!(p.key in params)) continue;
      const v = params[p.key];
      if (input.type === 'checkbox') {
        input.checked = v === true;
      } else if (input.type === 'range') {
        if (p.kind !== 'int') input.value = String(Math.round(steps * position(p, v)));
        else input.value = String(v);
        input.setAttribute('aria-valuetext', numberText(v));
      } else if (document.activeElement !== input) {
        input.value = String(v);
      }
    }
  }

  const figureItems = document.getElementById('figure-list-items');
  function describe() {
    const st = JSON.parse(app().stateJson());
    const figures = figureEntries();
    const fig = figures.find((f) => f.id === st.fig);
    if (figureItems.childElementCount !== figures.length) {
      figureItems.replaceChildren(...figures.map((f) => {
        const li = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.dataset.fig = f.id;
        button.textContent = f.title;
        button.addEventListener('click', () => set({ fig: f.id }));
        li.appendChild(button);
        return li;
      }));
    }
    for (const b of figureItems.querySelectorAll('button')) b.setAttribute('aria-current', String(b.dataset.fig === st.fig));
    if (fig && fig.id !== controlsFor) buildControls(fig);
    updateControls(JSON.parse(app().paramsJson()));
    if (fig && fig.id !== shownFigure) {
      shownFigure = fig.id;
      document.getElementById('figure-title').textContent = `${fig.section}: ${fig.title}`;
      document.getElementById('figure-caption').textContent = fig.caption || '';
      // Another figure: its settings replace the last one's at once, not at the 2-s pace.
      clearTimeout(numbersTimer);
      describeNumbers();
      return;
    }
    if (!numbersTimer) numbersTimer = setTimeout(describeNumbers, lastNumbers ? 2000 : 0);
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
      // The look (theme, presenter, touch, compact, reduced_motion) also dresses the HTML around the canvas.
      const message = key in look ? setLook(key, value) : app().set(key, value);
      if (message) rejected.push({ key, message }); else applied.push(key);
    }
    describe();
    return { applied, rejected };
  }

  function settled(timeoutMs = 60000) {
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const poll = () => {
        if (running && bridge.settled()) resolve();
        else if (performance.now() - t0 > timeoutMs) reject(new Error('Spectral Tide did not settle in time'));
        else requestAnimationFrame(poll);
      };
      poll();
    });
  }

  // The reader's preferences: dark or light colours, a finger or a mouse, motion or none; they
  // are followed as they change. Presenter mode (classroom: larger type, thicker lines, full
  // contrast) is the "Present" button or the P key; F toggles full screen.
  const look = { theme: 'light', presenter: false, touch: false, compact: false, reduced_motion: false };
  function setLook(key, value) {
    const message = app().set(key, value);
    // A link or set() gives text ("true", "dark"); the app accepted it, so keep its meaning.
    if (!message) look[key] = typeof look[key] === 'boolean' ? [true, 'true', 1, '1'].includes(value) : String(value);
    document.documentElement.dataset.theme = look.theme;
    presentButton.setAttribute('aria-pressed', String(look.presenter));
    window.dispatchEvent(new CustomEvent('spectral-tide:lookchange', { detail: { ...look } }));
    return message;
  }
  function followPreferences() {
    const media = (query, apply) => {
      const m = window.matchMedia(query);
      apply(m.matches);
      m.addEventListener('change', (e) => apply(e.matches));
    };
    media('(prefers-color-scheme: dark)', (dark) => setLook('theme', dark ? 'dark' : 'light'));
    media('(pointer: coarse)', (coarse) => setLook('touch', coarse));
    media('(prefers-reduced-motion: reduce)', (reduce) => { if (reduce) setLook('reduced_motion', true); });
  }
  const presentButton = document.getElementById('present');
  function togglePresenter() {
    setLook('presenter', !look.presenter);
  }
  function toggleFullscreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(() => {});
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch((e) => showNotice(`Full screen is not available: ${e.message}`, true));
    }
  }
  presentButton.addEventListener('click', () => { if (running) togglePresenter(); });
  canvas.addEventListener('keydown', (e) => {
    if (!running || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'f' || e.key === 'F') toggleFullscreen();
    if (e.key === 'p' || e.key === 'P') togglePresenter();
  });

  // The link's parameters (`hash`, else the address's); without any, the article's first
  // figure (tide-article.js).
  function applyHash(hash = location.hash) {
    const params = new URLSearchParams(hash.replace(/^#/, ''));
    let obj = Object.fromEntries(params.entries());
    if (Object.keys(obj).length === 0 && window.tideArticle) obj = window.tideArticle.startParams();
    if (Object.keys(obj).length === 0) return;
    const { rejected } = set(obj);
    for (const r of rejected) console.warn(`Spectral Tide: URL parameter ${r.key} ignored: ${r.message}`);
    if (rejected.length > 0) {
      showNotice(`Ignored in this link: ${rejected.map((r) => r.message).join('; ')}`, true);
    }
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
      source.onended = () => {
        if (this.source === source) this.source = null;
        if (running) bridge.redraw();  // the stop button turns back into a play button
      };
      source.start();
      this.startedAt = ctx.currentTime;
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
    /** Seconds into the sound playing now, or -1. */
    position() { return this.source ? this.ctx.currentTime - this.startedAt : -1; },
  };
  for (const type of ['pointerdown', 'keydown']) {
    canvas.addEventListener(type, () => tideAudio.context(), { passive: true });
  }

  // Tab and Shift+Tab belong to the page, not to the canvas: they move the focus on to the
  // toolbar and the figure list (WCAG 2.1.2, no keyboard trap). The handler runs before SDL's,
  // which would otherwise swallow the key.
  for (const type of ['keydown', 'keyup']) {
    canvas.addEventListener(type, (e) => { if (e.key === 'Tab') e.stopImmediatePropagation(); }, { capture: true });
  }

  // An idle app pauses its frame loop (nothing is drawn, the CPU rests); input, a resize or a
  // change of pixel density wakes it. These listeners run before SDL's own, which then find
  // the loop running to read their events.
  const wakeApp = () => { if (running) bridge.redraw(); };
  for (const type of ['pointerdown', 'pointermove', 'pointerup', 'pointerleave', 'wheel', 'keydown', 'keyup',
    'touchstart', 'touchmove', 'touchend', 'focus', 'blur']) {
    canvas.addEventListener(type, wakeApp, { passive: true, capture: true });
  }
  window.addEventListener('resize', wakeApp);
  // The keyboard follows a click (SDL cancels the mousedown, and with it the browser's focus).
  canvas.addEventListener('pointerdown', () => canvas.focus({ preventScroll: true }));
  // The wheel, outside explore.html. SDL's handler on the canvas cancels every wheel event,
  // which would stop the page (or the page around an embed) from scrolling while the pointer
  // crosses the figure. This listener runs first (capture, on the window) and asks the app
  // whether the turn would scroll anything in the figure, judged from what the last frame drew
  // at the pointer (wheel.hpp): if so, SDL gets it and the figure scrolls; if not, SDL never
  // sees it, nothing cancels it, and the browser scrolls the page.
  if (mode !== 'explore') {
    window.addEventListener('wheel', (e) => {
      if (e.target !== canvas) return;
      const r = canvas.getBoundingClientRect();
      const wanted = running && bridge.wheelWanted(e.clientX - r.left, e.clientY - r.top,
        e.deltaX, e.deltaY, e.ctrlKey, e.shiftKey);
      if (!wanted) e.stopImmediatePropagation();
    }, { capture: true, passive: true });
  }
  if (typeof ResizeObserver === 'function') new ResizeObserver(wakeApp).observe(canvas);

  // A person's own sound: WAV and Ogg Vorbis go to the core's decoder (the numbers then match
  // the CLI's); anything else the browser can decode (mp3, m4a, flac ...) is decoded here by
  // Web Audio and handed over as samples. Nothing leaves the machine.
  const notice = document.getElementById('notice');
  let noticeTimer = 0;
  function showNotice(text, isError, ms = isError ? 8000 : 4000) {
    notice.textContent = text;
    notice.classList.toggle('error', isError);
    notice.hidden = false;
    clearTimeout(noticeTimer);
    if (ms > 0) noticeTimer = setTimeout(() => { notice.hidden = true; }, ms);  // 0: until the next one
  }

  async function openAudio(file) {
    if (!running) throw new Error('Spectral Tide is not running yet; wait for spectralTide.ready');
    const bytes = new Uint8Array(await file.arrayBuffer());
    let message;
    if (bytes.length === 0) {
      message = `${file.name}: the file is empty`;
    } else {
      const tag = (a, b) => String.fromCharCode(...bytes.subarray(a, b));
      const ours = (tag(0, 4) === 'RIFF' && tag(8, 12) === 'WAVE') || tag(0, 4) === 'OggS';
      if (ours) {
        message = app().addAudioFile(file.name, bytes);
      }
      // Files the core does not read (other formats, or WAV codecs such as A-law) may still be
      // known to the browser.
      if (!ours || /not supported/.test(message)) {
        try {
          const decoder = new OfflineAudioContext(1, 1, 44100);
          const decoded = await decoder.decodeAudioData(bytes.buffer.slice(0));
          const mono = new Float32Array(decoded.length);
          for (let c = 0; c < decoded.numberOfChannels; c++) {
            const channel = decoded.getChannelData(c);
            for (let i = 0; i < mono.length; i++) mono[i] += channel[i] / decoded.numberOfChannels;
          }
          message = app().addAudioSamples(file.name, mono, decoded.sampleRate);
        } catch (e) {
          message = message || `${file.name}: neither Spectral Tide nor this browser can decode this file`;
        }
      }
    }
    if (message) {
      showNotice(message, true);
      return { ok: false, message };
    }
    describe();
    const note = app().takeNotice();  // older sounds let go to make room
    showNotice(`${file.name} added to the sound clips (it stays on this computer)${note ? `. ${note}` : ''}`, false,
      note ? 8000 : 4000);
    return { ok: true, message: '' };
  }

  // The corpus: the app asks for a file when a figure needs it (Module.tideWantAsset: it goes
  // first in line); after `ready` every other file follows, a few at a time.
  const corpusProgress = document.getElementById('corpus-progress');
  const corpusText = document.getElementById('corpus-progress-text');
  const corpusBar = document.getElementById('corpus-progress-bar');
  const assets = {
    queue: [],           // paths waiting to be fetched, first = next
    requested: new Set(),
    total: 0,
    settled: 0,          // arrived or failed
    active: 0,
    maxActive: 4,
    want(path) {
      if (this.requested.has(path)) return;
      this.queue = this.queue.filter((p) => p !== path);
      this.queue.unshift(path);
      this.pump();
    },
    background(paths) {
      const fresh = paths.filter((p) => !this.requested.has(p) && !this.queue.includes(p));
      this.queue.push(...fresh);
      this.total = this.requested.size + this.queue.length;
      this.pump();
    },
    pump() {
      while (this.active < this.maxActive && this.queue.length > 0) {
        const path = this.queue.shift();
        this.requested.add(path);
        this.active++;
        this.fetch(path).finally(() => {
          this.active--;
          this.settled++;
          this.showProgress();
          this.pump();
        });
      }
    },
    async fetch(path) {
      // Paths are the app's ("/assets/images/x.png"); the files sit beside this page.
      const url = path.replace(/^\//, '');
      let message;
      try {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const bytes = new Uint8Array(await response.arrayBuffer());
        message = bridge.assetArrived(path, bytes);
      } catch (e) {
        message = `could not be downloaded (${e.message}); reloading the page may help`;
      }
      if (message) bridge.assetFailed(path, message);
    },
    showProgress() {
      if (this.total === 0) return;
      const left = this.total - this.settled;
      corpusProgress.hidden = left <= 0;
      corpusText.textContent = `Loading photographs and sounds: ${this.settled} of ${this.total}`;
      corpusBar.value = this.settled / this.total;
    },
  };

  const audioInput = document.getElementById('audio-file');
  audioInput.addEventListener('change', () => {
    for (const file of audioInput.files) openAudio(file);
    audioInput.value = '';
  });
  canvas.addEventListener('dragover', (e) => { e.preventDefault(); });
  // A person's own photographs go to the core's decoder (PNG, JPEG, GIF, BMP, TGA), which
  // centre-crops and resizes them like the corpus. Nothing leaves the machine.
  const maxImageBytes = 64 * 1024 * 1024;
  async function openImage(file) {
    if (!running) throw new Error('Spectral Tide is not running yet; wait for spectralTide.ready');
    let message;
    if (file.size > maxImageBytes) {
      message = `${file.name}: the file is ${(file.size / 1048576).toFixed(0)} MB; photographs of at most 64 MB are accepted`;
    } else {
      const bytes = new Uint8Array(await file.arrayBuffer());
      message = bytes.length === 0 ? `${file.name}: the file is empty`
        : app().addImageFile(file.name, bytes);
    }
    if (message) {
      showNotice(message, true);
      return { ok: false, message };
    }
    describe();
    showNotice(`${file.name} added to the photographs (it stays on this computer)`, false);
    return { ok: true, message: '' };
  }

  const imageInput = document.getElementById('image-file');
  imageInput.addEventListener('change', () => {
    for (const file of imageInput.files) openImage(file);
    imageInput.value = '';
  });

  // Saving what is shown: the canvas as a PNG (at screen resolution, or redrawn at twice it with
  // fonts rasterised for that size), and the data of every plot drawn, as CSV.
  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
  const figureId = () => JSON.parse(app().stateJson()).fig;
  async function savePicture({ scale = 1, save = true } = {}) {
    if (!running) throw new Error('Spectral Tide is not running yet; wait for spectralTide.ready');
    if (![1, 2].includes(scale)) throw new RangeError('scale must be 1 or 2');
    // Without its graphics (an embed out of view gives them back) there is nothing to save, and
    // a new render scale would reach a graphics backend that is shut down.
    if (canvas.getContext('webgl2')?.isContextLost()) {
      throw new Error('the figure has no graphics right now (out of view, or the browser took them); ' +
        'try again once it is drawn');
    }
    let blob;
    try {
      if (scale !== 1) bridge.setRenderScale(scale);
      await settled();
      blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    } finally {
      if (scale !== 1) bridge.setRenderScale(1);
    }
    if (!blob) throw new Error('the picture could not be made');
    if (save) download(blob, `spectral-tide-${figureId()}${scale === 2 ? '@2x' : ''}.png`);
    return blob;
  }
  function dataCsv() {
    return app().dataCsv();
  }
  function saveData() {
    const csv = dataCsv();
    download(new Blob([csv], { type: 'text/csv' }), `spectral-tide-${figureId()}.csv`);
    return csv;
  }
  const report = (e) => showNotice(`Saving failed: ${e.message}`, true);
  document.getElementById('save-png').addEventListener('click', () => savePicture({ scale: 1 }).catch(report));
  document.getElementById('save-png2').addEventListener('click', () => savePicture({ scale: 2 }).catch(report));
  document.getElementById('save-csv').addEventListener('click', () => { try { saveData(); } catch (e) { report(e); } });

  const isSound = (file) => /^audio\//.test(file.type) || /\.(wav|ogg|oga|mp3|m4a|flac|opus|webm)$/i.test(file.name);
  const isImage = (file) => /^image\//.test(file.type) || /\.(png|jpe?g|gif|bmp|tga)$/i.test(file.name);
  canvas.addEventListener('drop', (e) => {
    e.preventDefault();
    for (const file of e.dataTransfer.files) {
      if (isSound(file)) openAudio(file);
      else if (isImage(file)) openImage(file);
      else showNotice(`${file.name}: only photographs (PNG, JPEG, GIF, BMP, TGA) and sounds can be added here`, true);
    }
  });

  window.spectralTide = {
    ready,
    figures: () => JSON.parse(app().figuresJson()).map(({ id, title, section }) => ({ id, title, section })),
    state: () => JSON.parse(app().stateJson()),
    params: () => JSON.parse(app().paramsJson()),
    set,
    /** What the last frame drew, in CSS pixels of the page's viewport (the canvas sits below the toolbar). */
    layout: () => {
      const r = canvas.getBoundingClientRect();
      return JSON.parse(app().layoutJson()).map((it) => ({ ...it, x: it.x + r.left, y: it.y + r.top }));
    },
    settled,
    /** Adds a sound File (WAV, Ogg, or anything the browser decodes); resolves to {ok, message}. */
    openAudio,
    /** Adds a photograph File (PNG, JPEG, GIF, BMP, TGA); resolves to {ok, message}. */
    openImage,
    /** The page's look: {theme, presenter, touch, compact, reduced_motion}. */
    look: () => ({ ...look }),
    /** The figure as a PNG Blob ({scale: 1 or 2, save: download it too}). */
    savePicture,
    /** The data of every plot drawn, as CSV text: plot,series,x_name,y_name,x,y. */
    dataCsv,
    /** The WebAssembly heap, {heapBytes}: it grows when the app needs more and never shrinks. */
    memory: () => ({ heapBytes: bridge.heapBytes() }),
    /** Whether a clip is playing (for tests of the play buttons). */
    audioPlaying: () => tideAudio.playing(),
    /** Corpus files fetched so far: {settled, total} (total is 0 until the background fetch starts). */
    corpusLoading: () => ({ settled: assets.settled, total: assets.total }),
  };

  // What the browser must have.
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    showError('This browser cannot run WebAssembly, which Spectral Tide needs to compute its figures. '
      + 'Please open it in a current version of Firefox, Chrome, Edge or Safari.');
    return;
  }
  // The app is compiled with WebAssembly SIMD (-msimd128, cmake/Emscripten.cmake): Chrome and
  // Edge 91, Firefox 89, Safari 16.4 and later. A browser without it would refuse the module;
  // this one-function module (i8x16.splat, i8x16.popcnt) tells beforehand.
  const simd = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0,
    65, 0, 253, 15, 253, 98, 11]);
  if (typeof WebAssembly.validate === 'function' && !WebAssembly.validate(simd)) {
    showError('This browser cannot run WebAssembly SIMD, which Spectral Tide needs to compute its figures. '
      + 'Please open it in a current version of Firefox, Chrome, Edge or Safari (16.4 or later).');
    return;
  }
  // Whether WebGL2 really works shows when the app creates its context (a test context here
  // would cost as much again, ~0.1 s); the app then calls Module.onNoWebGL2.
  const noWebGL2 = () => showError('This browser or device does not offer WebGL2, which Spectral Tide uses to '
    + 'draw. Please try a current browser, or enable hardware acceleration in its settings.');
  if (typeof WebGL2RenderingContext === 'undefined') {
    noWebGL2();
    return;
  }

  window.Module = {
    canvas,
    tideAudio,
    tideWantAsset: (path) => assets.want(path),
    tideMode: mode,
    onStateChange: () => window.dispatchEvent(new Event('spectral-tide:statechange')),
    onReadoutChange: () => { if (running) describe(); },
    /** Opens the file chooser for a sound (called by the app's button, within the click's activation). */
    tideOpenAudioPicker: () => audioInput.click(),
    /** The same for photographs. */
    tideOpenImagePicker: () => imageInput.click(),
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    setStatus(text) {
      // Emscripten reports "Downloading data... (loaded/total)" while fetching tide.data.
      const m = /\((\d+(?:\.\d+)?)\/(\d+)\)/.exec(text);
      if (m) {
        progress.value = Number(m[1]) / Math.max(1, Number(m[2]));
        statusText.textContent = `Loading\u2026 ${Math.round(progress.value * 100)}%`;
      } else if (text) {
        statusText.textContent = text.replace('...', '\u2026');
      }
    },
    onAbort: (what) => showError(`Spectral Tide stopped: ${what}. Reloading the page may help.`),
    onFatal: (message) => showError(`Spectral Tide could not start: ${message}.`),
    onNoWebGL2: noWebGL2,
    onAppCreated() {
      // Before the first frame: the link's state decides which files are fetched first.
      running = true;
      followPreferences();
      if (window.tideArticle) set(window.tideArticle.startLook());  // before the first frame
      applyHash();
    },
    onFirstFrame() {
      performance.mark('tide-first-frame');
    },
    onFrameReady() {
      performance.mark('tide-ready');
      describe();
      overlay.classList.add('hidden');
      // Only explore.html gives the canvas the focus (an embed leaves it to the page around
      // it, the article to its text); an embed fetches only the files its figure asks for.
      if (mode === 'explore') canvas.focus({ preventScroll: true });
      resolveReady();
      if (!embedded) assets.background(JSON.parse(app().assetPathsJson()));
    },
  };

  // The hash the event brought: by the time the event runs, tide-state.js may already have
  // written the state of a change made meanwhile over the address.
  window.addEventListener('hashchange', (e) => { if (running) applyHash(new URL(e.newURL).hash); });
  // No context menu over the figures (the page has no inline handlers: it runs under a strict
  // Content-Security-Policy, README "Serving the page").
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());
  // A lost WebGL context (the GPU was reset, or the browser took it back) comes back without a
  // reload: the app makes its GL objects again (src/platform/frame_loop.cpp); everything loaded stays.
  // An embed gives its context back while it is out of view (tide-embed.js), or the browser
  // takes it then for a figure in view, and it comes back with the figure: nothing to tell the
  // reader, and nothing to announce when it is back.
  const embedGraphics = embedded ? window.tideEmbedGraphics : null;
  let toldLost = false;
  canvas.addEventListener('webglcontextlost', (e) => {
    e.preventDefault();
    if (embedGraphics && embedGraphics.quietLoss()) return;
    toldLost = true;
    showNotice('The graphics were lost (the GPU was reset or is busy); they return as soon as the browser allows.',
      true, 0);
  });
  canvas.addEventListener('webglcontextrestored', () => {
    if (!toldLost) return;
    toldLost = false;
    showNotice('The graphics are back.', false);
  });

  // The microphone figure's capture (tide-microphone.js; it starts only from the figure's button).
  const microphone = document.createElement('script');
  microphone.src = 'tide-microphone.js';
  microphone.onload = () => window.tideMicrophone.attach({ notice: showNotice });
  document.body.appendChild(microphone);

  const script = document.createElement('script');
  script.src = 'tide.js';
  script.async = true;
  script.onerror = () => showError('tide.js could not be loaded. Check the connection and reload the page.');
  // An embed starts when it first comes into view: a page with many figures downloads,
  // computes and holds a WebGL context only for those its reader reaches (tide-embed.js).
  const startApp = () => document.body.appendChild(script);
  if (embedGraphics) embedGraphics.startWhenSeen(startApp);
  else startApp();
})();
