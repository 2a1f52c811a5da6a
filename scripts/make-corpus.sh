#!/usr/bin/env bash
# scripts/make-corpus.sh — (re)make the seed corpora under corpus/ from the generators and the
# Windows vectors. Deterministic: the same tree gives the same files. Run after changing a
# generator or the codec; tests/corpus_test.cc checks the seeds still reach every feature.
# Every real target of fuzz/targets.txt takes its seeds from seeds_<target> and its dictionary from
# dict_<target> below: a target without them stops the script before it changes anything.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KSFUZZ_BUILD_DIR:-$root/build}
. "$root/scripts/lib/targets.sh"
mapfile -t targets < <(fuzz_targets --real)

# Content-named files, as libFuzzer names corpus entries.
store() {  # store DIR < files-from-stdin
  local dir=$1 f
  while read -r f; do cp "$f" "$dir/$(sha1sum "$f" | cut -c1-40)"; done
}
files() { find "$@" -type f | sort; }

# seeds_<target>: the files of its seeds, one a line, from what prepare() made in $tmp.
seeds_fuzz_dispatch() { files "$tmp/plain" "$tmp/contract" "$tmp/regressions" "$tmp/distilled"; }
seeds_fuzz_merge() { files "$tmp/plain" | sed -n 1,80p; }
seeds_fuzz_descriptor() { files "$tmp/desc"; }
seeds_fuzz_sddl() { files "$tmp/sddl"; }
seeds_fuzz_dispatch_bytes() { files "$tmp/bytes"; }

# dict_<target>: its dictionary. SDDL: every spelling (from the one table, through `ksfuzz sd
# tokens`) and the separators; scenario and descriptor bytes: the descriptor headers and SID
# prefixes that recur in them.
dict_fuzz_sddl() {
  local t
  echo '# fuzz_sddl.dict — made by scripts/make-corpus.sh from the SDDL spelling table.'
  for t in 'O:' 'G:' 'D:' 'S:' '(' ')' ';' ';;' '0x' 'S-1-' 'S-1-5-21-' '{' '}' ' && ' ' || ' '==' '\"'; do
    printf '"%s"\n' "$t"
  done
  "$ksfuzz" sd tokens | grep -v '^$' | sort -u | sed 's/\\/\\\\/g; s/"/\\"/g; s/.*/"&"/'
}
binary_dict() {
  echo "# $1.dict — made by scripts/make-corpus.sh: pieces of self-relative descriptors."
  cat <<'DICT'
"\x01\x00\x04\x80"
"\x01\x00\x14\x80"
"\x01\x00\x00\x80"
"\x02\x00\x08\x00\x00\x00\x00\x00"
"\x04\x00"
"\x01\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00"
"\x01\x01\x00\x00\x00\x00\x00\x05\x12\x00\x00\x00"
"\x01\x02\x00\x00\x00\x00\x00\x05\x20\x00\x00\x00\x20\x02\x00\x00"
"\x01\x05\x00\x00\x00\x00\x00\x05\x15\x00\x00\x00"
"\x01\x01\x00\x00\x00\x00\x00\x10\x00\x30\x00\x00"
"\xff\x01\x1f\x00"
"\x00\x00\x00\x10"
"\x00\x00\x00\x80"
"\x3f\x00\x0f\x00"
"artx"
DICT
}
dict_fuzz_descriptor() { binary_dict fuzz_descriptor; }
dict_fuzz_dispatch() { binary_dict fuzz_dispatch; }
dict_fuzz_merge() { binary_dict fuzz_merge; }
dict_fuzz_dispatch_bytes() { binary_dict fuzz_dispatch_bytes; }

for t in "${targets[@]}"; do
  for f in seeds dict; do
    declare -F "${f}_$t" >/dev/null ||
      { echo "scripts/make-corpus.sh: no ${f}_$t: say here how $t gets its ${f/dict/dictionary}" >&2; exit 2; }
  done
done

"$root/scripts/build.sh" ksfuzz fuzz_dispatch >/dev/null
ksfuzz="$build/ksfuzz"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# What the seeds are drawn from: generated scenarios (plain and contract mode), the regression
# files packed, and descriptors and SDDL from the Windows vectors.
"$ksfuzz" gen --count 160 --seed 1 --out "$tmp/plain" >/dev/null
"$ksfuzz" gen --count 160 --seed 2 --contract --out "$tmp/contract" >/dev/null
mkdir -p "$tmp/regressions"
for f in "$root"/corpus/regressions/*.txt; do
  [ -e "$f" ] || continue
  "$ksfuzz" pack "$f" -o "$tmp/regressions/$(basename "$f" .txt)" >/dev/null
done
# What fuzzing the reference adds to them (distilled): fuzz_dispatch from those seeds for a fixed
# number of runs (-seed and -runs, and -reload=0: libFuzzer otherwise rereads its corpus on a
# clock, and the same tree would not give the same files), then libFuzzer's
# merge, which keeps for each feature the smallest input that has it. They join the generated
# seeds, which stay for the worlds and ops they hold (tests/corpus_test.cc): libFuzzer loads a
# corpus smallest first and keeps an input only for a feature no smaller one has, so a run from
# the seeds starts where this one ended, not reducing the generated scenarios for its first minute.
distill_runs=1000000
mkdir -p "$tmp/fuzzed" "$tmp/distilled"
files "$tmp/plain" "$tmp/contract" "$tmp/regressions" | store "$tmp/fuzzed"
echo "make-corpus.sh: fuzzing the reference for $distill_runs runs to distill fuzz_dispatch seeds (about a minute)"
dict_fuzz_dispatch >"$tmp/fuzz_dispatch.dict"
"$build/fuzz_dispatch" -runs="$distill_runs" -seed=1 -reload=0 -max_len=4096 -dict="$tmp/fuzz_dispatch.dict" \
  -artifact_prefix="$tmp/" "$tmp/fuzzed" >"$tmp/distill.log" 2>&1 ||
  { tail -30 "$tmp/distill.log" >&2; echo "scripts/make-corpus.sh: fuzzing the reference found something" >&2; exit 1; }
"$build/fuzz_dispatch" -merge=1 -max_len=4096 "$tmp/distilled" "$tmp/fuzzed" >"$tmp/merge.log" 2>&1 ||
  { tail -30 "$tmp/merge.log" >&2; echo "scripts/make-corpus.sh: libFuzzer's merge failed" >&2; exit 1; }
# Descriptors and SDDL from the Windows vectors: a spread over every file.
python3 - "$root/tests/data/windows-vectors/windows-sddl" "$tmp" <<'PY'
import gzip, json, os, sys
src, out = sys.argv[1], sys.argv[2]
every = {"short-ordinary-acls.json.gz": 40, "short-ordinary-acls-v2.json.gz": 4,
         "short-conditional-and-resource-aces-successes.json.gz": 8}
os.makedirs(f"{out}/desc"); os.makedirs(f"{out}/sddl"); os.makedirs(f"{out}/bytes")
infos = [0x4, 0x1, 0x2, 0x8, 0x7, 0xf, 0x10, 0x10000, 0x80000004, 0x20000004]
n = 0
for name in sorted(os.listdir(src)):
    opener = gzip.open if name.endswith(".gz") else open
    with opener(os.path.join(src, name), "rt") as f:
        pairs = sorted(json.load(f).items())
    for i, (sddl, blob) in enumerate(pairs):
        if i % every.get(name, 1):
            continue
        n += 1
        open(f"{out}/desc/{n}", "wb").write(bytes(blob))
        open(f"{out}/sddl/{n}", "w").write(sddl)
        info = infos[n % len(infos)]
        open(f"{out}/bytes/{n}", "wb").write(info.to_bytes(4, "little") + bytes(blob))
PY
for t in "${targets[@]}"; do
  rm -rf "${root:?}/corpus/$t"
  mkdir -p "$root/corpus/$t"
  "seeds_$t" | store "$root/corpus/$t"
  "dict_$t" >"$root/corpus/$t.dict"
  printf '[libfuzzer]\nmax_len = 4096\ndict = %s.dict\n' "$t" >"$root/corpus/$t.options"
  printf '%-22s %4d seeds, %s\n' "$t" "$(ls "$root/corpus/$t" | wc -l)" "$(du -sh "$root/corpus/$t" | cut -f1)"
done
