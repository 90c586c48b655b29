#!/usr/bin/env python3
"""identity_table_test.py CASELOAD - issue 23 items 5 and 6: every code point of
the classes that must not hide a personal identity code, taken from the data
(Debian's unicode-data in /usr/share/unicode and ICU's confusables, through
uspoof, as the reference), never a hand list:

  ignorable  every Default_Ignorable_Code_Point (DerivedCoreProperties.txt), and
             every combining mark (general category M*), inserted at every
             position of a valid code;
  dash       every dash (general category Pd) in place of the century sign '-';
  nfkc       every code point whose NFKC (ICU) is one ASCII digit or letter, in
             place of that character at every position of a code where it fits;
  confusable every code point whose UTS #39 skeleton (ICU), or its upper or lower
             case's, is that of an ASCII digit or letter, likewise.

Part 1 calls identity_code_in (src/base/identity.c, compiled into a shared object
here) on every variant: all must be found. Part 2 writes each variant into every
field that is read (a child, family, worker, team and municipality id, a
reference, a scenario's leave list, a CSV id and name: one file per field, one
element per variant; the instance, scenario and forecast names, a file name taken
as a name and a plan's reason: a rotating sample, one run each) and runs the
command: every one refused with exit 3, exactly one error per element, and no
message echoes a variant or its date part.
"""
import ctypes
import ctypes.util
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UCD = os.environ.get("UCD", "/usr/share/unicode")
CASELOAD = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, "build/caseload")
CODE = "010203-123B"  # DDMMYY, sign, three digits, check character
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def read_unicode_data():
    categories = {}
    first = None
    with open(os.path.join(UCD, "UnicodeData.txt"), encoding="utf-8") as f:
        for line in f:
            fields = line.split(";")
            code, name, category = int(fields[0], 16), fields[1], fields[2]
            if name.endswith(", First>"):
                first = code
            elif name.endswith(", Last>"):
                for c in range(first, code + 1):
                    categories[c] = category
            else:
                categories[code] = category
    return categories


def read_ignorable():
    codes = set()
    with open(os.path.join(UCD, "DerivedCoreProperties.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if not line or line.split(";")[1].strip() != "Default_Ignorable_Code_Point":
                continue
            span = line.split(";")[0].strip()
            a, _, b = span.partition("..")
            codes.update(range(int(a, 16), int(b or a, 16) + 1))
    return codes


class Icu:
    """NFKC and the confusable skeleton, from ICU (the reference)."""

    def __init__(self):
        self.i18n = ctypes.CDLL(ctypes.util.find_library("icui18n"))
        self.uc = ctypes.CDLL(ctypes.util.find_library("icuuc"))
        suffix = next("_%d" % v for v in range(100, 40, -1) if hasattr(self.i18n, "uspoof_open_%d" % v))
        self.spoof_open = getattr(self.i18n, "uspoof_open" + suffix)
        self.spoof_open.restype = ctypes.c_void_p
        self.skeleton_utf8 = getattr(self.i18n, "uspoof_getSkeletonUTF8" + suffix)
        self.skeleton_utf8.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_char_p, ctypes.c_int32,
                                       ctypes.c_char_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_int)]
        nfkc = getattr(self.uc, "unorm2_getNFKCInstance" + suffix)
        nfkc.restype = ctypes.c_void_p
        self.normalize = getattr(self.uc, "unorm2_normalize" + suffix)
        self.normalize.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int32, ctypes.c_void_p,
                                   ctypes.c_int32, ctypes.POINTER(ctypes.c_int)]
        status = ctypes.c_int(0)
        self.nfkc = ctypes.c_void_p(nfkc(ctypes.byref(status)))
        self.checker = ctypes.c_void_p(self.spoof_open(ctypes.byref(status)))
        self.out = ctypes.create_string_buffer(512)

    def skeleton(self, text):
        data = text.encode("utf-8")
        status = ctypes.c_int(0)
        n = self.skeleton_utf8(self.checker, 0, data, len(data), self.out, len(self.out), ctypes.byref(status))
        return self.out.raw[:n].decode("utf-8") if status.value <= 0 else None

    def nfkc_of(self, text):
        source = text.encode("utf-16-le")
        units = len(source) // 2
        src = ctypes.create_string_buffer(source, len(source))
        dest = ctypes.create_string_buffer(128)
        status = ctypes.c_int(0)
        n = self.normalize(self.nfkc, src, units, dest, 64, ctypes.byref(status))
        return dest.raw[:2 * n].decode("utf-16-le") if status.value <= 0 else None


def identity_library(folder):
    library = os.path.join(folder, "libidentity.so")
    sources = [os.path.join(ROOT, "src/base", name) for name in ("identity.c", "unicode.c", "unicode_tables.c")]
    subprocess.run(["cc", "-std=c11", "-O1", "-shared", "-fPIC", "-I" + os.path.join(ROOT, "src"), "-o", library]
                   + sources, check=True)
    lib = ctypes.CDLL(library)
    lib.identity_code_in.argtypes = [ctypes.c_char_p]
    lib.identity_code_in.restype = ctypes.c_bool
    return lib


def positions_for(symbol):
    """Positions of CODE where `symbol` may stand in some valid code, with that code."""
    out = []
    if symbol.isdigit():
        d = int(symbol)
        days = {0: "%d1" % d if d <= 3 else None, 1: "1%d" % d}
        months = {2: "%d1" % d if d <= 1 else None, 3: ("0%d" % d) if d >= 1 else "10"}
        for p, pair in list(days.items()):
            if pair:
                out.append((p, pair + CODE[2:]))
        for p, pair in list(months.items()):
            if pair:
                out.append((p, CODE[:2] + pair + CODE[4:]))
        for p in (4, 5, 7, 8, 9):
            out.append((p, CODE[:p] + symbol + CODE[p + 1:]))
        out.append((10, CODE[:10] + symbol))
    else:
        if symbol in "+-ABCDEFXYWVU":
            out.append((6, CODE[:6] + symbol + CODE[7:]))
        if symbol in "ABCDEFHJKLMNPRSTUVWXY":
            out.append((10, CODE[:10] + symbol))
    return out


def main():
    if not os.path.exists(os.path.join(UCD, "UnicodeData.txt")):
        print("identity_table_test: %s/UnicodeData.txt is missing: apt-get install unicode-data" % UCD)
        return 1
    categories = read_unicode_data()
    ignorable = read_ignorable()
    icu = Icu()
    work = tempfile.mkdtemp(prefix="identity-table-")
    lib = identity_library(work)

    targets = {}
    for symbol in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        for form in {symbol, symbol.lower()}:
            targets.setdefault(icu.skeleton(form), set()).add(symbol)
    classes = {"ignorable": [], "dash": [], "nfkc": [], "confusable": []}
    substitutes = {}  # code point -> the ASCII symbols it stands for
    for code in range(0x80, 0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        category = categories.get(code, "Cn")
        if code in ignorable or category.startswith("M"):
            classes["ignorable"].append(code)
            continue
        if category == "Pd":
            classes["dash"].append(code)
            substitutes[code] = {"-"}
            continue
        if category == "Cn":
            continue
        text = chr(code)
        folded = icu.nfkc_of(text)
        if folded is not None:
            kept = "".join(ch for ch in folded if ord(ch) not in ignorable
                           and not categories.get(ord(ch), "Cn").startswith("M"))
            if len(kept) == 1 and kept.isascii() and kept.isalnum():
                classes["nfkc"].append(code)
                substitutes[code] = {kept.upper()}
                continue
        found = set()
        for form in {text, text.upper(), text.lower()}:
            if len(form) == 1:
                found |= targets.get(icu.skeleton(form), set())
        if found:
            classes["confusable"].append(code)
            substitutes[code] = found
    print("identity_table_test: Unicode data of %s; classes: %s" % (
        UCD, ", ".join("%s %d" % (name, len(codes)) for name, codes in classes.items())))

    # --- part 1: every code point, every position --------------------------------
    checked = 0
    variants = {name: [] for name in classes}
    for code in classes["ignorable"]:
        for p in range(len(CODE) + 1):
            variant = CODE[:p] + chr(code) + CODE[p:]
            checked += 1
            if not lib.identity_code_in(variant.encode("utf-8")):
                fail("U+%04X inserted at %d: %r not found" % (code, p, variant))
            if p == code % (len(CODE) + 1):
                variants["ignorable"].append(variant)
    for name in ("dash", "nfkc", "confusable"):
        for code in classes[name]:
            chosen = None
            for symbol in sorted(substitutes[code]):
                for p, base in positions_for(symbol):
                    variant = base[:p] + chr(code) + base[p + 1:]
                    checked += 1
                    if not lib.identity_code_in(variant.encode("utf-8")):
                        fail("U+%04X for %s at %d: %r not found" % (code, symbol, p, variant))
                    chosen = chosen or variant
            if chosen is not None:
                variants[name].append(chosen)
    print("identity_table_test: part 1: %d writings checked" % checked)

    # --- part 2: every field that is read, through the command -------------------
    # one element per writing; writings that are one id ignoring case and Unicode
    # normalisation (U+2169 and U+2179) would add a duplicate error: one of each kept
    import unicodedata
    every, keys = [], set()
    for name in classes:
        for v in variants[name]:
            key = unicodedata.normalize("NFD", unicodedata.normalize("NFD", v).casefold())
            if key not in keys:
                keys.add(key)
                every.append(v)
    base = json.load(open(os.path.join(ROOT, "instances/small/01-worker-leaves.json"), encoding="utf-8"))

    def run(args):
        result = subprocess.run([CASELOAD] + args, capture_output=True, cwd=work)
        return result.returncode, result.stdout.decode("utf-8", "replace") + result.stderr.decode("utf-8", "replace")

    def errors_of(output):
        lines = [l for l in output.splitlines() if l.startswith("caseload: ")]
        more = [int(l.split()[-5]) for l in lines if l.endswith("more errors not shown")]
        return len([l for l in lines if not l.endswith("not shown")]) + sum(more)

    def echoed(output, values):
        if "0203" in output or "0102" in output:
            return True
        return any(v in output for v in values)

    def batch(field, change, count):
        document = json.loads(json.dumps(base))
        change(document, every[:count])
        path = os.path.join(work, "field-%s.json" % field)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(document, f, ensure_ascii=False)
        return path

    def per_child(key, prefix=""):
        def change(document, values):
            template = document["children"][0]
            for i, value in enumerate(values):
                child = dict(template)
                child["id"] = "X%05d" % i
                child[key] = prefix + value
                document["children"].append(child)
        return change

    def per_element(array, reference=None):
        def change(document, values):
            template = document[array][0]
            for value in values:
                element = dict(template)
                element["id"] = value
                document[array].append(element)
        return change

    fields = [("child-id", per_child("id", "C-")), ("family", per_child("family")),
              ("reference", per_child("worker")), ("worker-id", per_element("workers")),
              ("team-id", per_element("teams")), ("municipality-id", per_element("municipalities"))]
    for field, change in fields:
        # at most MAX_MUNICIPALITIES (4000) municipalities: a rotating part of the writings
        count_wanted = len(every) if field != "municipality-id" else 3900
        path = batch(field, change, count_wanted)
        code, output = run(["check", path])
        count = errors_of(output)
        if code != 3 or count != count_wanted:
            fail("%s: exit %d, %d errors for %d writings" % (field, code, count, count_wanted))
        if echoed(output, every):
            fail("%s: a writing is echoed" % field)
        print("identity_table_test: part 2: %s: %d writings refused" % (field, count))

    # a scenario's leave list: one entry per writing
    scenario = os.path.join(work, "leave.json")
    json.dump({"format": "caseload-scenario/1", "name": "s", "leave": every}, open(scenario, "w", encoding="utf-8"),
              ensure_ascii=False)
    instance = os.path.join(work, "base.json")
    json.dump(base, open(instance, "w", encoding="utf-8"), ensure_ascii=False)
    code, output = run(["check", instance, "-s", scenario])
    if code != 3 or errors_of(output) != len(every) or echoed(output, every):
        fail("scenario leave: exit %d, %d errors for %d writings" % (code, errors_of(output), len(every)))
    print("identity_table_test: part 2: scenario leave: %d writings refused" % errors_of(output))

    # a CSV folder: the ids and the names of children.csv
    folder = os.path.join(work, "folder")
    run(["convert", instance, "-o", folder])
    children = open(os.path.join(folder, "children.csv"), encoding="utf-8-sig").read().splitlines()
    header, first = children[0], children[1].split(";")
    for column in ("id", "worker"):
        index = header.split(";").index(column)
        rows = [header]
        for i, value in enumerate(every):
            cells = list(first)
            cells[0] = "X%05d" % i
            cells[index] = ("C-" if column == "id" else "") + value
            rows.append(";".join(cells))
        copy = os.path.join(work, "csv-" + column)
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(folder, copy)
        with open(os.path.join(copy, "children.csv"), "w", encoding="utf-8-sig") as f:
            f.write("\r\n".join(rows) + "\r\n")
        code, output = run(["check", copy])
        if code != 3 or errors_of(output) != len(every) or echoed(output, every):
            fail("CSV %s: exit %d, %d errors for %d writings" % (column, code, errors_of(output), len(every)))
        print("identity_table_test: part 2: CSV %s: %d writings refused" % (column, errors_of(output)))

    # single values: a rotating sample, one run each
    sample = every[:: max(1, len(every) // 40)]
    run(["plan", instance, "-o", os.path.join(work, "plan.json")])
    plan = json.load(open(os.path.join(work, "plan.json"), encoding="utf-8"))
    forecast = {"format": "caseload-forecast/1", "months": 2, "samples": 2,
                "intake": [], "closure": {"avohuolto": 0.1, "sijaishuolto": 0.1, "jalkihuolto": 0.1},
                "family_sizes": [1.0]}
    single = 0
    for i, value in enumerate(sample):
        cases = []
        document = json.loads(json.dumps(base))
        document["name"] = "Otos " + value
        path = os.path.join(work, "name.json")
        json.dump(document, open(path, "w", encoding="utf-8"), ensure_ascii=False)
        cases.append(("instance name", ["check", path]))
        path = os.path.join(work, "scenario-name.json")
        json.dump({"format": "caseload-scenario/1", "name": value}, open(path, "w", encoding="utf-8"),
                  ensure_ascii=False)
        cases.append(("scenario name", ["check", instance, "-s", path]))
        stem = os.path.join(work, "s%d-%s.json" % (i, value))
        json.dump({"format": "caseload-scenario/1"}, open(stem, "w", encoding="utf-8"))
        cases.append(("scenario file name", ["compare", instance, "-s", stem, "-s", stem]))
        path = os.path.join(work, "forecast-name.json")
        json.dump(dict(forecast, name=value), open(path, "w", encoding="utf-8"), ensure_ascii=False)
        cases.append(("forecast name", ["forecast", instance, "-f", path, "-q"]))
        stem = os.path.join(work, "f%d-%s.json" % (i, value))
        json.dump(forecast, open(stem, "w", encoding="utf-8"))
        cases.append(("forecast file name", ["forecast", instance, "-f", stem, "-q"]))
        tampered = json.loads(json.dumps(plan))
        tampered["assignments"][0]["reason"] = value
        path = os.path.join(work, "reason.json")
        json.dump(tampered, open(path, "w", encoding="utf-8"), ensure_ascii=False)
        cases.append(("plan reason", ["explain", instance, path, base["children"][0]["id"]]))
        for field, args in cases:
            code, output = run(args)
            single += 1
            if code != 3:
                fail("%s: %r: exit %d" % (field, value, code))
            if echoed(output, [value]):
                fail("%s: %r is echoed" % (field, value))
    print("identity_table_test: part 2: %d single-value runs refused" % single)
    shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (checked + 8 + single - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
