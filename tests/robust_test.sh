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
# $work/out and $work/err; sets $code, $seconds and $milliseconds (wall) and
# $peak_kb (max RSS).
run_timed() {
    local limit=$1
    shift
    checks=$((checks + 1))
    local start=${EPOCHREALTIME/./}
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
    local elapsed=$((${EPOCHREALTIME/./} - start))
    seconds=$((elapsed / 1000000)).$(printf '%02d' $((elapsed % 1000000 / 10000)))
    milliseconds=$((elapsed / 1000))
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
    # the JSON path, or line and column when the number is refused as JSON text
    grep -q "rules.cap: \|lat: \|fte: \|weights.km: \|line [0-9]*, column [0-9]*" "$work/err" ||
        { fail "$name: message lacks the JSON path"; head -2 "$work/err"; }
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
    [ "$milliseconds" -le 3000 ] ||
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
if [ "${ROBUST_QUICK:-0}" != 1 ]; then
    run_timed 30 plan "$work/teams.json" --time-limit 2 -o "$work/teams-plan.json" --quiet
    no_crash "plan 10,000 teams"
    echo "robust_test: plan --time-limit 2 of 10,000 teams: ${seconds} s, $((peak_kb / 1024)) MB, exit $code"
    [ "$milliseconds" -le 4000 ] ||
        fail "plan --time-limit 2 on 10,000 teams took $seconds s (limit 2 s + 2 s)"
fi
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
(umask 000 && "$caseload_binary" plan "$example" -o "$work/open.json" --csv "$work/open.csv" --quiet 2>/dev/null)
for f in open.json open.csv; do
    [ "$(stat -c %a "$work/$f")" = 600 ] || fail "$f: mode $(stat -c %a "$work/$f") under umask 000"
done
(umask 000 && "$caseload_binary" generate --seed 2 -o "$work/gen.json" 2>/dev/null)
[ "$(stat -c %a "$work/gen.json")" = 600 ] || fail "generate output: mode is not 0600"
# replacing an existing, more open file still leaves it 0600
printf 'old\n' >"$work/wide.json" && chmod 644 "$work/wide.json"
"$caseload_binary" plan "$example" -o "$work/wide.json" --quiet 2>/dev/null
[ "$(stat -c %a "$work/wide.json")" = 600 ] || fail "a replaced 0644 file is not 0600"

# failures keep an earlier file: missing folder, a folder that is a file, invalid
# input, usage errors; then exit 5 with the file named
printf '{"earlier": true}\n' >"$work/keep.json"
printf 'not a folder\n' >"$work/file"
expect_exit 5 "output under a regular file" -- plan "$example" -o "$work/file/plan.json" --quiet
grep -q "file/plan.json" "$work/err" || fail "output under a regular file: path not named"
# one output failing fails the run: no output of it may replace an earlier file
expect_exit 5 "csv under a regular file" -- plan "$example" -o "$work/keep.json" --csv "$work/file/plan.csv" --quiet
grep -q earlier "$work/keep.json" || fail "a run that failed (exit 5) replaced the earlier -o file"
printf '{"earlier": true}\n' >"$work/keep.json"
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
# a full disk and a read-only folder, as root too: a tiny tmpfs in a private mount
# namespace (skipped where mounting is not permitted)
mkdir "$work/small-fs"
if unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs "$1"' _ "$work/small-fs" 2>/dev/null; then
    unshare -m bash -c '
        folder=$1 binary=$2 instance=$3
        mount -t tmpfs -o size=64k,mode=0755 tmpfs "$folder" || exit 1
        printf "{\"earlier\": true}\n" >"$folder/plan.json"
        cat /dev/zero >"$folder/filler" 2>/dev/null # the disk is full now
        "$binary" plan "$instance" -o "$folder/plan.json" --quiet 2>"$folder.err"
        echo "full $?"
        grep -q earlier "$folder/plan.json" && echo "full intact"
        ls -A "$folder" | grep -v "^plan.json$\|^filler$" | sed "s/^/full leftover /"
        rm -f "$folder/filler"
        mount -o remount,ro "$folder" || exit 1
        "$binary" plan "$instance" -o "$folder/plan.json" --quiet 2>>"$folder.err"
        echo "readonly $?"
        grep -q earlier "$folder/plan.json" && echo "readonly intact"
    ' _ "$work/small-fs" "$caseload_binary" "$example" >"$work/fs-result"
    checks=$((checks + 2))
    grep -q "^full 5$" "$work/fs-result" || fail "a full disk: $(grep '^full [0-9]' "$work/fs-result"), expected exit 5"
    grep -q "^full intact$" "$work/fs-result" || fail "a full disk: the earlier file was not kept"
    ! grep -q "^full leftover" "$work/fs-result" || fail "a full disk: $(grep leftover "$work/fs-result")"
    grep -q "^readonly 5$" "$work/fs-result" || fail "a read-only folder: $(grep '^readonly [0-9]' "$work/fs-result"), expected exit 5"
    grep -q "^readonly intact$" "$work/fs-result" || fail "a read-only folder: the earlier file was not kept"
    grep -q "small-fs/plan.json: " "$work/small-fs.err" || fail "a full disk: no message naming the file"
    grep -q "small-fs/plan.json: .*Read-only file system" "$work/small-fs.err" ||
        fail "a read-only folder: no message naming the file and the reason"
else
    echo "robust_test: skipped the full disk and read-only folder checks (cannot mount a tmpfs)"
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
        variants = [("bare", code)]
        if path in ("children[0].id", "workers[1].id", "teams[0].area[1]"):
            variants += [("inside", "x-" + code + "-y"), ("lower", code.lower())]
        for variant, value in variants:
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

# --- out of memory end to end: only in a build with -DCASELOAD_TEST_HOOKS, where
# main reads CASELOAD_FAIL_ALLOC=N and makes the N-th allocation fail: the binary
# itself under make asan, OOM_BINARY (build/caseload-hooks) under make test ----------
oom_binary=${OOM_BINARY:-$caseload_binary}
CASELOAD_FAIL_ALLOC=1 "$oom_binary" check "$example" --quiet >/dev/null 2>"$work/err"
if [ -n "${OOM_BINARY:-}" ] && ! grep -q "out of memory" "$work/err"; then
    checks=$((checks + 1))
    fail "OOM_BINARY=$OOM_BINARY does not make allocation 1 fail: no out-of-memory walk"
fi
if grep -q "out of memory" "$work/err"; then
    printf '{"earlier": true}\n' >"$work/oom-keep.json"
    n=1
    while [ "$n" -lt 5000 ]; do
        CASELOAD_FAIL_ALLOC=$n "$oom_binary" plan "$small/05-siblings-hard.json" \
            -o "$work/oom-keep.json" --csv "$work/oom.csv" --quiet >"$work/out" 2>"$work/err"
        code=$?
        checks=$((checks + 1))
        [ "$code" = 0 ] && break
        if [ "$code" != 5 ]; then
            fail "allocation $n fails: exit $code, expected 5"; sed 's/^/  | /' "$work/err" | head -3
        elif ! grep -q "out of memory" "$work/err"; then
            fail "allocation $n fails: no 'out of memory' message"; sed 's/^/  | /' "$work/err" | head -3
        fi
        grep -q earlier "$work/oom-keep.json" || fail "allocation $n fails: the earlier plan was replaced"
        printf '{"earlier": true}\n' >"$work/oom-keep.json"
        rm -f "$work/oom.csv"
        n=$((n + 1))
    done
    checks=$((checks + 1))
    [ "$n" -gt 50 ] || fail "the allocation walk ended after $n allocations"
    echo "robust_test: out of memory at each of $((n - 1)) allocations of plan: exit 5"
fi

# --- fuzz regressions: inputs that once broke a target ---------------------------------
for input in "$root"/fuzz/regressions/*; do
    [ -f "$input" ] || continue
    case "$input" in *.md) continue ;; esac
    name=$(basename "$input")
    run_timed 30 check "$input" --quiet
    no_crash "regression $name (check)"
    run_timed 30 plan "$input" --time-limit 2 -o "$work/regression-plan.json" --quiet
    no_crash "regression $name (plan)"
    [ "$milliseconds" -le 4500 ] || fail "regression $name: plan --time-limit 2 took $seconds s"
    rm -f "$work/regression-plan.json"
done

echo "robust_test: $checks checks, $failures failures"
[ "$failures" = 0 ]
