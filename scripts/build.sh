#!/usr/bin/env bash
# scripts/build.sh [TARGET...] — install what is missing, configure once, build into build/
# (everything, or the named targets). Every other script builds through it. KSFUZZ_BUILD_DIR
# picks another build tree, KSFUZZ_JOBS the parallel jobs, KSFUZZ_EXTRA_IMPLS the extra routines.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KSFUZZ_BUILD_DIR:-$root/build}  # another build tree, e.g. the one ctest runs from
"$root/scripts/deps.sh"
# KSFUZZ_EXTRA_IMPLS in the environment (even empty) is the CMake option of the same name: your
# own routines and mutants, built into every harness binary; a change reconfigures the tree.
extra=()
[ -n "${KSFUZZ_EXTRA_IMPLS+set}" ] && extra=(-DKSFUZZ_EXTRA_IMPLS="$KSFUZZ_EXTRA_IMPLS")
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake --preset default -S "$root" -B "$build" "${extra[@]}" >/dev/null
elif [ ${#extra[@]} -gt 0 ] &&
     [ "$(sed -n 's/^KSFUZZ_EXTRA_IMPLS:STRING=//p' "$build/CMakeCache.txt")" != "$KSFUZZ_EXTRA_IMPLS" ]; then
  cmake -S "$root" -B "$build" "${extra[@]}" >/dev/null
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "$build" -j "${KSFUZZ_JOBS:-$(nproc)}" "${targets[@]}"
