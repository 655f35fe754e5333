// KissFFT wrapper: the only file that includes KissFFT. kiss_fft_scalar is double
// (a compile definition of the kissfft target). KissFFT applies no scaling.
#include "spectrum.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <vector>

#include <kiss_fft.h>
#include <kiss_fftr.h>

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

ComplexField fft2(const Field& field) {
    const int rows = field.rows, cols = field.cols;
    assert(rows >= 1 && cols >= 1);
    const int half = cols / 2 + 1;  // kx = 0 .. cols/2 are computed, the rest by symmetry

    // 1. Row transforms, keeping kx = 0 .. half-1.
    std::vector<kiss_fft_cpx> rowspec(static_cast<std::size_t>(rows) * half);
    if (cols % 2 == 0) {
        FftrCfg cfg(kiss_fftr_alloc(cols, 0, nullptr, nullptr));
        for (int r = 0; r < rows; ++r) {
            kiss_fftr(cfg.get(), &field.at(r, 0), &rowspec[static_cast<std::size_t>(r) * half]);
        }
    } else {
        FftCfg cfg(kiss_fft_alloc(cols, 0, nullptr, nullptr));
        std::vector<kiss_fft_cpx> in(cols), out(cols);
        for (int r = 0; r < rows; ++r) {
            for (int c = 0; c < cols; ++c) in[c] = {field.at(r, c), 0.0};
            kiss_fft(cfg.get(), in.data(), out.data());
            std::copy_n(out.begin(), half, &rowspec[static_cast<std::size_t>(r) * half]);
        }
    }

    // 2. Column transforms of the kept half.
    ComplexField spec(rows, cols);
    FftCfg cfg(kiss_fft_alloc(rows, 0, nullptr, nullptr));
    std::vector<kiss_fft_cpx> in(rows), out(rows);
    for (int kx = 0; kx < half; ++kx) {
        for (int r = 0; r < rows; ++r) in[r] = rowspec[static_cast<std::size_t>(r) * half + kx];
        kiss_fft(cfg.get(), in.data(), out.data());
        for (int ky = 0; ky < rows; ++ky) spec.at(ky, kx) = {out[ky].r, out[ky].i};
    }

    // 3. Hermitian symmetry for kx = half .. cols-1.
    for (int ky = 0; ky < rows; ++ky) {
        const int my = (rows - ky) % rows;
        for (int kx = half; kx < cols; ++kx) spec.at(ky, kx) = std::conj(spec.at(my, cols - kx));
    }
    return spec;
}

Field ifft2_real(const ComplexField& spectrum) {
    const int rows = spectrum.rows, cols = spectrum.cols;
    assert(rows >= 1 && cols >= 1);
    // 1. Inverse column transforms of the whole spectrum (in place, row-major).
    std::vector<kiss_fft_cpx> work(spectrum.size());
    {
        FftCfg cfg(kiss_fft_alloc(rows, 1, nullptr, nullptr));
        std::vector<kiss_fft_cpx> in(rows), out(rows);
        for (int c = 0; c < cols; ++c) {
            for (int r = 0; r < rows; ++r) in[r] = {spectrum.at(r, c).real(), spectrum.at(r, c).imag()};
            kiss_fft(cfg.get(), in.data(), out.data());
            for (int r = 0; r < rows; ++r) work[static_cast<std::size_t>(r) * cols + c] = out[r];
        }
    }
    // 2. Inverse row transforms; keep the real part, scaled by 1/(rows*cols).
    Field field(rows, cols);
    FftCfg cfg(kiss_fft_alloc(cols, 1, nullptr, nullptr));
    std::vector<kiss_fft_cpx> out(cols);
    const double scale = 1.0 / (static_cast<double>(rows) * cols);
    for (int r = 0; r < rows; ++r) {
        kiss_fft(cfg.get(), &work[static_cast<std::size_t>(r) * cols], out.data());
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

}  // namespace tide::core
