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

/// The same into `bytes`, whose capacity is reused (a loop over many files allocates once):
/// on success bytes holds the file's bytes exactly; on failure its contents are unspecified.
/// The file's size (from the open file, fstat) sizes the buffer and one read() fills it; a file
/// that turns out longer than that size (one that grows, or a special file reporting 0) is read
/// on in 64 KiB steps, up to max_bytes. The same errors as read_file_bytes.
Status read_file_into(const std::string& path, std::vector<std::uint8_t>& bytes, std::size_t max_bytes = 256u << 20);

}  // namespace tide::core
