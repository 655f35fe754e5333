// DCT-II (orthonormal) down the rows, and MFCCs.
#include "dct.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>

#include "constants.hpp"

namespace tide::core {

namespace {}  // namespace

Field dct2_ortho_rows(const Field& x, int n_coeffs) {
    const int rows = x.rows, cols = x.cols;
    assert(rows >= 1 && n_coeffs >= 1 && n_coeffs <= rows);
    // cos(pi j / (2N)) for j = 0 .. 4N-1: every k(2n+1) mod 4N is one of them.
    const long long period = 4LL * rows;
    std::vector<double> table(static_cast<std::size_t>(period));
    for (std::size_t j = 0; j < table.size(); ++j) table[j] = std::cos(pi * static_cast<double>(j) / (2.0 * rows));

    Field y(n_coeffs, cols);
    std::vector<double> sums(cols);
    for (int k = 0; k < n_coeffs; ++k) {
        const double scale = std::sqrt((k == 0 ? 1.0 : 2.0) / rows);
        std::fill(sums.begin(), sums.end(), 0.0);
        for (int n = 0; n < rows; ++n) {
            const double c = table[static_cast<std::size_t>((static_cast<long long>(k) * (2LL * n + 1)) % period)];
            for (int col = 0; col < cols; ++col) sums[col] += x.at(n, col) * c;
        }
        for (int col = 0; col < cols; ++col) y.at(k, col) = scale * sums[col];
    }
    return y;
}

Result<Field> mfcc(const std::vector<float>& x, const MelConfig& cfg, int n_mfcc) {
    using R = Result<Field>;
    if (n_mfcc < 1 || n_mfcc > cfg.n_mels)
        return R::failure("n_mfcc must be from 1 to n_mels = " + std::to_string(cfg.n_mels) + "; got " +
                          std::to_string(n_mfcc));
    auto db = log_mel_spectrogram(x, cfg);
    if (!db) return db;
    return dct2_ortho_rows(db.value(), n_mfcc);
}

}  // namespace tide::core
