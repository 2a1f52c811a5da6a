# tests/scripts/expect.sh — sourced by the scripts that test a command as a user meets it: a
# scratch directory ($tmp, removed on exit), a failure count, and the checks.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# expect STATUS CMD...: runs CMD, keeps stdout in $tmp/out and stderr in $tmp/err.
expect() {
  local want=$1; shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  [ "$got" -eq "$want" ] || fail "exit $got, expected $want: $*$(printf '\n  stderr: '; head -3 "$tmp/err")"
}
has() { grep -q -- "$2" "$tmp/$1" || fail "$1 lacks '$2': $(head -5 "$tmp/$1")"; }
lacks() { ! grep -q -- "$2" "$tmp/$1" || fail "$1 has '$2'"; }
lines() { [ "$(wc -l <"$tmp/$1")" -eq "$2" ] || fail "$1 has $(wc -l <"$tmp/$1") lines, expected $2"; }
