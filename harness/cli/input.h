// harness/cli/input.h — the scenario files named on the command line: what a path is, and loading
// one with a message that says what went wrong.
#pragma once

#include <optional>
#include <string>

#include "harness/cli/command.h"
#include "harness/scenario/scenario.h"

namespace ksfuzz::cli {

/// Why `path` cannot be an input, named for what it is ("PATH: is a character device, not a file
/// or directory", "PATH: is a symbolic link to 'T', which does not exist", "PATH: no such file or
/// directory"); nullopt for a regular file, or a directory where `directory_ok`. Never opens the
/// path, so a FIFO or a device is not waited on.
std::optional<std::string> unusable_input(const std::string& path, bool directory_ok);

/// Loads the scenario in `path` for `cmd`: a regular file, binary or text. An empty file is the
/// empty scenario, as the fuzz targets read it, and says so on stderr. Anything else that is
/// wrong (unusable_input, unreadable, unparsable) is printed as "ksfuzz <cmd>: ..." and gives
/// nullopt.
std::optional<Scenario> load_input(const Command& cmd, const std::string& path);

}  // namespace ksfuzz::cli
