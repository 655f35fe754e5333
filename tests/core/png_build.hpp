// Building PNG files byte by byte for the decoder's tests: big-endian words, chunks with their
// CRC-32, and zlib streams of stored (uncompressed) blocks with their Adler-32. Written out
// here rather than taken from a library, so the tests do not share code with the decoder.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
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

/// PNG's filtered image data (specification, 7.3 and 9): for each row r of `rows` (height rows of
/// width x channels bytes, 8-bit samples), the filter type filters[r % filters.size()] (0 none,
/// 1 Sub, 2 Up, 3 Average, 4 Paeth), then each byte minus its prediction from the byte to its
/// left (a), above (b) and above-left (c), zeros outside the image. The Paeth predictor is
/// written as the specification gives it.
inline std::vector<std::uint8_t> filter_rows(const std::vector<std::vector<std::uint8_t>>& rows, int channels,
                                             const std::vector<int>& filters) {
    std::vector<std::uint8_t> raw;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const int f = filters[r % filters.size()];
        raw.push_back(static_cast<std::uint8_t>(f));
        const std::size_t n = rows[r].size(), left = static_cast<std::size_t>(channels);
        for (std::size_t k = 0; k < n; ++k) {
            const int a = k >= left ? rows[r][k - left] : 0;
            const int b = r > 0 ? rows[r - 1][k] : 0;
            const int c = r > 0 && k >= left ? rows[r - 1][k - left] : 0;
            const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
            const int paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            const int pred = f == 1 ? a : f == 2 ? b : f == 3 ? (a + b) / 2 : f == 4 ? paeth : 0;
            raw.push_back(static_cast<std::uint8_t>(rows[r][k] - pred));
        }
    }
    return raw;
}

}  // namespace tide::test
