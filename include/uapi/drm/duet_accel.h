/* SPDX-License-Identifier: (GPL-2.0-only WITH Linux-syscall-note) OR MIT */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __UAPI_DUET_ACCEL_H__
#define __UAPI_DUET_ACCEL_H__

#include "drm.h"
#include "duet_common.h"

#if defined(__cplusplus)
extern "C" {
#endif

/**
 * DOC: Duet accel node uAPI
 *
 * The accel driver (``duet_accel``) exposes a Duet card's compute engines
 * on ``/dev/accel/accel*``. They are shared with the render node, which
 * also has the graphics engine; the accel node never sees it. Its ioctl
 * numbers are ``DRM_COMMAND_BASE + 0x20`` to ``+ 0x3f``, disjoint from the
 * render node's, so an ioctl sent to the wrong node is rejected with
 * -EINVAL. Numbers are never reused.
 *
 * Engines are numbered per node: on the accel node engines 0.. are the
 * compute engines. Query them with &DRM_IOCTL_DUET_ACCEL_GET_PARAM.
 */

#define DRM_DUET_ACCEL_GET_PARAM	0x20
#define DRM_DUET_ACCEL_BO_CREATE	0x21
#define DRM_DUET_ACCEL_BO_INFO		0x22
#define DRM_DUET_ACCEL_SUBMIT		0x23

#define DRM_IOCTL_DUET_ACCEL_GET_PARAM \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_DUET_ACCEL_GET_PARAM, \
		 struct drm_duet_accel_get_param)

#define DRM_IOCTL_DUET_ACCEL_BO_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_DUET_ACCEL_BO_CREATE, struct drm_duet_accel_bo_create)
#define DRM_IOCTL_DUET_ACCEL_BO_INFO \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_DUET_ACCEL_BO_INFO, struct drm_duet_accel_bo_info)
#define DRM_IOCTL_DUET_ACCEL_SUBMIT \
	DRM_IOW(DRM_COMMAND_BASE + DRM_DUET_ACCEL_SUBMIT, struct drm_duet_accel_submit)

/*
 * GET_PARAM parameters: the DRM_DUET_PARAM_* of duet_common.h, under the
 * accel node's names. The accel node only has compute engines.
 */
#define DRM_DUET_ACCEL_PARAM_HW_VERSION		DRM_DUET_PARAM_HW_VERSION
#define DRM_DUET_ACCEL_PARAM_VRAM_SIZE		DRM_DUET_PARAM_VRAM_SIZE
#define DRM_DUET_ACCEL_PARAM_NUM_ENGINES	DRM_DUET_PARAM_NUM_ENGINES
#define DRM_DUET_ACCEL_PARAM_ENGINE_CLASS	DRM_DUET_PARAM_ENGINE_CLASS
#define DRM_DUET_ACCEL_PARAM_VRAM_AVAILABLE	DRM_DUET_PARAM_VRAM_AVAILABLE
#define DRM_DUET_ACCEL_PARAM_GART_SIZE		DRM_DUET_PARAM_GART_SIZE
#define DRM_DUET_ACCEL_PARAM_GART_AVAILABLE	DRM_DUET_PARAM_GART_AVAILABLE
#define DRM_DUET_ACCEL_BO_SYSTEM		DRM_DUET_BO_SYSTEM
#define DRM_DUET_ACCEL_ENGINE_CLASS_COMPUTE	DRM_DUET_ENGINE_CLASS_COMPUTE

/**
 * struct drm_duet_accel_get_param - query a device parameter
 *
 * Errors: -EINVAL for an unknown @param, a non-zero @index for a parameter
 * that takes none, non-zero @flags or @pad; -ENOENT for an @index that
 * names no engine of this node; -ENODEV once the device is gone.
 */
struct drm_duet_accel_get_param {
	/** @param: in, one of DRM_DUET_ACCEL_PARAM_* */
	__u32 param;
	/** @index: in, engine index for per-engine parameters, else 0 */
	__u32 index;
	/** @value: out, the parameter's value */
	__u64 value;
	/** @flags: in, must be 0 */
	__u32 flags;
	/** @pad: must be 0 */
	__u32 pad;
};

/**
 * struct drm_duet_accel_bo_create - create a buffer object
 *
 * By default the buffer is one contiguous, page-aligned range of the
 * card's VRAM; with DRM_DUET_ACCEL_BO_SYSTEM it is system memory mapped into
 * one contiguous range of the card's GART aperture. Either way it can be
 * shared with the render node, is filled with zeros before userspace can see
 * it, and is freed when its last handle, mapping and dma-buf are gone
 * (system pages go back to the system only once the device can no longer
 * reach them). Map it with mmap() on this node at
 * &drm_duet_accel_bo_info.mmap_offset: CPU and device see the same bytes (VRAM is
 * mapped write-combined, system memory cached).
 *
 * Errors: -EINVAL for a @size of 0 or larger than VRAM (or, for system
 * memory, than the aperture), unknown @flags or a non-zero @handle;
 * -EOPNOTSUPP for system memory on a card without a GART
 * (DRM_DUET_PARAM_GART_SIZE is 0); -ENOSPC when no contiguous range of
 * @size bytes is free in VRAM or in the aperture; -ENOMEM when the system
 * is out of memory; -EIO while the card is wedged (see SUBMIT), or if the
 * device did not acknowledge the new GART entries; -ERESTARTSYS (EINTR)
 * when a signal interrupts the zeroing or allocation of a large buffer.
 */
struct drm_duet_accel_bo_create {
	/** @size: in: size in bytes; out: the size allocated, page aligned */
	__u64 size;
	/** @flags: in: 0 (VRAM) or DRM_DUET_ACCEL_BO_SYSTEM */
	__u32 flags;
	/** @handle: out: GEM handle of the new buffer; must be 0 on input */
	__u32 handle;
};

/**
 * struct drm_duet_accel_bo_info - describe a buffer object
 *
 * Errors: -ENOENT if @handle names no buffer of this file; -EINVAL for
 * non-zero @flags.
 */
struct drm_duet_accel_bo_info {
	/** @handle: in: GEM handle */
	__u32 handle;
	/** @flags: in, must be 0 */
	__u32 flags;
	/** @size: out: size in bytes */
	__u64 size;
	/** @mmap_offset: out: offset to pass to mmap() on this node */
	__u64 mmap_offset;
	/**
	 * @device_address: out: device address of the first byte. For
	 * information only: commands name memory by handle and offset.
	 */
	__u64 device_address;
};

/**
 * struct drm_duet_accel_submit - submit a job to one engine
 *
 * A job is a list of commands (see ``duet_common.h``) executed in order on
 * one engine of this node; engines 0.. are the compute engines, shared
 * with the render node. It starts once every in-sync and every implicit
 * fence of the buffers it uses has signalled; buffers shared
 * through dma-buf with the other node are therefore ordered across the two
 * nodes without any syncobj. When the job is done, the out-sync (if any)
 * signals; its fence carries an error if the job failed. There is no
 * driver-specific wait ioctl: wait with the core DRM_IOCTL_SYNCOBJ_WAIT or
 * DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, and read a job's error from a sync_file
 * exported with DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD (SYNC_IOC_FILE_INFO status).
 *
 * Jobs on one engine from one file run in order. All clients of an engine
 * (from either node) share it: the scheduler picks the client whose
 * oldest queued job is oldest, so clients that keep the engine busy take
 * turns.
 *
 * A job that runs longer than the engine's timeout (module parameter
 * ``duet_core.job_timeout_ms``) is stopped by an engine reset; its fences
 * signal with -ETIMEDOUT, and the file that submitted it is banned: every
 * later SUBMIT on it fails with -ECANCELED and its queued jobs are
 * cancelled. Other clients are not affected. Reopen the node to recover.
 *
 * An engine that does not acknowledge its reset, or a device that stops
 * answering, *wedges* the card: the fences of the jobs it may still be
 * executing signal with -EIO, and BO_CREATE and SUBMIT on every file of
 * both nodes fail with -EIO until every engine has acknowledged a reset
 * (the PCI device's sysfs file ``duet_wedged`` reads 1 meanwhile).
 *
 * Errors: -EINVAL for non-zero @flags, an @engine this node does not have,
 * @num_commands of 0 or above DRM_DUET_MAX_COMMANDS, @num_in_syncs above
 * DRM_DUET_MAX_SYNCS, an unknown opcode or one the engine does not accept,
 * non-zero flags, pads, unused operands or arguments, an operand window
 * outside its buffer, a command touching memory outside its window, bad
 * formats, strides or alignment; -ENOENT for an unknown buffer or syncobj
 * handle; -EFAULT for bad pointers; -ECANCELED once the file is banned;
 * -EIO while the card is wedged; -ENODEV once the device is gone.
 */
struct drm_duet_accel_submit {
	/** @engine: engine index of this node */
	__u32 engine;
	/** @flags: must be 0 */
	__u32 flags;
	/** @commands: pointer to an array of &struct drm_duet_cmd */
	__u64 commands;
	/** @num_commands: number of commands, 1 to DRM_DUET_MAX_COMMANDS */
	__u32 num_commands;
	/** @num_in_syncs: number of entries at @in_syncs */
	__u32 num_in_syncs;
	/** @in_syncs: pointer to an array of &struct drm_duet_sync to wait on */
	__u64 in_syncs;
	/** @out_sync: syncobj (point) to signal when the job is done */
	struct drm_duet_sync out_sync;
};

#if defined(__cplusplus)
}
#endif

#endif /* __UAPI_DUET_ACCEL_H__ */
