// harness/scenario/ops/open.cc — Open's IRP.
#include "harness/scenario/ops/open.h"

#include <ksfuzz/kernel_harness.h>

namespace ksfuzz {

PIRP OpTraits<model::Open>::build_irp(const Op&, IrpContext& ctx) {
  if (ctx.file->FsContext != nullptr) return nullptr;  // the handle is open already (O3)
  // A new file object: the I/O manager's, named after the item to open (O1); no name for a file
  // declared without an item, which no create item matches (O2).
  *ctx.file = FILE_OBJECT{};
  if (ctx.name) ctx.file->FileName = *ctx.name;
  return KsfuzzIrpBuildCreate(ctx.device, ctx.file);
}

}  // namespace ksfuzz
