/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_ACCEL_IOCTL_H__
#define __DUET_ACCEL_IOCTL_H__

struct drm_device;
struct drm_file;

int duet_accel_bo_create_ioctl(struct drm_device *drm, void *data,
			       struct drm_file *file);
int duet_accel_bo_info_ioctl(struct drm_device *drm, void *data,
			     struct drm_file *file);
int duet_accel_submit_ioctl(struct drm_device *drm, void *data,
			    struct drm_file *file);
int duet_accel_get_param_ioctl(struct drm_device *drm, void *data,
			       struct drm_file *file);

#endif /* __DUET_ACCEL_IOCTL_H__ */
