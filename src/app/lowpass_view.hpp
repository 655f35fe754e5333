// LowpassView: the lowpass figure's four pictures of one photograph at one noise level (the
// noisy image, the hard cut, the Wiener estimate, the heat-blurred photograph; as
// core::low_pass_estimates computes them, the numbers of `tide denoise`), their textures and the
// three filters' gains on a frequency grid. Recomputed only when an input changes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/denoise.hpp"
#include "texture_host.hpp"

namespace tide::app {

class LowpassView {
public:
    enum Picture { noisy, cut, wiener, heat, picture_count };

    /// Brings the view up to date for x0 (the photograph `image_id`), the noise eps of `seed`,
    /// the model `prior` and the level (alpha > 0). Cheap when nothing changed; a texture lost
    /// with the graphics context is made again.
    void update(TextureHost& host, const std::string& image_id, const core::Field& x0, std::uint64_t seed,
                const core::Field& eps, const core::PowerLawPrior& prior, core::NoiseLevel level);
    bool ready() const { return ready_; }
    const core::LowPassEstimates& estimates() const { return e_; }
    /// noisy: x_t scaled to its own range (not clipped); the estimates: [-1, 1] black to white.
    const Texture& texture(Picture p) const { return textures_[p]; }

    /// The gains against x0 at `freq` (cycles/pixel, log-spaced from the grid's lowest non-zero
    /// frequency to the corner, 0.5 sqrt 2): Wiener alpha^2 P / (alpha^2 P + sigma^2), the cut
    /// (1 up to f_keep, then 0), heat exp(-(2 pi f)^2 sigma_b^2 / 2); noisy has none (empty).
    const std::vector<double>& freq() const { return freq_; }
    const std::vector<double>& gain(Picture p) const { return gains_[p]; }

private:
    void make_textures(TextureHost& host);

    bool ready_ = false;
    std::string image_;
    std::uint64_t seed_ = 0;
    core::PowerLawPrior prior_{};
    core::NoiseLevel level_{-1.0, -1.0};
    core::LowPassEstimates e_;
    Texture textures_[picture_count];
    std::vector<double> freq_;
    std::vector<double> gains_[picture_count];
};

}  // namespace tide::app
