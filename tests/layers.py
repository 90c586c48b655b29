#!/usr/bin/env python3
"""The layers of src/ (doc/ARCHITECTURE.md) checked from the sources and the objects.

Two kinds of edge between modules (a module is a .c file with its header, or a
header alone):
  - include edges: "#include "layer/name.h"" in a file of src/;
  - link edges: an object that uses a symbol another object of the library defines
    (read with nm from BUILD/obj).
It fails when an edge runs up the layers (a lower layer using a higher one), when
an include is not qualified by its folder, or when the edges between modules close
a cycle. Exit 0 when clean, 1 with every violation listed.

    python3 tests/layers.py [--build build] [--src src] [--no-link]
"""
import argparse
import os
import re
import subprocess
import sys

LAYERS = ["base", "core", "io", "model", "solve", "report", "forecast", "generate", "api", "cli"]
RANK = {name: i for i, name in enumerate(LAYERS)}
# The public API (include/caseload.h), implemented by src/api; the layers in
# PUBLIC_ONLY (the command line) use the library through it alone: no include of
# src/, no symbol of any layer but api.
PUBLIC_HEADER = "caseload.h"
PUBLIC_ONLY = {"cli"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def module_of(path):
    """src/solve/search.c -> solve/search."""
    folder, name = os.path.split(path)
    return os.path.basename(folder) + "/" + os.path.splitext(name)[0]


def source_files(src):
    files = []
    for layer in sorted(os.listdir(src)):
        folder = os.path.join(src, layer)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith((".c", ".h")):
                files.append(os.path.join(folder, name))
    return files


def has_source(src, path):
    """True for a .c file, and for a header beside a .c of the same name."""
    return path.endswith(".c") or os.path.exists(path[:-2] + ".c")


def include_edges(src, problems):
    edges = set()
    for path in source_files(src):
        layer = os.path.basename(os.path.dirname(path))
        if layer not in RANK:
            problems.append(f"{path}: folder {layer!r} is not a layer (tests/layers.py LAYERS)")
            continue
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
        for number, line in enumerate(text.splitlines(), 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            target = match.group(1)
            where = f"{path}:{number}"
            if target == PUBLIC_HEADER:
                continue  # include/caseload.h, the public API: any layer may include it
            if layer in PUBLIC_ONLY and target.split("/", 1)[0] != layer:
                problems.append(f'{where}: {layer} includes "{target}": it may use only '
                                f'"{PUBLIC_HEADER}" and its own headers')
                continue
            if "/" not in target:
                problems.append(f'{where}: #include "{target}" is not qualified by its folder')
                continue
            target_layer = target.split("/", 1)[0]
            if not os.path.exists(os.path.join(src, target)):
                if target_layer in RANK:
                    problems.append(f'{where}: #include "{target}": no such file in {src}/')
                continue
            if target_layer not in RANK:
                continue
            if RANK[target_layer] > RANK[layer]:
                problems.append(f'{where}: {layer} includes "{target}" of the higher layer {target_layer}')
            # A header without a .c of its own (an internal header shared by the
            # files of one module, or tuning constants) declares what other files
            # define: the link edges carry those dependencies, so it adds no edge.
            source, dest = module_of(path), target[:-2]
            if not has_source(src, path) or not os.path.exists(os.path.join(src, dest + ".c")):
                continue
            if source != dest:
                edges.add((source, dest, where))
    return edges


def link_edges(build, problems):
    """Edges from the objects' undefined symbols to the objects that define them."""
    objects = []
    root = os.path.join(build, "obj")
    for layer in LAYERS:
        folder = os.path.join(root, layer)
        if os.path.isdir(folder):
            objects += [os.path.join(folder, name) for name in sorted(os.listdir(folder))
                        if name.endswith(".o") and not name.endswith("-hooks.o")]
    if not objects:
        problems.append(f"{root}: no objects (build first, or pass --no-link)")
        return set()
    defined, used = {}, {}
    for path in objects:
        module = os.path.basename(os.path.dirname(path)) + "/" + os.path.basename(path)[:-2]
        output = subprocess.run(["nm", "-P", path], check=True, capture_output=True,
                                text=True).stdout
        used[module] = set()
        for line in output.splitlines():
            fields = line.split()
            if len(fields) < 2:
                continue
            symbol, kind = fields[0], fields[1]
            if kind == "U":
                used[module].add(symbol)
            elif kind in ("T", "D", "B", "R", "C", "V", "W"):
                defined.setdefault(symbol, module)
    edges = set()
    for module, symbols in used.items():
        layer = module.split("/", 1)[0]
        for symbol in sorted(symbols):
            owner = defined.get(symbol)
            if owner is None or owner == module:
                continue
            owner_layer = owner.split("/", 1)[0]
            where = f"{build}/obj/{module}.o: {symbol}"
            if RANK[owner_layer] > RANK[layer]:
                problems.append(f"{where}: {layer} uses {symbol} of the higher layer {owner_layer} ({owner}.c)")
            elif layer in PUBLIC_ONLY and owner_layer not in (layer, "api"):
                problems.append(f"{where}: {layer} uses {symbol} of {owner_layer} ({owner}.c), "
                                f"not of the public API")
            edges.add((module, owner, where))
    return edges


def cycles(edges):
    """The strongly connected components of more than one module (Tarjan)."""
    graph = {}
    for source, dest, _ in edges:
        graph.setdefault(source, set()).add(dest)
        graph.setdefault(dest, set())
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--src", default="src")
    parser.add_argument("--no-link", action="store_true")
    options = parser.parse_args()
    problems = []
    edges = include_edges(options.src, problems)
    if not options.no_link:
        edges |= link_edges(options.build, problems)
    for component in cycles(edges):
        members = set(component)
        witness = sorted(where for source, dest, where in edges
                         if source in members and dest in members)
        problems.append("cycle: " + " <-> ".join(component) + "\n    " + "\n    ".join(witness[:8]))
    for problem in problems:
        print("layers: " + problem)
    if problems:
        print(f"layers: {len(problems)} problem(s); the layers are in doc/ARCHITECTURE.md")
        return 1
    print(f"layers: {len(edges)} edges between modules, none upward, no cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
