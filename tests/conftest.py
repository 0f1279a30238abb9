"""pytest setup for irqlab: the selftest boots, started once and run beside the tests.

The KTAP suites need five QEMU boots: the gcc kernel in APIC mode, with irqchip=pic, with
two CPUs and with four on q35, and the clang kernel. The controlling pytest process (not
each xdist worker) starts them in the background at configure time; their console logs land in
build/selftest-NAME.log, written whole (then renamed) when the boot ends. The tests that
read them wait for the file, so the boots overlap with the other tests instead of
holding them up. The KTAP cases are collected from the suites' sources
(kernel/tests/*.c), so collection needs no boot and is the same in every process;
test_ktap.py checks that the kernel reported exactly those cases.

The fixture m is the booted machine most test modules share: one boot per module.
"""
import os
import re
import sys
import threading
import time

import pytest

sys.path.insert(0, os.path.dirname(__file__))
import irqlab  # noqa: E402

# name: (build directory, kernel command line, image, CPUs, QEMU machine). The default boot
# uses the APIC; the "pic" boot runs the same suites on the 8259, where the 8259's own cases
# apply; the "smp2" boot runs them all with a second CPU up (QEMU's default is one), and
# "smp4-q35" with four on the ICH9 machine, whose PCI interrupts reach IOAPIC pins 16-23.
# Every boot runs the IRQ-safety checker ('lockdep'), so the whole kernel is checked while
# the suites drive it (tests/test_lockdep.py reads the result).
KERNELS = {
    "gcc": (irqlab.BUILD, "selftest lockdep", "iso", None, "pc"),
    "gcc-pic": (irqlab.BUILD, "selftest lockdep irqchip=pic", "iso", None, "pc"),
    "gcc-smp2": (irqlab.BUILD, "selftest lockdep", "elf", 2, "pc"),
    "gcc-smp4-q35": (irqlab.BUILD, "selftest lockdep", "elf", 4, "q35"),
    # make test builds the clang kernel's ELF only: QEMU's own loader boots it.
    "clang": (os.path.join(irqlab.BUILD, "clang"), "selftest lockdep", "elf", None, "pc"),
}
# The same suites on the smallest machines irqlab supports (README, Memory): the
# kernel's minimum through QEMU's own loader, and GRUB at 8 MiB. They are read by
# tests/test_mm.py, as one test each: name: (build, cmdline, image, memory).
MIN_RAM = "4M"
MEMORY_BOOTS = {
    "min-ram": (irqlab.BUILD, "selftest", "elf", MIN_RAM),
    "iso-8M": (irqlab.BUILD, "selftest", "iso", "8M"),
}
# How long a selftest boot may print nothing before it counts as hung (seconds, times
# IRQLAB_TIMEOUT_MULT). It bounds silence, not the run: on a loaded host the suites run
# slower but keep printing a line per case (irqlab.Machine.wait_exit), and the seconds
# are the guest's, not the host's (irqlab.Budget).
SELFTEST_TIMEOUT = 60
_threads = []


def selftest_log(name):
    return os.path.join(irqlab.BUILD, "selftest-%s.log" % name)


def _boot_selftest(name, spec):
    if name in MEMORY_BOOTS:
        build, cmdline, image, memory = spec
        shape = dict(memory=memory)
    else:
        build, cmdline, image, smp, machine = spec
        shape = dict(smp=smp, machine=machine)
    path = selftest_log(name)
    if not os.path.exists(os.path.join(build, "irqlab.elf")):
        code, out = "none", "no kernel at %s: run make first\n" % build
    else:
        try:
            code, out = irqlab.run_to_exit(cmdline, timeout=SELFTEST_TIMEOUT, build=build,
                                           image=image, **shape)
        except Exception as e:  # the failure itself is what the tests will report
            code, out = "error", str(e)
    with open(path + ".tmp", "w") as f:
        f.write("EXIT %s\n%s" % (code, out))
    os.replace(path + ".tmp", path)     # readers see the whole log or none


def pytest_configure(config):
    config.addinivalue_line("markers", "web_selftest: the whole selftest under v86 (tests/"
                            "test_web.py); make test-web-selftest runs it alone")
    if hasattr(config, "workerinput"):
        return                          # an xdist worker: the controller does the boots
    if config.option.collectonly:
        return
    boots = dict(KERNELS, **MEMORY_BOOTS)
    for name in boots:
        for path in (selftest_log(name), selftest_log(name) + ".tmp"):
            if os.path.exists(path):
                os.remove(path)         # never read a log from an earlier run
    for item in boots.items():
        t = threading.Thread(target=_boot_selftest, args=item, daemon=True)
        t.start()
        _threads.append(t)


# The test modules that keep a worker longest (15-50 s each in make test, measured
# 2026-12-07), longest first. pytest-xdist hands whole modules to the workers in
# collection order (--dist loadscope): in file-name order these came last and ran alone
# at the end while the other workers had nothing left. Started first, the short modules
# fill in around them.
LONG_MODULES = ["test_labs.py", "test_notes_bh.py", "test_harness.py", "test_smp.py",
                "test_web.py", "test_bench.py"]


def pytest_collection_modifyitems(items):
    def rank(item):
        name = os.path.basename(str(item.fspath))
        return LONG_MODULES.index(name) if name in LONG_MODULES else len(LONG_MODULES)
    items.sort(key=rank)        # stable: within a rank, the order collected


def pytest_unconfigure(config):
    for t in _threads:
        t.join()


@pytest.fixture(scope="module")
def m(request):
    """irqlab at the shell's prompt, one boot per test module. A module that needs another
    machine names it in MACHINE, irqlab.Machine's keyword arguments
    (test_pic.py: MACHINE = dict(cmdline="irqchip=pic"))."""
    with irqlab.booted(**getattr(request.module, "MACHINE", {})) as machine:
        yield machine


def wait_selftest_log(name):
    """The path of a finished selftest boot's log, waiting for it if need be."""
    path = selftest_log(name)
    # The boot itself ends at its first long silence (wait_exit); this only catches a
    # controller that never wrote the log at all.
    deadline = time.time() + (SELFTEST_TIMEOUT * irqlab.EXIT_CAP_FACTOR + 30) \
        * irqlab.timeout_mult()
    while not os.path.exists(path):
        if time.time() > deadline:
            raise AssertionError("the %s selftest boot left no log at %s" % (name, path))
        time.sleep(0.1)
    return path


def read_selftest(name):
    with open(wait_selftest_log(name)) as f:
        first, _, rest = f.read().partition("\n")
    return first.split(" ", 1)[1], rest


SUITE = re.compile(r"kunit_test_suite\(\s*(\w+)\s*,\s*(\w+)\s*(,[^;]*)?\);")
CASES = re.compile(r"struct kunit_case\s+(\w+)\[\]\s*=\s*\{(.*?)\};", re.S)
CASE = re.compile(r"KUNIT_CASE\(\s*(\w+)\s*\)")


def ktap_cases_in_source():
    """[(suite, case)] of every suite the plain 'selftest' runs, in source order, read
    from kernel/tests/*.c (suites marked .named_only run only when named)."""
    tests_dir = os.path.join(irqlab.ROOT, "kernel", "tests")
    out = []
    for fname in sorted(os.listdir(tests_dir)):
        if not fname.endswith(".c"):
            continue
        with open(os.path.join(tests_dir, fname)) as f:
            text = f.read()
        arrays = {name: CASE.findall(body) for name, body in CASES.findall(text)}
        for suite, array, extra in SUITE.findall(text):
            if extra and re.search(r"\.named_only\s*=\s*true", extra):
                continue
            out += [(suite, case) for case in arrays.get(array, [])]
    return out


@pytest.fixture(scope="module", params=["apic", "pic"])
def irqchip_machine(request):
    """A booted machine in each interrupt-controller mode in turn; .mode says which."""
    with irqlab.Machine(cmdline="irqchip=%s" % request.param) as machine:
        machine.wait_ready()
        machine.mode = request.param
        yield machine
