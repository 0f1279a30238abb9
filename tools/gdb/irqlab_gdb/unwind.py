"""Backtraces across interrupts and context switches.

Two places have no debug information to unwind with, because they are nasm, not C:

- arch/x86/entry.asm's common_entry, between the vector stub and the C handler. Once it
  has pushed `esp` (the struct pt_regs * argument) and until ret_from_intr drops it,
  the interrupted code's registers are in that struct pt_regs, just above the argument.
  EntryUnwinder gives gdb those registers, so `bt` in a handler goes on past
  common_entry into the code the interrupt stopped, as Linux's unwinder does with its
  pt_regs frames.

- A switched-out thread, whose stack gdb cannot see at all: task->sp points at the four
  registers arch/x86/switch.asm pushed (edi, esi, ebx, ebp), then the return address
  into __schedule(). walk_frames() follows the EBP chain from there (the kernel is
  built with -fno-omit-frame-pointer), and through common_entry the same way.
"""
import re

import gdb
from gdb.unwinder import Unwinder

from irqlab_gdb import utils

# struct pt_regs members the interrupted code's registers come from, by gdb's names.
PT_REGS_REGISTERS = ("eax", "ecx", "edx", "ebx", "ebp", "esi", "edi", "eip", "eflags",
                     "cs", "ds", "es", "fs", "gs")
MAX_FRAMES = 64


class FrameId:
    """What gdb tells frames apart by: the stack address and the function's start
    (gdb 13 takes any object with these two attributes, as gdb.Value)."""

    def __init__(self, sp, pc):
        self.sp = gdb.Value(sp).cast(utils.u32_type())
        self.pc = gdb.Value(pc).cast(utils.u32_type())


class EntryRange:
    """Where in common_entry the frame holds a pointer to pt_regs at [esp]: from the
    instruction after `push esp` up to ret_from_intr's `add esp, 4`, inclusive.

    Found once per kernel file, never from inside the unwinder: gdb is in the middle of
    building frames there, and anything that asks for the selected frame recurses."""

    def __init__(self):
        self.start = self.after_push = self.end = None
        start = utils.minimal_symbol_address("common_entry")
        end = utils.minimal_symbol_address("ret_from_intr")
        if start is None or end is None:
            return
        arch = gdb.selected_inferior().architecture()
        for insn in arch.disassemble(start, end):
            if re.match(r"push\s+%?esp\b", insn["asm"].strip()):
                self.after_push = insn["addr"] + insn["length"]
                break
        self.start, self.end = start, end

    def holds_regs(self, pc):
        return self.after_push is not None and self.after_push <= pc <= self.end


_entry = None


def entry_range():
    global _entry
    if _entry is None:
        _entry = EntryRange()
    return _entry


def _forget_entry_range(event=None):
    """A new kernel file: find common_entry again."""
    global _entry
    _entry = None
    if gdb.current_progspace().filename:
        entry_range()


def pt_regs_at(addr):
    return gdb.Value(addr).cast(gdb.lookup_type("struct pt_regs").pointer()).dereference()


class EntryUnwinder(Unwinder):
    """Unwinds common_entry's frame through its struct pt_regs."""

    def __init__(self):
        super().__init__("irqlab-pt_regs")

    def __call__(self, pending_frame):
        try:
            pc = int(pending_frame.read_register("eip"))
            entry = _entry
            if entry is None or not entry.holds_regs(pc):
                return None
            sp = int(pending_frame.read_register("esp"))
            regs = pt_regs_at(sp + 4)   # the argument slot sits just below the frame
        except gdb.error:
            return None
        u32 = utils.u32_type()
        info = pending_frame.create_unwind_info(FrameId(sp, entry.start))
        for reg in PT_REGS_REGISTERS:
            info.add_saved_register(reg, regs[reg].cast(u32))
        # Ring 0 to ring 0: the CPU pushed no ESP, the stack just continues above.
        info.add_saved_register("esp", gdb.Value(sp + 4 + regs.type.sizeof).cast(u32))
        return info


def install():
    gdb.unwinder.register_unwinder(None, EntryUnwinder(), replace=True)
    gdb.events.new_objfile.connect(_forget_entry_range)
    _forget_entry_range()


class Frame:
    """One frame of walk_frames(): pc, and what kind of frame it is."""

    def __init__(self, pc, is_return_address, regs=None):
        self.pc = pc
        self.is_return_address = is_return_address
        self.regs = regs            # for the interrupt entry: the struct pt_regs address

    def lookup_pc(self):
        # A return address is the instruction after the call: name the call itself.
        return self.pc - 1 if self.is_return_address else self.pc

    def lines(self):
        """One line per function at pc, inlined ones first, as gdb's bt shows them."""
        if self.regs is not None:
            regs = pt_regs_at(self.regs)
            return ["<interrupt: vector 0x%x, error code 0x%x, pt_regs at 0x%x>"
                    % (int(regs["vector"]), int(regs["error_code"]), self.regs)]
        pc = self.lookup_pc()
        names = utils.function_names(pc) or ["??"]
        where = utils.source_line(pc)
        out = []
        for i, name in enumerate(names):
            text = name
            if i + 1 < len(names):
                text += " [inlined]"
            if where and i == 0:
                text += " at " + where
            out.append(text)
        return out


def walk_frames(pc, ebp, stack_lo=None, stack_hi=None, is_return_address=True):
    """Frames from (pc, ebp), following saved EBPs; through common_entry it continues
    with the interrupted registers. Stops at EBP 0 (where every thread's chain ends),
    at an EBP outside [stack_lo, stack_hi) or not above the previous one, or after
    MAX_FRAMES."""
    entry = entry_range()
    frames = []
    while pc and len(frames) < MAX_FRAMES:
        frames.append(Frame(pc, is_return_address))
        if ebp == 0 or (stack_lo is not None and not stack_lo <= ebp < stack_hi):
            break
        try:
            next_pc = utils.read_u32(ebp + 4)
            next_ebp = utils.read_u32(ebp)
        except gdb.MemoryError:
            break
        if entry.holds_regs(next_pc):
            # Called by common_entry: its argument slot is at ebp + 8, the frame above.
            regs_addr = ebp + 12
            frames.append(Frame(next_pc, True, regs=regs_addr))
            regs = pt_regs_at(regs_addr)
            pc, ebp = int(regs["eip"]), int(regs["ebp"])
            is_return_address = False       # an interrupted instruction, not a call
            continue
        if next_ebp != 0 and next_ebp <= ebp:
            frames.append(Frame(next_pc, True))
            break
        pc, ebp, is_return_address = next_pc, next_ebp, True
    return frames


def format_frames(frames, indent="", with_pc=True):
    out = []
    n = 0
    for f in frames:
        for i, line in enumerate(f.lines()):
            if with_pc and i == 0 and f.regs is None:
                out.append("%s#%-2d 0x%08x in %s" % (indent, n, f.pc, line))
            elif with_pc and f.regs is None:
                out.append("%s#%-2d            %s" % (indent, n, line))
            else:
                out.append("%s#%-2d %s" % (indent, n, line))
            n += 1
    return out


install()
