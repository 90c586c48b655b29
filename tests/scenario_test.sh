#!/usr/bin/env bash
# scenario_test.sh CASELOAD - end-to-end tests of scenarios (-s on check, plan, export), size and compare: exit codes, messages with file and JSON path, and hand-derived optima.
. "$(dirname "$0")/lib.sh"
small=$root/instances/small
scenarios=$root/instances/scenarios
# expect_text FILE TEXT DESCRIPTION: FILE contains TEXT (fixed string).
expect_text() {
    checks=$((checks + 1))
    grep -qF -- "$2" "$1" || { fail "$3: no \"$2\" in $(basename "$1")"; sed 's/^/  | /' "$1" | head -5; }
}
# expect_python DESCRIPTION SCRIPT ARGS...: the Python assertions pass.
expect_python() {
    local description=$1 script=$2
    shift 2
    checks=$((checks + 1))
    python3 -c "$script" "$@" 2>"$work/py" || { fail "$description"; sed 's/^/  | /' "$work/py" | tail -3; }
}
# Terms of a plan against a .expected file (objective and each term, relative 1e-6).
terms_match='
import json, sys
plan = json.load(open(sys.argv[1]))
expected = dict(line.split() for line in open(sys.argv[2]) if line.strip())
actual = dict(plan["terms"], objective=plan["objective"])
assert plan["status"] == "optimal", plan["status"]
for key, value in expected.items():
    assert abs(float(actual[key]) - float(value)) <= 1e-6 * max(1, abs(float(value))), (key, actual[key], value)
'

# --- -s on check, plan, export ---------------------------------------------------
leave=$small/scenarios/16-leave-rebalance.json
expect_exit 0 "check -s on the leave scenario" -- check "$small/16-leave-rebalance.json" -s "$leave"
expect_text "$work/out" "scenario: W1 leaves, Muurame moves to the Laukaa team" "check -s names the scenario"

expect_exit 0 "plan -s on the leave scenario" -- plan "$small/16-leave-rebalance.json" -s "$leave" --gap 0 -o "$work/leave.json" --quiet
expect_python "plan -s reaches the hand-derived optimum of 16-leave-rebalance" "$terms_match" \
    "$work/leave.json" "$small/scenarios/16-leave-rebalance.expected"
expect_python "plan -s moves the leaver's children and the child whose area changed, nothing else" '
import json, sys
plan = json.load(open(sys.argv[1]))
assert plan["scenario"] == "W1 leaves, Muurame moves to the Laukaa team", plan["scenario"]
moves = {a["child"]: (a["from"], a["to"], a["reason"]) for a in plan["assignments"] if a["reason"] != "stays"}
assert moves == {"C01": ("W1", "W2", "worker leaves"), "C02": ("W1", "W2", "worker leaves"),
                 "C03": ("W1", "W3", "worker leaves"), "C06": ("W2", "W3", "area changed")}, moves
assert [w["id"] for w in plan["workers"]] == ["W2", "W3"], "a leaver is listed"
' "$work/leave.json"
expect_exit 0 "plan without -s on the same instance" -- plan "$small/16-leave-rebalance.json" --gap 0 -o "$work/base.json" --quiet
expect_python "the base plan has no scenario and moves nothing" '
import json, sys
plan = json.load(open(sys.argv[1]))
assert plan["scenario"] is None and plan["terms"]["move"] == 0
' "$work/base.json"

# the scenario exported as MathProg data gives the same optimum in models/caseload.mod
# glpsol (glpk-utils) is a requirement, installed by CI: a missing one is a failure,
# never a silent skip
checks=$((checks + 1))
command -v glpsol >/dev/null 2>&1 || fail "glpsol is missing: install glpk-utils"
if command -v glpsol >/dev/null 2>&1; then
    for name in 16-leave-rebalance 17-size-cap-drop; do
        expect_exit 0 "export -s $name --dat" -- export "$small/$name.json" -s "$small/scenarios/$name.json" --dat "$work/$name.dat"
        checks=$((checks + 1))
        if glpsol -m "$root/models/caseload.mod" -d "$work/$name.dat" >"$work/$name.glpsol" 2>&1; then
            awk '$1 == "OBJECTIVE" && NF == 2 { print "objective", $2 } $1 == "TERM" && NF == 3 { print $2, $3 }' \
                "$work/$name.glpsol" >"$work/$name.values"
            python3 - "$work/$name.values" "$small/scenarios/$name.expected" <<'PY' || fail "caseload.mod on export -s $name disagrees with its .expected"
import sys
actual = dict(line.split() for line in open(sys.argv[1]) if line.strip())
expected = dict(line.split() for line in open(sys.argv[2]) if line.strip())
for key, value in expected.items():
    assert abs(float(actual[key]) - float(value)) <= 1e-6 * max(1, abs(float(value))), (key, actual.get(key), value)
PY
        else
            fail "glpsol failed on export -s $name"
        fi
    done
fi
expect_exit 0 "export -s --lp" -- export "$small/16-leave-rebalance.json" -s "$leave" --lp "$work/leave.lp"
expect_text "$work/leave.lp" "Minimize" "export -s writes an LP file"

# the cap scenario on Kymenlaakso: the check changes verdict with the date
expect_exit 0 "check Kymenlaakso at cap 35" -- check "$root/instances/kymenlaakso.json" --quiet
expect_exit 1 "check Kymenlaakso at cap 30" -- check "$root/instances/kymenlaakso.json" -s "$scenarios/kymenlaakso-cap-30.json" --quiet
expect_text "$work/out" "NOT COMPLIANT" "check -s finds workers over the new cap"

# --- invalid scenarios: exit 3 with file and JSON path ---------------------------
printf '{"format":"caseload-scenario/1","leave":["W1","W999"]}' >"$work/leave-bad.json"
expect_exit 3 "unknown worker in leave" -- plan "$small/16-leave-rebalance.json" -s "$work/leave-bad.json"
expect_text "$work/err" "caseload: $work/leave-bad.json: leave[1]: unknown worker \"W999\"" "the leave error names file and path"
printf '{"format":"caseload-scenario/1","teams":[{"id":"avo-jkl","ofice":"Laukaa"}]}' >"$work/key-bad.json"
for command in check plan size export; do
    extra=(); [ "$command" = export ] && extra=(--dat "$work/never.dat")
    expect_exit 3 "$command -s with an unknown key" -- "$command" "$small/16-leave-rebalance.json" -s "$work/key-bad.json" "${extra[@]}"
    expect_text "$work/err" "key-bad.json: teams[0]: unknown key \"ofice\"" "$command names the path of the bad key"
done
[ ! -e "$work/never.dat" ] || fail "export wrote a file for an invalid scenario"
printf '{"format":"caseload-scenario/1","leave":["W1"],"teams":[{"id":"avo-jkl","area":["Jyväskylä"]}]}' >"$work/locked.json"
sed 's/"worker": "W1"}/"worker": "W1", "locked": true}/' "$small/16-leave-rebalance.json" >"$work/locked-instance.json"
expect_exit 0 "a locked child whose worker leaves gets a new worker" -- plan "$work/locked-instance.json" -s "$work/locked.json" -o "$work/locked-plan.json" -q
expect_text "$work/err" "warning: $work/locked.json: 3 locked children get a new worker because their worker leaves: \"C01\" was locked to \"W1\"; \"C02\"" "the leave releases the locks with one warning naming children and worker"
python3 - "$work/locked-plan.json" <<'PY' || fail "the released child C01 did not get a new worker"
import json, sys
rows = {r["child"]: r for r in json.load(open(sys.argv[1]))["assignments"]}
assert rows["C01"]["from"] == "W1" and rows["C01"]["to"] not in (None, "W1"), rows["C01"]
PY
checks=$((checks + 1))
printf '{"format":"caseload-scenario/1","unlock":["C01","C99"]}' >"$work/unlock-bad.json"
expect_exit 3 "unlock of an unknown child" -- plan "$work/locked-instance.json" -s "$work/unlock-bad.json"
expect_text "$work/err" "unlock-bad.json: unlock[1]: unknown child \"C99\"" "an unknown id in unlock names its path"
expect_exit 3 "an instance given as the scenario" -- check "$small/16-leave-rebalance.json" -s "$small/16-leave-rebalance.json"
expect_text "$work/err" "format: expected \"caseload-scenario/1\"" "an instance is not a scenario"
expect_exit 3 "a missing scenario file" -- check "$small/16-leave-rebalance.json" -s "$work/absent.json"
expect_exit 2 "-s twice on plan" -- plan "$small/16-leave-rebalance.json" -s "$leave" -s "$leave"
expect_exit 2 "-s without a file" -- plan "$small/16-leave-rebalance.json" -s
expect_exit 2 "compare without scenarios" -- compare "$small/16-leave-rebalance.json"
expect_exit 2 "instance and scenario both on stdin" -- check - -s -
expect_exit 2 "an output replacing the scenario" -- plan "$small/16-leave-rebalance.json" -s "$work/leave-bad.json" -o "$work/leave-bad.json"
expect_exit 0 "help size" -- help size
expect_text "$work/out" "Usage: caseload size" "help size"
expect_exit 0 "help compare" -- compare --help
expect_text "$work/out" "Usage: caseload compare" "compare --help"

# --- size: the hand-derived sizing of 17-size-cap-drop ----------------------------
sizing=$small/scenarios/17-size-cap-drop.json
expect_exit 0 "plan -s on the cap drop (no hiring allowed)" -- plan "$small/17-size-cap-drop.json" -s "$sizing" --gap 0 -o "$work/cap.json" --quiet
expect_python "plan -s reaches the hand-derived optimum of 17-size-cap-drop" "$terms_match" \
    "$work/cap.json" "$small/scenarios/17-size-cap-drop.expected"
expect_exit 0 "size on the cap drop" -- size "$small/17-size-cap-drop.json" -s "$sizing" --gap 0 --csv "$work/size.csv"
expect_text "$work/out" "verdict: 1 hire needed; with them no worker is over the cap" "size verdict"
expect_exit 0 "size --json on the cap drop" -- size "$small/17-size-cap-drop.json" -s "$sizing" --gap 0 --json
cp "$work/out" "$work/size.json"
expect_python "size finds 1 hire for avo-jkl, none for avo-lau, nobody over the cap after" '
import json, sys
size = json.load(open(sys.argv[1]))
assert size["format"] == "caseload-size/1" and size["cap"] == 4 and size["scenario"] == "Cap 5 -> 4"
teams = {t["id"]: t for t in size["teams"]}
jkl, lau = teams["avo-jkl"], teams["avo-lau"]
assert (jkl["workers"], jkl["counted"], jkl["capacity"]) == (2, 10, 8), jkl
assert (jkl["over_cap_now"], jkl["over_cap_without_hires"]) == (2, 2), jkl
assert (jkl["hire_limit"], jkl["hire_limit_given"], jkl["hires_needed"]) == (1, False, 1), jkl
assert (jkl["over_cap_after"], jkl["max_after"]) == (0, 4) and abs(jkl["mean_after"] - 10 / 3) < 1e-12, jkl
assert (lau["hire_limit"], lau["hire_limit_given"], lau["hires_needed"], lau["over_cap_after"]) == (0, True, 0, 0), lau
assert size["total"]["hires_needed"] == 1 and size["total"]["over_cap_after"] == 0
assert size["without_hires"]["objective"] == 2040 and size["without_hires"]["over_cap"] == 2
assert size["with_hires"]["objective"] == 320 and size["with_hires"]["moves"] == 2
' "$work/size.json"
expect_python "size --csv has a BOM, a header and a row per team and the total" '
import sys
text = open(sys.argv[1], "rb").read()
assert text.startswith(b"\xef\xbb\xbf")
rows = text[3:].decode().split("\r\n")
assert rows[0].startswith("team;workers;fte;counted;capacity;over_cap_now;over_cap_without_hires")
assert rows[1] == "avo-jkl;2;2,00;10;8;2;2;1;1;0;3,33;4", rows[1]
assert rows[3].startswith("total;3;"), rows[3]
' "$work/size.csv"

# --- size on Kymenlaakso, cap 35 -> 30 ---------------------------------------------
expect_exit 0 "size on Kymenlaakso at cap 30" -- size "$root/instances/kymenlaakso.json" -s "$scenarios/kymenlaakso-cap-30.json" --json --time-limit 20
cp "$work/out" "$work/kymenlaakso.json"
expect_python "Kymenlaakso at cap 30: over the cap now, hires bring every worker within it" '
import json, sys
size = json.load(open(sys.argv[1]))
assert size["cap"] == 30 and size["date"] == "2024-01-01"
total = size["total"]
assert total["over_cap_now"] > 0 and total["over_cap_without_hires"] > 0, total
assert total["hires_needed"] >= 1 and total["over_cap_after"] == 0, total
assert all(t["max_after"] <= 30 for t in size["teams"]), size["teams"]
' "$work/kymenlaakso.json"

# --- compare -----------------------------------------------------------------------
expect_exit 0 "compare on the small leave instance" -- compare "$small/16-leave-rebalance.json" --base -s "$leave" --gap 0 --csv "$work/compare.csv"
expect_text "$work/out" "W1 leaves, Muurame moves to the Laukaa team" "compare has a column per scenario"
expect_python "compare prints one row per KPI with the base and the scenario" '
import sys
rows = {line[:20].strip(): line[20:].split() for line in open(sys.argv[1]) if line.strip()}
assert rows["moves"] == ["0", "4"], rows["moves"]
assert rows["km total"] == ["32.4", "89.7"], rows["km total"]
assert rows["km per child"] == ["4.62", "12.82"], rows["km per child"]
assert rows["over-cap children"] == ["0", "0"] and rows["hires"] == ["0", "0"]
assert rows["max caseload"] == ["3", "4"] and rows["mean caseload"] == ["2.33", "3.50"], rows
assert rows["status"] == ["optimal", "optimal"]
' "$work/out"
expect_exit 0 "compare --json -o" -- compare "$small/16-leave-rebalance.json" --base -s "$leave" -s "$sizing" --gap 0 --json -o "$work/compare.json"
expect_python "compare --json holds every scenario and its KPIs" '
import json, sys
data = json.load(open(sys.argv[1]))
assert data["format"] == "caseload-compare/1"
names = [s["name"] for s in data["scenarios"]]
assert names == ["base", "W1 leaves, Muurame moves to the Laukaa team", "Cap 5 -> 4"], names
leave = data["scenarios"][1]["kpis"]
assert leave["moves"] == 4 and leave["cross_team"] == 0 and abs(leave["objective"] - 48.97077396233147) < 1e-9
' "$work/compare.json"
expect_exit 3 "compare with one invalid scenario" -- compare "$small/16-leave-rebalance.json" -s "$leave" -s "$work/leave-bad.json"
expect_text "$work/err" "leave-bad.json: leave[1]: unknown worker \"W999\"" "compare names the invalid scenario"
expect_python "compare --csv is semicolon CSV with BOM and decimal commas" '
import sys
text = open(sys.argv[1], "rb").read()
assert text.startswith(b"\xef\xbb\xbfkpi;base;W1 leaves")
assert b"km per child;4,62;12,82\r\n" in text
' "$work/compare.csv"

# a likely typo in add_workers and a new team without workers are warned about
cat >"$work/typo.json" <<'JSON'
{"format": "caseload-scenario/1", "name": "typo",
 "add_teams": [{"id": "avo-uusi", "service": "avohuolto", "office": "Jyväskylä"}],
 "add_workers": [{"id": "W044", "team": "avo-laukaa"}, {"id": "W9999", "team": "avo-laukaa"}]}
JSON
expect_exit 1 "a scenario with a typo still applies" -- check "$root/instances/keski-suomi.json" -s "$work/typo.json" --quiet
expect_text "$work/err" 'caseload: warning: '"$work"'/typo.json: add_workers[0].id: "W044" is not a worker of the instance, so a new worker is added; did you mean "W0044"?' "add_workers one edit away is warned about"
expect_text "$work/err" 'add_teams[0]: the new team "avo-uusi" has no workers' "a new team without workers is warned about"
[ "$(grep -c 'warning' "$work/err")" = 2 ] || fail "W9999 is no near miss: two warnings only"

# the shipped Keski-Suomi scenarios are valid
for scenario in "$scenarios"/ks-*.json; do
    expect_exit 1 "check keski-suomi -s $(basename "$scenario")" -- check "$root/instances/keski-suomi.json" -s "$scenario" --quiet
done

echo "scenario_test: $checks checks, $failures failures"
[ "$failures" -eq 0 ]
