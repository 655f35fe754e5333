// tide: the command-line face of the spectral core, for scripting and for the tests.
// Prints CSV on stdout; every error is one line on stderr and a non-zero exit status.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/image.hpp"
#include "core/rapsd.hpp"

namespace {

namespace core = tide::core;

constexpr int kExitUsage = 2;  // bad command line
constexpr int kExitData = 1;   // input file could not be used

const char* const kMainHelp =
    "tide: spectral analysis of images, as in Spectral Tide.\n"
    "\n"
    "usage: tide COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  rapsd IMAGE   radially averaged power spectral density of a PNG or JPEG, as CSV\n"
    "\n"
    "options:\n"
    "  -h, --help    this help; 'tide COMMAND --help' explains a command\n"
    "  --version     print the version\n";

const char* const kRapsdHelp =
    "usage: tide rapsd IMAGE [--size N] [--scale pm1|unit|raw] [--channel green|gray] [--no-crop]\n"
    "\n"
    "Decodes IMAGE (PNG or JPEG), takes one channel, scales it, centre-crops it to the largest\n"
    "square and resizes that to N x N by exact area averaging, then prints its radially\n"
    "averaged power spectral density (pysteps' rapsd) as CSV on stdout:\n"
    "  header 'freq,power', one row per radial bin r = 0 .. ceil(L/2)-1 including DC,\n"
    "  freq = r/L in cycles per pixel (L = the field's longer side),\n"
    "  power = mean of |F|^2/(rows*cols) over the bin (standard Gaussian noise gives 1),\n"
    "  numbers with 17 significant digits.\n"
    "\n"
    "options:\n"
    "  --size N       side of the analysed square in pixels, 1..4096 (default 320, as in the\n"
    "                 essay); 0 keeps the cropped image's own size\n"
    "  --scale S      pm1: v/127.5-1 in [-1,1] (default); unit: v/255; raw: 0..255\n"
    "  --channel C    green: the G channel (default); gray: 0.299R+0.587G+0.114B\n"
    "  --no-crop      analyse the whole image, not square (needs --size 0)\n"
    "  -h, --help     this help\n"
    "\n"
    "exit status: 0 on success, 1 if the image cannot be used, 2 for a bad command line\n";

int usage_error(const std::string& message, const char* command) {
    std::fprintf(stderr, "tide: %s (see 'tide %s--help')\n", message.c_str(), command);
    return kExitUsage;
}

bool parse_int(const char* text, int& out) {
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || errno != 0 || v < -1000000000L || v > 1000000000L) return false;
    out = static_cast<int>(v);
    return true;
}

int run_rapsd(int argc, char** argv) {
    core::PrepareConfig cfg;
    std::string path;
    bool have_path = false;
    for (int i = 0; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        if (arg == "-h" || arg == "--help") {
            std::fputs(kRapsdHelp, stdout);
            return 0;
        } else if (arg == "--size") {
            const char* v = value();
            if (!v) return usage_error("--size needs a value", "rapsd ");
            if (!parse_int(v, cfg.size) || cfg.size < 0 || cfg.size > 4096) {
                return usage_error(std::string("--size must be an integer from 1 to 4096, or 0; got '") + v + "'", "rapsd ");
            }
        } else if (arg == "--scale") {
            const char* v = value();
            if (!v) return usage_error("--scale needs a value: pm1, unit or raw", "rapsd ");
            const std::string s = v;
            if (s == "pm1") cfg.scale = core::Scale::pm1;
            else if (s == "unit") cfg.scale = core::Scale::unit;
            else if (s == "raw") cfg.scale = core::Scale::raw;
            else return usage_error("--scale must be pm1, unit or raw; got '" + s + "'", "rapsd ");
        } else if (arg == "--channel") {
            const char* v = value();
            if (!v) return usage_error("--channel needs a value: green or gray", "rapsd ");
            const std::string s = v;
            if (s == "green") cfg.channel = core::Channel::green;
            else if (s == "gray" || s == "grey") cfg.channel = core::Channel::gray;
            else return usage_error("--channel must be green or gray; got '" + s + "'", "rapsd ");
        } else if (arg == "--no-crop") {
            cfg.crop_square = false;
        } else if (arg.size() > 1 && arg[0] == '-') {
            return usage_error("unknown option '" + arg + "'", "rapsd ");
        } else if (have_path) {
            return usage_error("one IMAGE at a time; got '" + path + "' and '" + arg + "'", "rapsd ");
        } else {
            path = arg;
            have_path = true;
        }
    }
    if (!have_path) return usage_error("rapsd needs an IMAGE file", "rapsd ");
    if (!cfg.crop_square && cfg.size != 0) {
        return usage_error("--no-crop keeps the image's own shape, so it needs --size 0", "rapsd ");
    }

    auto bytes = core::read_file_bytes(path);
    if (!bytes) {
        std::fprintf(stderr, "tide: %s\n", bytes.error().c_str());
        return kExitData;
    }
    auto field = core::prepare_field(bytes.value().data(), bytes.value().size(), cfg);
    if (!field) {
        std::fprintf(stderr, "tide: %s: %s\n", path.c_str(), field.error().c_str());
        return kExitData;
    }
    const core::Rapsd spectrum = core::rapsd(field.value());
    std::string out = "freq,power\n";
    char line[96];
    for (std::size_t r = 0; r < spectrum.power.size(); ++r) {
        std::snprintf(line, sizeof line, "%.17g,%.17g\n", spectrum.freq[r], spectrum.power[r]);
        out += line;
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : kExitData;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fputs(kMainHelp, stderr);
        return kExitUsage;
    }
    const std::string command = argv[1];
    if (command == "-h" || command == "--help" || command == "help") {
        std::fputs(kMainHelp, stdout);
        return 0;
    }
    if (command == "--version") {
        std::puts("tide " TIDE_VERSION);
        return 0;
    }
    if (command == "rapsd") return run_rapsd(argc - 2, argv + 2);
    return usage_error("unknown command '" + command + "'", "");
}
