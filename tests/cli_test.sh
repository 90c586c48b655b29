#!/usr/bin/env bash
# cli_test.sh CASELOAD - end-to-end tests of the command line: exit codes, files
# written or not written, messages naming file and JSON path. Set VALGRIND to run
# every command under it.
. "$(dirname "$0")/lib.sh"
# plan_is_complete INSTANCE PLAN: every child once, every rule kept, every term and
# the objective re-scored from the instance by tests/rescore.py (no shared code).
plan_is_complete() {
    python3 "$here/rescore.py" "$1" "$2"
}

small=$root/instances/small
ks=$root/instances/keski-suomi.json
example=$(ls "$small"/*.json | head -1)

# --- help, version, usage errors --------------------------------------------------
expect_exit 0 "--help" -- --help
grep -q "Usage: caseload" "$work/out" || fail "--help prints usage on stdout"
expect_exit 0 "--version" -- --version
grep -q "^caseload [0-9]" "$work/out" || fail "--version prints the version"
for command in check plan export generate; do
    expect_exit 0 "help $command" -- help "$command"
    grep -q "Example" "$work/out" || fail "help $command has an example"
done
expect_exit 0 "help help" -- help help
grep -q "Usage: caseload help" "$work/out" || fail "help help explains help"
# every option: in `help COMMAND`, in --help and in the man page; and every option
# the parser knows is in --help
run --help >"$work/usage" 2>/dev/null
for command in check plan size compare export generate convert apply suggest explain forecast help; do
    run help "$command" >"$work/help-$command" 2>/dev/null
done
checks=$((checks + 1))
python3 - "$root/src/cli/cli.c" "$root/doc/caseload.1" "$work" <<'PY' || fail "an option is missing from --help, help COMMAND or the man page"
import re, sys
main, man, work = open(sys.argv[1]).read(), open(sys.argv[2]).read().replace("\\-", "-"), sys.argv[3]
options = lambda text: set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", text))
usage = options(open(work + "/usage").read())
missing = []
for command in "check plan size compare export generate convert apply suggest explain help".split():
    lines = open(work + "/help-" + command).read().splitlines()
    # the usage lines and the option descriptions, not the examples
    text = "\n".join(l for l in lines if re.match(r"\s*(Usage:|\[|-)", l) or re.match(r"\s{20,}\[", l))
    for option in options(text):
        if option not in usage:
            missing.append("--help lacks %s of %s" % (option, command))
        if option not in options(man):
            missing.append("the man page lacks %s of %s" % (option, command))
# every name and alias in the option tables of cli.c ({"--gap", NULL, CLI_GAP, ...})
parsed = set()
for name, alias in re.findall(r'\{"(--?[a-z][a-z-]*)", (?:"(--?[a-z][a-z-]*)"|NULL), CLI_', main):
    parsed |= {name, alias} - {""}
assert len(parsed) > 40, parsed
# and each table's options in its own command's help and in the man page
for table, body in re.findall(r'struct cli_option (\w+)_options\[\] = \{(.*?)\n\};', main, re.S):
    command = {"size_forecast": "forecast"}.get(table, table)
    helped = options(open(work + "/help-" + command).read())
    # (the aliases --scenario and --forecast are in --help only: the help texts stay as they are)
    for option in re.findall(r'\{"(--?[a-z][a-z-]*)", (?:"--?[a-z][a-z-]*"|NULL), CLI_', body):
        # --quiet is one of the overview's options for every command (export, size and
        # compare accept it without their help saying so)
        if option != "--quiet":
            if option not in helped:
                missing.append("help %s lacks %s, which it accepts" % (command, option))
            if option not in options(man):
                missing.append("the man page lacks %s, which %s accepts" % (option, command))
for option in parsed - usage:
    missing.append("--help lacks %s, which the command line accepts" % option)
for line in missing:
    print(line)
sys.exit(1 if missing else 0)
PY
expect_exit 2 "no command" --
expect_exit 2 "unknown command" -- frobnicate
grep -q "caseload: unknown command" "$work/err" || fail "unknown command is named"
grep -q -- "--help" "$work/err" || fail "usage error points to --help"
expect_exit 2 "unknown option" -- plan "$example" --frob
expect_exit 2 "no instance" -- plan
expect_exit 2 "two instances" -- check "$example" "$example"
expect_exit 2 "bad time limit" -- plan "$example" --time-limit abc
expect_exit 2 "negative gap" -- plan "$example" --gap -1
expect_exit 2 "export without format" -- export "$example"
expect_exit 2 "option without value" -- plan "$example" -o

# --- bad input: exit 3, file and JSON path named, nothing written ----------------
while IFS=$'\t' read -r name substring; do
    [ -n "$name" ] || continue
    case "$name" in \#*) continue ;; esac
    for command in check plan; do
        output=()
        [ "$command" = plan ] && output=(-o "$work/bad-plan.json")
        expect_exit 3 "bad input $name ($command)" -- "$command" "$root/tests/bad/$name" "${output[@]}"
        grep -qF "$name: " "$work/err" || fail "bad input $name: message names the file"
        grep -qF -- "$substring" "$work/err" || { fail "bad input $name: message lacks '$substring'"; sed 's/^/  | /' "$work/err" | head -3; }
        [ ! -e "$work/bad-plan.json" ] || { fail "bad input $name: a plan was written"; rm -f "$work/bad-plan.json"; }
    done
done <"$root/tests/bad/EXPECTED"
expect_exit 3 "missing input file" -- check "$work/does-not-exist.json"
grep -q "does-not-exist.json" "$work/err" || fail "missing input file is named"

# --- plan: files, modes, completeness --------------------------------------------
for instance in "$small"/*.json; do
    name=$(basename "$instance" .json)
    expect_exit 0 "plan $name" -- plan "$instance" -o "$work/$name.plan.json" --csv "$work/$name.csv" --quiet
    [ -f "$work/$name.plan.json" ] || { fail "plan $name: no plan written"; continue; }
    plan_is_complete "$instance" "$work/$name.plan.json" || fail "plan $name: plan incomplete or terms disagree"
    [ "$(stat -c %a "$work/$name.plan.json")" = 600 ] || fail "plan $name: plan file mode is not 0600"
    [ "$(stat -c %a "$work/$name.csv")" = 600 ] || fail "plan $name: CSV mode is not 0600"
    head -c 3 "$work/$name.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "plan $name: CSV has no BOM"
done
expect_exit 0 "plan from stdin" -- plan - -o "$work/stdin.plan.json" --quiet <"$example"
plan_is_complete "$example" "$work/stdin.plan.json" || fail "plan from stdin"
expect_exit 0 "plan to stdout" -- plan "$example" -o - --quiet
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/out" || fail "plan to stdout is JSON"
expect_exit 0 "plan summary" -- plan "$example"
grep -qi "objective" "$work/out" || fail "plan prints a summary with the objective"

# --- the plan for people: labels, verdict, saving, rounding --------------------------
leaves=$small/01-worker-leaves.json
expect_exit 0 "plan summary for people" -- plan "$leaves"
grep -q "capacity      counted  children over cap  moved in  intake" "$work/out" || fail "the summary labels its columns"
grep -q '^avo-jkl .* 60 → 30 .* 4 → 3 .* 0 → 0 ' "$work/out" || fail "capacity before → after shows the worker who leaves"
grep -q "^children over cap: \|children over cap: counted children above their worker's cap" "$work/out" || fail "the summary says what over cap counts"
grep -q "^verdict: compliant: after the plan no worker is over the cap of 30; before it 0 workers were over it" "$work/out" || fail "the summary ends with a verdict"
[ "$(tail -1 "$work/out" | cut -c1-8)" = "verdict:" ] || fail "the verdict is the last line"
grep -q "^objective: the plan's cost in points" "$work/out" || fail "objective and bound are explained"
grep -q "^caseload: nothing was saved: give -o PLAN.json to save the plan" "$work/err" || fail "without -o the plan says nothing was saved"
expect_exit 0 "plan -o - without --quiet" -- plan "$leaves" -o -
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/out" || fail "plan -o - gives pure JSON on stdout"
grep -q "^verdict: " "$work/err" || fail "plan -o - puts the summary on stderr"
grep -q "nothing was saved\|wrote" "$work/err" && fail "plan -o - names no file written"
expect_exit 0 "plan with every output" -- plan "$ks" -o "$work/people.json" --csv "$work/people.csv" \
    --workers-csv "$work/people-workers.csv" --teams-csv "$work/people-teams.csv" --html "$work/people.html"
grep -qx "caseload: wrote $work/people.json, $work/people.csv, $work/people.html, $work/people-workers.csv, $work/people-teams.csv" "$work/err" ||
    fail "the files written are listed"
grep -q "^verdict: NOT COMPLIANT: after the plan [0-9]* workers\? \(is\|are\) still over the cap of 30" "$work/out" || fail "keski-suomi's verdict"
grep -q "e-[0-9]\|nan" "$work/out" && fail "the summary shows no e-notation or nan"
grep -q "gap 0 %\|gap [0-9]*\.[0-9][0-9] %" "$work/out" || fail "the gap is a percentage with two decimals"
grep -q "km [0-9]*\.[0-9]$" "$work/out" || fail "the km term is rounded to 0.1"
python3 - "$work/people.csv" "$work/people-workers.csv" "$work/people-teams.csv" <<'PY' || fail "the CSVs round km to 0.1 and FTE to 0.01"
import sys
def rows(path):
    lines = open(path, encoding="utf-8-sig", newline="").read().split("\r\n")
    header = lines[0].split(";")
    return [dict(zip(header, line.split(";"))) for line in lines[1:] if line]
def decimals(cell):
    return len(cell.split(",")[1]) if "," in cell else 0
plan, workers, teams = (rows(p) for p in sys.argv[1:])
assert all(decimals(r["km"]) <= 1 for r in plan), "plan km"
assert any(decimals(r["km"]) == 1 for r in plan), "plan km keeps its tenth"
assert all(decimals(r["fte"]) <= 2 and decimals(r["workload_after"]) <= 2 for r in workers), "worker fte"
assert all(decimals(r["fte"]) <= 2 and decimals(r["km_after"]) <= 1 and decimals(r["km_before"]) <= 1 for r in teams), "team fte and km"
PY
checks=$((checks + 1))
expect_exit 0 "check --html names the file written" -- check "$leaves" --html "$work/check.html"
grep -qx "caseload: wrote $work/check.html" "$work/err" || fail "check --html lists the file written"

cp "$example" "$work/input.json"
before=$(sha256sum <"$work/input.json")
expect_exit 2 "plan -o onto its input" -- plan "$work/input.json" -o "$work/input.json"
[ "$(sha256sum <"$work/input.json")" = "$before" ] || fail "the input file was changed"
expect_exit 5 "plan into a missing folder" -- plan "$example" -o "$work/no/such/dir/plan.json"
[ ! -e "$work/no" ] || fail "a folder was created"
printf '{"earlier": true}\n' >"$work/keep.json"
chmod 600 "$work/keep.json"
expect_exit 2 "plan with the same file twice" -- plan "$example" -o "$work/keep.json" --csv "$work/keep.json"
grep -q earlier "$work/keep.json" || fail "an earlier file was replaced after a usage error"
leftovers=$(ls -A "$work" | grep -c '\.tmp' || true)
[ "$leftovers" = 0 ] || fail "temporary files left behind"

# --- the bundled county instances and a generated one: check, plan, re-score -----
for instance in "$root/instances/keski-suomi.json" "$root/instances/kymenlaakso.json"; do
    name=$(basename "$instance" .json)
    run check "$instance" --quiet >"$work/out" 2>"$work/err"
    code=$?
    checks=$((checks + 1))
    [ "$code" = 0 ] || [ "$code" = 1 ] || fail "check $name: exit $code"
    expect_exit 0 "plan $name" -- plan "$instance" -o "$work/$name.plan.json" --time-limit 30 --quiet
    plan_is_complete "$instance" "$work/$name.plan.json" || fail "plan $name: re-scoring disagrees"
done
# the re-scorer can fail: a child given to a worker of another service is caught
python3 - "$work/keski-suomi.plan.json" "$work/tampered.json" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
rows = plan["assignments"]
first = next(r for r in rows if r["to"] and r["to"].startswith("W"))
other = next(r for r in rows if r["to"] and r["to"] != first["to"] and r["child"] != first["child"])
first["to"] = other["to"]
json.dump(plan, open(sys.argv[2], "w"))
PY
python3 "$here/rescore.py" "$root/instances/keski-suomi.json" "$work/tampered.json" >/dev/null &&
    fail "a tampered plan passed the re-scoring"
checks=$((checks + 1))

# --- check -----------------------------------------------------------------------
for instance in "$small"/*.json; do
    run check "$instance" >"$work/out" 2>"$work/err"
    code=$?
    checks=$((checks + 1))
    [ "$code" = 0 ] || [ "$code" = 1 ] || fail "check $(basename "$instance"): exit $code"
    over=$(python3 - "$instance" <<'PY'
import json, sys, math
inst = json.load(open(sys.argv[1], encoding="utf-8-sig"))
date = inst["date"]
cap = inst.get("rules", {}).get("cap", 35 if date < "2024-01-01" else 30)
counted = {}
for c in inst["children"]:
    if c.get("worker") is None:
        continue
    born = c.get("born")
    if born is not None:
        y, m = int(born[:4]), int(born[5:7])
        if date >= "%04d-%02d-01" % (y + 18, m):
            continue
    counted[c["worker"]] = counted.get(c["worker"], 0) + 1
over = sum(1 for w in inst["workers"] if counted.get(w["id"], 0) > math.floor(cap * w.get("fte", 1.0) + 1e-9))
print(1 if over else 0)
PY
)
    [ "$code" = "$over" ] || fail "check $(basename "$instance"): exit $code but independent count says $over"
done
expect_exit 0 "check --quiet" -- check "$example" --quiet
[ "$(wc -l <"$work/out")" -le 1 ] || fail "check --quiet prints one line"

# the unassigned are split into children (counted once assigned) and adults
expect_exit 1 "check keski-suomi" -- check "$ks"
grep -q "^verdict: .*new intake without a worker yet: 85 children under 18 and 26 aftercare clients of 18 or more (not counted)" "$work/out" ||
    fail "check splits the unassigned into counted children and adults"
expect_exit 0 "check --quiet says what the unassigned are" -- check "$root/instances/kymenlaakso.json" --quiet
grep -q "^compliant: .*new intake without a worker yet: 21 children under 18, not yet in anyone's caseload" "$work/out" ||
    fail "check --quiet explains the unassigned"

# --- compare and size for people ----------------------------------------------------
printf '{"format": "caseload-scenario/1", "name": "nothing changes"}\n' >"$work/same.json"
expect_exit 0 "compare with an aftercare team" -- compare "$small/15-services.json" --base -s "$work/same.json"
# 5 counted children over W1 and W2; W3 of aftercare has adults only (not 5 / 3)
grep -q "^mean caseload  *2.50  *2.50$" "$work/out" || fail "compare takes the mean over the capped workers"
grep -q "^children over the cap by team  *base  *nothing changes$" "$work/out" || fail "compare shows where the excess sits"
grep -q "^sijais  *1 (1 worker)  *1 (1 worker)$" "$work/out" || fail "compare names the team over the cap"
expect_exit 0 "size in words" -- size "$small/17-size-cap-drop.json"
grep -q "hires allowed" "$work/out" || fail "size labels the hires allowed"
grep -Eq "(up to [0-9]+|none: the team has room) \(the input sets no max_hires\)" "$work/out" ||
    fail "size says a limit it set in words"
grep -q "[0-9]/[0-9]" "$work/out" && fail "size shows no cryptic 0/1*"
# Kymenlaakso at cap 30: Kotka needs a hire, the Kouvola teams have room; the
# sized plan stops within its tolerance (gap of some %), which it says in words
expect_exit 0 "size at the 2024 cap" -- size "$root/instances/kymenlaakso.json" -s "$root/instances/scenarios/kymenlaakso-cap-30.json"
grep -q "^avo-kouvola-1 .* none: the team has room (the input sets no max_hires)$" "$work/out" ||
    fail "size says a limit of 0 as none"
grep -q "up to 0 " "$work/out" && fail "size says a limit of 0 as 'up to 0'"
grep -q "status optimal, gap" "$work/out" && fail "size calls a plan within its tolerance optimal with a gap"
grep -q "^verdict: 1 hire needed; .*the hires settled: no plan is better by half a hire's weight; gap" "$work/out" ||
    fail "size says what its tolerance settles"
expect_exit 0 "size with a loose gap" -- size "$root/instances/kymenlaakso.json" -s "$root/instances/scenarios/kymenlaakso-cap-30.json" --gap 0.9
grep -q "the hires settled" "$work/out" && fail "size claims the hires settled at a gap looser than its tolerance"

# --- export ----------------------------------------------------------------------
expect_exit 0 "export lp mps dat" -- export "$example" --lp "$work/m.lp" --mps "$work/m.mps" --dat "$work/m.dat"
for f in m.lp m.mps m.dat; do
    [ -s "$work/$f" ] || fail "export wrote no $f"
    [ "$(stat -c %a "$work/$f")" = 600 ] || fail "export $f mode is not 0600"
done
# glpsol (glpk-utils) is a requirement, installed by CI: a missing one is a failure,
# never a silent skip
checks=$((checks + 1))
command -v glpsol >/dev/null 2>&1 || fail "glpsol is missing: install glpk-utils"
if command -v glpsol >/dev/null; then
    glpsol --lp "$work/m.lp" >/dev/null 2>&1 || fail "glpsol cannot read the exported LP"
    glpsol --freemps "$work/m.mps" >/dev/null 2>&1 || fail "glpsol cannot read the exported MPS"
fi

# --- generate --------------------------------------------------------------------
expect_exit 0 "generate" -- generate --seed 3 -o "$work/g1.json"
expect_exit 0 "generate again" -- generate --seed 3 -o "$work/g2.json"
cmp -s "$work/g1.json" "$work/g2.json" || fail "generate is not deterministic"
expect_exit 0 "plan a generated instance" -- plan "$work/g1.json" -o "$work/g1.plan.json" --time-limit 30 --quiet
plan_is_complete "$work/g1.json" "$work/g1.plan.json" || fail "plan of a generated instance: re-scoring disagrees"
run check "$work/g1.json" --quiet >"$work/out" 2>"$work/err"
code=$?
[ "$code" = 0 ] || [ "$code" = 1 ] || fail "check a generated instance: exit $code"
expect_exit 2 "generate bad preset" -- generate --preset nowhere
# three counties to 1e-3: three parts go through branch-and-cut; its passes stop
# on counts of subproblems, so one thread and two give the same plan (to 1e-4 the
# overload term's weaker LP bound needs 16 s of CPU, too close to the 60 s wall
# limit on a shared machine; under ASan on a loaded machine even 1e-3 reached the
# 60 s default, so the limit here is 900 s: only the gap may end these solves). Not under
# valgrind: 50 times slower, the time limit would end the search, and a search
# cut short by the clock may end anywhere.
if [ -z "${VALGRIND:-}" ]; then
    expect_exit 0 "generate three counties" -- generate --counties 3 --seed 2 -o "$work/g3.json"
    for threads in 1 2; do
        expect_exit 0 "plan three counties on $threads threads" -- \
            plan "$work/g3.json" -o "$work/g3.$threads.json" --gap 0.001 --threads "$threads" \
            --time-limit 900 --quiet
    done
    checks=$((checks + 1))
    python3 - "$work/g3.1.json" "$work/g3.2.json" <<'EOF' || fail "three counties: the plan depends on the number of threads"
import json, sys
one, two = (json.load(open(path)) for path in sys.argv[1:])
assert one["status"] == "optimal", one["status"]
for key in ("assignments", "objective", "bound"):
    assert one[key] == two[key], key
EOF
fi
# The move policies (DESIGN.md §2, Moves) on Keski-Suomi with its intake: under
# intake only children without a worker (intake, leavers' children) get one, under
# law also children of workers over the cap, and nobody stays over the cap while
# one of their children could go to a worker with room (rescore.py --law-check;
# rescore.py refuses a plan that moves a child the policy keeps).
for policy in intake law; do
    expect_exit 0 "plan --moves $policy" -- plan "$ks" --moves "$policy" -o "$work/ks-$policy.json" --quiet
    checks=$((checks + 1))
    python3 "$here/rescore.py" "$ks" "$work/ks-$policy.json" --law-check >"$work/py" ||
        fail "--moves $policy: $(head -n 1 "$work/py")"
    checks=$((checks + 1))
    python3 - "$ks" "$work/ks-$policy.json" "$policy" <<'EOF' || fail "--moves $policy moved a child it should keep"
import json, sys
instance, plan, policy = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
assert plan["moves"] == policy, plan["moves"]
leaving = {w["id"] for w in instance["workers"] if w.get("leaving")}
over = {w["id"] for w in plan["workers"] if w["counted_before"] > w["cap"]}
moved = [r for r in plan["assignments"] if r["from"] is not None and r["to"] != r["from"]]
for row in moved:
    assert row["from"] in leaving or (policy == "law" and row["from"] in over), row
assert any(r["from"] in leaving for r in moved)  # the leavers' children did move
if policy == "law":
    assert any(r["from"] in over for r in moved)
EOF
done
expect_exit 2 "an unknown move policy" -- plan "$ks" --moves some
grep -qF -- '--moves wants all, law or intake, not "some"' "$work/err" || fail "the usage error names the policies"

if [ -f "$ks" ]; then
    expect_exit 0 "regenerate keski-suomi" -- generate --preset keski-suomi -o "$work/ks.json"
    cmp -s "$work/ks.json" "$ks" || fail "instances/keski-suomi.json differs from its generator"
fi

echo "cli_test: $checks checks, $failures failures"
[ "$failures" = 0 ]
