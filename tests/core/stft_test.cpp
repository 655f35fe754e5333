// The power spectrogram: librosa's framing (centre zero padding, periodic Hann) against the
// numpy re-implementation, frame counts, and errors.
#include <catch.hpp>

#include <cmath>
#include <cstdio>

#include "core/stft.hpp"
#include "golden.hpp"

using namespace tide;

TEST_CASE("power_spectrogram matches the numpy STFT (centre padding, periodic Hann)", "[stft][golden]") {
    struct Case {
        const char* name;
        int n_fft, hop;
        bool center;
    };
    const Case cases[] = {{"even", 256, 64, true}, {"odd_nfft", 255, 100, true},   {"short", 256, 64, true},
                          {"one", 16, 4, true},    {"hop_gt_nfft", 64, 100, true}, {"nocenter", 256, 128, false}};
    for (const Case& c : cases) {
        INFO("case " << c.name);
        const std::vector<float> x = test::to_floats(test::read_grid(std::string("stft_x_") + c.name + ".txt"));
        const core::Field expected = test::read_grid(std::string("stft_") + c.name + ".txt");
        const core::StftConfig cfg{c.n_fft, c.hop, c.center};
        auto p = core::power_spectrogram(x, cfg);
        REQUIRE(p.ok());
        REQUIRE(p.value().rows == c.n_fft / 2 + 1);
        REQUIRE(p.value().cols == expected.cols);
        CHECK(p.value().cols == core::stft_frame_count(x.size(), cfg));
        // Relative to each frame's largest power (a bin near zero has no relative accuracy).
        double worst = 0.0;
        for (int t = 0; t < expected.cols; ++t) {
            double frame_max = 0.0, err = 0.0;
            for (int k = 0; k < expected.rows; ++k) frame_max = std::max(frame_max, expected.at(k, t));
            for (int k = 0; k < expected.rows; ++k)
                err = std::max(err, std::abs(p.value().at(k, t) - expected.at(k, t)));
            if (frame_max > 0) worst = std::max(worst, err / frame_max);
        }
        std::printf("stft %-12s max error / frame max vs numpy: %.2g\n", c.name, worst);
        CHECK(worst <= 1e-9);
    }
}

TEST_CASE("frame counts: 1 + n/hop centred, as librosa", "[stft]") {
    CHECK(core::stft_frame_count(44100, {2048, 512, true}) == 87);  // a 2-s clip at 22,050 Hz
    CHECK(core::stft_frame_count(1, {2048, 512, true}) == 1);       // shorter than a frame: padded
    CHECK(core::stft_frame_count(512, {2048, 512, true}) == 2);
    CHECK(core::stft_frame_count(511, {2048, 512, true}) == 1);
    CHECK(core::stft_frame_count(1000, {255, 100, true}) == 1 + (1000 + 254 - 255) / 100);
    CHECK(core::stft_frame_count(2047, {2048, 512, false}) == 0);
    CHECK(core::stft_frame_count(2048 + 1023, {2048, 512, false}) == 2);
}

TEST_CASE("a centred frame sees the clip through the window's middle", "[stft]") {
    // An impulse at sample t*hop lands where the window is 1 (its centre, j = n_fft/2): that
    // frame's power is 1 in every bin, frames further than n_fft/2 away see nothing.
    std::vector<float> x(4096, 0.0f);
    x[1024] = 1.0f;
    // n_fft 512, hop 128, centred: frame t holds x[128 t - 256 + j], so the impulse is at
    // j = 1280 - 128 t: the centre for t = 8, j = 384 (w = 0.5) for t = 7.
    const core::Field p = core::power_spectrogram(x, {512, 128, true}).value();
    for (int k = 0; k < p.rows; ++k) {
        CHECK(p.at(k, 8) == Approx(1.0).epsilon(1e-12));
        CHECK(p.at(k, 7) == Approx(0.25).epsilon(1e-12));
        CHECK(p.at(k, 0) == 0.0);
    }
}

TEST_CASE("periodic Hann window", "[stft]") {
    const std::vector<double> w = core::hann_periodic(8);
    const double want[] = {0.0, 0.14644660940672624, 0.5, 0.85355339059327373,
                           1.0, 0.85355339059327373, 0.5, 0.14644660940672624};
    for (int j = 0; j < 8; ++j) CHECK(w[j] == Approx(want[j]).margin(1e-16));
}

TEST_CASE("stft errors", "[stft][errors]") {
    const std::vector<float> x(100, 0.1f);
    CHECK(core::power_spectrogram({}, {}).error() == "the clip has no samples");
    CHECK(core::power_spectrogram(x, {1, 1, true}).error() == "n_fft must be from 2 to 1048576; got 1");
    CHECK(core::power_spectrogram(x, {256, 0, true}).error() == "hop_length must be at least 1; got 0");
    CHECK(core::power_spectrogram(x, {256, 64, false}).error() ==
          "the clip has 100 samples, fewer than one frame of n_fft = 256 (centred frames would pad it)");
    CHECK(core::power_spectrogram(x, {100, 64, false}).ok());
}
