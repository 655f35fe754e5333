// Mathematical constants of the core and its clients, so no file defines its own and none
// depends on M_PI (POSIX, not standard C++17).
#pragma once

namespace tide::core {

/// pi to double precision (std::numbers::pi from C++20).
inline constexpr double pi = 3.14159265358979323846;

}  // namespace tide::core
