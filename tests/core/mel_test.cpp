// The mel scale, librosa's filterbank, power_to_db, the DCT, and the log-mel spectrogram,
// MFCCs and mel RAPSD of real clips, against the numpy transcription of librosa.
#include <catch.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>

#include "core/audio.hpp"
#include "core/dct.hpp"
#include "core/mel.hpp"
#include "core/rapsd.hpp"
#include "core/stft.hpp"
#include "golden.hpp"

using namespace tide;

namespace {

double max_abs_diff(const core::Field& a, const core::Field& b) {
    REQUIRE(a.rows == b.rows);
    REQUIRE(a.cols == b.cols);
    double d = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, std::abs(a.data[i] - b.data[i]));
    return d;
}

double max_abs(const core::Field& a) {
    double m = 0.0;
    for (double v : a.data) m = std::max(m, std::abs(v));
    return m;
}

core::Audio load_wav(const std::string& path) {
    auto bytes = core::read_file_bytes(path);
    REQUIRE(bytes.ok());
    auto audio = core::decode_audio(bytes.value().data(), bytes.value().size());
    REQUIRE(audio.ok());
    return audio.value();
}

}  // namespace

TEST_CASE("mel scale: known answers and round trips", "[mel]") {
    CHECK(core::hz_to_mel(0.0) == 0.0);
    CHECK(core::hz_to_mel(1000.0) == Approx(15.0).epsilon(1e-15));  // 14.999999999999998, as librosa
    CHECK(core::hz_to_mel(6400.0) == Approx(42.0).epsilon(1e-15));  // 15 + ln(6.4) / (ln(6.4) / 27)
    CHECK(core::hz_to_mel(500.0) == Approx(7.5).epsilon(1e-15));    // linear: 500 / (200/3)
    CHECK(core::mel_to_hz(15.0) == Approx(1000.0).epsilon(1e-15));
    CHECK(core::mel_to_hz(42.0) == Approx(6400.0).epsilon(1e-14));
    for (double hz : {0.0, 1.0, 440.0, 999.0, 1000.0, 1001.0, 4000.0, 11025.0, 96000.0})
        CHECK(core::mel_to_hz(core::hz_to_mel(hz)) == Approx(hz).epsilon(1e-14).margin(1e-12));
    // Against librosa's functions transcribed in numpy, on both sides of the 1000 Hz knee.
    for (const char* name : {"mel_hz_to_mel.txt", "mel_mel_to_hz.txt"}) {
        const core::Field g = test::read_grid(name);
        const bool forward = std::string(name) == "mel_hz_to_mel.txt";
        for (int i = 0; i < g.cols; ++i) {
            const double got = forward ? core::hz_to_mel(g.at(0, i)) : core::mel_to_hz(g.at(0, i));
            INFO(name << " at " << g.at(0, i));
            CHECK(got == Approx(g.at(1, i)).epsilon(1e-14).margin(1e-14));
        }
    }
}

TEST_CASE("mel filterbank matches librosa.filters.mel (slaney) to 1e-12", "[mel][golden]") {
    struct Case {
        const char* name;
        double sr;
        int n_fft, n_mels;
        double fmin, fmax;
    };
    const Case cases[] = {{"default", 22050, 2048, 128, 0.0, 0.0},
                          {"speech16k", 16000, 512, 40, 20.0, 7600.0},
                          {"hifi44k", 44100, 1024, 64, 300.0, 8000.0},
                          {"odd255", 22050, 255, 20, 0.0, 0.0},
                          {"sparse", 22050, 256, 128, 0.0, 0.0}};
    for (const Case& c : cases) {
        INFO("bank " << c.name);
        core::MelConfig cfg;
        cfg.sample_rate_hz = c.sr;
        cfg.n_fft = c.n_fft;
        cfg.n_mels = c.n_mels;
        cfg.f_min_hz = c.fmin;
        cfg.f_max_hz = c.fmax;
        const core::Field expected = test::read_grid(std::string("melfb_") + c.name + ".txt");
        const core::Field fb = core::mel_filterbank(cfg);
        const double err = max_abs_diff(fb, expected) / max_abs(expected);
        std::printf("mel filterbank %-10s max error / max weight: %.2g\n", c.name, err);
        CHECK(err <= 1e-12);
    }
    // 'sparse' (128 mels over 129 bins) has empty rows, as in librosa (which warns).
    const core::Field sparse = test::read_grid("melfb_sparse.txt");
    int empty = 0;
    for (int m = 0; m < sparse.rows; ++m) {
        double s = 0.0;
        for (int k = 0; k < sparse.cols; ++k) s += sparse.at(m, k);
        empty += s == 0.0;
    }
    CHECK(empty > 0);
}

TEST_CASE("slaney normalisation: each triangle has unit area in Hz", "[mel]") {
    // A triangle of base hz[m+2] - hz[m] and height 2 / base has area 1, so
    // sum_k w[m,k] * (sr / n_fft) ~ 1 once it spans many FFT bins.
    core::MelConfig cfg;
    cfg.n_fft = 8192;
    cfg.n_mels = 40;
    const core::Field fb = core::mel_filterbank(cfg);
    const double bin_hz = cfg.sample_rate_hz / cfg.n_fft;
    for (int m = 5; m < fb.rows; ++m) {
        double area = 0.0;
        for (int k = 0; k < fb.cols; ++k) area += fb.at(m, k) * bin_hz;
        CHECK(area == Approx(1.0).epsilon(0.02));
    }
}

TEST_CASE("power_to_db matches librosa.power_to_db", "[mel][golden]") {
    const core::Field power = test::read_grid("db_in.txt");
    double max_power = 0.0;
    for (double v : power.data) max_power = std::max(max_power, v);
    struct Case {
        const char* file;
        double ref, amin, top_db;
    };
    const Case cases[] = {{"db_default.txt", 1.0, 1e-10, 80.0},
                          {"db_ref_amin_top.txt", max_power, 1e-5, 40.0},
                          {"db_nofloor.txt", -2.5, 1e-10, 0.0}};
    for (const Case& c : cases) {
        INFO(c.file);
        const core::Field expected = test::read_grid(c.file);
        CHECK(max_abs_diff(core::power_to_db(power, c.ref, c.amin, c.top_db), expected) <= 1e-9);
    }
    // NaN top_db: no floor, like 0.
    CHECK(max_abs_diff(core::power_to_db(power, -2.5, 1e-10, std::numeric_limits<double>::quiet_NaN()),
                       test::read_grid("db_nofloor.txt")) <= 1e-9);
}

TEST_CASE("power_to_db: known values, silence stays finite", "[mel]") {
    core::Field p(1, 4);
    p.data = {1.0, 10.0, 1e-3, 0.0};
    const core::Field db = core::power_to_db(p, 1.0, 1e-10, 200.0);
    CHECK(db.data[0] == 0.0);
    CHECK(db.data[1] == Approx(10.0).epsilon(1e-15));
    CHECK(db.data[2] == Approx(-30.0).epsilon(1e-15));
    CHECK(db.data[3] == Approx(-100.0).epsilon(1e-15));  // amin floor
    const core::Field floored = core::power_to_db(p, 1.0, 1e-10, 80.0);
    CHECK(floored.data[3] == Approx(-70.0).epsilon(1e-15));  // max (10 dB) - 80

    // A silent clip: every mel power is 0, so every value is 10 log10(amin) = -100 dB.
    const std::vector<float> silence(22050, 0.0f);
    const core::Field s = core::log_mel_spectrogram(silence, {}).value();
    CHECK(s.rows == 128);
    CHECK(s.cols == 44);
    for (double v : s.data) CHECK(v == Approx(-100.0).epsilon(1e-15));
}

TEST_CASE("DCT-II ortho matches the explicit numpy matrix to 1e-12", "[dct][golden]") {
    struct Case {
        const char* name;
        int n;
    };
    for (const Case& c : {Case{"mel128x30", 20}, Case{"odd13x7", 13}, Case{"one1x4", 1}}) {
        INFO(c.name);
        const core::Field x = test::read_grid(std::string("dct_in_") + c.name + ".txt");
        const core::Field expected = test::read_grid(std::string("dct_out_") + c.name + ".txt");
        const core::Field y = core::dct2_ortho_rows(x, c.n);
        const double err = max_abs_diff(y, expected) / max_abs(expected);
        std::printf("dct %-10s max error / max |y|: %.2g\n", c.name, err);
        CHECK(err <= 1e-12);
    }
}

TEST_CASE("the full DCT is orthogonal: sums of squares are kept", "[dct]") {
    core::Field x(17, 3);
    for (std::size_t i = 0; i < x.size(); ++i) x.data[i] = std::sin(1.7 * static_cast<double>(i) + 0.2);
    const core::Field y = core::dct2_ortho_rows(x, 17);
    for (int c = 0; c < 3; ++c) {
        double sx = 0.0, sy = 0.0;
        for (int r = 0; r < 17; ++r) {
            sx += x.at(r, c) * x.at(r, c);
            sy += y.at(r, c) * y.at(r, c);
        }
        CHECK(sy == Approx(sx).epsilon(1e-13));
    }
    // A constant column has only a DC coefficient: sqrt(N) * value.
    const core::Field ones = core::dct2_ortho_rows(core::Field(16, 1, 2.0), 16);
    CHECK(ones.at(0, 0) == Approx(8.0).epsilon(1e-15));
    for (int k = 1; k < 16; ++k) CHECK(std::abs(ones.at(k, 0)) <= 1e-14);
}

namespace {

/// Log-mel (defaults and other settings), mel power, MFCC and mel RAPSD of one clip against
/// the goldens written for it. Tolerances: dB within 1e-6 dB (observed ~1e-11); the RAPSD of
/// the dB field and the MFCCs 1e-9 relative.
void check_clip(const std::string& name, const core::Audio& audio) {
    core::MelConfig cfg;
    cfg.sample_rate_hz = audio.sample_rate_hz;

    const core::Field mel_power = core::mel_spectrogram(audio.samples, cfg).value();
    const core::Field mel_expected = test::read_grid("melpower_" + name + ".txt");
    CHECK(max_abs_diff(mel_power, mel_expected) / max_abs(mel_expected) <= 1e-12);

    const core::Field db = core::log_mel_spectrogram(audio.samples, cfg).value();
    const core::Field expected = test::read_grid("logmel_" + name + ".txt");
    REQUIRE(db.rows == 128);
    REQUIRE(db.cols == 1 + static_cast<int>(audio.samples.size()) / 512);
    const double db_err = max_abs_diff(db, expected);
    std::printf("log-mel %-6s (%d x %d) max |error| vs numpy: %.2g dB\n", name.c_str(), db.rows, db.cols, db_err);
    CHECK(db_err <= 1e-6);

    core::MelConfig other = cfg;
    other.n_fft = 1024;
    other.hop_length = 256;
    other.n_mels = 64;
    other.top_db = 60.0;
    CHECK(max_abs_diff(core::log_mel_spectrogram(audio.samples, other).value(),
                       test::read_grid("logmel_" + name + "_1024_256_64_60.txt")) <= 1e-6);

    const core::Field coeffs = core::mfcc(audio.samples, cfg, 20).value();
    const core::Field mfcc_expected = test::read_grid("mfcc_" + name + ".txt");
    const double mfcc_err = max_abs_diff(coeffs, mfcc_expected) / max_abs(mfcc_expected);
    std::printf("mfcc    %-6s max error / max |coef|: %.2g\n", name.c_str(), mfcc_err);
    CHECK(mfcc_err <= 1e-9);

    // The RAPSD of the n_mels x frames dB field (pysteps' convention on a non-square field:
    // L = max(rows, cols), radius over integer wavenumbers of both axes).
    const core::Rapsd r = core::rapsd(db);
    const core::Field r_expected = test::read_grid("melrapsd_" + name + ".txt");
    REQUIRE(static_cast<int>(r.power.size()) == r_expected.cols);
    const std::vector<double> freq(r_expected.data.begin(), r_expected.data.begin() + r_expected.cols);
    const std::vector<double> power(r_expected.data.begin() + r_expected.cols, r_expected.data.end());
    CHECK(test::max_rel_error(r.freq, freq) <= 1e-15);
    for (std::size_t b = 0; b < power.size(); ++b) {
        INFO("bin " << b);
        CHECK(std::abs(r.power[b] - power[b]) <= 1e-9 * std::abs(power[b]));
    }
}

}  // namespace

TEST_CASE("log-mel, MFCC and mel RAPSD of a chirp + noise clip match numpy", "[mel][golden]") {
    check_clip("chirp", load_wav(test::golden_path("clip_chirp.wav")));
}

TEST_CASE("log-mel, MFCC and mel RAPSD of a clip from assets/audio match numpy", "[mel][golden][assets]") {
    std::ifstream marker(test::golden_path("asset_clip_path.txt"));
    std::string path;
    if (!(marker && std::getline(marker, path))) {
        WARN("assets/audio has no WAV clip yet: only the synthetic clip was checked");
        return;
    }
    INFO(path);
    check_clip("asset", load_wav(path));
}

TEST_CASE("a clip shorter than one frame still gives centred frames, as librosa", "[mel]") {
    const std::vector<float> x(300, 0.25f);
    const core::Field db = core::log_mel_spectrogram(x, {}).value();
    CHECK(db.rows == 128);
    CHECK(db.cols == 1);
    const core::Field one = core::log_mel_spectrogram({0.5f}, {}).value();
    CHECK(one.cols == 1);
    for (double v : one.data) CHECK(std::isfinite(v));
}

TEST_CASE("log-mel and mfcc errors", "[mel][errors]") {
    const std::vector<float> x(1000, 0.1f);
    CHECK(core::log_mel_spectrogram({}, {}).error() == "the clip has no samples");
    core::MelConfig cfg;
    cfg.n_mels = 0;
    CHECK(core::log_mel_spectrogram(x, cfg).error() == "n_mels must be from 1 to 4096; got 0");
    cfg = {};
    cfg.f_max_hz = 20.0;
    cfg.f_min_hz = 30.0;
    CHECK(core::log_mel_spectrogram(x, cfg).error() == "f_max must be above f_min");
    cfg = {};
    cfg.sample_rate_hz = 0.0;
    CHECK(core::log_mel_spectrogram(x, cfg).error() == "the sample rate must be a positive number of Hz");
    cfg = {};
    cfg.hop_length = 0;
    CHECK(core::log_mel_spectrogram(x, cfg).error() == "hop_length must be at least 1; got 0");
    cfg = {};
    cfg.amin = 0.0;
    CHECK(core::log_mel_spectrogram(x, cfg).error() == "amin must be a positive number");
    CHECK(core::mfcc(x, {}, 0).error() == "n_mfcc must be from 1 to n_mels = 128; got 0");
    CHECK(core::mfcc(x, {}, 129).error() == "n_mfcc must be from 1 to n_mels = 128; got 129");
    CHECK(core::check_mel_config({}).ok());
}
