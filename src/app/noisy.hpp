// NoisyImage: x = a x0 + s eps for one photograph and one noise seed, its RAPSD (from the two
// spectra, without another FFT) and a gray texture of it, recomputed only when a, s, the image
// or the seed change.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "figure.hpp"

namespace tide::app {

/// How the noisy picture is scaled, for its caption: "clipped to [-1, 1]" or "in its own range".
const char* noisy_range_words(bool clip);
/// The checkbox that switches the noisy picture between the two (a figure's "clip" parameter).
void clip_checkbox(bool& clip);

class NoisyImage {
public:
    /// Brings the view up to date; returns false (and sets error()) if the image failed.
    /// clip: the picture maps [-1, 1] to black..white and clips beyond, as the noisy image would
    /// be saved; otherwise it spans x's own range (min to max), so the structure left under
    /// strong noise stays visible.
    bool update(FigureContext& ctx, const std::string& image_id, double a, double s, bool clip = false);
    const core::Rapsd& rapsd() const { return rapsd_; }
    /// Gray: x in its own range, or clipped to [-1, 1] (update()'s clip).
    const Texture& texture() const { return texture_; }
    const std::string& error() const { return error_; }

    /// Draws the noisy image with its caption and leaves the cursor where its plot goes:
    /// beside it in a wide area, below it in a tall (portrait) one. Returns the plot's size.
    ImVec2 draw_with_plot_space(FigureContext& ctx, ImVec2 size, const char* caption) const;

private:
    std::string id_, error_;
    std::uint64_t seed_ = 0;
    double a_ = -1.0, s_ = -1.0;
    bool clip_ = false;
    std::vector<std::uint8_t> rgba_;  ///< reused every update
    core::Rapsd rapsd_;
    Texture texture_;
};

}  // namespace tide::app
