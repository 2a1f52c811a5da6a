// model/expected.h — model::Expected<T>: a value, or the reason there is none.
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

namespace model {

/// Why an input was rejected: the rule it broke, and where (a byte offset for binary input, a
/// 0-based column for text).
struct Error {
  std::string rule;
  std::size_t offset = 0;

  friend bool operator==(const Error&, const Error&) = default;
};

std::ostream& operator<<(std::ostream& os, const Error& e);

/// A value or an Error. Small on purpose: std::expected is C++23.
template <typename T>
class Expected {
 public:
  Expected(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Expected(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  /// Requires ok().
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T& operator*() const& { return *value_; }
  const T* operator->() const { return &*value_; }
  /// Requires !ok().
  const Error& error() const { return error_; }

 private:
  std::optional<T> value_;
  Error error_;
};

}  // namespace model
