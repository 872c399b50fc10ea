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
	int idx, ret;

	if (args->flags || args->pad)
		return -EINVAL;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	ret = duet_core_get_param(ddev->core, ddev->engine_map,
				  ddev->num_engines, args->param, args->index,
				  &args->value);
	drm_dev_exit(idx);
	return ret;
}
