/* drivers/misc/lothars_device.h - the notes' demo device, for its driver and the shared-line
 * demo. */
#ifndef DRIVERS_LOTHARS_DEVICE_H
#define DRIVERS_LOTHARS_DEVICE_H

#include <irqlab/types.h>

#define LOTHARS_IRQ 11

struct lothars_device {
	const char *name;
	volatile bool pending;  /* "the device has data": its handler claims the interrupt */
	u32 interrupts;         /* handled by this device's handler */
	u32 tasklet_runs;
	u32 work_runs;
};

/* request_irq() for dev on LOTHARS_IRQ (IRQF_SHARED, dev as dev_id). */
int __must_check lothars_request(struct lothars_device *dev);
/* Marks dev as having data and raises the line with irq_inject(). */
int __must_check lothars_raise(struct lothars_device *dev);
struct lothars_device *lothars_main_device(void);
/* Waits until the tasklet and the work item of the last raise have run. */
void lothars_flush(void);

#endif
