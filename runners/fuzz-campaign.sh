#!/usr/bin/env bash
# Fuzzing campaign over one harness or all of them.
#
#   runners/fuzz-campaign.sh --harness NAME|all --engine libfuzzer|afl \
#                            --duration SECONDS --cores N [--coverage]
#
# For each harness: builds the engine's preset, fuzzes for SECONDS on N
# cores (libFuzzer: -fork=N, -max_total_time, -dict, -timeout; AFL++: one -M
# main and N-1 -S secondaries, one of them CMPLOG), merges and minimises the
# new corpus back into corpora/NAME/seed (libFuzzer -merge=1 / afl-cmin),
# deduplicates crashes by stack (ASan replay binary, hash of the top frames),
# minimises each (-minimize_crash / afl-tmin), copies them to
# corpora/NAME/regressions/ and writes out/fuzz/NAME/report.md. Prints exec/s
# per harness.
#
# --coverage: builds the coverage preset, replays the corpora with
# LLVM_PROFILE_FILE, merges with llvm-profdata and prints llvm-cov line and
# branch totals for the decoder and state-machine sources of reference/src
# (HTML under out/fuzz/coverage/html). With --coverage alone (no --engine)
# only the coverage step runs.
#
# Differential campaign (`jobsconf fuzz`, docs/fuzzing.md):
#
#   runners/fuzz-campaign.sh --differential [--duration SECONDS] [--seed N]
#                            [--faults all|NAME,NAME] [--endpoint URL ...]
#
# Without --endpoint: for every fault of `jobsref --help` (or the list
# given), fuzzes the bundled jobsref with that fault for SECONDS (default
# 60) from seed N (default 1) and writes out/fuzz/differential/table.md:
# fault, time to the first divergence, sequences, steps before and after
# shrinking, the requirement. A reproduction of a fault that has none yet in
# corpora/differential/repro/ is copied there as FAULT-sSEED.jcfz. With
# --endpoint URL (and any other `jobsconf fuzz` options after it): one
# campaign of SECONDS against that endpoint; a reproduction goes to
# corpora/differential/repro/found-sSEED.jcfz. Machines sharing a campaign
# take disjoint seed ranges (--seed 1, --seed 1000001, ...: sequence i of
# seed N is generated from N+i) and merge corpora/differential/repro by
# copying the files: their names carry the seed, so they do not collide.
set -euo pipefail
. "$(cd "$(dirname "$0")/.." && pwd)/fuzz/fuzz-lib.sh"

if [ "${1:-}" = "--differential" ]; then
  shift
  cd "$(dirname "$0")/.."
  d_duration=60 d_seed=1 d_faults=all d_extra=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --duration) d_duration="$2"; shift 2 ;;
      --seed) d_seed="$2"; shift 2 ;;
      --faults) d_faults="$2"; shift 2 ;;
      --endpoint) d_extra=("$@"); break ;;
      *) echo "fuzz-campaign: --differential: unknown option $1" >&2; exit 2 ;;
    esac
  done
  [[ "$d_duration" =~ ^[0-9]+$ ]] || { echo "fuzz-campaign: --duration must be seconds" >&2; exit 2; }
  [[ "$d_seed" =~ ^[0-9]+$ ]] || { echo "fuzz-campaign: --seed must be a number" >&2; exit 2; }
  cmake --preset default >/dev/null && cmake --build --preset default -j2 --target jobsconf jobsref >/dev/null
  J=${JOBSCONF:-build/default/runners/jobsconf} # JOBSCONF: another build of it
  # keep a reproduction: the .jcfz, and its step bytes as a libFuzzer seed
  # of fuzz_differential (corpora/differential/seed/NAME)
  keep_repro() { # FILE NAME
    cp "$1" "corpora/differential/repro/$2.jcfz"
    printf '%b' "$(sed -n 's/^step \([0-9a-f ]*\).*/\1/p' "$1" | tr -d ' \n' | sed 's/\(..\)/\\x\1/g')" \
      >"corpora/differential/seed/$2"
  }
  out=out/fuzz/differential
  mkdir -p "$out" corpora/differential/repro corpora/differential/seed
  if [ ${#d_extra[@]} -gt 0 ]; then
    rc=0
    "$J" fuzz --duration "$d_duration" --seed "$d_seed" --report-dir "$out/endpoint" "${d_extra[@]}" || rc=$?
    if [ $rc = 1 ]; then keep_repro "$out/endpoint/repro.jcfz" "found-s$d_seed"; fi
    exit $rc
  fi
  if [ "$d_faults" = all ]; then
    mapfile -t faults < <(build/default/reference/server/jobsref --help | sed -n '/^Faults/,$p' | awk 'NR > 1 && NF {print $1}')
  else
    IFS=, read -r -a faults <<<"$d_faults"
  fi
  table="$out/table.md"
  {
    echo "Differential campaign of $(date -u +%Y-%m-%d): \`jobsconf fuzz --duration $d_duration --seed $d_seed --fault F\` against the bundled jobsref; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "| Fault | Found | Time to first divergence (s) | Sequences | Steps before / after shrinking | Requirement |"
    echo "|---|---|---|---|---|---|"
  } >"$table"
  found=0
  for f in "${faults[@]}"; do
    rc=0
    "$J" fuzz --duration "$d_duration" --seed "$d_seed" --quiet --fault "$f" --report-dir "$out/$f" >"$out/$f.log" 2>&1 || rc=$?
    if [ $rc = 1 ]; then
      found=$((found + 1))
      t=$(sed -n 's/.*, \([0-9.]*\) s to the first divergence.*/\1/p' "$out/$f.log")
      n=$(sed -n 's/^jobsconf fuzz: \([0-9]*\) sequence(s), .* to the first divergence.*/\1/p' "$out/$f.log")
      st=$(sed -n 's/.*shrunk from \([0-9]*\) to \([0-9]*\) steps.*/\1 \/ \2/p' "$out/$f.log")
      req=$(sed -n 's/.*; requirement \(.*\)$/\1/p' "$out/$f.log")
      echo "| $f | yes | $t | $n | $st | $req |" >>"$table"
      ls corpora/differential/repro/"$f"*.jcfz >/dev/null 2>&1 || keep_repro "$out/$f/repro.jcfz" "$f-s$d_seed"
    elif [ $rc = 0 ]; then
      echo "| $f | no | > $d_duration | $(sed -n 's/.*no divergence in \([0-9]*\) sequence.*/\1/p' "$out/$f.log") | | |" >>"$table"
    else
      echo "| $f | error (exit $rc) | | | | |" >>"$table"
    fi
    tail -1 "$table"
  done
  { echo; echo "Found $found of ${#faults[@]} faults within $d_duration s each."; } >>"$table"
  tail -1 "$table"
  echo "table: $table"
  exit 0
fi

harness="" engine="" duration=600 cores=1 coverage=0
usage() { sed -n '2,37p' "$0"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --harness) harness="$2"; shift 2 ;;
    --engine) engine="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --cores) cores="$2"; shift 2 ;;
    --coverage) coverage=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "fuzz-campaign: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[ -n "$harness" ] || harness=all
case "$engine" in libfuzzer|afl) ;; "") [ $coverage = 1 ] || { usage >&2; exit 2; } ;;
  *) echo "fuzz-campaign: --engine must be libfuzzer or afl" >&2; exit 2 ;; esac
[[ "$duration" =~ ^[0-9]+$ ]] || { echo "fuzz-campaign: --duration must be seconds" >&2; exit 2; }
[[ "$cores" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz-campaign: --cores must be >= 1" >&2; exit 2; }

cd "$FUZZ_ROOT"
export FUZZ_JOBS=2

# Which harnesses.
cmake --preset libfuzzer >/dev/null
mapfile -t available < <(fuzz_available build/libfuzzer)
if [ "$harness" = all ]; then
  harnesses=("${available[@]}")
else
  if ! printf '%s\n' "${available[@]}" | grep -qx "$harness"; then
    echo "fuzz-campaign: harness '$harness' not available (have: ${available[*]})" >&2
    exit 2
  fi
  harnesses=("$harness")
fi

# The ASan+UBSan replay binaries (crash triage) come from the libfuzzer preset.
triage_targets=()
for h in "${harnesses[@]}"; do triage_targets+=("replay_$h" "fuzz_$h"); done
fuzz_log "building libfuzzer preset: ${triage_targets[*]}"
fuzz_build libfuzzer "${triage_targets[@]}"

declare -A EXECS

# ---------------------------------------------------------------- crash triage
# triage NAME ENGINE_BIN MINIMIZER FILES...: dedupe by stack, minimise, keep.
triage() {
  local h="$1" kind="$2"; shift 2
  local work="out/fuzz/$h" replay="build/libfuzzer/fuzz/replay_$h"
  local report="$work/report.md"
  mkdir -p "$work/triage"
  {
    echo "# Fuzz campaign report: $h"
    echo
    echo "- engine: $engine, duration: ${duration}s, cores: $cores, date: $(date -u +%FT%TZ)"
    echo "- exec/s: ${EXECS[$h]:-?}"
    echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo
  } >"$report"
  declare -A seen=()
  local n=0 f
  for f in "$@"; do
    [ -f "$f" ] || continue
    local base prefix
    base=$(basename "$f")
    case "$base" in
      leak-*) prefix=leak ;; timeout-*|hang*|id:*hang*) prefix=timeout ;; oom-*) prefix=oom ;; *) prefix=crash ;;
    esac
    [ "$kind" = afl-hang ] && prefix=timeout
    local stack="$work/triage/$base.stack" line hash frames
    line=$(fuzz_stack_hash "$replay" "$f" "$stack")
    hash=${line%% *}
    frames=${line#* }
    if [ -n "${seen[$hash]:-}" ]; then continue; fi
    seen[$hash]=1
    n=$((n + 1))
    local min="$work/triage/$prefix-$hash"
    cp "$f" "$min"
    if [ "$prefix" = crash ] || [ "$prefix" = leak ]; then
      if [ "$engine" = afl ] && command -v afl-tmin >/dev/null; then
        AFL_SKIP_CPUFREQ=1 timeout 300 afl-tmin -i "$f" -o "$min.tmin" -t 5000 -- "build/afl/fuzz/fuzz_$h" >/dev/null 2>&1 \
          && mv "$min.tmin" "$min" || rm -f "$min.tmin"
      else
        timeout 300 "build/libfuzzer/fuzz/fuzz_$h" -minimize_crash=1 -max_total_time=60 -runs=100000 \
          -exact_artifact_path="$min.min" "$f" >/dev/null 2>&1 || true
        [ -s "$min.min" ] && mv "$min.min" "$min" || rm -f "$min.min"
      fi
    fi
    local dest="corpora/$h/regressions/$prefix-$hash"
    if [ ! -e "$dest" ]; then cp "$min" "$dest"; fi
    # Re-derive the stack from the minimised input for the report.
    fuzz_stack_hash "$replay" "$dest" "$stack.min" >/dev/null
    {
      echo "## $prefix-$hash"
      echo
      echo "- input: \`$dest\` (from \`$f\`, $(stat -c %s "$dest") bytes)"
      echo "- top frames: \`$frames\`"
      echo "- reproduce: \`cmake --preset libfuzzer && cmake --build build/libfuzzer --target replay_$h && build/libfuzzer/fuzz/replay_$h $dest\`"
      echo
      echo '```'
      grep -E 'ERROR|INVARIANT|SUMMARY|^ +#[0-9]+ ' "$stack.min" | head -30
      echo '```'
      echo
    } >>"$report"
  done
  if [ $n -eq 0 ]; then echo "No crashes, leaks or timeouts." >>"$report"; fi
  fuzz_log "$h: $n distinct finding(s); report: $report"
  return 0
}

# ---------------------------------------------------------------- libFuzzer
run_libfuzzer() {
  local h="$1" work="out/fuzz/$1"
  rm -rf "$work"; mkdir -p "$work/corpus" "$work/artifacts"
  local dict=()
  [ -f "corpora/$h.dict" ] && dict=(-dict="corpora/$h.dict")
  local par=()
  # -fork keeps fuzzing past a crash (also on one core).
  par=(-fork="$cores" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  fuzz_log "$h: libFuzzer for ${duration}s on $cores core(s)"
  ASAN_OPTIONS=detect_leaks=1 "build/libfuzzer/fuzz/fuzz_$h" "${par[@]}" -max_total_time="$duration" -timeout=5 \
    -rss_limit_mb=2048 "${dict[@]}" -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
    "$work/corpus" "corpora/$h/seed" >"$work/fuzz.log" 2>&1 || true
  local eps
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/fuzz.log" | tail -1)
  if [ -z "$eps" ]; then
    # -fork prints no final stats: exec/s = total execs / time.
    local execs
    execs=$(grep -oE '^#[0-9]+' "$work/fuzz.log" | tail -1 | tr -d '#')
    [ -n "$execs" ] && [ "$duration" -gt 0 ] && eps=$((execs / duration))
  fi
  EXECS[$h]=${eps:-?}
  local before after
  before=$(ls "corpora/$h/seed" | wc -l)
  "build/libfuzzer/fuzz/fuzz_$h" -merge=1 -timeout=5 -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/" \
    "corpora/$h/seed" "$work/corpus" \
    >"$work/merge.log" 2>&1 || fuzz_log "$h: merge failed (see $work/merge.log)"
  after=$(ls "corpora/$h/seed" | wc -l)
  fuzz_log "$h: merged $((after - before)) new input(s) into corpora/$h/seed"
  triage "$h" libfuzzer "$work"/artifacts/*
}

# ---------------------------------------------------------------- AFL++
run_afl() {
  local h="$1" work="out/fuzz/$1"
  rm -rf "$work"; mkdir -p "$work"
  local bin="build/afl/fuzz/fuzz_$h" cmp="build/afl-cmplog/fuzz/fuzz_$h"
  local dict=()
  [ -f "corpora/$h.dict" ] && dict=(-x "corpora/$h.dict")
  # AFL++ wants seeds under 1 MB that do not crash: the committed seeds are.
  mkdir -p "$work/in"
  find "corpora/$h/seed" -type f -size -1000k -exec cp {} "$work/in/" \;
  export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
         AFL_TRY_AFFINITY=0 AFL_SUPPRESS_ENV_LIST=1
  fuzz_log "$h: AFL++ for ${duration}s: 1 main + $((cores - 1)) secondary (CMPLOG on one)"
  local pids=() i
  if [ "$cores" -eq 1 ]; then
    afl-fuzz -M main -c "$cmp" -i "$work/in" -o "$work/afl" "${dict[@]}" -t 5000 -m none -V "$duration" \
      -- "$bin" >"$work/main.log" 2>&1 &
    pids+=($!)
  else
    afl-fuzz -M main -i "$work/in" -o "$work/afl" "${dict[@]}" -t 5000 -m none -V "$duration" \
      -- "$bin" >"$work/main.log" 2>&1 &
    pids+=($!)
    for ((i = 1; i < cores; i++)); do
      local c=()
      [ $i -eq 1 ] && c=(-c "$cmp")
      afl-fuzz -S "s$i" "${c[@]}" -i "$work/in" -o "$work/afl" "${dict[@]}" -t 5000 -m none -V "$duration" \
        -- "$bin" >"$work/s$i.log" 2>&1 &
      pids+=($!)
    done
  fi
  local p
  for p in "${pids[@]}"; do wait "$p" || true; done
  local eps=0 f v
  for f in "$work"/afl/*/fuzzer_stats; do
    [ -f "$f" ] || continue
    v=$(sed -n 's/^execs_per_sec *: *\([0-9]*\).*/\1/p' "$f")
    eps=$((eps + ${v:-0}))
  done
  if [ ! -f "$work/afl/main/fuzzer_stats" ]; then
    fuzz_log "$h: afl-fuzz did not start; log:"; tail -20 "$work/main.log" >&2
  fi
  EXECS[$h]=$eps
  # Merge: afl-cmin over seeds + every queue; keep what is new.
  local queues=() q
  for q in "$work"/afl/*/queue; do [ -d "$q" ] && queues+=("$q"); done
  if [ ${#queues[@]} -gt 0 ]; then
    mkdir -p "$work/all"
    cp "corpora/$h/seed"/* "$work/all/" 2>/dev/null || true
    for q in "${queues[@]}"; do
      find "$q" -maxdepth 1 -type f -exec sh -c 'for f; do cp "$f" "$0/q-$(sha1sum "$f" | cut -c1-16)"; done' "$work/all" {} +
    done
    AFL_SKIP_CPUFREQ=1 afl-cmin -i "$work/all" -o "$work/min" -t 5000 -m none -- "$bin" >"$work/cmin.log" 2>&1 || true
    local added=0 sum
    declare -A have=()
    for f in "corpora/$h/seed"/*; do have[$(sha1sum "$f" | cut -c1-40)]=1; done
    for f in "$work"/min/*; do
      [ -f "$f" ] || continue
      sum=$(sha1sum "$f" | cut -c1-40)
      if [ -z "${have[$sum]:-}" ]; then cp "$f" "corpora/$h/seed/afl-${sum:0:16}"; added=$((added + 1)); fi
    done
    fuzz_log "$h: afl-cmin kept $added new input(s) for corpora/$h/seed"
  fi
  local crashes=() hangs=()
  for f in "$work"/afl/*/crashes/id:*; do [ -f "$f" ] && crashes+=("$f"); done
  triage "$h" afl "${crashes[@]}"
  for f in "$work"/afl/*/hangs/id:*; do [ -f "$f" ] && hangs+=("$f"); done
  if [ ${#hangs[@]} -gt 0 ]; then
    local keep="$work/report.md"; cp "$keep" "$keep.crashes"
    triage "$h" afl-hang "${hangs[@]}"
    cat "$keep.crashes" "$keep" >"$keep.all" && mv "$keep.all" "$keep" && rm -f "$keep.crashes"
  fi
}

if [ -n "$engine" ]; then
  if [ "$engine" = afl ]; then
    command -v afl-fuzz >/dev/null || { echo "fuzz-campaign: afl-fuzz missing (install afl++)" >&2; exit 1; }
    afl_targets=()
    for h in "${harnesses[@]}"; do afl_targets+=("fuzz_$h"); done
    fuzz_log "building afl preset and its CMPLOG variant"
    AFL_QUIET=1 fuzz_build afl "${afl_targets[@]}"
    # (Re)configure every time: the harness list follows the tree.
    cmake -S . -B build/afl-cmplog -DCMAKE_C_COMPILER=afl-clang-fast -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DJR_FUZZ_ENGINE=afl >/dev/null
    AFL_QUIET=1 AFL_LLVM_CMPLOG=1 cmake --build build/afl-cmplog -j2 --target "${afl_targets[@]}" >/dev/null
  fi
  for h in "${harnesses[@]}"; do
    if [ "$engine" = libfuzzer ]; then run_libfuzzer "$h"; else run_afl "$h"; fi
  done
  echo
  printf '%-18s %12s  %s\n' harness exec/s report
  for h in "${harnesses[@]}"; do printf '%-18s %12s  %s\n' "$h" "${EXECS[$h]:-?}" "out/fuzz/$h/report.md"; done
fi

# ---------------------------------------------------------------- coverage
if [ $coverage = 1 ]; then
  profdata=$(fuzz_llvm_tool llvm-profdata)
  llvmcov=$(fuzz_llvm_tool llvm-cov)
  cov_targets=()
  for h in "${harnesses[@]}"; do cov_targets+=("replay_$h"); done
  fuzz_log "building coverage preset: ${cov_targets[*]}"
  fuzz_build coverage "${cov_targets[@]}"
  cov="out/fuzz/coverage"
  rm -rf "$cov"; mkdir -p "$cov/raw"
  objects=()
  for h in "${harnesses[@]}"; do
    dirs=()
    for d in seed regressions; do [ -d "corpora/$h/$d" ] && dirs+=("corpora/$h/$d"); done
    LLVM_PROFILE_FILE="$FUZZ_ROOT/$cov/raw/$h-%p.profraw" "build/coverage/fuzz/replay_$h" "${dirs[@]}" >/dev/null 2>&1 \
      || fuzz_log "coverage: replay_$h exited non-zero"
    if [ ${#objects[@]} -eq 0 ]; then objects+=("build/coverage/fuzz/replay_$h"); else objects+=(-object "build/coverage/fuzz/replay_$h"); fi
  done
  "$profdata" merge -sparse "$cov"/raw/*.profraw -o "$cov/all.profdata"
  # The decoder and state-machine sources (whatever of them exists).
  mapfile -t srcs < <(ls reference/src/*.c | grep -E '/(route|decode[^/]*|request|encode_request|query|validate|timeparse|machine[^/]*|service|encode[^/]*)\.c$')
  "$llvmcov" report "${objects[@]}" -instr-profile="$cov/all.profdata" "${srcs[@]}" >"$cov/report.txt"
  "$llvmcov" show "${objects[@]}" -instr-profile="$cov/all.profdata" -format=html -output-dir="$cov/html" \
    -show-branches=count "${srcs[@]}" >/dev/null 2>&1 || true
  cat "$cov/report.txt"
  total=$(grep '^TOTAL' "$cov/report.txt")
  # TOTAL regions missed cover  functions missed cover  lines missed cover  branches missed cover
  read -r _ _ _ _ _ _ _ lines lmiss lcov branches bmiss bcov <<<"$total"
  echo
  echo "coverage of reference/src by the committed corpora: lines $lcov ($((lines - lmiss))/$lines), branches $bcov ($((branches - bmiss))/$branches)"
  echo "html: $cov/html/index.html"
fi
