// harness/scenario/scenario_driver.h — the built-in driver "scenario": its Setup builds the create
// items a scenario's world describes, as a driver's AddDevice would, and its Teardown frees them as
// its remove routine would. It is registered like any other driver (ksfuzz/driver.h), and the
// runner reads the world back from what it built, as it does for every driver.
#pragma once

#include <ksfuzz/driver.h>

#include "model/world.h"

extern "C" KSFUZZ_DRIVER ksfuzz_driver_scenario;

namespace ksfuzz {

/// The world the "scenario" driver builds at its next Setup. The runner hands it every scenario's
/// world before Setup (other drivers ignore it); `world` must outlive Setup.
void set_scenario_world(const model::World& world);

}  // namespace ksfuzz
