// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet render ioctls
 *
 * Every ioctl validates all of its input, including flags and padding,
 * before it looks at the device, and reaches the card only between
 * drm_dev_enter() and drm_dev_exit(): once the auxiliary device is unbound
 * the ioctls fail with -ENODEV while the file stays valid.
 */

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <uapi/drm/duet_drm.h>

#include "duet_drm_drv.h"
#include "duet_drm_ioctl.h"

/**
 * duet_drm_bo_create_ioctl() - DRM_IOCTL_DUET_BO_CREATE
 * @drm: the render device
 * @data: &struct drm_duet_bo_create
 * @file: the caller's file
 *
 * Return: 0 with a new handle, or a negative error code as documented in
 * the uAPI header.
 */
int duet_drm_bo_create_ioctl(struct drm_device *drm, void *data,
			     struct drm_file *file)
{
	struct drm_duet_bo_create *args = data;

	if (args->flags || args->handle)
		return -EINVAL;

	return duet_bo_create_handle(file, to_duet_drm_device(drm)->core,
				     DUET_CORE_NODE_RENDER, &args->size,
				     &args->handle);
}

/**
 * duet_drm_bo_info_ioctl() - DRM_IOCTL_DUET_BO_INFO
 * @drm: the render device
 * @data: &struct drm_duet_bo_info
 * @file: the caller's file
 *
 * Return: 0, or a negative error code as documented in the uAPI header.
 */
int duet_drm_bo_info_ioctl(struct drm_device *drm, void *data,
			   struct drm_file *file)
{
	struct drm_duet_bo_info *args = data;

	if (args->flags)
		return -EINVAL;

	return duet_bo_info(file, args->handle, &args->size,
			    &args->mmap_offset, &args->device_address);
}

/**
 * duet_drm_submit_ioctl() - DRM_IOCTL_DUET_SUBMIT
 * @drm: the render device
 * @data: &struct drm_duet_submit
 * @file: the caller's file
 *
 * Maps the node's engine index to the hardware engine and hands the job to
 * duet_core's shared submission code.
 *
 * Return: 0 once the job is queued, or a negative error code as documented
 * in the uAPI header.
 */
int duet_drm_submit_ioctl(struct drm_device *drm, void *data,
			  struct drm_file *file)
{
	struct duet_drm_device *ddev = to_duet_drm_device(drm);
	struct drm_duet_submit *args = data;
	struct duet_submit_args job = {
		.commands = args->commands,
		.num_commands = args->num_commands,
		.in_syncs = args->in_syncs,
		.num_in_syncs = args->num_in_syncs,
		.out_sync = args->out_sync,
	};
	int idx, ret;

	if (args->flags || args->engine >= ddev->num_engines)
		return -EINVAL;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	ret = duet_submit(file, file->driver_priv,
			  ddev->engine_map[args->engine], &job);
	drm_dev_exit(idx);
	return ret;
}

/**
 * duet_drm_get_param_ioctl() - DRM_IOCTL_DUET_GET_PARAM
 * @drm: the render device
 * @data: &struct drm_duet_get_param
 * @file: the caller's file
 *
 * Return: 0 with &drm_duet_get_param.value filled in, or a negative error
 * code as documented in the uAPI header.
 */
int duet_drm_get_param_ioctl(struct drm_device *drm, void *data,
			     struct drm_file *file)
{
	struct duet_drm_device *ddev = to_duet_drm_device(drm);
	struct drm_duet_get_param *args = data;
	const struct duet_core_info *info;
	int idx, ret = 0;

	if (args->flags || args->pad)
		return -EINVAL;
	if (args->param != DRM_DUET_PARAM_ENGINE_CLASS && args->index)
		return -EINVAL;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;

	info = duet_core_get_info(ddev->core);
	switch (args->param) {
	case DRM_DUET_PARAM_HW_VERSION:
		args->value = info->hw_version;
		break;
	case DRM_DUET_PARAM_VRAM_SIZE:
		args->value = info->vram_size;
		break;
	case DRM_DUET_PARAM_VRAM_AVAILABLE:
		args->value = duet_core_vram_available(ddev->core);
		break;
	case DRM_DUET_PARAM_NUM_ENGINES:
		args->value = ddev->num_engines;
		break;
	case DRM_DUET_PARAM_ENGINE_CLASS:
		if (args->index >= ddev->num_engines) {
			ret = -ENOENT;
			break;
		}
		args->value = info->engine_class[ddev->engine_map[args->index]] ==
			      DUET_CORE_ENGINE_GRAPHICS ?
			      DRM_DUET_ENGINE_CLASS_GRAPHICS :
			      DRM_DUET_ENGINE_CLASS_COMPUTE;
		break;
	default:
		ret = -EINVAL;
		break;
	}

	drm_dev_exit(idx);
	return ret;
}
