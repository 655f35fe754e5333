// resample(): the only file that includes libsamplerate.
#include "resample.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include <samplerate.h>

namespace tide::core {

namespace {

std::string hz(double v) {
    char text[48];
    std::snprintf(text, sizeof text, "%g Hz", v);
    return text;
}

}  // namespace

Result<std::vector<float>> resample(const std::vector<float>& x, double from_hz, double to_hz,
                                    ResampleQuality quality) {
    using R = Result<std::vector<float>>;
    if (!(std::isfinite(from_hz) && from_hz > 0.0) || !(std::isfinite(to_hz) && to_hz > 0.0))
        return R::failure("cannot resample from " + hz(from_hz) + " to " + hz(to_hz) +
                          ": sample rates must be positive numbers");
    const double ratio = to_hz / from_hz;
    if (!src_is_valid_ratio(ratio))
        return R::failure("cannot resample from " + hz(from_hz) + " to " + hz(to_hz) +
                          ": the ratio must be between 1/256 and 256");
    if (x.empty()) return R::failure("the clip has no samples to resample");
    for (std::size_t i = 0; i < x.size(); ++i) {
        // libsamplerate computes in double and stores float: beyond this its output could
        // overflow float (found by tests/fuzz/fuzz_audio.cpp with float WAV data of 3e38).
        if (!(std::abs(x[i]) <= kMaxResampleInput)) {
            char text[160];
            std::snprintf(text, sizeof text, "cannot resample sample %zu: %g is %s", i, static_cast<double>(x[i]),
                          std::isfinite(x[i]) ? "beyond +-1e30" : "not a finite number");
            return R::failure(text);
        }
    }
    if (from_hz == to_hz) return x;
    const double n_out_exact = std::round(static_cast<double>(x.size()) * ratio);
    if (n_out_exact > 0x7fffffff) return R::failure("the resampled clip would have more than 2^31 samples");
    const long n_out = std::max(1L, static_cast<long>(n_out_exact));

    // One src_process call with end_of_input set converts everything and flushes the filter,
    // but stops short of n * ratio samples by one now and then (48 kHz to
    // 22.05 kHz: 2204 of 2205). The input is therefore extended by a few zeros, which is what
    // the converter assumes beyond the end anyway, and exactly n_out samples are kept.
    const std::size_t extra = static_cast<std::size_t>(std::ceil(2.0 / ratio)) + 2;
    std::vector<float> in(x.size() + extra, 0.0f);
    std::copy(x.begin(), x.end(), in.begin());
    std::vector<float> out(
        static_cast<std::size_t>(n_out) + static_cast<std::size_t>(std::ceil(static_cast<double>(extra) * ratio)) + 4,
        0.0f);
    SRC_DATA data{};
    data.data_in = in.data();
    data.input_frames = static_cast<long>(in.size());
    data.data_out = out.data();
    data.output_frames = static_cast<long>(out.size());
    data.src_ratio = ratio;
    data.end_of_input = 1;
    const int converter = quality == ResampleQuality::best ? SRC_SINC_BEST_QUALITY : SRC_SINC_MEDIUM_QUALITY;
    int error = 0;
    std::unique_ptr<SRC_STATE, SRC_STATE* (*)(SRC_STATE*)> state(src_new(converter, 1, &error), src_delete);
    if (!state) {
        const char* name = src_get_name(converter);
        return R::failure(std::string("resampling failed: this build does not include libsamplerate's ") +
                          (name ? name : "requested converter") + " (" + src_strerror(error) + ")");
    }
    error = src_process(state.get(), &data);
    if (error != 0) return R::failure(std::string("resampling failed: ") + src_strerror(error));
    assert(data.output_frames_gen >= n_out);
    out.resize(static_cast<std::size_t>(n_out));
    return out;
}

}  // namespace tide::core
