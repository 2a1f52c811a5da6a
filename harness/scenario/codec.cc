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
//   per file:      u8 item (% (items + 1); == items: no create item)
//   u8 ops         count = ops % (kMaxOps + 1)
//   per op:        u8 kind (% 3), u8 file (% files)
//                  SetSecurity:   u32 info, u16 length (% kMaxDescriptorBytes), bytes
//                  QuerySecurity: u32 info, u16 buffer length (% (kMaxQueryLength + 1))
//                  Close:         nothing
// An item descriptor that does not decode becomes the empty descriptor (header only).
#include "harness/scenario/codec.h"

#include <algorithm>

#include "model/sd/codec.h"

namespace ksfuzz {
namespace {

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> b) : b_(b) {}
  std::uint8_t u8() { return pos_ < b_.size() ? b_[pos_++] : 0; }
  std::uint16_t u16() { return static_cast<std::uint16_t>(u8() | u8() << 8); }
  std::uint32_t u32() { return u16() | static_cast<std::uint32_t>(u16()) << 16; }
  std::vector<std::uint8_t> bytes(std::size_t n) {
    std::size_t take = std::min(n, b_.size() - std::min(pos_, b_.size()));
    std::vector<std::uint8_t> out(b_.begin() + pos_, b_.begin() + pos_ + take);
    pos_ += take;
    return out;
  }

 private:
  std::span<const std::uint8_t> b_;
  std::size_t pos_ = 0;
};

class Writer {
 public:
  explicit Writer(std::vector<std::uint8_t>& out) : out_(out) {}
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) { u8(static_cast<std::uint8_t>(v)), u8(static_cast<std::uint8_t>(v >> 8)); }
  void u32(std::uint32_t v) { u16(static_cast<std::uint16_t>(v)), u16(static_cast<std::uint16_t>(v >> 16)); }
  void bytes(const std::vector<std::uint8_t>& b) {
    u16(static_cast<std::uint16_t>(b.size()));
    out_.insert(out_.end(), b.begin(), b.end());
  }

 private:
  std::vector<std::uint8_t>& out_;
};

constexpr std::uint8_t kClearSelfRelative = 0x08;
constexpr std::uint32_t kProtectedPoolBit = 0x80000000;

model::SecurityDescriptor empty_descriptor() { return model::SecurityDescriptor{}; }

// Item descriptors are stored with SE_SELF_RELATIVE set; the kind byte says whether to clear it.
model::SecurityDescriptor read_descriptor(Reader& r, bool clear_self_relative) {
  auto raw = r.bytes(r.u16() % kMaxDescriptorBytes);
  auto sd = model::decode(raw);
  model::SecurityDescriptor out = sd ? std::move(sd).value() : empty_descriptor();
  // Encoding must fit the u16 length; a value past the bound is replaced like an invalid one.
  if (model::encoded_size(out) >= kMaxDescriptorBytes) out = empty_descriptor();
  if (clear_self_relative) out.control &= ~model::control::kSelfRelative;
  return out;
}

}  // namespace

Scenario decode_scenario(std::span<const std::uint8_t> bytes) {
  Reader r(bytes);
  Scenario s;
  s.world.hostile = r.u8() & 1;
  s.world.fail_allocation = r.u8();
  std::size_t items = r.u8() % kMaxItems + 1;
  for (std::size_t i = 0; i < items; ++i) {
    model::Item item;
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
    if (item.kind == model::SlotKind::kOwned || item.kind == model::SlotKind::kStatic ||
        item.kind == model::SlotKind::kDefault)
      item.descriptor = read_descriptor(r, kind & kClearSelfRelative);
    item.flags = r.u8() & 0xF;
    s.world.items.push_back(std::move(item));
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
  for (std::size_t i = 0; i < files; ++i) {
    model::File f;
    std::size_t it = r.u8() % (items + 1);
    if (it < items) f.item = static_cast<std::uint8_t>(it);
    s.world.files.push_back(f);
  }
  std::size_t ops = r.u8() % (kMaxOps + 1);
  for (std::size_t i = 0; i < ops; ++i) {
    std::uint8_t kind = r.u8() % 3;
    std::uint8_t file = static_cast<std::uint8_t>(r.u8() % files);
    if (kind == 0) {
      model::SetSecurity op{file, r.u32(), {}};
      op.input = r.bytes(r.u16() % kMaxDescriptorBytes);
      s.ops.emplace_back(std::move(op));
    } else if (kind == 1) {
      std::uint32_t info = r.u32();
      s.ops.emplace_back(model::QuerySecurity{file, info, r.u16() % (kMaxQueryLength + 1)});
    } else {
      s.ops.emplace_back(model::Close{file});
    }
  }
  return s;
}

void encode_scenario_into(const Scenario& s, std::vector<std::uint8_t>& out) {
  out.clear();
  Writer w(out);
  w.u8(s.world.hostile ? 1 : 0);
  w.u8(static_cast<std::uint8_t>(s.world.fail_allocation));
  w.u8(static_cast<std::uint8_t>(s.world.items.size() - 1));
  std::vector<std::uint8_t> sd_bytes;
  for (const auto& item : s.world.items) {
    bool absolute = item.descriptor && !(item.descriptor->control & model::control::kSelfRelative);
    w.u8(static_cast<std::uint8_t>(static_cast<std::uint8_t>(item.kind) |
                                   (absolute ? kClearSelfRelative : 0)));
    if (item.kind == model::SlotKind::kShared) w.u8(item.shares_with);
    if (item.kind == model::SlotKind::kOwned) {
      w.u8(static_cast<std::uint8_t>(item.pool));
      w.u32(item.tag);
    }
    if (item.kind == model::SlotKind::kOwned || item.kind == model::SlotKind::kStatic ||
        item.kind == model::SlotKind::kDefault) {
      model::SecurityDescriptor sd = *item.descriptor;
      sd.control |= model::control::kSelfRelative;
      model::encode_into(sd, sd_bytes);
      w.bytes(sd_bytes);
    }
    w.u8(static_cast<std::uint8_t>(item.flags));
  }
  w.u8(static_cast<std::uint8_t>(s.world.files.size() - 1));
  for (const auto& f : s.world.files) w.u8(f.item ? *f.item : static_cast<std::uint8_t>(s.world.items.size()));
  w.u8(static_cast<std::uint8_t>(s.ops.size()));
  for (const auto& op : s.ops) {
    w.u8(static_cast<std::uint8_t>(op.index()));
    w.u8(model::op_file(op));
    if (const auto* set = std::get_if<model::SetSecurity>(&op)) {
      w.u32(set->info);
      w.bytes(set->input);
    } else if (const auto* q = std::get_if<model::QuerySecurity>(&op)) {
      w.u32(q->info);
      w.u16(static_cast<std::uint16_t>(q->length));
    }
  }
}

std::vector<std::uint8_t> encode_scenario(const Scenario& s) {
  std::vector<std::uint8_t> out;
  encode_scenario_into(s, out);
  return out;
}

}  // namespace ksfuzz
