// kernel_security_test.cc — the Rtl validators (SEMANTICS D1-D8), SeSetSecurityDescriptorInfo
// (S1-S14), SeQuerySecurityDescriptorInfo (Q1-Q4) and capture (C1-C2) on hand-built descriptors.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <vector>

#include <ksfuzz/kernel_harness.h>

namespace {

// ---- building descriptors byte by byte (encoding only: results are compared, never parsed) ----

using Bytes = std::vector<uint8_t>;

void Put16(Bytes &b, size_t at, uint16_t v) { std::memcpy(&b[at], &v, 2); }
void Put32(Bytes &b, size_t at, uint32_t v) { std::memcpy(&b[at], &v, 4); }
void Append(Bytes &b, const Bytes &tail) { b.insert(b.end(), tail.begin(), tail.end()); }

Bytes Sid(uint8_t authority, std::initializer_list<uint32_t> subs) {
  Bytes b = {1, static_cast<uint8_t>(subs.size()), 0, 0, 0, 0, 0, authority};
  for (uint32_t s : subs) {
    b.resize(b.size() + 4);
    Put32(b, b.size() - 4, s);
  }
  return b;
}

const Bytes kSystem = Sid(5, {18});
const Bytes kAdmins = Sid(5, {32, 544});
const Bytes kUsers = Sid(5, {32, 545});
const Bytes kWorld = Sid(1, {0});
const Bytes kHighLabel = Sid(16, {0x3000});

Bytes Ace(uint8_t type, uint32_t mask, const Bytes &sid, size_t extra = 0) {
  Bytes b(8);
  b[0] = type;
  Put32(b, 4, mask);
  Append(b, sid);
  b.resize(b.size() + extra);
  Put16(b, 2, static_cast<uint16_t>(b.size()));
  return b;
}

Bytes ObjectAce(uint8_t type, uint32_t flags, const Bytes &sid) {
  Bytes b(12);
  b[0] = type;
  Put32(b, 4, 0x10);
  Put32(b, 8, flags);
  if (flags & 1) b.resize(b.size() + 16, 0xAB);
  if (flags & 2) b.resize(b.size() + 16, 0xCD);
  Append(b, sid);
  Put16(b, 2, static_cast<uint16_t>(b.size()));
  return b;
}

Bytes Acl(uint8_t revision, std::initializer_list<Bytes> aces, size_t slack = 0) {
  Bytes b(8);
  b[0] = revision;
  for (const Bytes &a : aces) Append(b, a);
  b.resize(b.size() + slack);
  Put16(b, 2, static_cast<uint16_t>(b.size()));
  Put16(b, 4, static_cast<uint16_t>(aces.size()));
  return b;
}

// A self-relative descriptor in the E1 layout. nullptr: part absent; for an ACL with its present
// bit in control, nullptr is a NULL ACL.
Bytes Relative(uint16_t control, const Bytes *owner, const Bytes *group, const Bytes *sacl,
               const Bytes *dacl, uint8_t sbz1 = 0) {
  Bytes b(20);
  b[0] = 1;
  b[1] = sbz1;
  Put16(b, 2, control | SE_SELF_RELATIVE);
  auto place = [&](const Bytes *part, size_t field) {
    if (part == nullptr) return;
    Put32(b, field, static_cast<uint32_t>(b.size()));
    Append(b, *part);
  };
  place(sacl, 12);
  place(dacl, 16);
  place(owner, 4);
  place(group, 8);
  return b;
}

bool ValidRelative(Bytes b, SECURITY_INFORMATION required = 0) {
  return RtlValidRelativeSecurityDescriptor(b.data(), static_cast<ULONG>(b.size()), required);
}

const Bytes kDacl = Acl(2, {Ace(ACCESS_ALLOWED_ACE_TYPE, GENERIC_ALL, kSystem),
                            Ace(ACCESS_ALLOWED_ACE_TYPE, GENERIC_READ, kUsers)});
const Bytes kValid = Relative(SE_DACL_PRESENT, &kAdmins, &kSystem, nullptr, &kDacl);

// ---- D1-D8 ----

TEST(RtlValidRelativeSecurityDescriptor, AcceptsAWellFormedDescriptor) {
  EXPECT_TRUE(ValidRelative(kValid));
  EXPECT_TRUE(ValidRelative(Relative(0, nullptr, nullptr, nullptr, nullptr)));
}

TEST(RtlValidRelativeSecurityDescriptor, D1HeaderRevisionAndSelfRelative) {
  Bytes header = Relative(0, nullptr, nullptr, nullptr, nullptr);
  EXPECT_FALSE(RtlValidRelativeSecurityDescriptor(header.data(), 19, 0));
  Bytes revision = kValid;
  revision[0] = 2;
  EXPECT_FALSE(ValidRelative(revision));
  Bytes absolute = kValid;
  Put16(absolute, 2, SE_DACL_PRESENT);
  EXPECT_FALSE(ValidRelative(absolute));
}

TEST(RtlValidRelativeSecurityDescriptor, D2OffsetsAlignedPastHeaderAndInside) {
  Bytes misaligned = Relative(0, &kAdmins, nullptr, nullptr, nullptr);
  misaligned.insert(misaligned.begin() + 20, 2, 0);
  Put32(misaligned, 4, 22);
  EXPECT_FALSE(ValidRelative(misaligned));
  Bytes inside_header = kValid;
  Put32(inside_header, 4, 16);
  EXPECT_FALSE(ValidRelative(inside_header));
  Bytes beyond = kValid;
  Put32(beyond, 8, static_cast<uint32_t>(beyond.size()));
  EXPECT_FALSE(ValidRelative(beyond));
  Bytes truncated = kValid;
  truncated.resize(truncated.size() - 4);  // the group's last sub-authority is cut off
  EXPECT_FALSE(ValidRelative(truncated));
}

TEST(RtlValidRelativeSecurityDescriptor, D2PresentBitWithOffsetZeroIsANullDacl) {
  Bytes null_dacl = Relative(SE_DACL_PRESENT, &kAdmins, nullptr, nullptr, nullptr);
  ASSERT_TRUE(ValidRelative(null_dacl));
  BOOLEAN present = FALSE, defaulted = TRUE;
  PACL dacl = reinterpret_cast<PACL>(1);
  ASSERT_EQ(RtlGetDaclSecurityDescriptor(null_dacl.data(), &present, &dacl, &defaulted), STATUS_SUCCESS);
  EXPECT_TRUE(present);
  EXPECT_EQ(dacl, nullptr);
  EXPECT_FALSE(defaulted);
}

TEST(RtlValidRelativeSecurityDescriptor, D2OffsetWithPresentBitClearIsIgnored) {
  Bytes ignored = kValid;
  Put16(ignored, 2, SE_SELF_RELATIVE);  // DACL_PRESENT cleared; its offset stays
  Put32(ignored, 16, 0xFFFFFFF0u);      // and points nowhere
  EXPECT_TRUE(ValidRelative(ignored));
  BOOLEAN present = TRUE, defaulted = FALSE;
  PACL dacl = nullptr;
  RtlGetDaclSecurityDescriptor(ignored.data(), &present, &dacl, &defaulted);
  EXPECT_FALSE(present);
}

TEST(RtlValidRelativeSecurityDescriptor, D3SidRevisionCountAndExtent) {
  Bytes revision = kAdmins;
  revision[0] = 2;
  EXPECT_FALSE(ValidRelative(Relative(0, &revision, nullptr, nullptr, nullptr)));
  Bytes fifteen = Sid(5, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  EXPECT_TRUE(ValidRelative(Relative(0, &fifteen, nullptr, nullptr, nullptr)));
  Bytes sixteen = Sid(5, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
  EXPECT_FALSE(ValidRelative(Relative(0, &sixteen, nullptr, nullptr, nullptr)));
  Bytes claims_more = kAdmins;
  claims_more[1] = 3;
  EXPECT_FALSE(ValidRelative(Relative(0, &claims_more, nullptr, nullptr, nullptr)));
}

TEST(RtlValidRelativeSecurityDescriptor, D4AclRevisionSizeAndCount) {
  for (uint8_t revision : {2, 3, 4}) {
    Bytes acl = Acl(revision, {Ace(0, 1, kWorld)});
    EXPECT_TRUE(ValidRelative(Relative(SE_DACL_PRESENT, nullptr, nullptr, nullptr, &acl))) << +revision;
  }
  for (uint8_t revision : {1, 5}) {
    Bytes acl = Acl(revision, {Ace(0, 1, kWorld)});
    EXPECT_FALSE(ValidRelative(Relative(SE_DACL_PRESENT, nullptr, nullptr, nullptr, &acl))) << +revision;
  }
  Bytes small = Acl(2, {});
  Put16(small, 2, 6);
  EXPECT_FALSE(ValidRelative(Relative(SE_DACL_PRESENT, nullptr, nullptr, nullptr, &small)));
  Bytes unaligned = Acl(2, {}, 4);
  Put16(unaligned, 2, 10);
  EXPECT_FALSE(ValidRelative(Relative(SE_DACL_PRESENT, nullptr, nullptr, nullptr, &unaligned)));
  Bytes too_long = Acl(2, {Ace(0, 1, kWorld)});
  Put16(too_long, 2, static_cast<uint16_t>(too_long.size() + 4));
  EXPECT_FALSE(ValidRelative(Relative(SE_DACL_PRESENT, nullptr, nullptr, nullptr, &too_long)));
  Bytes too_many = Acl(2, {Ace(0, 1, kWorld)});
  Put16(too_many, 4, 2);
  EXPECT_FALSE(ValidRelative(Relative(SE_DACL_PRESENT, nullptr, nullptr, nullptr, &too_many)));
  Bytes sbz = Acl(2, {Ace(0, 1, kWorld)});
  sbz[1] = 0x55;
  Put16(sbz, 6, 0x1234);
  EXPECT_TRUE(ValidRelative(Relative(SE_DACL_PRESENT, nullptr, nullptr, nullptr, &sbz)));
}

TEST(RtlValidRelativeSecurityDescriptor, D5AceSizeAndFields) {
  Bytes tiny = Acl(2, {Bytes{0, 0, 2, 0}});
  EXPECT_FALSE(ValidRelative(Relative(SE_DACL_PRESENT, nullptr, nullptr, nullptr, &tiny)));
  Bytes odd = Acl(2, {Ace(0, 1, kWorld, 4)});
  Put16(odd, 8 + 2, 18);
  EXPECT_FALSE(ValidRelative(Relative(SE_DACL_PRESENT, nullptr, nullptr, nullptr, &odd)));
  Bytes short_sid = Acl(2, {Ace(0, 1, kAdmins)});
  Put16(short_sid, 8 + 2, 16);  // the ACE claims less than its SID needs
  EXPECT_FALSE(ValidRelative(Relative(SE_DACL_PRESENT, nullptr, nullptr, nullptr, &short_sid)));
  Bytes bad_sid = Acl(2, {Ace(0, 1, kWorld)});
  bad_sid[8 + 8] = 3;  // SID revision inside the ACE
  EXPECT_FALSE(ValidRelative(Relative(SE_DACL_PRESENT, nullptr, nullptr, nullptr, &bad_sid)));
  Bytes app_data = Acl(2, {Ace(ACCESS_ALLOWED_CALLBACK_ACE_TYPE, 1, kWorld, 8)});
  EXPECT_TRUE(ValidRelative(Relative(SE_DACL_PRESENT, nullptr, nullptr, nullptr, &app_data)));
  Bytes guids = Acl(4, {ObjectAce(ACCESS_ALLOWED_OBJECT_ACE_TYPE, 3, kWorld)});
  EXPECT_TRUE(ValidRelative(Relative(SE_DACL_PRESENT, nullptr, nullptr, nullptr, &guids)));
  Bytes missing_guid = Acl(4, {ObjectAce(ACCESS_ALLOWED_OBJECT_ACE_TYPE, 1, kWorld)});
  Put32(missing_guid, 8 + 8, 3);  // flags announce a second GUID the ACE has no room for
  EXPECT_FALSE(ValidRelative(Relative(SE_DACL_PRESENT, nullptr, nullptr, nullptr, &missing_guid)));
}

TEST(RtlValidRelativeSecurityDescriptor, D6ObjectAcesNeedRevision4) {
  Bytes v2 = Acl(2, {ObjectAce(ACCESS_DENIED_OBJECT_ACE_TYPE, 0, kWorld)});
  EXPECT_FALSE(ValidRelative(Relative(SE_DACL_PRESENT, nullptr, nullptr, nullptr, &v2)));
  Bytes v4 = Acl(4, {ObjectAce(ACCESS_DENIED_OBJECT_ACE_TYPE, 0, kWorld)});
  EXPECT_TRUE(ValidRelative(Relative(SE_DACL_PRESENT, nullptr, nullptr, nullptr, &v4)));
  Bytes resource = Acl(2, {Ace(SYSTEM_RESOURCE_ATTRIBUTE_ACE_TYPE, 0, kWorld, 12)});
  EXPECT_TRUE(ValidRelative(Relative(SE_SACL_PRESENT, nullptr, nullptr, &resource, nullptr)));
}

TEST(RtlValidRelativeSecurityDescriptor, D7SlackIsAcceptedAndKept) {
  Bytes slack = Acl(2, {Ace(0, 1, kWorld)}, 8);
  slack[slack.size() - 1] = 0x77;
  Bytes sd = Relative(SE_DACL_PRESENT, &kAdmins, nullptr, nullptr, &slack);
  ASSERT_TRUE(ValidRelative(sd));
  PSECURITY_DESCRIPTOR captured = nullptr;
  ASSERT_EQ(KsfuzzCaptureSecurityDescriptor(sd.data(), static_cast<ULONG>(sd.size()), &captured), STATUS_SUCCESS);
  EXPECT_EQ(0, std::memcmp(captured, sd.data(), sd.size()));
  KsfuzzFreeCapturedSecurityDescriptor(captured);
}

TEST(RtlValidRelativeSecurityDescriptor, D8UnknownAndCompoundAcesAreOpaque) {
  Bytes unknown = Acl(2, {Bytes{0x20, 0, 8, 0, 1, 2, 3, 4}, Bytes{0x04, 0, 4, 0}});
  EXPECT_TRUE(ValidRelative(Relative(SE_DACL_PRESENT, nullptr, nullptr, nullptr, &unknown)));
}

TEST(RtlValidRelativeSecurityDescriptor, RequiredInformationDemandsTheParts) {
  Bytes no_owner = Relative(0, nullptr, &kSystem, nullptr, nullptr);
  EXPECT_TRUE(ValidRelative(no_owner, GROUP_SECURITY_INFORMATION));
  EXPECT_FALSE(ValidRelative(no_owner, OWNER_SECURITY_INFORMATION));
  EXPECT_FALSE(ValidRelative(no_owner, DACL_SECURITY_INFORMATION));
  EXPECT_TRUE(ValidRelative(kValid, DACL_SECURITY_INFORMATION | OWNER_SECURITY_INFORMATION));
  EXPECT_FALSE(ValidRelative(kValid, SACL_SECURITY_INFORMATION));
}

TEST(RtlSid, ValidLengthEqual) {
  Bytes admins = kAdmins, users = kUsers, copy = kAdmins;
  EXPECT_TRUE(RtlValidSid(admins.data()));
  EXPECT_EQ(RtlLengthSid(admins.data()), 16u);
  EXPECT_TRUE(RtlEqualSid(admins.data(), copy.data()));
  EXPECT_FALSE(RtlEqualSid(admins.data(), users.data()));
  admins[1] = 16;
  EXPECT_FALSE(RtlValidSid(admins.data()));
}

TEST(RtlValidAcl, BoundedByAclSize) {
  Bytes acl = kDacl;
  EXPECT_TRUE(RtlValidAcl(reinterpret_cast<PACL>(acl.data())));
  Put16(acl, 2, static_cast<uint16_t>(acl.size() - 4));
  EXPECT_FALSE(RtlValidAcl(reinterpret_cast<PACL>(acl.data())));
}

SECURITY_DESCRIPTOR Absolute(uint16_t control, Bytes *owner, Bytes *group, Bytes *sacl, Bytes *dacl) {
  SECURITY_DESCRIPTOR sd{};
  sd.Revision = 1;
  sd.Control = control;
  sd.Owner = owner ? owner->data() : nullptr;
  sd.Group = group ? group->data() : nullptr;
  sd.Sacl = sacl ? reinterpret_cast<PACL>(sacl->data()) : nullptr;
  sd.Dacl = dacl ? reinterpret_cast<PACL>(dacl->data()) : nullptr;
  return sd;
}

TEST(RtlValidSecurityDescriptor, BothForms) {
  Bytes owner = kAdmins, dacl = kDacl, relative = kValid;
  SECURITY_DESCRIPTOR absolute = Absolute(SE_DACL_PRESENT, &owner, nullptr, nullptr, &dacl);
  EXPECT_TRUE(RtlValidSecurityDescriptor(&absolute));
  EXPECT_TRUE(RtlValidSecurityDescriptor(relative.data()));
  owner[0] = 9;
  EXPECT_FALSE(RtlValidSecurityDescriptor(&absolute));
  relative[0] = 2;
  EXPECT_FALSE(RtlValidSecurityDescriptor(relative.data()));
}

TEST(RtlLengthSecurityDescriptor, HeaderPlusParts) {
  Bytes relative = kValid;
  EXPECT_EQ(RtlLengthSecurityDescriptor(relative.data()), relative.size());
  Bytes owner = kAdmins, dacl = kDacl;
  SECURITY_DESCRIPTOR absolute = Absolute(SE_DACL_PRESENT, &owner, nullptr, nullptr, &dacl);
  EXPECT_EQ(RtlLengthSecurityDescriptor(&absolute), 40 + owner.size() + dacl.size());
}

TEST(RtlGetOwnerSecurityDescriptor, ReadsOwnerAndDefaulted) {
  Bytes sd = Relative(SE_OWNER_DEFAULTED, &kAdmins, nullptr, nullptr, nullptr);
  PSID owner = nullptr, group = nullptr;
  BOOLEAN defaulted = FALSE, group_defaulted = TRUE;
  ASSERT_EQ(RtlGetOwnerSecurityDescriptor(sd.data(), &owner, &defaulted), STATUS_SUCCESS);
  EXPECT_EQ(owner, sd.data() + 20);
  EXPECT_TRUE(defaulted);
  ASSERT_EQ(RtlGetGroupSecurityDescriptor(sd.data(), &group, &group_defaulted), STATUS_SUCCESS);
  EXPECT_EQ(group, nullptr);
  EXPECT_FALSE(group_defaulted);
  sd[0] = 2;
  EXPECT_EQ(RtlGetOwnerSecurityDescriptor(sd.data(), &owner, &defaulted), STATUS_UNKNOWN_REVISION);
}

// ---- SeSetSecurityDescriptorInfo ----

class SeSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    KsfuzzKernelReset();
    KsfuzzVerifierSetMode(KsfuzzVerifierRecord);
  }
  void TearDown() override {
    KsfuzzPoolFreeLive();
    KsfuzzKernelReset();
    KsfuzzVerifierSetMode(KsfuzzVerifierAbort);
  }
  // Old descriptor in its own pool block, as a create item holds it.
  PSECURITY_DESCRIPTOR Pool(const Bytes &sd) {
    void *block = ExAllocatePoolWithTag(NonPagedPool, sd.size(), 0x64536553);
    std::memcpy(block, sd.data(), sd.size());
    return block;
  }
  NTSTATUS Set(SECURITY_INFORMATION info, const void *input, PSECURITY_DESCRIPTOR *object) {
    return SeSetSecurityDescriptorInfo(nullptr, &info, const_cast<void *>(input), object, NonPagedPool,
                                       IoGetFileObjectGenericMapping());
  }
  // Runs a set and checks the result is a new pool block equal to expected, old untouched.
  void ExpectSet(const Bytes &old_bytes, SECURITY_INFORMATION info, const Bytes &input,
                 const Bytes &expected) {
    PSECURITY_DESCRIPTOR old_sd = Pool(old_bytes), object = old_sd;
    ASSERT_EQ(Set(info, input.data(), &object), STATUS_SUCCESS);
    ASSERT_NE(object, old_sd);
    EXPECT_EQ(0, std::memcmp(old_sd, old_bytes.data(), old_bytes.size())) << "old changed";
    KSFUZZ_POOL_BLOCK_INFO block;
    ASSERT_TRUE(KsfuzzPoolBlockInfo(KsfuzzPoolBlockId(object), &block));
    ASSERT_EQ(block.Size, expected.size());
    EXPECT_EQ(0, std::memcmp(object, expected.data(), expected.size())) << "new differs";
    EXPECT_EQ(block.Tag, KSFUZZ_SE_SD_TAG);
    EXPECT_STREQ(block.Site, "SeSetSecurityDescriptorInfo");
    ExFreePool(object);
    ExFreePool(old_sd);
  }
};

const Bytes kOtherDacl = Acl(2, {Ace(ACCESS_DENIED_ACE_TYPE, GENERIC_WRITE, kWorld)});
const Bytes kSacl = Acl(2, {Ace(SYSTEM_AUDIT_ACE_TYPE, 0x10000, kWorld),
                            Ace(SYSTEM_MANDATORY_LABEL_ACE_TYPE, 1, Sid(16, {0x1000}))});
const Bytes kOld = Relative(SE_DACL_PRESENT | SE_SACL_PRESENT | SE_OWNER_DEFAULTED, &kAdmins, &kSystem,
                            &kSacl, &kDacl);

TEST_F(SeSetTest, S1OldNotSelfRelativeIsBadFormat) {
  Bytes owner = kAdmins;
  SECURITY_DESCRIPTOR absolute = Absolute(0, &owner, nullptr, nullptr, nullptr);
  PSECURITY_DESCRIPTOR object = &absolute;
  EXPECT_EQ(Set(OWNER_SECURITY_INFORMATION, kValid.data(), &object), STATUS_BAD_DESCRIPTOR_FORMAT);
  EXPECT_EQ(object, &absolute);
  EXPECT_EQ(KsfuzzPoolAttemptCount(), 0u);
}

TEST_F(SeSetTest, S2AbsoluteInputIsReadNotChanged) {
  Bytes owner = kUsers;
  SECURITY_DESCRIPTOR absolute = Absolute(SE_OWNER_DEFAULTED, &owner, nullptr, nullptr, nullptr);
  SECURITY_DESCRIPTOR before = absolute;
  PSECURITY_DESCRIPTOR old_sd = Pool(kOld), object = old_sd;
  ASSERT_EQ(Set(OWNER_SECURITY_INFORMATION, &absolute, &object), STATUS_SUCCESS);
  EXPECT_EQ(0, std::memcmp(&before, &absolute, sizeof(absolute)));
  Bytes expected = Relative(SE_DACL_PRESENT | SE_SACL_PRESENT | SE_OWNER_DEFAULTED, &kUsers, &kSystem,
                            &kSacl, &kDacl);
  EXPECT_EQ(0, std::memcmp(object, expected.data(), expected.size()));
  ExFreePool(object);
  ExFreePool(old_sd);
}

TEST_F(SeSetTest, S3BackupReplacesOwnerGroupDaclSacl) {
  Bytes input = Relative(SE_DACL_PRESENT, &kUsers, &kWorld, nullptr, &kOtherDacl);
  ExpectSet(kOld, BACKUP_SECURITY_INFORMATION, input,
            Relative(SE_DACL_PRESENT, &kUsers, &kWorld, nullptr, &kOtherDacl));
}

TEST_F(SeSetTest, S4OwnerFromInputOrOld) {
  Bytes input = Relative(0, &kUsers, &kWorld, nullptr, nullptr);
  ExpectSet(kOld, OWNER_SECURITY_INFORMATION, input,
            Relative(SE_DACL_PRESENT | SE_SACL_PRESENT, &kUsers, &kSystem, &kSacl, &kDacl));
  ExpectSet(kOld, GROUP_SECURITY_INFORMATION, input,
            Relative(SE_DACL_PRESENT | SE_SACL_PRESENT | SE_OWNER_DEFAULTED, &kAdmins, &kWorld, &kSacl, &kDacl));
}

TEST_F(SeSetTest, S4MissingOwnerIsInvalidOwner) {
  Bytes input = Relative(0, nullptr, &kWorld, nullptr, nullptr);
  PSECURITY_DESCRIPTOR old_sd = Pool(kOld), object = old_sd;
  EXPECT_EQ(Set(OWNER_SECURITY_INFORMATION, input.data(), &object), STATUS_INVALID_OWNER);
  EXPECT_EQ(object, old_sd);
  EXPECT_EQ(KsfuzzPoolLiveCount(), 1u);
  ExFreePool(old_sd);
}

TEST_F(SeSetTest, S5MissingGroupIsInvalidPrimaryGroup) {
  Bytes input = Relative(0, &kUsers, nullptr, nullptr, nullptr);
  PSECURITY_DESCRIPTOR old_sd = Pool(kOld), object = old_sd;
  EXPECT_EQ(Set(GROUP_SECURITY_INFORMATION, input.data(), &object), STATUS_INVALID_PRIMARY_GROUP);
  EXPECT_EQ(object, old_sd);
  ExFreePool(old_sd);
}

TEST_F(SeSetTest, S6AbsentDaclVersusNullDacl) {
  Bytes absent = Relative(0, &kUsers, nullptr, nullptr, nullptr);
  ExpectSet(kOld, DACL_SECURITY_INFORMATION, absent,
            Relative(SE_SACL_PRESENT | SE_OWNER_DEFAULTED, &kAdmins, &kSystem, &kSacl, nullptr));
  Bytes null_dacl = Relative(SE_DACL_PRESENT | SE_DACL_DEFAULTED, nullptr, nullptr, nullptr, nullptr);
  ExpectSet(kOld, DACL_SECURITY_INFORMATION, null_dacl,
            Relative(SE_DACL_PRESENT | SE_DACL_DEFAULTED | SE_SACL_PRESENT | SE_OWNER_DEFAULTED, &kAdmins,
                     &kSystem, &kSacl, nullptr));
}

TEST_F(SeSetTest, S7ProtectedAndUnprotectedBits) {
  Bytes input = Relative(SE_DACL_PRESENT | SE_DACL_AUTO_INHERITED, nullptr, nullptr, nullptr, &kOtherDacl);
  const uint16_t base = SE_SACL_PRESENT | SE_OWNER_DEFAULTED | SE_DACL_PRESENT | SE_DACL_AUTO_INHERITED;
  ExpectSet(kOld, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, input,
            Relative(base | SE_DACL_PROTECTED, &kAdmins, &kSystem, &kSacl, &kOtherDacl));
  Bytes protected_input = Relative(SE_DACL_PRESENT | SE_DACL_AUTO_INHERITED | SE_DACL_PROTECTED, nullptr,
                                   nullptr, nullptr, &kOtherDacl);
  ExpectSet(kOld, DACL_SECURITY_INFORMATION | UNPROTECTED_DACL_SECURITY_INFORMATION, protected_input,
            Relative(base, &kAdmins, &kSystem, &kSacl, &kOtherDacl));
  // Without the DACL bit they do nothing.
  ExpectSet(kOld, OWNER_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
            Relative(0, &kUsers, nullptr, nullptr, nullptr),
            Relative(SE_DACL_PRESENT | SE_SACL_PRESENT, &kUsers, &kSystem, &kSacl, &kDacl));
}

TEST_F(SeSetTest, S8SaclFromInput) {
  Bytes new_sacl = Acl(2, {Ace(SYSTEM_AUDIT_ACE_TYPE, 0x20000, kUsers)});
  Bytes input = Relative(SE_SACL_PRESENT | SE_SACL_DEFAULTED, nullptr, nullptr, &new_sacl, nullptr);
  ExpectSet(kOld, SACL_SECURITY_INFORMATION | PROTECTED_SACL_SECURITY_INFORMATION, input,
            Relative(SE_DACL_PRESENT | SE_OWNER_DEFAULTED | SE_SACL_PRESENT | SE_SACL_DEFAULTED | SE_SACL_PROTECTED,
                     &kAdmins, &kSystem, &new_sacl, &kDacl));
}

TEST_F(SeSetTest, S9LabelReplacesOnlyLabelAces) {
  Bytes high = Ace(SYSTEM_MANDATORY_LABEL_ACE_TYPE, 1, kHighLabel);
  Bytes input_sacl = Acl(4, {Ace(SYSTEM_AUDIT_ACE_TYPE, 1, kUsers), high});
  Bytes input = Relative(SE_SACL_PRESENT, nullptr, nullptr, &input_sacl, nullptr);
  Bytes merged = Acl(4, {Ace(SYSTEM_AUDIT_ACE_TYPE, 0x10000, kWorld), high});
  ExpectSet(kOld, LABEL_SECURITY_INFORMATION, input,
            Relative(SE_DACL_PRESENT | SE_SACL_PRESENT | SE_OWNER_DEFAULTED, &kAdmins, &kSystem, &merged, &kDacl));
}

TEST_F(SeSetTest, S9NoSaclOnEitherSideStaysAbsent) {
  Bytes old_bytes = Relative(SE_DACL_PRESENT, &kAdmins, &kSystem, nullptr, &kDacl);
  Bytes input = Relative(0, nullptr, nullptr, nullptr, nullptr);
  ExpectSet(old_bytes, LABEL_SECURITY_INFORMATION, input, old_bytes);
  Bytes label_sacl = Acl(2, {Ace(SYSTEM_MANDATORY_LABEL_ACE_TYPE, 1, kHighLabel)});
  Bytes labelled = Relative(SE_SACL_PRESENT, nullptr, nullptr, &label_sacl, nullptr);
  ExpectSet(old_bytes, LABEL_SECURITY_INFORMATION, labelled,
            Relative(SE_DACL_PRESENT | SE_SACL_PRESENT, &kAdmins, &kSystem, &label_sacl, &kDacl));
}

TEST_F(SeSetTest, S10ControlBitsKeptAndDropped) {
  Bytes old_bytes = Relative(SE_DACL_PRESENT | SE_RM_CONTROL_VALID | SE_SERVER_SECURITY |
                                 SE_DACL_AUTO_INHERIT_REQ | SE_DACL_UNTRUSTED,
                             &kAdmins, &kSystem, nullptr, &kDacl, 0x5A);
  Bytes input = Relative(SE_SERVER_SECURITY, &kUsers, nullptr, nullptr, nullptr);
  ExpectSet(old_bytes, OWNER_SECURITY_INFORMATION, input,
            Relative(SE_DACL_PRESENT | SE_RM_CONTROL_VALID, &kUsers, &kSystem, nullptr, &kDacl, 0x5A));
}

TEST_F(SeSetTest, S12AllocationFailureChangesNothing) {
  PSECURITY_DESCRIPTOR old_sd = Pool(kOld), object = old_sd;
  KsfuzzPoolFailNth(1, KSFUZZ_SE_SD_TAG);
  // The old descriptor's own block carried the same tag, but the plan counts from here on.
  EXPECT_EQ(Set(DACL_SECURITY_INFORMATION, kValid.data(), &object), STATUS_INSUFFICIENT_RESOURCES);
  EXPECT_EQ(object, old_sd);
  EXPECT_EQ(KsfuzzPoolLiveCount(), 1u);
  ExFreePool(old_sd);
}

TEST_F(SeSetTest, S13NothingAskedIsACopy) {
  ExpectSet(kOld, 0, kValid, kOld);
}

TEST_F(SeSetTest, NullObjectDescriptorIsNoSecurity) {
  PSECURITY_DESCRIPTOR object = nullptr;
  EXPECT_EQ(Set(OWNER_SECURITY_INFORMATION, kValid.data(), &object), STATUS_NO_SECURITY_ON_OBJECT);
}

// ---- SeQuerySecurityDescriptorInfo ----

NTSTATUS Query(SECURITY_INFORMATION info, const Bytes &object_bytes, Bytes &out, ULONG &length) {
  PSECURITY_DESCRIPTOR object = const_cast<uint8_t *>(object_bytes.data());
  return SeQuerySecurityDescriptorInfo(&info, out.empty() ? nullptr : out.data(), &length, &object);
}

TEST(SeQuerySecurityDescriptorInfo, Q1Q2OnlyTheAskedParts) {
  Bytes out(256, 0xEE);
  ULONG length = 256;
  ASSERT_EQ(Query(OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, kOld, out, length), STATUS_SUCCESS);
  Bytes expected = Relative(SE_DACL_PRESENT | SE_OWNER_DEFAULTED, &kAdmins, nullptr, nullptr, &kDacl);
  ASSERT_EQ(length, expected.size());
  EXPECT_EQ(0, std::memcmp(out.data(), expected.data(), expected.size()));
  EXPECT_EQ(out[expected.size()], 0xEE);  // Q4: nothing written past the result
}

TEST(SeQuerySecurityDescriptorInfo, Q1LabelGivesOnlyLabelAces) {
  Bytes out(256);
  ULONG length = 256;
  ASSERT_EQ(Query(LABEL_SECURITY_INFORMATION, kOld, out, length), STATUS_SUCCESS);
  Bytes labels = Acl(2, {Ace(SYSTEM_MANDATORY_LABEL_ACE_TYPE, 1, Sid(16, {0x1000}))});
  Bytes expected = Relative(SE_SACL_PRESENT, nullptr, nullptr, &labels, nullptr);
  ASSERT_EQ(length, expected.size());
  EXPECT_EQ(0, std::memcmp(out.data(), expected.data(), expected.size()));
}

TEST(SeQuerySecurityDescriptorInfo, Q3ShortBufferReportsRequiredLength) {
  Bytes out(20, 0xEE);
  ULONG length = 20;
  EXPECT_EQ(Query(OWNER_SECURITY_INFORMATION, kOld, out, length), STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(length, 20u + kAdmins.size());
  for (uint8_t b : out) EXPECT_EQ(b, 0xEE);
}

// ---- capture ----

TEST(KsfuzzCaptureSecurityDescriptor, C1InvalidIsRejected) {
  Bytes bad = kValid;
  bad[0] = 7;
  PSECURITY_DESCRIPTOR captured = reinterpret_cast<PSECURITY_DESCRIPTOR>(1);
  EXPECT_EQ(KsfuzzCaptureSecurityDescriptor(bad.data(), static_cast<ULONG>(bad.size()), &captured),
            STATUS_INVALID_SECURITY_DESCR);
  EXPECT_EQ(captured, nullptr);
}

TEST(KsfuzzCaptureSecurityDescriptor, C2AbsoluteBecomesE1Layout) {
  Bytes owner = kAdmins, group = kSystem, dacl = kDacl, sacl = kSacl;
  SECURITY_DESCRIPTOR absolute =
      Absolute(SE_DACL_PRESENT | SE_SACL_PRESENT | SE_OWNER_DEFAULTED, &owner, &group, &sacl, &dacl);
  PSECURITY_DESCRIPTOR captured = nullptr;
  ASSERT_EQ(KsfuzzCaptureSecurityDescriptor(&absolute, 0, &captured), STATUS_SUCCESS);
  EXPECT_EQ(0, std::memcmp(captured, kOld.data(), kOld.size()));
  EXPECT_EQ(RtlLengthSecurityDescriptor(captured), kOld.size());
  KsfuzzFreeCapturedSecurityDescriptor(captured);
}

}  // namespace
