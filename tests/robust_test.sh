#!/usr/bin/env bash
# robust_test.sh CASELOAD - end-to-end abuse of the command line: very large and hostile inputs, the time limit, output files (never over the input, atomic, 0600, earlier files kept), identity codes in every id, and the fuzzers' regression inputs. Set ROBUST_QUICK=1 to skip the 200,000-child runs.
set -u
caseload_binary=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
checks=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# run_timed LIMIT_SECONDS COMMAND...: run the program with stdout/stderr in
# $work/out and $work/err; sets $code, $seconds (wall) and $peak_kb (max RSS).
run_timed() {
    local limit=$1
    shift
    checks=$((checks + 1))
    local start end
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        timeout -s KILL "$limit" /usr/bin/time -o "$work/time" -f "%M" \
            "$caseload_binary" "$@" >"$work/out" 2>"$work/err"
        code=$?
        peak_kb=$(tail -1 "$work/time" 2>/dev/null)
        case "$peak_kb" in '' | *[!0-9]*) peak_kb=0 ;; esac
    else
        timeout -s KILL "$limit" "$caseload_binary" "$@" >"$work/out" 2>"$work/err"
        code=$?
        peak_kb=0
    fi
    end=$(date +%s.%N)
    seconds=$(python3 -c "print(round($end - $start, 2))")
    [ "$code" != 137 ] || fail "$*: killed after $limit s"
}
run() { run_timed 120 "$@"; }
expect_exit() {
    local expected=$1 description=$2
    shift 3
    run "$@"
    [ "$code" = "$expected" ] || { fail "$description: exit $code, expected $expected"; sed 's/^/  | /' "$work/err" | head -5; }
}
# no_crash DESCRIPTION: the last run ended with a documented exit code and no sanitizer report.
no_crash() {
    case "$code" in 0 | 1 | 2 | 3 | 4 | 5) ;; *) fail "$1: exit $code (a crash?)"; sed 's/^/  | /' "$work/err" | head -5 ;; esac
    ! grep -q "ERROR: AddressSanitizer\|runtime error:\|ERROR: LeakSanitizer" "$work/err" || fail "$1: sanitizer report"
}

small=$root/instances/small
example=$small/01-worker-leaves.json

# --- hostile JSON: nesting, numbers, size --------------------------------------------
python3 - "$example" "$work" <<'PY'
import json, sys
example, work = sys.argv[1], sys.argv[2]
text = open(example, encoding="utf-8").read()
def put(name, content):
    with open(f"{work}/{name}", "w", encoding="utf-8") as f:
        f.write(content)
# nesting far beyond any limit, in a value and at the top level
put("deep-array.json", text.replace('"rules": {}', '"rules": {"weights": ' + "[" * 100000 + "]" * 100000 + "}"))
put("deep-top.json", "[" * 1000000 + "]" * 1000000)
put("deep-object.json", '{"a":' * 200000 + "1" + "}" * 200000)
put("unclosed.json", "[" * 1000000)
# huge and odd numbers where numbers belong
for name, number in [("1e400", "1e400"), ("minus-1e400", "-1e400"), ("digits100", "1" * 100),
                     ("tiny", "1e-400"), ("digits100-fraction", "0." + "3" * 100 + "e5")]:
    put(f"num-cap-{name}.json", text.replace('"rules": {}', '"rules": {"cap": %s}' % number))
    put(f"num-lat-{name}.json", text.replace('"lat": 62.2405', '"lat": %s' % number, 1))
    put(f"num-fte-{name}.json", text.replace('"fte": 1.0, "leaving"', '"fte": %s, "leaving"' % number, 1))
    put(f"num-weight-{name}.json", text.replace('"rules": {}', '"rules": {"weights": {"km": %s}}' % number))
PY
for file in deep-array deep-top deep-object unclosed; do
    expect_exit 3 "$file refused" -- check "$work/$file.json"
    grep -q "$file.json" "$work/err" || fail "$file: message names the file"
    [ "$(wc -l <"$work/err")" -le 5 ] || fail "$file: more than a few lines of messages"
done
for file in "$work"/num-*.json; do
    name=$(basename "$file" .json)
    case "$name" in
        num-weight-tiny | num-lat-tiny | num-lat-digits100-fraction) continue ;; # 1e-400 is 0 (underflow): a fine weight/latitude
    esac
    expect_exit 3 "$name refused" -- check "$file"
    grep -q "rules.cap\|lat\|fte\|weights.km" "$work/err" || { fail "$name: message lacks the JSON path"; head -2 "$work/err"; }
done

# --- limits: large instances run in time and memory that grow sensibly -----------------
if [ "${ROBUST_QUICK:-0}" != 1 ]; then
    run_timed 60 generate --counties 70 --seed 7 -o "$work/big.json"
    [ "$code" = 0 ] || fail "generate 200,000 children: exit $code"
    children=$(grep -c '"family"' "$work/big.json" || true)
    [ "$children" -gt 150000 ] || fail "generate 200,000 children: only $children"
    run_timed 60 check "$work/big.json" --quiet
    no_crash "check 200,000 children"
    echo "robust_test: check of $children children: ${seconds} s, $((peak_kb / 1024)) MB"
    [ "$peak_kb" -lt $((2 * 1024 * 1024)) ] || fail "check 200,000 children: ${peak_kb} KB of memory"
    # the time limit holds even when building the model is the long part
    run_timed 120 plan "$work/big.json" --time-limit 1 -o "$work/big-plan.json" --quiet
    no_crash "plan 200,000 children --time-limit 1"
    echo "robust_test: plan --time-limit 1 of $children children: ${seconds} s, $((peak_kb / 1024)) MB, exit $code"
    python3 -c "import sys; sys.exit(0 if $seconds <= 3.0 else 1)" ||
        fail "plan --time-limit 1 on $children children took $seconds s (limit 1 s + 2 s)"
fi
# 10,000 teams, 20,000 workers and 1,000 municipalities with few children
python3 - "$work/teams.json" <<'PY'
import json, sys
m = [{"id": "M%04d" % i, "lat": 60 + (i % 70) * 0.1, "lon": 21 + (i // 70) * 0.2} for i in range(1000)]
teams = [{"id": "T%05d" % i, "service": "avohuolto", "office": m[i % 1000]["id"],
          "area": [m[i % 1000]["id"], m[(i + 1) % 1000]["id"]]} for i in range(10000)]
workers = [{"id": "W%05d" % i, "team": teams[i // 2]["id"]} for i in range(20000)]
children = [{"id": "C%05d" % i, "service": "avohuolto", "municipality": m[i % 1000]["id"],
             "worker": workers[(i * 7) % 20000]["id"]} for i in range(30000)]
json.dump({"format": "caseload-instance/1", "name": "many teams", "date": "2024-10-08",
           "municipalities": m, "teams": teams, "workers": workers, "children": children},
          open(sys.argv[1], "w"))
PY
run_timed 60 check "$work/teams.json" --quiet
no_crash "check 10,000 teams"
[ "$code" = 0 ] || [ "$code" = 1 ] || fail "check 10,000 teams: exit $code"
echo "robust_test: check of 10,000 teams: ${seconds} s, $((peak_kb / 1024)) MB"
run_timed 60 plan "$work/teams.json" --time-limit 2 -o "$work/teams-plan.json" --quiet
no_crash "plan 10,000 teams"
echo "robust_test: plan --time-limit 2 of 10,000 teams: ${seconds} s, $((peak_kb / 1024)) MB, exit $code"
python3 -c "import sys; sys.exit(0 if $seconds <= 4.0 else 1)" ||
    fail "plan --time-limit 2 on 10,000 teams took $seconds s (limit 2 s + 2 s)"
# a file over the 1 GiB limit is refused before it is read (sparse: no disk used)
if truncate -s 1100M "$work/huge.json" 2>/dev/null; then
    run_timed 20 check "$work/huge.json"
    [ "$code" = 3 ] || fail "a 1.1 GB file: exit $code, expected 3"
    grep -q "huge.json: .*larger than the limit" "$work/err" || fail "a 1.1 GB file: no clear message"
    [ "$peak_kb" -lt $((256 * 1024)) ] || fail "a 1.1 GB file was read into memory (${peak_kb} KB)"
    rm -f "$work/huge.json"
fi

# --- output files ----------------------------------------------------------------------
cp "$example" "$work/input.json"
before=$(sha256sum <"$work/input.json")
for alias in "$work/input.json" "$work/./input.json" "$work/../$(basename "$work")/input.json"; do
    expect_exit 2 "-o onto the input ($alias)" -- plan "$work/input.json" -o "$alias" --quiet
    expect_exit 2 "--csv onto the input ($alias)" -- plan "$work/input.json" --csv "$alias" --quiet
done
ln -s "$work/input.json" "$work/link.json"
ln "$work/input.json" "$work/hardlink.json"
expect_exit 2 "-o onto a symbolic link to the input" -- plan "$work/input.json" -o "$work/link.json" --quiet
expect_exit 2 "-o onto a hard link of the input" -- plan "$work/input.json" -o "$work/hardlink.json" --quiet
expect_exit 2 "export onto the input" -- export "$work/input.json" --lp "$work/input.json"
[ "$(sha256sum <"$work/input.json")" = "$before" ] || fail "the input file was changed"
[ -L "$work/link.json" ] || fail "the symbolic link to the input was replaced"

# mode 0600 whatever the umask; no temporary file left
(umask 000 && "$caseload_binary" plan "$example" -o "$work/open.json" --csv "$work/open.csv" --quiet)
for f in open.json open.csv; do
    [ "$(stat -c %a "$work/$f")" = 600 ] || fail "$f: mode $(stat -c %a "$work/$f") under umask 000"
done
(umask 000 && "$caseload_binary" generate --seed 2 -o "$work/gen.json")
[ "$(stat -c %a "$work/gen.json")" = 600 ] || fail "generate output: mode is not 0600"
# replacing an existing, more open file still leaves it 0600
printf 'old\n' >"$work/wide.json" && chmod 644 "$work/wide.json"
"$caseload_binary" plan "$example" -o "$work/wide.json" --quiet
[ "$(stat -c %a "$work/wide.json")" = 600 ] || fail "a replaced 0644 file is not 0600"

# failures keep an earlier file: missing folder, a folder that is a file, invalid
# input, usage errors; then exit 5 with the file named
printf '{"earlier": true}\n' >"$work/keep.json"
printf 'not a folder\n' >"$work/file"
expect_exit 5 "output under a regular file" -- plan "$example" -o "$work/file/plan.json" --quiet
grep -q "file/plan.json" "$work/err" || fail "output under a regular file: path not named"
expect_exit 3 "invalid input keeps the earlier plan" -- plan "$root/tests/bad/unknown-key.json" -o "$work/keep.json" --quiet
grep -q earlier "$work/keep.json" || fail "invalid input replaced an earlier plan"
expect_exit 5 "export under a missing folder" -- export "$example" --lp "$work/none/m.lp"
expect_exit 5 "generate under a regular file" -- generate -o "$work/file/g.json"
if [ "$(id -u)" != 0 ]; then # root writes into read-only folders: only meaningful for users
    mkdir "$work/ro" && printf '{"earlier": true}\n' >"$work/ro/plan.json" && chmod 555 "$work/ro"
    expect_exit 5 "read-only folder" -- plan "$example" -o "$work/ro/plan.json" --quiet
    grep -q earlier "$work/ro/plan.json" || fail "read-only folder: earlier file replaced"
    chmod 755 "$work/ro"
fi
if [ -w /dev/full ]; then # a full disk: the standard output on /dev/full
    "$caseload_binary" plan "$example" -o - --quiet >/dev/full 2>"$work/err"
    code=$?
    [ "$code" = 5 ] || fail "plan to a full standard output: exit $code, expected 5"
    "$caseload_binary" check "$example" >/dev/full 2>"$work/err"
    code=$?
    [ "$code" = 5 ] || fail "check to a full standard output: exit $code, expected 5"
fi
leftovers=$(find "$work" -name '*.tmp*' -o -name '.*tmp*' -o -name '*.XXXXXX' | wc -l)
[ "$leftovers" = 0 ] || fail "temporary files left behind: $(find "$work" -name '*tmp*')"

# --- identity codes with every century sign, anywhere in ids, path named ---------------
python3 - "$example" "$work" <<'PY'
import json, sys
example, work = sys.argv[1], sys.argv[2]
check = "0123456789ABCDEFHJKLMNPRSTUVWXY"
def hetu(sign, number):
    digits = "010203" + "%03d" % number
    return "010203" + sign + "%03d" % number + check[int(digits) % 31]
cases = []
for n, sign in enumerate("+-ABCDEFXYWVU"):
    code = hetu(sign, 100 + n)
    for path, edit in [
        ("children[0].id", lambda d, v: d["children"][0].__setitem__("id", v)),
        ("children[1].family", lambda d, v: d["children"][1].__setitem__("family", v)),
        ("children[2].worker", lambda d, v: d["children"][2].__setitem__("worker", v)),
        ("children[3].municipality", lambda d, v: d["children"][3].__setitem__("municipality", v)),
        ("workers[1].id", lambda d, v: d["workers"][1].__setitem__("id", v)),
        ("workers[2].team", lambda d, v: d["workers"][2].__setitem__("team", v)),
        ("teams[0].id", lambda d, v: d["teams"][0].__setitem__("id", v)),
        ("teams[1].office", lambda d, v: d["teams"][1].__setitem__("office", v)),
        ("teams[0].area[1]", lambda d, v: d["teams"][0]["area"].__setitem__(1, v)),
        ("municipalities[2].id", lambda d, v: d["municipalities"][2].__setitem__("id", v)),
        ("distances[0].from", lambda d, v: d.__setitem__("distances", [{"from": v, "to": "Laukaa", "km": 1}])),
        ("name", lambda d, v: d.__setitem__("name", "plan for " + v)),
    ]:
        for variant, value in [("bare", code), ("inside", "x-" + code + "-y"), ("lower", code.lower())]:
            document = json.load(open(example, encoding="utf-8"))
            edit(document, value)
            name = f"hetu-{n:02d}-{path.replace('[', '_').replace(']', '').replace('.', '-')}-{variant}.json"
            json.dump(document, open(f"{work}/{name}", "w", encoding="utf-8"), ensure_ascii=False)
            cases.append(f"{name}\t{path}\t{value}")
open(f"{work}/hetu-cases", "w").write("\n".join(cases) + "\n")
PY
while IFS=$'\t' read -r name path value; do
    run check "$work/$name"
    [ "$code" = 3 ] || { fail "identity code at $path ($name): exit $code, expected 3"; continue; }
    grep -qF "$name: $path: looks like a Finnish personal identity code" "$work/err" ||
        { fail "identity code at $path ($name): path not named"; head -2 "$work/err"; }
    ! grep -qiF "$value" "$work/err" || fail "identity code at $path ($name): the code is echoed"
done <"$work/hetu-cases"
# near misses are fine ids: no century sign, an impossible date, too short
for id in "010203Q123B" "320103A123B" "011303-123B" "010203A12" "W-2024-0001"; do
    python3 - "$example" "$work/near.json" "$id" <<'PY'
import json, sys
document = json.load(open(sys.argv[1], encoding="utf-8"))
document["children"][0]["id"] = sys.argv[3]
json.dump(document, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
    run check "$work/near.json" --quiet
    [ "$code" = 0 ] || [ "$code" = 1 ] || fail "id $id is not an identity code but was refused (exit $code)"
done

# --- fuzz regressions: inputs that once broke a target ---------------------------------
for input in "$root"/fuzz/regressions/*; do
    [ -f "$input" ] || continue
    name=$(basename "$input")
    run_timed 30 check "$input" --quiet
    no_crash "regression $name (check)"
    run_timed 30 plan "$input" --time-limit 2 -o "$work/regression-plan.json" --quiet
    no_crash "regression $name (plan)"
    rm -f "$work/regression-plan.json"
done

echo "robust_test: $checks checks, $failures failures"
[ "$failures" = 0 ]
