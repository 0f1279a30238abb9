"""irqlab's gdb helpers, in the style of Linux's scripts/gdb.

build/gdbinit (written by `make gdb`) sources this file after loading build/irqlab.elf.
By hand:  (gdb) source tools/gdb/irqlab.py

Commands (`help irqlab-<name>` for each):
    irqlab-dmesg        the printk log ring
    irqlab-interrupts   the irq_desc table: chip, flow, depth, state, counts, actions
    irqlab-idt          the IDT's gates and where each one leads
    irqlab-softirqs     pending softirqs and what each vector has run
    irqlab-tasklets     tasklets queued on each CPU, with their state
    irqlab-workqueues   work queues, their pending items and workers
    irqlab-ps           threads, with a backtrace of each one that is switched out
    irqlab-bt PID       the backtrace of one thread
Functions: $irqlab_per_cpu("var", cpu), $irqlab_current().
It also teaches gdb's `bt` to step from an interrupt's entry code back into the code
the interrupt stopped (irqlab_gdb/unwind.py).

Sourcing it again reloads every module, for whoever is editing them.
"""
import importlib
import os
import sys

import gdb

_here = os.path.dirname(os.path.abspath(__file__))
if _here not in sys.path:
    sys.path.insert(0, _here)

MODULES = ("constants", "utils", "unwind", "tasks", "dmesg", "interrupts", "idt",
           "softirqs", "workqueues", "symbols")

for _name in MODULES:
    _full = "irqlab_gdb." + _name
    if _full in sys.modules:
        importlib.reload(sys.modules[_full])
    else:
        importlib.import_module(_full)
