"""The tree's layering, read from the objects the build made: where two files are meant
to depend on each other one way only, the lower one's object must not use a symbol the
upper one's defines."""
import os
import shutil
import subprocess

import pytest

from irqlab import BUILD

# The Makefile's choice of binutils (i686-elf- first), then the host's nm, which reads
# 32-bit ELF objects as well.
NM = os.environ.get("NM") or next(
    (t for t in ("i686-elf-nm", "i686-linux-gnu-nm", "nm") if shutil.which(t)), "nm")


def symbols(obj):
    """(defined, undefined) global symbols of one object of the gcc build."""
    path = os.path.join(BUILD, obj)
    if not os.path.exists(path):
        pytest.fail("no %s: run make first" % path)
    out = subprocess.run([NM, path], capture_output=True, text=True, check=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            undefined.add(parts[1])
        elif len(parts) == 3 and parts[1] in "TDBR":
            defined.add(parts[2])
    return defined, undefined


@pytest.mark.parametrize("upper,lower", [
    ("arch/x86/traps.o", "arch/x86/dumpstack.o"),   # the handlers use the report
    ("arch/x86/madt.o", "drivers/acpi/tables.o"),   # the MADT is one of the tables
    ("drivers/acpi/sleep.o", "drivers/acpi/tables.o"),
    ("arch/x86/reboot.o", "drivers/acpi/sleep.o"),  # power-off uses ACPI S5
])
def test_one_way_dependency(upper, lower):
    upper_defs, upper_uses = symbols(upper)
    lower_defs, lower_uses = symbols(lower)
    assert upper_uses & lower_defs, "%s no longer uses %s at all" % (upper, lower)
    assert not lower_uses & upper_defs, "%s calls back into %s: %s" % (
        lower, upper, sorted(lower_uses & upper_defs))
