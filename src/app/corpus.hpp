// The image corpus as shipped in assets/images: index.tsv plus one 320 x 320 PNG per photo.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"

namespace tide::app {

struct CorpusImage {
    std::string id;     ///< file stem, also the key used in URLs and state
    std::string label;  ///< "nature" or "man-made"
    std::string title;  ///< short description for people
    std::string licence;
};

/// The columns of one line of a tab-separated file.
std::vector<std::string> split_tabs(const std::string& line);

class Corpus {
public:
    /// Reads <dir>/index.tsv (header: id, label, title, package, version, source_path, licence).
    static core::Result<Corpus> load(const std::string& dir);

    const std::vector<CorpusImage>& images() const { return images_; }
    /// Appends a person's own photograph (label "yours"; it has no file here, the image store
    /// holds its analysis). The corpus files keep their indices.
    void add(CorpusImage image) { images_.push_back(std::move(image)); }
    /// Index of the image with this id, or -1.
    int find(const std::string& id) const;
    /// The folder of index.tsv and the photographs.
    const std::string& dir() const { return dir_; }
    /// Where a corpus photograph's file is (meaningless for label "yours").
    std::string path_of(int index) const { return dir_ + "/" + images_[index].id + ".png"; }

private:
    std::string dir_;
    std::vector<CorpusImage> images_;
};

}  // namespace tide::app
