"""irqlab's gdb helpers (loaded by tools/gdb/irqlab.py): one module per kernel
mechanism, each reading the kernel's own data through gdb."""
