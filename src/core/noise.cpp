// Reproducible Gaussian noise: splitmix64 seeding, xoshiro256**, Marsaglia's polar method and
// a logarithm without libm, so that every platform computes the same bits.
// This file is compiled with -ffp-contract=off (src/core/CMakeLists.txt): no fused
// multiply-adds, whatever the target, so each operation rounds as written.
#include "noise.hpp"

#include <cassert>
#include <cmath>
#include <limits>

namespace tide::core {

namespace {

// ln 2 split so that e * kLn2Hi is exact for |e| < 2^11 (fdlibm's e_log.c constants).
constexpr double kLn2Hi = 6.93147180369123816490e-01;  // 0x3FE62E42FEE00000
constexpr double kLn2Lo = 1.90821492927058770002e-10;  // 0x3DEA39EF35793C76
constexpr double kSqrtHalf = 0.70710678118654752440;

std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

// splitmix64 (Steele, Lea & Flood, 2014; Vigna's reference code): advances state, returns
// the next output.
std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

}  // namespace

double portable_log(double x) {
    if (std::isnan(x) || x <= 0.0) return std::numeric_limits<double>::quiet_NaN();
    if (std::isinf(x)) return x;
    int e = 0;
    double m = std::frexp(x, &e);  // x = m 2^e, m in [1/2, 1); exact, subnormals included
    if (m < kSqrtHalf) {
        m *= 2.0;  // exact
        --e;
    }
    // m in [sqrt(1/2), sqrt(2)): |s| <= 3 - 2 sqrt(2) < 0.1716, so s^27/27 < 1e-21.
    // 2 atanh(s) = 2s + s R, R = 2 s^2/3 + 2 s^4/5 + ... + 2 s^24/25, evaluated as fdlibm does:
    // with f = m - 1 (exact, Sterbenz) and 2s = f - s f, 2 atanh(s) = f - (h - s (h + R)),
    // h = f^2/2, so that the leading term f carries no rounding error.
    const double f = m - 1.0;
    const double s = f / (2.0 + f);  // = (m - 1) / (m + 1)
    const double s2 = s * s;
    double p = 1.0 / 25.0;
    for (int k = 23; k >= 3; k -= 2) p = p * s2 + 1.0 / k;
    const double r = 2.0 * s2 * p;
    const double h = 0.5 * f * f;
    const double two_atanh = f - (h - s * (h + r));
    const double de = static_cast<double>(e);
    return de * kLn2Hi + (de * kLn2Lo + two_atanh);
}

GaussianNoise::GaussianNoise(std::uint64_t seed) {
    std::uint64_t state = seed;
    for (std::uint64_t& word : s_) word = splitmix64(state);
}

std::uint64_t GaussianNoise::next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

double GaussianNoise::next() {
    if (has_spare_) {
        has_spare_ = false;
        return spare_;
    }
    constexpr double kTwoPowMinus53 = 0x1.0p-53;
    double v1 = 0.0, v2 = 0.0, s = 0.0;
    do {
        const double u1 = static_cast<double>(next_u64() >> 11) * kTwoPowMinus53;  // exact
        const double u2 = static_cast<double>(next_u64() >> 11) * kTwoPowMinus53;
        v1 = 2.0 * u1 - 1.0;
        v2 = 2.0 * u2 - 1.0;
        s = v1 * v1 + v2 * v2;
    } while (s >= 1.0 || s == 0.0);
    const double factor = std::sqrt(-2.0 * portable_log(s) / s);  // sqrt is correctly rounded
    spare_ = v2 * factor;
    has_spare_ = true;
    return v1 * factor;
}

Field gaussian_noise(int rows, int cols, std::uint64_t seed) {
    assert(rows >= 0 && cols >= 0);
    Field out(rows, cols);
    GaussianNoise noise(seed);
    for (double& v : out.data) v = noise.next();
    return out;
}

}  // namespace tide::core
