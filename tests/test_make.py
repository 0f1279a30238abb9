"""make help: the list printed from the Makefile's own "## " lines. Every target it names
is a rule make knows, every phony target is in it, and every make target and variable
that README.md and docs/ show in their commands is in it."""
import glob
import os
import re
import shlex
import subprocess

from irqlab import ROOT

# In Markdown: fenced blocks and `code spans`, where the commands are.
CODE = re.compile(r"```.*?```|`[^`\n]+`", re.S)
# make, then its words up to a comment or a closing bracket or comma of the prose around.
MAKE_COMMAND = re.compile(r"(?:^|[\s`;&(])make((?:[ \t]+[^\s`#),;&|]+)*)", re.M)


def make(*args):
    # Not the jobserver and flags of a `make test` this may run under.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(["make", "--no-print-directory", "-C", ROOT] + list(args),
                          capture_output=True, text=True, env=env, timeout=120)


def make_help():
    """({target}, {variable}) as make help lists them."""
    p = make("help")
    assert p.returncode == 0 and not p.stderr, p.stdout + p.stderr
    sections = {}
    section = None
    for line in p.stdout.splitlines():
        if re.match(r"^\w+:$", line):
            section = sections.setdefault(line[:-1], set())
        elif section is not None and line.strip():
            row = re.match(r"^  (\S+) +\S", line)
            assert row, "not a make help row: %r" % line
            section.add(row.group(1).split("=")[0])
    assert set(sections) == {"targets", "variables"}, p.stdout
    return sections["targets"], sections["variables"]


def test_help_lists_only_real_targets():
    targets, _ = make_help()
    for target in sorted(targets):
        p = make("-n", target)
        assert p.returncode == 0, "make help lists %s, but make -n %s fails:\n%s" % (
            target, target, p.stderr)


def test_help_lists_every_phony_target():
    with open(os.path.join(ROOT, "Makefile")) as f:
        text = f.read().replace("\\\n", " ")
    phony = set()
    for line in re.findall(r"^\.PHONY:(.*)$", text, re.M):
        phony |= set(line.split())
    assert phony, "no .PHONY line in the Makefile"
    targets, _ = make_help()
    assert phony - targets == set(), "phony targets make help does not list"


def test_commands_in_readme_and_docs_use_listed_targets_and_variables():
    targets, variables = make_help()
    seen = 0
    for path in [os.path.join(ROOT, "README.md")] + \
            sorted(glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True)):
        with open(path) as f:
            code = "\n".join(CODE.findall(f.read()))
        for words in MAKE_COMMAND.findall(code):
            try:
                split = shlex.split(words)      # GDBFLAGS="-batch -ex ..." is one word
            except ValueError:
                split = words.split()
            for word in split:
                where = "%s: make%s" % (os.path.relpath(path, ROOT), words)
                if re.match(r"^[A-Z][A-Z0-9_]*=", word):
                    assert word.split("=")[0] in variables, where
                elif re.match(r"^[a-z][a-z0-9-]*$", word):
                    assert word in targets, where
                    seen += 1
    assert seen >= 10, "found only %d make commands in README.md and docs/" % seen
