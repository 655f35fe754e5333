// `tide slices IMAGE`: the power spectrum along rays from its centre, at evenly spaced angles.
#include <cstdio>
#include <string>

#include "cli.hpp"
#include "core/slices.hpp"
#include "core/spectrum.hpp"

namespace tide::cli {

namespace {

const char* const kHelp =
    "usage: tide slices IMAGE [--angles N] [image options]\n"
    "\n"
    "Samples the centred power spectrum |F|^2/(rows*cols) of the prepared image (see\n"
    "'tide rapsd --help') along N rays from DC, at angles k*360/N degrees, k = 0..N-1,\n"
    "counter-clockwise from the +kx axis with +ky up, at radii r = 1 .. min(rows,cols)/2 - 1\n"
    "wavenumbers, by bilinear interpolation. The RAPSD is, roughly, the mean over all angles.\n"
    "Prints CSV on stdout: header 'angle_deg,freq,power', one row per sample of each slice,\n"
    "freq = r / max(rows, cols) cycles/pixel, numbers with 17 significant digits.\n"
    "\n"
    "options:\n"
    "  --angles N     number of slices, 1..3600 (default 60)\n";

const char* const kHelpEnd =
    "  -h, --help     this help\n"
    "\n"
    "exit status: 0 on success, 1 if the image cannot be used, 2 for a bad command line\n";

}  // namespace

int run_slices(CommandLine cl) {
    core::PrepareConfig cfg;
    int angles = 60;
    bool have_path = false;
    std::string path, arg;
    while (cl.next(arg)) {
        if (arg == "-h" || arg == "--help") {
            std::printf("%s%s%s", kHelp, kImageOptionsHelp, kHelpEnd);
            return 0;
        }
        const Parsed image_option = parse_image_option(cl, arg, cfg);
        if (image_option == Parsed::error) return kExitUsage;
        if (image_option == Parsed::yes) continue;
        if (arg == "--angles") {
            if (!cl.integer("--angles", 1, 3600, angles)) return kExitUsage;
        } else if (is_option(arg)) {
            return cl.fail("unknown option '" + arg + "'");
        } else if (have_path) {
            return cl.fail("one IMAGE at a time; got '" + path + "' and '" + arg + "'");
        } else {
            path = arg;
            have_path = true;
        }
    }
    if (!have_path) return cl.fail("slices needs an IMAGE file");
    if (!check_image_options(cl, cfg)) return kExitUsage;
    if (cfg.size >= 1 && cfg.size < 4) {
        return cl.fail("slices need a spectrum of at least 4x4, so --size must be at least 4; got " +
                       std::to_string(cfg.size));
    }

    auto field = load_field(path, cfg);
    if (!field) return data_error(field.error());
    const core::Field shifted = core::fftshift(core::power_spectrum(core::fft2(field.value())));
    std::string out = "angle_deg,freq,power\n";
    for (const core::Slice& s : core::spectrum_slices(shifted, angles)) {
        const std::string angle = number(s.angle_deg) + ",";
        for (std::size_t i = 0; i < s.power.size(); ++i)
            out += angle + number(s.freq[i]) + "," + number(s.power[i]) + "\n";
    }
    return write_stdout(out);
}

}  // namespace tide::cli
