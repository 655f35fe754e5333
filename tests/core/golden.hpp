// Reading the golden data that tests/reference/make_golden.py writes (TIDE_GOLDEN_DIR).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/field.hpp"
#include "core/image.hpp"

namespace tide::test {

inline std::string golden_path(const std::string& name) {
    return std::string(TIDE_GOLDEN_DIR) + "/" + name;
}

/// A grid file: "rows cols" then rows*cols numbers, row-major.
inline core::Field read_grid(const std::string& name) {
    std::ifstream in(golden_path(name));
    if (!in)
        throw std::runtime_error("cannot open golden file " + golden_path(name) +
                                 " (run tests/reference/make_golden.py)");
    core::Field f;
    in >> f.rows >> f.cols;
    f.data.resize(static_cast<std::size_t>(f.rows) * f.cols);
    for (double& v : f.data) in >> v;
    if (!in) throw std::runtime_error("truncated golden file " + golden_path(name));
    return f;
}

/// A file of whitespace-separated unsigned 64-bit integers (exact, unlike doubles).
inline std::vector<std::uint64_t> read_u64s(const std::string& name) {
    std::ifstream in(golden_path(name));
    if (!in)
        throw std::runtime_error("cannot open golden file " + golden_path(name) +
                                 " (run tests/reference/make_golden.py)");
    std::vector<std::uint64_t> out;
    for (std::uint64_t v; in >> v;) out.push_back(v);
    if (!in.eof()) throw std::runtime_error("bad integer in golden file " + golden_path(name));
    return out;
}

/// A golden grid's numbers as float samples, row-major (the audio functions take float clips).
inline std::vector<float> to_floats(const core::Field& f) {
    std::vector<float> out(f.data.size());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<float>(f.data[i]);
    return out;
}

/// A file in the repository's assets folder (TIDE_ASSETS_DIR), e.g. "images/kde_owl.png".
inline std::string asset_path(const std::string& name) {
    return std::string(TIDE_ASSETS_DIR) + "/" + name;
}

inline std::vector<std::uint8_t> read_bytes(const std::string& name) {
    auto bytes = core::read_file_bytes(golden_path(name));
    if (!bytes) throw std::runtime_error(bytes.error());
    return bytes.value();
}

/// max |a - b| / max(|b|) over the arrays (a relative error that is not fooled by zeros).
inline double max_rel_error(const std::vector<double>& a, const std::vector<double>& b) {
    double num = 0.0, den = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        num = std::max(num, std::abs(a[i] - b[i]));
        den = std::max(den, std::abs(b[i]));
    }
    return den > 0 ? num / den : num;
}

}  // namespace tide::test
