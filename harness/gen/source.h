// harness/gen/source.h — where a generator's choices come from.
//
// The descriptor and item generators are written once, against a Source, and serve two masters:
// inside a RapidCheck property each choice is a RapidCheck draw (RapidCheckSource: recorded, so a
// counterexample shrinks choice by choice), and in the custom mutator each is a number from the
// mutation's seeded Rng (RngSource: no RapidCheck machinery, no allocation; drawing a descriptor
// through RapidCheck costs more than running a whole scenario). The same choices, weighted the
// same way, so the two see the same shapes.
//
// Example usage:
//   model::Sid some_sid(Source& src) {
//     model::Sid s;
//     s.authority = src.chance(1, 6) ? src.range<std::uint64_t>(0, 1ull << 48) : src.range<std::uint64_t>(0, 19);
//     s.count = src.range<std::uint8_t>(0, 6);
//     for (std::size_t i = 0; i < s.count; ++i) s.sub[i] = src.any<std::uint32_t>();
//     return s;
//   }
//   rc::Gen<model::Sid> g = from_source(some_sid);  // in a property: RapidCheck's draws
//   RngSource src(rng);  // in the mutator
//   model::Sid v = some_sid(src);
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <iterator>
#include <span>
#include <utility>

#include <rapidcheck.h>

#include "harness/scenario/op_traits.h"

namespace ksfuzz::gen {

class Source {
 public:
  /// A number in [lo, hi) (lo when the range is empty); shrinks toward lo. Inside a property it
  /// grows with RapidCheck's size, as rc::gen::inRange does: a count or a length.
  virtual std::uint64_t in_range(std::uint64_t lo, std::uint64_t hi) = 0;
  /// One of n (n > 0), each as likely whatever the size, as rc::gen::element is; shrinks toward 0.
  virtual std::size_t index(std::size_t n) = 0;
  /// Any value of `bits` bits (8, 16, 32 or 64), small ones more often; shrinks toward 0.
  virtual std::uint64_t arbitrary(unsigned bits) = 0;
  /// An index into `weights`, each as likely as its weight (at least one is non-zero) whatever the
  /// size, as rc::gen::weightedElement is; shrinks toward the first.
  virtual std::size_t weighted(std::span<const std::uint32_t> weights) = 0;
  /// An index into `weights` as weighted() gives one, but its point in the total weight drawn with
  /// in_range: inside a property the later choices come in as RapidCheck's size grows (small
  /// scenarios have the first choice before the others); shrinks toward the first.
  std::size_t sized_weighted(std::span<const std::uint32_t> weights);

  template <typename T>
  T range(T lo, T hi) {
    return static_cast<T>(in_range(static_cast<std::uint64_t>(lo), static_cast<std::uint64_t>(hi)));
  }
  template <typename T>
  T any() {
    return static_cast<T>(arbitrary(8 * sizeof(T)));
  }
  /// One of `values`, each equally likely; shrinks toward the first.
  template <typename T>
  T element(std::initializer_list<T> values) {
    return values.begin()[index(values.size())];
  }
  template <typename T>
  T element(std::span<const T> values) {
    return values[index(values.size())];
  }
  /// One of `choices`' values, each as likely as its weight; shrinks toward the first.
  template <typename T>
  T pick(std::initializer_list<std::pair<std::uint32_t, T>> choices) {
    std::uint32_t weights[16];
    if (choices.size() > std::size(weights)) std::abort();  // a list that long: use weighted()
    std::size_t n = 0;
    for (const auto& c : choices) weights[n++] = c.first;
    return choices.begin()[weighted(std::span(weights, n))].second;
  }
  /// True `yes` times in `yes + no`; shrinks toward false.
  bool chance(std::uint32_t yes, std::uint32_t no) {
    const std::uint32_t weights[] = {no, yes};
    return weighted(weights) == 1;
  }

 protected:
  ~Source() = default;
};

/// Choices as RapidCheck draws: only inside a RapidCheck generator (rc::gen::exec) or property.
class RapidCheckSource final : public Source {
 public:
  std::uint64_t in_range(std::uint64_t lo, std::uint64_t hi) override;
  std::size_t index(std::size_t n) override;
  std::uint64_t arbitrary(unsigned bits) override;
  std::size_t weighted(std::span<const std::uint32_t> weights) override;
};

/// A RapidCheck generator of what `make(Source&)` builds, its choices RapidCheck's draws.
template <typename Make>
auto from_source(Make make) {
  return rc::gen::exec([make] {
    RapidCheckSource src;
    return make(static_cast<Source&>(src));
  });
}

/// Choices from a seeded Rng: the same seed, the same values.
class RngSource final : public Source {
 public:
  explicit RngSource(Rng& rng) : rng_(rng) {}
  std::uint64_t in_range(std::uint64_t lo, std::uint64_t hi) override;
  std::size_t index(std::size_t n) override;
  std::uint64_t arbitrary(unsigned bits) override;
  std::size_t weighted(std::span<const std::uint32_t> weights) override;

 private:
  std::uint64_t next64();
  Rng& rng_;
};

}  // namespace ksfuzz::gen
