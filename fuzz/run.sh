#!/usr/bin/env bash
# run.sh SECONDS [TARGET...] - build the libFuzzer targets into build-fuzz/ and run each for SECONDS.
#
# Targets: fuzz_parse (instance_parse and the cheap consumers: the bulk of the
# executions), fuzz_instance (parse, solve, plan and re-score small instances),
# fuzz_scenario (scenario loading and applying, then solving), fuzz_spreadsheet
# (the CSV folder loader and writer), fuzz_forecast (the caseload-forecast/1
# reader) and fuzz_plan (the plan reader of explain). The library
# is compiled with the same sanitizers (ASan, UBSan, no recovery). The corpus of
# each target lives in build-fuzz/corpus/TARGET and grows from run to run; it is
# seeded every run from instances/, small generated instances, tests/bad and
# fuzz/regressions. Before fuzzing, every input of fuzz/regressions is replayed.
# Targets run in parallel, FUZZ_JOBS at a time (default: the number of cores).
# Exit 0 when no target found anything; crashes, leaks and hangs are saved under
# build-fuzz/artifacts/TARGET/ and the run exits 1.
set -u
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=${FUZZ_OUT:-build-fuzz} # FUZZ_OUT: another build and corpus folder
targets=("$@")
if [ ${#targets[@]} = 0 ]; then
    targets=(fuzz_parse fuzz_instance)
    [ -f src/io/scenario.h ] && [ -f fuzz/fuzz_scenario.c ] && targets+=(fuzz_scenario)
    [ -f src/io/spreadsheet.h ] && [ -f fuzz/fuzz_spreadsheet.c ] && targets+=(fuzz_spreadsheet)
    [ -f fuzz/fuzz_forecast.c ] && targets+=(fuzz_forecast)
    [ -f fuzz/fuzz_plan.c ] && targets+=(fuzz_plan)
fi
jobs=${FUZZ_JOBS:-$(nproc)}
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"

# --- build ----------------------------------------------------------------------
make --no-print-directory -s BUILD="$out" CC=clang \
    CFLAGS="-O1 -g $sanitize -fsanitize=fuzzer-no-link" "$out/libcaseload.a" || exit 2
make --no-print-directory -s build/caseload || exit 2 # for the generated seeds
for target in "${targets[@]}"; do
    [ -f "fuzz/$target.c" ] || { echo "run.sh: no fuzz/$target.c" >&2; exit 2; }
    clang -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -O1 -g $sanitize \
        -fsanitize=fuzzer -Isrc -o "$out/$target" "fuzz/$target.c" "$out/libcaseload.a" \
        -lglpk -lcjson -lm || exit 2
done

# --- seeds -----------------------------------------------------------------------
seeds=$out/seeds
rm -rf "$seeds"
mkdir -p "$seeds/instance" "$seeds/scenario" "$seeds/spreadsheet" "$seeds/forecast" "$seeds/plan"
for file in instances/small/*.json tests/bad/*.json fuzz/regressions/*; do
    case "$file" in *.md) continue ;; esac
    [ -f "$file" ] && cp "$file" "$seeds/instance/$(basename "$file")"
done
for file in instances/*.json; do # the regional instances only when small enough
    [ -f "$file" ] && [ "$(stat -c %s "$file")" -le 65536 ] && cp "$file" "$seeds/instance/"
done
for seed in 1 2 3; do
    build/caseload generate --seed "$seed" --teams 2 --substitute-teams 1 --aftercare-teams 1 \
        --workers-per-team 2 --municipalities 5 --load 0.1 --leaving 0.2 --intake 0.2 \
        -o "$seeds/instance/generated-$seed.json" || exit 2
done
for file in instances/small/scenarios/*.json instances/scenarios/*.json tests/scenarios/*.json \
    tests/bad-scenarios/*.json; do
    [ -f "$file" ] && cp "$file" "$seeds/scenario/$(basename "$file")"
done

for file in instances/forecasts/*.json tests/forecasts/*.json; do
    [ -f "$file" ] && cp "$file" "$seeds/forecast/$(basename "$file")"
done
for base in 01-worker-leaves 16-leave-rebalance; do # plans of fuzz_plan's instances
    build/caseload plan "instances/small/$base.json" -o "$seeds/plan/$base.plan.json" >/dev/null || exit 2
done

# a CSV folder is one input: its files in fuzz_spreadsheet.c's order, NUL-separated
for directory in tests/csv/*/; do
    [ -d "$directory" ] || continue
    python3 - "$directory" "$seeds/spreadsheet/$(basename "$directory")" <<'PY'
import os, sys
names = ["settings.csv", "municipalities.csv", "teams.csv", "workers.csv", "children.csv", "distances.csv"]
parts = []
for name in names:
    path = os.path.join(sys.argv[1], name)
    parts.append(open(path, "rb").read() if os.path.exists(path) else b"")
open(sys.argv[2], "wb").write(b"\0".join(parts))
PY
done

# --- regressions -------------------------------------------------------------------
status=0
regressions=()
for file in fuzz/regressions/*; do
    case "$file" in *.md) ;; *) [ -f "$file" ] && regressions+=("$file") ;; esac
done
if [ ${#regressions[@]} -gt 0 ]; then
    for target in "${targets[@]}"; do
        if ! "$out/$target" -runs=1 "${regressions[@]}" >"$out/$target.regressions.log" 2>&1; then
            echo "run.sh: $target fails on a regression input, see $out/$target.regressions.log"
            status=1
        fi
    done
fi

# --- fuzz ------------------------------------------------------------------------
# max_len keeps an execution cheap; the solve target only solves small instances.
# The CSV reader runs under a tighter memory limit: no single allocation of 32 MB
# or more and 1 GB of resident memory for inputs of at most 16 kB, so a table that
# grows faster than its file is a finding, not a slow run.
run_target() {
    local target=$1 max_len=16384 timeout=10 seed_dir=$seeds/instance memory="-rss_limit_mb=2048"
    case "$target" in
        fuzz_instance) max_len=8192 timeout=20 ;;
        fuzz_scenario) seed_dir=$seeds/scenario ;;
        fuzz_forecast) seed_dir=$seeds/forecast ;;
        fuzz_plan) seed_dir=$seeds/plan max_len=65536 ;;
        fuzz_spreadsheet) seed_dir=$seeds/spreadsheet timeout=20 memory="-rss_limit_mb=1024 -malloc_limit_mb=32" ;;
    esac
    rm -rf "$out/artifacts/$target" # findings of an earlier run: see its log
    mkdir -p "$out/corpus/$target" "$out/artifacts/$target"
    "$out/$target" -max_total_time="$seconds" -timeout="$timeout" $memory \
        -max_len="$max_len" -dict=fuzz/instance.dict -print_final_stats=1 \
        -artifact_prefix="$out/artifacts/$target/" "$out/corpus/$target" "$seed_dir" \
        >"$out/$target.log" 2>&1
}
running=0
for target in "${targets[@]}"; do
    run_target "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait

total=0
for target in "${targets[@]}"; do
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$target.log" | tail -1)
    found=$(ls "$out/artifacts/$target" | wc -l)
    echo "run.sh: $target: ${runs:-?} executions, $found findings (log $out/$target.log)"
    total=$((total + ${runs:-0}))
    if [ "$found" != 0 ] || grep -q "^==[0-9]*==ERROR\|^SUMMARY: \|deadly signal" "$out/$target.log"; then
        ls "$out/artifacts/$target" | sed "s|^|  $out/artifacts/$target/|"
        status=1
    fi
done
echo "run.sh: $total executions in total"
exit $status
