// harness/cli/run_flags.cc — parsing --impl and --contract once for every command that runs.
#include "harness/cli/run_flags.h"

#include <cstdio>

#include <ksfuzz/implementation.h>

namespace ksfuzz::cli {

bool RunFlags::take(std::span<const std::string_view> args, std::size_t& i, std::string& error) {
  if (args[i] == "--contract") {
    contract = true;
    return true;
  }
  if (args[i] != "--impl") return false;
  if (i + 1 >= args.size()) error = "--impl needs a name";
  else impl = args[++i];
  return true;
}

RunOptions RunFlags::options() const {
  RunOptions o;
  o.impl = KsfuzzImplSelect(impl.empty() ? nullptr : impl.c_str(), stderr);
  o.contract = contract;
  return o;
}

}  // namespace ksfuzz::cli
