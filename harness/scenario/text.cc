// harness/scenario/text.cc — print and parse the text form of a Scenario.
#include "harness/scenario/text.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "model/sd/codec.h"
#include "model/sd/sddl.h"
#include "model/security_info_table.h"

namespace ksfuzz {
namespace {

constexpr std::string_view kPoolNames[] = {"NonPagedPool", "PagedPool"};

std::string hex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%x", v);
  return buf;
}

// "sd=<SDDL>" when SDDL gives back exactly this value, else "hex=<self-relative bytes>".
std::string descriptor_field(const model::SecurityDescriptor& sd) {
  auto text = model::print_sddl(sd);
  if (text) {
    auto back = model::parse_sddl(*text);
    if (back && back.value() == sd) return "sd=" + text.value();
  }
  return "hex=" + model::to_hex(model::encode(sd));
}

// SetSecurity input: SDDL only when it re-encodes to the very same bytes.
std::string input_field(const std::vector<std::uint8_t>& bytes) {
  auto sd = model::decode(bytes);
  if (sd) {
    auto text = model::print_sddl(*sd);
    if (text) {
      auto back = model::parse_sddl(*text);
      if (back && model::encode(*back) == bytes) return "sd=" + text.value();
    }
  }
  return "hex=" + model::to_hex(bytes);
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
    if (item.kind == model::SlotKind::kOwned || item.kind == model::SlotKind::kStatic ||
        item.kind == model::SlotKind::kDefault) {
      model::SecurityDescriptor sd = *item.descriptor;
      if (!(sd.control & model::control::kSelfRelative)) {
        os << " not-self-relative";
        sd.control |= model::control::kSelfRelative;
      }
      os << ' ' << descriptor_field(sd);
    }
    os << '\n';
  }
  for (std::size_t i = 0; i < s.world.files.size(); ++i) {
    os << "file " << i << ' ';
    if (s.world.files[i].item) os << "item=" << unsigned{*s.world.files[i].item};
    else os << "no-item";
    os << '\n';
  }
  for (const auto& op : s.ops) {
    if (const auto* set = std::get_if<model::SetSecurity>(&op)) {
      os << "set file=" << unsigned{set->file} << " info=" << model::format_security_info(set->info)
         << ' ' << input_field(set->input) << '\n';
    } else if (const auto* q = std::get_if<model::QuerySecurity>(&op)) {
      os << "query file=" << unsigned{q->file} << " info=" << model::format_security_info(q->info)
         << " length=" << q->length << '\n';
    } else {
      os << "close file=" << unsigned{model::op_file(op)} << '\n';
    }
  }
  return os.str();
}

namespace {

// A cursor over one line, which knows where it is for error messages.
class LineParser {
 public:
  LineParser(std::string_view line, std::size_t line_no, std::size_t line_offset)
      : line_(line), line_no_(line_no), line_offset_(line_offset) {}

  model::Error error(const std::string& what) const {
    return model::Error{"line " + std::to_string(line_no_) + ", column " + std::to_string(pos_ + 1) +
                            ": " + what,
                        line_offset_ + pos_};
  }
  bool at_end() {
    skip_spaces();
    return pos_ >= line_.size();
  }
  std::string_view word() {
    skip_spaces();
    std::size_t start = pos_;
    while (pos_ < line_.size() && line_[pos_] != ' ') ++pos_;
    return line_.substr(start, pos_ - start);
  }
  /// Rest of the line (for sd=/hex= values, which may hold spaces).
  std::string_view rest() {
    skip_spaces();
    auto r = line_.substr(pos_);
    pos_ = line_.size();
    return r;
  }
  /// "key=" prefix of the next word, without consuming on mismatch.
  bool next_is(std::string_view key) {
    skip_spaces();
    return line_.substr(pos_, key.size()) == key;
  }
  /// Where the next word starts.
  std::size_t pos() {
    skip_spaces();
    return pos_;
  }
  void set_pos(std::size_t p) { pos_ = p; }

 private:
  void skip_spaces() {
    while (pos_ < line_.size() && line_[pos_] == ' ') ++pos_;
  }
  std::string_view line_;
  std::size_t line_no_, line_offset_, pos_ = 0;
};

std::optional<std::uint64_t> parse_number(std::string_view s, std::uint64_t max) {
  if (s.empty() || s[0] == '-' || s[0] == '+') return std::nullopt;
  std::string digits(s);
  char* end = nullptr;
  bool is_hex = digits.rfind("0x", 0) == 0;
  errno = 0;
  unsigned long long v = std::strtoull(digits.c_str(), &end, is_hex ? 16 : 10);
  if (*end != '\0' || errno != 0 || v > max || (is_hex && digits.size() == 2)) return std::nullopt;
  return v;
}

// Parses "key=value" and returns value, or an error naming the key.
model::Expected<std::string_view> keyed(LineParser& p, std::string_view key) {
  if (!p.next_is(key)) return p.error("expected " + std::string(key) + "...");
  return p.word().substr(key.size());
}

model::Expected<std::uint64_t> keyed_number(LineParser& p, std::string_view key, std::uint64_t max) {
  std::size_t at = p.pos();
  auto v = keyed(p, key);
  if (!v) return v.error();
  auto n = parse_number(*v, max);
  if (!n) {
    p.set_pos(at);
    return p.error(std::string(key) + " wants a number up to " + std::to_string(max));
  }
  return *n;
}

model::Expected<std::uint32_t> keyed_info(LineParser& p) {
  std::size_t at = p.pos();
  auto v = keyed(p, "info=");
  if (!v) return v.error();
  auto info = model::parse_security_info(*v);
  if (!info) {
    p.set_pos(at);
    return p.error("info= wants SECURITY_INFORMATION names or numbers joined by '|'");
  }
  return *info;
}

// "sd=SDDL" or "hex=..." to the end of the line, as self-relative bytes.
model::Expected<std::vector<std::uint8_t>> descriptor_bytes(LineParser& p) {
  std::size_t at = p.pos();
  if (p.next_is("sd=")) {
    auto text = p.rest().substr(3);
    auto sd = model::parse_sddl(text);
    if (!sd) {
      p.set_pos(at + 3 + sd.error().offset);
      return p.error("SDDL: " + sd.error().rule);
    }
    return model::encode(*sd);
  }
  if (p.next_is("hex=")) {
    auto bytes = model::from_hex(p.rest().substr(4));
    if (!bytes) {
      p.set_pos(at);
      return p.error("hex= wants an even number of hex digits");
    }
    if (bytes->size() >= kMaxDescriptorBytes) {
      p.set_pos(at);
      return p.error("descriptor longer than " + std::to_string(kMaxDescriptorBytes - 1) + " bytes");
    }
    return std::move(bytes).value();
  }
  return p.error("expected sd=SDDL or hex=BYTES");
}

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
std::optional<model::Error> parse_item(LineParser& p, Scenario& s) {
  model::Item item;
  std::size_t at = p.pos();
  std::string_view kind = p.word();
  if (kind.substr(0, 12) == "shared-with=") {
    auto target = parse_number(kind.substr(12), 255);
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
  if (item.kind == model::SlotKind::kOwned || item.kind == model::SlotKind::kStatic ||
      item.kind == model::SlotKind::kDefault) {
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
      auto n = parse_number(p.word(), 255);
      if (!n) err = p.error("fail-allocation wants a number from 0 to 255");
      else s.world.fail_allocation = static_cast<std::uint32_t>(*n);
    } else if (keyword == "item") {
      auto n = parse_number(p.word(), 255);
      if (!n || *n != s.world.items.size()) err = p.error("items must be numbered 0, 1, ... in order");
      else if (s.world.items.size() >= kMaxItems) err = p.error("at most " + std::to_string(kMaxItems) + " items");
      else if (!s.world.files.empty() || !s.ops.empty()) err = p.error("items come before files and ops");
      else err = parse_item(p, s);
    } else if (keyword == "file") {
      auto n = parse_number(p.word(), 255);
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
    } else if (keyword == "set" || keyword == "query" || keyword == "close") {
      if (s.ops.size() >= kMaxOps) err = p.error("at most " + std::to_string(kMaxOps) + " ops");
      auto file = err ? model::Expected<std::uint8_t>(*err) : file_ref(p, s);
      if (!file) err = file.error();
      else if (keyword == "close") s.ops.emplace_back(model::Close{*file});
      else if (keyword == "query") {
        auto info = keyed_info(p);
        if (!info) err = info.error();
        else {
          auto len = keyed_number(p, "length=", kMaxQueryLength);
          if (!len) err = len.error();
          else s.ops.emplace_back(model::QuerySecurity{*file, *info, static_cast<std::uint32_t>(*len)});
        }
      } else {
        auto info = keyed_info(p);
        if (!info) err = info.error();
        else {
          auto bytes = descriptor_bytes(p);
          if (!bytes) err = bytes.error();
          else s.ops.emplace_back(model::SetSecurity{*file, *info, std::move(bytes).value()});
        }
      }
    } else {
      p.set_pos(at);
      err = p.error("unknown line '" + std::string(keyword) + "' (mode, fail-allocation, item, file, set, query, close)");
    }
    if (!err && !p.at_end()) err = p.error("unexpected text at the end of the line");
    if (err) return *err;
  }
  if (!header) return model::Error{"line 1, column 1: empty input, expected the header line", 0};
  if (s.world.items.empty()) return model::Error{"line " + std::to_string(line_no) + ": no items", text.size()};
  if (s.world.files.empty()) return model::Error{"line " + std::to_string(line_no) + ": no files", text.size()};
  return s;
}

}  // namespace ksfuzz
