#!/usr/bin/env bash
# tests/scripts/ubsan_only_test.sh SOURCE_DIR — the UBSan-only variant (-DKSFUZZ_SANITIZERS=undefined,
# no AddressSanitizer runtime): it links, every fuzz target runs its seeds clean, the regressions
# pass, and the pool ledger alone still catches a double free, a leak and a race.
set -uo pipefail
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$src/scripts/lib/targets.sh"
mapfile -t targets < <(fuzz_targets --real)
fail() { echo "FAIL: $*"; exit 1; }

start=$(date +%s)
{ cmake -S "$src" -B "$tmp/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF \
    -DKSFUZZ_SANITIZERS=undefined && ninja -C "$tmp/build" -j "${KSFUZZ_JOBS:-$(nproc)}"; } >"$tmp/build.log" 2>&1 ||
  { tail -30 "$tmp/build.log"; fail "the UBSan-only build failed"; }
echo "UBSan-only build: $(( $(date +%s) - start )) s"
! nm "$tmp/build/fuzz_dispatch" | grep -q ' T __asan_init' || fail "fuzz_dispatch carries AddressSanitizer"

for t in "${targets[@]}"; do
  (cd "$tmp" && "$tmp/build/$t" -runs=0 "$src/corpus/$t") >"$tmp/run.log" 2>&1 ||
    { tail -20 "$tmp/run.log"; fail "$t did not run its seeds cleanly"; }
  grep -q 'INITED' "$tmp/run.log" || { tail -20 "$tmp/run.log"; fail "$t did not load its seeds"; }
  echo "$t: every seed runs clean"
done

ksfuzz=$tmp/build/ksfuzz
"$ksfuzz" replay "$src/corpus/regressions" >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "a regression fails"; }
check() {  # IMPL FILE SIGNATURE: the ledger (no AddressSanitizer) finds it
  "$ksfuzz" replay --impl "$1" "$2" >"$tmp/out" 2>&1
  grep -q "^SUMMARY: ksfuzz: $3\$" "$tmp/out" || { tail -20 "$tmp/out"; fail "$1 on $2: no $3"; }
  echo "$1: $3"
}
check leak_old "$src/tests/data/scenarios/owned-replaced.txt" leak_old/SetSecurity/leak
check no_lock "$src/corpus/regressions/no_lock-SetSecurity-double-free.txt" no_lock/SetSecurity/double-free
echo "ubsan-only: ok"
