// harness/scenario/finding.cc — printing a Finding in ksfuzz's one report shape.
#include "harness/scenario/finding.h"

#include "harness/scenario/text.h"

namespace ksfuzz {

std::string regression_file_name(const Finding& f) {
  std::string name = f.impl + "-" + f.op + "-" + f.kind + ".txt";
  for (char& c : name)
    if (c == '/') c = '-';
  return name;
}

void print_finding(std::FILE* out, const Finding& f, const ReportContext& ctx) {
  std::string sig = f.signature();
  std::fprintf(out, "==ksfuzz== ERROR: ksfuzz: finding: %s\n", sig.c_str());
  std::fprintf(out, "%s\n", f.what.c_str());
  if (ctx.contract) std::fprintf(out, "(contract mode: shared and static descriptor slots are part of the world)\n");

  std::string text = ctx.scenario ? print_scenario(*ctx.scenario) : std::string();
  std::fprintf(out, "\n=== Scenario\n%s", text.c_str());

  std::fprintf(out, "\n=== Where model and implementation parted\n");
  if (ctx.scenario && f.op_index < ctx.scenario->ops.size()) {
    // The op's own line of the text form: header, mode, fault plan, items and files come first.
    std::size_t skip = 2 + (ctx.scenario->world.fail_allocation ? 1 : 0) +
                       ctx.scenario->world.items.size() + ctx.scenario->world.files.size() + f.op_index;
    std::size_t pos = 0;
    for (std::size_t i = 0; i < skip && pos != std::string::npos; ++i) pos = text.find('\n', pos) + 1;
    std::size_t end = text.find('\n', pos);
    std::fprintf(out, "op %zu: %s\n", f.op_index, text.substr(pos, end - pos).c_str());
  } else {
    std::fprintf(out, "%s, after every op\n", f.op.c_str());
  }
  std::size_t w0 = 6, w1 = 8;
  for (const auto& r : f.rows) w0 = std::max(w0, r[0].size()), w1 = std::max(w1, r[1].size());
  std::fprintf(out, "  %-*s  %-*s  %s\n", static_cast<int>(w0), "", static_cast<int>(w1), "expected", "observed");
  for (const auto& r : f.rows)
    std::fprintf(out, "  %-*s  %-*s  %s\n", static_cast<int>(w0), r[0].c_str(), static_cast<int>(w1),
                 r[1].c_str(), r[2].c_str());

  std::fprintf(out, "\n=== Pool history\n%s", f.pool_history.empty() ? "  (no pool block involved)\n"
                                                                   : f.pool_history.c_str());

  std::fprintf(out, "\n=== Regression file draft: corpus/regressions/%s\n%s",
               regression_file_name(f).c_str(), text.c_str());
  std::fprintf(out, "\n=== Reproducer\n  build/ksfuzz replay --impl %s%s %s\n", f.impl.c_str(),
               ctx.contract ? " --contract" : "", ctx.reproducer.empty() ? "FILE" : ctx.reproducer.c_str());
  std::fprintf(out, "SUMMARY: ksfuzz: %s\n", sig.c_str());
  std::fflush(out);
}

}  // namespace ksfuzz
