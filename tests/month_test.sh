#!/usr/bin/env bash
# month_test.sh CASELOAD - the leading social worker's month (issue 28): a plan
# adopted with `apply` is next month's instance, whose "before" is the plan's
# "after" worker by worker; `plan --moves intake` on it moves nobody; JSON and CSV
# folders alike; a plan of another scenario is refused.
. "$(dirname "$0")/lib.sh"
scenarios=$root/instances/scenarios

# round_trip TAG INSTANCE [SCENARIO]: plan, apply, plan the result with --moves intake.
round_trip() {
    local tag=$1 instance=$2 scenario=${3:-} next=$work/$1.next.json
    local with=()
    [ -n "$scenario" ] && with=(-s "$scenario")
    [ -d "$instance" ] && next=$work/$1.next
    expect_exit 0 "$tag: plan" -- plan "$instance" "${with[@]}" -o "$work/$tag.plan.json" --gap 1e-3 --quiet
    expect_exit 0 "$tag: apply" -- apply "$instance" "$work/$tag.plan.json" "${with[@]}" -o "$next"
    [ -d "$instance" ] && { [ -f "$next/children.csv" ] || fail "$tag: apply of a folder wrote no folder"; }
    expect_exit 0 "$tag: plan the next month with --moves intake" -- \
        plan "$next" --moves intake -o "$work/$tag.again.json" --quiet
    checks=$((checks + 1))
    python3 - "$work/$tag.plan.json" "$work/$tag.again.json" <<'PY' 2>"$work/py" || { fail "$tag: the next month is not the plan's after"; tail -3 "$work/py"; }
import json, sys
plan, again = (json.load(open(path)) for path in sys.argv[1:])
assert again["compliance"]["before"] == plan["compliance"]["after"], (again["compliance"]["before"], plan["compliance"]["after"])
after = {row["id"]: row["counted_after"] for row in plan["workers"] if row["counted_after"] > 0 or row["counted_before"] > 0}
after.update({row["id"]: row["counted_after"] for row in plan["hires"]})
before = {row["id"]: row["counted_before"] for row in again["workers"] if row["counted_before"] > 0}
assert {k: v for k, v in after.items() if v > 0} == before, sorted(set(after.items()) ^ set(before.items()))[:6]
rows = {row["child"]: row for row in plan["assignments"]}
for row in again["assignments"]:
    assert row["from"] == rows[row["child"]]["to"], row  # every child has the plan's worker
    assert row["to"] == row["from"], row                 # and nobody moves
PY
}

round_trip ks "$root/instances/keski-suomi.json"
round_trip kymenlaakso "$root/instances/kymenlaakso.json"
for scenario in "$scenarios"/ks-*.json; do
    round_trip "$(basename "$scenario" .json)" "$root/instances/keski-suomi.json" "$scenario"
done
for scenario in "$scenarios"/kymenlaakso-*.json; do
    round_trip "$(basename "$scenario" .json)" "$root/instances/kymenlaakso.json" "$scenario"
done

# A CSV folder in gives a CSV folder out (here Kymenlaakso, converted).
expect_exit 0 "convert kymenlaakso to a folder" -- convert "$root/instances/kymenlaakso.json" -o "$work/ky-csv"
round_trip ky-csv "$work/ky-csv" "$scenarios/kymenlaakso-cap-30-hires.json"

# Hires the plan opens become workers named TEAM/hire-K, with one note; the team
# may then hire fewer.
checks=$((checks + 1))
python3 - "$work/kymenlaakso-cap-30-hires.plan.json" "$work/kymenlaakso-cap-30-hires.next.json" <<'PY' || fail "opened hires did not become workers of their team"
import json, sys
plan, next_month = (json.load(open(path)) for path in sys.argv[1:])
opened = {row["child"]: row["to"] for row in plan["assignments"] if row["to"] and "/hire-" in row["to"]}
assert opened, "the scenario's plan opens no hire: the check is empty"
workers = {w["id"]: w for w in next_month["workers"]}
for hire in set(opened.values()):
    assert workers[hire]["team"] == hire.rpartition("/hire-")[0], hire
PY
expect_exit 0 "apply notes the opened hires" -- apply "$root/instances/kymenlaakso.json" \
    "$work/kymenlaakso-cap-30-hires.plan.json" -s "$scenarios/kymenlaakso-cap-30-hires.json" -o "$work/hires-again.json"
checks=$((checks + 1))
grep -q "note: the .* hire.* the plan opens .* workers now, named TEAM/hire-K" "$work/err" || fail "no note on the opened hires"

# suggest: on 20 new families drawn from the county's own municipalities (a
# quarter linked to siblings already in care), in next month's Keski-Suomi, the
# best suggestion's increase equals the optimum of the §2 model with everyone
# else kept (plan --moves intake --gap 0 with the family added, less the same
# without it; on two of them glpsol on models/caseload.mod too), and its counts
# are the instance's.
next=$work/ks.next.json
python3 "$here/suggest_check.py" "$next" "$work" 20 7
expect_exit 0 "the next month without the family" -- plan "$next" --moves intake --gap 0 -o "$work/base.json" --quiet
for k in $(seq 0 19); do
    expect_exit 0 "suggest for family $k" -- suggest "$next" "$work/family-$k.json" -o "$work/suggest-$k.json" --quiet
    expect_exit 0 "plan family $k with everyone else kept" -- \
        plan "$next" -s "$work/family-$k.scenario.json" --moves intake --gap 0 -o "$work/family-$k.plan.json" --quiet
    checks=$((checks + 1))
    python3 - "$work/base.json" "$work/family-$k.plan.json" "$work/suggest-$k.json" "$work/family-$k.json" <<'PY' 2>"$work/py" || { fail "family $k: the best suggestion is not the optimum"; tail -2 "$work/py"; }
import json, sys
base, plan, suggestions, family = (json.load(open(path)) for path in sys.argv[1:])
best = suggestions["suggestions"][0]
increase = plan["objective"] - base["objective"]
assert abs(increase - best["objective_increase"]) <= 1e-6 * max(1.0, abs(increase)), (increase, best)
assert all(s["objective_increase"] >= best["objective_increase"] for s in suggestions["suggestions"])
counted = {row["id"]: row["counted_before"] for row in base["workers"]}
if best["worker"] is None:  # the family split, as the plan splits it
    placed = {row["child"]: row["to"] for row in plan["assignments"]}
    assert len({placed[p["child"]] for p in best["placement"]}) > 1, best
else:
    assert best["counted_before"] == counted.get(best["worker"], 0), best
PY
done
# MONTH_GLPSOL=all (make month-long): glpsol on every family, about 15 s each
glpsol_families="0 5"
[ "${MONTH_GLPSOL:-}" = all ] && glpsol_families=$(seq 0 19)
for k in $glpsol_families; do
    expect_exit 0 "export family $k for glpsol" -- export "$next" -s "$work/family-$k.scenario.json" --moves intake --dat "$work/family-$k.dat"
    checks=$((checks + 1))
    glpsol -m "$root/models/caseload.mod" -d "$work/family-$k.dat" >"$work/glpsol-$k.out" 2>&1
    python3 - "$work/glpsol-$k.out" "$work/family-$k.plan.json" <<'PY' || fail "family $k: glpsol's optimum is not caseload's"
import json, sys
glpsol = float([l.split()[1] for l in open(sys.argv[1]) if l.startswith("OBJECTIVE ")][0])
objective = json.load(open(sys.argv[2]))["objective"]
assert abs(glpsol - objective) <= 1e-6 * max(1.0, abs(objective)), (glpsol, objective)
PY
done
printf '{"format":"caseload-family/1","children":[{"id":"N1","service":"avohuolto","municipality":"Laukaa","worker":"W0001"}]}' >"$work/family-bad.json"
expect_exit 3 "a new family's child with a worker" -- suggest "$next" "$work/family-bad.json"
checks=$((checks + 1))
grep -qF 'family-bad.json: children[0].worker: a new family'"'"'s child has no worker of its own' "$work/err" || fail "the bad family names file and path"
printf '{"format":"caseload-family/1","children":[{"id":"C000001","service":"avohuolto","municipality":"Laukaa"}]}' >"$work/family-dup.json"
expect_exit 3 "a new family's child with an id in use" -- suggest "$next" "$work/family-dup.json"
printf '{"format":"caseload-family/1","children":[{"id":"N1","service":"avohuolto","municipality":"Laukaa"},{"id":"N2","service":"sijaishuolto","municipality":"Laukaa"}]}' >"$work/family-two.json"
expect_exit 3 "a family in two services" -- suggest "$next" "$work/family-two.json"
checks=$((checks + 1))
grep -qF "one worker takes one service's children" "$work/err" || fail "two services: no reason given"

# explain --worker: for two children of Keski-Suomi's plan (one moved, one
# locked), every worker of the child's service gets an answer, and each answer's
# rule is true of the instance.
ks=$root/instances/keski-suomi.json
for child in $(python3 -c '
import json, sys
plan = json.load(open(sys.argv[1])); instance = json.load(open(sys.argv[2]))
moved = next(r["child"] for r in plan["assignments"] if r["from"] and r["to"] and r["from"] != r["to"])
locked = next(c["id"] for c in instance["children"] if c.get("locked"))
print(moved, locked)' "$work/ks.plan.json" "$ks"); do
    checks=$((checks + 1))
    python3 - "$caseload_binary" "$ks" "$work/ks.plan.json" "$child" <<'PY' 2>"$work/py" || { fail "explain --worker for $child: an answer's rule is not true"; tail -3 "$work/py"; }
import json, subprocess, sys
binary, path, plan_path, child_id = sys.argv[1:]
instance, plan = json.load(open(path)), json.load(open(plan_path))
teams = {t["id"]: t for t in instance["teams"]}
child = next(c for c in instance["children"] if c["id"] == child_id)
chosen = next(r["to"] for r in plan["assignments"] if r["child"] == child_id)
workers = [w for w in instance["workers"] if teams[w["team"]]["service"] == child["service"]]
assert len(workers) > 5
for worker in workers:
    answer = subprocess.run([binary, "explain", path, plan_path, child_id, "--worker", worker["id"]],
                            capture_output=True, text=True, check=True).stdout
    team = teams[worker["team"]]
    covers = "area" not in team or child["municipality"] in team["area"]
    if worker["id"] == chosen:
        assert "the plan's choice" in answer, answer
    elif "not eligible: the worker leaves" in answer:
        assert worker.get("leaving"), answer
    elif "not eligible: the child is locked to" in answer:
        assert child.get("locked") and worker["id"] != child.get("worker"), answer
    elif "takes no new children" in answer:
        assert worker.get("accepts_new") is False, answer
    elif "outside team" in answer:
        assert not covers and not instance.get("rules", {}).get("cross_team"), answer
    elif "points dearer" in answer or "a tie" in answer or "not possible as a single move" in answer:
        assert not worker.get("leaving") and (covers or worker["id"] == child.get("worker")), answer
        assert not child.get("locked") or worker["id"] == child.get("worker"), answer
        if "over the cap" in answer:
            after = {r["id"]: r for r in plan["workers"]}[worker["id"]]
            assert after["counted_after"] + 1 > after["cap"], (answer, after)
    else:
        raise AssertionError("no rule in: " + answer)
PY
done
expect_exit 3 "explain --worker with an unknown worker" -- explain "$ks" "$work/ks.plan.json" C000001 --worker W9999
checks=$((checks + 1))
grep -qF 'no worker or hire "W9999" in the instance' "$work/err" || fail "the unknown worker is not named"

# Reasons that name the real cause: a child moved to make room for another's
# sibling, a move that reunites a split family off a worker over the cap.
for case in "26-room-for-siblings C02 room for siblings" "27-reunite-over-cap C01 siblings"; do
    set -- $case
    name=$1 child=$2; shift 2
    expect_exit 0 "plan $name" -- plan "$root/instances/small/$name.json" --gap 0 -o "$work/$name.json" --quiet
    checks=$((checks + 1))
    python3 -c 'import json, sys
rows = {r["child"]: r for r in json.load(open(sys.argv[1]))["assignments"]}
assert rows[sys.argv[2]]["reason"] == sys.argv[3], rows[sys.argv[2]]' "$work/$name.json" "$child" "$*" ||
        fail "$name: the reason of $child is not \"$*\""
done

# The leave of W0045 on Keski-Suomi, whose child C000594 is locked to it, plans:
# the lock is released with a warning naming both.
printf '{"format":"caseload-scenario/1","name":"W0045 leaves","leave":["W0045"]}' >"$work/leave45.json"
expect_exit 0 "the leave of a worker with a locked child" -- plan "$ks" -s "$work/leave45.json" -o "$work/leave45.plan.json" --quiet
checks=$((checks + 1))
grep -qF 'leave45.json: "C000594" was locked to "W0045", who leaves; it gets a new worker' "$work/err" || fail "no warning names C000594 and W0045"
checks=$((checks + 1))
python3 -c 'import json, sys
row = next(r for r in json.load(open(sys.argv[1]))["assignments"] if r["child"] == "C000594")
assert row["from"] == "W0045" and row["to"] not in (None, "W0045"), row' "$work/leave45.plan.json" || fail "C000594 got no new worker"

# A plan read without its scenario, or against another instance, is refused.
expect_exit 3 "apply without the plan's scenario" -- apply "$root/instances/keski-suomi.json" \
    "$work/ks-two-leave.plan.json" -o "$work/never.json"
checks=$((checks + 1))
grep -q 'with scenario "two leave", but it is read against' "$work/err" || fail "the refusal names both"
expect_exit 3 "apply to another instance" -- apply "$root/instances/kymenlaakso.json" "$work/ks.plan.json" -o "$work/never.json"
[ ! -e "$work/never.json" ] || fail "a refused apply wrote its output"
expect_exit 2 "apply without -o" -- apply "$root/instances/keski-suomi.json" "$work/ks.plan.json"
expect_exit 2 "apply over its own plan" -- apply "$root/instances/keski-suomi.json" "$work/ks.plan.json" -o "$work/ks.plan.json"
checks=$((checks + 1))
[ "$(stat -c %a "$work/ks.next.json")" = 600 ] || fail "the next month's instance is not private (0600)"

echo "month_test: $checks checks, $failures failures"
[ "$failures" = 0 ]
