#!/bin/bash
# fair_test.sh - issue 13: fair plans under strain. The compliance measures in every
# output (the verdict first), locked children kept under any weights, the overload
# shared in proportion to the workers' own caps on Keski-Suomi's two-leave
# scenario, and explain refusing a plan of another instance or scenario.
#
#   tests/fair_test.sh CASELOAD_BINARY
. "$(dirname "$0")/lib.sh"

small=$root/instances/small
ks=$root/instances/keski-suomi.json
two_leave=$root/instances/scenarios/ks-two-leave.json

expect_python() {
    local description=$1 script=$2
    shift 2
    checks=$((checks + 1))
    python3 -c "$script" "$@" 2>"$work/py" || { fail "$description"; sed 's/^/  | /' "$work/py" | tail -3; }
}

# --- the verdict first, before -> after -------------------------------------------
# 02: W1 7 (cap 4), W2 2, one intake: the plan shares the excess 5 / 5
expect_exit 0 "plan 02" -- plan "$small/02-over-cap-no-hires.json" -o "$work/p02.json" \
    --html "$work/p02.html"
[ "$(head -n 1 "$work/out")" = "verdict: NOT COMPLIANT: after the plan 2 workers over the cap, 2 children over it, 10 children with a worker over it, highest load 125 %; before it 1, 3, 7 and 175 %, with 1 child to place (new intake, leavers' children)" ] ||
    fail "plan prints the verdict first: $(head -n 1 "$work/out")"
expect_python "the plan JSON holds the compliance before and after" '
import json, sys
plan = json.load(open(sys.argv[1]))
keys = list(plan)
assert keys.index("compliance") == keys.index("terms") + 1, keys
assert plan["compliance"] == {
    "before": {"workers_over_cap": 1, "children_over_cap": 3, "children_with_worker_over_cap": 7, "max_load_ratio": 1.75},
    "after": {"workers_over_cap": 2, "children_over_cap": 2, "children_with_worker_over_cap": 10, "max_load_ratio": 1.25}}, plan["compliance"]
' "$work/p02.json"
checks=$((checks + 1))
grep -q '<h1>[^<]*</h1>' "$work/p02.html" &&
    sed -n '/<h1>/{n;p;q}' "$work/p02.html" | grep -q '^<p class="verdict not-compliant" id="compliance" data-workers-over-cap="2" data-children-over-cap="2" data-children-with-worker-over-cap="10" data-max-load-ratio="1.25">verdict: NOT COMPLIANT' ||
    fail "the HTML plan gives the verdict right under its title"
expect_exit 1 "check 02" -- check "$small/02-over-cap-no-hires.json"
[ "$(head -n 1 "$work/out")" = "verdict: NOT COMPLIANT: 1 worker over the cap, 3 children over it, 7 children with a worker over it, highest load 175 %" ] ||
    fail "check prints the verdict first: $(head -n 1 "$work/out")"
expect_exit 0 "compare with the verdict row" -- compare "$small/17-size-cap-drop.json" \
    -s "$small/scenarios/17-size-cap-drop.json" --json
expect_python "compare gives each scenario its compliance" '
import json, sys
kpis = json.load(open(sys.argv[1]))["scenarios"][0]["kpis"]
assert kpis["compliance"]["before"]["workers_over_cap"] == 2, kpis
assert kpis["compliance"]["after"] == {"workers_over_cap": 2, "children_over_cap": 2, "children_with_worker_over_cap": 10, "max_load_ratio": 1.25}, kpis
' "$work/out"
expect_exit 0 "compare table" -- compare "$small/17-size-cap-drop.json" -s "$small/scenarios/17-size-cap-drop.json"
[ "$(head -n 1 "$work/out")" = "verdict: Cap 5 -> 4: NOT COMPLIANT, 2 workers over the cap, 10 children with a worker over it" ] ||
    fail "compare prints the verdict first: $(head -n 1 "$work/out")"
sed -n 4p "$work/out" | grep -q '^verdict  *NOT COMPLIANT$' || fail "compare: the verdict is the first row: $(sed -n 4p "$work/out")"
grep -q '^children whose worker is over cap  *10$' "$work/out" || fail "compare: children whose worker is over the cap"

# --- remedies: the hires as size computes them, the neighbours' room ---------------
expect_exit 0 "plan the cap drop" -- plan "$small/17-size-cap-drop.json" -s "$small/scenarios/17-size-cap-drop.json" \
    -o "$work/p17.json" --html "$work/p17.html"
grep -q '^remedy avo-jkl: 2 children over the cap; 1 hire (FTE 1, cap 4) would take them; under cross_team avo-lau could take 1 at 28.7 km on average$' "$work/out" ||
    fail "plan names the remedy of avo-jkl: $(grep remedy "$work/out")"
checks=$((checks + 1))
grep -q '<section id="remedies">' "$work/p17.html" && grep -q '<tr data-team="avo-jkl" data-hires="1">' "$work/p17.html" ||
    fail "the HTML plan has the remedies"
expect_exit 0 "size the cap drop" -- size "$small/17-size-cap-drop.json" -s "$small/scenarios/17-size-cap-drop.json" --json
expect_python "the remedies hires are the hires size computes" '
import json, sys
plan, size = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
remedies = {r["team"]: r["hires"] for r in plan["remedies"]}
needed = {t["id"]: t["hires_needed"] for t in size["teams"] if t["hires_needed"] > 0}
assert remedies == needed == {"avo-jkl": 1}, (remedies, needed)
' "$work/p17.json" "$work/out"

# --- locked children are never unassigned, whatever the weights --------------------
python3 - "$small/08-locked-over-cap.json" "$work/08-unassigned-1.json" <<'PY'
import json, sys
instance = json.load(open(sys.argv[1]))
instance["rules"]["weights"] = {"unassigned": 1}
json.dump(instance, open(sys.argv[2], "w"))
PY
expect_exit 0 "locked children with unassigned weight 1" -- plan "$work/08-unassigned-1.json" -o "$work/p08.json" --quiet
checks=$((checks + 1))
python3 "$here/rescore.py" "$work/08-unassigned-1.json" "$work/p08.json" >"$work/py" || fail "08 with unassigned 1: $(head -n 1 "$work/py")"
for km in 1000 1e9; do
    python3 - "$ks" "$work/ks-km.json" "$km" <<'PY'
import json, sys
instance = json.load(open(sys.argv[1]))
instance["rules"]["weights"] = {"km": float(sys.argv[3])}
json.dump(instance, open(sys.argv[2], "w"))
PY
    expect_exit 0 "keski-suomi with km $km" -- plan "$work/ks-km.json" -o "$work/ks-km.plan.json" --quiet
    checks=$((checks + 1))
    python3 "$here/rescore.py" "$work/ks-km.json" "$work/ks-km.plan.json" >"$work/py" || fail "km $km: $(head -n 1 "$work/py")"
done

# --- two workers of Laukaa leave: the excess shared in proportion to the caps ------
expect_exit 0 "plan the two-leave scenario" -- plan "$ks" -s "$two_leave" -o "$work/two.json" --quiet
expect_python "every worker over the cap is within one child of its proportional share" '
import json, sys
plan = json.load(open(sys.argv[1]))
teams = {}
for worker in plan["workers"]:
    if worker["counted_after"] > worker["cap"]:
        teams.setdefault(worker["team"], []).append(worker)
assert "avo-laukaa" in teams, teams
for team, over in teams.items():
    excess = sum(w["counted_after"] - w["cap"] for w in over)
    caps = sum(w["cap"] for w in over)
    for w in over:
        share = excess * w["cap"] / caps
        assert abs((w["counted_after"] - w["cap"]) - share) <= 1 + 1e-9, (team, w, share)
laukaa = {w["id"]: w["counted_after"] for w in teams["avo-laukaa"]}
assert laukaa["W0044"] <= 35, laukaa  # 0.8 FTE, own cap 24: 40 before the overload term
# the hires `caseload size -s ks-two-leave.json` opens: avo-laukaa 2, avo-saarijarvi 1
remedies = {r["team"]: r for r in plan["remedies"]}
assert {team: r["hires"] for team, r in remedies.items()} == {"avo-laukaa": 2, "avo-saarijarvi": 1}, remedies
assert remedies["avo-laukaa"]["neighbours"] and all(n["children"] > 0 for n in remedies["avo-laukaa"]["neighbours"])
' "$work/two.json"

# --- explain: a plan of another scenario or instance ------------------------------
expect_exit 0 "plan 16 with its scenario" -- plan "$small/16-leave-rebalance.json" \
    -s "$small/scenarios/16-leave-rebalance.json" -o "$work/p16.json" --quiet
expect_exit 3 "explain a scenario's plan without it" -- explain "$small/16-leave-rebalance.json" "$work/p16.json" C01
checks=$((checks + 1))
[ "$(wc -l <"$work/err")" -eq 1 ] && grep -q 'scenario: the plan was made for instance "Small 16: .*" with scenario "W1 leaves, Muurame moves to the Laukaa team", but it is read against instance "Small 16: .*" with no scenario' "$work/err" ||
    fail "explain without the scenario: one sentence naming both: $(head -n 2 "$work/err")"
expect_exit 0 "explain with the scenario" -- explain "$small/16-leave-rebalance.json" "$work/p16.json" C01 \
    -s "$small/scenarios/16-leave-rebalance.json"
expect_exit 3 "explain a plan without a scenario given one" -- explain "$small/17-size-cap-drop.json" \
    "$work/p02.json" C01 -s "$small/scenarios/17-size-cap-drop.json"
grep -q 'instance: the plan was made for instance "Small 02: .*" with no scenario, but it is read against instance "Small 17: .*" with scenario "Cap 5 -> 4"' "$work/err" ||
    fail "explain with another instance and a scenario names both"

echo "fair_test: $checks checks, $failures failures"
[ "$failures" = 0 ]
