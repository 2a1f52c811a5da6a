// harness/gen/source.cc — the two sources of choices: RapidCheck's draws and a seeded Rng.
#include "harness/gen/source.h"

namespace ksfuzz::gen {
namespace {

// The choice whose share of the total weight holds `at`.
std::size_t index_at(std::span<const std::uint32_t> weights, std::uint64_t at) {
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (at < weights[i]) return i;
    at -= weights[i];
  }
  return weights.size() - 1;
}

// Inside a property: a number in [0, n) whatever RapidCheck's size (a choice, not a magnitude),
// shrinking toward 0.
std::uint64_t any_below(std::uint64_t n) {
  return *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::uint64_t>(0, n));
}

}  // namespace

std::size_t Source::sized_weighted(std::span<const std::uint32_t> weights) {
  std::uint64_t total = 0;
  for (auto w : weights) total += w;
  return index_at(weights, in_range(0, total));
}

std::uint64_t RapidCheckSource::in_range(std::uint64_t lo, std::uint64_t hi) {
  return hi <= lo ? lo : *rc::gen::inRange<std::uint64_t>(lo, hi);
}

std::size_t RapidCheckSource::index(std::size_t n) { return any_below(n); }

std::uint64_t RapidCheckSource::arbitrary(unsigned bits) {
  switch (bits) {
    case 8: return *rc::gen::arbitrary<std::uint8_t>();
    case 16: return *rc::gen::arbitrary<std::uint16_t>();
    case 32: return *rc::gen::arbitrary<std::uint32_t>();
    default: return *rc::gen::arbitrary<std::uint64_t>();
  }
}

std::size_t RapidCheckSource::weighted(std::span<const std::uint32_t> weights) {
  // rc's weightedElement wants a literal list: a point in the total weight, which shrinks toward
  // 0, the first choice.
  std::uint64_t total = 0;
  for (auto w : weights) total += w;
  return index_at(weights, any_below(total));
}

std::uint64_t RngSource::next64() {
  // minstd_rand gives 31 bits a call.
  std::uint64_t v = 0;
  for (int i = 0; i < 3; ++i) v = (v << 31) ^ rng_();
  return v;
}

std::uint64_t RngSource::in_range(std::uint64_t lo, std::uint64_t hi) {
  return hi <= lo ? lo : lo + next64() % (hi - lo);
}

std::size_t RngSource::index(std::size_t n) { return next64() % n; }

std::uint64_t RngSource::arbitrary(unsigned bits) {
  // A width first, then a value of that width: small values as often as large ones.
  const unsigned width = static_cast<unsigned>(rng_() % (bits + 1));
  return width == 0 ? 0 : next64() >> (64 - width);
}

std::size_t RngSource::weighted(std::span<const std::uint32_t> weights) {
  std::uint64_t total = 0;
  for (auto w : weights) total += w;
  return index_at(weights, next64() % total);
}

}  // namespace ksfuzz::gen
