/* kernel/tests/ktest_irq.c - helpers for the IRQ core's tests (ktest_irq.h). */
#include <irqlab/cpumask.h>
#include <irqlab/printk.h>
#include <irqlab/seq_file.h>
#include <irqlab/string.h>
#include "arch/x86/hardirq.h"
#include "arch/x86/ioapic.h"
#include "arch/x86/lapic.h"
#include "arch/x86/pic8259.h"
#include <irqlab/irqdesc.h>
#include "ktest_irq.h"
#include "kunit.h"

bool ktest_masked_at_chip(unsigned int irq)
{
	u64 e;

	if (apic_intr_mode == APIC_SYMMETRIC_IO)
		return ioapic_read_irq_entry(irq, &e) == 0 && (e & IOAPIC_RTE_MASKED);
	return i8259_read_imr() & BIT(irq);
}

void ktest_free_left_irq(struct kunit *test, unsigned int irq, void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(irq);
	const char *name = NULL;
	unsigned long flags;

	raw_spin_lock_irqsave(&desc->lock, flags);
	for (struct irqaction *a = desc->action; a; a = a->next)
		if (a->dev_id == dev_id)
			name = a->name;
	raw_spin_unlock_irqrestore(&desc->lock, flags);
	if (!name)
		return;
	kunit_fail(test, __FILE__, __LINE__, "the case left IRQ %u's action \"%s\": freed",
		   irq, name);
	free_irq(irq, dev_id);
}

u32 ktest_spurious_total(void)
{
	unsigned int cpu;
	u32 sum = 0;

	for_each_possible_cpu(cpu)
		sum += per_cpu(irq_spurious_count, cpu);
	return sum;
}

static char logtext[34 * 1024];         /* the log ring is 32 KiB */
static size_t loglen;

static void log_out(const char *text, size_t len, void *arg)
{
	size_t n = MIN(len, sizeof(logtext) - 1 - loglen);

	(void)arg;
	memcpy(logtext + loglen, text, n);
	loglen += n;
	logtext[loglen] = '\0';
}

void ktest_capture_log(void)
{
	loglen = 0;
	logtext[0] = '\0';
	log_buf_for_each(log_out, NULL);
}

bool ktest_log_has_line(const char *first, const char *second)
{
	const char *hit;

	for (const char *p = logtext; (hit = strstr(p, first)); p = hit + 1) {
		const char *eol = strchr(hit, '\n');
		const char *s = second ? strstr(hit + strlen(first), second) : hit;

		if (s && (!eol || s < eol))
			return true;
	}
	return false;
}

const char *ktest_proc_line(const char *path, const char *head)
{
	static char buf[4096];
	struct seq_file m = { .buf = buf, .size = sizeof(buf) };
	const struct proc_file *f = proc_file_find(path);
	char *p = buf;

	if (!f || f->show(&m) < 0 || m.overflow)
		return NULL;
	buf[MIN(m.count, sizeof(buf) - 1)] = '\0';
	for (;;) {
		char *eol = strchr(p, '\n');

		while (*p == ' ')
			p++;
		if (str_starts_with(p, head)) {
			if (eol)
				*eol = '\0';
			return p;
		}
		if (!eol)
			return NULL;
		p = eol + 1;
	}
}

/* With irqchip=apic the 8259s are masked and the lines live on the IOAPIC. */
bool ktest_pic_in_use(struct kunit *test)
{
	struct irq_desc *desc = irq_to_desc(0);

	if (desc->irq_data.chip && strcmp(desc->irq_data.chip->name, "XT-PIC") == 0)
		return true;
	kunit_skip_case(test, "the 8259s do not deliver the ISA lines (irqchip=apic)");
	return false;
}
