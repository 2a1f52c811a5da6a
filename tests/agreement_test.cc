// agreement_test.cc — the two implementations of docs/SEMANTICS.md agree: the emulated kernel's
// raw-memory routines (harness/kernel) against the model's value rules (model/).
//  (a) RtlValidRelativeSecurityDescriptor(buf, len, 0) accepts exactly what model::decode
//      accepts (D1-D8): every Windows vector, generated descriptors, byte-mutated ones.
//  (b) SeSetSecurityDescriptorInfo and SeQuerySecurityDescriptorInfo give, byte for byte, what
//      model::set_security_info and model::query_security_info give (S0-S14, Q0-Q4), for every
//      combination of the SECURITY_INFORMATION bits model::kSecurityInfoBits names; a successful
//      set leaves a new pool block and the old descriptor and the input untouched.
// Every comparison is between the two sides' outputs, so any disagreement fails a test.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <cstring>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <ksfuzz/kernel_harness.h>

#include "harness/gen/sd_gen.h"
#include "model/sd/codec.h"
#include "model/security_info.h"
#include "tests/support/windows_vectors.h"

namespace {

using Bytes = std::vector<std::uint8_t>;
namespace si = model::security_info;

constexpr ULONG kOldTag = 0x646c4f54;  // "TOld" in memory: the object's descriptor before a set

std::string Hex(const void* p, std::size_t n) { return model::to_hex({static_cast<const std::uint8_t*>(p), n}); }
std::string Hex(const Bytes& b) { return model::to_hex(b); }

// A heap block of exactly the bytes, so that AddressSanitizer catches a read one byte past them.
struct ExactBlock {
  explicit ExactBlock(const Bytes& b) : size(b.size()), data(new std::uint8_t[b.empty() ? 1 : b.size()]) {
    if (!b.empty()) std::memcpy(data.get(), b.data(), b.size());
  }
  std::size_t size;
  std::unique_ptr<std::uint8_t[]> data;
};

// ============================ (a) the validators ============================

bool KernelAccepts(const Bytes& bytes) {
  ExactBlock block(bytes);
  return RtlValidRelativeSecurityDescriptor(block.data.get(), static_cast<ULONG>(bytes.size()), 0) != FALSE;
}

bool ModelAccepts(const Bytes& bytes) { return model::decode(bytes).ok(); }

// Why the two validators part on these bytes, or "" when they agree.
std::string ValidatorDisagreement(const Bytes& bytes) {
  bool kernel = KernelAccepts(bytes);
  auto decoded = model::decode(bytes);
  if (kernel == decoded.ok()) return "";
  std::ostringstream os;
  os << "kernel " << (kernel ? "accepts" : "rejects") << ", model "
     << (decoded.ok() ? "accepts" : "rejects");
  if (!decoded.ok()) os << " (" << decoded.error() << ")";
  os << ": " << Hex(bytes);
  return os.str();
}

// One edit of an encoded descriptor, aimed at the fields D1-D8 look at as often as not.
void Mutate(Bytes& b, std::mt19937& rng) {
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  auto byte = [&] { return static_cast<std::uint8_t>(rng()); };
  if (b.empty()) {
    b.push_back(byte());
    return;
  }
  switch (pick(8)) {
    case 0:  // any byte
      b[pick(b.size())] = byte();
      break;
    case 1:  // a header byte: revision, control, offsets
      b[pick(std::min<std::size_t>(b.size(), 20))] = byte();
      break;
    case 2:  // an offset field to a small value, aligned or not
      if (b.size() >= 20) {
        std::uint32_t v = static_cast<std::uint32_t>(pick(b.size() + 8));
        std::memcpy(&b[4 + 4 * pick(4)], &v, 4);
      }
      break;
    case 3:  // truncate
      b.resize(pick(b.size() + 1));
      break;
    case 4:  // grow: trailing bytes
      b.push_back(byte());
      break;
    case 5: {  // a 16-bit field near a part start: AclSize, AceCount, AceSize
      std::size_t at = pick(b.size());
      at -= at % 2;
      if (at + 1 < b.size()) {
        std::uint16_t v = static_cast<std::uint16_t>(std::uniform_int_distribution<int>(0, 96)(rng));
        std::memcpy(&b[at], &v, 2);
      }
      break;
    }
    case 6:  // a small count: SubAuthorityCount, revision
      b[pick(b.size())] = static_cast<std::uint8_t>(pick(18));
      break;
    default:  // flip one bit
      b[pick(b.size())] ^= static_cast<std::uint8_t>(1u << pick(8));
      break;
  }
}

TEST(ValidatorAgreement, WindowsVectors) {
  const auto& vectors = ksfuzz::test::windows_vectors();
  ASSERT_FALSE(vectors.empty());
  std::size_t agree = 0, accepted = 0;
  for (const auto& v : vectors) {
    std::string why = ValidatorDisagreement(v.bytes);
    if (why.empty()) ++agree;
    else ADD_FAILURE() << v.file << " " << v.sddl << ": " << why;
    accepted += KernelAccepts(v.bytes);
  }
  std::printf("windows vectors: kernel validator agrees %zu/%zu (%zu accepted by both)\n", agree,
              vectors.size(), accepted);
  EXPECT_EQ(agree, vectors.size());
  EXPECT_EQ(accepted, vectors.size());  // Windows produced them: both must take every one
}

TEST(ValidatorAgreement, MutatedWindowsVectors) {
  const auto& vectors = ksfuzz::test::windows_vectors();
  std::mt19937 rng(20261201);
  std::size_t agree = 0, total = 0, valid = 0, failures = 0;
  for (const auto& v : vectors) {
    for (int round = 0; round < 4; ++round) {
      Bytes b = v.bytes;
      for (int edits = 1 + round % 3; edits > 0; --edits) Mutate(b, rng);
      std::string why = ValidatorDisagreement(b);
      ++total;
      if (why.empty()) {
        ++agree;
        valid += ModelAccepts(b);
      } else if (++failures <= 20) {
        ADD_FAILURE() << v.file << " mutated: " << why;
      }
    }
  }
  std::printf("mutated windows vectors: kernel validator agrees %zu/%zu (%zu valid, %zu invalid)\n",
              agree, total, valid, total - valid);
  EXPECT_EQ(agree, total);
  // The mutations must reach both answers, or the comparison proves little.
  EXPECT_GT(valid, total / 20);
  EXPECT_GT(total - valid, total / 20);
}

TEST(ValidatorAgreement, GeneratedAndMutatedDescriptors) {
  std::size_t generated = 0, mutated = 0, mutated_valid = 0;
  bool ok = rc::check("kernel validator agrees with model::decode", [&] {
    const model::SecurityDescriptor sd = *ksfuzz::gen::descriptor();
    Bytes bytes = model::encode(sd);
    RC_ASSERT(ValidatorDisagreement(bytes) == "");
    RC_ASSERT(KernelAccepts(bytes));
    ++generated;
    std::mt19937 rng(*rc::gen::arbitrary<std::uint32_t>());
    for (int round = 0; round < 16; ++round) {
      Bytes b = bytes;
      for (int edits = 1 + round % 4; edits > 0; --edits) Mutate(b, rng);
      RC_ASSERT(ValidatorDisagreement(b) == "");
      ++mutated;
      mutated_valid += ModelAccepts(b);
    }
  });
  EXPECT_TRUE(ok);
  const char* verdict = ok ? "agrees" : "DISAGREED after agreeing on";
  std::printf("generated descriptors: kernel validator %s %zu/%zu\n", verdict, generated, generated);
  std::printf("mutated descriptors: kernel validator %s %zu/%zu (%zu valid, %zu invalid)\n", verdict, mutated,
              mutated, mutated_valid, mutated - mutated_valid);
  EXPECT_GT(mutated_valid, 0u);
  EXPECT_GT(mutated - mutated_valid, 0u);
}

TEST(ValidatorAgreement, RandomBytesBehindAValidHeader) {
  // Bytes no encoder wrote: the offsets, sizes and counts are whatever they happen to be.
  std::size_t agree = 0, total = 0, valid = 0;
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    Bytes b(std::uniform_int_distribution<std::size_t>(20, 96)(rng));
    for (auto& x : b) x = static_cast<std::uint8_t>(std::uniform_int_distribution<int>(0, 40)(rng));
    b[0] = 1;
    b[3] |= 0x80;  // SE_SELF_RELATIVE
    for (int f = 0; f < 4; ++f) {  // offsets inside the buffer, mostly aligned
      std::uint32_t off = static_cast<std::uint32_t>(std::uniform_int_distribution<std::size_t>(0, b.size())(rng));
      if (rng() % 4) off &= ~3u;
      if (rng() % 3 == 0) off = 0;
      std::memcpy(&b[4 + 4 * f], &off, 4);
    }
    std::string why = ValidatorDisagreement(b);
    ++total;
    if (why.empty()) ++agree;
    else ADD_FAILURE() << why;
    valid += ModelAccepts(b);
    if (total - agree >= 20) break;
  }
  std::printf("random bodies: kernel validator agrees %zu/%zu (%zu valid)\n", agree, total, valid);
  EXPECT_EQ(agree, total);
  EXPECT_GT(valid, 0u);
}

// ============================ (b) set and query ============================

// Every combination of the bits of kSecurityInfoBits: index bit i stands for table row i.
std::uint32_t InfoOfCombination(std::uint32_t combination) {
  std::uint32_t info = 0;
  for (std::size_t i = 0; i < model::kSecurityInfoBits.size(); ++i)
    if (combination & (1u << i)) info |= model::kSecurityInfoBits[i].bit;
  return info;
}
constexpr std::uint32_t kCombinations = 1u << model::kSecurityInfoBits.size();

// The object's descriptor as a pool block, or NULL for an object without one (S0, Q0).
struct Object {
  explicit Object(const std::optional<model::SecurityDescriptor>& sd) {
    if (!sd) return;
    bytes = model::encode(*sd);
    block = ExAllocatePoolWithTag(PagedPool, bytes.size(), kOldTag);
    std::memcpy(block, bytes.data(), bytes.size());
  }
  ~Object() {
    if (block) ExFreePool(block);
  }
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;
  bool untouched() const { return block == nullptr || std::memcmp(block, bytes.data(), bytes.size()) == 0; }

  Bytes bytes;
  PVOID block = nullptr;
};

// The caller's descriptor as SeSetSecurityDescriptorInfo receives it: captured (self-relative,
// E1), or an absolute SECURITY_DESCRIPTOR whose pointers lead into that capture (S2). The capture
// is moved to a heap block of its exact size: it serves many calls, each in a pool iteration of
// its own, and the emulated kernel's arena (where captures live) starts afresh with each.
struct Input {
  Input(const Bytes& raw, bool absolute_form) {
    PSECURITY_DESCRIPTOR capture = nullptr;
    NTSTATUS st = KsfuzzCaptureSecurityDescriptor(raw.data(), static_cast<ULONG>(raw.size()), &capture);
    if (!NT_SUCCESS(st)) return;
    // C2 on both sides: the capture is the E1 encoding of what the model decodes.
    captured_bytes = model::encode(model::decode(raw).value());
    capture_agrees = std::memcmp(capture, captured_bytes.data(), captured_bytes.size()) == 0;
    held.reset(new std::uint8_t[captured_bytes.size()]);
    std::memcpy(held.get(), capture, captured_bytes.size());
    KsfuzzFreeCapturedSecurityDescriptor(capture);
    captured = held.get();
    if (!absolute_form) {
      descriptor = captured;
      return;
    }
    auto* rel = static_cast<const SECURITY_DESCRIPTOR_RELATIVE*>(captured);
    auto* base = static_cast<std::uint8_t*>(captured);
    std::memset(&absolute, 0, sizeof absolute);
    absolute.Revision = rel->Revision;
    absolute.Sbz1 = rel->Sbz1;
    absolute.Control = static_cast<SECURITY_DESCRIPTOR_CONTROL>(rel->Control & ~SE_SELF_RELATIVE);
    absolute.Owner = rel->Owner ? base + rel->Owner : nullptr;
    absolute.Group = rel->Group ? base + rel->Group : nullptr;
    absolute.Sacl = rel->Sacl ? reinterpret_cast<PACL>(base + rel->Sacl) : nullptr;
    absolute.Dacl = rel->Dacl ? reinterpret_cast<PACL>(base + rel->Dacl) : nullptr;
    std::memcpy(absolute_before, &absolute, sizeof absolute);
    descriptor = &absolute;
  }
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;
  bool untouched() const {
    if (captured == nullptr) return true;
    if (std::memcmp(captured, captured_bytes.data(), captured_bytes.size()) != 0) return false;
    return descriptor != &absolute || std::memcmp(&absolute, absolute_before, sizeof absolute) == 0;
  }

  PSECURITY_DESCRIPTOR captured = nullptr;
  std::unique_ptr<std::uint8_t[]> held;
  Bytes captured_bytes;
  bool capture_agrees = false;
  SECURITY_DESCRIPTOR absolute;
  unsigned char absolute_before[sizeof(SECURITY_DESCRIPTOR)];
  PSECURITY_DESCRIPTOR descriptor = nullptr;
};

// Runs one call in a fresh pool iteration (the ledger holds one iteration's blocks) and adds the
// ledger's verdict: no violation recorded, no block left live once the object is freed.
template <typename Call>
std::string Isolated(Call call) {
  KsfuzzPoolReset();
  KSFUZZ_VERIFIER_MODE previous = KsfuzzVerifierSetMode(KsfuzzVerifierRecord);
  std::string why = call();
  KsfuzzVerifierSetMode(previous);
  if (why.empty() && KsfuzzVerifierViolationCount() != 0) why = "the pool ledger recorded a violation";
  if (why.empty() && KsfuzzPoolLiveCount() != 0) why = "a pool block is still live";
  return why;
}

// One SeSetSecurityDescriptorInfo call against model::set_security_info: "" when they agree.
std::string SetDisagreementIn(const std::optional<model::SecurityDescriptor>& old, std::uint32_t info,
                            const model::SecurityDescriptor& input_value, const Input& input,
                            POOL_TYPE pool_type) {
  std::ostringstream why;
  why << "set info " << model::format_security_info(info) << ": ";
  Object object(old);
  PSECURITY_DESCRIPTOR sd = object.block;
  ULONG live_before = KsfuzzPoolLiveCount();
  SECURITY_INFORMATION kernel_info = info;
  NTSTATUS st = SeSetSecurityDescriptorInfo(nullptr, &kernel_info, input.descriptor, &sd, pool_type,
                                            IoGetFileObjectGenericMapping());
  model::SetResult want = model::set_security_info(old, info, input_value);
  if (static_cast<std::uint32_t>(st) != static_cast<std::uint32_t>(want.status)) {
    why << "status: model " << want.status << ", kernel " << model::Status(static_cast<std::uint32_t>(st));
    if (NT_SUCCESS(st) && sd != nullptr && sd != object.block) ExFreePool(sd);
    return why.str();
  }
  if (!object.untouched()) return why.str() + "the old descriptor was modified";
  if (!input.untouched()) return why.str() + "the input descriptor was modified (S2)";
  if (!NT_SUCCESS(st)) {
    if (sd != object.block) return why.str() + "*objectSd changed on failure";
    if (KsfuzzPoolLiveCount() != live_before) return why.str() + "a pool block was left behind on failure";
    return "";
  }
  std::string problem;
  Bytes want_bytes = model::encode(*want.result);
  KSFUZZ_POOL_BLOCK_INFO block;
  if (sd == object.block || sd == nullptr) problem = "*objectSd is not a new block";
  else if (!KsfuzzPoolBlockInfo(KsfuzzPoolBlockId(sd), &block) || !block.Live)
    problem = "*objectSd is not a live pool block (S11)";
  else if (KsfuzzPoolLiveCount() != live_before + 1) problem = "more than one block allocated (S11)";
  else if (block.Tag != KSFUZZ_SE_SD_TAG) problem = "the new block's tag is not 'SeSd' (S14)";
  else if (block.PoolType != pool_type) problem = "the new block is not of PoolType (S11)";
  else if (block.Size != want_bytes.size() || std::memcmp(sd, want_bytes.data(), want_bytes.size()) != 0)
    problem = "bytes differ\n  model  " + Hex(want_bytes) + "\n  kernel " +
              Hex(sd, KsfuzzPoolBlockInfo(KsfuzzPoolBlockId(sd), &block) ? block.Size : 0);
  if (sd != nullptr && sd != object.block) ExFreePool(sd);
  return problem.empty() ? "" : why.str() + problem;
}

std::string SetDisagreement(const std::optional<model::SecurityDescriptor>& old, std::uint32_t info,
                            const model::SecurityDescriptor& input_value, const Input& input,
                            POOL_TYPE pool_type) {
  return Isolated([&] { return SetDisagreementIn(old, info, input_value, input, pool_type); });
}

// One SeQuerySecurityDescriptorInfo call against model::query_security_info: "" when they agree.
std::string QueryDisagreementIn(const std::optional<model::SecurityDescriptor>& sd_value, std::uint32_t info,
                              std::uint32_t length) {
  std::ostringstream why;
  why << "query info " << model::format_security_info(info) << " length " << length << ": ";
  Object object(sd_value);
  constexpr std::uint8_t kGuard = 0xEE;
  Bytes guard(std::size_t{length} + 8, kGuard);
  ExactBlock buffer(guard);
  PSECURITY_DESCRIPTOR sd = object.block;
  ULONG kernel_length = length;
  SECURITY_INFORMATION kernel_info = info;
  NTSTATUS st = SeQuerySecurityDescriptorInfo(&kernel_info, buffer.data.get(), &kernel_length, &sd);
  model::QueryResult want = model::query_security_info(sd_value, info, length);
  if (static_cast<std::uint32_t>(st) != static_cast<std::uint32_t>(want.status)) {
    why << "status: model " << want.status << ", kernel " << model::Status(static_cast<std::uint32_t>(st));
    return why.str();
  }
  if (kernel_length != want.required_length) {
    why << "length: model " << want.required_length << ", kernel " << kernel_length;
    return why.str();
  }
  if (!want.bytes.empty() && std::memcmp(buffer.data.get(), want.bytes.data(), want.bytes.size()) != 0)
    return why.str() + "bytes differ\n  model  " + Hex(want.bytes) + "\n  kernel " +
           Hex(buffer.data.get(), want.bytes.size());
  for (std::size_t at = want.bytes.size(); at < buffer.size; ++at)
    if (buffer.data[at] != kGuard) return why.str() + "wrote past the result (Q3, Q4)";
  if (sd != object.block || !object.untouched()) return why.str() + "the object's descriptor changed";
  return "";
}

std::string QueryDisagreement(const std::optional<model::SecurityDescriptor>& sd_value, std::uint32_t info,
                              std::uint32_t length) {
  return Isolated([&] { return QueryDisagreementIn(sd_value, info, length); });
}

// rc::check for a property one case of which is worth `weight` ordinary ones (the exhaustive
// property below makes 16384 combinations a case): it runs max_success / weight cases, at least
// `floor`, so RC_PARAMS (max_success=N; ctest sets it) still scales it.
template <typename Testable>
bool CheckWeighted(const std::string& description, int weight, int floor, Testable&& testable) {
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  params.maxSuccess = std::max(floor, params.maxSuccess / weight);
  rc::detail::TestMetadata metadata;
  metadata.id = description;
  metadata.description = description;
  std::cerr << "\n- " << description << '\n';
  auto result = rc::detail::checkTestable(std::forward<Testable>(testable), metadata, params);
  rc::detail::printResultMessage(result, std::cerr);
  std::cerr << '\n';
  return result.template is<rc::detail::SuccessResult>();
}

// Every combination of the table's bits over one (old, input) pair; query lengths vary with the
// combination (exact, one short, none, roomy). Returns the first disagreement, or "".
std::string AllCombinationsAgree(const std::optional<model::SecurityDescriptor>& old,
                                 const model::SecurityDescriptor& input_value, bool absolute_input,
                                 std::size_t* calls) {
  Bytes raw = model::encode(input_value);
  Input input(raw, absolute_input);
  if (input.captured == nullptr) return "capture rejected an encoded descriptor: " + Hex(raw);
  if (!input.capture_agrees) return "the capture differs from model::encode(decode()) (C2): " + Hex(raw);
  for (std::uint32_t c = 0; c < kCombinations; ++c) {
    std::uint32_t info = InfoOfCombination(c);
    POOL_TYPE pool = (c & 1) ? NonPagedPool : PagedPool;
    if (std::string why = SetDisagreement(old, info, input_value, input, pool); !why.empty()) return why;
    std::uint32_t required = model::query_security_info(old, info, 0).required_length;
    const std::uint32_t lengths[] = {required, required - 1, 0, required + 13};
    std::uint32_t length = lengths[c % 4];
    if (std::string why = QueryDisagreement(old, info, length); !why.empty()) return why;
    if (c % 4 != 0)
      if (std::string why = QueryDisagreement(old, info, required); !why.empty()) return why;
    *calls += 2;
  }
  return "";
}

// S9/Q1 ACEs (types 0x11-0x15) added to a SACL, so that the selecting bits find something.
void AddSelectedAces(model::SecurityDescriptor& sd) {
  if (!*rc::gen::arbitrary<bool>()) return;
  if (!sd.sacl) {
    if (*rc::gen::arbitrary<bool>()) return;  // keep an absent or NULL SACL as it is
    sd.sacl = model::Acl{};
    sd.control |= model::control::kSaclPresent;
  }
  auto n = *rc::gen::inRange<int>(1, 4);
  for (int i = 0; i < n; ++i) {
    model::Ace ace;
    ace.type = *rc::gen::inRange<std::uint8_t>(0x11, 0x16);
    ace.flags = *rc::gen::arbitrary<std::uint8_t>();
    ace.mask = *rc::gen::arbitrary<std::uint32_t>();
    ace.sid = *ksfuzz::gen::sid();
    if (*rc::gen::arbitrary<bool>()) ace.data.assign(4 * *rc::gen::inRange<std::size_t>(1, 4), 0x5A);
    auto at = *rc::gen::inRange<std::size_t>(0, sd.sacl->aces.size() + 1);
    sd.sacl->aces.insert(sd.sacl->aces.begin() + static_cast<std::ptrdiff_t>(at), std::move(ace));
  }
}

// Sbz1/Sbz2 that are not 0 (D4: kept on a whole copy, 0 on a fresh ACL).
void MaybeDirtySbz(std::optional<model::Acl>& acl) {
  if (!acl || *rc::gen::inRange<int>(0, 4) != 0) return;
  acl->sbz1 = *rc::gen::arbitrary<std::uint8_t>();
  acl->sbz2 = *rc::gen::arbitrary<std::uint16_t>();
}

// S9 and Q1 turn on whether the SACL is absent, NULL or an ACL: each a third of the time.
void VarySaclPresence(model::SecurityDescriptor& sd) {
  switch (*rc::gen::inRange<int>(0, 3)) {
    case 0:
      sd.sacl.reset();
      sd.control &= static_cast<std::uint16_t>(~model::control::kSaclPresent);
      break;
    case 1:
      sd.sacl.reset();
      sd.control |= model::control::kSaclPresent;
      break;
    default:
      if (!sd.sacl) sd.sacl = model::Acl{};
      sd.control |= model::control::kSaclPresent;
      break;
  }
}

model::SecurityDescriptor GeneratedDescriptor() {
  model::SecurityDescriptor sd = *ksfuzz::gen::descriptor();
  VarySaclPresence(sd);
  AddSelectedAces(sd);
  MaybeDirtySbz(sd.sacl);
  MaybeDirtySbz(sd.dacl);
  return sd;
}

TEST(SeAgreement, EveryInformationCombinationOnGeneratedDescriptors) {
  std::size_t pairs = 0, calls = 0;
  bool ok = CheckWeighted("SeSet/SeQuerySecurityDescriptorInfo agree with the model", 10, 8, [&] {
    model::SecurityDescriptor old = GeneratedDescriptor();
    // S1 / Q1: now and then an object descriptor without SE_SELF_RELATIVE (laid out self-relative).
    if (*rc::gen::inRange<int>(0, 8) == 0) old.control &= static_cast<std::uint16_t>(~model::control::kSelfRelative);
    model::SecurityDescriptor input = GeneratedDescriptor();
    bool absolute = *rc::gen::arbitrary<bool>();
    RC_ASSERT(AllCombinationsAgree(old, input, absolute, &calls) == "");
    ++pairs;
  });
  EXPECT_TRUE(ok);
  std::printf("generated pairs: Se routines %s %zu pairs x %u combinations (%zu calls)\n",
              ok ? "agree on" : "DISAGREED after agreeing on", pairs, kCombinations, calls);
}

TEST(SeAgreement, EveryInformationCombinationWithoutAnObjectDescriptor) {
  model::SecurityDescriptor input;
  input.owner = model::Sid{};
  input.group = model::Sid{};
  std::size_t calls = 0;
  EXPECT_EQ(AllCombinationsAgree(std::nullopt, input, false, &calls), "");
  std::printf("no object descriptor: Se routines agree on %zu calls\n", calls);
}

TEST(SeAgreement, WindowsVectorPairs) {
  // Real descriptors, labels and resource attributes included, as old and input in turn.
  const auto& vectors = ksfuzz::test::windows_vectors();
  std::size_t pairs = 0, calls = 0;
  for (std::size_t i = 0; i + 1 < vectors.size(); i += 701) {
    auto old = model::decode(vectors[i].bytes);
    auto input = model::decode(vectors[i + 1].bytes);
    ASSERT_TRUE(old.ok() && input.ok());
    std::string why = AllCombinationsAgree(old.value(), input.value(), pairs % 2 == 1, &calls);
    EXPECT_EQ(why, "") << vectors[i].sddl << " <- " << vectors[i + 1].sddl;
    ++pairs;
  }
  std::printf("windows vector pairs: Se routines agree on %zu pairs (%zu calls)\n", pairs, calls);
}

TEST(SeAgreement, InformationBitsOutsideTheTable) {
  // S13: bits no rule acts on; BACKUP beside explicit parts; the top bits alone.
  std::size_t checked = 0;
  bool ok = rc::check("unnamed SECURITY_INFORMATION bits", [&] {
    model::SecurityDescriptor old = GeneratedDescriptor();
    model::SecurityDescriptor input_value = GeneratedDescriptor();
    Input input(model::encode(input_value), false);
    for (int i = 0; i < 64; ++i) {
      std::uint32_t info = *rc::gen::arbitrary<std::uint32_t>();
      RC_ASSERT(SetDisagreement(old, info, input_value, input, PagedPool) == "");
      std::uint32_t required = model::query_security_info(old, info, 0).required_length;
      RC_ASSERT(QueryDisagreement(old, info, required) == "");
      ++checked;
    }
  });
  EXPECT_TRUE(ok);
  std::printf("random 32-bit information: Se routines %s %zu values\n",
              ok ? "agree on" : "DISAGREED after agreeing on", checked);
}

// ---- the corners the two authors disagreed on, each checked on both sides ----

model::Sid SidOf(std::uint64_t authority, std::vector<std::uint32_t> subs) {
  model::Sid s;
  s.authority = authority;
  s.count = static_cast<std::uint8_t>(subs.size());
  for (std::size_t i = 0; i < subs.size(); ++i) s.sub[i] = subs[i];
  return s;
}

model::Ace AceOf(std::uint8_t type, model::Sid sid, std::size_t data = 0) {
  model::Ace a;
  a.type = type;
  a.mask = 0x1;
  a.sid = sid;
  a.data.assign(data, 0x11);
  return a;
}

model::SecurityDescriptor WithSacl(std::optional<model::Acl> sacl, bool present) {
  model::SecurityDescriptor sd;
  sd.owner = SidOf(5, {18});
  sd.group = SidOf(5, {18});
  sd.control = model::control::kSelfRelative | model::control::kSaclDefaulted | model::control::kSaclAutoInherited;
  if (present) sd.control |= model::control::kSaclPresent;
  sd.sacl = std::move(sacl);
  return sd;
}

model::Acl AclOf(std::uint8_t revision, model::Aces aces) {
  model::Acl acl;
  acl.revision = revision;
  acl.aces = std::move(aces);
  return acl;
}

// Both sides agree and, so that agreeing on the wrong answer fails too, give `expected`.
void ExpectSet(const std::optional<model::SecurityDescriptor>& old, std::uint32_t info,
               const model::SecurityDescriptor& input_value, model::Status expected,
               const std::optional<model::SecurityDescriptor>& expected_result = std::nullopt) {
  Input input(model::encode(input_value), false);
  ASSERT_NE(input.captured, nullptr);
  EXPECT_TRUE(input.capture_agrees);
  EXPECT_EQ(SetDisagreement(old, info, input_value, input, PagedPool), "");
  model::SetResult r = model::set_security_info(old, info, input_value);
  EXPECT_EQ(r.status, expected);
  if (expected_result) EXPECT_EQ(r.result, expected_result);
}

TEST(SeAgreementCorners, S9OldNullSaclStaysNullWhenNothingIsLeft) {
  const auto old = WithSacl(std::nullopt, true);
  const auto input = WithSacl(AclOf(2, {AceOf(0x02, SidOf(1, {0}))}), true);  // no label ACE
  ExpectSet(old, si::kLabel, input, model::Status::kSuccess, old);
  // ... and an absent one stays absent, its SACL bits as they stand.
  const auto absent = WithSacl(std::nullopt, false);
  ExpectSet(absent, si::kLabel | si::kScope, input, model::Status::kSuccess, absent);
}

TEST(SeAgreementCorners, S9RebuiltSaclRevisionIsTheLargerOfRealAcls) {
  const model::Ace label = AceOf(0x11, SidOf(16, {0x3000}));
  const model::Ace audit = AceOf(0x02, SidOf(1, {0}));
  struct Case {
    std::optional<model::Acl> old_sacl;
    bool old_present;
    std::uint8_t input_revision;
    std::uint8_t expected;
  } cases[] = {
      {AclOf(2, {audit}), true, 4, 4}, {AclOf(4, {audit}), true, 2, 4}, {AclOf(3, {audit}), true, 2, 3},
      {std::nullopt, true, 3, 3},      {std::nullopt, false, 4, 4},     {AclOf(2, {}), true, 2, 2},
  };
  for (const Case& c : cases) {
    auto old = WithSacl(c.old_sacl, c.old_present);
    auto input = WithSacl(AclOf(c.input_revision, {label}), true);
    auto expected = old;
    expected.control |= model::control::kSaclPresent;
    model::Aces aces;
    if (c.old_sacl) aces = c.old_sacl->aces;
    aces.push_back(label);
    expected.sacl = AclOf(c.expected, aces);
    ExpectSet(old, si::kLabel, input, model::Status::kSuccess, expected);
  }
}

TEST(SeAgreementCorners, S9MergedSaclOver0xFFFFIsInvalidAcl) {
  // Old's audit ACE and input's label ACE each fit an ACL; together they do not.
  const model::Ace big_audit = AceOf(0x02, SidOf(1, {0}), 0xFF00);
  const model::Ace big_label = AceOf(0x11, SidOf(16, {0x3000}), 0x100);
  const auto old = WithSacl(AclOf(2, {big_audit}), true);
  const auto input = WithSacl(AclOf(2, {big_label}), true);
  ASSERT_LE(old.sacl->size(), 0xFFFCu);
  ExpectSet(old, si::kLabel, input, model::Status::kInvalidAcl);
  // Just under the limit it is an ordinary merge.
  const auto small_input = WithSacl(AclOf(2, {AceOf(0x11, SidOf(16, {0x3000}), 0xCC)}), true);
  ExpectSet(old, si::kLabel, small_input, model::Status::kSuccess);
  ASSERT_EQ(model::set_security_info(old, si::kLabel, small_input).result->sacl->size(), 0xFFFCu);
  // S4 comes first.
  model::SecurityDescriptor no_owner = input;
  no_owner.owner.reset();
  ExpectSet(old, si::kLabel | si::kOwner, no_owner, model::Status::kInvalidOwner);
}

TEST(SeAgreementCorners, S0NoObjectDescriptorIsNoSecurityOnObject) {
  ExpectSet(std::nullopt, si::kDacl, WithSacl(std::nullopt, false), model::Status::kNoSecurityOnObject);
  ExpectSet(std::nullopt, 0, WithSacl(std::nullopt, false), model::Status::kNoSecurityOnObject);
}

TEST(SeAgreementCorners, S1OldWithoutSelfRelativeIsBadFormatWhateverItHolds) {
  auto old = WithSacl(AclOf(2, {AceOf(0x11, SidOf(16, {0x3000}))}), true);
  old.control &= static_cast<std::uint16_t>(~model::control::kSelfRelative);
  ExpectSet(old, si::kDacl, WithSacl(std::nullopt, false), model::Status::kBadDescriptorFormat);
}

TEST(SeAgreementCorners, D4SbzTravelWithWholeAclsOnly) {
  auto input = WithSacl(AclOf(2, {AceOf(0x11, SidOf(16, {0x3000}))}), true);
  input.sacl->sbz1 = 0x12;
  input.sacl->sbz2 = 0x3456;
  auto old = WithSacl(std::nullopt, false);
  auto whole = model::set_security_info(old, si::kSacl, input);
  ASSERT_TRUE(whole.result && whole.result->sacl);
  EXPECT_EQ(whole.result->sacl->sbz2, 0x3456);
  ExpectSet(old, si::kSacl, input, model::Status::kSuccess, whole.result);
  auto fresh = model::set_security_info(old, si::kLabel, input);
  ASSERT_TRUE(fresh.result && fresh.result->sacl);
  EXPECT_EQ(fresh.result->sacl->sbz1, 0);
  EXPECT_EQ(fresh.result->sacl->sbz2, 0);
  ExpectSet(old, si::kLabel, input, model::Status::kSuccess, fresh.result);
}

void ExpectQuery(const std::optional<model::SecurityDescriptor>& sd, std::uint32_t info, const Bytes& expected) {
  EXPECT_EQ(QueryDisagreement(sd, info, 4096), "");
  EXPECT_EQ(model::query_security_info(sd, info, 4096).bytes, expected);
}

TEST(SeAgreementCorners, Q1BackupIsExpanded) {
  auto sd = WithSacl(AclOf(2, {AceOf(0x11, SidOf(16, {0x3000}))}), true);
  ExpectQuery(sd, si::kBackup, model::encode(sd));
}

TEST(SeAgreementCorners, Q2SaclBitsTravelWithSelectingBitsEvenWithoutSacl) {
  auto absent = WithSacl(std::nullopt, false);  // SACL_DEFAULTED and SACL_AUTO_INHERITED set
  model::SecurityDescriptor expected;
  expected.control = model::control::kSelfRelative | model::control::kSaclDefaulted |
                     model::control::kSaclAutoInherited;
  ExpectQuery(absent, si::kLabel, model::encode(expected));
  ExpectQuery(absent, si::kSacl, model::encode(expected));
}

TEST(SeAgreementCorners, Q0NoObjectDescriptorQueriesAsEmpty) {
  model::SecurityDescriptor empty;
  for (std::uint32_t info : {0u, si::kOwner | si::kDacl, si::kBackup, si::kLabel, 0xFFFFFFFFu})
    ExpectQuery(std::nullopt, info, model::encode(empty));
  EXPECT_EQ(model::encode(empty).size(), 20u);
  EXPECT_EQ(QueryDisagreement(std::nullopt, si::kOwner, 19), "");
}

TEST(SeAgreementCorners, Q1ObjectWithoutSelfRelativeIsStillReadAsSelfRelative) {
  auto sd = WithSacl(AclOf(2, {AceOf(0x11, SidOf(16, {0x3000})), AceOf(0x02, SidOf(1, {0}))}), true);
  sd.control &= static_cast<std::uint16_t>(~model::control::kSelfRelative);
  for (std::uint32_t info : {si::kOwner, si::kSacl, si::kLabel, si::kBackup}) {
    EXPECT_EQ(QueryDisagreement(sd, info, 4096), "");
  }
}

}  // namespace
