"""Character devices from the shell: /dev/hello_cdev (drivers/char/hello_cdev.c) is
registered at boot with alloc_chrdev_region, cdev_add, class_create and device_create;
`cat` reaches its read() and `>` its write(); /proc/devices lists the registry in
Linux's layout."""
import re


def test_cat_reads_the_driver(m):
    assert m.command("cat /dev/hello_cdev").strip() == "Hello from hello_cdev"


def test_write_then_read_back(m):
    m.command("echo stored text > /dev/hello_cdev")
    assert m.command("cat /dev/hello_cdev").strip() == "stored text"
    assert m.command("cat /dev/hello_cdev | grep -c stored").strip() == "1"


def test_proc_devices_layout(m):
    out = m.command("cat /proc/devices")
    head, _, block = out.partition("\n\nBlock devices:")
    lines = head.strip().split("\n")
    assert lines[0] == "Character devices:", out
    entries = [re.fullmatch(r"([ \d]{3}) (\S+)", l) for l in lines[1:]]
    assert all(entries), out
    majors = [int(e.group(1)) for e in entries]
    assert majors == sorted(majors), out
    names = {e.group(2): int(e.group(1)) for e in entries}
    assert names.get("hello_cdev") == 254, out      # the first dynamic major
    assert block.strip() == "", out


def test_errors(m):
    out = m.command("cat /dev/no_such_node")
    assert "No such file" in out, out
    out = m.command("echo x > /dev/no_such_node")
    assert "No such file or directory" in out, out


def test_driver_errors_are_printed(m):
    out = m.command("echo " + "x" * 200 + " > /dev/hello_cdev")     # more than it keeps
    assert "sh: echo: write error: File too large" in out, out


def test_ls_dev_lists_nodes_and_builtin_files(m):
    names = m.command("ls /dev").split()
    assert "hello_cdev" in names and "edu0" in names, names


def test_existing_dev_files_still_work(m):
    assert m.command("cat /dev/edu0") != ""
