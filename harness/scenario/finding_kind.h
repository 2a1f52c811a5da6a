// harness/scenario/finding_kind.h — ksfuzz::FindingKind: the one table of what a finding can be.
//
// Every producer names its finding by a row of this table: the oracle, the pool ledger and the
// verifier (by their KSFUZZ_VIOLATION_KIND), AddressSanitizer and UBSan (by their report), the
// runner. A mutant's declared bug class is the name of a row. Adding a kind is one enumerator and
// one row; tests/finding_kind_test.cc fails when a row or a verifier kind is left out.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include <ksfuzz/kernel_harness.h>

namespace ksfuzz {

enum class FindingKind : std::uint8_t {
  // The pool ledger and the verifier (Driver Verifier's bug checks).
  kDoubleFree,
  kWrongTag,
  kFreeInterior,
  kFreeNotPool,
  kZeroSizeAllocation,
  kLeak,
  kFreedWhileShared,
  kIrpCompletedTwice,
  kIrpCompletedPending,
  kAcquireOutsideCriticalRegion,
  kReleaseOutsideCriticalRegion,
  kCriticalRegionNotEntered,
  kResourceNotOwned,
  kSelfDeadlock,
  kDeadlock,
  kResourceUninitialized,
  kResourceReinitialized,
  kResourceDeleteUninitialized,
  kFreedWithActiveResource,
  kResourceDeletedWhileOwned,
  kCriticalRegionAtReturn,
  kLockHeldAtReturn,
  // The runner's reading of the ledger after an op.
  kFreedWhileHeld,
  // The oracle: model and implementation disagree.
  kCaptureMismatch,
  kMissingComplete,
  kStatusMismatch,
  kWrongStatus,
  kWrongInformation,
  kPoolEffects,
  kUnexpectedFree,
  kWrongFree,
  kWrongDescriptor,
  kWrongFlags,
  kWrongQueryBytes,
  // The sanitizers.
  kUseAfterFree,
  kBufferOverflow,
  kNullDereference,
  kBadAccess,
  kUndefinedBehavior,
  // The harness could not build the world the scenario describes.
  kSetupFailed,
};

/// One row: the stable name signatures carry, what it means in one line, and where it comes from.
struct FindingKindInfo {
  FindingKind kind;
  std::string_view name;
  std::string_view meaning;
  /// The verifier's violation this kind is (its bug check and parameters come from the verifier).
  std::optional<KSFUZZ_VIOLATION_KIND> verifier;
  /// The bug check Driver Verifier raises for it where the verifier has no row (special pool).
  std::string_view bugcheck;
};

/// The table, in FindingKind order.
std::span<const FindingKindInfo> finding_kinds();
const FindingKindInfo& info(FindingKind kind);
std::string_view name(FindingKind kind);
/// By name ("double-free"); nothing for a name no row has.
std::optional<FindingKind> finding_kind_named(std::string_view name);
/// True if `kind` is one of the kinds of `bug_class` (a mutant's BugClass: one kind's name, or
/// several joined by '|').
bool is_bug_class(std::string_view kind, std::string_view bug_class);
/// The kind of a verifier violation.
FindingKind finding_kind_of(KSFUZZ_VIOLATION_KIND kind);
/// The kind of an AddressSanitizer report: its bug description ("heap-use-after-free", "SEGV",
/// ...) and, for a SEGV, the faulting address (low addresses are NULL dereferences).
FindingKind finding_kind_of_asan(std::string_view description, std::uintptr_t address);

}  // namespace ksfuzz
