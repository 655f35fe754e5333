// Parsing and validating figure parameters given as text (from the URL hash or set()).
// Each returns "" on success, or a message naming the key and the accepted range.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "corpus.hpp"

namespace tide::app {

std::string parse_number(const std::string& key, const std::string& text, double min, double max, double& out);
std::string parse_int(const std::string& key, const std::string& text, long long min, long long max, long long& out);
std::string parse_bool(const std::string& key, const std::string& text, bool& out);
std::string parse_seed(const std::string& key, const std::string& text, std::uint64_t& out);
std::string parse_image(const std::string& key, const std::string& text, const Corpus& corpus, std::string& out);
/// 1..max_count corpus ids separated by commas.
std::string parse_images(const std::string& key, const std::string& text, const Corpus& corpus,
                         std::size_t max_count, std::vector<std::string>& out);
std::string unknown_key(const char* figure, const std::string& key, const char* known);

}  // namespace tide::app
