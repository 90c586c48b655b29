#!/usr/bin/env python3
"""compare_objectives.py WORK - after `KEEP=1 tests/same_plans.sh OLD NEW`, compare
the objectives of every output that differs between WORK/old and WORK/new.

A solver change may change plans; it must never make one costlier. For each
differing file that holds JSON (a plan, a size or compare report on standard
output, ...), every "objective" number in it is paired with the one at the same
place in the other file and printed as equal, lower or HIGHER; a file whose
objectives cannot be paired (another shape) is listed as such. Exit 1 when any
objective is higher, or a differing file could not be compared; 0 otherwise.
"""
import json
import os
import sys


def objectives(value, path="$"):
    """Every (path, number) of an "objective" key in a JSON value, in order."""
    if isinstance(value, dict):
        for key, item in value.items():
            where = path + "." + key
            if key == "objective" and isinstance(item, (int, float)):
                yield where, float(item)
            else:
                yield from objectives(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from objectives(item, "%s[%d]" % (path, index))


def load(path):
    try:
        with open(path, encoding="utf-8") as stream:
            return json.load(stream)
    except (OSError, ValueError):
        return None


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    old_dir, new_dir = os.path.join(sys.argv[1], "old"), os.path.join(sys.argv[1], "new")
    higher = unpaired = compared = 0
    for name in sorted(os.listdir(old_dir)):
        old_path, new_path = os.path.join(old_dir, name), os.path.join(new_dir, name)
        if os.path.isdir(old_path) or not os.path.exists(new_path):
            continue
        with open(old_path, "rb") as a, open(new_path, "rb") as b:
            if a.read() == b.read():
                continue
        old, new = load(old_path), load(new_path)
        if old is None or new is None:
            if name.endswith((".json", ".out")):
                print("%-40s differs, not JSON: not compared" % name)
                unpaired += 1
            continue
        pairs_old, pairs_new = list(objectives(old)), list(objectives(new))
        if [p for p, _ in pairs_old] != [p for p, _ in pairs_new] or not pairs_old:
            print("%-40s differs, objectives not paired (%d against %d)" % (name, len(pairs_old), len(pairs_new)))
            unpaired += 1
            continue
        for (where, a), (_, b) in zip(pairs_old, pairs_new):
            compared += 1
            tolerance = 1e-9 * max(1.0, abs(a))
            verdict = "equal" if abs(a - b) <= tolerance else "lower" if b < a else "HIGHER"
            higher += verdict == "HIGHER"
            print("%-40s %-40s %.6f -> %.6f  %s" % (name, where, a, b, verdict))
    print("compare_objectives: %d objectives compared, %d higher, %d files not compared"
          % (compared, higher, unpaired))
    return 1 if higher or unpaired else 0


if __name__ == "__main__":
    sys.exit(main())
