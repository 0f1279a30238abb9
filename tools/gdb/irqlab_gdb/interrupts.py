"""irqlab-interrupts: the irq_desc[] table of kernel/irq/, with what /proc/interrupts
leaves out: the flow handler, the disable depth, the core's state bits, each action's
handler, dev_id and handled count, and the spurious-interrupt detector's counters."""
import gdb

from irqlab_gdb import constants, utils


def istate_names():
    c = constants
    return ((c.IRQS_INPROGRESS, "INPROGRESS"), (c.IRQS_PENDING, "PENDING"),
            (c.IRQS_DISABLED, "DISABLED"), (c.IRQS_MASKED, "MASKED"),
            (c.IRQS_SPURIOUS_DISABLED, "SPURIOUS_DISABLED"), (c.IRQS_LEVEL, "LEVEL"))


def irqf_names():
    c = constants
    return ((c.IRQF_TRIGGER_RISING, "TRIGGER_RISING"), (c.IRQF_TRIGGER_FALLING, "TRIGGER_FALLING"),
            (c.IRQF_TRIGGER_HIGH, "TRIGGER_HIGH"), (c.IRQF_TRIGGER_LOW, "TRIGGER_LOW"),
            (c.IRQF_SHARED, "SHARED"), (c.IRQF_ONESHOT, "ONESHOT"),
            (c.IRQF_NO_THREAD, "NO_THREAD"))


def actions(desc):
    a = desc["action"]
    while int(a):
        yield a.dereference()
        a = a["next"]


def describe_line(irq, desc, cpus):
    chip = desc["irq_data"]["chip"]
    chip_name = utils.string(chip["name"]) if int(chip) else "None"
    flow = utils.string(desc["name"], "")
    handler = utils.describe(int(desc["handle_irq"]))
    counts = "".join("%10d " % int(desc["kstat_irqs"][cpu]) for cpu in cpus)
    row = "%3d: %s %-8s %3d-%-8s %-20s %5d  %s" % (
        irq, counts, chip_name, int(desc["irq_data"]["hwirq"]), flow, handler,
        int(desc["depth"]), utils.flag_names(int(desc["istate"]), istate_names()))
    lines = [row]
    for a in actions(desc):
        lines.append("       action %-12s %s(dev_id=%s) flags=%s handled=%d" % (
            utils.string(a["name"]), utils.describe(int(a["handler"])),
            utils.describe(int(a["dev_id"])),
            utils.flag_names(int(a["flags"]), irqf_names()), int(a["handled"])))
    if int(desc["unhandled_total"]) or int(desc["irqs_unhandled"]):
        lines.append("       unhandled: %d since boot, %d of %d in this window" % (
            int(desc["unhandled_total"]), int(desc["irqs_unhandled"]),
            int(desc["irq_count"])))
    return lines


class IrqlabInterrupts(gdb.Command):
    """Show the interrupt lines: irq_desc[] with chip, flow, depth, state and actions.

Usage: irqlab-interrupts [-a]
  -a   every line, also those with no action (by default only lines with a handler
       are shown, as in /proc/interrupts)

Columns: the line, its deliveries per CPU, the chip (XT-PIC, IO-APIC), the pin and flow
name as /proc/interrupts shows them, the flow handler, the disable_irq() depth, and
desc->istate decoded. Below a line: each irqaction - its name, handler(dev_id), flags,
and how often it returned IRQ_HANDLED."""

    def __init__(self):
        super().__init__("irqlab-interrupts", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        args = arg.split()
        if args not in ([], ["-a"]):
            raise gdb.GdbError("usage: irqlab-interrupts [-a]")
        constants.require()
        show_all = args == ["-a"]
        table = utils.value("irq_desc")
        cpus = utils.online_cpus()
        gdb.write("IRQ  %s CHIP     PIN-FLOW     FLOW HANDLER         DEPTH  ISTATE\n"
                  % "".join("%10s " % ("CPU%d" % cpu) for cpu in cpus))
        lo, hi = table.type.range()
        for irq in range(lo, hi + 1):
            desc = table[irq]
            if not show_all and not int(desc["action"]):
                continue
            for line in describe_line(irq, desc, cpus):
                gdb.write(line + "\n")
        # SPU and LOC are per CPU, ERR one atomic_t for the machine (arch/x86/hardirq.h).
        for name, label in (("irq_spurious_count", "SPU: spurious interrupts"),
                            ("apic_timer_irqs", "LOC: local timer interrupts")):
            v = utils.lookup(name)
            if v is not None:
                gdb.write("%-28s %s\n" % (label, " ".join(str(int(utils.per_cpu(v, cpu)))
                                                           for cpu in cpus)))
        err = utils.lookup("irq_err_count")
        if err is not None:
            gdb.write("%-28s %d\n" % ("ERR: interrupts on no line", int(err["counter"])))


IrqlabInterrupts()
