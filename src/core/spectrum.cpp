// KissFFT wrapper: the only file that includes KissFFT. kiss_fft_scalar is double
// (a compile definition of the kissfft target). KissFFT applies no scaling.
// One 1-D complex DFT (ComplexDft: KissFFT, or Bluestein's algorithm for lengths KissFFT
// would transform slowly) serves the 2-D transforms (fft2, rfft2, irfft2, ifft2_real) and the
// 1-D real DFT plan (RealFft) of the audio chapter.
#include "spectrum.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <vector>

#include <kiss_fft.h>
#include <kiss_fftr.h>

#include "constants.hpp"

static_assert(sizeof(kiss_fft_scalar) == sizeof(double), "KissFFT must be built with kiss_fft_scalar=double");
static_assert(sizeof(kiss_fft_cpx) == sizeof(std::complex<double>), "kiss_fft_cpx layout");

namespace tide::core {

namespace {

struct FreeCfg {
    void operator()(void* p) const { kiss_fft_free(p); }
};
using FftCfg = std::unique_ptr<std::remove_pointer_t<kiss_fft_cfg>, FreeCfg>;
using FftrCfg = std::unique_ptr<std::remove_pointer_t<kiss_fftr_cfg>, FreeCfg>;

}  // namespace

// ---------------------------------------------------------------------------------------------
// The 1-D complex DFT behind every transform here

namespace {

constexpr int kMaxDirectPrime = 100;  // larger prime factors go through Bluestein
int largest_prime_factor(int n) {
    int largest = 1;
    for (int p = 2; static_cast<long long>(p) * p <= n; ++p) {
        while (n % p == 0) {
            largest = p;
            n /= p;
        }
    }
    return n > 1 ? std::max(largest, n) : largest;
}

/// Complex DFT of one length n >= 1 (no scaling), forward (sign -1) or inverse (sign +1):
///   X_k = sum_j x_j exp(sign 2 pi i j k / n),  k = 0 .. n-1.
/// Directly with KissFFT when n's prime factors are all <= kMaxDirectPrime; otherwise by
/// Bluestein's algorithm (KissFFT's generic butterfly for a prime factor p costs n*p
/// operations): with c_j = exp(sign i pi j^2 / n) and jk = (j^2 + k^2 - (k-j)^2) / 2,
/// X_k = c_k sum_j (x_j c_j) conj(c_{k-j}), a circular convolution of length m >= 2n-1 (m
/// 2,3,5-smooth) done with KissFFT transforms of size m. Both ways agree with numpy to
/// rounding, ~1e-15 relative to max |X| (tests/core/spectrum_test.cpp, spectrum1d_test.cpp).
/// The plan holds scratch memory: one thread at a time.
class ComplexDft {
public:
    ComplexDft(int n, bool inverse) : n_(n) {
        assert(n >= 1);
        if (largest_prime_factor(n) <= kMaxDirectPrime) {
            direct_.reset(kiss_fft_alloc(n, inverse ? 1 : 0, nullptr, nullptr));
            return;
        }
        const int m = kiss_fft_next_fast_size(2 * n - 1);
        forward_m_.reset(kiss_fft_alloc(m, 0, nullptr, nullptr));
        inverse_m_.reset(kiss_fft_alloc(m, 1, nullptr, nullptr));
        chirp_.resize(n);
        const std::uint64_t two_n = 2 * static_cast<std::uint64_t>(n);
        const double sign = inverse ? 1.0 : -1.0;
        for (int j = 0; j < n; ++j) {
            // j^2 mod 2n keeps the angle small and exact: exp(i pi j^2 / n) has period 2n in j^2.
            const std::uint64_t j2 = (static_cast<std::uint64_t>(j) * static_cast<std::uint64_t>(j)) % two_n;
            const double angle = sign * pi * static_cast<double>(j2) / n;
            chirp_[j] = {std::cos(angle), std::sin(angle)};
        }
        // Kernel b_j = conj(c_|j|) on j = -(n-1) .. n-1, wrapped circularly into length m;
        // its transform is kept, scaled by 1/m for the inverse transform to come.
        std::vector<kiss_fft_cpx> kernel(m, kiss_fft_cpx{0.0, 0.0});
        for (int j = 0; j < n; ++j) {
            kernel[j] = {chirp_[j].r, -chirp_[j].i};
            if (j > 0) kernel[m - j] = kernel[j];
        }
        kernel_spec_.resize(m);
        kiss_fft(forward_m_.get(), kernel.data(), kernel_spec_.data());
        for (auto& v : kernel_spec_) {
            v.r /= m;
            v.i /= m;
        }
        work_a_.resize(m);
        work_b_.resize(m);
    }

    int size() const { return n_; }

    /// out[k], k = 0 .. n-1; in and out must not overlap.
    void transform(const kiss_fft_cpx* in, kiss_fft_cpx* out) {
        if (direct_) {
            kiss_fft(direct_.get(), in, out);
            return;
        }
        const std::size_t m = work_a_.size();
        for (int j = 0; j < n_; ++j) work_a_[j] = mul(in[j], chirp_[j]);
        std::fill(work_a_.begin() + n_, work_a_.end(), kiss_fft_cpx{0.0, 0.0});
        kiss_fft(forward_m_.get(), work_a_.data(), work_b_.data());
        for (std::size_t i = 0; i < m; ++i) work_b_[i] = mul(work_b_[i], kernel_spec_[i]);
        kiss_fft(inverse_m_.get(), work_b_.data(), work_a_.data());
        for (int k = 0; k < n_; ++k) out[k] = mul(work_a_[k], chirp_[k]);
    }

private:
    static kiss_fft_cpx mul(kiss_fft_cpx a, kiss_fft_cpx b) { return {a.r * b.r - a.i * b.i, a.r * b.i + a.i * b.r}; }

    int n_;
    FftCfg direct_, forward_m_, inverse_m_;
    std::vector<kiss_fft_cpx> chirp_, kernel_spec_, work_a_, work_b_;
};

// ---------------------------------------------------------------------------------------------
// Column passes and the real inverse DFT, for the 2-D transforms

/// Complex DFTs (dft: length rows) of the columns of a rows x width row-major array, taken
/// kColumnBlock columns at a time so that each row's read covers whole cache lines instead of
/// one value per line: each block is gathered, transformed and handed to
/// done(c0, block, columns), `columns` holding the block's transformed columns c0 .. c0+block-1
/// one after another (rows values each; valid during the call only).
constexpr int kColumnBlock = 8;
template <class BlockDone>
void transform_column_blocks(ComplexDft& dft, const std::complex<double>* data, int rows, int width, BlockDone done) {
    assert(dft.size() == rows);
    thread_local std::vector<kiss_fft_cpx> in, out;
    in.resize(static_cast<std::size_t>(kColumnBlock) * rows);
    out.resize(static_cast<std::size_t>(kColumnBlock) * rows);
    for (int c0 = 0; c0 < width; c0 += kColumnBlock) {
        const int block = std::min(kColumnBlock, width - c0);
        for (int r = 0; r < rows; ++r) {
            const std::complex<double>* row = data + static_cast<std::size_t>(r) * width + c0;
            for (int b = 0; b < block; ++b) in[static_cast<std::size_t>(b) * rows + r] = {row[b].real(), row[b].imag()};
        }
        for (int b = 0; b < block; ++b)
            dft.transform(&in[static_cast<std::size_t>(b) * rows], &out[static_cast<std::size_t>(b) * rows]);
        done(c0, block, out.data());
    }
}

/// transform_column_blocks() in place: each block written back row by row.
void transform_columns(ComplexDft& dft, std::complex<double>* data, int rows, int width) {
    transform_column_blocks(dft, data, rows, width, [&](int c0, int block, const kiss_fft_cpx* columns) {
        for (int r = 0; r < rows; ++r) {
            std::complex<double>* row = data + static_cast<std::size_t>(r) * width + c0;
            for (int b = 0; b < block; ++b) {
                const kiss_fft_cpx v = columns[static_cast<std::size_t>(b) * rows + r];
                row[b] = {v.r, v.i};
            }
        }
    });
}

/// The inverse of RealFft: a real sequence of length n >= 1 from the n/2 + 1 values
/// X[0 .. n/2] of a Hermitian spectrum (X[n-k] = conj X[k]), unscaled, as n * numpy.fft.irfft:
///   x[j] = sum_{k=0}^{n-1} X[k] exp(+2 pi i j k / n),
/// reading only Re X[0] and (n even) Re X[n/2]. KissFFT's real inverse when n is even and n/2
/// has no prime factor above kMaxDirectPrime; otherwise the n values by symmetry and the
/// complex inverse (ComplexDft, Bluestein for large prime factors), as RealFft forwards.
class RealInverseDft {
public:
    explicit RealInverseDft(int n) : n_(n), in_(static_cast<std::size_t>(n / 2 + 1)) {
        assert(n >= 1);
        if (n % 2 == 0 && largest_prime_factor(n / 2) <= kMaxDirectPrime) {
            real_.reset(kiss_fftr_alloc(n, 1, nullptr, nullptr));
        } else {
            complex_ = std::make_unique<ComplexDft>(n, true);
            in_.resize(static_cast<std::size_t>(n));
            out_.resize(static_cast<std::size_t>(n));
        }
    }

    /// half: n/2 + 1 values; x: n values.
    void inverse(const std::complex<double>* half, double* x) {
        const int top = n_ / 2;
        if (real_) {
            for (int k = 0; k <= top; ++k) in_[k] = {half[k].real(), half[k].imag()};
            kiss_fftri(real_.get(), in_.data(), x);
            return;
        }
        in_[0] = {half[0].real(), 0.0};
        for (int k = 1; k <= (n_ - 1) / 2; ++k) {
            in_[k] = {half[k].real(), half[k].imag()};
            in_[n_ - k] = {half[k].real(), -half[k].imag()};
        }
        if (n_ % 2 == 0) in_[top] = {half[top].real(), 0.0};
        complex_->transform(in_.data(), out_.data());
        for (int j = 0; j < n_; ++j) x[j] = out_[j].r;
    }

private:
    int n_;
    FftrCfg real_;
    std::unique_ptr<ComplexDft> complex_;
    std::vector<kiss_fft_cpx> in_, out_;
};

}  // namespace

void fft2_half_columns(const Field& field,
                       const std::function<void(int kx, const std::complex<double>* column)>& visit) {
    const int rows = field.rows, cols = field.cols;
    assert(rows >= 1 && cols >= 1);
    const int half = cols / 2 + 1;  // kx = 0 .. cols/2

    // Scratch kept per thread: a fresh megabyte per call costs more in page faults than the
    // transforms themselves (glibc returns large blocks to the system).
    thread_local std::vector<std::complex<double>> rowspec, column;
    rowspec.resize(static_cast<std::size_t>(rows) * half);
    column.resize(static_cast<std::size_t>(rows));

    // 1. Row transforms (real input), keeping kx = 0 .. half-1.
    {
        RealFft row_fft(cols);
        for (int r = 0; r < rows; ++r) row_fft.forward(&field.at(r, 0), &rowspec[static_cast<std::size_t>(r) * half]);
    }
    // 2. Column transforms of the kept half, handed over one by one.
    ComplexDft column_fft(rows, false);
    transform_column_blocks(column_fft, rowspec.data(), rows, half,
                            [&](int c0, int block, const kiss_fft_cpx* columns) {
                                for (int b = 0; b < block; ++b) {
                                    const kiss_fft_cpx* v = columns + static_cast<std::size_t>(b) * rows;
                                    for (int ky = 0; ky < rows; ++ky) column[ky] = {v[ky].r, v[ky].i};
                                    visit(c0 + b, column.data());
                                }
                            });
}

ComplexField rfft2(const Field& field) {
    const int rows = field.rows, cols = field.cols;
    assert(rows >= 1 && cols >= 1);
    const int half = cols / 2 + 1;  // kx = 0 .. cols/2
    ComplexField spec(rows, half);
    {
        RealFft row_fft(cols);
        for (int r = 0; r < rows; ++r) row_fft.forward(&field.at(r, 0), &spec.at(r, 0));
    }
    ComplexDft column_fft(rows, false);
    transform_columns(column_fft, spec.data.data(), rows, half);
    return spec;
}

ComplexField fft2(const Field& field) {
    const int rows = field.rows, cols = field.cols;
    const ComplexField half = rfft2(field);
    ComplexField spec(rows, cols);
    for (int ky = 0; ky < rows; ++ky) std::copy_n(&half.at(ky, 0), half.cols, &spec.at(ky, 0));
    // Hermitian symmetry for kx = half .. cols-1.
    for (int ky = 0; ky < rows; ++ky) {
        const int my = (rows - ky) % rows;
        for (int kx = half.cols; kx < cols; ++kx) spec.at(ky, kx) = std::conj(half.at(my, cols - kx));
    }
    return spec;
}

Field irfft2(ComplexField half, int cols) {
    const int rows = half.rows;
    assert(rows >= 1 && cols >= 1 && half.cols == cols / 2 + 1);
    {
        ComplexDft column_ifft(rows, true);
        transform_columns(column_ifft, half.data.data(), rows, half.cols);
    }
    Field field(rows, cols);
    RealInverseDft row_ifft(cols);
    const double scale = 1.0 / (static_cast<double>(rows) * cols);
    for (int r = 0; r < rows; ++r) {
        double* row = &field.at(r, 0);
        row_ifft.inverse(&half.at(r, 0), row);
        for (int c = 0; c < cols; ++c) row[c] *= scale;
    }
    return field;
}

Field ifft2_real(const ComplexField& spectrum) {
    const int rows = spectrum.rows, cols = spectrum.cols;
    assert(rows >= 1 && cols >= 1);
    // 1. Inverse column transforms of the whole spectrum.
    ComplexField work = spectrum;
    {
        ComplexDft column_fft(rows, true);
        transform_columns(column_fft, work.data.data(), rows, cols);
    }
    // 2. Inverse row transforms; keep the real part, scaled by 1/(rows*cols).
    Field field(rows, cols);
    ComplexDft row_fft(cols, true);
    std::vector<kiss_fft_cpx> in(cols), out(cols);
    const double scale = 1.0 / (static_cast<double>(rows) * cols);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) in[c] = {work.at(r, c).real(), work.at(r, c).imag()};
        row_fft.transform(in.data(), out.data());
        for (int c = 0; c < cols; ++c) field.at(r, c) = out[c].r * scale;
    }
    return field;
}

Field power_spectrum(const ComplexField& spectrum) {
    Field p(spectrum.rows, spectrum.cols);
    const double n = static_cast<double>(spectrum.size());
    for (std::size_t i = 0; i < p.size(); ++i) p.data[i] = std::norm(spectrum.data[i]) / n;
    return p;
}

Field log10_power(const Field& power, double floor_power) {
    Field out(power.rows, power.cols);
    for (std::size_t i = 0; i < out.size(); ++i) out.data[i] = std::log10(std::max(power.data[i], floor_power));
    return out;
}

Field phase(const ComplexField& spectrum) {
    Field out(spectrum.rows, spectrum.cols);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto z = spectrum.data[i];
        out.data[i] = (z.real() == 0.0 && z.imag() == 0.0) ? 0.0 : std::arg(z);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The 1-D real DFT (rows of fft2, the audio chapter)

struct RealFft::Plan {
    int n = 0;
    FftrCfg real;                         // even n with a smooth n/2: KissFFT's real transform
    std::unique_ptr<ComplexDft> complex;  // otherwise
    std::vector<kiss_fft_cpx> in, out;
};

RealFft::RealFft(int n) : plan_(std::make_unique<Plan>()) {
    assert(n >= 1);
    plan_->n = n;
    if (n % 2 == 0 && largest_prime_factor(n / 2) <= kMaxDirectPrime) {
        plan_->real.reset(kiss_fftr_alloc(n, 0, nullptr, nullptr));
        plan_->out.resize(n / 2 + 1);
    } else {
        plan_->complex = std::make_unique<ComplexDft>(n, false);
        plan_->in.resize(n);
        plan_->out.resize(n);
    }
}

RealFft::~RealFft() = default;
RealFft::RealFft(RealFft&&) noexcept = default;
RealFft& RealFft::operator=(RealFft&&) noexcept = default;

int RealFft::size() const {
    return plan_->n;
}

void RealFft::forward(const double* x, std::complex<double>* out) {
    Plan& p = *plan_;
    if (p.real) {
        kiss_fftr(p.real.get(), x, p.out.data());
    } else {
        for (int j = 0; j < p.n; ++j) p.in[j] = {x[j], 0.0};
        p.complex->transform(p.in.data(), p.out.data());
    }
    for (int k = 0; k <= p.n / 2; ++k) out[k] = {p.out[k].r, p.out[k].i};
}

}  // namespace tide::core
