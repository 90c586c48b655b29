#!/bin/sh
# Byte-identical outputs of two caseload binaries on the bundled instances.
# Usage: tests/same_plans.sh OLD_BINARY NEW_BINARY
# For pure-move refactors: every plan, CSV, HTML, check, explain, compare, size,
# export and a short forecast must be the same bytes (solve times left out).
set -u
abspath() { case $1 in /*) echo "$1";; *) echo "$PWD/$1";; esac; }
old=$(abspath "$1") new=$(abspath "$2")
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT; echo "work: $work"
cd "$here" || exit 2

norm() { sed -E 's/"(solve_seconds|seconds|elapsed_seconds)": *[-0-9.e+]+/"\1": 0/g; s/[0-9.]+ s\b/T s/g' "$@"; }

run() {    # run TAG ARGS...: both binaries, outputs into $work/{old,new}/TAG*
    tag=$1; shift
    for side in old new; do
        bin=$old; [ $side = new ] && bin=$new
        d=$work/$side; mkdir -p "$d"
        ( cd "$d" && "$bin" "$@" >"$tag.out" 2>"$tag.err"; echo "exit $?" >"$tag.rc" )
    done
}

for f in instances/small/*.json; do
    t=$(basename "$f" .json)
    run "$t-plan1" plan "$here/$f" -o "$t-1.json" --csv "$t-1.csv" --html "$t-1.html" \
        --workers-csv "$t-1w.csv" --teams-csv "$t-1t.csv" --threads 1
    run "$t-check" check "$here/$f" --html "$t-check.html"
    run "$t-size" size "$here/$f" --json
    run "$t-lp" export "$here/$f" --lp "$t.lp"
    run "$t-dat" export "$here/$f" --dat "$t.dat"
    first=$(grep -o '"id": *"[^"]*"' "$f" | sed -n '/"C/{s/.*"\(C[^"]*\)"/\1/p;q}')
    [ -n "$first" ] && run "$t-explain" explain "$here/$f" "$work/old/$t-1.json" "$first"
done
for f in instances/keski-suomi.json instances/kymenlaakso.json instances/strained/county-seed29.json; do
    t=$(basename "$f" .json)
    for th in 1 2; do
        run "$t-plan$th" plan "$here/$f" -o "$t-$th.json" --csv "$t-$th.csv" --html "$t-$th.html" \
            --workers-csv "$t-${th}w.csv" --teams-csv "$t-${th}t.csv" --threads $th --gap 1e-4
    done
    run "$t-check" check "$here/$f"
    run "$t-mps" export "$here/$f" --mps "$t.mps"
    run "$t-convert" convert "$here/$f" -o "$t-folder"
done
run ks-two-leave-size size "$here/instances/keski-suomi.json" -s "$here/instances/scenarios/ks-two-leave.json" --json
run ks-compare compare "$here/instances/keski-suomi.json" -s "$here/instances/scenarios/ks-north-a.json" \
    -s "$here/instances/scenarios/ks-north-b.json" --base --json -o ks-compare.json --csv ks-compare.csv --html ks-compare.html
run ky-size size "$here/instances/kymenlaakso.json" -s "$here/instances/scenarios/kymenlaakso-cap-30.json" --json
sed -E 's/"samples": *[0-9]+/"samples": 12/; s/"months": *[0-9]+/"months": 4/' \
    instances/forecasts/keski-suomi-outlook.json >"$work/fc.json"
run ks-forecast forecast "$here/instances/keski-suomi.json" -f "$work/fc.json" -o fc.json --csv fc.csv --html fc.html --threads 2 --quiet
run ks-convert-back convert "$work/old/keski-suomi-folder" -o ks-back.json
run gen generate --seed 7 --counties 2 --load-spread 0.2 --hiring-teams 2 --distances 1 --locked 0.02 --months 3 -o gen.json

status=0
for o in "$work"/old/*; do
    n=$work/new/${o##*/}
    if [ -d "$o" ]; then
        diff -r "$o" "$n" >/dev/null || { echo "DIFFERS: ${o##*/}/"; status=1; }
    elif ! cmp -s "$o" "$n" && ! norm "$o" | cmp -s - "$(norm "$n" >"$work/n.tmp"; echo "$work/n.tmp")"; then
        echo "DIFFERS: ${o##*/}"; status=1
    fi
done
count=$(ls "$work/old" | wc -l)
[ $status = 0 ] && echo "same-plans: $count outputs identical" || echo "same-plans: outputs differ"
exit $status
