"""Power-off and restart from the shell, on the machines QEMU offers: ACPI S5 through the
FADT's PM1a control port and the DSDT's \\_S5 sleep type, the keyboard controller's reset
line, and what the kernel says when a machine has neither."""
import os
import re

import pytest

from guest_events import wait_halted
from irqlab import BUILD, ROOT, Machine

S5_LINE = re.compile(r"ACPI: S5 soft-off: PM1a_CNT 0x([0-9a-f]{4}) SLP_TYPa (\d+), "
                     r"PM1b_CNT 0x([0-9a-f]{4}) SLP_TYPb (\d+)")


# QEMU puts the PM I/O block of both chipsets (PIIX4 on pc, ICH9 on q35) at 0x600, so
# PM1a_CNT is 0x604, with no PM1b; its DSDTs declare \_S5 as Package { 0, 0, 0, 0 }.
@pytest.mark.parametrize("machine", ["pc", "q35"])
def test_poweroff_through_the_fadt(machine):
    with Machine(machine=machine) as m:
        m.wait_ready()
        s5 = S5_LINE.search(m.out)
        assert s5, m.out[-3000:]
        assert (int(s5.group(1), 16), int(s5.group(2))) == (0x604, 0), s5.group(0)
        assert (int(s5.group(3), 16), int(s5.group(4))) == (0, 0), s5.group(0)
        assert m.shutdown_after("poweroff", "poweroff: powering down") == "guest-shutdown"


def test_poweroff_without_acpi_tables_says_why():
    # acpi=off: the machine still has its PM block, but no tables say where: irqlab does
    # not guess, says why, and leaves through isa-debug-exit.
    with Machine(machine="pc,acpi=off") as m:
        m.wait_ready()
        assert "ACPI: no S5 soft-off: no ACPI tables (no RSDP)" in m.out
        m.write("poweroff\r")
        m.wait_for("poweroff: no ACPI power-off here (no ACPI tables (no RSDP))")
        assert m.wait_exit(10) == 33


def test_poweroff_without_acpi_or_debug_exit_halts():
    # Nothing can turn this machine off: the CPU stops in HLT with interrupts off, after
    # saying so, and QEMU stays up.
    with Machine(machine="pc,acpi=off", debug_exit=False) as m:
        m.wait_ready()
        m.write("poweroff\r")
        m.wait_for("poweroff: no ACPI power-off here (no ACPI tables (no RSDP)); halting")
        m.wait_for("reboot: System halted. It is safe to switch off.")
        regs = wait_halted(m)           # the message comes just before the HLT
        assert "HLT=1" in regs, regs
        eflags = int(re.search(r"EFL=([0-9a-f]+)", regs).group(1), 16)
        assert not eflags & 0x200, regs                 # IF clear: nothing wakes it
        assert m.proc.poll() is None


@pytest.mark.parametrize("machine", ["pc", "q35"])
def test_reboot_through_the_keyboard_controller(machine):
    # -no-reboot turns the reset into a stop; the kernel's own lines say which way it
    # took: the i8042's reset line, with no fall-back to a triple fault.
    with Machine(machine=machine) as m:
        m.wait_ready()
        assert m.shutdown_after("reboot", "reboot: resetting through the keyboard "
                                "controller") == "guest-reset"
        m.qmp("quit")                   # then all QEMU printed is read before looking
        m.wait_exit(10)
        m.reader.join(5)
        assert "did not reset the machine" not in m.out, m.out[-500:]


class MakeRun(Machine):
    """`make run` itself, as a user without a display starts it: the ISO in QEMU with the
    Makefile's flags, the serial console on this process's pipes, no QMP."""
    uses_qmp = False

    def __init__(self):
        super().__init__(image="iso")
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("DISPLAY", "WAYLAND_DISPLAY", "MAKEFLAGS", "MFLAGS")}

    def args(self):
        # -o: boot the ISO the other tests boot; never rebuild it under their feet.
        build = os.path.relpath(BUILD, ROOT)
        return ["make", "-s", "--no-print-directory", "-C", ROOT, "-o",
                os.path.join(build, "irqlab.iso"), "run", "BUILD=" + build]


def test_make_run_reboots_and_the_shell_comes_back():
    with MakeRun() as m:
        m.wait_ready(timeout=60)
        m.write("reboot\r")
        m.wait_for("reboot: restarting the machine")
        m.wait_for("irqlab: booting", timeout=30)      # the firmware ran again
        m.wait_ready(timeout=30)
        assert m.out.count("irqlab: booting") == 2, m.out[-3000:]
        assert m.command("echo back again").strip().endswith("back again")
        m.write("poweroff\r")
        assert m.wait_exit(30) == 0, m.out[-2000:]      # make's status: QEMU powered off
