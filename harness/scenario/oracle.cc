// harness/scenario/oracle.cc — compares one op's observation with the model's outcome.
//
// Checks run from the most specific to the most general, so a mutant's finding carries the
// kind that names its bug: ledger violations, completion count, status agreement, status,
// Information, pool effects, item descriptors and flags, the query buffer.
#include "harness/scenario/oracle.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "model/sd/codec.h"
#include "model/sd/sddl.h"

namespace ksfuzz {
namespace {

std::string status_text(std::uint32_t v) {
  std::ostringstream os;
  os << static_cast<model::Status>(v);
  return os.str();
}

// At most `max` bytes of hex, then how many there were.
std::string hex(const std::vector<std::uint8_t>& b, std::size_t max = 64) {
  std::string out = model::to_hex(std::span(b).first(std::min(b.size(), max)));
  if (b.size() > max) out += "...(" + std::to_string(b.size()) + " bytes)";
  return out.empty() ? "(none)" : out;
}

// A descriptor's bytes in words: SDDL when they decode and print, else hex.
std::string describe_bytes(const std::vector<std::uint8_t>& b) {
  auto sd = model::decode(b);
  if (sd) {
    auto text = model::print_sddl(*sd);
    if (text) return text.value() + "  (" + std::to_string(b.size()) + " bytes)";
  }
  return hex(b);
}

std::string blocks_text(const std::vector<std::uint32_t>& v) {
  if (v.empty()) return "none";
  std::string out;
  for (auto id : v) out += (out.empty() ? "#" : ", #") + std::to_string(id);
  return out;
}

Finding finding(std::string kind, std::string what) {
  Finding f;
  f.kind = std::move(kind);
  f.what = std::move(what);
  return f;
}

}  // namespace

std::string ItemObservation::describe() const {
  switch (where) {
    case Where::kNull: return "NULL";
    case Where::kLivePool: return "pool block #" + std::to_string(block);
    case Where::kFreedPool: return "freed pool block #" + std::to_string(block);
    case Where::kStatic: return "the static";
    case Where::kNotPool: return "memory the pool never handed out";
  }
  return "?";
}

std::optional<Finding> compare(const Expectation& expected, const Observation& seen,
                               const model::Op& op) {
  const model::Outcome& want = expected.outcome;

  if (!seen.violations.empty()) {
    const auto& v = seen.violations.front();
    auto f = finding(v.kind, "the emulated kernel reports " + v.kind +
                                 (v.block ? " of pool block #" + std::to_string(v.block) : std::string()) +
                                 (v.holders.empty() ? "" : ", still held by " + v.holders));
    for (const auto& w : seen.violations) {
      // Parameter 1 of the pool bug checks is a subcode; of the others, an address (no place in a
      // report that must read the same every run).
      char code[64];
      if (w.bugcheck == 0xC2 || w.bugcheck == 0xC4)
        std::snprintf(code, sizeof code, " (bug check 0x%X, 0x%llX)", w.bugcheck, static_cast<unsigned long long>(w.subcode));
      else if (w.bugcheck)
        std::snprintf(code, sizeof code, " (bug check 0x%X)", w.bugcheck);
      else
        code[0] = '\0';
      f.rows.push_back({"ledger", want.violation != model::Violation::kNone
                                      ? "contract broken: " + std::string(model::violation_name(want.violation))
                                      : "no violation",
                        w.kind + code + (w.block ? " on pool block #" + std::to_string(w.block) : std::string())});
      if (w.block) f.blocks.push_back(w.block);
    }
    return f;
  }
  if (seen.sent != want.sent) {
    auto f = finding("capture-mismatch", "the I/O manager's capture and the model disagree on the caller's descriptor");
    f.rows.push_back({"sent to the driver", want.sent ? "yes" : "no", seen.sent ? "yes" : "no"});
    return f;
  }
  if (!want.sent) return std::nullopt;

  if (seen.completions != 1) {
    auto f = seen.completions == 0 ? finding("missing-complete", "the IRP was never completed")
                                   : finding("double-complete", "the IRP was completed more than once");
    f.rows.push_back({"IoCompleteRequest calls", "1", std::to_string(seen.completions)});
    return f;
  }
  auto want_status = static_cast<std::uint32_t>(want.status);
  if (seen.returned != seen.io_status) {
    auto f = finding("status-mismatch", "the routine returned one status and completed the IRP with another");
    f.rows.push_back({"returned", status_text(want_status), status_text(seen.returned)});
    f.rows.push_back({"IoStatus.Status", status_text(want_status), status_text(seen.io_status)});
    return f;
  }
  if (seen.io_status != want_status) {
    auto f = finding("wrong-status", "the routine completed the IRP with the wrong status");
    f.rows.push_back({"IoStatus.Status", status_text(want_status), status_text(seen.io_status)});
    return f;
  }
  if (seen.information != want.information) {
    auto f = finding("wrong-information", "IoStatus.Information is wrong");
    f.rows.push_back({"IoStatus.Information", std::to_string(want.information), std::to_string(seen.information)});
    return f;
  }

  // Pool effects: exactly the old block freed, exactly one new block left allocated.
  std::vector<std::uint32_t> want_freed;
  if (expected.freed_block) want_freed.push_back(expected.freed_block);
  if (seen.freed != want_freed || seen.allocated.size() != (want.allocated ? 1u : 0u)) {
    std::string kind = "pool-effects";
    std::string what = "the op's pool allocations and frees differ from the model's";
    if (seen.freed.size() < want_freed.size()) kind = "leak", what = "the old descriptor was not freed";
    else if (seen.allocated.size() > (want.allocated ? 1u : 0u)) kind = "leak", what = "a block allocated by the op is still live and nobody holds it";
    else if (seen.freed.size() > want_freed.size()) kind = "unexpected-free", what = "the op freed a block the model keeps";
    else if (seen.freed != want_freed) kind = "wrong-free", what = "the op freed a different block than the old descriptor";
    auto f = finding(kind, what);
    f.rows.push_back({"blocks freed", blocks_text(want_freed), blocks_text(seen.freed)});
    f.rows.push_back({"blocks allocated", want.allocated ? "one new block" : "none", blocks_text(seen.allocated)});
    f.blocks = want_freed;
    f.blocks.insert(f.blocks.end(), seen.freed.begin(), seen.freed.end());
    f.blocks.insert(f.blocks.end(), seen.allocated.begin(), seen.allocated.end());
    return f;
  }

  const auto& items = expected.world->items;
  for (std::size_t i = 0; i < items.size() && i < seen.items.size(); ++i) {
    const model::Item& w = items[i];
    const ItemObservation& s = seen.items[i];
    if (w.dangling) continue;  // points at a block another holder freed: reading it is the bug
    auto name = [i] { return "create item " + std::to_string(i); };
    if (s.has_descriptor() != w.descriptor.has_value()) {
      auto f = finding("wrong-descriptor", name() + (w.descriptor ? " lost its descriptor" : " gained a descriptor"));
      f.rows.push_back({name() + " descriptor", w.descriptor ? "present" : "NULL", s.describe()});
      return f;
    }
    if (!w.descriptor) continue;
    const std::vector<std::uint8_t>& want_bytes = expected.item_bytes[i];
    // A static (or a copy of an item holding one) is a whole buffer; a pool block is exactly the
    // descriptor's size.
    bool in_static = w.kind == model::SlotKind::kStatic ||
                     (w.kind == model::SlotKind::kShared && items[w.shares_with].kind == model::SlotKind::kStatic);
    bool ok = s.readable() && s.size >= want_bytes.size() &&
              std::equal(want_bytes.begin(), want_bytes.end(), s.bytes) &&
              (in_static ? s.where == ItemObservation::Where::kStatic
                         : s.where == ItemObservation::Where::kLivePool && s.size == want_bytes.size());
    if (!ok) {
      auto f = finding("wrong-descriptor", name() + "'s descriptor differs from the model's");
      f.rows.push_back({name() + " points at", in_static ? "the static" : "a live pool block", s.describe()});
      f.rows.push_back({name() + " descriptor", describe_bytes(want_bytes),
                        s.readable() ? describe_bytes({s.bytes, s.bytes + s.size}) : "(not readable)"});
      if (s.block) f.blocks.push_back(s.block);
      return f;
    }
    if (s.flags != w.flags) {
      char a[16], b[16];
      std::snprintf(a, sizeof a, "0x%x", w.flags);
      std::snprintf(b, sizeof b, "0x%x", s.flags);
      auto f = finding("wrong-flags", name() + "'s Flags differ (KSCREATE_ITEM_SECURITYCHANGED is 0x1)");
      f.rows.push_back({name() + " Flags", a, b});
      return f;
    }
  }

  if (std::holds_alternative<model::QuerySecurity>(op) && want.status == model::Status::kSuccess) {
    const auto& b = seen.buffer;
    bool ok = b.size() >= want.query_bytes.size() &&
              std::equal(want.query_bytes.begin(), want.query_bytes.end(), b.begin());
    if (!ok) {
      auto f = finding("wrong-query-bytes", "the caller's buffer does not hold the queried descriptor");
      std::vector<std::uint8_t> head(b.begin(), b.begin() + std::min(b.size(), want.query_bytes.size()));
      f.rows.push_back({"buffer", describe_bytes(want.query_bytes), describe_bytes(head)});
      return f;
    }
  }
  return std::nullopt;
}

}  // namespace ksfuzz
