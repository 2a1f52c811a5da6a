#!/bin/bash -eu
# .clusterfuzzlite/build.sh — the OSS-Fuzz/ClusterFuzzLite build: every fuzz target into $OUT
# with its seed corpus (<target>_seed_corpus.zip), dictionary and options, built with the
# compiler, flags and fuzzing engine OSS-Fuzz chooses ($CC, $CXX, $CFLAGS, $CXXFLAGS,
# $LIB_FUZZING_ENGINE). Runs from the source tree; builds under $WORK. The targets are the real
# ones of fuzz/targets.txt: the ceiling has nothing to find.
# $KSFUZZ_JOBS (default: every core, as OSS-Fuzz expects) caps the parallel jobs on a shared machine.
src=$PWD
. "$src/scripts/lib/targets.sh"
mapfile -t targets < <(fuzz_targets --real)

# The harness calls AddressSanitizer's interface (the pool ledger's report hook, the death
# callback that names a finding), so a coverage build carries it too.
if [ "${SANITIZER:-address}" = coverage ]; then
  CFLAGS="$CFLAGS -fsanitize=address"
  CXXFLAGS="$CXXFLAGS -fsanitize=address"
fi

# RapidCheck (the generators the custom mutator draws from), with the same compiler and C++
# library as everything else, when the image carries its sources; else the system's.
prefix=()
if [ -d "$SRC/rapidcheck" ]; then
  cmake -S "$SRC/rapidcheck" -B "$WORK/rapidcheck-build" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS="$CXXFLAGS -fno-sanitize=fuzzer-no-link" -DCMAKE_INSTALL_PREFIX="$WORK/deps" \
    -DRC_ENABLE_TESTS=OFF -DRC_ENABLE_EXAMPLES=OFF
  cmake --build "$WORK/rapidcheck-build" -j"${KSFUZZ_JOBS:-$(nproc)}"
  cmake --install "$WORK/rapidcheck-build"
  prefix=(-DCMAKE_PREFIX_PATH="$WORK/deps")
fi

# Our own sanitizer and instrumentation flags off: OSS-Fuzz's come in CFLAGS/CXXFLAGS. The
# structured target goes without comparison tracing only under libFuzzer, where its custom
# mutator makes most mutations; other engines mutate the bytes themselves and use the hints.
trace_cmp=ON
[ "${FUZZING_ENGINE:-libfuzzer}" = libfuzzer ] && trace_cmp=OFF
cmake -S "$src" -B "$WORK/ksfuzz-build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF \
  -DKSFUZZ_SANITIZE=OFF -DKSFUZZ_FUZZ_INSTRUMENT=OFF -DKSFUZZ_LIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" \
  -DKSFUZZ_STRUCTURED_TRACE_CMP="$trace_cmp" "${prefix[@]}"
cmake --build "$WORK/ksfuzz-build" -j"${KSFUZZ_JOBS:-$(nproc)}" $(printf -- '--target %s ' "${targets[@]}")

for t in "${targets[@]}"; do
  cp "$WORK/ksfuzz-build/$t" "$OUT/"
  rm -f "$OUT/${t}_seed_corpus.zip"
  (cd "$src/corpus/$t" && zip -q -j "$OUT/${t}_seed_corpus.zip" ./*)
  cp "$src/corpus/$t.dict" "$src/corpus/$t.options" "$OUT/"
done
