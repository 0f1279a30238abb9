"""The boot's arch half as the console shows it: setup_arch() reads the command line
before it prints the memory map, and init_IRQ() honours irqchip= only where the machine
allows it, saying why otherwise."""
import re

from irqlab import Machine

PIC_LINE = "irqchip: using the 8259 PIC (XT-PIC): "
APIC_LINE = "irqchip: using the IO-APIC and the local APIC"


def boot(**kw):
    m = Machine(**kw).start()
    m.wait_ready()
    return m


def test_quiet_takes_effect_before_the_memory_map():
    m = boot(cmdline="quiet")
    try:
        console = m.out
        dmesg = m.command("dmesg")
        assert "BIOS-e820" in dmesg and "ACPI: RSDP" in dmesg, dmesg[:2000]
        assert "BIOS-e820" not in console and "ACPI: RSDP" not in console, console
    finally:
        m.close()


def test_irqchip_apic_cannot_give_what_the_cpu_lacks():
    m = boot(cmdline="irqchip=apic", cpu="486")
    try:
        said = m.out[m.out.index(PIC_LINE):].splitlines()[0]
        assert said == PIC_LINE + "no local APIC (CPUID.01h:EDX[9] is 0)", said
    finally:
        m.close()


def test_unknown_irqchip_value_is_reported_and_ignored():
    m = boot(cmdline="irqchip=ioapic")
    try:
        assert re.search(r"irqchip=ioapic: expected apic or pic; choosing as if it were "
                         r"absent\n", m.out), m.out[-3000:]
        assert APIC_LINE in m.out
    finally:
        m.close()
