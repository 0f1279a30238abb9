"""Interrupt-line control and accounting from the shell, as the lectures use them:
`irqctl` (disable_irq nests, enable_irq unmasks at depth 0, an edge held meanwhile comes
at the enable, one enable too many is warned about), the line's state in
/sys/kernel/debug/irq/irqs/N, /proc/irq/N/spurious, and /proc/stat's intr and softirq
lines against /proc/interrupts and /proc/softirqs."""
import re

# The hello-interrupt module (samples/interrupt/) holds IRQ 11 as lothars_device from boot.
MACHINE = dict(cmdline="modules_load=interrupt")
LINE = 11       # lothars_device: its handler returns IRQ_NONE when raise 11 finds no data


def line_count(m, irq):
    mm = re.search(r"^\s*%d:\s+(\d+)" % irq, m.command("cat /proc/interrupts"), re.M)
    return int(mm.group(1))


def debug(m, irq):
    return m.command("cat /sys/kernel/debug/irq/irqs/%d" % irq)


def test_disable_nests_and_the_held_interrupt_comes_at_the_enable(m):
    before = line_count(m, LINE)
    assert m.command("irqctl disable %d" % LINE).strip() == \
        "IRQ %d: depth 1, disabled, masked" % LINE
    assert m.command("irqctl disable_nosync %d" % LINE).strip() == \
        "IRQ %d: depth 2, disabled, masked" % LINE
    state = debug(m, LINE)
    assert re.search(r"^ddepth:\s+2$", state, re.M), state
    assert "IRQS_DISABLED" in state and "IRQS_MASKED" in state, state
    assert "the interrupt is kept pending" in m.command("raise %d" % LINE)
    assert m.command("irqctl enable %d" % LINE).strip() == \
        "IRQ %d: depth 1, disabled, masked, an interrupt pending" % LINE
    assert line_count(m, LINE) == before + 1        # counted, not yet handled
    assert m.command("irqctl enable %d" % LINE).strip() == \
        "IRQ %d: depth 0, enabled, unmasked" % LINE
    assert line_count(m, LINE) == before + 2        # the held one, delivered now
    state = debug(m, LINE)
    assert re.search(r"^ddepth:\s+0$", state, re.M) and "IRQS_" not in state, state
    assert re.search(r"^handler:\s+handle_\w+_irq$", state, re.M), state


def test_one_enable_too_many_is_warned(m):
    out = m.command("irqctl enable %d" % LINE)
    assert "WARNING: at kernel/irq/manage.c" in out and \
        "Unbalanced enable for IRQ %d" % LINE in out, out
    assert out.strip().endswith("IRQ %d: depth 0, enabled, unmasked" % LINE)


def test_irqctl_refusals(m):
    assert m.command("irqctl frob 1").startswith("usage: irqctl")
    assert "not a line number" in m.command("irqctl disable 99")
    assert "no interrupt controller drives this line" in m.command("irqctl disable 2")
    assert "No such file" in m.command("cat /sys/kernel/debug/irq/irqs/2")


def test_spurious_counts_what_no_handler_claimed(m):
    def spurious():
        text = m.command("cat /proc/irq/%d/spurious" % LINE)
        mm = re.fullmatch(r"count (\d+)\nunhandled (\d+)\nlast_unhandled (\d+) ms\n",
                          text.lstrip("\n"))
        assert mm, text
        return [int(g) for g in mm.groups()]
    count, unhandled, _ = spurious()
    assert "returned IRQ_NONE" in m.command("raise %d" % LINE)
    count2, unhandled2, last = spurious()
    assert (count2, unhandled2) == (count + 1, unhandled + 1)
    assert last > 0


SOFTIRQS = ["HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL", "TASKLET", "SCHED",
            "HRTIMER", "RCU"]


def softirq_rows(m):
    rows = dict(re.findall(r"^\s*([A-Z_]+):\s+(\d+)", m.command("cat /proc/softirqs"), re.M))
    return [int(rows[name]) for name in SOFTIRQS]


def test_proc_stat_sums_what_proc_interrupts_and_softirqs_show(m):
    m.command("raise %d" % LINE)
    m.command("demo tasklet")                       # TASKLET and the others move
    before = softirq_rows(m)
    stat = m.command("cat /proc/stat")
    after = softirq_rows(m)
    intr = [int(x) for x in re.search(r"^intr (.*)$", stat, re.M).group(1).split()]
    soft = [int(x) for x in re.search(r"^softirq (.*)$", stat, re.M).group(1).split()]
    assert len(intr) == 1 + 40 and len(soft) == 1 + 10, stat
    assert intr[1 + LINE] == line_count(m, LINE)
    assert intr[0] >= sum(intr[1:])                 # the LAPIC's own rows on top
    assert soft[0] == sum(soft[1:])
    for k, name in enumerate(SOFTIRQS):             # the same counts, read in between
        assert before[k] <= soft[1 + k] <= after[k], (name, before, soft, after)
    assert soft[1 + SOFTIRQS.index("TASKLET")] > 0
