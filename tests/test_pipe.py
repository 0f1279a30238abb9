"""The shell's pipes and quotes, as the course notes type them: `cat /proc/interrupts |
grep lothar`, `dmesg | tail`, `ps | grep 'kworker'`. Each filter's own rules are tested
on the host (tests/host/test_filters.c); here, that a command's whole output (kprintf,
a /proc file, the log) goes through the filters, and what the shell refuses."""
import re

# The hello-interrupt module (samples/interrupt/) holds IRQ 11 as lothars_device from boot.
MACHINE = dict(cmdline="modules_load=interrupt")


def lines(text):
    return [l for l in text.split("\n") if l.strip()]


def test_grep_a_proc_file(m):
    out = m.command("cat /proc/interrupts | grep lothar")
    assert lines(out) == [l for l in lines(m.command("cat /proc/interrupts"))
                          if "lothar" in l], out
    assert re.fullmatch(r"\s*11:\s+\d+\s+\S+\s+11-fasteoi\s+lothars_device\s*", out), out


def test_counts_and_case(m):
    full = lines(m.command("cat /proc/interrupts"))
    assert m.command("cat /proc/interrupts | wc -l").strip() == str(len(full))
    apic = [l for l in full if "apic" in l.lower()]
    assert m.command("cat /proc/interrupts | grep -ic apic").strip() == str(len(apic))
    assert m.command("cat /proc/interrupts | grep -c APIC_NOT_THERE").strip() == "0"


def test_dmesg_tail_and_head(m):
    log = lines(m.command("dmesg"))
    assert lines(m.command("dmesg | tail -n 2")) == log[-2:]
    assert lines(m.command("dmesg | head -n 3 | tail -n 1")) == log[2:3]
    assert m.command("dmesg | grep -c 'irqlab: ready'").strip() == "1"


def test_quotes_keep_spaces_and_go(m):
    assert lines(m.command("ps | grep 'ksoftirqd/'"))[0].endswith("ksoftirqd/0")
    assert m.command("echo 'a  b' \"c|d\"").strip() == "a  b c|d"     # no pipe in quotes
    assert "matching `'" in m.command("echo 'open")


def test_refusals_say_why(m):
    assert "syntax error near unexpected token `|'" in m.command("| grep x")
    assert "syntax error near unexpected token `|'" in m.command("ps | | wc")
    assert "frob: cannot read a pipe here" in m.command("ps | frob")
    assert "unknown command: frob" in m.command("frob | wc")
    assert "> in a pipeline is not supported" in m.command("ps | grep x > /proc/irq/1/smp_affinity")
    assert "grep: invalid option -- 'q'" in m.command("ps | grep -q x")
    assert "reads a pipe" in m.command("grep x")
    assert "tail: invalid number of lines: 'x'" in m.command("dmesg | tail -n x")
    assert m.command("echo alive").strip() == "alive"
