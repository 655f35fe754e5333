// Parsing the corpus index (tab-separated, one header line).
#include "corpus.hpp"

#include <fstream>
#include <sstream>

namespace tide::app {

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> cols;
    std::string col;
    std::istringstream in(line);
    while (std::getline(in, col, '\t')) cols.push_back(col);
    return cols;
}

core::Result<Corpus> Corpus::load(const std::string& dir) {
    using R = core::Result<Corpus>;
    std::ifstream in(dir + "/index.tsv");
    if (!in) return R::failure("cannot open the corpus index " + dir + "/index.tsv");
    Corpus corpus;
    corpus.dir_ = dir;
    std::string line;
    std::getline(in, line);  // header
    int line_no = 1;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.empty()) continue;
        const auto cols = split_tabs(line);
        if (cols.size() < 7) {
            return R::failure(dir + "/index.tsv line " + std::to_string(line_no) + ": expected 7 columns");
        }
        corpus.images_.push_back({cols[0], cols[1], cols[2], cols[6]});
    }
    if (corpus.images_.empty()) return R::failure(dir + "/index.tsv lists no images");
    return corpus;
}

int Corpus::find(const std::string& id) const {
    for (std::size_t i = 0; i < images_.size(); ++i)
        if (images_[i].id == id) return static_cast<int>(i);
    return -1;
}

}  // namespace tide::app
