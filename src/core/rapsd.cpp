// RAPSD: radial binning of the power spectrum (pysteps' convention).
#include "rapsd.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <complex>
#include <memory>

namespace tide::core {

namespace {

/// Signed wavenumber of unshifted index i of an axis of length n (numpy.fft.fftfreq * n).
int wavenumber(int i, int n) {
    return i < (n + 1) / 2 ? i : i - n;
}

}  // namespace

RadialBins::RadialBins(int rows, int cols) : rows_(rows), cols_(cols), length_(std::max(rows, cols)) {
    assert(rows >= 1 && cols >= 1);
    const int bins = (length_ + 1) / 2;  // ceil(L/2)
    count_.assign(bins, 0);
    bin_.resize(static_cast<std::size_t>(rows) * cols);
    for (int r = 0; r < rows; ++r) {
        const double ky = wavenumber(r, rows);
        for (int c = 0; c < cols; ++c) {
            const double kx = wavenumber(c, cols);
            // sqrt(k) of an integer is never exactly half-way, so rounding has no ties.
            const long b = std::lround(std::sqrt(kx * kx + ky * ky));
            const int bin = b < bins ? static_cast<int>(b) : -1;
            bin_[static_cast<std::size_t>(r) * cols + c] = bin;
            if (bin >= 0) ++count_[bin];
        }
    }
    // Columns kx = 0 .. cols/2 one after another, for of_field (corners in bin `bins`).
    const int half = cols / 2 + 1;
    half_bin_.resize(static_cast<std::size_t>(half) * rows);
    for (int c = 0; c < half; ++c)
        for (int r = 0; r < rows; ++r) {
            const int bin = bin_[static_cast<std::size_t>(r) * cols + c];
            half_bin_[static_cast<std::size_t>(c) * rows + r] = bin >= 0 ? bin : bins;
        }
    // Where each of those columns has samples inside the bins: ky = 0 .. a-1 and rows-b ..
    // rows-1 (the radius grows with |ky|), so that of_field skips the corners.
    column_reach_.resize(static_cast<std::size_t>(half));
    for (int c = 0; c < half; ++c) {
        const int* column = &half_bin_[static_cast<std::size_t>(c) * rows];
        int a = 0, b = 0;
        while (a < rows && column[a] < bins) ++a;
        while (b < rows - a && column[rows - 1 - b] < bins) ++b;
        column_reach_[c] = {a, rows - b};
    }
}

Rapsd RadialBins::finish(std::vector<double>& sums) const {
    Rapsd out;
    const int bins = this->bins();
    out.freq.resize(bins);
    out.power.resize(bins);
    out.count = count_;
    for (int b = 0; b < bins; ++b) {
        out.freq[b] = static_cast<double>(b) / length_;
        out.power[b] = sums[b] / count_[b];  // every bin has samples on the long axis
    }
    return out;
}

Rapsd RadialBins::average(const Field& power) const {
    assert(power.rows == rows_ && power.cols == cols_);
    std::vector<double> sums(count_.size(), 0.0);
    for (std::size_t i = 0; i < bin_.size(); ++i)
        if (bin_[i] >= 0) sums[bin_[i]] += power.data[i];
    return finish(sums);
}

Rapsd RadialBins::of_field(const Field& field) const {
    assert(field.rows == rows_ && field.cols == cols_);
    // Four sets of sums, added at the end: two (ky even, odd) for each of the two columns
    // handed over together. Consecutive samples of a column mostly fall in one bin, and one set
    // would chain every addition to the previous. Index `bins` collects the corners, dropped.
    const int bins = this->bins();
    const std::size_t stride = static_cast<std::size_t>(bins) + 1;
    std::vector<double> sets(4 * stride, 0.0);
    double* set[4] = {sets.data(), sets.data() + stride, sets.data() + 2 * stride, sets.data() + 3 * stride};
    const double norm = 1.0 / (static_cast<double>(rows_) * cols_);
    // Column kx stands for itself and column cols-kx, except kx = 0 and (cols even) kx = cols/2,
    // which are their own mirrors.
    const int paired_end = (cols_ + 1) / 2;  // kx = 1 .. paired_end-1 count twice
    const auto weight = [&](int kx) { return (kx == 0 || kx >= paired_end) ? norm : 2.0 * norm; };
    // Columns come in blocks of 2 or 4 (as wide as the transforms run); each pair kx, kx+1 of a
    // block is added as a block of 2 would be, so that every sum is taken in the same order
    // (columns ascending, then ky) and the result does not depend on the block width.
    fft2_half_power_blocks(field, [&](int kx0, int block_count, int lanes, const double* block_power) {
        for (int s0 = 0; s0 < block_count; s0 += 2) {
            const int kx = kx0 + s0, count = std::min(2, block_count - s0);
            const double* power = block_power + s0;  // |F(ky, kx + s)|^2 at power[lanes * ky + s]
            const int* bin0 = &half_bin_[static_cast<std::size_t>(kx) * rows_];
            const double w0 = weight(kx);
            // Rows ky = 0 .. a-1 and from b on hold column kx's samples inside the bins; column
            // kx+1 (larger radius) has no more, and its other corners go to index `bins`.
            const auto [a, b] = column_reach_[kx];
            if (count == 1) {
                for (int ky = 0; ky < a; ++ky) set[ky & 1][bin0[ky]] += w0 * power[lanes * ky];
                for (int ky = b; ky < rows_; ++ky) set[ky & 1][bin0[ky]] += w0 * power[lanes * ky];
                continue;
            }
            const int* bin1 = bin0 + rows_;
            const double w1 = weight(kx + 1);
            const auto add = [&](int from, int to) {
                for (int ky = from; ky < to; ++ky) {
                    set[ky & 1][bin0[ky]] += w0 * power[lanes * ky];
                    set[2 + (ky & 1)][bin1[ky]] += w1 * power[lanes * ky + 1];
                }
            };
            add(0, a);
            add(b, rows_);
        }
    });
    std::vector<double> sums(bins);
    for (int b = 0; b < bins; ++b) sums[b] = (set[0][b] + set[1][b]) + (set[2][b] + set[3][b]);
    return finish(sums);
}

Rapsd RadialBins::average_of_sum(const ComplexField& spec_a, double a, const ComplexField& spec_b, double b) const {
    assert(spec_a.rows == rows_ && spec_a.cols == cols_ && spec_b.rows == rows_ && spec_b.cols == cols_);
    std::vector<double> sums(count_.size(), 0.0);
    const double norm = 1.0 / (static_cast<double>(rows_) * cols_);
    // a A + b B is Hermitian (A, B are spectra of real fields), and so are the bins: only
    // columns kx = 0 .. cols/2 are read, columns 1 .. paired_end-1 counting twice (as of_field).
    const int paired_end = (cols_ + 1) / 2;
    const int last = cols_ / 2;  // its own mirror when cols is even (last == paired_end)
    for (int r = 0; r < rows_; ++r) {
        const std::size_t row = static_cast<std::size_t>(r) * cols_;
        const int* bins = &bin_[row];
        const std::complex<double>* pa = &spec_a.data[row];
        const std::complex<double>* pb = &spec_b.data[row];
        const auto add = [&](int c, double weight) {
            if (bins[c] < 0) return;
            const double re = a * pa[c].real() + b * pb[c].real();
            const double im = a * pa[c].imag() + b * pb[c].imag();
            sums[bins[c]] += (re * re + im * im) * weight;
        };
        add(0, norm);
        for (int c = 1; c < paired_end; ++c) add(c, 2.0 * norm);
        if (last == paired_end) add(last, norm);
    }
    return finish(sums);
}

Rapsd rapsd_of_power(const Field& power) {
    return RadialBins(power.rows, power.cols).average(power);
}

Rapsd rapsd(const Field& field) {
    // The bins of one shape are reused (a corpus has one shape); per thread, for tide fit --jobs.
    thread_local std::unique_ptr<RadialBins> bins;
    if (!bins || bins->rows() != field.rows || bins->cols() != field.cols)
        bins = std::make_unique<RadialBins>(field.rows, field.cols);
    return bins->of_field(field);
}

}  // namespace tide::core
