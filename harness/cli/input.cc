// harness/cli/input.cc — classifying and loading the input files of a command.
#include "harness/cli/input.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "harness/scenario/file.h"

namespace ksfuzz::cli {

namespace {

const char* kind_of(mode_t mode) {
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  return "an unknown kind of file";
}

}  // namespace

std::optional<std::string> unusable_input(const std::string& path, bool directory_ok) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    int error = errno;
    struct stat link;
    if (error == ENOENT && lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
      std::string target(static_cast<std::size_t>(link.st_size) + 1, '\0');
      ssize_t n = readlink(path.c_str(), target.data(), target.size());
      target.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
      return path + ": is a symbolic link to '" + target + "', which does not exist";
    }
    return path + ": " + (error == ENOENT ? "no such file or directory" : std::strerror(error));
  }
  if (S_ISREG(st.st_mode) || (directory_ok && S_ISDIR(st.st_mode))) return std::nullopt;
  const char* what = S_ISDIR(st.st_mode) ? "a directory" : kind_of(st.st_mode);
  return path + ": is " + what + (directory_ok ? ", not a file or directory" : ", not a file");
}

std::optional<Scenario> load_input(const Command& cmd, const std::string& path) {
  if (auto why = unusable_input(path, /*directory_ok=*/false)) {
    command_error(cmd, *why);
    return std::nullopt;
  }
  auto s = load_scenario_file(path);
  if (!s) {
    command_error(cmd, s.error().rule);
    return std::nullopt;
  }
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && st.st_size == 0)
    std::fprintf(stderr, "ksfuzz %s: %s: empty file: read as the empty scenario\n", cmd.name, path.c_str());
  return std::move(s).value();
}

}  // namespace ksfuzz::cli
