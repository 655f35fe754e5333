// Colour maps and the gray mapping of noisy images (src/app/colormap.cpp: plain C++, so it is
// tested with the core, natively and as WebAssembly).
#include <catch.hpp>

#include <cmath>

#include "app/colormap.hpp"

using namespace tide;

TEST_CASE("colour maps hit matplotlib's end colours", "[app][colormap]") {
    // viridis #440154 .. #fde725, magma #000004 .. #fcfdbf, RdBu_r #053061 .. #67001f.
    const std::array<std::uint8_t, 3> v0{0x44, 0x01, 0x54}, v1{0xfd, 0xe7, 0x25};
    CHECK(app::colormap_rgb(app::Colormap::viridis, 0.0) == v0);
    CHECK(app::colormap_rgb(app::Colormap::viridis, 1.0) == v1);
    const std::array<std::uint8_t, 3> m0{0x00, 0x00, 0x04}, m1{0xfc, 0xfd, 0xbf};
    CHECK(app::colormap_rgb(app::Colormap::magma, 0.0) == m0);
    CHECK(app::colormap_rgb(app::Colormap::magma, 1.0) == m1);
    const std::array<std::uint8_t, 3> r0{0x05, 0x30, 0x61}, r1{0x67, 0x00, 0x1f};
    CHECK(app::colormap_rgb(app::Colormap::rdbu, 0.0) == r0);
    CHECK(app::colormap_rgb(app::Colormap::rdbu, 1.0) == r1);
    // Out of range and NaN clamp instead of reading outside the table.
    CHECK(app::colormap_rgb(app::Colormap::viridis, -5.0) == v0);
    CHECK(app::colormap_rgb(app::Colormap::viridis, 7.0) == v1);
    CHECK(app::colormap_rgb(app::Colormap::viridis, NAN) == v0);
}

TEST_CASE("gray_of_sum maps a*x + b*y from [lo, hi] to 0..255, rounded and clipped", "[app][colormap]") {
    core::Field x(1, 6), y(1, 6);
    x.data = {-1.0, 1.0, 0.0, 0.5, 3.0, -3.0};
    y.data = {0.0, 0.0, 0.0, 0.002, 0.0, 0.0};
    std::vector<std::uint8_t> rgba;
    app::gray_of_sum(x, 1.0, y, 1.0, -1.0, 1.0, rgba);
    REQUIRE(rgba.size() == 24);
    const int want[6] = {0, 255, 128, static_cast<int>(std::floor((0.502 + 1.0) * 127.5 + 0.5)), 255, 0};
    for (int i = 0; i < 6; ++i) {
        INFO("sample " << i);
        CHECK(rgba[4 * i] == want[i]);
        CHECK(rgba[4 * i + 1] == want[i]);
        CHECK(rgba[4 * i + 2] == want[i]);
        CHECK(rgba[4 * i + 3] == 255);
    }
}

TEST_CASE("contrast: WCAG's luminance and ratio; colours made legible as little as needed", "[app][colormap]") {
    const app::Rgb white{255, 255, 255}, black{0, 0, 0};
    CHECK(app::relative_luminance(white) == Approx(1.0));
    CHECK(app::relative_luminance(black) == 0.0);
    CHECK(app::contrast_ratio(white, black) == Approx(21.0));
    CHECK(app::contrast_ratio(black, white) == Approx(21.0));
    // WebAIM's checker: #777777 on white is 4.48:1, #767676 4.54:1.
    CHECK(app::contrast_ratio({0x77, 0x77, 0x77}, white) == Approx(4.48).margin(0.005));
    CHECK(app::contrast_ratio({0x76, 0x76, 0x76}, white) == Approx(4.54).margin(0.005));
    // Tableau's red (a marker's) on the dark theme's window (#17191c) is under 4.5:1 for its
    // words: lightened until it passes, and still red.
    const app::Rgb red{214, 39, 40}, dark{0x17, 0x19, 0x1c}, light{0xfb, 0xfb, 0xfa};
    CHECK(app::contrast_ratio(red, dark) < 4.5);
    const app::Rgb words = app::legible_on(red, dark, 4.5);
    CHECK(app::contrast_ratio(words, dark) >= 4.5);
    CHECK(words[0] > words[1]);
    CHECK(words[0] > words[2]);
    // One step (a twentieth of the way to white) less would not have passed: as little as needed.
    const int steps = static_cast<int>(std::lround(20.0 * (words[1] - red[1]) / (255.0 - red[1])));
    REQUIRE(steps >= 1);
    const double t = (steps - 1) / 20.0;
    const auto mix = [&](std::uint8_t c) { return static_cast<std::uint8_t>(std::lround((1 - t) * c + t * 255)); };
    CHECK(app::contrast_ratio({mix(red[0]), mix(red[1]), mix(red[2])}, dark) < 4.5);
    // Already legible: unchanged. Black on the dark window goes to white's side.
    CHECK(app::legible_on(red, light, 3.0) == red);
    CHECK(app::contrast_ratio(app::legible_on(black, dark, 3.0), dark) >= 3.0);
    CHECK(app::relative_luminance(app::legible_on(black, dark, 3.0)) > app::relative_luminance(black));
}
