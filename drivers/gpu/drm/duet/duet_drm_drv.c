// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet render driver
 *
 * duet_drm binds the ``duet_core.gfx`` auxiliary device of a Duet card and
 * registers a DRM device with DRIVER_RENDER, which gives userspace a
 * ``/dev/dri/renderD*`` node (and, as for every non-accel DRM driver, a
 * primary node without KMS). It owns only its DRM device, its files and
 * their handles; the card itself belongs to duet_core.
 *
 * The DRM device's parent is the card's PCI function, not the auxiliary
 * device this driver binds to. Userspace graphics stacks find GPUs by bus:
 * libdrm's drmGetDevices2() (and with it Mesa's EGL and Vulkan device
 * enumeration) reads the bus of ``/sys/class/drm/renderD<N>/device`` and
 * drops devices on buses it does not know, such as ``auxiliary``. With the
 * PCI function as parent the render node is listed as the PCI GPU it is.
 * The accel node keeps its auxiliary device as parent: accel userspace does
 * not enumerate through libdrm, and there the split is visible as it is.
 *
 * Because the parent is not the bound device, the DRM device cannot be
 * devres-managed by its parent (it would live until the whole card goes):
 * it is allocated with drm_dev_alloc(), its reference is dropped by a
 * devres action of the auxiliary device, and the driver's state hangs off
 * &drm_device.dev_private, allocated with drmm_kzalloc(). It is released
 * when the last file is closed after the auxiliary device went away.
 * remove() calls drm_dev_unplug(),
 * after which every ioctl fails with -ENODEV and nothing reaches the card,
 * and zaps the CPU mappings of its buffers (later faults get a dummy page).
 *
 * Everything behind the node (ioctls, buffer objects, PRIME, submission
 * contexts, fdinfo) is duet_core's one implementation, shared with the
 * accel driver (see duet_core_node.c); this driver only chooses the
 * features, the ioctl numbers and what it binds to.
 */

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_managed.h>
#include <linux/module.h>
#include <uapi/drm/duet_drm.h>

#include "duet_drm_drv.h"

static const struct drm_ioctl_desc duet_drm_ioctls[] = {
	DRM_IOCTL_DEF_DRV(DUET_GET_PARAM, duet_core_get_param_ioctl,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(DUET_BO_CREATE, duet_core_bo_create_ioctl,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(DUET_BO_INFO, duet_core_bo_info_ioctl,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(DUET_SUBMIT, duet_core_submit_ioctl, DRM_RENDER_ALLOW),
};

static const struct file_operations duet_drm_fops = {
	.owner = THIS_MODULE,
	DRM_GEM_FOPS,
	.show_fdinfo = drm_show_fdinfo,
};

static const struct drm_driver duet_drm_driver = {
	.driver_features = DRIVER_RENDER | DRIVER_GEM | DRIVER_SYNCOBJ |
			   DRIVER_SYNCOBJ_TIMELINE,
	.open = duet_core_open,
	.postclose = duet_core_postclose,
	.ioctls = duet_drm_ioctls,
	.num_ioctls = ARRAY_SIZE(duet_drm_ioctls),
	.fops = &duet_drm_fops,
	.gem_prime_import = duet_core_gem_prime_import,
	.show_fdinfo = duet_core_show_fdinfo,
	.name = DRIVER_NAME,
	.desc = DRIVER_DESC,
	.major = 1,
	.minor = 0,
};

static void duet_drm_put(void *drm)
{
	drm_dev_put(drm);
}

static int duet_drm_probe(struct auxiliary_device *adev,
			  const struct auxiliary_device_id *id)
{
	struct duet_drm_device *ddev;
	struct drm_device *drm;
	int ret;

	/* The card's PCI function; see the DOC comment above. */
	drm = drm_dev_alloc(&duet_drm_driver, adev->dev.parent);
	if (IS_ERR(drm))
		return PTR_ERR(drm);

	ret = devm_add_action_or_reset(&adev->dev, duet_drm_put, drm);
	if (ret)
		return ret;

	ddev = drmm_kzalloc(drm, sizeof(*ddev), GFP_KERNEL);
	if (!ddev)
		return -ENOMEM;
	ddev->drm = drm;
	duet_core_node_dev_init(&ddev->node, drm, to_duet_core_adev(adev)->core,
				DUET_CORE_NODE_RENDER);
	auxiliary_set_drvdata(adev, ddev);

	ret = drm_dev_register(drm, 0);
	if (ret)
		return ret;

	duet_drm_dbg(ddev, "render node with %u engines\n",
		     ddev->node.num_engines);
	return 0;
}

static void duet_drm_remove(struct auxiliary_device *adev)
{
	struct duet_drm_device *ddev = auxiliary_get_drvdata(adev);

	drm_dev_unplug(ddev->drm);
	duet_bo_unmap_all(ddev->drm);
}

static const struct auxiliary_device_id duet_drm_id_table[] = {
	{ .name = "duet_core." DUET_CORE_ADEV_GFX },
	{ }
};
MODULE_DEVICE_TABLE(auxiliary, duet_drm_id_table);

static struct auxiliary_driver duet_drm_aux_driver = {
	.probe = duet_drm_probe,
	.remove = duet_drm_remove,
	.id_table = duet_drm_id_table,
};
module_auxiliary_driver(duet_drm_aux_driver);

MODULE_IMPORT_NS("DUET_CORE");
MODULE_DESCRIPTION(DRIVER_DESC);
MODULE_AUTHOR("The Duet authors");
MODULE_LICENSE("GPL");
