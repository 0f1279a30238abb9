"""tools/setup: silent when everything is installed; names what is missing otherwise, and
as a non-root user prints the exact apt-get line and stops instead of installing."""
import os
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
