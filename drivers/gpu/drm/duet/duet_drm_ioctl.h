/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_DRM_IOCTL_H__
#define __DUET_DRM_IOCTL_H__

struct drm_device;
struct drm_file;

int duet_drm_bo_create_ioctl(struct drm_device *drm, void *data,
			     struct drm_file *file);
int duet_drm_bo_info_ioctl(struct drm_device *drm, void *data,
			   struct drm_file *file);
int duet_drm_submit_ioctl(struct drm_device *drm, void *data,
			  struct drm_file *file);
int duet_drm_get_param_ioctl(struct drm_device *drm, void *data,
			     struct drm_file *file);

#endif /* __DUET_DRM_IOCTL_H__ */
