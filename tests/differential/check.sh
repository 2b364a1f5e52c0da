#!/bin/sh
# Self-tests of `jobsconf fuzz` against the bundled jobsref (real HTTP over
# loopback):
#   check.sh JOBSCONF clean RUNS DIR       RUNS sequences, exit 0 required (no false positive)
#   check.sh JOBSCONF fault NAME DIR       a budget of 500 sequences (deterministic: seed 1;
#                                          a few seconds in the release build, under 30 s
#                                          even under ASan) with --fault NAME: a divergence
#                                          (exit 1) and a replayable repro.jcfz required,
#                                          whose replay diverges again with the fault and
#                                          not without it
#   check.sh JOBSCONF replay CORPUS DIR    every committed reproduction: exit 1 with its
#                                          `fault` lines, exit 0 against the clean server
#   check.sh JOBSCONF usage - DIR          usage errors exit 2, an unreachable endpoint 3
set -u
J=$1 mode=$2 arg=$3 dir=$4
rm -rf "$dir"
mkdir -p "$dir"
fail() { echo "FAIL: $*"; exit 1; }
run() { # expected-exit args...
  want=$1; shift
  "$J" fuzz "$@" >"$dir/out.txt" 2>&1
  rc=$?
  cat "$dir/out.txt"
  [ "$rc" = "$want" ] || fail "jobsconf fuzz $* exited $rc, expected $want"
}
case "$mode" in
clean)
  run 0 --runs "$arg" --seed 1 --quiet --report-dir "$dir/r"
  grep -q 'no divergence' "$dir/out.txt" || fail "no summary line"
  grep -q '"status":[[:space:]]*"PASS"' "$dir/r/results.json" || fail "results.json does not say PASS" ;;
fault)
  run 1 --runs 500 --seed 1 --quiet --fault "$arg" --report-dir "$dir/r"
  [ -s "$dir/r/repro.jcfz" ] && [ -s "$dir/r/transcript.md" ] && [ -s "$dir/r/junit.xml" ] || fail "reproduction files missing"
  grep -q 'DIVERGENCE' "$dir/r/transcript.md" || fail "transcript names no divergence"
  run 1 --replay "$dir/r/repro.jcfz" --no-shrink --fault "$arg" --report-dir "$dir/replay"
  run 0 --replay "$dir/r/repro.jcfz" --report-dir "$dir/clean" ;;
replay)
  n=0
  for f in "$arg"/*.jcfz; do
    [ -e "$f" ] || continue
    n=$((n + 1))
    set --
    for fault in $(sed -n 's/^fault \([a-z0-9-]*\).*/\1/p' "$f"); do set -- "$@" --fault "$fault"; done
    echo "== $f $*"
    run 1 --replay "$f" --no-shrink "$@" --report-dir "$dir/faulty"
    run 0 --replay "$f" --report-dir "$dir/clean"
  done
  [ "$n" -gt 0 ] || fail "no reproduction in $arg"
  echo "$n reproduction(s) replayed" ;;
usage)
  run 2 --runs 0
  run 2 --bogus 1
  run 2 --replay "$dir/does-not-exist.jcfz"
  run 2 --endpoint http://127.0.0.1:1 --fault terminal-reopens
  run 3 --endpoint http://127.0.0.1:1 --runs 1 --timeout 2 ;;
*) fail "unknown mode $mode" ;;
esac
echo PASS
