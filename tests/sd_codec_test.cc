// tests/sd_codec_test.cc — model/sd binary codec: Windows' blobs and hand-built rejections.
#include <gtest/gtest.h>

#include <iostream>

#include "model/sd/codec.h"
#include "tests/support/windows_vectors.h"

namespace {

using model::decode;
using model::encode;

TEST(SdCodec, EveryWindowsBlobDecodesAndEncodesBackByteForByte) {
  std::size_t ok = 0, total = 0;
  for (const auto& v : ksfuzz::test::windows_vectors()) {
    ++total;
    auto sd = decode(v.bytes);
    if (!sd) {
      ADD_FAILURE() << v.file << ": " << v.sddl << ": " << sd.error();
      continue;
    }
    if (encode(*sd) != v.bytes) {
      ADD_FAILURE() << v.file << ": " << v.sddl << ": re-encoding differs";
      continue;
    }
    ++ok;
  }
  std::cout << "windows vectors: decode+encode " << ok << "/" << total << "\n";
  EXPECT_EQ(ok, total);
}

std::vector<std::uint8_t> minimal() {  // "D:" as Windows encodes it
  return {1, 0, 0x04, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0,
          2, 0, 8, 0, 0, 0, 0, 0};
}

TEST(SdCodec, MinimalDaclDecodes) {
  auto sd = decode(minimal());
  ASSERT_TRUE(sd) << sd.error();
  ASSERT_TRUE(sd->dacl);
  EXPECT_TRUE(sd->dacl->aces.empty());
  EXPECT_EQ(encode(*sd), minimal());
}

void expect_rejected(std::vector<std::uint8_t> b, const std::string& rule, std::size_t offset) {
  auto sd = decode(b);
  ASSERT_FALSE(sd) << "accepted: " << *sd;
  EXPECT_EQ(sd.error().rule.substr(0, rule.size()), rule) << sd.error();
  EXPECT_EQ(sd.error().offset, offset) << sd.error();
}

TEST(SdCodec, RejectsShortHeader) { expect_rejected({1, 0, 0, 0x80}, "D1", 0); }
TEST(SdCodec, RejectsRevision2) {
  auto b = minimal();
  b[0] = 2;
  expect_rejected(b, "D1", 0);
}
TEST(SdCodec, RejectsAbsoluteForm) {
  auto b = minimal();
  b[3] = 0x00;
  expect_rejected(b, "D1", 2);
}
TEST(SdCodec, RejectsUnalignedOffset) {
  auto b = minimal();
  b[16] = 21;
  expect_rejected(b, "D2", 16);
}
TEST(SdCodec, RejectsOffsetIntoHeader) {
  auto b = minimal();
  b[16] = 16;
  expect_rejected(b, "D2", 16);
}
TEST(SdCodec, RejectsOffsetPastBuffer) {
  auto b = minimal();
  b[16] = 28;
  expect_rejected(b, "D2", 16);
}
TEST(SdCodec, IgnoresDaclOffsetWithoutPresentBit) {
  auto b = minimal();
  b[2] = 0;
  auto sd = decode(b);
  ASSERT_TRUE(sd) << sd.error();
  EXPECT_FALSE(sd->dacl_present());
  EXPECT_FALSE(sd->dacl);
}
TEST(SdCodec, PresentBitWithZeroOffsetIsNullDacl) {
  auto b = minimal();
  b[16] = 0;
  auto sd = decode(b);
  ASSERT_TRUE(sd) << sd.error();
  EXPECT_TRUE(sd->null_dacl());
}
TEST(SdCodec, RejectsAclSizeBelow8) {
  auto b = minimal();
  b[22] = 4;
  expect_rejected(b, "D4: AclSize is smaller", 22);
}
TEST(SdCodec, RejectsAclSizeNotMultipleOf4) {
  auto b = minimal();
  b[22] = 10;
  expect_rejected(b, "D4: AclSize is not a multiple", 22);
}
TEST(SdCodec, RejectsAclPastBuffer) {
  auto b = minimal();
  b[22] = 12;
  expect_rejected(b, "D4: AclSize runs past", 22);
}
TEST(SdCodec, RejectsAceCountBeyondAclSize) {
  auto b = minimal();
  b[24] = 1;
  expect_rejected(b, "D4: ACE header", 24);  // AceCount claims more than AclSize holds
}

// An allow ACE for S-1-1-0 with AceSize `size`, inside a DACL sized to fit.
std::vector<std::uint8_t> with_ace(std::uint8_t type, std::uint16_t size, std::uint8_t acl_rev = 2) {
  std::vector<std::uint8_t> ace = {type, 0, static_cast<std::uint8_t>(size), 0, 0xff, 0, 0, 0,
                                   1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
  auto b = minimal();
  b[20] = acl_rev;
  b[24] = 1;
  b.insert(b.end(), ace.begin(), ace.end());
  b[22] = static_cast<std::uint8_t>(8 + ace.size());
  return b;
}

TEST(SdCodec, AcceptsAllowAce) {
  auto sd = decode(with_ace(0, 20));
  ASSERT_TRUE(sd) << sd.error();
  ASSERT_EQ(sd->dacl->aces.size(), 1u);
  EXPECT_EQ(sd->dacl->aces[0].sid, model::Sid::make(1, {0}));
  EXPECT_EQ(sd->dacl->aces[0].mask, 0xffu);
}
TEST(SdCodec, RejectsAceSizeNotMultipleOf4) { expect_rejected(with_ace(0, 18), "D5: AceSize is not", 30); }
TEST(SdCodec, RejectsAceSizeTooSmallForSid) { expect_rejected(with_ace(0, 12), "D3", 36); }
TEST(SdCodec, RejectsObjectAceInRevision2) { expect_rejected(with_ace(5, 20), "D6", 28); }
TEST(SdCodec, RejectsSidRevision) {
  auto b = with_ace(0, 20);
  b[36] = 2;
  expect_rejected(b, "D3: SID revision", 36);
}
TEST(SdCodec, RejectsSixteenSubAuthorities) {
  auto b = with_ace(0, 20);
  b[37] = 16;
  expect_rejected(b, "D3: SID has more than 15", 37);
}
TEST(SdCodec, KeepsUnknownAceTypeOpaque) {
  auto b = with_ace(0x42, 20);
  auto sd = decode(b);
  ASSERT_TRUE(sd) << sd.error();
  EXPECT_EQ(sd->dacl->aces[0].data.size(), 16u);
  EXPECT_EQ(encode(*sd), b);
}
TEST(SdCodec, KeepsTrailingAceBytesAndAclSlack) {
  auto b = with_ace(0, 20);
  // Grow the ACE by 4 trailing bytes and the ACL by 8 slack bytes.
  b.insert(b.end(), {0xaa, 0xbb, 0xcc, 0xdd, 0, 0, 0, 7, 1, 2, 3, 4});
  b[30] = 24;
  b[22] = 8 + 24 + 8;
  auto sd = decode(b);
  ASSERT_TRUE(sd) << sd.error();
  EXPECT_EQ(sd->dacl->aces[0].data.size(), 4u);
  EXPECT_EQ(sd->dacl->slack.size(), 8u);
  EXPECT_EQ(encode(*sd), b);
}

}  // namespace
