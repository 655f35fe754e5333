// AssetSource: whether a corpus file (a photograph or a sound clip) can be read yet.
// Natively every file is on disk. The page ships only its fonts and the corpus indexes with
// the first download; it fetches the photographs and clips afterwards (the platform writes
// each into the in-memory file system as it arrives), so a figure may find one still on its
// way: it then shows it as loading and asks again on a later frame.
#pragma once

#include <string>

namespace tide::app {

class AssetSource {
public:
    enum class Status { ready, pending, failed };
    virtual ~AssetSource() = default;
    /// Whether `path` (as the stores name it, e.g. "/assets/images/kde_owl.png") can be read
    /// now. `pending` also puts the file first in line; `failed` sets *why (for people).
    virtual Status status(const std::string& path, std::string* why) = 0;
};

/// Every file is already where its path says (native builds, tests).
class DiskAssets final : public AssetSource {
public:
    Status status(const std::string&, std::string*) override { return Status::ready; }
};

}  // namespace tide::app
