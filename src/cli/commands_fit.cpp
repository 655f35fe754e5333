// `tide fit PATH...`: the power law P(f) = 10^intercept f^-alpha of images' mean spectrum.
#include <cstdio>
#include <string>
#include <vector>

#include "cli.hpp"
#include "core/powerlaw.hpp"

namespace tide::cli {

namespace {

const char* const kHelp =
    "usage: tide fit PATH... [--raw-bins] [--size N] [--scale S] [--channel C] [--no-crop]\n"
    "                [--jobs N] [--progress]\n"
    "       tide fit --curve PATH... [image options] [--jobs N] [--progress]\n"
    "\n"
    "Fits a power law P(f) = 10^intercept * f^-alpha to the mean spectrum of the images, as the\n"
    "essay does for its corpus. Each PATH is an image file (see 'tide --help'), or a folder:\n"
    "its .png, .jpg, .jpeg, .gif, .bmp and .tga files (not recursing, sorted by name). Every\n"
    "image is prepared as by 'tide rapsd'; the mean spectrum is the mean of log10 of their\n"
    "RAPSDs (a geometric mean).\n"
    "The fit is a least-squares line through (log10 f, log10 power) without DC, resampled\n"
    "onto 100 points evenly spaced in log10 f (so each decade counts the same) unless\n"
    "--raw-bins. Prints CSV on stdout, numbers with 17 significant digits:\n"
    "  header 'alpha,intercept,n_images' and one row (alpha = minus the slope; intercept =\n"
    "  log10 power at f = 1 cycle/pixel);\n"
    "  with --curve instead the mean spectrum: header 'freq,log10_power', one row per radial\n"
    "  bin r = 1 .. ceil(L/2)-1 (DC removed), freq = r/L cycles/pixel.\n"
    "\n"
    "options:\n"
    "  --raw-bins     fit the radial bins themselves (denser at high frequencies)\n"
    "  --curve        print the mean spectrum, not the fit\n";

const char* const kHelpEnd =
    "  -h, --help     this help\n"
    "\n"
    "exit status: 0 on success, 1 if an image cannot be used (the message names it) or the\n"
    "spectrum cannot be fitted, 2 for a bad command line\n";

}  // namespace

int run_fit(CommandLine cl) {
    core::PrepareConfig cfg;
    RunOptions run;
    run.jobs = default_jobs();
    bool raw_bins = false, curve = false;
    std::vector<std::string> paths;
    std::string arg;
    while (cl.next(arg)) {
        if (arg == "-h" || arg == "--help") {
            std::printf("%s%s%s%s", kHelp, kImageOptionsHelp, kRunOptionsHelp, kHelpEnd);
            return 0;
        }
        const Parsed image_option = parse_image_option(cl, arg, cfg);
        if (image_option == Parsed::error) return kExitUsage;
        if (image_option == Parsed::yes) continue;
        const Parsed run_option = parse_run_option(cl, arg, run);
        if (run_option == Parsed::error) return kExitUsage;
        if (run_option == Parsed::yes) continue;
        if (arg == "--raw-bins")
            raw_bins = true;
        else if (arg == "--curve")
            curve = true;
        else if (is_option(arg))
            return cl.fail("unknown option '" + arg + "'");
        else
            paths.push_back(arg);
    }
    if (paths.empty()) return cl.fail("fit needs at least one IMAGE file or folder");
    if (!check_image_options(cl, cfg)) return kExitUsage;
    if (curve && raw_bins) return cl.fail("--raw-bins chooses how to fit; --curve prints the spectrum unfitted");
    if (!curve && cfg.size >= 1 && cfg.size < 5) {
        return cl.fail("a fit needs two frequencies above DC, so --size must be at least 5; got " +
                       std::to_string(cfg.size));
    }

    auto mean = mean_spectrum(paths, cfg, run);
    if (!mean) return data_error(mean.error());
    const MeanSpectrum& m = mean.value();
    if (curve) {
        std::string out = "freq,log10_power\n";
        for (std::size_t r = 1; r < m.freq.size(); ++r)
            out += number(m.freq[r]) + "," + number(m.log10_power[r]) + "\n";
        return write_stdout(out);
    }
    auto fit = core::fit_spectrum(m.freq, m.log10_power, !raw_bins);
    if (!fit) return data_error(fit.error());
    return write_stdout("alpha,intercept,n_images\n" + number(fit.value().alpha) + "," + number(fit.value().intercept) +
                        "," + std::to_string(m.n_images) + "\n");
}

}  // namespace tide::cli
