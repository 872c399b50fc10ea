// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet accel ioctls
 *
 * Every ioctl validates all of its input, including flags and padding,
 * before it looks at the device, and reaches the card only between
 * drm_dev_enter() and drm_dev_exit(): once the auxiliary device is unbound
 * the ioctls fail with -ENODEV while the file stays valid.
 */

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <uapi/drm/duet_accel.h>

#include "duet_accel_drv.h"
#include "duet_accel_ioctl.h"

/**
 * duet_accel_bo_create_ioctl() - DRM_IOCTL_DUET_ACCEL_BO_CREATE
 * @drm: the accel device
 * @data: &struct drm_duet_accel_bo_create
 * @file: the caller's file
 *
 * Return: 0 with a new handle, or a negative error code as documented in
 * the uAPI header.
 */
int duet_accel_bo_create_ioctl(struct drm_device *drm, void *data,
			       struct drm_file *file)
{
	struct drm_duet_accel_bo_create *args = data;

	if (args->flags || args->handle)
		return -EINVAL;

	return duet_bo_create_handle(file, to_duet_accel_device(drm)->core, DUET_CORE_NODE_ACCEL,
				     &args->size, &args->handle);
}

/**
 * duet_accel_bo_info_ioctl() - DRM_IOCTL_DUET_ACCEL_BO_INFO
 * @drm: the accel device
 * @data: &struct drm_duet_accel_bo_info
 * @file: the caller's file
 *
 * Return: 0, or a negative error code as documented in the uAPI header.
 */
int duet_accel_bo_info_ioctl(struct drm_device *drm, void *data,
			     struct drm_file *file)
{
	struct drm_duet_accel_bo_info *args = data;

	if (args->flags)
		return -EINVAL;

	return duet_bo_info(file, args->handle, &args->size,
			    &args->mmap_offset, &args->device_address);
}

/**
 * duet_accel_submit_ioctl() - DRM_IOCTL_DUET_ACCEL_SUBMIT
 * @drm: the accel device
 * @data: &struct drm_duet_accel_submit
 * @file: the caller's file
 *
 * Maps the node's engine index to the hardware engine and hands the job to
 * duet_core's shared submission code.
 *
 * Return: 0 once the job is queued, or a negative error code as documented
 * in the uAPI header.
 */
int duet_accel_submit_ioctl(struct drm_device *drm, void *data,
			    struct drm_file *file)
{
	struct duet_accel_device *adev = to_duet_accel_device(drm);
	struct drm_duet_accel_submit *args = data;
	struct duet_submit_args job = {
		.commands = args->commands,
		.num_commands = args->num_commands,
		.in_syncs = args->in_syncs,
		.num_in_syncs = args->num_in_syncs,
		.out_sync = args->out_sync,
	};
	int idx, ret;

	if (args->flags || args->engine >= adev->num_engines)
		return -EINVAL;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	ret = duet_submit(file, file->driver_priv,
			  adev->engine_map[args->engine], &job);
	drm_dev_exit(idx);
	return ret;
}

/**
 * duet_accel_get_param_ioctl() - DRM_IOCTL_DUET_ACCEL_GET_PARAM
 * @drm: the accel device
 * @data: &struct drm_duet_accel_get_param
 * @file: the caller's file
 *
 * Return: 0 with &drm_duet_accel_get_param.value filled in, or a negative
 * error code as documented in the uAPI header.
 */
int duet_accel_get_param_ioctl(struct drm_device *drm, void *data,
			       struct drm_file *file)
{
	struct duet_accel_device *adev = to_duet_accel_device(drm);
	struct drm_duet_accel_get_param *args = data;
	int idx, ret;

	if (args->flags || args->pad)
		return -EINVAL;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	ret = duet_core_get_param(adev->core, adev->engine_map,
				  adev->num_engines, args->param, args->index,
				  &args->value);
	drm_dev_exit(idx);
	return ret;
}
