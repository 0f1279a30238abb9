"""Modules built out of tree, Kbuild's way: a directory whose Makefile says obj-m += x.o,
built with `make -C <irqlab> M=<dir> modules` by gcc and by clang with the in-tree
modules' flags; the refusals; then the samples (samples/, in the initramfs) loaded with
module parameters, and the notes' keyboard counter (samples/notes/) sharing IRQ 1 with i8042."""
import os
import re
import shutil
import subprocess

import pytest

from guest_events import press_keys
from irqlab import ROOT


def make(*args):
    # Not the jobserver and flags of a `make test` this may run under.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(["nice", "make", "--no-print-directory", "-C", ROOT] + list(args),
                          capture_output=True, text=True, env=env, timeout=300)


def elf_header(path):
    with open(path, "rb") as f:
        h = f.read(20)
    # EI_CLASS 1 (ELF32), EI_DATA 1 (LSB), e_type 1 (REL), e_machine 3 (i386)
    return h[:4], h[4], h[5], int.from_bytes(h[16:18], "little"), int.from_bytes(h[18:20], "little")


@pytest.mark.parametrize("sample", ["hello_param", "interrupt"])
@pytest.mark.parametrize("cc", ["gcc", "clang"])
def test_sample_builds_out_of_tree(tmp_path, cc, sample):
    src = tmp_path / sample
    shutil.copytree(os.path.join(ROOT, "samples", sample), src)
    extra = ["CC=clang"] if cc == "clang" else []
    p = make("M=%s" % src, "modules", *extra)
    assert p.returncode == 0, p.stdout + p.stderr
    ko = src / (sample + ".ko")
    assert elf_header(ko) == (b"\x7fELF", 1, 1, 1, 3)
    assert "warning" not in p.stdout + p.stderr
    p = make("M=%s" % src, "clean", *extra)
    assert p.returncode == 0, p.stdout + p.stderr
    assert sorted(os.listdir(src)) == ["Makefile", sample + ".c"]


def test_several_objects_and_the_linux_makefile(tmp_path):
    """name-objs links two files into one module; a Makefile written for Linux (its all:
    rule naming the host's tree) is read for obj-m only."""
    (tmp_path / "Makefile").write_text(
        "obj-m += two.o\ntwo-objs := a.o b.o\n"
        "all:\n\tmake -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\n")
    (tmp_path / "a.c").write_text(
        "#include <linux/module.h>\nint helper(void);\n"
        "static int __init a_init(void) { pr_info(\"two: %d\\n\", helper()); return 0; }\n"
        "module_init(a_init);\nMODULE_LICENSE(\"GPL\");\n")
    (tmp_path / "b.c").write_text("int helper(void);\nint helper(void) { return 2; }\n")
    p = make("M=%s" % tmp_path, "modules")
    assert p.returncode == 0, p.stdout + p.stderr
    assert elf_header(tmp_path / "two.ko")[3:] == (1, 3)
    nm = subprocess.run(["nm", str(tmp_path / "two.ko")], capture_output=True, text=True).stdout
    assert " T helper" in nm and "init_module" in nm, nm


def test_refusals(tmp_path):
    p = make("M=%s" % (tmp_path / "nowhere"), "modules")
    assert p.returncode != 0 and "no Makefile there" in p.stderr, p.stderr
    (tmp_path / "Makefile").write_text("all:\n\techo no obj-m here\n")
    p = make("M=%s" % tmp_path, "modules")
    assert p.returncode != 0 and "sets no obj-m" in p.stderr, p.stderr
    (tmp_path / "Makefile").write_text("obj-m += missing.o\n")
    p = make("M=%s" % tmp_path, "modules")
    assert p.returncode != 0 and "missing.c is missing" in p.stderr, p.stderr
    (tmp_path / "Makefile").write_text("obj-m += lacks.o\n")
    (tmp_path / "lacks.c").write_text("#include <linux/wait_bit.h>\n")
    p = make("M=%s" % tmp_path, "modules")
    assert p.returncode != 0 and "irqlab has no" in p.stderr, p.stderr


def test_hello_param(m):
    out = m.command("insmod /lib/modules/hello_param.ko irq=12 name=abc")
    assert "hello_param: hello abc, irq=12" in out and "ERROR" not in out, out
    assert "hello_param: hello abc, irq=12" in m.command("dmesg | tail -n 3")
    out = m.command("rmmod hello_param")
    assert "hello_param: goodbye abc, irq=12" in out, out
    out = m.command("insmod /lib/modules/hello_param.ko foo=1 verbose")
    assert "hello_param: unknown parameter 'foo' ignored" in out, out
    assert "hello_param: hello world, irq=1 (verbose)" in out, out
    m.command("rmmod hello_param")
    out = m.command("insmod /lib/modules/hello_param.ko irq=abc")
    assert "hello_param: 'abc' invalid for parameter 'irq'" in out, out
    assert "could not insert module /lib/modules/hello_param.ko: Invalid " in out, out
    assert "hello_param" not in m.command("lsmod")


def test_keyboard_counter_shares_irq1(m):
    out = m.command("insmod /lib/modules/keyboard_counter.ko")
    assert "test_interrupt_init: In init" in out and "ERROR" not in out, out
    row = m.command("cat /proc/interrupts | grep i8042").strip()
    assert re.search(r"^\s*1:.*i8042, my_keyboard_handler$", row, re.M), row
    press_keys(m, ["a"], ["backspace"])         # the shell's line stays empty
    log = m.command("dmesg | grep 'Keyboard Counter'")
    counts = [int(n) for n in re.findall(r"Keyboard Counter:(\d+)", log)]
    assert counts[:4] == [0, 1, 2, 3], log      # a make and a break per key
    out = m.command("rmmod keyboard_counter")
    assert "test_interrupt_exit: In exit" in out, out
    row = m.command("cat /proc/interrupts | grep i8042").strip()
    assert "my_keyboard_handler" not in row, row
