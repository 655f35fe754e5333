// fft2, ifft2_real, rfft2, irfft2, fftshift, log-power and phase against numpy.
#include <catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstdio>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "core/noise.hpp"
#include "core/spectrum.hpp"
#include "golden.hpp"

using namespace tide;

TEST_CASE("fft2 matches numpy.fft.fft2 on odd, even and non-square fields", "[spectrum][golden]") {
    for (const char* name : {"odd7x9", "wide12x20", "tall21x10", "even16"}) {
        INFO("field " << name);
        const core::Field f = test::read_grid(std::string("field_") + name + ".txt");
        const core::Field ri = test::read_grid(std::string("fft_") + name + ".txt");  // [re | im]
        const core::ComplexField spec = core::fft2(f);
        REQUIRE(spec.rows == f.rows);
        REQUIRE(spec.cols == f.cols);
        std::vector<double> got, want;
        for (int r = 0; r < f.rows; ++r)
            for (int c = 0; c < f.cols; ++c) {
                got.push_back(spec.at(r, c).real());
                got.push_back(spec.at(r, c).imag());
                want.push_back(ri.at(r, c));
                want.push_back(ri.at(r, f.cols + c));
            }
        CHECK(test::max_rel_error(got, want) <= 1e-12);
    }
}

TEST_CASE("fftshift moves DC to (rows/2, cols/2) like numpy", "[spectrum]") {
    for (auto [rows, cols] : {std::pair{4, 4}, {5, 5}, {3, 6}}) {
        core::Field g(rows, cols);
        for (std::size_t i = 0; i < g.size(); ++i) g.data[i] = static_cast<double>(i);
        const core::Field s = core::fftshift(g);
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c) CHECK(s.at((r + rows / 2) % rows, (c + cols / 2) % cols) == g.at(r, c));
        CHECK(s.at(rows / 2, cols / 2) == 0.0);
    }
}

TEST_CASE("log10 power and phase", "[spectrum]") {
    core::ComplexField z(1, 4);
    z.data = {{3, 4}, {0, 0}, {-1, 0}, {0, -2}};
    const core::Field p = core::power_spectrum(z);  // |z|^2 / 4
    CHECK(p.data[0] == Approx(25.0 / 4));
    const core::Field lp = core::log10_power(p, 1e-20);
    CHECK(lp.data[0] == Approx(std::log10(25.0 / 4)));
    CHECK(lp.data[1] == Approx(-20.0));
    const core::Field ph = core::phase(z);
    CHECK(ph.data[0] == Approx(std::atan2(4.0, 3.0)));
    CHECK(ph.data[1] == 0.0);
    CHECK(ph.data[2] == Approx(M_PI));
    CHECK(ph.data[3] == Approx(-M_PI / 2));
}

TEST_CASE("ifft2_real matches numpy.fft.ifft2(F).real on spectra that are not Hermitian", "[spectrum][golden]") {
    for (const char* name : {"odd7x9", "even16", "wide12x20", "tall21x10", "one1x5"}) {
        INFO("spectrum " << name);
        const core::Field ri = test::read_grid(std::string("ifft_in_") + name + ".txt");  // [re | im]
        const core::Field want = test::read_grid(std::string("ifft_out_") + name + ".txt");
        core::ComplexField spec(ri.rows, ri.cols / 2);
        for (int r = 0; r < spec.rows; ++r)
            for (int c = 0; c < spec.cols; ++c) spec.at(r, c) = {ri.at(r, c), ri.at(r, spec.cols + c)};
        const core::Field got = core::ifft2_real(spec);
        REQUIRE(got.rows == want.rows);
        REQUIRE(got.cols == want.cols);
        CHECK(test::max_rel_error(got.data, want.data) <= 1e-12);
    }
}

TEST_CASE("ifft2_real(fft2(f)) gives back f", "[spectrum]") {
    for (auto [rows, cols] : {std::pair{320, 320}, {7, 9}, {12, 5}, {1, 6}, {1, 1}}) {
        INFO(rows << " x " << cols);
        const core::Field f = core::gaussian_noise(rows, cols, 99);
        CHECK(test::max_rel_error(core::ifft2_real(core::fft2(f)).data, f.data) <= 1e-14);
    }
    // And from the golden numpy spectra of real fields.
    for (const char* name : {"odd7x9", "wide12x20"}) {
        const core::Field f = test::read_grid(std::string("field_") + name + ".txt");
        CHECK(test::max_rel_error(core::ifft2_real(core::fft2(f)).data, f.data) <= 1e-14);
    }
}

TEST_CASE("fft2 and ifft2_real match numpy on sides with prime factors above 100 (Bluestein)", "[spectrum][golden]") {
    // 1009 x 17: prime columns; 17 x 1009: prime rows; 211 x 202: prime columns and even rows
    // whose half (101) is prime. Tolerance 1e-12 relative to max |F| (or max |f|), as for the
    // smooth sizes; observed ~1e-15.
    for (const char* name : {"prime1009x17", "prime17x1009", "prime211x202"}) {
        INFO("field " << name);
        const core::Field f = test::read_grid(std::string("field_") + name + ".txt");
        const core::Field ri = test::read_grid(std::string("fft_") + name + ".txt");  // [re | im]
        const core::ComplexField spec = core::fft2(f);
        REQUIRE(spec.rows == f.rows);
        REQUIRE(spec.cols == f.cols);
        std::vector<double> got, want;
        for (int r = 0; r < f.rows; ++r)
            for (int c = 0; c < f.cols; ++c) {
                got.push_back(spec.at(r, c).real());
                got.push_back(spec.at(r, c).imag());
                want.push_back(ri.at(r, c));
                want.push_back(ri.at(r, f.cols + c));
            }
        const double err = test::max_rel_error(got, want);
        std::printf("fft2 %s: max |error| / max |F| vs numpy %.2g\n", name, err);
        CHECK(err <= 1e-12);
        CHECK(test::max_rel_error(core::ifft2_real(spec).data, f.data) <= 1e-14);

        const core::Field in = test::read_grid(std::string("ifft_in_") + name + ".txt");
        const core::Field out = test::read_grid(std::string("ifft_out_") + name + ".txt");
        core::ComplexField z(in.rows, in.cols / 2);
        for (int r = 0; r < z.rows; ++r)
            for (int c = 0; c < z.cols; ++c) z.at(r, c) = {in.at(r, c), in.at(r, z.cols + c)};
        const double inverse_err = test::max_rel_error(core::ifft2_real(z).data, out.data);
        std::printf("ifft2_real %s: max |error| / max |f| vs numpy %.2g\n", name, inverse_err);
        CHECK(inverse_err <= 1e-12);
    }
}

TEST_CASE("a field with large prime sides goes through Bluestein's algorithm", "[spectrum]") {
    // 1009 x 1013, both prime: KissFFT's generic butterflies alone took 6.2 s natively;
    // with Bluestein ~0.12 s natively. The time is printed, not asserted (make bench measures);
    // the values against numpy are the golden tests above (1009 x 17, 17 x 1009, 211 x 202).
    const core::Field f = core::gaussian_noise(1009, 1013, 5);
    const auto t0 = std::chrono::steady_clock::now();
    const core::ComplexField spec = core::fft2(f);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::printf("fft2 of a 1009 x 1013 field: %.1f ms\n", ms);
    CHECK(spec.at(0, 0).real() == Approx(std::accumulate(f.data.begin(), f.data.end(), 0.0)).margin(1e-9));
    // Parseval: sum |F|^2 = N sum f^2, which a wrong chirp or padding would break.
    double energy = 0.0, spectral = 0.0;
    for (double v : f.data) energy += v * v;
    for (const auto& z : spec.data) spectral += std::norm(z);
    CHECK(spectral == Approx(energy * static_cast<double>(f.size())).epsilon(1e-10));
}

namespace {

const char* const kRfftCases[] = {"odd7x5", "odd7x9", "even16", "wide12x20",    "tall21x10",    "row1x8",
                                  "row1x9", "col8x1", "col9x1", "prime1009x17", "prime17x1009", "prime211x202"};

/// A golden [re | im] grid as a complex one.
core::ComplexField read_complex(const std::string& name) {
    const core::Field ri = test::read_grid(name);
    core::ComplexField z(ri.rows, ri.cols / 2);
    for (int r = 0; r < z.rows; ++r)
        for (int c = 0; c < z.cols; ++c) z.at(r, c) = {ri.at(r, c), ri.at(r, z.cols + c)};
    return z;
}

/// Real and imaginary parts, interleaved, for max_rel_error (relative to max |F|).
std::vector<double> interleaved(const core::ComplexField& z) {
    std::vector<double> out;
    for (const auto& v : z.data) {
        out.push_back(v.real());
        out.push_back(v.imag());
    }
    return out;
}

}  // namespace

TEST_CASE("rfft2 matches numpy.fft.rfft2 on odd, even, prime, 1 x n and n x 1 fields", "[spectrum][golden]") {
    for (const char* name : kRfftCases) {
        INFO("field " << name);
        const core::Field f = test::read_grid(std::string("rfft_field_") + name + ".txt");
        const core::ComplexField want = read_complex(std::string("rfft_") + name + ".txt");
        const core::ComplexField got = core::rfft2(f);
        REQUIRE(got.rows == f.rows);
        REQUIRE(got.cols == f.cols / 2 + 1);
        REQUIRE(want.cols == got.cols);
        const double err = test::max_rel_error(interleaved(got), interleaved(want));
        std::printf("rfft2 %s: max |error| / max |F| vs numpy %.2g\n", name, err);
        CHECK(err <= 1e-12);
        // The full transform's first columns are the half spectrum, bit for bit.
        const core::ComplexField full = core::fft2(f);
        for (int r = 0; r < got.rows; ++r)
            for (int c = 0; c < got.cols; ++c) CHECK(full.at(r, c) == got.at(r, c));
    }
}

TEST_CASE("RealFft::forward_pair is forward() twice and sums to numpy's ky = 0 row", "[spectrum][golden]") {
    // Rows of the rfft2 goldens' fields, two at a time: even lengths (KissFFT's pair build, bit
    // for bit forward()), odd ones and 202 (101 is prime: Bluestein) by one complex transform
    // of x0 + i x1 (forward() to 1e-14 relative to the pair's max |X|). Their DFTs summed over
    // the rows are row ky = 0 of numpy.fft.rfft2: F(0, kx) = sum_y X_y(kx).
    for (const char* name : kRfftCases) {
        INFO("field " << name);
        const core::Field f = test::read_grid(std::string("rfft_field_") + name + ".txt");
        const core::ComplexField want = read_complex(std::string("rfft_") + name + ".txt");
        const int half = f.cols / 2 + 1;
        core::RealFft fft(f.cols);
        std::vector<std::complex<double>> a(half), b(half), a1(half), b1(half), sum(half);
        for (int r = 0; r < f.rows; r += 2) {
            const int r1 = std::min(r + 1, f.rows - 1);
            fft.forward_pair(&f.at(r, 0), &f.at(r1, 0), a.data(), b.data());
            fft.forward(&f.at(r, 0), a1.data());
            fft.forward(&f.at(r1, 0), b1.data());
            double scale = 0.0, diff = 0.0;
            for (int k = 0; k < half; ++k) {
                scale = std::max({scale, std::abs(a1[k]), std::abs(b1[k])});
                diff = std::max({diff, std::abs(a[k] - a1[k]), std::abs(b[k] - b1[k])});
                sum[k] += a[k] + (r1 != r ? b[k] : 0.0);
            }
            const bool pair_build = f.cols % 2 == 0 && f.cols != 202;
            CHECK(diff <= (pair_build ? 0.0 : 1e-14 * scale));
        }
        std::vector<double> got, expected;
        for (int k = 0; k < half; ++k) {
            got.insert(got.end(), {sum[k].real(), sum[k].imag()});
            expected.insert(expected.end(), {want.at(0, k).real(), want.at(0, k).imag()});
        }
        const double err = test::max_rel_error(got, expected);
        std::printf("forward_pair %s: max |error| / max |F(0, kx)| vs numpy %.2g\n", name, err);
        CHECK(err <= 1e-12);
    }
}

TEST_CASE("irfft2 matches numpy.fft.irfft2 on half spectra that are not Hermitian", "[spectrum][golden]") {
    for (const char* name : kRfftCases) {
        INFO("spectrum " << name);
        const core::ComplexField half = read_complex(std::string("irfft_in_") + name + ".txt");
        const core::Field want = test::read_grid(std::string("irfft_out_") + name + ".txt");
        const core::Field got = core::irfft2(half, want.cols);
        REQUIRE(got.rows == want.rows);
        REQUIRE(got.cols == want.cols);
        const double err = test::max_rel_error(got.data, want.data);
        std::printf("irfft2 %s: max |error| / max |f| vs numpy %.2g\n", name, err);
        CHECK(err <= 1e-12);
    }
}

TEST_CASE("irfft2(rfft2(f)) gives back f, and irfft2 of a Hermitian half is ifft2_real", "[spectrum]") {
    for (auto shape :
         {std::pair{320, 320}, {7, 5}, {7, 9}, {12, 5}, {1, 6}, {6, 1}, {1, 1}, {1009, 17}, {17, 1009}, {211, 202}}) {
        const int rows = shape.first, cols = shape.second;  // (a lambda below captures them)
        INFO(rows << " x " << cols);
        const core::Field f = core::gaussian_noise(rows, cols, 98);
        const core::ComplexField half = core::rfft2(f);
        CHECK(test::max_rel_error(core::irfft2(half, cols).data, f.data) <= 1e-14);
        // A gain symmetric in (ky, kx) -> (-ky, -kx) keeps the spectrum Hermitian: the half
        // spectrum filtered and inverted is the full one filtered and inverted.
        const auto gain = [&](int ky, int kx) {
            const int y = std::min(ky, rows - ky), x = std::min(kx, cols - kx);
            return 1.0 / (1.0 + y * y + 0.5 * x * x);
        };
        core::ComplexField full = core::fft2(f);
        for (int ky = 0; ky < rows; ++ky)
            for (int kx = 0; kx < cols; ++kx) full.at(ky, kx) *= gain(ky, kx);
        core::ComplexField filtered = half;
        for (int ky = 0; ky < rows; ++ky)
            for (int kx = 0; kx < half.cols; ++kx) filtered.at(ky, kx) *= gain(ky, kx);
        CHECK(test::max_rel_error(core::irfft2(std::move(filtered), cols).data, core::ifft2_real(full).data) <= 1e-13);
    }
}

TEST_CASE("fft2_half_power_blocks (four lanes with AVX2) is fft2_half_power_pairs bit for bit", "[spectrum]") {
    // Natively on x86-64 with AVX2 the blocks come from KissFFT's four-lane build (rows four
    // at a time through its real transform, columns four at a time), whose lanes must each do
    // the scalar build's arithmetic exactly, as the pair build's do. Sizes: the corpus' 320 x
    // 320, rows not a multiple of 4 (1 to 3 rows left to the pair and single transforms), odd
    // widths (no real lane transform), half widths not a multiple of 4 (padded last block),
    // prime sides above 100 (Bluestein rows or columns), and single rows or columns.
#if defined(__x86_64__) && !defined(__EMSCRIPTEN__)
    const bool avx2 = __builtin_cpu_supports("avx2");
#else
    const bool avx2 = false;
#endif
    const std::pair<int, int> sizes[] = {{320, 320}, {321, 317}, {7, 5},     {1009, 17}, {64, 3},
                                         {30, 66},   {31, 64},   {1009, 64}, {103, 322}, {17, 1009},
                                         {1, 8},     {8, 1},     {6, 10},    {5, 12},    {33, 2}};
    std::uint64_t state = 12345;
    for (const auto& size : sizes) {
        const int rows = size.first, cols = size.second;  // not a structured binding: the lambdas use them
        INFO(rows << " x " << cols);
        core::Field f(rows, cols);
        for (double& v : f.data) {  // a 64-bit LCG's top bits, uniform in [-1, 1)
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            v = static_cast<double>(state >> 11) * 0x1.0p-52 - 1.0;
        }
        const int half = cols / 2 + 1;
        std::vector<double> pairs(static_cast<std::size_t>(rows) * half, -1.0);  // [ky][kx]
        core::fft2_half_power_pairs(f, [&](int kx, int count, const double* power) {
            for (int ky = 0; ky < rows; ++ky)
                for (int s = 0; s < count; ++s) pairs[static_cast<std::size_t>(ky) * half + kx + s] = power[2 * ky + s];
        });
        std::vector<double> blocks(pairs.size(), -2.0);
        int widest = 0, next_kx = 0;
        core::fft2_half_power_blocks(f, [&](int kx, int count, int stride, const double* power) {
            CHECK(kx == next_kx);
            CHECK(count == std::min(stride, half - kx));
            next_kx = kx + count;
            widest = std::max(widest, stride);
            for (int ky = 0; ky < rows; ++ky)
                for (int s = 0; s < count; ++s)
                    blocks[static_cast<std::size_t>(ky) * half + kx + s] = power[stride * ky + s];
        });
        CHECK(next_kx == half);
        CHECK(widest == (avx2 ? 4 : 2));
        // rfft2 goes through the same blocks: its |F|^2, computed as the blocks do.
        const core::ComplexField spec = core::rfft2(f);
        std::size_t differ = 0, differ_rfft2 = 0;
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            const std::complex<double> z = spec.data[i];
            differ += blocks[i] != pairs[i];
            differ_rfft2 += z.real() * z.real() + z.imag() * z.imag() != pairs[i];
        }
        CHECK(differ == 0);
        CHECK(differ_rfft2 == 0);
    }
}
