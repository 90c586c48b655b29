#!/usr/bin/env python3
"""Exported names that do not lead to their file, checked from the objects.

A symbol a library or command-line object exports (nm BUILD/obj/LAYER/STEM.o)
must start with its file's prefix: STEM_ (solve/search.o: search_pass), or, for a
file of a family STEM = FAMILY_REST, FAMILY_ (report/report_check.o:
report_write_check_html). And no other file may claim the name more closely: a
name that starts with another module's longer stem belongs in that module
(forecast_write_history belongs in forecast_write.c, not forecast.c).

EXCEPTIONS below lists what may stay as it is, with the reason; PENDING lists the
names other branches are renaming (src/cli, src/forecast), to be emptied when
they are merged. Exit 0 when clean, 1 with every name listed.

    python3 tests/names.py [--build build]
"""
import argparse
import os
import subprocess
import sys

# module -> prefixes its exports may have besides its own, and why.
EXCEPTIONS = {
    # the public API (include/caseload.h) is named after the library, its internal
    # helpers after the layer
    **{f"api/{stem}": ("caseload", "api") for stem in ("api", "api_load", "api_run", "api_tools", "api_month")},
}

# Names still to rename when another branch renames them (module -> names).
PENDING = {}

LAYERS = ["base", "core", "io", "model", "solve", "report", "forecast", "generate", "api", "cli"]


def objects(build):
    found = []
    root = os.path.join(build, "obj")
    for layer in LAYERS:
        folder = os.path.join(root, layer)
        if os.path.isdir(folder):
            found += [(layer, name[:-2]) for name in sorted(os.listdir(folder))
                      if name.endswith(".o") and not name.endswith("-hooks.o")]
    return found


def exported(build, layer, stem):
    output = subprocess.run(["nm", "-P", "-g", "--defined-only",
                             os.path.join(build, "obj", layer, stem + ".o")],
                            check=True, capture_output=True, text=True).stdout
    for line in output.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[1] in ("T", "D", "B", "R", "C", "V", "W", "G", "S"):
            yield fields[0]


def starts(name, prefix):
    return name == prefix or name.startswith(prefix + "_")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    options = parser.parse_args()
    modules = objects(options.build)
    if not modules:
        print(f"names: {options.build}/obj: no objects (build first)")
        return 1
    stems = {stem for _, stem in modules}
    problems, count = [], 0
    for layer, stem in modules:
        module = f"{layer}/{stem}"
        family = stem.split("_", 1)[0]
        allowed = EXCEPTIONS.get(module, {})
        for name in exported(options.build, layer, stem):
            count += 1
            if name in PENDING.get(module, []):
                continue
            if any(starts(name, prefix) for prefix in allowed):
                continue
            claims = [other for other in stems if starts(name, other)]
            closest = max(claims, key=len) if claims else None
            if not (starts(name, stem) or starts(name, family)):
                problems.append(f"{module}.c: {name} does not start with {stem}_"
                                + (f" or {family}_" if family != stem else "")
                                + (f" (it names {closest}.c)" if closest else ""))
            elif closest is not None and closest not in (stem, family) and not starts(stem, closest):
                problems.append(f"{module}.c: {name} names {closest}.c: move it there or rename it")
    for problem in problems:
        print("names: " + problem)
    pending = sum(len(names) for names in PENDING.values())
    if problems:
        print(f"names: {len(problems)} of {count} exported names do not lead to their file")
        return 1
    print(f"names: {count} exported names lead to their files ({pending} pending in tests/names.py)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
