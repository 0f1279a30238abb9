"""The course notes' tasklet examples (samples/notes/, README.md there) on one booted
one-CPU machine, each loaded and unloaded in turn, each showing what its section of the
notes says it shows: a tasklet's state and count, the data it is given, its softirq
context with interrupts on, two schedules before a run giving one run.

One CPU, on purpose: the notes' exits kfree() a tasklet without tasklet_kill(). With a
second CPU, rmmod can run there while the tasklet is still returning from its last
line here, and the tasklet's unlock then writes to the freed struct - a real
use-after-free in the example, as on Linux, which irqlab's allocator reports at the next
kmalloc of that object (it did, in the next example's insmod). On one CPU a softirq runs
to its end before the shell's thread runs again, so rmmod always comes after it."""
import re

from test_notes_bh import DATA, TRACE_END, in_order, lines, load, unload

MACHINE = dict()


def test_tasklet_define_state_and_count(m):
    """DECLARE_TASKLET (state 0, count 0: enabled) and DECLARE_TASKLET_DISABLED (count
    1), the old three-argument form; nothing schedules them, so none runs."""
    text = load(m, "tasklet_define") + unload(m, "tasklet_define")
    assert in_order(lines(text), ["test_tasklet_init: In init", "State:0", "Count:0",
                                  "State:0", "Count:1"]), text
    assert "tasklet_function" not in text


def after_schedule(seen, before):
    """The lines from the "State:" the example prints after tasklet_schedule(): state 1
    (SCHED) if the tasklet has not run yet, or 0 if it ran first. It runs at the next
    irq_exit() or in ksoftirqd, so an interrupt between the schedule and that printk (the
    tick, or COM1 while the lines go out) runs it first - on Linux as well; the run may
    also come between the State and Count lines. Checks that the state printed agrees
    with whether the run came before it, and that it runs once."""
    i = [n for n, line in enumerate(seen) if line.startswith("State:")][before]
    ran_first = DATA in seen[:i]
    assert seen[i] == ("State:0" if ran_first else "State:1"), seen
    assert [line for line in seen[i + 1:] if line != DATA][0] == "Count:0", seen
    assert ran_first or DATA in seen[i:], seen
    assert seen.count(DATA) == 1, seen


def test_tasklet_static_runs_once_with_its_data(m):
    """tasklet_schedule() sets TASKLET_STATE_SCHED (state 1) at once; the function runs
    later, once, with the data DECLARE_TASKLET gave it."""
    text = load(m, "tasklet_static", until=[DATA]) + unload(m, "tasklet_static")
    seen = lines(text)
    assert in_order(seen, ["State:0", "Count:0"]), text
    after_schedule(seen, 1)


def test_tasklet_dynamic_init_then_schedule(m):
    """kmalloc'd tasklet: whatever was in the memory, then tasklet_init's 0/0, then state 1
    after tasklet_schedule, then one run with the data tasklet_init was given."""
    text = load(m, "tasklet_dynamic", until=[DATA]) + unload(m, "tasklet_dynamic")
    seen = lines(text)
    states = [line for line in seen if line.startswith("State:")]
    assert len(states) == 3 and states[1] == "State:0", text
    assert in_order(seen, ["test_tasklet_init: In init", states[0], "State:0", "Count:0"]), text
    after_schedule(seen, 2)


def test_tasklet_runs_in_softirq_context_with_irqs_enabled(m):
    """The tasklet's function: TASKLET_SOFTIRQ (bit 6) was pending after the schedule,
    and inside it interrupts are on, in_interrupt() and in_softirq() are true, in_irq()
    is not, and the stack goes through the tasklet softirq's action."""
    text = load(m, "tasklet_irqs_enabled", until=["IRQ Enabled", TRACE_END])
    text += unload(m, "tasklet_irqs_enabled")
    seen = lines(text)
    assert in_order(seen, ["1- local_softirq_pending:00", "3- local_softirq_pending:40",
                           "tasklet_function:data:linux kernel is very easy",
                           "IRQ Enabled", "Code is running in interrupt context",
                           "Code is not running in hard irq context",
                           "Code is running in soft irq context"]), text
    assert re.search(r"tasklet_action_common\+.*\n(.*\n)*.*__do_softirq\+", text), text


def test_tasklet_scheduled_twice_runs_once(m):
    """Eight scan codes at once: the keyboard handler schedules the tasklet for each, and
    the ones that come before the tasklet has run (the next interrupt arrives as soon as
    the softirq turns interrupts on) do not queue it again: fewer runs than schedules,
    yet at least one."""
    load(m, "tasklet_twice")
    m.qmp("input-send-event", events=[
        {"type": "key", "data": {"down": down, "key": {"type": "qcode", "data": key}}}
        for key in ("shift", "shift_r", "shift", "shift_r") for down in (True, False)])
    m.wait_for(DATA + "\n", 30)
    handled = int(m.command("dmesg | grep -c Character"))
    runs = int(m.command("dmesg | grep -c tasklet_function:data"))
    unload(m, "tasklet_twice")
    assert handled >= 2 and 1 <= runs < handled, (handled, runs)
