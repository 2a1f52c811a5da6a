// model/sd/sddl.h — SDDL ([MS-DTYP] 2.5.1): parse text to a SecurityDescriptor, print one back.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/expected.h"
#include "model/sd/security_descriptor.h"

namespace model {

/// The domain that domain-relative aliases (LA, LG, DA, DU, ...) resolve against.
struct SddlContext {
  std::optional<Sid> domain;  ///< S-1-5-21-x-y-z; without it those aliases are rejected
};

/// Parses SDDL as Windows' ConvertStringSecurityDescriptorToSecurityDescriptor does: the result
/// is self-relative, ACL revision 4 when an object ACE is present (else 2). On rejection the Error
/// names the problem and the 0-based column.
///
/// Like Windows, an object ACE naming no GUID ("(OA;;CR;;;WD)") becomes the plain type (A, D, AU,
/// AL) in an ACL marked revision 4 and sized as if the object Flags field were there: 4 zero bytes
/// of Acl::slack per such ACE (docs/SDDL.md). Conditional expressions (XA XD XU ZA FL) become
/// "artx" application data and resource attributes (RA) a self-relative claim, each padded with
/// zeros to a multiple of 4, in Ace::data.
Expected<SecurityDescriptor> parse_sddl(std::string_view text, const SddlContext& ctx = {});

/// Prints Windows' canonical SDDL (ConvertSecurityDescriptorToStringSecurityDescriptor with all
/// four parts). Promise: the text parses back (with the same ctx) to exactly `sd`. When no text
/// does, the Error says why, and there is no text:
///  - control: SE_SELF_RELATIVE missing; any bit but the present bits and P/AR/AI of each ACL;
///    P/AR/AI of an ACL that is not present; Sbz1 (the resource-manager byte) non-zero;
///  - ACL: slack bytes; non-zero Sbz1/Sbz2; a revision other than acl_revision_for(aces);
///  - ACE: a type with no SDDL spelling (0x04, 0x0C, 0x0E-0x10, opaque types) or in the other
///    ACL than Windows accepts it in; object flags other than 0x1|0x2, or disagreeing with the
///    GUIDs present; an object ACE with neither GUID; object flags or GUIDs on a plain type;
///    bytes after the SID of a type without application data; an RA trustee other than WD;
///    application data whose text would not parse back to the same bytes;
///  - a SID with an authority of 2^48 or more.
/// Error::offset is 0; the rule names the ACL and ACE index.
Expected<std::string> print_sddl(const SecurityDescriptor& sd, const SddlContext& ctx = {});

/// Text as Windows prints it, and why it is not exact.
struct WindowsSddl {
  std::string text;
  /// Why `text` does not parse back to exactly the descriptor printed, one reason a difference;
  /// empty when it does (then `text` is what print_sddl returns).
  std::vector<std::string> lossy;
};

/// Prints what Windows prints for `sd` even where that text parses back to other bytes: the
/// control bits SDDL cannot express, SE_SELF_RELATIVE missing, Sbz1, ACL slack, ACL Sbz1/Sbz2
/// and an ACL revision Windows would not choose are left out of the text, as Windows leaves
/// them out, and each is one entry of `lossy`. Everything else print_sddl refuses stays an
/// Error: SDDL has no spelling for it, or what Windows prints for it is not known. For a user
/// asking "what does Windows show for these bytes"; the scenario text form and the reports stay
/// with print_sddl (exact, or hex).
Expected<WindowsSddl> print_sddl_as_windows(const SecurityDescriptor& sd,
                                            const SddlContext& ctx = {});

/// SID alone: "S-1-..." or a two-letter alias (surrounding whitespace allowed).
Expected<Sid> parse_sddl_sid(std::string_view text, const SddlContext& ctx = {});
std::string print_sddl_sid(const Sid& sid, const SddlContext& ctx = {});

}  // namespace model
