// Reading `tide` command lines: option values with their checks, and the image options that
// every command shares with `tide rapsd`.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "cli.hpp"

namespace tide::cli {

namespace {

bool parse_long(const char* text, long min, long max, long& out) {
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || errno != 0 || v < min || v > max) return false;
    out = v;
    return true;
}

}  // namespace

const char* const kImageOptionsHelp =
    "  --size N       side of the analysed square in pixels, 1..4096 (default 320, as in the\n"
    "                 essay); 0 keeps the cropped image's own size\n"
    "  --scale S      pm1: v/127.5-1 in [-1,1] (default); unit: v/255; raw: 0..255\n"
    "  --channel C    green: the G channel (default); gray: 0.299R+0.587G+0.114B\n"
    "  --no-crop      analyse the whole image, not square (needs --size 0)\n";

const char* const kRunOptionsHelp =
    "  --jobs N       images read and analysed at once, on N threads, 1..256 (default: the\n"
    "                 number of cores); 1 analyses them one after another while a second\n"
    "                 thread reads the next few files ahead. The output is the same\n"
    "                 for every N. The WebAssembly build has no threads: it accepts --jobs and\n"
    "                 reads the images one after another\n"
    "  --progress     report progress on stderr ('tide: 250/1000 images (412 images/s)', at\n"
    "                 most 5 times a second) and a summary line at the end; the default when\n"
    "                 stderr is a terminal. Otherwise nothing is written on stderr but errors\n";

Parsed parse_run_option(CommandLine& cl, const std::string& arg, RunOptions& run) {
    if (arg == "--jobs") {
        if (!cl.integer("--jobs", 1, 256, run.jobs)) return Parsed::error;
    } else if (arg == "--progress") {
        run.progress = true;
    } else {
        return Parsed::no;
    }
    return Parsed::yes;
}

int data_error(const std::string& message) {
    std::fprintf(stderr, "tide: %s\n", message.c_str());
    return kExitData;
}

void warning(const std::string& message) {
    std::fprintf(stderr, "tide: warning: %s\n", message.c_str());
}

CommandLine::CommandLine(std::string command, int argc, char** argv)
    : command_(std::move(command)), argc_(argc), argv_(argv) {}

bool CommandLine::next(std::string& arg) {
    if (next_ >= argc_) return false;
    arg = argv_[next_++];
    return true;
}

int CommandLine::fail(const std::string& message) const {
    std::fprintf(stderr, "tide: %s (see 'tide %s%s--help')\n", message.c_str(), command_.c_str(),
                 command_.empty() ? "" : " ");
    return kExitUsage;
}

bool CommandLine::text(const std::string& option, const char* expected, std::string& out) {
    if (next_ >= argc_) {
        fail(option + " needs a value" + (expected && *expected ? std::string(": ") + expected : ""));
        return false;
    }
    out = argv_[next_++];
    return true;
}

bool CommandLine::integer(const std::string& option, int min, int max, int& out) {
    std::string v;
    if (!text(option, "", v)) return false;
    long parsed = 0;
    if (!parse_long(v.c_str(), min, max, parsed)) {
        fail(option + " must be an integer from " + std::to_string(min) + " to " + std::to_string(max) + "; got '" + v +
             "'");
        return false;
    }
    out = static_cast<int>(parsed);
    return true;
}

bool CommandLine::unsigned64(const std::string& option, std::uint64_t& out) {
    std::string v;
    if (!text(option, "", v)) return false;
    // strtoull accepts a sign (and wraps "-1" around): digits only.
    const bool digits = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
    char* end = nullptr;
    errno = 0;
    const unsigned long long parsed = digits ? std::strtoull(v.c_str(), &end, 10) : 0;
    if (!digits || errno != 0 || *end != '\0') {
        fail(option + " must be an integer from 0 to 18446744073709551615; got '" + v + "'");
        return false;
    }
    out = parsed;
    return true;
}

bool CommandLine::finite(const std::string& option, double min, bool strictly, double max, double& out) {
    std::string v;
    if (!text(option, "", v)) return false;
    char* end = nullptr;
    errno = 0;
    const double parsed = std::strtod(v.c_str(), &end);
    const bool ok =
        end != v.c_str() && *end == '\0' && std::isfinite(parsed) && (strictly ? parsed > min : parsed >= min);
    char bound[32];
    if (!ok) {
        std::snprintf(bound, sizeof bound, "%g", min);
        fail(option + " must be a finite number " + (strictly ? "> " : ">= ") + bound + "; got '" + v + "'");
        return false;
    }
    if (parsed > max) {
        std::snprintf(bound, sizeof bound, "%g", max);
        fail(option + " must be at most " + bound + "; got '" + v + "'");
        return false;
    }
    out = parsed;
    return true;
}

bool is_option(const std::string& arg) {
    return arg.size() > 1 && arg[0] == '-';
}

Parsed parse_image_option(CommandLine& cl, const std::string& arg, core::PrepareConfig& cfg) {
    if (arg == "--size") {
        std::string v;
        long size = 0;
        if (!cl.text("--size", "", v)) return Parsed::error;
        if (!parse_long(v.c_str(), 0, 4096, size)) {
            cl.fail("--size must be an integer from 1 to 4096, or 0; got '" + v + "'");
            return Parsed::error;
        }
        cfg.size = static_cast<int>(size);
    } else if (arg == "--scale") {
        std::string s;
        if (!cl.text("--scale", "pm1, unit or raw", s)) return Parsed::error;
        if (s == "pm1")
            cfg.scale = core::Scale::pm1;
        else if (s == "unit")
            cfg.scale = core::Scale::unit;
        else if (s == "raw")
            cfg.scale = core::Scale::raw;
        else {
            cl.fail("--scale must be pm1, unit or raw; got '" + s + "'");
            return Parsed::error;
        }
    } else if (arg == "--channel") {
        std::string s;
        if (!cl.text("--channel", "green or gray", s)) return Parsed::error;
        if (s == "green")
            cfg.channel = core::Channel::green;
        else if (s == "gray" || s == "grey")
            cfg.channel = core::Channel::gray;
        else {
            cl.fail("--channel must be green or gray; got '" + s + "'");
            return Parsed::error;
        }
    } else if (arg == "--no-crop") {
        cfg.crop_square = false;
    } else {
        return Parsed::no;
    }
    return Parsed::yes;
}

bool check_image_options(const CommandLine& cl, const core::PrepareConfig& cfg) {
    if (!cfg.crop_square && cfg.size != 0) {
        cl.fail("--no-crop keeps the image's own shape, so it needs --size 0");
        return false;
    }
    return true;
}

}  // namespace tide::cli
