// harness/scenario/ops/set_security.h — the scenario traits of SetSecurity (IRP_MJ_SET_SECURITY).
//
//   binary: u32 SecurityInformation, u16 length (% kMaxDescriptorBytes), the caller's bytes
//   text:   set file=0 info=OWNER|DACL sd=O:SYG:SY      (hex=... for bytes SDDL cannot give back)
#pragma once

#include "harness/scenario/op_traits.h"
#include "model/ops/set_security.h"

namespace ksfuzz {

template <>
struct OpTraits<model::SetSecurity> : OpTraitsDefaults<model::SetSecurity> {
  using Op = model::SetSecurity;
  static constexpr std::string_view kName = "SetSecurity";
  static constexpr std::string_view kKeyword = "set";
  static constexpr int kWeight = 6;

  static void decode(Reader& r, std::uint8_t file, Op& into);
  static void encode(const Op& op, Writer& w);
  static void print(const Op& op, std::ostream& os);
  static model::Expected<Op> parse(LineParser& p, std::uint8_t file);
  static Op generate(gen::Source& src, const model::World& world, std::uint8_t file);
  static bool mutate(Op& op, const model::World& world, Rng& rng);
  static std::vector<Op> simpler(const Op& op);
  static std::size_t weight(const Op& op);
  static PIRP build_irp(const Op& op, IrpContext& ctx);
};

}  // namespace ksfuzz
