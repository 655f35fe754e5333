// The registry of figures: the table of contents, in the essay's order (the image chapter,
// then the sound chapter), each chapter ending with the questions that followed the essay. Each X(name) is a figure
// defined in fig_<name>.cpp with TIDE_DEFINE_FIGURE(name, Class); adding a figure is that file and one line here. The
// app knows figures only through this list and their tables (figure.hpp).
#pragma once

#include <memory>
#include <vector>

#include "figure.hpp"

#define TIDE_FIGURES(X) \
    X(spectra)          \
    X(slices)           \
    X(rapsd)            \
    X(mean_fit)         \
    X(noise)            \
    X(hinge)            \
    X(rising_tide)      \
    X(ideal)            \
    X(diffusion)        \
    X(fmax)             \
    X(lowpass)          \
    X(sampler)          \
    X(snr_map)          \
    X(effort)           \
    X(equal_snr)        \
    X(phase)            \
    X(audio_clips)      \
    X(audio_spectra)    \
    X(audio_mean)       \
    X(audio_tide)       \
    X(mel)              \
    X(mel_rapsd)        \
    X(cepstrum)         \
    X(cepstral_tide)    \
    X(microphone)

namespace tide::app {

#define TIDE_DECLARE_FIGURE(name) std::unique_ptr<Figure> make_##name##_figure();
TIDE_FIGURES(TIDE_DECLARE_FIGURE)
#undef TIDE_DECLARE_FIGURE

/// All figures, in the essay's order.
inline std::vector<std::unique_ptr<Figure>> make_figures() {
    std::vector<std::unique_ptr<Figure>> figures;
#define TIDE_MAKE_FIGURE(name) figures.push_back(make_##name##_figure());
    TIDE_FIGURES(TIDE_MAKE_FIGURE)
#undef TIDE_MAKE_FIGURE
    return figures;
}

}  // namespace tide::app
