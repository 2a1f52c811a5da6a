// harness/scenario/runner.cc — materialize a world in the emulated kernel, send ops, record.
#include "harness/scenario/runner.h"

#include <ksfuzz/sanitizer_weak.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <utility>

#include <ntifs.h>
#include <ks.h>
#include <ksfuzz/driver.h>
#include <ksfuzz/implementation.h>
#include <ksfuzz/kernel_harness.h>
#include <ksfuzz/ks_harness.h>
#include <ksfuzz/report_frame.h>
#include <ksfuzz/scheduler.h>

#include "harness/scenario/oracle.h"
#include "harness/scenario/scenario_driver.h"
#include "model/sd/codec.h"

namespace ksfuzz {
namespace {

// Names must outlive the ledger's records and the files that carry them: literals.
constexpr const char* kItemNames[kMaxItems] = {"create item 0", "create item 1", "create item 2", "create item 3"};

// The driver's device extension, zeroed before each Setup (ksfuzz/driver.h).
alignas(16) unsigned char g_device_extension[KSFUZZ_DEVICE_EXTENSION_SIZE];

// What the sanitizer hooks need to name the finding that ends the process.
struct Context {
  const char* impl = "?";
  const char* op = "Setup";
  int signature_fd = -1;
  bool reported = false;
  // The session's create items: a use after free through one of them is the free's fault.
  const PKSOBJECT_CREATE_ITEM* items = nullptr;
  std::size_t item_count = 0;
  // The IRPs being dispatched: a write into the poison after a query's buffer overflows it.
  std::array<PIRP, kMaxInFlight> irps{};
} g_context;

bool past_a_user_buffer(std::uintptr_t address) {
  for (PIRP irp : g_context.irps)
    if (irp && KsfuzzIrpIsPastUserBuffer(irp, reinterpret_cast<const void*>(address))) return true;
  return false;
}

// AddressSanitizer's "use-after-poison" in the emulated kernel's arena (KsfuzzArenaWhereIs: pool
// blocks, IRPs and their buffers, captured descriptors): in the redzone around a block an
// overflow; inside a freed block a use after free, which for a pool block is the free's fault when
// a create item still points at it: freed while shared when more than one item held it, else
// freed under its holder.
std::optional<FindingKind> arena_kind_of(std::uintptr_t address) {
  PVOID start;
  switch (KsfuzzArenaWhereIs(reinterpret_cast<const void*>(address), &start)) {
    case KsfuzzPoolPlaceFreed: break;
    case KsfuzzPoolPlacePastEnd:
    case KsfuzzPoolPlaceBeforeStart: return FindingKind::kBufferOverflow;
    default: return std::nullopt;
  }
  const ULONG id = KsfuzzPoolBlockId(start);
  if (!id) return FindingKind::kUseAfterFree;  // not a pool block: an IRP, a buffer, a capture
  for (std::size_t i = 0; i < g_context.item_count; ++i) {
    const void* p = g_context.items[i] ? g_context.items[i]->SecurityDescriptor : nullptr;
    KSFUZZ_POOL_BLOCK_INFO info;
    if (p && KsfuzzPoolBlockId(p) == id && KsfuzzPoolBlockInfo(id, &info))
      return info.HolderCount > 1 ? FindingKind::kFreedWhileShared : FindingKind::kFreedWhileHeld;
  }
  return FindingKind::kUseAfterFree;
}

// The ksfuzz frame after a sanitizer's own report, with the signature written where asked too.
void report_sanitizer_finding(FindingKind kind) {
  if (g_context.reported) return;
  g_context.reported = true;
  char sig[256];
  std::snprintf(sig, sizeof sig, "%s/%s/%s", g_context.impl, g_context.op, name(kind).data());
  KsfuzzPrintFrameStart(stderr, sig);
  KsfuzzPrintFrameEnd(stderr, sig);
  if (g_context.signature_fd >= 0) {
    std::size_t n = std::strlen(sig);
    sig[n] = '\n';
    [[maybe_unused]] auto w = write(g_context.signature_fd, sig, n + 1);
  }
}

// After AddressSanitizer's report of a memory error (and the ledger's history of the address).
void on_asan_report() {
  if (!__asan_report_present()) return report_sanitizer_finding(FindingKind::kBadAccess);
  auto address = reinterpret_cast<std::uintptr_t>(__asan_get_report_address());
  FindingKind kind = finding_kind_of_asan(__asan_get_report_description(), address);
  if (kind == FindingKind::kBadAccess) kind = arena_kind_of(address).value_or(kind);
  if (kind == FindingKind::kBadAccess && past_a_user_buffer(address)) kind = FindingKind::kBufferOverflow;
  report_sanitizer_finding(kind);
}

}  // namespace
}  // namespace ksfuzz

// UBSan's view of the report it is printing.
extern "C" __attribute__((weak)) void __ubsan_get_current_report_data(const char** kind, const char** message,
                                                                       const char** file, unsigned* line,
                                                                       unsigned* column, char** address);

// UBSan calls this for every report it prints (with -fno-sanitize-recover, just before it ends
// the process), under libFuzzer or not.
extern "C" void __ubsan_on_report() {
  const char *kind = "", *message, *file;
  unsigned line, column;
  char* address;
  if (__ubsan_get_current_report_data) __ubsan_get_current_report_data(&kind, &message, &file, &line, &column, &address);
  bool null_use = std::strcmp(kind, "null-pointer-use") == 0;
  ksfuzz::report_sanitizer_finding(null_use ? ksfuzz::FindingKind::kNullDereference : ksfuzz::FindingKind::kUndefinedBehavior);
}

// Defined by libFuzzer: present when a fuzz target runs us. libFuzzer then owns the death
// callback (it saves the crashing input there), so ours must not replace it.
extern "C" __attribute__((weak)) int LLVMFuzzerRunDriver(int*, char***, int (*)(const std::uint8_t*, std::size_t));

namespace ksfuzz {
namespace {

// A deadly signal that AddressSanitizer did not report gets only the death callback.
void on_sanitizer_death() { report_sanitizer_finding(FindingKind::kBadAccess); }

// Blocks the stand-in driver keeps per open file: its bookkeeping, not a descriptor. The ledger
// still checks them (leaks, double frees); the model does not track them.
bool is_file_bookkeeping(std::uint32_t block) {
  KSFUZZ_POOL_BLOCK_INFO info;
  return KsfuzzPoolBlockInfo(block, &info) &&
         (info.Tag == KSFUZZ_KS_TAG_FILE_CONTEXT || info.Tag == KSFUZZ_KS_TAG_OBJECT_HEADER);
}

// How far memory the pool never handed out can be read from p: to AddressSanitizer's first
// poisoned byte after it (a global's or a stack frame's redzone), at most 64 KiB; without
// AddressSanitizer, kMaxDescriptorBytes.
std::size_t readable_extent(const void* p) {
  constexpr std::size_t kMost = std::size_t{1} << 16;
  if (!__asan_region_is_poisoned) return kMaxDescriptorBytes;
  void* bad = __asan_region_is_poisoned(const_cast<void*>(p), kMost);
  return bad ? static_cast<std::size_t>(static_cast<const std::uint8_t*>(bad) - static_cast<const std::uint8_t*>(p)) : kMost;
}

ItemObservation observe_item(const KSOBJECT_CREATE_ITEM* ci) {
  using Where = ItemObservation::Where;
  ItemObservation o;
  o.flags = ci->Flags;
  const void* p = ci->SecurityDescriptor;
  if (!p) return o;
  if (ULONG id = KsfuzzPoolBlockId(p)) {
    KSFUZZ_POOL_BLOCK_INFO info;
    KsfuzzPoolBlockInfo(id, &info);
    o.block = id;
    o.where = info.Live ? Where::kLivePool : Where::kFreedPool;
    if (info.Live) o.bytes = static_cast<const std::uint8_t*>(p), o.size = info.Size;
  } else {
    // Memory the pool never handed out (a driver's static, its stack): all that is readable.
    o.where = Where::kStatic;
    o.bytes = static_cast<const std::uint8_t*>(p);
    o.size = readable_extent(p);
  }
  return o;
}

// The verifier's recorded violations, in order. Its freed-while-shared note is left out: the
// runner reads that off the holders after each op (holders_left_dangling), the one place.
void take_violations(std::vector<ViolationObservation>& out) {
  for (ULONG i = 0, n = KsfuzzVerifierViolationCount(); i < n; ++i) {
    const KSFUZZ_VIOLATION* v = KsfuzzVerifierViolation(i);
    if (v->Kind == KsfuzzViolationFreedWhileShared) continue;
    out.push_back({finding_kind_of(v->Kind), v->BugCheckCode, v->Parameters[0], v->BlockId, v->Event, {}});
  }
  KsfuzzVerifierClear();
}

// Items left pointing at a block the op freed: shared when more than one item held the block,
// else the item's own block freed under it.
void items_left_dangling(ULONG first_event, const std::vector<ItemObservation>& items,
                         std::vector<ViolationObservation>& out) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].where != ItemObservation::Where::kFreedPool) continue;
    std::uint32_t id = items[i].block;
    KSFUZZ_POOL_BLOCK_INFO info;
    if (!KsfuzzPoolBlockInfo(id, &info) || info.FreeEvent <= first_event) continue;
    if (std::any_of(out.begin(), out.end(), [id](const auto& v) { return v.block == id; })) continue;
    ViolationObservation v{info.HolderCount > 1 ? FindingKind::kFreedWhileShared : FindingKind::kFreedWhileHeld,
                           0, 0, id, info.FreeEvent, {}};
    for (std::size_t j = i; j < items.size(); ++j)
      if (items[j].block == id) v.holders += (v.holders.empty() ? "\"" : ", \"") + std::string(kItemNames[j]) + "\"";
    out.push_back(std::move(v));
  }
}

// The descriptor blocks allocated (and still live) and freed by events [first, end), in order.
void pool_effects(ULONG first, ULONG end, Observation& seen) {
  for (ULONG i = first; i < end; ++i) {
    const KSFUZZ_POOL_EVENT* e = KsfuzzPoolEvent(i);
    if (e->Kind == KsfuzzPoolEventAllocateFailed || is_file_bookkeeping(e->BlockId)) continue;
    if (e->Kind == KsfuzzPoolEventAllocate) {
      seen.allocated.push_back(e->BlockId);
    } else if (auto it = std::find(seen.allocated.begin(), seen.allocated.end(), e->BlockId); it != seen.allocated.end()) {
      seen.allocated.erase(it);  // allocated and freed within the op
    } else {
      seen.freed.push_back(e->BlockId);
    }
  }
}

// Empty, keeping the storage of its lists.
void clear(Observation& o) {
  o.sent = true;
  o.returned = o.completions = o.io_status = 0;
  o.information = 0;
  o.buffer.clear();
  o.freed.clear();
  o.allocated.clear();
  o.violations.clear();
  o.items.clear();
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

// The world in the emulated kernel. Reused from op to op, and from session to session (one spare
// is kept): once its lists have grown, a run allocates nothing here.
struct Session::State {
  RunOptions options;
  const KSFUZZ_DRIVER* driver;
  model::World asked;  // what the scenario describes: the "scenario" driver builds it
  model::World world;  // what the driver's setup built, read back (never stepped)
  DEVICE_OBJECT device{};
  KSDEVICE_HEADER header = nullptr;  // the first member of the device extension
  KSDISPATCH_TABLE table{};
  std::array<PKSOBJECT_CREATE_ITEM, kMaxItems> item{};  // the device header's create items
  // The driver's own Create and Context of each item, given back before its teardown.
  std::array<PDRIVER_DISPATCH, kMaxItems> driver_create{};
  std::array<PVOID, kMaxItems> driver_context{};
  bool set_up = false;  // the driver's Setup succeeded: its Teardown runs at finish
  std::array<FILE_OBJECT, kMaxFiles> file{};
  Observation setup_seen, seen;
  std::array<Observation, kMaxInFlight> in_flight;
  std::vector<TraceEntry> trace;  // of the last group in flight
  // Who ran when in the last group: from this verifier clock on, this context.
  struct Turn {
    ULONG clock;
    std::uint8_t context;
  };
  std::vector<Turn> turns;
  std::uint8_t context_at(ULONG event) const {
    std::uint8_t c = 0;
    for (const auto& t : turns)
      if (t.clock < event) c = t.context;
    return c;
  }
  std::optional<Finding> setup_error;
  bool stopped = false;

  State(const model::World& w, const RunOptions& o) { reset(w, o); }
  // As constructed, but the lists keep their storage.
  void reset(const model::World& w, const RunOptions& o) {
    options = o;
    driver = o.driver ? o.driver : &ksfuzz_driver_scenario;
    asked = w;
    device = DEVICE_OBJECT{};
    header = nullptr;
    table = KSDISPATCH_TABLE{};
    item = {};
    driver_create = {};
    driver_context = {};
    set_up = false;
    file = {};
    clear(setup_seen);
    clear(seen);
    trace.clear();
    turns.clear();
    setup_error.reset();
    stopped = false;
  }
  // The spare: a session takes it when there is one, and gives it back when there is none.
  static State* take(const model::World& w, const RunOptions& o) {
    State* st = std::exchange(spare, nullptr);
    if (!st) return new State(w, o);
    st->reset(w, o);
    return st;
  }
  static void give_back(State* st) {
    if (spare) delete st;
    else spare = st;
  }
  static inline State* spare = nullptr;
  bool build();
  bool read_world();
  void observe_items(Observation& o) {
    o.items.resize(world.items.size());
    for (std::size_t i = 0; i < world.items.size(); ++i) o.items[i] = observe_item(item[i]);
  }
  void fail_setup(std::string what, FindingKind kind = FindingKind::kSetupFailed) {
    Finding f;
    f.kind = kind;
    f.what = std::move(what);
    setup_error = std::move(f);
  }
};

// The driver's AddDevice, then what it built read back as the model's world; each item's Create
// and Context become the stand-in driver's (which open files with the implementation's table), the
// harness registers each item as a holder of its descriptor, and the files the scenario has open
// from the start are opened.
bool Session::State::build() {
  std::memset(g_device_extension, 0, sizeof g_device_extension);
  device = DEVICE_OBJECT{};
  device.DeviceExtension = g_device_extension;
  set_scenario_world(asked);
  // "<driver> Setup": formatted when the driver changes, not every run.
  static char site[96];
  static const KSFUZZ_DRIVER* site_of = nullptr;
  if (site_of != driver) std::snprintf(site, sizeof site, "%s Setup", driver->Name), site_of = driver;
  KsfuzzPoolSetSite(site);
  if (NTSTATUS status = driver->Setup(&device); !NT_SUCCESS(status))
    return fail_setup("the driver's Setup returned " + status_text(static_cast<std::uint32_t>(status))), false;
  header = *static_cast<KSDEVICE_HEADER*>(device.DeviceExtension);
  if (!header) return fail_setup("the driver's Setup left no KSDEVICE_HEADER as the device extension's first member"), false;
  if (!read_world()) return false;
  set_up = true;
  KsfuzzKsDispatchTable(options.impl, &table);
  for (std::size_t i = 0; i < world.items.size(); ++i) {
    driver_create[i] = item[i]->Create;
    driver_context[i] = item[i]->Context;
    item[i]->Create = KsfuzzKsDispatchCreate;
    item[i]->Context = &table;
    if (KsfuzzPoolBlockId(item[i]->SecurityDescriptor))
      KsfuzzPoolAddHolder(item[i]->SecurityDescriptor, kItemNames[i],
                          reinterpret_cast<VOID* const*>(&item[i]->SecurityDescriptor));
  }
  KsfuzzPoolSetSite("file open");
  for (std::size_t f = 0; f < world.files.size(); ++f) {
    file[f] = FILE_OBJECT{};
    const auto& wf = world.files[f];
    if (!wf.open) continue;
    if (!NT_SUCCESS(KsfuzzKsOpenFile(&device, &file[f], wf.item ? item[*wf.item] : nullptr, &table)))
      return fail_setup("the stand-in driver could not open a file"), false;
  }
  observe_items(setup_seen);
  take_violations(setup_seen.violations);
  // The fault plan counts the ops' allocations only (SEMANTICS S12).
  if (world.fail_allocation) KsfuzzPoolFailNth(KsfuzzPoolAttemptCount() + world.fail_allocation, 0);
  return true;
}

namespace {

// An item's descriptor read as the kernel reads one it replaces or queries: as self-relative
// (offsets) whatever its SE_SELF_RELATIVE bit says (SEMANTICS Q1); the bit is kept as it stands,
// for SetSecurity to refuse a descriptor without it (S1).
// Into `out`, its storage reused.
std::optional<model::Error> read_descriptor(std::span<const std::uint8_t> bytes, model::SecurityDescriptor& out) {
  bool marked = bytes.size() < 4 || (bytes[3] & (model::control::kSelfRelative >> 8));
  if (marked) return model::decode_into(bytes, out);  // the common case: no copy
  static std::vector<std::uint8_t> copy;  // its storage reused from run to run
  copy.assign(bytes.begin(), bytes.end());
  copy[3] |= model::control::kSelfRelative >> 8;
  auto e = model::decode_into(copy, out);
  if (!e) out.control &= ~model::control::kSelfRelative;
  return e;
}

// The item a scenario file declared on item k means with a driver of `count` items: k mod count,
// none when the driver has none (SEMANTICS W5, before the name resolves it).
std::optional<std::uint8_t> driver_item(std::optional<std::uint8_t> k, std::size_t count) {
  if (!k || count == 0) return std::nullopt;
  return static_cast<std::uint8_t>(*k % count);
}

bool same_name(const UNICODE_STRING& a, const UNICODE_STRING& b) {
  return a.Length == b.Length && (a.Length == 0 || std::memcmp(a.Buffer, b.Buffer, a.Length) == 0);
}

}  // namespace

// The world the model starts from, read off the device header and the pool ledger (REFERENCE,
// "Drivers"): an item whose descriptor is the start of a live pool block holds it (owned, or
// default when it is paged pool with the kernel's SD tag, as KsCreateDefaultSecurity's); one that
// points where an earlier item points shares it; memory the pool never handed out is a static;
// NULL is none. The scenario's files open on the item of their index (modulo the items), or on the
// first item with that item's name, as a create by name resolves it (KS9).
bool Session::State::read_world() {
  ULONG count = KsfuzzKsDeviceItemCount(header);
  if (count > kMaxItems)
    return fail_setup("the driver's device header lists " + std::to_string(count) + " create items; ksfuzz models at most " +
                      std::to_string(kMaxItems)),
           false;
  // Read over the last session's world: its storage is reused.
  world.hostile = asked.hostile;
  world.fail_allocation = asked.fail_allocation;
  world.allocations = 0;
  world.next_block = 1;
  world.items.resize(count);
  for (ULONG i = 0; i < count; ++i) {
    item[i] = KsfuzzKsDeviceItem(header, i);
    model::Item& it = world.items[i];
    it.reset_keeping_descriptor();
    it.flags = item[i]->Flags;
    const void* p = item[i]->SecurityDescriptor;
    std::size_t earlier = 0;
    while (earlier < i && item[earlier]->SecurityDescriptor != p) ++earlier;
    if (!p) {
      it.kind = model::SlotKind::kNone;
    } else if (earlier < i) {
      const model::Item& target = world.items[earlier];
      it.kind = model::SlotKind::kShared;
      it.shares_with = target.kind == model::SlotKind::kShared ? target.shares_with : static_cast<std::uint8_t>(earlier);
      it.descriptor = target.descriptor;
    } else {
      ItemObservation seen = observe_item(item[i]);
      if (seen.where == ItemObservation::Where::kFreedPool)
        return world.items.resize(i), fail_setup(std::string(kItemNames[i]) + " points at pool block #" + std::to_string(seen.block) + ", which the driver's Setup freed",
                          FindingKind::kFreedWhileHeld),
               false;
      KSFUZZ_POOL_BLOCK_INFO info{};
      if (seen.block) KsfuzzPoolBlockInfo(seen.block, &info);
      bool paged = seen.block && (info.PoolType & 1) == PagedPool;
      if (!seen.block) it.kind = model::SlotKind::kStatic;
      else if (paged && info.Tag == KSFUZZ_SE_SD_TAG) it.kind = model::SlotKind::kDefault;
      else it.kind = model::SlotKind::kOwned, it.pool = paged ? model::PoolKind::kPaged : model::PoolKind::kNonPaged, it.tag = info.Tag;
      if (!it.descriptor) it.descriptor.emplace();
      if (auto e = read_descriptor({seen.bytes, seen.size}, *it.descriptor))
        return world.items.resize(i),
               fail_setup(std::string(kItemNames[i]) + "'s descriptor (" + seen.describe() +
                          ") is not one KsDispatchSetSecurity can replace: " + e->rule),
               false;
    }
    if (it.kind == model::SlotKind::kNone) it.descriptor.reset();
  }
  world.files.resize(asked.files.size());
  for (std::size_t k = 0; k < asked.files.size(); ++k) {
    model::File& f = world.files[k];
    f = asked.files[k];
    f.item = driver_item(f.item, count);
    if (f.item) {
      std::uint8_t first = 0;
      while (!same_name(item[first]->ObjectClass, item[*f.item]->ObjectClass)) ++first;
      f.item = first;
    }
  }
  return true;
}

Session::Session(const model::World& world, const RunOptions& options) : state_(State::take(world, options)) {
  if (!options.contract) make_within_contract(state_->asked);
  static bool once = [] {
    KsfuzzSetSanitizerReportHook(on_asan_report);
    KsfuzzSetVerifierDeathHook([](KSFUZZ_VIOLATION_KIND kind) { report_sanitizer_finding(finding_kind_of(kind)); });
    if (!LLVMFuzzerRunDriver && __sanitizer_set_death_callback) __sanitizer_set_death_callback(on_sanitizer_death);
    return true;
  }();
  (void)once;
  KsfuzzPoolReset();
  KsfuzzVerifierSetMode(KsfuzzVerifierRecord);
  g_context = Context{options.impl->Name, "Setup", options.signature_fd, false, state_->item.data(), 0};
  bool built = state_->build();
  g_context.item_count = state_->world.items.size();
  if (!built) KsfuzzPoolFreeLive();
}

Session::~Session() {
  KsfuzzVerifierSetMode(KsfuzzVerifierRecord);
  g_context.items = nullptr;
  g_context.item_count = 0;
  State::give_back(state_);
}

const Observation& Session::setup() const { return state_->setup_seen; }
const model::World& Session::built_world() const { return state_->world; }
std::optional<Finding> Session::setup_error() const { return state_->setup_error; }
const KSOBJECT_CREATE_ITEM* Session::create_item(std::size_t i) const { return state_->item[i]; }

const Observation& Session::send(const Op& op) {
  State& st = *state_;
  Observation& seen = st.seen;
  clear(seen);
  seen.sent = false;
  ULONG first_event = KsfuzzVerifierNow();
  visit_op(op, [&](const auto& o, auto traits) {
    using Traits = decltype(traits);
    g_context.op = Traits::kName.data();
    KsfuzzPoolSetSite(Traits::kName.data());
    std::uint8_t f = o.file;
    const auto& declared = st.world.files[f];
    IrpContext ctx{&st.device, &st.file[f], declared.item ? &st.item[*declared.item]->ObjectClass : nullptr,
                   st.world.hostile};
    ULONG first = KsfuzzPoolEventCount();
    if (PIRP irp = Traits::build_irp(o, ctx)) {
      seen.sent = true;
      g_context.irps[0] = irp;
      seen.returned = static_cast<std::uint32_t>(KsDispatchIrp(&st.device, irp));
      g_context.irps[0] = nullptr;
      const KSFUZZ_IRP_COMPLETION* c = KsfuzzIrpTakeBack(irp);
      seen.completions = c->Count;
      seen.io_status = static_cast<std::uint32_t>(c->Status);
      seen.information = c->Information;
      Traits::observe(o, irp, seen);
      KsfuzzIrpFree(irp);
    }
    KsfuzzFreeCapturedSecurityDescriptor(ctx.captured);
    KsfuzzFreeCallerBuffer(ctx.caller_buffer);
    pool_effects(first, KsfuzzPoolEventCount(), seen);
  });
  take_violations(seen.violations);
  st.observe_items(seen);
  items_left_dangling(first_event, seen.items, seen.violations);
  return seen;
}

const Observation& Session::finish() {
  State& st = *state_;
  Observation& seen = st.seen;
  clear(seen);
  g_context.op = "Teardown";
  KsfuzzPoolSetSite("teardown");
  for (std::size_t f = 0; f < st.world.files.size(); ++f) {
    if (!st.file[f].FsContext) continue;
    PIRP irp = KsfuzzIrpBuildClose(&st.device, &st.file[f]);
    KsDispatchIrp(&st.device, irp);
    KsfuzzIrpTakeBack(irp);
    KsfuzzIrpFree(irp);
  }
  if (st.options.let_sanitizers_report) KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  // The device goes away with all its items: every holder lets go first, each item gets its
  // driver's Create and Context back, and the driver's remove routine frees what it owns. The
  // items may be freed with it: the sanitizer hooks forget them.
  for (std::size_t i = 0; i < st.world.items.size(); ++i) {
    KsfuzzPoolRemoveHolder(st.item[i]->SecurityDescriptor, reinterpret_cast<VOID* const*>(&st.item[i]->SecurityDescriptor));
    st.item[i]->Create = st.driver_create[i];
    st.item[i]->Context = st.driver_context[i];
  }
  g_context.item_count = 0;
  KsfuzzPoolSetSite("teardown");
  if (st.set_up) st.driver->Teardown(&st.device);
  st.set_up = false;
  KsfuzzPoolCheckLeaks();
  take_violations(seen.violations);
  st.stopped = true;
  return seen;
}

std::span<const Observation> Session::send_in_flight(std::span<const Op> ops, std::span<const ScheduleEntry> schedule) {
  State& st = *state_;
  std::size_t n = std::min(ops.size(), kMaxInFlight);
  std::array<PIRP, kMaxInFlight> irps{};
  std::array<IrpContext, kMaxInFlight> ctxs{};
  std::array<std::function<void()>, kMaxInFlight> tasks;
  ULONG first_event = KsfuzzVerifierNow(), first_pool = KsfuzzPoolEventCount();
  std::array<bool, kMaxInFlight> in_dispatch{};
  std::array<bool, kMaxFiles> closing{};
  std::array<std::uint8_t, kMaxInFlight> file_of{};
  // The IRP is built when its context first runs, as the I/O manager would send it then: whether
  // the file is open depends on what ran before. A Close waits for the IRPs in flight on its file
  // (the I/O manager holds a reference on the file object for each).
  // A Close waits until no other IRP holds its file; an Open until no other Open of its slot is
  // under way (the first decides whether the slot is taken).
  struct FileWait {
    const std::array<bool, kMaxInFlight>* busy;  // the IRPs it waits for
    const std::array<std::uint8_t, kMaxInFlight>* file_of;
    std::size_t me, n;
  };
  auto wait_for = [](const FileWait* w, PCSTR point) {
    KsfuzzWait(
        [](PVOID p) -> BOOLEAN {
          auto* w = static_cast<const FileWait*>(p);
          for (std::size_t j = 0; j < w->n; ++j)
            if (j != w->me && (*w->file_of)[j] == (*w->file_of)[w->me] && (*w->busy)[j]) return FALSE;
          return TRUE;
        },
        const_cast<FileWait*>(w), point);
  };
  std::array<bool, kMaxInFlight> opening{};
  std::array<FileWait, kMaxInFlight> close_waits{}, open_waits{};
  for (std::size_t k = 0; k < n; ++k) {
    clear(st.in_flight[k]);
    file_of[k] = op_file(ops[k]);
    close_waits[k] = FileWait{&in_dispatch, &file_of, k, n};
    open_waits[k] = FileWait{&opening, &file_of, k, n};
  }
  // One task body; each std::function holds only it and its index, small enough to need no heap.
  auto run_task = [&](std::size_t k) {
    visit_op(ops[k], [&](const auto& o, auto traits) {
      using Traits = decltype(traits);
      if constexpr (Traits::kReleasesFile) wait_for(&close_waits[k], "IRP_MJ_CLOSE waits for the file's IRPs");
      if constexpr (Traits::kOpensFile) {
        wait_for(&open_waits[k], "IRP_MJ_CREATE waits for the slot's other open");
        opening[k] = true;
      }
      const auto& declared = st.world.files[o.file];
      ctxs[k] = IrpContext{&st.device, &st.file[o.file],
                           declared.item ? &st.item[*declared.item]->ObjectClass : nullptr, st.world.hostile};
      // The IRP holds its file from the moment the I/O manager starts building it (capture
      // yields): a Close must wait from then on. Once a Close is on its way the handle is gone:
      // nothing more is sent on that file object.
      if constexpr (Traits::kReleasesFile) {
        closing[o.file] = true;
      } else {
        if (closing[o.file] && st.file[o.file].FsContext) return;
        in_dispatch[k] = true;
      }
      irps[k] = Traits::build_irp(o, ctxs[k]);
    });
    st.in_flight[k].sent = irps[k] != nullptr;
    if (irps[k]) {
      in_dispatch[k] = true;
      g_context.irps[k] = irps[k];
      st.in_flight[k].returned = static_cast<std::uint32_t>(KsDispatchIrp(&st.device, irps[k]));
      g_context.irps[k] = nullptr;
      // A lock still held or a critical region still entered is this IRP's finding; releasing
      // it lets the others go on.
      KsfuzzCheckContextAtReturn(static_cast<ULONG>(k));
    }
    in_dispatch[k] = opening[k] = false;
  };
  for (std::size_t k = 0; k < n; ++k) tasks[k] = [&run_task, k] { run_task(k); };
  st.turns.clear();
  // A sanitizer stops in the IRP whose context is running: the signature names its op.
  run_in_flight(std::span(tasks).first(n), schedule, [&st, &ops](std::uint8_t c) {
    st.turns.push_back({KsfuzzVerifierNow(), c});
    g_context.op = op_name(ops[c]).data();
    KsfuzzPoolSetSite(g_context.op);
  }, st.trace);
  for (std::size_t k = 0; k < n; ++k) {
    Observation& seen = st.in_flight[k];
    if (irps[k]) {
      const KSFUZZ_IRP_COMPLETION* c = KsfuzzIrpTakeBack(irps[k]);
      seen.completions = c->Count;
      seen.io_status = static_cast<std::uint32_t>(c->Status);
      seen.information = c->Information;
      visit_op(ops[k], [&](const auto& o, auto traits) { decltype(traits)::observe(o, irps[k], seen); });
      KsfuzzIrpFree(irps[k]);
    }
    KsfuzzFreeCapturedSecurityDescriptor(ctxs[k].captured);
    KsfuzzFreeCallerBuffer(ctxs[k].caller_buffer);
  }
  // Each pool event and violation belongs to the IRP whose context was running.
  for (ULONG i = first_pool, end = KsfuzzPoolEventCount(); i < end; ++i) {
    const KSFUZZ_POOL_EVENT* e = KsfuzzPoolEvent(i);
    pool_effects(i, i + 1, st.in_flight[st.context_at(e->Event)]);
  }
  std::vector<ViolationObservation> violations;
  take_violations(violations);
  st.observe_items(st.seen);
  items_left_dangling(first_event, st.seen.items, violations);
  for (auto& v : violations) st.in_flight[st.context_at(v.event)].violations.push_back(std::move(v));
  return std::span<const Observation>(st.in_flight).first(n);
}

const std::vector<ItemObservation>& Session::items() const { return state_->seen.items; }

namespace {

// The interleaving of the last group: one column an IRP, each yield point it reached, and the
// pool blocks allocated and freed between it and the next.
std::string render_timeline(const std::vector<TraceEntry>& trace, const Group& g) {
  std::string out;
  constexpr int kWidth = 34;
  char line[256];
  std::snprintf(line, sizeof line, "  %5s", "#");
  out += line;
  for (std::size_t k = 0; k < g.count; ++k) {
    std::snprintf(line, sizeof line, "  %-*s", kWidth, ("IRP of op " + std::to_string(g.first + k)).c_str());
    out += line;
  }
  out += "\n";
  for (std::size_t i = 0; i < trace.size(); ++i) {
    std::string cell = trace[i].point;
    ULONG end = i + 1 < trace.size() ? trace[i + 1].pool_events : KsfuzzPoolEventCount();
    for (ULONG e = trace[i].pool_events; e < end; ++e) {
      const KSFUZZ_POOL_EVENT* ev = KsfuzzPoolEvent(e);
      if (ev->Kind == KsfuzzPoolEventAllocate) cell += " +#" + std::to_string(ev->BlockId);
      else if (ev->Kind == KsfuzzPoolEventFree) cell += " -#" + std::to_string(ev->BlockId);
    }
    std::snprintf(line, sizeof line, "  %5zu", i + 1);
    out += line;
    for (std::size_t k = 0; k < trace[i].context; ++k) out += std::string(kWidth + 2, ' ');
    out += "  " + cell + "\n";
  }
  out += "  (+#N: pool block N allocated, -#N: freed)\n";
  return out;
}

}  // namespace

void Session::stop(Finding& f, std::string_view op, std::size_t op_index, const Group* in_flight) {
  f.impl = state_->options.impl->Name;
  f.op = std::string(op);
  f.op_index = op_index;
  f.pool_history = render_history(f.blocks);
  if (in_flight) f.timeline = render_timeline(state_->trace, *in_flight);
  KsfuzzPoolFreeLive();
  state_->stopped = true;
}

bool contract_mode_from_environment() {
  const char* c = std::getenv("KSFUZZ_CONTRACT");
  return c && std::strcmp(c, "1") == 0;
}

std::optional<Finding> read_driver_items(const RunOptions& options, std::vector<model::Item>& items) {
  RunOptions o = options;
  o.contract = true;
  o.signature_fd = -1;
  Session session(model::World{}, o);
  if (auto f = session.setup_error()) {
    Finding stopped = *f;
    session.stop(stopped, "Setup", 0);
    return stopped;
  }
  items = session.built_world().items;
  session.finish();
  return std::nullopt;
}

void put_on_driver_items(Scenario& s, const std::vector<model::Item>& items) {
  for (auto& f : s.world.files) f.item = driver_item(f.item, items.size());
  s.world.items = items;
}

ReportContext report_context(const Scenario& s, const RunOptions& options, std::string reproducer) {
  const char* driver = options.driver && options.driver != &ksfuzz_driver_scenario ? options.driver->Name : nullptr;
  return ReportContext{&s, options.contract, std::move(reproducer), driver};
}

std::optional<Finding> run_scenario(const Scenario& s, const RunOptions& options) {
  Session session(s.world, options);
  auto report = [&](Finding f, std::string_view op, std::size_t index, const Group* g = nullptr) {
    session.stop(f, op, index, g);
    if (options.signature_fd >= 0) {
      std::string line = f.signature() + "\n";
      [[maybe_unused]] auto w = write(options.signature_fd, line.data(), line.size());
    }
    return std::optional<Finding>(std::move(f));
  };
  if (auto f = session.setup_error()) return report(*f, "Setup", 0);
  // One oracle for every run, reset: its storage is reused.
  static Oracle oracle;
  oracle.reset(session.built_world(), session.setup());
  if (auto f = oracle.check_teardown(session.setup(), "at setup")) return report(*f, "Setup", 0);
  for (std::size_t i = 0; i < s.ops.size(); ++i) {
    if (const Group* g = s.group_at(i)) {
      auto ops = std::span(s.ops).subspan(i, g->count);
      auto seen = session.send_in_flight(ops, g->schedule);
      std::size_t at = i;
      if (auto f = oracle.check_group(ops, seen, session.items(), at)) return report(*f, op_name(s.ops[at]), at, g);
      i += g->count - 1;
      continue;
    }
    const Observation& seen = session.send(s.ops[i]);
    auto f = oracle.check(s.ops[i], seen);
    // In contract mode a predicted violation is the finding — unless the sanitizers are to speak.
    if (f && options.let_sanitizers_report && oracle.last().violation != model::Violation::kNone) continue;
    if (f) return report(*f, op_name(s.ops[i]), i);
  }
  if (auto f = oracle.check_teardown(session.finish())) return report(*f, "Teardown", s.ops.size());
  return std::nullopt;
}

}  // namespace ksfuzz
