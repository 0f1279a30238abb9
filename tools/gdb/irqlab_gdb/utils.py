"""Reading the kernel's data from gdb: symbols, per-CPU variables, lists, symbol names.

Everything goes through gdb.Value, so struct layouts come from the kernel's debug
information and never from a copy kept here.
"""
import re

import gdb


def lookup(name):
    """The gdb.Value of a global or file-static variable, or None if the kernel has
    none of that name (static variables need lookup_static_symbol: parse_and_eval finds
    them only from inside their own file)."""
    sym = gdb.lookup_global_symbol(name) or gdb.lookup_static_symbol(name)
    if sym is None:
        return None
    return sym.value()


def value(name):
    """Like lookup(), but a missing symbol is an error naming it."""
    v = lookup(name)
    if v is None:
        raise gdb.GdbError("irqlab: this kernel has no symbol '%s' (is build/irqlab.elf "
                           "the kernel QEMU runs?)" % name)
    return v


def has_type(name):
    try:
        gdb.lookup_type(name)
        return True
    except gdb.error:
        return False


def u32_type():
    return gdb.lookup_type("unsigned int")


def char_ptr_type():
    return gdb.lookup_type("char").pointer()


def read_u32(addr):
    data = gdb.selected_inferior().read_memory(addr, 4)
    return int.from_bytes(bytes(data), "little")


def read_bytes(addr, n):
    return bytes(gdb.selected_inferior().read_memory(addr, n))


def string(v, default="(null)"):
    """A C string: a char * the kernel points at, or a char array (task->comm)."""
    if v.type.strip_typedefs().code == gdb.TYPE_CODE_ARRAY:
        return v.string(errors="replace").split("\0")[0]
    if int(v) == 0:
        return default
    return v.string(errors="replace")


# -- per-CPU variables (include/irqlab/percpu.h) ------------------------------------------

def _cpus_in(mask_name):
    lo, hi = value("__per_cpu_offset").type.range()     # NR_CPUS is its length
    mask = int(value(mask_name))
    return [cpu for cpu in range(lo, hi + 1) if mask & (1 << cpu)]


def possible_cpus():
    """The CPUs with a per-CPU area (include/irqlab/cpumask.h)."""
    return _cpus_in("__cpu_possible_mask")


def online_cpus():
    """The CPUs running the kernel: the columns of /proc/interrupts and /proc/softirqs."""
    return _cpus_in("__cpu_online_mask")


def per_cpu(var, cpu):
    """CPU cpu's copy of the per-CPU variable var (a gdb.Value naming the section copy):
    &var + __per_cpu_offset[cpu], as per_cpu_ptr() computes it."""
    offset = int(value("__per_cpu_offset")[cpu])
    addr = int(var.address) + offset
    return gdb.Value(addr).cast(var.type.pointer()).dereference()


def current_task(cpu=0):
    return per_cpu(value("current_task"), cpu)


# -- lists (include/irqlab/list.h) -----------------------------------------------------------

def offset_of(typename, member):
    t = gdb.lookup_type(typename)
    for f in t.fields():
        if f.name == member:
            return f.bitpos // 8
    raise gdb.GdbError("irqlab: %s has no member %s" % (typename, member))


def container_of(ptr, typename, member):
    t = gdb.lookup_type(typename)
    addr = int(ptr) - offset_of(typename, member)
    return gdb.Value(addr).cast(t.pointer())


def list_for_each_entry(head, typename, member, limit=10000):
    """The entries of a struct list_head list (head is the list_head itself). Stops with
    an error on a broken or endless list instead of looping."""
    head_addr = int(head.address)
    node = head["next"]
    seen = 0
    while int(node) != head_addr:
        if int(node) == 0:
            raise gdb.GdbError("irqlab: list at 0x%x is broken (a NULL next)" % head_addr)
        seen += 1
        if seen > limit:
            raise gdb.GdbError("irqlab: list at 0x%x does not end" % head_addr)
        yield container_of(node, typename, member)
        node = node["next"]


# -- names for addresses ---------------------------------------------------------------------

def symbol_at(addr):
    """'name' or 'name+0x1c' for an address in the kernel image (functions, asm labels
    and data alike: gdb's minimal symbols), or None."""
    try:
        out = gdb.execute("info symbol 0x%x" % addr, to_string=True).strip()
    except gdb.error:
        return None
    if out.startswith("No symbol"):
        return None
    name = out.split(" in section ")[0]
    if " + " in name:
        base, off = name.split(" + ")
        return "%s+0x%x" % (base, int(off))
    return name


def minimal_symbol_address(name):
    """The address of an ELF symbol with no debug information (a nasm label), or None.
    Asks no frame for anything, so it is safe while gdb is unwinding."""
    try:
        out = gdb.execute("info address %s" % name, to_string=True)
    except gdb.error:
        return None
    m = re.search(r" at (?:address )?(0x[0-9a-fA-F]+)", out)
    return int(m.group(1), 16) if m else None


def describe(addr):
    """symbol_at(), falling back to the bare address."""
    if addr == 0:
        return "NULL"
    return symbol_at(addr) or "0x%08x" % addr


def function_names(pc):
    """The function at pc, inlined ones first: ['wait_event...', 'console_getc']."""
    try:
        block = gdb.block_for_pc(pc)
    except RuntimeError:
        block = None
    names = []
    while block is not None and not block.is_global and not block.is_static:
        if block.function is not None:
            names.append(block.function.name)
        block = block.superblock
    if not names:
        sym = symbol_at(pc)
        if sym:
            names.append(sym.split("+")[0])
    return names


def source_line(pc):
    sal = gdb.find_pc_line(pc)
    if sal.symtab is None or not sal.line:
        return None
    return "%s:%d" % (sal.symtab.filename, sal.line)


def flag_names(bits, table):
    """'A|B' for the bits of table ((mask, name) pairs) that are set; leftovers in hex."""
    names = []
    for mask, name in table:
        if bits & mask:
            names.append(name)
            bits &= ~mask
    if bits:
        names.append("0x%x" % bits)
    return "|".join(names) if names else "-"

