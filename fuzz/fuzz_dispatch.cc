// fuzz/fuzz_dispatch.cc — property: for any scenario, the implementation behaves as the model
// says, and the sanitizers and the pool ledger stay quiet. Structure-aware (fuzz/mutator.cc).
//
//   build/fuzz_dispatch corpus/fuzz_dispatch            # the reference
//   KSFUZZ_IMPL=leak_old build/fuzz_dispatch ...         # or --impl leak_old
//   KSFUZZ_CONTRACT=1 build/fuzz_dispatch ...            # shared and static slots too
//   KSFUZZ_DRIVER=my_driver build/fuzz_dispatch ...      # or --driver: a driver's own create items
//   KSFUZZ_DECODE_CACHE=never build/fuzz_dispatch ...    # decode every run afresh (check: verify)
#include <cstddef>
#include <cstdint>

#include "fuzz/target.h"
#include "harness/scenario/codec.h"

namespace {
ksfuzz::RunOptions g_options;
}

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  g_options = ksfuzz::fuzz::options_from(argc, argv);
  ksfuzz::fuzz::last_decoded();  // a bad KSFUZZ_DECODE_CACHE stops it here, before any run
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Decoded over the last input (its storage reused, so a run allocates little), and kept for the
  // mutator, which libFuzzer will most often hand these same bytes.
  const ksfuzz::Scenario& s = ksfuzz::fuzz::last_decoded().decode({data, size});
  if (auto f = ksfuzz::run_scenario(s, g_options)) ksfuzz::fuzz::report_and_abort(*f, s, g_options);
  return 0;
}
