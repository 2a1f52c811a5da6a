#!/usr/bin/env bash
# tests/scripts/clusterfuzzlite_test.sh SOURCE_DIR — .clusterfuzzlite/build.sh as OSS-Fuzz and
# ClusterFuzzLite run it: OSS-Fuzz's environment for an AddressSanitizer libFuzzer build, a build
# of its own under a temporary $WORK, then what lands in $OUT: every target, its seed corpus zip,
# dictionary and options, each target standing on its own and running one of its seeds.
set -uo pipefail
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$src/scripts/lib/targets.sh"
mapfile -t targets < <(fuzz_targets --real)
fail() { echo "FAIL: $*"; exit 1; }

mkdir -p "$tmp/src" "$tmp/work" "$tmp/out"
export CC=clang CXX=clang++ SANITIZER=address FUZZING_ENGINE=libfuzzer ARCHITECTURE=x86_64
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address,fuzzer-no-link"
export CXXFLAGS="$CFLAGS" LIB_FUZZING_ENGINE=-fsanitize=fuzzer
export SRC="$tmp/src" WORK="$tmp/work" OUT="$tmp/out"
start=$(date +%s)
(cd "$src" && bash -eu .clusterfuzzlite/build.sh) >"$tmp/build.log" 2>&1 ||
  { tail -40 "$tmp/build.log"; fail ".clusterfuzzlite/build.sh failed"; }
echo "build.sh: $(( $(date +%s) - start )) s"

for t in "${targets[@]}"; do
  [ -x "$OUT/$t" ] || fail "$t is not in \$OUT"
  for f in "${t}_seed_corpus.zip" "$t.dict" "$t.options"; do
    [ -s "$OUT/$f" ] || fail "$f is not in \$OUT"
  done
  dict=$(sed -n 's/^dict *= *//p' "$OUT/$t.options")
  [ -z "$dict" ] || [ -f "$OUT/$dict" ] || fail "$t.options names $dict, which is not in \$OUT"
  # Nothing from the build tree or the sources at run time: $OUT is all ClusterFuzz gets.
  ! ldd "$OUT/$t" | grep -qE "$tmp|$src" || fail "$t links against something outside \$OUT"
  seeds=$(unzip -Z1 "$OUT/${t}_seed_corpus.zip" | wc -l)
  [ "$seeds" -eq "$(find "$src/corpus/$t" -type f | wc -l)" ] || fail "${t}_seed_corpus.zip holds $seeds files"
  mkdir -p "$tmp/seed-$t"
  unzip -q -j "$OUT/${t}_seed_corpus.zip" "$(unzip -Z1 "$OUT/${t}_seed_corpus.zip" | head -1)" -d "$tmp/seed-$t"
  (cd "$tmp" && "$OUT/$t" -runs=1 "$tmp/seed-$t"/*) >"$tmp/run.log" 2>&1 ||
    { tail -20 "$tmp/run.log"; fail "$t did not run one of its seeds cleanly"; }
  grep -q '^Executed ' "$tmp/run.log" || { tail -20 "$tmp/run.log"; fail "$t did not say it executed the input"; }
  echo "$t: binary, ${t}_seed_corpus.zip ($seeds seeds), $t.dict, $t.options; one seed runs clean"
done
