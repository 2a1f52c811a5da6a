// fuzz/fuzz_empty.cc — does nothing: the executions-per-second ceiling of this machine with the
// project's flags, which scripts/bench.sh reports every target against.
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t) { return 0; }
