#!/usr/bin/env bash
# convert_test.sh CASELOAD - end-to-end tests of spreadsheets in and out and of
# explanations: `convert` both ways with identical JSON after a round trip, a CSV
# folder wherever an instance is accepted, bad CSV exiting 3 at file:line:column,
# `plan --workers-csv --teams-csv`, and `explain`.
. "$(dirname "$0")/lib.sh"
# same_json A B: equal as JSON data (key order and number spelling aside).
same_json() {
    python3 - "$1" "$2" <<'PY'
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8-sig"))
b = json.load(open(sys.argv[2], encoding="utf-8-sig"))
sys.exit(0 if a == b else 1)
PY
}

csv=$here/csv

# --- JSON -> CSV folder -> JSON -> folder -> JSON ---------------------------------
for instance in "$root"/instances/small/*.json "$root/instances/keski-suomi.json"; do
    name=$(basename "$instance" .json)
    expect_exit 0 "$name: convert to a folder" -- convert "$instance" -o "$work/$name/"
    for file in settings municipalities teams workers children; do
        [ -f "$work/$name/$file.csv" ] || fail "$name: $file.csv not written"
    done
    head -c 3 "$work/$name/workers.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "$name: workers.csv has no BOM"
    expect_exit 0 "$name: convert the folder back" -- convert "$work/$name" -o "$work/$name.json"
    same_json "$instance" "$work/$name.json" || fail "$name: JSON differs after json -> csv -> json"
    expect_exit 0 "$name: convert again" -- convert "$work/$name.json" -o "$work/$name-2"
    expect_exit 0 "$name: and back again" -- convert "$work/$name-2" -o "$work/$name-2.json"
    cmp -s "$work/$name.json" "$work/$name-2.json" || fail "$name: folder -> json -> folder -> json is not identical"
done
# the instance read from a folder is the instance read from its JSON
expect_exit 0 "export the JSON" -- export "$root/instances/keski-suomi.json" --dat "$work/json.dat"
expect_exit 0 "export the folder" -- export "$work/keski-suomi" --dat "$work/folder.dat"
cmp -s "$work/json.dat" "$work/folder.dat" || fail "a folder and its JSON give different model data"

# --- hand-written folders ---------------------------------------------------------
expect_exit 0 "semicolon folder" -- convert "$csv/good-semicolon" -o "$work/semicolon.json"
expect_exit 0 "comma folder" -- convert "$csv/good-comma" -o "$work/comma.json"
cmp -s "$work/semicolon.json" "$work/comma.json" || fail "the semicolon and comma folders give different JSON"
grep -q '"name": "Pieni \\"testi\\": Jyväskylä ja Äänekoski"' "$work/semicolon.json" || fail "name with quotes and Finnish letters"
expect_exit 0 "check a folder" -- check "$csv/good-semicolon"
expect_exit 0 "convert a folder to standard output" -- convert "$csv/good-semicolon" -o -
cmp -s "$work/out" "$work/semicolon.json" || fail "convert -o - writes the JSON to standard output"

# --- folders as Excel writes them: each against its expected instance or messages ---
# expected-messages.txt holds every line on standard error (folder paths relative to
# tests/csv); expected.json the instance; the others must give the good-semicolon one.
for folder in "$csv"/excel-*/; do
    folder=${folder%/}
    name=$(basename "$folder")
    if [ -f "$folder/expected.json" ] || [ ! -s "$folder/expected-messages.txt" ] ||
        ! grep -qv ': warning: ' "$folder/expected-messages.txt"; then
        expect_exit 0 "$name: convert" -- convert "$folder" -o "$work/$name.json"
        expected=$folder/expected.json
        [ -f "$expected" ] || expected=$work/semicolon.json
        same_json "$expected" "$work/$name.json" || fail "$name: not the expected instance"
    else
        expect_exit 3 "$name: convert" -- convert "$folder" -o "$work/$name.json"
        [ -e "$work/$name.json" ] && fail "$name: a bad folder must not leave an output file"
    fi
    grep -v "^caseload: wrote " "$work/err" | sed "s|$csv/||" | diff -u "$folder/expected-messages.txt" - >"$work/diff" ||
        { fail "$name: messages differ from expected-messages.txt"; head -20 "$work/diff"; }
done
# the warnings are said once, not once per cell or file
[ "$(grep -c 'Windows-1252' "$csv/excel-windows-1252/expected-messages.txt")" = 1 ] || fail "Windows-1252 said once"
# a single CSV file or a workbook where an instance is expected says what it is
expect_exit 3 "a CSV file given for a folder" -- check "$csv/good-semicolon/workers.csv"
grep -q "good-semicolon/workers.csv: a spreadsheet file (CSV), not a caseload instance: .*give the folder that holds it ($csv/good-semicolon)" "$work/err" ||
    fail "a CSV file given for a folder is named as one"
printf 'PK\003\004\024\000\006\000' >"$work/kunta.xlsx"
expect_exit 3 "an xlsx workbook" -- plan "$work/kunta.xlsx"
grep -q "kunta.xlsx: an Excel workbook (.xlsx), not a caseload instance: save each sheet" "$work/err" ||
    fail "an xlsx workbook is named as one"

# --- bad CSV: exit 3, every error at file:line:column, nothing written -------------
expect_exit 3 "bad CSV values" -- convert "$csv/bad-values" -o "$work/bad.json"
grep -q "bad-values/workers.csv:3:3: fte: must be greater than 0 and at most 1, got 1.5" "$work/err" || fail "fte error at workers.csv:3:3"
grep -q "bad-values/workers.csv:4:2: team: unknown team \"avo-north\"" "$work/err" || fail "unknown team at workers.csv:4:2"
grep -q "bad-values/children.csv:3:6: worker: unknown worker \"W9\"" "$work/err" || fail "unknown worker at children.csv:3:6"
[ "$(grep -c 'bad-values/' "$work/err")" = 6 ] || fail "all six errors listed"
[ -e "$work/bad.json" ] && fail "a bad folder must not leave an output file"
expect_exit 3 "plan on a bad folder" -- plan "$csv/bad-values" -q
grep -q "workers.csv:3:3" "$work/err" || fail "plan names file:line:column"
mkdir -p "$work/unclosed" && cp "$csv/good-semicolon"/*.csv "$work/unclosed/"
printf 'id;team;fte\nW1;avo-jkl;1\nW2;"avo-jkl;1\n' >"$work/unclosed/workers.csv"
expect_exit 3 "unclosed quote" -- convert "$work/unclosed" -o "$work/unclosed.json"
grep -q "unclosed/workers.csv:3:2: a quoted cell is not closed" "$work/err" || fail "unclosed quote at workers.csv:3:2"
expect_exit 3 "an invalid JSON instance to a folder" -- convert "$root/tests/bad/cap-zero.json" -o "$work/never/"
[ -e "$work/never" ] && fail "an invalid instance must not create the folder"

# --- plan: worker and team CSV ----------------------------------------------------
small13=$root/instances/small/13-hire-opened.json
expect_exit 0 "plan with worker and team CSV" -- plan "$small13" -q -o "$work/p13.json" \
    --workers-csv "$work/workers.csv" --teams-csv "$work/teams.csv"
printf '\xef\xbb\xbfteam;worker;fte;cap;counted_before;counted_after;workload_after;over_cap_after;moves_in;moves_out\r\n' >"$work/expected-header"
head -c "$(wc -c <"$work/expected-header")" "$work/workers.csv" | cmp -s - "$work/expected-header" || fail "worker CSV header"
grep -q $'^avo;avo/hire-1;1;4;0;4;4;0;4;0\r$' "$work/workers.csv" || fail "worker CSV row of the hire"
grep -q $'^avo;W1;1;4;4;5;5;1;1;0\r$' "$work/workers.csv" || fail "worker CSV row of W1"
grep -q $'^avo;avohuolto;2;2;1;8;13;12;0;1;0;0;0;0;1;0;5;1;1,25\r$' "$work/teams.csv" || fail "team CSV row"
grep -q $'^(all);;;;;;;;;;;;;0;1;0;5;1;1,25\r$' "$work/teams.csv" || fail "team CSV row of the whole county's compliance"
[ "$(stat -c %a "$work/teams.csv")" = 600 ] || fail "team CSV is readable by the owner only"

# --- explain ------------------------------------------------------------------------
expect_exit 0 "explain a child" -- explain "$small13" "$work/p13.json" C13
grep -q "child C13" "$work/out" || fail "explain names the child"
grep -q "reason: new intake" "$work/out" || fail "explain gives the plan's reason"
grep -q -- "-1000 over cap at W1" "$work/out" || fail "explain gives the terms of an alternative"
grep -q -- "-20 overload at W1" "$work/out" || fail "explain gives the overload of an alternative"
expect_exit 0 "explain from a folder instance" -- explain "$work/13-hire-opened" "$work/p13.json" C09
expect_exit 3 "explain an unknown child" -- explain "$small13" "$work/p13.json" C99
grep -q "C99" "$work/err" || fail "explain names the unknown child"
expect_exit 3 "explain with another instance's plan" -- explain "$root/instances/small/05-siblings-hard.json" "$work/p13.json" C01
grep -q "p13.json: instance: the plan was made for instance \"Small 13: .*\" with no scenario, but it is read against instance \"Small 05: .*\" with no scenario" "$work/err" ||
    fail "a plan of another instance names the plan file, both instances and the JSON path"
[ "$(wc -l <"$work/err")" -eq 1 ] || fail "a plan of another instance gets one line"
expect_exit 2 "explain without a child" -- explain "$small13" "$work/p13.json"

echo "convert_test: $checks commands, $failures failures"
[ "$failures" = 0 ]
