// JSON writing for figure state.
#include <cmath>
#include <cstdio>

#include "figure.hpp"

namespace tide::app {

std::string json_quote(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

void StateWriter::add_raw(const std::string& key, const std::string& json_value, bool parameter) {
    const std::string item = json_quote(key) + ":" + json_value;
    body_ += (body_.empty() ? "" : ",") + item;
    if (parameter) params_ += (params_.empty() ? "" : ",") + item;
}

void StateWriter::add_string(const std::string& key, const std::string& value) {
    add_raw(key, json_quote(value));
}

namespace {

std::string json_number(double value) {
    if (!std::isfinite(value)) return "null";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", value);
    return buf;
}

}  // namespace

void StateWriter::add_number(const std::string& key, double value) {
    add_raw(key, json_number(value));
}

void StateWriter::add_readout(const std::string& key, double value) {
    add_raw(key, json_number(value), false);
}

void StateWriter::add_readout(const std::string& key, const std::string& value) {
    add_raw(key, json_quote(value), false);
}

void StateWriter::add_bool(const std::string& key, bool value) {
    add_raw(key, value ? "true" : "false");
}

void StateWriter::add_strings(const std::string& key, const std::vector<std::string>& values) {
    std::string arr = "[";
    for (std::size_t i = 0; i < values.size(); ++i) arr += (i ? "," : "") + json_quote(values[i]);
    add_raw(key, arr + "]");
}

}  // namespace tide::app
