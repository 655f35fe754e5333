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
