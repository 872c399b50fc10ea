// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet core driver
 *
 * duet_core is the PCI driver of a Duet card. It owns everything that is
 * the card: BARs, MSI-X vectors, command rings and engine reset, and it
 * exposes the card to userspace only through two auxiliary devices bound
 * by the render driver (duet_drm) and the accel driver (duet_accel).
 *
 * Probe is a sequence of device-managed steps, so a failure at any step
 * unwinds the earlier ones and removal is their exact reverse:
 *
 * 1. enable the PCI function,
 * 2. map BAR0 and BAR2's header and validate the header (-ENODEV for a
 *    plain ivshmem device),
 * 3. enable bus mastering and install MSI-X handlers,
 * 4. reset and test every engine's ring, create its scheduler,
 * 5. create the VRAM pool and map VRAM write-combined,
 * 6. create the card's debugfs directory,
 * 7. create the gfx and accel auxiliary devices.
 *
 * There is no remove callback: removal releases the managed resources in
 * reverse, auxiliary devices first, then interrupts, vectors and mappings.
 *
 * &struct duet_core itself is reference counted: the bound card holds one
 * reference and every open context another (duet_ctx.c), because a
 * context's scheduler entities must be torn down against live schedulers
 * even when its file is closed after the card is gone. The last reference
 * finalises the schedulers and frees the structure. drm_sched_fini() waits
 * for the schedulers' workers, so that reference is never dropped in one
 * of them: contexts, which jobs freed by the scheduler release, are
 * released on duet_core_wq, which the module drains before it goes.
 */

#include <linux/module.h>

#include "duet_core_aux.h"
#include "duet_core_debugfs.h"
#include "duet_core_drv.h"
#include "duet_core_gart.h"
#include "duet_core_hw.h"
#include "duet_core_irq.h"
#include "duet_core_ring.h"
#include "duet_core_sched.h"
#include "duet_core_sysfs.h"
#include "duet_core_trace.h"
#include "duet_core_vram.h"

/**
 * duet_core_get() - take a reference on a card
 * @core: the card
 *
 * Return: @core
 */
struct duet_core *duet_core_get(struct duet_core *core)
{
	kref_get(&core->ref);
	return core;
}

struct workqueue_struct *duet_core_wq;

static void duet_core_release(struct kref *ref)
{
	struct duet_core *core = container_of(ref, struct duet_core, ref);
	unsigned int id;

	trace_duet_core_release(core->pdev);
	duet_core_sched_fini(core);
	for (id = 0; id < DUET_CORE_MAX_ENGINES; id++) {
		struct duet_core_engine *engine = &core->engines[id];

		if (!engine->tl)
			continue;
		mutex_destroy(&engine->ring_lock);
		/* Fences may keep the timeline a while longer. */
		duet_fence_timeline_put(engine->tl);
	}
	mutex_destroy(&core->reset_lock);
	pci_dev_put(core->pdev);
	kfree(core);
}

/**
 * duet_core_put() - drop a reference on a card
 * @core: the card
 *
 * Must be called from process context, and not from a worker of the
 * card's schedulers.
 */
void duet_core_put(struct duet_core *core)
{
	kref_put(&core->ref, duet_core_release);
}

static void duet_core_put_action(void *core)
{
	duet_core_put(core);
}

static int duet_core_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct duet_core *core;
	int ret;

	core = kzalloc_obj(*core, GFP_KERNEL);
	if (!core)
		return -ENOMEM;
	kref_init(&core->ref);
	mutex_init(&core->reset_lock);
	core->pdev = pci_dev_get(pdev);

	/* Registered first, so the card's reference is dropped last. */
	ret = devm_add_action_or_reset(&pdev->dev, duet_core_put_action, core);
	if (ret)
		return ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	ret = duet_core_hw_init(core);
	if (ret)
		return ret;

	pci_set_master(pdev);

	ret = duet_core_irq_init(core);
	if (ret)
		return ret;

	ret = duet_core_ring_init(core);
	if (ret)
		return ret;

	/*
	 * Before the schedulers: on removal, devres tears down in reverse,
	 * so the engines are reset before the GART and the VRAM pool go.
	 */
	ret = duet_core_vram_init(core);
	if (ret)
		return ret;

	ret = duet_core_gart_init(core);
	if (ret)
		return ret;

	ret = duet_core_sched_init(core);
	if (ret)
		return ret;

	ret = duet_core_debugfs_init(core);
	if (ret)
		return ret;

	pci_set_drvdata(pdev, core);

	ret = duet_core_aux_init(core);
	if (ret)
		return ret;

	duet_core_info(core, "Duet %u.%u, %u engines, %llu MiB VRAM, %llu MiB GART\n",
		       DUET_HW_VERSION_GET_MAJOR(core->info.hw_version),
		       core->info.hw_version & 0xffff, core->info.num_engines,
		       core->info.vram_size >> 20,
		       core->gart ? duet_gart_size(core->gart) >> 20 : 0);
	return 0;
}

static const struct pci_device_id duet_core_pci_ids[] = {
	{ PCI_DEVICE(DUET_PCI_VENDOR_ID, DUET_PCI_DEVICE_ID) },
	{ }
};
MODULE_DEVICE_TABLE(pci, duet_core_pci_ids);

static struct pci_driver duet_core_pci_driver = {
	.name = DRIVER_NAME,
	.id_table = duet_core_pci_ids,
	.probe = duet_core_probe,
	.dev_groups = duet_core_sysfs_groups,
};

static int __init duet_core_init(void)
{
	int ret;

	duet_core_wq = alloc_workqueue("duet_core", WQ_UNBOUND, 0);
	if (!duet_core_wq)
		return -ENOMEM;
	duet_core_debugfs_module_init();

	ret = pci_register_driver(&duet_core_pci_driver);
	if (ret) {
		duet_core_debugfs_module_exit();
		destroy_workqueue(duet_core_wq);
	}
	return ret;
}

static void __exit duet_core_exit(void)
{
	pci_unregister_driver(&duet_core_pci_driver);
	/* Contexts released after their card: let the releases finish. */
	destroy_workqueue(duet_core_wq);
	duet_core_debugfs_module_exit();
}

module_init(duet_core_init);
module_exit(duet_core_exit);

MODULE_IMPORT_NS("DMA_BUF");
MODULE_DESCRIPTION("Duet card core: PCI device, rings and auxiliary devices");
MODULE_AUTHOR("The Duet authors");
MODULE_LICENSE("GPL");
