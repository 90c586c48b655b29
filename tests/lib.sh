# lib.sh - what the end-to-end test scripts share. Source it after setting nothing:
# it reads the binary from $1 and sets caseload_binary, here, root, work (a
# temporary folder removed on exit), and the counters failures and checks.
set -u
caseload_binary=$(realpath "$1")
here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
root=$(dirname "$here")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
checks=0

# run ARGS...: the binary, under $VALGRIND when set.
run() { ${VALGRIND:-} "$caseload_binary" "$@"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# expect_exit CODE DESCRIPTION -- COMMAND...: run (output in $work/out, $work/err)
# and compare the exit code.
expect_exit() {
    local expected=$1 description=$2
    shift 3
    checks=$((checks + 1))
    run "$@" >"$work/out" 2>"$work/err"
    local code=$?
    [ "$code" = "$expected" ] || { fail "$description: exit $code, expected $expected"; sed 's/^/  | /' "$work/err" | head -5; }
}
