// Field: a rows x cols array of doubles, row-major; the one 2-D container of the core.
#pragma once

#include <cassert>
#include <cstddef>
#include <vector>

namespace tide::core {

template <class T>
struct Grid {
    int rows = 0;
    int cols = 0;
    std::vector<T> data;  // size rows*cols, element (r, c) at r*cols + c

    Grid() = default;
    Grid(int rows_, int cols_, T fill = T{})
        : rows(rows_), cols(cols_), data(static_cast<std::size_t>(rows_) * cols_, fill) {
        assert(rows_ >= 0 && cols_ >= 0);
    }

    T& at(int r, int c) { return data[static_cast<std::size_t>(r) * cols + c]; }
    const T& at(int r, int c) const { return data[static_cast<std::size_t>(r) * cols + c]; }
    std::size_t size() const { return data.size(); }
};

using Field = Grid<double>;

}  // namespace tide::core
