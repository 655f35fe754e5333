// The article (index.html): which figure the one canvas shows as the text scrolls, the
// article's links, its live numbers and its slides. Loaded before tide-page.js, which starts
// the app in article mode for <html class="tide-article">. Each <section data-fig="<id>"
// data-params="k=v&..."> of the text is one figure (scripts/build-article.mjs checks them):
// - Scrolling: the section crossing a line 40% down the text's part of the window is the
//   current one; when that changes, the canvas shows its figure with its parameters.
// - Links: "try this" links (<a class="try" href="#fig=hinge&sigma=1">) are real links
//   carrying the hash; tide-page.js applies a hash when it changes, and the section the link
//   sits in stays current. A hash of a figure (index.html#fig=hinge&sigma=2, from a shared
//   link or an earlier version of this page) scrolls to that figure's first section and
//   applies the rest; a figure with no section here opens in explore.html, as before.
// - Numbers: every <span class="num" data-num="key"> is filled from the app's numbers
//   (tideBridge.articleNumbersJson; src/app/article_numbers.hpp), never typed in the text.
// - Slides (the Slides button, P, or presenter=true): one section a slide; arrows, PageUp,
//   PageDown and space step (Shift+space back), Escape leaves.
// Exposes window.tideArticle: startParams(), startLook(), sections(), current(), numbers(), step(n).
'use strict';

(function () {
  const sections = [...document.querySelectorAll('#article section[data-fig]')];
  const paramsOf = (section) => Object.fromEntries(new URLSearchParams(section.dataset.params || ''));
  const hashParams = (hash = location.hash) => Object.fromEntries(new URLSearchParams(hash.replace(/^#/, '')));

  // A link to a figure the article does not show opens it where it was before this page
  // was an article: the full-screen explorer.
  const linked = hashParams();
  if (linked.fig && !sections.some((s) => s.dataset.fig === linked.fig)) {
    location.replace(`explore.html${location.hash}`);
    return;
  }

  const stage = document.getElementById('stage');
  let running = false;
  let current = null;        // the section whose figure the canvas shows
  let lastSeen = null;       // the section the scroll position last pointed at
  const api = () => window.spectralTide;

  /** The section for a link's parameters: the first of its figure whose own parameters agree. */
  function sectionFor(params) {
    const candidates = sections.filter((s) => s.dataset.fig === params.fig);
    const agrees = (s) => Object.entries(paramsOf(s)).every(([k, v]) => !(k in params) || params[k] === v);
    return candidates.find(agrees) || candidates[0] || null;
  }

  const paneLink = document.getElementById('pane-link');
  const openFull = document.getElementById('open-full');
  function showCurrent(section) {
    if (current) current.classList.remove('current');
    current = section;
    if (!section) return;
    section.classList.add('current');
    const heading = section.querySelector('h2, h3');
    paneLink.textContent = `Figure ${section.dataset.number}: ${heading ? heading.textContent : section.dataset.fig}`;
    paneLink.href = `#${section.id}`;
  }

  /** Makes `section` current; with apply, the canvas takes its figure and parameters. */
  function activate(section, apply) {
    if (!section) return;
    const changed = section !== current;
    showCurrent(section);
    if (apply && running && changed) {
      const { rejected } = api().set({ fig: section.dataset.fig, ...paramsOf(section) });
      for (const r of rejected) console.warn(`Spectral Tide: section ${section.id}: ${r.key}: ${r.message}`);
    }
  }

  /** The section crossing the reading line: 40% down the part of the window the text shows. */
  function sectionAtReadingLine() {
    const stageRect = stage.getBoundingClientRect();
    const overText = stageRect.top <= 1 && stageRect.width > window.innerWidth * 0.9;  // the phone's pane on top
    const top = overText ? stageRect.bottom : 0;
    const line = top + (window.innerHeight - top) * 0.4;
    let found = sections[0];
    for (const s of sections) {
      if (s.getBoundingClientRect().top <= line) found = s;
      else break;
    }
    return found;
  }

  let scrollQueued = false;
  function onScroll() {
    if (scrollQueued || slides) return;
    scrollQueued = true;
    requestAnimationFrame(() => {
      scrollQueued = false;
      const seen = sectionAtReadingLine();
      if (seen !== lastSeen) {
        lastSeen = seen;
        activate(seen, true);
      }
    });
  }

  function scrollToSection(section) {
    section.scrollIntoView({ block: 'start' });
    lastSeen = sectionAtReadingLine();
  }

  // A try link's section stays current when its hash is applied (tide-page.js applies it).
  let clickedSection = null;
  document.addEventListener('click', (e) => {
    const link = e.target.closest && e.target.closest('a.try');
    clickedSection = link ? link.closest('section[data-fig]') : null;
  }, true);
  window.addEventListener('hashchange', (e) => {
    const hash = new URL(e.newURL).hash;  // as tide-page.js: the event's, not the address's now
    const params = hashParams(hash);
    if (!params.fig) return;
    if (!sections.some((s) => s.dataset.fig === params.fig)) {
      location.href = `explore.html${hash}`;
      return;
    }
    // A try link's own section is on screen already: the page stays where the reader is.
    const clicked = clickedSection && clickedSection.dataset.fig === params.fig ? clickedSection : null;
    clickedSection = null;
    const section = clicked || sectionFor(params);
    if (section !== current) {
      if (!slides && !clicked) scrollToSection(section);
      showCurrent(section);
    }
    // The link's figure stays until the reader scrolls to another section.
    lastSeen = sectionAtReadingLine();
  });

  // The live numbers, as the app computes them (its corpus statistics take a few seconds).
  const numbers = {};
  const format = (key, v) => {
    if (/^n_/.test(key)) return String(Math.round(v));
    if (/^peak_hz/.test(key)) return String(Math.round(v));
    if (/_sd$/.test(key)) return v.toFixed(2);
    if (/^alpha/.test(key)) return v.toFixed(3);
    if (key === 'fmax_half_cycles') return v.toFixed(1);
    return String(Number(v.toPrecision(3)));
  };
  function fillNumbers() {
    let got;
    try {
      got = JSON.parse(window.tideBridge.articleNumbersJson(8));
    } catch (e) {
      console.warn(`Spectral Tide: the article's numbers: ${e.message}`);
      return;
    }
    for (const [key, value] of Object.entries(got)) {
      if (key === 'complete' || numbers[key] === value) continue;
      numbers[key] = value;
      for (const span of document.querySelectorAll(`.num[data-num="${key}"]`)) span.textContent = format(key, value);
    }
    if (!got.complete) setTimeout(fillNumbers, 250);
    else numbers.complete = true;
  }

  // Slides.
  let slides = false;
  function setSlides(on) {
    if (on === slides) return;
    slides = on;
    document.documentElement.classList.toggle('slides', on);
    if (!on && current) scrollToSection(current);
  }
  function step(by) {
    const i = Math.max(0, sections.indexOf(start()));
    const next = sections[Math.min(sections.length - 1, Math.max(0, i + by))];
    if (!slides) scrollToSection(next);
    activate(next, true);
  }
  window.addEventListener('spectral-tide:lookchange', (e) => setSlides(e.detail.presenter));
  // In slides the keys that step belong to the page, before SDL's handler sees them.
  window.addEventListener('keydown', (e) => {
    if (!slides || e.ctrlKey || e.metaKey || e.altKey) return;
    const forward = ['ArrowRight', 'PageDown'].includes(e.key) || (e.key === ' ' && !e.shiftKey);
    const back = ['ArrowLeft', 'PageUp'].includes(e.key) || (e.key === ' ' && e.shiftKey);
    if (e.key === 'Escape') {
      api().set({ presenter: false });
    } else if (forward || back) {
      step(forward ? 1 : -1);
    } else {
      return;
    }
    e.preventDefault();
    e.stopImmediatePropagation();
  }, true);

  // Where the reader starts: a link's section (scrolled to before the first paint), else
  // wherever the page is scrolled to when the program asks (measuring the text forces a layout
  // of the whole article, which would hold back its first paint).
  if (linked.fig) {
    scrollToSection(sectionFor(linked));
    showCurrent(sectionFor(linked));
  }
  // Sections out of sight are laid out only when they come near (content-visibility), so the
  // text above a linked section may still change height after the jump: until the reader
  // moves, the linked section is put back at the top whenever the text's height changes.
  let readerMoved = false;
  for (const type of ['wheel', 'touchstart', 'keydown', 'pointerdown']) {
    window.addEventListener(type, () => { readerMoved = true; }, { passive: true, once: true, capture: true });
  }
  if (linked.fig) {
    new ResizeObserver(() => {
      if (!readerMoved && !slides && current) scrollToSection(current);
    }).observe(document.getElementById('article'));
  }
  const start = () => {
    if (!current) {
      showCurrent(sectionAtReadingLine());
      lastSeen = current;
    }
    return current;
  };
  window.addEventListener('scroll', onScroll, { passive: true });
  window.addEventListener('resize', onScroll);

  window.tideArticle = {
    /** What the app shows first when the link carries no parameters: the current section's. */
    startParams: () => (start() ? { fig: current.dataset.fig, ...paramsOf(current) } : {}),
    /** The app's look for the pane's size (compact when small), before its first frame. */
    startLook: () => startLook(),
    sections: () => sections.map((s) => ({ id: s.id, fig: s.dataset.fig, params: paramsOf(s), number: Number(s.dataset.number) })),
    current: () => (current ? current.id : null),
    numbers: () => ({ ...numbers }),
    step,
  };

  // A small pane (the phone's, 45% of its height) gets the app's compact look: smaller type
  // and padding, so that a figure's plot fits under its controls.
  let compact = null;
  function fitLook() {
    const small = stage.clientHeight < 480;
    if (running && small !== compact) {
      compact = small;
      api().set({ compact: small });
    }
  }
  function startLook() {
    compact = stage.clientHeight < 480;
    return { compact };
  }

  document.addEventListener('DOMContentLoaded', () => {
    if (!api()) return;  // the browser cannot run the app (tide-page.js says so in the pane)
    api().ready.then(() => {
      running = true;
      fitLook();
      new ResizeObserver(fitLook).observe(stage);
      fillNumbers();
      // The full-screen link follows what the figure shows.
      window.tideState.subscribe((params) => { openFull.href = window.tideState.linkTo('explore.html', params); });
      openFull.href = window.tideState.linkTo('explore.html', api().params());
      // A section may have become current while the program loaded.
      const seen = sectionAtReadingLine();
      if (!linked.fig && seen !== current) activate(seen, true);
      lastSeen = seen;
    }, () => {});
  });
})();
