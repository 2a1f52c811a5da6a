#!/usr/bin/env bash
# tests/scripts/driver_examples_test.sh BUILD_DIR SOURCE_DIR GROUP — the example drivers of
# docs/examples/ through `ksfuzz driver`, `gen --driver` and `replay --driver`, run by a ksfuzz
# that has them built in (build/tests/ksfuzz_examples). One GROUP a ctest test.
set -uo pipefail
build=$1 src=$2 group=$3
ksfuzz="$build/tests/ksfuzz_examples"
examples="$src/docs/examples"
. "$(dirname "$0")/expect.sh"

# line FILE PATTERN: the line number of the one line of the example matching PATTERN.
line() { grep -n -- "$2" "$examples/$1" | cut -d: -f1; }

case "$group" in
list)
  expect 0 "$ksfuzz" drivers --names
  [ "$(head -1 "$tmp/out")" = scenario ] || fail "the built-in driver is not listed first: $(head -1 "$tmp/out")"
  for d in own_copies shared_copy static_descriptor unload_twice; do has out "^$d\$"; done
  expect 2 "$ksfuzz" driver nosuch;            has err "unknown driver 'nosuch' (from --driver); known: scenario, own_copies"
  expect 2 "$ksfuzz" driver;                   has err "no driver NAME given"
  expect 2 "$ksfuzz" driver own_copies extra;  has err "want exactly one NAME"
  expect 2 "$ksfuzz" driver --impl nosuch own_copies; has err "unknown implementation 'nosuch'"
  echo "ksfuzz-scenario 1" >"$tmp/empty.txt"
  expect 2 "$ksfuzz" replay --driver nosuch "$tmp/empty.txt"; has err "unknown driver 'nosuch'"
  KSFUZZ_DRIVER=nosuch expect 2 "$ksfuzz" replay "$tmp/empty.txt"; has err "(from \$KSFUZZ_DRIVER)"
  ;;
shared_copy)
  at=$(line driver_shared_copy.c ExAllocatePoolWithTag)
  expect 1 "$ksfuzz" driver shared_copy
  has out "item 1  \"Pin\"  Flags 0x0  shared with item 0  pool block #1"
  has out "^driver_shared_copy.c:$at: error: freed-while-shared: create items 0 and 1 share one descriptor"
  has out "replayed under the ledger: reference/SetSecurity/freed-while-shared\$"
  has out "allocated by \"shared_copy Setup\" (ExAllocatePoolWithTag at driver_shared_copy.c:$at)"
  has out "freed by \"SetSecurity\" (ExFreePoolWithTag at dispatch_security.c:[0-9]*) while still held by \"create item 0\""
  has out "holders: \"create item 0\", \"create item 1\""
  # On past the ledger's finding: the driver's RemoveDevice frees the block a second time.
  has out "replayed on under AddressSanitizer (the SetSecurity alone, then the driver's Teardown): reference/Teardown/double-free"
  has out "DRIVER VERIFIER: BAD_POOL_CALLER (0xC2) 0x07"
  has out "^shared_copy: 1 problem\$"
  # The README shows this output whole, as what a user will see: it must be what the command prints
  # (trailing blanks aside).
  awk '/^\$ build\/tests\/ksfuzz_examples driver shared_copy$/ { on = 1; next } on && /^```/ { exit } on' \
    "$src/README.md" | sed 's/[[:space:]]*$//' >"$tmp/readme"
  [ -s "$tmp/readme" ] || fail "README.md has no transcript of 'build/tests/ksfuzz_examples driver shared_copy'"
  sed 's/[[:space:]]*$//' "$tmp/out" | diff "$tmp/readme" - >"$tmp/diff" ||
    fail "README's transcript of 'ksfuzz_examples driver shared_copy' is not what it prints:$(printf '\n'; head -8 "$tmp/diff")"
  # The reproducer, written out, replays and minimizes on the driver; the minimized one shows the
  # driver's items, not the leftovers of shrinking.
  expect 1 "$ksfuzz" driver shared_copy --out "$tmp/repro"
  expect 1 "$ksfuzz" replay --driver shared_copy "$tmp/repro/shared_copy-1.txt"
  has out "SUMMARY: ksfuzz: reference/SetSecurity/freed-while-shared"
  has out "build/ksfuzz replay --impl reference --driver shared_copy"
  expect 0 "$ksfuzz" minimize "$tmp/repro/shared_copy-1.txt" -o "$tmp/min" --driver shared_copy
  has out "signature kept: reference/SetSecurity/freed-while-shared"
  expect 0 "$ksfuzz" show "$tmp/min"
  has out "^item 1 shared-with=0"
  ;;
static_descriptor)
  expect 1 "$ksfuzz" driver static_descriptor
  has out "item 0  \"Filter\"  Flags 0x0  static"
  has out "^driver_static.c: error: free-not-pool: create item 0 holds a descriptor in memory the pool never handed out"
  has out "replayed under the ledger: reference/SetSecurity/free-not-pool\$"
  has out "^static_descriptor: 1 problem\$"
  ;;
own_copies)
  at=$(line driver_own_copies.c ExAllocatePoolWithTag)
  expect 0 "$ksfuzz" driver own_copies
  has out "item 0  \"Filter\"  Flags 0x0  owned  pool block #1"
  has out "item 1  \"Pin\"  Flags 0x0  owned  pool block #2"
  has out "allocated by \"own_copies Setup\" at driver_own_copies.c:$at"
  lacks out "error:"
  has out "^own_copies: 0 problems\$"
  ;;
unload_twice)
  at=$(line driver_unload_twice.c ExFreePoolWithTag)
  expect 1 "$ksfuzz" driver unload_twice
  has out "^driver_unload_twice.c: error: double-free: Setup then Teardown, with no IRP"
  has out "freed AGAIN by \"teardown\" (ExFreePoolWithTag at driver_unload_twice.c:$at)"
  has out "^driver_unload_twice.c:[0-9]*: error: freed-while-shared"
  has out "^unload_twice: 2 problems\$"
  ;;
gen_replay_own_copies)
  # Scenarios drawn from the generators, on the good driver's items: every one passes, the
  # driver's own teardown included. And the same scenarios on the bad one are caught.
  expect 0 "$ksfuzz" gen --count 300 --seed 7 --driver own_copies --out "$tmp/gen"
  expect 0 "$ksfuzz" show "$tmp/gen/scenario-000050"; has out "^item 1 owned pool=NonPagedPool tag=0x6c706d58"
  expect 0 "$ksfuzz" replay --driver own_copies "$tmp/gen"
  [ "$(grep -c '^PASS' "$tmp/out")" -eq 300 ] || fail "$(grep -vc '^PASS' "$tmp/out") of 300 did not pass"
  expect 1 "$ksfuzz" replay --driver shared_copy "$tmp/gen"
  has out "SUMMARY: ksfuzz: reference/"
  ;;
*)
  echo "unknown group $group"; exit 2 ;;
esac
[ "$failures" -eq 0 ] && echo "driver examples $group: ok" || echo "driver examples $group: $failures failures"
[ "$failures" -eq 0 ]
