// check_png_idat, png_without_leading_empty_idat: the chunks of a PNG as stb_image's
// stbi__parse_png_file reads them (length, type, body, CRC): IDAT lengths checked against
// the file, and the empty IDAT chunks before the data left out.
#include "png_guard.hpp"

#include <cstring>

namespace tide::core {

namespace {

std::uint32_t be32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
           static_cast<std::uint32_t>(p[2]) << 8 | static_cast<std::uint32_t>(p[3]);
}

bool is_png(const std::uint8_t* bytes, std::size_t size) {
    static const std::uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    return size >= 8 && std::memcmp(bytes, kSignature, 8) == 0;
}

}  // namespace

Status check_png_idat(const std::uint8_t* bytes, std::size_t size) {
    if (!is_png(bytes, size)) return {};
    for (std::size_t pos = 8; size - pos >= 8;) {
        const std::uint64_t length = be32(bytes + pos), left = size - pos - 8;
        const std::uint8_t* type = bytes + pos + 4;
        if (length > left) {
            if (std::memcmp(type, "IDAT", 4) != 0) return {};  // stb_image stops at its end
            return Status::failure("the image data is corrupt or truncated (a PNG IDAT chunk says " +
                                   std::to_string(length) + " bytes; the file holds " + std::to_string(left) +
                                   " more)");
        }
        if (std::memcmp(type, "IEND", 4) == 0) return {};
        pos += 8 + static_cast<std::size_t>(length) + 4;  // body and CRC
        if (pos > size) return {};
    }
    return {};
}

std::vector<std::uint8_t> png_without_leading_empty_idat(const std::uint8_t* bytes, std::size_t size) {
    if (!is_png(bytes, size)) return {};
    std::vector<std::size_t> empty;  // offsets of the empty IDAT chunks before the data
    for (std::size_t pos = 8; size - pos >= 12;) {
        const std::uint64_t length = be32(bytes + pos);
        if (length > size - pos - 12) break;
        const std::uint8_t* type = bytes + pos + 4;
        if (std::memcmp(type, "IDAT", 4) == 0) {
            if (length > 0) break;  // the data starts: stb_image has its buffer from here on
            empty.push_back(pos);
        }
        if (std::memcmp(type, "IEND", 4) == 0) break;
        pos += 12 + static_cast<std::size_t>(length);
    }
    if (empty.empty()) return {};
    std::vector<std::uint8_t> out;
    out.reserve(size - 12 * empty.size());
    std::size_t from = 0;
    for (std::size_t pos : empty) {
        out.insert(out.end(), bytes + from, bytes + pos);
        from = pos + 12;
    }
    out.insert(out.end(), bytes + from, bytes + size);
    return out;
}

}  // namespace tide::core
