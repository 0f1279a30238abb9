"""tools/setup: silent when everything is installed; names what is missing otherwise, and
as a non-root user prints the exact apt-get line and stops instead of installing."""
import os
import shutil
import subprocess

from irqlab import ROOT

SETUP = os.path.join(ROOT, "tools", "setup")


def test_setup_is_quiet_when_all_is_installed():
    p = subprocess.run([SETUP], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout + p.stderr
    assert p.stdout == "" and p.stderr == ""


def test_setup_as_user_prints_the_apt_line_and_stops(tmp_path):
    # A PATH with only the shell utilities: every tool looks missing.
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in ("sh", "id", "sort", "tr", "rm", "cat"):
        os.symlink("/bin/" + tool if os.path.exists("/bin/" + tool) else "/usr/bin/" + tool,
                   bindir / tool)
    env = {"PATH": str(bindir), "IRQLAB_SETUP_UID": "1000"}
    p = subprocess.run(["/bin/sh", SETUP], capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode == 1
    assert "missing packages:" in p.stdout
    line = [l for l in p.stdout.splitlines() if "apt-get install" in l]
    assert line, p.stdout
    for pkg in ("nasm", "qemu-system-x86", "xorriso", "gcc-i686-linux-gnu", "python3-pytest"):
        assert pkg in line[0].split(), line[0]
    assert line[0].strip().startswith("apt-get update && apt-get install -y")


def test_setup_stops_when_an_installed_package_leaves_its_command_off_path(tmp_path):
    """As root: apt-get says all is installed, yet a command stays unreachable. setup
    names the command, its package and PATH, and fails instead of saying 'done'."""
    with open(SETUP) as f:
        text = f.read()
    need = text.split("need='", 1)[1].split("'", 1)[0]
    commands = [line.split()[0] for line in need.splitlines() if line.strip()]
    hidden = "i686-linux-gnu-gcc"
    assert hidden in commands
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in [c for c in commands if c != hidden] + ["sh", "id", "sort", "tr", "rm",
                                                        "cat", "grep", "dpkg-query"]:
        path = shutil.which(tool)
        assert path, "%s is not installed here" % tool
        os.symlink(path, bindir / tool)
    apt = bindir / "apt-get"            # stands in for apt-get: "already installed"
    apt.write_text("#!/bin/sh\nexit 0\n")
    apt.chmod(0o755)
    env = {"PATH": str(bindir), "IRQLAB_SETUP_UID": "0"}
    p = subprocess.run(["/bin/sh", SETUP], capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode == 1, p.stdout + p.stderr
    assert "setup: done" not in p.stdout, p.stdout
    assert "%s is not found, but its package gcc-i686-linux-gnu is installed" % hidden \
        in p.stderr, p.stderr
    assert "not on PATH (%s)" % bindir in p.stderr, p.stderr
