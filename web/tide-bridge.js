// The one way the page's scripts call the WebAssembly module (src/platform/bridge.cpp): a typed
// object, window.tideBridge, with a method per export. Text goes in and out as JavaScript
// strings, bytes and samples as typed arrays (copied into the module's heap for the call and
// freed after it); numbers and flags as numbers and booleans. The module (window.Module) must
// be running: tide-page.js guards every use with its `running` flag.
'use strict';

window.tideBridge = (function () {
  const M = () => window.Module;

  /** An export that takes strings and returns text. */
  const text = (name, ...args) => M().ccall(name, 'string', args.map(() => 'string'), args);

  /** fn(ptr) with `data` (Uint8Array or Float32Array) copied into the heap at ptr for the call;
   * `noMemory` if the heap cannot hold it. */
  function withHeap(data, fn, noMemory) {
    const ptr = M()._malloc(Math.max(1, data.byteLength));
    if (!ptr) return noMemory;
    try {
      // After malloc: the heap may have grown, so its views are taken only now.
      if (data instanceof Float32Array) M().HEAPF32.set(data, ptr >> 2);
      else M().HEAPU8.set(data, ptr);
      return fn(ptr);
    } finally {
      M()._free(ptr);
    }
  }
  /** An export taking (string, bytes pointer, length) and returning text ("" when it worked). */
  const withBytes = (name, label, bytes) => withHeap(bytes, (ptr) => M().ccall(name, 'string',
    ['string', 'number', 'number'], [label, ptr, bytes.length]), `${label}: not enough memory for it in this page`);

  return {
    // What the app shows and computes, as JSON text.
    figuresJson: () => text('tide_figures_json'),
    stateJson: () => text('tide_state_json'),
    paramsJson: () => text('tide_params_json'),
    layoutJson: () => text('tide_layout_json'),
    /** The article's numbers (App::article_numbers_json), working up to budgetMs on them. */
    articleNumbersJson: (budgetMs) => M().ccall('tide_article_numbers_json', 'string', ['number'], [budgetMs]),
    assetPathsJson: () => text('tide_asset_paths_json'),
    dataCsv: () => text('tide_data_csv'),
    takeNotice: () => text('tide_take_notice'),
    /** One parameter; "" when applied, else why not. */
    set: (key, value) => text('tide_set', String(key), String(value)),

    // People's own files and the corpus files; each returns "" when taken, else why not.
    addAudioFile: (name, bytes) => withBytes('tide_add_audio_file', name, bytes),
    addImageFile: (name, bytes) => withBytes('tide_add_image_file', name, bytes),
    addAudioSamples: (name, mono, rateHz) => withHeap(mono, (ptr) => M().ccall('tide_add_audio_samples', 'string',
      ['string', 'number', 'number', 'number'], [name, ptr, mono.length, rateHz]),
    `${name}: not enough memory for it in this page`),
    assetArrived: (path, bytes) => withBytes('tide_asset_arrived', path, bytes),
    assetFailed: (path, message) => M().ccall('tide_asset_failed', null, ['string', 'string'], [path, message]),

    // Drawing.
    settled: () => M()._tide_settled() !== 0,
    redraw: () => M()._tide_redraw(),
    frames: () => M()._tide_frames(),
    setVisible: (visible) => M()._tide_set_visible(visible ? 1 : 0),
    setRenderScale: (scale) => M()._tide_set_render_scale(scale),
    wheelWanted: (x, y, dx, dy, ctrl, shift) => M()._tide_wheel_wanted(x, y, dx, dy, ctrl ? 1 : 0, shift ? 1 : 0) !== 0,

    /** The size of the module's heap in bytes (0 before it runs): it grows and never shrinks. */
    heapBytes: () => (M() && M().HEAPU8 ? M().HEAPU8.length : 0),

    // The microphone (tide-microphone.js).
    microphoneStarted: (rateHz) => M()._tide_microphone_started(rateHz),
    microphoneFailed: (message) => M().ccall('tide_microphone_failed', null, ['string'], [message]),
    /** A block of mono samples (Float32Array); dropped if the heap cannot take it. */
    microphoneSamples: (samples) => withHeap(samples, (ptr) => M()._tide_microphone_samples(ptr, samples.length)),
  };
})();
