/* kernel/bench/bench_irq.c - the interrupt paths, from the bare minimum up:
 *
 *   int_iret_floor         INT to a gate whose handler is one IRET: what the CPU itself
 *                          costs for entering and leaving an interrupt.
 *   exception_int3         int3 through the whole exception path: stub, common_entry,
 *                          the pt_regs frame, do_int3, and back.
 *   irq_inject_to_handler  a line raised in software to the first line of its handler:
 *                          the chip, do_IRQ, irq_enter, the flow handler.
 *   softirq_raise_to_run   raised in a hard-IRQ handler, run at irq_exit.
 *   tasklet_schedule       the call itself, made in a hard-IRQ handler (interrupts off,
 *                          so it only queues), as Linux's bhbench times tasklet_irq.
 *   tasklet_schedule_to_run  scheduled in a hard-IRQ handler, run in TASKLET_SOFTIRQ.
 */
#include <irqlab/interrupt.h>
#include <irqlab/softirq.h>
#include "arch/x86/idt.h"
#include "arch/x86/traps.h"
#include "bench.h"

#define BENCH_FLOOR_VECTOR      0x81    /* no device or system vector uses it */
#define BENCH_IRQ               10      /* a line no device uses on QEMU's pc */
#define BENCH_SOFTIRQ           NET_TX_SOFTIRQ

extern void bench_iret_stub(void);

static int bench_int_iret_floor(u32 *s, int n)
{
	idt_set_raw_handler(BENCH_FLOOR_VECTOR, bench_iret_stub);
	for (int i = 0; i < n; i++) {
		u64 t0 = rdtsc();

		__asm__ __volatile__("int %0" :: "i"(BENCH_FLOOR_VECTOR) : "memory");
		s[i] = (u32)(rdtsc() - t0);
	}
	idt_restore_gate(BENCH_FLOOR_VECTOR);
	return n;
}
DEFINE_BENCH(int_iret_floor, 10, "int_iret_floor", bench_int_iret_floor);

extern const char bench_int3_insn[];

static bool bench_int3_claim(struct pt_regs *regs)
{
	return regs->eip == (u32)bench_int3_insn + 1;   /* a trap: EIP is past the int3 */
}

static int bench_exception_int3(u32 *s, int n)
{
	int3_hook = bench_int3_claim;
	for (int i = 0; i < n; i++) {
		u64 t0, t1;

		bench_breakdown_begin();
		t0 = rdtsc();
		__asm__ __volatile__(".globl bench_int3_insn\n"
				     "bench_int3_insn: int3" ::: "memory");
		t1 = rdtsc();
		bench_breakdown_end();
		s[i] = (u32)(t1 - t0);
	}
	int3_hook = NULL;
	return n;
}
DEFINE_BENCH(exception_int3, 20, "exception_int3", bench_exception_int3);

/* One handler on BENCH_IRQ serves the three IRQ-started benchmarks; 'mode' says which
 * second half it starts. */
enum { MODE_HANDLER, MODE_SOFTIRQ, MODE_TASKLET, MODE_TASKLET_COST };
static int mode;
static u64 schedule_cost;               /* MODE_TASKLET_COST: the tasklet_schedule() call */

static void bench_softirq_action(struct softirq_action *a)
{
	(void)a;
	bench_mark_end();
	bench_stamp(BS_DEFERRED);
}

static irqreturn_t bench_irq_handler(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	bench_stamp(BS_HANDLER);
	if (mode == MODE_HANDLER) {
		bench_mark_end();
	} else if (mode == MODE_SOFTIRQ) {
		bench_t0 = rdtsc();
		raise_softirq_irqoff(BENCH_SOFTIRQ);
	} else {
		bench_schedule_tasklet(mode == MODE_TASKLET_COST ? &schedule_cost : NULL);
	}
	return IRQ_HANDLED;
}

static int run_irq_bench(u32 *s, int n, int which)
{
	static int dev;
	int ret = request_irq(BENCH_IRQ, bench_irq_handler, 0, "bench", &dev);

	if (ret)
		return ret;
	mode = which;
	open_softirq(BENCH_SOFTIRQ, bench_softirq_action);
	for (int i = 0; i < n && !ret; i++) {
		bench_t1 = 0;
		bench_breakdown_begin();
		if (which == MODE_HANDLER)
			bench_t0 = rdtsc();
		ret = irq_inject(BENCH_IRQ);
		bench_breakdown_end();
		s[i] = which == MODE_TASKLET_COST ? (u32)schedule_cost :
		       bench_t1 ? (u32)(bench_t1 - bench_t0) : 0;
		if (!bench_t1)
			ret = -1;       /* the second half never ran: a broken path, not a number */
	}
	open_softirq(BENCH_SOFTIRQ, NULL);
	free_irq(BENCH_IRQ, &dev);
	return ret ? ret : n;
}

static int bench_irq_inject_to_handler(u32 *s, int n)  { return run_irq_bench(s, n, MODE_HANDLER); }
static int bench_softirq_raise_to_run(u32 *s, int n)   { return run_irq_bench(s, n, MODE_SOFTIRQ); }
static int bench_tasklet_schedule_to_run(u32 *s, int n) { return run_irq_bench(s, n, MODE_TASKLET); }
DEFINE_BENCH(irq_inject_to_handler, 30, "irq_inject_to_handler", bench_irq_inject_to_handler);
DEFINE_BENCH(softirq_raise_to_run, 40, "softirq_raise_to_run", bench_softirq_raise_to_run);
static int bench_tasklet_schedule(u32 *s, int n)        { return run_irq_bench(s, n, MODE_TASKLET_COST); }
DEFINE_BENCH(tasklet_schedule, 50, "tasklet_schedule", bench_tasklet_schedule);
DEFINE_BENCH(tasklet_schedule_to_run, 60, "tasklet_schedule_to_run", bench_tasklet_schedule_to_run);
