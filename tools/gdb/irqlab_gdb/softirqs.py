"""irqlab-softirqs and irqlab-tasklets: the bottom halves of kernel/softirq.c and
kernel/tasklet.c, per CPU.

Both are per-CPU variables (DEFINE_PER_CPU), so each CPU's copy is at
&var + __per_cpu_offset[cpu] (utils.per_cpu)."""
import gdb

from irqlab_gdb import constants, tasks, utils


def softirq_names():
    table = utils.value("softirq_to_name")
    lo, hi = table.type.range()
    return [utils.string(table[i]) for i in range(lo, hi + 1)]


def pending_names(pending, names):
    return "|".join(n for i, n in enumerate(names) if pending & (1 << i)) or "-"


class IrqlabSoftirqs(gdb.Command):
    """Show each CPU's pending softirqs and what every vector has run.

Usage: irqlab-softirqs
Per CPU: the pending mask (softirq_pending) with the names of its bits, and the
preempt_count fields that say whether softirqs are running (SOFTIRQ_OFFSET) or
disabled (local_bh_disable). Per vector: its number, name, handler (softirq_vec[]), and
how often it ran on each CPU (softirq_counts, the numbers of /proc/softirqs)."""

    def __init__(self):
        super().__init__("irqlab-softirqs", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise gdb.GdbError("usage: irqlab-softirqs")
        constants.require()
        names = softirq_names()
        cpus = utils.online_cpus()
        pending_var = utils.value("softirq_pending")
        counts_var = utils.value("softirq_counts")
        vec = utils.value("softirq_vec")
        for cpu in cpus:
            pending = int(utils.per_cpu(pending_var, cpu))
            count = int(utils.per_cpu(utils.value("__preempt_count"), cpu))
            softirq = (count & constants.SOFTIRQ_MASK) // constants.SOFTIRQ_OFFSET
            gdb.write("CPU%d: pending 0x%03x %s; preempt_count 0x%08x (hardirq %d, "
                      "softirq %s)\n" % (
                          cpu, pending, pending_names(pending, names), count,
                          (count & constants.HARDIRQ_MASK) // constants.HARDIRQ_OFFSET,
                          self.softirq_state(softirq)))
            ksoftirqd = utils.per_cpu(utils.value("ksoftirqd"), cpu)
            if int(ksoftirqd):
                t = ksoftirqd.dereference()
                gdb.write("      %s (pid %d): %s\n" % (utils.string(t["comm"]),
                                                       int(t["pid"]), tasks.state_name(t)))
        gdb.write("%3s %-9s %s %s\n" % ("NR", "NAME", "".join(
            "%10s " % ("CPU%d" % cpu) for cpu in cpus), "HANDLER"))
        for nr, name in enumerate(names):
            runs = "".join("%10d " % int(utils.per_cpu(counts_var, cpu)[nr]) for cpu in cpus)
            pend = any(int(utils.per_cpu(pending_var, cpu)) & (1 << nr) for cpu in cpus)
            gdb.write("%3d %-9s %s %s%s\n" % (nr, name, runs,
                                               utils.describe(int(vec[nr]["action"])),
                                               "   (pending)" if pend else ""))

    @staticmethod
    def softirq_state(n):
        # __do_softirq adds SOFTIRQ_OFFSET (odd); local_bh_disable adds 2 * SOFTIRQ_OFFSET.
        if n == 0:
            return "0: none running, not disabled"
        parts = []
        if n & 1:
            parts.append("running")
        if n >> 1:
            parts.append("bh disabled x%d" % (n >> 1))
        return "%d: %s" % (n, ", ".join(parts))


def tasklet_state_names():
    sched = int(gdb.parse_and_eval("TASKLET_STATE_SCHED"))
    run = int(gdb.parse_and_eval("TASKLET_STATE_RUN"))
    return ((1 << sched, "SCHED"), (1 << run, "RUN"))


def tasklet_function(t):
    if bool(t["use_callback"]):
        return utils.describe(int(t["callback"]))
    return "%s(data=0x%x)" % (utils.describe(int(t["func"])), int(t["data"]))


def tasklet_list(head, limit=10000):
    t = head["head"]
    n = 0
    while int(t):
        n += 1
        if n > limit:
            raise gdb.GdbError("irqlab: tasklet list at 0x%x does not end"
                               % int(head.address))
        yield t.dereference()
        t = t["next"]


def running_tasklet(cpu, run_bit):
    """The tasklet whose function runs on cpu now, or None. tasklet_call() records the
    last one it called in per_cpu(tasklet_running) and never clears it: it still runs
    while its RUN bit is set and the CPU is serving a softirq (SOFTIRQ_OFFSET)."""
    var = utils.lookup("tasklet_running")
    if var is None:
        return None
    t = utils.per_cpu(var, cpu)
    count = int(utils.per_cpu(utils.value("__preempt_count"), cpu))
    serving = (count & constants.SOFTIRQ_MASK) // constants.SOFTIRQ_OFFSET & 1
    if not int(t) or not serving or not int(t["state"]) & run_bit:
        return None
    return t.dereference()


def tasklet_line(t, states):
    count = int(t["count"]["counter"])  # atomic_t, as in Linux
    return "  %-28s state=%-9s count=%d%s  %s\n" % (
        utils.describe(int(t.address)), utils.flag_names(int(t["state"]), states), count,
        " (disabled)" if count else "", tasklet_function(t))


class IrqlabTasklets(gdb.Command):
    """Show the tasklet running on each CPU and the tasklets queued there, with their state.

Usage: irqlab-tasklets
Per CPU: the tasklet whose function runs right now, if any (state RUN; it left its list
when its run began, so it is listed apart), then both lists: tasklet_hi_vec (run by
HI_SOFTIRQ, first) and tasklet_vec (run by TASKLET_SOFTIRQ). Each tasklet: its address
and symbol, state bits (SCHED: queued; RUN: its function is running), count (> 0:
disabled, it stays queued), and the function it calls. A running tasklet that was
scheduled again meanwhile shows twice: running, and queued with SCHED|RUN."""

    def __init__(self):
        super().__init__("irqlab-tasklets", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise gdb.GdbError("usage: irqlab-tasklets")
        constants.require()
        states = tasklet_state_names()
        run_bit = states[1][0]
        for cpu in utils.possible_cpus():
            running = running_tasklet(cpu, run_bit)
            gdb.write("CPU%d running: %s\n" % (cpu, "1 tasklet" if running else "none"))
            if running:
                gdb.write(tasklet_line(running, states))
            for var, softirq in (("tasklet_hi_vec", "HI_SOFTIRQ"),
                                 ("tasklet_vec", "TASKLET_SOFTIRQ")):
                head = utils.per_cpu(utils.value(var), cpu)
                queued = list(tasklet_list(head))
                gdb.write("CPU%d %s (%s): %s\n" % (cpu, var, softirq,
                                                   "%d queued" % len(queued) if queued
                                                   else "empty"))
                for t in queued:
                    gdb.write(tasklet_line(t, states))


IrqlabSoftirqs()
IrqlabTasklets()
