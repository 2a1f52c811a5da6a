// harness/scenario/line_parser.cc — the text form's cursor and field readers.
#include "harness/scenario/line_parser.h"

#include <algorithm>

#include "harness/scenario/number.h"
#include "harness/scenario/scenario.h"
#include "model/sd/codec.h"
#include "model/sd/sddl.h"
#include "model/security_info_table.h"

namespace ksfuzz {

model::Error LineParser::error(const std::string& what) const {
  return model::Error{"line " + std::to_string(line_no_) + ", column " + std::to_string(pos_ + 1) + ": " + what,
                      line_offset_ + pos_};
}

bool LineParser::at_end() {
  skip_spaces();
  return pos_ >= line_.size();
}

std::string_view LineParser::word() {
  skip_spaces();
  std::size_t start = pos_;
  while (pos_ < line_.size() && line_[pos_] != ' ') ++pos_;
  return line_.substr(start, pos_ - start);
}

std::string_view LineParser::rest() {
  skip_spaces();
  auto r = line_.substr(pos_);
  pos_ = line_.size();
  return r;
}

bool LineParser::next_is(std::string_view key) {
  skip_spaces();
  return line_.substr(pos_, key.size()) == key;
}

std::size_t LineParser::pos() {
  skip_spaces();
  return pos_;
}

void LineParser::skip_spaces() {
  while (pos_ < line_.size() && line_[pos_] == ' ') ++pos_;
}

model::Expected<std::string_view> keyed(LineParser& p, std::string_view key) {
  if (!p.next_is(key)) return p.error("expected " + std::string(key) + "...");
  return p.word().substr(key.size());
}

model::Expected<std::uint64_t> keyed_number(LineParser& p, std::string_view key, std::uint64_t max) {
  std::size_t at = p.pos();
  auto v = keyed(p, key);
  if (!v) return v.error();
  auto n = parse_unsigned(*v, max);
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

std::string descriptor_text(std::span<const std::uint8_t> bytes) {
  if (auto sd = model::decode(bytes)) {
    if (auto text = model::print_sddl(*sd)) {
      auto back = model::parse_sddl(*text);
      if (back && std::ranges::equal(model::encode(*back), bytes)) return "sd=" + text.value();
    }
  }
  return "hex=" + model::to_hex(bytes);
}

}  // namespace ksfuzz
