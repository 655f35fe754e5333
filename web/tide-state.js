// Links to what is on screen. The URL hash follows the figure's parameters (spectralTide.params():
// the figure, its photographs or clip, sliders, play state, seed) as they change, by a control,
// an animation or set(), through history.replaceState at most every 250 ms, so that the
// address bar is always a link to this view and the history never fills up. tide-page.js applies
// the hash on load and when it is edited. A "Copy link" button (#copy-link, if the page has one)
// puts that link on the clipboard, or shows it selected where the clipboard is out of reach.
// Loaded before tide-page.js by index.html and embed.html; exposes window.tideState:
//   encode(params)          'fig=hinge&image=kde_parrot&sigma=0.3' (lists joined by commas)
//   linkTo(page, params)    absolute URL of `page` (beside this one) showing `params`
//   subscribe(fn)           fn(params) after changes, at most every 250 ms, the last one always
'use strict';

(function () {
  const intervalMs = 250;

  // Commas stay readable; everything else a value may hold is escaped.
  const escape = (text) => encodeURIComponent(text).replace(/%2C/gi, ',');

  function encode(params) {
    return Object.entries(params)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([key, value]) => `${escape(key)}=${escape(Array.isArray(value) ? value.join(',') : String(value))}`)
      .join('&');
  }

  function linkTo(page, params) {
    const url = new URL(page, location.href);
    url.search = '';
    url.hash = encode(params);
    return url.href;
  }

  const subscribers = [];
  let lastRun = -Infinity;
  let timer = 0;
  let seenFirst = false;
  let hashFollows = false;

  function params() {
    return window.spectralTide.params();
  }

  function writeHash(current) {
    const hash = `#${encode(current)}`;
    if (hash !== location.hash) history.replaceState(history.state, '', hash);
  }

  function run() {
    timer = 0;
    lastRun = performance.now();
    let current;
    try {
      current = params();
    } catch {
      return;  // the app stopped (its error is on the page)
    }
    if (hashFollows) writeHash(current);
    for (const fn of subscribers) fn(current);
  }

  function schedule() {
    if (timer) return;
    timer = setTimeout(run, Math.max(0, lastRun + intervalMs - performance.now()));
  }

  // The app says when a parameter changed (after the frame that changed it). The first word
  // comes after the first frame, with the link's hash applied: an address without a hash
  // stays plain until something changes; one with a hash is rewritten to what was applied
  // (values that could not be are dropped, tide-page.js names them).
  window.addEventListener('spectral-tide:statechange', () => {
    if (!seenFirst) {
      seenFirst = true;
      hashFollows = location.hash.length > 1;
    } else {
      hashFollows = true;
    }
    schedule();
  });

  // An edited hash: tide-page.js applies it (its listener was added first), then the address
  // shows what was applied, even when nothing could be.
  document.addEventListener('DOMContentLoaded', () => {
    window.addEventListener('hashchange', () => {
      hashFollows = true;
      schedule();
    });
  });

  // Copy link.
  function setUpCopyButton() {
    const button = document.getElementById('copy-link');
    const box = document.getElementById('link-box');
    const text = document.getElementById('link-text');
    if (!button) return;
    const label = button.textContent;
    let restore = 0;
    function say(what) {
      button.textContent = what;
      clearTimeout(restore);
      restore = setTimeout(() => { button.textContent = label; }, 2000);
    }
    function showBox(url) {
      // Where the clipboard is out of reach (an insecure address, a refusing browser), the link
      // is shown selected, for Ctrl+C or the context menu.
      text.value = url;
      box.hidden = false;
      text.focus();
      text.select();
    }
    button.addEventListener('click', async () => {
      let current;
      try {
        current = params();
      } catch {
        return;
      }
      writeHash(current);
      hashFollows = true;
      const link = new URL(location.href);
      link.hash = encode(current);
      const url = link.href;
      try {
        if (!navigator.clipboard || !navigator.clipboard.writeText) throw new Error('no clipboard');
        await navigator.clipboard.writeText(url);
        box.hidden = true;
        say('Link copied');
      } catch {
        showBox(url);
        say('Copy the link below');
      }
    });
    text.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' || e.key === 'Enter') {
        box.hidden = true;
        document.getElementById('canvas')?.focus({ preventScroll: true });
      }
    });
    document.getElementById('link-close')?.addEventListener('click', () => { box.hidden = true; });
  }
  document.addEventListener('DOMContentLoaded', setUpCopyButton);

  window.tideState = {
    encode,
    linkTo,
    subscribe(fn) { subscribers.push(fn); },
  };
})();
