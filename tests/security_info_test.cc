// tests/security_info_test.cc — the S and Q rows of docs/SEMANTICS.md, on hand-built values.
#include "model/security_info.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <sstream>
#include <utility>
#include <vector>

#include "model/sd/codec.h"

namespace model {
namespace {

namespace si = security_info;
namespace c = control;

const Sid kWorld = Sid::make(1, {0});
const Sid kSystem = Sid::make(5, {18});
const Sid kAdmins = Sid::make(5, {32, 544});
const Sid kUsers = Sid::make(5, {32, 545});
const Sid kMediumLabel = Sid::make(16, {0x2000});
const Sid kHighLabel = Sid::make(16, {0x3000});

Ace make_ace(AceType type, const Sid& sid, std::uint32_t mask = 0x001F01FF) {
  Ace ace;
  ace.type = static_cast<std::uint8_t>(type);
  ace.mask = mask;
  ace.sid = sid;
  return ace;
}
Ace allow(const Sid& sid) { return make_ace(AceType::kAccessAllowed, sid); }
Ace deny(const Sid& sid) { return make_ace(AceType::kAccessDenied, sid); }
Ace audit(const Sid& sid) { return make_ace(AceType::kSystemAudit, sid); }
Ace label(const Sid& sid) { return make_ace(AceType::kSystemMandatoryLabel, sid, 0x1); }
Ace attribute(const Sid& sid) { return make_ace(AceType::kSystemResourceAttribute, sid, 0); }
Ace scope(const Sid& sid) { return make_ace(AceType::kSystemScopedPolicyId, sid, 0); }
Ace trust(const Sid& sid) { return make_ace(AceType::kSystemProcessTrustLabel, sid, 0x1); }
Ace filter(const Sid& sid) { return make_ace(AceType::kSystemAccessFilter, sid, 0); }

Acl make_acl(std::initializer_list<Ace> aces, std::uint8_t revision = kAclRevision) {
  return Acl{revision, Aces(aces), {}};
}

// An object's descriptor as the world stores it: self-relative, every part present, each control
// bit that travels with a part set, so a test sees whether it was taken from the right side.
SecurityDescriptor old_sd() {
  SecurityDescriptor sd;
  sd.control = c::kSelfRelative | c::kOwnerDefaulted | c::kGroupDefaulted | c::kDaclPresent |
               c::kDaclDefaulted | c::kDaclAutoInherited | c::kSaclPresent | c::kSaclDefaulted |
               c::kSaclAutoInherited;
  sd.owner = kAdmins;
  sd.group = kSystem;
  sd.dacl = make_acl({allow(kAdmins), allow(kSystem)});
  sd.sacl = make_acl({audit(kWorld), label(kMediumLabel), audit(kAdmins)});
  return sd;
}

// A caller's descriptor with other values everywhere and the other travelling bits set.
SecurityDescriptor input_sd() {
  SecurityDescriptor sd;
  sd.control = c::kSelfRelative | c::kDaclPresent | c::kDaclProtected | c::kSaclPresent |
               c::kSaclProtected;
  sd.owner = kUsers;
  sd.group = kUsers;
  sd.dacl = make_acl({deny(kWorld), allow(kUsers)});
  sd.sacl = make_acl({audit(kUsers), label(kHighLabel)});
  return sd;
}

SecurityDescriptor set_ok(const SecurityDescriptor& old, std::uint32_t info,
                          const SecurityDescriptor& input) {
  SetResult r = set_security_info(old, info, input);
  EXPECT_EQ(r.status, Status::kSuccess) << format_security_info(info);
  EXPECT_TRUE(r.result.has_value());
  return r.result.value_or(SecurityDescriptor{});
}

constexpr std::uint16_t kOwnerBits = c::kOwnerDefaulted;
constexpr std::uint16_t kGroupBits = c::kGroupDefaulted;
constexpr std::uint16_t kDaclBits =
    c::kDaclPresent | c::kDaclDefaulted | c::kDaclProtected | c::kDaclAutoInherited;
constexpr std::uint16_t kSaclBits =
    c::kSaclPresent | c::kSaclDefaulted | c::kSaclProtected | c::kSaclAutoInherited;

// ---- S1 ------------------------------------------------------------------------------------

TEST(SetSecurityInfo, S1_OldNotSelfRelativeIsBadDescriptorFormat) {
  SecurityDescriptor old = old_sd();
  old.control &= ~c::kSelfRelative;
  EXPECT_EQ(set_security_info(old, si::kDacl, input_sd()),
            (SetResult{Status::kBadDescriptorFormat, std::nullopt}));
  // Checked before anything else: even info == 0 and an input that would fail S4.
  EXPECT_EQ(set_security_info(old, 0, input_sd()).status, Status::kBadDescriptorFormat);
  EXPECT_EQ(set_security_info(old, si::kOwner, SecurityDescriptor{}).status,
            Status::kBadDescriptorFormat);
}

// ---- S2 ------------------------------------------------------------------------------------

TEST(SetSecurityInfo, S2_InputLayoutDoesNotMatter) {
  SecurityDescriptor absolute = input_sd();
  absolute.control &= ~c::kSelfRelative;
  const std::uint32_t info = si::kOwner | si::kGroup | si::kDacl | si::kSacl;
  SecurityDescriptor from_absolute = set_ok(old_sd(), info, absolute);
  EXPECT_EQ(from_absolute, set_ok(old_sd(), info, input_sd()));
  EXPECT_NE(from_absolute.control & c::kSelfRelative, 0);
}

// ---- S3 ------------------------------------------------------------------------------------

TEST(SetSecurityInfo, S3_BackupMeansOwnerGroupDaclSaclLabelAttributeScope) {
  EXPECT_EQ(expand_backup(si::kBackup), si::kOwner | si::kGroup | si::kDacl | si::kSacl |
                                            si::kLabel | si::kAttribute | si::kScope);
  EXPECT_EQ(expand_backup(si::kDacl), si::kDacl);
  EXPECT_EQ(expand_backup(si::kBackup | si::kProtectedDacl),
            si::kBackupParts | si::kProtectedDacl);

  // The whole input replaces everything, SACL included (no S9 merge: SACL is set).
  const std::uint32_t all = si::kOwner | si::kGroup | si::kDacl | si::kSacl;
  EXPECT_EQ(set_ok(old_sd(), si::kBackup, input_sd()), set_ok(old_sd(), all, input_sd()));
  // And BACKUP needs an owner like OWNER does.
  SecurityDescriptor no_owner = input_sd();
  no_owner.owner.reset();
  EXPECT_EQ(set_security_info(old_sd(), si::kBackup, no_owner).status, Status::kInvalidOwner);
}

// ---- S4 ------------------------------------------------------------------------------------

TEST(SetSecurityInfo, S4_OwnerAndOwnerDefaultedComeFromInput) {
  SecurityDescriptor sd = set_ok(old_sd(), si::kOwner, input_sd());
  EXPECT_EQ(sd.owner, kUsers);
  EXPECT_EQ(sd.control & kOwnerBits, 0) << "old's OWNER_DEFAULTED must not survive";

  SecurityDescriptor input = input_sd();
  input.control |= c::kOwnerDefaulted;
  EXPECT_NE(set_ok(old_sd(), si::kOwner, input).control & c::kOwnerDefaulted, 0);
}

TEST(SetSecurityInfo, S4_InputWithoutOwnerIsInvalidOwner) {
  SecurityDescriptor input = input_sd();
  input.owner.reset();
  EXPECT_EQ(set_security_info(old_sd(), si::kOwner | si::kDacl, input),
            (SetResult{Status::kInvalidOwner, std::nullopt}));
}

TEST(SetSecurityInfo, S4_WithoutOwnerBitOwnerStaysFromOld) {
  SecurityDescriptor input = input_sd();
  input.owner.reset();  // not looked at without OWNER
  SecurityDescriptor sd = set_ok(old_sd(), si::kDacl, input);
  EXPECT_EQ(sd.owner, kAdmins);
  EXPECT_EQ(sd.control & kOwnerBits, c::kOwnerDefaulted);

  // An old descriptor without an owner keeps having none.
  SecurityDescriptor old = old_sd();
  old.owner.reset();
  EXPECT_FALSE(set_ok(old, si::kDacl, input_sd()).owner.has_value());
}

TEST(SetSecurityInfo, S4_S5_OwnerIsCheckedBeforeGroup) {
  SecurityDescriptor input = input_sd();
  input.owner.reset();
  input.group.reset();
  EXPECT_EQ(set_security_info(old_sd(), si::kOwner | si::kGroup, input).status,
            Status::kInvalidOwner);
}

// ---- S5 ------------------------------------------------------------------------------------

TEST(SetSecurityInfo, S5_GroupAndGroupDefaultedComeFromInput) {
  SecurityDescriptor sd = set_ok(old_sd(), si::kGroup, input_sd());
  EXPECT_EQ(sd.group, kUsers);
  EXPECT_EQ(sd.control & kGroupBits, 0);
  EXPECT_EQ(sd.owner, kAdmins);

  SecurityDescriptor input = input_sd();
  input.control |= c::kGroupDefaulted;
  EXPECT_NE(set_ok(old_sd(), si::kGroup, input).control & c::kGroupDefaulted, 0);
}

TEST(SetSecurityInfo, S5_InputWithoutGroupIsInvalidPrimaryGroup) {
  SecurityDescriptor input = input_sd();
  input.group.reset();
  EXPECT_EQ(set_security_info(old_sd(), si::kGroup, input),
            (SetResult{Status::kInvalidPrimaryGroup, std::nullopt}));
  // Without GROUP the missing group does not matter.
  EXPECT_EQ(set_ok(old_sd(), si::kOwner, input).group, kSystem);
}

// ---- S6 ------------------------------------------------------------------------------------

TEST(SetSecurityInfo, S6_DaclAndItsBitsComeFromInput) {
  SecurityDescriptor sd = set_ok(old_sd(), si::kDacl, input_sd());
  EXPECT_EQ(sd.dacl, input_sd().dacl);
  // Input: PRESENT|PROTECTED; old's DEFAULTED and AUTO_INHERITED must be gone.
  EXPECT_EQ(sd.control & kDaclBits, c::kDaclPresent | c::kDaclProtected);
}

TEST(SetSecurityInfo, S6_NullDaclStaysNull) {
  SecurityDescriptor input = input_sd();
  input.dacl.reset();  // DACL_PRESENT still set: a NULL DACL
  SecurityDescriptor sd = set_ok(old_sd(), si::kDacl, input);
  EXPECT_TRUE(sd.null_dacl());
  EXPECT_TRUE(sd.dacl_present());
}

TEST(SetSecurityInfo, S6_AbsentDaclInInputRemovesIt) {
  SecurityDescriptor input = input_sd();
  input.dacl.reset();
  input.control &= ~(c::kDaclPresent | c::kDaclProtected);
  SecurityDescriptor sd = set_ok(old_sd(), si::kDacl, input);
  EXPECT_FALSE(sd.dacl_present());
  EXPECT_FALSE(sd.dacl.has_value());
  EXPECT_EQ(sd.control & kDaclBits, 0);
}

TEST(SetSecurityInfo, S6_DaclBitsTravelEvenWithoutPresent) {
  // A choice written in S6: the bits are copied as they stand, present or not.
  SecurityDescriptor input = input_sd();
  input.dacl.reset();
  input.control = c::kSelfRelative | c::kDaclDefaulted;
  SecurityDescriptor sd = set_ok(old_sd(), si::kDacl, input);
  EXPECT_EQ(sd.control & kDaclBits, c::kDaclDefaulted);
}

TEST(SetSecurityInfo, S6_WithoutDaclBitDaclStaysFromOld) {
  SecurityDescriptor old = old_sd();
  old.dacl.reset();  // a NULL DACL in old stays NULL
  SecurityDescriptor sd = set_ok(old, si::kOwner, input_sd());
  EXPECT_TRUE(sd.null_dacl());
  EXPECT_EQ(sd.control & kDaclBits, c::kDaclPresent | c::kDaclDefaulted | c::kDaclAutoInherited);

  // Slack bytes of an ACL travel with it.
  old = old_sd();
  old.dacl->slack = {0xAA, 0xBB, 0xCC, 0xDD};
  EXPECT_EQ(set_ok(old, si::kOwner, input_sd()).dacl, old.dacl);
}

// ---- S7 ------------------------------------------------------------------------------------

TEST(SetSecurityInfo, S7_ProtectedDaclSetsProtected) {
  SecurityDescriptor input = input_sd();
  input.control &= ~c::kDaclProtected;
  EXPECT_NE(set_ok(old_sd(), si::kDacl | si::kProtectedDacl, input).control & c::kDaclProtected,
            0);
}

TEST(SetSecurityInfo, S7_UnprotectedDaclClearsProtected) {
  EXPECT_EQ(set_ok(old_sd(), si::kDacl | si::kUnprotectedDacl, input_sd()).control &
                c::kDaclProtected,
            0);
}

TEST(SetSecurityInfo, S7_ProtectedWinsOverUnprotected) {
  SecurityDescriptor input = input_sd();
  input.control &= ~(c::kDaclProtected | c::kSaclProtected);
  const std::uint32_t info = si::kDacl | si::kSacl | si::kProtectedDacl | si::kUnprotectedDacl |
                             si::kProtectedSacl | si::kUnprotectedSacl;
  SecurityDescriptor sd = set_ok(old_sd(), info, input);
  EXPECT_NE(sd.control & c::kDaclProtected, 0);
  EXPECT_NE(sd.control & c::kSaclProtected, 0);
}

TEST(SetSecurityInfo, S7_WithoutTheAclBitProtectionBitsDoNothing) {
  SecurityDescriptor old = old_sd();
  old.control |= c::kSaclProtected;  // DACL unprotected, SACL protected
  SecurityDescriptor sd = set_ok(old, si::kProtectedDacl | si::kUnprotectedSacl, input_sd());
  EXPECT_EQ(sd.control & c::kDaclProtected, 0);
  EXPECT_NE(sd.control & c::kSaclProtected, 0);
  // Nor with only an S9 bit standing in for the SACL.
  sd = set_ok(old, si::kLabel | si::kUnprotectedSacl, input_sd());
  EXPECT_NE(sd.control & c::kSaclProtected, 0);
}

TEST(SetSecurityInfo, S7_SaclProtection) {
  SecurityDescriptor input = input_sd();
  input.control &= ~c::kSaclProtected;
  EXPECT_NE(set_ok(old_sd(), si::kSacl | si::kProtectedSacl, input).control & c::kSaclProtected,
            0);
  EXPECT_EQ(set_ok(old_sd(), si::kSacl | si::kUnprotectedSacl, input_sd()).control &
                c::kSaclProtected,
            0);
}

// ---- S8 ------------------------------------------------------------------------------------

TEST(SetSecurityInfo, S8_SaclAndItsBitsComeFromInput) {
  SecurityDescriptor sd = set_ok(old_sd(), si::kSacl, input_sd());
  EXPECT_EQ(sd.sacl, input_sd().sacl);
  EXPECT_EQ(sd.control & kSaclBits, c::kSaclPresent | c::kSaclProtected);
  EXPECT_EQ(sd.dacl, old_sd().dacl);
}

TEST(SetSecurityInfo, S8_NullAndAbsentSacl) {
  SecurityDescriptor input = input_sd();
  input.sacl.reset();
  EXPECT_TRUE(set_ok(old_sd(), si::kSacl, input).null_sacl());
  input.control &= ~(c::kSaclPresent | c::kSaclProtected);
  SecurityDescriptor sd = set_ok(old_sd(), si::kSacl, input);
  EXPECT_FALSE(sd.sacl_present());
  EXPECT_EQ(sd.control & kSaclBits, 0);
}

TEST(SetSecurityInfo, S8_WithoutSaclBitSaclStaysFromOld) {
  SecurityDescriptor old = old_sd();
  old.sacl->slack = {1, 2, 3, 4};
  SecurityDescriptor sd = set_ok(old, si::kDacl, input_sd());
  EXPECT_EQ(sd.sacl, old.sacl);
  EXPECT_EQ(sd.control & kSaclBits, c::kSaclPresent | c::kSaclDefaulted | c::kSaclAutoInherited);
}

// ---- S9 ------------------------------------------------------------------------------------

TEST(SetSecurityInfo, S9_LabelReplacesOnlyLabelAces) {
  SecurityDescriptor input = input_sd();
  input.sacl = make_acl({audit(kUsers), label(kHighLabel), audit(kSystem)});
  SecurityDescriptor sd = set_ok(old_sd(), si::kLabel, input);
  // Old's other ACEs in order, then input's label ACEs; input's audits are not taken.
  EXPECT_EQ(sd.sacl, make_acl({audit(kWorld), audit(kAdmins), label(kHighLabel)}));
  // SACL bits from old, not input's PROTECTED.
  EXPECT_EQ(sd.control & kSaclBits, c::kSaclPresent | c::kSaclDefaulted | c::kSaclAutoInherited);
  // Nothing else moves.
  EXPECT_EQ(sd.owner, kAdmins);
  EXPECT_EQ(sd.dacl, old_sd().dacl);
}

TEST(SetSecurityInfo, S9_EachBitSelectsItsAceType) {
  struct Case {
    std::uint32_t bit;
    Ace (*make)(const Sid&);
  };
  const Case cases[] = {{si::kLabel, label},           {si::kAttribute, attribute},
                        {si::kScope, scope},           {si::kProcessTrustLabel, trust},
                        {si::kAccessFilter, filter}};
  SecurityDescriptor old = old_sd();
  old.sacl = make_acl({audit(kWorld), label(kMediumLabel), attribute(kWorld), scope(kWorld),
                       trust(kWorld), filter(kWorld)});
  SecurityDescriptor input = input_sd();
  input.sacl = make_acl({label(kHighLabel), attribute(kUsers), scope(kUsers), trust(kUsers),
                         filter(kUsers)});
  for (const Case& k : cases) {
    SCOPED_TRACE(format_security_info(k.bit));
    SecurityDescriptor sd = set_ok(old, k.bit, input);
    ASSERT_TRUE(sd.sacl.has_value());
    Aces want;
    for (const Ace& a : old.sacl->aces)
      if (a.type != k.make(kWorld).type) want.push_back(a);
    for (const Ace& a : input.sacl->aces)
      if (a.type == k.make(kWorld).type) want.push_back(a);
    EXPECT_EQ(sd.sacl->aces, want);
  }
}

TEST(SetSecurityInfo, S9_SeveralBitsKeepInputOrder) {
  SecurityDescriptor input = input_sd();
  input.sacl = make_acl({scope(kUsers), audit(kUsers), label(kHighLabel)});
  SecurityDescriptor old = old_sd();
  old.sacl = make_acl({label(kMediumLabel), scope(kWorld), audit(kWorld)});
  SecurityDescriptor sd = set_ok(old, si::kLabel | si::kScope, input);
  EXPECT_EQ(sd.sacl, make_acl({audit(kWorld), scope(kUsers), label(kHighLabel)}));
}

TEST(SetSecurityInfo, S9_LabelIntoOldWithoutSacl) {
  SecurityDescriptor old = old_sd();
  old.sacl.reset();
  old.control &= ~kSaclBits;
  SecurityDescriptor sd = set_ok(old, si::kLabel, input_sd());
  EXPECT_EQ(sd.sacl, make_acl({label(kHighLabel)}));
  EXPECT_EQ(sd.control & kSaclBits, c::kSaclPresent);

  // Nothing to put in and nothing there: still no SACL.
  SecurityDescriptor input = input_sd();
  input.sacl = make_acl({audit(kUsers)});
  sd = set_ok(old, si::kLabel, input);
  EXPECT_FALSE(sd.sacl_present());
  EXPECT_EQ(sd, set_ok(old, 0, input));
}

TEST(SetSecurityInfo, S9_NullOldSaclStaysNullWhenNothingIsAdded) {
  SecurityDescriptor old = old_sd();
  old.sacl.reset();  // NULL SACL
  SecurityDescriptor input = input_sd();
  input.sacl.reset();
  SecurityDescriptor sd = set_ok(old, si::kLabel, input);
  EXPECT_TRUE(sd.null_sacl());
  // But a label to add makes it an ACL, with input's revision.
  input.sacl = make_acl({label(kHighLabel)}, kAclRevisionDs);
  sd = set_ok(old, si::kLabel, input);
  EXPECT_EQ(sd.sacl, make_acl({label(kHighLabel)}, kAclRevisionDs));
}

TEST(SetSecurityInfo, S9_RemovingTheOnlyLabelLeavesAnEmptySacl) {
  SecurityDescriptor old = old_sd();
  old.sacl = make_acl({label(kMediumLabel)});
  SecurityDescriptor input = input_sd();
  input.control &= ~kSaclBits;
  input.sacl.reset();
  SecurityDescriptor sd = set_ok(old, si::kLabel, input);
  EXPECT_EQ(sd.sacl, make_acl({}));
  EXPECT_TRUE(sd.sacl_present());
}

TEST(SetSecurityInfo, S9_RevisionIsTheLargerAndSlackIsDropped) {
  SecurityDescriptor old = old_sd();
  old.sacl->slack = {0, 0, 0, 0};
  SecurityDescriptor input = input_sd();
  input.sacl->revision = kAclRevisionDs;
  SecurityDescriptor sd = set_ok(old, si::kLabel, input);
  ASSERT_TRUE(sd.sacl.has_value());
  EXPECT_EQ(sd.sacl->revision, kAclRevisionDs);
  EXPECT_TRUE(sd.sacl->slack.empty());

  old.sacl->revision = kAclRevisionDs;
  input.sacl->revision = kAclRevision;
  EXPECT_EQ(set_ok(old, si::kLabel, input).sacl->revision, kAclRevisionDs);
}

TEST(SetSecurityInfo, S9_SaclBitTakesPrecedence) {
  EXPECT_EQ(set_ok(old_sd(), si::kSacl | si::kLabel, input_sd()),
            set_ok(old_sd(), si::kSacl, input_sd()));
}

// ---- S10 -----------------------------------------------------------------------------------

TEST(SetSecurityInfo, S10_OtherControlBits) {
  SecurityDescriptor old = old_sd();
  old.control |= c::kRmControlValid | c::kDaclTrusted | c::kServerSecurity |
                 c::kDaclAutoInheritReq | c::kSaclAutoInheritReq;
  old.sbz1 = 0x5A;
  SecurityDescriptor input = input_sd();
  input.control |= c::kDaclTrusted | c::kServerSecurity | c::kDaclAutoInheritReq |
                   c::kSaclAutoInheritReq;
  input.sbz1 = 0x33;
  for (std::uint32_t info : {0u, si::kDacl | si::kSacl, si::kBackup}) {
    SCOPED_TRACE(format_security_info(info));
    SecurityDescriptor sd = set_ok(old, info, input);
    EXPECT_EQ(sd.control & ~(kOwnerBits | kGroupBits | kDaclBits | kSaclBits),
              c::kSelfRelative | c::kRmControlValid);
    EXPECT_EQ(sd.sbz1, 0x5A);
  }
  // RM_CONTROL_VALID does not come from input.
  EXPECT_EQ(set_ok(old_sd(), si::kBackup, input).control & c::kRmControlValid, 0);
}

// ---- S11 -----------------------------------------------------------------------------------

TEST(SetSecurityInfo, S11_ResultEncodesSelfRelativeAndRoundTrips) {
  SecurityDescriptor sd = set_ok(old_sd(), si::kDacl | si::kLabel, input_sd());
  std::vector<std::uint8_t> bytes = encode(sd);
  EXPECT_EQ(bytes.size(), encoded_size(sd));
  Expected<SecurityDescriptor> back = decode(bytes);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(*back, sd);
}

// S12 (allocation failure) and the pool side of S11/S14 are the world model's: this module has no
// pool. What it does promise is that it never invents that status itself.
TEST(SetSecurityInfo, S12_NeverReportsInsufficientResourcesItself) {
  for (std::uint32_t info : {0u, si::kBackup, si::kOwner, si::kLabel})
    EXPECT_NE(set_security_info(old_sd(), info, input_sd()).status,
              Status::kInsufficientResources);
}

// ---- S13 -----------------------------------------------------------------------------------

TEST(SetSecurityInfo, S13_ZeroInfoCopiesOld) {
  SecurityDescriptor old = old_sd();
  EXPECT_EQ(set_ok(old, 0, input_sd()), old);
  // Bits no row gives meaning to behave like 0.
  EXPECT_EQ(set_ok(old, 0x00000200 | si::kProtectedDacl, input_sd()), old);
  // A missing owner or group in input does not matter then.
  EXPECT_EQ(set_ok(old, 0, SecurityDescriptor{}), old);
  // Minus S10's dropped bits.
  old.control |= c::kServerSecurity;
  SecurityDescriptor want = old_sd();
  EXPECT_EQ(set_ok(old, 0, input_sd()), want);
}

// ---- Q1 ------------------------------------------------------------------------------------

TEST(QuerySecurityInfo, Q1_HoldsExactlyTheAskedParts) {
  const SecurityDescriptor sd = old_sd();
  SecurityDescriptor q = queried_descriptor(sd, si::kOwner);
  EXPECT_EQ(q.owner, kAdmins);
  EXPECT_FALSE(q.group || q.dacl || q.sacl);

  q = queried_descriptor(sd, si::kGroup | si::kDacl);
  EXPECT_FALSE(q.owner.has_value());
  EXPECT_EQ(q.group, kSystem);
  EXPECT_EQ(q.dacl, sd.dacl);
  EXPECT_FALSE(q.sacl_present());

  q = queried_descriptor(sd, si::kSacl);
  EXPECT_EQ(q.sacl, sd.sacl);
  EXPECT_FALSE(q.dacl_present());

  q = queried_descriptor(sd, 0);
  EXPECT_EQ(q, SecurityDescriptor{});
}

TEST(QuerySecurityInfo, Q1_NullDaclIsReturnedNull) {
  SecurityDescriptor sd = old_sd();
  sd.dacl.reset();
  EXPECT_TRUE(queried_descriptor(sd, si::kDacl).null_dacl());
}

TEST(QuerySecurityInfo, Q1_LabelWithoutSaclGivesOnlyLabelAces) {
  SecurityDescriptor sd = old_sd();
  sd.sacl = make_acl({audit(kWorld), label(kMediumLabel), scope(kWorld), label(kHighLabel)},
                     kAclRevisionDs);
  sd.sacl->slack = {0, 0, 0, 0};
  SecurityDescriptor q = queried_descriptor(sd, si::kLabel);
  EXPECT_EQ(q.sacl, make_acl({label(kMediumLabel), label(kHighLabel)}, kAclRevisionDs));
  q = queried_descriptor(sd, si::kLabel | si::kScope);
  EXPECT_EQ(q.sacl,
            make_acl({label(kMediumLabel), scope(kWorld), label(kHighLabel)}, kAclRevisionDs));
  // With SACL too: the whole SACL, slack included.
  EXPECT_EQ(queried_descriptor(sd, si::kSacl | si::kLabel).sacl, sd.sacl);
}

TEST(QuerySecurityInfo, Q1_LabelSaclPresentIffOldSaclPresent) {
  SecurityDescriptor sd = old_sd();
  sd.sacl = make_acl({audit(kWorld)});
  SecurityDescriptor q = queried_descriptor(sd, si::kLabel);
  EXPECT_EQ(q.sacl, make_acl({}));  // present, empty

  sd.sacl.reset();  // NULL
  EXPECT_TRUE(queried_descriptor(sd, si::kLabel).null_sacl());

  sd.control &= ~kSaclBits;  // absent
  q = queried_descriptor(sd, si::kLabel);
  EXPECT_FALSE(q.sacl_present());
}

TEST(QuerySecurityInfo, Q1_BackupIsExpanded) {
  SecurityDescriptor sd = old_sd();
  sd.control |= c::kRmControlValid;
  sd.sbz1 = 7;
  SecurityDescriptor want = old_sd();
  EXPECT_EQ(queried_descriptor(sd, si::kBackup), want);
}

// ---- Q2 ------------------------------------------------------------------------------------

TEST(QuerySecurityInfo, Q2_ControlIsSelfRelativePlusTravellingBits) {
  SecurityDescriptor sd = old_sd();
  sd.control |= c::kRmControlValid | c::kServerSecurity | c::kDaclTrusted |
                c::kDaclAutoInheritReq | c::kSaclProtected;
  sd.control &= ~c::kSelfRelative;  // not checked by the query
  sd.sbz1 = 0x11;
  EXPECT_EQ(queried_descriptor(sd, si::kOwner).control, c::kSelfRelative | c::kOwnerDefaulted);
  EXPECT_EQ(queried_descriptor(sd, si::kGroup).control, c::kSelfRelative | c::kGroupDefaulted);
  EXPECT_EQ(queried_descriptor(sd, si::kDacl).control,
            c::kSelfRelative | c::kDaclPresent | c::kDaclDefaulted | c::kDaclAutoInherited);
  const std::uint16_t sacl_bits = c::kSelfRelative | c::kSaclPresent | c::kSaclDefaulted |
                                  c::kSaclAutoInherited | c::kSaclProtected;
  EXPECT_EQ(queried_descriptor(sd, si::kSacl).control, sacl_bits);
  EXPECT_EQ(queried_descriptor(sd, si::kLabel).control, sacl_bits);
  EXPECT_EQ(queried_descriptor(sd, si::kBackup).sbz1, 0);
  // PROTECTED_/UNPROTECTED_ bits do nothing in a query.
  EXPECT_EQ(queried_descriptor(sd, si::kDacl | si::kProtectedDacl),
            queried_descriptor(sd, si::kDacl));
}

// ---- Q3 ------------------------------------------------------------------------------------

TEST(QuerySecurityInfo, Q3_ShortBufferIsBufferTooSmallWithRequiredLength) {
  const SecurityDescriptor sd = old_sd();
  const std::uint32_t info = si::kOwner | si::kDacl;
  const std::size_t size = encoded_size(queried_descriptor(sd, info));
  ASSERT_GT(size, kRelativeHeaderSize);
  for (std::uint32_t length : {0u, 1u, static_cast<std::uint32_t>(size - 1)}) {
    SCOPED_TRACE(length);
    QueryResult r = query_security_info(sd, info, length);
    EXPECT_EQ(r.status, Status::kBufferTooSmall);
    EXPECT_EQ(r.required_length, size);
    EXPECT_TRUE(r.bytes.empty());
  }
  // info == 0 still needs the header.
  QueryResult r = query_security_info(sd, 0, 19);
  EXPECT_EQ(r.status, Status::kBufferTooSmall);
  EXPECT_EQ(r.required_length, kRelativeHeaderSize);
}

// ---- Q4 ------------------------------------------------------------------------------------

TEST(QuerySecurityInfo, Q4_BytesDecodeBackToTheSelectedParts) {
  const SecurityDescriptor sd = old_sd();
  for (std::uint32_t info : {0u, si::kOwner, si::kGroup | si::kSacl, si::kDacl | si::kLabel,
                             si::kBackup}) {
    SCOPED_TRACE(format_security_info(info));
    const SecurityDescriptor want = queried_descriptor(sd, info);
    const std::size_t size = encoded_size(want);
    for (std::uint32_t length : {static_cast<std::uint32_t>(size), 4096u}) {
      QueryResult r = query_security_info(sd, info, length);
      EXPECT_EQ(r.status, Status::kSuccess);
      EXPECT_EQ(r.required_length, size);
      EXPECT_EQ(r.bytes, encode(want));
      Expected<SecurityDescriptor> back = decode(r.bytes);
      ASSERT_TRUE(back.ok()) << back.error();
      EXPECT_EQ(*back, want);
    }
  }
}

// ---- set and query together -----------------------------------------------------------------

TEST(SecurityInfo, QueryOfSetReturnsWhatWasSet) {
  const std::uint32_t info = si::kOwner | si::kDacl;
  SecurityDescriptor sd = set_ok(old_sd(), info, input_sd());
  SecurityDescriptor q = queried_descriptor(sd, info);
  SecurityDescriptor in = queried_descriptor(input_sd(), info);
  EXPECT_EQ(q, in);
}

// ---- printers ------------------------------------------------------------------------------

TEST(SecurityInfo, FormatSecurityInfo) {
  EXPECT_EQ(format_security_info(0), "0");
  EXPECT_EQ(format_security_info(si::kOwner | si::kDacl | si::kProtectedDacl),
            "OWNER|DACL|PROTECTED_DACL");
  EXPECT_EQ(format_security_info(si::kLabel | 0x200), "LABEL|0x200");
  EXPECT_EQ(format_security_info(0x200), "0x200");
}

TEST(Status, PrintsNtstatusNames) {
  auto str = [](Status s) {
    std::ostringstream os;
    os << s;
    return os.str();
  };
  EXPECT_EQ(str(Status::kInvalidOwner), "STATUS_INVALID_OWNER");
  EXPECT_EQ(str(Status::kBadDescriptorFormat), "STATUS_BAD_DESCRIPTOR_FORMAT");
  EXPECT_EQ(str(static_cast<Status>(0xC0000001)), "NTSTATUS 0xC0000001");
  EXPECT_EQ(static_cast<std::uint32_t>(Status::kBufferTooSmall), 0xC0000023u);
  EXPECT_EQ(static_cast<std::uint32_t>(Status::kNoSecurityOnObject), 0xC00000D7u);
  EXPECT_TRUE(nt_success(Status::kSuccess));
  EXPECT_FALSE(nt_success(Status::kBufferTooSmall));
}

}  // namespace
}  // namespace model
