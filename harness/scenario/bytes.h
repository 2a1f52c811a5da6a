// harness/scenario/bytes.h — the little-endian reader and writer the scenario codec and each op
// kind's binary layout are written with. Internal to the codec: nothing else reads scenario bytes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace ksfuzz {

/// Reads past the end yield zeros, so a truncated input is just more zeros (the codec is total).
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> b) : b_(b) {}
  std::uint8_t u8() { return pos_ < b_.size() ? b_[pos_++] : 0; }
  // The low byte first, in sequence (the operands of | are not: `u8() | u8() << 8` may read the
  // high byte first), and whole when it is all there.
  std::uint16_t u16() {
    if (left() >= 2) {
      auto v = static_cast<std::uint16_t>(b_[pos_] | b_[pos_ + 1] << 8);
      pos_ += 2;
      return v;
    }
    std::uint16_t lo = u8();
    return static_cast<std::uint16_t>(lo | u8() << 8);
  }
  std::uint32_t u32() {
    std::uint32_t lo = u16();
    return lo | static_cast<std::uint32_t>(u16()) << 16;
  }
  /// At most n bytes: what is left of the input.
  /// The next n bytes, or as many as are left: a view of the input, valid while it is.
  std::span<const std::uint8_t> bytes(std::size_t n) {
    std::size_t at = std::min(pos_, b_.size());
    std::size_t take = std::min(n, b_.size() - at);
    pos_ = at + take;
    return b_.subspan(at, take);
  }

 private:
  std::size_t left() const { return b_.size() - std::min(pos_, b_.size()); }

  std::span<const std::uint8_t> b_;
  std::size_t pos_ = 0;
};

class Writer {
 public:
  explicit Writer(std::vector<std::uint8_t>& out) : out_(out) {}
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) { u8(static_cast<std::uint8_t>(v)), u8(static_cast<std::uint8_t>(v >> 8)); }
  void u32(std::uint32_t v) { u16(static_cast<std::uint16_t>(v)), u16(static_cast<std::uint16_t>(v >> 16)); }
  /// A u16 length, then the bytes (the caller keeps them under 64 KiB).
  void bytes(std::span<const std::uint8_t> b) {
    u16(static_cast<std::uint16_t>(b.size()));
    out_.insert(out_.end(), b.begin(), b.end());
  }

 private:
  std::vector<std::uint8_t>& out_;
};

}  // namespace ksfuzz
