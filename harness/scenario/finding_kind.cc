// harness/scenario/finding_kind.cc — the table of finding kinds.
#include "harness/scenario/finding_kind.h"

#include <array>

namespace ksfuzz {
namespace {

using K = FindingKind;

constexpr std::array kRows = {
    FindingKindInfo{K::kDoubleFree, "double-free", "a pool block was freed twice", KsfuzzViolationDoubleFree, {}},
    FindingKindInfo{K::kWrongTag, "wrong-tag", "ExFreePoolWithTag with a tag other than the block's", KsfuzzViolationWrongTag, {}},
    FindingKindInfo{K::kFreeInterior, "free-interior", "a free of an address inside a pool block", KsfuzzViolationFreeInterior, {}},
    FindingKindInfo{K::kFreeNotPool, "free-not-pool", "a free of memory the pool never handed out (a static, the stack)", KsfuzzViolationFreeNotPool, {}},
    FindingKindInfo{K::kZeroSizeAllocation, "zero-size-allocation", "a pool allocation of zero bytes", KsfuzzViolationZeroSizeAllocation, {}},
    FindingKindInfo{K::kLeak, "leak", "a pool block nobody frees", KsfuzzViolationLeak, {}},
    FindingKindInfo{K::kFreedWhileShared, "freed-while-shared", "a block another create item still points at was freed", KsfuzzViolationFreedWhileShared, {}},
    FindingKindInfo{K::kIrpCompletedTwice, "irp-completed-twice", "IoCompleteRequest called twice for one IRP", KsfuzzViolationIrpCompletedTwice, {}},
    FindingKindInfo{K::kIrpCompletedPending, "irp-completed-pending", "an IRP completed with STATUS_PENDING", KsfuzzViolationIrpCompletedPending, {}},
    FindingKindInfo{K::kAcquireOutsideCriticalRegion, "acquire-outside-critical-region", "a resource acquired with normal kernel APCs enabled (no KeEnterCriticalRegion)", KsfuzzViolationAcquireOutsideCriticalRegion, {}},
    FindingKindInfo{K::kReleaseOutsideCriticalRegion, "release-outside-critical-region", "a resource released with normal kernel APCs enabled", KsfuzzViolationReleaseOutsideCriticalRegion, {}},
    FindingKindInfo{K::kCriticalRegionNotEntered, "critical-region-not-entered", "KeLeaveCriticalRegion outside any critical region", KsfuzzViolationCriticalRegionNotEntered, {}},
    FindingKindInfo{K::kResourceNotOwned, "resource-not-owned", "a resource released by a context that does not hold it", KsfuzzViolationResourceNotOwned, {}},
    FindingKindInfo{K::kSelfDeadlock, "self-deadlock", "a context waits for a resource it holds itself (shared, asking for exclusive)", KsfuzzViolationSelfDeadlock, {}},
    FindingKindInfo{K::kDeadlock, "deadlock", "every IRP in flight waits for a resource", KsfuzzViolationDeadlock, {}},
    FindingKindInfo{K::kResourceUninitialized, "resource-uninitialized", "a resource acquired that was never initialized (or was deleted)", KsfuzzViolationResourceUninitialized, {}},
    FindingKindInfo{K::kResourceReinitialized, "resource-reinitialized", "ExInitializeResourceLite on a resource already initialized", KsfuzzViolationResourceReinitialized, {}},
    FindingKindInfo{K::kResourceDeleteUninitialized, "resource-delete-uninitialized", "ExDeleteResourceLite on a resource never initialized", KsfuzzViolationResourceDeleteUninitialized, {}},
    FindingKindInfo{K::kFreedWithActiveResource, "freed-with-active-resource", "a pool block freed while it holds an initialized resource", KsfuzzViolationFreedWithActiveResource, {}},
    FindingKindInfo{K::kResourceDeletedWhileOwned, "resource-deleted-while-owned", "ExDeleteResourceLite on a resource a context still holds", KsfuzzViolationResourceDeletedWhileOwned, {}},
    FindingKindInfo{K::kCriticalRegionAtReturn, "critical-region-at-return", "a dispatch routine returned inside a critical region", KsfuzzViolationCriticalRegionAtReturn, {}},
    FindingKindInfo{K::kLockHeldAtReturn, "lock-held-at-return", "a dispatch routine returned holding a resource", KsfuzzViolationLockHeldAtReturn, {}},
    FindingKindInfo{K::kFreedWhileHeld, "freed-while-held", "the op freed the block its own create item still points at", {}, {}},
    FindingKindInfo{K::kCaptureMismatch, "capture-mismatch", "the I/O manager's capture and the model disagree on the caller's descriptor", {}, {}},
    FindingKindInfo{K::kMissingComplete, "missing-complete", "the IRP was never completed", {}, {}},
    FindingKindInfo{K::kStatusMismatch, "status-mismatch", "the routine returned one status and completed the IRP with another", {}, {}},
    FindingKindInfo{K::kWrongStatus, "wrong-status", "the IRP was completed with the wrong status", {}, {}},
    FindingKindInfo{K::kWrongInformation, "wrong-information", "IoStatus.Information is wrong", {}, {}},
    FindingKindInfo{K::kPoolEffects, "pool-effects", "the op's pool allocations and frees differ from the model's", {}, {}},
    FindingKindInfo{K::kUnexpectedFree, "unexpected-free", "the op freed a block the model keeps", {}, {}},
    FindingKindInfo{K::kWrongFree, "wrong-free", "the op freed another block than the old descriptor", {}, {}},
    FindingKindInfo{K::kWrongDescriptor, "wrong-descriptor", "a create item's descriptor differs from the model's", {}, {}},
    FindingKindInfo{K::kWrongFlags, "wrong-flags", "a create item's Flags differ from the model's", {}, {}},
    FindingKindInfo{K::kWrongQueryBytes, "wrong-query-bytes", "the caller's buffer does not hold the queried descriptor", {}, {}},
    FindingKindInfo{K::kUseAfterFree, "use-after-free", "a read or write of a freed pool block", {}, "DRIVER_PAGE_FAULT_IN_FREED_SPECIAL_POOL (0xD5)"},
    FindingKindInfo{K::kBufferOverflow, "buffer-overflow", "a read or write past the end of a block or buffer", {}, "DRIVER_PAGE_FAULT_BEYOND_END_OF_ALLOCATION (0xD6)"},
    FindingKindInfo{K::kNullDereference, "null-dereference", "a read or write through a NULL pointer", {}, "PAGE_FAULT_IN_NONPAGED_AREA (0x50)"},
    FindingKindInfo{K::kBadAccess, "bad-access", "any other memory error AddressSanitizer reports", {}, {}},
    FindingKindInfo{K::kUndefinedBehavior, "undefined-behavior", "UndefinedBehaviorSanitizer stopped the run", {}, {}},
    FindingKindInfo{K::kSetupFailed, "setup-failed", "the driver's Setup failed, or built a world the model cannot hold (more than 4 items, a descriptor it cannot read)", {}, {}},
};

constexpr bool rows_in_order() {
  for (std::size_t i = 0; i < kRows.size(); ++i)
    if (static_cast<std::size_t>(kRows[i].kind) != i) return false;
  return true;
}
static_assert(rows_in_order(), "finding kind rows must follow the FindingKind enumerators");
static_assert(kRows.size() == static_cast<std::size_t>(FindingKind::kSetupFailed) + 1,
              "every FindingKind needs its row");

}  // namespace

std::span<const FindingKindInfo> finding_kinds() { return kRows; }
const FindingKindInfo& info(FindingKind kind) { return kRows[static_cast<std::size_t>(kind)]; }
std::string_view name(FindingKind kind) { return info(kind).name; }

std::optional<FindingKind> finding_kind_named(std::string_view name) {
  for (const auto& row : kRows)
    if (row.name == name) return row.kind;
  return std::nullopt;
}

bool is_bug_class(std::string_view kind, std::string_view bug_class) {
  while (!bug_class.empty()) {
    auto bar = bug_class.find('|');
    if (bug_class.substr(0, bar) == kind) return true;
    bug_class = bar == std::string_view::npos ? std::string_view{} : bug_class.substr(bar + 1);
  }
  return false;
}

FindingKind finding_kind_of(KSFUZZ_VIOLATION_KIND kind) {
  for (const auto& row : kRows)
    if (row.verifier == kind) return row.kind;
  return FindingKind::kBadAccess;  // unreachable while finding_kind_test holds
}

FindingKind finding_kind_of_asan(std::string_view description, std::uintptr_t address) {
  if (description == "heap-use-after-free") return K::kUseAfterFree;
  if (description == "heap-buffer-overflow" || description == "stack-buffer-overflow" ||
      description == "global-buffer-overflow" || description == "container-overflow")
    return K::kBufferOverflow;
  if (description == "double-free") return K::kDoubleFree;
  if (description == "bad-free") return K::kFreeNotPool;
  if (description == "SEGV" && address < 0x10000) return K::kNullDereference;
  return K::kBadAccess;
}

}  // namespace ksfuzz
