// harness/scenario/oracle.cc — compares one op's observation with the model's outcome.
//
// Checks run from the most specific to the most general, so a mutant's finding carries the
// kind that names its bug: violations, completion count, status agreement, status, Information,
// pool effects, item descriptors and flags, then the op kind's own check (the query buffer), which
// sees a wrong descriptor only second-hand.
#include "harness/scenario/oracle.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "model/sd/codec.h"

namespace ksfuzz {
namespace {

std::string blocks_text(std::span<const std::uint32_t> v) {
  if (v.empty()) return "none";
  std::string out;
  for (auto id : v) out += (out.empty() ? "#" : ", #") + std::to_string(id);
  return out;
}

// While check_group tries the serial orders of a group, a mismatch needs only its kind: the first
// order that explains what was seen is the answer, and the others are forgotten. Only when none
// does are they tried again, with their text, for the report (check_group).
bool g_quiet = false;

Finding finding(FindingKind kind, std::string what) {
  Finding f;
  f.kind = kind;
  if (!g_quiet) f.what = std::move(what);
  return f;
}

// The first violation is the finding; every one is a row.
Finding violation_finding(const std::vector<ViolationObservation>& violations, model::Violation predicted) {
  const auto& v = violations.front();
  std::string kind(name(v.kind));
  auto f = finding(v.kind, "the emulated kernel reports " + kind +
                               (v.block ? " of pool block #" + std::to_string(v.block) : std::string()) +
                               (v.holders.empty() ? "" : ", still held by " + v.holders));
  for (const auto& w : violations) {
    // Parameter 1 of the pool bug checks is a subcode; of the others, an address (no place in a
    // report that must read the same every run).
    char code[64];
    if (w.bugcheck == 0xC2 || w.bugcheck == 0xC4)
      std::snprintf(code, sizeof code, " (bug check 0x%X, 0x%llX)", w.bugcheck, static_cast<unsigned long long>(w.subcode));
    else if (w.bugcheck)
      std::snprintf(code, sizeof code, " (bug check 0x%X)", w.bugcheck);
    else
      code[0] = '\0';
    f.rows.push_back({"ledger",
                      predicted != model::Violation::kNone ? "contract broken: " + std::string(model::violation_name(predicted))
                                                           : "no violation",
                      std::string(name(w.kind)) + code + (w.block ? " on pool block #" + std::to_string(w.block) : std::string())});
    if (w.block) f.blocks.push_back(w.block);
  }
  return f;
}

}  // namespace

std::string ItemObservation::describe() const {
  switch (where) {
    case Where::kNull: return "NULL";
    case Where::kLivePool: return "pool block #" + std::to_string(block);
    case Where::kFreedPool: return "freed pool block #" + std::to_string(block);
    case Where::kStatic: return "a static (memory the pool never handed out)";
  }
  return "?";
}

void Oracle::reset(const model::World& initial, const Observation& setup) {
  world_ = initial;
  last_ = model::Outcome{};
  model::assign_initial_blocks(world_);
  binding_.ledger_of.assign(world_.next_block, 0);
  for (auto& bytes : binding_.item_bytes) bytes.clear();
  for (std::size_t i = 0; i < world_.items.size(); ++i) {
    const auto& item = world_.items[i];
    if (item.block && i < setup.items.size()) binding_.ledger_of[item.block] = setup.items[i].block;
    // What the driver's setup put there, byte for byte (the model's world was decoded from it).
    if (i < setup.items.size() && setup.items[i].readable())
      binding_.item_bytes[i].assign(setup.items[i].bytes, setup.items[i].bytes + setup.items[i].size);
    else if (item.descriptor)
      model::encode_into(*item.descriptor, binding_.item_bytes[i]);
  }
}

std::optional<Finding> Oracle::check(const Op& op, const Observation& seen) {
  last_ = step(world_, op);
  return compare(op, last_, world_, seen);
}

std::optional<Finding> Oracle::check_teardown(const Observation& seen, const char* when) {
  if (seen.violations.empty()) return std::nullopt;
  auto f = violation_finding(seen.violations, model::Violation::kNone);
  f.what += std::string(" ") + when;
  return f;
}

std::optional<Finding> Oracle::compare(const Op& op, const model::Outcome& want, const model::World& after,
                                       const Observation& seen) {
  if (auto f = compare_irp(op, want, after, seen, binding_)) return f;
  if (auto f = compare_items(after, binding_, seen.items)) return f;
  return check_op(op, want, seen);
}

std::optional<Finding> Oracle::check_op(const Op& op, const model::Outcome& want, const Observation& seen) {
  if (!want.sent) return std::nullopt;
  return visit_op(op, [&](const auto& o, auto traits) { return decltype(traits)::check(o, want, seen); });
}

std::optional<Finding> Oracle::check_group(std::span<const Op> ops, std::span<const Observation> seen,
                                           const std::vector<ItemObservation>& items, std::size_t& op_index) {
  // A violation is one whatever the order: the IRP it happened in names it.
  for (std::size_t k = 0; k < ops.size(); ++k)
    if (!seen[k].violations.empty()) {
      op_index += k;
      return violation_finding(seen[k].violations, model::Violation::kNone);
    }
  std::array<std::size_t, kMaxInFlight> order{};
  auto orders = std::span(order).first(ops.size());
  std::optional<Finding> closest;
  std::size_t closest_matched = 0, tried = 0;
  std::string closest_order;
  // Twice at most: quietly first (a mismatch is its kind alone, g_quiet), and only when no order
  // explains what was seen, again with the text of each mismatch for the closest one's report.
  // Both passes try the orders alike, so the first that matches is the same.
  for (bool quiet : {true, false}) {
    struct Quiet {  // for this pass only, whichever way it ends
      explicit Quiet(bool q) { g_quiet = q; }
      ~Quiet() { g_quiet = false; }
    } scope(quiet);
    for (std::size_t k = 0; k < ops.size(); ++k) order[k] = k;
    tried = 0;
    do {
      ++tried;
      model::World& w = trial_world_;
      Binding& b = trial_binding_;
      w = world_;
      b = binding_;
      std::optional<Finding> f;
      std::size_t matched = 0;
      model::Outcome want;
      std::array<model::Outcome, kMaxInFlight> wants;
      for (std::size_t k : orders) {
        want = wants[k] = step(w, ops[k]);
        if ((f = compare_irp(ops[k], want, w, seen[k], b))) {
          f->op_index = k;
          break;
        }
        ++matched;
      }
      if (!f && (f = compare_items(w, b, items))) f->op_index = orders.back();
      for (std::size_t k : orders) {
        if (f) break;
        if ((f = check_op(ops[k], wants[k], seen[k]))) f->op_index = k;
      }
      if (!f) {
        // Copied back, not swapped: each keeps its own storage, so a run that repeats the last
        // one allocates nothing (with two storages taking turns, libFuzzer would see it allocate
        // and run a leak check).
        world_ = w;
        binding_ = b;
        last_ = want;
        return std::nullopt;
      }
      if (!quiet && (!closest || matched > closest_matched)) {
        closest = std::move(f);
        closest_matched = matched;
        closest_order.clear();
        for (std::size_t k : orders) closest_order += (closest_order.empty() ? "" : ", ") + std::to_string(op_index + k);
      }
    } while (std::next_permutation(orders.begin(), orders.end()));
  }
  op_index += closest->op_index;
  closest->what += " (in flight: no serial order of the group explains what was observed)";
  closest->rows.push_back({"serial orders tried", std::to_string(tried), "none matched"});
  closest->rows.push_back({"closest order", "ops " + closest_order, std::to_string(closest_matched) + " op(s) matched before it parted"});
  return closest;
}

std::optional<Finding> Oracle::compare_irp(const Op& op, const model::Outcome& want, const model::World& after,
                                           const Observation& seen, Binding& b) {
  // The new descriptor's block: the model's id for it now names the ledger's, and its item's
  // expected bytes are its new descriptor's.
  if (want.allocated) {
    if (b.ledger_of.size() <= want.allocated) b.ledger_of.resize(want.allocated + 1, 0);
    b.ledger_of[want.allocated] = seen.allocated.size() == 1 ? seen.allocated[0] : 0;
    std::size_t target = *after.files[op_file(op)].item;
    model::encode_into(*after.items[target].descriptor, b.item_bytes[target]);
  }

  if (!seen.violations.empty())
    return g_quiet ? finding(seen.violations.front().kind, {}) : violation_finding(seen.violations, want.violation);
  if (seen.sent != want.sent) {
    auto f = finding(FindingKind::kCaptureMismatch, "the I/O manager's capture and the model disagree on the caller's descriptor");
    if (!g_quiet) f.rows.push_back({"sent to the driver", want.sent ? "yes" : "no", seen.sent ? "yes" : "no"});
    return f;
  }
  if (!want.sent) return std::nullopt;

  if (seen.completions != 1) {
    auto f = seen.completions == 0 ? finding(FindingKind::kMissingComplete, "the IRP was never completed")
                                   : finding(FindingKind::kIrpCompletedTwice, "the IRP was completed more than once");
    if (!g_quiet) f.rows.push_back({"IoCompleteRequest calls", "1", std::to_string(seen.completions)});
    return f;
  }
  auto want_status = static_cast<std::uint32_t>(want.status);
  if (seen.returned != seen.io_status) {
    auto f = finding(FindingKind::kStatusMismatch, "the routine returned one status and completed the IRP with another");
    if (g_quiet) return f;
    f.rows.push_back({"returned", status_text(want_status), status_text(seen.returned)});
    f.rows.push_back({"IoStatus.Status", status_text(want_status), status_text(seen.io_status)});
    return f;
  }
  if (seen.io_status != want_status) {
    auto f = finding(FindingKind::kWrongStatus, "the routine completed the IRP with the wrong status");
    if (!g_quiet) f.rows.push_back({"IoStatus.Status", status_text(want_status), status_text(seen.io_status)});
    return f;
  }
  if (seen.information != want.information) {
    auto f = finding(FindingKind::kWrongInformation, "IoStatus.Information is wrong");
    if (!g_quiet) f.rows.push_back({"IoStatus.Information", std::to_string(want.information), std::to_string(seen.information)});
    return f;
  }

  // Pool effects: exactly the old block freed, exactly one new block left allocated.
  const std::uint32_t freed_block = b.ledger_block(want.freed);
  const auto want_freed = std::span(&freed_block, freed_block ? 1 : 0);
  if (!std::ranges::equal(seen.freed, want_freed) || seen.allocated.size() != (want.allocated ? 1u : 0u)) {
    auto f = finding(FindingKind::kPoolEffects, "the op's pool allocations and frees differ from the model's");
    if (seen.freed.size() < want_freed.size()) f = finding(FindingKind::kLeak, "the old descriptor was not freed");
    else if (seen.allocated.size() > (want.allocated ? 1u : 0u))
      f = finding(FindingKind::kLeak, "a block allocated by the op is still live and nobody holds it");
    else if (seen.freed.size() > want_freed.size()) f = finding(FindingKind::kUnexpectedFree, "the op freed a block the model keeps");
    else if (!std::ranges::equal(seen.freed, want_freed)) f = finding(FindingKind::kWrongFree, "the op freed a different block than the old descriptor");
    if (g_quiet) return f;
    f.rows.push_back({"blocks freed", blocks_text(want_freed), blocks_text(seen.freed)});
    f.rows.push_back({"blocks allocated", want.allocated ? "one new block" : "none", blocks_text(seen.allocated)});
    f.blocks.assign(want_freed.begin(), want_freed.end());
    f.blocks.insert(f.blocks.end(), seen.freed.begin(), seen.freed.end());
    f.blocks.insert(f.blocks.end(), seen.allocated.begin(), seen.allocated.end());
    return f;
  }
  return std::nullopt;
}

std::optional<Finding> Oracle::compare_items(const model::World& after, const Binding& b,
                                             const std::vector<ItemObservation>& seen_items) {
  const auto& items = after.items;
  for (std::size_t i = 0; i < items.size() && i < seen_items.size(); ++i) {
    const model::Item& w = items[i];
    const ItemObservation& s = seen_items[i];
    if (w.dangling) continue;  // points at a block another holder freed: reading it is the bug
    auto item_name = [i] { return "create item " + std::to_string(i); };
    if (s.has_descriptor() != w.descriptor.has_value()) {
      if (g_quiet) return finding(FindingKind::kWrongDescriptor, {});
      auto f = finding(FindingKind::kWrongDescriptor, item_name() + (w.descriptor ? " lost its descriptor" : " gained a descriptor"));
      f.rows.push_back({item_name() + " descriptor", w.descriptor ? "present" : "NULL", s.describe()});
      return f;
    }
    if (!w.descriptor) continue;
    const std::vector<std::uint8_t>& want_bytes = b.item_bytes[i];
    // A static (or a copy of an item holding one) is a whole buffer; a pool block is exactly the
    // descriptor's size.
    bool in_static = after.points_at_static(w);
    bool ok = s.readable() && s.size >= want_bytes.size() &&
              std::equal(want_bytes.begin(), want_bytes.end(), s.bytes) &&
              (in_static ? s.where == ItemObservation::Where::kStatic
                         : s.where == ItemObservation::Where::kLivePool && s.size == want_bytes.size());
    if (!ok) {
      if (g_quiet) return finding(FindingKind::kWrongDescriptor, {});
      auto f = finding(FindingKind::kWrongDescriptor, item_name() + "'s descriptor differs from the model's");
      f.rows.push_back({item_name() + " points at", in_static ? "the static" : "a live pool block", s.describe()});
      f.rows.push_back({item_name() + " descriptor", describe_descriptor(want_bytes),
                        s.readable() ? describe_descriptor({s.bytes, s.bytes + s.size}) : "(not readable)"});
      if (s.block) f.blocks.push_back(s.block);
      return f;
    }
    if (s.flags != w.flags) {
      if (g_quiet) return finding(FindingKind::kWrongFlags, {});
      char want_flags[16], seen_flags[16];
      std::snprintf(want_flags, sizeof want_flags, "0x%x", w.flags);
      std::snprintf(seen_flags, sizeof seen_flags, "0x%x", s.flags);
      auto f = finding(FindingKind::kWrongFlags, item_name() + "'s Flags differ (KSCREATE_ITEM_SECURITYCHANGED is 0x1)");
      f.rows.push_back({item_name() + " Flags", want_flags, seen_flags});
      return f;
    }
  }
  return std::nullopt;
}

}  // namespace ksfuzz
