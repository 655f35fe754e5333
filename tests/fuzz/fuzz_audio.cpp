// libFuzzer harness: sound file bytes through what the CLI's mel commands and the page do to
// a clip: decode_audio (WAV or Ogg Vorbis, with limits), resampling to 22,050 Hz and the
// log-mel spectrogram with librosa's defaults.
// decode_audio refuses Ogg pages whose CRC does not match, which nearly every mutation of an
// Ogg file breaks: the harness writes the right CRCs into its copy first, so that mutated
// streams reach stb_vorbis (the CRC check itself has its own tests in tests/core/audio_test.cpp).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "check.hpp"
#include "core/audio.hpp"
#include "core/mel.hpp"
#include "core/resample.hpp"

namespace core = tide::core;

namespace {

// One input stays quick: the decoder refuses clips over 5 s (checked from the header, and
// while decoding Ogg), and at most the first 2 s are resampled and analysed.
core::AudioLimits limits() {
    core::AudioLimits l;
    l.max_seconds = 5.0;
    return l;
}
constexpr double kAnalysedSeconds = 2.0;
constexpr double kRateHz = 22050.0;

/// Ogg's CRC (libogg: polynomial 0x04C11DB7, MSB first, initial 0, no final xor).
std::uint32_t ogg_crc(const std::uint8_t* p, std::size_t n) {
    std::uint32_t crc = 0;
    for (std::size_t i = 0; i < n; ++i) {
        crc ^= static_cast<std::uint32_t>(p[i]) << 24;
        for (int k = 0; k < 8; ++k) crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
    }
    return crc;
}

/// Writes the CRC of every Ogg page the bytes hold whole, from the start while pages follow.
void fix_ogg_crcs(std::vector<std::uint8_t>& b) {
    std::size_t pos = 0;
    while (b.size() - pos >= 27 && std::memcmp(&b[pos], "OggS", 4) == 0 && b.size() - pos >= 27u + b[pos + 26]) {
        std::size_t length = 27u + b[pos + 26];
        for (std::size_t i = 0; i < b[pos + 26]; ++i) length += b[pos + 27 + i];
        if (length > b.size() - pos) break;
        for (int k = 22; k < 26; ++k) b[pos + k] = 0;
        const std::uint32_t crc = ogg_crc(&b[pos], length);
        for (int k = 0; k < 4; ++k) b[pos + 22 + k] = static_cast<std::uint8_t>(crc >> (8 * k));
        pos += length;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const core::AudioLimits kLimits = limits();
    std::vector<std::uint8_t> bytes(data, data + size);
    fix_ogg_crcs(bytes);
    auto decoded = core::decode_audio(bytes.data(), bytes.size(), kLimits);
    if (!decoded) {
        FUZZ_CHECK(!decoded.error().empty(), "a failure without a message");
        return 0;
    }
    core::Audio& audio = decoded.value();
    const double rate = audio.sample_rate_hz;
    FUZZ_CHECK(rate >= kLimits.min_rate_hz && rate <= kLimits.max_rate_hz, "rate %.17g Hz", rate);
    FUZZ_CHECK(audio.source_channels >= 1 && audio.source_channels <= kLimits.max_channels, "%d channels",
               audio.source_channels);
    FUZZ_CHECK(!audio.samples.empty() && static_cast<double>(audio.samples.size()) <= kLimits.max_seconds * rate,
               "%zu samples at %.17g Hz", audio.samples.size(), rate);
    // 8, 16 and 24 bits are integer PCM, in [-1, 1); 32 bits may be either, 64 is float.
    const bool integer_pcm = audio.source_bits == 8 || audio.source_bits == 16 || audio.source_bits == 24;
    for (std::size_t i = 0; i < audio.samples.size(); ++i) {
        const double v = audio.samples[i];
        FUZZ_CHECK(std::isfinite(v), "sample %zu is %g (decode_audio refuses NaN and infinity)", i, v);
        FUZZ_CHECK(!integer_pcm || (v >= -1.0 && v < 1.0), "%d-bit sample %zu is %.17g", audio.source_bits, i, v);
    }

    std::vector<float>& x = audio.samples;
    x.resize(std::min(x.size(), static_cast<std::size_t>(kAnalysedSeconds * rate)));
    // The CLI resamples with the best converter, the page (a person's own sound) with the
    // medium one: each input takes one of them, by its length.
    const auto quality = size % 2 ? core::ResampleQuality::medium : core::ResampleQuality::best;
    auto resampled = core::resample(x, rate, kRateHz, quality);
    if (!resampled) {
        // Refused only for samples beyond what it takes (a float WAV may hold up to 3.4e38).
        double peak = 0.0;
        for (float v : x) peak = std::max(peak, std::abs(static_cast<double>(v)));
        FUZZ_CHECK(peak > core::kMaxResampleInput && !resampled.error().empty(), "resample from %.17g Hz, peak %g: %s",
                   rate, peak, resampled.error().c_str());
        return 0;
    }
    const std::vector<float>& y = resampled.value();
    const double want = std::max(1.0, std::round(static_cast<double>(x.size()) * kRateHz / rate));
    FUZZ_CHECK(static_cast<double>(y.size()) == want, "%zu samples resampled to %zu, not %.0f", x.size(), y.size(),
               want);

    auto mel = core::log_mel_spectrogram(y);
    FUZZ_CHECK(mel.ok(), "log-mel of %zu samples: %s", y.size(), mel.error().c_str());
    const core::Field& db = mel.value();
    const core::MelConfig cfg;
    FUZZ_CHECK(db.rows == cfg.n_mels && db.cols == static_cast<int>(1 + y.size() / cfg.hop_length), "%dx%d", db.rows,
               db.cols);
    const auto [lo, hi] = std::minmax_element(db.data.begin(), db.data.end());
    for (std::size_t i = 0; i < db.size(); ++i)
        FUZZ_CHECK(std::isfinite(db.data[i]), "log-mel value %zu is %g", i, db.data[i]);
    FUZZ_CHECK(*hi - *lo <= cfg.top_db + 1e-9, "range %.17g dB over top_db", *hi - *lo);
    return 0;
}
