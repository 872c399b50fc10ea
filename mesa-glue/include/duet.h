/* SPDX-License-Identifier: MIT */
/*
 * Copyright 2026 The Duet authors
 *
 * libduet: userspace access to Duet cards, in the style of libdrm's driver
 * libraries (libdrm_amdgpu, ...). One API drives both of a card's nodes:
 * the render node (/dev/dri/renderD*, driver "duet") and the accel node
 * (/dev/accel/accel*, driver "duet_accel"). Their uAPIs have identical
 * structures under different ioctl numbers; a struct duet_dev remembers
 * which node it has open and issues the right ones.
 *
 * Conventions: every function returning int returns 0 (or a non-negative
 * count) on success and a negative errno on failure; it never prints.
 * Functions are thread-safe as long as a struct duet_dev is not closed
 * while in use. GEM handles and syncobj handles belong to the duet_dev
 * (the open file) they were created on.
 *
 * Build with `pkg-config --cflags --libs libduet`.
 */
#ifndef DUET_H
#define DUET_H

#include <stddef.h>
#include <stdint.h>

#include "duet_common.h"	/* struct drm_duet_cmd, DRM_DUET_CMD_*, formats */

#ifdef __cplusplus
extern "C" {
#endif

/** enum duet_node_type - which node of a card a duet_dev has open */
enum duet_node_type {
	DUET_NODE_RENDER = 0,	/* /dev/dri/renderD*: graphics + compute */
	DUET_NODE_ACCEL = 1,	/* /dev/accel/accel*: compute only */
};

/* Bits of duet_enumerate()'s @nodes: which sysfs classes to scan. */
#define DUET_ENUM_RENDER	(1u << DUET_NODE_RENDER)
#define DUET_ENUM_ACCEL		(1u << DUET_NODE_ACCEL)
#define DUET_ENUM_ALL		(DUET_ENUM_RENDER | DUET_ENUM_ACCEL)

#define DUET_PATH_MAX 256

/**
 * struct duet_card - one Duet card as found in sysfs
 * @pci_slot: PCI address of the card, e.g. "0000:01:00.0"
 * @render: device node path of the render node, "" if absent or not scanned
 * @accel: device node path of the accel node, "" if absent or not scanned
 */
struct duet_card {
	char pci_slot[32];
	char render[DUET_PATH_MAX];
	char accel[DUET_PATH_MAX];
};

/**
 * duet_enumerate() - list Duet cards from sysfs, without opening any node
 * @cards: array to fill, ordered by PCI address
 * @max: size of @cards
 * @nodes: DUET_ENUM_* bits: scan /sys/class/drm (render), /sys/class/accel
 *	(accel) or both. A render-only client passes DUET_ENUM_RENDER and so
 *	never looks at the accel class.
 *
 * A render node belongs to Duet when its sysfs device is a PCI function
 * bound to "duet_core"; an accel node when its device is an auxiliary
 * device bound to "duet_accel" whose parent is such a function.
 *
 * Return: number of cards found (at most @max), or -errno.
 */
int duet_enumerate(struct duet_card *cards, int max, unsigned int nodes);

/** struct duet_dev - an open Duet node (opaque) */
struct duet_dev;

/**
 * duet_dev_open() - open node @type of the @card'th Duet card
 * (in duet_enumerate() order). -ENODEV if there is no such card or node.
 */
int duet_dev_open(int card, enum duet_node_type type, struct duet_dev **dev);

/**
 * duet_dev_open_path() - open a node by its device path; the node type is
 * taken from the driver name DRM_IOCTL_VERSION reports ("duet" or
 * "duet_accel"). -ENODEV if the node is not a Duet node.
 */
int duet_dev_open_path(const char *path, struct duet_dev **dev);

/**
 * duet_dev_from_fd() - wrap an already open node; @fd is duplicated (with
 * close-on-exec), the caller keeps its own.
 */
int duet_dev_from_fd(int fd, struct duet_dev **dev);

/** duet_dev_close() - close the node; its handles and mappings' files go */
void duet_dev_close(struct duet_dev *dev);

/** duet_dev_fd() - the node's file descriptor, owned by @dev */
int duet_dev_fd(const struct duet_dev *dev);

/** duet_dev_node() - which node @dev has open */
enum duet_node_type duet_dev_node(const struct duet_dev *dev);

/** duet_node_name() - "render" or "accel" */
const char *duet_node_name(enum duet_node_type type);

/* ----------------------------------------------------------- queries */

/** Parameters of duet_query(); the same numbers on both nodes. */
enum duet_param {
	DUET_PARAM_HW_VERSION = 0,	/* (major << 16) | minor */
	DUET_PARAM_VRAM_SIZE = 1,	/* usable VRAM, bytes */
	DUET_PARAM_NUM_ENGINES = 2,	/* engines this node can use */
	DUET_PARAM_ENGINE_CLASS = 3,	/* class of engine @index */
	DUET_PARAM_VRAM_AVAILABLE = 4,	/* free VRAM, bytes */
};

/** Engine classes (DUET_PARAM_ENGINE_CLASS). */
enum duet_engine_class {
	DUET_ENGINE_GRAPHICS = 0,	/* render node only */
	DUET_ENGINE_COMPUTE = 1,	/* shared by both nodes */
};

/**
 * duet_query() - GET_PARAM: @param for engine @index (0 for parameters
 * that take no index) into @value.
 */
int duet_query(struct duet_dev *dev, uint32_t param, uint32_t index,
	       uint64_t *value);

/**
 * duet_find_engine() - index of the @nth (from 0) engine of class @cls
 * on this node, or -ENOENT.
 */
int duet_find_engine(struct duet_dev *dev, enum duet_engine_class cls,
		     unsigned int nth);

/* ------------------------------------------------------ buffer objects */

/** struct duet_bo_info - what BO_INFO reports about a buffer */
struct duet_bo_info {
	uint64_t size;
	uint64_t mmap_offset;
	uint64_t device_address;	/* informational only */
};

/**
 * duet_bo_create() - allocate @size bytes of VRAM (zero-filled); the
 * page-aligned allocated size goes to @alloc_size if it is not NULL.
 */
int duet_bo_create(struct duet_dev *dev, uint64_t size, uint32_t *handle,
		   uint64_t *alloc_size);

/** duet_bo_info() - BO_INFO of @handle */
int duet_bo_info(struct duet_dev *dev, uint32_t handle,
		 struct duet_bo_info *info);

/**
 * duet_bo_map() - map the whole buffer read/write, shared; its size goes
 * to @size. Undo with duet_bo_unmap(*ptr, *size).
 */
int duet_bo_map(struct duet_dev *dev, uint32_t handle, void **ptr,
		uint64_t *size);

/** duet_bo_unmap() - unmap what duet_bo_map() mapped */
int duet_bo_unmap(void *ptr, uint64_t size);

/** duet_bo_close() - drop the handle (GEM_CLOSE) */
int duet_bo_close(struct duet_dev *dev, uint32_t handle);

/**
 * duet_bo_export() - export @handle as a dma-buf (close-on-exec, read and
 * write) into @dmabuf_fd, which the caller closes.
 */
int duet_bo_export(struct duet_dev *dev, uint32_t handle, int *dmabuf_fd);

/** duet_bo_import() - import a dma-buf (from either node, or elsewhere) */
int duet_bo_import(struct duet_dev *dev, int dmabuf_fd, uint32_t *handle);

/* ------------------------------------------------------------ commands */

/** duet_op() - an operand: the window [@offset, @offset+@length) of @handle */
struct drm_duet_operand duet_op(uint32_t handle, uint64_t offset,
				uint64_t length);

struct drm_duet_cmd duet_cmd_copy(struct drm_duet_operand dst,
				  struct drm_duet_operand src);
struct drm_duet_cmd duet_cmd_fill(struct drm_duet_operand dst,
				  uint32_t value);
/* SPIN: keep the engine busy @usecs (tests, scheduling experiments). */
struct drm_duet_cmd duet_cmd_spin(uint32_t usecs);
struct drm_duet_cmd duet_cmd_vadd(struct drm_duet_operand dst,
				  struct drm_duet_operand a,
				  struct drm_duet_operand b, uint32_t count);
struct drm_duet_cmd duet_cmd_saxpy(struct drm_duet_operand y,
				   struct drm_duet_operand x, uint32_t count,
				   float alpha);
/* C (M x N) = A (M x K) * B (K x N); strides in bytes. */
struct drm_duet_cmd duet_cmd_gemm(struct drm_duet_operand c,
				  struct drm_duet_operand a,
				  struct drm_duet_operand b, uint32_t m,
				  uint32_t n, uint32_t k, uint32_t lda,
				  uint32_t ldb, uint32_t ldc);
struct drm_duet_cmd duet_cmd_fill_rect(struct drm_duet_operand dst,
				       uint32_t stride, uint32_t format,
				       uint32_t x, uint32_t y, uint32_t w,
				       uint32_t h, uint32_t argb);
struct drm_duet_cmd duet_cmd_blit(struct drm_duet_operand dst,
				  uint32_t dst_stride, uint32_t dst_format,
				  uint32_t dst_x, uint32_t dst_y,
				  struct drm_duet_operand src,
				  uint32_t src_stride, uint32_t src_format,
				  uint32_t src_x, uint32_t src_y,
				  uint32_t w, uint32_t h);

/* ------------------------------------------------ submission and sync */

/** duet_syncobj_create() - a new binary syncobj, unsignalled */
int duet_syncobj_create(struct duet_dev *dev, uint32_t *handle);

/** duet_syncobj_destroy() - drop a syncobj handle */
int duet_syncobj_destroy(struct duet_dev *dev, uint32_t handle);

/**
 * duet_submit() - run @num_cmds commands, in order, on @engine of this node
 * @in_syncs: @num_in syncobj handles (binary) to wait for first; may be NULL
 * @out_sync: syncobj to signal when the job is done, 0 for none
 *
 * Buffers shared through dma-buf are also ordered implicitly.
 */
int duet_submit(struct duet_dev *dev, uint32_t engine,
		const struct drm_duet_cmd *cmds, uint32_t num_cmds,
		const uint32_t *in_syncs, uint32_t num_in, uint32_t out_sync);

/**
 * duet_wait() - wait until all @count syncobjs have signalled (or been
 * submitted and signalled), at most @timeout_ns (relative; INT64_MAX for
 * ever). -ETIME on timeout.
 */
int duet_wait(struct duet_dev *dev, const uint32_t *handles, uint32_t count,
	      int64_t timeout_ns);

/**
 * duet_syncobj_status() - the error the signalled fence of @handle carries:
 * 0 for success, a negative errno for a failed job (-ETIMEDOUT after a
 * reset, -ECANCELED, ...), -EBUSY if it has not signalled yet.
 */
int duet_syncobj_status(struct duet_dev *dev, uint32_t handle);

/**
 * duet_run() - submit and wait: a convenience for simple clients. Creates
 * a syncobj, submits, waits up to @timeout_ns and returns the job's status
 * (duet_syncobj_status()) or the submit/wait error.
 */
int duet_run(struct duet_dev *dev, uint32_t engine,
	     const struct drm_duet_cmd *cmds, uint32_t num_cmds,
	     int64_t timeout_ns);

#ifdef __cplusplus
}
#endif

#endif /* DUET_H */
