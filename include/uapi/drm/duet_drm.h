/* SPDX-License-Identifier: (GPL-2.0-only WITH Linux-syscall-note) OR MIT */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __UAPI_DUET_DRM_H__
#define __UAPI_DUET_DRM_H__

#include "drm.h"

#if defined(__cplusplus)
extern "C" {
#endif

/**
 * DOC: Duet render node uAPI
 *
 * The render driver (``duet``) exposes a Duet card's graphics engine and its
 * shared compute engines on ``/dev/dri/renderD*``. Its ioctl numbers are
 * ``DRM_COMMAND_BASE + 0x00`` to ``+ 0x1f``; the accel node's are
 * ``+ 0x20`` to ``+ 0x3f``, so an ioctl sent to the wrong node is rejected
 * with -EINVAL instead of being misread. Numbers are never reused.
 *
 * Engines are numbered per node: on the render node engine 0 is the
 * graphics engine and engines 1.. are the compute engines. Query them with
 * &DRM_IOCTL_DUET_GET_PARAM.
 */

#define DRM_DUET_GET_PARAM		0x00
#define DRM_DUET_BO_CREATE	0x01
#define DRM_DUET_BO_INFO		0x02

#define DRM_IOCTL_DUET_GET_PARAM \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_DUET_GET_PARAM, struct drm_duet_get_param)

#define DRM_IOCTL_DUET_BO_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_DUET_BO_CREATE, struct drm_duet_bo_create)
#define DRM_IOCTL_DUET_BO_INFO \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_DUET_BO_INFO, struct drm_duet_bo_info)

/* DRM_DUET_PARAM_HW_VERSION: hardware version, (major << 16) | minor */
#define DRM_DUET_PARAM_HW_VERSION	0
/* DRM_DUET_PARAM_VRAM_SIZE: usable VRAM in bytes */
#define DRM_DUET_PARAM_VRAM_SIZE	1
/* DRM_DUET_PARAM_NUM_ENGINES: number of engines this node can use */
#define DRM_DUET_PARAM_NUM_ENGINES	2
/*
 * DRM_DUET_PARAM_ENGINE_CLASS: class of engine
 * &drm_duet_get_param.index, one of DRM_DUET_ENGINE_CLASS_*
 */
#define DRM_DUET_PARAM_ENGINE_CLASS	3
/* DRM_DUET_PARAM_VRAM_AVAILABLE: free VRAM in bytes, not necessarily contiguous */
#define DRM_DUET_PARAM_VRAM_AVAILABLE	4

/* DRM_DUET_ENGINE_CLASS_GRAPHICS: 2D graphics engine */
#define DRM_DUET_ENGINE_CLASS_GRAPHICS	0
/* DRM_DUET_ENGINE_CLASS_COMPUTE: compute engine, shared with accel */
#define DRM_DUET_ENGINE_CLASS_COMPUTE	1

/**
 * struct drm_duet_get_param - query a device parameter
 *
 * Errors: -EINVAL for an unknown @param, a non-zero @index for a parameter
 * that takes none, non-zero @flags or @pad; -ENOENT for an @index that
 * names no engine of this node; -ENODEV once the device is gone.
 */
struct drm_duet_get_param {
	/** @param: in, one of DRM_DUET_PARAM_* */
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
 * struct drm_duet_bo_create - create a buffer object in VRAM
 *
 * The buffer is one contiguous, page-aligned range of the card's VRAM,
 * shared with the accel node, filled with zeros before userspace can see it, and freed
 * when its last handle, mapping and dma-buf are gone. Map it with mmap() on
 * this node at &drm_duet_bo_info.mmap_offset: CPU and device see the same bytes.
 *
 * Errors: -EINVAL for a @size of 0 or larger than VRAM, non-zero @flags or
 * @handle; -ENOSPC when no contiguous range of @size bytes is free.
 */
struct drm_duet_bo_create {
	/** @size: in: size in bytes; out: the size allocated, page aligned */
	__u64 size;
	/** @flags: in, must be 0 */
	__u32 flags;
	/** @handle: out: GEM handle of the new buffer; must be 0 on input */
	__u32 handle;
};

/**
 * struct drm_duet_bo_info - describe a buffer object
 *
 * Errors: -ENOENT if @handle names no buffer of this file; -EINVAL for
 * non-zero @flags.
 */
struct drm_duet_bo_info {
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

#if defined(__cplusplus)
}
#endif

#endif /* __UAPI_DUET_DRM_H__ */
