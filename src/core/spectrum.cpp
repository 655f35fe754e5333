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
#include <cstring>
#include <functional>
#include <memory>
#include <type_traits>
#include <vector>

#include <kiss_fft.h>
#include <kiss_fftr.h>

#include "constants.hpp"

static_assert(sizeof(kiss_fft_scalar) == sizeof(double), "KissFFT must be built with kiss_fft_scalar=double");
static_assert(sizeof(kiss_fft_cpx) == sizeof(std::complex<double>), "kiss_fft_cpx layout");

// KissFFT's SIMD builds with L doubles per lane: the same algorithm on L signals at once, each
// lane bit for bit the scalar build's result. L = 2 everywhere (tide::kissfft_pair,
// cmake/kissfft_pair: SSE2 natively, f64x2 in WebAssembly); L = 4 natively on x86-64
// (tide::kissfft_quad, cmake/kissfft_quad, AVX2), used only when the processor has AVX2
// (quad_lanes()). Their complex value holds the real parts of the L signals, then their
// imaginary parts (LaneCpx<L>); their real transforms take the L signals interleaved
// (x0[0], x1[0], .., x0[1], x1[1], ..). Every buffer they are given must be aligned to
// 8 L bytes: LaneCpx is aligned to 32 (so that none straddles a cache line; WebAssembly's
// malloc aligns to 8 only) and the interleaved real sequences are kept in LaneCpx storage.
// Configurations are freed with kiss_fft_free (free).
template <int L>
struct alignas(32) LaneCpx {
    static constexpr int lanes = L;
    double r[L], i[L];
};
using PairCpx = LaneCpx<2>;
using QuadCpx = LaneCpx<4>;
static_assert(sizeof(PairCpx) == 4 * sizeof(double), "PairCpx holds two complex values");
static_assert(sizeof(QuadCpx) == 8 * sizeof(double), "QuadCpx holds four complex values");

namespace {

// Two doubles as one vector (GCC's and clang's vector extension, as the pair build's lanes):
// SSE2 natively, f64x2 in WebAssembly with -msimd128. For moving values between the pair
// layout and ours, which compilers otherwise leave to scalar loads and stores.
typedef double F64x2 __attribute__((vector_size(16), aligned(8)));
F64x2 load2(const double* p) {
    F64x2 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
void store2(double* p, F64x2 v) {
    std::memcpy(p, &v, sizeof v);
}
F64x2 low_lanes(F64x2 a, F64x2 b) {
    return __builtin_shufflevector(a, b, 0, 2);  // {a[0], b[0]}
}
F64x2 high_lanes(F64x2 a, F64x2 b) {
    return __builtin_shufflevector(a, b, 1, 3);  // {a[1], b[1]}
}

}  // namespace
extern "C" {
void* tide_kiss_pair_fft_alloc(int nfft, int inverse_fft, void* mem, std::size_t* lenmem);
void tide_kiss_pair_fft(void* cfg, const PairCpx* fin, PairCpx* fout);
void tide_kiss_pair_fft_stride(void* cfg, const PairCpx* fin, PairCpx* fout, int in_stride);
void* tide_kiss_pair_fftr_alloc(int nfft, int inverse_fft, void* mem, std::size_t* lenmem);
void tide_kiss_pair_fftr(void* cfg, const double* timedata, PairCpx* freqdata);
void tide_kiss_pair_fftri(void* cfg, const PairCpx* freqdata, double* timedata);
#if TIDE_KISSFFT_QUAD
void* tide_kiss_quad_fft_alloc(int nfft, int inverse_fft, void* mem, std::size_t* lenmem);
void tide_kiss_quad_fft_stride(void* cfg, const QuadCpx* fin, QuadCpx* fout, int in_stride);
void* tide_kiss_quad_fftr_alloc(int nfft, int inverse_fft, void* mem, std::size_t* lenmem);
void tide_kiss_quad_fftr(void* cfg, const double* timedata, QuadCpx* freqdata);
#endif
}

namespace tide::core {

namespace {

struct FreeCfg {
    void operator()(void* p) const { kiss_fft_free(p); }
};
using FftCfg = std::unique_ptr<std::remove_pointer_t<kiss_fft_cfg>, FreeCfg>;
using FftrCfg = std::unique_ptr<std::remove_pointer_t<kiss_fftr_cfg>, FreeCfg>;
using PairCfg = std::unique_ptr<void, FreeCfg>;  // a configuration of a lane build (pair or quad)

/// Whether the four-lane build serves here: built in (x86-64, natively) and the processor has
/// AVX2 (asked once). Otherwise everything runs on the pair build, with the same results.
bool quad_lanes() {
#if TIDE_KISSFFT_QUAD
    static const bool avx2 = __builtin_cpu_supports("avx2");
    return avx2;
#else
    return false;
#endif
}

/// The entry points of the L-lane builds, for code written once for both.
template <int L>
struct KissLanes;
template <>
struct KissLanes<2> {
    static void* fft_alloc(int n, bool inverse) {
        return tide_kiss_pair_fft_alloc(n, inverse ? 1 : 0, nullptr, nullptr);
    }
    static void fft_stride(void* cfg, const PairCpx* in, PairCpx* out, int stride) {
        tide_kiss_pair_fft_stride(cfg, in, out, stride);
    }
    static void* fftr_alloc(int n) { return tide_kiss_pair_fftr_alloc(n, 0, nullptr, nullptr); }
    static void fftr(void* cfg, const double* x, PairCpx* out) { tide_kiss_pair_fftr(cfg, x, out); }
};
#if TIDE_KISSFFT_QUAD
template <>
struct KissLanes<4> {
    static void* fft_alloc(int n, bool inverse) {
        return tide_kiss_quad_fft_alloc(n, inverse ? 1 : 0, nullptr, nullptr);
    }
    static void fft_stride(void* cfg, const QuadCpx* in, QuadCpx* out, int stride) {
        tide_kiss_quad_fft_stride(cfg, in, out, stride);
    }
    static void* fftr_alloc(int n) { return tide_kiss_quad_fftr_alloc(n, 0, nullptr, nullptr); }
    static void fftr(void* cfg, const double* x, QuadCpx* out) { tide_kiss_quad_fftr(cfg, x, out); }
};
#endif

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
    ComplexDft(int n, bool inverse) : n_(n), inverse_(inverse) {
        assert(n >= 1);
        if (largest_prime_factor(n) <= kMaxDirectPrime) {
            direct_.reset(kiss_fft_alloc(n, inverse ? 1 : 0, nullptr, nullptr));
            pair_.reset(KissLanes<2>::fft_alloc(n, inverse));
#if TIDE_KISSFFT_QUAD
            if (quad_lanes()) quad_.reset(KissLanes<4>::fft_alloc(n, inverse));
#endif
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

    int size() const {
        return n_;
    }
    bool inverse() const {
        return inverse_;
    }

    /// Whether transform_pair() is available (KissFFT directly, not Bluestein).
    bool pairs() const {
        return static_cast<bool>(pair_);
    }

    /// Two transforms at once, bit for bit two transform() calls: in[j].r[s], in[j].i[s] is
    /// x_j of signal s = 0, 1, and out[k] likewise X_k. Only when pairs(); no overlap.
    void transform_pair(const PairCpx* in, PairCpx* out) {
        assert(pair_);
        tide_kiss_pair_fft(pair_.get(), in, out);
    }
    /// Whether transform_lanes<L>() is available: KissFFT directly (not Bluestein), and for
    /// L = 4 the four-lane build (quad_lanes()).
    template <int L>
    bool lanes() const {
        return static_cast<bool>(L == 4 ? quad_ : pair_);
    }
    /// L transforms at once, bit for bit L transform() calls: in[j * stride].r[s],
    /// in[j * stride].i[s] is x_j of signal s = 0 .. L-1, out[k] likewise X_k (k = 0 .. n-1).
    /// Only when lanes<L>(); no overlap.
    template <int L>
    void transform_lanes(const LaneCpx<L>* in, LaneCpx<L>* out, int stride) {
        assert(lanes<L>());
        KissLanes<L>::fft_stride(L == 4 ? quad_.get() : pair_.get(), in, out, stride);
    }

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
    static kiss_fft_cpx mul(kiss_fft_cpx a, kiss_fft_cpx b) {
        return {a.r * b.r - a.i * b.i, a.r * b.i + a.i * b.r};
    }

    int n_;
    bool inverse_;
    FftCfg direct_, forward_m_, inverse_m_;
    PairCfg pair_, quad_;
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
    out.resize(static_cast<std::size_t>(kColumnBlock) * rows);
    if (dft.pairs()) {
        // Columns two by two (an odd one last is paired with itself): gathered in one pass over
        // the rows, transformed by pairs, handed over as separate columns.
        constexpr int kPairs = kColumnBlock / 2;
        thread_local std::vector<PairCpx> pin, pout;
        pin.resize(static_cast<std::size_t>(kPairs) * rows);
        pout.resize(static_cast<std::size_t>(rows));
        for (int c0 = 0; c0 < width; c0 += kColumnBlock) {
            const int block = std::min(kColumnBlock, width - c0);
            const int pairs = (block + 1) / 2;
            for (int r = 0; r < rows; ++r) {
                const std::complex<double>* row = data + static_cast<std::size_t>(r) * width + c0;
                for (int p = 0; p < pairs; ++p) {
                    const int b0 = 2 * p, b1 = std::min(2 * p + 1, block - 1);
                    pin[static_cast<std::size_t>(p) * rows + r] = {{row[b0].real(), row[b1].real()},
                                                                   {row[b0].imag(), row[b1].imag()}};
                }
            }
            for (int p = 0; p < pairs; ++p) {
                dft.transform_pair(&pin[static_cast<std::size_t>(p) * rows], pout.data());
                const int b0 = 2 * p, b1 = 2 * p + 1;
                kiss_fft_cpx* col0 = &out[static_cast<std::size_t>(b0) * rows];
                for (int r = 0; r < rows; ++r) col0[r] = {pout[r].r[0], pout[r].i[0]};
                if (b1 < block) {
                    kiss_fft_cpx* col1 = &out[static_cast<std::size_t>(b1) * rows];
                    for (int r = 0; r < rows; ++r) col1[r] = {pout[r].r[1], pout[r].i[1]};
                }
            }
            done(c0, block, out.data());
        }
        return;
    }
    in.resize(static_cast<std::size_t>(kColumnBlock) * rows);
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
            pair_.reset(tide_kiss_pair_fftr_alloc(n, 1, nullptr, nullptr));
        } else {
            complex_ = std::make_unique<ComplexDft>(n, true);
            in_.resize(static_cast<std::size_t>(n));
            out_.resize(static_cast<std::size_t>(n));
        }
    }

    int size() const { return n_; }

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

    /// inverse(half0, x0) and inverse(half1, x1) at once, bit for bit: KissFFT's pair build
    /// where its real inverse serves n, otherwise two inverse() calls.
    void inverse_pair(const std::complex<double>* half0, const std::complex<double>* half1, double* x0, double* x1) {
        if (!pair_) {
            inverse(half0, x0);
            inverse(half1, x1);
            return;
        }
        const int top = n_ / 2;
        pair_in_.resize(static_cast<std::size_t>(top + 1));
        pair_out_.resize(static_cast<std::size_t>(top));  // 2n doubles
        for (int k = 0; k <= top; ++k)
            pair_in_[k] = {{half0[k].real(), half1[k].real()}, {half0[k].imag(), half1[k].imag()}};
        const double* out = pair_out_.data()->r;
        tide_kiss_pair_fftri(pair_.get(), pair_in_.data(), pair_out_.data()->r);
        for (int j = 0; j < n_; ++j) {
            x0[j] = out[2 * j];
            x1[j] = out[2 * j + 1];
        }
    }

private:
    int n_;
    FftrCfg real_;
    PairCfg pair_;
    std::unique_ptr<ComplexDft> complex_;
    std::vector<kiss_fft_cpx> in_, out_;
    std::vector<PairCpx> pair_in_;
    std::vector<PairCpx> pair_out_;  // the two sequences interleaved, as 2n doubles
};

/// L real DFTs of one length n at once (L = 2, or 4 when quad_lanes()), each as
/// RealFft::forward (KissFFT's L-lane build of its real transform, bit for bit the scalar one),
/// where that serves n: n even and n/2 without a prime factor above kMaxDirectPrime
/// (available()). The plan holds scratch: one thread at a time.
template <int L>
class RealLaneFft {
public:
    explicit RealLaneFft(int n) : n_(n) {
        assert(n >= 1);
        if (n % 2 == 0 && largest_prime_factor(n / 2) <= kMaxDirectPrime && (L == 2 || quad_lanes())) {
            cfg_.reset(KissLanes<L>::fftr_alloc(n));
            in_.resize(static_cast<std::size_t>(n / 2));  // L n doubles
            out_.resize(static_cast<std::size_t>(n / 2 + 1));
        }
    }
    int size() const { return n_; }
    bool available() const { return static_cast<bool>(cfg_); }

    /// x[s]: n values each, s = 0 .. L-1. Returns X with X[k].r[s] + i X[k].i[s] the DFT of
    /// x[s] at k = 0 .. n/2 (unscaled, as RealFft), valid until the next call. Only when
    /// available().
    const LaneCpx<L>* forward(const double* const* x) {
        assert(cfg_);
        double* in = in_.data()->r;
        for (int j = 0; j < n_; j += 2) {  // n is even: 2 x 2 transposes of (signals, samples)
            for (int s = 0; s < L; s += 2) {
                const F64x2 a = load2(x[s] + j), b = load2(x[s + 1] + j);
                store2(in + L * j + s, low_lanes(a, b));
                store2(in + L * (j + 1) + s, high_lanes(a, b));
            }
        }
        KissLanes<L>::fftr(cfg_.get(), in, out_.data());
        return out_.data();
    }

private:
    int n_;
    PairCfg cfg_;
    std::vector<LaneCpx<L>> in_;  // the L sequences interleaved, as L n doubles
    std::vector<LaneCpx<L>> out_;
};
using RealPairFft = RealLaneFft<2>;

/// The plans of the last few lengths used on this thread, each made once: making a plan
/// computes its twiddle factors (a sine and a cosine each), which costs about as much as a
/// transform. A reference stays valid until kCachedPlans other plans of its kind are made on
/// the thread after it (the functions below hold one plan at a time).
constexpr std::size_t kCachedPlans = 8;
template <class Plan, class Match, class Make>
Plan& cached_plan(std::vector<std::unique_ptr<Plan>>& cache, Match match, Make make) {
    for (auto& plan : cache)
        if (match(*plan)) return *plan;
    if (cache.size() >= kCachedPlans) cache.erase(cache.begin());
    cache.push_back(make());
    return *cache.back();
}

ComplexDft& complex_dft(int n, bool inverse) {
    thread_local std::vector<std::unique_ptr<ComplexDft>> cache;
    return cached_plan(
        cache, [&](const ComplexDft& d) { return d.size() == n && d.inverse() == inverse; },
        [&] { return std::make_unique<ComplexDft>(n, inverse); });
}

RealFft& real_fft(int n) {
    thread_local std::vector<std::unique_ptr<RealFft>> cache;
    return cached_plan(
        cache, [&](const RealFft& f) { return f.size() == n; }, [&] { return std::make_unique<RealFft>(n); });
}

template <int L>
RealLaneFft<L>& real_lane_fft(int n) {
    thread_local std::vector<std::unique_ptr<RealLaneFft<L>>> cache;
    return cached_plan(
        cache, [&](const RealLaneFft<L>& f) { return f.size() == n; },
        [&] { return std::make_unique<RealLaneFft<L>>(n); });
}

RealInverseDft& real_inverse_dft(int n) {
    thread_local std::vector<std::unique_ptr<RealInverseDft>> cache;
    return cached_plan(
        cache, [&](const RealInverseDft& f) { return f.size() == n; },
        [&] { return std::make_unique<RealInverseDft>(n); });
}

/// The half spectrum of a real rows x cols field (kx = 0 .. cols/2, as rfft2), L = 2 or 4
/// columns at a time (4 only when quad_lanes()): visit(b, block) for b = 0 .. ceil(half / L)-1,
/// half = cols/2 + 1, where block[ky].r[s] + i block[ky].i[s] = F(ky, L b + s), ky = 0 ..
/// rows-1 (lanes s with L b + s >= half are 0; block is valid during the call only). Rows by
/// RealFft L at a time, stored as column blocks, whose transforms then read them in place
/// (KissFFT's strided input): no gather, no transpose. Every value is bit for bit what the
/// scalar build gives (the lane builds are), so L changes the time only.
/// Not reentrant (per-thread scratch): visit must not call it.
template <int L, class Visit>
void half_spectrum_column_lanes(const Field& field, Visit visit) {
    const int rows = field.rows, cols = field.cols;
    assert(rows >= 1 && cols >= 1);
    const int half = cols / 2 + 1;  // kx = 0 .. cols/2
    const int nblocks = (half + L - 1) / L;
    // Scratch kept per thread: a fresh megabyte per call costs more in page faults than the
    // transforms themselves (glibc returns large blocks to the system).
    thread_local std::vector<LaneCpx<L>> blockspec, column;
    thread_local std::vector<std::complex<double>> row0, row1;
    blockspec.resize(static_cast<std::size_t>(rows) * nblocks);
    column.resize(static_cast<std::size_t>(rows));
    row0.assign(static_cast<std::size_t>(L) * nblocks, 0.0);  // kx >= half (padding) stays 0
    row1.assign(static_cast<std::size_t>(L) * nblocks, 0.0);

    // 1. Row transforms (real input), kx = 0 .. half-1, stored as column blocks.
    const auto store = [&](int r, const std::vector<std::complex<double>>& spec) {
        LaneCpx<L>* out = &blockspec[static_cast<std::size_t>(r) * nblocks];
        for (int b = 0; b < nblocks; ++b)
            for (int s = 0; s < L; ++s) {
                out[b].r[s] = spec[L * b + s].real();
                out[b].i[s] = spec[L * b + s].imag();
            }
    };
    int lane_rows = 0;
    if (RealLaneFft<L>& lane_fft = real_lane_fft<L>(cols); lane_fft.available()) {
        // L rows per transform, from its lane layout (rows r .. r+L-1) straight into column
        // blocks: L x L transposes, done as 2 x 2 ones of real parts and of imaginary parts.
        const int full = half / L;  // blocks with all L columns (then one with half - L full)
        for (int r = 0; r + L <= rows; r += L, lane_rows += L) {
            const double* x[L];
            for (int j = 0; j < L; ++j) x[j] = &field.at(r + j, 0);
            const LaneCpx<L>* spec = lane_fft.forward(x);
            LaneCpx<L>* out = &blockspec[static_cast<std::size_t>(r) * nblocks];  // row r + j at j nblocks
            for (int b = 0; b < full; ++b) {
                for (int s = 0; s < L; s += 2) {  // columns L b + s, L b + s + 1
                    const LaneCpx<L>& u = spec[L * b + s];
                    const LaneCpx<L>& v = spec[L * b + s + 1];
                    for (int j = 0; j < L; j += 2) {  // rows r + j, r + j + 1
                        const F64x2 ur = load2(u.r + j), ui = load2(u.i + j);
                        const F64x2 vr = load2(v.r + j), vi = load2(v.i + j);
                        LaneCpx<L>& o0 = out[static_cast<std::size_t>(j) * nblocks + b];
                        LaneCpx<L>& o1 = out[static_cast<std::size_t>(j + 1) * nblocks + b];
                        store2(o0.r + s, low_lanes(ur, vr));
                        store2(o0.i + s, low_lanes(ui, vi));
                        store2(o1.r + s, high_lanes(ur, vr));
                        store2(o1.i + s, high_lanes(ui, vi));
                    }
                }
            }
            if (full < nblocks) {
                for (int j = 0; j < L; ++j) {
                    LaneCpx<L>& o = out[static_cast<std::size_t>(j) * nblocks + full];
                    for (int s = 0; s < L; ++s) {
                        const bool inside = L * full + s < half;
                        o.r[s] = inside ? spec[L * full + s].r[j] : 0.0;
                        o.i[s] = inside ? spec[L * full + s].i[j] : 0.0;
                    }
                }
            }
        }
    }
    // The rest (all rows when the lane transform does not serve cols): two real rows at once
    // where there are two (the pair build where it serves cols, bit for bit; otherwise packed
    // in one complex transform, as forward_pair()), a last one alone.
    RealFft& row_fft = real_fft(cols);
    for (int r = lane_rows; r < rows; r += 2) {
        if (r + 1 < rows) {
            row_fft.forward_pair(&field.at(r, 0), &field.at(r + 1, 0), row0.data(), row1.data());
            store(r, row0);
            store(r + 1, row1);
        } else {
            row_fft.forward(&field.at(r, 0), row0.data());
            store(r, row0);
        }
    }
    // 2. Column transforms, a block at a time (Bluestein's one column at a time).
    ComplexDft& column_fft = complex_dft(rows, false);
    thread_local std::vector<kiss_fft_cpx> one_in, one_out;
    for (int b = 0; b < nblocks; ++b) {
        if (column_fft.lanes<L>()) {
            column_fft.transform_lanes<L>(&blockspec[b], column.data(), nblocks);
        } else {
            one_in.resize(static_cast<std::size_t>(rows));
            one_out.resize(static_cast<std::size_t>(rows));
            for (int s = 0; s < L; ++s) {
                if (L * b + s >= half) {  // padding: its transform is 0
                    for (int r = 0; r < rows; ++r) column[r].r[s] = column[r].i[s] = 0.0;
                    continue;
                }
                for (int r = 0; r < rows; ++r) {
                    const LaneCpx<L>& v = blockspec[static_cast<std::size_t>(r) * nblocks + b];
                    one_in[r] = {v.r[s], v.i[s]};
                }
                column_fft.transform(one_in.data(), one_out.data());
                for (int r = 0; r < rows; ++r) {
                    column[r].r[s] = one_out[r].r;
                    column[r].i[s] = one_out[r].i;
                }
            }
        }
        visit(b, static_cast<const LaneCpx<L>*>(column.data()));
    }
}

/// half_spectrum_column_lanes() with four lanes where quad_lanes(), two otherwise: visit must
/// take either (a generic lambda; LaneCpx<L>::lanes tells which).
template <class Visit>
void half_spectrum_column_blocks(const Field& field, Visit visit) {
#if TIDE_KISSFFT_QUAD
    if (quad_lanes()) {
        half_spectrum_column_lanes<4>(field, visit);
        return;
    }
#endif
    half_spectrum_column_lanes<2>(field, visit);
}

/// |F|^2 of a block's columns, lanes s = 0 .. L-1 of row ky at power[L ky + s].
template <int L>
void block_power(const LaneCpx<L>* block, int rows, double* power) {
    for (int ky = 0; ky < rows; ++ky)
        for (int s = 0; s < L; s += 2) {
            const F64x2 re = load2(block[ky].r + s), im = load2(block[ky].i + s);
            store2(power + L * ky + s, re * re + im * im);
        }
}

}  // namespace

void fft2_half_columns(const Field& field,
                       const std::function<void(int kx, const std::complex<double>* column)>& visit) {
    const int rows = field.rows, half = field.cols / 2 + 1;  // kx = 0 .. cols/2
    thread_local std::vector<std::complex<double>> column;
    column.resize(static_cast<std::size_t>(rows));
    half_spectrum_column_blocks(field, [&](int b, const auto* block) {
        constexpr int L = std::remove_pointer_t<decltype(block)>::lanes;
        for (int s = 0; s < L && L * b + s < half; ++s) {
            for (int ky = 0; ky < rows; ++ky) column[ky] = {block[ky].r[s], block[ky].i[s]};
            visit(L * b + s, column.data());
        }
    });
}

void fft2_half_power_pairs(const Field& field,
                           const std::function<void(int kx, int count, const double* power)>& visit) {
    const int rows = field.rows, half = field.cols / 2 + 1;  // kx = 0 .. cols/2
    thread_local std::vector<double> power;
    power.resize(2 * static_cast<std::size_t>(rows));
    half_spectrum_column_lanes<2>(field, [&](int p, const PairCpx* pair) {
        block_power(pair, rows, power.data());
        visit(2 * p, std::min(2, half - 2 * p), power.data());
    });
}

void fft2_half_power_blocks(const Field& field,
                            const std::function<void(int kx, int count, int stride, const double* power)>& visit) {
    const int rows = field.rows, half = field.cols / 2 + 1;  // kx = 0 .. cols/2
    thread_local std::vector<double> power;
    half_spectrum_column_blocks(field, [&](int b, const auto* block) {
        constexpr int L = std::remove_pointer_t<decltype(block)>::lanes;
        power.resize(static_cast<std::size_t>(L) * rows);
        block_power(block, rows, power.data());
        visit(L * b, std::min(L, half - L * b), L, power.data());
    });
}

ComplexField rfft2(const Field& field) {
    const int rows = field.rows, half = field.cols / 2 + 1;  // kx = 0 .. cols/2
    ComplexField spec(rows, half);
    half_spectrum_column_blocks(field, [&](int b, const auto* block) {
        constexpr int L = std::remove_pointer_t<decltype(block)>::lanes;
        const int kx = L * b, count = std::min(L, half - kx);
        for (int ky = 0; ky < rows; ++ky) {
            std::complex<double>* out = &spec.at(ky, kx);
            for (int s = 0; s < count; ++s) out[s] = {block[ky].r[s], block[ky].i[s]};
        }
    });
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
    transform_columns(complex_dft(rows, true), half.data.data(), rows, half.cols);
    Field field(rows, cols);
    RealInverseDft& row_ifft = real_inverse_dft(cols);
    const double scale = 1.0 / (static_cast<double>(rows) * cols);
    int r = 0;
    for (; r + 1 < rows; r += 2)  // two rows at a time (KissFFT's pair build where it serves cols)
        row_ifft.inverse_pair(&half.at(r, 0), &half.at(r + 1, 0), &field.at(r, 0), &field.at(r + 1, 0));
    if (r < rows) row_ifft.inverse(&half.at(r, 0), &field.at(r, 0));
    for (double& v : field.data) v *= scale;
    return field;
}

Field ifft2_real(const ComplexField& spectrum) {
    const int rows = spectrum.rows, cols = spectrum.cols;
    assert(rows >= 1 && cols >= 1);
    // 1. Inverse column transforms of the whole spectrum.
    ComplexField work = spectrum;
    transform_columns(complex_dft(rows, true), work.data.data(), rows, cols);
    // 2. Inverse row transforms; keep the real part, scaled by 1/(rows*cols).
    Field field(rows, cols);
    ComplexDft& row_fft = complex_dft(cols, true);
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
    std::unique_ptr<RealPairFft> pair;    // and its pair build, for forward_pair()
    std::unique_ptr<ComplexDft> complex;  // otherwise
    std::vector<kiss_fft_cpx> in, out;
};

RealFft::RealFft(int n) : plan_(std::make_unique<Plan>()) {
    assert(n >= 1);
    plan_->n = n;
    if (n % 2 == 0 && largest_prime_factor(n / 2) <= kMaxDirectPrime) {
        plan_->real.reset(kiss_fftr_alloc(n, 0, nullptr, nullptr));
        plan_->pair = std::make_unique<RealPairFft>(n);
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

void RealFft::forward_pair(const double* x0, const double* x1, std::complex<double>* out0, std::complex<double>* out1) {
    Plan& p = *plan_;
    if (!p.pair) {
        // One complex transform of z = x0 + i x1: Z = X0 + i X1 with X0, X1 Hermitian, so
        // X0[k] = (Z[k] + conj Z[n-k]) / 2 and X1[k] = (Z[k] - conj Z[n-k]) / 2i.
        for (int j = 0; j < p.n; ++j) p.in[j] = {x0[j], x1[j]};
        p.complex->transform(p.in.data(), p.out.data());
        for (int k = 0; k <= p.n / 2; ++k) {
            const kiss_fft_cpx z = p.out[k], w = p.out[k == 0 ? 0 : p.n - k];  // w: conj Z[n-k]
            out0[k] = {0.5 * (z.r + w.r), 0.5 * (z.i - w.i)};
            out1[k] = {0.5 * (z.i + w.i), -0.5 * (z.r - w.r)};
        }
        return;
    }
    const double* const rows[2] = {x0, x1};
    const PairCpx* x = p.pair->forward(rows);
    double* o0 = reinterpret_cast<double*>(out0);  // std::complex<double> is {re, im}
    double* o1 = reinterpret_cast<double*>(out1);
    for (int k = 0; k <= p.n / 2; ++k) {
        const F64x2 re = load2(x[k].r), im = load2(x[k].i);
        store2(o0 + 2 * k, low_lanes(re, im));
        store2(o1 + 2 * k, high_lanes(re, im));
    }
}

}  // namespace tide::core
