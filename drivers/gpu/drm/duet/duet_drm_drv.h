/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_DRM_DRV_H__
#define __DUET_DRM_DRV_H__

#include <drm/drm_device.h>
#include <drm/drm_print.h>
#include <linux/duet_core.h>

#define DRIVER_NAME	"duet"
#define DRIVER_DESC	"Duet render driver"

#define duet_drm_dbg(ddev, fmt, ...) \
	drm_dbg_driver((ddev)->drm, fmt, ##__VA_ARGS__)

/**
 * struct duet_drm_device - the render side of a Duet card
 * @node: what duet_core knows of this node; &drm_device.dev_private points
 *        here
 * @drm: the DRM device, with a render node; its parent is the PCI function
 *       (see the DOC comment in duet_drm_drv.c)
 */
struct duet_drm_device {
	struct duet_core_node_dev node;
	struct drm_device *drm;
};

#endif /* __DUET_DRM_DRV_H__ */
