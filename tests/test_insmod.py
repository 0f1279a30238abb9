"""insmod, lsmod, rmmod and /proc/modules in the shell, the notes' workflow on the modules
make puts in the initramfs (/lib/modules, built from kernel/tests/modules/). The loader's
own cases (relocations, damaged images, freed pages) are the `module` KTAP suite; here,
what a student types and reads: kmod's messages and layouts, and dmesg."""
import re


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
    assert "Device or resource busy" in m.command("rmmod noexit")
    assert "noexit" in m.command("lsmod")
