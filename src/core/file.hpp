// Reading a whole file into memory: the one way the core's clients (the CLI, the app) read
// images and sounds from disk before decode_image / decode_audio see their bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "result.hpp"

namespace tide::core {

/// Reads a whole file into memory. Errors, each starting with the path: missing, unreadable,
/// a directory, larger than max_bytes.
Result<std::vector<std::uint8_t>> read_file_bytes(const std::string& path, std::size_t max_bytes = 256u << 20);

}  // namespace tide::core
