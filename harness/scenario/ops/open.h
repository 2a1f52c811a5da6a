// harness/scenario/ops/open.h — the scenario traits of Open (IRP_MJ_CREATE on a create item).
//
//   binary: nothing after the kind and file bytes
//   text:   open file=2          (file 2 declared "closed": a handle not opened yet)
#pragma once

#include "harness/scenario/op_traits.h"
#include "model/ops/open.h"

namespace ksfuzz {

template <>
struct OpTraits<model::Open> : FileOnlyOpTraits<model::Open> {
  using Op = model::Open;
  static constexpr std::string_view kName = "Open";
  static constexpr std::string_view kKeyword = "open";
  static constexpr int kWeight = 2;
  static constexpr bool kOpensFile = true;

  /// An IRP_MJ_CREATE naming the file's create item (its ObjectClass), through KsDispatchIrp.
  static PIRP build_irp(const Op& op, IrpContext& ctx);
};

}  // namespace ksfuzz
