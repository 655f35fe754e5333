// ArticleNumbers: the numbers the article's text quotes (web/index.html fills each
// <span class="num" data-num="key"> from them), so that no number of ours is typed into its
// prose. Each is computed as the figure that shows it computes it:
//   n_photos                   photographs in the corpus
//   alpha, alpha_raw           mean-fit: the corpus mean RAPSD's power-law alpha at 320 pixels,
//                              resampled onto 100 log-spaced points (the essay's fit) or raw bins
//   alpha_256                  the same fit of the corpus area-averaged to 256 pixels (snr-map's
//                              SizedCorpus)
//   alpha_nature, alpha_nature_sd, n_nature, alpha_manmade, alpha_manmade_sd, n_manmade
//                              mean and sample standard deviation of each photograph's alpha, by
//                              kind of scene (mean-fit's strip plot)
//   peak_hz, peak_hz_speech, peak_hz_music
//                              audio-mean: where the geometric mean spectrum of the clips (all,
//                              speech, music) peaks, in Hz
//   fmax_half, fmax_half_cycles
//                              fmax: f_max at t = 0.5 under rectified flow with tau = 1, in cycles
//                              per pixel and per image (320 pixels)
#pragma once

#include <string>

#include "audio_store.hpp"
#include "image_store.hpp"
#include "sized_corpus.hpp"

namespace tide::app {

class ArticleNumbers {
public:
    /// Advances the work they need (the corpus statistics, the corpus at 256 pixels) by about
    /// budget_ms and returns {"complete": bool, key: number, ...}: a key appears once its value
    /// is final; complete once all have. audio may be null (no sound corpus: no peak_hz*).
    std::string json(ImageStore& store, AudioStore* audio, double budget_ms);

private:
    SizedCorpus at_256_{{256}};
};

}  // namespace tide::app
