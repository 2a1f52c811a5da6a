// tests/support/windows_vectors.cc — loads the Windows vectors once per test binary.
#include "tests/support/windows_vectors.h"

#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ksfuzz::test {
namespace {

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "windows vectors: %s\n", what.c_str());
  std::abort();
}

}  // namespace

std::string read_data_file(const std::string& path) {
  if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) die("cannot open " + path);
    std::string out;
    char buf[1 << 16];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    gzclose(f);
    if (n < 0) die("cannot gunzip " + path);
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot open " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::vector<WindowsVector>& windows_vectors() {
  static const std::vector<WindowsVector> all = [] {
    struct Source {
      const char* file;
      bool printing;
    };
    static const Source kFiles[] = {
        {"short-ordinary-acls.json.gz", true},
        {"short-ordinary-acls-v2.json.gz", true},
        {"short-conditional-and-resource-aces-successes.json.gz", true},
        {"short-conditional-and-resource-aces-tx-int.json.gz", true},
        {"oversize-acls.json", true},
        {"registry-object-rights.json", true},
        {"conditional_aces.txt.json", false},
    };
    std::vector<WindowsVector> out;
    for (const Source& s : kFiles) {
      std::string path = std::string(KSFUZZ_TEST_DATA) + "/windows-vectors/windows-sddl/" + s.file;
      auto json = nlohmann::json::parse(read_data_file(path));
      for (auto& [key, value] : json.items()) {
        WindowsVector v{s.file, key, {}, s.printing};
        for (auto& b : value) v.bytes.push_back(b.get<std::uint8_t>());
        out.push_back(std::move(v));
      }
    }
    if (out.size() != 7716) die("expected 7716 pairs, read " + std::to_string(out.size()));
    return out;
  }();
  return all;
}

}  // namespace ksfuzz::test
