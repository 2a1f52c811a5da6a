#!/usr/bin/env bash
# tests/scripts/targets_test.sh BUILD_DIR SOURCE_DIR — fuzz/targets.txt is the one list of fuzz
# targets: every row is well formed and has its sources, and every target that is built, has a
# source, has seeds, is in the reference's table or is named by a script, CMake file or test is a
# row of it; no other file holds a list of targets of its own. Prints each problem found.
set -uo pipefail
build=$1 src=$2
. "$src/scripts/lib/targets.sh"
problems=0
problem() { echo "FAIL: $*"; problems=$((problems + 1)); }
mapfile -t all < <(fuzz_targets)
mapfile -t real < <(fuzz_targets --real)
in_list() {  # in_list WORD LIST...
  local want=$1 w
  shift
  for w in "$@"; do [ "$w" = "$want" ] && return 0; done
  return 1
}
# same_as_list WHERE NAME... — the targets WHERE holds are those of the list, no more, no fewer.
same_as_list() {
  local where=$1 t
  shift
  for t in "$@"; do in_list "$t" "${all[@]}" || problem "$where has $t, which fuzz/targets.txt does not list"; done
  for t in "${all[@]}"; do in_list "$t" "$@" || problem "fuzz/targets.txt lists $t, which $where lacks"; done
}

# The rows: columns as fuzz/targets.txt's header says, sources that exist.
while read -r name kind impls sources what; do
  [[ $name =~ ^[a-z][a-z0-9_]*$ ]] || problem "fuzz/targets.txt: '$name' is not a target name"
  case "$kind" in structured|baseline|property|ceiling) ;; *) problem "$name: kind '$kind' is none of structured, baseline, property, ceiling" ;; esac
  case "$impls" in yes|no) ;; *) problem "$name: impls '$impls' is neither yes nor no" ;; esac
  [ -n "$what" ] || problem "$name: the row says nothing of what it checks"
  [ -f "$src/fuzz/$name.cc" ] || problem "fuzz/targets.txt lists $name, but fuzz/$name.cc does not exist"
  if [ "$sources" != - ]; then
    for s in ${sources//,/ }; do [ -f "$src/fuzz/$s" ] || problem "$name: its source fuzz/$s does not exist"; done
  fi
done < <(fuzz_target_rows)
twice=$(printf '%s\n' "${all[@]}" | sort | uniq -d)
[ -z "$twice" ] || problem "fuzz/targets.txt lists $twice more than once"
! fuzz_target_rows | grep -q ';' || problem "fuzz/targets.txt holds a ';', which splits a row in CMake"
# The scripts read the structured target, the baseline and the ceiling as one name each.
[ "$(fuzz_targets --kind structured | wc -l)" -eq 1 ] || problem "fuzz/targets.txt wants exactly one structured target"
for k in baseline ceiling; do
  [ "$(fuzz_targets --kind "$k" | wc -l)" -le 1 ] || problem "fuzz/targets.txt has more than one $k target"
done

# Sources: every file of fuzz/ that defines a fuzz target.
for f in $(grep -l 'LLVMFuzzerTestOneInput *(' "$src"/fuzz/*.cc); do
  t=$(basename "$f" .cc)
  in_list "$t" "${all[@]}" || problem "fuzz/$t.cc defines a fuzz target that fuzz/targets.txt does not list"
done

# Built: every target fuzz/CMakeLists.txt makes (its objects are under fuzz/CMakeFiles/<target>.dir/).
if [ -f "$build/build.ninja" ]; then
  mapfile -t built < <(ninja -C "$build" -t targets all | sed -n 's|^fuzz/CMakeFiles/\([^/]*\)\.dir/.*|\1|p' | sort -u)
  same_as_list "the build (fuzz/CMakeLists.txt)" "${built[@]}"
else
  echo "note: $build has no build.ninja: the built targets were not compared"
fi

# Seeds: each real target has corpus/<t>/, <t>.dict and <t>.options; nothing else in corpus/ but
# the regressions.
for t in "${real[@]}"; do
  for f in "corpus/$t" "corpus/$t.dict" "corpus/$t.options"; do
    [ -e "$src/$f" ] || problem "$t has no $f (scripts/make-corpus.sh makes it)"
  done
done
for f in "$src"/corpus/*; do
  t=$(basename "$f") && t=${t%.dict} && t=${t%.options}
  [ "$t" = regressions ] || in_list "$t" "${real[@]}" ||
    problem "corpus/$(basename "$f") belongs to no real target of fuzz/targets.txt"
done

# The reference's table of fuzz targets.
mapfile -t documented < <(sed -n '/^## Fuzz targets/,/^## /s/^| `\(fuzz_[a-z0-9_]*\)` |.*/\1/p' "$src/docs/REFERENCE.md")
same_as_list "docs/REFERENCE.md's table of fuzz targets" "${documented[@]}"

# Names in the scripts, the CMake files and the script tests: each fuzz_* word is a listed target, or one
# of these, which are not targets: the glob prefix, tests/scripts/fuzz_test.sh, the readers of
# scripts/lib/targets.sh, and a name that deliberately is none.
not_targets=(fuzz_ fuzz_test fuzz_targets fuzz_target_rows fuzz_target_field fuzz_nosuch)
mapfile -t scanned < <(cd "$src" && find scripts .clusterfuzzlite .github tests/scripts fuzz/CMakeLists.txt \
  CMakeLists.txt tests/CMakeLists.txt tests/*.cmake -type f 2>/dev/null | sort)
for f in "${scanned[@]}"; do
  while IFS=: read -r line word; do
    in_list "$word" "${all[@]}" "${not_targets[@]}" ||
      problem "$f:$line names $word, which fuzz/targets.txt does not list"
  done < <(grep -now 'fuzz_[a-z0-9_]*' "$src/$f")
  # A line that names two or more targets is a list of its own: read fuzz/targets.txt instead.
  lists=$(awk -v f="$f" -v names="${all[*]}" '
    BEGIN { n = split(names, a, " "); for (i = 1; i <= n; i++) target[a[i]] = 1 }
    { rest = $0; split("", seen); count = 0
      while (match(rest, /fuzz_[a-z0-9_]+/)) {
        w = substr(rest, RSTART, RLENGTH)
        before = RSTART > 1 ? substr(rest, RSTART - 1, 1) : ""
        after = substr(rest, RSTART + RLENGTH, 1)
        if (before !~ /[A-Za-z0-9_]/ && after !~ /[A-Za-z0-9_]/ && (w in target) && !(w in seen)) { seen[w] = 1; count++ }
        rest = substr(rest, RSTART + RLENGTH)
      }
      if (count >= 2) print f ":" NR ": " $0 }' "$src/$f")
  while IFS= read -r l; do
    [ -n "$l" ] && problem "a list of targets of its own (read fuzz/targets.txt): $l"
  done <<<"$lists"
done

echo "fuzz/targets.txt: ${#all[@]} targets (${#real[@]} real: ${real[*]}); ${#scanned[@]} files scanned; $problems problems"
[ "$problems" -eq 0 ]
