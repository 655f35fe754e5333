// `tide noisy IMAGE --sigma S`: the spectrum of an image before and after adding Gaussian noise.
#include <cstdio>
#include <string>

#include "cli.hpp"
#include "core/noise.hpp"

namespace tide::cli {

namespace {

// A million times the image's range already drowns every frequency; far larger values would
// overflow the power spectrum (sigma^2 times the number of pixels).
constexpr double kMaxSigma = 1e6;

const char* const kHelp =
    "usage: tide noisy IMAGE --sigma S [--seed K] [image options]\n"
    "\n"
    "Adds Gaussian noise to the prepared image x0 (see 'tide rapsd --help'): x = x0 + S eps,\n"
    "eps = standard normal samples of the core's generator (the same numbers on every\n"
    "platform for a given seed), row-major, one per pixel. Prints CSV on stdout:\n"
    "  header 'freq,clean,noisy,expected', one row per radial bin including DC:\n"
    "  the RAPSD of x0, the RAPSD of x, and clean + S^2 (noise adds S^2 on average at every\n"
    "  frequency), numbers with 17 significant digits.\n"
    "\n"
    "options:\n"
    "  --sigma S      standard deviation of the noise, a finite number from 0 to 1e6 (required)\n"
    "  --seed K       the generator's seed, an integer from 0 to 2^64-1 (default 0)\n";

const char* const kHelpEnd =
    "  -h, --help     this help\n"
    "\n"
    "exit status: 0 on success, 1 if the image cannot be used, 2 for a bad command line\n";

}  // namespace

int run_noisy(CommandLine cl) {
    core::PrepareConfig cfg;
    double sigma = 0.0;
    bool have_sigma = false, have_path = false;
    std::uint64_t seed = 0;
    std::string path, arg;
    while (cl.next(arg)) {
        if (arg == "-h" || arg == "--help") {
            std::printf("%s%s%s", kHelp, kImageOptionsHelp, kHelpEnd);
            return 0;
        }
        const Parsed image_option = parse_image_option(cl, arg, cfg);
        if (image_option == Parsed::error) return kExitUsage;
        if (image_option == Parsed::yes) continue;
        if (arg == "--sigma") {
            if (!cl.finite("--sigma", 0.0, false, kMaxSigma, sigma)) return kExitUsage;
            have_sigma = true;
        } else if (arg == "--seed") {
            if (!cl.unsigned64("--seed", seed)) return kExitUsage;
        } else if (is_option(arg)) {
            return cl.fail("unknown option '" + arg + "'");
        } else if (have_path) {
            return cl.fail("one IMAGE at a time; got '" + path + "' and '" + arg + "'");
        } else {
            path = arg;
            have_path = true;
        }
    }
    if (!have_path) return cl.fail("noisy needs an IMAGE file");
    if (!have_sigma) return cl.fail("noisy needs --sigma S, the noise's standard deviation");
    if (!check_image_options(cl, cfg)) return kExitUsage;

    auto field = load_field(path, cfg);
    if (!field) return data_error(field.error());
    const core::Field& x0 = field.value();
    const core::Field eps = core::gaussian_noise(x0.rows, x0.cols, seed);
    core::Field x(x0.rows, x0.cols);
    for (std::size_t i = 0; i < x.size(); ++i) x.data[i] = x0.data[i] + sigma * eps.data[i];
    const core::Rapsd clean = core::rapsd(x0), noisy = core::rapsd(x);
    std::string out = "freq,clean,noisy,expected\n";
    for (std::size_t r = 0; r < clean.power.size(); ++r) {
        out += number(clean.freq[r]) + "," + number(clean.power[r]) + "," + number(noisy.power[r]) + "," +
               number(clean.power[r] + sigma * sigma) + "\n";
    }
    return write_stdout(out);
}

}  // namespace tide::cli
