// harness/scenario/op_traits.h — ksfuzz::OpTraits<Op>: everything the scenario layer knows of one
// op kind, specialized once per kind in harness/scenario/ops/<op>.h.
//
// A specialization provides, all static:
//   kName, kKeyword, kWeight      report name ("SetSecurity"), text keyword ("set"), generator weight
//   decode(Reader&, file, Op&)    the kind's bytes after its kind and file bytes, into every field of
//                                 the op given (its storage reused); total, canonical
//   encode(const Op&, Writer&)
//   print(const Op&, std::ostream&)            the text after "<keyword> file=N"
//   parse(LineParser&, file) -> Expected<Op>
//   generate(gen::Source&, const model::World&, file) -> Op   its choices from the Source
//                                 (harness/gen/source.h): RapidCheck's draws or the mutator's
//   mutate(Op&, const model::World&, Rng&) -> bool   one field changed (false: nothing to change)
//   simpler(const Op&) -> std::vector<Op>     shrink candidates, simplest first
//   weight(const Op&) -> std::size_t          what scenario_complexity counts beyond the bytes
//   build_irp(const Op&, IrpContext&) -> PIRP  nullptr: the I/O manager does not send it
//   observe(const Op&, PIRP, Observation&)    after completion, before the IRP is freed
//   check(const Op&, const model::Outcome&, const Observation&) -> std::optional<Finding>
//                                             what the oracle compares beyond every op's fields
//   kReleasesFile, kOpensFile                 true for a kind that ends the file object (Close),
//                                             or opens one in its slot (Open)
// OpTraitsDefaults gives the members a kind may leave out. The table of kinds is
// harness/scenario/op_table.h; a kind without a specialization does not compile.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <random>
#include <string_view>
#include <vector>

#include <ntifs.h>

#include "harness/scenario/bytes.h"
#include "harness/scenario/finding.h"
#include "harness/scenario/line_parser.h"
#include "harness/scenario/observation.h"
#include "model/world.h"

namespace ksfuzz {

/// The custom mutator's randomness: seeded from libFuzzer's seed, so runs stay reproducible.
using Rng = std::minstd_rand;

/// What building an op's IRP needs from the runner, and what the op leaves it to release.
struct IrpContext {
  PDEVICE_OBJECT device = nullptr;
  PFILE_OBJECT file = nullptr;
  PCUNICODE_STRING name = nullptr;  ///< the name the file opens by (its item's ObjectClass)
  bool hostile = false;             ///< C3: hand the driver the caller's bytes uncaptured
  PSECURITY_DESCRIPTOR captured = nullptr;  ///< freed by the runner after completion
  void* caller_buffer = nullptr;            ///< freed (KsfuzzFreeCallerBuffer) by the runner after completion
};

template <typename Op>
struct OpTraits;  // specialized in harness/scenario/ops/

namespace gen {
class Source;  // harness/gen/source.h
}

/// Members an op kind may do without.
template <typename Op>
struct OpTraitsDefaults {
  /// True for a kind that ends the file object's life (Close): in flight, it waits for the other
  /// IRPs on its file, as the I/O manager's reference on the file object makes it.
  static constexpr bool kReleasesFile = false;
  /// True for a kind that opens a handle in its file's slot (Open): in flight, one at a time.
  static constexpr bool kOpensFile = false;
  static bool mutate(Op&, const model::World&, Rng&) { return false; }
  static std::vector<Op> simpler(const Op&) { return {}; }
  static std::size_t weight(const Op&) { return 0; }
  static void observe(const Op&, PIRP, Observation&) {}
  static std::optional<Finding> check(const Op&, const model::Outcome&, const Observation&) { return std::nullopt; }
};

/// The bytes, text and generator of a kind that carries nothing but its file (Close, Open).
template <typename Op>
struct FileOnlyOpTraits : OpTraitsDefaults<Op> {
  static void decode(Reader&, std::uint8_t file, Op& into) { into = Op{file}; }
  static void encode(const Op&, Writer&) {}
  static void print(const Op&, std::ostream&) {}
  static model::Expected<Op> parse(LineParser&, std::uint8_t file) { return Op{file}; }
  static Op generate(gen::Source&, const model::World&, std::uint8_t file) { return Op{file}; }
};

}  // namespace ksfuzz
