# scripts/lib/targets.sh — sourced by the scripts and the tests: fuzz/targets.txt, the one list of
# fuzz targets (its header says what each column means), read row by row.

ksfuzz_targets_file=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/fuzz/targets.txt

# fuzz_target_rows — the rows, comments and blank lines left out: NAME KIND IMPLS SOURCES WHAT...
fuzz_target_rows() { grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$ksfuzz_targets_file"; }

# fuzz_targets [--real] [--impls] [--kind KIND] — target names, one a line, in the list's order:
# --real leaves the ceiling out, --impls keeps those that run dispatch implementations, --kind
# keeps one kind.
fuzz_targets() {
  local real=0 impls=0 kind="" name k i rest
  while [ $# -gt 0 ]; do
    case "$1" in
      --real) real=1 ;;
      --impls) impls=1 ;;
      --kind) kind=$2; shift ;;
      *) echo "fuzz_targets: unknown argument '$1'" >&2; return 2 ;;
    esac
    shift
  done
  while read -r name k i rest; do
    [ "$real" = 1 ] && [ "$k" = ceiling ] && continue
    [ "$impls" = 1 ] && [ "$i" != yes ] && continue
    [ -n "$kind" ] && [ "$k" != "$kind" ] && continue
    echo "$name"
  done < <(fuzz_target_rows)
}

# fuzz_target_field NAME COLUMN — one column (kind, impls, sources or what) of NAME's row; status 1
# when no row has that name.
fuzz_target_field() {
  local name k i s what
  while read -r name k i s what; do
    [ "$name" = "$1" ] || continue
    case "$2" in kind) echo "$k" ;; impls) echo "$i" ;; sources) echo "$s" ;; what) echo "$what" ;; esac
    return 0
  done < <(fuzz_target_rows)
  return 1
}
