// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet accel driver
 *
 * duet_accel binds the ``duet_core.accel`` auxiliary device of a Duet card
 * and registers a DRM device with DRIVER_COMPUTE_ACCEL, which gives
 * userspace a ``/dev/accel/accel*`` node and nothing under ``/dev/dri``.
 * DRIVER_COMPUTE_ACCEL excludes DRIVER_RENDER, which is why the card is
 * split into two drivers on the auxiliary bus. The accel node sees only the
 * compute engines, which it shares with the render node.
 *
 * Lifetimes are as in the render driver: the DRM device outlives the
 * auxiliary device while files are open, and remove() unplugs it so that
 * every later ioctl fails with -ENODEV and CPU mappings are zapped. The
 * ioctls, buffer objects, PRIME, submission contexts and fdinfo are
 * duet_core's one implementation, shared with the render driver.
 */

#include <drm/drm_accel.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>
#include <linux/module.h>
#include <uapi/drm/duet_accel.h>

#include "duet_accel_drv.h"

static const struct drm_ioctl_desc duet_accel_ioctls[] = {
	DRM_IOCTL_DEF_DRV(DUET_ACCEL_GET_PARAM, duet_core_get_param_ioctl, 0),
	DRM_IOCTL_DEF_DRV(DUET_ACCEL_BO_CREATE, duet_core_bo_create_ioctl, 0),
	DRM_IOCTL_DEF_DRV(DUET_ACCEL_BO_INFO, duet_core_bo_info_ioctl, 0),
	DRM_IOCTL_DEF_DRV(DUET_ACCEL_SUBMIT, duet_core_submit_ioctl, 0),
};

static const struct file_operations duet_accel_fops = {
	.owner = THIS_MODULE,
	DRM_ACCEL_FOPS,
	.show_fdinfo = drm_show_fdinfo,
};

static const struct drm_driver duet_accel_driver = {
	.driver_features = DRIVER_COMPUTE_ACCEL | DRIVER_GEM | DRIVER_SYNCOBJ |
			   DRIVER_SYNCOBJ_TIMELINE,
	.open = duet_core_open,
	.postclose = duet_core_postclose,
	.ioctls = duet_accel_ioctls,
	.num_ioctls = ARRAY_SIZE(duet_accel_ioctls),
	.fops = &duet_accel_fops,
	.gem_prime_import = duet_core_gem_prime_import,
	.show_fdinfo = duet_core_show_fdinfo,
	.name = DRIVER_NAME,
	.desc = DRIVER_DESC,
	.major = 1,
	.minor = 0,
};

static int duet_accel_probe(struct auxiliary_device *auxdev,
			    const struct auxiliary_device_id *id)
{
	struct duet_accel_device *adev;
	int ret;

	adev = devm_drm_dev_alloc(&auxdev->dev, &duet_accel_driver,
				  struct duet_accel_device, drm);
	if (IS_ERR(adev))
		return PTR_ERR(adev);

	duet_core_node_dev_init(&adev->node, &adev->drm,
				to_duet_core_adev(auxdev)->core,
				DUET_CORE_NODE_ACCEL);
	auxiliary_set_drvdata(auxdev, adev);

	ret = drm_dev_register(&adev->drm, 0);
	if (ret)
		return ret;

	duet_accel_dbg(adev, "accel node with %u engines\n",
		       adev->node.num_engines);
	return 0;
}

static void duet_accel_remove(struct auxiliary_device *auxdev)
{
	struct duet_accel_device *adev = auxiliary_get_drvdata(auxdev);

	drm_dev_unplug(&adev->drm);
	duet_bo_unmap_all(&adev->drm);
}

static const struct auxiliary_device_id duet_accel_id_table[] = {
	{ .name = "duet_core." DUET_CORE_ADEV_ACCEL },
	{ }
};
MODULE_DEVICE_TABLE(auxiliary, duet_accel_id_table);

static struct auxiliary_driver duet_accel_aux_driver = {
	.probe = duet_accel_probe,
	.remove = duet_accel_remove,
	.id_table = duet_accel_id_table,
};
module_auxiliary_driver(duet_accel_aux_driver);

MODULE_IMPORT_NS("DUET_CORE");
MODULE_DESCRIPTION(DRIVER_DESC);
MODULE_AUTHOR("The Duet authors");
MODULE_LICENSE("GPL");
