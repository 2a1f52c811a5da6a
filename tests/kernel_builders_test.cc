// kernel_builders_test.cc — the Rtl routines a driver's setup code builds descriptors with, and
// SeExports (docs/SEMANTICS.md R1-R12). What they build is read back by the model's decoder and
// compared with the model's value of the same descriptor (parsed from SDDL, or generated), and
// the bytes with the model's encoding of it: the kernel side builds, the model side checks.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <iterator>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <ksfuzz/kernel_harness.h>

#include "harness/gen/sd_gen.h"
#include "model/sd/codec.h"
#include "model/sd/sddl.h"

namespace {

using Bytes = std::vector<std::uint8_t>;

// ---- building with the Rtl routines ----

/// The memory an absolute descriptor built by the Rtl routines points at, and the descriptor.
struct Built {
  SECURITY_DESCRIPTOR absolute{};
  std::deque<Bytes> parts;  // a deque: growing it never moves the parts already pointed at

  /// A zeroed buffer of n bytes that lives as long as this.
  std::uint8_t* Part(std::size_t n) { return parts.emplace_back(n, 0).data(); }
};

/// `sid` through RtlLengthRequiredSid, RtlInitializeSid and RtlSubAuthoritySid.
PSID RtlSid(Built& built, const model::Sid& sid) {
  PSID out = built.Part(RtlLengthRequiredSid(sid.count));
  SID_IDENTIFIER_AUTHORITY authority;
  for (int i = 0; i < 6; ++i) authority.Value[i] = static_cast<UCHAR>(sid.authority >> (8 * (5 - i)));
  EXPECT_EQ(RtlInitializeSid(out, &authority, sid.count), STATUS_SUCCESS);
  for (ULONG i = 0; i < sid.count; ++i) *RtlSubAuthoritySid(out, i) = sid.sub[i];
  return out;
}

/// How an ACL is built: the revision RtlCreateAcl gets, the AceRevision each add gets, and the
/// bytes asked for beyond what the ACEs need.
struct AclRecipe {
  ULONG create_revision = ACL_REVISION;
  std::vector<ULONG> ace_revisions;  // one an ACE; missing ones are ACL_REVISION
  ULONG extra = 0;
};

/// The ACEs of `acl` (allowed and denied only) appended one by one to an ACL from RtlCreateAcl.
PACL RtlAcl(Built& built, const model::Acl& acl, const AclRecipe& recipe = {}) {
  ULONG length = sizeof(ACL) + recipe.extra;
  for (const auto& ace : acl.aces) length += static_cast<ULONG>(ace.size());
  auto* out = reinterpret_cast<PACL>(built.Part(length));
  EXPECT_EQ(RtlCreateAcl(out, length, recipe.create_revision), STATUS_SUCCESS);
  for (std::size_t i = 0; i < acl.aces.size(); ++i) {
    const auto& ace = acl.aces[i];
    ULONG revision = i < recipe.ace_revisions.size() ? recipe.ace_revisions[i] : ACL_REVISION;
    PSID sid = RtlSid(built, ace.sid);
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    if (ace.type == ACCESS_ALLOWED_ACE_TYPE && ace.flags == 0)
      status = RtlAddAccessAllowedAce(out, revision, ace.mask, sid);
    else if (ace.type == ACCESS_ALLOWED_ACE_TYPE)
      status = RtlAddAccessAllowedAceEx(out, revision, ace.flags, ace.mask, sid);
    else if (ace.type == ACCESS_DENIED_ACE_TYPE && ace.flags == 0)
      status = RtlAddAccessDeniedAce(out, revision, ace.mask, sid);
    else
      ADD_FAILURE() << "no Rtl routine adds " << ace;
    EXPECT_EQ(status, STATUS_SUCCESS) << ace;
  }
  return out;
}

/// `sd` built as a driver would: RtlCreateSecurityDescriptor, then one RtlSet*SecurityDescriptor
/// a part (the defaulted flags from sd's control).
void RtlBuild(Built& built, const model::SecurityDescriptor& sd, const AclRecipe& dacl_recipe = {}) {
  namespace c = model::control;
  auto bit = [&](std::uint16_t b) -> BOOLEAN { return (sd.control & b) != 0; };
  ASSERT_EQ(RtlCreateSecurityDescriptor(&built.absolute, SECURITY_DESCRIPTOR_REVISION), STATUS_SUCCESS);
  PSECURITY_DESCRIPTOR abs = &built.absolute;
  if (sd.owner || bit(c::kOwnerDefaulted))
    ASSERT_EQ(RtlSetOwnerSecurityDescriptor(abs, sd.owner ? RtlSid(built, *sd.owner) : nullptr,
                                            bit(c::kOwnerDefaulted)),
              STATUS_SUCCESS);
  if (sd.group || bit(c::kGroupDefaulted))
    ASSERT_EQ(RtlSetGroupSecurityDescriptor(abs, sd.group ? RtlSid(built, *sd.group) : nullptr,
                                            bit(c::kGroupDefaulted)),
              STATUS_SUCCESS);
  if (sd.dacl_present())
    ASSERT_EQ(RtlSetDaclSecurityDescriptor(abs, TRUE, sd.dacl ? RtlAcl(built, *sd.dacl, dacl_recipe) : nullptr,
                                           bit(c::kDaclDefaulted)),
              STATUS_SUCCESS);
  if (sd.sacl_present())
    ASSERT_EQ(RtlSetSaclSecurityDescriptor(abs, TRUE, sd.sacl ? RtlAcl(built, *sd.sacl) : nullptr,
                                           bit(c::kSaclDefaulted)),
              STATUS_SUCCESS);
}

/// RtlAbsoluteToSelfRelativeSD as drivers call it: ask the length, then convert into a heap
/// block of exactly that length (AddressSanitizer catches a byte written past it).
Bytes SelfRelative(PSECURITY_DESCRIPTOR absolute) {
  ULONG length = 0;
  EXPECT_EQ(RtlAbsoluteToSelfRelativeSD(absolute, nullptr, &length), STATUS_BUFFER_TOO_SMALL);
  auto block = std::make_unique<std::uint8_t[]>(length);
  ULONG given = length;
  EXPECT_EQ(RtlAbsoluteToSelfRelativeSD(absolute, block.get(), &given), STATUS_SUCCESS);
  EXPECT_EQ(given, length) << "the length is left as it was on success";
  return Bytes(block.get(), block.get() + length);
}

model::SecurityDescriptor Sddl(std::string_view text) {
  auto sd = model::parse_sddl(text);
  EXPECT_TRUE(sd.ok()) << text << ": " << (sd.ok() ? "" : sd.error().rule);
  return sd.ok() ? *sd : model::SecurityDescriptor{};
}

/// The bytes decode to `expected` and are exactly the model's encoding of it.
void ExpectDescriptor(const Bytes& bytes, const model::SecurityDescriptor& expected) {
  auto decoded = model::decode(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.error() << ": " << model::to_hex(bytes);
  EXPECT_EQ(*decoded, expected);
  EXPECT_EQ(model::to_hex(bytes), model::to_hex(model::encode(expected)));
}

// ---- R11 with R5-R10: whole descriptors ----

TEST(RtlBuilders, DriverSetupCodeBuildsTheSddlDescriptor) {
  // O:BAG:SYD:(A;;GA;;;WD)(D;;0x1;;;BA), written as a driver writes it.
  ULONG acl_length = sizeof(ACL) + 2 * (sizeof(ACCESS_ALLOWED_ACE) - sizeof(ULONG)) +
                     RtlLengthSid(SeExports->SeWorldSid) + RtlLengthSid(SeExports->SeAliasAdminsSid);
  Bytes acl_buffer(acl_length);
  auto* dacl = reinterpret_cast<PACL>(acl_buffer.data());
  SECURITY_DESCRIPTOR absolute;
  ASSERT_EQ(RtlCreateSecurityDescriptor(&absolute, SECURITY_DESCRIPTOR_REVISION), STATUS_SUCCESS);
  ASSERT_EQ(RtlCreateAcl(dacl, acl_length, ACL_REVISION), STATUS_SUCCESS);
  ASSERT_EQ(RtlAddAccessAllowedAce(dacl, ACL_REVISION, GENERIC_ALL, SeExports->SeWorldSid), STATUS_SUCCESS);
  ASSERT_EQ(RtlAddAccessDeniedAce(dacl, ACL_REVISION, 0x1, SeExports->SeAliasAdminsSid), STATUS_SUCCESS);
  ASSERT_EQ(RtlSetOwnerSecurityDescriptor(&absolute, SeExports->SeAliasAdminsSid, FALSE), STATUS_SUCCESS);
  ASSERT_EQ(RtlSetGroupSecurityDescriptor(&absolute, SeExports->SeLocalSystemSid, FALSE), STATUS_SUCCESS);
  ASSERT_EQ(RtlSetDaclSecurityDescriptor(&absolute, TRUE, dacl, FALSE), STATUS_SUCCESS);
  EXPECT_TRUE(RtlValidSecurityDescriptor(&absolute));
  Bytes bytes = SelfRelative(&absolute);
  ExpectDescriptor(bytes, Sddl("O:BAG:SYD:(A;;GA;;;WD)(D;;0x1;;;BA)"));
  EXPECT_EQ(RtlLengthSecurityDescriptor(bytes.data()), bytes.size());
}

TEST(RtlBuilders, SddlDescriptorsBuiltPartByPart) {
  for (const char* text : {
           "O:BAG:SYD:(A;;GA;;;WD)(D;;0x1;;;BA)",
           "O:SYG:SYD:(A;OICI;FA;;;SY)(A;CIIO;0x1200a9;;;BU)(A;ID;0x1;;;AU)",
           "O:BA",                                   // no DACL at all
           "G:SY",                                   // group only
           "D:NO_ACCESS_CONTROL",                    // NULL DACL
           "O:BAD:",                                 // empty DACL
           "O:BAG:BAD:(A;;GA;;;WD)S:NO_ACCESS_CONTROL",  // NULL SACL
           "D:(D;;GA;;;AN)(A;;GR;;;S-1-5-21-1-2-3-1001)S:",  // empty SACL
           "",
       }) {
    SCOPED_TRACE(text);
    auto expected = Sddl(text);
    Built built;
    RtlBuild(built, expected);
    ExpectDescriptor(SelfRelative(&built.absolute), expected);
  }
}

TEST(RtlBuilders, DefaultedFlagsTravel) {
  namespace c = model::control;
  auto expected = Sddl("O:BAG:SYD:(A;;GA;;;WD)S:");
  expected.control |= c::kOwnerDefaulted | c::kGroupDefaulted | c::kDaclDefaulted | c::kSaclDefaulted;
  Built built;
  RtlBuild(built, expected);
  ExpectDescriptor(SelfRelative(&built.absolute), expected);
}

TEST(RtlAbsoluteToSelfRelativeSD, AlreadySelfRelativeIsBadDescriptorFormat) {
  Bytes relative(sizeof(SECURITY_DESCRIPTOR_RELATIVE));
  ASSERT_EQ(RtlCreateSecurityDescriptorRelative(reinterpret_cast<PISECURITY_DESCRIPTOR_RELATIVE>(relative.data()),
                                                SECURITY_DESCRIPTOR_REVISION),
            STATUS_SUCCESS);
  Bytes out(64, 0xEE);
  ULONG length = 64;
  EXPECT_EQ(RtlAbsoluteToSelfRelativeSD(relative.data(), out.data(), &length), STATUS_BAD_DESCRIPTOR_FORMAT);
  EXPECT_EQ(length, 64u);
  EXPECT_EQ(out, Bytes(64, 0xEE));
}

TEST(RtlAbsoluteToSelfRelativeSD, ShortBufferGetsTheRequiredLengthAndNothingWritten) {
  auto expected = Sddl("O:BAG:SYD:(A;;GA;;;WD)(D;;0x1;;;BA)");
  Built built;
  RtlBuild(built, expected);
  const ULONG required = static_cast<ULONG>(model::encoded_size(expected));
  for (ULONG given : {0u, 1u, 20u, required - 1}) {
    Bytes out(required, 0xEE);
    ULONG length = given;
    EXPECT_EQ(RtlAbsoluteToSelfRelativeSD(&built.absolute, out.data(), &length), STATUS_BUFFER_TOO_SMALL)
        << given;
    EXPECT_EQ(length, required) << given;
    EXPECT_EQ(out, Bytes(required, 0xEE)) << given;
  }
  Bytes out(required + 8, 0xEE);
  ULONG length = required + 8;
  ASSERT_EQ(RtlAbsoluteToSelfRelativeSD(&built.absolute, out.data(), &length), STATUS_SUCCESS);
  EXPECT_EQ(length, required + 8);
  EXPECT_EQ(Bytes(out.begin() + required, out.end()), Bytes(8, 0xEE)) << "written past the descriptor";
  out.resize(required);
  ExpectDescriptor(out, expected);
}

TEST(RtlAbsoluteToSelfRelativeSD, UnknownRevision) {
  SECURITY_DESCRIPTOR absolute;
  ASSERT_EQ(RtlCreateSecurityDescriptor(&absolute, SECURITY_DESCRIPTOR_REVISION), STATUS_SUCCESS);
  absolute.Revision = 2;
  ULONG length = 0;
  EXPECT_EQ(RtlAbsoluteToSelfRelativeSD(&absolute, nullptr, &length), STATUS_UNKNOWN_REVISION);
  EXPECT_EQ(length, 0u);
}

TEST(RtlAbsoluteToSelfRelativeSD, AclSlackAndAbsentPartsPointersIgnored) {
  // An ACL longer than its ACEs keeps its slack (D7); a DACL pointer with DACL_PRESENT clear is
  // not written.
  auto expected = Sddl("O:BAD:(A;;GA;;;WD)");
  Built built;
  RtlBuild(built, expected, {ACL_REVISION, {}, 10});
  expected.dacl->slack.assign(8, 0);  // 10 extra bytes, AclSize rounded down to a multiple of 4
  ExpectDescriptor(SelfRelative(&built.absolute), expected);
  ASSERT_EQ(RtlSetDaclSecurityDescriptor(&built.absolute, FALSE, nullptr, TRUE), STATUS_SUCCESS);
  EXPECT_NE(built.absolute.Dacl, nullptr) << "DaclPresent FALSE ignores Dacl";
  EXPECT_EQ(built.absolute.Control & SE_DACL_DEFAULTED, 0) << "and DaclDefaulted";
  ExpectDescriptor(SelfRelative(&built.absolute), Sddl("O:BA"));
}

// ---- R7, R8: empty descriptors ----

TEST(RtlCreateSecurityDescriptor, EmptyAbsoluteOrUnknownRevision) {
  SECURITY_DESCRIPTOR sd;
  std::memset(&sd, 0xEE, sizeof(sd));
  EXPECT_EQ(RtlCreateSecurityDescriptor(&sd, 2), STATUS_UNKNOWN_REVISION);
  EXPECT_EQ(sd.Revision, 0xEE) << "nothing written";
  ASSERT_EQ(RtlCreateSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION), STATUS_SUCCESS);
  SECURITY_DESCRIPTOR empty{};
  empty.Revision = 1;
  EXPECT_EQ(std::memcmp(&sd, &empty, sizeof(sd)), 0);
  ExpectDescriptor(SelfRelative(&sd), Sddl(""));
}

TEST(RtlCreateSecurityDescriptorRelative, EmptySelfRelativeOrUnknownRevision) {
  Bytes sd(sizeof(SECURITY_DESCRIPTOR_RELATIVE), 0xEE);
  auto* relative = reinterpret_cast<PISECURITY_DESCRIPTOR_RELATIVE>(sd.data());
  EXPECT_EQ(RtlCreateSecurityDescriptorRelative(relative, 0), STATUS_UNKNOWN_REVISION);
  EXPECT_EQ(sd, Bytes(sd.size(), 0xEE));
  ASSERT_EQ(RtlCreateSecurityDescriptorRelative(relative, SECURITY_DESCRIPTOR_REVISION), STATUS_SUCCESS);
  ExpectDescriptor(sd, Sddl(""));
  EXPECT_TRUE(RtlValidRelativeSecurityDescriptor(sd.data(), static_cast<ULONG>(sd.size()), 0));
}

// ---- R9, R10: the setters ----

TEST(RtlSetSecurityDescriptor, SettersRefuseUnknownRevisionThenSelfRelative) {
  Bytes owner = {1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0};
  Bytes acl(8);
  ASSERT_EQ(RtlCreateAcl(reinterpret_cast<PACL>(acl.data()), 8, ACL_REVISION), STATUS_SUCCESS);
  using Setter = NTSTATUS (*)(PSECURITY_DESCRIPTOR, PSID, PACL);
  const Setter setters[] = {
      [](PSECURITY_DESCRIPTOR sd, PSID sid, PACL) { return RtlSetOwnerSecurityDescriptor(sd, sid, TRUE); },
      [](PSECURITY_DESCRIPTOR sd, PSID sid, PACL) { return RtlSetGroupSecurityDescriptor(sd, sid, TRUE); },
      [](PSECURITY_DESCRIPTOR sd, PSID, PACL a) { return RtlSetDaclSecurityDescriptor(sd, TRUE, a, TRUE); },
      [](PSECURITY_DESCRIPTOR sd, PSID, PACL a) { return RtlSetSaclSecurityDescriptor(sd, TRUE, a, TRUE); },
  };
  for (Setter set : setters) {
    SECURITY_DESCRIPTOR absolute;
    ASSERT_EQ(RtlCreateSecurityDescriptor(&absolute, SECURITY_DESCRIPTOR_REVISION), STATUS_SUCCESS);
    absolute.Revision = 0;
    absolute.Control = SE_SELF_RELATIVE;
    SECURITY_DESCRIPTOR before = absolute;
    EXPECT_EQ(set(&absolute, owner.data(), reinterpret_cast<PACL>(acl.data())), STATUS_UNKNOWN_REVISION);
    EXPECT_EQ(std::memcmp(&before, &absolute, sizeof(absolute)), 0);
    // A self-relative descriptor of 20 bytes: the setter reads its header only.
    Bytes relative(sizeof(SECURITY_DESCRIPTOR_RELATIVE));
    ASSERT_EQ(RtlCreateSecurityDescriptorRelative(reinterpret_cast<PISECURITY_DESCRIPTOR_RELATIVE>(relative.data()),
                                                  SECURITY_DESCRIPTOR_REVISION),
              STATUS_SUCCESS);
    auto block = std::make_unique<std::uint8_t[]>(relative.size());
    std::memcpy(block.get(), relative.data(), relative.size());
    EXPECT_EQ(set(block.get(), owner.data(), reinterpret_cast<PACL>(acl.data())), STATUS_INVALID_SECURITY_DESCR);
    EXPECT_EQ(std::memcmp(block.get(), relative.data(), relative.size()), 0);
  }
}

TEST(RtlSetSecurityDescriptor, PointersNotCopiesAndDefaultedCleared) {
  SECURITY_DESCRIPTOR sd;
  ASSERT_EQ(RtlCreateSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION), STATUS_SUCCESS);
  ASSERT_EQ(RtlSetOwnerSecurityDescriptor(&sd, SeExports->SeWorldSid, TRUE), STATUS_SUCCESS);
  EXPECT_EQ(sd.Owner, SeExports->SeWorldSid);
  EXPECT_EQ(sd.Control, SE_OWNER_DEFAULTED);
  ASSERT_EQ(RtlSetOwnerSecurityDescriptor(&sd, nullptr, FALSE), STATUS_SUCCESS);
  EXPECT_EQ(sd.Owner, nullptr);
  EXPECT_EQ(sd.Control, 0);
  ASSERT_EQ(RtlSetSaclSecurityDescriptor(&sd, TRUE, nullptr, TRUE), STATUS_SUCCESS);
  EXPECT_EQ(sd.Control, SE_SACL_PRESENT | SE_SACL_DEFAULTED);
  ASSERT_EQ(RtlSetSaclSecurityDescriptor(&sd, TRUE, nullptr, FALSE), STATUS_SUCCESS);
  EXPECT_EQ(sd.Control, SE_SACL_PRESENT);
  ASSERT_EQ(RtlSetSaclSecurityDescriptor(&sd, FALSE, nullptr, TRUE), STATUS_SUCCESS);
  EXPECT_EQ(sd.Control, 0);
}

// ---- R5: RtlCreateAcl ----

TEST(RtlCreateAcl, StatusesAndHeader) {
  Bytes buffer(0x10000, 0xEE);
  auto* acl = reinterpret_cast<PACL>(buffer.data());
  EXPECT_EQ(RtlCreateAcl(acl, 7, ACL_REVISION), STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(RtlCreateAcl(acl, 7, 9), STATUS_BUFFER_TOO_SMALL) << "the length is checked first";
  EXPECT_EQ(RtlCreateAcl(acl, 64, 1), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(RtlCreateAcl(acl, 64, 5), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(RtlCreateAcl(acl, 0x10000, ACL_REVISION), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(buffer, Bytes(0x10000, 0xEE)) << "nothing written on failure";
  for (ULONG revision : {ACL_REVISION2, ACL_REVISION3, ACL_REVISION4}) {
    ASSERT_EQ(RtlCreateAcl(acl, 8, revision), STATUS_SUCCESS);
    auto decoded = model::decode_acl(std::span(buffer.data(), 8));
    ASSERT_TRUE(decoded.ok()) << decoded.error();
    EXPECT_EQ(*decoded, (model::Acl{static_cast<std::uint8_t>(revision), {}, {}}));
  }
  ASSERT_EQ(RtlCreateAcl(acl, 0xFFFF, ACL_REVISION), STATUS_SUCCESS);
  EXPECT_EQ(acl->AclSize, 0xFFFC) << "rounded down to a multiple of 4";
  EXPECT_EQ(buffer[0xFFFF], 0xEE);
  EXPECT_TRUE(RtlValidAcl(acl));
}

// ---- R6: adding ACEs ----

class RtlAddAceTest : public ::testing::Test {
 protected:
  static constexpr ULONG kWorldAce = 8 + 12;  // S-1-1-0
  void SetUp() override { ASSERT_EQ(RtlCreateAcl(acl(), 8 + 2 * kWorldAce, ACL_REVISION), STATUS_SUCCESS); }
  PACL acl() { return reinterpret_cast<PACL>(buffer_.data()); }
  Bytes buffer_ = Bytes(8 + 2 * kWorldAce, 0);
};

TEST_F(RtlAddAceTest, NoRoomIsAllottedSpaceExceededAndLeavesTheAcl) {
  ASSERT_EQ(RtlAddAccessAllowedAce(acl(), ACL_REVISION, 1, SeExports->SeWorldSid), STATUS_SUCCESS);
  ASSERT_EQ(RtlAddAccessDeniedAce(acl(), ACL_REVISION, 2, SeExports->SeWorldSid), STATUS_SUCCESS);
  Bytes full = buffer_;
  EXPECT_EQ(RtlAddAccessAllowedAce(acl(), ACL_REVISION, 4, SeExports->SeWorldSid), STATUS_ALLOTTED_SPACE_EXCEEDED);
  EXPECT_EQ(buffer_, full);
  ExpectDescriptor(
      [&] {
        SECURITY_DESCRIPTOR sd;
        EXPECT_EQ(RtlCreateSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION), STATUS_SUCCESS);
        EXPECT_EQ(RtlSetDaclSecurityDescriptor(&sd, TRUE, acl(), FALSE), STATUS_SUCCESS);
        return SelfRelative(&sd);
      }(),
      Sddl("D:(A;;0x1;;;WD)(D;;0x2;;;WD)"));
}

TEST_F(RtlAddAceTest, AnAceThatFitsExceptForFourBytes) {
  ASSERT_EQ(RtlAddAccessAllowedAce(acl(), ACL_REVISION, 1, SeExports->SeWorldSid), STATUS_SUCCESS);
  Bytes before = buffer_;
  // S-1-5-32-544 needs 24 bytes; 20 are left.
  EXPECT_EQ(RtlAddAccessAllowedAce(acl(), ACL_REVISION, 1, SeExports->SeAliasAdminsSid),
            STATUS_ALLOTTED_SPACE_EXCEEDED);
  EXPECT_EQ(buffer_, before);
}

TEST_F(RtlAddAceTest, InvalidSid) {
  Bytes bad_revision = {2, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
  Bytes too_many(8 + 4 * 16, 0);
  too_many[0] = 1;
  too_many[1] = 16;
  Bytes before = buffer_;
  EXPECT_EQ(RtlAddAccessAllowedAce(acl(), ACL_REVISION, 1, bad_revision.data()), STATUS_INVALID_SID);
  EXPECT_EQ(RtlAddAccessDeniedAce(acl(), ACL_REVISION, 1, too_many.data()), STATUS_INVALID_SID);
  EXPECT_EQ(RtlAddAccessAllowedAce(acl(), 9, 1, nullptr), STATUS_INVALID_SID) << "the SID is checked first";
  EXPECT_EQ(buffer_, before);
}

TEST_F(RtlAddAceTest, RevisionMismatch) {
  Bytes before = buffer_;
  for (ULONG revision : {0u, 1u, 5u, 0x102u})
    EXPECT_EQ(RtlAddAccessAllowedAce(acl(), revision, 1, SeExports->SeWorldSid), STATUS_REVISION_MISMATCH)
        << revision;
  EXPECT_EQ(RtlAddAccessAllowedAceEx(acl(), 1, 0xFF, 1, SeExports->SeWorldSid), STATUS_REVISION_MISMATCH)
      << "the revision is checked before the flags";
  EXPECT_EQ(buffer_, before);
}

TEST_F(RtlAddAceTest, RevisionRisesToTheAces) {
  ASSERT_EQ(RtlAddAccessAllowedAce(acl(), ACL_REVISION_DS, 1, SeExports->SeWorldSid), STATUS_SUCCESS);
  EXPECT_EQ(acl()->AclRevision, ACL_REVISION_DS);
  ASSERT_EQ(RtlAddAccessAllowedAce(acl(), ACL_REVISION, 1, SeExports->SeWorldSid), STATUS_SUCCESS);
  EXPECT_EQ(acl()->AclRevision, ACL_REVISION_DS) << "never lowered";
}

TEST_F(RtlAddAceTest, InvalidAcl) {
  acl()->AclRevision = 1;
  EXPECT_EQ(RtlAddAccessAllowedAce(acl(), ACL_REVISION, 1, SeExports->SeWorldSid), STATUS_INVALID_ACL);
  acl()->AclRevision = ACL_REVISION;
  acl()->AceCount = 1;  // an ACE of size 0 where the first should be
  Bytes before = buffer_;
  EXPECT_EQ(RtlAddAccessDeniedAce(acl(), ACL_REVISION, 1, SeExports->SeWorldSid), STATUS_INVALID_ACL);
  EXPECT_EQ(buffer_, before);
  EXPECT_EQ(RtlAddAccessAllowedAceEx(nullptr, ACL_REVISION, 0, 1, SeExports->SeWorldSid), STATUS_INVALID_ACL);
}

TEST_F(RtlAddAceTest, ExFlags) {
  Bytes before = buffer_;
  for (ULONG flags : {0x20u, 0x40u, 0x80u, 0x100u})
    EXPECT_EQ(RtlAddAccessAllowedAceEx(acl(), ACL_REVISION, flags, 1, SeExports->SeWorldSid),
              STATUS_INVALID_PARAMETER)
        << flags;
  EXPECT_EQ(buffer_, before);
  ASSERT_EQ(RtlAddAccessAllowedAceEx(acl(), ACL_REVISION, VALID_INHERIT_FLAGS, 1, SeExports->SeWorldSid),
            STATUS_SUCCESS);
  auto decoded = model::decode_acl(buffer_);
  ASSERT_TRUE(decoded.ok()) << decoded.error();
  ASSERT_EQ(decoded->aces.size(), 1u);
  EXPECT_EQ(decoded->aces[0].flags, VALID_INHERIT_FLAGS);
}

// ---- R1-R4: SIDs ----

TEST(RtlSidBuilders, LengthInitializeSubAuthorityCopy) {
  EXPECT_EQ(RtlLengthRequiredSid(0), 8u);
  EXPECT_EQ(RtlLengthRequiredSid(15), 68u);
  EXPECT_EQ(RtlLengthRequiredSid(16), 72u) << "any count";
  SID_IDENTIFIER_AUTHORITY nt = SECURITY_NT_AUTHORITY;
  Bytes sid(RtlLengthRequiredSid(2), 0xEE);
  EXPECT_EQ(RtlInitializeSid(sid.data(), &nt, 16), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(sid, Bytes(sid.size(), 0xEE));
  ASSERT_EQ(RtlInitializeSid(sid.data(), &nt, 2), STATUS_SUCCESS);
  EXPECT_EQ(Bytes(sid.begin() + 8, sid.end()), Bytes(8, 0xEE)) << "sub-authorities are not written";
  EXPECT_EQ(RtlSubAuthoritySid(sid.data(), 1), reinterpret_cast<PULONG>(sid.data() + 12));
  *RtlSubAuthoritySid(sid.data(), 0) = SECURITY_BUILTIN_DOMAIN_RID;
  *RtlSubAuthoritySid(sid.data(), 1) = DOMAIN_ALIAS_RID_ADMINS;
  EXPECT_TRUE(RtlEqualSid(sid.data(), SeExports->SeAliasAdminsSid));

  auto exact = std::make_unique<std::uint8_t[]>(16);
  std::memset(exact.get(), 0xEE, 16);
  EXPECT_EQ(RtlCopySid(15, exact.get(), sid.data()), STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(exact[0], 0xEE);
  ASSERT_EQ(RtlCopySid(16, exact.get(), sid.data()), STATUS_SUCCESS);  // ASan: no byte past 16
  auto copied = model::decode_sid(std::span(exact.get(), 16));
  ASSERT_TRUE(copied.ok());
  EXPECT_EQ(*copied, *model::parse_sddl_sid("BA"));
}

// ---- R12: SeExports ----

// The WDK page's field order fixes every offset (x64: LUID 8 bytes, PSID 8 bytes).
static_assert(offsetof(SE_EXPORTS, SeNullSid) == 23 * 8);
static_assert(offsetof(SE_EXPORTS, SeUndockPrivilege) == 45 * 8);
static_assert(offsetof(SE_EXPORTS, SeLocalServiceSid) == 48 * 8);
static_assert(offsetof(SE_EXPORTS, SeManageVolumePrivilege) == 50 * 8);
static_assert(offsetof(SE_EXPORTS, SeIUserSid) == 58 * 8);
static_assert(offsetof(SE_EXPORTS, SeAllAppPackagesSid) == 65 * 8);
static_assert(sizeof(SE_EXPORTS) == 66 * 8);

TEST(SeExports, WellKnownSidsAreTheModelsAliases) {
  const struct {
    PSID sid;
    const char* text;
  } expected[] = {
      {SeExports->SeNullSid, "S-1-0-0"},         {SeExports->SeWorldSid, "WD"},
      {SeExports->SeLocalSid, "S-1-2-0"},        {SeExports->SeCreatorOwnerSid, "CO"},
      {SeExports->SeCreatorGroupSid, "CG"},      {SeExports->SeNtAuthoritySid, "S-1-5"},
      {SeExports->SeDialupSid, "S-1-5-1"},       {SeExports->SeNetworkSid, "NU"},
      {SeExports->SeBatchSid, "S-1-5-3"},        {SeExports->SeInteractiveSid, "IU"},
      {SeExports->SeLocalSystemSid, "SY"},       {SeExports->SeAliasAdminsSid, "BA"},
      {SeExports->SeAliasUsersSid, "BU"},        {SeExports->SeAliasGuestsSid, "BG"},
      {SeExports->SeAliasPowerUsersSid, "PU"},   {SeExports->SeAliasAccountOpsSid, "AO"},
      {SeExports->SeAliasSystemOpsSid, "SO"},    {SeExports->SeAliasPrintOpsSid, "PO"},
      {SeExports->SeAliasBackupOpsSid, "BO"},    {SeExports->SeAuthenticatedUsersSid, "AU"},
      {SeExports->SeRestrictedSid, "RC"},        {SeExports->SeAnonymousLogonSid, "AN"},
      {SeExports->SeLocalServiceSid, "LS"},      {SeExports->SeNetworkServiceSid, "NS"},
      {SeExports->SeIUserSid, "S-1-5-17"},       {SeExports->SeUntrustedMandatorySid, "S-1-16-0"},
      {SeExports->SeLowMandatorySid, "LW"},      {SeExports->SeMediumMandatorySid, "ME"},
      {SeExports->SeHighMandatorySid, "HI"},     {SeExports->SeSystemMandatorySid, "SI"},
      {SeExports->SeOwnerRightsSid, "OW"},       {SeExports->SeAllAppPackagesSid, "AC"},
  };
  for (const auto& e : expected) {
    SCOPED_TRACE(e.text);
    ASSERT_NE(e.sid, nullptr);
    ASSERT_TRUE(RtlValidSid(e.sid));
    auto sid = model::decode_sid(std::span(static_cast<const std::uint8_t*>(e.sid), RtlLengthSid(e.sid)));
    ASSERT_TRUE(sid.ok()) << sid.error();
    auto want = model::parse_sddl_sid(e.text);
    ASSERT_TRUE(want.ok());
    EXPECT_EQ(*sid, *want);
  }
}

TEST(SeExports, PrivilegesAreTheirWellKnownLuids) {
  const LUID* luids[] = {
      &SeExports->SeCreateTokenPrivilege,        &SeExports->SeAssignPrimaryTokenPrivilege,
      &SeExports->SeLockMemoryPrivilege,         &SeExports->SeIncreaseQuotaPrivilege,
      &SeExports->SeUnsolicitedInputPrivilege,   &SeExports->SeTcbPrivilege,
      &SeExports->SeSecurityPrivilege,           &SeExports->SeTakeOwnershipPrivilege,
      &SeExports->SeLoadDriverPrivilege,         &SeExports->SeCreatePagefilePrivilege,
      &SeExports->SeIncreaseBasePriorityPrivilege, &SeExports->SeSystemProfilePrivilege,
      &SeExports->SeSystemtimePrivilege,         &SeExports->SeProfileSingleProcessPrivilege,
      &SeExports->SeCreatePermanentPrivilege,    &SeExports->SeBackupPrivilege,
      &SeExports->SeRestorePrivilege,            &SeExports->SeShutdownPrivilege,
      &SeExports->SeDebugPrivilege,              &SeExports->SeAuditPrivilege,
      &SeExports->SeSystemEnvironmentPrivilege,  &SeExports->SeChangeNotifyPrivilege,
      &SeExports->SeRemoteShutdownPrivilege,     &SeExports->SeUndockPrivilege,
      &SeExports->SeSyncAgentPrivilege,          &SeExports->SeEnableDelegationPrivilege,
      &SeExports->SeManageVolumePrivilege,       &SeExports->SeImpersonatePrivilege,
      &SeExports->SeCreateGlobalPrivilege,       &SeExports->SeTrustedCredManAccessPrivilege,
      &SeExports->SeRelabelPrivilege,            &SeExports->SeIncreaseWorkingSetPrivilege,
      &SeExports->SeTimeZonePrivilege,           &SeExports->SeCreateSymbolicLinkPrivilege,
  };
  // The winnt.h values, in the structure's order (which is not numeric order: 15 and 14 come
  // before 11).
  const ULONG values[] = {2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 14, 11, 12, 13, 16, 17, 18,
                          19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35};
  static_assert(std::size(luids) == std::size(values));
  for (std::size_t i = 0; i < std::size(values); ++i) {
    EXPECT_EQ(luids[i]->LowPart, values[i]) << i;
    EXPECT_EQ(luids[i]->HighPart, 0) << i;
  }
}

TEST(SeExportsDeathTest, WellKnownSidsAreReadOnly) {
  EXPECT_DEATH(*RtlSubAuthoritySid(SeExports->SeWorldSid, 0) = 1, "");
}

// ---- a property: random ACE lists built with the Rtl routines ----

/// ACEs the Rtl routines of R6 can add: allowed with any inherit flags, denied without flags.
rc::Gen<model::Ace> RtlAddableAce() {
  return rc::gen::apply(
      [](bool allowed, std::uint8_t flags, std::uint32_t mask, model::Sid sid) {
        model::Ace ace;
        ace.type = allowed ? ACCESS_ALLOWED_ACE_TYPE : ACCESS_DENIED_ACE_TYPE;
        ace.flags = allowed ? static_cast<std::uint8_t>(flags & VALID_INHERIT_FLAGS) : 0;
        ace.mask = mask;
        ace.sid = sid;
        return ace;
      },
      rc::gen::arbitrary<bool>(), rc::gen::arbitrary<std::uint8_t>(), rc::gen::arbitrary<std::uint32_t>(),
      ksfuzz::gen::sid());
}

RC_GTEST_PROP(RtlBuildersProperty, RandomAceListsDecodeToTheSameAceList, ()) {
  namespace c = model::control;
  model::SecurityDescriptor expected;
  if (*rc::gen::arbitrary<bool>()) expected.owner = *ksfuzz::gen::sid();
  if (*rc::gen::arbitrary<bool>()) expected.group = *ksfuzz::gen::sid();
  int dacl_kind = *rc::gen::inRange(0, 3);  // absent, NULL, an ACL
  AclRecipe recipe;
  if (dacl_kind > 0) expected.control |= c::kDaclPresent;
  if (dacl_kind == 2) {
    model::Acl acl;
    acl.aces = *rc::gen::container<model::Aces>(*rc::gen::inRange(0, 12), RtlAddableAce());
    recipe.create_revision = *rc::gen::element<ULONG>(ACL_REVISION2, ACL_REVISION3, ACL_REVISION4);
    recipe.ace_revisions =
        *rc::gen::container<std::vector<ULONG>>(acl.aces.size(), rc::gen::element<ULONG>(2, 3, 4));
    recipe.extra = *rc::gen::inRange<ULONG>(0, 12);
    acl.revision = static_cast<std::uint8_t>(recipe.create_revision);
    for (ULONG r : recipe.ace_revisions) acl.revision = std::max<std::uint8_t>(acl.revision, static_cast<std::uint8_t>(r));
    acl.slack.assign(recipe.extra & ~3u, 0);
    expected.dacl = acl;
  }
  for (std::uint16_t bit : {c::kOwnerDefaulted, c::kGroupDefaulted})
    if (*rc::gen::arbitrary<bool>()) expected.control |= bit;
  if (dacl_kind > 0 && *rc::gen::arbitrary<bool>()) expected.control |= c::kDaclDefaulted;

  Built built;
  RtlBuild(built, expected, recipe);
  Bytes bytes = SelfRelative(&built.absolute);
  auto decoded = model::decode(bytes);
  RC_ASSERT(decoded.ok());
  RC_ASSERT(*decoded == expected);
  RC_ASSERT(bytes == model::encode(expected));
}

}  // namespace
