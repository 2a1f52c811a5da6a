// harness/scenario/runner.cc — materialize a Scenario in the emulated kernel, send its ops, watch.
#include "harness/scenario/runner.h"

#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>

#include <algorithm>
#include <array>
#include <cstdlib>
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

bool g_summary_printed = false;

// After AddressSanitizer's report of a memory error: name the op it stopped in.
void on_sanitizer_report() {
  std::fprintf(stderr, "SUMMARY: ksfuzz: %s/%s/%s\n", g_context.impl, g_context.op,
               __asan_report_present() ? __asan_get_report_description() : "deadly-signal");
  g_summary_printed = true;
}

// A deadly signal (a NULL dereference, say) gets no report callback, only the death callback.
void on_sanitizer_death() {
  if (!g_summary_printed) on_sanitizer_report();
}

}  // namespace
}  // namespace ksfuzz

// Defined by libFuzzer: present when a fuzz target runs us. libFuzzer then owns the death
// callback (it saves the crashing input there), so ours must not replace it.
extern "C" __attribute__((weak)) int LLVMFuzzerRunDriver(int*, char***, int (*)(const std::uint8_t*, std::size_t));

namespace ksfuzz {
namespace {

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

// The ids of this iteration's live pool blocks, in order, into a reused vector.
void live_blocks(std::vector<std::uint32_t>& out) {
  out.clear();
  ULONG n = KsfuzzPoolAttemptCount();
  for (ULONG id = 1; id <= n; ++id) {
    KSFUZZ_POOL_BLOCK_INFO info;
    if (KsfuzzPoolBlockInfo(id, &info) && info.Live) out.push_back(id);
  }
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
  using Where = ItemObservation::Where;
  ItemObservation o;
  o.flags = ci->Flags;
  const void* p = ci->SecurityDescriptor;
  if (!p) return o;
  std::size_t index, offset;
  if (ULONG id = KsfuzzPoolBlockId(p)) {
    KSFUZZ_POOL_BLOCK_INFO info;
    KsfuzzPoolBlockInfo(id, &info);
    o.block = id;
    o.where = info.Live && !dangling ? Where::kLivePool : Where::kFreedPool;
    if (o.where == Where::kLivePool) o.bytes = static_cast<const std::uint8_t*>(p), o.size = info.Size;
  } else if (is_static(p, index, offset)) {
    o.where = Where::kStatic;
    o.bytes = static_cast<const std::uint8_t*>(p);
    o.size = kMaxDescriptorBytes - offset;
  } else {
    o.where = Where::kNotPool;
  }
  return o;
}

void take_violations(std::vector<ViolationObservation>& out) {
  for (ULONG i = 0, n = KsfuzzVerifierViolationCount(); i < n; ++i) {
    const KSFUZZ_VIOLATION* v = KsfuzzVerifierViolation(i);
    out.push_back({KsfuzzViolationKindName(v->Kind), v->BugCheckCode, v->Parameters[0], v->BlockId, {}});
  }
  KsfuzzVerifierClear();
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

}  // namespace

struct Session::State {
  State(const model::World& w, const RunOptions& o) : options(o), world(w) {}

  std::optional<Finding> setup();
  std::optional<Finding> send(const model::Op& op);
  std::optional<Finding> teardown();
  // Fills in who and where, renders the pool history while the ledger still holds it, and frees
  // what the interrupted run left, so LeakSanitizer stays quiet.
  std::optional<Finding> stop(std::optional<Finding> f, const char* op, std::size_t index) {
    if (!f) return f;
    f->impl = options.impl->Name;
    f->op = op;
    f->op_index = index;
    f->pool_history = render_history(f->blocks);
    KsfuzzPoolFreeLive();
    stopped = true;
    return f;
  }

  RunOptions options;
  model::World world;
  Kernel k;
  std::vector<std::uint8_t> scratch;
  // Reused from op to op, so the hot path allocates as little as it can.
  std::array<std::vector<std::uint8_t>, kMaxItems> item_bytes;  // encode() of each model item
  std::vector<std::uint32_t> live_before, live_after;
  Observation seen;
  std::size_t next_op = 0;
  bool stopped = false;
};

namespace {
}  // namespace

std::optional<Finding> Session::State::setup() {
  model::assign_initial_blocks(world);
  // The device header lists the items that hold their own slot; item copies come after, as
  // KsAllocateObjectCreateItem makes them, sharing their original's descriptor pointer.
  std::array<std::size_t, kMaxItems> list_index{};
  ULONG listed = 0;
  for (std::size_t i = 0; i < world.items.size(); ++i) {
    const model::Item& item = world.items[i];
    if (item.kind == model::SlotKind::kShared) continue;
    KSOBJECT_CREATE_ITEM& ci = k.list[listed];
    ci = KSOBJECT_CREATE_ITEM{};
    ci.Flags = item.flags;
    KsfuzzPoolSetSite(kSetupSites[i]);
    if (item.kind != model::SlotKind::kNone) {
      ci.SecurityDescriptor = allocate_descriptor(item, i, scratch);
      if (!ci.SecurityDescriptor) return std::nullopt;  // cannot happen: no fault plan yet
    }
    list_index[i] = listed++;
  }
  KsfuzzPoolSetSite("device setup");
  if (!NT_SUCCESS(KsAllocateDeviceHeader(&k.header, listed, k.list.data()))) return std::nullopt;
  for (std::size_t i = 0; i < world.items.size(); ++i) {
    const model::Item& item = world.items[i];
    if (item.kind != model::SlotKind::kShared) {
      k.item[i] = &k.list[list_index[i]];
    } else {
      KsfuzzPoolSetSite(kSetupSites[i]);
      KsAllocateObjectCreateItem(k.header, k.item[item.shares_with], TRUE, nullptr);
      k.item[i] = KsfuzzKsDeviceItem(k.header, KsfuzzKsDeviceItemCount(k.header) - 1);
      k.item[i]->Flags = item.flags;
    }
    if (item.block) {
      k.ledger_block[item.block] = KsfuzzPoolBlockId(k.item[i]->SecurityDescriptor);
      KsfuzzPoolAddHolder(k.item[i]->SecurityDescriptor, kItemNames[i],
                          reinterpret_cast<VOID* const*>(&k.item[i]->SecurityDescriptor));
    }
  }
  KsfuzzKsDispatchTable(options.impl, &k.table);
  KsfuzzPoolSetSite("file open");
  for (std::size_t f = 0; f < world.files.size(); ++f) {
    k.file[f] = FILE_OBJECT{};
    const auto& file = world.files[f];
    KsfuzzKsOpenFile(&k.device, &k.file[f], file.item ? k.item[*file.item] : nullptr, &k.table);
  }
  for (std::size_t i = 0; i < world.items.size(); ++i)
    if (world.items[i].descriptor) model::encode_into(*world.items[i].descriptor, item_bytes[i]);
  // The fault plan counts the ops' allocations only (SEMANTICS S12; model::World).
  if (world.fail_allocation) KsfuzzPoolFailNth(KsfuzzPoolAttemptCount() + world.fail_allocation, 0);
  return std::nullopt;
}

std::optional<Finding> Session::State::send(const model::Op& op) {
  auto name = model::op_name(op);
  g_context.op = name.data();
  std::size_t index = next_op++;
  bool was_open = world.files[model::op_file(op)].open;
  Expectation want;
  want.outcome = model::step(world, op);
  want.world = &world;
  if (!was_open) return std::nullopt;  // the file is closed: nothing to send
  want.freed_block = model_to_ledger(k, want.outcome.freed);

  seen.sent = true;
  seen.returned = seen.completions = seen.io_status = 0;
  seen.information = 0;
  seen.buffer.clear();
  seen.freed.clear();
  seen.allocated.clear();
  seen.violations.clear();
  seen.items.clear();
  auto& before = live_before;
  live_blocks(before);
  PFILE_OBJECT file = &k.file[model::op_file(op)];
  PIRP irp = nullptr;
  PSECURITY_DESCRIPTOR captured = nullptr;
  std::uint8_t* hostile_copy = nullptr;
  if (const auto* set = std::get_if<model::SetSecurity>(&op)) {
    // C1 for both modes; C2 only when captured, C3: hostile passes the caller's own buffer.
    // Zero bytes hold no descriptor (the capture API reads Length 0 as "absolute", not "empty").
    NTSTATUS c = set->input.empty()
                     ? STATUS_INVALID_SECURITY_DESCR
                     : KsfuzzCaptureSecurityDescriptor(set->input.data(), static_cast<ULONG>(set->input.size()), &captured);
    if (!NT_SUCCESS(c)) {
      seen.sent = false;
    } else if (world.hostile) {
      hostile_copy = static_cast<std::uint8_t*>(std::malloc(set->input.size()));
      std::memcpy(hostile_copy, set->input.data(), set->input.size());
      irp = KsfuzzIrpBuildSetSecurity(&k.device, file, set->info, hostile_copy);
    } else {
      irp = KsfuzzIrpBuildSetSecurity(&k.device, file, set->info, captured);
    }
    KsfuzzPoolSetSite("SetSecurity dispatch");
  } else if (const auto* q = std::get_if<model::QuerySecurity>(&op)) {
    irp = KsfuzzIrpBuildQuerySecurity(&k.device, file, q->info, q->length);
    KsfuzzPoolSetSite("QuerySecurity dispatch");
  } else {
    irp = KsfuzzIrpBuildClose(&k.device, file);
    KsfuzzPoolSetSite("Close dispatch");
  }
  if (irp) {
    seen.returned = static_cast<std::uint32_t>(KsDispatchIrp(&k.device, irp));
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

  auto& after = live_after;
  live_blocks(after);
  for (auto id : before)
    if (!std::binary_search(after.begin(), after.end(), id)) seen.freed.push_back(id);
  for (auto id : after)
    if (!std::binary_search(before.begin(), before.end(), id)) seen.allocated.push_back(id);
  // A Close frees the file's object header and context: the stand-in driver's, not the model's.
  if (std::holds_alternative<model::Close>(op)) seen.freed.clear();
  take_violations(seen.violations);
  // A block the op freed that a registered holder still points at: shared, and now dangling.
  for (auto id : seen.freed) {
    PCSTR names[KSFUZZ_POOL_MAX_HOLDERS];
    ULONG n = KsfuzzPoolHoldersPointingAt(id, names, KSFUZZ_POOL_MAX_HOLDERS);
    if (n == 0) continue;
    // Shared: more than one item ever held it. Otherwise its own item was left dangling.
    KSFUZZ_POOL_BLOCK_INFO info;
    KsfuzzPoolBlockInfo(id, &info);
    ViolationObservation v{info.HolderCount > 1 ? "freed-while-shared" : "freed-while-held", 0, 0, id, {}};
    for (ULONG i = 0; i < n && i < KSFUZZ_POOL_MAX_HOLDERS; ++i) v.holders += (i ? ", \"" : "\"") + std::string(names[i]) + "\"";
    seen.violations.push_back(std::move(v));
  }
  for (std::size_t i = 0; i < world.items.size(); ++i)
    seen.items.push_back(observe_item(k.item[i], world.items[i].dangling));

  // The new descriptor's block: the model's id for it now names the ledger's, and the target
  // item's expected bytes are its new descriptor's.
  if (want.outcome.allocated && want.outcome.allocated < kMaxModelBlocks && seen.allocated.size() == 1)
    k.ledger_block[want.outcome.allocated] = seen.allocated[0];
  if (want.outcome.allocated) {
    std::size_t target = *world.files[model::op_file(op)].item;
    model::encode_into(*world.items[target].descriptor, item_bytes[target]);
  }
  want.item_bytes = item_bytes.data();

  // In contract mode a predicted violation is the finding — unless the sanitizers are to speak.
  if (options.let_sanitizers_report && want.outcome.violation != model::Violation::kNone) {
    // Let the run go on: the sanitizers report what follows from the broken contract.
    return std::nullopt;
  }
  return stop(compare(want, seen, op), name.data(), index);
}

std::optional<Finding> Session::State::teardown() {
  g_context.op = "Teardown";
  KsfuzzPoolSetSite("teardown");
  for (std::size_t f = 0; f < world.files.size(); ++f) {
    if (!world.files[f].open) continue;
    PIRP irp = KsfuzzIrpBuildClose(&k.device, &k.file[f]);
    KsDispatchIrp(&k.device, irp);
    KsfuzzIrpTakeBack(irp);
    KsfuzzIrpFree(irp);
  }
  if (options.let_sanitizers_report) KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  // The device goes away with all its items: every holder lets go first. Then the driver frees
  // each item's descriptor the way its ownership says: owners free, sharers and statics do not.
  std::array<PVOID, kMaxItems> descriptors{};
  for (std::size_t i = 0; i < world.items.size(); ++i) {
    descriptors[i] = k.item[i]->SecurityDescriptor;
    KsfuzzPoolRemoveHolder(descriptors[i], reinterpret_cast<VOID* const*>(&k.item[i]->SecurityDescriptor));
    k.item[i]->SecurityDescriptor = nullptr;
  }
  for (std::size_t i = 0; i < world.items.size(); ++i) {
    const model::Item& item = world.items[i];
    if (item.kind == model::SlotKind::kOwned || item.kind == model::SlotKind::kDefault) ExFreePool(descriptors[i]);
  }
  KsFreeDeviceHeader(k.header);
  KsfuzzPoolCheckLeaks();
  Observation last;
  take_violations(last.violations);
  if (last.violations.empty()) return std::nullopt;
  Expectation want;
  want.world = &world;
  auto f = compare(want, last, model::Op{model::Close{}});
  if (f) f->what += " at teardown";
  return stop(std::move(f), "Teardown", next_op);
}

Session::Session(const model::World& world, const RunOptions& options) : state_(new State(world, options)) {
  if (!options.contract) make_within_contract(state_->world);
  static bool once = [] {
    KsfuzzSetSanitizerReportHook(on_sanitizer_report);
    if (!LLVMFuzzerRunDriver) __sanitizer_set_death_callback(on_sanitizer_death);
    return true;
  }();
  (void)once;
  KsfuzzPoolReset();
  KsfuzzVerifierSetMode(KsfuzzVerifierRecord);
  g_context.impl = options.impl->Name;
  g_context.op = "Setup";
  state_->setup();
}

Session::~Session() {
  KsfuzzVerifierSetMode(KsfuzzVerifierRecord);
  delete state_;
}

std::optional<Finding> Session::send(const model::Op& op) {
  if (state_->stopped) return std::nullopt;
  return state_->send(op);
}

std::optional<Finding> Session::finish() {
  if (state_->stopped) return std::nullopt;
  auto f = state_->teardown();
  state_->stopped = true;
  return f;
}

const model::World& Session::world() const { return state_->world; }

bool contract_mode_from_environment() {
  const char* c = std::getenv("KSFUZZ_CONTRACT");
  return c && std::strcmp(c, "1") == 0;
}

std::optional<Finding> run_scenario(const Scenario& s, const RunOptions& options) {
  Session session(s.world, options);
  for (const auto& op : s.ops)
    if (auto f = session.send(op)) return f;
  return session.finish();
}

}  // namespace ksfuzz
