#!/usr/bin/env bash
# tests/scripts/cli_test.sh BUILD_DIR SOURCE_DIR GROUP — the ksfuzz command as a user meets it:
# outputs, exit statuses and error messages. One GROUP a ctest test.
set -uo pipefail
build=$1 src=$2 group=$3
ksfuzz="$build/ksfuzz"
. "$(dirname "$0")/expect.sh"

case "$group" in
help)
  expect 2 "$ksfuzz";                 has err "usage: ksfuzz <command>"
  expect 0 "$ksfuzz" --help;          has out "replay"
  expect 2 "$ksfuzz" frobnicate;      has err "unknown command 'frobnicate'"
  for c in replay minimize show pack gen sd impls driver drivers; do
    expect 0 "$ksfuzz" "$c" --help;   has out "usage: ksfuzz $c"
  done
  ;;
sd)
  sddl='O:BAG:SYD:P(A;OICI;FA;;;SY)(D;;GA;;;AN)S:(AU;SA;WD;;;WD)'
  expect 0 "$ksfuzz" sd to-hex "$sddl"; lines out 1
  grep -qE '^[0-9a-f]+$' "$tmp/out" || fail "to-hex is not one lowercase hex line"
  hex=$(cat "$tmp/out")
  expect 0 "$ksfuzz" sd to-sddl "$hex"
  [ "$(cat "$tmp/out")" = "$sddl" ] || fail "to-sddl(to-hex(x)) = $(cat "$tmp/out"), not $sddl"
  # Windows' bytes for "D:" (the vectors' README): 28 bytes, control 0x8004.
  expect 0 "$ksfuzz" sd to-hex 'D:'
  [ "$(cat "$tmp/out")" = "01000480000000000000000000000000140000000200080000000000" ] || fail "D: gives $(cat "$tmp/out")"
  expect 2 "$ksfuzz" sd to-hex 'D:(A;;GA;;;LA)'; has out '^error: '
  expect 0 "$ksfuzz" sd to-hex --domain-sid S-1-5-21-1-2-3 'D:(A;;GA;;;LA)'
  expect 0 "$ksfuzz" sd to-sddl --domain-sid S-1-5-21-1-2-3 "$(cat "$tmp/out")"; has out '(A;;GA;;;LA)'
  printf 'D:(A;;GA;;;WD)\nD:(Z;;GA;;;WD)\nO:SY\n' >"$tmp/in"
  expect 2 "$ksfuzz" sd to-hex - <"$tmp/in"; lines out 3
  [ "$(sed -n 2p "$tmp/out" | cut -c1-7)" = "error: " ] || fail "line 2 should be an error: $(sed -n 2p "$tmp/out")"
  printf '%s\n' "$hex" 0102 zz >"$tmp/in"
  expect 2 "$ksfuzz" sd to-sddl - <"$tmp/in"; lines out 3
  [ "$(sed -n 1p "$tmp/out")" = "$sddl" ] || fail "stdin to-sddl line 1: $(sed -n 1p "$tmp/out")"
  has out '^error: D1'
  has out '^error: not hex'
  expect 2 "$ksfuzz" sd;                          has err "usage: ksfuzz sd"
  expect 2 "$ksfuzz" sd to-json 'D:';             has err "unknown direction"
  expect 2 "$ksfuzz" sd to-hex;                   has err "nothing to convert"
  expect 2 "$ksfuzz" sd to-hex --domain-sid;      has err "needs a value (SID)"
  expect 2 "$ksfuzz" sd to-hex --domain-sid S-1-1-0 'D:'; has err "S-1-5-21"
  expect 2 "$ksfuzz" sd to-hex --frob 'D:';       has err "unknown option"
  expect 0 "$ksfuzz" sd tokens;                   has out '^FA$'
  # Windows' bytes for its printing "D:P(D;;;;;MP)(D;;;;;MP)" (oversize-acls.json): slack, revision
  # 4. to-sddl prints what Windows printed and says on stderr why the text loses something;
  # --exact refuses.
  slack=01000490000000000000000000000000140000000400380002000000010014000000000001010000000000100021000001001400000000000101000000000010002100000000000000000000
  expect 0 "$ksfuzz" sd to-sddl "$slack"
  [ "$(cat "$tmp/out")" = 'D:P(D;;;;;MP)(D;;;;;MP)' ] || fail "to-sddl of the slack vector: $(cat "$tmp/out")"
  has err '^ksfuzz sd: input 1: the text does not give back these bytes: DACL: 8 slack bytes'
  has err 'ACL revision 4'
  expect 2 "$ksfuzz" sd to-sddl --exact "$slack"; has out '^error: DACL: 8 slack bytes'
  printf '%s\n' "$hex" "$slack" >"$tmp/in"
  expect 0 "$ksfuzz" sd to-sddl - <"$tmp/in";     lines out 2; lines err 1; has err '^ksfuzz sd: line 2: '
  expect 0 "$ksfuzz" sd to-sddl "$hex";           lines err 0
  expect 2 "$ksfuzz" sd to-hex --exact 'D:';      has err "--exact is for to-sddl"
  # A rights field mixing a number with letters: the OR of the parts (docs/SDDL.md).
  expect 0 "$ksfuzz" sd to-hex 'D:(A;;GA0x1;;;WD)(A;;0x10000000GA;;;WD)'
  expect 0 "$ksfuzz" sd to-sddl "$(cat "$tmp/out")"; has out '^D:(A;;CCGA;;;WD)(A;;GA;;;WD)$'
  ;;
replay)
  expect 0 "$ksfuzz" gen --count 25 --seed 3 --out "$tmp/gen"; has out "wrote 25"
  expect 0 "$ksfuzz" replay "$tmp/gen";           lines out 25
  expect 0 "$ksfuzz" replay "$src/tests/data/scenarios/owned-replaced.txt"; has out '^PASS '
  # A shared descriptor breaks the contract: reported only in contract mode, where it happens.
  expect 0 "$ksfuzz" replay "$src/tests/data/scenarios/shared-replaced.txt"
  expect 1 "$ksfuzz" replay --contract "$src/tests/data/scenarios/shared-replaced.txt"
  has out '^==ksfuzz== ERROR: ksfuzz: finding: reference/SetSecurity/freed-while-shared'
  has out '"create item 0"'
  [ "$(tail -1 "$tmp/out")" = "SUMMARY: ksfuzz: reference/SetSecurity/freed-while-shared" ] || fail "last line: $(tail -1 "$tmp/out")"
  cp "$tmp/out" "$tmp/first"
  expect 1 "$ksfuzz" replay --contract "$src/tests/data/scenarios/shared-replaced.txt"
  cmp -s "$tmp/out" "$tmp/first" || fail "replaying the same input twice gave different output"
  expect 1 "$ksfuzz" replay --impl leak_old "$src/tests/data/scenarios/owned-replaced.txt"
  has out 'SUMMARY: ksfuzz: leak_old/SetSecurity/leak'
  expect 1 env KSFUZZ_IMPL=leak_old "$ksfuzz" replay "$src/tests/data/scenarios/owned-replaced.txt"
  expect 2 "$ksfuzz" replay;                      has err "no input"
  expect 2 "$ksfuzz" replay "$tmp/missing";       has err "no such file"
  expect 2 "$ksfuzz" replay --impl nosuch "$tmp/gen"; has err "nosuch"; has err "reference"
  printf 'ksfuzz-scenario 1\nitem 0 owned pool=Lake tag=0x1 flags=0x0 sd=D:\n' >"$tmp/bad.txt"
  expect 2 "$ksfuzz" replay "$tmp/bad.txt";       has err "line 2, column 14"
  ;;
show)
  expect 0 "$ksfuzz" pack "$src/tests/data/scenarios/owned-replaced.txt" -o "$tmp/packed"
  expect 0 "$ksfuzz" show "$tmp/packed";          cp "$tmp/out" "$tmp/from-binary"
  expect 0 "$ksfuzz" show "$src/tests/data/scenarios/owned-replaced.txt"
  cmp -s "$tmp/out" "$tmp/from-binary" || fail "show(pack(text)) differs from show(text)"
  has out '^ksfuzz-scenario 1$'
  expect 2 "$ksfuzz" show;                        has err "exactly one FILE"
  expect 2 "$ksfuzz" pack "$src/tests/data/scenarios/owned-replaced.txt"; has err "no -o"
  expect 2 "$ksfuzz" pack "$src/tests/data/scenarios/owned-replaced.txt" -o /nonexistent/dir/x; has err "cannot write"
  expect 2 "$ksfuzz" gen --count 0 --out "$tmp/g"; has err "from 1 to"
  expect 2 "$ksfuzz" gen --count 3;               has err "--out"
  ;;
impls)
  expect 0 "$ksfuzz" impls;                       has out '^reference  *reference'
  [ "$(grep -c ' mutant ' "$tmp/out")" -ge 14 ] || fail "fewer than 14 mutants listed"
  expect 0 "$ksfuzz" impls --kind mutant --names; has out '^leak_old$'
  expect 2 "$ksfuzz" impls --kind nosuch
  ;;
minimize)
  # A mutant's finding from a generated scenario: minimize keeps its signature and shrinks it.
  expect 0 "$ksfuzz" gen --count 40 --seed 11 --out "$tmp/gen"
  found=""
  for f in "$tmp"/gen/*; do
    if ! "$ksfuzz" replay --impl no_changed_flag "$f" >"$tmp/replay" 2>&1; then
      [ "$(wc -c <"$f")" -gt 150 ] && { found=$f; break; }
    fi
  done
  [ -n "$found" ] || { fail "no generated scenario caught no_changed_flag"; echo "$failures failures"; exit 1; }
  sig=$(grep '^SUMMARY: ksfuzz:' "$tmp/replay" | tail -1)
  expect 0 "$ksfuzz" minimize "$found" -o "$tmp/min" --impl no_changed_flag; has out "signature kept"
  [ "$(wc -c <"$tmp/min")" -lt "$(wc -c <"$found")" ] || fail "minimize did not shrink: $(cat "$tmp/out")"
  expect 1 "$ksfuzz" replay --impl no_changed_flag "$tmp/min"
  [ "$(grep '^SUMMARY: ksfuzz:' "$tmp/out" | tail -1)" = "$sig" ] || fail "minimized input gives another signature"
  cat "$tmp/out" | sed -n '/=== Scenario/,/=== Where/p'
  # The README and the tutorial minimize leak_old's first finding from the seeds, one SetSecurity
  # on an item whose descriptor is a bare header: their line is what minimize prints for it.
  seed=2dc393211043eff976586544718a3340c347ed40
  expect 0 "$ksfuzz" minimize "$src/corpus/fuzz_dispatch/$seed" -o "$tmp/leak.min" --impl leak_old
  sizes=$(sed -n 's/^minimized .* -> [^:]*: //p' "$tmp/out")
  [ -n "$sizes" ] || fail "minimize printed no sizes: $(cat "$tmp/out")"
  for doc in README.md docs/TUTORIAL.md; do
    grep -qF "crash-$seed -> leak.min: $sizes" "$src/$doc" || fail "$doc does not show minimize's line for the seed: $sizes"
  done
  expect 2 "$ksfuzz" minimize "$src/tests/data/scenarios/owned-replaced.txt" -o "$tmp/x"; has err "no finding"
  expect 2 "$ksfuzz" minimize "$found";           has err "no -o"
  ;;
race)
  # A race of two IRPs in flight: the reference passes, no_lock double-frees; the report shows the
  # interleaving and reads the same every run; minimize keeps the signature.
  race="$src/corpus/regressions/no_lock-SetSecurity-double-free.txt"
  expect 0 "$ksfuzz" replay "$race";              has out '^PASS '
  expect 1 "$ksfuzz" replay --impl no_lock "$race"
  has out '^==ksfuzz== ERROR: ksfuzz: finding: no_lock/SetSecurity/double-free'
  has out '^=== Timeline'
  has out 'IRP of op 0 .*IRP of op 1'
  has out 'freed AGAIN by "SetSecurity"'
  [ "$(tail -1 "$tmp/out")" = "SUMMARY: ksfuzz: no_lock/SetSecurity/double-free" ] || fail "last line: $(tail -1 "$tmp/out")"
  cp "$tmp/out" "$tmp/first"
  expect 1 "$ksfuzz" replay --impl no_lock "$race"
  cmp -s "$tmp/out" "$tmp/first" || fail "replaying the same race twice gave different output"
  expect 0 "$ksfuzz" minimize "$race" -o "$tmp/min" --impl no_lock; has out 'signature kept: no_lock/SetSecurity/double-free'
  # A group no serial order explains: the oracle tries the orders quietly first, then again for
  # the report, whose closest order keeps its text and rows.
  group="$src/tests/data/scenarios/group-no-serial-order.txt"
  expect 0 "$ksfuzz" replay "$group";             has out '^PASS '
  expect 1 "$ksfuzz" replay --impl replace_not_merge "$group"
  has out "^create item 0's descriptor differs from the model's (in flight: no serial order of the group explains what was observed)$"
  has out '^  create item 0 points at  *a live pool block  *pool block #[0-9]*$'
  has out '^  create item 0 descriptor  *(20 bytes)  *0100018000000000000000000000000000000000$'
  has out '^  serial orders tried  *2  *none matched$'
  has out '^  closest order  *ops 0, 1  *2 op(s) matched before it parted$'
  # After a group that an order explains, the next op's finding has its text again.
  expect 1 "$ksfuzz" replay --impl replace_not_merge "$src/tests/data/scenarios/group-then-op.txt"
  has out "^create item 0's descriptor differs from the model's$"
  has out '^  create item 0 descriptor  *(20 bytes)  *0100018000000000000000000000000000000000$'
  ;;
gen-replay)
  # `ksfuzz gen` then `ksfuzz replay`: the reference passes, every built-in mutant is found. The
  # racing mutants need a group in flight switched at the right kernel call (shared_lock_for_set
  # shows in about one generated scenario in 500, query_no_lock in one in 1500): 500 scenarios of
  # a seed whose scenarios hold a race for each (a generator change moves them: after the op
  # generators moved to a Source, seeds 10-24 held a query_no_lock race in 3 of 15, 17 among them
  # with both races). Finding races fast is the fuzzer's job
  # (fuzz.fuzz_dispatch.finds_mutants, scripts/mutants.sh); this checks gen and replay.
  expect 0 "$ksfuzz" gen --count 500 --seed 17 --out "$tmp/gen"
  expect 0 "$ksfuzz" replay "$tmp/gen";           lines out 500
  for m in $("$ksfuzz" impls --kind mutant --names); do
    # A sanitizer-caught mutant ends the process (not exit 1); its summary line still names it.
    "$ksfuzz" replay --impl "$m" "$tmp/gen" >"$tmp/out" 2>&1
    rc=$?
    sig=$(grep -m1 "^SUMMARY: ksfuzz: $m/" "$tmp/out")
    if [ "$rc" -ne 0 ] && [ -n "$sig" ]; then echo "found $m: ${sig#SUMMARY: ksfuzz: }"; else fail "replay did not find mutant $m (exit $rc)"; fi
  done
  # Contract mode: generated shared and static slots; replacing them is reported.
  expect 0 "$ksfuzz" gen --count 150 --seed 5 --contract --out "$tmp/contract"
  expect 1 "$ksfuzz" replay --contract "$tmp/contract"
  n=$(grep -c '^SUMMARY: ksfuzz: reference/SetSecurity/freed-while-shared' "$tmp/out")
  s=$(grep -c '^SUMMARY: ksfuzz: reference/SetSecurity/free-not-pool' "$tmp/out")
  echo "contract mode: $n freed-while-shared, $s free-not-pool findings in 150 scenarios"
  [ "$n" -gt 0 ] && [ "$s" -gt 0 ] || fail "contract mode found no shared or no static replacement"
  others=$(grep '^SUMMARY: ksfuzz:' "$tmp/out" | grep -v -e '/freed-while-shared$' -e '/free-not-pool$' | sort | uniq -c)
  [ -z "$others" ] || fail "contract mode reported other findings: $others"
  ;;
edges)
  # What is not a regular file or a directory is named for what it is, and nothing waits on it.
  expect 2 timeout 10 "$ksfuzz" replay /dev/null; has err '/dev/null: is a character device, not a file or directory'
  mkfifo "$tmp/fifo"
  expect 2 timeout 10 "$ksfuzz" replay "$tmp/fifo"; has err 'is a FIFO (named pipe), not a file or directory'
  expect 2 timeout 10 "$ksfuzz" show "$tmp/fifo";   has err 'is a FIFO (named pipe), not a file'
  ln -s "$tmp/nowhere" "$tmp/dangling"
  expect 2 "$ksfuzz" replay "$tmp/dangling";        has err "is a symbolic link to '$tmp/nowhere', which does not exist"
  expect 2 "$ksfuzz" replay "$tmp/missing";         has err "$tmp/missing: no such file or directory"
  mkdir "$tmp/dir"
  expect 2 "$ksfuzz" show "$tmp/dir";               has err "$tmp/dir: is a directory, not a file"
  expect 2 "$ksfuzz" pack "$tmp/dir" -o "$tmp/x";   has err "$tmp/dir: is a directory, not a file"
  # An unreadable file (root reads everything: drop to nobody for this one).
  cp "$src/tests/data/scenarios/owned-replaced.txt" "$tmp/secret" && chmod 600 "$tmp/secret" && chmod 755 "$tmp"
  as_other=()
  [ "$(id -u)" -eq 0 ] && as_other=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  expect 2 "${as_other[@]}" "$ksfuzz" replay "$tmp/secret"; has err "$tmp/secret: cannot read: Permission denied"
  # An empty file is the empty scenario, as the fuzz targets read it; said so on stderr.
  : >"$tmp/empty"
  expect 0 "$ksfuzz" replay "$tmp/empty";           has out "^PASS $tmp/empty"; has err 'empty file: read as the empty scenario'
  # gen refuses counts above its limit, however large, before writing anything.
  for n in 1000001 99999999999999 18446744073709551616; do
    expect 2 timeout 20 "$ksfuzz" gen --count "$n" --out "$tmp/big"; has err "--count wants a number from 1 to 1000000, got '$n'"
  done
  [ ! -e "$tmp/big" ] || fail "gen --count over the limit created its directory"
  expect 0 "$ksfuzz" gen --count 2500 --progress --out "$tmp/prog"
  has err '^ksfuzz gen: 1000 of 2500 scenarios written'; has err '^ksfuzz gen: 2000 of 2500 scenarios written'
  expect 0 "$ksfuzz" gen --count 2500 --out "$tmp/quiet"  # stderr is not a terminal here
  [ ! -s "$tmp/err" ] || fail "gen without --progress and without a terminal printed progress: $(head -2 "$tmp/err")"
  ;;
options)
  # One option table a command drives both its parser and its help: an unknown option or a
  # missing value is one line naming the option, then the usage line.
  for c in replay minimize show pack gen impls; do
    expect 2 "$ksfuzz" "$c" --frob;               has err "^ksfuzz $c: unknown option '--frob'$"; has err "^usage: ksfuzz $c"
  done
  expect 2 "$ksfuzz" sd to-hex --frob 'D:';       has err "^ksfuzz sd: unknown option '--frob'$"
  expect 2 "$ksfuzz" gen --count 3 --out;         has err "^ksfuzz gen: option '--out' needs a value (DIR)$"
  expect 2 "$ksfuzz" replay --impl;               has err "^ksfuzz replay: option '--impl' needs a value (NAME)$"
  expect 2 "$ksfuzz" minimize x -o;               has err "^ksfuzz minimize: option '-o' needs a value (OUT)$"
  expect 2 "$ksfuzz" impls --kind;                has err "^ksfuzz impls: option '--kind' needs a value (KIND)$"
  expect 2 "$ksfuzz" impls --kind nosuch;         has err "^ksfuzz impls: --kind wants reference, mutant or extra, got 'nosuch'$"
  expect 2 "$ksfuzz" impls --names=yes;           has err "^ksfuzz impls: option '--names' takes no value$"
  expect 2 "$ksfuzz" gen --seed -1 --count 1 --out "$tmp/g"; has err "^ksfuzz gen: --seed wants a number"
  expect 0 "$ksfuzz" gen --count=2 --seed=0x10 --out="$tmp/g"; has out "wrote 2 scenarios to $tmp/g (seed 16)"
  # Every option the usage line names is in the option list, and the other way round.
  for c in replay minimize show pack gen sd impls driver drivers; do
    expect 0 "$ksfuzz" "$c" --help
    used=$(grep '^ *usage:\|^       ksfuzz' "$tmp/out" | grep -oE '(^|[[ ])--?[a-z][-a-z]*' | tr -d '[ ' | sort -u)
    listed=$(grep -oE '^  --?[a-z][-a-z]*' "$tmp/out" | tr -d ' ' | sort -u)
    [ "$used" = "$listed" ] || fail "ksfuzz $c --help: usage line names [$(echo $used)], option list [$(echo $listed)]"
  done
  ;;
*) echo "unknown group $group"; exit 2 ;;
esac
echo "cli $group: $failures failures"
[ "$failures" -eq 0 ]
