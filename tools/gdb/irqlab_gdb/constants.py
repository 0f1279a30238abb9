"""The kernel's #define values, as its own preprocessor expanded them.

The Makefile turns tools/gdb/constants.py.in into build/gdb/irqlab_constants.py next to
the kernel; it calls define() once per constant with the C expression. Modules read
them as attributes (constants.IRQS_PENDING) after require() has loaded the file that
belongs to the kernel gdb is looking at.
"""
import os
import re
import runpy

import gdb

_loaded_from = None


def _c_to_python(expr):
    """The few C forms the headers use (1u << 3, 0x10, (4096u << 1)) as Python."""
    expr = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", expr)
    if not re.fullmatch(r"[0-9a-fA-FxX()<>|&+*\-~ ]*", expr):
        raise ValueError("not a plain integer expression: %r" % expr)
    return eval(expr, {"__builtins__": {}})


def define(name, c_expr):
    globals()[name] = _c_to_python(c_expr)


def path_for(elf):
    return os.path.join(os.path.dirname(os.path.abspath(elf)), "gdb", "irqlab_constants.py")


def require():
    """Loads the constants generated for the kernel in gdb (once per file)."""
    global _loaded_from
    elf = gdb.current_progspace().filename
    if not elf:
        raise gdb.GdbError("irqlab: no kernel loaded: file build/irqlab.elf")
    path = path_for(elf)
    if path == _loaded_from:
        return
    if not os.path.exists(path):
        raise gdb.GdbError("irqlab: %s is missing: run make (it is built with the kernel)"
                           % path)
    runpy.run_path(path)
    _loaded_from = path
