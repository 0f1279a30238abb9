/* include/irqlab/kthread.h - kernel threads, Linux's API.
 *
 *     struct task_struct *t = kthread_run(my_thread, data, "mythread/%d", n);
 *     ...
 *     kthread_stop(t);         // sets kthread_should_stop(), wakes it, waits for it
 *
 * A kthread function loops until kthread_should_stop() and returns its exit code. */
#ifndef IRQLAB_KTHREAD_H
#define IRQLAB_KTHREAD_H

#include <irqlab/sched.h>

/* Creates a stopped thread (run it with wake_up_process). Returns NULL when out of
 * memory. Process context. */
struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char *namefmt, ...) __printf(3, 4);

/* Binds a created, not yet woken thread to cpu for good (PF_NO_SETAFFINITY): it runs
 * there and nowhere else. Process context. */
void kthread_bind(struct task_struct *p, unsigned int cpu);
/* kthread_create() and kthread_bind() in one; the name takes the CPU number as its
 * printf argument ("ksoftirqd/%u"). NULL when out of memory. Process context. */
struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data), void *data,
					  unsigned int cpu, const char *namefmt) __printf(4, 0);

#define kthread_run(fn, data, ...) ({                                           \
	struct task_struct *__k = kthread_create(fn, data, __VA_ARGS__);        \
	if (__k)                                                                \
		wake_up_process(__k);                                           \
	__k;                                                                    \
})

/* The thread's name as ps shows it: the whole of it, even past comm's TASK_COMM_LEN - 1
 * characters ("irq/11-lothars_thread", whose comm is "irq/11-lothars_"), as Linux keeps
 * a kthread's full name since 5.19. Any context. */
void get_kthread_comm(char *buf, size_t buf_size, struct task_struct *tsk);

bool kthread_should_stop(void);
/* Asks k to stop, waits until its function returned, frees it; returns its exit code.
 * Process context (it sleeps). */
int kthread_stop(struct task_struct *k);

#endif
