// check_vorbis_setup: stb_vorbis 1.22's reading of the three header packets, as far as it
// decides where each codebook lies (start_decoder, start_page, next_segment,
// get8_packet_raw and get_bits in stb_vorbis.h), reading nothing it would not.
#include "vorbis_guard.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace tide::core {

namespace {

constexpr int kEop = -1;
constexpr double kIntLimit = 2147483648.0;           // 2^31: beyond it a conversion to int is undefined
constexpr std::uint64_t kMaxArenaBytes = 64u << 20;  // vorbis.cpp gives stb_vorbis at most this

/// stb_vorbis's reading state in memory ("pull") mode.
class StbVorbisReader {
public:
    StbVorbisReader(const std::uint8_t* bytes, std::size_t size) : bytes_(bytes), size_(size) {}

    int get8() { return pos_ < size_ ? bytes_[pos_++] : 0; }
    void skip(std::size_t n) { pos_ += n; }

    /// start_page: "OggS", version 0 unchecked here (a refusal ends stb_vorbis's reading;
    /// going on instead can only make this check stricter), flags, 20 bytes, the segment
    /// table. false where stb_vorbis fails.
    bool start_page() {
        if (get8() != 'O' || get8() != 'g' || get8() != 'g' || get8() != 'S') return false;
        if (get8() != 0) return false;
        page_flag_ = get8();
        for (int i = 0; i < 20; ++i) get8();
        segment_count_ = get8();
        if (size_ < pos_ || size_ - pos_ < static_cast<std::size_t>(segment_count_)) return false;
        std::memcpy(segments_, bytes_ + pos_, static_cast<std::size_t>(segment_count_));
        pos_ += static_cast<std::size_t>(segment_count_);
        next_seg_ = 0;
        return true;
    }
    int page_flag() const { return page_flag_; }
    int segment_count() const { return segment_count_; }
    int segment(int i) const { return segments_[i]; }

    bool start_packet() {
        while (next_seg_ == -1) {
            if (!start_page() || (page_flag_ & 1)) return false;
        }
        last_seg_ = false;
        valid_bits_ = 0;
        bytes_in_seg_ = 0;
        return true;
    }

    /// next_segment, including its quirks: a page of 0 segments reads the length left in
    /// segments_[0] by an earlier page; a page without the continued-packet flag ends the
    /// packet read but leaves the new page's segments to whatever reads next.
    int next_segment() {
        if (last_seg_) return 0;
        if (next_seg_ == -1) {
            if (!start_page()) {
                last_seg_ = true;
                return 0;
            }
            if (!(page_flag_ & 1)) return 0;
        }
        const int len = segments_[next_seg_++];
        if (len < 255) last_seg_ = true;
        if (next_seg_ >= segment_count_) next_seg_ = -1;
        bytes_in_seg_ = len;
        return len;
    }

    int get8_packet_raw() {
        if (!bytes_in_seg_) {
            if (last_seg_ || !next_segment()) return kEop;
        }
        --bytes_in_seg_;
        return get8();
    }
    int get8_packet() {
        const int x = get8_packet_raw();
        valid_bits_ = 0;
        return x;
    }
    std::uint32_t get32_packet() {
        std::uint32_t x = static_cast<std::uint32_t>(get8_packet());
        x += static_cast<std::uint32_t>(get8_packet()) << 8;
        x += static_cast<std::uint32_t>(get8_packet()) << 16;
        x += static_cast<std::uint32_t>(get8_packet()) << 24;
        return x;
    }
    int bytes_in_seg() const { return bytes_in_seg_; }
    void clear_bytes_in_seg() { bytes_in_seg_ = 0; }

    std::uint32_t get_bits(int n) {
        if (valid_bits_ < 0) return 0;
        if (valid_bits_ < n) {
            if (n > 24) {
                std::uint32_t z = get_bits(24);
                z += get_bits(n - 24) << 24;
                return z;
            }
            if (valid_bits_ == 0) acc_ = 0;
            while (valid_bits_ < n) {
                const int z = get8_packet_raw();
                if (z == kEop) {
                    valid_bits_ = -1;
                    return 0;
                }
                acc_ += static_cast<std::uint32_t>(z) << valid_bits_;
                valid_bits_ += 8;
            }
        }
        const std::uint32_t z = acc_ & ((1u << n) - 1);
        acc_ >>= n;
        valid_bits_ -= n;
        return z;
    }

private:
    const std::uint8_t* bytes_;
    std::size_t size_;
    std::size_t pos_ = 0;
    std::uint8_t segments_[255] = {};
    int segment_count_ = 0, next_seg_ = 0, page_flag_ = 0, bytes_in_seg_ = 0, valid_bits_ = 0;
    bool last_seg_ = false;
    std::uint32_t acc_ = 0;
};

/// stb_vorbis's ilog: the number of bits of n (0 for n <= 0).
int ilog(std::int64_t n) {
    int bits = 0;
    while (n > 0) {
        ++bits;
        n >>= 1;
    }
    return bits;
}

Status corrupt(int book, const std::string& what) {
    return Status::failure("the Ogg Vorbis setup header is corrupt: codebook " + std::to_string(book) + " " + what +
                           " (more than the decoder can size safely)");
}

}  // namespace

Status check_vorbis_setup(const std::uint8_t* bytes, std::size_t size) {
    StbVorbisReader r(bytes, size);
    // The identification header: the first page, one segment of 30 bytes.
    if (!r.start_page() || r.segment_count() != 1 || r.segment(0) != 30) return {};
    const int flags = r.page_flag();
    if (!(flags & 2) || (flags & 4) || (flags & 1)) return {};
    for (int i = 0; i < 30; ++i) r.get8();

    // The comment header, read as stb_vorbis reads it, then the rest of its packet skipped.
    if (!r.start_page() || !r.start_packet() || !r.next_segment()) return {};
    for (int i = 0; i < 7; ++i) r.get8_packet();  // type, "vorbis"
    // Each string: an int length, then that many bytes into setup_malloc(length + 1). A
    // negative length moves stb_vorbis's allocator backwards out of its buffer (and
    // INT32_MAX + 1 overflows): refused. A length beyond the arena ends its reading.
    enum class Text { read, too_long, negative };
    const auto read_string = [&r]() {
        const auto len = static_cast<std::int32_t>(r.get32_packet());
        if (len < 0 || len == INT32_MAX) return Text::negative;
        if (static_cast<std::uint64_t>(len) + 1 > kMaxArenaBytes) return Text::too_long;
        for (std::int32_t i = 0; i < len; ++i) r.get8_packet();
        return Text::read;
    };
    const Status bad_comment = Status::failure("the Ogg Vorbis comment header is corrupt (a negative length)");
    Text text = read_string();
    if (text == Text::negative) return bad_comment;
    if (text == Text::too_long) return {};
    const auto comments = static_cast<std::int32_t>(r.get32_packet());
    if (comments > 0 && static_cast<std::uint64_t>(comments) * sizeof(char*) > kMaxArenaBytes) return {};
    for (std::int32_t i = 0; i < comments; ++i) {
        text = read_string();
        if (text == Text::negative) return bad_comment;
        if (text == Text::too_long) return {};
    }
    if (!(r.get8_packet() & 1)) return {};  // framing bit (EOP, -1, has it set)
    r.skip(static_cast<std::size_t>(r.bytes_in_seg()));
    r.clear_bytes_in_seg();
    for (int len = r.next_segment(); len != 0; len = r.next_segment()) {
        r.skip(static_cast<std::size_t>(len));
        r.clear_bytes_in_seg();
    }

    // The setup header: its codebooks.
    if (!r.start_packet()) return {};
    if (r.get8_packet() != 5) return {};
    for (int i = 0; i < 6; ++i) r.get8_packet();
    const int books = static_cast<int>(r.get_bits(8)) + 1;
    for (int book = 0; book < books; ++book) {
        if (r.get_bits(8) != 0x42 || r.get_bits(8) != 0x43 || r.get_bits(8) != 0x56) return {};
        std::uint32_t x = r.get_bits(8);
        const std::int64_t dimensions = (r.get_bits(8) << 8) + x;
        x = r.get_bits(8);
        const std::uint32_t y = r.get_bits(8);
        const std::int64_t entries = (r.get_bits(8) << 16) + (y << 8) + x;
        const bool ordered = r.get_bits(1) != 0;
        const bool sparse = ordered ? false : r.get_bits(1) != 0;
        if (dimensions == 0 && entries != 0) return {};
        if (ordered) {
            std::int64_t current_entry = 0, current_length = r.get_bits(5) + 1;
            while (current_entry < entries) {
                const std::int64_t n = r.get_bits(ilog(entries - current_entry));
                if (current_length >= 32 || current_entry + n > entries) return {};
                current_entry += n;
                ++current_length;
            }
        } else {
            for (std::int64_t j = 0; j < entries; ++j) {
                if (sparse && !r.get_bits(1)) continue;
                if (r.get_bits(5) + 1 == 32) return {};
            }
        }
        const std::uint32_t lookup_type = r.get_bits(4);
        if (lookup_type > 2) return {};
        if (lookup_type == 0) continue;
        r.get_bits(32);  // minimum_value
        r.get_bits(32);  // delta_value
        const int value_bits = static_cast<int>(r.get_bits(4)) + 1;
        r.get_bits(1);  // sequence_p
        std::int64_t lookup_values = 0;
        if (lookup_type == 1) {
            // lookup1_values() with stb_vorbis's own float arithmetic; each pow is converted to int.
            const int root = static_cast<int>(std::floor(
                std::exp(static_cast<float>(std::log(static_cast<float>(entries))) / static_cast<float>(dimensions))));
            const double up =
                std::pow(static_cast<double>(static_cast<float>(root) + 1), static_cast<double>(dimensions));
            if (!(up < kIntLimit))
                return corrupt(book, "has " + std::to_string(entries) + " entries in " + std::to_string(dimensions) +
                                         " dimensions");
            int values = root;
            if (static_cast<std::int64_t>(std::floor(up)) <= entries) ++values;
            const double up2 =
                std::pow(static_cast<double>(static_cast<float>(values) + 1), static_cast<double>(dimensions));
            if (up2 <= static_cast<double>(entries)) return {};
            const double at2 =
                std::pow(static_cast<double>(static_cast<float>(values)), static_cast<double>(dimensions));
            if (!(at2 < kIntLimit))
                return corrupt(book, "has " + std::to_string(entries) + " entries in " + std::to_string(dimensions) +
                                         " dimensions");
            if (static_cast<std::int64_t>(std::floor(at2)) > entries) return {};
            lookup_values = values;
        } else {
            lookup_values = entries * dimensions;
            if (lookup_values >= static_cast<std::int64_t>(kIntLimit))
                return corrupt(
                    book, "has " + std::to_string(entries) + " entries of " + std::to_string(dimensions) + " values");
        }
        if (lookup_values == 0 || static_cast<std::uint64_t>(lookup_values) * 2 > kMaxArenaBytes) return {};
        for (std::int64_t j = 0; j < lookup_values; ++j) r.get_bits(value_bits);
    }
    return {};
}

}  // namespace tide::core
