// Turning PATH arguments into analysed images (files and folders), their mean spectrum, and
// writing CSV.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "cli.hpp"
#include "core/powerlaw.hpp"

namespace tide::cli {

namespace {

namespace fs = std::filesystem;

bool has_image_extension(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

std::string shape_of(const core::Field& f) { return std::to_string(f.cols) + "x" + std::to_string(f.rows); }

}  // namespace

core::Result<core::Field> load_field(const std::string& path, const core::PrepareConfig& cfg) {
    using R = core::Result<core::Field>;
    auto bytes = core::read_file_bytes(path);
    if (!bytes) return R::failure(bytes.error());  // the message starts with the path
    auto field = core::prepare_field(bytes.value().data(), bytes.value().size(), cfg);
    if (!field) return R::failure(path + ": " + field.error());
    return field;
}

core::Result<std::vector<std::string>> expand_image_paths(const std::vector<std::string>& paths) {
    using R = core::Result<std::vector<std::string>>;
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (!fs::is_directory(path, ec)) {
            files.push_back(path);  // missing or unreadable files are reported when read
            continue;
        }
        std::vector<std::string> found;
        for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
            std::error_code type_ec;
            if (has_image_extension(it->path()) && !it->is_directory(type_ec)) found.push_back(it->path().string());
        }
        if (ec) return R::failure(path + ": cannot list the folder (" + ec.message() + ")");
        if (found.empty()) return R::failure(path + ": the folder has no .png, .jpg or .jpeg files");
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

core::Result<MeanSpectrum> mean_spectrum(const std::vector<std::string>& paths, const core::PrepareConfig& cfg) {
    using R = core::Result<MeanSpectrum>;
    auto files = expand_image_paths(paths);
    if (!files) return R::failure(files.error());
    std::vector<std::vector<double>> powers;
    MeanSpectrum out;
    std::string first_path, first_shape;
    for (const std::string& path : files.value()) {
        auto field = load_field(path, cfg);
        if (!field) return R::failure(field.error());
        const std::string shape = shape_of(field.value());
        if (powers.empty()) {
            first_path = path;
            first_shape = shape;
        } else if (shape != first_shape) {
            return R::failure(path + ": analysed at " + shape + " pixels but " + first_path + " at " + first_shape +
                              "; averaging spectra needs one size (use --size N)");
        }
        core::Rapsd r = core::rapsd(field.value());
        if (out.freq.empty()) out.freq = r.freq;
        powers.push_back(std::move(r.power));
    }
    out.log10_power = core::mean_log10(powers);
    out.n_images = static_cast<int>(powers.size());
    return out;
}

std::string number(double v) {
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", v);
    return text;
}

int write_stdout(const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : kExitData;
}

}  // namespace tide::cli
