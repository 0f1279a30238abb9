"""Lab 7, PCI interrupts, INTx and MSI: what `make grade LAB=7` runs, and the points.

Every boot of this lab is a q35 with two CPUs and QEMU's edu device three times: slots 4
and 8 (the same PIRQ link, so under INTx they share one line) and slot 1 behind a
PCI-to-PCI bridge at slot 9 (its pin is swizzled on the way). On q35 under the IOAPIC
each PIRQ link has a GSI of its own, so a pin sent to the wrong link interrupts a line
nobody listens to: the raise never arrives.

The KTAP suite pci_edu (named only: ordinary selftest boots have no edu) covers the
choice of MSI or INTx, the MSI message and its move to CPU 1, INTx through the links and
the bridge, and the driver's top half on a shared line. The scenario checks boot a shell
three ways - MSI, 'nomsi' (INTx through the IOAPIC) and 'irqchip=pic' (INTx through the
8259) - and drive the devices with the `edu` command, reading /proc/interrupts and
QEMU's own `info pci` for what the kernel should show.
"""
import re

TITLE = "PCI interrupts: INTx and MSI"
HANDOUT = "docs/labs/lab7-pci-msi.md"
SELFTEST = "selftest=pci_edu"
# The suite takes about a second, and a raise that never arrives costs one more: a kernel
# that a student's code has hung is stopped sooner than the default 60 s.
SELFTEST_TIMEOUT = 30

EDUS = ["-device", "edu,addr=4", "-device", "edu,addr=8",
        "-device", "pci-bridge,id=br1,chassis_nr=1,addr=9", "-device", "edu,bus=br1,addr=1"]
MACHINE = {"machine": "q35", "smp": 2, "extra_args": EDUS}

KTAP = [
    ("pci_edu", "test_edu_driver_takes_msi_under_the_ioapic", 2),
    ("pci_edu", "test_msi_message_names_the_vector_and_the_cpu", 3),
    ("pci_edu", "test_msi_raise_arrives_once_and_is_acked", 3),
    ("pci_edu", "test_msi_follows_its_affinity", 2),
    ("pci_edu", "test_intx_reaches_its_line", 3),
    ("pci_edu", "test_intx_behind_a_bridge_is_swizzled", 2),
    ("pci_edu", "test_alloc_chooses_msi_or_falls_back", 3),
    ("pci_edu", "test_shared_intx_line_each_handler_takes_its_own", 3),
]

# A /proc/interrupts row with any number of CPU columns: irq, counts, chip, hwirq-flow,
# handlers.
ROW = re.compile(r"^\s*(\d+):((?:\s+\d+)+)\s+(\S+)\s+(\d+)-(\w+)\s+(.*?)\s*$", re.M)
EDU_LINE = re.compile(r"^edu(\d): (\S+), IRQ (\d+) \((INTx|PCI-MSI)\)", re.M)
RAISE = 0x1000
WAIT = 20       # seconds for a command whose interrupt never comes (the driver waits 10)


def interrupts(m):
    """{irq: (per-CPU counts, chip, hwirq, flow, handlers)}"""
    return {int(irq): ([int(c) for c in counts.split()], chip, int(hw), flow, names)
            for irq, counts, chip, hw, flow, names in ROW.findall(
                m.command("cat /proc/interrupts"))}


def edus(m):
    """{minor: (slot name, irq, 'INTx' or 'PCI-MSI')} from /dev/eduN."""
    found = {}
    for n in range(3):
        g = EDU_LINE.search(m.command("cat /dev/edu%d" % n))
        assert g, "/dev/edu%d: the edu driver did not take the device:\n%s" % (
            n, m.command("cat /dev/edu%d" % n))
        found[int(g.group(1))] = (g.group(2), int(g.group(3)), g.group(4))
    return found


def qemu_slots(m):
    """QEMU's own list of the edu functions, as 'bus:dev.fn' strings."""
    out, slots, cur = m.hmp("info pci"), [], None
    for line in out.splitlines():
        g = re.match(r"\s*Bus\s+(\d+), device\s+(\d+), function (\d+):", line)
        if g:
            cur = "%02x:%02x.%x" % tuple(int(x) for x in g.groups())
        elif cur and "PCI device 1234:11e8" in line:
            slots.append(cur)
    return slots


def raise_each(m, devs):
    """Raises on each device in turn; each must arrive once, on its own line."""
    for n, (_slot, irq, _mode) in sorted(devs.items()):
        before = interrupts(m)[irq][0]
        out = m.command("edu %d raise 0x%x" % (n, RAISE), timeout=WAIT)
        assert "edu%d: raised 0x%x, interrupt status was 0x%x" % (n, RAISE, RAISE) in out, \
            "edu%d (IRQ %d): the raise's interrupt did not reach the driver:\n%s" % (
                n, irq, out)
        after = interrupts(m)[irq][0]
        assert sum(after) - sum(before) == 1, "edu%d: one raise, and IRQ %d counted %d " \
            "deliveries" % (n, irq, sum(after) - sum(before))


def check_msi(ctx, m):
    devs = edus(m)
    rows = interrupts(m)
    assert sorted(s for s, _i, _m in devs.values()) == sorted(qemu_slots(m)), \
        "the edu driver's devices %s are not QEMU's %s" % (devs, qemu_slots(m))
    for n, (slot, irq, mode) in sorted(devs.items()):
        assert mode == "PCI-MSI", "edu%d is on %s under the IOAPIC, not MSI" % (n, mode)
        bus, dev, fn = (int(x, 16) for x in re.split(r"[:.]", slot))
        hwirq = (bus << 8 | dev << 3 | fn) << 11
        assert irq in rows and rows[irq][1:5] == ("PCI-MSI", hwirq, "edge", "edu"), \
            "edu%d's row for IRQ %d: %s; expected PCI-MSI %d-edge edu" % (
                n, irq, rows.get(irq), hwirq)
    raise_each(m, devs)
    # The move to CPU 1 is made at the line's next interrupt: that one still lands on
    # CPU 0, the next on CPU 1.
    irq = devs[0][1]
    assert m.command("echo 2 > /proc/irq/%d/smp_affinity" % irq).strip() == ""
    before = interrupts(m)[irq][0]
    for _ in range(2):
        assert "raised" in m.command("edu 0 raise 0x%x" % RAISE, timeout=WAIT)
    after = interrupts(m)[irq][0]
    assert [a - b for a, b in zip(after, before)] == [1, 1], \
        "after echo 2 > /proc/irq/%d/smp_affinity, two raises counted %s per CPU; " \
        "expected [1, 1] (the move is made at the first)" % (
            irq, [a - b for a, b in zip(after, before)])


def check_intx(chip, flow, why):
    def check(ctx, m):
        assert why in m.out, "the boot log does not say why edu is on INTx (%r)" % why
        devs = edus(m)
        rows = interrupts(m)
        for n, (_slot, irq, mode) in sorted(devs.items()):
            assert mode == "INTx", "edu%d is on %s, not INTx" % (n, mode)
            assert irq in rows and rows[irq][1] == chip and rows[irq][3] == flow, \
                "edu%d's line %d: %s, expected %s %s" % (n, irq, rows.get(irq), chip, flow)
        # Slots 4 and 8 drive the same PIRQ link: one line, both handlers on it.
        assert devs[0][1] == devs[1][1], "slots 4 and 8 share a PIRQ link, yet edu0 is " \
            "on IRQ %d and edu1 on IRQ %d" % (devs[0][1], devs[1][1])
        assert re.search(r"\bedu, edu\b", rows[devs[0][1]][4]), rows[devs[0][1]]
        raise_each(m, devs)
    return check


CHECKS = [
    ("msi_each_device_its_line_and_affinity", 3, "", check_msi),
    ("intx_nomsi_through_the_ioapic", 3, "nomsi",
     check_intx("IO-APIC", "fasteoi", "no MSI (nomsi on the command line): using INTx")),
    ("intx_through_the_8259", 3, "irqchip=pic",
     check_intx("XT-PIC", "edge", "no MSI (irqchip is the 8259 PIC")),
]

# The regions each test exercises (a pattern matches test names as the grader prints
# them): a failed test names them, so a student knows where to look.
REGIONS = {
    "pci_edu.edu_driver_takes_msi_under_the_ioapic": ["pci-alloc-irq-vectors"],
    "pci_edu.msi_message_names_the_vector_and_the_cpu": ["msi-compose-msg",
                                                         "pci-alloc-irq-vectors"],
    "pci_edu.msi_raise_arrives_once_and_is_acked": ["msi-compose-msg", "edu-irq-ack",
                                                    "pci-alloc-irq-vectors"],
    "pci_edu.msi_follows_its_affinity": ["msi-compose-msg", "edu-irq-ack",
                                         "pci-alloc-irq-vectors"],
    "pci_edu.intx_*": ["intx-pirq-link", "pci-alloc-irq-vectors"],
    "pci_edu.alloc_chooses_msi_or_falls_back": ["pci-alloc-irq-vectors"],
    "pci_edu.shared_intx_line_each_handler_takes_its_own": ["edu-irq-ack", "intx-pirq-link",
                                                            "pci-alloc-irq-vectors"],
    "msi_each_device_its_line_and_affinity": ["pci-alloc-irq-vectors", "msi-compose-msg",
                                              "edu-irq-ack"],
    "intx_*": ["pci-alloc-irq-vectors", "intx-pirq-link", "edu-irq-ack"],
}
