#!/usr/bin/env python3
"""The course notes' module examples in samples/notes/, checked against the notes.

samples/notes/README.md's table names each example: its module name, the line of the
notes (001_*.txt, the interrupts chapter) where its code block starts, and the SHA-256
of that block as the notes have it. A file is the notes' text byte for byte, except for
the changes the README lists under "Changed from the notes" (each `NAME.c`: `OLD` ->
`NEW`, one exact replacement).

  notes_examples.py check [NOTES]    every sample against its recorded hash and, given
                                     the notes file (or found beside the tree), its text
  notes_examples.py extract NOTES    (re)write every sample from the notes, with the
                                     listed changes, and the hashes in the table
  notes_examples.py list             the module names, one per line
"""
import hashlib
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.path.join(ROOT, "samples", "notes")
README = os.path.join(DIR, "README.md")
ROW = re.compile(r"^\| (\w+) \| (\d+) \| ([0-9a-f]{64}|-) \|")
CHANGE = re.compile(r"^- `(\w+)\.c`: `(.+)` -> `(.*)`$")


def table():
    """[(name, line, sha256 or None)], in the notes' order."""
    with open(README) as f:
        return [(m.group(1), int(m.group(2)), None if m.group(3) == "-" else m.group(3))
                for m in map(ROW.match, f) if m]


def changes():
    with open(README) as f:
        return {m.group(1): (m.group(2), m.group(3)) for m in map(CHANGE.match, f) if m}


def block_at(notes_text, line):
    """The code block whose first line is `line` (1-based), with its final newline."""
    lines = notes_text.split("\n")
    if line < 2 or not lines[line - 2].lstrip().startswith("```"):
        raise SystemExit("notes line %d does not start a code block" % line)
    end = next(i for i in range(line - 1, len(lines)) if lines[i].lstrip().startswith("```"))
    return "\n".join(lines[line - 1:end]) + "\n"


def find_notes():
    for d in (os.path.join(ROOT, "..", "shared", "notes"), "/work/shared/notes"):
        if os.path.isdir(d):
            for n in sorted(os.listdir(d)):
                if n.startswith("001_"):
                    return os.path.join(d, n)
    return None


def as_in_notes(name, text):
    """The file's text with the listed change undone: what the notes hold."""
    old, new = changes().get(name, (None, None))
    if old is None:
        return text
    if text.count(new) != 1:
        raise ValueError("%s.c: the listed change `%s` is not there once" % (name, new))
    return text.replace(new, old)


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def check(notes_path):
    notes = open(notes_path).read() if notes_path else None
    bad = []
    for name, line, digest in table():
        path = os.path.join(DIR, name + ".c")
        if not os.path.exists(path):
            bad.append("%s.c: missing" % name)
            continue
        try:
            text = as_in_notes(name, open(path).read())
        except ValueError as e:
            bad.append(str(e))
            continue
        if digest is None or sha(text) != digest:
            bad.append("%s.c: not the notes' block at line %d (its hash differs)" % (name, line))
        if notes is not None and text != block_at(notes, line):
            bad.append("%s.c: differs from the notes' block at line %d" % (name, line))
    for msg in bad:
        print(msg, file=sys.stderr)
    print("%d examples, %s; %s" % (len(table()), "%d wrong" % len(bad) if bad else "all as the notes",
                                     "compared with " + notes_path if notes_path
                                     else "notes not found: hashes only"))
    return 1 if bad else 0


def extract(notes_path):
    notes = open(notes_path).read()
    fixes = changes()
    with open(README) as f:
        readme = f.read()
    for name, line, _ in table():
        text = block_at(notes, line)
        if name in fixes:
            old, new = fixes[name]
            assert text.count(old) == 1, name
            with open(os.path.join(DIR, name + ".c"), "w") as f:
                f.write(text.replace(old, new))
        else:
            with open(os.path.join(DIR, name + ".c"), "w") as f:
                f.write(text)
        readme = re.sub(r"(?m)^\| %s \| %d \| ([0-9a-f]{64}|-) \|" % (name, line),
                        "| %s | %d | %s |" % (name, line, sha(text)), readme)
    with open(README, "w") as f:
        f.write(readme)
    return 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "check":
        return check(argv[2] if len(argv) > 2 else find_notes())
    if len(argv) == 3 and argv[1] == "extract":
        return extract(argv[2])
    if len(argv) == 2 and argv[1] == "list":
        print("\n".join(name for name, _, _ in table()))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
