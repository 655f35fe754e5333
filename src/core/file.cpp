// read_file_bytes and read_file_into (file.hpp): fstat first, so a directory or an oversized
// file is refused before anything is read; then one read() of the size it reports.
#include "file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tide::core {

namespace {

/// Closes a file descriptor when it goes out of scope.
struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

std::string too_large(const std::string& path, std::size_t max_bytes) {
    return path + ": the file is larger than " + std::to_string(max_bytes >> 20) + " MiB";
}

}  // namespace

Status read_file_into(const std::string& path, std::vector<std::uint8_t>& bytes, std::size_t max_bytes) {
    Fd file;
    file.fd = ::open(path.c_str(), O_RDONLY);
    if (file.fd < 0) return Status::failure(path + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(file.fd, &st) != 0) return Status::failure(path + ": " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) return Status::failure(path + ": is a directory, not a file");
    if (static_cast<unsigned long long>(st.st_size) > max_bytes) {
        return Status::failure(path + ": the file is " + std::to_string(st.st_size >> 20) + " MiB; at most " +
                               std::to_string(max_bytes >> 20) + " MiB are accepted");
    }
    // One byte more than the size stated, so that the end of the file is seen in the same read
    // (read returns fewer bytes) and a file that grew is noticed.
    std::size_t want = static_cast<std::size_t>(st.st_size) + 1, got = 0;
    bytes.resize(want);
    for (;;) {
        const ssize_t n = ::read(file.fd, bytes.data() + got, want - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            return Status::failure(path + ": read error (" + std::string(std::strerror(errno)) + ")");
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
        if (got > max_bytes) return Status::failure(too_large(path, max_bytes));
        if (got == want) {
            want += std::size_t{1} << 16;
            bytes.resize(want);
        }
    }
    bytes.resize(got);
    return {};
}

Result<std::vector<std::uint8_t>> read_file_bytes(const std::string& path, std::size_t max_bytes) {
    std::vector<std::uint8_t> bytes;
    if (const Status read = read_file_into(path, bytes, max_bytes); !read)
        return Result<std::vector<std::uint8_t>>::failure(read.error());
    return bytes;
}

}  // namespace tide::core
