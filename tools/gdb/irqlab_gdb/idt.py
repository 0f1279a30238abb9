"""irqlab-idt: the Interrupt Descriptor Table of arch/x86/idt.c, decoded.

Intel SDM Vol. 3A, "Interrupt and Exception Handling", section "IDT Descriptors": a gate
is 8 bytes - the handler's offset split in two halves, a selector, and a type byte
(present, DPL, gate type). For each gate this shows the entry stub the CPU jumps to
and where entry.asm sends it from there: exception_handlers[], do_IRQ and the line
vector_irq[] binds the vector to, or system_vector_handlers[]. For the task gate of the
double fault it follows the selector into the GDT, to the TSS and its EIP.
"""
import gdb

from irqlab_gdb import constants, utils

# Gate types ("IDT Descriptors" in the SDM): architecture, not irqlab's choice.
GATE_TYPES = {0x5: "task", 0x6: "intr16", 0x7: "trap16", 0xe: "interrupt", 0xf: "trap"}
GATE_PRESENT = 0x80
HEADER = "VECTOR    NAME      GATE      DPL SEL    STUB                 -> WHERE COMMON_ENTRY SENDS IT"
ROW = "%-9s %-9s %-9s %d   0x%04x %-20s -> %s"


def kernel_cs():
    # getattr: inside a class, Python would mangle a name that starts with two underscores.
    return getattr(constants, "__KERNEL_CS")


def gate_fields(gate):
    type_attr = int(gate["type_attr"])
    return {
        "offset": int(gate["offset_low"]) | (int(gate["offset_high"]) << 16),
        "selector": int(gate["selector"]),
        "type": type_attr & 0x0f,
        "dpl": (type_attr >> 5) & 3,
        "present": bool(type_attr & GATE_PRESENT),
    }


def trap_name(vector):
    """The SDM's mnemonic, as the kernel's own table (arch/x86/traps.c: trap_info) and
    /proc/exceptions give it: "" for a vector the SDM names none (2, 9, 15, 22-31)."""
    try:
        table = gdb.parse_and_eval("trap_info")
        if vector >= table.type.range()[1] + 1:
            return ""
        mnemonic = table[vector]["mnemonic"]
        return mnemonic.string() if int(mnemonic) else ""
    except gdb.error:
        return ""


def gdt_descriptor_base(selector):
    """The base address in the GDT entry a selector names (SDM "Segment Descriptors")."""
    gdt = utils.value("gdt")
    d = gdt[selector >> 3]
    return int(d["base_low"]) | (int(d["base_mid"]) << 16) | (int(d["base_high"]) << 24)


def task_gate_target(selector):
    base = gdt_descriptor_base(selector)
    tss = gdb.Value(base).cast(gdb.lookup_type("struct tss").pointer()).dereference()
    return "TSS %s, eip %s" % (utils.describe(base), utils.describe(int(tss["eip"])))


def line_names(irq):
    desc = utils.value("irq_desc")[irq]
    names = []
    a = desc["action"]
    while int(a):
        names.append(utils.string(a["name"]))
        a = a["next"]
    return ",".join(names) if names else "no action"


def destination(vector, vector_irq):
    """Where entry.asm's common_entry sends this vector."""
    c = constants
    if vector < c.FIRST_EXTERNAL_VECTOR:
        return utils.describe(int(utils.value("exception_handlers")[vector]))
    if vector >= c.FIRST_SYSTEM_VECTOR:
        handler = int(utils.value("system_vector_handlers")[vector - c.FIRST_SYSTEM_VECTOR])
        if handler == utils.minimal_symbol_address("do_IRQ"):
            return "do_IRQ: a system vector nobody claimed (reported)"
        return utils.describe(handler)
    irq = int(vector_irq[vector])
    if irq < 0:
        return "do_IRQ: no line bound (reported: 'No irq handler for vector')"
    return "do_IRQ: IRQ %d (%s)" % (irq, line_names(irq))


def stub_name(vector, offset):
    """The stub's symbol. vector_stub_0 shares its address with the vector_stubs label,
    and gdb may name either: prefer the stub's own name when it is the same place."""
    own = "vector_stub_%d" % vector
    name = utils.symbol_at(offset)
    if name != own and utils.minimal_symbol_address(own) == offset:
        return own
    return name or "0x%08x" % offset


class Gate:
    """One decoded gate: its line of output, and the key that lets a run of identical
    ones fold into a single line (None: never folds)."""

    def __init__(self, vector, gate, vector_irq):
        g = gate_fields(gate)
        self.vector = vector
        self.fold_key = None
        if not g["present"]:
            self.text = "0x%02x      not present" % vector
            return
        kind = GATE_TYPES.get(g["type"], "type 0x%x" % g["type"])
        if g["type"] == 0x5:
            stub, where = "-", task_gate_target(g["selector"])
        else:
            stub, where = stub_name(vector, g["offset"]), destination(vector, vector_irq)
            if (g["type"] == 0xe and g["dpl"] == 0 and g["selector"] == kernel_cs()
                    and stub == "vector_stub_%d" % vector and not trap_name(vector)):
                self.fold_key = where
        self.text = ROW % ("0x%02x" % vector, trap_name(vector), kind, g["dpl"],
                           g["selector"], stub, where)


def folded_line(run):
    first, last = run[0].vector, run[-1].vector
    return ROW % ("0x%02x-0x%02x" % (first, last), "", "interrupt", 0, kernel_cs(),
                  "vector_stub_%d..%d" % (first, last), run[0].fold_key)


USAGE = "usage: irqlab-idt [-a | VECTOR | FIRST-LAST]   (decimal or 0x hex, 0-%d)"


def parse_range(arg, entries):
    """The vectors 'V' or 'A-B' names (both ends included), or a usage error."""
    ends = arg.split("-")
    try:
        if len(ends) > 2:
            raise ValueError
        first, last = int(ends[0], 0), int(ends[-1], 0)
    except ValueError:
        raise gdb.GdbError(USAGE % (entries - 1))
    if not 0 <= first <= last < entries:
        raise gdb.GdbError("irqlab-idt: %s is not a range of vectors within 0-%d, first "
                           "<= last" % (arg, entries - 1))
    return range(first, last + 1)


class IrqlabIdt(gdb.Command):
    """Show the IDT's gates: type, selector, entry stub, and the C code behind it.

Usage: irqlab-idt [-a | VECTOR | FIRST-LAST]     (vectors in decimal or 0x hex)
By default a run of three or more gates that differ only in their number (their own
stub, the same destination) is folded into one line; -a shows all 256 one by one.

Columns: vector, exception mnemonic, gate type (interrupt: IF cleared on entry; trap:
IF kept; task: a hardware task switch), DPL, selector, the stub the gate points at,
and where common_entry sends the vector."""

    def __init__(self):
        super().__init__("irqlab-idt", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        arg = arg.strip()
        constants.require()
        idt = utils.value("idt")
        vector_irq = utils.per_cpu(utils.value("vector_irq"), 0)
        lo, hi = idt.type.range()
        wanted = None if arg in ("", "-a") else parse_range(arg, hi + 1)
        gates = [Gate(v, idt[v], vector_irq) for v in range(lo, hi + 1)
                 if wanted is None or v in wanted]
        gdb.write(HEADER + "\n")
        if arg != "":
            for g in gates:
                gdb.write(g.text + "\n")
            return
        # Fold runs of three or more gates that differ only in their number.
        i = 0
        while i < len(gates):
            j = i
            while (j + 1 < len(gates) and gates[i].fold_key is not None
                   and gates[j + 1].fold_key == gates[i].fold_key):
                j += 1
            if j - i >= 2:
                gdb.write(folded_line(gates[i:j + 1]) + "\n")
            else:
                for g in gates[i:j + 1]:
                    gdb.write(g.text + "\n")
            i = j + 1


IrqlabIdt()
