/* SPDX-License-Identifier: (GPL-2.0-only WITH Linux-syscall-note) OR MIT */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __UAPI_DUET_COMMON_H__
#define __UAPI_DUET_COMMON_H__

#include "drm.h"

#if defined(__cplusplus)
extern "C" {
#endif

/**
 * DOC: Duet commands
 *
 * Both nodes submit the same commands (``struct drm_duet_cmd``) to the
 * card's engines with their own SUBMIT ioctl. The device itself is the
 * same whichever node feeds it, so the command format is defined once,
 * here; each node's header includes this one.
 *
 * A command names memory only as operands: a GEM handle of the submitting
 * file, a byte offset into that buffer and the length of the window the
 * command may touch. The kernel checks that the window lies inside the
 * buffer and that everything the command touches, computed from its
 * arguments, lies inside the window, before it translates the operand to
 * a device address. A client can therefore never reach memory it has no
 * handle for. Operand 0 is the one a command writes; the others are read.
 *
 * The commands; "any engine", "compute" or "graphics" says which engines
 * accept them. ``opN`` is operand N, ``argN`` argument N.
 *
 * - DRM_DUET_CMD_COPY (any engine): op0 dst, op1 src; copies op0.length
 *   bytes; op1.length must be equal.
 * - DRM_DUET_CMD_FILL (any engine): op0 dst, whose offset and length are
 *   multiples of 4; arg0 the 32-bit value to repeat.
 * - DRM_DUET_CMD_SPIN (any engine): arg0 microseconds to keep the engine
 *   busy, at most DRM_DUET_SPIN_MAX_US.
 * - DRM_DUET_CMD_VADD (compute): op0 dst, op1 a, op2 b, f32 arrays; arg0
 *   count; dst[i] = a[i] + b[i].
 * - DRM_DUET_CMD_SAXPY (compute): op0 y, op1 x, f32 arrays; arg0 count,
 *   arg1 alpha as f32 bits; y[i] = alpha * x[i] + y[i].
 * - DRM_DUET_CMD_GEMM (compute): op0 C, op1 A, op2 B, row-major f32
 *   matrices; arg0 M, arg1 N, arg2 K, arg3 lda, arg4 ldb, arg5 ldc (row
 *   strides in bytes, multiples of 4, at least a row); C = A * B with A
 *   M x K, B K x N, C M x N.
 * - DRM_DUET_CMD_FILL_RECT (graphics): op0 dst; arg0 stride (bytes), arg1
 *   format, arg2 x, arg3 y, arg4 width, arg5 height, arg6 color (ARGB8888,
 *   converted to the format).
 * - DRM_DUET_CMD_BLIT (graphics): op0 dst, op1 src; arg0..3 dst stride,
 *   format, x, y; arg4..7 src stride, format, x, y; arg8 width, arg9
 *   height. Converts between formats.
 *
 * f32 operands must start at a multiple of 4 bytes. Unused operands and
 * arguments must be zero.
 *
 * Operands name VRAM buffers, system-memory buffers (DRM_DUET_BO_SYSTEM)
 * and dma-bufs imported from other drivers alike. PRIME (the core
 * DRM_IOCTL_PRIME_* ioctls): a buffer of either node of a card imports
 * into the other node without a copy; a dma-buf of another driver (or a
 * system buffer of another Duet card) imports on a card whose
 * DRM_DUET_PARAM_GART_SIZE is not 0, as system memory mapped into the
 * GART (it fails with -ENOSPC when the aperture is full, -EINVAL for a
 * buffer that is not page aligned, -EIO while the card is wedged,
 * -EOPNOTSUPP without a GART); a VRAM
 * buffer of another Duet card fails with -EXDEV. Other drivers can import
 * system buffers; importing a VRAM buffer fails in their attach with
 * -EOPNOTSUPP. Jobs on imported buffers take part in the exporter's
 * implicit synchronisation.
 */

#define DRM_DUET_CMD_COPY		1
#define DRM_DUET_CMD_FILL		2
#define DRM_DUET_CMD_SPIN		3
#define DRM_DUET_CMD_VADD		4
#define DRM_DUET_CMD_SAXPY		5
#define DRM_DUET_CMD_GEMM		6
#define DRM_DUET_CMD_FILL_RECT		7
#define DRM_DUET_CMD_BLIT		8

/* 2D pixel formats of FILL_RECT and BLIT. */
#define DRM_DUET_FORMAT_R8		1
#define DRM_DUET_FORMAT_RGB565		2
#define DRM_DUET_FORMAT_XRGB8888	3
#define DRM_DUET_FORMAT_ARGB8888	4

/*
 * GET_PARAM parameters, the same on both nodes (the accel header has
 * DRM_DUET_ACCEL_PARAM_* names for them).
 */
/* DRM_DUET_PARAM_HW_VERSION: hardware version, (major << 16) | minor */
#define DRM_DUET_PARAM_HW_VERSION	0
/* DRM_DUET_PARAM_VRAM_SIZE: usable VRAM in bytes */
#define DRM_DUET_PARAM_VRAM_SIZE	1
/* DRM_DUET_PARAM_NUM_ENGINES: number of engines this node can use */
#define DRM_DUET_PARAM_NUM_ENGINES	2
/* DRM_DUET_PARAM_ENGINE_CLASS: class of engine ``index``, DRM_DUET_ENGINE_CLASS_* */
#define DRM_DUET_PARAM_ENGINE_CLASS	3
/* DRM_DUET_PARAM_VRAM_AVAILABLE: free VRAM in bytes, not necessarily contiguous */
#define DRM_DUET_PARAM_VRAM_AVAILABLE	4

/*
 * DRM_DUET_PARAM_GART_SIZE: bytes of system memory the card can map at
 * once through its GART (the aperture); 0 if it has none, and then
 * DRM_DUET_BO_SYSTEM and foreign dma-bufs are not supported
 */
#define DRM_DUET_PARAM_GART_SIZE	5
/* DRM_DUET_PARAM_GART_AVAILABLE: free aperture bytes, not necessarily contiguous */
#define DRM_DUET_PARAM_GART_AVAILABLE	6

/*
 * BO_CREATE flags, the same on both nodes (the accel header has
 * DRM_DUET_ACCEL_BO_* names for them).
 *
 * DRM_DUET_BO_SYSTEM: the buffer is system memory (shmem pages, pinned and
 * mapped into the card's GART for the buffer's lifetime) instead of VRAM.
 * Commands name it exactly as a VRAM buffer; the device reaches it through
 * the aperture. Such a buffer can be shared through dma-buf with any
 * driver; a VRAM buffer only with Duet's other node.
 */
#define DRM_DUET_BO_SYSTEM		(1 << 0)

/* DRM_DUET_ENGINE_CLASS_GRAPHICS: 2D graphics engine (render node only) */
#define DRM_DUET_ENGINE_CLASS_GRAPHICS	0
/* DRM_DUET_ENGINE_CLASS_COMPUTE: compute engine, shared by both nodes */
#define DRM_DUET_ENGINE_CLASS_COMPUTE	1

/* Limits of one submission. */
#define DRM_DUET_MAX_COMMANDS		64
#define DRM_DUET_MAX_SYNCS		64
#define DRM_DUET_SPIN_MAX_US		10000000

#define DRM_DUET_CMD_OPERANDS		3
#define DRM_DUET_CMD_ARGS		12

/**
 * struct drm_duet_operand - a window of a buffer object
 */
struct drm_duet_operand {
	/** @handle: GEM handle of the submitting file; 0 if unused */
	__u32 handle;
	/** @pad: must be 0 */
	__u32 pad;
	/** @offset: byte offset of the window in the buffer */
	__u64 offset;
	/** @length: size of the window in bytes */
	__u64 length;
};

/**
 * struct drm_duet_cmd - one command of a job
 */
struct drm_duet_cmd {
	/** @opcode: one of DRM_DUET_CMD_* */
	__u32 opcode;
	/** @flags: must be 0 */
	__u32 flags;
	/** @op: memory operands, as the opcode uses them; the rest zero */
	struct drm_duet_operand op[DRM_DUET_CMD_OPERANDS];
	/** @arg: scalar arguments, as the opcode uses them; the rest zero */
	__u32 arg[DRM_DUET_CMD_ARGS];
};

/**
 * struct drm_duet_sync - a syncobj to wait on or to signal
 */
struct drm_duet_sync {
	/** @handle: syncobj handle; for an out-sync, 0 means none */
	__u32 handle;
	/** @flags: must be 0 */
	__u32 flags;
	/** @point: timeline point, 0 for a binary syncobj */
	__u64 point;
};

#if defined(__cplusplus)
}
#endif

#endif /* __UAPI_DUET_COMMON_H__ */
