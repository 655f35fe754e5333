#include "corpus_summary.hpp"

#include <cstring>
#include <limits>

#include "audio_store.hpp"
#include "core/file.hpp"
#include "image_store.hpp"
#include "sized_corpus.hpp"

namespace tide::app {

namespace {

constexpr char k_magic[8] = {'T', 'I', 'D', 'E', 'S', 'U', 'M', '1'};
constexpr std::uint32_t k_max_values = 1u << 24;

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

/// Reads little-endian fields from a byte range; any read past the end sets `short_`.
struct Reader {
    const std::uint8_t* p;
    std::size_t left;
    bool short_ = false;

    std::uint64_t uint(int bytes) {
        if (left < static_cast<std::size_t>(bytes)) {
            short_ = true;
            left = 0;
            return 0;
        }
        std::uint64_t v = 0;
        for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
        p += bytes;
        left -= static_cast<std::size_t>(bytes);
        return v;
    }
};

}  // namespace

std::vector<std::uint8_t> encode_summary(const SummaryRecords& records) {
    std::vector<std::uint8_t> out(k_magic, k_magic + sizeof k_magic);
    put_u32(out, static_cast<std::uint32_t>(records.size()));
    for (const auto& [key, values] : records) {
        out.push_back(static_cast<std::uint8_t>(key.size() & 0xff));
        out.push_back(static_cast<std::uint8_t>(key.size() >> 8));
        out.insert(out.end(), key.begin(), key.end());
        put_u32(out, static_cast<std::uint32_t>(values.size()));
        for (double v : values) {
            std::uint64_t bits = 0;
            std::memcpy(&bits, &v, sizeof bits);
            for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
        }
    }
    return out;
}

core::Result<SummaryRecords> decode_summary(const std::uint8_t* bytes, std::size_t size) {
    using R = core::Result<SummaryRecords>;
    if (size < sizeof k_magic || std::memcmp(bytes, k_magic, sizeof k_magic) != 0)
        return R::failure("not a corpus summary (it should start with TIDESUM1)");
    Reader in{bytes + sizeof k_magic, size - sizeof k_magic};
    SummaryRecords records;
    const auto count = in.uint(4);
    for (std::uint64_t r = 0; r < count && !in.short_; ++r) {
        const auto key_size = static_cast<std::size_t>(in.uint(2));
        if (in.left < key_size) return R::failure("corpus summary cut short in record " + std::to_string(r + 1));
        std::string key(reinterpret_cast<const char*>(in.p), key_size);
        in.p += key_size;
        in.left -= key_size;
        const auto n = in.uint(4);
        if (n > k_max_values) return R::failure("corpus summary record '" + key + "' is too long");
        if (in.left / 8 < n) return R::failure("corpus summary cut short in '" + key + "'");
        std::vector<double> values(static_cast<std::size_t>(n));
        for (double& v : values) {
            const std::uint64_t bits = in.uint(8);
            std::memcpy(&v, &bits, sizeof v);
        }
        records.insert_or_assign(std::move(key), std::move(values));
    }
    if (in.short_) return R::failure("corpus summary cut short");
    if (in.left != 0) return R::failure("corpus summary has " + std::to_string(in.left) + " bytes too many");
    return records;
}

SummaryFile::State SummaryFile::poll(AssetSource& assets) {
    if (state_ != State::pending) return state_;
    if (path_.empty()) return state_ = State::absent;
    std::string why;
    switch (assets.status(path_, &why)) {
        case AssetSource::Status::pending:
            return state_;
        case AssetSource::Status::failed:
            why_ = path_ + ": " + why;
            return state_ = State::absent;
        case AssetSource::Status::ready:
            break;
    }
    auto bytes = core::read_file_bytes(path_);
    if (!bytes) {
        why_ = bytes.error();
        return state_ = State::absent;
    }
    auto records = decode_summary(bytes.value().data(), bytes.value().size());
    if (!records) {
        why_ = path_ + ": " + records.error();
        return state_ = State::absent;
    }
    records_ = std::move(records).value();
    return state_ = State::ready;
}

std::string image_key(const std::string& id) {
    return "image " + id;
}

std::string sized_key(int size) {
    return "sized " + std::to_string(size);
}

std::string audio_freq_key(const std::string& kind) {
    return "audio " + kind + " freq";
}

std::string audio_clip_key(const std::string& kind, const std::string& id) {
    return "audio clip " + kind + " " + id;
}

std::string audio_key(const std::string& kind, const std::string& what, const std::string& label) {
    return "audio " + kind + " " + what + " " + (label.empty() ? std::string("all") : label);
}

SummaryRecords summarise_images(ImageStore& store) {
    const std::vector<int> sizes(k_summary_sizes.begin(), k_summary_sizes.end());
    SummaryRecords out;
    store.ignore_summary();
    std::vector<double> freq;
    for (const CorpusImage& c : store.corpus().images()) {
        if (c.label == "yours") continue;
        const AnalysedImage& img = store.image(c.id);
        // A photograph that cannot be read has an empty curve: the store leaves it out as it would.
        out[image_key(c.id)] = img.ready() ? img.rapsd.power : std::vector<double>{};
        if (img.ready()) freq = img.rapsd.freq;
    }
    out[k_image_freq_key] = freq;
    SizedCorpus sized(sizes, false);
    const auto total = static_cast<std::size_t>(store.corpus_stats_so_far().total);
    while (!sized.advance(store, total, std::numeric_limits<double>::infinity())) {
    }
    for (std::size_t s = 0; s < sizes.size(); ++s) out[sized_key(sizes[s])] = sized.sums(s);
    out[k_sized_used_key] = {static_cast<double>(sized.used())};
    return out;
}

SummaryRecords summarise_audio(AudioStore& store) {
    SummaryRecords out;
    store.ignore_summary();
    for (const char* label : {"", "speech", "music"}) {
        for (const bool mel : {false, true}) {
            const char* kind = mel ? "mel" : "spectrum";
            const MeanCurve m = mel ? store.mean_mel_rapsd(label) : store.mean_spectrum(label);
            // Every corpus clip has one length, so one frequency axis per kind serves all groups.
            if (*label == '\0') out[audio_freq_key(kind)] = m.freq;
            out[audio_key(kind, "mean_log10", label)] = m.mean_log10;
            out[audio_key(kind, "n", label)] = {static_cast<double>(m.n_clips)};
        }
    }
    // Each clip's curves, where its bins are the corpus's (every corpus clip lasts 2 s).
    const std::vector<double>& mel_freq = out[audio_freq_key("mel")];
    for (const AudioClipInfo& c : store.clips()) {
        if (c.label == "yours") continue;
        const AnalysedClip& clip = store.clip(c.id);
        if (!clip.ready() || clip.mel_rapsd.freq != mel_freq) continue;
        auto& binned_freq = out[audio_freq_key("binned")];
        if (binned_freq.empty()) binned_freq = clip.binned_freq;
        if (clip.binned_freq != binned_freq) continue;
        out[audio_clip_key("binned", c.id)] = clip.binned_power;
        out[audio_clip_key("mel", c.id)] = clip.mel_rapsd.power;
    }
    return out;
}

}  // namespace tide::app
