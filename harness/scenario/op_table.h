// harness/scenario/op_table.h — ksfuzz::Op: the one table of op kinds.
//
// Adding an op kind (docs/TUTORIAL.md, "Add an operation"):
//   1. model/ops/<op>.{h,cc}            the value and its model::step()
//   2. harness/scenario/ops/<op>.{h,cc} its OpTraits: bytes, text, generator, shrinking, IRP
//   3. one row here: the include and the alternative
// The codec, text form, generators, mutator, shrinker, runner, oracle and reports iterate over
// this variant; a kind without OpTraits does not compile, and tests/op_table_test.cc fails when
// a file under model/ops/ has no row.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <variant>

#include "harness/scenario/ops/close.h"
#include "harness/scenario/ops/open.h"
#include "harness/scenario/ops/query_security.h"
#include "harness/scenario/ops/set_security.h"

namespace ksfuzz {

/// The binary form stores an op's kind as its index here: append, never reorder.
using Op = std::variant<model::SetSecurity, model::QuerySecurity, model::Close, model::Open>;

inline constexpr std::size_t kOpKinds = std::variant_size_v<Op>;

/// Calls f(OpTraits<T>{}, index) for every kind T, in table order.
template <typename F>
constexpr void for_each_op_kind(F&& f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (f(OpTraits<std::variant_alternative_t<I, Op>>{}, I), ...);
  }(std::make_index_sequence<kOpKinds>{});
}

/// The op of kind `index` (< kOpKinds) that f(OpTraits<T>{}) returns.
template <typename F>
Op make_op(std::size_t index, F&& f) {
  Op out;
  for_each_op_kind([&](auto traits, std::size_t i) {
    if (i == index) out = f(traits);
  });
  return out;
}

/// f(op, OpTraits<T>{}) for the op's own kind.
template <typename F>
decltype(auto) visit_op(const Op& op, F&& f) {
  return std::visit([&](const auto& o) -> decltype(auto) { return f(o, OpTraits<std::decay_t<decltype(o)>>{}); }, op);
}
template <typename F>
decltype(auto) visit_op(Op& op, F&& f) {
  return std::visit([&](auto& o) -> decltype(auto) { return f(o, OpTraits<std::decay_t<decltype(o)>>{}); }, op);
}

/// "SetSecurity", "QuerySecurity", "Close", "Open".
inline std::string_view op_name(const Op& op) {
  return visit_op(op, [](const auto&, auto traits) { return decltype(traits)::kName; });
}
/// The file every op kind is sent on.
inline std::uint8_t op_file(const Op& op) {
  return std::visit([](const auto& o) { return o.file; }, op);
}
/// model::step of the op's kind.
inline model::Outcome step(model::World& world, const Op& op) {
  return std::visit([&](const auto& o) { return model::step(world, o); }, op);
}

}  // namespace ksfuzz
