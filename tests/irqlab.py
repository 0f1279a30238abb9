"""Drive irqlab in QEMU from the host: the test harness's one way to boot the kernel.

    with booted(cmdline="irqchip=pic") as m:        # at the shell's first prompt
        out = m.command("cat /proc/interrupts")
        m.send_key("a")
        m.hmp("info pic")

By default QEMU loads build/irqlab.elf itself (-kernel: a tenth of a second less than
the ISO's BIOS and CD loader); image="iso" boots the ISO as users do (irqlab's CD loader,
iso/cdboot.asm), image="disk" boots it as a hard disk, as a USB stick boots (its MBR
starts GRUB), and the tests whose subject is one of those paths ask for it. QEMU runs headless under TCG
with COM1 on a pipe and a QMP unix socket per run, so runs
go in parallel without fighting over ports. `-qmp ...,wait=on` holds the guest until the
harness is connected: no output is missed. Every wait has a timeout, scaled by the
environment variable IRQLAB_TIMEOUT_MULT for slow machines, and counted in the guest's
running rather than the host's clock (Budget: a loaded host slows QEMU down, it does not
make the guest late); a timeout, an unexpected exit, or a reset raises MachineError
carrying the last serial lines and QEMU's state.
"""
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("IRQLAB_BUILD", os.path.join(ROOT, "build"))
QEMU = os.environ.get("QEMU", "qemu-system-i386")
PROMPT = "irqlab> "
READY = "irqlab: ready"
EXIT_PASS = 33          # isa-debug-exit: (0x10 << 1) | 1
EXIT_FAIL = 35          # (0x11 << 1) | 1


# Machine.wait_exit's timeout bounds the guest's silence; its whole run is capped at this
# many times that.
EXIT_CAP_FACTOR = 10
# A wait's timeout is a budget of the guest's running, not of the host's clock (Budget).
SLOW_CAP = 10


class Budget:
    """A timeout of T seconds that a loaded host cannot eat. It is spent when T host
    seconds have passed and QEMU has also had T seconds of CPU since it began: a guest
    that was busy for its whole time and still is not done is late. When the host is
    loaded QEMU gets a share of a CPU, the guest runs slower in host seconds, and the
    wait goes on as long as the guest did not get its T seconds. A guest that waits idle
    (a hung shell, a lost interrupt) uses little CPU; for it the budget ends after
    SLOW_CAP times T, so a failure is still reported, only later."""

    def __init__(self, machine, timeout):
        self.machine = machine
        self.timeout = timeout * timeout_mult()
        self.restart()

    def restart(self):
        self.wall0 = time.time()
        self.cpu0 = self.machine.cpu_seconds()

    def spent(self):
        wall = time.time() - self.wall0
        if wall < self.timeout:
            return False
        if wall >= self.timeout * SLOW_CAP:
            return True
        return self.machine.cpu_seconds() - self.cpu0 >= self.timeout


def timeout_mult():
    try:
        return max(1.0, float(os.environ.get("IRQLAB_TIMEOUT_MULT", "1")))
    except ValueError:
        return 1.0


class MachineError(AssertionError):
    pass


class Machine:
    uses_qmp = True                     # args() opens a QMP socket at self.qmp_path

    def __init__(self, cmdline="", image="elf", machine="pc", cpu=None, memory="128M",
                 extra_args=(), build=None, gdb=False, debug_exit=True, smp=None,
                 initrd=None):
        self.build = build or BUILD
        self.cmdline = cmdline
        self.image = image
        self.machine = machine
        self.cpu = cpu
        self.memory = memory
        self.smp = smp                  # -smp N: CPUs (QEMU's default, 1, when None)
        self.extra_args = list(extra_args)
        self.gdb = gdb
        self.debug_exit = debug_exit    # QEMU's isa-debug-exit: the kernel can end the run
        # -kernel boots: the initramfs QEMU loads (None: the build's, "": none)
        self.initrd = initrd
        self.proc = None
        self.out = ""                   # everything COM1 printed, \r removed
        self.cursor = 0                 # wait_for() searches from here
        self.lock = threading.Condition()
        self.tmpdir = None
        self.qmp_sock = None
        self.qmp_file = None
        self.gdb_socket = None
        self.events = []                # QMP events seen so far (SHUTDOWN, RESET...)
        self.env = None                 # the environment QEMU runs in (None: ours)
        self.earlier_crash = None       # wait_ready(): a first boot QEMU crashed in

    # -- life cycle ---------------------------------------------------------------------
    def args(self):
        a = [QEMU, "-nodefaults", "-display", "none", "-serial", "stdio",
             "-no-reboot", "-no-shutdown", "-m", self.memory,
             "-machine", self.machine,
             "-vga", "std",
             "-parallel", "null",           # LPT1: 0x378, IRQ 7 (the `short` driver)
             "-qmp", "unix:%s,server=on,wait=on" % self.qmp_path]
        if self.debug_exit:
            a += ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
        if self.cpu:
            a += ["-cpu", self.cpu]
        if self.smp:
            a += ["-smp", str(self.smp)]
        if self.image in ("iso", "disk"):
            # "disk": the ISO as a hard disk, as a USB stick boots (through its MBR)
            iso = os.path.join(self.build, "irqlab.iso")
            a += ["-cdrom", iso] if self.image == "iso" else \
                ["-drive", "file=%s,format=raw,if=ide,index=0,snapshot=on" % iso.replace(",", ",,")]
            if self.cmdline:
                # QEMU's option syntax: a comma inside a value is written twice.
                a += ["-fw_cfg", "name=opt/irqlab/cmdline,string=%s"
                      % self.cmdline.replace(",", ",,")]
        else:
            a += ["-kernel", os.path.join(self.build, "irqlab.elf"), "-append", self.cmdline]
            # QEMU's multiboot loader makes each -initrd file a boot module, as GRUB's
            # `module` line does for the ISO (iso/grub.cfg): the kernel's initramfs.
            initrd = self.initrd
            if initrd is None:
                initrd = os.path.join(self.build, "initramfs.cpio")
                initrd = initrd if os.path.exists(initrd) else ""
            if initrd:
                a += ["-initrd", initrd.replace(",", ",,")]    # a comma separates modules
        if self.gdb:
            a += ["-gdb", "unix:%s,server=on,wait=off" % self.gdb_socket, "-S"]
        return a + self.extra_args

    def start(self):
        image = os.path.join(self.build, "irqlab.iso" if self.image in ("iso", "disk")
                             else "irqlab.elf")
        if not os.path.exists(image):
            raise MachineError("no %s to boot: build it first (make %s)"
                               % (image, "iso" if image.endswith(".iso") else "kernel"))
        self.tmpdir = tempfile.mkdtemp(prefix="irqlab-")
        self.qmp_path = os.path.join(self.tmpdir, "qmp.sock")
        self.gdb_socket = os.path.join(self.tmpdir, "gdb.sock")
        self.proc = subprocess.Popen(self.args(), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     bufsize=0, env=self.env)
        self.reader = threading.Thread(target=self._reader, daemon=True)
        self.reader.start()
        if self.uses_qmp:
            self._qmp_connect()
        return self

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self.proc:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self.reader.join(5)         # QEMU is gone: the reader sees EOF and ends
            for f in (self.proc.stdin, self.proc.stdout):
                try:
                    f.close()
                except OSError:
                    pass
        if self.qmp_sock:
            self.qmp_sock.close()
            self.qmp_sock = None
        if self.tmpdir:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            self.tmpdir = None

    def cpu_seconds(self):
        """The CPU time QEMU has used (all its threads, user and system), from /proc: how
        much the guest got to run, whatever else the host was doing."""
        try:
            with open("/proc/%d/stat" % self.proc.pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            # utime and stime are the stat file's fields 14 and 15; [0] here is field 3.
            self._cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError, AttributeError):
            pass                        # QEMU is gone: its last reading stands
        return getattr(self, "_cpu", 0.0)

    def _reader(self):
        while True:
            try:
                data = self.proc.stdout.read(4096)
            except (OSError, ValueError):       # close() closed the pipe under us
                data = b""
            if not data:
                break
            text = data.decode("latin-1").replace("\r", "")
            with self.lock:
                self.out += text
                self.lock.notify_all()
        with self.lock:
            self.lock.notify_all()

    # -- QMP ------------------------------------------------------------------------------
    def _qmp_connect(self):
        deadline = time.time() + 10 * timeout_mult()
        while True:
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(self.qmp_path)
                break
            except OSError:
                s.close()
                if time.time() > deadline or self.proc.poll() is not None:
                    raise MachineError("QEMU did not open its QMP socket:\n" + self.out)
                time.sleep(0.02)
        self.qmp_sock = s
        self.qmp_file = s.makefile("rw")
        greeting = self.qmp_file.readline()
        if not greeting:                # QEMU took the connection, then gave up
            self.proc.wait(10 * timeout_mult())
            self.reader.join(5)
            raise MachineError("QEMU exited as it started:\n" + self.out)
        json.loads(greeting)
        self.qmp("qmp_capabilities")

    def qmp(self, command, **arguments):
        msg = {"execute": command}
        if arguments:
            msg["arguments"] = arguments
        self.qmp_file.write(json.dumps(msg) + "\n")
        self.qmp_file.flush()
        while True:
            reply = json.loads(self.qmp_file.readline())
            if "event" in reply:
                self.events.append(reply)
                continue
            if "error" in reply:
                raise MachineError("QMP %s failed: %s" % (command, reply["error"]))
            return reply.get("return")

    def wait_event(self, name, timeout=10):
        """Waits for a QMP event (e.g. SHUTDOWN, whose data.reason tells a guest reset
        from a guest power-off) and returns it."""
        budget = Budget(self, timeout)
        while True:
            for ev in self.events:
                if ev["event"] == name:
                    return ev
            if budget.spent():
                raise MachineError(self.report("no QMP %s event within %ss" % (name, timeout)))
            self.qmp_sock.settimeout(0.5)
            try:
                line = self.qmp_file.readline()
            except (socket.timeout, OSError):
                line = ""
            finally:
                self.qmp_sock.settimeout(None)
            if line:
                self.events.append(json.loads(line))

    def shutdown_after(self, line, says):
        """Types line, waits until the guest printed says and then stopped, and returns
        the stop's reason from QEMU's SHUTDOWN event ('guest-shutdown' for a power-off,
        'guest-reset' for a reset under -no-reboot)."""
        self.write(line + "\r")
        self.wait_for(says)
        return self.wait_event("SHUTDOWN")["data"]["reason"]

    def hmp(self, command_line):
        """A human monitor command (info pic, info lapic, info registers...)."""
        return self.qmp("human-monitor-command", **{"command-line": command_line})

    def status(self):
        try:
            return self.qmp("query-status")
        except Exception as e:   # QEMU gone: say so in the report instead
            return {"status": "unavailable (%s)" % e}

    def send_key(self, *qcodes, hold_ms=None):
        keys = [{"type": "qcode", "data": k} for k in qcodes]
        if hold_ms is None:
            self.qmp("send-key", keys=keys)
        else:
            self.qmp("send-key", keys=keys, **{"hold-time": hold_ms})

    # -- serial console ---------------------------------------------------------------
    def report(self, why):
        tail = "\n".join(self.out.splitlines()[-40:])
        code = self.proc.poll()
        if code is None:
            state = self.status()
        elif code < 0:
            # QEMU itself died of a signal: the emulator crashed (or the host killed
            # it), not a guest that stopped it; say so, with the signal's name.
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = "signal %d" % -code
            state = {"exit code": code, "QEMU crashed": name}
        else:
            state = {"exit code": code}
        return "%s\nQEMU state: %s\n--- last serial lines ---\n%s" % (why, state, tail)

    def wait_for(self, pattern, timeout=10, regex=False):
        """Waits until pattern appears after the cursor; moves the cursor past it and
        returns the text from the old cursor to the end of the match (or the match)."""
        budget = Budget(self, timeout)
        rx = re.compile(pattern if regex else re.escape(pattern))
        with self.lock:
            while True:
                m = rx.search(self.out, self.cursor)
                if m:
                    before = self.out[self.cursor:m.start()]
                    self.cursor = m.end()
                    return m if regex else before
                if self.proc.poll() is not None:
                    # QEMU is gone, but its last output may still be in the pipe: let the
                    # reader take it all (EOF) and look once more before giving up.
                    if self.reader.is_alive():
                        self.lock.release()
                        try:
                            self.reader.join(5)
                        finally:
                            self.lock.acquire()
                        continue
                    raise MachineError(self.report("QEMU exited (code %s) while waiting for %r"
                                                   % (self.proc.returncode, pattern)))
                if budget.spent():
                    raise MachineError(self.report("timed out waiting for %r" % pattern))
                if not self.lock.wait(0.5) and self._stopped():
                    raise MachineError(self.report("the guest stopped (reset, power-off or "
                                                   "crash) while waiting for %r" % pattern))

    def _stopped(self):
        """True when QEMU is up but the guest no longer runs: with -no-reboot and
        -no-shutdown a reset or a triple fault leaves it in 'shutdown'."""
        if not self.qmp_file:
            return False
        try:
            return self.qmp("query-status")["status"] in ("shutdown", "internal-error",
                                                          "guest-panicked")
        except Exception:
            return False

    def wait_ready(self, timeout=20):
        """Waits for the shell's first prompt. If QEMU itself dies of a signal before the
        kernel is up - QEMU 7.2 segfaults now and then while it brings up several vCPUs
        under load: the emulator crashing, nothing the guest did - the machine boots
        once more (the first boot's report is kept in earlier_crash); a second crash is
        reported as any failure is."""
        try:
            self.wait_for(READY, timeout)
        except MachineError as e:
            code = self.proc.poll()
            if code is None or code >= 0 or self.earlier_crash:
                raise
            self.earlier_crash = str(e)
            self.close()
            self.out, self.cursor = "", 0
            self.start()
            self.wait_for(READY, timeout)
        self.wait_for("\n" + PROMPT, timeout)

    def write(self, text):
        self.proc.stdin.write(text.encode("latin-1"))
        self.proc.stdin.flush()

    def command(self, line, timeout=10):
        """Types line at the prompt and returns what it printed (without the echo)."""
        self.write(line + "\r")
        self.wait_for(line + "\n", timeout)         # the shell's echo of our line
        start = self.cursor
        # The next prompt at the start of a line: right after the echo for a command
        # that prints nothing (`echo 2 > /proc/irq/1/smp_affinity`).
        prompt = self.wait_for("(?m)^" + re.escape(PROMPT), timeout, regex=True)
        return self.out[start:prompt.start()]

    def type_raw(self, keys, timeout=10):
        """Writes keys (editing keys and all) and returns what was printed up to the
        next prompt, echo included: for tests of line editing, where the echo differs
        from what was typed."""
        self.write(keys)
        return self.wait_for("\n" + PROMPT, timeout) + "\n"

    def wait_exit(self, timeout=30):
        """Waits for QEMU to exit and returns its exit code. timeout is how long the guest
        may stay silent, not how long it may run: every line it prints restarts the count.
        A long selftest on a loaded host runs slowly but keeps printing; a hung one goes
        quiet and is caught. (A guest that prints forever is caught by a cap of
        EXIT_CAP_FACTOR times the timeout.)"""
        quiet = Budget(self, timeout)
        cap = time.time() + quiet.timeout * EXIT_CAP_FACTOR
        seen = -1
        while True:
            try:
                return self.proc.wait(min(0.5, quiet.timeout / 4))
            except subprocess.TimeoutExpired:
                pass
            with self.lock:
                now = len(self.out)
            if now != seen:
                seen = now
                quiet.restart()
            if quiet.spent():
                raise MachineError(self.report("QEMU printed nothing for %ss and did not exit"
                                               % timeout))
            if time.time() > cap:
                raise MachineError(self.report("QEMU was still printing after %ss"
                                               % (timeout * EXIT_CAP_FACTOR)))


PIC_LINE = re.compile(r"^(pic[01]): irr=([0-9a-f]+) imr=([0-9a-f]+) isr=([0-9a-f]+) "
                      r".*\birq_base=([0-9a-f]+)", re.M)


def info_pic(m):
    """QEMU's own view of the 8259s: {'master': {...}, 'slave': {...}} with irr, imr, isr
    and irq_base each (pic0 is the master, pic1 the slave)."""
    out = m.hmp("info pic")
    chips = {}
    for name, irr, imr, isr, base in PIC_LINE.findall(out):
        chips["master" if name == "pic0" else "slave"] = {
            "irr": int(irr, 16), "imr": int(imr, 16), "isr": int(isr, 16),
            "irq_base": int(base, 16)}
    assert set(chips) == {"master", "slave"}, "no 8259s in QEMU's info pic:\n" + out
    return chips


def isr_when_idle(m, tries=6):
    """Both 8259 ISRs, read until clear or tries run out: a missing EOI leaves a bit set
    for good, a read inside the timer's handler sees one for a moment."""
    for _ in range(tries):
        chips = info_pic(m)
        isr = (chips["master"]["isr"], chips["slave"]["isr"])
        if isr == (0, 0):
            break
        time.sleep(0.05)
    return isr


@contextlib.contextmanager
def booted(**kw):
    """A Machine(**kw) booted to the shell's first prompt, closed when the block ends."""
    with Machine(**kw) as m:
        m.wait_ready()
        yield m


def run_to_exit(cmdline, timeout=60, **kw):
    """Boots, lets the kernel run until it exits QEMU, returns (exit code, serial output)."""
    with Machine(cmdline=cmdline, **kw) as m:
        code = m.wait_exit(timeout)
        m.reader.join(5)                # QEMU is gone: the reader takes the rest, to EOF
        return code, m.out
