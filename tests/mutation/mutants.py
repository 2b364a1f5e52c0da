#!/usr/bin/env python3
"""Deterministic one-line mutant generator over reference/src/*.c.

    mutants.py [--seed S] [--count N] [--src DIR] [--include DIR] > mutants.tsv

Every candidate mutation of every line is enumerated in a fixed order, then a
seeded sample of N is drawn round-robin over the operator kinds, so the same
seed over the same sources gives the same list.  Output: one mutant per line,
tab-separated: id, kind, file (relative to the repository root), line (1-based),
before, after (the whole line; tabs and backslashes escaped as \\t and \\\\).

Kinds (after Mull's operators):
  rel      relational swap: < <=, > >=, == !=
  logic    && ||
  const    +1 / -1 on an integer literal (limits above all)
  negate   if (c) -> if (!(c)), while likewise
  delete   an error-path line (`if (...) return ...;`, `return jr_error_set...`)
           or a field update (`a->b = ...;`) replaced by {}
  enum     an enumerator swapped for another of its enum (error types,
           job and execution statuses, target selection...)
Skipped: comments, preprocessor lines, string and character literals, the
deliberate-fault code (faults.c and lines naming JR_FAULT_), which only runs
with --fault."""
import argparse
import os
import random
import re
import sys

KINDS = ["rel", "logic", "const", "negate", "delete", "enum"]
REL = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t")


def unesc(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append("\t" if s[i + 1] == "t" else s[i + 1])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def mask(line, in_comment):
    """Returns (code, in_comment): the line with comments, strings and char
    literals replaced by spaces (same length), so operators are only found in
    code."""
    out = list(line)
    i, n = 0, len(line)
    while i < n:
        if in_comment:
            end = line.find("*/", i)
            stop = n if end < 0 else end + 2
            for k in range(i, stop):
                out[k] = " "
            i, in_comment = stop, end < 0
            continue
        c = line[i]
        if line.startswith("//", i):
            for k in range(i, n):
                out[k] = " "
            break
        if line.startswith("/*", i):
            in_comment = True
            continue
        if c in "\"'":
            j = i + 1
            while j < n and line[j] != c:
                j += 2 if line[j] == "\\" else 1
            for k in range(i, min(j + 1, n)):
                out[k] = " "
            i = j + 1
            continue
        i += 1
    return "".join(out), in_comment


def enum_families(include_dir):
    """Enumerators of every enum in the public and private headers, by enum."""
    fams = []
    paths = []
    for d in include_dir:
        for root, _, files in os.walk(d):
            paths += [os.path.join(root, f) for f in sorted(files) if f.endswith(".h")]
    for p in sorted(paths):
        text = open(p, encoding="utf-8").read()
        text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
        text = re.sub(r"//[^\n]*", " ", text)
        for body in re.findall(r"\benum\b[^{;]*\{([^}]*)\}", text):
            names = [m.group(1) for m in re.finditer(r"\b([A-Z][A-Z0-9_]+)\b\s*(?:=[^,]*)?(?:,|$)", body.strip())]
            names = [x for x in names if not re.search(r"_(COUNT|NONE|MAX|FIRST)$", x)]
            if len(names) >= 2:
                fams.append(names)
    return fams


def paren_end(code, start):
    depth = 0
    for k in range(start, len(code)):
        if code[k] == "(":
            depth += 1
        elif code[k] == ")":
            depth -= 1
            if depth == 0:
                return k
    return -1


def line_mutants(line, code, fam_of, rng_for):
    """All (kind, after) for one source line."""
    res = []
    stripped = code.strip()
    if not stripped or stripped.startswith("#"):
        return res
    # rel
    for m in re.finditer(r"(?<![<>=!\-])(<=|>=|==|!=|<|>)(?![<>=])", code):
        op = m.group(1)
        if op == ">" and m.start() > 0 and code[m.start() - 1] == "-":
            continue
        res.append(("rel", line[:m.start()] + REL[op] + line[m.end():]))
    # logic
    for m in re.finditer(r"&&|\|\|", code):
        res.append(("logic", line[:m.start()] + ("||" if m.group() == "&&" else "&&") + line[m.end():]))
    # const
    for m in re.finditer(r"(?<![\w.])(\d+)([uUlL]*)(?![\w.])", code):
        v = int(m.group(1))
        if m.group(1).startswith("0") and v != 0:
            continue  # octal: leave it
        for nv in (v + 1, v - 1):
            if nv < 0:
                continue
            res.append(("const", line[:m.start()] + str(nv) + m.group(2) + line[m.end():]))
    # negate
    for m in re.finditer(r"\b(if|while)\s*\(", code):
        open_at = m.end() - 1
        close = paren_end(code, open_at)
        if close > 0:
            inner = line[open_at + 1:close]
            res.append(("negate", line[:open_at + 1] + "!(" + inner + ")" + line[close:]))
    # delete
    indent = line[: len(line) - len(line.lstrip())]
    s = stripped
    error_path = (re.match(r"if\s*\(.*\)\s*return\b.*;$", s) and paren_end(code, code.find("(")) > 0) or \
        re.match(r"return\s+(jr_error_set|JR_FAIL|fail|bad)\b.*;$", s)
    field_update = re.match(r"[A-Za-z_]\w*(->|\.)[\w.>\-\[\]]*\s*(=|\+=|-=|\+\+|--)[^=].*;$", s) and "{" not in s
    if error_path or field_update:
        res.append(("delete", indent + "{}"))
    # enum
    for m in re.finditer(r"\b[A-Z][A-Z0-9_]+\b", code):
        fam = fam_of.get(m.group())
        if fam:
            others = [x for x in fam if x != m.group()]
            pick = rng_for(m.group()).choice(others)
            res.append(("enum", line[:m.start()] + pick + line[m.end():]))
    return res


def generate(src, include, seed, rootdir):
    fams = enum_families(include)
    fam_of = {}
    for f in fams:
        for x in f:
            fam_of.setdefault(x, f)
    cands = []
    for name in sorted(os.listdir(src)):
        if not name.endswith(".c") or name == "faults.c":
            continue
        path = os.path.join(src, name)
        rel = os.path.relpath(path, rootdir)
        in_comment = False
        for no, line in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
            code, in_comment = mask(line, in_comment)
            if "JR_FAULT_" in line or "jr_fault" in line or "__attribute__" in line:
                continue
            rng = lambda key, no=no, rel=rel: random.Random(f"{seed}:{rel}:{no}:{key}")
            seen = set()
            for kind, after in line_mutants(line, code, fam_of, rng):
                if after != line and after not in seen:
                    seen.add(after)
                    cands.append((kind, rel, no, line, after))
    return cands


def sample(cands, seed, count):
    rng = random.Random(seed)
    by = {k: [c for c in cands if c[0] == k] for k in KINDS}
    for k in KINDS:
        rng.shuffle(by[k])
    out = []
    while len(out) < count and any(by.values()):
        for k in KINDS:
            if by[k] and len(out) < count:
                out.append(by[k].pop())
    return out


def mutant_id(kind, rel, no, after):
    import hashlib
    h = hashlib.sha1(f"{rel}\0{no}\0{after}".encode()).hexdigest()[:8]
    return f"{os.path.basename(rel)[:-2]}-{no}-{kind}-{h}"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, "..", ".."))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", default="1")
    ap.add_argument("--count", type=int, default=0, help="0: every candidate")
    ap.add_argument("--root", default=root)
    ap.add_argument("--stats", action="store_true", help="counts per kind on stderr")
    a = ap.parse_args()
    src = os.path.join(a.root, "reference", "src")
    include = [os.path.join(a.root, "reference", "include"), src]
    cands = generate(src, include, a.seed, a.root)
    chosen = sample(cands, a.seed, a.count) if a.count else cands
    chosen.sort(key=lambda c: (c[1], c[2], c[4]))
    if a.stats:
        for k in KINDS:
            print(f"{k}: {sum(1 for c in cands if c[0] == k)} candidates, "
                  f"{sum(1 for c in chosen if c[0] == k)} chosen", file=sys.stderr)
    for kind, rel, no, before, after in chosen:
        print("\t".join([mutant_id(kind, rel, no, after), kind, rel, str(no), esc(before), esc(after)]))


if __name__ == "__main__":
    main()
