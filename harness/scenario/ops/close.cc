// harness/scenario/ops/close.cc — Close's IRP.
#include "harness/scenario/ops/close.h"

#include <ksfuzz/kernel_harness.h>

namespace ksfuzz {

PIRP OpTraits<model::Close>::build_irp(const Op&, IrpContext& ctx) {
  if (ctx.file->FsContext == nullptr) return nullptr;
  return KsfuzzIrpBuildClose(ctx.device, ctx.file);
}

}  // namespace ksfuzz
