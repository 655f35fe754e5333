// Result<T>: a value, or a message a person can act on. Status: the same without a value (a
// validator, a setter). Used for data errors (bad files, out-of-range parameters); programmer
// errors are asserts. The project's one idiom for "it failed": no empty-string-means-OK.
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

    const T& value() const& {
        assert(ok());
        return *value_;
    }
    T& value() & {
        assert(ok());
        return *value_;
    }
    T&& value() && {
        assert(ok());
        return std::move(*value_);
    }

    /// The message; empty when ok().
    const std::string& error() const { return error_; }

private:
    Result() = default;
    std::optional<T> value_;
    std::string error_;
};

/// Success, or a message a person can act on.
class [[nodiscard]] Status {
public:
    Status() = default;  ///< success
    static Status failure(std::string message) {
        assert(!message.empty());
        Status s;
        s.error_ = std::move(message);
        return s;
    }
    /// A Result's outcome without its value.
    template <class T>
    static Status of(const Result<T>& r) {
        return r.ok() ? Status() : failure(r.error());
    }

    bool ok() const { return error_.empty(); }
    explicit operator bool() const { return ok(); }
    /// The message; empty when ok().
    const std::string& error() const { return error_; }

private:
    std::string error_;
};

}  // namespace tide::core
