/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_ACCEL_DRV_H__
#define __DUET_ACCEL_DRV_H__

#include <drm/drm_device.h>
#include <drm/drm_print.h>
#include <linux/duet_core.h>

#define DRIVER_NAME	"duet_accel"
#define DRIVER_DESC	"Duet compute accelerator driver"

#define duet_accel_dbg(adev, fmt, ...) \
	drm_dbg_driver(&(adev)->drm, fmt, ##__VA_ARGS__)

/**
 * struct duet_accel_device - the compute side of a Duet card
 * @drm: the DRM device, with an accel node
 * @node: what duet_core knows of this node; &drm_device.dev_private points
 *        here
 */
struct duet_accel_device {
	struct drm_device drm;
	struct duet_core_node_dev node;
};

#endif /* __DUET_ACCEL_DRV_H__ */
