// Parsing and validating figure parameters given as text (from the URL hash or set()).
// Each returns success, or a message naming the key and the accepted range; `out` is changed
// only on success.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "corpus.hpp"

namespace tide::app {

core::Status parse_number(const std::string& key, const std::string& text, double min, double max, double& out);
core::Status parse_int(const std::string& key, const std::string& text, long long min, long long max, long long& out);
core::Status parse_bool(const std::string& key, const std::string& text, bool& out);
core::Status parse_seed(const std::string& key, const std::string& text, std::uint64_t& out);
core::Status parse_image(const std::string& key, const std::string& text, const Corpus& corpus, std::string& out);
/// 1..max_count corpus ids separated by commas.
core::Status parse_images(const std::string& key, const std::string& text, const Corpus& corpus, std::size_t max_count,
                          std::vector<std::string>& out);
/// The one message for a key the figure does not have; `known` lists its keys ("a, b, c").
core::Status unknown_key(const char* figure, const std::string& key, const std::string& known);

}  // namespace tide::app
