// model_query_op_test.cc — the model's IRP_MJ_QUERY_SECURITY (SEMANTICS K1, K4): the dispatch
// routine's status and Information around SeQuerySecurityDescriptorInfo's answer (Q3, Q4).
#include <gtest/gtest.h>

#include <sstream>

#include "model/ops/query_security.h"
#include "model/sd/codec.h"
#include "model/sd/sddl.h"
#include "model/security_info.h"

namespace model {
namespace {

constexpr std::uint32_t kOwnerGroupDacl = 0x7;

World world_with(const char* sddl) {
  World w;
  Item item;
  item.kind = SlotKind::kOwned;
  item.descriptor = parse_sddl(sddl).value();
  w.items.push_back(item);
  w.files.push_back(File{0, true});
  w.files.push_back(File{std::nullopt, true});
  return w;
}

TEST(QueryOp, K4_AShortBufferIsABufferOverflowWithTheRequiredLength) {
  World w = world_with("O:BAG:SYD:(A;;FA;;;SY)");
  std::size_t required = encode(*w.items[0].descriptor).size();
  // The Se routine says STATUS_BUFFER_TOO_SMALL (Q3) ...
  EXPECT_EQ(query_security_info(*w.items[0].descriptor, kOwnerGroupDacl, 8).status, Status::kBufferTooSmall);
  // ... and the dispatch routine STATUS_BUFFER_OVERFLOW, a warning, with the length.
  Outcome o = step(w, QuerySecurity{0, kOwnerGroupDacl, 8});
  EXPECT_EQ(o.status, Status::kBufferOverflow);
  EXPECT_FALSE(nt_success(o.status));
  EXPECT_TRUE(nt_warning(o.status));
  EXPECT_EQ(o.information, required);
  EXPECT_TRUE(o.query_bytes.empty());
}

TEST(QueryOp, K4_ALongEnoughBufferIsSuccessWithTheLength) {
  World w = world_with("O:BAG:SYD:(A;;FA;;;SY)");
  std::size_t required = encode(*w.items[0].descriptor).size();
  Outcome o = step(w, QuerySecurity{0, kOwnerGroupDacl, 256});
  EXPECT_EQ(o.status, Status::kSuccess);
  EXPECT_EQ(o.information, required);
  EXPECT_EQ(std::vector<std::uint8_t>(o.query_bytes.begin(), o.query_bytes.end()), encode(*w.items[0].descriptor));
}

TEST(QueryOp, K1_NoItemIsNoSecurityOnObjectWithNothingToTell) {
  World w = world_with("O:BA");
  Outcome o = step(w, QuerySecurity{1, kOwnerGroupDacl, 0});
  EXPECT_EQ(o.status, Status::kNoSecurityOnObject);
  EXPECT_EQ(o.information, 0u);
}

TEST(QueryOp, BufferOverflowIsAWarningWithItsName) {
  std::ostringstream os;
  os << Status::kBufferOverflow;
  EXPECT_EQ(os.str(), "STATUS_BUFFER_OVERFLOW");
  EXPECT_EQ(static_cast<std::uint32_t>(Status::kBufferOverflow), 0x80000005u);
  EXPECT_FALSE(nt_warning(Status::kBufferTooSmall));
  EXPECT_FALSE(nt_warning(Status::kSuccess));
}

}  // namespace
}  // namespace model
