/* SPDX-License-Identifier: (GPL-2.0-only WITH Linux-syscall-note) OR MIT */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __UAPI_DUET_ACCEL_H__
#define __UAPI_DUET_ACCEL_H__

#include "drm.h"

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

#define DRM_IOCTL_DUET_ACCEL_GET_PARAM \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_DUET_ACCEL_GET_PARAM, \
		 struct drm_duet_accel_get_param)

/* DRM_DUET_ACCEL_PARAM_HW_VERSION: hardware version, (major << 16) | minor */
#define DRM_DUET_ACCEL_PARAM_HW_VERSION		0
/* DRM_DUET_ACCEL_PARAM_VRAM_SIZE: usable VRAM in bytes */
#define DRM_DUET_ACCEL_PARAM_VRAM_SIZE		1
/* DRM_DUET_ACCEL_PARAM_NUM_ENGINES: number of compute engines */
#define DRM_DUET_ACCEL_PARAM_NUM_ENGINES	2
/*
 * DRM_DUET_ACCEL_PARAM_ENGINE_CLASS: class of engine
 * &drm_duet_accel_get_param.index; always DRM_DUET_ACCEL_ENGINE_CLASS_COMPUTE
 */
#define DRM_DUET_ACCEL_PARAM_ENGINE_CLASS	3

/* DRM_DUET_ACCEL_ENGINE_CLASS_COMPUTE: compute engine, shared with render */
#define DRM_DUET_ACCEL_ENGINE_CLASS_COMPUTE	1

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

#if defined(__cplusplus)
}
#endif

#endif /* __UAPI_DUET_ACCEL_H__ */
