"""Lab 3, the LAPIC, the IOAPIC and the MADT: what `make grade LAB=3` runs, and the points.

The expected routing is QEMU's own, known independently of irqlab (the MADT of QEMU's pc
machine): IRQ 0 arrives on IOAPIC pin 2, and IRQs 5, 9, 10 and 11 are level-triggered,
active high; every other ISA IRQ is edge, active high, on its own pin. The checks read the redirection entries as QEMU holds them (HMP
`info pic`), not as irqlab reports them.
"""
import common

TITLE = "the LAPIC, the IOAPIC and the MADT"
HANDOUT = "docs/labs/lab3-apic-madt.md"
SELFTEST = "selftest=acpi,apic"

KTAP = [
    ("acpi", "test_madt_good_table_parsed", 2),
    ("acpi", "test_madt_truncated_entries_rejected", 1),
    ("acpi", "test_isa_irq_route_applies_overrides", 6),
    ("apic", "test_lapic_enabled_with_spurious_vector", 1),
    ("apic", "test_8259s_fully_masked", 1),
    ("apic", "test_irq0_on_the_pin_its_override_names", 3),
    ("apic", "test_ioapic_entry_follows_request_and_disable", 4),
    ("apic", "test_line_vector_and_spurious_without_eoi", 5),
    ("apic", "test_edge_line_retrigger_reaches_handler", 2),
    ("apic", "test_error_vector_counted_and_ended", 1),
]

LEVEL_IRQS = (5, 9, 10, 11)     # QEMU pc: the MADT's level-triggered, active-high lines
TIMER_PIN = 2                   # QEMU pc: the MADT moves IRQ 0 to GSI 2


def check_timer_on_pin_2(ctx, m):
    rows = common.proc_interrupts(m)
    assert 0 in rows, "no IRQ 0 row in /proc/interrupts: %s" % rows
    count, chip, pin, flow, names = rows[0]
    assert (chip, pin, flow) == ("IO-APIC", TIMER_PIN, "edge"), \
        "IRQ 0 is %s %d-%s, expected IO-APIC %d-edge (the MADT's override)" % (
            chip, pin, flow, TIMER_PIN)
    assert count > 0, "IRQ 0 never arrived through IOAPIC pin %d" % TIMER_PIN
    pins = common.ioapic_pins(m)
    e = pins[TIMER_PIN]
    assert not e & common.RTE_MASKED, "QEMU's pin 2 is masked: 0x%016x" % e
    assert not e & (common.RTE_LEVEL | common.RTE_POLARITY_LOW), \
        "QEMU's pin 2 is not edge, active high: 0x%016x" % e


def check_trigger_and_polarity(ctx, m):
    pins = common.ioapic_pins(m)
    wrong = []
    for pin in (1, 2, 4) + LEVEL_IRQS:
        e = pins[pin]
        level, low = bool(e & common.RTE_LEVEL), bool(e & common.RTE_POLARITY_LOW)
        if level != (pin in LEVEL_IRQS) or low:
            wrong.append("pin %d: 0x%016x (%s, active %s)" % (
                pin, e, "level" if level else "edge", "low" if low else "high"))
    assert not wrong, "QEMU's redirection entries disagree with the MADT (5, 9, 10, 11 " \
        "level; the others edge; all active high):\n" + "\n".join(wrong)


CHECKS = [
    ("timer_irq0_on_ioapic_pin_2", 4, "", check_timer_on_pin_2),
    ("trigger_and_polarity_as_the_madt_says", 4, "", check_trigger_and_polarity),
]

# The regions each test exercises (a pattern matches test names as the grader prints
# them): a failed test names them, so a student knows where to look. Two cases test code
# outside the regions: a failure there comes from elsewhere in the tree.
REGIONS = {
    "acpi.*": ["madt-override"],
    "apic.lapic_enabled_with_spurious_vector": ["lapic-spurious"],
    "apic.8259s_fully_masked": [],
    "apic.irq0_on_the_pin_its_override_names": ["madt-override", "ioapic-rte"],
    "apic.ioapic_entry_follows_request_and_disable": ["ioapic-rte", "madt-override"],
    "apic.line_vector_and_spurious_without_eoi": ["lapic-spurious", "ioapic-rte",
                                                  "madt-override"],
    "apic.edge_line_retrigger_reaches_handler": ["ioapic-rte"],
    "apic.error_vector_counted_and_ended": [],
    "timer_irq0_on_ioapic_pin_2": ["madt-override", "ioapic-rte"],
    "trigger_and_polarity_as_the_madt_says": ["madt-override", "ioapic-rte"],
}
