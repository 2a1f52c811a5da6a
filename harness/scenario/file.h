// harness/scenario/file.h — scenario files on disk: binary or text, told apart by the header.
#pragma once

#include <string>
#include <vector>

#include "harness/scenario/scenario.h"
#include "model/expected.h"

namespace ksfuzz {

/// Reads a scenario from `path`: text when it starts with the text header line, else the binary
/// form (which always decodes). Errors: unreadable file, or the text form's line and column.
model::Expected<Scenario> load_scenario_file(const std::string& path);

/// Expands each argument: a directory becomes its regular files in name order, a file itself.
/// Errors name the argument that is neither.
model::Expected<std::vector<std::string>> expand_inputs(const std::vector<std::string>& args);

/// Writes bytes to `path` (atomically: a temporary beside it, then a rename).
model::Expected<bool> write_file(const std::string& path, const std::string& bytes);

}  // namespace ksfuzz
