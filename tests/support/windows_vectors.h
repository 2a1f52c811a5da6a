// tests/support/windows_vectors.h — the Windows SDDL/bytes vectors copied under tests/data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ksfuzz::test {

/// One pair from tests/data/windows-vectors/windows-sddl: an SDDL string and the bytes Windows'
/// ConvertStringSecurityDescriptorToSecurityDescriptor returned for it.
struct WindowsVector {
  std::string file;  ///< e.g. "short-ordinary-acls.json.gz"
  std::string sddl;
  std::vector<std::uint8_t> bytes;
  bool key_is_windows_printing;  ///< short-*, oversize-acls and registry-object-rights files
};

/// Domain SID the vectors' domain-relative aliases resolve against.
inline constexpr const char* kVectorDomainSid = "S-1-5-21-2457507606-2709100691-398136650";

/// Every pair of every file, in file order (gzip files decompressed). Aborts the test binary
/// with a message if the data cannot be read: a missing vector must not pass silently.
const std::vector<WindowsVector>& windows_vectors();

/// Reads a whole file (gunzipping *.gz).
std::string read_data_file(const std::string& path);

}  // namespace ksfuzz::test
