#!/bin/sh
# bench/run.sh - the solve-speed benchmark of issue 5: prints a table and the
# command that reproduces each row. A benchmark, not a test: it never fails on a
# time, only on a broken command.
#
# Usage: bench/run.sh CASELOAD [--quick | --strained [N ...] | --growth [N ...] | --forecast
#                               | --hard [FILE|seed:N ...]]
#   --quick: Keski-Suomi soft and hard and one county only, short CBC runs.
#   --strained: the strained-county rows only (CBC and HiGHS beside caseload).
#   --growth: N strained counties (default 4 and 21) planned whole and county by county.
#   --forecast: the forecast row only.
#   --hard: the hard counties of issue 24 only (default: bench/instances/h1-h3.json and
#     three generated seeds of that kind, seed:11 seed:12 seed:13), CBC and HiGHS beside.
# Needs python3 (reads the plan JSON), /usr/bin/time (Debian package `time`) and
# cbc (Debian package coinor-cbc; its rows are skipped when missing).
set -eu

caseload=${1:?usage: bench/run.sh CASELOAD [--quick | --strained [N ...] | --growth [N ...] | --forecast]}
quick=0 strained_only=""
[ "${2:-}" = "--quick" ] && quick=1
forecast_only=0
[ "${2:-}" = "--forecast" ] && forecast_only=1
growth_only=0
if [ "${2:-}" = "--growth" ]; then
    shift 2
    growth_only=${*:-4 21}
fi
hard_only=""
if [ "${2:-}" = "--hard" ]; then
    shift 2
    hard_only=${*:-bench/instances/h1.json bench/instances/h2.json bench/instances/h3.json seed:11 seed:12 seed:13}
fi
if [ "${2:-}" = "--strained" ]; then
    shift 2
    strained_only=${*:-1 4 21}
fi
work=$(mktemp -d /tmp/caseload-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
keski=instances/keski-suomi.json
cbc_long=120
[ $quick = 1 ] && cbc_long=40

printf '{"format": "caseload-scenario/1", "name": "Siblings hard", "rules": {"family": "hard"}}\n' \
    >"$work/siblings-hard.json"

# field NAME FILE: a top-level number or string of a plan JSON
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[2]))[sys.argv[1]])' "$1" "$2"; }

# run_plan LABEL INSTANCE LIMIT GAP [SCENARIO] [OPTION VALUE]: one caseload row
rows=""
run_plan() {
    label=$1 instance=$2 limit=$3 gap=$4 scenario=${5:-} extra="${6:-} ${7:-}"
    case "$scenario" in --*) extra="$scenario $extra"; scenario="" ;; esac
    set -- plan "$instance"
    [ -n "$scenario" ] && set -- "$@" -s "$scenario"
    set -- "$@" -o "$work/plan.json" --time-limit "$limit" --gap "$gap" $extra
    trace=$work/trace.$(printf '%s' "$label" | cut -d' ' -f1-2 | tr ' ' '-' | tr -cd 'A-Za-z0-9-')
    case "$label" in *again*) trace=$trace-again ;; esac
    /usr/bin/time -f '%e %M %U' -o "$work/time" "$caseload" "$@" --trace "$trace" >/dev/null \
        2>"$work/stderr" || true
    if [ ! -s "$work/plan.json" ]; then
        printf '%-34s  failed: %s\n' "$label" "$(tail -1 "$work/stderr")"
        return
    fi
    wall=$(cut -d' ' -f1 "$work/time")
    rss=$(cut -d' ' -f2 "$work/time")
    status=$(field status "$work/plan.json")
    plan_gap=$(field gap "$work/plan.json")
    objective=$(field objective "$work/plan.json")
    first=$(awk -F'\t' '$3 == "first-plan" { print $1; exit }' "$trace")
    printf '%-34s %8.2f s  %-9s gap %9.6f %%  objective %-14.8g peak %5d MiB  first plan %5.2f s\n' \
        "$label" "$wall" "$status" "$(python3 -c "print(100*$plan_gap)")" "$objective" \
        $((rss / 1024)) "${first:-0}"
    rows="$rows
  $label: ${prefix:-}$caseload $(echo "$*" | sed "s|$work/||g") --trace trace.tsv"
    last_wall=$wall
    mv "$work/plan.json" "$work/last-plan.json"
}

# run_cbc MPS SECONDS GAP: wall seconds and CBC's final gap (relative, %)
run_cbc() {
    start=$(date +%s.%N)
    cbc "$1" sec "$2" ratioGap "$3" solve >"$work/cbc.log" 2>&1 || true
    end=$(date +%s.%N)
    python3 - "$work/cbc.log" "$start" "$end" <<'EOF'
import re, sys
log = open(sys.argv[1]).read()
wall = float(sys.argv[3]) - float(sys.argv[2])
objective = re.search(r"Objective value:\s+([-0-9.e+]+)", log)
bound = re.search(r"Lower bound:\s+([-0-9.e+]+)", log)
cpu = re.search(r"Total time \(CPU seconds\):\s+([0-9.]+)", log)
cpu = cpu.group(1) if cpu else "nan"
optimal = "Optimal solution found" in log
if objective and (bound or optimal):
    o = float(objective.group(1)); b = o if optimal else float(bound.group(1))
    print("%.2f %.6f %s %s" % (wall, 100 * (o - b) / max(1, abs(o)), "optimal" if optimal else "stopped", cpu))
else:
    print("%.2f inf no-plan %s" % (wall, cpu))
EOF
}

# --- Counties under strain (issue 14) ---------------------------------------------
# Generated counties like the one in issue 14 (team loads 85-123 %, hires in teams
# sharing the big town, a distance table, locked children, soft siblings, leaving
# workers), planned by caseload and, on the same exported MPS, by CBC and by HiGHS
# (npm package `highs`, WebAssembly, one thread) installed by `make bench` into
# HIGHS_PREFIX (default build/bench-highs). Each solver gets the same gap and limit.
strain="--teams 9 --workers-per-team 9 --load 1.04 --load-spread 0.19 --central-load 0.9 --hiring-teams 2 --distances 1 --locked 0.025"
highs_prefix=${HIGHS_PREFIX:-build/bench-highs}
highs_mps_limit=40 # MiB of MPS beyond which HiGHS-wasm is not tried (2 GiB limit)
peer_factor=${PEER_FACTOR:-12} peer_max=${PEER_MAX:-900}

# run_highs MPS SECONDS GAP: like run_cbc
run_highs() { node bench/highs.js "$highs_prefix" "$1" "$2" "$3" 2>>"$work/highs.log"; }

# ratio OTHER_SECONDS OTHER_STATUS CASELOAD_SECONDS CASELOAD_STATUS (wall or CPU)
ratio() {
    python3 - "$@" <<'EOF2'
import sys
ow, os_, cw, cs = float(sys.argv[1]), sys.argv[2], float(sys.argv[3]), sys.argv[4]
if cw <= 0:
    cw = 0.01
if os_ == "out-of-memory":
    print("n/a (out of memory, WebAssembly's 2 GiB)")
elif cs != "optimal":
    print("n/a (caseload did not reach the gap)")
elif os_ == "optimal":
    print("%.1f x" % (ow / cw))
else:
    print("> %.1f x (did not reach the gap)" % (ow / cw))
EOF2
}

strained_row() {
    n=$1 gap=$2 limit=$3
    "$caseload" generate $strain --counties "$n" --seed 3 -o "$work/s$n.json"
    prefix="$caseload generate $strain --counties $n --seed 3 -o s$n.json; "
    run_plan "strained $n, gap $gap" "$work/s$n.json" "$limit" "$gap"
    prefix=""
    cw=$last_wall
    cc=$(cut -d' ' -f3 "$work/time")
    printf '%-34s %8.2f s CPU (both threads; the machine is shared: load %s)\n' "  caseload" "$cc" "$(cut -d' ' -f1 /proc/loadavg)"
    cs=$(python3 -c "import json,sys; p=json.load(open(sys.argv[1])); print('optimal' if p['gap'] <= $gap + 1e-12 else 'stopped')" "$work/last-plan.json")
    "$caseload" export "$work/s$n.json" --mps "$work/s$n.mps"
    mib=$(( $(wc -c <"$work/s$n.mps") / 1048576 ))
    # The peers get the row's limit, or PEER_FACTOR times caseload's larger of wall and
    # CPU seconds when that is longer (at most PEER_MAX s), so that a peer which stops
    # unfinished at its limit shows a ratio of at least the bar (10 x), not a bound
    # below it.
    peer=$(python3 -c "import math; print(max($limit, min($peer_max, math.ceil($peer_factor * max($cw, $cc)))))")
    [ "$peer" != "$limit" ] && printf '%-34s  %s s each (%s x caseload'"'"'s time, at most %s s)\n' "  peers' limit" "$peer" "$peer_factor" "$peer_max"
    if command -v cbc >/dev/null 2>&1; then
        set -- $(run_cbc "$work/s$n.mps" "$peer" "$gap")
        printf '%-34s %8.2f s  %-9s gap %9.6f %%  CBC / caseload: wall %s, CPU %s (%s s)\n' "  CBC, same MPS ($mib MiB)" "$1" "$3" "$2" "$(ratio "$1" "$3" "$cw" "$cs")" "$(ratio "$4" "$3" "$cc" "$cs")" "$4"
    else
        echo "  CBC: not installed (Debian package coinor-cbc), skipped"
    fi
    if [ ! -f "$highs_prefix/node_modules/highs/package.json" ] || ! command -v node >/dev/null 2>&1; then
        echo "  HiGHS: not installed in $highs_prefix (make bench installs the npm package highs), skipped"
    elif [ "$mib" -gt "$highs_mps_limit" ]; then
        echo "  HiGHS: skipped, the model ($mib MiB of MPS) is beyond WebAssembly's 2 GiB (one county already reaches it)"
    else
        set -- $(run_highs "$work/s$n.mps" "$peer" "$gap")
        printf '%-34s %8.2f s  %-9s gap %9s %%  HiGHS / caseload: wall %s, CPU %s (%s s)\n' "  HiGHS 1 thread, same MPS" "$1" "$3" "$2" "$(ratio "$1" "$3" "$cw" "$cs")" "$(ratio "$4" "$3" "$cc" "$cs")" "$4"
    fi
    rows="$rows
  strained $n: $caseload generate $strain --counties $n --seed 3 -o S.json; $caseload export S.json --mps S.mps; cbc S.mps sec $peer ratioGap $gap solve; node bench/highs.js $highs_prefix S.mps $peer $gap"
    rm -f "$work/s$n.json" "$work/s$n.mps"
}

# strained_rows COUNTS: 1 and 4 counties to gap 1e-4, 21 counties to 0.1 % (the bars)
strained_rows() {
    echo "counties under strain (issue 14): $strain, seed 3"
    for n in "$@"; do
        case $n in
        21) strained_row 21 0.001 120 ;;
        *) strained_row "$n" 0.0001 120 ;;
        esac
    done
}

# growth_rows COUNTS: is the time linear in counties? The counties of one instance
# differ from one another (on seed 3's 21 counties one county alone takes 1.5 to
# 7.5 s of CPU), so a single county's time is a poor unit. Each instance of N
# counties (seed 3) is planned whole, then split into its counties
# (bench/split_counties.py) and each county planned alone: linear growth is the
# whole taking about the sum of its counties. All at gap 0.1 % with a long limit,
# so that only the gap ends a solve.
# growth_plan INSTANCE: plan it to gap 0.1 %; prints "WALL CPU GAP"
growth_plan() {
    /usr/bin/time -f '%e %U' -o "$work/time" "$caseload" plan "$1" --gap 0.001 \
        --time-limit 600 -q -o "$work/g-plan.json" >/dev/null 2>&1 || true
    echo "$(tail -1 "$work/time") $(field gap "$work/g-plan.json")"
}

growth_rows() {
    echo "growth with counties (issue 14): $strain, gap 0.1 %, limit 600 s"
    for n in "$@"; do
        "$caseload" generate $strain --counties "$n" --seed 3 -o "$work/g.json" 2>/dev/null
        whole=$(growth_plan "$work/g.json")
        rm -rf "$work/split" && mkdir "$work/split"
        python3 bench/split_counties.py "$work/g.json" "$work/split" >/dev/null
        : >"$work/alone"
        for county in "$work"/split/K*.json; do
            growth_plan "$county" >>"$work/alone"
        done
        python3 - "$n" $whole "$work/alone" <<'EOF2'
import sys
n, wall, cpu, gap = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
alone = [tuple(map(float, line.split())) for line in open(sys.argv[5])]
sum_wall, sum_cpu = sum(a[0] for a in alone), sum(a[1] for a in alone)
print("  %2d counties, seed 3, whole  %8.2f s wall %8.2f s CPU  gap %.4f %%" % (n, wall, cpu, 100 * gap))
print("  the same %2d counties alone   %8.2f s wall %8.2f s CPU  (sum; one county %.2f to %.2f s CPU, worst gap %.4f %%)"
      % (len(alone), sum_wall, sum_cpu, min(a[1] for a in alone), max(a[1] for a in alone), 100 * max(a[2] for a in alone)))
print("  %-28s %8.2f x wall %6.2f x CPU  (linear: 1)" % ("whole / sum alone", wall / sum_wall, cpu / sum_cpu))
EOF2
    done
    rows="$rows
  growth: $caseload generate $strain --counties N --seed 3 -o G.json; $caseload plan G.json --gap 0.001 --time-limit 600; python3 bench/split_counties.py G.json DIR; $caseload plan DIR/K01.json --gap 0.001 --time-limit 600 (each county)"
    rm -rf "$work/g.json" "$work/g-plan.json" "$work/split"
}

# forecast_row: the forecast of issue 15, Keski-Suomi 12 months x 200 samples on 2
# threads: wall, user CPU (user close to wall means the threads ran one after the
# other) and peak resident memory
forecast_row() {
    forecast=instances/forecasts/keski-suomi-outlook.json
    label="Forecast KS (bar: <=30 s, <=1 GiB)"
    /usr/bin/time -f '%e %U %M' -o "$work/time" "$caseload" forecast "$keski" -f "$forecast" --threads 2 -q \
        -o "$work/forecast.json" >/dev/null 2>"$work/stderr" || true
    if [ -s "$work/forecast.json" ]; then
        set -- $(tail -1 "$work/time")
        printf '%-34s %8.2f s  user %6.2f s  peak %5d MiB  (12 months x 200 samples, 2 threads)\n' \
            "$label" "$1" "$2" $(($3 / 1024))
    else
        printf '%-34s  failed: %s\n' "$label" "$(tail -1 "$work/stderr")"
    fi
    rows="$rows
  forecast: /usr/bin/time -v $caseload forecast $keski -f $forecast --threads 2 -o forecast.json"
    # size -f (issue 26): the hires against the forecast, several forecasts of 100 samples
    sizing=instances/forecasts/keski-suomi-sizing.json
    label="Size -f KS (bar: <=60 s)"
    /usr/bin/time -f '%e %U %M' -o "$work/time" "$caseload" size "$keski" -f "$sizing" --threads 2 -q --json \
        >"$work/sizing.json" 2>"$work/stderr" || true
    if [ -s "$work/sizing.json" ]; then
        set -- $(tail -1 "$work/time")
        printf '%-34s %8.2f s  user %6.2f s  peak %5d MiB  (12 months x 100 samples, %s forecasts, 2 threads)\n' \
            "$label" "$1" "$2" $(($3 / 1024)) "$(field runs "$work/sizing.json")"
    else
        printf '%-34s  failed: %s\n' "$label" "$(tail -1 "$work/stderr")"
    fi
    rows="$rows
  size -f: /usr/bin/time -v $caseload size $keski -f $sizing --threads 2"
}

# web_rows: the same plans natively on one thread and in a Chromium tab (issue 22),
# when make web and the browser tests' modules are there (make bench-web builds
# them and runs these rows alone).
web_rows() {
    build_dir=$(dirname "$caseload")
    if [ -f "$build_dir/web/index.html" ] && [ -f "$build_dir/web-test/node_modules/puppeteer-core/package.json" ] &&
       [ -x /usr/bin/chromium ]; then
        BUILD=$build_dir node web/tests/bench_web.mjs | sed 's/^/  /'
        rows="$rows
  browser: make bench-web (node web/tests/bench_web.mjs)"
    else
        echo "browser rows skipped: make bench-web builds the page and its test modules first"
    fi
}

# --- The hard counties (issue 24) ---------------------------------------------------
# bench/instances/h1-h3.json (made by others, from the contract alone) and counties of
# that kind from `generate` (teams of the shared area and others with max_hires >= 1,
# load about 100-110 %, leaving workers, locks, soft siblings, part-timers), none
# tuned on. Each: caseload to gap 1e-4 (limit HARD_LIMIT, default 60 s; the bar is
# 30 s), then CBC and HiGHS on the same MPS for PEER_SECONDS (default 300). Printed:
# caseload's time to gap 1e-4 and to within 0.1 % of its final plan (from its
# trace), its final gap; each peer's final gap and the time caseload took to reach
# that gap (the bar: >= 10 x sooner than CBC to CBC's own 300 s gap).
hard_kind="--teams 10 --workers-per-team 7 --load 1.05 --load-spread 0.1 --hiring-teams 2 --hires-per-team 2 --hiring-outside 2 --part-time 0.15 --leaving 0.04 --locked 0.025 --distances 1"
hard_limit=${HARD_LIMIT:-60} peer_seconds=${PEER_SECONDS:-300}

# trace_times TRACE GAP: "T_GAP T_NEAR" - the first time the whole gap is <= GAP
# (nan: never) and the first time the plan is within 0.1 % of the final plan
trace_times() {
    python3 - "$1" "$2" <<'EOF2'
import sys
lines = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
target = float(sys.argv[2])
final = float(lines[-1][3])
t_gap = next((float(l[0]) for l in lines if float(l[5]) <= target + 1e-12), float("nan"))
t_near = next((float(l[0]) for l in lines if float(l[3]) <= final + 0.001 * max(1.0, abs(final)) + 1e-9), float("nan"))
print("%.2f %.2f" % (t_gap, t_near))
EOF2
}

hard_row() {
    spec=$1
    case $spec in
    seed:*)
        seed=${spec#seed:} name="generated seed $seed"
        "$caseload" generate $hard_kind --seed "$seed" -o "$work/hard.json" 2>/dev/null
        how="$caseload generate $hard_kind --seed $seed -o H.json; "
        ;;
    *)
        name=$(basename "$spec" .json)
        cp "$spec" "$work/hard.json"
        how="cp $spec H.json; "
        ;;
    esac
    trace=$work/trace.hard
    /usr/bin/time -f '%e %M %U' -o "$work/time" "$caseload" plan "$work/hard.json" -o "$work/plan.json" \
        --time-limit "$hard_limit" --gap 0.0001 --trace "$trace" >/dev/null 2>"$work/stderr" || true
    load=$(cut -d' ' -f1 /proc/loadavg)
    if [ ! -s "$work/plan.json" ]; then
        printf '%-20s  caseload failed: %s\n' "$name" "$(tail -1 "$work/stderr")"
        return
    fi
    set -- $(cat "$work/time")
    wall=$1 rss=$2 cpu=$3
    status=$(field status "$work/plan.json")
    gap=$(field gap "$work/plan.json")
    set -- $(trace_times "$trace" 0.0001)
    printf '%-20s caseload %7.2f s wall %7.2f s CPU  %-8s gap %.4f %%  to 1e-4: %s s  within 0.1 %% of its final plan: %s s  peak %d MiB  (load %s)\n' \
        "$name" "$wall" "$cpu" "$status" "$(python3 -c "print(100*$gap)")" "$1" "$2" $((rss / 1024)) "$load"
    "$caseload" export "$work/hard.json" --mps "$work/hard.mps" 2>/dev/null
    mib=$(( $(wc -c <"$work/hard.mps") / 1048576 ))
    if command -v cbc >/dev/null 2>&1; then
        set -- $(run_cbc "$work/hard.mps" "$peer_seconds" 0.0001)
        peer_wall=$1 peer_gap=$2 peer_status=$3
        reach=nan
        [ "$peer_gap" != inf ] && reach=$(trace_times "$trace" "$(python3 -c "print($peer_gap / 100)")" | cut -d' ' -f1)
        printf '%-20s CBC      %7.2f s wall %7s s CPU  %-8s gap %s %%  caseload reached that gap at %s s: %s  (load %s)\n' \
            "" "$peer_wall" "$4" "$peer_status" "$peer_gap" "$reach" \
            "$(python3 -c "import math; r=float('$reach'); print('n/a (caseload did not reach it)' if math.isnan(r) else '%.1f x sooner' % ($peer_wall / max(r, 0.01)))")" \
            "$(cut -d' ' -f1 /proc/loadavg)"
    else
        printf '%-20s CBC: not installed (Debian package coinor-cbc), skipped\n' ""
    fi
    if [ ! -f "$highs_prefix/node_modules/highs/package.json" ] || ! command -v node >/dev/null 2>&1; then
        printf '%-20s HiGHS: not installed in %s, skipped\n' "" "$highs_prefix"
    elif [ "$mib" -gt "$highs_mps_limit" ]; then
        printf '%-20s HiGHS: skipped, %s MiB of MPS\n' "" "$mib"
    else
        set -- $(run_highs "$work/hard.mps" "$peer_seconds" 0.0001)
        peer_wall=$1 peer_gap=$2 peer_status=$3
        if [ "$peer_gap" = inf ]; then
            printf '%-20s HiGHS    %7.2f s wall %7s s CPU  %s  (load %s)\n' "" "$peer_wall" "$4" "$peer_status" "$(cut -d' ' -f1 /proc/loadavg)"
        else
            reach=$(trace_times "$trace" "$(python3 -c "print($peer_gap / 100)")" | cut -d' ' -f1)
            printf '%-20s HiGHS    %7.2f s wall %7s s CPU  %-8s gap %.4f %%  caseload reached that gap at %s s  (load %s)\n' \
                "" "$peer_wall" "$4" "$peer_status" "$peer_gap" "$reach" "$(cut -d' ' -f1 /proc/loadavg)"
        fi
    fi
    rows="$rows
  $name: ${how}$caseload plan H.json --gap 0.0001 --time-limit $hard_limit --trace T.tsv; $caseload export H.json --mps H.mps; cbc H.mps sec $peer_seconds ratioGap 0.0001 solve; node bench/highs.js $highs_prefix H.mps $peer_seconds 0.0001"
    rm -f "$work/hard.json" "$work/hard.mps" "$work/plan.json"
}

hard_rows() {
    echo "hard counties (issue 24): gap 1e-4, caseload limit $hard_limit s, CBC and HiGHS $peer_seconds s each on the same MPS; the machine is shared, the load average is printed with each row"
    for spec in "$@"; do
        hard_row "$spec"
    done
}

if [ -n "$hard_only" ]; then
    echo "caseload hard-county benchmark ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)), $(date -u +%Y-%m-%dT%H:%MZ)"
    hard_rows $hard_only
    echo
    echo "Reproduce:$rows"
    exit 0
fi

if [ $forecast_only = 1 ]; then
    echo "caseload forecast benchmark ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)), $(date -u +%Y-%m-%dT%H:%MZ)"
    forecast_row
    echo
    echo "Reproduce:$rows"
    exit 0
fi

if [ "$growth_only" != 0 ]; then
    echo "caseload growth benchmark ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)), $(date -u +%Y-%m-%dT%H:%MZ)"
    growth_rows $growth_only
    echo
    echo "Reproduce:$rows"
    exit 0
fi

if [ -n "$strained_only" ]; then
    echo "caseload strained-county benchmark ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)), $(date -u +%Y-%m-%dT%H:%MZ)"
    strained_rows $strained_only
    echo
    echo "Reproduce:$rows"
    exit 0
fi

echo "caseload solve benchmark ($(nproc) cores, $("$caseload" --version 2>/dev/null | head -1 || echo ?), load $(cut -d' ' -f1-3 /proc/loadavg)), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "row                                  wall      status    gap                objective       peak"
run_plan "Keski-Suomi soft (bar: opt <=10 s)" "$keski" 60 0.0001
soft_wall=$last_wall
run_plan "Keski-Suomi hard (bar: .1% <=30 s)" "$keski" 30 0.001 "$work/siblings-hard.json"

# digest FILE: a digest of a plan's assignments (what must not depend on threads)
digest() { python3 -c 'import hashlib,json,sys; print(hashlib.sha256(json.dumps(json.load(open(sys.argv[1]))["assignments"], sort_keys=True).encode()).hexdigest()[:16])' "$1"; }

counties="1 4 21"
[ $quick = 1 ] && counties="1"
walls=""
for n in $counties; do
    "$caseload" generate --counties "$n" --seed 1 -o "$work/c$n.json"
    prefix="$caseload generate --counties $n --seed 1 -o c$n.json; "
    run_plan "$n counties, gap 0.1% (bar: <=60 s)" "$work/c$n.json" 60 0.001
    walls="$walls $n:$last_wall"
    if [ "$n" = 4 ]; then
        # the same plan on one thread and on the default number
        many=$(digest "$work/last-plan.json")
        run_plan "4 counties again, --threads 1" "$work/c$n.json" 60 0.001 --threads 1
        one=$(digest "$work/last-plan.json")
        same=different; [ "$one" = "$many" ] && same=identical
        printf '%-34s  plans on 1 thread and on the default (%s cores): %s (%s, %s)\n' \
            "determinism" "$(nproc)" "$same" "$one" "$many"
    fi
    prefix=""
    rm -f "$work/c$n.json"
done
if [ $quick = 0 ]; then
    python3 - $walls <<'EOF'
import sys
walls = dict((int(k), float(v)) for k, v in (a.split(":") for a in sys.argv[1:]))
one = walls[1]
for n, w in sorted(walls.items()):
    print("%-34s  %d counties: %6.2f s, %5.2f s per county, %5.1f x one county (linear: %d x)"
          % ("growth with counties" if n == 1 else "", n, w, w / n, w / one, n))
EOF
fi

if command -v cbc >/dev/null 2>&1; then
    "$caseload" export "$keski" --mps "$work/keski.mps"
    cbc_at=$(python3 -c "import math; print(max(1, math.ceil($soft_wall)))")
    set -- $(run_cbc "$work/keski.mps" "$cbc_at" 0.0001)
    printf '%-34s %8.2f s  %-9s gap %9.6f %%  (CBC at caseload'"'"'s %s s)\n' "CBC Keski-Suomi soft, same MPS" "$1" "$3" "$2" "$soft_wall"
    set -- $(run_cbc "$work/keski.mps" "$cbc_long" 0.0001)
    printf '%-34s %8.2f s  %-9s gap %9.6f %%\n' "CBC to gap 1e-4 (limit $cbc_long s)" "$1" "$3" "$2"
    if [ "$3" = optimal ]; then
        python3 -c "print('%-34s %8.1f x  (CBC time to gap 1e-4 / caseload time; bar >= 5)' % ('ratio', $1 / $soft_wall))"
    else
        python3 -c "print('%-34s  > %.1f x  (CBC did not reach gap 1e-4 in %d s; bar >= 5)' % ('ratio', $1 / $soft_wall, $cbc_long))"
    fi
    rows="$rows
  CBC: $caseload export $keski --mps K.mps; cbc K.mps sec $cbc_at ratioGap 0.0001 solve; cbc K.mps sec $cbc_long ratioGap 0.0001 solve"
else
    echo "cbc not installed (Debian package coinor-cbc): CBC rows skipped"
fi

forecast_row
[ $quick = 0 ] && web_rows
[ $quick = 0 ] && strained_rows 1 4 21
[ $quick = 0 ] && hard_rows bench/instances/h1.json bench/instances/h2.json bench/instances/h3.json seed:11 seed:12 seed:13

echo
echo "Time to the first plan and to each gap (from plan --trace FILE: the objective and bound"
echo "of the whole plan, i.e. what Ctrl-C at that moment would write):"
for trace in "$work"/trace.Keski-Suomi-soft "$work"/trace.Keski-Suomi-hard "$work"/trace.1-counties \
             "$work"/trace.4-counties "$work"/trace.21-counties; do
    [ -s "$trace" ] || continue
    python3 - "$trace" <<'EOF'
import sys
name = sys.argv[1].split("trace.", 1)[1]
lines = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
marks = [0.1, 0.01, 0.001, 0.0001]
out = []
for seconds, part, event, objective, bound, gap in lines:
    gap = float(gap)
    if event == "first-plan":
        out.append("first plan %.2f s" % float(seconds))
    while marks and gap <= marks[0]:
        out.append("gap <= %g %% at %.2f s" % (100 * marks.pop(0), float(seconds)))
    if event == "done":
        out.append("done %.2f s, gap %.4f %%" % (float(seconds), 100 * gap))
print("  %-16s %s" % (name, "; ".join(out)))
EOF
done
echo
echo "Reproduce (the scenario file sets rules.family to \"hard\"):$rows"
