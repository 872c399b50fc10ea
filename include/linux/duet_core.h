/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __LINUX_DUET_CORE_H__
#define __LINUX_DUET_CORE_H__

/**
 * DOC: Duet parent/child contract
 *
 * duet_core is the PCI driver that owns a Duet card. For every card it
 * creates two auxiliary devices:
 *
 * - ``duet_core.gfx.<id>``, bound by duet_drm (DRIVER_RENDER), and
 * - ``duet_core.accel.<id>``, bound by duet_accel (DRIVER_COMPUTE_ACCEL),
 *
 * where ``<id>`` is ``(PCI domain << 16) | PCI BDF`` of the card, so several
 * cards coexist. Each auxiliary device is embedded in a &struct
 * duet_core_adev whose @core member is the children's only handle on the
 * card. The functions declared here are exported in the ``DUET_CORE``
 * symbol namespace and are the only way children reach the parent; they
 * never look inside &struct duet_core.
 *
 * Lifetime: the parent deletes both auxiliary devices before it releases
 * any card resource. A child may keep its &struct drm_device (and so its
 * @core pointer) after its auxiliary device is gone, because userspace can
 * still hold file descriptors; it must therefore call into the parent only
 * inside drm_dev_enter()/drm_dev_exit(), which fails once the child has
 * called drm_dev_unplug() from its remove callback.
 */

#include <linux/auxiliary_bus.h>
#include <linux/types.h>

struct dma_buf;
struct drm_device;
struct drm_file;
struct drm_gem_object;
struct drm_printer;
struct duet_core;

#define DUET_CORE_ADEV_GFX		"gfx"
#define DUET_CORE_ADEV_ACCEL		"accel"

#define DUET_CORE_MAX_ENGINES		8

/**
 * enum duet_core_node - which child a buffer is accounted to
 * @DUET_CORE_NODE_RENDER: the render node (duet_drm)
 * @DUET_CORE_NODE_ACCEL: the accel node (duet_accel)
 * @DUET_CORE_NODE_COUNT: number of nodes
 */
enum duet_core_node {
	DUET_CORE_NODE_RENDER,
	DUET_CORE_NODE_ACCEL,
	DUET_CORE_NODE_COUNT,
};

/**
 * struct duet_core_adev - an auxiliary device of a Duet card
 * @adev: the auxiliary device; its name selects the child driver
 * @core: the card; valid while the auxiliary device is bound
 */
struct duet_core_adev {
	struct auxiliary_device adev;
	struct duet_core *core;
};

static inline struct duet_core_adev *
to_duet_core_adev(struct auxiliary_device *adev)
{
	return container_of(adev, struct duet_core_adev, adev);
}

/**
 * struct duet_core_node_dev - a child's DRM device, as duet_core sees it
 * @core: the card
 * @node: which node the device is
 * @num_engines: engines the node may use
 * @engine_map: hardware engine id of each of the node's engine indices
 *
 * Each child embeds one, sets it up with duet_core_node_dev_init() (which
 * points &drm_device.dev_private at it) and registers the duet_core
 * handlers below in its &drm_driver.
 */
struct duet_core_node_dev {
	struct duet_core *core;
	enum duet_core_node node;
	unsigned int num_engines;
	unsigned int engine_map[DUET_CORE_MAX_ENGINES];
};

void duet_core_node_dev_init(struct duet_core_node_dev *nd,
			     struct drm_device *drm, struct duet_core *core,
			     enum duet_core_node node);

int duet_core_get_param_ioctl(struct drm_device *drm, void *data,
			      struct drm_file *file);
int duet_core_bo_create_ioctl(struct drm_device *drm, void *data,
			      struct drm_file *file);
int duet_core_bo_info_ioctl(struct drm_device *drm, void *data,
			    struct drm_file *file);
int duet_core_submit_ioctl(struct drm_device *drm, void *data,
			   struct drm_file *file);

int duet_core_open(struct drm_device *drm, struct drm_file *file);
void duet_core_postclose(struct drm_device *drm, struct drm_file *file);
struct drm_gem_object *duet_core_gem_prime_import(struct drm_device *drm,
						  struct dma_buf *dma_buf);
void duet_core_show_fdinfo(struct drm_printer *p, struct drm_file *file);
void duet_bo_unmap_all(struct drm_device *drm);

#endif /* __LINUX_DUET_CORE_H__ */
