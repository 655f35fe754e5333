// StoreEntry: whether an entry of the image or sound store (a photograph, a clip) can be used:
// its file still on its way (the page fetches the corpus after the first figure), ready, or
// failed with a message a person can act on. load_entry() is the stores' one way to look an
// entry up: made once from its file when the file can be read, a stand-in while it cannot yet.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "assets.hpp"

namespace tide::app {

enum class Availability { loading, ready, failed };

struct StoreEntry {
    Availability availability = Availability::ready;
    /// What to show instead of the entry: "loading <title>..." or why it failed; empty when ready.
    std::string message;

    bool ready() const { return availability == Availability::ready; }
    bool loading() const { return availability == Availability::loading; }
    bool failed() const { return availability == Availability::failed; }
    void fail(std::string why) {
        availability = Availability::failed;
        message = std::move(why);
    }
};

/// The entry `id` of a store: from `done` if it was made; otherwise, when its file (`path`;
/// null for an id the store does not know) can be read, made once by make(path) and kept; while
/// the file is on its way, a stand-in from `waiting` marked loading (ask again on a later frame);
/// when it cannot be fetched, a failed entry saying why. `title` names it in messages, `kind`
/// ("image", "clip") an unknown id.
template <class Entry, class Make>
const Entry& load_entry(std::map<std::string, std::unique_ptr<Entry>>& done, std::map<std::string, Entry>& waiting,
                        AssetSource& assets, const std::string& id, const std::string* path, const std::string& title,
                        const char* kind, Make make) {
    auto it = done.find(id);
    if (it != done.end()) return *it->second;
    std::string why;
    const AssetSource::Status status = path ? assets.status(*path, &why) : AssetSource::Status::ready;
    if (status == AssetSource::Status::pending) {
        Entry& stand_in = waiting[id];
        stand_in.availability = Availability::loading;
        stand_in.message = "loading " + title + "\u2026";
        return stand_in;
    }
    waiting.erase(id);
    std::unique_ptr<Entry> entry;
    if (status == AssetSource::Status::failed) {
        entry = std::make_unique<Entry>();
        entry->fail(title + ": " + why);
    } else if (path) {
        entry = make(*path);
    } else {
        entry = std::make_unique<Entry>();
        entry->fail("unknown " + std::string(kind) + " '" + id + "'");
    }
    return *done.emplace(id, std::move(entry)).first->second;
}

}  // namespace tide::app
