// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet auxiliary devices
 *
 * A card is split into two auxiliary devices, ``duet_core.gfx.<id>`` for
 * the render driver and ``duet_core.accel.<id>`` for the accel driver,
 * because DRM_COMPUTE_ACCEL and DRIVER_RENDER cannot share one
 * &struct drm_driver. ``<id>`` is built from the PCI domain and BDF, which
 * are unique per card.
 *
 * Each auxiliary device lives in its own allocation, freed by the device's
 * release callback, because a child's &struct drm_device holds a reference
 * on it for as long as userspace keeps the child's files open. The parent
 * creates gfx then accel and registers a device-managed action for each, so
 * removal deletes accel first, then gfx, and only then releases interrupts
 * and BARs.
 */

#include <linux/slab.h>

#include "duet_core_aux.h"
#include "duet_core_drv.h"

static void duet_core_aux_release(struct device *dev)
{
	kfree(to_duet_core_adev(to_auxiliary_dev(dev)));
}

static void duet_core_aux_destroy(void *data)
{
	struct auxiliary_device *adev = data;

	auxiliary_device_delete(adev);
	auxiliary_device_uninit(adev);
}

static int duet_core_aux_create(struct duet_core *core, const char *name)
{
	struct pci_dev *pdev = core->pdev;
	struct duet_core_adev *cadev;
	int ret;

	cadev = kzalloc_obj(*cadev, GFP_KERNEL);
	if (!cadev)
		return -ENOMEM;

	cadev->core = core;
	cadev->adev.name = name;
	cadev->adev.id = (pci_domain_nr(pdev->bus) << 16) | pci_dev_id(pdev);
	cadev->adev.dev.parent = &pdev->dev;
	cadev->adev.dev.release = duet_core_aux_release;

	ret = auxiliary_device_init(&cadev->adev);
	if (ret) {
		kfree(cadev);
		return ret;
	}

	ret = auxiliary_device_add(&cadev->adev);
	if (ret) {
		auxiliary_device_uninit(&cadev->adev);
		return ret;
	}

	return devm_add_action_or_reset(&pdev->dev, duet_core_aux_destroy,
					&cadev->adev);
}

/**
 * duet_core_aux_init() - create the card's two auxiliary devices
 * @core: the fully initialised card
 *
 * Return: 0 on success or a negative error code; on failure nothing is left
 * registered.
 */
int duet_core_aux_init(struct duet_core *core)
{
	int ret;

	ret = duet_core_aux_create(core, DUET_CORE_ADEV_GFX);
	if (ret)
		return ret;

	return duet_core_aux_create(core, DUET_CORE_ADEV_ACCEL);
}
