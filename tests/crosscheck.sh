#!/bin/sh
# crosscheck.sh - the C model against the reference model models/caseload.mod and
# the hand-derived optimum of every instances/small/*.json.
#
#   tests/crosscheck.sh CASELOAD_BINARY
#
# For each instance NAME.json beside NAME.expected:
#   (a) caseload export NAME.json --dat D; glpsol -m models/caseload.mod -d D
#       and read its "OBJECTIVE v" and "TERM name v" lines;
#   (b) caseload plan NAME.json --gap 0 -o P.json and read "objective" and "terms";
#   (c) both must equal NAME.expected (lines "objective v" and "TERM v") within a
#       relative 1e-6 (absolute 1e-6 near zero), and the plan must be optimal.
# Prints one line per instance; exits 1 on any mismatch, 2 on a usage error.
set -u

program=crosscheck.sh
if [ $# -ne 1 ]; then
    echo "usage: $program CASELOAD_BINARY" >&2
    exit 2
fi
case $1 in
    /*) caseload=$1 ;;
    *) caseload=$(pwd)/$1 ;;
esac
if [ ! -x "$caseload" ]; then
    echo "$program: $1 is not an executable" >&2
    exit 2
fi
for tool in glpsol python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$program: $tool is needed" >&2
        exit 2
    fi
done

root=$(cd "$(dirname "$0")/.." && pwd)
model=$root/models/caseload.mod
work=$(mktemp -d "${TMPDIR:-/tmp}/crosscheck.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'rm -rf "$work"; exit 1' HUP INT PIPE TERM

# Turn glpsol's output ($1) into "objective v" and "TERM v" lines.
glpsol_values() {
    awk '$1 == "OBJECTIVE" && NF == 2 { print "objective", $2 }
         $1 == "TERM" && NF == 3 { print $2, $3 }' "$1"
}

# The same from a caseload-plan/1 file ($1); "status" too.
plan_values() {
    python3 - "$1" <<'EOF'
import json, sys
with open(sys.argv[1], encoding="utf-8") as stream:
    plan = json.load(stream)
print("status", plan.get("status"))
print("objective", repr(float(plan["objective"])))
for name, value in plan["terms"].items():
    print(name, repr(float(value)))
EOF
}

# Compare "key value" files: expected ($1) against actual ($2). Prints the
# differences, exits non-zero when there is one.
compare_values() {
    python3 - "$1" "$2" <<'EOF'
import sys
TERMS = ["objective", "unassigned", "over_cap", "overload", "hire", "move", "cross_team",
         "family_split", "above_target", "km"]
def read(path):
    values = {}
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            fields = line.split()
            if len(fields) == 2:
                values[fields[0]] = fields[1]
    return values
expected, actual = read(sys.argv[1]), read(sys.argv[2])
problems = []
for key in TERMS:
    if key not in expected:
        problems.append("%s missing from the .expected file" % key)
    elif key not in actual:
        problems.append("%s missing" % key)
    else:
        e, a = float(expected[key]), float(actual[key])
        if abs(a - e) > 1e-6 * max(1.0, abs(e)):
            problems.append("%s %.10g, expected %.10g" % (key, a, e))
extra = sorted(set(actual) - set(TERMS) - {"status"})
if extra:
    problems.append("unknown terms: " + " ".join(extra))
print("; ".join(problems))
sys.exit(1 if problems else 0)
EOF
}

failures=0
count=0
for json in "$root"/instances/small/*.json; do
    [ -e "$json" ] || continue
    name=$(basename "$json" .json)
    expected=${json%.json}.expected
    count=$((count + 1))
    verdict=""
    if [ ! -f "$expected" ]; then
        verdict="no $name.expected"
    fi

    # (a) the reference model on the exported data
    if [ -z "$verdict" ]; then
        if ! "$caseload" export "$json" --dat "$work/$name.dat" >"$work/$name.export.log" 2>&1; then
            verdict="export failed: $(head -n 1 "$work/$name.export.log")"
        elif ! glpsol -m "$model" -d "$work/$name.dat" >"$work/$name.glpsol" 2>&1; then
            verdict="glpsol failed: $(grep -m 1 -i 'error' "$work/$name.glpsol")"
        else
            glpsol_values "$work/$name.glpsol" >"$work/$name.mod.values"
            if ! problems=$(compare_values "$expected" "$work/$name.mod.values"); then
                verdict="caseload.mod: $problems"
            fi
        fi
    fi

    # (b) the program's own plan
    if [ -z "$verdict" ]; then
        if ! "$caseload" plan "$json" --gap 0 -o "$work/$name.plan.json" >"$work/$name.plan.log" 2>&1; then
            verdict="plan failed: $(head -n 1 "$work/$name.plan.log")"
        elif ! plan_values "$work/$name.plan.json" >"$work/$name.plan.values" 2>"$work/$name.plan.err"; then
            verdict="plan unreadable: $(tail -n 1 "$work/$name.plan.err")"
        elif ! grep -qx 'status optimal' "$work/$name.plan.values"; then
            verdict="plan $(grep '^status' "$work/$name.plan.values"), not optimal"
        elif ! problems=$(compare_values "$expected" "$work/$name.plan.values"); then
            verdict="plan: $problems"
        fi
    fi

    if [ -z "$verdict" ]; then
        printf 'ok    %-28s objective %s\n' "$name" "$(awk '$1 == "objective" { print $2 }' "$expected")"
    else
        printf 'FAIL  %-28s %s\n' "$name" "$verdict"
        failures=$((failures + 1))
    fi
done

# --- property: random weights in [0, 1e9] on every small instance ------------------
# CROSSCHECK_ROUNDS weight sets per instance (default 3) drawn from CROSSCHECK_SEED
# (default 13): each weight 0, uniform in [0, 1e9] or 10^u with u uniform in
# [-2, 9]. For each: the plan (default gap: a small instance is solved exactly) is
# valid and re-scores to its terms (tests/rescore.py), and its objective equals
# the optimum glpsol finds on models/caseload.mod (relative 1e-6). glpsol's
# floating-point simplex does not always find the optimum when the costs span
# eleven orders of magnitude; a valid plan below glpsol's objective is then noted,
# not failed (a plan above it always fails).
seed=${CROSSCHECK_SEED:-13}
rounds=${CROSSCHECK_ROUNDS:-3}
mkdir -p "$work/weights"
python3 - "$work/weights" "$seed" "$rounds" "$root"/instances/small/*.json <<'EOF'
import json, os, random, sys
folder, seed, rounds, paths = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
terms = ["unassigned", "over_cap", "overload", "hire", "move", "cross_team", "family_split",
         "above_target", "km"]
generator = random.Random(seed)
def weight():
    kind = generator.random()
    if kind < 0.2:
        return 0.0
    if kind < 0.5:
        return generator.uniform(0.0, 1e9)
    return 10.0 ** generator.uniform(-2.0, 9.0)
for path in paths:
    instance = json.load(open(path, encoding="utf-8"))
    name = os.path.basename(path)[:-len(".json")]
    for round in range(rounds):
        instance.setdefault("rules", {})["weights"] = {term: weight() for term in terms}
        with open(os.path.join(folder, "%s.w%d.json" % (name, round)), "w", encoding="utf-8") as out:
            json.dump(instance, out, ensure_ascii=False)
EOF
property_count=0
property_failures=0
for json in "$work"/weights/*.json; do
    [ -e "$json" ] || continue
    name=$(basename "$json" .json)
    property_count=$((property_count + 1))
    verdict=""
    if ! "$caseload" plan "$json" -o "$work/$name.plan.json" --quiet >"$work/$name.plan.log" 2>&1; then
        verdict="plan failed: $(head -n 1 "$work/$name.plan.log")"
    elif ! python3 "$root/tests/rescore.py" "$json" "$work/$name.plan.json" >"$work/$name.rescore" 2>&1; then
        verdict="rescore.py: $(head -n 1 "$work/$name.rescore")"
    elif ! "$caseload" export "$json" --dat "$work/$name.dat" >"$work/$name.export.log" 2>&1; then
        verdict="export failed: $(head -n 1 "$work/$name.export.log")"
    elif ! glpsol -m "$model" -d "$work/$name.dat" >"$work/$name.glpsol" 2>&1; then
        verdict="glpsol failed: $(grep -m 1 -i 'error' "$work/$name.glpsol")"
    elif ! problems=$(python3 - "$work/$name.plan.json" "$work/$name.glpsol" <<'EOF'
import json, sys
plan = json.load(open(sys.argv[1], encoding="utf-8"))
optimum = None
for line in open(sys.argv[2], encoding="utf-8"):
    fields = line.split()
    if len(fields) == 2 and fields[0] == "OBJECTIVE":
        optimum = float(fields[1])
if optimum is None:
    print("glpsol printed no OBJECTIVE")
    sys.exit(1)
if plan["status"] != "optimal":
    print("status %s" % plan["status"])
    sys.exit(1)
tolerance = 1e-6 * max(1.0, abs(optimum))
if plan["objective"] > optimum + tolerance:
    print("objective %.17g, glpsol's optimum %.17g" % (plan["objective"], optimum))
    sys.exit(1)
if plan["objective"] < optimum - tolerance:
    # a valid plan (rescore.py agreed) below glpsol's "optimum": glpsol stopped
    # above the optimum, its simplex blind to a reduced cost this much smaller
    # than the largest cost coefficient (seen: 0.04 against 1.5e10)
    print("NOTE objective %.17g below glpsol's %.17g" % (plan["objective"], optimum))
EOF
); then
        verdict="$problems"
    fi
    if [ -n "$verdict" ]; then
        printf 'FAIL  %-34s %s\n' "$name" "$verdict"
        property_failures=$((property_failures + 1))
    elif [ -n "${problems:-}" ]; then
        printf 'note  %-34s %s\n' "$name" "$problems"
    fi
    problems=""
done
echo "crosscheck: $((property_count - property_failures)) of $property_count random weight sets (seed $seed) valid, re-scored and optimal"

if [ "$count" -eq 0 ]; then
    echo "$program: no instances in $root/instances/small" >&2
    exit 1
fi
echo "crosscheck: $((count - failures)) of $count instances agree with models/caseload.mod and their .expected"
[ "$failures" -eq 0 ] && [ "$property_failures" -eq 0 ]
