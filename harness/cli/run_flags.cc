// harness/cli/run_flags.cc — --impl, --driver and --contract, once for every command that runs.
#include "harness/cli/run_flags.h"

#include <cstdio>

#include <ksfuzz/driver.h>
#include <ksfuzz/implementation.h>

namespace ksfuzz::cli {

void RunFlags::add_options(std::vector<Option>& table) {
  table.push_back({"--impl", "NAME",
                   "the implementation to run (default: $KSFUZZ_IMPL, else reference);\n`ksfuzz impls` lists them",
                   set_text(impl)});
  table.push_back({"--driver", "NAME",
                   "the driver whose Setup builds the create items (default: $KSFUZZ_DRIVER, else\n"
                   "scenario, which builds the scenario's own); `ksfuzz drivers` lists them",
                   set_text(driver)});
  table.push_back({"--contract", nullptr,
                   "keep shared and static descriptor slots (contract mode): replacing such a\n"
                   "descriptor is then reported where it happens (also KSFUZZ_CONTRACT=1)",
                   set_flag(contract)});
}

RunOptions RunFlags::options() const {
  RunOptions o;
  o.impl = KsfuzzImplSelect(impl.empty() ? nullptr : impl.c_str(), stderr);
  o.driver = KsfuzzDriverSelect(driver.empty() ? nullptr : driver.c_str(), stderr);
  if (!o.driver) o.impl = nullptr;
  o.contract = contract;
  return o;
}

}  // namespace ksfuzz::cli
