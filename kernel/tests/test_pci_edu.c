/* kernel/tests/test_pci_edu.c - a PCI device's interrupt end to end, with QEMU's edu:
 * pci_alloc_irq_vectors() choosing MSI or INTx, the MSI message, an INTx pin's way
 * through the PIRQ links (and a bridge's swizzle), and the edu driver's top half on a
 * shared INTx line. Lab 7 grades these (docs/labs/lab7-pci-msi.md).
 *
 * Named only ('selftest=pci_edu'): the cases need the edu devices of lab 7's boot (q35,
 * -smp 2; edu at slots 4 and 8, one PIRQ link; one behind a bridge at slot 9). On q35
 * under the IOAPIC each link has its own GSI: a pin routed to the wrong link interrupts
 * a line nobody listens to, and the case waiting for it fails.
 *
 * Waits are for events, bounded by guest time (WAIT_TICKS). A case that takes a device
 * from the edu driver acknowledges what it left raised and gives it back. The cases run
 * alone in the selftest thread: pci_msi_disabled, otherwise written only at boot, is
 * flipped here and put back in the same case.
 */
#include <irqlab/cpumask.h>
#include <irqlab/errno.h>
#include <irqlab/interrupt.h>
#include <irqlab/irqdesc.h>
#include <irqlab/pci.h>
#include <irqlab/pci_regs.h>
#include <irqlab/sched.h>
#include <irqlab/smp.h>
#include <irqlab/time.h>
#include <irqlab/timer.h>
#include "arch/x86/io.h"
#include "arch/x86/irq.h"
#include "arch/x86/lapic.h"
#include "arch/x86/processor.h"
#include "drivers/misc/edu.h"
#include "kunit.h"

#define WAIT_TICKS      HZ              /* an interrupt that has not come in 1 s never will */
#define RAISE_BIT       0x1000u         /* a software raise: none of the device's own bits */
#define MSI_ADDR_BASE   0xfee00000u     /* SDM, "Message Address Register Format" */
#define MSI_ADDR_DEST_SHIFT 12
#define MSI_DATA_VECTOR 0xffu
#define MSI_DATA_MODE   0xff00u         /* delivery mode, level, trigger: 0 is fixed, edge */

/* A correct little driver of our own, to test the routing apart from edu's handler. Its
 * counts are written by its handler (any CPU) and read by the case. */
static struct ktest_edu {
	struct pci_dev *pdev;
	uintptr_t regs;
	unsigned int flags;             /* what it asks pci_alloc_irq_vectors() for */
	int irq;
	u32 handled, last_status;
} kt;

static irqreturn_t ktest_edu_irq(int irq, void *dev_id)
{
	struct ktest_edu *k = dev_id;
	u32 status = mmio_read32(k->regs + EDU_IRQ_STATUS);

	(void)irq;
	if (!status)
		return IRQ_NONE;
	mmio_write32(k->regs + EDU_IRQ_ACK, status);
	WRITE_ONCE(k->last_status, status);
	WRITE_ONCE(k->handled, k->handled + 1);
	return IRQ_HANDLED;
}

static int ktest_edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret;

	(void)id;
	ret = pci_enable_device(pdev);
	if (ret)
		return ret;
	kt.regs = (uintptr_t)pci_iomap(pdev, 0, EDU_REGS_SIZE);
	ret = kt.regs ? pci_alloc_irq_vectors(pdev, 1, 1, kt.flags) : -ENOMEM;
	if (ret < 0)
		goto disable;
	kt.irq = pci_irq_vector(pdev, 0);
	mmio_write32(kt.regs + EDU_IRQ_ACK, ~0u);
	ret = request_irq((unsigned int)kt.irq, ktest_edu_irq, IRQF_SHARED, "edu-ktest", &kt);
	if (!ret)
		return 0;
	pci_free_irq_vectors(pdev);
disable:
	pci_disable_device(pdev);
	return ret;
}

static void ktest_edu_remove(struct pci_dev *pdev)
{
	(void)free_irq((unsigned int)kt.irq, &kt);
	pci_free_irq_vectors(pdev);
	pci_disable_device(pdev);
}

static const struct pci_device_id ktest_edu_ids[] = { { PCI_DEVICE(EDU_VENDOR_ID,
									EDU_DEVICE_ID) }, { 0 } };

static const struct pci_driver ktest_edu_driver = {
	.name = "edu-ktest", .id_table = ktest_edu_ids,
	.probe = ktest_edu_probe, .remove = ktest_edu_remove,
};

static bool need_ioapic(struct kunit *test)
{
	if (apic_intr_mode == APIC_SYMMETRIC_IO)
		return true;
	kunit_skip_case(test, "irqchip is the 8259 PIC: no MSI (boot lab 7's way)");
	return false;
}

/* The edu the driver bound at minor n, or a failed case. */
static struct edu_dev *need_edu(struct kunit *test, unsigned int minor)
{
	struct edu_dev *edu = edu_get(minor);

	if (!edu)
		kunit_fail(test, __FILE__, __LINE__, "no edu%u: boot with lab 7's edu devices, "
			   "and see the boot log for the driver's probe", minor);
	return edu;
}

/* The edu device behind a bridge (bus 1 on lab 7's boot), or NULL. */
static struct pci_dev *edu_behind_bridge(void)
{
	struct pci_dev *d;

	for_each_pci_dev(d)
		if (d->vendor == EDU_VENDOR_ID && d->device == EDU_DEVICE_ID && d->bridge)
			return d;
	return NULL;
}

/* Raises RAISE_BIT on edu and waits for its thread to take it: true if it came. */
static bool edu_raise_and_wait(struct edu_dev *edu)
{
	u32 before = READ_ONCE(edu->raise_done);

	if (edu_raise_nowait(edu, RAISE_BIT))
		return false;
	return wait_event_timeout(edu->wq, READ_ONCE(edu->raise_done) != before, WAIT_TICKS);
}

static bool wait_for(const u32 *count, u32 n)
{
	for (unsigned long end = jiffies + WAIT_TICKS; READ_ONCE(*count) < n; msleep(1))
		if (time_after(jiffies, end))
			return false;
	return true;
}

static void test_edu_driver_takes_msi_under_the_ioapic(struct kunit *test)
{
	for (unsigned int minor = 0; minor < 3 && need_ioapic(test); minor++) {
		struct edu_dev *edu = need_edu(test, minor);
		u16 flags;

		if (!edu)
			return;
		flags = pci_read_config_word(edu->pdev, edu->pdev->msi_cap + PCI_MSI_FLAGS);
		KUNIT_EXPECT_TRUE(test, edu->pdev->msi_enabled);
		KUNIT_EXPECT_TRUE(test, flags & PCI_MSI_FLAGS_ENABLE);
		KUNIT_EXPECT_EQ(test, edu->irq, pci_irq_vector(edu->pdev, 0));
		KUNIT_EXPECT_GE(test, edu->irq, NR_GSI_IRQS);   /* a line of its own, not a GSI */
		/* Under MSI the device must not also pull its INTx wire. */
		KUNIT_EXPECT_TRUE(test, pci_read_config_word(edu->pdev, PCI_COMMAND) &
					PCI_COMMAND_INTX_DISABLE);
	}
}

/* The message in the device's MSI capability, as the device will write it. */
static void msi_message(const struct pci_dev *dev, u32 *address, u32 *data)
{
	bool is64 = pci_read_config_word(dev, dev->msi_cap + PCI_MSI_FLAGS) &
		    PCI_MSI_FLAGS_64BIT;

	*address = pci_read_config_dword(dev, dev->msi_cap + PCI_MSI_ADDRESS_LO);
	*data = pci_read_config_word(dev, dev->msi_cap +
				     (is64 ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32));
}

static void test_msi_message_names_the_vector_and_the_cpu(struct kunit *test)
{
	struct edu_dev *edu = need_ioapic(test) ? need_edu(test, 0) : NULL;
	const struct irq_data *d;
	u32 address, data;

	if (!edu)
		return;
	d = &irq_to_desc((unsigned int)edu->irq)->irq_data;
	msi_message(edu->pdev, &address, &data);
	KUNIT_EXPECT_EQ(test, data & MSI_DATA_VECTOR, irq_to_vector((unsigned int)edu->irq));
	KUNIT_EXPECT_EQ(test, data & MSI_DATA_MODE, 0);
	KUNIT_ASSERT_TRUE(test, d->effective_affinity != 0);
	KUNIT_EXPECT_EQ(test, address, MSI_ADDR_BASE |
			(u32)per_cpu(cpu_info, __builtin_ctzl(d->effective_affinity)).apicid
			<< MSI_ADDR_DEST_SHIFT);
}

/* Each raise on each device: one message, one delivery, the bits acknowledged. */
static void test_msi_raise_arrives_once_and_is_acked(struct kunit *test)
{
	for (unsigned int minor = 0; minor < 3 && need_ioapic(test); minor++) {
		struct edu_dev *edu = need_edu(test, minor);
		u32 irqs, got;

		if (!edu)
			return;
		irqs = edu->irqs;
		got = kstat_irqs((unsigned int)edu->irq);
		KUNIT_EXPECT_TRUE(test, edu_raise_and_wait(edu));
		KUNIT_EXPECT_EQ(test, edu->last_raise, RAISE_BIT);
		KUNIT_EXPECT_EQ(test, edu->irqs - irqs, 1);
		KUNIT_EXPECT_EQ(test, kstat_irqs((unsigned int)edu->irq) - got, 1);
		KUNIT_EXPECT_EQ(test, edu_raise_and_wait(edu) && edu->irqs - irqs == 2, true);
		KUNIT_EXPECT_EQ(test, mmio_read32(edu->regs + EDU_IRQ_STATUS), 0);
	}
}

/* A new Message Address moves the MSI: made at the line's next interrupt, so the first
 * raise after the request still lands on CPU 0 and the next on CPU 1. */
static void test_msi_follows_its_affinity(struct kunit *test)
{
	struct edu_dev *edu = need_ioapic(test) ? need_edu(test, 0) : NULL;
	unsigned int irq;
	u32 address, data, cpu1;

	if (!edu)
		return;
	if (!cpu_online(1)) {
		kunit_skip_case(test, "one CPU: nowhere to move the MSI to (boot with -smp 2)");
		return;
	}
	irq = (unsigned int)edu->irq;
	KUNIT_ASSERT_EQ(test, irq_set_affinity(irq, BIT(1)), 0);
	KUNIT_EXPECT_TRUE(test, edu_raise_and_wait(edu));
	cpu1 = kstat_irqs_cpu(irq, 1);
	KUNIT_EXPECT_TRUE(test, edu_raise_and_wait(edu));
	KUNIT_EXPECT_EQ(test, kstat_irqs_cpu(irq, 1) - cpu1, 1);
	msi_message(edu->pdev, &address, &data);
	KUNIT_EXPECT_EQ(test, address >> MSI_ADDR_DEST_SHIFT & 0xff,
			per_cpu(cpu_info, 1).apicid);
	KUNIT_EXPECT_EQ(test, data & MSI_DATA_VECTOR, irq_to_vector(irq));
	/* Back to CPU 0, as boot left it: the move is made at the next interrupt. */
	KUNIT_EXPECT_EQ(test, irq_set_affinity(irq, CPU_MASK_ALL), 0);
	KUNIT_EXPECT_TRUE(test, edu_raise_and_wait(edu));
}

/* A raise on INTx reaches the line pci_alloc_irq_vectors() gave: the pin went through
 * the right PIRQ link. pdev goes to our own driver for the case, then back to edu. */
static void check_intx_arrives(struct kunit *test, struct pci_dev *pdev)
{
	int ret;

	pci_device_release_driver(pdev);
	kt = (struct ktest_edu){ .pdev = pdev, .flags = PCI_IRQ_INTX };
	ret = pci_device_bind_driver(pdev, &ktest_edu_driver);
	KUNIT_EXPECT_EQ(test, ret, 0);
	if (!ret) {
		KUNIT_EXPECT_FALSE(test, pdev->msi_enabled);
		KUNIT_EXPECT_EQ(test, kt.irq, pdev->intx_irq);
		KUNIT_EXPECT_FALSE(test, pci_read_config_word(pdev, PCI_COMMAND) &
					 PCI_COMMAND_INTX_DISABLE);
		mmio_write32(kt.regs + EDU_IRQ_RAISE, RAISE_BIT);
		KUNIT_EXPECT_TRUE(test, wait_for(&kt.handled, 1));
		KUNIT_EXPECT_EQ(test, kt.last_status, RAISE_BIT);
		if (!kt.handled)
			kunit_info(test, "%s: INTx on line %d never came; the device's pin is "
				   "asserted on some other line", pdev->intx_route, kt.irq);
		mmio_write32(kt.regs + EDU_IRQ_ACK, ~0u);       /* a raise nobody took */
		pci_device_release_driver(pdev);
	}
	(void)pci_device_bind_driver(pdev, &edu_driver);
}

static void test_intx_reaches_its_line(struct kunit *test)
{
	struct edu_dev *edu = need_edu(test, 0);

	if (edu)
		check_intx_arrives(test, edu->pdev);
}

static void test_intx_behind_a_bridge_is_swizzled(struct kunit *test)
{
	struct pci_dev *pdev = edu_behind_bridge();

	KUNIT_ASSERT_TRUE(test, pdev != NULL);
	check_intx_arrives(test, pdev);
}

/* pci_alloc_irq_vectors(): MSI when allowed and available, INTx when MSI is not
 * available and INTx allowed, an error when nothing allowed works. */
static void test_alloc_chooses_msi_or_falls_back(struct kunit *test)
{
	struct pci_dev *pdev = edu_behind_bridge();
	struct edu_dev *edu = need_edu(test, 0);

	KUNIT_ASSERT_TRUE(test, pdev != NULL && edu != NULL && need_ioapic(test));
	pci_device_release_driver(pdev);
	KUNIT_EXPECT_EQ(test, pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_INTX), 1);
	KUNIT_EXPECT_TRUE(test, pdev->msi_enabled);
	KUNIT_EXPECT_GE(test, pci_irq_vector(pdev, 0), NR_GSI_IRQS);
	KUNIT_EXPECT_EQ(test, pci_irq_vector(pdev, 1), -EINVAL);
	pci_free_irq_vectors(pdev);
	KUNIT_EXPECT_FALSE(test, pdev->msi_enabled);
	KUNIT_EXPECT_EQ(test, pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_INTX), 1);
	KUNIT_EXPECT_FALSE(test, pdev->msi_enabled);
	KUNIT_EXPECT_EQ(test, pci_irq_vector(pdev, 0), pdev->intx_irq);
	pci_free_irq_vectors(pdev);
	/* 'nomsi': MSI unavailable, so MSI alone fails and MSI | INTX is INTx. */
	pci_msi_disabled = true;
	KUNIT_EXPECT_LT(test, pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI), 0);
	KUNIT_EXPECT_EQ(test, pdev->nr_irqs, 0);
	KUNIT_EXPECT_EQ(test, pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_INTX), 1);
	KUNIT_EXPECT_FALSE(test, pdev->msi_enabled);
	KUNIT_EXPECT_EQ(test, pci_irq_vector(pdev, 0), pdev->intx_irq);
	pci_free_irq_vectors(pdev);
	pci_msi_disabled = false;
	(void)pci_device_bind_driver(pdev, &edu_driver);
}

/* edu0 and edu1 on one INTx line (the same PIRQ link): a raise on edu1 is handled by
 * edu1's handler alone, edu0's says IRQ_NONE, and the line counts nothing unhandled. */
static void test_shared_intx_line_each_handler_takes_its_own(struct kunit *test)
{
	struct edu_dev *e0 = need_edu(test, 0), *e1 = need_edu(test, 1);
	struct pci_dev *p0, *p1;
	u32 irqs0, irqs1, unhandled;
	uintptr_t regs0, regs1;         /* BAR 0 stays mapped where it is across rebinding */
	struct irq_desc *desc;

	if (!e0 || !e1)
		return;
	p0 = e0->pdev;
	p1 = e1->pdev;
	regs0 = e0->regs;
	regs1 = e1->regs;
	pci_device_release_driver(p1);
	pci_device_release_driver(p0);
	pci_msi_disabled = true;        /* the edu driver asks for MSI | INTX: it gets INTx */
	KUNIT_EXPECT_EQ(test, pci_device_bind_driver(p0, &edu_driver), 0);
	KUNIT_EXPECT_EQ(test, pci_device_bind_driver(p1, &edu_driver), 0);
	pci_msi_disabled = false;
	e0 = edu_get(0);
	e1 = edu_get(1);
	if (!e0 || !e1 || e0->pdev != p0 || e1->pdev != p1) {
		kunit_fail(test, __FILE__, __LINE__, "the edu driver did not take both back");
		goto out;
	}
	KUNIT_EXPECT_FALSE(test, p0->msi_enabled || p1->msi_enabled);
	if (e0->irq != e1->irq) {
		kunit_fail(test, __FILE__, __LINE__, "slots 4 and 8 share a PIRQ link, yet edu0 "
			   "is on IRQ %d and edu1 on IRQ %d", e0->irq, e1->irq);
		goto out;
	}
	desc = irq_to_desc((unsigned int)e0->irq);
	irqs0 = e0->irqs;
	irqs1 = e1->irqs;
	unhandled = desc->irqs_unhandled;
	KUNIT_EXPECT_TRUE(test, edu_raise_and_wait(e1));
	KUNIT_EXPECT_EQ(test, e1->irqs - irqs1, 1);
	KUNIT_EXPECT_EQ(test, e0->irqs - irqs0, 0);
	KUNIT_EXPECT_EQ(test, e1->last_raise, RAISE_BIT);
	KUNIT_EXPECT_EQ(test, mmio_read32(e1->regs + EDU_IRQ_STATUS), 0);
	KUNIT_EXPECT_EQ(test, desc->irqs_unhandled - unhandled, 0);
	KUNIT_EXPECT_TRUE(test, edu_raise_and_wait(e0));
	KUNIT_EXPECT_EQ(test, e0->irqs - irqs0, 1);
	KUNIT_EXPECT_EQ(test, e1->irqs - irqs1, 1);
out:
	/* Acknowledge whatever a wrong handler left raised, then back to MSI. */
	mmio_write32(regs0 + EDU_IRQ_ACK, ~0u);
	mmio_write32(regs1 + EDU_IRQ_ACK, ~0u);
	pci_device_release_driver(p1);
	pci_device_release_driver(p0);
	(void)pci_device_bind_driver(p0, &edu_driver);
	(void)pci_device_bind_driver(p1, &edu_driver);
}

static struct kunit_case pci_edu_cases[] = {
	KUNIT_CASE(test_edu_driver_takes_msi_under_the_ioapic),
	KUNIT_CASE(test_msi_message_names_the_vector_and_the_cpu),
	KUNIT_CASE(test_msi_raise_arrives_once_and_is_acked),
	KUNIT_CASE(test_msi_follows_its_affinity),
	KUNIT_CASE(test_intx_reaches_its_line),
	KUNIT_CASE(test_intx_behind_a_bridge_is_swizzled),
	KUNIT_CASE(test_alloc_chooses_msi_or_falls_back),
	KUNIT_CASE(test_shared_intx_line_each_handler_takes_its_own),
	{}
};
kunit_test_suite(pci_edu, pci_edu_cases, .named_only = true);
