// model/sd/acl.h — model::Acl, an access control list ([MS-DTYP] 2.4.5) as a value.
#pragma once

#include <cstdint>
#include <ostream>
#include <span>

#include "model/sd/ace.h"

namespace model {

inline constexpr std::uint8_t kAclRevision = 2;
inline constexpr std::uint8_t kAclRevisionDs = 4;

/// An ACL's ACEs, inline up to 8: most ACLs are copied and decoded without the heap.
using Aces = SmallVector<Ace, 8>;

struct Acl {
  std::uint8_t revision = kAclRevision;
  Aces aces;
  /// Bytes between the last ACE and AclSize, kept so an oversize ACL re-encodes exactly.
  SmallVector<std::uint8_t, 8> slack;
  /// The header's reserved Sbz1 byte and Sbz2 word: not checked, kept as they are (D4), so an
  /// ACL copied whole re-encodes exactly. A fresh ACL has them 0.
  std::uint8_t sbz1 = 0;
  std::uint16_t sbz2 = 0;

  /// AclSize of the encoded ACL.
  std::size_t size() const;

  friend bool operator==(const Acl&, const Acl&) = default;
};

/// The revision Windows gives a new ACL holding these ACEs: 4 if any object ACE, else 2.
std::uint8_t acl_revision_for(std::span<const Ace> aces);

std::ostream& operator<<(std::ostream& os, const Acl& acl);

}  // namespace model
