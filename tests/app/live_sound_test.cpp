// The microphone figure's window of sound (src/app/live_sound.cpp: plain C++ over the core,
// so it is tested with the core, natively and as WebAssembly): what it keeps of a stream
// pushed in blocks, and its analysis against the numpy reference (make_golden.py's
// write_live_cases: the log-mel, RAPSD and fit of the last 4 s of a 6-s sound).
#include <catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "app/live_sound.hpp"
#include "core/audio.hpp"
#include "golden.hpp"

using namespace tide;

namespace {

std::vector<float> load_samples(const std::string& name, double expected_rate) {
    auto bytes = core::read_file_bytes(test::golden_path(name));
    REQUIRE(bytes.ok());
    auto audio = core::decode_audio(bytes.value().data(), bytes.value().size());
    REQUIRE(audio.ok());
    REQUIRE(audio.value().sample_rate_hz == expected_rate);
    return audio.value().samples;
}

/// Pushes x in blocks of `block` samples (the last one shorter), as the page does.
void push_blocks(app::LiveSound& live, const std::vector<float>& x, std::size_t block) {
    for (std::size_t i = 0; i < x.size(); i += block) live.push(x.data() + i, std::min(block, x.size() - i));
}

}  // namespace

TEST_CASE("the live window keeps the last 4 s and analyses them as numpy's librosa does", "[app][live][golden]") {
    const std::vector<float> x = load_samples("live_22050.wav", 22050.0);
    REQUIRE(x.size() == 6 * 22050);
    app::LiveSound live(4.0);
    REQUIRE(live.restart(22050.0).empty());
    CHECK_FALSE(live.fresh());
    push_blocks(live, x, 2205);
    CHECK(live.fresh());
    CHECK(live.heard_s() == Approx(6.0));
    CHECK(live.seconds() == Approx(4.0));
    // Exactly the last 4 s, in order.
    REQUIRE(live.samples().size() == 4 * 22050);
    CHECK(std::equal(live.samples().begin(), live.samples().end(), x.end() - 4 * 22050));

    const app::LiveAnalysis a = live.analyse();
    CHECK_FALSE(live.fresh());
    REQUIRE(a.error.empty());
    CHECK(a.seconds == Approx(4.0));
    const core::Field want_db = test::read_grid("live_logmel.txt");
    REQUIRE(a.log_mel.rows == want_db.rows);
    REQUIRE(a.log_mel.cols == want_db.cols);
    CHECK(a.log_mel.cols == live.window_frames());
    double worst = 0.0;
    for (std::size_t i = 0; i < want_db.size(); ++i)
        worst = std::max(worst, std::abs(a.log_mel.data[i] - want_db.data[i]));
    CHECK(worst < 1e-6);  // dB
    const core::Field want_rapsd = test::read_grid("live_rapsd.txt");
    REQUIRE(a.rapsd.power.size() == static_cast<std::size_t>(want_rapsd.cols));
    const std::vector<double> want_power(want_rapsd.data.begin() + want_rapsd.cols, want_rapsd.data.end());
    CHECK(test::max_rel_error(a.rapsd.power, want_power) < 1e-9);
    const core::Field fit = test::read_grid("live_fit.txt");
    CHECK(a.fit.alpha == Approx(fit.at(0, 0)).epsilon(1e-9));
    CHECK(a.fit.intercept == Approx(fit.at(0, 1)).epsilon(1e-9));
    CHECK(a.fit.r2 == Approx(fit.at(0, 2)).epsilon(1e-9));
}

TEST_CASE("a live stream at 44.1 kHz is resampled to 22,050 Hz before the analysis", "[app][live][golden]") {
    const std::vector<float> x = load_samples("live_44100.wav", 44100.0);
    app::LiveSound live(4.0);
    REQUIRE(live.restart(44100.0).empty());
    push_blocks(live, x, 4410);
    REQUIRE(live.samples().size() == 4 * 44100);
    const app::LiveAnalysis a = live.analyse();
    REQUIRE(a.error.empty());
    const core::Field want_db = test::read_grid("live_logmel.txt");
    REQUIRE(a.log_mel.rows == want_db.rows);
    REQUIRE(a.log_mel.cols == want_db.cols);
    // The same sound sampled at twice the rate and brought down by the medium converter: the
    // spectrogram agrees where there is sound (within 80 dB of the peak; the floor itself
    // moves with the converter's own noise), and so does the fit.
    const double peak = *std::max_element(want_db.data.begin(), want_db.data.end());
    double worst = 0.0;
    for (std::size_t i = 0; i < want_db.size(); ++i)
        if (want_db.data[i] > peak - 60.0) worst = std::max(worst, std::abs(a.log_mel.data[i] - want_db.data[i]));
    INFO("largest log-mel difference above peak - 60 dB: " << worst << " dB");
    CHECK(worst < 0.5);
    const core::Field fit = test::read_grid("live_fit.txt");
    CHECK(a.fit.alpha == Approx(fit.at(0, 0)).margin(0.03));
}

TEST_CASE("the live window gives a reason instead of a fit for too little sound or silence", "[app][live]") {
    app::LiveSound live(4.0);
    REQUIRE(live.restart(22050.0).empty());
    const std::vector<float> half_second(11025, 0.1f);
    live.push(half_second.data(), half_second.size());
    app::LiveAnalysis a = live.analyse();
    CHECK(a.seconds == Approx(0.5));
    CHECK_THAT(a.error, Catch::Contains("after 1 s of sound"));

    REQUIRE(live.restart(48000.0).empty());
    CHECK(live.samples().empty());
    CHECK(live.heard_s() == 0.0);
    const std::vector<float> silence(2 * 48000, 0.0f);
    live.push(silence.data(), silence.size());
    a = live.analyse();
    CHECK_THAT(a.error, Catch::Contains("only silence"));
    CHECK(a.fit.n_points == 0);
}

TEST_CASE("the live window keeps the end of a long block, zeroes non-finite samples, refuses odd rates",
          "[app][live]") {
    app::LiveSound live(1.0);
    REQUIRE(live.restart(8000.0).empty());
    std::vector<float> x(20000);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i);
    live.push(x.data(), x.size());
    REQUIRE(live.samples().size() == 8000);
    CHECK(live.samples().front() == 12000.0f);
    CHECK(live.samples().back() == 19999.0f);
    const float odd[3] = {NAN, INFINITY, 0.5f};
    live.push(odd, 3);
    REQUIRE(live.samples().size() == 8000);
    CHECK(live.samples()[7997] == 0.0f);
    CHECK(live.samples()[7998] == 0.0f);
    CHECK(live.samples()[7999] == 0.5f);
    CHECK(live.samples()[0] == 12003.0f);

    CHECK_THAT(live.restart(500.0), Catch::Contains("only 1000 to 384000 Hz"));
    CHECK_THAT(live.restart(NAN), Catch::Contains("only 1000 to 384000 Hz"));
    CHECK(live.sample_rate_hz() == 8000.0);  // the last usable rate stays
}
