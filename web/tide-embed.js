// The embedded page (embed.html#fig=<id>&...): one figure alone, sized to its iframe, in
// someone else's page. Loaded before tide-page.js (which starts the app in embedded mode for
// <html class="tide-embed">). What it adds:
// - a link to the same view in the whole explainer (#open-full, a new tab);
// (tide-page.js gives the keyboard to a click on the canvas and lets the wheel scroll the page
// around the embed unless it would scroll something in the figure, as in the article.)
// - no drawing while the figure is out of view or its tab is hidden;
// - a start when the figure first comes into view, and its WebGL context given back while it
//   stays out of view (a page holds at most 16 at a time in Chromium, fewer on phones);
// - a postMessage API for the page around it (README, "Embedding a figure"):
//     to the embed:   {type: 'spectral-tide:set', state: {...}, id?}   set parameters
//                     {type: 'spectral-tide:get', id?}                 ask for the state
//     from the embed: {type: 'spectral-tide:ready', state, figures}    once the figure is drawn
//                                                                      (it starts when first in view)
//                     {type: 'spectral-tide:state', state, id?}        after changes (at most every
//                                                                      250 ms) and as a reply to get
//                     {type: 'spectral-tide:result', id, applied, rejected, state}   reply to set
//                     {type: 'spectral-tide:error', id?, message}      refused, or the app cannot run
//   Only messages from the parent window count; others and unknown types are ignored. Anyone
//   may ask for and hear the state (it is what the link says anyway); 'set' is taken from this
//   page's own origin and from the origins listed in embed.html?origins=https://a.example,...
//   ('*' for any), and refused with an error reply otherwise. Replies go to the sender's origin;
//   events to the parent's origin where the browser tells it (location.ancestorOrigins, the
//   referrer, or the origin of the parent's last message), else to any ('*').
'use strict';

(function () {
  const prefix = 'spectral-tide:';
  const maxKeys = 32;
  const maxText = 2000;
  const inFrame = window.parent !== window;

  // Origins that may set parameters.
  function parseOrigins(text) {
    const origins = new Set([location.origin]);
    let any = false;
    for (const item of (text || '').split(',').map((s) => s.trim()).filter(Boolean)) {
      if (item === '*') {
        any = true;
        continue;
      }
      try {
        const url = new URL(item);
        if (url.origin !== 'null' && url.origin === item.replace(/\/$/, '')) {
          origins.add(url.origin);
          continue;
        }
      } catch { /* named below */ }
      console.warn(`Spectral Tide embed: '${item}' in ?origins= is not an origin (like https://example.org); ignored`);
    }
    return { origins, any };
  }
  const allowed = parseOrigins(new URLSearchParams(location.search).get('origins'));
  const maySet = (origin) => allowed.any || allowed.origins.has(origin);

  // The parent's origin, where known: events are sent to it only.
  function originOf(url) {
    try {
      const origin = new URL(url).origin;
      return origin === 'null' ? null : origin;
    } catch {
      return null;
    }
  }
  let parentOrigin = null;
  if (inFrame) {
    if (location.ancestorOrigins && location.ancestorOrigins.length > 0) {
      parentOrigin = originOf(location.ancestorOrigins[0]);
    } else if (document.referrer) {
      parentOrigin = originOf(document.referrer);
    }
  }

  function post(message, targetOrigin) {
    if (inFrame) window.parent.postMessage(message, targetOrigin || parentOrigin || '*');
  }

  const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
    && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
  const validId = (id) => (typeof id === 'string' && id.length <= 200) || (typeof id === 'number' && Number.isFinite(id));

  /** The keys of a 'set' message's state that are worth giving to set(); the others rejected. */
  function checkState(state) {
    const clean = {};
    const rejected = [];
    const keys = Object.keys(state);
    if (keys.length > maxKeys) return { clean, rejected: [{ key: '', message: `at most ${maxKeys} keys at once` }] };
    for (const key of keys) {
      const value = state[key];
      const ok = (typeof value === 'string' && value.length <= maxText)
        || (typeof value === 'number' && Number.isFinite(value))
        || typeof value === 'boolean'
        || (Array.isArray(value) && value.length <= 16 && value.every((v) => typeof v === 'string' && v.length <= 200));
      if (key.length > 64) rejected.push({ key: key.slice(0, 64), message: 'the key is too long' });
      else if (ok) clean[key] = value;
      else rejected.push({ key, message: `${key}: a string, a finite number, true/false or a list of strings is expected` });
    }
    return { clean, rejected };
  }

  function api() {
    return window.spectralTide;
  }

  window.addEventListener('message', (event) => {
    if (!inFrame || event.source !== window.parent) return;
    const data = event.data;
    if (!isPlainObject(data) || typeof data.type !== 'string' || !data.type.startsWith(prefix)) return;
    const kind = data.type.slice(prefix.length);
    if (kind !== 'set' && kind !== 'get') return;
    if (data.id !== undefined && !validId(data.id)) return;
    const replyTo = event.origin === 'null' ? '*' : event.origin;
    if (event.origin !== 'null') parentOrigin = event.origin;
    const reply = (message) => event.source.postMessage(data.id === undefined ? message : { ...message, id: data.id }, replyTo);

    if (kind === 'set' && !maySet(event.origin)) {
      reply({ type: `${prefix}error`, message: `${event.origin} may not set parameters of this figure `
        + '(the embedding page can allow it: embed.html?origins=<its origin>)' });
      return;
    }
    if (kind === 'set' && !isPlainObject(data.state)) {
      reply({ type: `${prefix}error`, message: 'set needs a state object, like {sigma: 0.5}' });
      return;
    }
    api().ready.then(() => {
      if (kind === 'get') {
        reply({ type: `${prefix}state`, state: api().state() });
        return;
      }
      const { clean, rejected } = checkState(data.state);
      const result = Object.keys(clean).length > 0 ? api().set(clean) : { applied: [], rejected: [] };
      reply({ type: `${prefix}result`, applied: result.applied, rejected: [...rejected, ...result.rejected],
        state: api().state() });
    }, (e) => reply({ type: `${prefix}error`, message: e.message }));
  });

  // Drawing only while the figure can be seen: in view (the observer sees through the
  // iframe: the intersection is with the top page's viewport) and in a visible tab.
  // (Until the observer's first report, in view only where there is no observer.)
  const observing = typeof IntersectionObserver === 'function';
  let inView = !observing;
  let running = false;
  const showing = () => inView && !document.hidden;
  function applyVisibility() {
    if (running) window.tideBridge.setVisible(showing());
    followView();
  }

  // The WebGL context. Chromium lets a page (all its frames of one site) hold 16 contexts and
  // takes the oldest away from the 17th on, so a page with 20 figures would leave some blank
  // for good. An embed therefore starts (program, downloads, context) only when it first comes
  // into view, and gives its context back (WEBGL_lose_context) as soon as it leaves the view:
  // the browser can then hand the slot to a figure in view, including one whose context it
  // took earlier (the app prevents the lost event's default, so it may be restored). Back in
  // view, the context is restored and the app makes its GL objects again (frame_loop.cpp);
  // everything computed and downloaded stays, so only drawing is redone. Meanwhile the figure's
  // last frame, copied into a 2D canvas (#still) just before the context goes, stands in for
  // the canvas: a reader scrolling back sees the figure at once, not a blank frame while the
  // graphics return. So a context held out of view buys nothing, and each is 10-20 MB of the
  // browser's GPU process. It goes at once, in the same task that learns the figure has left
  // the view (the copy is synchronous): a wait would be spent behind the work of the figures
  // coming into view, which share this main thread when they are of the same site.
  let start = null;       // starts the app (tide-page.js), until it has been called
  let gl = null;          // the app's context, once it runs
  let loseExt = null;
  let released = false;   // lost because this embed gave it back, not taken by the browser
  let lostHeard = false;  // the lost event has been dispatched (only then may it be restored)
  let still = null;       // #still, a 2D canvas

  /** Copies the canvas's last frame (the app's context preserves its drawing buffer) into
   *  #still, over the canvas. */
  function showStill() {
    const canvas = document.getElementById('canvas');
    still.width = canvas.width;
    still.height = canvas.height;
    still.getContext('2d').drawImage(canvas, 0, 0);
    Object.assign(still.style, { left: `${canvas.offsetLeft}px`, top: `${canvas.offsetTop}px`,
      width: `${canvas.offsetWidth}px`, height: `${canvas.offsetHeight}px` });
    still.hidden = false;
  }
  /** Hides the still once the app has drawn a frame with its restored context (and that frame
   *  has reached the screen: one more animation frame), and frees its pixels. */
  function hideStillWhenDrawn() {
    if (still.hidden) return;
    const drawn = window.tideBridge.frames();
    const wait = () => {
      if (!gl || gl.isContextLost()) return;  // lost again meanwhile: the still stays
      if (window.tideBridge.frames() === drawn) {
        requestAnimationFrame(wait);
        return;
      }
      requestAnimationFrame(() => {
        if (gl.isContextLost()) return;
        still.hidden = true;
        still.width = 0;
        still.height = 0;
      });
    };
    requestAnimationFrame(wait);
  }
  function release() {
    if (inView || !loseExt || gl.isContextLost()) return;
    showStill();
    released = true;
    loseExt.loseContext();
  }
  /** Out of view: the context goes; in view: it comes back if it was lost. */
  function followView() {
    if (inView && start) {
      const go = start;
      start = null;
      go();
    }
    if (!running || !loseExt) return;
    if (!inView) {
      release();
      return;
    }
    // Also a context the browser took: restoring it takes the slot of the oldest context,
    // which on a long page belongs to a figure out of view. A context is restorable only once
    // its lost event (dispatched a task after the loss) has had its default prevented.
    if (gl.isContextLost() && lostHeard) loseExt.restoreContext();
  }

  document.addEventListener('DOMContentLoaded', () => {
    const canvas = document.getElementById('canvas');
    const stage = document.getElementById('stage');
    const openFull = document.getElementById('open-full');

    // The canvas follows its container (the iframe), including while nothing else moves.
    new ResizeObserver(() => { if (running) window.tideBridge.redraw(); }).observe(stage);

    if (observing) {
      new IntersectionObserver((entries) => {
        inView = entries[entries.length - 1].isIntersecting;
        applyVisibility();
      }).observe(canvas);
    }
    canvas.addEventListener('webglcontextlost', () => {
      lostHeard = true;
      // Given back, but in view again before the event came: restored once it has been handled.
      // (Not a context the browser took while in view: restoring that at once would take the
      // slot of another figure in view, which would do the same.)
      if (released) setTimeout(followView, 0);
    });
    still = document.getElementById('still');
    canvas.addEventListener('webglcontextrestored', () => {
      released = false;
      lostHeard = false;
      hideStillWhenDrawn();
      // The browser restores a context it took as soon as a slot is free, in view or not.
      applyVisibility();
    });
    document.addEventListener('visibilitychange', applyVisibility);

    window.tideState.subscribe((params) => {
      openFull.href = window.tideState.linkTo('index.html', params);
      if (running) post({ type: `${prefix}state`, state: api().state() });
    });

    api().ready.then(() => {
      running = true;
      // The app's context (getContext returns the one it made, with its attributes).
      gl = canvas.getContext('webgl2');
      loseExt = gl && gl.getExtension('WEBGL_lose_context');
      openFull.href = window.tideState.linkTo('index.html', api().params());
      post({ type: `${prefix}ready`, state: api().state(), figures: api().figures() });
      // The first figure is drawn whether or not it is in view (so `ready` means something);
      // from now on an embed out of sight draws nothing.
      applyVisibility();
    }, (e) => post({ type: `${prefix}error`, message: e.message }));
  });

  /** For tests and the curious: what this embed allows and whether it draws. */
  window.spectralTideEmbed = {
    allowedOrigins: () => (allowed.any ? ['*'] : [...allowed.origins]),
    parentOrigin: () => parentOrigin,
    showing,
    frames: () => (running ? window.tideBridge.frames() : 0),
    /** Whether the figure's last frame stands in for the canvas (its graphics given back). */
    still: () => Boolean(still && !still.hidden),
    /** 'waiting' (not yet in view, not started), 'starting', 'drawing', 'released' (its
     *  context given back while out of view) or 'lost' (taken by the browser). */
    graphics: () => {
      if (!running) return start ? 'waiting' : 'starting';
      if (!gl || !gl.isContextLost()) return 'drawing';
      return released ? 'released' : 'lost';
    },
  };

  /** For tide-page.js. */
  window.tideEmbedGraphics = {
    /** Calls go() (which starts the app) once the figure first comes into view. */
    startWhenSeen(go) {
      start = () => {
        // The program and its data download side by side with tide.js, as a page's preloads would.
        for (const [href, type] of [['tide.wasm', 'application/wasm'], ['tide.data', '']]) {
          const link = document.createElement('link');
          Object.assign(link, { rel: 'preload', href, as: 'fetch', crossOrigin: 'anonymous' });
          if (type) link.type = type;
          document.head.appendChild(link);
        }
        go();
      };
      followView();
    },
    /** Whether a lost context needs no word: this embed gave it back, or the browser took it
     *  while the figure is out of view (for a figure in view; this embed restores it when the
     *  figure comes back). */
    quietLoss: () => released || !inView,
  };
})();
