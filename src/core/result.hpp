// Result<T>: a value, or a message a person can act on. Used for data errors (bad files,
// out-of-range parameters); programmer errors are asserts.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace tide::core {

template <class T>
class Result {
public:
    Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose

    static Result failure(std::string message) {
        Result r;
        r.error_ = std::move(message);
        return r;
    }

    bool ok() const { return value_.has_value(); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { assert(ok()); return *value_; }
    T& value() & { assert(ok()); return *value_; }
    T&& value() && { assert(ok()); return std::move(*value_); }

    /// The message; empty when ok().
    const std::string& error() const { return error_; }

private:
    Result() = default;
    std::optional<T> value_;
    std::string error_;
};

}  // namespace tide::core
