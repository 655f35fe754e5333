// `tide denoise IMAGE`: adding noise as low-pass filtering (Wiener, hard cut, heat dissipation).
// `tide sample`: a diffusion sampler with an exact denoiser, from noise to an image.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "cli.hpp"
#include "core/denoise.hpp"
#include "core/png_write.hpp"
#include "core/powerlaw.hpp"
#include "core/sampler.hpp"
#include "core/schedule.hpp"

namespace tide::cli {

namespace {

constexpr double kMaxSigma = 1e6;  // as `tide noisy`

const char* const kHelpEnd =
    "  -h, --help     this help\n"
    "\n"
    "exit status: 0 on success, 1 if an input cannot be used or a file cannot be written,\n"
    "2 for a bad command line\n";

const char* const kPriorHelp =
    "  --prior PATH   images (files or folders, as 'tide fit') whose mean spectrum's power-law\n"
    "                 fit is the model P(f) = 10^C f^-A of natural images; repeatable\n"
    "  --alpha A --intercept C\n"
    "                 the power law given directly (A from 0.1 to 10, C from -20 to 20)\n";

/// The options both commands share: the schedule and the power-law prior.
struct ModelOptions {
    core::Schedule schedule = core::Schedule::rectified_flow;
    std::vector<std::string> prior_paths;
    double alpha = 0.0, intercept = 0.0;
    bool have_alpha = false, have_intercept = false;
};

Parsed parse_model_option(CommandLine& cl, const std::string& arg, ModelOptions& m) {
    if (arg == "--schedule") {
        std::string name;
        if (!cl.text("--schedule", "rf or cosine", name)) return Parsed::error;
        auto schedule = core::parse_schedule(name);
        if (!schedule) {
            cl.fail("--schedule must be rf or cosine; got '" + name + "'");
            return Parsed::error;
        }
        m.schedule = schedule.value();
        return Parsed::yes;
    }
    if (arg == "--prior") {
        std::string path;
        if (!cl.text("--prior", "an image file or folder", path)) return Parsed::error;
        m.prior_paths.push_back(path);
        return Parsed::yes;
    }
    if (arg == "--alpha") {
        if (!cl.finite("--alpha", 0.1, false, 10.0, m.alpha)) return Parsed::error;
        m.have_alpha = true;
        return Parsed::yes;
    }
    if (arg == "--intercept") {
        if (!cl.finite("--intercept", -20.0, false, 20.0, m.intercept)) return Parsed::error;
        m.have_intercept = true;
        return Parsed::yes;
    }
    return Parsed::no;
}

/// The power law: given, or fitted to the mean spectrum of the --prior images (or `fallback`).
core::Result<core::PowerLawPrior> model_prior(const ModelOptions& m, const std::vector<std::string>& fallback,
                                              const core::PrepareConfig& cfg) {
    if (m.have_alpha) return core::PowerLawPrior{m.intercept, m.alpha};
    RunOptions run;
    run.jobs = default_jobs();
    auto mean = mean_spectrum(m.prior_paths.empty() ? fallback : m.prior_paths, cfg, run);
    if (!mean) return core::Result<core::PowerLawPrior>::failure(mean.error());
    auto fit = core::fit_spectrum(mean.value().freq, mean.value().log10_power);
    if (!fit) return core::Result<core::PowerLawPrior>::failure("the power-law fit failed: " + fit.error());
    return core::PowerLawPrior{fit.value().intercept, fit.value().alpha};
}

/// Writes the field as a gray PNG; an error message naming the file, or "".
std::string write_png(const std::string& path, const core::Field& field, core::GrayRange range) {
    auto png = core::encode_png_gray(field, range);
    if (!png) return path + ": " + png.error();
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(png.value().data()), static_cast<std::streamsize>(png.value().size()));
    out.close();
    if (!out) return "cannot write " + path;
    return "";
}

const char* const kDenoiseHelp =
    "usage: tide denoise IMAGE (--sigma S | --t T [--schedule rf|cosine]) [--seed K]\n"
    "                   [--prior PATH... | --alpha A --intercept C] [--psnr] [--out-prefix P]\n"
    "                   [image options]\n"
    "\n"
    "Adding noise acts as a low-pass filter. x_t = alpha x0 + sigma eps (x0 the prepared image,\n"
    "see 'tide rapsd --help'; eps the core's seeded Gaussian noise; --sigma S means alpha = 1).\n"
    "P(f) = 10^C f^-A is the power law of natural images (default: fitted to IMAGE itself), in\n"
    "the RAPSD's units; f_max is where alpha^2 P(f) = sigma^2. Three estimates of x0:\n"
    "  wiener  the optimal linear denoiser of x_t: gain alpha^2 P / (alpha^2 P + sigma^2),\n"
    "          1/2 at f_max (P held at f = 1/L below 1/L, DC included; L the image side)\n"
    "  cut     x_t / alpha with every frequency above f_max removed\n"
    "  heat    x0 blurred by heat dissipation (Rissanen et al. 2022): gain\n"
    "          exp(-(2 pi f)^2 sigma_B^2 / 2), sigma_B so that the gain is 1/2 at f_max\n"
    "Prints CSV on stdout: header 'freq,gain_wiener,gain_cut,gain_heat', one row per radial bin\n"
    "of the RAPSD (f = r/L cycles/pixel, r = 0 .. L/2). With --psnr instead\n"
    "'estimate,psnr_db': PSNR against x0 (peak-to-peak 2) of noisy (x_t / alpha), wiener, cut,\n"
    "heat, and cut_clean (x0 itself cut at f_max, which sees the clean image).\n"
    "\n"
    "options:\n"
    "  --sigma S      noise level with alpha = 1, a finite number from 0 to 1e6\n"
    "  --t T          diffusion time, 0 to 1, with --schedule (rf: alpha = 1-t, sigma = t,\n"
    "                 the default; cosine: alpha = cos(pi t/2), sigma = sin(pi t/2))\n"
    "  --seed K       the noise generator's seed (default 0)\n";

const char* const kDenoiseHelp2 =
    "  --psnr         print the PSNR table instead of the gains\n"
    "  --out-prefix P write P-noisy.png (x_t scaled to its own range), P-wiener.png, P-cut.png\n"
    "                 and P-heat.png ([-1, 1] black to white)\n";

}  // namespace

int run_denoise(CommandLine cl) {
    core::PrepareConfig cfg;
    ModelOptions model;
    double sigma = 0.0, t = 0.0;
    bool have_sigma = false, have_t = false, want_psnr = false;
    std::uint64_t seed = 0;
    std::string path, prefix, arg;
    while (cl.next(arg)) {
        if (arg == "-h" || arg == "--help") {
            std::printf("%s%s%s%s%s", kDenoiseHelp, kPriorHelp, kDenoiseHelp2, kImageOptionsHelp, kHelpEnd);
            return 0;
        }
        const Parsed image_option = parse_image_option(cl, arg, cfg);
        if (image_option == Parsed::error) return kExitUsage;
        if (image_option == Parsed::yes) continue;
        const Parsed model_option = parse_model_option(cl, arg, model);
        if (model_option == Parsed::error) return kExitUsage;
        if (model_option == Parsed::yes) continue;
        if (arg == "--sigma") {
            if (!cl.finite("--sigma", 0.0, false, kMaxSigma, sigma)) return kExitUsage;
            have_sigma = true;
        } else if (arg == "--t") {
            if (!cl.finite("--t", 0.0, false, 1.0, t)) return kExitUsage;
            have_t = true;
        } else if (arg == "--seed") {
            if (!cl.unsigned64("--seed", seed)) return kExitUsage;
        } else if (arg == "--psnr") {
            want_psnr = true;
        } else if (arg == "--out-prefix") {
            if (!cl.text("--out-prefix", "a path prefix for the PNG files", prefix)) return kExitUsage;
        } else if (is_option(arg)) {
            return cl.fail("unknown option '" + arg + "'");
        } else if (!path.empty()) {
            return cl.fail("one IMAGE at a time; got '" + path + "' and '" + arg + "'");
        } else {
            path = arg;
        }
    }
    if (path.empty()) return cl.fail("denoise needs an IMAGE file");
    if (have_sigma == have_t) return cl.fail("denoise needs one of --sigma S or --t T");
    if (model.have_alpha != model.have_intercept) return cl.fail("--alpha and --intercept go together");
    if (model.have_alpha && !model.prior_paths.empty()) return cl.fail("--prior or --alpha/--intercept, not both");
    if (!check_image_options(cl, cfg)) return kExitUsage;
    const core::NoiseLevel level = have_sigma ? core::NoiseLevel{1.0, sigma} : core::noise_level(model.schedule, t);
    if (level.alpha == 0.0) return cl.fail("at t = 1 nothing of the image is left to estimate (alpha = 0)");

    auto field = load_field(path, cfg);
    if (!field) return data_error(field.error());
    const core::Field& x0 = field.value();
    auto prior = model_prior(model, {path}, cfg);
    if (!prior) return data_error(prior.error());

    const core::LowPassEstimates e =
        core::low_pass_estimates(x0, core::gaussian_noise(x0.rows, x0.cols, seed), prior.value(), level);
    const double f_keep = e.f_keep, sigma_b = e.sigma_b;

    if (!prefix.empty()) {
        const std::pair<const char*, const core::Field*> pictures[] = {
            {"-wiener.png", &e.wiener}, {"-cut.png", &e.cut}, {"-heat.png", &e.heat}};
        std::string error = write_png(prefix + "-noisy.png", e.x_t, core::own_range(e.x_t));
        for (const auto& [suffix, f] : pictures) {
            if (error.empty()) error = write_png(prefix + suffix, *f, core::GrayRange{});
        }
        if (!error.empty()) return data_error(error);
    }
    std::string out;
    if (want_psnr) {
        out = "estimate,psnr_db\n";
        const std::pair<const char*, double> rows[] = {{"noisy", e.psnr_noisy},
                                                       {"wiener", e.psnr_wiener},
                                                       {"cut", e.psnr_cut},
                                                       {"heat", e.psnr_heat},
                                                       {"cut_clean", e.psnr_cut_clean}};
        for (const auto& [name, psnr] : rows) out += std::string(name) + "," + number(psnr) + "\n";
    } else {
        out = "freq,gain_wiener,gain_cut,gain_heat\n";
        const int side = std::max(x0.rows, x0.cols);
        const double f_floor = 1.0 / side;
        for (int r = 0; r <= side / 2; ++r) {
            const double f = static_cast<double>(r) / side;
            out += number(f) + "," + number(core::wiener_gain(prior.value().power(f, f_floor), level)) + "," +
                   (f <= f_keep ? "1" : "0") + "," + number(core::heat_gain(f, sigma_b)) + "\n";
        }
    }
    return write_stdout(out);
}

namespace {

const char* const kSampleHelp =
    "usage: tide sample --model gaussian|corpus [PATH...] --out FILE.png [--steps N]\n"
    "                   [--schedule rf|cosine] [--shift S] [--sampler ddim|ddpm] [--seed K]\n"
    "                   [--frames DIR] [--weights] [--alpha A --intercept C] [image options]\n"
    "\n"
    "A diffusion sampler from pure noise (t = 1) to an image (t = 0) with an exact denoiser:\n"
    "  gaussian  images as a stationary Gaussian field with the power-law spectrum P(f) = 10^C\n"
    "            f^-A (fitted to the mean spectrum of the PATHs, or given); its denoiser is the\n"
    "            Wiener filter. Samples are textures with that spectrum (--size N, default 320).\n"
    "  corpus    the PATHs' images themselves (prepared as 'tide rapsd' does): the denoiser is\n"
    "            the softmax(-||x_t - alpha x0_i||^2 / (2 sigma^2))-weighted mean of them, so the\n"
    "            sampler ends on one of them: it memorises.\n"
    "Times t_k = s (k/N) / (1 + (s-1) k/N) (Stable Diffusion 3's shift s). DDIM is deterministic;\n"
    "DDPM draws from the posterior q(x_{k-1} | x_k, x0_hat) with fresh noise each step. The\n"
    "noise is the core's seeded generator: the same seed gives the same sample everywhere.\n"
    "Writes the sample to FILE.png ([-1, 1] black to white) and prints its RAPSD on stdout as\n"
    "CSV, header 'freq,power'. For the corpus model a line on stderr names the image reached\n"
    "and the step at which its weight first passed 0.5; --weights prints instead of the RAPSD\n"
    "'step,t,top_image,top_weight' for each step (step 1 starts from noise).\n"
    "\n"
    "options:\n"
    "  --model M      gaussian or corpus (required)\n"
    "  --out FILE     the sample as a PNG (required)\n"
    "  --steps N      1 .. 1000 (default 100)\n"
    "  --schedule S   rf (default) or cosine\n"
    "  --shift S      the time shift, 1 .. 6 (default 1)\n"
    "  --sampler K    ddim (default) or ddpm\n"
    "  --seed K       the generator's seed (default 0)\n"
    "  --frames DIR   also write each step's prediction x0_hat as DIR/x0_hat_0001.png ...\n"
    "  --weights      print the corpus model's top weight at each step instead of the RAPSD\n"
    "  --alpha A --intercept C   the gaussian model's power law, instead of fitting the PATHs\n";

}  // namespace

int run_sample(CommandLine cl) {
    core::PrepareConfig cfg;
    ModelOptions model;
    core::SamplerConfig config;
    std::string model_name, out_path, frames_dir, arg;
    bool want_weights = false;
    std::vector<std::string> paths;
    while (cl.next(arg)) {
        if (arg == "-h" || arg == "--help") {
            std::printf("%s%s%s", kSampleHelp, kImageOptionsHelp, kHelpEnd);
            return 0;
        }
        const Parsed image_option = parse_image_option(cl, arg, cfg);
        if (image_option == Parsed::error) return kExitUsage;
        if (image_option == Parsed::yes) continue;
        if (arg != "--prior") {
            const Parsed model_option = parse_model_option(cl, arg, model);
            if (model_option == Parsed::error) return kExitUsage;
            if (model_option == Parsed::yes) continue;
        }
        if (arg == "--model") {
            if (!cl.text("--model", "gaussian or corpus", model_name)) return kExitUsage;
            if (model_name != "gaussian" && model_name != "corpus")
                return cl.fail("--model must be gaussian or corpus; got '" + model_name + "'");
        } else if (arg == "--out") {
            if (!cl.text("--out", "a PNG file to write", out_path)) return kExitUsage;
        } else if (arg == "--frames") {
            if (!cl.text("--frames", "a folder for the frames", frames_dir)) return kExitUsage;
        } else if (arg == "--steps") {
            if (!cl.integer("--steps", 1, 1000, config.steps)) return kExitUsage;
        } else if (arg == "--shift") {
            if (!cl.finite("--shift", 1.0, false, 6.0, config.shift)) return kExitUsage;
        } else if (arg == "--sampler") {
            std::string kind;
            if (!cl.text("--sampler", "ddim or ddpm", kind)) return kExitUsage;
            if (kind != "ddim" && kind != "ddpm") return cl.fail("--sampler must be ddim or ddpm; got '" + kind + "'");
            config.kind = kind == "ddim" ? core::SamplerKind::ddim : core::SamplerKind::ddpm;
        } else if (arg == "--seed") {
            if (!cl.unsigned64("--seed", config.seed)) return kExitUsage;
        } else if (arg == "--weights") {
            want_weights = true;
        } else if (is_option(arg)) {
            return cl.fail("unknown option '" + arg + "'");
        } else {
            paths.push_back(arg);
        }
    }
    if (model_name.empty()) return cl.fail("sample needs --model gaussian or --model corpus");
    if (out_path.empty()) return cl.fail("sample needs --out FILE.png");
    if (model.have_alpha != model.have_intercept) return cl.fail("--alpha and --intercept go together");
    const bool corpus = model_name == "corpus";
    if (corpus && paths.empty()) return cl.fail("the corpus model needs the images: PATH...");
    if (corpus && model.have_alpha) return cl.fail("--alpha/--intercept belong to the gaussian model");
    if (!corpus && paths.empty() && !model.have_alpha)
        return cl.fail("the gaussian model needs images to fit (PATH...) or --alpha A --intercept C");
    if (want_weights && !corpus) return cl.fail("--weights belongs to the corpus model");
    if (!check_image_options(cl, cfg)) return kExitUsage;
    config.schedule = model.schedule;

    std::unique_ptr<core::Denoiser> denoiser;
    core::CorpusDenoiser* corpus_denoiser = nullptr;
    std::vector<std::string> names;
    int rows = cfg.size > 0 ? cfg.size : 320, cols = rows;
    if (corpus) {
        auto files = expand_image_paths(paths);
        if (!files) return data_error(files.error());
        std::vector<core::Field> photos;
        for (const std::string& file : files.value()) {
            auto field = load_field(file, cfg);
            if (!field) return data_error(field.error());
            if (!photos.empty() &&
                (field.value().rows != photos.front().rows || field.value().cols != photos.front().cols))
                return data_error(file + ": its size differs from the other images' (use --size N)");
            photos.push_back(std::move(field).value());
            names.push_back(file);
        }
        rows = photos.front().rows;
        cols = photos.front().cols;
        auto owned = std::make_unique<core::CorpusDenoiser>(std::move(photos));
        corpus_denoiser = owned.get();
        denoiser = std::move(owned);
    } else {
        model.prior_paths = paths;
        auto prior = model_prior(model, paths, cfg);
        if (!prior) return data_error(prior.error());
        denoiser = std::make_unique<core::GaussianDenoiser>(prior.value());
    }

    core::Sampler sampler(config, rows, cols);
    std::string weights_csv = "step,t,top_image,top_weight\n";
    core::CommitTracker commit;
    double passed_half_t = 0.0;
    for (int step = 1; !sampler.done(); ++step) {
        const double t = sampler.t();
        sampler.step(*denoiser);
        if (!frames_dir.empty()) {
            char name[32];
            std::snprintf(name, sizeof name, "/x0_hat_%04d.png", step);
            const std::string error = write_png(frames_dir + name, sampler.x0_hat(), core::GrayRange{});
            if (!error.empty()) return data_error(error);
        }
        if (corpus_denoiser) {
            const auto& w = corpus_denoiser->weights();
            const std::size_t top = static_cast<std::size_t>(std::max_element(w.begin(), w.end()) - w.begin());
            weights_csv += std::to_string(step) + "," + number(t) + "," + names[top] + "," + number(w[top]) + "\n";
            commit.add(w);
            if (commit.step() == step) passed_half_t = t;
        }
    }
    const std::string error = write_png(out_path, sampler.x(), core::GrayRange{});
    if (!error.empty()) return data_error(error);
    if (corpus_denoiser) {
        const core::NearestPhoto nearest = core::nearest_photo(sampler.x(), corpus_denoiser->photos());
        std::fprintf(stderr, "tide: the sample is %s (PSNR %.1f dB)", names[nearest.index].c_str(), nearest.psnr_db);
        if (commit.step() > 0) {
            std::fprintf(stderr, "; the weight of %s first passed 0.5 at step %d of %d (t = %.4g)\n",
                         names[commit.image()].c_str(), commit.step(), config.steps, passed_half_t);
        } else {
            std::fprintf(stderr, "; no image's weight passed 0.5\n");
        }
        if (want_weights) return write_stdout(weights_csv);
    }
    const core::Rapsd r = core::rapsd(sampler.x());
    std::string out = "freq,power\n";
    for (std::size_t i = 0; i < r.power.size(); ++i) out += number(r.freq[i]) + "," + number(r.power[i]) + "\n";
    return write_stdout(out);
}

}  // namespace tide::cli
