// `tide rapsd IMAGE`: the radially averaged power spectral density of one image.
#include <cstdio>
#include <string>

#include "cli.hpp"

namespace tide::cli {

namespace {

const char* const kHelp =
    "usage: tide rapsd IMAGE [--size N] [--scale pm1|unit|raw] [--channel green|gray] [--no-crop]\n"
    "\n"
    "Decodes IMAGE (PNG, JPEG, GIF, BMP or TGA; see 'tide --help' for the sizes accepted),\n"
    "takes one channel, scales it, centre-crops it to the largest square (a 4000x8 image\n"
    "gives 8x8) and resizes that to N x N by exact area averaging, then prints its radially\n"
    "averaged power spectral density (pysteps' rapsd) as CSV on stdout:\n"
    "  header 'freq,power', one row per radial bin r = 0 .. ceil(L/2)-1 including DC,\n"
    "  freq = r/L in cycles per pixel (L = the field's longer side),\n"
    "  power = mean of |F|^2/(rows*cols) over the bin (standard Gaussian noise gives 1),\n"
    "  numbers with 17 significant digits.\n"
    "\n"
    "options:\n";

const char* const kHelpEnd =
    "  -h, --help     this help\n"
    "\n"
    "exit status: 0 on success, 1 if the image cannot be used, 2 for a bad command line\n";

}  // namespace

int run_rapsd(CommandLine cl) {
    core::PrepareConfig cfg;
    std::string path, arg;
    bool have_path = false;
    while (cl.next(arg)) {
        if (arg == "-h" || arg == "--help") {
            std::printf("%s%s%s", kHelp, kImageOptionsHelp, kHelpEnd);
            return 0;
        }
        const Parsed image_option = parse_image_option(cl, arg, cfg);
        if (image_option == Parsed::error) return kExitUsage;
        if (image_option == Parsed::yes) continue;
        if (is_option(arg)) return cl.fail("unknown option '" + arg + "'");
        if (have_path) return cl.fail("one IMAGE at a time; got '" + path + "' and '" + arg + "'");
        path = arg;
        have_path = true;
    }
    if (!have_path) return cl.fail("rapsd needs an IMAGE file");
    if (!check_image_options(cl, cfg)) return kExitUsage;

    auto field = load_field(path, cfg);
    if (!field) return data_error(field.error());
    const core::Rapsd spectrum = core::rapsd(field.value());
    std::string out = "freq,power\n";
    for (std::size_t r = 0; r < spectrum.power.size(); ++r)
        out += number(spectrum.freq[r]) + "," + number(spectrum.power[r]) + "\n";
    return write_stdout(out);
}

}  // namespace tide::cli
