// fuzz/fuzz_merge.cc — property: the emulated kernel's SeSetSecurityDescriptorInfo and
// SeQuerySecurityDescriptorInfo agree with the model's merge and query, byte for byte. Inputs are
// scenarios (the one codec): item 0's descriptor is the object's (none: *objectSd is NULL), each
// op one call.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <sstream>
#include <vector>

#include <ntifs.h>
#include <ksfuzz/kernel_harness.h>

#include "harness/scenario/codec.h"
#include "harness/scenario/text.h"
#include "model/sd/codec.h"
#include "model/security_info.h"

namespace {

[[noreturn]] void fail(const char* what, const ksfuzz::Scenario& s, std::size_t op, const std::string& detail) {
  std::fprintf(stderr, "==ksfuzz== ERROR: ksfuzz: finding: kernel/merge/%s\n%s\nop %zu: %s\n", what,
               ksfuzz::print_scenario(s).c_str(), op, detail.c_str());
  std::fprintf(stderr, "SUMMARY: ksfuzz: kernel/merge/%s\n", what);
  std::abort();
}

// What the report shows beside a byte mismatch: the info, then both byte strings.
std::string bytes_detail(std::uint32_t info, const std::vector<std::uint8_t>& want, const void* got,
                         std::size_t got_size) {
  return "info " + model::format_security_info(info) + "\n  expected " + model::to_hex(want) +
         "\n  kernel   " + model::to_hex({static_cast<const std::uint8_t*>(got), got_size});
}

std::string statuses(model::Status want, NTSTATUS got) {
  std::ostringstream os;
  os << "expected " << want << ", kernel " << static_cast<model::Status>(static_cast<std::uint32_t>(got));
  return os.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ksfuzz::Scenario s = ksfuzz::decode_scenario({data, size});
  // Item 0 without a descriptor is an object whose *objectSd is NULL (S0, Q0).
  const std::optional<model::SecurityDescriptor>& object = s.world.items[0].descriptor;
  KsfuzzPoolReset();
  KsfuzzVerifierSetMode(KsfuzzVerifierRecord);
  std::vector<std::uint8_t> old_bytes;
  if (object) old_bytes = model::encode(*object);
  for (std::size_t i = 0; i < s.ops.size(); ++i) {
    PVOID block = nullptr;
    if (object) {
      block = ExAllocatePoolWithTag(PagedPool, old_bytes.size(), 0x2064734b);
      std::memcpy(block, old_bytes.data(), old_bytes.size());
    }
    PSECURITY_DESCRIPTOR sd = block;
    if (const auto* set = std::get_if<model::SetSecurity>(&s.ops[i])) {
      auto input = model::decode(set->input);
      PSECURITY_DESCRIPTOR captured = nullptr;
      if (!input) {
        if (block) ExFreePool(block);
        continue;  // tolerated: capture rejects it before any merge (C1)
      }
      KsfuzzCaptureSecurityDescriptor(set->input.data(), static_cast<ULONG>(set->input.size()), &captured);
      SECURITY_INFORMATION info = set->info;
      NTSTATUS st = SeSetSecurityDescriptorInfo(nullptr, &info, captured, &sd, PagedPool,
                                                IoGetFileObjectGenericMapping());
      KsfuzzFreeCapturedSecurityDescriptor(captured);
      auto want = model::set_security_info(object, set->info, *input);
      if (static_cast<std::uint32_t>(st) != static_cast<std::uint32_t>(want.status))
        fail("set-status", s, i, statuses(want.status, st) + ", info " + model::format_security_info(set->info));
      if (block && std::memcmp(block, old_bytes.data(), old_bytes.size()) != 0)
        fail("set-touched-old", s, i, "the old descriptor was modified");
      if (!NT_SUCCESS(st) && sd != block)
        fail("set-result", s, i, "*objectSd changed although the call failed (S12)");
      if (NT_SUCCESS(st)) {
        auto want_bytes = model::encode(*want.result);
        KSFUZZ_POOL_BLOCK_INFO info_block;
        if (sd == block || !KsfuzzPoolBlockInfo(KsfuzzPoolBlockId(sd), &info_block))
          fail("set-result", s, i, "the new descriptor is not a new pool block");
        if (info_block.Size != want_bytes.size() || std::memcmp(sd, want_bytes.data(), want_bytes.size()) != 0)
          fail("set-result", s, i,
               "the new descriptor differs from the model's merge, " +
                   bytes_detail(set->info, want_bytes, sd, info_block.Size));
        ExFreePool(sd);
      }
    } else if (const auto* q = std::get_if<model::QuerySecurity>(&s.ops[i])) {
      // One guard byte past the caller's length: nothing may be written there (Q4), nor
      // anywhere on failure (Q3).
      constexpr std::uint8_t kGuard = 0xEE;
      std::vector<std::uint8_t> buffer(std::size_t{q->length} + 1, kGuard);
      ULONG length = q->length;
      SECURITY_INFORMATION info = q->info;
      NTSTATUS st = SeQuerySecurityDescriptorInfo(&info, buffer.data(), &length, &sd);
      auto want = model::query_security_info(object, q->info, q->length);
      if (static_cast<std::uint32_t>(st) != static_cast<std::uint32_t>(want.status))
        fail("query-status", s, i, statuses(want.status, st) + ", info " + model::format_security_info(q->info));
      if (length != want.required_length)
        fail("query-length", s, i,
             "expected length " + std::to_string(want.required_length) + ", kernel " + std::to_string(length) +
                 ", info " + model::format_security_info(q->info));
      if (NT_SUCCESS(st) && std::memcmp(buffer.data(), want.bytes.data(), want.bytes.size()) != 0)
        fail("query-bytes", s, i,
             "the buffer differs from the model's query, " + bytes_detail(q->info, want.bytes, buffer.data(), length));
      for (std::size_t at = want.bytes.size(); at < buffer.size(); ++at)
        if (buffer[at] != kGuard)
          fail("query-bytes", s, i, "a byte past the result was written (offset " + std::to_string(at) + ")");
      if (sd != block) fail("query-bytes", s, i, "the query changed *objectSd");
    }
    if (block) ExFreePool(block);
  }
  if (KsfuzzVerifierViolationCount()) fail("pool", s, s.ops.size(), "the pool ledger recorded a violation");
  return 0;
}
