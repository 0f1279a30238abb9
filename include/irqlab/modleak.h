/* include/irqlab/modleak.h - what the module leak checker (kernel/module/leaks.c) asks of
 * each subsystem that keeps pointers a driver hands it.
 *
 * After a module's exit has run, rmmod must not free the module's pages while the kernel
 * still holds a pointer into them: the next interrupt, timer tick or work item would
 * call code that is gone. Each subsystem below walks what it holds, under its own lock,
 * and adds one struct mod_leak per thing found in [start, end). A subsystem records
 * where such a thing was registered from (its `caller`) at registration, which is never
 * a hot path: __builtin_return_address(0) in request_irq() and the like.
 *
 * For the subsystems' scan functions only; drivers never include this. */
#ifndef IRQLAB_MODLEAK_H
#define IRQLAB_MODLEAK_H

#include <irqlab/types.h>

#define MOD_LEAKS_MAX   16      /* reported one by one; more are counted, not named */

/* One thing still pointing into the module. Printed as
 *   rmmod: leak: WHAT FN [NAME] still STATE (API from CALLER)
 * with FN and CALLER named by the module's symbols; a part that is 0/NULL is left out. */
struct mod_leak {
	char what[48];                  /* "IRQ 11 handler", "tasklet", "timer" */
	unsigned long fn;               /* the function it would call */
	char name[24];                  /* the driver's name for it, copied; or "" */
	char state[40];                 /* "registered", "scheduled on CPU 1" */
	const char *api;                /* "request_irq": how it was registered */
	unsigned long caller;           /* the return address of that call, or 0 */
};

/* One scan: the module's pages and what was found. Owned by the checker's thread; a
 * subsystem may fill it from another CPU (an IPI) while the checker waits for it. */
struct mod_leak_scan {
	unsigned long start, end;       /* the module's pages */
	struct mod_leak leaks[MOD_LEAKS_MAX];
	unsigned int n;                 /* found; above MOD_LEAKS_MAX only counted */
};

static inline bool mod_leak_within(const struct mod_leak_scan *s, const void *p)
{
	return (unsigned long)p >= s->start && (unsigned long)p < s->end;
}

/* The next entry to fill in (zeroed), or NULL when the table is full (counted). Any
 * context; the caller makes sure only one CPU adds at a time (its lock, or the IPI the
 * checker waits for). */
struct mod_leak *mod_leak_add(struct mod_leak_scan *s);

/* Each subsystem's scan: adds what it holds in [s->start, s->end). Process context (may
 * sleep: the scans take their subsystems' mutexes or send IPIs). */
void irq_scan_module_leaks(struct mod_leak_scan *s);            /* kernel/irq/manage.c */
void softirq_scan_module_leaks(struct mod_leak_scan *s);        /* kernel/softirq.c */
void tasklet_scan_module_leaks(struct mod_leak_scan *s);        /* kernel/tasklet.c */
void timer_scan_module_leaks(struct mod_leak_scan *s);          /* kernel/time/timer.c */
void workqueue_scan_module_leaks(struct mod_leak_scan *s);      /* kernel/workqueue/ */
void kthread_scan_module_leaks(struct mod_leak_scan *s);        /* kernel/kthread.c */
void chrdev_scan_module_leaks(struct mod_leak_scan *s);         /* kernel/char_dev.c */
void cdev_scan_module_leaks(struct mod_leak_scan *s);           /* kernel/cdev.c */
/* kernel/char_dev.c: c is register_chrdev()'s own cdev, reported with its region. */
struct cdev;
bool chrdev_region_cdev(const struct cdev *c);
void misc_scan_module_leaks(struct mod_leak_scan *s);           /* drivers/char/misc.c */
void class_scan_module_leaks(struct mod_leak_scan *s);          /* drivers/base/class.c */

#endif
