"""insmod, lsmod, rmmod and /proc/modules in the shell, the notes' workflow on the modules
make puts in the initramfs (/lib/modules, built from kernel/tests/modules/). The loader's
own cases (relocations, damaged images, freed pages) are the `module` KTAP suite; here,
what a student types and reads: kmod's messages and layouts, and dmesg."""
import re

import pytest

from irqlab import booted


def test_insmod_lsmod_rmmod(m):
    out = m.command("insmod /lib/modules/hello.ko")     # its printk reaches the console
    assert "ERROR" not in out and "hello: loaded, counter 1" in out, out
    assert "hello: loaded, counter 1" in m.command("dmesg | tail -n 5")
    lsmod = m.command("lsmod").strip().split("\n")
    assert lsmod[0] == "Module                  Size  Used by"
    assert re.fullmatch(r"hello\s+\d+\s+0", lsmod[1]), lsmod
    proc = m.command("cat /proc/modules | grep hello").strip()
    assert re.fullmatch(r"hello \d+ 0 - Live 0x[0-9a-f]{8}", proc), proc
    out = m.command("insmod /lib/modules/hello.ko")
    assert "hello: a module of that name is already loaded" in out, out
    assert out.strip().endswith(
        "insmod: ERROR: could not insert module /lib/modules/hello.ko: File exists"), out
    out = m.command("rmmod hello")
    assert "ERROR" not in out and "hello: unloaded" in out, out
    assert "hello: unloaded" in m.command("dmesg | tail -n 3")
    assert m.command("lsmod").strip() == "Module                  Size  Used by"
    assert m.command("rmmod hello").strip().endswith(
        "rmmod: ERROR: Module hello is not currently loaded")


def test_insmod_refusals_in_kmods_words(m):
    out = m.command("insmod /lib/modules/unknown_sym.ko")
    assert "unknown_sym: Unknown symbol no_such_kernel_function" in out, out
    assert "insmod: ERROR: could not insert module /lib/modules/unknown_sym.ko: " \
        "Unknown symbol in module" in out, out
    out = m.command("insmod /lib/modules/init_fails.ko")
    assert out.strip().endswith("could not insert module /lib/modules/init_fails.ko: "
                                "No such device"), out
    assert m.command("insmod /lib/modules/nosuch.ko").strip() == \
        "insmod: ERROR: could not load module /lib/modules/nosuch.ko: " \
        "No such file or directory"                    # no file: the loader never runs
    out = m.command("insmod /etc/motd")
    assert "could not insert module /etc/motd: Invalid module format" in out, out
    assert m.command("insmod").strip() == "usage: insmod PATH [args...]"
    assert m.command("lsmod").strip() == "Module                  Size  Used by"     # none stayed


def test_a_module_without_exit_stays(m):
    assert "ERROR" not in m.command("insmod /lib/modules/noexit.ko")
    assert m.command("rmmod noexit").strip() == \
        "rmmod: ERROR: could not remove module noexit: Device or resource busy"
    assert "noexit" in m.command("lsmod")


# What leak.ko's exit forgets (leak=KIND), and the line rmmod prints for it. Each leaves
# the module loaded for good, so each gets a boot of its own.
LEAKS = {
    "irq": r"IRQ 11 handler leak_irq_handler \[leak\] still registered "
           r"\(request_irq from (leak_setup|leak_init|init_module)\+0x[0-9a-f]+\)",
    "timer": r"timer leak_timer_fn still pending on CPU \d "
             r"\(timer_setup from (leak_setup|leak_init|init_module)\+0x[0-9a-f]+\)",
    "work": r"work item leak_work_fn still delayed on events "
            r"\(INIT_DELAYED_WORK from (leak_setup|leak_init|init_module)\+0x[0-9a-f]+\)",
    "wq": r"workqueue \[leak_wq\] still allocated \(alloc_workqueue from (leak_setup|leak_init|init_module)\+0x[0-9a-f]+\)",
    "kthread": r"kthread \d+ leak_thread_fn \[leak_thread\] still alive "
               r"\(kthread_create from (leak_setup|leak_init|init_module)\+0x[0-9a-f]+\)",
}


@pytest.mark.parametrize("kind", sorted(LEAKS))
def test_rmmod_names_the_leak_and_keeps_the_module(kind):
    with booted(image="elf") as m:
        assert "ERROR" not in m.command("insmod /lib/modules/leak.ko leak=" + kind)
        out = m.command("rmmod leak")
        assert re.search(r"rmmod: leak: " + LEAKS[kind] + "\n", out), out
        assert out.strip().endswith(
            "rmmod: ERROR: could not remove module leak: Device or resource busy"), out
        assert re.search(r"(?m)^leak\s+\d+\s+0$", m.command("lsmod")), "kept"
        assert re.fullmatch(r"leak \d+ 0 - Live 0x[0-9a-f]{8}",
                            m.command("cat /proc/modules").strip())
        # Its exit has run: a second rmmod only checks again, and finds it still there.
        assert re.search(r"rmmod: leak: " + LEAKS[kind], m.command("rmmod leak"))


def test_clean_exit_then_rmmod_of_nothing(m):
    assert "ERROR" not in m.command("insmod /lib/modules/leak.ko")
    out = m.command("rmmod leak")
    assert "leak:" not in out and "ERROR" not in out, out
    assert m.command("rmmod leak").strip() == "rmmod: ERROR: Module leak is not currently loaded"


def test_rmmod_force_unmaps_so_the_leaked_handler_faults_by_name():
    with booted(image="elf") as m:
        assert "ERROR" not in m.command("insmod /lib/modules/leak.ko leak=irq")
        out = m.command("rmmod -f leak")
        assert re.search(r"rmmod: leak: " + LEAKS["irq"], out), out
        assert "leak: removed by force (rmmod -f); its pages stay unmapped" in out, out
        assert "ERROR" not in out, out
        assert m.command("lsmod").strip() == "Module                  Size  Used by"
        m.write("raise 11\r")
        m.wait_for("BUG: unable to handle page fault for address: ", 20)
        line = m.wait_for("\n")
        assert re.fullmatch(r"0x([0-9a-f]{8}) in unloaded module leak \[0x([0-9a-f]{8})-"
                            r"0x([0-9a-f]{8})\] \(removed by rmmod -f\)", line), line
        m.wait_for("Kernel panic - not syncing: Fatal exception: #PF page fault")


def test_module_in_use_refused_in_kmods_words_until_forced():
    """pin=1: the module holds a reference on itself (__module_get(THIS_MODULE)), as an
    open device file would hold it (the module_unload KTAP suite opens one)."""
    with booted(image="elf") as m:
        assert "ERROR" not in m.command("insmod /lib/modules/leak.ko pin=1")
        assert re.search(r"(?m)^leak\s+\d+\s+1$", m.command("lsmod"))
        assert re.fullmatch(r"leak \d+ 1 - Live 0x[0-9a-f]{8}",
                            m.command("cat /proc/modules").strip())
        assert m.command("rmmod leak").strip() == "rmmod: ERROR: Module leak is in use"
        assert "leak" in m.command("lsmod")
        out = m.command("rmmod -f leak")
        assert "ERROR" not in out and "rmmod: leak:" not in out, out
        assert "leak: removed by force (rmmod -f); its pages stay unmapped" in out, out
        assert m.command("lsmod").strip() == "Module                  Size  Used by"
