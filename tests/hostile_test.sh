#!/usr/bin/env bash
# hostile_test.sh CASELOAD - outputs that can never destroy anything (issue 11, the
# output half): devices, FIFOs and sockets written as streams and never replaced;
# outputs that would replace an input or each other refused by file identity;
# all-or-nothing commits; convert swapping a whole folder in; signals at every
# stage leaving no temporary file; bad output names and full disks with clear
# messages. Device and full-disk cases run in a private mount namespace (a tmpfs
# over /dev, or a tiny tmpfs), so the real /dev is never at risk; they are skipped,
# with a message, where unshare or mount is not allowed.
. "$(dirname "$0")/lib.sh"
ulimit -c 0 # SIGQUIT below: no core file

small=$root/instances/small
example=$small/01-worker-leaves.json
cp "$example" "$work/x.json"
cd "$work" || exit 1

# temporaries DIR...: the hidden temporary files and folders left in DIR.
temporaries() { find "$@" -name '.caseload-*' 2>/dev/null; }
# no_temporaries DESCRIPTION DIR...: fail when any is left.
no_temporaries() {
    local description=$1
    shift
    checks=$((checks + 1))
    local left
    left=$(temporaries "$@")
    [ -z "$left" ] || fail "$description: temporary files left: $left"
}
# is_plan FILE: a complete caseload-plan/1 JSON file.
is_plan() {
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["format"]=="caseload-plan/1" and d["assignments"] else 1)' "$1" 2>/dev/null
}
# fingerprint FOLDER: names and contents of every file in it.
fingerprint() { (cd "$1" && find . -type f | sort | xargs -r sha256sum); }
# start COMMAND...: run in the background with SIGINT and SIGQUIT at their defaults
# (a script's background jobs inherit them ignored), standard input from
# $start_input (default /dev/null), standard error to $start_errors (default
# jobs.err); sets $pid. A watchdog kills it after 60 s, so no test can hang.
start() {
    python3 -c 'import os, signal, sys
for s in (signal.SIGINT, signal.SIGQUIT):
    signal.signal(s, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "$@" <"${start_input:-/dev/null}" 2>>"${start_errors:-$work/jobs.err}" &
    pid=$!
    local watched=$pid
    (for _ in $(seq 600); do
        sleep 0.1
        kill -0 "$watched" 2>/dev/null || exit 0
    done
    kill -KILL "$watched" 2>/dev/null) &
}
# finish: wait for the job of start; sets $code.
finish() {
    { wait "$pid"; } 2>/dev/null # (no job report)
    code=$?
}
# wait_for SECONDS CONDITION...: poll every 20 ms until CONDITION holds; false on timeout.
wait_for() {
    local limit=$(($1 * 50))
    shift
    for ((i = 0; i < limit; i++)); do
        "$@" && return 0
        sleep 0.02
    done
    return 1
}
# a temporary file in FOLDER; one of more than SIZE bytes
temporary_exists() { [ -n "$(temporaries "$1")" ]; }
temporary_grown() { [ -n "$(find "$2" -maxdepth 1 -name '.caseload-*' -size +"$1"c 2>/dev/null)" ]; }
# a file NAME inside a temporary folder in FOLDER
temporary_folder_holds() { [ -n "$(find "$2" -mindepth 2 -maxdepth 2 -path '*/.caseload-*/'"$1" 2>/dev/null)" ]; }

"$caseload_binary" generate --counties 10 --seed 5 -o big.json || fail "generate big.json"
"$caseload_binary" convert x.json -o folder || fail "convert x.json to a folder"

# --- 11. bad names: exit 2, before anything is read ----------------------------------
expect_exit 2 '-o ""' -- plan x.json -o "" --quiet
expect_exit 2 "-o ." -- plan x.json -o . --quiet
grep -q "is a folder" "$work/err" || fail "-o .: the message does not say it is a folder"
expect_exit 2 "-o a folder with a trailing slash" -- plan x.json -o folder/ --quiet
expect_exit 2 "convert x.json -o x.json" -- convert x.json -o x.json
grep -q "would replace the input x.json" "$work/err" || fail "convert onto its input: the input is not named"
expect_exit 2 'generate -o ""' -- generate -o ""
expect_exit 2 'export --lp .' -- export x.json --lp .
long=$(printf 'n%.0s' $(seq 250)).json # 255 bytes: legal, and the temporary name must not break it
expect_exit 0 "a 255-byte file name" -- plan x.json -o "$long" --quiet
is_plan "$long" || fail "a 255-byte file name: no plan written"
expect_exit 0 "generate to a 255-byte file name" -- generate -o "$long"
expect_exit 0 "convert a folder to a 255-byte file name" -- convert folder -o "$long"
expect_exit 2 "a 256-byte file name" -- plan x.json -o "m$long" --quiet
grep -q "longer than 255 bytes" "$work/err" || fail "a 256-byte file name: the message does not give the limit"
expect_exit 0 "--time-limit 1e308" -- plan x.json --time-limit 1e308 -o limit.json --quiet
is_plan limit.json || fail "--time-limit 1e308: no plan"
expect_exit 2 "--time-limit inf" -- plan x.json --time-limit inf --quiet
expect_exit 2 "--time-limit 1e999" -- plan x.json --time-limit 1e999 --quiet

# --- 10. an output's folder is checked before the input is read and solved ------------
started=${EPOCHREALTIME/./}
expect_exit 5 "a missing output folder" -- plan big.json -o nosuchdir/plan.json --time-limit 30 --quiet
elapsed=$(((${EPOCHREALTIME/./} - started) / 1000))
grep -q "nosuchdir/plan.json: the folder nosuchdir does not exist" "$work/err" ||
    fail "a missing output folder: the message does not say the folder is missing"
[ "$elapsed" -lt 2000 ] || fail "a missing output folder: reported after $elapsed ms, not before solving"
expect_exit 5 "a missing folder for --trace" -- plan big.json -o ok.json --trace nosuchdir/t --time-limit 30 --quiet
[ ! -e ok.json ] || fail "a missing --trace folder: the plan was written anyway"
printf 'a file\n' >afile
expect_exit 5 "an output under a regular file" -- export x.json --lp afile/m.lp
grep -q "afile is not a folder" "$work/err" || fail "an output under a regular file: no reason"

# --- 2. outputs that are inputs or each other: exit 2 naming both -----------------------
expect_exit 2 "-o, --csv and --html as three spellings of one file" -- \
    plan x.json -o p.json --csv ./p.json --html ././p.json --quiet
grep -q "p.json (-o) and ./p.json (--csv) are the same file" "$work/err" || fail "the same output twice: both not named"
[ ! -e p.json ] || fail "the same output twice: a file was written"
printf 'earlier\n' >a.json && ln a.json hard.json
expect_exit 2 "two outputs that are hard links of one file" -- plan x.json -o a.json --csv hard.json --quiet
ln -s a.json soft.json
expect_exit 2 "an output that is a symbolic link to another" -- plan x.json -o a.json --csv soft.json --quiet
grep -q earlier a.json || fail "outputs that are one file: the earlier file was replaced"
before=$(fingerprint folder)
expect_exit 2 "plan F -o F/children.csv" -- plan folder -o folder/children.csv --quiet
grep -q "would replace folder/children.csv, a file of the input folder folder" "$work/err" ||
    fail "plan F -o F/children.csv: the input folder is not named"
expect_exit 2 "plan F --csv F/distances.csv (a file the folder may hold)" -- plan folder --csv folder/distances.csv --quiet
expect_exit 2 "plan F --html ./F/../F/workers.csv" -- plan folder --html ./folder/../folder/workers.csv --quiet
expect_exit 2 "convert F -o F/workers.csv" -- convert folder -o folder/workers.csv
expect_exit 2 "check F --html F/settings.csv" -- check folder --html folder/settings.csv
ln -s folder/teams.csv teams-link.csv
expect_exit 2 "an output linked to a file of the input folder" -- plan folder -o teams-link.csv --quiet
[ "$before" = "$(fingerprint folder)" ] || fail "the input folder was changed"
expect_exit 0 "an output beside the input folder's files is fine" -- plan folder -o folder/plan.json --quiet
rm -f folder/plan.json
cp x.json scenario.json
expect_exit 2 "-o onto the scenario" -- plan x.json -s scenario.json -o ./scenario.json --quiet
expect_exit 2 "compare --csv onto the instance" -- compare x.json -s scenario.json --csv x.json
mkdir holder && cp x.json holder/in.json
expect_exit 2 "convert into the folder holding the input" -- convert holder/in.json -o holder --force

# --- 3. all or nothing ---------------------------------------------------------------
printf 'keep\n' >keep.json
mkdir adir
expect_exit 2 "plan -o keep.json --csv a-folder" -- plan x.json -o keep.json --csv adir --quiet
grep -q keep keep.json || fail "--csv onto a folder: keep.json was replaced"
expect_exit 5 "plan -o keep.json --csv under a regular file" -- plan x.json -o keep.json --csv afile/p.csv --quiet
grep -q keep keep.json || fail "--csv under a file: keep.json was replaced"
# a rename that fails after another succeeded: the message says which were replaced
mkfifo gate
start_errors=rename.err start "$caseload_binary" plan x.json -o keep.json --csv late.csv --teams-csv gate --quiet
wait_for 10 temporary_grown 100 . || fail "a failing rename: the plan was never written to its temporary file"
mkdir late.csv && printf 'x\n' >late.csv/inside # the --csv target becomes a non-empty folder
timeout 30 cat gate >/dev/null
finish
checks=$((checks + 1))
[ "$code" = 5 ] || fail "a failing rename: exit $code, expected 5"
grep -q "late.csv: cannot replace the file: .*; already written: keep.json; not written: none" rename.err ||
    fail "a failing rename: the message does not say what was replaced: $(cat rename.err)"
is_plan keep.json || fail "a failing rename: keep.json, renamed before, is not the plan"
rm -rf late.csv
no_temporaries "a failing rename" .

# --- 1. streams: devices, FIFOs, sockets, standard output --------------------------------
mkfifo pipe
timeout 30 cat pipe >from-pipe &
reader=$!
expect_exit 0 "-o a FIFO" -- plan x.json -o pipe --quiet
wait "$reader"
[ -p pipe ] || fail "-o a FIFO: the FIFO was replaced"
is_plan from-pipe || fail "-o a FIFO: the reader did not get the plan"
python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' sock
expect_exit 2 "-o a socket" -- plan x.json -o sock --quiet
[ -S sock ] || fail "-o a socket: the socket was replaced"
checks=$((checks + 1))
"$caseload_binary" plan x.json -o /dev/fd/3 --csv /proc/self/fd/4 --quiet 3>fd3.json 4>fd4.csv ||
    fail "-o /dev/fd/3 --csv /proc/self/fd/4: exit $?"
is_plan fd3.json && [ -s fd4.csv ] || fail "-o /dev/fd/3 --csv /proc/self/fd/4: not written to the descriptors"
expect_exit 5 "-o a descriptor that is not open" -- plan x.json -o /dev/fd/9 --quiet
expect_exit 0 "-o -" -- plan x.json -o - --quiet
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/out" || fail "-o -: not a plan on standard output"

mkdir devroot
if unshare -m sh -c 'mount -t tmpfs tmpfs "$1"' _ "$work/devroot" 2>/dev/null; then
    # a fresh /dev in a private mount namespace: the real one is never touched
    unshare -m bash -c '
        binary=$1 instance=$2 work=$3
        cd "$work" || exit 1
        mount -t tmpfs -o size=1m,mode=0755 tmpfs /dev || exit 1
        mknod -m 666 /dev/null c 1 3 && ln -s /proc/self/fd/1 /dev/stdout && ln -s /proc/self/fd/2 /dev/stderr
        report() { echo "$1 $2"; }
        devices_intact() { [ -c /dev/null ] && [ -L /dev/stdout ] && [ -L /dev/stderr ] &&
            [ "$(ls -A /dev | sort | tr "\n" " ")" = "null stderr stdout " ]; }
        "$binary" plan "$instance" -o /dev/null --csv /dev/null --html /dev/null --quiet
        report plan-null $?; devices_intact && report plan-null-intact 0
        "$binary" plan "$instance" -o /dev/stdout --quiet >stdout.json
        report plan-stdout $?; devices_intact && report plan-stdout-intact 0
        "$binary" plan "$instance" -o dev-plan.json --trace /dev/stderr --quiet 2>stderr.trace
        report trace-stderr $?; devices_intact && report trace-stderr-intact 0
        "$binary" export "$instance" --lp /dev/null --mps /dev/null --dat /dev/null
        report export-null $?; devices_intact && report export-null-intact 0
        "$binary" export "$instance" --lp /dev/stdout >stdout.lp
        report export-stdout $?; devices_intact && report export-stdout-intact 0
        "$binary" generate -o /dev/null
        report generate-null $?
        "$binary" check "$instance" --html /dev/null --quiet >/dev/null
        report check-null $?
        "$binary" convert folder -o /dev/null
        report convert-null $?; devices_intact && report all-intact 0
        rm /dev/stdout # without the link, /dev/stdout still means standard output
        "$binary" plan "$instance" -o /dev/stdout --quiet >stdout2.json
        report plan-no-link $?; [ ! -e /dev/stdout ] && report plan-no-link-intact 0
        ls -A /dev | grep "^\.caseload-" | sed "s/^/left /"
    ' _ "$caseload_binary" "$work/x.json" "$work" >device-result 2>device-err
    for case in plan-null plan-null-intact plan-stdout plan-stdout-intact trace-stderr trace-stderr-intact \
        export-null export-null-intact export-stdout export-stdout-intact generate-null check-null \
        convert-null all-intact plan-no-link plan-no-link-intact; do
        checks=$((checks + 1))
        grep -q "^$case 0$" device-result ||
            { fail "device case $case: $(grep "^$case " device-result || echo 'not reached')"; sed 's/^/  | /' device-err | head -5; }
    done
    ! grep -q "^left" device-result || fail "devices: $(grep '^left' device-result)"
    is_plan stdout.json || fail "-o /dev/stdout: no plan on standard output"
    is_plan stdout2.json || fail "-o /dev/stdout without the link: no plan on standard output"
    grep -q "first-plan" stderr.trace || fail "--trace /dev/stderr: no trace on standard error"
    grep -q "^Minimize" stdout.lp || fail "export --lp /dev/stdout: no LP on standard output"
else
    echo "hostile_test: SKIPPED the device cases (unshare -m with a tmpfs over /dev is not allowed here)"
fi

# --- full disks: a tiny tmpfs in a private mount namespace ------------------------------
mkdir small-fs
if unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs "$1"' _ "$work/small-fs" 2>/dev/null; then
    "$caseload_binary" convert "$small/05-siblings-hard.json" -o old-folder
    "$caseload_binary" generate --teams 1 --workers-per-team 2 --municipalities 2 --months 1 -o old-history 2>/dev/null
    printf 'keep\n' >keep2.json
    printf '{"format": "caseload-scenario/1", "name": "as it is"}' >leave.json
    unshare -m bash -c '
        binary=$1 instance=$2 disk=$3 work=$4
        mount -t tmpfs -o size=256k,mode=0755 tmpfs "$disk" || exit 1
        cp -r old-folder "$disk/folder" && printf "keep\n" >"$disk/keep.json" && cp -r old-history "$disk/hist"
        head -c 200000 /dev/zero >"$disk/filler" 2>/dev/null # a little room is left
        cat /dev/zero >>"$disk/filler" 2>/dev/null # the disk is full now
        "$binary" export "$instance" --lp "$disk/model.lp" 2>export.err; echo "export $?"
        "$binary" generate --counties 2 -o "$disk/g.json" 2>generate.err; echo "generate $?"
        "$binary" plan "$instance" -o "$disk/keep.json" --csv "$disk/plan.csv" --quiet 2>plan.err; echo "plan $?"
        # the plan fits on the other disk, the CSV does not: neither may be written
        "$binary" plan "$instance" -o "$work/keep2.json" --csv "$disk/plan.csv" --quiet 2>>plan.err; echo "plan2 $?"
        "$binary" convert "$instance" -o "$disk/folder" --force 2>convert.err; echo "convert $?"
        "$binary" generate --teams 1 --workers-per-team 2 --municipalities 2 --months 6 -o "$disk/hist" --force 2>history.err; echo "history $?"
        (cd "$disk/hist" && find . -type f | sort | xargs -r sha256sum) >history.fingerprint
        "$binary" compare "$instance" --base -s "$5" --html "$disk/c.html" 2>compare.err; echo "compare $?"
        cat "$disk/keep.json" | sed "s/^/keep.json /"
        (cd "$disk/folder" && find . -type f | sort | xargs -r sha256sum) >after.fingerprint
        find "$disk" -name ".caseload-*" | sed "s/^/left /"
        [ -e "$disk/model.lp" ] && echo "written model.lp"
        [ -e "$disk/g.json" ] && echo "written g.json"
        [ -e "$disk/plan.csv" ] && echo "written plan.csv"
    ' _ "$caseload_binary" "$work/x.json" "$work/small-fs" "$work" "$work/leave.json" >disk-result 2>&1
    for case in export generate plan plan2 convert history compare; do
        checks=$((checks + 1))
        grep -q "^$case 5$" disk-result || fail "$case on a full disk: $(grep "^$case " disk-result), expected exit 5"
    done
    grep -q "small-fs/model.lp: .*No space left on device" export.err ||
        fail "export on a full disk: the output and the reason are not named: $(cat export.err)"
    ! grep -q "\.caseload-" export.err convert.err plan.err generate.err ||
        fail "a full disk: a message names the hidden temporary file"
    grep -q "small-fs/g.json: .*No space left on device" generate.err ||
        fail "generate on a full disk: no reason: $(cat generate.err)"
    grep -q "small-fs/folder" convert.err || fail "convert on a full disk: the folder is not named"
    # issue 23 (3, 12): every output named with its reason, never a hidden name
    for log in plan convert history compare; do
        checks=$((checks + 1))
        grep -q "No space left on device" $log.err || fail "$log on a full disk: no reason: $(cat $log.err)"
    done
    ! grep -q "\.caseload-" history.err compare.err || fail "a full disk: a message names the hidden temporary"
    grep -q "small-fs/hist" history.err || fail "generate --months on a full disk: the folder is not named"
    [ "$(fingerprint old-history)" = "$(cat history.fingerprint)" ] ||
        fail "generate --months --force on a full disk: the earlier history was changed"
    grep -q "^keep.json keep$" disk-result || fail "plan on a full disk: keep.json was replaced"
    grep -q "^keep$" keep2.json || fail "plan with its CSV on a full disk: the plan on the other disk was replaced"
    [ "$(fingerprint old-folder)" = "$(cat after.fingerprint)" ] ||
        fail "convert --force on a full disk: the earlier folder was changed"
    ! grep -q "^left\|^written" disk-result || fail "a full disk: $(grep '^left\|^written' disk-result)"
else
    echo "hostile_test: SKIPPED the full-disk cases (cannot mount a tmpfs here)"
fi

# --- 4. convert into an existing folder: refused unless --force, then swapped in whole -----
"$caseload_binary" convert "$small/05-siblings-hard.json" -o target || fail "convert to a new folder"
before=$(fingerprint target)
expect_exit 2 "convert into a non-empty folder without --force" -- convert x.json -o target
grep -q "give --force" "$work/err" || fail "a non-empty folder: the message does not offer --force"
[ "$before" = "$(fingerprint target)" ] || fail "a refused convert changed the folder"
expect_exit 0 "convert --force replaces the folder" -- convert x.json -o target --force
"$caseload_binary" convert x.json -o fresh
[ "$(fingerprint fresh)" = "$(fingerprint target)" ] || fail "convert --force: the folder is not exactly the new one"
printf 'mine\n' >target/notes.txt
expect_exit 2 "convert --force over a folder holding another file" -- convert x.json -o target --force
grep -q "holds notes.txt" "$work/err" || fail "a foreign file: not named"
[ -e target/notes.txt ] || fail "convert --force removed a file it does not write"
mkdir empty
expect_exit 0 "convert into an empty folder" -- convert x.json -o empty
expect_exit 2 "convert onto a regular file" -- convert x.json -o afile
expect_exit 2 "convert -o ." -- convert x.json -o .
ln -s fresh fresh-link
expect_exit 2 "convert onto a symbolic link to a folder" -- convert x.json -o fresh-link --force
before=$(fingerprint fresh)
expect_exit 3 "convert an invalid instance into an existing folder" -- convert "$root/tests/bad/cap-zero.json" -o fresh --force
[ "$before" = "$(fingerprint fresh)" ] || fail "an invalid instance changed the folder"
no_temporaries "convert" .

# --- 5. signals: stop, write the best plan (or nothing), leave no temporary file ---------
# during loading: the instance comes through a pipe held half-written
signal_while_loading() { # SIGNAL
    rm -f loading.json && mkfifo feed
    start_input=feed start "$caseload_binary" plan - -o loading.json --time-limit 20 --quiet
    exec 4>feed
    head -c 100000 big.json >&4
    sleep 0.2
    kill -"$1" "$pid"
    kill -"$1" "$pid" # a second signal must not kill the run either
    tail -c +100001 big.json >&4
    exec 4>&-
    finish
    rm -f feed
    checks=$((checks + 1))
    [ "$code" = 0 ] || fail "SIG$1 while loading: exit $code, expected 0 (the plan found)"
    is_plan loading.json || fail "SIG$1 while loading: no complete plan written"
    no_temporaries "SIG$1 while loading" .
}
# in the search: once the trace shows the first plan, or a moment after the start
signal_in_search() { # SIGNAL WHEN(first-plan|start)
    rm -f search.json search.csv search.trace
    start_errors=search.trace start "$caseload_binary" plan big.json -o search.json --csv search.csv \
        --trace /dev/stderr --time-limit 30 --quiet
    if [ "$2" = start ]; then # its temporary files exist: the instance is being read
        wait_for 20 temporary_exists . || fail "SIG$1 in the search: no temporary file seen"
        sleep 0.2
    else
        wait_for 20 grep -qs first-plan search.trace || fail "SIG$1 in the search: no first plan seen"
    fi
    kill -"$1" "$pid"
    sleep 0.1
    kill -"$1" "$pid" 2>/dev/null
    finish
    checks=$((checks + 1))
    [ "$code" = 0 ] || { fail "SIG$1 in the search ($2): exit $code, expected 0"; grep -v "^[0-9]" search.trace | head -3; }
    is_plan search.json || fail "SIG$1 in the search ($2): no complete plan written"
    [ -s search.csv ] || fail "SIG$1 in the search ($2): the CSV is missing"
    grep -q "interrupted: the plan is the best found so far" search.trace ||
        fail "SIG$1 in the search ($2): the plan is not said to be the best found"
    # the search stopped there: the plan is marked feasible, with the gap left, long
    # before the 30 s limit (a search that ignored the signal would end optimal or at 30 s)
    checks=$((checks + 1))
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
sys.exit(0 if d["status"] == "feasible" and d["gap"] > 0 and d["solve_seconds"] < 25 else 1)' search.json ||
        fail "SIG$1 in the search ($2): the plan is not marked as stopped early: $(grep -o '"\(status\|gap\|solve_seconds\)": [^,]*' search.json | tr '\n' ' ')"
    no_temporaries "SIG$1 in the search ($2)" .
}
# while writing: the last output is a FIFO nobody reads yet, so the run waits there
signal_while_writing() { # SIGNAL
    rm -f writing.json writing.csv && mkfifo slow
    start "$caseload_binary" plan x.json -o writing.json --csv writing.csv --teams-csv slow --quiet
    wait_for 10 temporary_grown 100 . || fail "SIG$1 while writing: the plan never reached its temporary file"
    kill -"$1" "$pid"
    kill -"$1" "$pid"
    timeout 30 cat slow >/dev/null
    finish
    rm -f slow
    checks=$((checks + 1))
    [ "$code" = 0 ] || fail "SIG$1 while writing: exit $code, expected 0"
    is_plan writing.json || fail "SIG$1 while writing: no complete plan written"
    no_temporaries "SIG$1 while writing" .
}
# commands that do not search stop at once, with nothing written
signal_ends_generate() { # SIGNAL EXIT
    rm -f huge.json
    start "$caseload_binary" generate --counties 99 --teams 30 --workers-per-team 100 -o huge.json
    wait_for 20 temporary_grown 1000000 . || fail "SIG$1 in generate: no temporary file grew"
    kill -"$1" "$pid"
    finish
    checks=$((checks + 1))
    [ "$code" = "$2" ] || fail "SIG$1 in generate: exit $code, expected $2"
    [ ! -e huge.json ] || fail "SIG$1 in generate: a half instance was written"
    no_temporaries "SIG$1 in generate" .
}
signal_ends_convert() { # SIGNAL EXIT
    rm -rf converted
    start "$caseload_binary" convert big.json -o converted
    wait_for 20 temporary_folder_holds settings.csv . || fail "SIG$1 in convert: no file in the new folder seen"
    kill -"$1" "$pid"
    finish
    checks=$((checks + 1))
    [ "$code" = "$2" ] || [ "$code" = 0 ] || fail "SIG$1 in convert: exit $code, expected $2"
    [ "$code" = 0 ] || [ ! -e converted ] || fail "SIG$1 in convert: a half folder was left"
    no_temporaries "SIG$1 in convert" .
}
signal_while_loading INT
signal_while_loading HUP
signal_in_search TERM start
signal_in_search INT first-plan
signal_in_search HUP first-plan
signal_while_writing TERM
signal_while_writing HUP
signal_ends_generate TERM 143
signal_ends_generate INT 130
signal_ends_generate QUIT 131
signal_ends_convert HUP 129


# --- issue 23 (1): a stream target replaced while the run waits: never truncated ---------
stream_race() { # HOW: link or move
    rm -f fifo1 fifo2 race-out.csv && mkfifo fifo1 fifo2
    printf 'precious\n' >precious.txt
    start_errors=race.err start "$caseload_binary" plan x.json -o fifo1 --csv fifo2 --quiet
    sleep 0.5 # the run now waits on fifo1, whose reader comes below
    if [ "$1" = link ]; then rm -f fifo2 && ln -s precious.txt fifo2; else cp precious.txt moved.txt && mv moved.txt fifo2; fi
    timeout 30 cat fifo1 >/dev/null
    finish
    checks=$((checks + 1))
    [ "$code" = 5 ] || fail "fifo2 replaced by a $1 while running: exit $code, expected 5"
    grep -q "^precious$" precious.txt || fail "fifo2 replaced by a $1: precious.txt was cut or written"
    [ "$1" = link ] || grep -q "^precious$" fifo2 || fail "fifo2 replaced by a moved file: the file was written"
    grep -q "fifo2: was replaced by a regular file" race.err || fail "fifo2 replaced by a $1: $(cat race.err)"
    rm -f fifo1 fifo2 race.err
}
stream_race link
stream_race move

# --- issue 23 (2): the history files a forecast names are inputs -------------------------
"$caseload_binary" generate --teams 1 --workers-per-team 2 --municipalities 2 --months 3 -o hist >/dev/null 2>&1 ||
    fail "generate --months 3"
before=$(fingerprint hist)
expect_exit 2 "forecast -o onto a history file it reads" -- forecast hist/month-03.json -f hist/rates.json -o hist/month-02.json -q
grep -q "would replace the input hist/month-02.json" "$work/err" || fail "forecast onto its history: $(cat "$work/err")"
expect_exit 2 "forecast --csv onto a history file through ./" -- forecast hist/month-03.json -f hist/rates.json --csv ./hist/month-01.json -q
[ "$before" = "$(fingerprint hist)" ] || fail "forecast onto its history changed the history"

# --- issue 23 (3): generate --months is all-or-nothing, as convert ---------------------------
gen() { "$caseload_binary" generate --teams 1 --workers-per-team 2 --municipalities 2 "$@"; }
before=$(fingerprint hist)
checks=$((checks + 1))
gen --months 2 -o hist >/dev/null 2>gen.err; code=$?
[ "$code" = 2 ] || fail "generate --months into a non-empty folder without --force: exit $code, expected 2"
grep -q "give --force" gen.err || fail "generate --months, non-empty folder: $(cat gen.err)"
printf 'mine\n' >hist/notes.txt
checks=$((checks + 1))
gen --months 2 -o hist --force >/dev/null 2>gen.err; code=$?
[ "$code" = 2 ] && grep -q "holds notes.txt" gen.err || fail "generate --months --force over a foreign file: exit $code $(cat gen.err)"
rm hist/notes.txt
[ "$before" = "$(fingerprint hist)" ] || fail "a refused generate --months changed the folder"
checks=$((checks + 1))
gen --months 2 -o hist --force >/dev/null 2>&1 || fail "generate --months 2 --force over a history"
gen --months 2 -o hist-fresh >/dev/null 2>&1
[ "$(fingerprint hist)" = "$(fingerprint hist-fresh)" ] || fail "generate --months --force: not exactly a fresh history (month-03.json left?)"
ln -s hist-fresh hist-link
checks=$((checks + 1))
gen --months 2 -o hist-link --force >/dev/null 2>gen.err; code=$?
[ "$code" = 2 ] && grep -q "symbolic link" gen.err || fail "generate --months through a symlinked folder: exit $code"
checks=$((checks + 1))
gen --months 2 -o nowhere/hist >/dev/null 2>gen.err; code=$?
[ "$code" = 5 ] && [ ! -e nowhere ] || fail "generate --months under a missing folder: exit $code"
no_temporaries "generate --months" .

# --- issue 23 (4): convert --force never leaves old client data behind ----------------------
"$caseload_binary" convert x.json -o old-data >/dev/null 2>&1
rm old-data/children.csv && mkdir old-data/children.csv && printf 'client notes\n' >old-data/children.csv/notes.txt
expect_exit 2 "convert --force over a folder whose children.csv is a folder" -- convert x.json -o old-data --force
grep -q "children.csv, which is not a regular file" "$work/err" || fail "children.csv a folder: $(cat "$work/err")"
[ -e old-data/children.csv/notes.txt ] || fail "convert --force: the notes in children.csv/ are gone"
no_temporaries "convert --force over a folder named children.csv" .

# --- issue 23 (8): the forecast's memory and the whole run's time limit -----------------------
python3 - "$root/instances/forecasts/keski-suomi-outlook.json" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
huge = dict(spec, months=120, intake=[dict(e, families_per_month=1000000 / len(spec["intake"])) for e in spec["intake"]])
json.dump(huge, open("huge-forecast.json", "w"))
json.dump(dict(spec, months=120, samples=5000), open("long-forecast.json", "w"))
PY
started=$(date +%s%N)
expect_exit 2 "forecast of a million families a month" -- forecast "$root/instances/keski-suomi.json" -f huge-forecast.json -q
grep -q "more than the .* MB the memory limit leaves" "$work/err" || fail "forecast memory: $(cat "$work/err")"
expect_exit 2 "forecast under --memory-limit 64M" -- forecast "$root/instances/keski-suomi.json" -f long-forecast.json --memory-limit 64M -q
started=$(date +%s%N)
expect_exit 5 "forecast of 5000 samples under --time-limit 3" -- forecast "$root/instances/keski-suomi.json" -f long-forecast.json --time-limit 3 -q -o long.json
elapsed=$((($(date +%s%N) - started) / 1000000))
checks=$((checks + 1))
[ "$elapsed" -le 5000 ] || fail "forecast --time-limit 3 took $elapsed ms"
[ ! -e long.json ] || fail "a forecast past its time limit wrote its output"
grep -q "time limit" "$work/err" || fail "forecast past its time limit: $(cat "$work/err")"

# --- issue 23 (13): explain refuses a tampered plan -----------------------------------------
"$caseload_binary" plan x.json -o honest.json --quiet
python3 - <<'PY'
import json
plan = json.load(open("honest.json"))
def tampered(name, change):
    d = json.loads(json.dumps(plan)); change(d); json.dump(d, open(name, "w"))
tampered("t-key.json", lambda d: d.update(note="x"))
tampered("t-cap.json", lambda d: d["workers"][0].update(cap=1e308))
tampered("t-counted.json", lambda d: d["workers"][0].update(counted_after=-5))
tampered("t-terms.json", lambda d: d["terms"].update(km=0))
PY
expect_exit 0 "explain an honest plan" -- explain x.json honest.json C01
for t in key cap counted terms; do
    expect_exit 3 "explain a plan with a tampered $t" -- explain x.json "t-$t.json" C01
done

no_temporaries "the whole run" "$work"
echo "hostile_test: $checks checks, $failures failures"
[ "$failures" = 0 ]
