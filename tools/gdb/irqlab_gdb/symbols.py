"""irqlab-symbols: load the symbols of the loaded modules at their load addresses, as
Linux's lx-symbols does.

A module is a relocatable object: its sections land wherever the loader put them
(kernel/module/main.c), so gdb learns its symbols only through `add-symbol-file NAME.ko
-s .text ADDR -s .data ADDR ...`, with one address per SHF_ALLOC section. The loader keeps
those addresses in mod->sect_attrs (kernel/module/sections.c); this walks the modules
list and reads them.

Two internal breakpoints keep gdb in step while it stays attached: do_init_module (the
module is listed, relocated, and its init is about to run) and free_module (it is off
the list, its pages are about to go). Each one resynchronises gdb's symbol files with the
list and lets the machine run on, so a breakpoint in a module's init works and a removed
module's symbols go away.
"""
import os

import gdb

from irqlab_gdb import utils

# The build's own module directories, relative to the directory of the kernel ELF gdb
# reads (build/ or build/clang/).
BUILD_DIRS = ("kernel/tests/modules", "samples", "samples/notes")

# name -> (path of the .ko, its .text address) for every module gdb has symbols of.
loaded = {}
# The directories irqlab-symbols was given, kept for the automatic reloads.
user_dirs = []


def search_dirs():
    dirs = list(user_dirs)
    elf = gdb.current_progspace().filename
    if elf:
        build = os.path.dirname(os.path.abspath(elf))
        dirs += [os.path.join(build, d) for d in BUILD_DIRS]
    return dirs


def find_module_file(name, dirs):
    """NAME.ko in dirs (each searched with its subdirectories), trying '-' for '_' as
    insmod turns a file's dashes into underscores."""
    wanted = {name + ".ko", name.replace("_", "-") + ".ko"}
    for d in dirs:
        for root, _subdirs, files in os.walk(d):
            for f in sorted(files):
                if f in wanted:
                    return os.path.join(root, f)
    return None


def module_sections(mod):
    """[(section name, address)] from mod->sect_attrs."""
    attrs = mod["sect_attrs"]
    if int(attrs) == 0:
        return []
    first = attrs["attrs"][0].address
    return [(utils.string(first[i]["name"]), int(first[i]["address"]))
            for i in range(int(attrs["nsections"]))]


def listed_modules():
    """{name: struct module *} for the kernel's modules list, in any state."""
    head = utils.value("modules")
    return {utils.string(mod["name"]): mod
            for mod in utils.list_for_each_entry(head, "struct module", "list")}


def load_module_symbols(name, mod, dirs):
    path = find_module_file(name, dirs)
    if path is None:
        gdb.write("irqlab-symbols: no %s.ko in %s\n" % (name, " ".join(dirs) or "(no dirs)"))
        return
    sections = module_sections(mod)
    addrs = dict(sections)
    if ".text" not in addrs:
        gdb.write("irqlab-symbols: %s has no .text section; not loaded\n" % name)
        return
    cmd = "add-symbol-file %s -s .text 0x%x" % (path, addrs[".text"])
    cmd += "".join(" -s %s 0x%x" % (s, a) for s, a in sections if s != ".text")
    gdb.write("loading @0x%x: %s\n" % (addrs[".text"], path))
    gdb.execute(cmd, to_string=True)
    loaded[name] = (path, addrs[".text"])


def unload_module_symbols(name):
    path, text = loaded.pop(name)
    gdb.write("unloading %s: %s\n" % (name, path))
    gdb.execute("remove-symbol-file -a 0x%x" % text, to_string=True)


def sync_symbols(dirs):
    """Make gdb's module symbol files match the modules list: drop those of modules gone
    (or loaded again elsewhere), add those of modules new to gdb."""
    listed = listed_modules()
    for name in list(loaded):
        mod = listed.get(name)
        text = dict(module_sections(mod)).get(".text") if mod is not None else None
        if text != loaded[name][1]:
            unload_module_symbols(name)
    for name, mod in listed.items():
        if name not in loaded:
            load_module_symbols(name, mod, dirs)


class ModuleChangeBreakpoint(gdb.Breakpoint):
    """Internal and silent: resynchronises the symbols, then lets the machine run."""

    def __init__(self, spec):
        super().__init__(spec, internal=True)
        self.silent = True

    def stop(self):
        try:
            sync_symbols(search_dirs())
        except gdb.error as e:
            gdb.write("irqlab-symbols: %s\n" % e)
        return False


breakpoints = []


def install_breakpoints():
    if breakpoints and all(b.is_valid() for b in breakpoints):
        return
    for b in breakpoints:
        if b.is_valid():
            b.delete()
    breakpoints[:] = [ModuleChangeBreakpoint(f) for f in ("do_init_module", "free_module")]


class IrqlabSymbols(gdb.Command):
    """Load the symbols of every loaded module at the addresses it was loaded at.

Usage: irqlab-symbols [DIR...]
Walks the kernel's modules list and, for each module NAME, runs add-symbol-file on the
first NAME.ko found in the DIRs given (searched with their subdirectories) and in the
build's own module directories (build/kernel/tests/modules, build/samples,
build/samples/notes), with the address of each of its sections. From then on it follows
insmod and rmmod by itself (internal breakpoints on do_init_module and free_module), so a
breakpoint in a module's code works, also in its init. Given again, it drops the modules'
symbols and loads them anew."""

    def __init__(self):
        super().__init__("irqlab-symbols", gdb.COMMAND_FILES, gdb.COMPLETE_FILENAME)

    def invoke(self, arg, from_tty):
        user_dirs[:] = [os.path.abspath(os.path.expanduser(d))
                        for d in gdb.string_to_argv(arg)]
        for d in user_dirs:
            if not os.path.isdir(d):
                raise gdb.GdbError("irqlab-symbols: %s is not a directory" % d)
        for name in list(loaded):
            unload_module_symbols(name)
        dirs = search_dirs()
        gdb.write("scanning for modules in %s\n" % " ".join(dirs))
        sync_symbols(dirs)
        install_breakpoints()


IrqlabSymbols()
