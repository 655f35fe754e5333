// What the `tide` subcommands share: exit statuses, error lines, a small option reader, the
// image options (--size, --scale, --channel, --no-crop), loading images and folders, CSV.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/image.hpp"
#include "core/rapsd.hpp"
#include "core/result.hpp"
#include "core/schedule.hpp"

namespace tide::cli {

namespace core = tide::core;

constexpr int kExitData = 1;   // an input file could not be used, or its data cannot be analysed
constexpr int kExitUsage = 2;  // bad command line

/// Prints "tide: MESSAGE" on stderr; returns kExitData.
int data_error(const std::string& message);
/// Prints "tide: warning: MESSAGE" on stderr: the input was used, but a person should know
/// something about it (the exit status stays 0).
void warning(const std::string& message);

/// The arguments after a subcommand's name, read left to right. Usage errors print
/// "tide: MESSAGE (see 'tide COMMAND --help')" on stderr.
class CommandLine {
public:
    CommandLine(std::string command, int argc, char** argv);
    const std::string& command() const { return command_; }

    /// The next argument into `arg`; false when there are none left.
    bool next(std::string& arg);
    /// Prints a usage error; returns kExitUsage.
    int fail(const std::string& message) const;
    /// The argument read last (an option's value as typed, for messages).
    std::string last() const { return next_ > 0 ? argv_[next_ - 1] : ""; }

    // Values of options. Each reads the argument after `option`; if it is missing or not
    // acceptable it prints a usage error naming the option and the text, and returns false.
    bool text(const std::string& option, const char* expected, std::string& out);
    bool integer(const std::string& option, int min, int max, int& out);
    bool unsigned64(const std::string& option, std::uint64_t& out);
    /// A finite number, > min (strictly) or >= min (not strictly), and <= max: values so
    /// large that the arithmetic after them would overflow (or mean nothing) are refused too.
    bool finite(const std::string& option, double min, bool strictly, double max, double& out);

private:
    std::string command_;
    int argc_;
    char** argv_;
    int next_ = 0;
};

enum class Parsed { no, yes, error };

/// --size N, --scale S, --channel C, --no-crop, exactly as `tide rapsd` reads them (errors
/// printed; Parsed::error means return kExitUsage). Parsed::no: `arg` is not one of them.
Parsed parse_image_option(CommandLine& cl, const std::string& arg, core::PrepareConfig& cfg);
/// The checks on the combination (--no-crop needs --size 0); false after printing an error.
bool check_image_options(const CommandLine& cl, const core::PrepareConfig& cfg);
/// The help lines of the image options, for every command's --help.
extern const char* const kImageOptionsHelp;

/// A command line argument that is neither an option nor its value.
bool is_option(const std::string& arg);

/// Reads and prepares one image; errors name the file.
core::Result<core::Field> load_field(const std::string& path, const core::PrepareConfig& cfg);

/// The same, reading the file into `buffer` (its capacity reused from one image to the next;
/// its contents afterwards unspecified) and preparing it into `field`, whose storage is reused
/// when it has the size already (see core::prepare_field_into); on failure its contents are
/// unspecified.
core::Status load_field_into(const std::string& path, const core::PrepareConfig& cfg, std::vector<std::uint8_t>& buffer,
                             core::Field& field);

/// PATHs to image files: a folder contributes its .png, .jpg, .jpeg, .gif, .bmp and .tga
/// files (any case), not recursing, sorted by name; other paths are taken as files (whatever
/// their name, they are decoded by content). A folder without images, or one that cannot be
/// listed, is an error naming it.
core::Result<std::vector<std::string>> expand_image_paths(const std::vector<std::string>& paths);

/// --jobs N and --progress: how the commands that read many images (fit, fmax) run.
struct RunOptions {
    int jobs = 1;           ///< images analysed at once (threads); 1 is one after another
    bool progress = false;  ///< --progress given (progress is also shown when stderr is a terminal)
};
/// The default of --jobs: the number of cores (1 in the WebAssembly build, which has no threads).
int default_jobs();
/// --jobs N (1..256) and --progress (errors printed; Parsed::error means return kExitUsage).
Parsed parse_run_option(CommandLine& cl, const std::string& arg, RunOptions& run);
/// The help lines of --jobs and --progress.
extern const char* const kRunOptionsHelp;

/// --schedule rf|cosine|sd3|edm|simple and --shift S (snr, effort, fmax).
struct ScheduleOptions {
    core::NoiseSchedule schedule;
    bool shift_given = false;
};
/// Parsed::error means return kExitUsage (the error is printed).
Parsed parse_schedule_option(CommandLine& cl, const std::string& arg, ScheduleOptions& s);
/// The options the corpus-wide schedule commands (fmax, snr, effort) share: the image options,
/// --jobs/--progress and --schedule/--shift, tried in that order.
Parsed parse_corpus_schedule_option(CommandLine& cl, const std::string& arg, core::PrepareConfig& cfg, RunOptions& run,
                                    ScheduleOptions& s);
/// --shift only with sd3; sets simple diffusion's resolution to the analysed side (--size, or
/// 1 / freq[1] with --size 0). False after printing an error.
bool check_schedule_options(const CommandLine& cl, ScheduleOptions& s, const core::PrepareConfig& cfg,
                            const std::vector<double>& freq);
extern const char* const kScheduleOptionsHelp;

/// The element-wise mean of log10 power over the RAPSDs of several images (as the essay
/// averages its corpus): all fields must have one shape. With run.jobs > 1 the images are
/// decoded and analysed on that many threads; the RAPSDs are kept in input order and averaged
/// in that order, so the result is bit-identical for every --jobs. An error is the one of the
/// first unusable file in input order. Progress goes to stderr if run.progress or stderr is a
/// terminal, nothing otherwise.
struct MeanSpectrum {
    std::vector<double> freq;         ///< cycles/pixel, bin 0 is DC
    std::vector<double> log10_power;  ///< core::mean_log10 of the images' RAPSDs
    int n_images = 0;
};
core::Result<MeanSpectrum> mean_spectrum(const std::vector<std::string>& paths, const core::PrepareConfig& cfg,
                                         const RunOptions& run);

/// "%.17g": enough digits to read the same double back.
std::string number(double v);
/// Writes CSV text to stdout; returns 0, or kExitData if stdout fails.
int write_stdout(const std::string& text);

int run_rapsd(CommandLine cl);
int run_fit(CommandLine cl);
int run_fmax(CommandLine cl);
int run_snr(CommandLine cl);  // commands_snr.cpp
int run_effort(CommandLine cl);
int run_noisy(CommandLine cl);
int run_slices(CommandLine cl);
int run_denoise(CommandLine cl);  // commands_generate.cpp
int run_sample(CommandLine cl);
int run_spectrum1d(CommandLine cl);  // commands_audio.cpp
int run_melspec(CommandLine cl);
int run_melrapsd(CommandLine cl);
int run_mfcc(CommandLine cl);

}  // namespace tide::cli
