/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_ACCEL_DRV_H__
#define __DUET_ACCEL_DRV_H__

#include <drm/drm_device.h>
#include <linux/duet_core.h>

#define DRIVER_NAME	"duet_accel"
#define DRIVER_DESC	"Duet compute accelerator driver"

#define duet_accel_dbg(adev, fmt, ...) \
	drm_dbg_driver(&(adev)->drm, fmt, ##__VA_ARGS__)

/**
 * struct duet_accel_device - the compute side of a Duet card
 * @drm: the DRM device, with an accel node
 * @core: the card; use only inside drm_dev_enter()/drm_dev_exit()
 * @num_engines: compute engines this node exposes
 * @engine_map: hardware engine id of each node engine index
 */
struct duet_accel_device {
	struct drm_device drm;
	struct duet_core *core;
	unsigned int num_engines;
	unsigned int engine_map[DUET_CORE_MAX_ENGINES];
};

static inline struct duet_accel_device *
to_duet_accel_device(struct drm_device *drm)
{
	return container_of(drm, struct duet_accel_device, drm);
}

#endif /* __DUET_ACCEL_DRV_H__ */
