// The corpus summaries (src/app/corpus_summary.hpp): the file format, and ([site], run by CTest
// as "site.summary" with TIDE_SITE_DIR) that the site's summaries, which the WebAssembly build
// wrote, equal a fresh native computation from the repository's photographs and clips, and that
// the stores open their corpus-wide results from them with no photograph or clip present.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <catch.hpp>

#include "app/audio_store.hpp"
#include "app/corpus.hpp"
#include "app/corpus_summary.hpp"
#include "app/image_store.hpp"
#include "app/sized_corpus.hpp"
#include "core/file.hpp"

namespace {

using namespace tide;
namespace fs = std::filesystem;

/// Relative agreement of two doubles. The site's summaries come from the WebAssembly build and
/// are compared with native results: the two round the FFT, log10 and pow differently. Photographs
/// agree to about 1e-15; the sound spectra's highest bins, some eight decades below their peak,
/// differ by up to 1.2e-12 in log10 power (3e-12 in power), so 1e-9 leaves room and still
/// catches a summary of other files or other code.
constexpr double k_rel_tol = 1e-9;

bool close(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return std::abs(a - b) <= k_rel_tol * std::max({std::abs(a), std::abs(b), 1e-300});
}

/// Every record of `fresh` is in `site` with the same length and values within k_rel_tol, and
/// `site` has no other record. Returns what differs, empty if nothing.
std::string differences(const app::SummaryRecords& site, const app::SummaryRecords& fresh) {
    std::string out;
    for (const auto& [key, values] : fresh) {
        const auto it = site.find(key);
        if (it == site.end()) {
            out += "missing '" + key + "'; ";
            continue;
        }
        if (it->second.size() != values.size()) {
            out += "'" + key + "' has " + std::to_string(it->second.size()) + " values, fresh " +
                   std::to_string(values.size()) + "; ";
            continue;
        }
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (!close(it->second[i], values[i])) {
                char text[160];
                std::snprintf(text, sizeof text, "'%s'[%zu] = %.17g, fresh %.17g; ", key.c_str(), i, it->second[i],
                              values[i]);
                out += text;
                break;
            }
        }
    }
    for (const auto& [key, values] : site)
        if (!fresh.count(key)) out += "unexpected '" + key + "'; ";
    return out;
}

app::SummaryRecords read_summary(const std::string& path) {
    auto bytes = core::read_file_bytes(path);
    REQUIRE(bytes.ok());
    auto records = app::decode_summary(bytes.value().data(), bytes.value().size());
    INFO(path << ": " << (records.ok() ? "" : records.error()));
    REQUIRE(records.ok());
    return std::move(records).value();
}

std::string site_dir() {
    const char* dir = std::getenv("TIDE_SITE_DIR");
    INFO("TIDE_SITE_DIR names the built site (CTest sets it for site.summary)");
    REQUIRE(dir != nullptr);
    return dir;
}

}  // namespace

TEST_CASE("a corpus summary survives encoding bit for bit, and broken files are refused with a reason", "[summary]") {
    const app::SummaryRecords records{
        {"image a", {1.0, -0.0, 1e-300, 6.02214076e23, std::nan("")}}, {"empty", {}}, {"sized 64", {0.1, 0.2}}};
    const auto bytes = app::encode_summary(records);
    auto back = app::decode_summary(bytes.data(), bytes.size());
    REQUIRE(back.ok());
    REQUIRE(back.value().size() == records.size());
    for (const auto& [key, values] : records) {
        const auto& got = back.value().at(key);
        REQUIRE(got.size() == values.size());
        for (std::size_t i = 0; i < values.size(); ++i) CHECK(std::memcmp(&got[i], &values[i], sizeof(double)) == 0);
    }
    CHECK_FALSE(app::decode_summary(bytes.data(), 4).ok());
    for (std::size_t cut : {std::size_t{9}, std::size_t{14}, bytes.size() - 1}) {
        const auto r = app::decode_summary(bytes.data(), cut);
        CHECK_FALSE(r.ok());
        CHECK(r.error().find("cut short") != std::string::npos);
    }
    std::vector<std::uint8_t> longer = bytes;
    longer.push_back(0);
    CHECK(app::decode_summary(longer.data(), longer.size()).error().find("too many") != std::string::npos);
    std::vector<std::uint8_t> wrong = bytes;
    wrong[0] = 'X';
    CHECK(app::decode_summary(wrong.data(), wrong.size()).error().find("not a corpus summary") != std::string::npos);
}

TEST_CASE("the site's corpus summaries equal a fresh computation from the corpus", "[site]") {
    const std::string site = site_dir();
    app::NullTextureHost textures;
    app::DiskAssets assets;
    auto corpus = app::Corpus::load(std::string(TIDE_ASSETS_DIR) + "/images");
    REQUIRE(corpus.ok());
    app::ImageStore images(corpus.value(), textures, assets);
    app::AudioStore audio(std::string(TIDE_ASSETS_DIR) + "/audio", textures, assets);
    REQUIRE(audio.error().empty());

    const auto site_images = read_summary(site + "/assets/images/summary.bin");
    const auto fresh_images = app::summarise_images(images);
    CHECK(fresh_images.size() == corpus.value().images().size() + 6);  // freq, 4 sizes, used
    const std::string image_diff = differences(site_images, fresh_images);
    INFO(image_diff);
    CHECK(image_diff.empty());

    const auto site_audio = read_summary(site + "/assets/audio/summary.bin");
    const auto fresh_audio = app::summarise_audio(audio);
    const std::string audio_diff = differences(site_audio, fresh_audio);
    INFO(audio_diff);
    CHECK(audio_diff.empty());
}

TEST_CASE("the stores open their corpus-wide results from the site's summaries without the corpus", "[site]") {
    const std::string site = site_dir();
    app::NullTextureHost textures;
    app::DiskAssets assets;

    // Fresh, from the photographs and clips.
    auto corpus = app::Corpus::load(std::string(TIDE_ASSETS_DIR) + "/images");
    REQUIRE(corpus.ok());
    app::ImageStore fresh(corpus.value(), textures, assets);
    fresh.ignore_summary();
    const app::CorpusStats& want = fresh.corpus_stats(1e9);
    REQUIRE(want.complete());
    app::SizedCorpus want_sized({app::k_summary_sizes.begin(), app::k_summary_sizes.end()}, false);
    while (!want_sized.advance(fresh, static_cast<std::size_t>(want.total), 1e9)) {
    }
    app::AudioStore fresh_audio(std::string(TIDE_ASSETS_DIR) + "/audio", textures, assets);
    fresh_audio.ignore_summary();

    // A folder with the indexes and the site's summaries only: no photograph, no clip.
    const fs::path dir = fs::temp_directory_path() / ("tide-summary-test-" + std::to_string(::getpid()));
    fs::create_directories(dir / "images");
    fs::create_directories(dir / "audio");
    fs::copy_file(std::string(TIDE_ASSETS_DIR) + "/images/index.tsv", dir / "images/index.tsv");
    fs::copy_file(std::string(TIDE_ASSETS_DIR) + "/audio/index.tsv", dir / "audio/index.tsv");
    fs::copy_file(site + "/assets/images/summary.bin", dir / "images/summary.bin");
    fs::copy_file(site + "/assets/audio/summary.bin", dir / "audio/summary.bin");

    auto bare = app::Corpus::load((dir / "images").string());
    REQUIRE(bare.ok());
    app::ImageStore store(bare.value(), textures, assets);
    const app::CorpusStats& got = store.corpus_stats(0.0);  // no time for a single photograph
    REQUIRE(got.complete());
    CHECK(store.image(bare.value().images()[0].id).failed());  // the photographs are not there
    CHECK(close(got.fit.alpha, want.fit.alpha));
    CHECK(close(got.fit.intercept, want.fit.intercept));
    CHECK(close(got.fit_raw.alpha, want.fit_raw.alpha));
    REQUIRE(got.mean_power.size() == want.mean_power.size());
    for (std::size_t i = 0; i < got.mean_power.size(); ++i) CHECK(close(got.mean_power[i], want.mean_power[i]));
    REQUIRE(got.alphas.size() == want.alphas.size());
    for (std::size_t i = 0; i < got.alphas.size(); ++i) CHECK(close(got.alphas[i], want.alphas[i]));

    app::SizedCorpus sized({app::k_summary_sizes.begin(), app::k_summary_sizes.end()});
    REQUIRE(sized.advance(store, static_cast<std::size_t>(got.total), 0.0));
    for (std::size_t s = 0; s < app::k_summary_sizes.size(); ++s) {
        const auto a = sized.power(s), b = want_sized.power(s);
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i) CHECK(close(a[i], b[i]));
    }

    app::AudioStore sounds((dir / "audio").string(), textures, assets);
    for (const char* label : {"", "speech", "music"}) {
        for (const bool mel : {false, true}) {
            const app::MeanCurve& a = mel ? sounds.mean_mel_rapsd(label) : sounds.mean_spectrum(label);
            const app::MeanCurve& b = mel ? fresh_audio.mean_mel_rapsd(label) : fresh_audio.mean_spectrum(label);
            INFO("group '" << label << "', " << (mel ? "mel RAPSD" : "spectrum"));
            CHECK(a.n_clips == b.n_clips);
            CHECK(a.n_loading == 0);
            CHECK(close(a.peak_freq, b.peak_freq));
            CHECK(close(a.fit.alpha, b.fit.alpha));
            REQUIRE(a.mean_power.size() == b.mean_power.size());
            for (std::size_t i = 0; i < a.mean_power.size(); ++i) CHECK(close(a.mean_power[i], b.mean_power[i]));
        }
    }
    for (const app::AudioClipInfo& c : fresh_audio.clips()) {
        const app::AudioStore::ClipCurves a = sounds.curves(c.id);
        const app::AudioStore::ClipCurves b = fresh_audio.curves(c.id);
        INFO("clip " << c.id);
        REQUIRE(a);
        REQUIRE(b);
        REQUIRE(a.mel_rapsd->power.size() == b.mel_rapsd->power.size());
        for (std::size_t i = 0; i < a.mel_rapsd->power.size(); ++i)
            CHECK(close(a.mel_rapsd->power[i], b.mel_rapsd->power[i]));
        REQUIRE(a.binned_power->size() == b.binned_power->size());
        for (std::size_t i = 0; i < a.binned_power->size(); ++i) {
            CHECK(close((*a.binned_freq)[i], (*b.binned_freq)[i]));
            CHECK(close((*a.binned_power)[i], (*b.binned_power)[i]));
        }
    }
    CHECK(sounds.clip(sounds.clips()[0].id).failed());  // the clips are not there
    fs::remove_all(dir);
}
