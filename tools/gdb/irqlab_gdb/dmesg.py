"""irqlab-dmesg: the printk log ring of kernel/printk.c, read from memory.

The same walk as log_buf_for_each(): the valid text is the log_len bytes that end at
log_head, wrapping at the end of log_buf; after a wrap (log_dropped > 0) the oldest line
was cut, so the text starts at the next whole line.
"""
import gdb

from irqlab_gdb import utils


def log_text():
    buf = utils.value("log_buf")
    size = buf.type.sizeof
    head = int(utils.value("log_head"))
    length = int(utils.value("log_len"))
    dropped = int(utils.value("log_dropped"))
    if not 0 <= head < size or not 0 <= length <= size:
        raise gdb.GdbError("irqlab: log_head %d / log_len %d do not fit log_buf[%d]"
                           % (head, length, size))
    start = (head + size - length) % size
    base = int(buf.address)
    if start + length <= size:
        data = utils.read_bytes(base + start, length)
    else:
        data = utils.read_bytes(base + start, size - start) + \
            utils.read_bytes(base, length - (size - start))
    if dropped:
        cut = data.find(b"\n")
        data = data[cut + 1:] if cut >= 0 else b""
    return data.decode("latin-1"), dropped


class IrqlabDmesg(gdb.Command):
    """Print the kernel log (printk's ring in kernel/printk.c), as the shell's dmesg.

Usage: irqlab-dmesg
Works at any stop, also when the kernel has crashed and its shell cannot answer."""

    def __init__(self):
        super().__init__("irqlab-dmesg", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise gdb.GdbError("usage: irqlab-dmesg")
        text, dropped = log_text()
        if dropped:
            gdb.write("(%d bytes of older messages were overwritten)\n" % dropped)
        gdb.write(text)
        if text and not text.endswith("\n"):
            gdb.write("\n")


IrqlabDmesg()
