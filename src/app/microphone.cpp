// The microphone's status, its window of sound and the spectrogram texture.
#include "microphone.hpp"

#include <algorithm>
#include <utility>

#include "colormap.hpp"
#include "core/mel.hpp"

namespace tide::app {

Microphone::Microphone(TextureHost& textures, double window_s) : host_(textures), sound_(window_s) {}

const char* Microphone::status_name() const {
    switch (status_) {
        case Status::off:
            return "off";
        case Status::asking:
            return "asking";
        case Status::listening:
            return "listening";
        case Status::failed:
            return "failed";
    }
    return "off";
}

void Microphone::asking() {
    status_ = Status::asking;
    message_.clear();
}

void Microphone::started(double sample_rate_hz) {
    const std::string error = sound_.restart(sample_rate_hz);
    if (!error.empty()) {
        failed("The microphone cannot be analysed: " + error + ".");
        return;
    }
    status_ = Status::listening;
    message_.clear();
    analysis_ = LiveAnalysis{};
    analysis_.error = "listening\u2026";
    draw_texture();
}

void Microphone::failed(std::string message) {
    status_ = Status::failed;
    message_ = std::move(message);
}

void Microphone::stopped() {
    status_ = Status::off;
    message_.clear();
}

void Microphone::push(const float* samples, std::size_t n) {
    if (status_ == Status::listening) sound_.push(samples, n);
}

bool Microphone::update() {
    if (!sound_.fresh()) return false;
    analysis_ = sound_.analyse();
    draw_texture();
    return true;
}

void Microphone::draw_texture() {
    const int rows = core::MelConfig{}.n_mels;
    const int cols = sound_.window_frames();
    std::vector<std::uint8_t> rgba(static_cast<std::size_t>(rows) * cols * 4, 0);  // transparent
    const core::Field& m = analysis_.log_mel;
    if (m.rows == rows && m.cols > 0) {
        const auto [lo, hi] = std::minmax_element(m.data.begin(), m.data.end());
        core::Field flipped(m.rows, m.cols);  // the lowest band at the bottom
        for (int r = 0; r < m.rows; ++r) std::copy_n(&m.at(m.rows - 1 - r, 0), m.cols, &flipped.at(r, 0));
        const auto colours = colorize(flipped, *lo, *hi > *lo ? *hi : *lo + 1.0, Colormap::magma);
        const int shown = std::min(m.cols, cols);
        const int skip = m.cols - shown;  // (a window never holds more frames than cols)
        for (int r = 0; r < rows; ++r) {
            std::copy_n(&colours[(static_cast<std::size_t>(r) * m.cols + skip) * 4],
                        static_cast<std::size_t>(shown) * 4,
                        &rgba[(static_cast<std::size_t>(r) * cols + (cols - shown)) * 4]);
        }
    }
    if (texture_ && texture_.width() == cols && texture_.height() == rows) {
        host_.update_rgba(texture_.id(), rgba.data(), cols, rows);
    } else {
        texture_ = Texture(&host_, host_.create_rgba(rgba.data(), cols, rows, Sampling::nearest), cols, rows);
    }
}

}  // namespace tide::app
