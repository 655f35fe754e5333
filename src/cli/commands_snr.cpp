// `tide snr PATH...` and `tide effort PATH...`: the SNR map of the images' mean spectrum under a
// noise schedule (or its contour, f_max), and where a training run's noise levels put f_max.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "cli.hpp"
#include "core/snr.hpp"

namespace tide::cli {

namespace {

constexpr double kMaxTau = 1e12;

const char* const kScheduleHelp =
    "  --schedule S   rf: rectified flow, alpha = 1-t, sigma = t (default); cosine: variance\n"
    "                 preserving, alpha = cos(pi t/2), sigma = sin(pi t/2); sd3: rectified flow\n"
    "                 at Stable Diffusion 3's shifted time t' = s t / (1 + (s-1) t); edm: variance\n"
    "                 exploding, alpha = 1, sigma from 0.002 (t = 0) to 80 (t = 1) along EDM's\n"
    "                 rho = 7 steps; simple: simple diffusion's cosine shifted for the resolution\n"
    "                 d = --size, logSNR = -2 ln tan(pi t/2) + 2 ln(64/d)\n"
    "  --shift S      the sd3 shift s, a number from 0.01 to 100 (default 3); only with sd3\n";

const char* const kHelpEnd =
    "  -h, --help     this help\n"
    "\n"
    "exit status: 0 on success, 1 if an image cannot be used (the message names it), 2 for a\n"
    "bad command line\n";

/// The mean spectrum of PATHs as power (10^ mean log10).
core::Result<std::pair<std::vector<double>, std::vector<double>>> mean_power(const std::vector<std::string>& paths,
                                                                             const core::PrepareConfig& cfg,
                                                                             const RunOptions& run) {
    auto mean = mean_spectrum(paths, cfg, run);
    if (!mean) return core::Result<std::pair<std::vector<double>, std::vector<double>>>::failure(mean.error());
    std::vector<double> power;
    for (double v : mean.value().log10_power) power.push_back(std::pow(10.0, v));
    return std::make_pair(mean.value().freq, power);
}

}  // namespace

const char* const kScheduleOptionsHelp = kScheduleHelp;

Parsed parse_schedule_option(CommandLine& cl, const std::string& arg, ScheduleOptions& s) {
    if (arg == "--schedule") {
        std::string name;
        if (!cl.text("--schedule", "rf, cosine, sd3, edm or simple", name)) return Parsed::error;
        auto parsed = core::parse_schedule_kind(name);
        if (!parsed) {
            cl.fail("--schedule must be rf, cosine, sd3, edm or simple; got '" + name + "'");
            return Parsed::error;
        }
        s.schedule.kind = parsed.value();
    } else if (arg == "--shift") {
        if (!cl.finite("--shift", 0.01, false, 100.0, s.schedule.shift)) return Parsed::error;
        s.shift_given = true;
    } else {
        return Parsed::no;
    }
    return Parsed::yes;
}

Parsed parse_corpus_schedule_option(CommandLine& cl, const std::string& arg, core::PrepareConfig& cfg, RunOptions& run,
                                    ScheduleOptions& s) {
    Parsed parsed = parse_image_option(cl, arg, cfg);
    if (parsed == Parsed::no) parsed = parse_run_option(cl, arg, run);
    if (parsed == Parsed::no) parsed = parse_schedule_option(cl, arg, s);
    return parsed;
}

bool check_schedule_options(const CommandLine& cl, ScheduleOptions& s, const core::PrepareConfig& cfg,
                            const std::vector<double>& freq) {
    if (s.shift_given && s.schedule.kind != core::ScheduleKind::sd3) {
        cl.fail("--shift applies to --schedule sd3 only");
        return false;
    }
    // simple diffusion's resolution: the analysed side (--size, or the image's own with --size 0).
    s.schedule.resolution = cfg.size > 0 ? cfg.size : (freq.size() >= 2 ? std::round(1.0 / freq[1]) : 64.0);
    return true;
}

int run_snr(CommandLine cl) {
    static const char* const kHelp =
        "usage: tide snr PATH... [--schedule rf|cosine|sd3|edm|simple] [--shift S] [--steps N]\n"
        "                [--contour TAU] [image options] [--jobs N] [--progress]\n"
        "\n"
        "The signal-to-noise ratio of x_t = alpha(t) x0 + sigma(t) eps at each frequency:\n"
        "SNR(f, t) = alpha^2 P(f) / sigma^2 in dB, P the images' mean spectrum (the geometric\n"
        "mean of their RAPSDs, as 'tide fit --curve'), at t = j/(N+1), j = 1..N and every\n"
        "radial-bin frequency above DC. Prints CSV: header 't,freq,snr_db', one row per (t, f),\n"
        "t-major (long format), freq in cycles/pixel. With --contour TAU: the contour SNR = TAU,\n"
        "the largest frequency with alpha^2 P > TAU sigma^2 at each t (0 if none): header\n"
        "'t,fmax', exactly what 'tide fmax --tau TAU' prints for the same schedule.\n"
        "\n"
        "options:\n";
    core::PrepareConfig cfg;
    RunOptions run;
    run.jobs = default_jobs();
    ScheduleOptions sched;
    int steps = 99;
    double tau = 0.0;
    bool contour = false;
    std::vector<std::string> paths;
    std::string arg;
    while (cl.next(arg)) {
        if (arg == "-h" || arg == "--help") {
            std::printf(
                "%s%s  --steps N      number of noise levels, 1..100000 (default 99: t = 0.01 .. 0.99)\n"
                "  --contour TAU  print the contour SNR = TAU (t,fmax) instead of the map; TAU a\n"
                "                 finite number > 0 and at most 1e12\n%s%s%s",
                kHelp, kScheduleHelp, kImageOptionsHelp, kRunOptionsHelp, kHelpEnd);
            return 0;
        }
        const Parsed shared = parse_corpus_schedule_option(cl, arg, cfg, run, sched);
        if (shared == Parsed::error) return kExitUsage;
        if (shared == Parsed::yes) continue;
        if (arg == "--steps") {
            if (!cl.integer("--steps", 1, 100000, steps)) return kExitUsage;
        } else if (arg == "--contour") {
            if (!cl.finite("--contour", 0.0, true, kMaxTau, tau)) return kExitUsage;
            contour = true;
        } else if (is_option(arg)) {
            return cl.fail("unknown option '" + arg + "'");
        } else {
            paths.push_back(arg);
        }
    }
    if (paths.empty()) return cl.fail("snr needs at least one IMAGE file or folder");
    if (!check_image_options(cl, cfg)) return kExitUsage;
    if (sched.shift_given && sched.schedule.kind != core::ScheduleKind::sd3)
        return cl.fail("--shift applies to --schedule sd3 only");
    if (!contour && static_cast<long long>(steps) * cfg.size > 20000000LL)
        return cl.fail("the map would have more than 20000000 rows: lower --steps or --size");

    auto spectrum = mean_power(paths, cfg, run);
    if (!spectrum) return data_error(spectrum.error());
    const auto& [freq, power] = spectrum.value();
    if (!check_schedule_options(cl, sched, cfg, freq)) return kExitUsage;
    if (freq.size() < 2) return data_error("the images are too small: their spectrum has no bin above DC");
    for (std::size_t i = 1; i < power.size(); ++i)
        if (!(power[i] > 0.0))
            return data_error("the mean spectrum has no power at " + number(freq[i]) + " cycles/pixel");
    std::string out;
    if (contour) {
        out = "t,fmax\n";
        for (const auto& [t, f] : core::snr_contour(freq, power, tau, sched.schedule, steps))
            out += number(t) + "," + number(f) + "\n";
    } else {
        const core::SnrMap map = core::snr_map(freq, power, sched.schedule, steps);
        out = "t,freq,snr_db\n";
        for (int j = 0; j < map.db.rows; ++j)
            for (int i = 0; i < map.db.cols; ++i)
                out += number(map.t[static_cast<std::size_t>(j)]) + "," +
                       number(map.freq[static_cast<std::size_t>(i)]) + "," + number(map.db.at(j, i)) + "\n";
    }
    return write_stdout(out);
}

int run_effort(CommandLine cl) {
    static const char* const kHelp =
        "usage: tide effort PATH... [--schedule rf|cosine|sd3|edm|simple] [--shift S] [--tau T]\n"
        "                   [--samples N] [--seed K] [image options] [--jobs N] [--progress]\n"
        "\n"
        "Where a training run spends its noise levels: the training distribution over noise\n"
        "levels (uniform t for rf, cosine and simple; logit-normal(0, 1) t, then the shift, for\n"
        "sd3; ln sigma ~ N(-1.2, 1.2^2) for edm) pushed through f_max(t), the largest frequency\n"
        "where the images' mean spectrum P stays above tau times the noise (as 'tide fmax').\n"
        "Prints CSV: header 'freq,density', one row per radial bin (freq in cycles/pixel; the\n"
        "first row, freq 0, holds the noise levels where no frequency is above the noise), the\n"
        "density per cycle/pixel: density times the bin width 1/N sums to 1. Exact (by change of\n"
        "variables through logSNR) unless --samples is given.\n"
        "\n"
        "options:\n";
    core::PrepareConfig cfg;
    RunOptions run;
    run.jobs = default_jobs();
    ScheduleOptions sched;
    double tau = 1.0;
    int samples = 0;
    std::uint64_t seed = 0;
    bool seed_given = false;
    std::vector<std::string> paths;
    std::string arg;
    while (cl.next(arg)) {
        if (arg == "-h" || arg == "--help") {
            std::printf(
                "%s%s  --tau T        how far above the noise power counts as visible, a finite number > 0\n"
                "                 and at most 1e12 (default 1)\n"
                "  --samples N    a Monte Carlo estimate from N noise levels, 1..100000000, drawn with\n"
                "                 the seeded generator of 'tide noisy' (default: the exact density)\n"
                "  --seed K       seed of the Monte Carlo draw, 0..18446744073709551615 (default 0)\n%s%s%s",
                kHelp, kScheduleHelp, kImageOptionsHelp, kRunOptionsHelp, kHelpEnd);
            return 0;
        }
        const Parsed shared = parse_corpus_schedule_option(cl, arg, cfg, run, sched);
        if (shared == Parsed::error) return kExitUsage;
        if (shared == Parsed::yes) continue;
        if (arg == "--tau") {
            if (!cl.finite("--tau", 0.0, true, kMaxTau, tau)) return kExitUsage;
        } else if (arg == "--samples") {
            if (!cl.integer("--samples", 1, 100000000, samples)) return kExitUsage;
        } else if (arg == "--seed") {
            if (!cl.unsigned64("--seed", seed)) return kExitUsage;
            seed_given = true;
        } else if (is_option(arg)) {
            return cl.fail("unknown option '" + arg + "'");
        } else {
            paths.push_back(arg);
        }
    }
    if (paths.empty()) return cl.fail("effort needs at least one IMAGE file or folder");
    if (!check_image_options(cl, cfg)) return kExitUsage;
    if (sched.shift_given && sched.schedule.kind != core::ScheduleKind::sd3)
        return cl.fail("--shift applies to --schedule sd3 only");
    if (seed_given && samples == 0) return cl.fail("--seed needs --samples (the exact density draws nothing)");

    auto spectrum = mean_power(paths, cfg, run);
    if (!spectrum) return data_error(spectrum.error());
    const auto& [freq, power] = spectrum.value();
    if (!check_schedule_options(cl, sched, cfg, freq)) return kExitUsage;
    if (freq.size() < 2) return data_error("the images are too small: their spectrum has no bin above DC");
    for (std::size_t i = 1; i < power.size(); ++i)
        if (!(power[i] > 0.0))
            return data_error("the mean spectrum has no power at " + number(freq[i]) + " cycles/pixel");
    const core::Effort e = samples > 0 ? core::effort_monte_carlo(freq, power, tau, sched.schedule, samples, seed)
                                       : core::effort_exact(freq, power, tau, sched.schedule);
    std::string out = "freq,density\n";
    for (std::size_t i = 0; i < e.freq.size(); ++i) out += number(e.freq[i]) + "," + number(e.density[i]) + "\n";
    return write_stdout(out);
}

}  // namespace tide::cli
