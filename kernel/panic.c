/* kernel/panic.c - panic() and WARN(). */
#include <irqlab/export.h>
#include <irqlab/panic.h>
#include <irqlab/printk.h>
#include <irqlab/kallsyms.h>
#include <irqlab/irqflags.h>
#include <irqlab/vsprintf.h>
#include <irqlab/string.h>
#include <irqlab/init.h>
#include "kernel/tests/kunit.h"
#include "drivers/misc/qemu_exit.h"

u32 warn_count;
bool oops_in_progress;

void panic(const char *fmt, ...)
{
	static bool in_panic;
	char buf[256];
	va_list ap;

	local_irq_disable();
	if (in_panic)                   /* a fault while panicking: stop here */
		halt_forever();
	in_panic = true;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_emerg("Kernel panic - not syncing: %s\n", buf);
	if (!oops_in_progress)
		dump_stack();
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf);

	if (selftest_mode) {
		/* The test harness must see a crash as a failure of the running test. */
		kunit_report_panic(buf);
		qemu_exit(QEMU_EXIT_FAIL);
	}
	halt_forever();                 /* QEMU stays up, showing the report */
}
EXPORT_SYMBOL(panic);

void warn_slowpath(const char *file, int line, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	warn_count++;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_warn("------------[ cut here ]------------\n");
	pr_warn("WARNING: at %s:%d: %s%s", file, line, buf,
		buf[0] && buf[strlen(buf) - 1] == '\n' ? "" : "\n");
	dump_stack();
	pr_warn("---[ end trace ]---\n");
}
EXPORT_SYMBOL(warn_slowpath);
