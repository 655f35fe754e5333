// Turning PATH arguments into analysed images (files and folders), their mean spectrum, and
// writing CSV.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

// The WebAssembly build is compiled without -pthread: there --jobs runs one image at a time.
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define TIDE_CLI_THREADS 0
#else
#define TIDE_CLI_THREADS 1
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#endif

#include "cli.hpp"
#include "core/powerlaw.hpp"
#include "terminal.hpp"

namespace tide::cli {

namespace {

namespace fs = std::filesystem;

bool has_image_extension(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".gif" || ext == ".bmp" || ext == ".tga";
}

std::string shape_of(const core::Field& f) {
    return std::to_string(f.cols) + "x" + std::to_string(f.rows);
}

using Clock = std::chrono::steady_clock;

double seconds_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

std::string images_per_second(std::size_t images, double seconds) {
    const double rate = static_cast<double>(images) / std::max(seconds, 1e-9);
    char text[48];
    std::snprintf(text, sizeof text, rate >= 100 ? "%.0f" : rate >= 10 ? "%.1f" : "%.2f", rate);
    return text;
}

/// "tide: 250/1000 images (412 images/s)" on stderr at most 5 times a second, and a summary
/// at the end; on a terminal (natively) the progress line is rewritten in place. Silent unless
/// asked for (--progress) or stderr is a terminal.
class Progress {
public:
    explicit Progress(bool asked)
        : enabled_(asked || stderr_is_terminal()),
          terminal_(terminal_rewrites_lines() && enabled_ && stderr_is_terminal()),
          start_(Clock::now()),
          last_(start_) {}

    void start(std::size_t total) { total_ = total; }

    /// `done` images analysed so far; prints if 0.2 s have passed since the last line.
    void update(std::size_t done) {
        if (!enabled_ || done >= total_) return;
        const Clock::time_point now = Clock::now();
        if (now - last_ < std::chrono::milliseconds(200)) return;
        last_ = now;
        std::fprintf(stderr, "%stide: %zu/%zu images (%s images/s)%s", terminal_ ? "\r" : "", done, total_,
                     images_per_second(done, seconds_between(start_, now)).c_str(), terminal_ ? "\033[K" : "\n");
        std::fflush(stderr);
        open_line_ = terminal_;
    }

    /// The summary line: "tide: 1000 images in 2.43 s (412 images/s)".
    void finish(std::size_t done) {
        if (!enabled_) return;
        const double s = seconds_between(start_, Clock::now());
        std::fprintf(stderr, "%stide: %zu image%s in %.2f s (%s images/s)\n", open_line_ ? "\r\033[K" : "", done,
                     done == 1 ? "" : "s", s, images_per_second(done, s).c_str());
        std::fflush(stderr);
        open_line_ = false;
    }

    /// Before an error message: ends a progress line left open on the terminal.
    void abandon() {
        if (open_line_) std::fputs("\r\033[K", stderr);
        open_line_ = false;
    }

private:
    bool enabled_;
    bool terminal_;  ///< rewrite the progress line in place
    bool open_line_ = false;
    std::size_t total_ = 0;
    Clock::time_point start_, last_;
};

/// One image's part of a mean spectrum: its RAPSD, or why it cannot be used.
struct Analysed {
    std::string error;  ///< non-empty: the file could not be read or prepared
    std::string shape;  ///< "COLSxROWS" of the analysed field
    std::vector<double> freq, power;
};

/// What one thread reuses from one image to the next: the file's bytes and the field (a
/// corpus has one size, so neither is allocated again after the first image).
struct Scratch {
    std::vector<std::uint8_t> bytes;
    core::Field field;
};

/// core::prepare_field_into of a file's bytes, a failure naming the file.
core::Status prepare_file_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes,
                                const core::PrepareConfig& cfg, core::Field& field) {
    if (const core::Status made = core::prepare_field_into(bytes.data(), bytes.size(), cfg, field); !made)
        return core::Status::failure(path + ": " + made.error());
    return {};
}

/// The shape and RAPSD of a prepared field into `out`.
void analyse_field(const core::Field& field, Analysed& out) {
    out.shape = shape_of(field);
    core::Rapsd r = core::rapsd(field);
    out.freq = std::move(r.freq);
    out.power = std::move(r.power);
}

/// Reads, prepares and analyses one image.
void analyse(const std::string& path, const core::PrepareConfig& cfg, Scratch& scratch, Analysed& out) {
    if (const core::Status loaded = load_field_into(path, cfg, scratch.bytes, scratch.field); !loaded) {
        out.error = loaded.error();
        return;
    }
    analyse_field(scratch.field, out);
}

#if TIDE_CLI_THREADS
/// Reads files, in order, on a thread of its own, a few ahead of the one thread that analyses
/// them: the reading (opening, the kernel's copy) then overlaps the decoding and transforms.
/// At most k_ahead files' bytes wait; their buffers go round, so none is allocated again once
/// they have the corpus's size.
class ReadAhead {
public:
    static constexpr std::size_t k_ahead = 4;

    explicit ReadAhead(const std::vector<std::string>& files) : files_(files), thread_([this] { run(); }) {}
    ~ReadAhead() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        changed_.notify_all();
        thread_.join();
    }
    ReadAhead(const ReadAhead&) = delete;
    ReadAhead& operator=(const ReadAhead&) = delete;

    /// The next file's bytes, swapped into `bytes` (whose old buffer the reader reuses), or why
    /// the file could not be read. Called once per file, in order.
    core::Status take(std::vector<std::uint8_t>& bytes) {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return read_ > taken_; });
        Slot& slot = slots_[taken_ % k_ahead];
        bytes.swap(slot.bytes);
        core::Status status = std::move(slot.status);
        ++taken_;
        lock.unlock();
        changed_.notify_all();
        return status;
    }

private:
    struct Slot {
        std::vector<std::uint8_t> bytes;
        core::Status status;
    };

    void run() {
        for (std::size_t i = 0; i < files_.size(); ++i) {
            std::vector<std::uint8_t> bytes;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                changed_.wait(lock, [&] { return stop_ || i - taken_ < k_ahead; });
                if (stop_) return;
                bytes.swap(slots_[i % k_ahead].bytes);  // a buffer the analysis is done with
            }
            core::Status status = core::read_file_into(files_[i], bytes);  // outside the lock
            {
                std::lock_guard<std::mutex> lock(mutex_);
                Slot& slot = slots_[i % k_ahead];
                slot.bytes.swap(bytes);
                slot.status = std::move(status);
                read_ = i + 1;
            }
            changed_.notify_all();
        }
    }

    const std::vector<std::string>& files_;
    std::mutex mutex_;
    std::condition_variable changed_;
    Slot slots_[k_ahead];
    std::size_t read_ = 0, taken_ = 0;  ///< files read so far; files handed to the analysis
    bool stop_ = false;
    std::thread thread_;  ///< last: it starts once everything it uses is made
};

/// analyse() of every file, one after another on this thread, while ReadAhead reads the next
/// ones; stops at the first unusable file. False if the reading thread could not be started
/// (then nothing was done).
bool analyse_reading_ahead(const std::vector<std::string>& files, const core::PrepareConfig& cfg,
                           std::vector<Analysed>& results, Progress& progress) {
    std::unique_ptr<ReadAhead> reader;
    try {
        reader = std::make_unique<ReadAhead>(files);
    } catch (const std::system_error&) {
        return false;
    }
    Scratch scratch;
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (const core::Status read = reader->take(scratch.bytes); !read) {
            results[i].error = read.error();
            break;
        }
        if (const core::Status made = prepare_file_bytes(files[i], scratch.bytes, cfg, scratch.field); !made) {
            results[i].error = made.error();
            break;
        }
        analyse_field(scratch.field, results[i]);
        progress.update(i + 1);
    }
    return true;
}

/// analyse() of every file on `workers` threads, each taking the next file in input order;
/// files after an unusable one are skipped (they cannot change the error). The calling thread
/// reports progress. False if no thread could be started (then nothing was done).
bool analyse_in_parallel(const std::vector<std::string>& files, const core::PrepareConfig& cfg, std::size_t workers,
                         std::vector<Analysed>& results, Progress& progress) {
    const std::size_t n = files.size();
    std::atomic<std::size_t> next{0}, done{0}, first_failure{n};
    std::mutex mutex;
    std::condition_variable finished;
    std::size_t running = 0;
    auto work = [&] {
        Scratch scratch;  // each thread's own
        for (;;) {
            const std::size_t i = next.fetch_add(1);
            if (i >= n || i > first_failure.load()) break;
            analyse(files[i], cfg, scratch, results[i]);
            if (!results[i].error.empty()) {
                std::size_t f = first_failure.load();
                while (i < f && !first_failure.compare_exchange_weak(f, i)) {
                }
            }
            done.fetch_add(1);
        }
        std::lock_guard<std::mutex> lock(mutex);
        if (--running == 0) finished.notify_all();
    };
    std::vector<std::thread> threads;
    threads.reserve(workers);
    for (std::size_t w = 0; w < workers; ++w) {
        std::lock_guard<std::mutex> lock(mutex);
        try {
            threads.emplace_back(work);
            ++running;  // under the lock, so a worker cannot finish before it is counted
        } catch (const std::system_error&) {
            break;  // as many threads as the system gives
        }
    }
    if (threads.empty()) return false;
    {
        std::unique_lock<std::mutex> lock(mutex);
        while (!finished.wait_for(lock, std::chrono::milliseconds(200), [&] { return running == 0; })) {
            lock.unlock();
            progress.update(done.load());
            lock.lock();
        }
    }
    for (std::thread& t : threads) t.join();
    return true;
}
#endif

}  // namespace

int default_jobs() {
#if TIDE_CLI_THREADS
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : static_cast<int>(std::min(cores, 256u));
#else
    return 1;
#endif
}

core::Status load_field_into(const std::string& path, const core::PrepareConfig& cfg, std::vector<std::uint8_t>& buffer,
                             core::Field& field) {
    if (const core::Status read = core::read_file_into(path, buffer); !read)
        return read;  // the message starts with the path
    return prepare_file_bytes(path, buffer, cfg, field);
}

core::Result<core::Field> load_field(const std::string& path, const core::PrepareConfig& cfg) {
    std::vector<std::uint8_t> buffer;
    core::Field field;
    if (const core::Status loaded = load_field_into(path, cfg, buffer, field); !loaded)
        return core::Result<core::Field>::failure(loaded.error());
    return field;
}

core::Result<std::vector<std::string>> expand_image_paths(const std::vector<std::string>& paths) {
    using R = core::Result<std::vector<std::string>>;
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (!fs::is_directory(path, ec)) {
            files.push_back(path);  // missing or unreadable files are reported when read
            continue;
        }
        std::vector<std::string> found;
        for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
            std::error_code type_ec;
            if (has_image_extension(it->path()) && !it->is_directory(type_ec)) found.push_back(it->path().string());
        }
        if (ec) return R::failure(path + ": cannot list the folder (" + ec.message() + ")");
        if (found.empty()) return R::failure(path + ": the folder has no .png, .jpg, .jpeg, .gif, .bmp or .tga files");
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

core::Result<MeanSpectrum> mean_spectrum(const std::vector<std::string>& paths, const core::PrepareConfig& cfg,
                                         const RunOptions& run) {
    using R = core::Result<MeanSpectrum>;
    Progress progress(run.progress);
    auto listed = expand_image_paths(paths);
    if (!listed) return R::failure(listed.error());
    const std::vector<std::string>& files = listed.value();
    const std::size_t n = files.size();
    std::vector<Analysed> results(n);
    progress.start(n);

    bool ran = false;
#if TIDE_CLI_THREADS
    const std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(std::max(run.jobs, 1)), n);
    if (workers > 1)
        ran = analyse_in_parallel(files, cfg, workers, results, progress);
    else if (n > 1)
        ran = analyse_reading_ahead(files, cfg, results, progress);
#else
    (void)run.jobs;  // no threads in this build: one image after another
#endif
    if (!ran) {  // one after another, stopping at the first unusable file
        Scratch scratch;
        for (std::size_t i = 0; i < n; ++i) {
            analyse(files[i], cfg, scratch, results[i]);
            if (!results[i].error.empty()) break;
            progress.update(i + 1);
        }
    }

    // In input order: the first unusable file, or the first of another shape than the first
    // image's, is the error (as when reading one after another); then the mean, in order.
    MeanSpectrum out;
    std::vector<std::vector<double>> powers;
    powers.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        Analysed& a = results[i];
        if (!a.error.empty()) {
            progress.abandon();
            return R::failure(a.error);
        }
        if (i > 0 && a.shape != results[0].shape) {
            progress.abandon();
            return R::failure(files[i] + ": analysed at " + a.shape + " pixels but " + files[0] + " at " +
                              results[0].shape + "; averaging spectra needs one size (use --size N)");
        }
        if (i == 0) out.freq = std::move(a.freq);
        powers.push_back(std::move(a.power));
    }
    out.log10_power = core::mean_log10(powers);
    out.n_images = static_cast<int>(powers.size());
    progress.finish(n);
    return out;
}

std::string number(double v) {
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", v);
    return text;
}

int write_stdout(const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : kExitData;
}

}  // namespace tide::cli
