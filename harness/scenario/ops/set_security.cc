// harness/scenario/ops/set_security.cc — SetSecurity's bytes, text, generation, shrinking and IRP.
#include "harness/scenario/ops/set_security.h"

#include <bit>
#include <cstdlib>
#include <cstring>

#include <ksfuzz/kernel_harness.h>

#include "harness/gen/mutate.h"
#include "harness/gen/scenario_gen.h"
#include "harness/scenario/scenario.h"
#include "harness/scenario/shrink.h"
#include "model/sd/codec.h"
#include "model/security_info_table.h"

namespace ksfuzz {

using Traits = OpTraits<model::SetSecurity>;

void Traits::decode(Reader& r, std::uint8_t file, Op& into) {
  into.file = file;
  into.info = r.u32();
  auto input = r.bytes(r.u16() % kMaxDescriptorBytes);
  into.input.assign(input.begin(), input.end());
}

void Traits::encode(const Op& op, Writer& w) {
  w.u32(op.info);
  w.bytes(op.input);
}

void Traits::print(const Op& op, std::ostream& os) {
  os << " info=" << model::format_security_info(op.info) << ' ' << descriptor_text(op.input);
}

model::Expected<model::SetSecurity> Traits::parse(LineParser& p, std::uint8_t file) {
  auto info = keyed_info(p);
  if (!info) return info.error();
  auto bytes = descriptor_bytes(p);
  if (!bytes) return bytes.error();
  return Op{file, *info, {bytes->begin(), bytes->end()}};
}

model::SetSecurity Traits::generate(gen::Source& src, const model::World&, std::uint8_t file) {
  auto info = gen::security_information(src);
  const auto input = gen::caller_descriptor(src);
  return Op{file, info, {input.begin(), input.end()}};
}

bool Traits::mutate(Op& op, const model::World&, Rng& rng) {
  if (rng() % 3 == 0) {
    op.info = gen::mutate_information(op.info, rng);
    return true;
  }
  auto sd = model::decode(op.input);
  if (!sd) {
    gen::RngSource src(rng);
    const auto input = gen::caller_descriptor(src);
    op.input.assign(input.begin(), input.end());
    return true;
  }
  model::SecurityDescriptor value = std::move(sd).value();
  if (!gen::mutate_descriptor(value, rng)) return false;
  auto bytes = model::encode(value);
  if (bytes.size() >= kMaxDescriptorBytes) return false;  // the op stays as it was
  op.input.assign(bytes.begin(), bytes.end());
  return true;
}

std::vector<model::SetSecurity> Traits::simpler(const Op& op) {
  std::vector<Op> out;
  for (std::uint32_t bit = 1; bit; bit <<= 1)
    if (op.info & bit) out.push_back(Op{op.file, op.info & ~bit, op.input});
  auto sd = model::decode(op.input);
  if (!sd) return out;
  // The canonical layout of the same descriptor is simpler than any other.
  if (auto relaid = model::encode(*sd); relaid.size() < op.input.size()) out.push_back(Op{op.file, op.info, {relaid.begin(), relaid.end()}});
  for (auto& d : simpler_descriptors(*sd)) {
    const auto bytes = model::encode(d);
    out.push_back(Op{op.file, op.info, {bytes.begin(), bytes.end()}});
  }
  return out;
}

std::size_t Traits::weight(const Op& op) {
  std::size_t n = static_cast<std::size_t>(std::popcount(op.info));
  if (auto sd = model::decode(op.input)) n += descriptor_weight(*sd);
  return n;
}

PIRP Traits::build_irp(const Op& op, IrpContext& ctx) {
  if (ctx.file->FsContext == nullptr) return nullptr;  // no open handle to send it on
  // C1 for both modes; C2 only when captured, C3: hostile passes the caller's own buffer.
  // Zero bytes hold no descriptor (the capture API reads Length 0 as "absolute", not "empty").
  if (op.input.empty()) return nullptr;
  NTSTATUS c = KsfuzzCaptureSecurityDescriptor(op.input.data(), static_cast<ULONG>(op.input.size()), &ctx.captured);
  if (!NT_SUCCESS(c)) return nullptr;
  PSECURITY_DESCRIPTOR given = ctx.captured;
  if (ctx.hostile) {
    ctx.caller_buffer = KsfuzzCallerBufferCopy(op.input.data(), op.input.size());
    given = ctx.caller_buffer;
  }
  return KsfuzzIrpBuildSetSecurity(ctx.device, ctx.file, op.info, given);
}

}  // namespace ksfuzz
