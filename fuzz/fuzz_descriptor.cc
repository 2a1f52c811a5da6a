// fuzz/fuzz_descriptor.cc — property: the model's decoder and the emulated kernel's validator
// agree on every byte string, and an accepted descriptor round-trips through encode and SDDL.
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <ntifs.h>

#include "model/sd/codec.h"
#include "model/sd/sddl.h"

namespace {

[[noreturn]] void fail(const char* what, const std::uint8_t* data, std::size_t size) {
  std::fprintf(stderr, "==ksfuzz== ERROR: ksfuzz: finding: descriptor/decode/%s\n  input:", what);
  for (std::size_t i = 0; i < size && i < 256; ++i) std::fprintf(stderr, "%02x", data[i]);
  std::fprintf(stderr, "\nSUMMARY: ksfuzz: descriptor/decode/%s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // An exact-size copy: a validator that reads past the descriptor is caught.
  std::vector<std::uint8_t> copy(data, data + size);
  auto sd = model::decode(copy);
  bool kernel = RtlValidRelativeSecurityDescriptor(copy.data(), static_cast<ULONG>(copy.size()), 0);
  if (sd.ok() != kernel) fail(sd.ok() ? "model-accepts-kernel-rejects" : "model-rejects-kernel-accepts", data, size);
  if (!sd) return 0;
  auto bytes = model::encode(*sd);
  auto again = model::decode(bytes);
  if (!again || !(again.value() == sd.value())) fail("encode-round-trip", data, size);
  auto text = model::print_sddl(*sd);
  // Tolerated: descriptors SDDL cannot express (slack, opaque ACEs, ...) print an error, not text.
  if (!text) return 0;
  auto parsed = model::parse_sddl(*text);
  if (!parsed) fail("printed-sddl-does-not-parse", data, size);
  auto reprinted = model::print_sddl(*parsed);
  if (!reprinted || *reprinted != *text) fail("sddl-not-a-fixed-point", data, size);
  return 0;
}
