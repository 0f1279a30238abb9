/* drivers/misc/lothars_device.h - the notes' demo device, for its driver and the shared-line
 * demo. */
#ifndef DRIVERS_LOTHARS_DEVICE_H
#define DRIVERS_LOTHARS_DEVICE_H

#include <irqlab/tasklet.h>
#include <irqlab/types.h>
#include <irqlab/workqueue.h>

#define LOTHARS_IRQ 11

/* Each device has its own bottom halves: a tasklet and a work item are one-per-device
 * state (one SCHED bit, one pending bit), and a device on a shared line must not run, or
 * be named in, another's. */
struct lothars_device {
	const char *name;
	volatile bool pending;  /* "the device has data": its handler claims the interrupt */
	u32 interrupts;         /* handled by this device's handler */
	u32 tasklet_runs;
	u32 work_runs;
	struct tasklet_struct tasklet;  /* scheduled by its handler */
	struct work_struct work;        /* queued by its tasklet */
};

/* Sets up dev's bottom halves, then request_irq() for it on LOTHARS_IRQ (IRQF_SHARED,
 * dev as dev_id). Process context. */
int __must_check lothars_request(struct lothars_device *dev);
/* Marks dev as having data and raises the line with irq_inject(). */
int __must_check lothars_raise(struct lothars_device *dev);
struct lothars_device *lothars_main_device(void);
/* Waits until dev's tasklet and the work item it queued have run. Process context. */
void lothars_flush(struct lothars_device *dev);

#endif
