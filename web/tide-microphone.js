// The microphone figure's capture. The figure's "Start microphone" button (a click, never the
// page loading) calls start(): getUserMedia -> an AudioContext at 22,050 Hz where the browser
// resamples the stream itself (Chromium), otherwise at its own rate (the app then resamples
// in the core) -> an AudioWorklet (tide-microphone-worklet.js), or a ScriptProcessor where
// there is none -> blocks of mono samples into the app (tide_microphone_samples) every 0.1 s.
// stop() (the figure's other button, or another figure opening) releases the device.
// Every problem (no secure page, permission denied, no device, the device lost mid-stream) is
// told to the app (tide_microphone_failed, shown in the figure) and on the page (the notice).
// The sound stays in this page: nothing is recorded or sent anywhere.
//   window.tideMicrophone = {attach({notice}), start(), stop(), active(), mode()}
'use strict';

(function () {
  const RATE_HZ = 22050;  // what the mel figures analyse
  const BLOCK_S = 0.1;    // samples reach the app in blocks this long
  const WORKLET = 'tide-microphone-worklet.js';

  let notice = () => {};
  let session = null;  // the capture running or starting: {stopped, stream, ctx, nodes}

  /** A problem found here (not by the browser), already in words for people. */
  function problem(message) {
    return Object.assign(new Error(message), { ours: true });
  }

  function fail(message) {
    window.tideBridge.microphoneFailed(message);
    notice(message, true);
  }

  /** Why getUserMedia or the audio graph failed, in words a person can act on. */
  function explain(e) {
    switch (e && e.name) {
      case 'NotAllowedError':
      case 'PermissionDeniedError':
        return 'Microphone access was denied. To use this figure, allow the microphone for this site (the icon in '
          + 'the address bar, or the browser\'s site settings), then click Start microphone again.';
      case 'NotFoundError':
      case 'DevicesNotFoundError':
      case 'OverconstrainedError':
        return 'No microphone was found. Connect one (or switch it on in the system\'s sound settings), then click '
          + 'Start microphone again.';
      case 'NotReadableError':
      case 'TrackStartError':
      case 'AbortError':
        return 'The microphone could not be opened: another program may be using it, or the system blocked it '
          + `(${e.message}).`;
      case 'SecurityError':
        return `The browser blocked the microphone for this page (${e.message}).`;
      default:
        return `The microphone could not be started: ${e && e.name ? `${e.name}: ` : ''}${e && e.message ? e.message : e}`;
    }
  }

  function release(s) {
    s.stopped = true;
    if (s.stream) for (const track of s.stream.getTracks()) track.stop();
    for (const node of s.nodes) {
      try { node.disconnect(); } catch { /* not connected */ }
    }
    if (s.ctx && s.ctx.state !== 'closed') s.ctx.close().catch(() => {});
  }

  function push(s, samples) {
    if (session !== s || samples.length === 0) return;
    window.tideBridge.microphoneSamples(samples);
  }

  /** An AudioContext and the stream's source node in it: at 22,050 Hz if the browser can. */
  function openContext(AC, stream) {
    let ctx = null;
    try {
      ctx = new AC({ sampleRate: RATE_HZ });
      return { ctx, source: ctx.createMediaStreamSource(stream) };
    } catch {
      // Older browsers ignore or refuse the rate; Firefox refuses streams at another rate.
      if (ctx) ctx.close().catch(() => {});
    }
    ctx = new AC();
    return { ctx, source: ctx.createMediaStreamSource(stream) };
  }

  async function start() {
    if (session) return;
    const s = { stopped: false, stream: null, ctx: null, nodes: [], mode: null };
    session = s;
    try {
      if (!window.isSecureContext) {
        throw problem(`The microphone works only on a secure page: open Spectral Tide over https:// or from `
          + `localhost (this page came from ${location.origin}).`);
      }
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        throw problem('This browser cannot capture sound from a microphone (it has no getUserMedia).');
      }
      const AC = window.AudioContext || window.webkitAudioContext;
      if (!AC) throw problem('This browser has no Web Audio, so the page cannot read the microphone.');
      const policy = document.permissionsPolicy || document.featurePolicy;
      if (policy && !policy.allowsFeature('microphone')) {
        throw problem('This page is embedded without microphone access: the page around it must allow it '
          + '(allow="microphone" on its iframe). Open Spectral Tide on its own to use the microphone.');
      }
      // The raw sound: no echo cancellation, noise suppression or automatic gain, which
      // would reshape its spectrum.
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      });
      s.stream = stream;
      if (s.stopped) return release(s);
      for (const track of stream.getAudioTracks()) {
        track.addEventListener('ended', () => {
          if (session !== s) return;
          session = null;
          release(s);
          fail('The microphone stopped delivering sound: it was unplugged, switched off or taken by another '
            + 'program. The picture shows the last seconds heard; click Start microphone to listen again.');
        });
      }
      const { ctx, source } = openContext(AC, stream);
      s.ctx = ctx;
      s.nodes.push(source);
      if (ctx.state === 'suspended') ctx.resume().catch(() => {});
      // The capture node must be pulled by the graph: it feeds a silent gain into the output.
      const sink = ctx.createGain();
      sink.gain.value = 0;
      s.nodes.push(sink);
      let capture = null;
      if (ctx.audioWorklet && typeof AudioWorkletNode === 'function') {
        try {
          await ctx.audioWorklet.addModule(WORKLET);
          if (s.stopped) return release(s);
          capture = new AudioWorkletNode(ctx, 'tide-microphone-capture', {
            numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1],
            processorOptions: { blockSize: Math.round(ctx.sampleRate * BLOCK_S) },
          });
          capture.port.onmessage = (e) => push(s, e.data);
        } catch (e) {
          console.warn(`Spectral Tide: the microphone's AudioWorklet failed (${e.message}); using a ScriptProcessor`);
          capture = null;
        }
      }
      if (s.stopped) return release(s);
      if (!capture) {
        const size = 2 ** Math.min(14, Math.max(8, Math.round(Math.log2(ctx.sampleRate * BLOCK_S))));
        capture = ctx.createScriptProcessor(size, 1, 1);
        capture.onaudioprocess = (e) => {
          const input = e.inputBuffer;
          const mono = new Float32Array(input.length);
          for (let c = 0; c < input.numberOfChannels; c++) {
            const channel = input.getChannelData(c);
            for (let i = 0; i < mono.length; i++) mono[i] += channel[i] / input.numberOfChannels;
          }
          push(s, mono);
        };
      }
      s.nodes.push(capture);
      s.mode = capture instanceof ScriptProcessorNode ? 'script-processor' : 'worklet';
      window.tideBridge.microphoneStarted(ctx.sampleRate);
      source.connect(capture);
      capture.connect(sink);
      sink.connect(ctx.destination);
      notice('The microphone is on. Its sound stays in this page: nothing is recorded or sent.', false);
    } catch (e) {
      release(s);
      if (session !== s) return;  // stopped meanwhile: nothing to tell
      session = null;
      fail(e && e.ours ? e.message : explain(e));
    }
  }

  function stop() {
    if (!session) return;
    const s = session;
    session = null;
    release(s);
  }

  window.tideMicrophone = {
    /** notice(text, isError): how the page shows a message (tide-page.js's notice). */
    attach(hooks) {
      if (hooks && typeof hooks.notice === 'function') notice = hooks.notice;
    },
    start,
    stop,
    /** Whether a capture runs or is starting. */
    active: () => session !== null,
    /** How the running capture reads the sound: 'worklet', 'script-processor', or null. */
    mode: () => (session && session.mode) || null,
  };
})();
