"""The course notes' interrupt examples (samples/notes/, rows keyboard_counter ..
threaded_irqs_disabled of its README) doing on irqlab what the notes show them doing on
Linux: one boot for all, each example loaded with insmod, driven with real key presses
(IRQ 1, shared with i8042) and PS/2 mouse motion (IRQ 12), then removed. IRQ 19 has no
device on QEMU's pc machine: as on Linux, where no GSI 19 is mapped, request_irq refuses
it with -EINVAL; the threaded examples' module parameter irq= moves them to IRQ 12. The
two examples that spin ten seconds with interrupts off are in test_notes_irqs_off.py."""
import re

import pytest

from irqlab import Budget, booted

MOTION = [{"type": "rel", "data": {"axis": "x", "value": 5}}]


@pytest.fixture(scope="module")
def m():
    with booted() as machine:
        yield machine


def insmod(m, name, args=""):
    out = m.command(("insmod /lib/modules/%s.ko %s" % (name, args)).strip(), timeout=60)
    assert "BUG" not in out and "Oops" not in out, out
    return out


def rmmod(m, name):
    out = m.command("rmmod %s" % name, timeout=60)
    assert "ERROR" not in out and "BUG" not in out, out
    assert name not in m.command("lsmod")
    return out


def move_mouse(m):
    m.qmp("input-send-event", events=MOTION)


def row(m, irq):
    r = re.search(r"^\s*%d:.*$" % irq, m.command("cat /proc/interrupts"), re.M)
    return r.group(0) if r else None


def loc_count(m):
    return int(re.search(r"^LOC:\s+(\d+)", m.command("cat /proc/interrupts"), re.M).group(1))


def test_keyboard_counter_counts_each_scancode_beside_i8042(m):
    assert "test_interrupt_init: In init" in insmod(m, "keyboard_counter")
    assert row(m, 1).endswith("i8042, my_keyboard_handler")
    m.send_key("shift")                     # a make and a break code: two interrupts
    m.wait_for("Keyboard Counter:0\n")
    m.wait_for("Keyboard Counter:1\n")
    assert "test_interrupt_exit: In exit" in rmmod(m, "keyboard_counter")
    assert "my_keyboard_handler" not in row(m, 1)


def test_keyboard_scancode_names_the_key_pressed_and_released(m):
    insmod(m, "keyboard_scancode")
    m.send_key("q")
    m.wait_for("Character q Pressed\n")
    m.wait_for("Character q Released\n")
    m.send_key("backspace")                 # the shell got the q too
    # The shell erasing it ("\b \b") says both keys reached its line before the next
    # command is typed on the serial line: the two inputs do not race.
    m.wait_for("\b \b")
    rmmod(m, "keyboard_scancode")


def test_ethernet_irq_19_without_a_device_is_refused_as_on_linux(m):
    out = insmod(m, "ethernet_irq")
    assert "Failed to reserve irq 19" in out, out
    # init returned -1: insmod reports errno 1 as Linux's insmod does.
    assert "insmod: ERROR: could not insert module /lib/modules/ethernet_irq.ko: " \
        "Operation not permitted" in out, out
    assert "ethernet_irq" not in m.command("lsmod")
    assert row(m, 19) is None


def test_ethernet_irq_counts_on_a_line_with_a_device(m):
    assert "Successfully loading ISR handler" in insmod(m, "ethernet_irq", "irq=12")
    move_mouse(m)
    m.wait_for("In the ISR: counter = 1\n")
    out = rmmod(m, "ethernet_irq")
    assert re.search(r"Successfully unloading,  irq_counter = [1-9]\d*", out), out


def test_mouse_irq_counts_mouse_interrupts(m):
    insmod(m, "mouse_irq")
    assert "i8042, my_interrupt" in row(m, 12)
    move_mouse(m)
    m.wait_for("In the ISR: counter = 1\n")
    m.wait_for("In the ISR: counter = 3\n")     # a PS/2 packet: three bytes, three IRQs
    out = rmmod(m, "mouse_irq")
    assert re.search(r"Successfully unloading,  irq_counter = [3-9]\d*", out), out


def test_unshared_irqs_lists_the_lines_whose_owner_does_not_share(m):
    out = insmod(m, "unshared_irqs")
    refused = {int(n) for n in re.findall(r"request_irq failed irq = (\d+) ret = -16", out)}
    flags = re.findall(r"genirq: Flags mismatch irq (\d+)\. 00000080 \(myirqhandler0\) vs\. "
                       r"00000000 \((\S+)\)", out)
    assert refused and refused == {int(n) for n, _ in flags}, out
    assert dict(flags)["0"] == "timer", out
    table = m.command("cat /proc/interrupts")
    for n in refused:
        assert "myirqhandler0" not in re.search(r"^\s*%d:.*$" % n, table, re.M).group(0)
    assert re.search(r"^\s*1:.*i8042, myirqhandler0", table, re.M), table
    assert re.search(r"^\s*12:.*i8042, myirqhandler0", table, re.M), table
    rmmod(m, "unshared_irqs")
    assert "myirqhandler0" not in m.command("cat /proc/interrupts")


def test_irq_from_my_device_one_handler_two_lines_same_dev_id(m):
    insmod(m, "irq_from_my_device")
    m.send_key("shift")
    m.wait_for("irq:1\t dev_id:1234\n")
    move_mouse(m)
    m.wait_for("irq:12\t dev_id:1234\n")
    rmmod(m, "irq_from_my_device")


def test_irq_save_flags_show_if_set_before(m):
    out = insmod(m, "irq_save")
    flags = int(re.search(r"flags:([0-9a-f]+)\n", out).group(1), 16)
    assert flags & 0x200 and flags & 0x2, out     # EFLAGS.IF and the always-one bit 1
    rmmod(m, "irq_save")


def test_in_interrupt_allocates_atomically_in_the_handler(m):
    insmod(m, "in_interrupt")
    before = row(m, 12)
    move_mouse(m)
    budget = Budget(m, 10)
    while row(m, 12) == before:             # the handler ran: the count moved
        assert not budget.spent(), m.report("no IRQ 12 after the mouse moved")
    out = rmmod(m, "in_interrupt")
    # in_interrupt() is true in the handler: GFP_ATOMIC, not a sleeping GFP_KERNEL,
    # which might_sleep() would report.
    assert "sleeping function called from invalid context" not in m.out, m.out[-2000:]
    assert "Successfully unloading" in out


def test_irq_dump_stack_shows_the_module_frame(m):
    insmod(m, "irq_dump_stack")
    move_mouse(m)
    m.wait_for(r"CPU: 0 PID: \d+ Comm: \S+\n", regex=True)
    m.wait_for("Call Trace:\n")
    m.wait_for(r"\[<[0-9a-f]{8}>\] my_interrupt\+0x[0-9a-f]+/0x[0-9a-f]+ "
               r"\[irq_dump_stack\]\n", regex=True)
    m.wait_for(r"\[<[0-9a-f]{8}>\] handle_irq_event\+0x", regex=True)
    rmmod(m, "irq_dump_stack")


def test_irq_current_names_the_interrupted_task(m):
    insmod(m, "irq_current")
    move_mouse(m)
    got = m.wait_for(r"current pid : (\d+) , current process : (\S+)\n", regex=True)
    assert got.group(2)
    rmmod(m, "irq_current")


@pytest.mark.parametrize("name", ["threaded_irq", "threaded_dump_stack", "threaded_pid",
                                  "threaded_irqs_disabled"])
def test_threaded_irq_19_without_a_device_is_refused_as_on_linux(m, name):
    out = insmod(m, name)
    assert "Failed to reserve irq 19, ret:-22\n" in out, out
    assert name not in m.command("lsmod")


def test_threaded_irq_handler_returning_none_wakes_no_thread(m):
    insmod(m, "threaded_irq", "irq=12")
    move_mouse(m)
    m.wait_for("my_interrupt\n")
    rmmod(m, "threaded_irq")
    assert "my_threaded_interrupt" not in m.out


def test_threaded_pid_runs_in_the_irq_thread(m):
    insmod(m, "threaded_pid", "irq=12")
    move_mouse(m)
    got = m.wait_for(r"COMM:(\S+)\t PID:(\d+)\n", regex=True)
    assert got.group(1) == "irq/12-my_inter", got.group(0)
    ps = m.command("ps")
    assert re.search(r"^\s*%s\s.*irq/12-my_interrupt" % got.group(2), ps, re.M), ps
    rmmod(m, "threaded_pid")


def test_threaded_dump_stack_shows_the_thread(m):
    insmod(m, "threaded_dump_stack", "irq=12")
    move_mouse(m)
    m.wait_for(r"CPU: 0 PID: \d+ Comm: irq/12-my_inter", regex=True)
    m.wait_for(r"my_threaded_interrupt\+0x[0-9a-f]+/0x[0-9a-f]+ \[threaded_dump_stack\]\n",
               regex=True)
    m.wait_for(r"\] irq_thread\+0x", regex=True)
    rmmod(m, "threaded_dump_stack")


def test_threaded_irqs_disabled_handler_off_thread_on(m):
    insmod(m, "threaded_irqs_disabled", "irq=12")
    move_mouse(m)
    m.wait_for("IRQ Disabled\n")
    m.wait_for(r"COMM:irq/12-my_inter\t PID:\d+\n", regex=True)
    m.wait_for("IRQ Enabled\n")
    rmmod(m, "threaded_irqs_disabled")
