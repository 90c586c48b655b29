#!/usr/bin/env bash
# html_test.sh CASELOAD - renders the HTML reports of `plan --html` and `check --html`
# in headless Chromium and checks that each page loads without console errors or
# network requests, that every team has its chart with the numbers of the plan
# (recomputed from the instance), and that it prints to A4 PDF. CHROMIUM names the
# browser; HTML_TEST_OPTIONAL=1 skips instead of failing when there is none.
set -u
[ $# -eq 1 ] || { echo "usage: $0 CASELOAD" >&2; exit 2; }
caseload_binary=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
checker=$here/html/check_report.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
checks=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

chromium=${CHROMIUM:-}
if [ -z "$chromium" ]; then
    for candidate in chromium chromium-browser google-chrome; do
        chromium=$(command -v "$candidate") && break
    done
fi
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
    if [ "${HTML_TEST_OPTIONAL:-0}" = 1 ]; then
        echo "html_test: SKIP, no Chromium (apt-get install chromium, or set CHROMIUM)"
        exit 0
    fi
    echo "FAIL: html_test: no Chromium found (apt-get install chromium, or set CHROMIUM;" \
         "HTML_TEST_OPTIONAL=1 skips)"
    exit 1
fi

# browser ARGS...: headless Chromium with a fresh profile, nothing in the background,
# every host name unresolvable (a request the page makes fails and shows in the net log).
browser() {
    local profile
    profile=$(mktemp -d "$work/profile.XXXXXX")
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-extensions --user-data-dir="$profile" --enable-logging=stderr --v=0 \
        --host-resolver-rules="MAP * ~NOTFOUND" "$@"
}

# load HTML NAME: the DOM after loading ($work/NAME.dom), the console lines
# ($work/NAME.console) and the page's network requests ($work/NAME.requests).
load() {
    local html=$1 name=$2
    browser --log-net-log="$work/$name.netlog" --dump-dom "file://$html" \
        >"$work/$name.dom" 2>"$work/$name.log" || fail "$name: Chromium failed to load the page"
    grep ':CONSOLE' "$work/$name.log" >"$work/$name.console"
    python3 "$checker" netlog "$work/$name.netlog" 2>"$work/$name.requests"
}

# measure HTML NAME: in a copy of the page with tests/html/measure_labels.js, no two
# text labels of a chart overlap (getBBox through getCTM) and none is cut off by
# the edge of its chart. Prints each finding.
measure() {
    local html=$1 name=$2
    checks=$((checks + 1))
    python3 - "$html" "$here/html/measure_labels.js" "$work/$name.measure.html" <<'PY'
import sys
page = open(sys.argv[1], encoding="utf-8").read()
script = open(sys.argv[2], encoding="utf-8").read()
open(sys.argv[3], "w", encoding="utf-8").write(page.replace("</body>", "<script>" + script + "</script></body>", 1))
PY
    browser --dump-dom "file://$work/$name.measure.html" >"$work/$name.measure.dom" 2>/dev/null ||
        { fail "$name: Chromium failed to measure the page"; return; }
    python3 - "$work/$name.measure.dom" "$name" <<'PY' || fail "$name: chart labels overlap or are cut"
import html, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
found = re.search(r'<pre id="label-check" data-texts="(\d+)">(.*?)</pre>', dom, re.S)
if found is None:
    sys.exit("  %s: the measuring script did not run" % sys.argv[2])
if int(found.group(1)) == 0:
    sys.exit("  %s: no chart labels measured" % sys.argv[2])
findings = [line for line in html.unescape(found.group(2)).split("\n") if line]
for line in findings[:10]:
    print("  | " + line.replace("\t", " | "))
sys.exit(1 if findings else 0)
PY
}

# render HTML NAME KIND INSTANCE [PLAN]: load and print one report and check it.
render() {
    local html=$1 name=$2 kind=$3 instance=$4 plan=${5:-}
    checks=$((checks + 1))
    [ -s "$html" ] || { fail "$name: no report written"; return; }
    [ "$(stat -c %a "$html")" = 600 ] || fail "$name: report not readable by the owner only"
    load "$html" "$name"
    [ -s "$work/$name.console" ] && { fail "$name: console messages"; sed 's/^/  | /' "$work/$name.console" | head -5; }
    [ -s "$work/$name.requests" ] && { fail "$name: network requests"; sed 's/^/  | /' "$work/$name.requests" | head -5; }
    grep -q '<svg' "$work/$name.dom" || fail "$name: the rendered page has no chart"
    python3 "$checker" dom "$kind" "$instance" "$work/$name.dom" $plan 2>"$work/$name.errors" ||
        { fail "$name: the rendered report differs from the plan"; sed 's/^/  | /' "$work/$name.errors"; }
    measure "$html" "$name"

    browser --no-pdf-header-footer --print-to-pdf="$work/$name.pdf" "file://$html" \
        >/dev/null 2>>"$work/$name.log" || fail "$name: printing failed"
    [ "$(head -c 5 "$work/$name.pdf" 2>/dev/null)" = "%PDF-" ] || { fail "$name: no PDF printed"; return; }
    if command -v pdfinfo >/dev/null && command -v pdftotext >/dev/null; then
        pdfinfo "$work/$name.pdf" >"$work/$name.pdfinfo" 2>&1 || fail "$name: pdfinfo cannot read the PDF"
        local pages
        pages=$(awk '/^Pages:/ {print $2}' "$work/$name.pdfinfo")
        [ "${pages:-0}" -ge 1 ] || fail "$name: the PDF has no pages"
        # A4 is 595.28 x 841.89 pt; Chromium rounds to whole pixels at 96 dpi
        awk '/^Page size:/ { exit !($3 > 594 && $3 < 596.5 && $5 > 841 && $5 < 843) }' \
            "$work/$name.pdfinfo" ||
            fail "$name: not printed on A4: $(grep '^Page size' "$work/$name.pdfinfo")"
        pdftotext "$work/$name.pdf" "$work/$name.txt"
        grep -qi 'workers over the' "$work/$name.txt" || fail "$name: the printed text lacks the summary"
        echo "  $name: $pages A4 page(s)"
    else
        echo "  $name: PDF printed (no poppler-utils: page count and size not checked)"
    fi
}

# --- the checks can fail: a page with a request and a script error -------------------
checks=$((checks + 1))
load "$here/html/leaky.html" leaky
grep -q 'notDefinedAnywhere' "$work/leaky.console" || fail "a script error was not detected"
grep -q 'caseload-html-test.invalid' "$work/leaky.requests" || fail "a network request was not detected"

# the label measurement can fail: a page with two overlapping labels and a cut one
failures_before=$failures
measure "$here/html/overlap.html" overlap >"$work/overlap.out"
[ "$failures" = $((failures_before + 1)) ] || fail "overlapping labels went unnoticed"
failures=$failures_before
grep -q "OVERLAP | faults | a long name | 0" "$work/overlap.out" || fail "the overlap is not named"
grep -q "CUT | faults | cut at the edge of the chart" "$work/overlap.out" || fail "the cut label is not named"
grep -q "rotated" "$work/overlap.out" && fail "a rotated label clear of the others was taken for an overlap"

# --- reports of sample instances ----------------------------------------------------
instances=("$root/instances/small/02-over-cap-no-hires.json"
           "$root/instances/small/13-hire-opened.json"
           "$root/instances/small/14-part-time-fte.json")
[ -f "$root/instances/keski-suomi.json" ] && instances+=("$root/instances/keski-suomi.json")
for instance in "${instances[@]}"; do
    [ -f "$instance" ] || { fail "missing instance $instance"; continue; }
    name=$(basename "$instance" .json)
    "$caseload_binary" plan "$instance" -o "$work/$name.plan.json" --html "$work/$name.plan.html" \
        --quiet --time-limit 20 2>"$work/$name.plan.err"
    code=$?
    if [ "$code" != 0 ]; then
        fail "$name: plan --html exit $code"; sed 's/^/  | /' "$work/$name.plan.err" | head -5
    else
        render "$work/$name.plan.html" "$name.plan" plan "$instance" "$work/$name.plan.json"
        # a checker that cannot fail proves nothing: change one number of the DOM
        sed '0,/data-counted-after="/s//data-counted-after="9/' "$work/$name.plan.dom" >"$work/tampered.dom"
        python3 "$checker" dom plan "$instance" "$work/tampered.dom" "$work/$name.plan.json" 2>/dev/null &&
            fail "$name: a changed bar went unnoticed"
    fi
    "$caseload_binary" check "$instance" --html "$work/$name.check.html" --quiet \
        >/dev/null 2>"$work/$name.check.err"
    code=$?
    if [ "$code" != 0 ] && [ "$code" != 1 ]; then
        fail "$name: check --html exit $code"; sed 's/^/  | /' "$work/$name.check.err" | head -5
    else
        render "$work/$name.check.html" "$name.check" check "$instance"
        over=$(grep -o 'id="summary" data-workers-over-before="[0-9]*"' "$work/$name.check.dom" | grep -o '[0-9]*"$' | tr -d '"')
        [ "$code" = "$([ "${over:-0}" -gt 0 ] && echo 1 || echo 0)" ] ||
            fail "$name: check exit $code but $over workers over the cap in the report"
    fi
done

# --- compare: the side-by-side page shows the numbers of the JSON comparison -----------
checks=$((checks + 1))
kymenlaakso=$root/instances/kymenlaakso.json
# a long scenario name: drawn whole, and no value (0 hires) printed over a name
python3 - "$root/instances/scenarios/kymenlaakso-cap-30.json" "$work/long-name.json" <<'PY'
import json, sys
scenario = json.load(open(sys.argv[1], encoding="utf-8"))
scenario["name"] = "Kymenlaakso from 2024 with the cap of 30 and every office kept where it is now"
json.dump(scenario, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$caseload_binary" compare "$kymenlaakso" --base -s "$work/long-name.json" \
    --json -o "$work/compare.json" --html "$work/compare.html" --time-limit 20 >/dev/null 2>"$work/compare.err" ||
    { fail "compare --html: exit $?"; sed 's/^/  | /' "$work/compare.err" | head -5; }
if [ -s "$work/compare.html" ]; then
    measure "$work/compare.html" compare
    checks=$((checks + 1))
    python3 - "$work/compare.measure.dom" <<'PY' || fail "compare: a long scenario name is cut"
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
names = re.findall(r'<text class="kpi-name"[^>]*>([^<]*)</text>', dom)
long = "Kymenlaakso from 2024 with the cap of 30 and every office kept where it is now"
assert names and names.count(long) == len(names) // 2, names[:4]
PY
fi
if [ -s "$work/compare.html" ]; then
    [ "$(stat -c %a "$work/compare.html")" = 600 ] || fail "compare report not readable by the owner only"
    load "$work/compare.html" compare
    [ -s "$work/compare.console" ] && fail "compare: console messages"
    [ -s "$work/compare.requests" ] && fail "compare: network requests"
    python3 - "$work/compare.dom" "$work/compare.json" <<'PY' || fail "compare: the charts differ from the comparison"
import json, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
comparison = json.load(open(sys.argv[2]))
columns = comparison.get("scenarios") or comparison.get("columns")
bars = re.findall(r'<rect class="kpi-bar"[^>]*data-scenario="([^"]*)" data-value="([^"]*)"', dom)
assert bars, "no KPI bars"
over = {name: value for name, value in bars[: len(columns)]}
for column in columns:
    name = column["name"]
    expected = column["over_cap"] if "over_cap" in column else column["kpis"]["over_cap"]
    assert int(over[name]) == expected, (name, over[name], expected)
PY
fi

echo "html_test: $checks checks, $failures failures"
[ "$failures" = 0 ]
