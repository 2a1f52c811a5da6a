// model/security_info.h — SeSetSecurityDescriptorInfo and SeQuerySecurityDescriptorInfo on values
// (docs/SEMANTICS.md, rows S0-S14 and Q0-Q4).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <vector>

#include "model/sd/security_descriptor.h"
#include "model/security_info_table.h"
#include "model/status.h"

namespace model {

/// What SeSetSecurityDescriptorInfo does to an object's descriptor.
struct SetResult {
  Status status = Status::kSuccess;
  /// On success: the new descriptor. Its encode() is, byte for byte, the block the routine
  /// allocates (S11), so encoded_size() of it is the allocation size. Empty on failure, when the
  /// object keeps `old`.
  std::optional<SecurityDescriptor> result;

  friend bool operator==(const SetResult&, const SetResult&) = default;
};
std::ostream& operator<<(std::ostream& os, const SetResult& r);

/// The merge of S1-S10 and S13: `old` is the object's descriptor, `info` the SecurityInformation
/// as the caller passed it (BACKUP is expanded here, S3), `input` the caller's descriptor, whose
/// layout (absolute or self-relative) does not matter (S2).
/// Fails with kBadDescriptorFormat if `old` lacks SE_SELF_RELATIVE (S1), then kInvalidOwner (S4),
/// then kInvalidPrimaryGroup (S5), then kInvalidAcl if S9's SACL would exceed 0xFFFF bytes, in
/// that order.
/// Not modelled here: allocation failure (S12, kInsufficientResources) and the pool side of S11
/// and S14 (pool type, tag, who frees `old`) — the world model owns the fault plan and the pool,
/// and turns a planned failure into kInsufficientResources with the object unchanged.
SetResult set_security_info(const SecurityDescriptor& old, std::uint32_t info,
                            const SecurityDescriptor& input);
/// The same for an object that may have no descriptor (`*objectSd == NULL`): kNoSecurityOnObject
/// before anything else is looked at (S0).
SetResult set_security_info(const std::optional<SecurityDescriptor>& old, std::uint32_t info,
                            const SecurityDescriptor& input);

/// What SeQuerySecurityDescriptorInfo reports.
struct QueryResult {
  Status status = Status::kSuccess;
  /// `*Length` after the call: the encoded size of the selected parts, whatever the status
  /// (Q3, Q4).
  std::uint32_t required_length = 0;
  /// On success the bytes written at the start of the caller's buffer; empty otherwise (Q3).
  std::vector<std::uint8_t> bytes;

  friend bool operator==(const QueryResult&, const QueryResult&) = default;
};
std::ostream& operator<<(std::ostream& os, const QueryResult& r);

/// The descriptor a query for `info` lays out (Q1, Q2): the selected parts of `sd` and the
/// control bits that travel with them, SE_SELF_RELATIVE, nothing else. BACKUP is expanded (S3);
/// PROTECTED_*/UNPROTECTED_* have no effect. `sd` is read as it is: its SE_SELF_RELATIVE bit is
/// not checked.
SecurityDescriptor queried_descriptor(const SecurityDescriptor& sd, std::uint32_t info);

/// Q1-Q4: encodes queried_descriptor(sd, info) if it fits in `buffer_length` bytes, else
/// kBufferTooSmall with nothing written. required_length is its encoded size either way.
QueryResult query_security_info(const SecurityDescriptor& sd, std::uint32_t info,
                                 std::uint32_t buffer_length);
/// The same into `out`, its bytes' storage reused: a query step allocates nothing once grown.
void query_security_info_into(const SecurityDescriptor& sd, std::uint32_t info, std::uint32_t buffer_length,
                              QueryResult& out);
/// The same for an object that may have no descriptor: no descriptor queries as an empty one,
/// whatever `info` asks for (Q0: 20 bytes, SE_SELF_RELATIVE, no parts).
QueryResult query_security_info(const std::optional<SecurityDescriptor>& sd, std::uint32_t info,
                                 std::uint32_t buffer_length);

}  // namespace model
