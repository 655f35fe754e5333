// The microphone figure's AudioWorklet (added by tide-microphone.js): mixes the microphone's
// channels to mono and posts them to the page in blocks of processorOptions.blockSize samples
// (transferred, not copied). It outputs nothing.
'use strict';

class TideMicrophoneCapture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.blockSize = options.processorOptions.blockSize;
    this.block = new Float32Array(this.blockSize);
    this.filled = 0;
  }

  process(inputs) {
    const channels = inputs[0];
    // No channels: the input is not connected (yet, or any more).
    if (channels && channels.length > 0) {
      const n = channels[0].length;
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let c = 0; c < channels.length; c++) sum += channels[c][i];
        this.block[this.filled++] = sum / channels.length;
        if (this.filled === this.blockSize) {
          this.port.postMessage(this.block, [this.block.buffer]);
          this.block = new Float32Array(this.blockSize);
          this.filled = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor('tide-microphone-capture', TideMicrophoneCapture);
