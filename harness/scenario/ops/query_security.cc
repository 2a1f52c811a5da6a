// harness/scenario/ops/query_security.cc — QuerySecurity's bytes, text, generation, shrinking,
// IRP and buffer check.
#include "harness/scenario/ops/query_security.h"

#include <algorithm>
#include <bit>

#include <ksfuzz/kernel_harness.h>

#include "harness/gen/mutate.h"
#include "harness/gen/scenario_gen.h"
#include "harness/scenario/scenario.h"
#include "model/security_info.h"
#include "model/security_info_table.h"

namespace ksfuzz {

using Traits = OpTraits<model::QuerySecurity>;

namespace {

// The length the query needs, where the world knows it up front (0 otherwise).
std::uint32_t required_length(const model::World& w, std::uint8_t file, std::uint32_t info) {
  const auto& f = w.files[file];
  if (!f.item || !w.items[*f.item].descriptor) return 0;
  return model::query_security_info(*w.items[*f.item].descriptor, info, 0).required_length;
}

}  // namespace

void Traits::decode(Reader& r, std::uint8_t file, Op& into) {
  std::uint32_t info = r.u32();
  into = Op{file, info, r.u16() % (kMaxQueryLength + 1)};
}

void Traits::encode(const Op& op, Writer& w) {
  w.u32(op.info);
  w.u16(static_cast<std::uint16_t>(op.length));
}

void Traits::print(const Op& op, std::ostream& os) {
  os << " info=" << model::format_security_info(op.info) << " length=" << op.length;
}

model::Expected<model::QuerySecurity> Traits::parse(LineParser& p, std::uint8_t file) {
  auto info = keyed_info(p);
  if (!info) return info.error();
  auto len = keyed_number(p, "length=", kMaxQueryLength);
  if (!len) return len.error();
  return Op{file, *info, static_cast<std::uint32_t>(*len)};
}

model::QuerySecurity Traits::generate(gen::Source& src, const model::World& w, std::uint8_t file) {
  auto info = gen::security_information(src);
  // Lengths around what the query needs: short, exact and long buffers.
  std::uint32_t required = required_length(w, file, info);
  std::uint32_t length = 0;
  switch (src.pick<int>({{3, 0}, {2, 1}, {1, 2}, {1, 3}})) {
    case 0: length = required; break;
    case 1: length = static_cast<std::uint32_t>(std::max<int>(0, int(required) + src.range<int>(0, 17) - 8)); break;
    case 2: length = 0; break;
    default: length = src.range<std::uint32_t>(0, kMaxQueryLength + 1); break;
  }
  return Op{file, info, length};
}

bool Traits::mutate(Op& op, const model::World& w, Rng& rng) {
  if (rng() % 2) {
    op.info = gen::mutate_information(op.info, rng);
    return true;
  }
  int delta = static_cast<int>(rng() % 9) - 4;
  op.length = rng() % 4 ? static_cast<std::uint32_t>(std::max(0, static_cast<int>(required_length(w, op.file, op.info)) + delta))
                        : static_cast<std::uint32_t>(rng() % (kMaxQueryLength + 1));
  return true;
}

std::vector<model::QuerySecurity> Traits::simpler(const Op& op) {
  std::vector<Op> out;
  for (std::uint32_t bit = 1; bit; bit <<= 1)
    if (op.info & bit) out.push_back(Op{op.file, op.info & ~bit, op.length});
  for (std::uint32_t len : {0u, op.length / 2, op.length - 1})
    if (len < op.length) out.push_back(Op{op.file, op.info, len});
  return out;
}

std::size_t Traits::weight(const Op& op) {
  return static_cast<std::size_t>(std::popcount(op.info)) + (op.length ? 1 + op.length / 64 : 0);
}

PIRP Traits::build_irp(const Op& op, IrpContext& ctx) {
  if (ctx.file->FsContext == nullptr) return nullptr;
  return KsfuzzIrpBuildQuerySecurity(ctx.device, ctx.file, op.info, op.length);
}

void Traits::observe(const Op& op, PIRP irp, Observation& seen) {
  if (!irp->UserBuffer) return;
  auto* b = static_cast<const std::uint8_t*>(irp->UserBuffer);
  seen.buffer.assign(b, b + op.length);
}

std::optional<Finding> Traits::check(const Op&, const model::Outcome& want, const Observation& seen) {
  if (want.status != model::Status::kSuccess) return std::nullopt;
  const auto& b = seen.buffer;
  if (b.size() >= want.query_bytes.size() && std::equal(want.query_bytes.begin(), want.query_bytes.end(), b.begin()))
    return std::nullopt;
  Finding f{FindingKind::kWrongQueryBytes, "the caller's buffer does not hold the queried descriptor"};
  std::vector<std::uint8_t> head(b.begin(), b.begin() + std::min(b.size(), want.query_bytes.size()));
  f.rows.push_back({"buffer", describe_descriptor(want.query_bytes), describe_descriptor(head)});
  return f;
}

}  // namespace ksfuzz
