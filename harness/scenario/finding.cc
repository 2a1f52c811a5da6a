// harness/scenario/finding.cc — printing a Finding in ksfuzz's one report shape.
#include "harness/scenario/finding.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include <ksfuzz/report_frame.h>

#include "harness/scenario/text.h"
#include "model/sd/codec.h"
#include "model/sd/sddl.h"

namespace ksfuzz {

std::string Finding::signature() const { return impl + "/" + op + "/" + std::string(name(kind)); }

std::string regression_file_name(const Finding& f) {
  std::string name = f.signature() + ".txt";
  for (char& c : name)
    if (c == '/') c = '-';
  return name;
}

std::string status_text(std::uint32_t status) {
  std::ostringstream os;
  os << static_cast<model::Status>(status);
  return os.str();
}

std::string describe_descriptor(std::span<const std::uint8_t> b) {
  if (auto sd = model::decode(b)) {
    if (auto text = model::print_sddl(*sd)) return text.value() + "  (" + std::to_string(b.size()) + " bytes)";
  }
  constexpr std::size_t kMax = 64;
  std::string out = model::to_hex(b.first(std::min(b.size(), kMax)));
  if (b.size() > kMax) out += "...(" + std::to_string(b.size()) + " bytes)";
  return out.empty() ? "(none)" : out;
}

void print_finding(std::FILE* out, const Finding& f, const ReportContext& ctx) {
  std::string sig = f.signature();
  KsfuzzPrintFrameStart(out, sig.c_str());
  std::fprintf(out, "%s\n", f.what.c_str());
  if (ctx.contract) std::fprintf(out, "(contract mode: shared and static descriptor slots are part of the world)\n");

  std::string text = ctx.scenario ? print_scenario(*ctx.scenario) : std::string();
  std::fprintf(out, "\n=== Scenario\n%s", text.c_str());

  std::fprintf(out, "\n=== Where model and implementation parted\n");
  if (ctx.scenario && f.op_index < ctx.scenario->ops.size()) {
    std::fprintf(out, "op %zu: %s\n", f.op_index, print_op(ctx.scenario->ops[f.op_index]).c_str());
    for (const auto& g : ctx.scenario->groups)
      if (f.op_index >= g.first && f.op_index < g.end()) std::fprintf(out, "  %s\n", print_group(g).c_str());
  }
  else
    std::fprintf(out, "%s, after every op\n", f.op.c_str());
  std::size_t w0 = 6, w1 = 8;
  for (const auto& r : f.rows) w0 = std::max(w0, r[0].size()), w1 = std::max(w1, r[1].size());
  std::fprintf(out, "  %-*s  %-*s  %s\n", static_cast<int>(w0), "", static_cast<int>(w1), "expected", "observed");
  for (const auto& r : f.rows)
    std::fprintf(out, "  %-*s  %-*s  %s\n", static_cast<int>(w0), r[0].c_str(), static_cast<int>(w1),
                 r[1].c_str(), r[2].c_str());

  if (!f.timeline.empty()) std::fprintf(out, "\n=== Timeline\n%s", f.timeline.c_str());
  std::fprintf(out, "\n=== Pool history\n%s", f.pool_history.empty() ? "  (no pool block involved)\n"
                                                                   : f.pool_history.c_str());

  std::fprintf(out, "\n=== Regression file draft: corpus/regressions/%s\n%s",
               regression_file_name(f).c_str(), text.c_str());
  std::string driver = ctx.driver ? std::string(" --driver ") + ctx.driver : "";
  std::fprintf(out, "\n=== Reproducer\n  build/ksfuzz replay --impl %s%s%s %s\n", f.impl.c_str(), driver.c_str(),
               ctx.contract ? " --contract" : "", ctx.reproducer.empty() ? "FILE" : ctx.reproducer.c_str());
  KsfuzzPrintFrameEnd(out, sig.c_str());
}

std::string finding_report(const Finding& f, const ReportContext& ctx) {
  char* text = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&text, &size);
  if (!out) return {};
  print_finding(out, f, ctx);
  std::fclose(out);
  std::string report(text, size);
  std::free(text);
  return report;
}

}  // namespace ksfuzz
