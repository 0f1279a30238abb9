"""irqlab-workqueues: work queues, the work items waiting on them, and their workers
(kernel/workqueue/), read as /proc/workqueues shows them, plus each pending item.

The walk follows Linux's names, gathered in LAYOUT:
  workqueues                the list of every struct workqueue_struct (->list), each with
                            a pool_workqueue per pool it feeds (->pwqs[]: max_active,
                            nr_active, inactive_works held back by max_active)
  worker_pools[nr_pools]    every struct worker_pool: per CPU normal and highpri, unbound,
                            and the BH pools that run in softirq context
  pool->worklist            struct work_struct items ready to run (->entry)
  pool->workers             struct worker (->node): ->task, ->current_work/_func/_pwq
A kernel built without work queues has no 'workqueues': the command says so and stops.
Each part is looked up on its own, so a kernel whose work queues name one of them
differently shows the rest and names what it missed: change LAYOUT to match.
"""
import gdb

from irqlab_gdb import constants, tasks, utils

LAYOUT = {
    "queues": ("workqueues", "struct workqueue_struct", "list"),
    "pools": ("worker_pools", "nr_pools"),              # array of pointers, and its length
    "pending": ("worklist", "struct work_struct", "entry"),
    "inactive": ("inactive_works", "struct work_struct", "entry"),
    "workers": ("workers", "struct worker", "node"),
}
WQ_FLAGS = ("WQ_BH", "WQ_UNBOUND", "WQ_HIGHPRI", "WQ_CPU_INTENSIVE", "__WQ_ORDERED",
            "__WQ_DRAINING", "__WQ_DESTROYING")


def has_field(value, name):
    return any(f.name == name for f in value.type.strip_typedefs().fields())


def enum_value(name):
    """An enum constant from the debug information (WQ_* are enums), or None."""
    try:
        return int(gdb.parse_and_eval(name))
    except gdb.error:
        return None


def wq_flag_names(flags):
    table = [(enum_value(n), n.lstrip("_")[3:]) for n in WQ_FLAGS]
    return utils.flag_names(flags, [(v, n) for v, n in table if v])


def queues():
    sym, typename, member = LAYOUT["queues"]
    head = utils.lookup(sym)
    if head is None:
        return None
    return [q.dereference() for q in utils.list_for_each_entry(head, typename, member)]


def pools():
    table, count = (utils.lookup(n) for n in LAYOUT["pools"])
    if table is None or count is None:
        return None
    return [table[i].dereference() for i in range(int(count)) if int(table[i])]


def work_line(w):
    """'<address/symbol> -> <function> (<queue>)' for a struct work_struct *."""
    work = w.dereference()
    fn = utils.describe(int(work["func"])) if has_field(work, "func") else "?"
    queue = ""
    if has_field(work, "pwq") and int(work["pwq"]):
        queue = " on %s" % utils.string(work["pwq"]["wq"]["name"])
    return "%-30s -> %s%s" % (utils.describe(int(w)), fn, queue)


def worker_state(w):
    """worker_state() of kernel/workqueue/proc.c, from the outside."""
    die, idle = (getattr(constants, n, None) for n in ("WORKER_DIE", "WORKER_IDLE"))
    flags = int(w["flags"])
    if die is not None and flags & die:
        return "dying"
    if idle is not None and flags & idle:
        return "idle"
    if not int(w["current_work"]):
        return "prep"
    task = w["task"]
    if bool(w["sleeping"]) or (int(task) and int(task) != int(utils.current_task(0))
                               and int(task["state"]) != constants.TASK_RUNNING):
        return "sleeping"
    return "running"


def pool_lines(pool):
    label = "pool %d %s" % (int(pool["id"]), utils.string(pool["name"])) \
        if has_field(pool, "name") else "pool 0x%x" % int(pool.address)
    lines = []
    field, typename, member = LAYOUT["pending"]
    items = list(utils.list_for_each_entry(pool[field], typename, member))
    counts = ""
    if has_field(pool, "nr_workers"):
        counts = ": %d workers, %d idle, nr_running %d" % (
            int(pool["nr_workers"]), int(pool["nr_idle"]), int(pool["nr_running"]))
    lines.append("%s%s, %d pending" % (label, counts, len(items)))
    for w in items:
        lines.append("    pending  " + work_line(w))
    field, typename, member = LAYOUT["workers"]
    for wk in utils.list_for_each_entry(pool[field], typename, member):
        w = wk.dereference()
        task = w["task"]
        who = utils.string(w["desc"]) if has_field(w, "desc") else "worker"
        pid = "pid %d" % int(task["pid"]) if int(task) else "no thread"
        doing = ""
        if int(w["current_work"]):
            doing = "  " + work_line(w["current_work"])
        lines.append("    worker   %-16s %-10s %-9s%s" % (who, pid, worker_state(w), doing))
    return lines


def queue_lines(q):
    lines = []
    flags = int(q["flags"])
    pwqs = q["pwqs"]
    lo, hi = pwqs.type.range()
    unbound = enum_value("WQ_UNBOUND")
    if unbound and flags & unbound:
        hi = lo                                 # an unbound queue uses pwqs[0] only
    for i in range(lo, hi + 1):
        pwq = pwqs[i]
        field, typename, member = LAYOUT["inactive"]
        held = list(utils.list_for_each_entry(pwq[field], typename, member))
        pool = pwq["pool"]
        lines.append("%-18s %-16s %10d %5s %9d %8d" % (
            utils.string(q["name"]), wq_flag_names(flags), int(pwq["max_active"]),
            int(pool["id"]) if int(pool) else "-", int(pwq["nr_active"]), len(held)))
        for w in held:
            lines.append("    held back by max_active: " + work_line(w))
    return lines


class IrqlabWorkqueues(gdb.Command):
    """Show the work queues, their pending work items and their workers.

Usage: irqlab-workqueues
First every workqueue_struct: its flags, and for each pool it feeds max_active, the
pool, nr_active (items on the pool's worklist or running) and the items held back by
max_active. Then every worker pool: its workers, the items on its worklist (address or
symbol -> function, and the queue), and each worker - its kworker thread and state
(idle, running, sleeping inside an item, prep, dying) and the item it runs."""

    def __init__(self):
        super().__init__("irqlab-workqueues", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise gdb.GdbError("usage: irqlab-workqueues")
        constants.require()
        qs = queues()
        if qs is None:
            gdb.write("irqlab-workqueues: this kernel has no work queues: no symbol '%s' "
                      "(kernel/workqueue/workqueue.c is not part of it)\n" % LAYOUT["queues"][0])
            return
        gdb.write("%d work queues\n" % len(qs))
        gdb.write("%-18s %-16s %10s %5s %9s %8s\n" % ("workqueue", "flags", "max_active",
                                                      "pool", "nr_active", "inactive"))
        for q in qs:
            for line in queue_lines(q):
                gdb.write(line + "\n")
        ps = pools()
        if ps is None:
            gdb.write("no worker pools: no symbols '%s' and '%s' (see LAYOUT in "
                      "tools/gdb/irqlab_gdb/workqueues.py)\n" % LAYOUT["pools"])
            return
        for pool in ps:
            for line in pool_lines(pool):
                gdb.write(line + "\n")


IrqlabWorkqueues()
