// tide-summary: writes the site's corpus summaries (corpus_summary.hpp), computed from the
// photographs and clips with the app's own stores, so the page opens its corpus-wide figures
// without fetching the corpus. The site build runs it (web/CMakeLists.txt).
//   tide-summary <images dir> <audio dir> <images summary out> <audio summary out>
#include <cstdio>
#include <string>

#include "audio_store.hpp"
#include "corpus.hpp"
#include "corpus_summary.hpp"
#include "image_store.hpp"

namespace {

bool write_file(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    const bool wrote = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    return std::fclose(f) == 0 && wrote;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace tide::app;
    if (argc != 5) {
        std::fprintf(stderr, "usage: tide-summary <images dir> <audio dir> <images summary out> <audio summary out>\n");
        return 2;
    }
    auto corpus = Corpus::load(argv[1]);
    if (!corpus) {
        std::fprintf(stderr, "tide-summary: %s\n", corpus.error().c_str());
        return 1;
    }
    NullTextureHost textures;
    DiskAssets assets;
    ImageStore images(corpus.value(), textures, assets);
    AudioStore audio(argv[2], textures, assets);
    if (!audio.error().empty()) {
        std::fprintf(stderr, "tide-summary: %s\n", audio.error().c_str());
        return 1;
    }
    const SummaryRecords image_summary = summarise_images(images);
    const SummaryRecords audio_summary = summarise_audio(audio);
    for (const auto& [path, records] : {std::pair{argv[3], &image_summary}, std::pair{argv[4], &audio_summary}}) {
        if (!write_file(path, encode_summary(*records))) {
            std::fprintf(stderr, "tide-summary: cannot write %s\n", path);
            return 1;
        }
    }
    std::printf("tide-summary: %zu image records, %zu sound records\n", image_summary.size(), audio_summary.size());
    return 0;
}
