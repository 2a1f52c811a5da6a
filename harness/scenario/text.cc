// harness/scenario/text.cc — print and parse the text form of a Scenario.
#include "harness/scenario/text.h"

#include <cstdio>
#include <sstream>

#include "harness/scenario/line_parser.h"
#include "harness/scenario/number.h"
#include "model/sd/codec.h"

namespace ksfuzz {
namespace {

constexpr std::string_view kPoolNames[] = {"NonPagedPool", "PagedPool"};

std::string hex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%x", v);
  return buf;
}

}  // namespace

bool looks_like_scenario_text(std::string_view bytes) {
  return bytes.substr(0, kScenarioTextHeader.size()) == kScenarioTextHeader;
}

std::string print_scenario(const Scenario& s) {
  std::ostringstream os;
  os << kScenarioTextHeader << '\n';
  os << "mode " << (s.world.hostile ? "hostile" : "captured") << '\n';
  if (s.world.fail_allocation) os << "fail-allocation " << s.world.fail_allocation << '\n';
  for (std::size_t i = 0; i < s.world.items.size(); ++i) {
    const model::Item& item = s.world.items[i];
    os << "item " << i << ' ';
    if (item.kind == model::SlotKind::kShared) os << "shared-with=" << unsigned{item.shares_with};
    else os << model::slot_kind_name(item.kind);
    if (item.kind == model::SlotKind::kOwned)
      os << " pool=" << kPoolNames[static_cast<int>(item.pool)] << " tag=" << hex32(item.tag);
    os << " flags=" << hex32(item.flags);
    if (item.has_own_descriptor()) {
      model::SecurityDescriptor sd = *item.descriptor;
      if (!(sd.control & model::control::kSelfRelative)) {
        os << " not-self-relative";
        sd.control |= model::control::kSelfRelative;
      }
      os << ' ' << descriptor_text(model::encode(sd));
    }
    os << '\n';
  }
  for (std::size_t i = 0; i < s.world.files.size(); ++i) {
    os << "file " << i << ' ';
    if (s.world.files[i].item) os << "item=" << unsigned{*s.world.files[i].item};
    else os << "no-item";
    if (!s.world.files[i].open) os << " closed";
    os << '\n';
  }
  for (const auto& op : s.ops) os << print_op(op) << '\n';
  for (const auto& g : s.groups) os << print_group(g) << '\n';
  return os.str();
}

std::string print_group(const Group& g) {
  std::ostringstream os;
  os << "in-flight first=" << unsigned{g.first} << " count=" << unsigned{g.count} << " schedule=";
  if (g.schedule.empty()) os << '-';
  for (std::size_t i = 0; i < g.schedule.size(); ++i)
    os << (i ? "," : "") << unsigned{g.schedule[i].steps} << ':' << unsigned{g.schedule[i].to};
  return os.str();
}

std::string print_op(const Op& op) {
  std::ostringstream os;
  visit_op(op, [&](const auto& o, auto traits) {
    os << decltype(traits)::kKeyword << " file=" << unsigned{o.file};
    decltype(traits)::print(o, os);
  });
  return os.str();
}

namespace {

model::Expected<std::uint8_t> file_ref(LineParser& p, const Scenario& s) {
  std::size_t at = p.pos();
  auto f = keyed_number(p, "file=", 255);
  if (!f) return f.error();
  if (*f >= s.world.files.size()) {
    p.set_pos(at);
    return p.error("no file " + std::to_string(*f) + " (declare files before ops)");
  }
  return static_cast<std::uint8_t>(*f);
}

// One item line after "item N".
// The op kind whose keyword this is.
std::optional<std::size_t> op_kind_of(std::string_view keyword) {
  std::optional<std::size_t> kind;
  for_each_op_kind([&](auto traits, std::size_t i) {
    if (decltype(traits)::kKeyword == keyword) kind = i;
  });
  return kind;
}

std::string op_keywords() {
  std::string out;
  for_each_op_kind([&](auto traits, std::size_t i) { out += (i ? ", " : "") + std::string(decltype(traits)::kKeyword); });
  return out;
}

model::Expected<Op> parse_op(std::size_t kind, LineParser& p, std::uint8_t file) {
  std::optional<model::Expected<Op>> out;
  for_each_op_kind([&](auto traits, std::size_t i) {
    if (i != kind) return;
    auto op = decltype(traits)::parse(p, file);
    if (op) out.emplace(Op{std::move(op).value()});
    else out.emplace(op.error());
  });
  return std::move(*out);
}

// "in-flight first=F count=N schedule=S:T,S:T" (or "schedule=-"), after every op.
std::optional<model::Error> parse_group(LineParser& p, Scenario& s) {
  Group g;
  std::size_t at = p.pos();
  auto first = keyed_number(p, "first=", 255);
  if (!first) return first.error();
  auto count = keyed_number(p, "count=", kMaxInFlight);
  if (!count) return count.error();
  if (*count < 2 || *first + *count > s.ops.size()) {
    p.set_pos(at);
    return p.error("in-flight wants 2 to " + std::to_string(kMaxInFlight) + " ops declared before it");
  }
  if (!s.groups.empty() && *first < s.groups.back().end()) {
    p.set_pos(at);
    return p.error("in-flight groups come in op order and do not overlap");
  }
  if (s.groups.size() >= kMaxGroups) return p.error("at most " + std::to_string(kMaxGroups) + " in-flight groups");
  g.first = static_cast<std::uint8_t>(*first);
  g.count = static_cast<std::uint8_t>(*count);
  std::size_t at_schedule = p.pos();
  auto schedule = keyed(p, "schedule=");
  if (!schedule) return schedule.error();
  auto bad = [&] {
    p.set_pos(at_schedule);
    return p.error("schedule= wants '-' or STEPS:TO entries (numbers up to 255) joined by ','");
  };
  if (*schedule != "-") {
    std::string_view rest = *schedule;
    while (!rest.empty()) {
      auto comma = rest.find(',');
      auto entry = rest.substr(0, comma);
      auto colon = entry.find(':');
      if (colon == std::string_view::npos) return bad();
      auto steps = parse_unsigned(entry.substr(0, colon), 255), to = parse_unsigned(entry.substr(colon + 1), 255);
      if (!steps || !to || g.schedule.size() >= kMaxScheduleEntries) return bad();
      g.schedule.push_back({static_cast<std::uint8_t>(*steps), static_cast<std::uint8_t>(*to)});
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      if (comma != std::string_view::npos && rest.empty()) return bad();
    }
  }
  s.groups.push_back(std::move(g));
  return std::nullopt;
}

std::optional<model::Error> parse_item(LineParser& p, Scenario& s) {
  model::Item item;
  std::size_t at = p.pos();
  std::string_view kind = p.word();
  if (kind.substr(0, 12) == "shared-with=") {
    auto target = parse_unsigned(kind.substr(12), 255);
    if (!target || *target >= s.world.items.size()) {
      p.set_pos(at);
      return p.error("shared-with= wants an earlier item");
    }
    const model::Item& t = s.world.items[*target];
    if (t.kind == model::SlotKind::kNone || t.kind == model::SlotKind::kShared) {
      p.set_pos(at);
      return p.error("shared-with= wants an item that holds a descriptor itself");
    }
    item.kind = model::SlotKind::kShared;
    item.shares_with = static_cast<std::uint8_t>(*target);
    item.descriptor = t.descriptor;
  } else {
    bool found = false;
    for (int k = 0; k < model::kSlotKinds; ++k) {
      auto sk = static_cast<model::SlotKind>(k);
      if (sk != model::SlotKind::kShared && kind == model::slot_kind_name(sk)) item.kind = sk, found = true;
    }
    if (!found) {
      p.set_pos(at);
      return p.error("unknown slot '" + std::string(kind) + "' (none, owned, shared-with=N, static, default)");
    }
  }
  if (item.kind == model::SlotKind::kOwned) {
    at = p.pos();
    auto pool = keyed(p, "pool=");
    if (!pool) return pool.error();
    if (*pool == kPoolNames[0]) item.pool = model::PoolKind::kNonPaged;
    else if (*pool == kPoolNames[1]) item.pool = model::PoolKind::kPaged;
    else {
      p.set_pos(at);
      return p.error("pool= wants NonPagedPool or PagedPool");
    }
    auto tag = keyed_number(p, "tag=", 0x7FFFFFFF);  // no PROTECTED_POOL: KS frees with ExFreePool
    if (!tag) return tag.error();
    item.tag = static_cast<std::uint32_t>(*tag);
  }
  auto flags = keyed_number(p, "flags=", 0xF);
  if (!flags) return flags.error();
  item.flags = static_cast<std::uint32_t>(*flags);
  if (item.has_own_descriptor()) {
    bool absolute = false;
    if (p.next_is("not-self-relative")) {
      p.word();
      absolute = true;
    }
    at = p.pos();
    auto bytes = descriptor_bytes(p);
    if (!bytes) return bytes.error();
    auto sd = model::decode(*bytes);
    if (!sd) {
      p.set_pos(at);
      return p.error("descriptor does not decode: " + sd.error().rule);
    }
    item.descriptor = std::move(sd).value();
    if (absolute) item.descriptor->control &= ~model::control::kSelfRelative;
  }
  s.world.items.push_back(std::move(item));
  return std::nullopt;
}

}  // namespace

model::Expected<Scenario> parse_scenario(std::string_view text) {
  Scenario s;
  std::size_t offset = 0, line_no = 0;
  bool header = false;
  while (offset < text.size()) {
    std::size_t nl = text.find('\n', offset);
    std::string_view line = text.substr(offset, nl == std::string_view::npos ? std::string_view::npos : nl - offset);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_no;
    LineParser p(line, line_no, offset);
    offset = nl == std::string_view::npos ? text.size() : nl + 1;
    if (!header) {
      if (line != kScenarioTextHeader)
        return p.error("expected the header line '" + std::string(kScenarioTextHeader) + "'");
      header = true;
      continue;
    }
    if (p.at_end() || line[line.find_first_not_of(' ')] == '#') continue;
    std::size_t at = p.pos();
    std::string_view keyword = p.word();
    std::optional<model::Error> err;
    if (keyword == "mode") {
      auto m = p.word();
      if (m == "captured") s.world.hostile = false;
      else if (m == "hostile") s.world.hostile = true;
      else err = p.error("mode wants captured or hostile");
    } else if (keyword == "fail-allocation") {
      auto n = parse_unsigned(p.word(), 255);
      if (!n) err = p.error("fail-allocation wants a number from 0 to 255");
      else s.world.fail_allocation = static_cast<std::uint32_t>(*n);
    } else if (keyword == "item") {
      auto n = parse_unsigned(p.word(), 255);
      if (!n || *n != s.world.items.size()) err = p.error("items must be numbered 0, 1, ... in order");
      else if (s.world.items.size() >= kMaxItems) err = p.error("at most " + std::to_string(kMaxItems) + " items");
      else if (!s.world.files.empty() || !s.ops.empty()) err = p.error("items come before files and ops");
      else err = parse_item(p, s);
    } else if (keyword == "file") {
      auto n = parse_unsigned(p.word(), 255);
      if (!n || *n != s.world.files.size()) err = p.error("files must be numbered 0, 1, ... in order");
      else if (s.world.files.size() >= kMaxFiles) err = p.error("at most " + std::to_string(kMaxFiles) + " files");
      else if (s.world.items.empty()) err = p.error("declare items before files");
      else if (!s.ops.empty()) err = p.error("files come before ops");
      else if (p.next_is("no-item")) {
        p.word();
        s.world.files.push_back(model::File{});
      } else {
        std::size_t at_item = p.pos();
        auto it = keyed_number(p, "item=", 255);
        if (!it) err = it.error();
        else if (*it >= s.world.items.size()) {
          p.set_pos(at_item);
          err = p.error("no item " + std::to_string(*it));
        } else s.world.files.push_back(model::File{static_cast<std::uint8_t>(*it)});
      }
      if (!err && p.next_is("closed")) {
        p.word();
        s.world.files.back().open = false;
      }
    } else if (keyword == "in-flight") {
      err = parse_group(p, s);
    } else if (auto kind = op_kind_of(keyword)) {
      if (s.ops.size() >= kMaxOps) err = p.error("at most " + std::to_string(kMaxOps) + " ops");
      else if (!s.groups.empty()) err = p.error("ops come before in-flight lines");
      auto file = err ? model::Expected<std::uint8_t>(*err) : file_ref(p, s);
      if (!file) err = file.error();
      else if (auto op = parse_op(*kind, p, *file)) s.ops.push_back(std::move(op).value());
      else err = op.error();
    } else {
      p.set_pos(at);
      err = p.error("unknown line '" + std::string(keyword) + "' (mode, fail-allocation, item, file, " + op_keywords() + ", in-flight)");
    }
    if (!err && !p.at_end()) err = p.error("unexpected text at the end of the line");
    if (err) return *err;
  }
  if (!header) return model::Error{"line 1, column 1: empty input, expected the header line", 0};
  if (!s.groups.empty() && s.world.fail_allocation)
    return model::Error{"line " + std::to_string(line_no) +
                            ": fail-allocation and in-flight do not go together (SEMANTICS G5)",
                        text.size()};
  if (s.world.items.empty()) return model::Error{"line " + std::to_string(line_no) + ": no items", text.size()};
  if (s.world.files.empty()) return model::Error{"line " + std::to_string(line_no) + ": no files", text.size()};
  return s;
}

}  // namespace ksfuzz
