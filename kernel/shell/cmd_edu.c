/* kernel/shell/cmd_edu.c - `edu`: drive QEMU's edu devices; every answer comes back by
 * interrupt (drivers/misc/edu.c). */
#include <irqlab/errno.h>
#include <irqlab/printk.h>
#include <irqlab/sched.h>
#include <irqlab/string.h>
#include "drivers/misc/edu.h"
#include "shell.h"

/* Decimal, or hex after 0x. */
static int parse_u32(const char *s, u32 *out)
{
	unsigned int base = 10;
	u64 v = 0;

	if (s[0] == '0' && s[1] == 'x') {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		unsigned int d = *s >= '0' && *s <= '9' ? (unsigned int)(*s - '0') :
				 *s >= 'a' && *s <= 'f' ? (unsigned int)(*s - 'a' + 10) : 99;

		if (d >= base)
			return -EINVAL;
		v = v * base + d;
		if (v > 0xffffffffu)
			return -EINVAL;
	}
	*out = (u32)v;
	return 0;
}

/* `edu stress N`: N rounds of one raise on every device at once, each round waited for:
 * on a shared INTx line both devices assert together, and neither may be lost. */
static int edu_stress(u32 rounds)
{
	u32 before[EDU_MAX_DEVICES] = { 0 };
	unsigned int n = 0;

	for (unsigned int i = 0; i < EDU_MAX_DEVICES; i++)
		if (edu_get(i)) {
			before[i] = edu_get(i)->raise_done;
			n++;
		}
	for (u32 r = 1; r <= rounds; r++) {
		for (unsigned int i = 0; i < EDU_MAX_DEVICES; i++)
			if (edu_get(i) && edu_raise_nowait(edu_get(i), 0x1000u << i))
				return -EINVAL;
		for (unsigned int i = 0; i < EDU_MAX_DEVICES; i++) {
			struct edu_dev *edu = edu_get(i);

			if (edu && wait_event_timeout(edu->wq, READ_ONCE(edu->raise_done) -
						      before[i] >= r, 10 * HZ) == 0) {
				kprintf("edu%u: round %u: no interrupt\n", i, r);
				return -ETIMEDOUT;
			}
		}
	}
	for (unsigned int i = 0; i < EDU_MAX_DEVICES; i++)
		if (edu_get(i))
			kprintf("edu%u: %u raises, %u completions\n", i, rounds,
				edu_get(i)->raise_done - before[i]);
	return n ? 0 : -ENODEV;
}

static int cmd_edu(int argc, char **argv)
{
	unsigned int minor = 0;
	struct edu_dev *edu;
	u32 v = 0, result, where;
	int ret;

	if (argc >= 2 && argv[1][0] >= '0' && argv[1][0] <= '9' && !argv[1][1]) {
		minor = (unsigned int)(argv[1][0] - '0');
		argc--;
		argv++;
	}
	if (argc != 3 || parse_u32(argv[2], &v))
		return shell_usage("edu");
	if (!strcmp(argv[1], "stress"))
		return edu_stress(v);
	edu = edu_get(minor);
	if (!edu) {
		kprintf("edu: no edu%u (QEMU: -device edu; lspci lists the devices)\n", minor);
		return -ENODEV;
	}
	if (!strcmp(argv[1], "fact")) {
		ret = edu_factorial(edu, v, &result);
		if (!ret)
			kprintf("edu%u: %u! = %u\n", minor, v, result);
	} else if (!strcmp(argv[1], "raise")) {
		ret = edu_raise(edu, v);
		if (!ret)
			kprintf("edu%u: raised 0x%x, interrupt status was 0x%x\n", minor, v,
				edu->last_raise);
	} else if (!strcmp(argv[1], "dma")) {
		ret = edu_dma_roundtrip(edu, v, &where);
		if (!ret)
			kprintf("edu%u: dma %u bytes from 0x%08x to the device and back: equal\n",
				minor, v, where);
	} else {
		return shell_usage("edu");
	}
	if (ret)
		kprintf("edu%u: %s %s failed: %d\n", minor, argv[1], argv[2], ret);
	return ret;
}
SHELL_CMD(edu, "[n] fact|raise|dma|stress <value>",
	  "QEMU's edu device n: factorial, interrupt, DMA, by interrupt", cmd_edu);
