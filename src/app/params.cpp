// Parameter parsing with messages a person can act on.
#include "params.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace tide::app {

namespace {

std::string trim(const std::string& s) {
    const auto a = s.find_first_not_of(" \t");
    if (a == std::string::npos) return {};
    return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

std::string range_text(double min, double max) {
    std::ostringstream o;
    o << min << " to " << max;
    return o.str();
}

}  // namespace

core::Status parse_number(const std::string& key, const std::string& text, double min, double max, double& out) {
    const std::string t = trim(text);
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v)) {
        return core::Status::failure(key + ": '" + text + "' is not a number (expected " + range_text(min, max) + ")");
    }
    if (v < min || v > max) {
        return core::Status::failure(key + ": " + t + " is out of range (expected " + range_text(min, max) + ")");
    }
    out = v;
    return {};
}

core::Status parse_int(const std::string& key, const std::string& text, long long min, long long max, long long& out) {
    const std::string t = trim(text);
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(t.c_str(), &end, 10);
    if (t.empty() || *end != '\0' || errno == ERANGE) {
        return core::Status::failure(key + ": '" + text + "' is not a whole number (expected " + std::to_string(min) +
                                     " to " + std::to_string(max) + ")");
    }
    if (v < min || v > max) {
        return core::Status::failure(key + ": " + t + " is out of range (expected " + std::to_string(min) + " to " +
                                     std::to_string(max) + ")");
    }
    out = v;
    return {};
}

core::Status parse_bool(const std::string& key, const std::string& text, bool& out) {
    const std::string t = trim(text);
    if (t == "1" || t == "true" || t == "on" || t == "yes") {
        out = true;
    } else if (t == "0" || t == "false" || t == "off" || t == "no") {
        out = false;
    } else {
        return core::Status::failure(key + ": '" + text + "' is not true or false");
    }
    return {};
}

core::Status parse_seed(const std::string& key, const std::string& text, std::uint64_t& out) {
    long long v = 0;
    core::Status status = parse_int(key, text, 0, 4294967295LL, v);
    if (status) out = static_cast<std::uint64_t>(v);
    return status;
}

core::Status parse_image(const std::string& key, const std::string& text, const Corpus& corpus, std::string& out) {
    const std::string t = trim(text);
    if (corpus.find(t) < 0) return core::Status::failure(key + ": no image '" + t + "' in the corpus");
    out = t;
    return {};
}

core::Status parse_images(const std::string& key, const std::string& text, const Corpus& corpus, std::size_t max_count,
                          std::vector<std::string>& out) {
    std::vector<std::string> ids;
    std::string item;
    std::istringstream in(text);
    while (std::getline(in, item, ',')) {
        item = trim(item);
        if (item.empty()) continue;
        if (corpus.find(item) < 0) return core::Status::failure(key + ": no image '" + item + "' in the corpus");
        ids.push_back(item);
    }
    if (ids.empty() || ids.size() > max_count) {
        return core::Status::failure(key + ": give 1 to " + std::to_string(max_count) +
                                     " image ids separated by commas");
    }
    for (std::size_t i = 0; i < ids.size() && i < out.size(); ++i) out[i] = ids[i];
    if (out.size() < ids.size()) out = ids;
    return {};
}

core::Status unknown_key(const char* figure, const std::string& key, const std::string& known) {
    return core::Status::failure("unknown parameter '" + key + "' for figure " + figure + " (known: " + known + ")");
}

}  // namespace tide::app
