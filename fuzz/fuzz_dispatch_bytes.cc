// fuzz/fuzz_dispatch_bytes.cc — the naive baseline, kept only so scripts/mutants.sh can show what
// structure buys: the first 4 input bytes are SecurityInformation, the rest the descriptor of one
// SetSecurity IRP on one owned create item. No scenario structure, no custom mutator.
#include <cstddef>
#include <cstdint>

#include "fuzz/target.h"
#include "model/sd/sddl.h"

namespace {

ksfuzz::RunOptions g_options;
ksfuzz::Scenario g_world;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  g_options = ksfuzz::fuzz::options_from(argc, argv);
  model::Item item;
  item.kind = model::SlotKind::kOwned;
  item.tag = 0x2064734b;  // 'Ksd '
  item.descriptor = model::parse_sddl("O:BAG:BAD:(A;;GA;;;WD)").value();
  g_world.world.items.push_back(item);
  g_world.world.files.push_back(model::File{0});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;  // tolerated: no SecurityInformation, nothing to send
  model::SetSecurity op;
  op.info = data[0] | data[1] << 8 | data[2] << 16 | static_cast<std::uint32_t>(data[3]) << 24;
  op.input.assign(data + 4, data + size);
  ksfuzz::Scenario s = g_world;
  s.ops.emplace_back(std::move(op));
  if (auto f = ksfuzz::run_scenario(s, g_options)) ksfuzz::fuzz::report_and_abort(*f, s, g_options);
  return 0;
}
