#!/usr/bin/env bash
# size_test.sh CASELOAD - inputs that are valid but merely big: the time limit
# holds with loading and writing included, memory stays bounded under an
# address-space limit (prlimit --as, so that a blow-up fails instead of
# swapping), and a part whose model would not fit the memory limit still gets a
# valid plan, every child once, marked with an honest bound; --memory-limit is
# checked on every command that takes it.
source "$(dirname "$0")/lib.sh"

# run_limited AS_BYTES COMMAND...: run the program under an address-space limit;
# sets $code, $milliseconds (wall, loading and writing included) and $peak_kb.
run_limited() {
    local address_space=$1
    shift
    checks=$((checks + 1))
    local start=${EPOCHREALTIME/./}
    if [ -x /usr/bin/time ]; then
        timeout -s KILL 120 prlimit --as="$address_space" /usr/bin/time -o "$work/time" -f "%M" \
            "$caseload_binary" "$@" >"$work/out" 2>"$work/err"
        code=$?
        peak_kb=$(tail -1 "$work/time" 2>/dev/null)
        case "$peak_kb" in '' | *[!0-9]*) peak_kb=0 ;; esac
    else
        timeout -s KILL 120 prlimit --as="$address_space" "$caseload_binary" "$@" >"$work/out" 2>"$work/err"
        code=$?
        peak_kb=0
    fi
    milliseconds=$(((${EPOCHREALTIME/./} - start) / 1000))
    [ "$code" != 137 ] || fail "$*: killed after 120 s"
}

# check_plan INSTANCE PLAN DESCRIPTION: the plan is re-scored from the instance by
# tests/rescore.py (every child once, eligibility, hard rules, every term), is
# marked feasible or optimal, and its bound is a number in (0, objective].
check_plan() {
    checks=$((checks + 1))
    python3 "$here/rescore.py" "$1" "$2" >"$work/rescore" 2>&1 ||
        { fail "$3: the plan does not re-score"; head -5 "$work/rescore" | sed 's/^/  | /'; }
    python3 - "$2" "$3" <<'PY' || failures=$((failures + 1))
import json, sys
plan, what = json.load(open(sys.argv[1])), sys.argv[2]
ok = plan["status"] in ("feasible", "optimal") and 0 < plan["bound"] <= plan["objective"] + 1e-6
if plan["status"] == "feasible":
    ok = ok and plan["gap"] > 0
if not ok:
    print("FAIL: %s: status %s, objective %s, bound %s, gap %s"
          % (what, plan["status"], plan["objective"], plan["bound"], plan["gap"]))
    sys.exit(1)
PY
}

if ! prlimit --as=4000000000 true 2>/dev/null; then
    echo "size_test: SKIPPED: prlimit is not available here"
    exit 0
fi

# --- 98,000 children in one part: the issue's case ------------------------------------
# Before: 15-30 s, 8-13 GB and exit 5 from GLPK's "glp_alloc: no memory". Now the
# part's model is estimated at far more than the limit, so it is never built: the
# starting plan, improved, with a simple bound. 3 GB is what the input, the
# starting plan's 60 million eligible pairs and the plan need, with room.
run generate --counties 1 --teams 30 --workers-per-team 100 --load 1 -o "$work/big.json" \
    >/dev/null 2>&1 || fail "generate the 98,000-child instance"
run_limited 3000000000 plan "$work/big.json" --time-limit 5 -o "$work/big-plan.json" --quiet
echo "size_test: plan --time-limit 5 of 98,000 children under 3 GB of address space:" \
    "$((milliseconds / 1000)).$(printf '%03d' $((milliseconds % 1000))) s, $((peak_kb / 1024)) MB, exit $code"
[ "$code" = 0 ] || { fail "98,000 children: exit $code"; sed 's/^/  | /' "$work/err" | head -5; }
! grep -q "glp_alloc\|GLPK failed\|out of memory" "$work/err" || fail "98,000 children: ran out of memory"
[ "$milliseconds" -le 7000 ] || fail "98,000 children: $milliseconds ms for --time-limit 5 (limit + 2 s)"
[ "$code" != 0 ] || check_plan "$work/big.json" "$work/big-plan.json" "98,000 children"
grep -q "parts were too large for the memory limit or the time left" "$work/err" ||
    fail "98,000 children: no note that a part kept its starting plan"

# --- one part of 4 million columns under 1.5 GB: its model (about 11 GB estimated,
# 2 GB measured up to the LP alone) is never started; before, GLPK ran out of
# address space building it and the run ended with exit 5 after 13 s
run generate --counties 1 --teams 20 --workers-per-team 30 --load 1 -o "$work/wide.json" \
    >/dev/null 2>&1 || fail "generate the 20-team county"
run_limited 1500000000 plan "$work/wide.json" --time-limit 3 -o "$work/wide-plan.json" --quiet
echo "size_test: plan --time-limit 3 of a 4-million-column part under 1.5 GB:" \
    "$((milliseconds / 1000)).$(printf '%03d' $((milliseconds % 1000))) s, $((peak_kb / 1024)) MB, exit $code"
[ "$code" = 0 ] || { fail "4-million-column part: exit $code"; sed 's/^/  | /' "$work/err" | head -5; }
[ "$milliseconds" -le 5000 ] || fail "4-million-column part: $milliseconds ms for --time-limit 3 (limit + 2 s)"
[ "$code" != 0 ] || check_plan "$work/wide.json" "$work/wide-plan.json" "4-million-column part"

# --- a forced tiny --memory-limit: no part's model fits -------------------------------
run generate --counties 2 --seed 3 -o "$work/two.json" >/dev/null 2>&1 || fail "generate two counties"
run_limited 2000000000 plan "$work/two.json" --time-limit 10 --memory-limit 1M -o "$work/tiny-plan.json" --quiet
[ "$code" = 0 ] || { fail "--memory-limit 1M: exit $code"; sed 's/^/  | /' "$work/err" | head -5; }
[ "$code" != 0 ] || check_plan "$work/two.json" "$work/tiny-plan.json" "--memory-limit 1M"
# the same instance with room: the models are built; the bound under the tiny
# limit is at most this plan's objective (a true lower bound)
expect_exit 0 "plan with the default limit" -- plan "$work/two.json" --time-limit 10 -o "$work/room-plan.json" --quiet
python3 - "$work/tiny-plan.json" "$work/room-plan.json" <<'PY' || failures=$((failures + 1))
import json, sys
tiny, room = (json.load(open(path)) for path in sys.argv[1:])
if not tiny["bound"] <= room["objective"] + 1e-6:
    print("FAIL: tiny limit bound %s above the plan %s found with room" % (tiny["bound"], room["objective"]))
    sys.exit(1)
PY
checks=$((checks + 1))

# --- --memory-limit on every command that builds a model ------------------------------
small=$root/instances/small/13-hire-opened.json
for value in abc 0 -1 12X 1e30 ""; do
    expect_exit 2 "--memory-limit \"$value\"" -- plan "$small" --memory-limit "$value" --quiet
    grep -q "memory-limit wants a size" "$work/err" || fail "--memory-limit \"$value\": no clear message"
done
expect_exit 2 "--memory-limit without a value" -- plan "$small" --memory-limit
expect_exit 2 "check takes no --memory-limit" -- check "$small" --memory-limit 1G
for value in 512M 2g 1.5GiB 3000000000; do
    expect_exit 0 "--memory-limit $value" -- plan "$small" --memory-limit "$value" --quiet
done
expect_exit 0 "size --memory-limit 1M" -- size "$small" --memory-limit 1M
expect_exit 0 "compare --memory-limit 1M" -- compare "$root/instances/keski-suomi.json" --memory-limit 1M \
    -s "$root/instances/scenarios/ks-north-a.json" --time-limit 5
grep -q "feasible" "$work/out" || fail "compare --memory-limit 1M: the scenario is not marked feasible"
# export writes the whole model: one estimated over the limit is refused, nothing written
expect_exit 2 "export --lp over --memory-limit" -- export "$root/instances/keski-suomi.json" \
    --memory-limit 1M --lp "$work/ks.lp"
grep -q "export: the whole model .* would need about [0-9]* MB, more than .* memory limit of 1 MB" "$work/err" ||
    { fail "export over the limit: no clear message"; head -3 "$work/err"; }
[ ! -e "$work/ks.lp" ] || fail "export over the limit wrote a file"
ls -a "$work" | grep -q "^\.ks\.lp" && fail "export over the limit left a temporary file"
expect_exit 0 "export --lp within --memory-limit" -- export "$root/instances/keski-suomi.json" \
    --memory-limit 4G --lp "$work/ks.lp"
[ -s "$work/ks.lp" ] || fail "export within the limit wrote nothing"

# --- Hires that can be filled (issue 24, issue 23 item 7) ---------------------------
# A team may open max_hires hires, up to 10000; only the hires its eligible
# children could fill are columns and places (model_hires.h), so one team with one
# worker and 40 children costs the same at every max_hires, is solved exactly (40
# children), and the time limit holds with SIGINT and SIGTERM, for plan and size.
# hires_instance FILE TEAMS MAX_HIRES: TEAMS teams of one worker and 40 children
# (every other one new), each team in a municipality of its own.
hires_instance() {
    python3 - "$@" <<'PY'
import json, sys
path, teams, hires = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
json.dump({"format": "caseload-instance/1", "name": "hires", "date": "2024-10-08",
    "municipalities": [{"id": "M%d" % t, "lat": 62.0 + 0.01 * t, "lon": 25.0} for t in range(teams)],
    "teams": [{"id": "t%d" % t, "service": "avohuolto", "office": "M%d" % t, "area": ["M%d" % t],
               "max_hires": hires} for t in range(teams)],
    "workers": [{"id": "W%d" % t, "team": "t%d" % t, "fte": 1} for t in range(teams)],
    "children": [dict({"id": "C%d_%02d" % (t, i), "service": "avohuolto", "municipality": "M%d" % t,
                       "born": "2015-01"}, **({"worker": "W%d" % t} if i % 2 == 0 else {}))
                 for t in range(teams) for i in range(40)]}, open(path, "w"))
PY
}
# field NAME PLAN: a top-level field of a plan JSON
plan_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[2]))[sys.argv[1]])' "$1" "$2" 2>/dev/null; }
for hires in 1 40 1000 10000; do
    hires_instance "$work/one-$hires.json" 1 "$hires"
    run_limited 2000000000 plan "$work/one-$hires.json" --time-limit 5 -o "$work/one-$hires.plan.json" --quiet
    [ "$code" = 0 ] || fail "one team, max_hires $hires: exit $code"
    [ "$milliseconds" -le 7000 ] || fail "one team, max_hires $hires: $milliseconds ms with --time-limit 5"
    [ "$(plan_field status "$work/one-$hires.plan.json")" = optimal ] ||
        fail "one team, max_hires $hires: not solved exactly ($(plan_field status "$work/one-$hires.plan.json"))"
    [ "$(plan_field objective "$work/one-$hires.plan.json")" = "$(plan_field objective "$work/one-1.plan.json")" ] ||
        fail "one team, max_hires $hires: objective $(plan_field objective "$work/one-$hires.plan.json"), with one hire allowed $(plan_field objective "$work/one-1.plan.json")"
done
hires_instance "$work/teams-200.json" 200 10000
run_limited 4000000000 plan "$work/teams-200.json" --time-limit 5 -o "$work/teams-200.plan.json" --quiet
[ "$code" = 0 ] || fail "200 teams, max_hires 10000: exit $code"
[ "$milliseconds" -le 7000 ] || fail "200 teams, max_hires 10000: $milliseconds ms with --time-limit 5"
check_plan "$work/teams-200.json" "$work/teams-200.plan.json" "200 teams, max_hires 10000"
run_limited 4000000000 size "$work/teams-200.json" --time-limit 5
[ "$code" = 0 ] || fail "size, 200 teams, max_hires 10000: exit $code"
[ "$milliseconds" -le 12000 ] || fail "size, 200 teams, max_hires 10000: $milliseconds ms with --time-limit 5 for each of two solves"
# signal_ends COMMAND SIGNAL: COMMAND... gets SIGNAL 2 s after its start (--time-limit 20)
# and must end within 2 s of it, with exit 0 (the best plan written)
signal_ends() {
    local signal=$1
    shift
    checks=$((checks + 1))
    local start=${EPOCHREALTIME/./}
    timeout -s KILL 60 "$caseload_binary" "$@" --time-limit 20 >"$work/out" 2>"$work/err" &
    local pid=$!
    sleep 2
    kill -"$signal" "$pid" 2>/dev/null
    local sent=${EPOCHREALTIME/./}
    wait "$pid"
    local signal_code=$? after=$(((${EPOCHREALTIME/./} - sent) / 1000))
    [ "$signal_code" = 0 ] || fail "$1 with SIG$signal at 2 s: exit $signal_code"
    [ "$after" -le 2000 ] || fail "$1 with SIG$signal at 2 s: ended $after ms after the signal"
}
for signal in INT TERM; do
    signal_ends "$signal" plan "$work/teams-200.json" -o "$work/signal.plan.json" --quiet
    [ -s "$work/signal.plan.json" ] || fail "plan with SIG$signal: no plan written"
    rm -f "$work/signal.plan.json"
    signal_ends "$signal" plan "$work/one-10000.json" -o "$work/signal.plan.json" --quiet
    signal_ends "$signal" size "$work/teams-200.json"
done

echo "size_test: $checks checks, $failures failures"
[ "$failures" = 0 ]
