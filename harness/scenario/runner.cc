// harness/scenario/runner.cc — materialize a Scenario in the emulated kernel, send its ops, watch.
#include "harness/scenario/runner.h"

#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <iostream>

#include <ntifs.h>
#include <ks.h>
#include <ksfuzz/implementation.h>
#include <ksfuzz/kernel_harness.h>
#include <ksfuzz/ks_harness.h>

#include "harness/scenario/oracle.h"
#include "model/sd/codec.h"

namespace ksfuzz {
namespace {

// Holder names must outlive the ledger's records: literals.
constexpr const char* kItemNames[kMaxItems] = {"create item 0", "create item 1", "create item 2",
                                               "create item 3"};
constexpr const char* kSetupSites[kMaxItems] = {"create item 0 setup", "create item 1 setup",
                                                "create item 2 setup", "create item 3 setup"};
constexpr std::size_t kMaxModelBlocks = 64;  // model ids: items + SetSecurity ops + 1

// Descriptors of static slots: memory the pool never handed out, as a driver's global would be.
alignas(16) unsigned char g_static_descriptors[kMaxItems][kMaxDescriptorBytes];

// What the death callback needs to name the op a sanitizer stopped in.
struct Context {
  const char* impl = "?";
  const char* op = "Setup";
} g_context;

void on_sanitizer_death() {
  std::fprintf(stderr, "SUMMARY: ksfuzz: %s/%s/%s\n", g_context.impl, g_context.op,
               __asan_report_present() ? __asan_get_report_description() : "sanitizer-error");
}

// The world in the emulated kernel for one run. Reused: nothing here allocates.
struct Kernel {
  DEVICE_OBJECT device{};
  KSDEVICE_HEADER header = nullptr;
  std::array<KSOBJECT_CREATE_ITEM, kMaxItems> list{};  // the device header's own items
  std::array<PKSOBJECT_CREATE_ITEM, kMaxItems> item{};  // scenario item -> KS create item
  std::array<FILE_OBJECT, kMaxFiles> file{};
  KSDISPATCH_TABLE table{};
  std::array<ULONG, kMaxModelBlocks> ledger_block{};  // model BlockId -> ledger block id
};

ULONG model_to_ledger(const Kernel& k, model::BlockId b) { return b < kMaxModelBlocks ? k.ledger_block[b] : 0; }

std::vector<std::uint32_t> live_blocks() {
  std::vector<std::uint32_t> out;
  ULONG n = KsfuzzPoolAttemptCount();
  for (ULONG id = 1; id <= n; ++id) {
    KSFUZZ_POOL_BLOCK_INFO info;
    if (KsfuzzPoolBlockInfo(id, &info) && info.Live) out.push_back(id);
  }
  return out;
}

bool is_static(const void* p, std::size_t& index, std::size_t& offset) {
  auto a = reinterpret_cast<std::uintptr_t>(p);
  auto base = reinterpret_cast<std::uintptr_t>(g_static_descriptors);
  if (a < base || a >= base + sizeof g_static_descriptors) return false;
  index = (a - base) / kMaxDescriptorBytes;
  offset = (a - base) % kMaxDescriptorBytes;
  return true;
}

ItemObservation observe_item(const KSOBJECT_CREATE_ITEM* ci, bool dangling) {
  ItemObservation o;
  o.flags = ci->Flags;
  const void* p = ci->SecurityDescriptor;
  o.has_descriptor = p != nullptr;
  if (!p) return o;
  std::size_t index, offset;
  if (ULONG id = KsfuzzPoolBlockId(p)) {
    KSFUZZ_POOL_BLOCK_INFO info;
    KsfuzzPoolBlockInfo(id, &info);
    o.block = id;
    if (info.Live && !dangling) {
      o.where = "pool block #" + std::to_string(id);
      o.readable = true;
      auto* b = static_cast<const std::uint8_t*>(p);
      o.bytes.assign(b, b + info.Size);
    } else {
      o.where = "freed pool block #" + std::to_string(id);
    }
  } else if (is_static(p, index, offset)) {
    o.where = "the static of item " + std::to_string(index);
    o.readable = true;
    auto* b = static_cast<const std::uint8_t*>(p);
    o.bytes.assign(b, b + (kMaxDescriptorBytes - offset));
  } else {
    o.where = "memory the pool never handed out";
  }
  return o;
}

std::vector<ViolationObservation> take_violations() {
  std::vector<ViolationObservation> out;
  for (ULONG i = 0, n = KsfuzzVerifierViolationCount(); i < n; ++i) {
    const KSFUZZ_VIOLATION* v = KsfuzzVerifierViolation(i);
    out.push_back({KsfuzzViolationKindName(v->Kind), v->BugCheckCode, v->Parameters[0], v->BlockId});
  }
  KsfuzzVerifierClear();
  return out;
}

PVOID allocate_descriptor(const model::Item& item, std::size_t index, std::vector<std::uint8_t>& bytes) {
  model::encode_into(*item.descriptor, bytes);
  PVOID p = nullptr;
  switch (item.kind) {
    case model::SlotKind::kOwned:
      p = ExAllocatePoolWithTag(item.pool == model::PoolKind::kPaged ? PagedPool : NonPagedPoolNx,
                                bytes.size(), item.tag);
      break;
    case model::SlotKind::kDefault:
      // An assign-security path's descriptor: PagedPool with the kernel's SD tag.
      p = ExAllocatePoolWithTag(PagedPool, bytes.size(), KSFUZZ_SE_SD_TAG);
      break;
    case model::SlotKind::kStatic:
      p = g_static_descriptors[index];
      break;
    default:
      return nullptr;
  }
  if (p) std::memcpy(p, bytes.data(), bytes.size());
  return p;
}

// The ledger's history of each block, in block order, as text.
std::string render_history(std::vector<std::uint32_t> blocks) {
  std::sort(blocks.begin(), blocks.end());
  blocks.erase(std::unique(blocks.begin(), blocks.end()), blocks.end());
  char* text = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&text, &size);
  if (!out) return {};
  KsfuzzPoolSetStableHistory(TRUE);
  for (auto id : blocks) KsfuzzPoolPrintBlockHistory(out, id);
  KsfuzzPoolSetStableHistory(FALSE);
  std::fclose(out);
  std::string result(text, size);
  std::free(text);
  return result;
}

class Run {
 public:
  Run(const Scenario& s, const RunOptions& o) : s_(s), options_(o), world_(s.world) {}

  std::optional<Finding> go();

 private:
  std::optional<Finding> setup();
  std::optional<Finding> send(std::size_t index, const model::Op& op);
  std::optional<Finding> teardown();
  std::optional<Finding> stamp(std::optional<Finding> f, std::size_t index, const char* op) {
    if (f) {
      f->impl = options_.impl->Name;
      f->op = op;
      f->op_index = index;
    }
    return f;
  }

  const Scenario& s_;
  const RunOptions& options_;
  model::World world_;
  Kernel k_;
  std::vector<std::uint8_t> scratch_;
};

std::optional<Finding> Run::setup() {
  model::assign_initial_blocks(world_);
  // The device header lists the items that hold their own slot; item copies come after, as
  // KsAllocateObjectCreateItem makes them, sharing their original's descriptor pointer.
  std::array<std::size_t, kMaxItems> list_index{};
  ULONG listed = 0;
  for (std::size_t i = 0; i < world_.items.size(); ++i) {
    const model::Item& item = world_.items[i];
    if (item.kind == model::SlotKind::kShared) continue;
    KSOBJECT_CREATE_ITEM& ci = k_.list[listed];
    ci = KSOBJECT_CREATE_ITEM{};
    ci.Flags = item.flags;
    KsfuzzPoolSetSite(kSetupSites[i]);
    if (item.kind != model::SlotKind::kNone) {
      ci.SecurityDescriptor = allocate_descriptor(item, i, scratch_);
      if (!ci.SecurityDescriptor) return std::nullopt;  // cannot happen: no fault plan yet
    }
    list_index[i] = listed++;
  }
  KsfuzzPoolSetSite("device setup");
  if (!NT_SUCCESS(KsAllocateDeviceHeader(&k_.header, listed, k_.list.data()))) return std::nullopt;
  for (std::size_t i = 0; i < world_.items.size(); ++i) {
    const model::Item& item = world_.items[i];
    if (item.kind != model::SlotKind::kShared) {
      k_.item[i] = &k_.list[list_index[i]];
    } else {
      KsfuzzPoolSetSite(kSetupSites[i]);
      KsAllocateObjectCreateItem(k_.header, k_.item[item.shares_with], TRUE, nullptr);
      k_.item[i] = KsfuzzKsDeviceItem(k_.header, KsfuzzKsDeviceItemCount(k_.header) - 1);
      k_.item[i]->Flags = item.flags;
    }
    if (item.block) {
      k_.ledger_block[item.block] = KsfuzzPoolBlockId(k_.item[i]->SecurityDescriptor);
      KsfuzzPoolAddHolder(k_.item[i]->SecurityDescriptor, kItemNames[i],
                          reinterpret_cast<VOID* const*>(&k_.item[i]->SecurityDescriptor));
    }
  }
  KsfuzzKsDispatchTable(options_.impl, &k_.table);
  KsfuzzPoolSetSite("file open");
  for (std::size_t f = 0; f < world_.files.size(); ++f) {
    k_.file[f] = FILE_OBJECT{};
    const auto& file = world_.files[f];
    KsfuzzKsOpenFile(&k_.device, &k_.file[f], file.item ? k_.item[*file.item] : nullptr, &k_.table);
  }
  // The fault plan counts the ops' allocations only (SEMANTICS S12; model::World).
  if (world_.fail_allocation) KsfuzzPoolFailNth(KsfuzzPoolAttemptCount() + world_.fail_allocation, 0);
  return std::nullopt;
}

std::optional<Finding> Run::send(std::size_t index, const model::Op& op) {
  auto name = model::op_name(op);
  g_context.op = name.data();
  bool was_open = world_.files[model::op_file(op)].open;
  Expectation want;
  want.outcome = model::step(world_, op);
  want.world = &world_;
  if (!was_open) return std::nullopt;  // the file is closed: nothing to send
  want.freed_block = model_to_ledger(k_, want.outcome.freed);

  Observation seen;
  auto before = live_blocks();
  PFILE_OBJECT file = &k_.file[model::op_file(op)];
  PIRP irp = nullptr;
  PSECURITY_DESCRIPTOR captured = nullptr;
  std::uint8_t* hostile_copy = nullptr;
  if (const auto* set = std::get_if<model::SetSecurity>(&op)) {
    // C1 for both modes; C2 only when captured, C3: hostile passes the caller's own buffer.
    NTSTATUS c = KsfuzzCaptureSecurityDescriptor(set->input.data(), static_cast<ULONG>(set->input.size()), &captured);
    if (!NT_SUCCESS(c)) {
      seen.sent = false;
    } else if (world_.hostile) {
      hostile_copy = static_cast<std::uint8_t*>(std::malloc(set->input.size()));
      std::memcpy(hostile_copy, set->input.data(), set->input.size());
      irp = KsfuzzIrpBuildSetSecurity(&k_.device, file, set->info, hostile_copy);
    } else {
      irp = KsfuzzIrpBuildSetSecurity(&k_.device, file, set->info, captured);
    }
    KsfuzzPoolSetSite("SetSecurity dispatch");
  } else if (const auto* q = std::get_if<model::QuerySecurity>(&op)) {
    irp = KsfuzzIrpBuildQuerySecurity(&k_.device, file, q->info, q->length);
    KsfuzzPoolSetSite("QuerySecurity dispatch");
  } else {
    irp = KsfuzzIrpBuildClose(&k_.device, file);
    KsfuzzPoolSetSite("Close dispatch");
  }
  if (irp) {
    seen.returned = static_cast<std::uint32_t>(KsDispatchIrp(&k_.device, irp));
    const KSFUZZ_IRP_COMPLETION* c = KsfuzzIrpTakeBack(irp);
    seen.completions = c->Count;
    seen.io_status = static_cast<std::uint32_t>(c->Status);
    seen.information = c->Information;
    if (std::holds_alternative<model::QuerySecurity>(op) && irp->UserBuffer) {
      auto* b = static_cast<const std::uint8_t*>(irp->UserBuffer);
      seen.buffer.assign(b, b + std::get<model::QuerySecurity>(op).length);
    }
    KsfuzzIrpFree(irp);
  }
  KsfuzzFreeCapturedSecurityDescriptor(captured);
  std::free(hostile_copy);

  auto after = live_blocks();
  for (auto id : before)
    if (!std::binary_search(after.begin(), after.end(), id)) seen.freed.push_back(id);
  for (auto id : after)
    if (!std::binary_search(before.begin(), before.end(), id)) seen.allocated.push_back(id);
  // A Close frees the file's object header and context: the stand-in driver's, not the model's.
  if (std::holds_alternative<model::Close>(op)) seen.freed.clear();
  seen.violations = take_violations();
  for (std::size_t i = 0; i < world_.items.size(); ++i)
    seen.items.push_back(observe_item(k_.item[i], world_.items[i].dangling));

  // The new descriptor's block: the model's id for it now names the ledger's.
  if (want.outcome.allocated && want.outcome.allocated < kMaxModelBlocks && seen.allocated.size() == 1)
    k_.ledger_block[want.outcome.allocated] = seen.allocated[0];

  // In contract mode a predicted violation is the finding — unless the sanitizers are to speak.
  if (options_.let_sanitizers_report && want.outcome.violation != model::Violation::kNone) {
    // Let the run go on: the sanitizers report what follows from the broken contract.
    return std::nullopt;
  }
  return stamp(compare(want, seen, op), index, name.data());
}

std::optional<Finding> Run::teardown() {
  g_context.op = "Teardown";
  KsfuzzPoolSetSite("teardown");
  for (std::size_t f = 0; f < world_.files.size(); ++f) {
    if (!world_.files[f].open) continue;
    PIRP irp = KsfuzzIrpBuildClose(&k_.device, &k_.file[f]);
    KsDispatchIrp(&k_.device, irp);
    KsfuzzIrpTakeBack(irp);
    KsfuzzIrpFree(irp);
  }
  if (options_.let_sanitizers_report) KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  // The driver frees each item's descriptor the way its ownership says: owners free, sharers and
  // statics do not.
  for (std::size_t i = 0; i < world_.items.size(); ++i) {
    const model::Item& item = world_.items[i];
    if (item.kind != model::SlotKind::kOwned && item.kind != model::SlotKind::kDefault) continue;
    PVOID p = k_.item[i]->SecurityDescriptor;
    KsfuzzPoolRemoveHolder(p, reinterpret_cast<VOID* const*>(&k_.item[i]->SecurityDescriptor));
    k_.item[i]->SecurityDescriptor = nullptr;
    ExFreePool(p);
  }
  KsFreeDeviceHeader(k_.header);
  KsfuzzPoolCheckLeaks();
  auto violations = take_violations();
  if (violations.empty()) return std::nullopt;
  Expectation want;
  want.world = &world_;
  Observation seen;
  seen.violations = std::move(violations);
  auto f = compare(want, seen, model::Op{model::Close{}});
  if (f) f->what += " at teardown";
  return stamp(std::move(f), s_.ops.size(), "Teardown");
}

std::optional<Finding> Run::go() {
  KsfuzzPoolReset();
  KsfuzzVerifierSetMode(KsfuzzVerifierRecord);
  g_context.impl = options_.impl->Name;
  g_context.op = "Setup";
  if (auto f = setup()) return f;
  std::optional<Finding> found;
  for (std::size_t i = 0; i < s_.ops.size() && !found; ++i) found = send(i, s_.ops[i]);
  if (!found) found = teardown();
  if (found) {
    found->pool_history = render_history(found->blocks);
    // A finding stops the run where it is: free what is left so LeakSanitizer stays quiet.
    KsfuzzPoolFreeLive();
  }
  KsfuzzVerifierSetMode(KsfuzzVerifierRecord);
  return found;
}

}  // namespace

std::optional<Finding> run_scenario(const Scenario& s, const RunOptions& options) {
  static bool once = [] {
    __sanitizer_set_death_callback(on_sanitizer_death);
    return true;
  }();
  (void)once;
  if (options.contract) return Run(s, options).go();
  return Run(within_contract(s), options).go();
}

}  // namespace ksfuzz
