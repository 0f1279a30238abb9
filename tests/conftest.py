"""pytest setup for irqlab: the selftest boots run once, before the tests are shared out.

The KTAP suites of the gcc and the clang kernel each need one QEMU boot. The controlling
pytest process (not each xdist worker) boots them in parallel and saves the output in
build/; every process then turns it into one pytest case per KTAP case, so the
collection is the same everywhere.
"""
import os
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(__file__))
import irqlab  # noqa: E402

# name: (build directory, kernel command line, image). The default boot uses the APIC; the
# "pic" boot runs the same suites on the 8259, where the 8259's own cases apply.
KERNELS = {
    "gcc": (irqlab.BUILD, "selftest", "iso"),
    "gcc-pic": (irqlab.BUILD, "selftest irqchip=pic", "iso"),
    # make test builds the clang kernel's ELF only: QEMU's own loader boots it.
    "clang": (os.path.join(irqlab.BUILD, "clang"), "selftest", "elf"),
}


def selftest_log(name):
    return os.path.join(irqlab.BUILD, "selftest-%s.log" % name)


def _boot_selftest(name, spec):
    build, cmdline, image = spec
    path = selftest_log(name)
    if not os.path.exists(os.path.join(build, "irqlab.elf")):
        with open(path, "w") as f:
            f.write("EXIT none\nno kernel at %s: run make first\n" % build)
        return
    try:
        code, out = irqlab.run_to_exit(cmdline, timeout=90, build=build, image=image)
    except Exception as e:  # the failure itself is what the tests will report
        code, out = "error", str(e)
    with open(path, "w") as f:
        f.write("EXIT %s\n%s" % (code, out))


def pytest_configure(config):
    if hasattr(config, "workerinput"):
        return                          # an xdist worker: the controller did the boots
    if config.option.collectonly and os.path.exists(selftest_log("gcc")):
        return
    threads = [threading.Thread(target=_boot_selftest, args=item) for item in KERNELS.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def read_selftest(name):
    with open(selftest_log(name)) as f:
        first, _, rest = f.read().partition("\n")
    return first.split(" ", 1)[1], rest
