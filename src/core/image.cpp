// Image decoding (stb_image, the only includer), channel extraction, crop and resize.
#include "image.hpp"

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <sys/stat.h>

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_NO_STDIO
#define STBI_FAILURE_USERMSG
#include <stb_image.h>

namespace tide::core {

namespace {

std::string describe_size(int w, int h) {
    return std::to_string(w) + "x" + std::to_string(h) + " pixels";
}

}  // namespace

Result<RgbImage> decode_image(const std::uint8_t* bytes, std::size_t size,
                              const DecodeLimits& limits) {
    using R = Result<RgbImage>;
    if (size == 0) return R::failure("the file is empty");
    if (size > static_cast<std::size_t>(INT32_MAX)) return R::failure("the file is larger than 2 GiB");
    const auto* buf = reinterpret_cast<const stbi_uc*>(bytes);
    const int len = static_cast<int>(size);

    int w = 0, h = 0, comp = 0;
    if (!stbi_info_from_memory(buf, len, &w, &h, &comp)) {
        return R::failure(std::string("not a PNG or JPEG image, or its header is corrupt (") +
                          stbi_failure_reason() + ")");
    }
    if (w > limits.max_side_px || h > limits.max_side_px ||
        static_cast<long long>(w) * h > limits.max_pixels) {
        return R::failure("the image is " + describe_size(w, h) + "; at most " +
                          std::to_string(limits.max_side_px) + " per side and " +
                          std::to_string(limits.max_pixels / (1024 * 1024)) +
                          " Mpixels are accepted");
    }
    if (w < limits.min_side_px || h < limits.min_side_px) {
        return R::failure("the image is " + describe_size(w, h) + "; need at least " +
                          std::to_string(limits.min_side_px) + "x" +
                          std::to_string(limits.min_side_px));
    }

    std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
        stbi_load_from_memory(buf, len, &w, &h, &comp, 3), stbi_image_free);
    if (!pixels) {
        return R::failure(std::string("the image data is corrupt or truncated (") +
                          stbi_failure_reason() + ")");
    }
    RgbImage out;
    out.width = w;
    out.height = h;
    out.rgb.assign(pixels.get(), pixels.get() + static_cast<std::size_t>(w) * h * 3);
    return out;
}

Field image_channel(const RgbImage& image, Channel channel, Scale scale) {
    Field f(image.height, image.width);
    const std::uint8_t* p = image.rgb.data();
    for (std::size_t i = 0; i < f.size(); ++i, p += 3) {
        double v = channel == Channel::green
                       ? static_cast<double>(p[1])
                       : 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
        switch (scale) {
            case Scale::pm1: v = v / 127.5 - 1.0; break;
            case Scale::unit: v = v / 255.0; break;
            case Scale::raw: break;
        }
        f.data[i] = v;
    }
    return f;
}

Field crop_center_square(const Field& field) {
    const int s = std::min(field.rows, field.cols);
    const int r0 = (field.rows - s) / 2;
    const int c0 = (field.cols - s) / 2;
    Field out(s, s);
    for (int r = 0; r < s; ++r) {
        std::copy_n(&field.at(r0 + r, c0), s, &out.at(r, 0));
    }
    return out;
}

namespace {

/// Sparse weights of a 1-D exact area-average from n to m samples: output j is
/// sum over taps of weight * input[index]. With all coordinates multiplied by n*m the
/// interval ends j*n and input pixel edges i*m are integers, so each overlap is exact.
struct Taps {
    std::vector<int> first;       // first input index of output j
    std::vector<int> count;       // number of inputs of output j
    std::vector<double> weights;  // concatenated, count[j] per output
};

Taps area_taps(int n, int m) {
    assert(n >= 1 && m >= 1);
    Taps t;
    t.first.resize(m);
    t.count.resize(m);
    for (int j = 0; j < m; ++j) {
        const long long a = static_cast<long long>(j) * n;        // interval [a, b) in units 1/m
        const long long b = static_cast<long long>(j + 1) * n;
        const int i0 = static_cast<int>(a / m);
        const int i1 = static_cast<int>((b + m - 1) / m);          // exclusive
        t.first[j] = i0;
        t.count[j] = i1 - i0;
        for (int i = i0; i < i1; ++i) {
            const long long lo = std::max(a, static_cast<long long>(i) * m);
            const long long hi = std::min(b, static_cast<long long>(i + 1) * m);
            // overlap (hi-lo)/m pixels, divided by s = n/m.
            t.weights.push_back(static_cast<double>(hi - lo) / static_cast<double>(n));
        }
    }
    return t;
}

}  // namespace

Field resize_area(const Field& field, int out_rows, int out_cols) {
    assert(out_rows >= 1 && out_cols >= 1 && field.rows >= 1 && field.cols >= 1);
    const Taps tc = area_taps(field.cols, out_cols);
    const Taps tr = area_taps(field.rows, out_rows);

    Field tmp(field.rows, out_cols);  // columns first
    for (int r = 0; r < field.rows; ++r) {
        const double* in = &field.at(r, 0);
        std::size_t k = 0;
        for (int j = 0; j < out_cols; ++j) {
            double acc = 0.0;
            for (int q = 0; q < tc.count[j]; ++q) acc += tc.weights[k++] * in[tc.first[j] + q];
            tmp.at(r, j) = acc;
        }
    }
    Field out(out_rows, out_cols);
    std::size_t k = 0;
    for (int j = 0; j < out_rows; ++j) {
        double* o = &out.at(j, 0);
        for (int q = 0; q < tr.count[j]; ++q, ++k) {
            const double w = tr.weights[k];
            const double* in = &tmp.at(tr.first[j] + q, 0);
            for (int c = 0; c < out_cols; ++c) o[c] += w * in[c];
        }
    }
    return out;
}

Result<Field> prepare_field(const std::uint8_t* bytes, std::size_t n, const PrepareConfig& cfg) {
    using R = Result<Field>;
    if (cfg.size < 0 || cfg.size > 4096) {
        return R::failure("size must be between 1 and 4096 pixels (or 0 to keep the image's size), got " +
                          std::to_string(cfg.size));
    }
    auto image = decode_image(bytes, n);
    if (!image) return R::failure(image.error());
    Field f = image_channel(image.value(), cfg.channel, cfg.scale);
    if (cfg.crop_square) f = crop_center_square(f);
    if (cfg.size > 0) {
        if (f.rows != f.cols) {
            return R::failure("resizing needs a square field: crop it first or keep its size (size 0)");
        }
        if (f.rows != cfg.size) f = resize_area(f, cfg.size, cfg.size);
    }
    return f;
}

Result<std::vector<std::uint8_t>> read_file_bytes(const std::string& path, std::size_t max_bytes) {
    using R = Result<std::vector<std::uint8_t>>;
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) {
        return R::failure(path + ": " + std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) return R::failure(path + ": is a directory, not a file");
    if (static_cast<unsigned long long>(st.st_size) > max_bytes) {
        return R::failure(path + ": the file is " + std::to_string(st.st_size >> 20) +
                          " MiB; at most " + std::to_string(max_bytes >> 20) + " MiB are accepted");
    }
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
    if (!file) return R::failure(path + ": " + std::strerror(errno));
    std::vector<std::uint8_t> bytes;
    std::uint8_t chunk[1 << 16];
    std::size_t got = 0;
    while ((got = std::fread(chunk, 1, sizeof chunk, file.get())) > 0) {
        bytes.insert(bytes.end(), chunk, chunk + got);
        if (bytes.size() > max_bytes) {
            return R::failure(path + ": the file is larger than " + std::to_string(max_bytes >> 20) + " MiB");
        }
    }
    if (std::ferror(file.get())) return R::failure(path + ": read error");
    return bytes;
}

}  // namespace tide::core
