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

struct drm_duet_operand duet_op(uint32_t handle, uint64_t offset,
				uint64_t length)
{
	return (struct drm_duet_operand){
		.handle = handle, .offset = offset, .length = length,
	};
}

static struct drm_duet_cmd cmd(uint32_t opcode)
{
	struct drm_duet_cmd c;

	memset(&c, 0, sizeof(c));
	c.opcode = opcode;
	return c;
}

struct drm_duet_cmd duet_cmd_copy(struct drm_duet_operand dst,
				  struct drm_duet_operand src)
{
	struct drm_duet_cmd c = cmd(DRM_DUET_CMD_COPY);

	c.op[0] = dst;
	c.op[1] = src;
	return c;
}

struct drm_duet_cmd duet_cmd_fill(struct drm_duet_operand dst, uint32_t value)
{
	struct drm_duet_cmd c = cmd(DRM_DUET_CMD_FILL);

	c.op[0] = dst;
	c.arg[0] = value;
	return c;
}

struct drm_duet_cmd duet_cmd_spin(uint32_t usecs)
{
	struct drm_duet_cmd c = cmd(DRM_DUET_CMD_SPIN);

	c.arg[0] = usecs;
	return c;
}

struct drm_duet_cmd duet_cmd_vadd(struct drm_duet_operand dst,
				  struct drm_duet_operand a,
				  struct drm_duet_operand b, uint32_t count)
{
	struct drm_duet_cmd c = cmd(DRM_DUET_CMD_VADD);

	c.op[0] = dst;
	c.op[1] = a;
	c.op[2] = b;
	c.arg[0] = count;
	return c;
}

struct drm_duet_cmd duet_cmd_saxpy(struct drm_duet_operand y,
				   struct drm_duet_operand x, uint32_t count,
				   float alpha)
{
	struct drm_duet_cmd c = cmd(DRM_DUET_CMD_SAXPY);

	c.op[0] = y;
	c.op[1] = x;
	c.arg[0] = count;
	memcpy(&c.arg[1], &alpha, sizeof(alpha));
	return c;
}

struct drm_duet_cmd duet_cmd_gemm(struct drm_duet_operand cm,
				  struct drm_duet_operand a,
				  struct drm_duet_operand b, uint32_t m,
				  uint32_t n, uint32_t k, uint32_t lda,
				  uint32_t ldb, uint32_t ldc)
{
	struct drm_duet_cmd c = cmd(DRM_DUET_CMD_GEMM);

	c.op[0] = cm;
	c.op[1] = a;
	c.op[2] = b;
	c.arg[0] = m;
	c.arg[1] = n;
	c.arg[2] = k;
	c.arg[3] = lda;
	c.arg[4] = ldb;
	c.arg[5] = ldc;
	return c;
}

struct drm_duet_cmd duet_cmd_fill_rect(struct drm_duet_operand dst,
				       uint32_t stride, uint32_t format,
				       uint32_t x, uint32_t y, uint32_t w,
				       uint32_t h, uint32_t argb)
{
	struct drm_duet_cmd c = cmd(DRM_DUET_CMD_FILL_RECT);
	const uint32_t args[] = { stride, format, x, y, w, h, argb };

	c.op[0] = dst;
	memcpy(c.arg, args, sizeof(args));
	return c;
}

struct drm_duet_cmd duet_cmd_blit(struct drm_duet_operand dst,
				  uint32_t dst_stride, uint32_t dst_format,
				  uint32_t dst_x, uint32_t dst_y,
				  struct drm_duet_operand src,
				  uint32_t src_stride, uint32_t src_format,
				  uint32_t src_x, uint32_t src_y,
				  uint32_t w, uint32_t h)
{
	struct drm_duet_cmd c = cmd(DRM_DUET_CMD_BLIT);
	const uint32_t args[] = {
		dst_stride, dst_format, dst_x, dst_y,
		src_stride, src_format, src_x, src_y, w, h,
	};

	c.op[0] = dst;
	c.op[1] = src;
	memcpy(c.arg, args, sizeof(args));
	return c;
}

int __duet_submit(int fd, enum duet_node_kind node, uint32_t engine,
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

uint32_t duet_submit(int fd, enum duet_node_kind node, uint32_t engine,
		     const struct drm_duet_cmd *cmds, uint32_t n)
{
	struct drm_duet_sync out = { .handle = duet_syncobj_create(fd) };
	int err = __duet_submit(fd, node, engine, cmds, n, NULL, 0, out);

	igt_assert_f(!err, "%s SUBMIT to engine %u: %s\n",
		     duet_node_names[node], engine, strerror(-err));
	return out.handle;
}

static uint64_t param(int fd, enum duet_node_kind node, uint32_t p,
		      uint32_t index)
{
	return node == DUET_NODE_ACCEL ? duet_accel_get_param(fd, p, index) :
					 duet_render_get_param(fd, p, index);
}

uint32_t duet_num_engines(int fd, enum duet_node_kind node)
{
	return param(fd, node, DRM_DUET_PARAM_NUM_ENGINES, 0);
}

uint32_t duet_engine_class(int fd, enum duet_node_kind node, uint32_t engine)
{
	return param(fd, node, DRM_DUET_PARAM_ENGINE_CLASS, engine);
}

uint32_t duet_find_engine(int fd, enum duet_node_kind node, uint32_t class,
			  unsigned int nth)
{
	uint32_t n = duet_num_engines(fd, node);

	for (uint32_t e = 0; e < n; e++)
		if (duet_engine_class(fd, node, e) == class && !nth--)
			return e;
	igt_skip("%s node has no such engine (class %u)\n",
		 duet_node_names[node], class);
	return 0;
}

uint32_t duet_syncobj_create(int fd)
{
	struct drm_syncobj_create args = { 0 };

	do_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &args);
	return args.handle;
}

void duet_syncobj_destroy(int fd, uint32_t handle)
{
	struct drm_syncobj_destroy args = { .handle = handle };

	do_ioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &args);
}

static int64_t abs_timeout_ns(unsigned int timeout_ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec +
	       (int64_t)timeout_ms * 1000000ll;
}

int duet_syncobj_wait(int fd, uint32_t handle, uint64_t point,
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

int duet_syncobj_export_sync_file(int fd, uint32_t handle)
{
	struct drm_syncobj_handle args = {
		.handle = handle,
		.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE,
		.fd = -1,
	};

	do_ioctl(fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &args);
	return args.fd;
}

int duet_sync_file_wait(int sync_file, unsigned int timeout_ms)
{
	struct pollfd pfd = { .fd = sync_file, .events = POLLIN };
	struct sync_file_info info = { 0 };

	igt_assert(poll(&pfd, 1, timeout_ms) >= 0);
	igt_assert_eq(ioctl(sync_file, SYNC_IOC_FILE_INFO, &info), 0);
	return info.status;
}

int duet_syncobj_error(int fd, uint32_t handle)
{
	int sync_file = duet_syncobj_export_sync_file(fd, handle);
	int status = duet_sync_file_wait(sync_file, 0);

	close(sync_file);
	igt_assert_f(status != 0, "fence still active\n");
	return status < 0 ? status : 0;
}

uint32_t duet_syncobj_transfer(int from_fd, uint32_t handle, int to_fd)
{
	struct drm_syncobj_handle exp = { .handle = handle, .fd = -1 };
	struct drm_syncobj_handle imp = { 0 };

	do_ioctl(from_fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &exp);
	imp.fd = exp.fd;
	do_ioctl(to_fd, DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &imp);
	close(exp.fd);
	return imp.handle;
}

struct duet_buf duet_buf_new(int fd, enum duet_node_kind node, uint64_t size)
{
	struct duet_buf buf = { .handle = duet_bo_create(fd, node, size) };

	buf.map = duet_bo_map(fd, node, buf.handle, &buf.size);
	return buf;
}

void duet_buf_free(int fd, struct duet_buf *buf)
{
	munmap(buf->map, buf->size);
	duet_bo_close(fd, buf->handle);
}

struct drm_duet_operand duet_buf_op(const struct duet_buf *buf)
{
	return duet_op(buf->handle, 0, buf->size);
}

void duet_run(int fd, enum duet_node_kind node, uint32_t engine,
	      const struct drm_duet_cmd *cmds, uint32_t n)
{
	uint32_t sync = duet_submit(fd, node, engine, cmds, n);

	igt_assert_eq(duet_syncobj_wait(fd, sync, 0, DUET_WAIT_MS), 0);
	igt_assert_eq(duet_syncobj_error(fd, sync), 0);
	duet_syncobj_destroy(fd, sync);
}

void duet_fill_floats(float *f, unsigned int n, float seed)
{
	for (unsigned int i = 0; i < n; i++)
		f[i] = seed + (float)(i % 97) * 0.25f - (float)(i % 13);
}

int64_t duet_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ll + ts.tv_nsec / 1000000;
}
