// tide: the command-line face of the spectral core, for scripting and for the tests.
// Prints CSV on stdout; every error is one line on stderr and a non-zero exit status.
// Each subcommand lives in commands_*.cpp; what they share is in cli.hpp.
#include <cstdio>
#include <string>

#include "cli.hpp"

namespace {

const char* const kMainHelp =
    "tide: spectral analysis of images and sounds, as in Spectral Tide.\n"
    "\n"
    "usage: tide COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  rapsd IMAGE     radially averaged power spectral density of an image, as CSV\n"
    "  fit PATH...     power-law fit (alpha, intercept) of the images' mean spectrum;\n"
    "                  --curve prints that mean spectrum\n"
    "  noisy IMAGE     the spectrum before and after adding Gaussian noise (--sigma S)\n"
    "  fmax PATH...    highest frequency above the noise at each step of a noise schedule\n"
    "  snr PATH...     signal-to-noise over frequency and time under a noise schedule (dB)\n"
    "  effort PATH...  where a training run's noise levels put f_max: a density over frequency\n"
    "  slices IMAGE    the power spectrum along rays from its centre\n"
    "  denoise IMAGE   adding noise as low-pass filtering: Wiener, hard cut and heat estimates\n"
    "  sample          a diffusion sampler with an exact denoiser (Gaussian model or corpus)\n"
    "\n"
    "PATH is an image file or a folder of them. Every image command takes --size, --scale,\n"
    "--channel and --no-crop as 'tide rapsd' does.\n"
    "IMAGE is PNG, JPEG (baseline, progressive, CMYK), GIF (its first frame), BMP or TGA, known\n"
    "by its content, not its name; 8 to 16384 pixels per side, at most 67108864 (64 Mi) pixels\n"
    "(the size in the header is checked before any pixel is decoded). With --size 0 the field\n"
    "analysed may have at most 16777216 pixels (4096x4096).\n"
    "\n"
    "sound commands (AUDIO is a WAV or Ogg Vorbis file; --sr HZ resamples it first):\n"
    "  spectrum1d AUDIO  power spectrum of the whole clip\n"
    "  melspec AUDIO     log-mel spectrogram (librosa's conventions)\n"
    "  melrapsd AUDIO    RAPSD of that log-mel spectrogram, read as an image\n"
    "  mfcc AUDIO        mel-frequency cepstral coefficients\n"
    "\n"
    "options:\n"
    "  -h, --help      this help; 'tide COMMAND --help' explains a command\n"
    "  --version       print the version\n";

}  // namespace

int main(int argc, char** argv) {
    using namespace tide::cli;
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
    CommandLine args(command, argc - 2, argv + 2);
    if (command == "rapsd") return run_rapsd(args);
    if (command == "fit") return run_fit(args);
    if (command == "noisy") return run_noisy(args);
    if (command == "fmax") return run_fmax(args);
    if (command == "snr") return run_snr(args);
    if (command == "effort") return run_effort(args);
    if (command == "slices") return run_slices(args);
    if (command == "denoise") return run_denoise(args);
    if (command == "sample") return run_sample(args);
    if (command == "spectrum1d") return run_spectrum1d(args);
    if (command == "melspec") return run_melspec(args);
    if (command == "melrapsd") return run_melrapsd(args);
    if (command == "mfcc") return run_mfcc(args);
    return CommandLine("", 0, nullptr).fail("unknown command '" + command + "'");
}
