#!/usr/bin/env python3
"""Generate src/base/unicode_tables.{c,h}: the Unicode tables of the identity-code
check and of id comparison, from Debian's unicode-data (/usr/share/unicode) and
ICU's confusables (libicu72, through uspoof's skeleton).

    apt-get install unicode-data libicu-dev && python3 tools/unicode_tables.py

What each code point reads as, for the identity-code check (base/identity.c):
  - a Default_Ignorable_Code_Point (DerivedCoreProperties.txt: bidi marks and
    isolates, U+061C, U+2061-2064, the combining grapheme joiner, variation
    selectors, tag characters ...) or a combining mark (general category M*) reads
    as nothing: it is dropped;
  - otherwise its full compatibility decomposition (NFKD, UnicodeData.txt), less
    the marks and ignorables in it, read character by character:
      ASCII reads as itself (letters in upper case; only the characters that play
      a part in a code: 0-9 A-Z - + space = @ tab CR);
      every dash (general category Pd) reads as '-', every space (Zs) as ' ';
      a decimal digit or a digit (UnicodeData fields 6 and 7) reads as that digit;
      a character whose confusable skeleton (UTS #39, as ICU computes it), or the
      skeleton of its upper or lower case, is that of an ASCII digit, letter or
      sign reads as each of them (Cyrillic 'к' as K, 'О' as O and as 0).
A reading is a set of those symbols (a bit mask); a code point reads as a short
sequence of readings (NFKD of U+2469 is "10"), runs of characters that play no
part collapsed into one.

For comparing ids: the canonical decomposition (NFD without its reordering,
which base/unicode.c does with the combining classes) and simple case folding
(CaseFolding.txt, status C and S).

The tables are committed (src/base/unicode_tables.c); the program never reads the
data files. Run this again only to move to a new Unicode version.
"""
import ctypes
import ctypes.util
import os
import sys

UCD = os.environ.get("UCD", "/usr/share/unicode")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The symbols a reading is made of, one bit each (base/unicode_tables.h).
SYMBOLS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-+ =@\t\r"
MAX_CODE = 0x10FFFF


def ucd_version():
    with open(os.path.join(UCD, "ReadMe.txt"), encoding="utf-8") as f:
        for line in f:
            if "Version" in line and "of the Unicode Standard" in line:
                return line.split("Version")[1].split()[0]
    with open(os.path.join(UCD, "DerivedCoreProperties.txt"), encoding="utf-8") as f:
        return f.readline().split("-")[1].rsplit(".", 1)[0]


def read_unicode_data():
    """code -> (category, decomposition (tag, [codes]), decimal, digit, upper, lower)"""
    data = {}
    first = None
    with open(os.path.join(UCD, "UnicodeData.txt"), encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split(";")
            code = int(fields[0], 16)
            name = fields[1]
            decomposition = None
            if fields[5]:
                parts = fields[5].split()
                tag = parts[0] if parts[0].startswith("<") else None
                codes = [int(p, 16) for p in (parts[1:] if tag else parts)]
                decomposition = (tag, codes)
            entry = (fields[2], decomposition, fields[6], fields[7],
                     int(fields[12], 16) if fields[12] else None,
                     int(fields[13], 16) if fields[13] else None, int(fields[3]))
            if name.endswith(", First>"):
                first = code
                continue
            if name.endswith(", Last>"):
                for c in range(first, code + 1):
                    data[c] = entry
                continue
            data[code] = entry
    return data


def read_property(file_name, wanted):
    codes = set()
    with open(os.path.join(UCD, file_name), encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if not line:
                continue
            span, name = [p.strip() for p in line.split(";")[:2]]
            if name != wanted:
                continue
            if ".." in span:
                a, b = span.split("..")
                codes.update(range(int(a, 16), int(b, 16) + 1))
            else:
                codes.add(int(span, 16))
    return codes


def read_case_folding():
    folding = {}
    with open(os.path.join(UCD, "CaseFolding.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if not line:
                continue
            code, status, mapping = [p.strip() for p in line.split(";")[:3]]
            if status in ("C", "S"):
                folding[int(code, 16)] = int(mapping, 16)
    return folding


class Skeleton:
    """ICU's uspoof skeleton (UTS #39 confusables) of a string."""

    def __init__(self):
        name = ctypes.util.find_library("icui18n")
        if name is None:
            sys.exit("libicui18n not found: apt-get install libicu-dev")
        self.lib = ctypes.CDLL(name)
        suffix = ""
        for version in range(100, 40, -1):
            if hasattr(self.lib, "uspoof_open_%d" % version):
                suffix = "_%d" % version
                self.icu_version = version
                break
        self.open = getattr(self.lib, "uspoof_open" + suffix)
        self.open.restype = ctypes.c_void_p
        self.get = getattr(self.lib, "uspoof_getSkeletonUTF8" + suffix)
        self.get.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_char_p, ctypes.c_int32,
                             ctypes.c_char_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_int)]
        status = ctypes.c_int(0)
        self.checker = self.open(ctypes.byref(status))
        if status.value > 0 or not self.checker:
            sys.exit("uspoof_open failed: %d" % status.value)
        self.out = ctypes.create_string_buffer(1024)

    def __call__(self, text):
        data = text.encode("utf-8", "surrogatepass")
        status = ctypes.c_int(0)
        length = self.get(self.checker, 0, data, len(data), self.out, len(self.out), ctypes.byref(status))
        if status.value > 0:
            return None
        return self.out.raw[:length].decode("utf-8")


def main():
    version = ucd_version()
    data = read_unicode_data()
    ignorable = read_property("DerivedCoreProperties.txt", "Default_Ignorable_Code_Point")
    folding = read_case_folding()
    skeleton = Skeleton()

    def category(code):
        entry = data.get(code)
        return entry[0] if entry else "Cn"

    def dropped(code):
        return code in ignorable or category(code).startswith("M")

    def nfkd(code):
        if 0xAC00 <= code <= 0xD7A3:
            return [code]  # Hangul: plays no part in a code
        entry = data.get(code)
        if entry is None or entry[1] is None:
            return [code]
        out = []
        for part in entry[1][1]:
            out.extend(nfkd(part))
        return out

    def nfd(code):
        entry = data.get(code)
        if entry is None or entry[1] is None or entry[1][0] is not None:
            return [code]
        out = []
        for part in entry[1][1]:
            out.extend(nfd(part))
        return out

    symbol_bit = {s: i for i, s in enumerate(SYMBOLS)}
    ascii_reading = {}
    for c in range(128):
        ch = chr(c).upper()
        ascii_reading[c] = (1 << symbol_bit[ch]) if ch in symbol_bit and c != 0 else 0
    # the skeleton of each ASCII symbol, and of its lower case
    target_of_skeleton = {}
    for s in SYMBOLS:
        for variant in {s, s.lower()}:
            key = skeleton(variant)
            target_of_skeleton.setdefault(key, 0)
            target_of_skeleton[key] |= 1 << symbol_bit[s]

    def reading_of(code):
        if code < 128:
            return ascii_reading[code]
        entry = data.get(code)
        mask = 0
        cat = category(code)
        if cat == "Pd":
            mask |= 1 << symbol_bit["-"]
        if cat == "Zs":
            mask |= 1 << symbol_bit[" "]
        if entry is not None:
            for value in (entry[2], entry[3]):
                if value != "" and len(value) == 1 and value.isdigit():
                    mask |= 1 << symbol_bit[value]
        forms = {code}
        if entry is not None:
            if entry[4] is not None:
                forms.add(entry[4])
            if entry[5] is not None:
                forms.add(entry[5])
        for form in forms:
            if 0xD800 <= form <= 0xDFFF:
                continue
            key = skeleton(chr(form))
            if key is not None and key in target_of_skeleton:
                mask |= target_of_skeleton[key]
        return mask

    masks = [0]          # distinct readings; 0 = plays no part
    mask_index = {0: 0}
    expansions = [(), (0,)]  # 0: dropped, 1: one character of no part
    expansion_index = {(): 0, (0,): 1}
    code_expansion = []
    for code in range(MAX_CODE + 1):
        if 0xD800 <= code <= 0xDFFF:
            code_expansion.append(1)
            continue
        if dropped(code):
            code_expansion.append(0)
            continue
        sequence = []
        parts = nfkd(code)
        own = reading_of(code)  # the code point's own skeleton: U+03F9 looks like C, NFKD makes it a sigma
        for part in parts:
            if dropped(part):
                continue
            mask = reading_of(part)
            if len([p for p in parts if not dropped(p)]) == 1:
                mask |= own
            if mask not in mask_index:
                mask_index[mask] = len(masks)
                masks.append(mask)
            index = mask_index[mask]
            if index == 0 and sequence and sequence[-1] == 0:
                continue
            sequence.append(index)
        sequence = tuple(sequence)
        if sequence not in expansion_index:
            expansion_index[sequence] = len(expansions)
            expansions.append(sequence)
        code_expansion.append(expansion_index[sequence])

    ranges = []
    for code, expansion in enumerate(code_expansion):
        if not ranges or ranges[-1][1] != expansion:
            ranges.append((code, expansion))

    pool = []
    expansion_at = []
    for sequence in expansions:
        expansion_at.append((len(pool), len(sequence)))
        pool.extend(sequence)
    assert len(masks) < 256 and len(pool) < 65536 and len(expansions) < 65536
    assert max(len(s) for s in expansions) <= 16  # UNICODE_MAX_READINGS (base/unicode.h)

    decompositions = []
    decomposition_pool = []
    for code in sorted(data):
        if 0xAC00 <= code <= 0xD7A3:
            continue
        entry = data[code]
        if entry[1] is None or entry[1][0] is not None:
            continue
        parts = nfd(code)
        decompositions.append((code, len(decomposition_pool), len(parts)))
        decomposition_pool.extend(parts)

    classes = []
    for code in sorted(data):
        ccc = data[code][6]
        if ccc == 0:
            continue
        if classes and classes[-1][1] == code - 1 and classes[-1][2] == ccc:
            classes[-1] = (classes[-1][0], code, ccc)
        else:
            classes.append((code, code, ccc))

    ignorable_ranges = []
    for code in sorted(ignorable):
        if ignorable_ranges and ignorable_ranges[-1][1] == code - 1:
            ignorable_ranges[-1] = (ignorable_ranges[-1][0], code)
        else:
            ignorable_ranges.append((code, code))

    header = """/* unicode_tables.h - generated by tools/unicode_tables.py from Unicode %s
 * (Debian's unicode-data) and ICU %d's confusables: do not edit. The tables of
 * base/unicode.c and base/identity.c. */
#ifndef CASELOAD_UNICODE_TABLES_H
#define CASELOAD_UNICODE_TABLES_H

#include <stdint.h>

#define UNICODE_TABLES_VERSION "%s"

/* The symbols a reading is made of: bit i of a mask is UNICODE_SYMBOLS[i]. */
#define UNICODE_SYMBOLS "%s"
#define UNICODE_SYMBOL_COUNT %d

/* Code points first .. (the next range's first - 1) read as expansion `expansion`. */
struct unicode_reading_range {
    uint32_t first;
    uint16_t expansion;
};
/* An expansion: `length` readings from unicode_expansion_pool[start] (0: dropped). */
struct unicode_expansion {
    uint16_t start;
    uint8_t length;
};
/* The canonical decomposition of `code`: `length` code points from unicode_decomposition_pool[start]. */
struct unicode_decomposition {
    uint32_t code;
    uint16_t start;
    uint8_t length;
};
/* Code points first .. last have the canonical combining class `ccc`. */
struct unicode_class_range {
    uint32_t first, last;
    uint8_t ccc;
};
/* Code points first .. last are Default_Ignorable_Code_Point. */
struct unicode_code_range {
    uint32_t first, last;
};
/* Simple case folding: `code` folds to `folded`. */
struct unicode_folding {
    uint32_t code, folded;
};

extern const uint64_t unicode_masks[];             /* index 0: plays no part */
extern const uint8_t unicode_expansion_pool[];     /* indices into unicode_masks */
extern const struct unicode_expansion unicode_expansions[];
extern const uint16_t unicode_ascii_expansions[128]; /* the expansion of each ASCII code */
extern const struct unicode_reading_range unicode_reading_ranges[];
extern const int unicode_reading_range_count;
extern const uint32_t unicode_decomposition_pool[];
extern const struct unicode_decomposition unicode_decompositions[];
extern const int unicode_decomposition_count;
extern const struct unicode_class_range unicode_class_ranges[];
extern const int unicode_class_range_count;
extern const struct unicode_code_range unicode_ignorable_ranges[];
extern const int unicode_ignorable_range_count;
extern const struct unicode_folding unicode_foldings[];
extern const int unicode_folding_count;

#endif
""" % (version, skeleton.icu_version, version,
       SYMBOLS.replace("\t", "\\t").replace("\r", "\\r"), len(SYMBOLS))

    def rows(items, per_line, indent="    "):
        lines = []
        for i in range(0, len(items), per_line):
            lines.append(indent + " ".join(items[i:i + per_line]))
        return "\n".join(lines)

    body = ["/* unicode_tables.c - generated by tools/unicode_tables.py from Unicode %s\n"
            " * (Debian's unicode-data) and ICU %d's confusables: do not edit. */" % (version, skeleton.icu_version),
            '#include "base/unicode_tables.h"', ""]
    body.append("const uint64_t unicode_masks[] = {")
    body.append(rows(["0x%xULL," % m for m in masks], 6))
    body.append("};\n")
    body.append("const uint8_t unicode_expansion_pool[] = {")
    body.append(rows(["%d," % p for p in pool] or ["0,"], 20))
    body.append("};\n")
    body.append("const struct unicode_expansion unicode_expansions[] = {")
    body.append(rows(["{%d, %d}," % e for e in expansion_at], 8))
    body.append("};\n")
    body.append("const uint16_t unicode_ascii_expansions[128] = {")
    body.append(rows(["%d," % code_expansion[c] for c in range(128)], 16))
    body.append("};\n")
    body.append("const struct unicode_reading_range unicode_reading_ranges[] = {")
    body.append(rows(["{0x%X, %d}," % r for r in ranges], 6))
    body.append("};\n")
    body.append("const int unicode_reading_range_count = %d;\n" % len(ranges))
    body.append("const uint32_t unicode_decomposition_pool[] = {")
    body.append(rows(["0x%X," % p for p in decomposition_pool], 10))
    body.append("};\n")
    body.append("const struct unicode_decomposition unicode_decompositions[] = {")
    body.append(rows(["{0x%X, %d, %d}," % d for d in decompositions], 5))
    body.append("};\n")
    body.append("const int unicode_decomposition_count = %d;\n" % len(decompositions))
    body.append("const struct unicode_class_range unicode_class_ranges[] = {")
    body.append(rows(["{0x%X, 0x%X, %d}," % c for c in classes], 5))
    body.append("};\n")
    body.append("const int unicode_class_range_count = %d;\n" % len(classes))
    body.append("const struct unicode_code_range unicode_ignorable_ranges[] = {")
    body.append(rows(["{0x%X, 0x%X}," % r for r in ignorable_ranges], 5))
    body.append("};\n")
    body.append("const int unicode_ignorable_range_count = %d;\n" % len(ignorable_ranges))
    body.append("const struct unicode_folding unicode_foldings[] = {")
    body.append(rows(["{0x%X, 0x%X}," % f for f in sorted(folding.items())], 6))
    body.append("};\n")
    body.append("const int unicode_folding_count = %d;" % len(folding))

    with open(os.path.join(ROOT, "src/base/unicode_tables.h"), "w", encoding="utf-8") as f:
        f.write(header)
    with open(os.path.join(ROOT, "src/base/unicode_tables.c"), "w", encoding="utf-8") as f:
        f.write("\n".join(body) + "\n")
    print("Unicode %s, ICU %d: %d reading ranges, %d readings, %d expansions, %d decompositions, "
          "%d class ranges, %d foldings" % (version, skeleton.icu_version, len(ranges), len(masks),
                                            len(expansions), len(decompositions), len(classes), len(folding)))


if __name__ == "__main__":
    main()
