// Building PNG files byte by byte for the decoder's tests: big-endian words, chunks with their
// CRC-32, and zlib streams of stored (uncompressed) blocks with their Adler-32. Written out
// here rather than taken from a library, so the tests do not share code with the decoder.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tide::test {

inline void put_be32(std::vector<std::uint8_t>& b, std::uint32_t v) {
    for (int i = 3; i >= 0; --i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

/// Appends a chunk: length, type, body and the CRC-32 of type and body.
inline void png_chunk(std::vector<std::uint8_t>& b, const char* type, const std::vector<std::uint8_t>& body) {
    put_be32(b, static_cast<std::uint32_t>(body.size()));
    const std::size_t start = b.size();
    b.insert(b.end(), type, type + 4);
    b.insert(b.end(), body.begin(), body.end());
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = start; i < b.size(); ++i) {
        c ^= b[i];
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    put_be32(b, c ^ 0xFFFFFFFFu);
}

/// A zlib stream of stored blocks (at most 65,535 bytes each) holding `raw`, then its Adler-32
/// plus `adler_error` (non-zero: a wrong checksum).
inline std::vector<std::uint8_t> zlib_stored(const std::vector<std::uint8_t>& raw, std::uint32_t adler_error = 0) {
    std::vector<std::uint8_t> z = {0x78, 0x01};
    std::size_t pos = 0;
    do {
        const std::size_t len = std::min<std::size_t>(65535, raw.size() - pos);
        z.push_back(pos + len == raw.size() ? 1 : 0);
        z.push_back(static_cast<std::uint8_t>(len));
        z.push_back(static_cast<std::uint8_t>(len >> 8));
        z.push_back(static_cast<std::uint8_t>(~len));
        z.push_back(static_cast<std::uint8_t>(~len >> 8));
        z.insert(z.end(), raw.begin() + static_cast<std::ptrdiff_t>(pos),
                 raw.begin() + static_cast<std::ptrdiff_t>(pos + len));
        pos += len;
    } while (pos < raw.size());
    std::uint32_t s1 = 1, s2 = 0;
    for (std::uint8_t v : raw) {
        s1 = (s1 + v) % 65521;
        s2 = (s2 + s1) % 65521;
    }
    put_be32(z, (s2 << 16 | s1) + adler_error);
    return z;
}

}  // namespace tide::test
