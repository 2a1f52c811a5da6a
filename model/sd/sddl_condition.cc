// model/sd/sddl_condition.cc — conditional-ACE expressions: SDDL text to "artx" bytes and back.
//
// The byte code is postfix ([MS-DTYP] 2.4.4.17.4-9): operands, then the operator. Parsing is a
// recursive descent that emits tokens as it goes; printing rebuilds the tree and writes it with
// Windows' parentheses. Windows' parser is lenient in ways the grammar in [MS-DTYP] 2.5.1.1 does
// not show; the vectors show them (docs/SDDL.md).
#include "model/sd/sddl_condition.h"

#include <charconv>
#include <cstring>

#include "model/sd/codec.h"
#include "model/sd/sddl_table.h"

namespace model::sddl {
namespace {

using detail::ascii_upper;
using detail::Cursor;
using detail::digit_value;

constexpr std::uint8_t kSignature[4] = {'a', 'r', 't', 'x'};

// Literal tokens. Windows writes every integer as INT64 with sign and base bytes.
constexpr std::uint8_t kInt64 = 0x04;
constexpr std::uint8_t kUnicode = 0x10;
constexpr std::uint8_t kOctets = 0x18;
constexpr std::uint8_t kComposite = 0x50;
constexpr std::uint8_t kSidToken = 0x51;

enum : std::uint8_t { kSignPlus = 1, kSignMinus = 2, kSignNone = 3 };
enum : std::uint8_t { kBaseOctal = 1, kBaseDecimal = 2, kBaseHex = 3 };

bool is_attr_token(std::uint8_t t) { return t >= 0xF8 && t <= 0xFB; }

// [MS-DTYP] attr-char1: ALPHA / DIGIT / ":" / "." / "/" / "_".
bool is_attr_char1(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' ||
         c == '.' || c == '/' || c == '_';
}
// [MS-DTYP] lit-char, without the "%" escape; bytes of non-ASCII UTF-8 count as %x0080-FFFF.
bool is_lit_char(char c) {
  return (c != '\0' && std::strchr("#$'*+-.:;?@[\\]^_`{}~", c) != nullptr) || static_cast<unsigned char>(c) >= 0x80;
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
std::uint32_t get32(std::span<const std::uint8_t> b, std::size_t at) {
  return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | static_cast<std::uint32_t>(b[at + 3]) << 24;
}

bool starts_with_ignoring_case(const Cursor& cur, std::string_view word) {
  if (cur.text.size() - cur.pos < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (ascii_upper(cur.text[cur.pos + i]) != ascii_upper(word[i])) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

class ConditionParser {
 public:
  ConditionParser(Cursor& cur, const SddlContext& ctx, std::vector<std::uint8_t>& out)
      : cur_(cur), ctx_(ctx), out_(out) {}

  bool condition() {
    cur_.skip_space();
    if (!cur_.accept('(')) return cur_.fail("condition: expected '('");
    out_.insert(out_.end(), std::begin(kSignature), std::end(kSignature));
    if (!expression()) return false;
    cur_.skip_space();
    if (!cur_.accept(')')) return cur_.fail("condition: expected ')'");
    while (out_.size() % 4) out_.push_back(0);
    return true;
  }

 private:
  // || binds loosest, then &&; both associate to the left.
  bool expression() {
    if (!conjunction()) return false;
    for (;;) {
      cur_.skip_space();
      if (cur_.peek() != '|' || cur_.peek(1) != '|') return true;
      cur_.pos += 2;
      if (!conjunction()) return false;
      out_.push_back(0xA1);
    }
  }

  bool conjunction() {
    if (!term()) return false;
    for (;;) {
      cur_.skip_space();
      if (cur_.peek() != '&' || cur_.peek(1) != '&') return true;
      cur_.pos += 2;
      if (!term()) return false;
      out_.push_back(0xA0);
    }
  }

  bool term() {
    if (++depth_ > kMaxDepth) return cur_.fail("condition: nested too deeply");
    bool ok = term_body();
    --depth_;
    return ok;
  }

  bool term_body() {
    cur_.skip_space();
    const char c = cur_.peek();
    if (c == '(') {
      ++cur_.pos;
      if (!expression()) return false;
      cur_.skip_space();
      return cur_.accept(')') || cur_.fail("condition: expected ')'");
    }
    if (c == '!') {
      // "!" takes a parenthesised expression only: "(! Member_of{...})" is rejected.
      ++cur_.pos;
      cur_.skip_space();
      if (cur_.peek() != '(') return cur_.fail("condition: '!' must be followed by '('");
      if (!term()) return false;
      out_.push_back(0xA2);
      return true;
    }
    if (c == '@') return attribute() && relation();
    if (!is_attr_char1(c) || cur_.at_end()) return cur_.fail("condition: expected a term");
    // A word: an operator keyword, or else the name of a local attribute.
    const std::size_t start = cur_.pos;
    std::size_t end = start;
    while (end < cur_.text.size() && is_attr_char1(cur_.text[end])) ++end;
    const ConditionOpSpelling* op = find_condition_op(cur_.text.substr(start, end - start));
    if (op && op->kind == ConditionOpKind::kMember) {
      cur_.pos = end;
      if (!member_operand()) return false;
      out_.push_back(op->token);
      return true;
    }
    if (op && op->kind == ConditionOpKind::kExists) {
      cur_.pos = end;
      cur_.skip_space();
      if (!attribute()) return false;
      out_.push_back(op->token);
      return true;
    }
    return attribute() && relation();
  }

  // After an attribute: optionally a relational or word operator and its right-hand side.
  bool relation() {
    const std::size_t before = cur_.pos;
    cur_.skip_space();
    const ConditionOpSpelling* op = nullptr;
    for (const ConditionOpSpelling& s : kConditionOps) {
      if (s.kind == ConditionOpKind::kRelational && cur_.text.substr(cur_.pos, s.text.size()) == s.text) {
        op = &s;
        cur_.pos += s.text.size();
        break;
      }
    }
    if (!op) {
      std::size_t end = cur_.pos;
      while (end < cur_.text.size() && is_attr_char1(cur_.text[end])) ++end;
      op = find_condition_op(cur_.text.substr(cur_.pos, end - cur_.pos));
      if (!op || op->kind != ConditionOpKind::kContains) {
        cur_.pos = before;  // a bare attribute, used as a boolean
        return true;
      }
      cur_.pos = end;
    }
    cur_.skip_space();
    if (cur_.peek() == '@') {
      if (!attribute()) return false;
    } else if (!literal(true)) {
      return false;
    }
    out_.push_back(op->token);
    return true;
  }

  // "Member_of SID(x)", "Member_of{...}", "Member_of(SID(x))": the parentheses are dropped.
  bool member_operand() {
    std::size_t parens = 0;
    for (cur_.skip_space(); cur_.accept('('); cur_.skip_space()) ++parens;
    if (!literal(true)) return false;
    for (; parens; --parens) {
      cur_.skip_space();
      if (!cur_.accept(')')) return cur_.fail("condition: expected ')'");
    }
    return true;
  }

  // @USER.name, @DEVICE.name, @RESOURCE.name (escapes "%xxxx" allowed), or a local name.
  bool attribute() {
    const std::size_t start = cur_.pos;
    const AttributeSpelling* kind = &kAttributes[0];
    if (cur_.peek() == '@') {
      kind = nullptr;
      for (const AttributeSpelling& a : kAttributes)
        if (!a.prefix.empty() && starts_with_ignoring_case(cur_, a.prefix)) kind = &a;
      if (!kind) return cur_.fail("condition: unknown attribute prefix");
      cur_.pos += kind->prefix.size();
    }
    const bool local = kind->prefix.empty();
    out_.push_back(kind->token);
    const std::size_t length_at = out_.size();
    put32(out_, 0);
    const std::size_t name_start = cur_.pos;
    for (;;) {
      const char c = cur_.peek();
      if (cur_.at_end()) break;
      if (local ? (is_attr_char1(c) || (c == '@' && cur_.pos != name_start))
                : (is_attr_char1(c) || is_lit_char(c))) {
        std::size_t len = 1;
        while (static_cast<unsigned char>(cur_.peek(len)) >= 0x80 &&
               (static_cast<unsigned char>(cur_.peek(len)) & 0xC0) == 0x80)
          ++len;
        if (!detail::append_utf16le(out_, cur_.text.substr(cur_.pos, len)))
          return cur_.fail("condition: attribute name is not valid UTF-8");
        cur_.pos += len;
      } else if (c == '%' && !local) {
        std::uint32_t unit = 0;
        for (int i = 1; i <= 4; ++i) {
          const int d = digit_value(cur_.peek(i), 16);
          if (d < 0) return cur_.fail("condition: '%' must start four hex digits");
          unit = unit * 16 + d;
        }
        if (unit == 0) return cur_.fail("condition: \"%0000\" in an attribute name");
        out_.push_back(static_cast<std::uint8_t>(unit));
        out_.push_back(static_cast<std::uint8_t>(unit >> 8));
        cur_.pos += 5;
      } else {
        break;
      }
    }
    if (cur_.pos == name_start) return cur_.fail("condition: empty attribute name", start);
    set_length(length_at);
    return true;
  }

  void set_length(std::size_t length_at) {
    const auto n = static_cast<std::uint32_t>(out_.size() - length_at - 4);
    for (int i = 0; i < 4; ++i) out_[length_at + i] = static_cast<std::uint8_t>(n >> (8 * i));
  }

  // A literal value: integer, "string", #octets, SID(...), or (when allowed) a {composite}.
  bool literal(bool composite_allowed) {
    cur_.skip_space();
    const char c = cur_.peek();
    if (c == '"') return string_literal();
    if (c == '#') return octet_literal();
    if (c == '{') {
      if (!composite_allowed) return cur_.fail("condition: composite inside a composite");
      return composite_literal();
    }
    if (c == '+' || c == '-' || (c >= '0' && c <= '9')) return integer_literal();
    if (starts_with_ignoring_case(cur_, "SID(")) return sid_literal();
    return cur_.fail("condition: expected a value");
  }

  bool string_literal() {
    const std::size_t start = ++cur_.pos;
    const std::size_t end = cur_.text.find('"', start);
    if (end == std::string_view::npos) return cur_.fail("condition: unterminated string");
    out_.push_back(kUnicode);
    const std::size_t length_at = out_.size();
    put32(out_, 0);
    if (!detail::append_utf16le(out_, cur_.text.substr(start, end - start)))
      return cur_.fail("condition: string is not valid UTF-8", start);
    set_length(length_at);
    cur_.pos = end + 1;
    return true;
  }

  // "#" then hex digits, where Windows reads '#' as '0' and an odd count as a leading '0'.
  bool octet_literal() {
    const std::size_t start = ++cur_.pos;
    while (digit_value(cur_.peek(), 16) >= 0 || (cur_.peek() == '#' && !cur_.at_end())) ++cur_.pos;
    std::string_view digits = cur_.text.substr(start, cur_.pos - start);
    out_.push_back(kOctets);
    put32(out_, static_cast<std::uint32_t>((digits.size() + 1) / 2));
    auto nibble = [](char d) { return d == '#' ? 0 : digit_value(d, 16); };
    std::size_t i = 0;
    if (digits.size() % 2) out_.push_back(static_cast<std::uint8_t>(nibble(digits[i++])));
    for (; i < digits.size(); i += 2)
      out_.push_back(static_cast<std::uint8_t>(nibble(digits[i]) * 16 + nibble(digits[i + 1])));
    return true;
  }

  bool composite_literal() {
    ++cur_.pos;
    out_.push_back(kComposite);
    const std::size_t length_at = out_.size();
    put32(out_, 0);
    cur_.skip_space();
    if (!cur_.accept('}')) {
      for (;;) {
        if (!literal(false)) return false;
        cur_.skip_space();
        if (cur_.accept('}')) break;
        if (!cur_.accept(',')) return cur_.fail("condition: expected ',' or '}'");
      }
    }
    set_length(length_at);
    return true;
  }

  bool sid_literal() {
    cur_.pos += 4;
    cur_.skip_space();
    Sid sid;
    if (!detail::parse_sid(cur_, ctx_, sid)) return false;
    cur_.skip_space();
    if (!cur_.accept(')')) return cur_.fail("condition: expected ')' after the SID");
    out_.push_back(kSidToken);
    put32(out_, static_cast<std::uint32_t>(sid.size()));
    encode_sid(sid, out_);
    return true;
  }

  // [+|-] then 0x-hex, 0-octal or decimal; at most 64 bits (a '-' at most 2^63).
  bool integer_literal() {
    const std::size_t start = cur_.pos;
    std::uint8_t sign = kSignNone;
    if (cur_.accept('+')) sign = kSignPlus;
    else if (cur_.accept('-')) sign = kSignMinus;
    std::uint8_t base_code = kBaseDecimal;
    int base = 10;
    if (cur_.peek() == '0' && (cur_.peek(1) == 'x' || cur_.peek(1) == 'X')) {
      base_code = kBaseHex, base = 16;
      cur_.pos += 2;
    } else if (cur_.peek() == '0' && cur_.peek(1) >= '0' && cur_.peek(1) <= '9') {
      base_code = kBaseOctal, base = 8;
    }
    const std::size_t digits = cur_.pos;
    std::uint64_t v = 0;
    for (int d; !cur_.at_end() && (d = digit_value(cur_.peek(), base)) >= 0; ++cur_.pos) {
      if (v > (~std::uint64_t{0} - d) / base) return cur_.fail("condition: integer overflow", start);
      v = v * base + d;
    }
    if (cur_.pos == digits) return cur_.fail("condition: expected digits", start);
    if (sign == kSignMinus) {
      if (v > (std::uint64_t{1} << 63)) return cur_.fail("condition: integer overflow", start);
      v = 0 - v;
    }
    out_.push_back(kInt64);
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    out_.push_back(sign);
    out_.push_back(base_code);
    return true;
  }

  static constexpr int kMaxDepth = 256;
  Cursor& cur_;
  const SddlContext& ctx_;
  std::vector<std::uint8_t>& out_;
  int depth_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------

struct Node {
  std::size_t at;  // offset of the token in the data
  std::uint8_t token;
  int lhs = -1, rhs = -1;  // unary operators keep their operand in rhs
  int depth = 1;
  bool parens = false;
};

class ConditionPrinter {
 public:
  static constexpr int kMaxPrintDepth = 1024;

  ConditionPrinter(std::span<const std::uint8_t> data, const SddlContext& ctx, std::string& out,
                   std::string& why)
      : data_(data), ctx_(ctx), out_(out), why_(why) {}

  bool print() {
    if (data_.size() < 4 || std::memcmp(data_.data(), kSignature, 4) != 0)
      return fail("application data does not start with \"artx\"");
    std::vector<int> stack;
    std::size_t pos = 4;
    while (pos < data_.size() && data_[pos] != 0) {
      Node n{pos, data_[pos]};
      std::size_t size = 0;
      if (!token_size(pos, size)) return false;
      if (const ConditionOpSpelling* op = find_condition_op(n.token)) {
        const std::size_t arity = is_unary(op->kind) ? 1 : 2;
        if (stack.size() < arity) return fail("operator without enough operands");
        n.rhs = stack.back();
        stack.pop_back();
        if (arity == 2) {
          n.lhs = stack.back();
          stack.pop_back();
        }
        for (int child : {n.lhs, n.rhs})
          if (child >= 0 && nodes_[child].depth + 1 > n.depth) n.depth = nodes_[child].depth + 1;
        // The writer recurses; the parser accepts no deeper nesting than this anyway.
        if (n.depth > kMaxPrintDepth) return fail("expression nested too deeply");
      }
      stack.push_back(static_cast<int>(nodes_.size()));
      nodes_.push_back(n);
      pos += size;
    }
    for (std::size_t i = pos; i < data_.size(); ++i)
      if (data_[i] != 0) return fail("bytes after the padding");
    if (stack.size() != 1) return fail("the expression does not reduce to one value");
    resolve_parens(stack.back());
    nodes_[stack.back()].parens = true;
    return write(stack.back());
  }

 private:
  static bool is_unary(ConditionOpKind k) {
    return k == ConditionOpKind::kMember || k == ConditionOpKind::kExists ||
           k == ConditionOpKind::kNot;
  }

  bool fail(const char* what) {
    why_ = what;
    return false;
  }

  // Size of the token at `pos`, checked against the data.
  bool token_size(std::size_t pos, std::size_t& size) {
    const std::uint8_t t = data_[pos];
    const std::size_t left = data_.size() - pos;
    if (find_condition_op(t)) {
      size = 1;
    } else if (t >= 0x01 && t <= 0x04) {
      size = 11;
    } else if (t == kUnicode || t == kOctets || t == kComposite || t == kSidToken || is_attr_token(t)) {
      if (left < 5) return fail("token runs past the data");
      size = 5 + std::size_t{get32(data_, pos + 1)};
    } else {
      return fail("unknown token");
    }
    if (size > left) return fail("token runs past the data");
    return true;
  }

  // Windows parenthesises every binary operation and every Member_of-style operation, and
  // wraps each operand of !, && and || that is not already parenthesised.
  bool wants_parens(const Node& n) const {
    const ConditionOpSpelling* op = find_condition_op(n.token);
    return n.lhs >= 0 || (op && op->kind == ConditionOpKind::kMember);
  }

  void resolve_parens(int i) {
    Node& n = nodes_[i];
    n.parens = n.parens || wants_parens(n);
    const ConditionOpSpelling* op = find_condition_op(n.token);
    const bool logical = op && (op->kind == ConditionOpKind::kAnd ||
                                op->kind == ConditionOpKind::kOr || op->kind == ConditionOpKind::kNot);
    for (int child : {n.lhs, n.rhs}) {
      if (child < 0) continue;
      nodes_[child].parens = logical;
      resolve_parens(child);
    }
  }

  bool write(int i) {
    const Node n = nodes_[i];
    if (n.parens) out_ += '(';
    if (n.lhs >= 0) {
      if (!write(n.lhs)) return false;
      out_ += ' ';
    }
    if (!write_token(n.at)) return false;
    if (n.rhs >= 0) {
      if (n.token != 0xA2) out_ += ' ';  // "!(x)", but "Member_of {...}"
      if (!write(n.rhs)) return false;
    }
    if (n.parens) out_ += ')';
    return true;
  }

  bool write_token(std::size_t pos) {
    const std::uint8_t t = data_[pos];
    if (const ConditionOpSpelling* op = find_condition_op(t)) {
      out_ += op->text;
      return true;
    }
    if (is_attr_token(t)) return write_attribute(pos);
    return write_literal(pos);
  }

  std::span<const std::uint8_t> payload(std::size_t pos) const {
    return data_.subspan(pos + 5, get32(data_, pos + 1));
  }

  bool write_attribute(std::size_t pos) {
    for (const AttributeSpelling& a : kAttributes)
      if (a.token == data_[pos]) out_ += a.prefix;
    auto name = payload(pos);
    if (name.size() % 2) return fail("attribute name of odd length");
    for (std::size_t i = 0; i < name.size(); i += 2) {
      const unsigned unit = name[i] | name[i + 1] << 8;
      detail::append_name_unit(out_, unit);
    }
    return true;
  }

  bool write_literal(std::size_t pos) {
    const std::uint8_t t = data_[pos];
    if (t >= 0x01 && t <= 0x04) return write_integer(pos);
    if (t == kUnicode) {
      const std::size_t start = out_.size();
      out_ += '"';
      if (!detail::append_utf8(out_, payload(pos))) return fail("string is not valid UTF-16");
      if (out_.find('"', start + 1) != std::string::npos)
        return fail("string holds a '\"', which SDDL cannot quote");
      out_ += '"';
      return true;
    }
    if (t == kOctets) {
      static constexpr char kHex[] = "0123456789abcdef";
      out_ += '#';
      for (std::uint8_t b : payload(pos)) {
        out_ += kHex[b >> 4];
        out_ += kHex[b & 15];
      }
      return true;
    }
    if (t == kSidToken) {
      auto sid = decode_sid(payload(pos));
      if (!sid || sid->size() != payload(pos).size()) return fail("malformed SID token");
      out_ += "SID(";
      detail::append_sid(out_, *sid, ctx_);
      out_ += ')';
      return true;
    }
    if (t == kComposite) {
      auto body = payload(pos);
      const std::size_t base = pos + 5;
      out_ += '{';
      for (std::size_t p = 0; p < body.size();) {
        std::size_t size = 0;
        if (body[p] == 0 || !token_size(base + p, size) || size > body.size() - p)
          return fail("malformed composite");
        if (find_condition_op(body[p]) || is_attr_token(body[p]))
          return fail("operator or attribute inside a composite");
        if (p) out_ += ", ";
        if (!write_literal(base + p)) return false;
        p += size;
      }
      out_ += '}';
      return true;
    }
    return fail("unknown token");
  }

  bool write_integer(std::size_t pos) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= std::uint64_t{data_[pos + 1 + i]} << (8 * i);
    const std::uint8_t sign = data_[pos + 9], base = data_[pos + 10];
    if (sign < kSignPlus || sign > kSignNone || base < kBaseOctal || base > kBaseHex)
      return fail("integer with an unknown sign or base");
    if (sign == kSignPlus) out_ += '+';
    if (sign == kSignMinus) {
      out_ += '-';
      v = 0 - v;
    }
    char buf[32];
    if (base == kBaseHex) out_ += "0x";
    if (base == kBaseOctal) out_ += '0';
    out_.append(buf, std::to_chars(buf, buf + sizeof buf, v, base == kBaseHex ? 16 : base == kBaseOctal ? 8 : 10).ptr);
    return true;
  }

  std::span<const std::uint8_t> data_;
  const SddlContext& ctx_;
  std::string& out_;
  std::string& why_;
  std::vector<Node> nodes_;
};

}  // namespace

bool parse_condition(Cursor& cur, const SddlContext& ctx, std::vector<std::uint8_t>& data) {
  return ConditionParser(cur, ctx, data).condition();
}

bool append_condition(std::string& out, std::span<const std::uint8_t> data,
                      const SddlContext& ctx, std::string& why) {
  return detail::append_exact(
      out, data, why, [&] { return ConditionPrinter(data, ctx, out, why).print(); },
      [&](Cursor& cur, std::vector<std::uint8_t>& again) { return parse_condition(cur, ctx, again); });
}

}  // namespace model::sddl
