// model/sd/sddl_table.h — the one SDDL spelling table: every token SDDL spells, with its value.
//
// The SDDL parser, the SDDL printer and the generators all read these arrays; nothing else lists
// SDDL spellings. Order matters where it says so: the printer writes flags and rights in array
// order, which is Windows' order.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "model/sd/ace.h"
#include "model/sd/security_descriptor.h"
#include "model/sd/sid.h"

namespace model::sddl {

/// The ACL a spelling belongs to.
enum class AclKind : std::uint8_t { kDacl, kSacl };

/// What follows the SID field of an ACE of this type.
enum class AceTail : std::uint8_t {
  kNone,               ///< nothing: the ACE ends after the SID
  kCondition,          ///< ";(" conditional expression ")" — the "artx" application data
  kResourceAttribute,  ///< ";(" claim ")" — a CLAIM_SECURITY_ATTRIBUTE_RELATIVE_V1
};

/// Means "this spelling is not tied to one ACE type".
inline constexpr int kAnyAceType = -1;

// ---------------------------------------------------------------------------------------------
// ACE types. Windows accepts each only in the ACL named here (an audit ACE in a DACL is rejected).
// ---------------------------------------------------------------------------------------------
struct AceTypeSpelling {
  std::string_view text;
  std::uint8_t type;
  AclKind acl;
  AceTail tail;
};

inline constexpr AceTypeSpelling kAceTypes[] = {
    {"A", 0x00, AclKind::kDacl, AceTail::kNone},            // ACCESS_ALLOWED
    {"D", 0x01, AclKind::kDacl, AceTail::kNone},            // ACCESS_DENIED
    {"AU", 0x02, AclKind::kSacl, AceTail::kNone},           // SYSTEM_AUDIT
    {"AL", 0x03, AclKind::kSacl, AceTail::kNone},           // SYSTEM_ALARM
    {"OA", 0x05, AclKind::kDacl, AceTail::kNone},           // ACCESS_ALLOWED_OBJECT
    {"OD", 0x06, AclKind::kDacl, AceTail::kNone},           // ACCESS_DENIED_OBJECT
    {"OU", 0x07, AclKind::kSacl, AceTail::kNone},           // SYSTEM_AUDIT_OBJECT
    {"OL", 0x08, AclKind::kSacl, AceTail::kNone},           // SYSTEM_ALARM_OBJECT
    {"XA", 0x09, AclKind::kDacl, AceTail::kCondition},      // ACCESS_ALLOWED_CALLBACK
    {"XD", 0x0A, AclKind::kDacl, AceTail::kCondition},      // ACCESS_DENIED_CALLBACK
    {"ZA", 0x0B, AclKind::kDacl, AceTail::kCondition},      // ACCESS_ALLOWED_CALLBACK_OBJECT
    {"XU", 0x0D, AclKind::kSacl, AceTail::kCondition},      // SYSTEM_AUDIT_CALLBACK
    {"ML", 0x11, AclKind::kSacl, AceTail::kNone},           // SYSTEM_MANDATORY_LABEL
    {"RA", 0x12, AclKind::kSacl, AceTail::kResourceAttribute},  // SYSTEM_RESOURCE_ATTRIBUTE
    {"SP", 0x13, AclKind::kSacl, AceTail::kNone},           // SYSTEM_SCOPED_POLICY_ID
    {"TL", 0x14, AclKind::kSacl, AceTail::kNone},           // SYSTEM_PROCESS_TRUST_LABEL
    {"FL", 0x15, AclKind::kSacl, AceTail::kCondition},      // SYSTEM_ACCESS_FILTER
};

// ---------------------------------------------------------------------------------------------
// ACE flags, in the order Windows prints them (ascending bits). `ace_type` ties a spelling to one
// ACE type: there it is printed instead of the general spelling of the same bit.
// ---------------------------------------------------------------------------------------------
struct AceFlagSpelling {
  std::string_view text;
  std::uint8_t flag;
  int ace_type = kAnyAceType;
};

inline constexpr AceFlagSpelling kAceFlags[] = {
    {"OI", ace_flags::kObjectInherit},
    {"CI", ace_flags::kContainerInherit},
    {"NP", ace_flags::kNoPropagateInherit},
    {"IO", ace_flags::kInheritOnly},
    {"ID", ace_flags::kInherited},
    {"CR", ace_flags::kCritical},
    {"SA", ace_flags::kSuccessfulAccess},
    {"TP", ace_flags::kSuccessfulAccess, 0x15},  // TRUST_PROTECTED_FILTER, same bit, on FL ACEs
    {"FA", ace_flags::kFailedAccess},
};

// ---------------------------------------------------------------------------------------------
// Access rights. A kBit spelling names bits the printer combines, in array order (Windows':
// "CCDCLCSWRPWPDTLOCRSDRCWDWOGAGXGWGR"). A kExact spelling is printed only when the whole mask
// equals it, and is tried first (0xf003f prints "KA", not "CCDCLCSWRPWPSDRCWDWO"). A mask neither
// covers prints as lowercase hex. The parser accepts every spelling on every ACE type, and
// numbers among them: a field's mask is the OR of its parts (docs/SDDL.md, "Rights fields").
// ---------------------------------------------------------------------------------------------
enum class RightUse : std::uint8_t { kBit, kExact };

struct RightSpelling {
  std::string_view text;
  std::uint32_t mask;
  RightUse use;
  int ace_type = kAnyAceType;
};

inline constexpr RightSpelling kRights[] = {
    // exact-match aliases first: the printer tries them before combining bits
    {"FA", 0x001F01FF, RightUse::kExact},  // FILE_ALL_ACCESS
    {"FR", 0x00120089, RightUse::kExact},  // FILE_GENERIC_READ
    {"FW", 0x00120116, RightUse::kExact},  // FILE_GENERIC_WRITE
    {"FX", 0x001200A0, RightUse::kExact},  // FILE_GENERIC_EXECUTE
    {"KA", 0x000F003F, RightUse::kExact},  // KEY_ALL_ACCESS
    {"KR", 0x00020019, RightUse::kExact},  // KEY_READ
    {"KW", 0x00020006, RightUse::kExact},  // KEY_WRITE
    {"KX", 0x00020019, RightUse::kExact},  // KEY_EXECUTE (= KEY_READ: "KR" wins when printing)
    // mandatory-label policy bits: printed instead of CC/DC/LC on ML ACEs
    {"NW", 0x00000001, RightUse::kBit, 0x11},  // SYSTEM_MANDATORY_LABEL_NO_WRITE_UP
    {"NR", 0x00000002, RightUse::kBit, 0x11},  // SYSTEM_MANDATORY_LABEL_NO_READ_UP
    {"NX", 0x00000004, RightUse::kBit, 0x11},  // SYSTEM_MANDATORY_LABEL_NO_EXECUTE_UP
    // directory-service object rights
    {"CC", 0x00000001, RightUse::kBit},  // ADS_RIGHT_DS_CREATE_CHILD
    {"DC", 0x00000002, RightUse::kBit},  // ADS_RIGHT_DS_DELETE_CHILD
    {"LC", 0x00000004, RightUse::kBit},  // ADS_RIGHT_ACTRL_DS_LIST
    {"SW", 0x00000008, RightUse::kBit},  // ADS_RIGHT_DS_SELF
    {"RP", 0x00000010, RightUse::kBit},  // ADS_RIGHT_DS_READ_PROP
    {"WP", 0x00000020, RightUse::kBit},  // ADS_RIGHT_DS_WRITE_PROP
    {"DT", 0x00000040, RightUse::kBit},  // ADS_RIGHT_DS_DELETE_TREE
    {"LO", 0x00000080, RightUse::kBit},  // ADS_RIGHT_DS_LIST_OBJECT
    {"CR", 0x00000100, RightUse::kBit},  // ADS_RIGHT_DS_CONTROL_ACCESS
    // standard rights
    {"SD", 0x00010000, RightUse::kBit},  // DELETE
    {"RC", 0x00020000, RightUse::kBit},  // READ_CONTROL
    {"WD", 0x00040000, RightUse::kBit},  // WRITE_DAC
    {"WO", 0x00080000, RightUse::kBit},  // WRITE_OWNER
    // generic rights
    {"GA", 0x10000000, RightUse::kBit},  // GENERIC_ALL
    {"GX", 0x20000000, RightUse::kBit},  // GENERIC_EXECUTE
    {"GW", 0x40000000, RightUse::kBit},  // GENERIC_WRITE
    {"GR", 0x80000000, RightUse::kBit},  // GENERIC_READ
};

// ---------------------------------------------------------------------------------------------
// Well-known SID aliases. An alias with a non-zero `domain_rid` means <domain>-<rid> and exists
// only when a domain is known; the others are fixed SIDs. At most one alias per SID, so printing
// is unambiguous.
// ---------------------------------------------------------------------------------------------
struct SidAlias {
  std::string_view text;
  std::uint64_t authority = 0;
  std::uint8_t count = 0;
  std::array<std::uint32_t, 6> sub{};
  std::uint32_t domain_rid = 0;
};

inline constexpr SidAlias kSidAliases[] = {
    {"WD", 1, 1, {0}},                   // Everyone
    {"CO", 3, 1, {0}},                   // Creator owner
    {"CG", 3, 1, {1}},                   // Creator group
    {"OW", 3, 1, {4}},                   // Owner rights
    {"NU", 5, 1, {2}},                   // Network
    {"IU", 5, 1, {4}},                   // Interactive
    {"SU", 5, 1, {6}},                   // Service
    {"AN", 5, 1, {7}},                   // Anonymous logon
    {"ED", 5, 1, {9}},                   // Enterprise domain controllers
    {"PS", 5, 1, {10}},                  // Principal self
    {"AU", 5, 1, {11}},                  // Authenticated users
    {"RC", 5, 1, {12}},                  // Restricted code
    {"SY", 5, 1, {18}},                  // Local system
    {"LS", 5, 1, {19}},                  // Local service
    {"NS", 5, 1, {20}},                  // Network service
    {"WR", 5, 1, {33}},                  // Write restricted code
    {"BA", 5, 2, {32, 544}},             // Builtin administrators
    {"BU", 5, 2, {32, 545}},             // Builtin users
    {"BG", 5, 2, {32, 546}},             // Builtin guests
    {"PU", 5, 2, {32, 547}},             // Power users
    {"AO", 5, 2, {32, 548}},             // Account operators
    {"SO", 5, 2, {32, 549}},             // Server operators
    {"PO", 5, 2, {32, 550}},             // Printer operators
    {"BO", 5, 2, {32, 551}},             // Backup operators
    {"RE", 5, 2, {32, 552}},             // Replicator
    {"RU", 5, 2, {32, 554}},             // Pre-Windows 2000 compatible access
    {"RD", 5, 2, {32, 555}},             // Remote desktop users
    {"NO", 5, 2, {32, 556}},             // Network configuration operators
    {"MU", 5, 2, {32, 558}},             // Performance monitor users
    {"LU", 5, 2, {32, 559}},             // Performance log users
    {"IS", 5, 2, {32, 568}},             // IIS_IUSRS
    {"CY", 5, 2, {32, 569}},             // Cryptographic operators
    {"ER", 5, 2, {32, 573}},             // Event log readers
    {"CD", 5, 2, {32, 574}},             // Certificate service DCOM access
    {"RA", 5, 2, {32, 575}},             // RDS remote access servers
    {"ES", 5, 2, {32, 576}},             // RDS endpoint servers
    {"MS", 5, 2, {32, 577}},             // RDS management servers
    {"HA", 5, 2, {32, 578}},             // Hyper-V administrators
    {"AA", 5, 2, {32, 579}},             // Access control assistance operators
    {"RM", 5, 2, {32, 580}},             // Remote management users
    {"UD", 5, 6, {84, 0, 0, 0, 0, 0}},   // User-mode drivers
    {"AC", 15, 2, {2, 1}},               // All application packages
    {"LW", 16, 1, {0x1000}},             // Low mandatory level
    {"ME", 16, 1, {0x2000}},             // Medium mandatory level
    {"MP", 16, 1, {0x2100}},             // Medium-plus mandatory level
    {"HI", 16, 1, {0x3000}},             // High mandatory level
    {"SI", 16, 1, {0x4000}},             // System mandatory level
    {"AS", 18, 1, {1}},                  // Authentication authority asserted identity
    {"SS", 18, 1, {2}},                  // Service asserted identity
    {"RO", 0, 0, {}, 498},               // Enterprise read-only domain controllers
    {"LA", 0, 0, {}, 500},               // Local administrator
    {"LG", 0, 0, {}, 501},               // Local guest
    {"DA", 0, 0, {}, 512},               // Domain admins
    {"DU", 0, 0, {}, 513},               // Domain users
    {"DG", 0, 0, {}, 514},               // Domain guests
    {"DC", 0, 0, {}, 515},               // Domain computers
    {"DD", 0, 0, {}, 516},               // Domain controllers
    {"CA", 0, 0, {}, 517},               // Certificate publishers
    {"SA", 0, 0, {}, 518},               // Schema admins
    {"EA", 0, 0, {}, 519},               // Enterprise admins
    {"PA", 0, 0, {}, 520},               // Group policy creator owners
    {"CN", 0, 0, {}, 522},               // Cloneable domain controllers
    {"AP", 0, 0, {}, 525},               // Protected users
    {"KA", 0, 0, {}, 526},               // Key admins
    {"EK", 0, 0, {}, 527},               // Enterprise key admins
    {"RS", 0, 0, {}, 553},               // RAS and IAS servers
};

// ---------------------------------------------------------------------------------------------
// ACL flags after "D:" / "S:", in the order Windows prints them. The value is the DACL control
// bit; the SACL bit is the same bit shifted left by one. NO_ACCESS_CONTROL means a NULL ACL: the
// present bit without an ACL.
// ---------------------------------------------------------------------------------------------
struct AclFlagSpelling {
  std::string_view text;
  std::uint16_t dacl_control;
  bool null_acl = false;
};

inline constexpr AclFlagSpelling kAclFlags[] = {
    {"P", control::kDaclProtected},
    {"AR", control::kDaclAutoInheritReq},
    {"AI", control::kDaclAutoInherited},
    {"NO_ACCESS_CONTROL", 0, true},
};

/// The control bit for `flag` in an ACL of `kind`.
constexpr std::uint16_t acl_flag_control(const AclFlagSpelling& flag, AclKind kind) {
  return kind == AclKind::kDacl ? flag.dacl_control
                                : static_cast<std::uint16_t>(flag.dacl_control << 1);
}

// ---------------------------------------------------------------------------------------------
// Conditional expressions ([MS-DTYP] 2.4.4.17): operators with their byte-code tokens, in the
// spelling Windows prints (note "Member_of_any" but "Device_Member_of_Any"). Parsing ignores case.
// ---------------------------------------------------------------------------------------------
enum class ConditionOpKind : std::uint8_t {
  kRelational,  ///< attribute op value: == != < <= > >=
  kContains,    ///< attribute op value, spelled as a word: Contains, Any_of, ...
  kMember,      ///< op SIDs: Member_of, Device_Member_of, ...
  kExists,      ///< op attribute: Exists, Not_Exists
  kAnd,         ///< &&
  kOr,          ///< ||
  kNot,         ///< !(expression)
};

struct ConditionOpSpelling {
  std::string_view text;
  std::uint8_t token;
  ConditionOpKind kind;
};

inline constexpr ConditionOpSpelling kConditionOps[] = {
    {"==", 0x80, ConditionOpKind::kRelational},
    {"!=", 0x81, ConditionOpKind::kRelational},
    {"<=", 0x83, ConditionOpKind::kRelational},  // before "<" so the longer spelling wins
    {"<", 0x82, ConditionOpKind::kRelational},
    {">=", 0x85, ConditionOpKind::kRelational},
    {">", 0x84, ConditionOpKind::kRelational},
    {"Contains", 0x86, ConditionOpKind::kContains},
    {"Any_of", 0x88, ConditionOpKind::kContains},
    {"Not_Contains", 0x8E, ConditionOpKind::kContains},
    {"Not_Any_of", 0x8F, ConditionOpKind::kContains},
    {"Member_of", 0x89, ConditionOpKind::kMember},
    {"Device_Member_of", 0x8A, ConditionOpKind::kMember},
    {"Member_of_any", 0x8B, ConditionOpKind::kMember},
    {"Device_Member_of_Any", 0x8C, ConditionOpKind::kMember},
    {"Not_Member_of", 0x90, ConditionOpKind::kMember},
    {"Not_Device_Member_of", 0x91, ConditionOpKind::kMember},
    {"Not_Member_of_Any", 0x92, ConditionOpKind::kMember},
    {"Not_Device_Member_of_Any", 0x93, ConditionOpKind::kMember},
    {"Exists", 0x87, ConditionOpKind::kExists},
    {"Not_Exists", 0x8D, ConditionOpKind::kExists},
    {"&&", 0xA0, ConditionOpKind::kAnd},
    {"||", 0xA1, ConditionOpKind::kOr},
    {"!", 0xA2, ConditionOpKind::kNot},
};

/// Attribute references: a prefix and its token; a name without prefix is a local attribute.
struct AttributeSpelling {
  std::string_view prefix;
  std::uint8_t token;
};

inline constexpr AttributeSpelling kAttributes[] = {
    {"", 0xF8},           // local attribute
    {"@USER.", 0xF9},     // user claim
    {"@RESOURCE.", 0xFA}, // resource attribute
    {"@DEVICE.", 0xFB},   // device claim
};

// ---------------------------------------------------------------------------------------------
// Resource attribute (RA) value types: ("name",TYPE,flags,value,...).
// ---------------------------------------------------------------------------------------------
struct ClaimTypeSpelling {
  std::string_view text;
  std::uint16_t value_type;  ///< CLAIM_SECURITY_ATTRIBUTE_TYPE_*
};

inline constexpr ClaimTypeSpelling kClaimTypes[] = {
    {"TI", 0x0001},  // INT64
    {"TU", 0x0002},  // UINT64
    {"TS", 0x0003},  // STRING
    {"TD", 0x0005},  // SID
    {"TB", 0x0006},  // BOOLEAN
    {"TX", 0x0010},  // OCTET_STRING
};

// ---------------------------------------------------------------------------------------------
// Lookups. Text comparisons ignore ASCII case, as Windows does for these tokens.
// ---------------------------------------------------------------------------------------------

/// The spelling of `text` (exactly, ignoring case), or nullptr.
const AceTypeSpelling* find_ace_type(std::string_view text);
/// The spelling of an ACE type, or nullptr when SDDL has none (0x04, 0x0C, 0x0E-0x10, ...).
const AceTypeSpelling* find_ace_type(std::uint8_t type);
/// The flag spelled by the two characters `text`, or nullptr.
const AceFlagSpelling* find_ace_flag(std::string_view text);
/// The right spelled by the two characters `text`, or nullptr.
const RightSpelling* find_right(std::string_view text);
/// The alias spelled by the two characters `text`, or nullptr.
const SidAlias* find_sid_alias(std::string_view text);
/// The operator spelled `text` (exactly, ignoring case), or nullptr.
const ConditionOpSpelling* find_condition_op(std::string_view text);
/// The operator of byte-code token `token`, or nullptr.
const ConditionOpSpelling* find_condition_op(std::uint8_t token);
/// The claim value type spelled `text`, or nullptr.
const ClaimTypeSpelling* find_claim_type(std::string_view text);
/// The spelling of CLAIM_SECURITY_ATTRIBUTE_TYPE `value_type`, or nullptr.
const ClaimTypeSpelling* find_claim_type(std::uint16_t value_type);

/// The SID an alias stands for; nullopt for a domain-relative alias without a domain.
std::optional<Sid> sid_alias_value(const SidAlias& alias, const std::optional<Sid>& domain);
/// The alias Windows prints for `sid`, or nullptr. Domain-relative aliases only match SIDs
/// directly under `domain`.
const SidAlias* alias_for_sid(const Sid& sid, const std::optional<Sid>& domain);

}  // namespace model::sddl
