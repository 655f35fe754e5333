// read_file_bytes (file.hpp): stat first, so a directory or an oversized file is refused before
// anything is read.
#include "file.hpp"

#include <sys/stat.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace tide::core {

Result<std::vector<std::uint8_t>> read_file_bytes(const std::string& path, std::size_t max_bytes) {
    using R = Result<std::vector<std::uint8_t>>;
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) {
        return R::failure(path + ": " + std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) return R::failure(path + ": is a directory, not a file");
    if (static_cast<unsigned long long>(st.st_size) > max_bytes) {
        return R::failure(path + ": the file is " + std::to_string(st.st_size >> 20) + " MiB; at most " +
                          std::to_string(max_bytes >> 20) + " MiB are accepted");
    }
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
    if (!file) return R::failure(path + ": " + std::strerror(errno));
    std::vector<std::uint8_t> bytes;
    std::uint8_t chunk[1 << 16];
    std::size_t got = 0;
    while ((got = std::fread(chunk, 1, sizeof chunk, file.get())) > 0) {
        bytes.insert(bytes.end(), chunk, chunk + got);
        if (bytes.size() > max_bytes) {
            return R::failure(path + ": the file is larger than " + std::to_string(max_bytes >> 20) + " MiB");
        }
    }
    if (std::ferror(file.get())) return R::failure(path + ": read error");
    return bytes;
}

}  // namespace tide::core
