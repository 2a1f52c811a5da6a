// harness/scenario/ops/query_security.h — the scenario traits of QuerySecurity
// (IRP_MJ_QUERY_SECURITY).
//
//   binary: u32 SecurityInformation, u16 buffer length (% (kMaxQueryLength + 1))
//   text:   query file=0 info=DACL length=64
#pragma once

#include "harness/scenario/op_traits.h"
#include "model/ops/query_security.h"

namespace ksfuzz {

template <>
struct OpTraits<model::QuerySecurity> : OpTraitsDefaults<model::QuerySecurity> {
  using Op = model::QuerySecurity;
  static constexpr std::string_view kName = "QuerySecurity";
  static constexpr std::string_view kKeyword = "query";
  static constexpr int kWeight = 4;

  static void decode(Reader& r, std::uint8_t file, Op& into);
  static void encode(const Op& op, Writer& w);
  static void print(const Op& op, std::ostream& os);
  static model::Expected<Op> parse(LineParser& p, std::uint8_t file);
  static Op generate(gen::Source& src, const model::World& world, std::uint8_t file);
  static bool mutate(Op& op, const model::World& world, Rng& rng);
  static std::vector<Op> simpler(const Op& op);
  static std::size_t weight(const Op& op);
  static PIRP build_irp(const Op& op, IrpContext& ctx);
  /// The caller's whole buffer.
  static void observe(const Op& op, PIRP irp, Observation& seen);
  /// On success the buffer starts with the queried descriptor.
  static std::optional<Finding> check(const Op& op, const model::Outcome& want, const Observation& seen);
};

}  // namespace ksfuzz
