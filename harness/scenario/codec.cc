// harness/scenario/codec.cc — scenario bytes to Scenario and back.
//
// Layout (little-endian; a read past the end yields zeros, so truncation is just more zeros):
//   u8 flags       bit0 hostile
//   u8 fail        fault plan: fail the n-th pool allocation made by ops (0: none)
//   u8 items       count = items % kMaxItems + 1
//   per item:      u8 kind  (low 3 bits % 5: SlotKind; bit 3: clear SE_SELF_RELATIVE)
//                  kShared: u8 target (% index; item 0 cannot share and becomes owned)
//                  kOwned:  u8 pool (bit0 paged), u32 tag (PROTECTED_POOL bit cleared)
//                  kOwned/kStatic/kDefault: u16 length (% kMaxDescriptorBytes), bytes
//                  u8 flags (KSCREATE_ITEM_*, low 4 bits)
//   u8 files       count = files % kMaxFiles + 1
//   per file:      u8 item (low 7 bits % (items + 1); == items: no create item)
//                  bit 7: not open yet (an Open op opens it)
//   u8 ops         count = ops % (kMaxOps + 1)
//   per op:        u8 kind (% kOpKinds: the index in op_table.h), u8 file (% files),
//                  then the kind's own layout (harness/scenario/ops/<op>.h)
//   u8 groups      count = groups % (kMaxGroups + 1)
//   per group:     u8 first (% ops), u8 count (2 + count % (kMaxInFlight - 1), cut at the last op),
//                  u8 entries (% (kMaxScheduleEntries + 1)), per entry u8 steps, u8 to
//                  A group that starts inside the one before it, or would hold one op, is dropped.
//                  With a group, the fault plan is none (SEMANTICS G5).
// An item descriptor that does not decode becomes the empty descriptor (header only).
#include "harness/scenario/codec.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "harness/scenario/bytes.h"
#include "model/sd/codec.h"

namespace ksfuzz {
namespace {

constexpr std::uint8_t kClearSelfRelative = 0x08;
constexpr std::uint8_t kNotOpenYet = 0x80;
constexpr std::uint32_t kProtectedPoolBit = 0x80000000;

// An item's descriptor, into `out` (its storage reused). Item descriptors are stored with
// SE_SELF_RELATIVE set; the kind byte says whether to clear it.
void read_descriptor(Reader& r, bool clear_self_relative, model::SecurityDescriptor& out) {
  // A value that does not decode, or whose encoding would not fit the u16 length, is the empty
  // descriptor (header only).
  if (model::decode_into(r.bytes(r.u16() % kMaxDescriptorBytes), out) ||
      model::encoded_size(out) >= kMaxDescriptorBytes)
    out = model::SecurityDescriptor{};
  if (clear_self_relative) out.control &= ~model::control::kSelfRelative;
}

}  // namespace

void decode_scenario_into(std::span<const std::uint8_t> bytes, Scenario& s) {
  Reader r(bytes);
  s.world.hostile = r.u8() & 1;
  s.world.fail_allocation = r.u8();
  s.world.allocations = 0;
  s.world.next_block = 1;
  std::size_t items = r.u8() % kMaxItems + 1;
  // Items, files, ops and groups already in `s` are decoded over, reusing their storage.
  s.world.items.resize(items);
  for (std::size_t i = 0; i < items; ++i) {
    model::Item& item = s.world.items[i];
    item.reset_keeping_descriptor();
    std::uint8_t kind = r.u8();
    item.kind = static_cast<model::SlotKind>((kind & 7) % model::kSlotKinds);
    if (item.kind == model::SlotKind::kShared) {
      std::uint8_t target = r.u8();
      if (i == 0) {
        item.kind = model::SlotKind::kOwned;
      } else {
        item.shares_with = static_cast<std::uint8_t>(target % i);
        // Sharing a slot that holds no pool block (or shares itself) means sharing its target.
        const model::Item& t = s.world.items[item.shares_with];
        if (t.kind == model::SlotKind::kShared) item.shares_with = t.shares_with;
        item.descriptor = s.world.items[item.shares_with].descriptor;
      }
    }
    if (item.kind == model::SlotKind::kOwned) {
      item.pool = static_cast<model::PoolKind>(r.u8() & 1);
      // PROTECTED_POOL tags must be freed with ExFreePoolWithTag; KS frees with ExFreePool (K5).
      item.tag = r.u32() & ~kProtectedPoolBit;
    }
    if (item.has_own_descriptor()) {
      if (!item.descriptor) item.descriptor.emplace();
      read_descriptor(r, kind & kClearSelfRelative, *item.descriptor);
    } else if (item.kind == model::SlotKind::kNone) {
      item.descriptor.reset();
    }
    item.flags = r.u8() & 0xF;
  }
  // A shared slot whose target turned out to hold no pool block is none, like its target.
  for (auto& item : s.world.items) {
    if (item.kind != model::SlotKind::kShared) continue;
    auto target_kind = s.world.items[item.shares_with].kind;
    if (target_kind == model::SlotKind::kNone) {
      item.kind = model::SlotKind::kNone;
      item.descriptor.reset();
      item.shares_with = 0;
    }
  }
  std::size_t files = r.u8() % kMaxFiles + 1;
  s.world.files.resize(files);
  for (auto& f : s.world.files) {
    std::uint8_t b = r.u8();
    std::size_t it = (b & 0x7F) % (items + 1);
    f.item = it < items ? std::optional<std::uint8_t>(static_cast<std::uint8_t>(it)) : std::nullopt;
    f.open = !(b & kNotOpenYet);
  }
  std::size_t ops = r.u8() % (kMaxOps + 1);
  s.ops.resize(ops);
  for (auto& op : s.ops) {
    std::size_t kind = r.u8() % kOpKinds;
    auto file = static_cast<std::uint8_t>(r.u8() % files);
    for_each_op_kind([&](auto traits, std::size_t k) {
      using Kind = typename decltype(traits)::Op;
      if (k != kind) return;
      if (!std::holds_alternative<Kind>(op)) op.template emplace<Kind>();
      decltype(traits)::decode(r, file, std::get<Kind>(op));
    });
  }
  std::size_t groups = r.u8() % (kMaxGroups + 1);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < groups; ++i) {
    std::size_t first = s.ops.empty() ? 0 : r.u8() % s.ops.size();
    if (s.ops.empty()) r.u8();
    std::size_t count = std::min<std::size_t>(2 + r.u8() % (kMaxInFlight - 1), s.ops.size() - first);
    if (kept == s.groups.size()) s.groups.emplace_back();
    Group& g = s.groups[kept];
    g.first = static_cast<std::uint8_t>(first);
    g.count = static_cast<std::uint8_t>(count);
    g.schedule.clear();
    std::size_t entries = r.u8() % (kMaxScheduleEntries + 1);
    for (std::size_t e = 0; e < entries; ++e) {
      std::uint8_t steps = r.u8();
      g.schedule.push_back({steps, r.u8()});
    }
    bool overlaps = kept > 0 && first < s.groups[kept - 1].end();
    if (count >= 2 && !overlaps) ++kept;
  }
  s.groups.resize(kept);
  // The n-th allocation of interleaved IRPs belongs to no serial order (SEMANTICS G5).
  if (!s.groups.empty()) s.world.fail_allocation = 0;
}

LastDecoded::Mode LastDecoded::mode_from_environment() {
  const char* v = std::getenv("KSFUZZ_DECODE_CACHE");
  if (!v || std::strcmp(v, "keep") == 0) return Mode::kKeep;
  if (std::strcmp(v, "never") == 0) return Mode::kNever;
  if (std::strcmp(v, "check") == 0) return Mode::kCheck;
  std::fprintf(stderr, "ksfuzz: KSFUZZ_DECODE_CACHE=%s: want keep, never or check\n", v);
  std::exit(2);
}

Scenario& LastDecoded::decode_kept(std::span<const std::uint8_t> bytes) {
  if (mode_ != Mode::kNever && valid_ && std::ranges::equal(bytes, bytes_)) {
    if (mode_ == Mode::kCheck && scenario_ != decode_scenario(bytes)) {
      std::fprintf(stderr, "ksfuzz: KSFUZZ_DECODE_CACHE=check: the scenario kept for these %zu bytes is not what they "
                           "decode to (changed, but not taken with decode_to_change)\n", bytes.size());
      std::abort();
    }
    return scenario_;
  }
  decode_scenario_into(bytes, scenario_);
  bytes_.assign(bytes.begin(), bytes.end());
  valid_ = true;
  return scenario_;
}

Scenario decode_scenario(std::span<const std::uint8_t> bytes) {
  Scenario s;
  decode_scenario_into(bytes, s);
  return s;
}

void encode_scenario_into(const Scenario& s, std::vector<std::uint8_t>& out) {
  out.clear();
  Writer w(out);
  w.u8(s.world.hostile ? 1 : 0);
  w.u8(static_cast<std::uint8_t>(s.world.fail_allocation));
  w.u8(static_cast<std::uint8_t>(s.world.items.size() - 1));
  thread_local std::vector<std::uint8_t> sd_bytes;  // kept: no allocation once grown
  for (const auto& item : s.world.items) {
    bool absolute = item.descriptor && !(item.descriptor->control & model::control::kSelfRelative);
    w.u8(static_cast<std::uint8_t>(static_cast<std::uint8_t>(item.kind) |
                                   (absolute ? kClearSelfRelative : 0)));
    if (item.kind == model::SlotKind::kShared) w.u8(item.shares_with);
    if (item.kind == model::SlotKind::kOwned) {
      w.u8(static_cast<std::uint8_t>(item.pool));
      w.u32(item.tag);
    }
    if (item.has_own_descriptor()) {
      // Stored self-relative whatever the item says (the kind byte carries that): the bit set in
      // the bytes rather than in a copy of the descriptor.
      model::encode_into(*item.descriptor, sd_bytes);
      sd_bytes[3] |= model::control::kSelfRelative >> 8;
      w.bytes(sd_bytes);
    }
    w.u8(static_cast<std::uint8_t>(item.flags));
  }
  w.u8(static_cast<std::uint8_t>(s.world.files.size() - 1));
  for (const auto& f : s.world.files)
    w.u8(static_cast<std::uint8_t>((f.item ? *f.item : s.world.items.size()) | (f.open ? 0 : kNotOpenYet)));
  w.u8(static_cast<std::uint8_t>(s.ops.size()));
  for (const auto& op : s.ops) {
    w.u8(static_cast<std::uint8_t>(op.index()));
    w.u8(op_file(op));
    visit_op(op, [&](const auto& o, auto traits) { decltype(traits)::encode(o, w); });
  }
  w.u8(static_cast<std::uint8_t>(s.groups.size()));
  for (const auto& g : s.groups) {
    w.u8(g.first);
    w.u8(static_cast<std::uint8_t>(g.count - 2));
    w.u8(static_cast<std::uint8_t>(g.schedule.size()));
    for (const auto& e : g.schedule) w.u8(e.steps), w.u8(e.to);
  }
}

std::vector<std::uint8_t> encode_scenario(const Scenario& s) {
  std::vector<std::uint8_t> out;
  encode_scenario_into(s, out);
  return out;
}

}  // namespace ksfuzz
