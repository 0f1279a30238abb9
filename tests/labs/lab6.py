"""Lab 6, interrupts on several CPUs: what `make grade LAB=6` runs, and the points.

Every boot has two CPUs (MACHINE). The KTAP suites run on one boot: a tasklet that two
CPUs schedule at once, and one held running on one CPU while the other finds it on its
list (smp_tasklet: the RUN bit); lines moved between CPUs, with real interrupts from the
CMOS clock (irq_affinity); function call IPIs and the wait for them (smp_call). The
scenario checks move the keyboard's line from the shell, as the course notes do, type on
it and read where its interrupts and its tasklet ran, in /proc and in QEMU's own IOAPIC.
"""
import common

TITLE = "interrupts on several CPUs"
HANDOUT = "docs/labs/lab6-smp-interrupts.md"
CPUS = 2
MACHINE = {"smp": CPUS}         # every boot: the selftest's and the checks'
SELFTEST = "selftest=smp_tasklet,irq_affinity,smp_call"
# A wrong RUN bit lets a drain loop wait its full 10 s, and a line that never reaches
# CPU1 makes the clock's waits run out (5 s each): the stubs take longer than the code.
SELFTEST_TIMEOUT = 120

KTAP = [
    ("smp_tasklet", "test_two_cpus_schedule_the_same_tasklets", 3),
    ("smp_tasklet", "test_disable_waits_for_a_run_on_another_cpu", 2),
    ("smp_tasklet", "test_tasklet_running_elsewhere_is_not_run_here", 4),
    ("irq_affinity", "test_unused_line_moves_at_once", 3),
    ("irq_affinity", "test_refusals_change_nothing", 1),
    ("irq_affinity", "test_edge_line_moves_at_its_next_interrupt", 4),
    ("irq_affinity", "test_level_line_moves_after_its_eoi", 3),
    ("irq_affinity", "test_thread_follows_its_line", 1),
    ("irq_affinity", "test_default_affinity", 1),
    ("smp_call", "test_single_runs_on_the_target_in_hardirq", 2),
    ("smp_call", "test_wait_returns_after_the_function_ran", 4),
    ("smp_call", "test_nowait_call_runs_later", 1),
    ("smp_call", "test_many_and_on_each_cpu_run_once_per_cpu", 2),
    ("smp_call", "test_back_to_back_calls_are_counted_exactly", 2),
    ("smp_call", "test_stack_guard_shootdown_is_counted_in_tlb", 1),
    ("smp_call", "test_new_guard_page_faults_on_the_other_cpu", 1),
    ("smp_call", "test_call_with_interrupts_off_warns", 1),
]

KBD_IRQ = 1
# QEMU wires ISA IRQ 1 to IOAPIC pin 1 (its MADT overrides only IRQ 0, to pin 2), and
# gives CPU n the APIC ID n: the pin's destination must read 1 once the line is on CPU1.
KBD_PIN = 1
CPU1_APIC_ID = 1
LINE = "echo ok"                # 8 keys with Enter, each a make and a break
KEY_IRQS = 2 * (len(LINE) + 1)


def kbd_dest(m):
    return common.ioapic_pins(m)[KBD_PIN] >> common.RTE_DEST_SHIFT


def kbd_counts(m):
    rows = common.proc_interrupts_cpus(m)
    assert KBD_IRQ in rows and len(rows[KBD_IRQ]) == CPUS, \
        "no IRQ 1 row with %d CPU columns in /proc/interrupts: %r" % (CPUS, rows.get(KBD_IRQ))
    return rows[KBD_IRQ]


def type_and_count(m, before):
    """Types LINE; waits, on the guest's clock, until its interrupts are all counted."""
    common.type_line(m, LINE, "ok")
    for _ in range(40):
        now = kbd_counts(m)
        if sum(now) >= sum(before) + KEY_IRQS:
            return now
        m.command("sleep 50")
    return now


def check_keyboard_line_moves_at_next_interrupt(ctx, m):
    before = kbd_counts(m)
    assert kbd_dest(m) == 0, "IRQ 1's pin goes to APIC ID %d at boot, not to the boot " \
        "CPU's 0" % kbd_dest(m)
    out = m.command("echo 2 > /proc/irq/%d/smp_affinity" % KBD_IRQ)
    assert out == "", "echo 2 > /proc/irq/1/smp_affinity said %r" % out
    mask = m.command("cat /proc/irq/1/smp_affinity").strip()
    assert mask == "2", "/proc/irq/1/smp_affinity reads %r after echo 2, not '2'" % mask
    assert kbd_dest(m) == 0, "IRQ 1 is in use (the keyboard), and its pin went to APIC ID " \
        "%d at the echo: a line in use must move only at its next interrupt" % kbd_dest(m)
    now = type_and_count(m, before)
    assert kbd_dest(m) == CPU1_APIC_ID, "after %d key interrupts QEMU's IOAPIC still sends " \
        "IRQ 1 to APIC ID %d, not to CPU1's %d" % (KEY_IRQS, kbd_dest(m), CPU1_APIC_ID)
    eff = m.command("cat /proc/irq/1/effective_affinity").strip()
    assert eff == "2", "/proc/irq/1/effective_affinity reads %r, not '2' (CPU1)" % eff
    cpu0, cpu1 = now[0] - before[0], now[1] - before[1]
    # The first interrupt after the echo is still CPU0's (the move is made in its ack);
    # every later one is CPU1's.
    assert cpu0 == 1 and cpu1 >= KEY_IRQS - 2, "typed %d keys (%d interrupts) after the " \
        "echo: %d were counted on CPU0 and %d on CPU1; expected exactly 1 on CPU0 (the " \
        "one that makes the move) and the rest on CPU1" % (len(LINE) + 1, KEY_IRQS, cpu0,
                                                           cpu1)


def check_keyboard_tasklet_runs_on_cpu1(ctx, m):
    """The keyboard's bottom half is a tasklet, scheduled by its hard-IRQ handler: it runs
    on the CPU that took the interrupt. Runs after the check above, on the same boot."""
    if kbd_dest(m) != CPU1_APIC_ID:
        m.command("echo 2 > /proc/irq/1/smp_affinity")
        type_and_count(m, kbd_counts(m))
    before = common.softirq_counts(m, "TASKLET")
    irqs = kbd_counts(m)
    now_irqs = type_and_count(m, irqs)
    after = common.softirq_counts(m, "TASKLET")
    assert now_irqs[1] > irqs[1], "IRQ 1 was not taken on CPU1 (CPU0 %d, CPU1 %d more)" % (
        now_irqs[0] - irqs[0], now_irqs[1] - irqs[1])
    assert after[1] > before[1], "IRQ 1 came %d times to CPU1, and CPU1's TASKLET softirq " \
        "count stayed at %d: the keyboard tasklet did not run there" % (
            now_irqs[1] - irqs[1], before[1])


CHECKS = [
    ("keyboard_line_moves_at_its_next_interrupt", 6, "",
     check_keyboard_line_moves_at_next_interrupt),
    ("keyboard_tasklet_runs_on_cpu1", 3, "", check_keyboard_tasklet_runs_on_cpu1),
]

# The regions each test exercises (a pattern matches test names as the grader prints
# them): a failed test names them, so a student knows where to look.
REGIONS = {
    "smp_tasklet.*": ["tasklet-run-bit"],
    "irq_affinity.*": ["ioapic-set-affinity", "irq-move-pending"],
    "smp_call.*": ["csd-unlock"],
    "keyboard_*": ["ioapic-set-affinity", "irq-move-pending", "tasklet-run-bit"],
}
