// `tide fmax PATH...`: the highest frequency still above the noise, along a noise schedule.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "cli.hpp"
#include "core/schedule.hpp"

namespace tide::cli {

namespace {

constexpr double kMaxTau = 1e12;  // 120 dB above the noise: beyond any spectrum's range

const char* const kHelp =
    "usage: tide fmax PATH... [--tau T] [--schedule rf|cosine|sd3|edm|simple] [--shift S]\n"
    "                 [--steps N] [image options] [--jobs N] [--progress]\n"
    "\n"
    "For x_t = alpha(t) x0 + sigma(t) eps, the highest frequency at which the images' mean\n"
    "spectrum P stays above the noise: the largest radial-bin frequency f (DC excluded) with\n"
    "P(f) > tau * (sigma/alpha)^2, or 0 if there is none, at t = j/(N+1), j = 1..N. P is the\n"
    "geometric mean of the images' RAPSDs (10^ the mean of log10, as 'tide fit --curve');\n"
    "each PATH is an image file or a folder of them (see 'tide fit --help'). Prints CSV on\n"
    "stdout: header 't,fmax', one row per step, fmax in cycles/pixel, numbers with 17\n"
    "significant digits.\n"
    "\n"
    "options:\n"
    "  --tau T        how far above the noise power counts as visible, a finite number > 0\n"
    "                 and at most 1e12 (default 1)\n"
    "  --steps N      number of noise levels, 1..100000 (default 99: t = 0.01 .. 0.99)\n";

const char* const kHelpEnd =
    "  -h, --help     this help\n"
    "\n"
    "exit status: 0 on success, 1 if an image cannot be used (the message names it), 2 for a\n"
    "bad command line\n";

}  // namespace

int run_fmax(CommandLine cl) {
    core::PrepareConfig cfg;
    RunOptions run;
    run.jobs = default_jobs();
    double tau = 1.0;
    ScheduleOptions sched;
    int steps = 99;
    std::vector<std::string> paths;
    std::string arg;
    while (cl.next(arg)) {
        if (arg == "-h" || arg == "--help") {
            std::printf("%s%s%s%s%s", kHelp, kScheduleOptionsHelp, kImageOptionsHelp, kRunOptionsHelp, kHelpEnd);
            return 0;
        }
        const Parsed shared = parse_corpus_schedule_option(cl, arg, cfg, run, sched);
        if (shared == Parsed::error) return kExitUsage;
        if (shared == Parsed::yes) continue;
        if (arg == "--tau") {
            if (!cl.finite("--tau", 0.0, true, kMaxTau, tau)) return kExitUsage;
        } else if (arg == "--steps") {
            if (!cl.integer("--steps", 1, 100000, steps)) return kExitUsage;
        } else if (is_option(arg)) {
            return cl.fail("unknown option '" + arg + "'");
        } else {
            paths.push_back(arg);
        }
    }
    if (paths.empty()) return cl.fail("fmax needs at least one IMAGE file or folder");
    if (!check_image_options(cl, cfg)) return kExitUsage;
    if (sched.shift_given && sched.schedule.kind != core::ScheduleKind::sd3)
        return cl.fail("--shift applies to --schedule sd3 only");

    auto mean = mean_spectrum(paths, cfg, run);
    if (!mean) return data_error(mean.error());
    std::vector<double> power;
    for (double v : mean.value().log10_power) power.push_back(std::pow(10.0, v));
    if (!check_schedule_options(cl, sched, cfg, mean.value().freq)) return kExitUsage;
    std::string out = "t,fmax\n";
    for (const auto& [t, f] : core::f_max_curve(mean.value().freq, power, tau, sched.schedule, steps))
        out += number(t) + "," + number(f) + "\n";
    return write_stdout(out);
}

}  // namespace tide::cli
