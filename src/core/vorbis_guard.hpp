// A check of Ogg Vorbis setup headers that stb_vorbis 1.22 (Debian 12's libstb-dev) would
// mishandle, run before stb_vorbis sees them (vorbis.cpp); stb_vorbis itself is used as shipped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "result.hpp"

namespace tide::core {

/// stb_vorbis 1.22 sizes each codebook's table of values with int arithmetic that a corrupt
/// setup header can push past 2^31, which is undefined behaviour (found by
/// tests/fuzz/fuzz_audio.cpp):
/// - lookup type 1: lookup1_values() converts floor(pow(r + 1, dimensions)) and
///   floor(pow(r, dimensions)) to int, with r = floor(entries^(1/dimensions));
/// - lookup type 2: entries * dimensions.
/// Reads the stream as stb_vorbis does (its page and segment walk in file order, the comment
/// header as it reads it, then the codebooks of the setup header bit by bit) and fails, with a
/// message, if a codebook it would reach is such a case; succeeds otherwise (also for streams
/// it refuses by itself before reaching one). Valid files never have one: libvorbis writes codebooks of
/// at most a few dimensions.
Status check_vorbis_setup(const std::uint8_t* bytes, std::size_t size);

}  // namespace tide::core
