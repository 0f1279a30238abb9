# irqlab - one Makefile for the kernel, the ISO, the host unit tests and the test runs.
#
# `make help` lists the targets and the variables a user sets. It prints this file's lines
# that start with "## ": "## target: what it does" and "## VAR=value: what it sets", each
# written next to the rule or the variable it describes, so the list cannot drift from it.

# --- toolchain -------------------------------------------------------------------------
# Like Linux: CROSS_COMPILE prefixes binutils and gcc. A bare-metal i686-elf- toolchain is
# used when one is on PATH, else Debian's i686-linux-gnu- cross compiler.
## CROSS_COMPILE=prefix: gcc's and binutils' prefix (default: i686-elf- or i686-linux-gnu-)
CROSS_COMPILE ?= $(if $(shell command -v i686-elf-gcc 2>/dev/null),i686-elf-,i686-linux-gnu-)

## CC=clang: build with clang --target=i686-elf and ld.lld, into build/clang
ifeq ($(CC),clang)
TOOLCHAIN := clang
KCC       := clang --target=i686-elf
KLD       := ld.lld
BUILD     ?= build/clang
else
TOOLCHAIN := gcc
KCC       := $(CROSS_COMPILE)gcc
KLD       := $(CROSS_COMPILE)ld
BUILD     ?= build
endif
NM        := $(CROSS_COMPILE)nm
OBJDUMP   := $(CROSS_COMPILE)objdump
OBJCOPY   := $(CROSS_COMPILE)objcopy
NASM      := nasm
HOSTCC    ?= cc
# Debian's own interpreter when there is one: a python3 earlier on PATH may be a version
# manager's wrapper script, which is slower to start and not what tools/setup installs for.
PYTHON    ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || echo python3)
## QEMU=program: the emulator for run, debug, test (default: qemu-system-i386)
QEMU      ?= qemu-system-i386

# --- flags, each with its reason -------------------------------------------------------
# Timer ticks per second (the PIT, later the LAPIC timer): a build setting, as in Linux.
## HZ=N: timer ticks per second, a build setting (default: 100)
HZ ?= 100

KCFLAGS := -std=gnu11
KCFLAGS += -ffreestanding          # no hosted C library; only the compiler's own headers
KCFLAGS += -fno-pic -fno-pie       # one fixed load address; no GOT in a kernel
KCFLAGS += -fno-stack-protector    # no canary runtime to call into
KCFLAGS += -fno-omit-frame-pointer # EBP chains are what the backtrace walks
KCFLAGS += -fno-strict-aliasing    # hardware tables are reached through casts
KCFLAGS += -mno-mmx -mno-sse -mno-sse2 -mno-80387 # no FPU/SIMD state is saved on entry
KCFLAGS += -march=i486 -m32        # no CMOV: QEMU's isapc and -cpu 486 must boot too
KCFLAGS += -O2 -g                  # optimised like a real kernel, but debuggable in gdb
KCFLAGS += -Wall -Wextra -Werror   # warnings are bugs in both toolchains
KCFLAGS += -MMD -MP                # header dependencies
KCFLAGS += -Iinclude -I.
KCFLAGS += -DHZ=$(HZ)
ifeq ($(TOOLCHAIN),gcc)
KCFLAGS += -fno-asynchronous-unwind-tables # no .eh_frame: nothing unwinds with it
endif
NASMFLAGS := -f elf32 -g -F dwarf -MD -MP
LDFLAGS   := -m elf_i386 -nostdlib -T linker.ld -z noexecstack
# A kernel with a TSC stamp at each stage of the interrupt path (include/irqlab/
# bench_stamp.h), for make bench to say where each path's cycles go; built apart, so that
# the stamps never reach the kernel everything else boots.
ifdef BREAKDOWN
PLAIN_BUILD := $(BUILD)
override BUILD := $(BUILD)/breakdown
KCFLAGS   += -DCONFIG_BENCH_BREAKDOWN
NASMFLAGS += -DCONFIG_BENCH_BREAKDOWN
endif

## V=1: show the full commands
ifneq ($(V),1)
Q := @
quiet = @printf '  %-7s %s\n' $(1) $(2);
else
Q :=
quiet =
endif

# --- sources: every .c and .asm below these folders is part of the kernel ---------------
KSRC_C   := $(sort $(wildcard arch/x86/*.c arch/x86/pci/*.c kernel/*.c kernel/*/*.c drivers/*/*.c lib/*.c))
KSRC_ASM := $(sort $(wildcard boot/*.asm arch/x86/*.asm))
KOBJS    := $(patsubst %.c,$(BUILD)/%.o,$(KSRC_C)) $(patsubst %.asm,$(BUILD)/%.o,$(KSRC_ASM))

ELF := $(BUILD)/irqlab.elf
ISO := $(BUILD)/irqlab.iso
INITRAMFS := $(BUILD)/initramfs.cpio
GDB_CONSTANTS := $(BUILD)/gdb/irqlab_constants.py

.PHONY: all kernel iso run debug gdb gdbinit test test-web-selftest bench trace grade grade-module \
	check-tools host-tests clean help modules
## all: the default: the ISO
all: iso
## kernel: build/irqlab.elf alone, build/irqlab.lst (its listing), build/initramfs.cpio
kernel: $(ELF) $(GDB_CONSTANTS) $(INITRAMFS)
## iso: the bootable image, build/irqlab.iso: irqlab's CD loader, GRUB on Shift, build/initramfs.cpio
iso: $(ISO) $(GDB_CONSTANTS)

## help: this list
help:
	@awk 'function row(line,  i) { line = substr(line, 4); i = index(line, ": "); \
	          return sprintf("  %-22s %s\n", substr(line, 1, i - 1), substr(line, i + 2)) } \
	      /^## [a-z][a-z0-9-]*: /        { targets = targets row($$0) } \
	      /^## [A-Z][A-Z0-9_]*=[^:]*: / { vars = vars row($$0) } \
	      END { printf "usage: make [target...] [VAR=value...]\n\ntargets:\n%s\n" \
	                   "variables:\n%s", targets, vars }' $(firstword $(MAKEFILE_LIST)) web/web.mk

## check-tools: install the missing Debian packages, or name them (tools/setup)
check-tools:
	$(Q)tools/setup

# Objects depend on the flags they were built with: changing a flag (or HZ) rebuilds.
FLAGS_STAMP := $(BUILD)/.kcflags
# The module rules' way of recording header dependencies is in it too (MODDEPS): a tree
# built before the modules' .d files named the .ko gets them rebuilt once.
MODDEPS := -MT-ko
$(shell mkdir -p $(BUILD); echo '$(KCC) $(KCFLAGS) $(NASMFLAGS) $(MODDEPS)' | cmp -s - $(FLAGS_STAMP) || \
	echo '$(KCC) $(KCFLAGS) $(NASMFLAGS) $(MODDEPS)' > $(FLAGS_STAMP))

ifndef BREAKDOWN
$(BUILD)/%.o: %.c $(FLAGS_STAMP) | check-tools
	$(call quiet,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KCC) $(KCFLAGS) -c $< -o $@
else
# The stamped kernel: an object that no stamp reaches is copied from the plain build when
# that one is up to date (tools/plain_object says when), with its dependency file; the
# others, and any object with flags of its own, are compiled. Build the plain kernel
# first and this one costs a few objects instead of all of them.
BASE_KCFLAGS := $(KCFLAGS)
$(BUILD)/%.o: %.c $(FLAGS_STAMP) | check-tools
	$(Q)mkdir -p $(dir $@)
	$(Q)if [ -z "$(filter-out $(BASE_KCFLAGS),$(KCFLAGS))" ] && \
	    tools/plain_object $(PLAIN_BUILD) $* $(FLAGS_STAMP); then \
	    printf '  %-7s %s\n' COPY $@; \
	    cp $(PLAIN_BUILD)/$*.o $@ && \
	    sed '1s|^$(PLAIN_BUILD)/|$(BUILD)/|' $(PLAIN_BUILD)/$*.d > $(@:.o=.d); \
	else \
	    printf '  %-7s %s\n' CC $<; \
	    $(KCC) $(KCFLAGS) -c $< -o $@; \
	fi
endif

$(BUILD)/%.o: %.asm $(FLAGS_STAMP) | check-tools
	$(call quiet,AS,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(NASM) $(NASMFLAGS) -MF $(@:.o=.d) $< -o $@

# Test modules: each kernel/tests/modules/NAME.c is a module, NAME.ko, built as Kbuild
# builds one: the kernel's flags (-fno-pic among them: a module is relocated, not
# position-independent), -DMODULE, its name in KBUILD_MODNAME, then a partial link
# (ld -r) into one relocatable object. kernel/tests/module_images.c embeds them for the
# loader's KTAP suite; insmod of a file comes with the initramfs.
# A module is also built with Linux's own warnings: Linux has no -Wunused-parameter, and
# the notes' handlers take (irq, dev_id) and use neither.
MODCFLAGS := -Wno-unused-parameter
TEST_MODULES := $(patsubst kernel/tests/modules/%.c,$(BUILD)/kernel/tests/modules/%.ko,\
	$(sort $(wildcard kernel/tests/modules/*.c)))
$(BUILD)/kernel/tests/modules/%.ko: kernel/tests/modules/%.c $(FLAGS_STAMP) | check-tools
	$(call quiet,MODCC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KCC) $(KCFLAGS) $(MODCFLAGS) -DMODULE -DKBUILD_MODNAME='"$*"' -MF $(@:.ko=.d) -MT $@ \
	    -c $< -o $(@:.ko=.o)
	$(Q)$(KLD) -m elf_i386 -r -o $@ $(@:.ko=.o)
# The samples (samples/NAME/NAME.c, Linux modules built out of tree the way a student
# builds one) are built here too, with the same flags, for the initramfs.
SAMPLES := $(filter-out notes,$(notdir $(patsubst %/,%,$(sort $(dir $(wildcard samples/*/Makefile))))))
SAMPLE_MODULES := $(patsubst %,$(BUILD)/samples/%.ko,$(SAMPLES))
define sample_rule
$(BUILD)/samples/$(1).ko: $(wildcard samples/$(1)/*.c) $(FLAGS_STAMP) | check-tools
	$$(call quiet,MODCC,samples/$(1))
	$$(Q)mkdir -p $$(dir $$@)
	$$(Q)$$(KCC) $$(KCFLAGS) $$(MODCFLAGS) -Iinclude -DMODULE -DKBUILD_MODNAME='"$(1)"' \
	    -MF $$(@:.ko=.d) -MT $$@ -c samples/$(1)/$(1).c -o $$(@:.ko=.o)
	$$(Q)$$(KLD) -m elf_i386 -r -o $$@ $$(@:.ko=.o)
endef
$(foreach s,$(SAMPLES),$(eval $(call sample_rule,$(s))))
# The course notes' examples (samples/notes/NAME.c, the notes' text unchanged: see its
# README.md) are built as Linux builds an outside module: Linux's default is no -Werror
# (CONFIG_WERROR=n), and a few examples draw the warnings Linux's compiler gives them too
# (a pointer passed as tasklet data). Those are kept in build/samples/notes/NAME.log and
# named in one line; a failed compile prints its log.
NOTES_SAMPLES := $(patsubst samples/notes/%.c,%,$(sort $(wildcard samples/notes/*.c)))
NOTES_MODULES := $(patsubst %,$(BUILD)/samples/notes/%.ko,$(NOTES_SAMPLES))
MOD_OUT_CFLAGS = $(filter-out -Werror,$(KCFLAGS)) $(MODCFLAGS)
$(BUILD)/samples/notes/%.ko: samples/notes/%.c $(FLAGS_STAMP) | check-tools
	$(call quiet,MODCC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KCC) $(MOD_OUT_CFLAGS) -Iinclude -DMODULE -DKBUILD_MODNAME='"$*"' -MF $(@:.ko=.d) \
	    -MT $@ -c $< -o $(@:.ko=.o) 2> $(@:.ko=.log) || { cat $(@:.ko=.log) >&2; exit 1; }
	$(Q)if [ -s $(@:.ko=.log) ]; then echo "  $<: $$(grep -c 'warning:' $(@:.ko=.log)) \
	    warning(s), as on Linux: $(@:.ko=.log)"; fi
	$(Q)$(KLD) -m elf_i386 -r -o $@ $(@:.ko=.o)
$(BUILD)/kernel/tests/module_images.o: $(TEST_MODULES)
$(BUILD)/kernel/tests/module_images.o: KCFLAGS += -DMODULE_IMAGE_DIR='"$(BUILD)/kernel/tests/modules"'

# Two links, as Linux does for kallsyms: the first without symbols, then the symbol table
# of that image is compiled in. It is placed last (linker.ld), so no other address moves.
$(BUILD)/kallsyms0.asm: tools/kallsyms.py | check-tools
	$(Q)mkdir -p $(BUILD)
	$(Q)$(PYTHON) tools/kallsyms.py < /dev/null > $@

$(BUILD)/kallsyms0.o $(BUILD)/kallsyms.o: %.o: %.asm
	$(Q)$(NASM) -f elf32 $< -o $@

$(BUILD)/irqlab.tmp.elf: $(KOBJS) $(BUILD)/kallsyms0.o linker.ld
	$(call quiet,LD,$@)
	$(Q)$(KLD) $(LDFLAGS) -o $@ $(KOBJS) $(BUILD)/kallsyms0.o

$(BUILD)/kallsyms.asm: $(BUILD)/irqlab.tmp.elf tools/kallsyms.py
	$(call quiet,GEN,$@)
	$(Q)$(NM) -n $< | $(PYTHON) tools/kallsyms.py > $@

$(ELF): $(BUILD)/kallsyms.o
	$(call quiet,LD,$@)
	$(Q)$(KLD) $(LDFLAGS) -o $@ $(KOBJS) $(BUILD)/kallsyms.o
	$(Q)$(NM) -n $@ | $(PYTHON) tools/kallsyms.py --check $(BUILD)/kallsyms.asm
	$(Q)$(OBJDUMP) -S $@ > $(BUILD)/irqlab.lst  # a listing for students: C beside its asm

# The ISO's kernel has no debug information and no ELF symbol table (gdb reads $(ELF),
# whose loaded bytes are the same; backtraces use the kernel's own .kallsyms): GRUB
# copies every section a multiboot kernel does not load into its own heap, and a
# megabyte of DWARF there, later 65 KiB of .symtab/.strtab, made it run out of memory
# on small machines.
# No fonts, locales or themes: the menu is text, and they were 7 of the ISO's 11 MB,
# which the web page downloads. The boot takes as long either way (docs/performance.md,
# "Boot time").
# $(call isofiles,GRUB config,directory): the files both ISOs carry, laid out in the
# directory: the stripped kernel, the initramfs and GRUB's menu.
define isofiles
	$(Q)rm -rf $(2) && mkdir -p $(2)/boot/grub
	$(Q)$(OBJCOPY) --strip-all $(ELF) $(2)/boot/irqlab.elf
	$(Q)cp $(INITRAMFS) $(2)/boot/initramfs.cpio
	$(Q)cp $(1) $(2)/boot/grub/grub.cfg
endef
# $(call mkiso,GRUB config,directory to lay it out in): GRUB's ISO ($@), as grub-mkrescue
# makes it: GRUB boots from the CD and from a USB stick (its hybrid MBR).
define mkiso
	$(call quiet,ISO,$@)
	$(call isofiles,$(1),$(2))
	$(Q)grub-mkrescue --fonts= --locales= --themes= -o $@ $(2) >$(2).log 2>&1 || \
	    { cat $(2).log; exit 1; }
endef

# The ISO `make run` and the tests boot: the same files and GRUB, but the CD's default El
# Torito image is irqlab's own loader (iso/cdboot.asm), which loads the kernel and the
# initramfs as GRUB's menu entry does, 0.2 s sooner under TCG; Shift held at boot starts
# GRUB instead, and GRUB's menu shows (iso/grub.cfg). GRUB's image is the second El
# Torito entry, laid out as grub-mkrescue lays it out, and the USB stick's MBR still
# starts GRUB: tools/isobootmap.py points the MBR at it, and writes the files' places
# into the loader.
GRUB_PC := /usr/lib/grub/i386-pc
CDBOOT := $(BUILD)/cdboot.bin
$(CDBOOT): iso/cdboot.asm | check-tools
	$(call quiet,NASM,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(NASM) -f bin -w+all -o $@ $<

$(ISO): $(ELF) $(INITRAMFS) iso/grub.cfg $(CDBOOT) tools/isobootmap.py
	$(call quiet,ISO,$@)
	$(call isofiles,iso/grub.cfg,$(BUILD)/isodir)
	$(Q)d=$(BUILD)/isodir && mkdir -p $$d/boot/grub/i386-pc && \
	cp $(CDBOOT) $$d/boot/cdboot.bin && \
	cp $(GRUB_PC)/*.mod $(GRUB_PC)/*.lst $$d/boot/grub/i386-pc/ && \
	grub-mkimage -d $(GRUB_PC) -p /boot/grub -O i386-pc-eltorito \
	    -o $$d/boot/grub/i386-pc/eltorito.img biosdisk iso9660 && \
	xorriso -as mkisofs -graft-points -r \
	    -b boot/cdboot.bin -no-emul-boot -boot-load-size 4 \
	    -eltorito-alt-boot -b boot/grub/i386-pc/eltorito.img -no-emul-boot \
	    -boot-load-size 4 -boot-info-table --grub2-boot-info \
	    --grub2-mbr $(GRUB_PC)/boot_hybrid.img --protective-msdos-label \
	    -o $@ $$d >$$d.log 2>&1 || { cat $$d.log; rm -f $@; exit 1; }
	$(Q)$(PYTHON) tools/isobootmap.py $@ || { rm -f $@; exit 1; }

include web/web.mk

# --- the initramfs ----------------------------------------------------------------------
# Files carried into the machine, as Linux's initramfs: the tree build/initramfs/ written
# as a newc cpio archive by tools/mkcpio.py, loaded by the boot loader as a multiboot
# module (iso/grub.cfg; the tests' -kernel boots pass it with QEMU's -initrd), read by
# kernel/initramfs.c. Its /lib/modules/ holds the modules `insmod` reads: the ones built
# from kernel/tests/modules/ (the loader's test cases, each a small example), the
# samples/ (Linux modules, built as out of tree), and any
# named in INITRAMFS_FILES.
## INITRAMFS_FILES=paths: files copied into the initramfs's /lib/modules/ ("a.ko b")
INITRAMFS_FILES ?=
INITRAMFS_DIR := $(BUILD)/initramfs
INITRAMFS_MOTD := irqlab initramfs: a newc cpio archive the boot loader loaded; modules for insmod are in /lib/modules
# The archive depends on the list of extra files, not only on their contents: dropping
# one from INITRAMFS_FILES rebuilds it too.
INITRAMFS_STAMP := $(BUILD)/.initramfs_files
$(shell mkdir -p $(BUILD); echo '$(INITRAMFS_FILES)' | cmp -s - $(INITRAMFS_STAMP) || \
	echo '$(INITRAMFS_FILES)' > $(INITRAMFS_STAMP))

# The modules insmod finds there. The stage-stamped kernel only runs make bench: its
# initramfs has the loader's test modules alone, not the samples built once more.
INITRAMFS_MODULES := $(TEST_MODULES) $(if $(BREAKDOWN),,$(SAMPLE_MODULES) $(NOTES_MODULES))
$(INITRAMFS): tools/mkcpio.py $(INITRAMFS_MODULES) $(INITRAMFS_FILES) $(INITRAMFS_STAMP) Makefile
	$(call quiet,CPIO,$@)
	$(Q)rm -rf $(INITRAMFS_DIR) && mkdir -p $(INITRAMFS_DIR)/lib/modules $(INITRAMFS_DIR)/etc
	$(Q)echo '$(INITRAMFS_MOTD)' > $(INITRAMFS_DIR)/etc/motd
	$(Q)cp $(INITRAMFS_MODULES) $(INITRAMFS_DIR)/lib/modules/
	$(Q)$(if $(strip $(INITRAMFS_FILES)),cp $(INITRAMFS_FILES) $(INITRAMFS_DIR)/lib/modules/)
	$(Q)$(PYTHON) tools/mkcpio.py $(INITRAMFS_DIR) > $@.tmp && mv $@.tmp $@

# --- running ----------------------------------------------------------------------------
# With a display QEMU opens a window (VGA + PS/2 keyboard) and COM1 stays on this terminal;
# without one, the serial console is the terminal. Ctrl-A X quits in both.
## SMP=N: CPUs for run and debug, QEMU's -smp (default 2; SMP=1 for one)
SMP ?= 2
# A reset (the shell's 'reboot', or a triple fault) boots the machine again, as on a PC:
# no -no-reboot here (the tests use it, to see a reset as an event). NO_REBOOT=1 stops the
# machine at a reset instead, to look at a triple fault with make debug and gdb.
# Two edu devices on the same PIRQ link (slots 4 and 8): under INTx they share one line,
# under MSI each has its own (README, "PCI and the edu device").
# -nodefaults, then the VGA back: the machine the tests boot. QEMU's other defaults are a
# network card irqlab has no driver for, whose option ROM SeaBIOS starts, and a floppy
# drive; the two cost 0.1 s of every boot under TCG (docs/performance.md, Boot time).
QEMU_RUN_FLAGS := -nodefaults -vga std -m 128M -smp $(SMP) \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -device edu,addr=4 -device edu,addr=8
# LPT1 (0x378, IRQ 7) for the `short` driver; what it prints goes nowhere.
QEMU_RUN_FLAGS += -parallel null
ifeq ($(NO_REBOOT),1)
QEMU_RUN_FLAGS += -no-reboot
endif
## CMDLINE="options": kernel options for run and debug, through fw_cfg (no rebuild)
## NO_REBOOT=1: a reset or triple fault stops the machine (for gdb) instead of rebooting it
ifneq ($(CMDLINE),)
QEMU_RUN_FLAGS += -fw_cfg name=opt/irqlab/cmdline,string="$(CMDLINE)"
endif
## run: boot the ISO in QEMU: a window if there is a display, else this terminal
run: $(ISO)
	$(Q)if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	    $(QEMU) -cdrom $(ISO) $(QEMU_RUN_FLAGS) -serial mon:stdio; \
	else \
	    $(QEMU) -cdrom $(ISO) $(QEMU_RUN_FLAGS) -display none -serial mon:stdio; \
	fi; rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 33 ]  # 33: the kernel's own 'poweroff' exit

# --- debugging with gdb -----------------------------------------------------------------
# The stub listens on a unix socket inside this checkout's build directory: every user
# (and every checkout) has its own, so lab machines shared by many students never see
# two sessions fight over TCP port 1234. Override with GDBSOCK=path (under ~100 bytes,
# the limit of a unix socket's name).
GDB      ?= gdb-multiarch
## GDBSOCK=path: the gdb stub's unix socket (default: build/gdb.sock)
GDBSOCK  ?= $(abspath $(BUILD))/gdb.sock
GDBINIT  := $(BUILD)/gdbinit
## GDBFLAGS="args": more arguments for make gdb, e.g. "-batch -ex irqlab-dmesg"
GDBFLAGS ?=
# -S: stop before the first instruction (the BIOS's), so gdb sees the whole boot.
# -no-shutdown: a power-off (or, with NO_REBOOT=1, a reset or triple fault) leaves the
# machine stopped for gdb instead of gone.
## debug: run, stopped at the first instruction, with a gdb stub on GDBSOCK
debug: $(ISO) $(GDB_CONSTANTS) gdbinit
	@echo "irqlab: QEMU is stopped at the first instruction; gdb stub on $(GDBSOCK)"
	@echo "irqlab: in another terminal: make gdb    (here: Ctrl-A X quits QEMU)"
	$(Q)if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	    $(QEMU) -cdrom $(ISO) $(QEMU_RUN_FLAGS) -serial mon:stdio $(QEMU_GDB_FLAGS); \
	else \
	    $(QEMU) -cdrom $(ISO) $(QEMU_RUN_FLAGS) -display none -serial mon:stdio \
	        $(QEMU_GDB_FLAGS); \
	fi; rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 33 ]
QEMU_GDB_FLAGS = -gdb unix:$(GDBSOCK),server=on,wait=off -S -no-shutdown

# gdb -n -x: gdb 13 refuses to auto-load a ./.gdbinit outside its safe path, and -n keeps
# a student's own ~/.gdbinit from changing what the README's session shows.
## gdb: gdb-multiarch connected to make debug's QEMU, irqlab's helpers loaded
gdb: gdbinit $(GDB_CONSTANTS)
	$(Q)[ -f $(ELF) ] || { echo "make gdb: no $(ELF): run make debug first"; exit 1; }
	$(Q)[ -S $(GDBSOCK) ] || { echo "make gdb: nothing listens on $(GDBSOCK):" \
	    "start make debug in another terminal first"; exit 1; }
	$(Q)$(GDB) -n -x $(GDBINIT) $(GDBFLAGS)

# The gdbinit `make gdb` loads; rewritten only when its text changes (another GDBSOCK or
# BUILD), so its timestamp means something.
define GDBINIT_TEXT
# Generated by the Makefile; make gdb runs: $(GDB) -n -x $(GDBINIT)
# QEMU's CPU is 32-bit; without this gdb guesses from the BIOS's real mode.
set architecture i386
file $(abspath $(ELF))
set disassembly-flavor intel
set print pretty on
set pagination off
set confirm off
set history save on
set history filename $(abspath $(BUILD))/gdb_history
source $(abspath tools/gdb/irqlab.py)
target remote $(GDBSOCK)
endef
export GDBINIT_TEXT
## gdbinit: write build/gdbinit, the script make gdb runs
gdbinit:
	$(Q)mkdir -p $(BUILD)
	$(Q)printf '%s\n' "$$GDBINIT_TEXT" | cmp -s - $(GDBINIT) || \
	    printf '%s\n' "$$GDBINIT_TEXT" > $(GDBINIT)

# The gdb helpers' constants, from the kernel's headers through its own preprocessor.
# Every header is a prerequisite, not only those of the last run: a header that appears
# (kernel/workqueue/internal.h, behind __has_include) must regenerate it too.
$(GDB_CONSTANTS): tools/gdb/constants.py.in $(FLAGS_STAMP) \
		$(wildcard include/irqlab/*.h kernel/*.h kernel/*/*.h arch/x86/*.h arch/x86/*/*.h drivers/*/*.h) | check-tools
	$(call quiet,GEN,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KCC) $(KCFLAGS) -E -P -x c -MF $(@:.py=.d) -MT $@ $< -o $@.tmp
	$(Q)sed '1,/<!-- end-c-headers -->/d' $@.tmp > $@ && rm -f $@.tmp

# --- tests ------------------------------------------------------------------------------
HOST_TESTS := $(patsubst tests/host/%.c,build/host/%,$(sort $(wildcard tests/host/test_*.c)))
HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
               -fno-omit-frame-pointer -Iinclude -I. -DIRQLAB_HOST_TEST
# The pure logic the host tests link: lib/ (with the initramfs's cpio reader), the
# keyboard's scancode decoder, the mouse's packet decoder, the shell's line editor and
# pipe filters.
# They are compiled once, into build/host/obj/, and linked into every test program.
HOST_SRC := $(wildcard lib/*.c) drivers/input/scancode.c drivers/input/psmouse_packet.c \
            kernel/shell/line_edit.c kernel/shell/filters.c
HOST_OBJS := $(patsubst %.c,build/host/obj/%.o,$(HOST_SRC))
build/host/obj/%.o: %.c | check-tools
	$(call quiet,HOSTCC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@
.SECONDARY: $(HOST_OBJS)
build/host/%: tests/host/%.c tests/host/unit.h $(HOST_OBJS) \
		$(wildcard lib/*.h drivers/*/*.h kernel/shell/line_edit.h kernel/shell/filters.h) \
		include/irqlab/cpio.h | check-tools
	$(call quiet,HOSTCC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $< $(filter-out $<,$(filter %.c,$^)) $(HOST_OBJS) -o $@ \
	    $(HOST_LDLIBS)
# The module loader's ELF checks, on damaged images (and its relocations' checks).
build/host/test_module_elf: kernel/module/elf.c kernel/module/reloc.c kernel/module/internal.h \
	include/irqlab/elf.h
## grade-module: with M=dir, grade lab 8's module (docs/labs/lab8-module-keyboard.md)
grade-module: kernel
	$(Q)[ -n "$(M)" ] || { echo "make grade-module: say where the module is: M=dir"; exit 1; }
	$(Q)$(PYTHON) tests/labs/lab8_module.py $(M)
## host-tests: build the host unit tests (ASan, UBSan) into build/host/
host-tests: $(HOST_TESTS)

PYTEST ?= pytest-3
# Both compilers build every time, so neither rots, side by side; the clang kernel is
# booted with QEMU's own loader (-kernel), the gcc one from the ISO as users boot it;
# the stage-stamped kernel of make bench BREAKDOWN=1 builds too (test_bench boots it),
# after the gcc one, whose objects it copies where no stamp reaches them.
# pytest runs one more worker than there are CPUs: the QEMU boots spend part of their
# time waiting on guest timers, and the spare worker fills it. A test module goes to one
# worker whole (--dist loadscope), so its shared machine (conftest.py: m) boots once,
# not once per worker that ran some of its tests: a fifth less CPU.
NPROC := $(shell nproc 2>/dev/null || echo 2)
## test: build with gcc and clang, run the host unit tests and every QEMU test
## IRQLAB_TIMEOUT_MULT=N: multiply the timeouts of test and grade, for a slow machine
test: check-tools
	$(Q)$(MAKE) --no-print-directory -j$(NPROC) CC=clang kernel & clang=$$!; \
	$(MAKE) --no-print-directory -j$(NPROC) iso && { \
	    $(MAKE) --no-print-directory -j$(NPROC) BREAKDOWN=1 kernel & breakdown=$$!; \
	    $(MAKE) --no-print-directory -j$(NPROC) web host-tests; rest=$$?; \
	    wait $$breakdown && [ $$rest -eq 0 ]; }; gcc=$$?; \
	wait $$clang && [ $$gcc -eq 0 ]
	$(Q)$(PYTEST) -q -n $$(( $(NPROC) + 1 )) --dist loadscope --ignore=tests/test_browser.py tests

# The whole selftest under v86 (tests/test_web.py, part of make test too): about 10 s,
# 8 s of CPU with V8 kept to its baseline wasm compiler; a target of its own for a look
# at it alone.
## test-web-selftest: run the whole selftest in the web build under node (v86), held to QEMU's
test-web-selftest: check-tools
	$(Q)$(MAKE) --no-print-directory -j$(NPROC) iso web
	$(Q)$(PYTEST) -q -n $$(( $(NPROC) + 1 )) -m web_selftest tests/test_web.py

# Latency benchmarks: boots with 'bench' under TCG, once with 1 CPU and once with 2, and
# prints the tables (docs/performance.md).
# make bench TRACE=1 runs them with the event trace recording, to see what it costs.
## bench: boot with 'bench' on 1 and on 2 CPUs and print the latency benchmarks (docs/performance.md)
## TRACE=1: make bench with the event trace recording, to see what it costs
## LINUX="files": make bench beside Linux's figures (../shared/linux-bh/run.sh results, one per -smp)
## BREAKDOWN=1: make bench with each interrupt path's cycles stage by stage (a kernel built apart)
bench: iso
	$(Q)$(PYTHON) tools/bench.py --build $(BUILD) $(if $(TRACE),--trace) $(if $(BREAKDOWN),--breakdown) \
	    $(foreach f,$(LINUX),--linux $(f))

# Event trace: boots, types keys and runs the demos with tracing on, then writes
# build/trace.json (Perfetto, chrome://tracing) and build/trace.svg (one lane a context);
# then boots on two CPUs for demo softirq-smp and tasklet-smp: build/trace-smp.{json,svg}.
## trace: record keys and demos: build/trace.json (Perfetto) and build/trace.svg; on 2 CPUs build/trace-smp.*
trace: iso
	$(Q)$(PYTHON) tools/trace_capture.py --build $(BUILD)

# Labs (docs/labs/): make grade LAB=N grades lab N: a clean build, then the lab's tests
# (tests/labs/labN.py), then 'Score: x/y' and build/grade-labN.json. Slow lab machine?
# make grade LAB=N IRQLAB_TIMEOUT_MULT=3. IRQLAB_GRADE_NO_CLEAN=1 skips the clean: only
# tests/test_labs.py sets it, to grade trees whose build/ it has just made.
## grade: grade lab LAB: a clean build, the lab's tests, "Score: x/y" (docs/labs/)
## LAB=N: the lab make grade grades (tools/lab list shows them)
## GRADE_FLAGS=options: more options for tools/lab grade, e.g. --ktap-only
grade:
	$(Q)if [ -z "$(LAB)" ]; then echo "usage: make grade LAB=N   (tools/lab list shows the labs)" >&2; exit 2; fi
ifeq ($(IRQLAB_GRADE_NO_CLEAN),)
	$(Q)$(MAKE) --no-print-directory clean
endif
	$(Q)$(MAKE) --no-print-directory -j$(NPROC) kernel
	$(Q)$(if $(IRQLAB_TIMEOUT_MULT),IRQLAB_TIMEOUT_MULT=$(IRQLAB_TIMEOUT_MULT) )$(PYTHON) tools/lab grade $(LAB) --build $(BUILD) $(GRADE_FLAGS)

ifeq ($(M),)
## clean: remove build/
clean:
	rm -rf build
else
## modules: with M=dir: build the modules dir/Makefile names (obj-m += x.o) into dir/x.ko
## M=dir: an outside module's directory: make -C ~/irqlab M=$PWD modules (or clean)
modules clean: | check-tools
	$(Q)$(MAKE) --no-print-directory -f scripts/Makefile.modules M=$(M) \
	    KCC='$(KCC)' KLD='$(KLD)' KCFLAGS='$(MOD_OUT_CFLAGS)' V=$(V) __$@
endif

# --- modules out of tree ---------------------------------------------------------------
# `make -C ~/irqlab M=$PWD modules`, Kbuild's form: scripts/Makefile.modules reads
# $(M)/Makefile's obj-m and builds each module with this file's KCC and KCFLAGS. A
# relative M= is taken from where make was started ($PWD: make -C does not change it).
ifneq ($(M),)
override M := $(abspath $(if $(filter /%,$(M)),$(M),$(PWD)/$(M)))
ifeq ($(wildcard $(M)/Makefile),)
$(error M=$(M): no Makefile there (make -C ~/irqlab M=$$PWD modules, in a module's directory))
endif
endif

-include $(HOST_OBJS:.o=.d) $(KOBJS:.o=.d) $(TEST_MODULES:.ko=.d) $(SAMPLE_MODULES:.ko=.d) $(NOTES_MODULES:.ko=.d) $(BUILD)/kallsyms0.d $(BUILD)/kallsyms.d $(GDB_CONSTANTS:.py=.d)
