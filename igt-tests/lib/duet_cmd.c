// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <poll.h>

#include <drm.h>
#include <linux/sync_file.h>

#include "igt_subset.h"
#include "duet_cmd.h"
#include "duet_igt.h"

_Static_assert(sizeof(struct drm_duet_submit) ==
	       sizeof(struct drm_duet_accel_submit), "SUBMIT layouts");

static int ioctl_err(int fd, unsigned long request, void *arg)
{
	return igt_ioctl(fd, request, arg) ? -errno : 0;
}

int __igt_duet_submit(int fd, enum duet_node_type node, uint32_t engine,
		  const struct drm_duet_cmd *cmds, uint32_t n,
		  const struct drm_duet_sync *in, uint32_t n_in,
		  struct drm_duet_sync out)
{
	struct drm_duet_submit args = {
		.engine = engine,
		.commands = (uintptr_t)cmds,
		.num_commands = n,
		.in_syncs = (uintptr_t)in,
		.num_in_syncs = n_in,
		.out_sync = out,
	};

	return ioctl_err(fd, node == DUET_NODE_ACCEL ?
			 DRM_IOCTL_DUET_ACCEL_SUBMIT : DRM_IOCTL_DUET_SUBMIT,
			 &args);
}

uint32_t igt_duet_submit(int fd, enum duet_node_type node, uint32_t engine,
			 const struct drm_duet_cmd *cmds, uint32_t n)
{
	struct duet_dev *dev = igt_duet_dev(fd);
	uint32_t out = 0;
	int err;

	igt_assert_eq(duet_syncobj_create(dev, &out), 0);
	err = duet_submit(dev, engine, cmds, n, NULL, 0, out);
	duet_dev_close(dev);
	igt_assert_f(!err, "%s SUBMIT to engine %u: %s\n",
		     igt_duet_node_names[node], engine, strerror(-err));
	return out;
}

static uint64_t param(int fd, enum duet_node_type node, uint32_t p,
		      uint32_t index)
{
	struct duet_dev *dev = igt_duet_dev(fd);
	uint64_t value = 0;
	int err = duet_query(dev, p, index, &value);

	igt_assert_eq(duet_dev_node(dev), node);
	duet_dev_close(dev);
	igt_assert_f(!err, "GET_PARAM %u/%u: %s\n", p, index, strerror(-err));
	return value;
}

uint32_t igt_duet_num_engines(int fd, enum duet_node_type node)
{
	return param(fd, node, DUET_PARAM_NUM_ENGINES, 0);
}

uint32_t igt_duet_engine_class(int fd, enum duet_node_type node, uint32_t engine)
{
	return param(fd, node, DUET_PARAM_ENGINE_CLASS, engine);
}

uint32_t igt_duet_find_engine(int fd, enum duet_node_type node, uint32_t class,
			      unsigned int nth)
{
	struct duet_dev *dev = igt_duet_dev(fd);
	int engine = duet_find_engine(dev, class, nth);

	duet_dev_close(dev);
	if (engine < 0)
		igt_skip("%s node has no such engine (class %u)\n",
			 igt_duet_node_names[node], class);
	return engine;
}

uint32_t igt_duet_syncobj_create(int fd)
{
	struct duet_dev *dev = igt_duet_dev(fd);
	uint32_t handle = 0;

	igt_assert_eq(duet_syncobj_create(dev, &handle), 0);
	duet_dev_close(dev);
	return handle;
}

void igt_duet_syncobj_destroy(int fd, uint32_t handle)
{
	struct duet_dev *dev = igt_duet_dev(fd);

	igt_assert_eq(duet_syncobj_destroy(dev, handle), 0);
	duet_dev_close(dev);
}

static int64_t abs_timeout_ns(unsigned int timeout_ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec +
	       (int64_t)timeout_ms * 1000000ll;
}

int igt_duet_syncobj_wait(int fd, uint32_t handle, uint64_t point,
		      unsigned int timeout_ms)
{
	struct drm_syncobj_timeline_wait args = {
		.handles = (uintptr_t)&handle,
		.points = (uintptr_t)&point,
		.timeout_nsec = abs_timeout_ns(timeout_ms),
		.count_handles = 1,
		.flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT,
	};

	return ioctl_err(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &args);
}

int igt_duet_syncobj_export_sync_file(int fd, uint32_t handle)
{
	struct drm_syncobj_handle args = {
		.handle = handle,
		.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE,
		.fd = -1,
	};

	do_ioctl(fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &args);
	return args.fd;
}

int __igt_duet_sync_file_wait(int sync_file, unsigned int timeout_ms,
			      int *status)
{
	struct pollfd pfd = { .fd = sync_file, .events = POLLIN };
	struct sync_file_info info = { 0 };

	if (poll(&pfd, 1, timeout_ms) < 0 ||
	    ioctl(sync_file, SYNC_IOC_FILE_INFO, &info))
		return -errno;
	*status = info.status;
	return 0;
}

int igt_duet_sync_file_wait(int sync_file, unsigned int timeout_ms)
{
	int status, err = __igt_duet_sync_file_wait(sync_file, timeout_ms, &status);

	igt_assert_f(!err, "waiting on sync_file %d: %s\n", sync_file, strerror(-err));
	return status;
}

int64_t igt_duet_syncobj_timestamp_ns(int fd, uint32_t handle)
{
	struct sync_fence_info fence = { 0 };
	struct sync_file_info info = {
		.num_fences = 1,
		.sync_fence_info = (uintptr_t)&fence,
	};
	int sync_file = igt_duet_syncobj_export_sync_file(fd, handle);

	do_ioctl(sync_file, SYNC_IOC_FILE_INFO, &info);
	close(sync_file);
	igt_assert_f(info.status == 1 && fence.status == 1,
		     "syncobj %u has not signalled (or failed)\n", handle);
	return fence.timestamp_ns;
}

int igt_duet_syncobj_error(int fd, uint32_t handle)
{
	struct duet_dev *dev = igt_duet_dev(fd);
	int status = duet_syncobj_status(dev, handle);

	duet_dev_close(dev);
	igt_assert_f(status != -EBUSY, "fence still active\n");
	return status;
}

uint32_t igt_duet_syncobj_transfer(int from_fd, uint32_t handle, int to_fd)
{
	struct drm_syncobj_handle exp = { .handle = handle, .fd = -1 };
	struct drm_syncobj_handle imp = { 0 };

	do_ioctl(from_fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &exp);
	imp.fd = exp.fd;
	do_ioctl(to_fd, DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &imp);
	close(exp.fd);
	return imp.handle;
}

struct igt_duet_buf igt_duet_buf_new(int fd, enum duet_node_type node, uint64_t size)
{
	struct igt_duet_buf buf = { .handle = igt_duet_bo_create(fd, node, size) };

	buf.map = igt_duet_bo_map(fd, node, buf.handle, &buf.size);
	return buf;
}

void igt_duet_buf_free(int fd, struct igt_duet_buf *buf)
{
	munmap(buf->map, buf->size);
	igt_duet_bo_close(fd, buf->handle);
}

struct drm_duet_operand igt_duet_buf_op(const struct igt_duet_buf *buf)
{
	return duet_op(buf->handle, 0, buf->size);
}

void igt_duet_run(int fd, enum duet_node_type node, uint32_t engine,
		  const struct drm_duet_cmd *cmds, uint32_t n)
{
	struct duet_dev *dev = igt_duet_dev(fd);
	int err = duet_run(dev, engine, cmds, n, DUET_WAIT_MS * 1000000ll);

	duet_dev_close(dev);
	igt_assert_f(!err, "%s job on engine %u: %s\n", igt_duet_node_names[node],
		     engine, strerror(-err));
}

void igt_duet_fill_floats(float *f, unsigned int n, float seed)
{
	for (unsigned int i = 0; i < n; i++)
		f[i] = seed + (float)(i % 97) * 0.25f - (float)(i % 13);
}

int64_t igt_duet_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ll + ts.tv_nsec / 1000000;
}
