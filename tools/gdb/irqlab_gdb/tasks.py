"""irqlab-ps and irqlab-bt: the threads of kernel/sched/, and where each one stopped.

The threads are on all_tasks (kernel/sched/core.c), linked through task->tasks. The one
running on CPU n is per_cpu(current_task, n); its registers are that CPU's, which QEMU's
gdb stub shows as gdb's thread n + 1 (`info threads`: one thread per vCPU). Every other
thread is switched out: its registers are on its own stack where arch/x86/switch.asm
pushed them, and task->sp points at them (unwind.walk_frames goes on from there).
"""
import gdb

from irqlab_gdb import constants, unwind, utils

SWITCH_FRAME = ("edi", "esi", "ebx", "ebp")     # switch.asm's pushes, lowest first


def all_tasks():
    return utils.list_for_each_entry(utils.value("all_tasks"), "struct task_struct", "tasks")


def find_task(pid):
    for t in all_tasks():
        if int(t["pid"]) == pid:
            return t.dereference()
    return None


def running_on(t):
    """The CPU t is the current thread of, or None."""
    for cpu in utils.online_cpus():
        if int(utils.current_task(cpu)) == int(t.address):
            return cpu
    return None


def state_name(t):
    """task_state_name() of kernel/sched/tasks.c, from the outside, except that the
    thread each CPU is stopped in (its gdb thread) is "running" even if it is idle."""
    c = constants
    c.require()
    if running_on(t) is not None:
        return "R (running)"
    if int(t["flags"]) & c.PF_IDLE:
        return "I (idle)"
    if int(t["on_cpu"]):
        return "R (running)"
    return {c.TASK_RUNNING: "R (runnable)", c.TASK_INTERRUPTIBLE: "S (sleeping)",
            c.TASK_UNINTERRUPTIBLE: "D (blocked)", c.TASK_DEAD: "X (dead)"}.get(
                int(t["state"]), "?")


def class_name(t):
    if int(t["policy"]) == constants.SCHED_FIFO:
        return "FIFO %2d" % int(t["rt_priority"])
    return "NORMAL"


def stack_bounds(t):
    lo = int(t["stack"])
    if lo == 0:
        return None, None
    boot = utils.minimal_symbol_address("boot_stack_bottom")
    if lo == boot:                      # idle runs on the boot stack (boot/boot.asm)
        return lo, utils.minimal_symbol_address("boot_stack_top")
    return lo, lo + constants.THREAD_SIZE


def switched_out_frames(t):
    """The frames of a thread that is not running, from the stack switch.asm left."""
    sp = int(t["sp"])
    regs = {name: utils.read_u32(sp + 4 * i) for i, name in enumerate(SWITCH_FRAME)}
    ret = utils.read_u32(sp + 4 * len(SWITCH_FRAME))
    lo, hi = stack_bounds(t)
    return unwind.walk_frames(ret, regs["ebp"], lo, hi)


def live_frame_lines(indent=""):
    """gdb's own backtrace of the CPU (the running thread), in walk_frames()' layout."""
    lines = []
    entry = unwind.entry_range()
    frame = gdb.newest_frame()
    n = 0
    while frame is not None and n < unwind.MAX_FRAMES:
        if frame.pc() == 0:
            break                       # an AP's first frame: start_secondary returns nowhere
        if entry.holds_regs(frame.pc()):
            regs = int(frame.read_register("esp")) + 4
            text = unwind.Frame(frame.pc(), True, regs=regs).lines()[0]
            lines.append("%s#%-2d %s" % (indent, n, text))
        else:
            sal = frame.find_sal()
            where = " at %s:%d" % (sal.symtab.filename, sal.line) if sal.symtab else ""
            name = frame.name() or utils.describe(frame.pc())
            inl = " [inlined]" if frame.type() == gdb.INLINE_FRAME else ""
            lines.append("%s#%-2d 0x%08x in %s%s%s" % (indent, n, frame.pc(), name, inl,
                                                      where))
        try:
            frame = frame.older()
        except gdb.error:
            break
        n += 1
    return lines


def gdb_thread_of_cpu(cpu):
    for th in gdb.selected_inferior().threads():
        if th.num == cpu + 1:
            return th
    return None


def cpu_frame_lines(cpu, indent=""):
    """gdb's backtrace of CPU cpu, read in that CPU's gdb thread; the thread and frame
    the user had selected are selected again afterwards."""
    th = gdb_thread_of_cpu(cpu)
    if th is None:
        return [indent + "(running on CPU%d, which gdb has no thread for)" % cpu]
    was_thread, was_frame = gdb.selected_thread(), gdb.selected_frame()
    th.switch()
    try:
        return live_frame_lines(indent)
    finally:
        was_thread.switch()
        was_frame.select()


def backtrace_lines(t, indent=""):
    cpu = running_on(t)
    if cpu is not None:
        return cpu_frame_lines(cpu, indent)
    if int(t["on_cpu"]):
        # Between current_task and the switch: its registers are still that CPU's.
        return [indent + "(switching on CPU%d: gdb's thread %d)" % (int(t["cpu"]), int(t["cpu"]) + 1)]
    if int(t["sp"]) == 0:
        return [indent + "(no saved stack)"]
    return unwind.format_frames(switched_out_frames(t), indent)


class IrqlabPs(gdb.Command):
    """List the threads, with a backtrace of each one that is not running.

Usage: irqlab-ps [-q]
  -q   no backtraces, only the table

The table is the shell's ps: pid, state, scheduling class, the CPU it runs or last ran
on (PSR), timer ticks, voluntary and involuntary context switches, name; then the
task_struct's address. The thread running on CPU n is the one gdb's thread n + 1
executes (info threads): its backtrace is gdb's own bt in that thread, whichever thread
is selected. Every other thread's backtrace starts where switch.asm saved its registers: a sleeping
thread shows what it waits for (schedule() <- wait_event <- ...)."""

    def __init__(self):
        super().__init__("irqlab-ps", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        args = arg.split()
        if args not in ([], ["-q"]):
            raise gdb.GdbError("usage: irqlab-ps [-q]")
        constants.require()
        gdb.write("%5s  %-14s %-8s %3s %8s %8s %8s  %-16s %s\n" % (
            "PID", "STATE", "CLASS", "PSR", "TICKS", "VOLSW", "INVOLSW", "NAME", "TASK"))
        for p in all_tasks():
            t = p.dereference()
            gdb.write("%5d  %-14s %-8s %3d %8d %8d %8d  %-16s 0x%08x\n" % (
                int(t["pid"]), state_name(t), class_name(t), int(t["cpu"]), int(t["ticks"]),
                int(t["nvcsw"]), int(t["nivcsw"]), utils.string(t["comm"]), int(p)))
            if args == ["-q"]:
                continue
            for line in backtrace_lines(t, indent="       "):
                gdb.write(line + "\n")


class IrqlabBt(gdb.Command):
    """Backtrace of one thread, by pid (irqlab-ps lists them).

Usage: irqlab-bt PID
For the running thread this is gdb's bt. For a switched-out one it walks the EBP chain
from the registers switch.asm pushed (task->sp), and through an interrupt's pt_regs
when the thread was preempted in one."""

    def __init__(self):
        super().__init__("irqlab-bt", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        try:
            pid = int(arg.strip(), 0)
        except ValueError:
            raise gdb.GdbError("usage: irqlab-bt PID")
        constants.require()
        t = find_task(pid)
        if t is None:
            raise gdb.GdbError("irqlab: no thread with pid %d (irqlab-ps lists them)" % pid)
        gdb.write("pid %d %s, %s, task 0x%08x, saved sp 0x%08x\n" % (
            pid, utils.string(t["comm"]), state_name(t), int(t.address), int(t["sp"])))
        for line in backtrace_lines(t):
            gdb.write(line + "\n")


class IrqlabCurrent(gdb.Function):
    """$irqlab_current([CPU]): the struct task_struct * running on CPU (default 0)."""

    def __init__(self):
        super().__init__("irqlab_current")

    def invoke(self, cpu=0):
        return utils.current_task(int(cpu))


class IrqlabPerCpu(gdb.Function):
    """$irqlab_per_cpu("VAR"[, CPU]): CPU's copy of the per-CPU variable VAR, as
per_cpu(VAR, CPU) in C: the section copy moved by __per_cpu_offset[CPU]."""

    def __init__(self):
        super().__init__("irqlab_per_cpu")

    def invoke(self, name, cpu=0):
        return utils.per_cpu(utils.value(name.string()), int(cpu))


IrqlabPs()
IrqlabBt()
IrqlabCurrent()
IrqlabPerCpu()
