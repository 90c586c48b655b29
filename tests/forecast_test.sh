#!/usr/bin/env bash
# forecast_test.sh CASELOAD - end-to-end checks of `caseload forecast`, `size -f`
# and `generate --months` on a small generated county: the outputs (JSON, CSV with
# BOM and decimal comma, HTML with the census months), the same bytes on one and
# two threads, 0600 files, and every bad input of issue 15 refused with exit 3
# naming the file and the JSON path.
source "$(dirname "$0")/lib.sh"

# a history of 4 monthly snapshots of a small county, with its true rates
run generate --municipalities 5 --teams 2 --substitute-teams 1 --aftercare-teams 1 \
    --workers-per-team 4 --seed 3 --months 4 -o "$work/history" >"$work/out" 2>"$work/err" ||
    fail "generate --months: $(cat "$work/err")"
for k in 01 02 03 04; do
    [ -f "$work/history/month-$k.json" ] || fail "generate --months: no month-$k.json"
done
[ "$(stat -c %a "$work/history/month-02.json")" = 600 ] || fail "generate --months: snapshot not 0600"
instance=$work/history/month-04.json

# rates estimated from months 1-3 (the instance is month 4)
cat >"$work/estimate.json" <<'JSON'
{ "format": "caseload-forecast/1", "name": "estimated", "months": 7, "samples": 6, "seed": 5,
  "history": ["history/month-01.json", "history/month-02.json", "history/month-03.json"] }
JSON
expect_exit 0 "forecast with estimated rates" -- forecast "$instance" -f "$work/estimate.json" \
    -o "$work/one.json" --csv "$work/one.csv" --html "$work/one.html" --threads 1
grep -q '"estimated": true' "$work/one.json" || fail "forecast: rates not marked estimated"
grep -q '"format": "caseload-forecast-result/1"' "$work/one.json" || fail "forecast: no result format"
[ "$(stat -c %a "$work/one.json")" = 600 ] || fail "forecast: JSON not 0600"
head -c 3 "$work/one.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "forecast: CSV without BOM"
grep -q ';.*[0-9],[0-9]' "$work/one.csv" || fail "forecast: CSV without decimal comma"
grep -q 'class="census"' "$work/one.html" || fail "forecast: HTML without census marks"
grep -q 'class="band"' "$work/one.html" || fail "forecast: HTML without bands"
grep -q 'class="share-over"' "$work/one.html" || fail "forecast: HTML without the share of workers over the cap"
grep -q '<th>20[0-9][0-9]-[01][0-9]' "$work/one.html" || fail "forecast: HTML months without dates"
head -1 "$work/one.csv" | grep -q ';census_date' || fail "forecast: CSV without census dates"
grep -q ';1;.*;20[0-9][0-9]-[01][04]-[0-9][0-9]' "$work/one.csv" || fail "forecast: CSV census row without its date"
grep -q '"workers": ' "$work/one.json" || fail "forecast: JSON cells without workers"
checks=$((checks + 10))
expect_exit 0 "forecast on two threads" -- forecast "$instance" -f "$work/estimate.json" \
    -o "$work/two.json" --threads 2 -q
cmp -s "$work/one.json" "$work/two.json" || fail "forecast: other bytes on two threads"

# size -f with the true rates (a short horizon keeps it quick)
sed -e 's/"months": 6/"months": 5/; s/"samples": 200/"samples": 20/; s/"lead_months": 4/"lead_months": 2/' \
    -e 's#"month-#"history/month-#g' "$work/history/rates.json" >"$work/true.json"
expect_exit 0 "size -f" -- size "$instance" -f "$work/true.json" --json
grep -q '"format": "caseload-forecast-size/1"' "$work/out" || fail "size -f: no sizing JSON"
grep -q '"starts": \[' "$work/out" || fail "size -f: no start months"
checks=$((checks + 2))
# the table: start months, county risk from month 0, census dates
expect_exit 0 "size -f table" -- size "$instance" -f "$work/true.json"
grep -q "working from" "$work/out" || fail "size -f: table without start months"
grep -q "^    0  20" "$work/out" || fail "size -f: county risk not from month 0"
# a month before any recruit can start over the limit is said in words
sed -e 's/"lead_months": 2/"lead_months": 3/; s/"risk": 0.1/"risk": 0/' "$work/true.json" >"$work/early.json"
printf '{ "format": "caseload-scenario/1", "name": "heavy", "rules": { "cap": 5 } }' >"$work/heavy.json"
expect_exit 0 "size -f, months no recruit helps" -- size "$instance" -s "$work/heavy.json" -f "$work/early.json"
grep -q "before any recruit can start working" "$work/out" || fail "size -f: early months not said in words"
checks=$((checks + 3))

# bad input: exit 3 with the file and the JSON path
bad() {
    local description=$1 expected=$2 file=$3
    expect_exit 3 "$description" -- forecast "$instance" -f "$file"
    grep -qF -- "$expected" "$work/err" || fail "$description: expected \"$expected\", got: $(head -2 "$work/err")"
}
printf '{ "format": "caseload-forecast/1", "sampels": 3 }' >"$work/bad-key.json"
bad "unknown key" "$work/bad-key.json: unknown key \"sampels\"" "$work/bad-key.json"
printf '{ "format": "caseload-forecast/1", "intake": [], "family_sizes": [1] }' >"$work/bad-rate.json"
bad "a rate neither given nor estimable" "$work/bad-rate.json: closure: no closure rate for avohuolto" \
    "$work/bad-rate.json"
printf '{ "format": "caseload-forecast/1", "history": ["history/month-02.json", "history/month-01.json"] }' \
    >"$work/bad-order.json"
bad "history out of date order" "$work/bad-order.json: history[1]: " "$work/bad-order.json"
grep -q "not a later month" "$work/err" || fail "history out of order: reason missing"
run generate --municipalities 5 --teams 2 --seed 3 -o "$work/other.json" 2>/dev/null
sed -e 's/"C0/"X0/g; s/"W0/"V0/g; s/"F0/"G0/g' "$work/other.json" >"$work/other-county.json"
printf '{ "format": "caseload-forecast/1", "history": ["history/month-01.json", "other-county.json"] }' \
    >"$work/bad-county.json"
bad "history of another county" "$work/bad-county.json: history[1]: " "$work/bad-county.json"
grep -q "shares no child or worker id" "$work/err" || fail "another county: reason missing"
printf '{ "format": "caseload-forecast/1", "months": 3, "history": ["history/month-01.json", "history/month-02.json"], "events": [ { "month": "2030-01", "leave": [] } ] }' \
    >"$work/bad-month.json"
bad "event month outside the horizon" "$work/bad-month.json: events[0].month: 2030-01 is outside the horizon" \
    "$work/bad-month.json"
printf '{ "format": "caseload-forecast/1", "history": ["history/month-01.json", "history/month-02.json"], "events": [ { "month": "2025-03", "leave": ["NOBODY"] } ] }' \
    >"$work/bad-worker.json"
bad "event naming an unknown worker" "$work/bad-worker.json: events[0].leave[0]: unknown worker \"NOBODY\"" \
    "$work/bad-worker.json"
expect_exit 2 "forecast without -f" -- forecast "$instance"

echo "forecast_test: $checks checks, $failures failures"
[ "$failures" = 0 ]
