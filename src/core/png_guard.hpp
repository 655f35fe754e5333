// A check and a repair of PNG files that stb_image 2.27 (Debian 12's libstb-dev) would
// mishandle, made before stb_image reads them (image.cpp); stb_image itself is used as shipped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "result.hpp"

namespace tide::core {

/// stb_image 2.27 grows its buffer of compressed data to the length an IDAT chunk's header
/// gives (doubling from 4 KiB) before it reads the chunk: a corrupt length made it ask for
/// 2 GiB for a file of 359 bytes (found by tests/fuzz/fuzz_image.cpp). Walks the chunks as
/// stb_image does (length, type, body, CRC, up to IEND) and fails, with a message, if an IDAT
/// chunk runs past the end of the file (stb_image would then fail anyway, after allocating).
Status check_png_idat(const std::uint8_t* bytes, std::size_t size);

/// stb_image 2.27 copies each IDAT chunk of a PNG into its buffer of compressed data with
/// memcpy, and allocates that buffer at the first IDAT chunk that holds anything: for an
/// empty IDAT chunk before it, the copy goes to a null pointer, which is undefined even for 0
/// bytes (found by tests/fuzz/fuzz_image.cpp). Empty IDAT chunks are valid and hold nothing.
/// Returns the file without the empty IDAT chunks that come before its first non-empty one,
/// if it has any; else an empty vector (the file goes to stb_image as it is). Chunks are
/// walked as stb_image walks them, up to IEND or the first chunk the file does not hold whole.
std::vector<std::uint8_t> png_without_leading_empty_idat(const std::uint8_t* bytes, std::size_t size);

}  // namespace tide::core
