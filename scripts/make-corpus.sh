#!/usr/bin/env bash
# scripts/make-corpus.sh — (re)make the seed corpora under corpus/ from the generators and the
# Windows vectors. Deterministic: the same tree gives the same files. Run after changing a
# generator or the codec; tests/corpus_test.cc checks the seeds still reach every feature.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${KSFUZZ_BUILD_DIR:-$root/build}
"$root/scripts/build.sh" ksfuzz >/dev/null
ksfuzz="$build/ksfuzz"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Content-named files, as libFuzzer names corpus entries.
store() {  # store DIR < files-from-stdin
  local dir=$1 f
  while read -r f; do cp "$f" "$dir/$(sha1sum "$f" | cut -c1-40)"; done
}

for t in fuzz_dispatch fuzz_merge fuzz_descriptor fuzz_sddl fuzz_dispatch_bytes; do
  rm -rf "${root:?}/corpus/$t"
  mkdir -p "$root/corpus/$t"
done

"$ksfuzz" gen --count 160 --seed 1 --out "$tmp/plain" >/dev/null
"$ksfuzz" gen --count 160 --seed 2 --contract --out "$tmp/contract" >/dev/null
mkdir -p "$tmp/regressions"
for f in "$root"/corpus/regressions/*.txt; do
  [ -e "$f" ] || continue
  "$ksfuzz" pack "$f" -o "$tmp/regressions/$(basename "$f" .txt)" >/dev/null
done
files() { find "$@" -type f | sort; }
files "$tmp/plain" "$tmp/contract" "$tmp/regressions" | store "$root/corpus/fuzz_dispatch"
files "$tmp/plain" | sed -n 1,80p | store "$root/corpus/fuzz_merge"

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
files "$tmp/desc" | store "$root/corpus/fuzz_descriptor"
files "$tmp/sddl" | store "$root/corpus/fuzz_sddl"
files "$tmp/bytes" | store "$root/corpus/fuzz_dispatch_bytes"

for t in fuzz_dispatch fuzz_merge fuzz_descriptor fuzz_sddl fuzz_dispatch_bytes; do
  printf '%-22s %4d seeds, %s\n' "$t" "$(ls "$root/corpus/$t" | wc -l)" "$(du -sh "$root/corpus/$t" | cut -f1)"
done

# Dictionaries: every SDDL spelling (from the one table, through `ksfuzz sd tokens`) and the
# separators; for scenario bytes, the descriptor headers and SID prefixes that recur in them.
{
  echo '# fuzz_sddl.dict — made by scripts/make-corpus.sh from the SDDL spelling table.'
  for t in 'O:' 'G:' 'D:' 'S:' '(' ')' ';' ';;' '0x' 'S-1-' 'S-1-5-21-' '{' '}' ' && ' ' || ' '==' '\"'; do
    printf '"%s"\n' "$t"
  done
  "$ksfuzz" sd tokens | grep -v '^$' | sort -u | sed 's/\\/\\\\/g; s/"/\\"/g; s/.*/"&"/'
} > "$root/corpus/fuzz_sddl.dict"
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
binary_dict fuzz_descriptor > "$root/corpus/fuzz_descriptor.dict"
binary_dict fuzz_dispatch > "$root/corpus/fuzz_dispatch.dict"
binary_dict fuzz_merge > "$root/corpus/fuzz_merge.dict"
binary_dict fuzz_dispatch_bytes > "$root/corpus/fuzz_dispatch_bytes.dict"
for t in fuzz_dispatch fuzz_merge fuzz_descriptor fuzz_sddl fuzz_dispatch_bytes; do
  printf '[libfuzzer]\nmax_len = 4096\ndict = %s.dict\n' "$t" > "$root/corpus/$t.options"
done
