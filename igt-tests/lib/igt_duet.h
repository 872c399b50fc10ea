/* SPDX-License-Identifier: MIT */
/*
 * Copyright 2026 The Duet authors
 *
 * igt_duet: Duet's IGT library, in the shape of IGT's igt_v3d and
 * igt_panfrost: plain wrappers of the uAPI ioctls of both nodes (the
 * render node's DRM_IOCTL_DUET_* and the accel node's
 * DRM_IOCTL_DUET_ACCEL_*, which share their structure layouts), and what
 * IGT lacks for a device that is two drivers: finding a card's render node
 * (/dev/dri/renderD*, driver duet_drm) and accel node (/dev/accel/accel*,
 * driver duet_accel) in sysfs, binding and unbinding them, reading the
 * card's sysfs and debugfs files. It needs only libigt and libdrm's
 * headers.
 *
 * Cards are found at run time: every PCI function with Duet's IDs is a
 * card when it is bound to duet_core, a card that failed to come up when
 * it is not bound but its shared-memory BAR holds a Duet header, and plain
 * ivshmem otherwise. The list is rescanned on every call, so node names
 * are current after an unbind/rebind.
 *
 * Functions without leading underscores assert success; __ variants
 * return 0 or -errno. A node argument says which node @fd is.
 */
#ifndef IGT_DUET_H
#define IGT_DUET_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "duet_accel.h"
#include "duet_common.h"
#include "duet_drm.h"

#define DUET_DRM_MAJOR		226
#define DUET_ACCEL_MAJOR	261
#define DUET_PCI_VENDOR		0x1af4	/* ivshmem-doorbell */
#define DUET_PCI_DEVICE		0x1110

#define DUET_PCI_DRIVER		"duet_core"
#define DUET_RENDER_DRIVER	"duet_drm"
#define DUET_ACCEL_DRIVER	"duet_accel"

#define IGT_DUET_MAX_CARDS	8
/* How long the helpers wait for a job. */
#define IGT_DUET_WAIT_MS	10000

/* Which node of a card. */
enum igt_duet_node_type {
	IGT_DUET_RENDER = 0,
	IGT_DUET_ACCEL = 1,
};

extern const char *const igt_duet_node_names[];

/*
 * One node of a card in sysfs; name[0] is '\0' when the card lacks it. The
 * render node's device (@sysdev) is the card's PCI function, so that libdrm
 * lists it as a PCI GPU; the accel node's is the auxiliary device
 * duet_accel is bound to. @aux is the auxiliary device of the node's
 * driver either way.
 */
struct igt_duet_node {
	char name[NAME_MAX + 1];	/* "renderD129", "accel0" */
	char dev[NAME_MAX + 16];	/* "/dev/dri/renderD129" */
	char sysdev[PATH_MAX];		/* realpath of the node's device link */
	char aux[PATH_MAX];		/* realpath of the auxiliary device */
};

/* One Duet card. */
struct igt_duet_card {
	char pci_path[PATH_MAX];	/* realpath of the PCI function */
	uint64_t bar_size;		/* its shared-memory BAR (2) */
	struct igt_duet_node render;
	struct igt_duet_node accel;
};

/* What the PCI bus holds (igt_duet_scan()). */
struct igt_duet_bus {
	int cards;		/* functions bound to duet_core */
	int missing;		/* unbound, with a Duet header: failed to probe */
	int plain;		/* unbound, no Duet header: plain ivshmem */
	int other;		/* bound to another driver */
	struct igt_duet_card card[IGT_DUET_MAX_CARDS];	/* PCI order */
	char missing_path[PATH_MAX];	/* the first missing card */
};

/* Scan the PCI bus; fails the test only if sysfs cannot be read. */
void igt_duet_scan(struct igt_duet_bus *bus);

/*
 * The number of Duet cards. Fails the test if a PCI function with a Duet
 * header is not bound to duet_core (its card or modules are missing);
 * skips if there is no Duet device at all.
 */
int igt_duet_require_cards(void);
/* The number of cards bound to duet_core, without any check. */
int igt_duet_card_count(void);
/* Card @card; fails the test if there is no such card. */
struct igt_duet_card igt_duet_get_card(int card);

/*
 * Open card @card's render / accel node O_RDWR. A missing node or card
 * fails the test.
 */
int igt_duet_open_render(int card);
int igt_duet_open_accel(int card);
int igt_duet_open_node(int card, enum igt_duet_node_type node);
/* Open @path O_RDWR|O_CLOEXEC; asserts it opened. */
int igt_duet_open_path(const char *path);

/* GET_PARAM. */
int __igt_duet_get_param(int fd, enum igt_duet_node_type node,
			 uint32_t param, uint32_t index, uint64_t *value);
uint64_t igt_duet_get_param(int fd, enum igt_duet_node_type node,
			    uint32_t param, uint32_t index);
int __igt_duet_render_get_param(int fd, struct drm_duet_get_param *p);
int __igt_duet_accel_get_param(int fd, struct drm_duet_accel_get_param *p);
uint64_t igt_duet_render_get_param(int fd, uint32_t param, uint32_t index);
uint64_t igt_duet_accel_get_param(int fd, uint32_t param, uint32_t index);
uint64_t igt_duet_vram_size(int fd, enum igt_duet_node_type node);
uint64_t igt_duet_vram_available(int fd, enum igt_duet_node_type node);
/* DRM_DUET_PARAM_GART_SIZE and _AVAILABLE: system memory the card maps. */
uint64_t igt_duet_gart_size(int fd, enum igt_duet_node_type node);
uint64_t igt_duet_gart_available(int fd, enum igt_duet_node_type node);

/* Engines of a node: count, class, the @nth engine of @class (or skip). */
uint32_t igt_duet_num_engines(int fd, enum igt_duet_node_type node);
uint32_t igt_duet_engine_class(int fd, enum igt_duet_node_type node,
			       uint32_t engine);
uint32_t igt_duet_find_engine(int fd, enum igt_duet_node_type node,
			      uint32_t class, unsigned int nth);

/* DRM_IOCTL_VERSION's driver name into @name; returns 0 or -errno. */
int igt_duet_driver_name(int fd, char *name, int size);

/* Buffer objects. On return *@size is the BO's (page-rounded) size. */
int __igt_duet_bo_create(int fd, enum igt_duet_node_type node,
			 uint64_t *size, uint32_t *handle);
uint32_t igt_duet_bo_create(int fd, enum igt_duet_node_type node,
			    uint64_t size);
/* The same with BO_CREATE flags (DRM_DUET_BO_SYSTEM: system memory). */
int __igt_duet_bo_create_flags(int fd, enum igt_duet_node_type node,
			       uint32_t flags, uint64_t *size, uint32_t *handle);
uint32_t igt_duet_bo_create_system(int fd, enum igt_duet_node_type node,
				   uint64_t size);
int __igt_duet_bo_info(int fd, enum igt_duet_node_type node, uint32_t handle,
		       struct drm_duet_bo_info *info);
struct drm_duet_bo_info igt_duet_bo_info(int fd, enum igt_duet_node_type node,
					 uint32_t handle);
/* mmap() the whole BO shared, read/write; *@size gets its size. */
void *igt_duet_bo_map(int fd, enum igt_duet_node_type node, uint32_t handle,
		      uint64_t *size);
int __igt_duet_bo_close(int fd, uint32_t handle);
void igt_duet_bo_close(int fd, uint32_t handle);

/* PRIME: export @handle as a dma-buf fd; import a dma-buf fd. */
int igt_duet_bo_export(int fd, uint32_t handle);
int __igt_duet_bo_import(int fd, int dmabuf, uint32_t *handle);
uint32_t igt_duet_bo_import(int fd, int dmabuf);

/* A buffer object with its CPU mapping. */
struct igt_duet_buf {
	uint32_t handle;
	uint64_t size;
	void *map;
};

struct igt_duet_buf igt_duet_buf_new(int fd, enum igt_duet_node_type node,
				     uint64_t size);
void igt_duet_buf_free(int fd, struct igt_duet_buf *buf);

/* Commands (see duet_common.h for what they do). */
static inline struct drm_duet_operand
igt_duet_op(uint32_t handle, uint64_t offset, uint64_t length)
{
	return (struct drm_duet_operand){ .handle = handle, .offset = offset,
					  .length = length };
}

/* The whole buffer as an operand window. */
static inline struct drm_duet_operand
igt_duet_buf_op(const struct igt_duet_buf *buf)
{
	return igt_duet_op(buf->handle, 0, buf->size);
}

static inline struct drm_duet_cmd
igt_duet_cmd_copy(struct drm_duet_operand dst, struct drm_duet_operand src)
{
	return (struct drm_duet_cmd){ .opcode = DRM_DUET_CMD_COPY,
				      .op = { dst, src } };
}

static inline struct drm_duet_cmd
igt_duet_cmd_fill(struct drm_duet_operand dst, uint32_t value)
{
	return (struct drm_duet_cmd){ .opcode = DRM_DUET_CMD_FILL,
				      .op = { dst }, .arg = { value } };
}

static inline struct drm_duet_cmd igt_duet_cmd_spin(uint32_t usecs)
{
	return (struct drm_duet_cmd){ .opcode = DRM_DUET_CMD_SPIN,
				      .arg = { usecs } };
}

static inline struct drm_duet_cmd
igt_duet_cmd_vadd(struct drm_duet_operand dst, struct drm_duet_operand a,
		  struct drm_duet_operand b, uint32_t count)
{
	return (struct drm_duet_cmd){ .opcode = DRM_DUET_CMD_VADD,
				      .op = { dst, a, b }, .arg = { count } };
}

static inline struct drm_duet_cmd
igt_duet_cmd_saxpy(struct drm_duet_operand y, struct drm_duet_operand x,
		   uint32_t count, float alpha)
{
	struct drm_duet_cmd c = { .opcode = DRM_DUET_CMD_SAXPY,
				  .op = { y, x }, .arg = { count } };

	memcpy(&c.arg[1], &alpha, sizeof(alpha));
	return c;
}

/* C[m x n] = A[m x k] B[k x n], row strides in elements. */
static inline struct drm_duet_cmd
igt_duet_cmd_gemm(struct drm_duet_operand c, struct drm_duet_operand a,
		  struct drm_duet_operand b, uint32_t m, uint32_t n, uint32_t k,
		  uint32_t lda, uint32_t ldb, uint32_t ldc)
{
	return (struct drm_duet_cmd){ .opcode = DRM_DUET_CMD_GEMM,
				      .op = { c, a, b },
				      .arg = { m, n, k, lda, ldb, ldc } };
}

static inline struct drm_duet_cmd
igt_duet_cmd_fill_rect(struct drm_duet_operand dst, uint32_t stride,
		       uint32_t format, uint32_t x, uint32_t y, uint32_t w,
		       uint32_t h, uint32_t argb)
{
	return (struct drm_duet_cmd){ .opcode = DRM_DUET_CMD_FILL_RECT,
				      .op = { dst },
				      .arg = { stride, format, x, y, w, h, argb } };
}

static inline struct drm_duet_cmd
igt_duet_cmd_blit(struct drm_duet_operand dst, uint32_t dst_stride,
		  uint32_t dst_format, uint32_t dst_x, uint32_t dst_y,
		  struct drm_duet_operand src, uint32_t src_stride,
		  uint32_t src_format, uint32_t src_x, uint32_t src_y,
		  uint32_t w, uint32_t h)
{
	return (struct drm_duet_cmd){ .opcode = DRM_DUET_CMD_BLIT,
				      .op = { dst, src },
				      .arg = { dst_stride, dst_format, dst_x,
					       dst_y, src_stride, src_format,
					       src_x, src_y, w, h } };
}

/*
 * SUBMIT @n commands to @engine of @node. @in (n_in entries) are waited
 * on; @out, if its handle is non-zero, is signalled.
 */
int __igt_duet_submit(int fd, enum igt_duet_node_type node, uint32_t engine,
		      const struct drm_duet_cmd *cmds, uint32_t n,
		      const struct drm_duet_sync *in, uint32_t n_in,
		      struct drm_duet_sync out);
/* Submit, signal a new binary syncobj, and return its handle. */
uint32_t igt_duet_submit(int fd, enum igt_duet_node_type node, uint32_t engine,
			 const struct drm_duet_cmd *cmds, uint32_t n);
/* Submit @n commands to @engine, wait, and assert the job succeeded. */
void igt_duet_run(int fd, enum igt_duet_node_type node, uint32_t engine,
		  const struct drm_duet_cmd *cmds, uint32_t n);

/* Syncobjs. */
uint32_t igt_duet_syncobj_create(int fd);
void igt_duet_syncobj_destroy(int fd, uint32_t handle);
/* Wait for @handle (@point 0: binary); 0 or -ETIME after @timeout_ms. */
int igt_duet_syncobj_wait(int fd, uint32_t handle, uint64_t point,
			  unsigned int timeout_ms);
/* The error the syncobj's fence signalled with (0 for none). */
int igt_duet_syncobj_error(int fd, uint32_t handle);
/* The syncobj's current fence as a sync_file fd. */
int igt_duet_syncobj_export_sync_file(int fd, uint32_t handle);
/* Wait for a sync_file; its status: 1 signalled, 0 active, <0 error. */
int igt_duet_sync_file_wait(int sync_file, unsigned int timeout_ms);
/* The same without asserting (for forked clients): 0 or -errno. */
int __igt_duet_sync_file_wait(int sync_file, unsigned int timeout_ms,
			      int *status);
/*
 * When the syncobj's fence signalled (CLOCK_MONOTONIC ns, the fence's
 * timestamp); asserts it signalled without error.
 */
int64_t igt_duet_syncobj_timestamp_ns(int fd, uint32_t handle);
/* Move a syncobj from one file to another (through an fd). */
uint32_t igt_duet_syncobj_transfer(int from_fd, uint32_t handle, int to_fd);

/*
 * The value of fdinfo key @key of @fd, with drm-usage-stats units applied:
 * memory keys ("drm-total-vram") in bytes (KiB, MiB scaled), engine keys
 * ("drm-engine-compute0") in ns. Asserts the key exists.
 */
uint64_t igt_duet_fdinfo_u64(int fd, const char *key);

/*
 * duet_core's debugfs "engines" line of engine @name of the card at sysfs
 * @pci_path: jobs on its ring now, and its reset counters. Asserts.
 */
struct igt_duet_engine_stats {
	unsigned int on_ring;
	unsigned long long resets, replayed, cancelled;
};

struct igt_duet_engine_stats igt_duet_engine_stats(const char *pci_path,
						   const char *name);

/* Sysfs. */
/* Name of the driver bound to sysfs device @dev, or "" if none. */
void igt_duet_sysfs_driver(const char *dev, char *name, size_t size);
/* Attribute @attr of @dir as an unsigned number; 0 or -errno. */
int igt_duet_sysfs_read_ulong(const char *dir, const char *attr,
			      unsigned long *value);
/* Write @value to sysfs file @path; returns 0 or -errno. */
int igt_duet_sysfs_write(const char *path, const char *value);
/* Last path component of @path. */
const char *igt_duet_basename(const char *path);

/*
 * Bind or unbind @dev (a device name: "duet_core.accel.256",
 * "0000:01:00.0") to/from @driver on @bus ("auxiliary", "pci"); asserts
 * the write succeeded.
 */
void igt_duet_driver_unbind(const char *bus, const char *driver,
			    const char *dev);
void igt_duet_driver_bind(const char *bus, const char *driver,
			  const char *dev);

/* Test data: @n floats derived from @seed, exactly representable. */
void igt_duet_fill_floats(float *f, unsigned int n, float seed);
int64_t igt_duet_now_ms(void);

/*
 * Kernel log checks: igt_duet_kmsg_open() returns a /dev/kmsg fd
 * positioned at the end; igt_duet_kmsg_assert_clean() fails the test if
 * anything logged since then is a WARNING, BUG, Oops, lockdep report or
 * call trace.
 */
int igt_duet_kmsg_open(void);
void igt_duet_kmsg_assert_clean(int kmsg_fd);

/*
 * Declare that this subtest makes the kernel log messages at warning level
 * or worse matching the POSIX ERE @ere (matched against the message text,
 * e.g. "duet_core 0000:01:00.0: render: job 3 timed out"): scripts/igt-run
 * then lists them as expected instead of failing the subtest (dmesg-warn).
 * Prints "duet-igt: expect-kmsg: ERE" on stdout; call it once per pattern,
 * before or after the messages, from the subtest or a child sharing its
 * stdout. Oops, BUG, WARNING:, call traces, lockdep and KASAN reports
 * always fail, declared or not.
 */
void igt_duet_expect_kmsg(const char *ere);

#endif /* IGT_DUET_H */
