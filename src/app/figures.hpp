// The registry of figures, in the essay's order: each figure's factory.
#pragma once

#include <memory>
#include <vector>

#include "figure.hpp"

namespace tide::app {

std::unique_ptr<Figure> make_spectra_figure();
std::unique_ptr<Figure> make_slices_figure();
std::unique_ptr<Figure> make_rapsd_figure();
std::unique_ptr<Figure> make_mean_fit_figure();
std::unique_ptr<Figure> make_noise_figure();
std::unique_ptr<Figure> make_hinge_figure();
std::unique_ptr<Figure> make_rising_tide_figure();
std::unique_ptr<Figure> make_ideal_figure();
std::unique_ptr<Figure> make_diffusion_figure();
std::unique_ptr<Figure> make_fmax_figure();
std::unique_ptr<Figure> make_lowpass_figure();
std::unique_ptr<Figure> make_sampler_figure();
std::unique_ptr<Figure> make_audio_clips_figure();
std::unique_ptr<Figure> make_audio_spectra_figure();
std::unique_ptr<Figure> make_audio_mean_figure();
std::unique_ptr<Figure> make_audio_tide_figure();
std::unique_ptr<Figure> make_mel_figure();
std::unique_ptr<Figure> make_mel_rapsd_figure();
std::unique_ptr<Figure> make_cepstrum_figure();
std::unique_ptr<Figure> make_microphone_figure();

/// All figures, in the essay's order: the image chapter, then the sound chapter.
inline std::vector<std::unique_ptr<Figure>> make_figures() {
    std::vector<std::unique_ptr<Figure>> f;
    f.push_back(make_spectra_figure());
    f.push_back(make_slices_figure());
    f.push_back(make_rapsd_figure());
    f.push_back(make_mean_fit_figure());
    f.push_back(make_noise_figure());
    f.push_back(make_hinge_figure());
    f.push_back(make_rising_tide_figure());
    f.push_back(make_ideal_figure());
    f.push_back(make_diffusion_figure());
    f.push_back(make_fmax_figure());
    f.push_back(make_lowpass_figure());
    f.push_back(make_sampler_figure());
    f.push_back(make_audio_clips_figure());
    f.push_back(make_audio_spectra_figure());
    f.push_back(make_audio_mean_figure());
    f.push_back(make_audio_tide_figure());
    f.push_back(make_mel_figure());
    f.push_back(make_mel_rapsd_figure());
    f.push_back(make_cepstrum_figure());
    f.push_back(make_microphone_figure());
    return f;
}

}  // namespace tide::app
