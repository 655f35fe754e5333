// A repair of PNG files that stb_image 2.27 (Debian 12's libstb-dev) would mishandle, made
// before stb_image reads them (image.cpp); stb_image itself is used as shipped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tide::core {

/// stb_image 2.27 copies each IDAT chunk of a PNG into its buffer of compressed data with
/// memcpy, and allocates that buffer at the first IDAT chunk that holds anything: for an
/// empty IDAT chunk before it, the copy goes to a null pointer, which is undefined even for 0
/// bytes (found by tests/fuzz/fuzz_image.cpp). Empty IDAT chunks are valid and hold nothing.
/// Returns the file without the empty IDAT chunks that come before its first non-empty one,
/// if it has any; else an empty vector (the file goes to stb_image as it is). Chunks are
/// walked as stb_image walks them, up to IEND or the first chunk the file does not hold whole.
std::vector<std::uint8_t> png_without_leading_empty_idat(const std::uint8_t* bytes, std::size_t size);

}  // namespace tide::core
