// harness/scenario/ops/close.h — the scenario traits of Close (IRP_MJ_CLOSE).
//
//   binary: nothing after the kind and file bytes
//   text:   close file=0
#pragma once

#include "harness/scenario/op_traits.h"
#include "model/ops/close.h"

namespace ksfuzz {

template <>
struct OpTraits<model::Close> : FileOnlyOpTraits<model::Close> {
  using Op = model::Close;
  static constexpr std::string_view kName = "Close";
  static constexpr std::string_view kKeyword = "close";
  static constexpr int kWeight = 1;
  static constexpr bool kReleasesFile = true;

  static PIRP build_irp(const Op& op, IrpContext& ctx);
};

}  // namespace ksfuzz
