/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_DRM_DRV_H__
#define __DUET_DRM_DRV_H__

#include <drm/drm_device.h>
#include <linux/duet_core.h>

#define DRIVER_NAME	"duet"
#define DRIVER_DESC	"Duet render driver"

#define duet_drm_dbg(ddev, fmt, ...) \
	drm_dbg_driver((ddev)->drm, fmt, ##__VA_ARGS__)

/**
 * struct duet_drm_device - the render side of a Duet card
 * @drm: the DRM device, with a render node; its parent is the PCI function
 *       (see the DOC comment in duet_drm_drv.c)
 * @core: the card; use only inside drm_dev_enter()/drm_dev_exit()
 * @num_engines: engines this node exposes
 * @engine_map: hardware engine id of each node engine index; the graphics
 *              engine comes first, then the compute engines
 */
struct duet_drm_device {
	struct drm_device *drm;
	struct duet_core *core;
	unsigned int num_engines;
	unsigned int engine_map[DUET_CORE_MAX_ENGINES];
};

static inline struct duet_drm_device *to_duet_drm_device(struct drm_device *drm)
{
	return drm->dev_private;
}

#endif /* __DUET_DRM_DRV_H__ */
