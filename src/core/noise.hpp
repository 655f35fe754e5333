// Reproducible standard Gaussian noise: the same seed gives the same numbers, bit for bit,
// natively and in WebAssembly (so a seed shown in the page reproduces a figure in the CLI).
#pragma once

#include <cstdint>

#include "field.hpp"

namespace tide::core {

/// Natural logarithm from +, -, *, / and frexp/ldexp only (no libm call), so it rounds the
/// same on every platform: x = m * 2^e with m in [sqrt(1/2), sqrt(2)),
/// log x = e ln 2 + 2 atanh(s), s = (m-1)/(m+1), atanh by its odd series up to s^25
/// (evaluated as fdlibm's log, f - (h - s (h + R)) with f = m - 1, h = f^2/2, and ln 2 split
/// in two; noise.cpp spells out every operation). Relative error below 4e-16 against std::log
/// for positive x, subnormals included; exactly 0 at x = 1 (tests/core/noise_test.cpp).
/// x <= 0 or NaN gives NaN; +inf gives +inf.
double portable_log(double x);

/// Standard normal samples from a seed. Algorithm (documented so other tools can reproduce it):
/// - state: xoshiro256** (Blackman & Vigna, 2018), its four 64-bit words filled by successive
///   outputs of splitmix64 started at `seed`;
/// - uniform: u = (next() >> 11) * 2^-53, in [0, 1);
/// - normal: Marsaglia's polar method: v1 = 2u1 - 1, v2 = 2u2 - 1, s = v1^2 + v2^2, rejected
///   unless 0 < s < 1; then z1 = v1 * sqrt(-2 portable_log(s) / s), z2 = v2 * (same factor);
///   z1 is returned first, then z2.
class GaussianNoise {
public:
    explicit GaussianNoise(std::uint64_t seed);
    double next();             ///< one N(0, 1) sample
    std::uint64_t next_u64();  ///< the raw xoshiro256** output

private:
    std::uint64_t s_[4];
    double spare_ = 0.0;
    bool has_spare_ = false;
};

/// A rows x cols field of independent N(0, 1) samples, row-major, from GaussianNoise(seed).
Field gaussian_noise(int rows, int cols, std::uint64_t seed);

}  // namespace tide::core
