// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * libduet: SUBMIT and syncobjs.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/sync_file.h>
#include <xf86drm.h>

#include "duet_drm.h"
#include "duet_priv.h"

DUET_PUBLIC int duet_syncobj_create(struct duet_dev *dev, uint32_t *handle)
{
	struct drm_syncobj_create args = { 0 };
	int ret;

	if (!dev || !handle)
		return -EINVAL;
	ret = duet_ioctl(dev->fd, DRM_IOCTL_SYNCOBJ_CREATE, &args);
	if (!ret)
		*handle = args.handle;
	return ret;
}

DUET_PUBLIC int duet_syncobj_destroy(struct duet_dev *dev, uint32_t handle)
{
	struct drm_syncobj_destroy args = { .handle = handle };

	if (!dev)
		return -EINVAL;
	return duet_ioctl(dev->fd, DRM_IOCTL_SYNCOBJ_DESTROY, &args);
}

DUET_PUBLIC int duet_submit(struct duet_dev *dev, uint32_t engine,
			    const struct drm_duet_cmd *cmds, uint32_t num_cmds,
			    const uint32_t *in_syncs, uint32_t num_in,
			    uint32_t out_sync)
{
	struct drm_duet_sync in[DRM_DUET_MAX_SYNCS] = { 0 };
	struct drm_duet_submit args = {
		.engine = engine,
		.commands = (uintptr_t)cmds,
		.num_commands = num_cmds,
		.num_in_syncs = num_in,
		.in_syncs = (uintptr_t)in,
		.out_sync = { .handle = out_sync },
	};
	uint32_t i;

	if (!dev || (num_in && !in_syncs))
		return -EINVAL;
	if (num_in > DRM_DUET_MAX_SYNCS)
		return -EINVAL;
	for (i = 0; i < num_in; i++)
		in[i].handle = in_syncs[i];
	return duet_ioctl(dev->fd, dev->ioc->submit, &args);
}

static int64_t abs_timeout(int64_t timeout_ns)
{
	struct timespec now;
	int64_t t;

	clock_gettime(CLOCK_MONOTONIC, &now);
	t = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
	if (timeout_ns > INT64_MAX - t)
		return INT64_MAX;
	return t + timeout_ns;
}

DUET_PUBLIC int duet_wait(struct duet_dev *dev, const uint32_t *handles,
			  uint32_t count, int64_t timeout_ns)
{
	struct drm_syncobj_wait args = {
		.handles = (uintptr_t)handles,
		.count_handles = count,
		.timeout_nsec = abs_timeout(timeout_ns < 0 ? 0 : timeout_ns),
		.flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL |
			 DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT,
	};
	int ret;

	if (!dev || !count || !handles)
		return -EINVAL;
	/* Not duet_ioctl(): restarting after EINTR is fine with an
	 * absolute timeout, but report -ETIME as is. */
	do {
		ret = ioctl(dev->fd, DRM_IOCTL_SYNCOBJ_WAIT, &args);
	} while (ret == -1 && errno == EINTR);
	return ret ? -errno : 0;
}

DUET_PUBLIC int duet_syncobj_status(struct duet_dev *dev, uint32_t handle)
{
	struct drm_syncobj_handle args = {
		.handle = handle,
		.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE,
		.fd = -1,
	};
	struct sync_file_info info = { 0 };
	int ret;

	if (!dev)
		return -EINVAL;
	ret = duet_ioctl(dev->fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &args);
	if (ret)
		return ret;
	ret = ioctl(args.fd, SYNC_IOC_FILE_INFO, &info) ? -errno : 0;
	close(args.fd);
	if (ret)
		return ret;
	if (info.status == 0)
		return -EBUSY;
	return info.status < 0 ? info.status : 0;
}

DUET_PUBLIC int duet_run(struct duet_dev *dev, uint32_t engine,
			 const struct drm_duet_cmd *cmds, uint32_t num_cmds,
			 int64_t timeout_ns)
{
	uint32_t sync;
	int ret;

	ret = duet_syncobj_create(dev, &sync);
	if (ret)
		return ret;
	ret = duet_submit(dev, engine, cmds, num_cmds, NULL, 0, sync);
	if (!ret)
		ret = duet_wait(dev, &sync, 1, timeout_ns);
	if (!ret)
		ret = duet_syncobj_status(dev, sync);
	duet_syncobj_destroy(dev, sync);
	return ret;
}
