// harness/scenario/file.cc — loading scenarios and expanding input arguments.
#include "harness/scenario/file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/scenario/codec.h"
#include "harness/scenario/text.h"

namespace ksfuzz {

namespace fs = std::filesystem;

model::Expected<Scenario> load_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return model::Error{path + ": cannot read: " + std::strerror(errno), 0};
  std::stringstream ss;
  ss << in.rdbuf();
  std::string bytes = ss.str();
  if (looks_like_scenario_text(bytes)) {
    auto s = parse_scenario(bytes);
    if (!s) return model::Error{path + ": " + s.error().rule, s.error().offset};
    return s;
  }
  return decode_scenario({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
}

model::Expected<std::vector<std::string>> expand_inputs(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const auto& a : args) {
    std::error_code ec;
    if (fs::is_directory(a, ec)) {
      std::vector<std::string> files;
      for (const auto& e : fs::directory_iterator(a, ec))
        if (e.is_regular_file()) files.push_back(e.path().string());
      if (ec) return model::Error{a + ": cannot list: " + ec.message(), 0};
      std::sort(files.begin(), files.end());
      out.insert(out.end(), files.begin(), files.end());
    } else if (fs::is_regular_file(a, ec)) {
      out.push_back(a);
    } else {
      return model::Error{a + ": no such file or directory", 0};
    }
  }
  return out;
}

model::Expected<bool> write_file(const std::string& path, const std::string& bytes) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return model::Error{path + ": cannot write: " + std::strerror(errno), 0};
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return model::Error{path + ": write failed: " + std::strerror(errno), 0};
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return model::Error{path + ": cannot rename into place: " + ec.message(), 0};
  return true;
}

}  // namespace ksfuzz
