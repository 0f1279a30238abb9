"""The stage-stamped kernel (make BREAKDOWN=1) copies from the plain build each object that
no bench stamp reaches (tools/plain_object, the Makefile's BREAKDOWN object rule): the
rule's answer on a made-up build directory for each way an object can be unfit, and on
make test's own build, which made the stamped kernel right after the plain one."""
import os
import subprocess
import time

import pytest

from irqlab import BUILD, ROOT
from test_make import make

TOOL = os.path.join(ROOT, "tools", "plain_object")
FLAGS = "gcc -O2 -g -DHZ=100 -f elf32 -MT-ko\n"
STAMPED_FLAGS = "gcc -O2 -g -DHZ=100 -DCONFIG_BENCH_BREAKDOWN -f elf32 " \
                "-DCONFIG_BENCH_BREAKDOWN -MT-ko\n"


@pytest.fixture
def tree(tmp_path):
    """A plain build of one object, a.o from src/a.c and src/a.h, up to date."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.c").write_text('#include "a.h"\nint a;\n')
    (tmp_path / "src" / "a.h").write_text("extern int a;\n")
    plain = tmp_path / "build"
    (plain / "x").mkdir(parents=True)
    (plain / ".kcflags").write_text(FLAGS)
    (tmp_path / "stamped.kcflags").write_text(STAMPED_FLAGS)
    (plain / "x" / "a.d").write_text("build/x/a.o: src/a.c \\\n src/a.h\n\nsrc/a.h:\n")
    old = time.time() - 100
    for f in ("src/a.c", "src/a.h", "build/.kcflags"):
        os.utime(tmp_path / f, (old, old))
    (plain / "x" / "a.o").write_bytes(b"\x7fELF")
    return tmp_path


def reusable(tree):
    return subprocess.run([TOOL, "build", "x/a", str(tree / "stamped.kcflags")],
                          cwd=tree).returncode == 0


def test_an_up_to_date_object_no_stamp_reaches_is_reused(tree):
    assert reusable(tree)


def test_a_header_that_mentions_the_stamps_is_compiled(tree):
    (tree / "src" / "a.h").write_text("#ifdef CONFIG_BENCH_BREAKDOWN\n#endif\n")
    os.utime(tree / "src" / "a.h", (1, 1))          # old: only what it says counts
    assert not reusable(tree)


def test_a_header_newer_than_the_plain_object_is_compiled(tree):
    os.utime(tree / "src" / "a.h", None)
    os.utime(tree / "build" / "x" / "a.o", (time.time() - 50,) * 2)
    assert not reusable(tree)


def test_other_flags_are_compiled(tree):
    (tree / "stamped.kcflags").write_text(STAMPED_FLAGS.replace("-O2", "-O1"))
    assert not reusable(tree)


def test_flags_changed_since_the_plain_object_are_compiled(tree):
    os.utime(tree / "build" / ".kcflags", None)
    os.utime(tree / "build" / "x" / "a.o", (time.time() - 50,) * 2)
    assert not reusable(tree)


@pytest.mark.parametrize("missing", ["build/x/a.o", "build/x/a.d", "src/a.h",
                                     "build/.kcflags"])
def test_anything_missing_is_compiled(tree, missing):
    os.remove(tree / missing)
    assert not reusable(tree)


def test_the_stamped_build_copies_a_plain_object_and_compiles_a_stamped_one():
    """On make test's own build (the plain kernel made, then the stamped one): made again,
    an object without stamps is copied, the plain one's bytes, with a dependency file
    naming the stamped build's object; the softirq loop, which has stamps, is compiled."""
    stamped = os.path.join(BUILD, "breakdown")
    for stem, says in (("lib/vsprintf", "COPY    build/breakdown/lib/vsprintf.o"),
                       ("kernel/softirq", "CC      kernel/softirq.c")):
        os.remove(os.path.join(stamped, stem + ".o"))
        p = make("BREAKDOWN=1", "build/breakdown/%s.o" % stem)
        assert p.returncode == 0 and says in p.stdout, p.stdout + p.stderr
    with open(os.path.join(BUILD, "lib/vsprintf.o"), "rb") as a, \
            open(os.path.join(stamped, "lib/vsprintf.o"), "rb") as b:
        assert a.read() == b.read()
    with open(os.path.join(stamped, "lib/vsprintf.d")) as f:
        assert f.readline().startswith("build/breakdown/lib/vsprintf.o: lib/vsprintf.c")
