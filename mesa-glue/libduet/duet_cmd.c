// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * libduet: building commands (see duet_common.h for their semantics).
 */
#include <string.h>

#include "duet_priv.h"

DUET_PUBLIC struct drm_duet_operand duet_op(uint32_t handle, uint64_t offset,
					    uint64_t length)
{
	struct drm_duet_operand op = {
		.handle = handle, .offset = offset, .length = length,
	};

	return op;
}

static struct drm_duet_cmd cmd(uint32_t opcode)
{
	struct drm_duet_cmd c;

	memset(&c, 0, sizeof(c));
	c.opcode = opcode;
	return c;
}

DUET_PUBLIC struct drm_duet_cmd duet_cmd_copy(struct drm_duet_operand dst,
					      struct drm_duet_operand src)
{
	struct drm_duet_cmd c = cmd(DRM_DUET_CMD_COPY);

	c.op[0] = dst;
	c.op[1] = src;
	return c;
}

DUET_PUBLIC struct drm_duet_cmd duet_cmd_fill(struct drm_duet_operand dst,
					      uint32_t value)
{
	struct drm_duet_cmd c = cmd(DRM_DUET_CMD_FILL);

	c.op[0] = dst;
	c.arg[0] = value;
	return c;
}

DUET_PUBLIC struct drm_duet_cmd duet_cmd_spin(uint32_t usecs)
{
	struct drm_duet_cmd c = cmd(DRM_DUET_CMD_SPIN);

	c.arg[0] = usecs;
	return c;
}

DUET_PUBLIC struct drm_duet_cmd duet_cmd_vadd(struct drm_duet_operand dst,
					      struct drm_duet_operand a,
					      struct drm_duet_operand b,
					      uint32_t count)
{
	struct drm_duet_cmd c = cmd(DRM_DUET_CMD_VADD);

	c.op[0] = dst;
	c.op[1] = a;
	c.op[2] = b;
	c.arg[0] = count;
	return c;
}

DUET_PUBLIC struct drm_duet_cmd duet_cmd_saxpy(struct drm_duet_operand y,
					       struct drm_duet_operand x,
					       uint32_t count, float alpha)
{
	struct drm_duet_cmd c = cmd(DRM_DUET_CMD_SAXPY);

	c.op[0] = y;
	c.op[1] = x;
	c.arg[0] = count;
	memcpy(&c.arg[1], &alpha, sizeof(alpha));
	return c;
}

DUET_PUBLIC struct drm_duet_cmd duet_cmd_gemm(struct drm_duet_operand cm,
					      struct drm_duet_operand a,
					      struct drm_duet_operand b,
					      uint32_t m, uint32_t n,
					      uint32_t k, uint32_t lda,
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

DUET_PUBLIC struct drm_duet_cmd duet_cmd_fill_rect(struct drm_duet_operand dst,
						   uint32_t stride,
						   uint32_t format,
						   uint32_t x, uint32_t y,
						   uint32_t w, uint32_t h,
						   uint32_t argb)
{
	struct drm_duet_cmd c = cmd(DRM_DUET_CMD_FILL_RECT);

	c.op[0] = dst;
	c.arg[0] = stride;
	c.arg[1] = format;
	c.arg[2] = x;
	c.arg[3] = y;
	c.arg[4] = w;
	c.arg[5] = h;
	c.arg[6] = argb;
	return c;
}

DUET_PUBLIC struct drm_duet_cmd duet_cmd_blit(struct drm_duet_operand dst,
					      uint32_t dst_stride,
					      uint32_t dst_format,
					      uint32_t dst_x, uint32_t dst_y,
					      struct drm_duet_operand src,
					      uint32_t src_stride,
					      uint32_t src_format,
					      uint32_t src_x, uint32_t src_y,
					      uint32_t w, uint32_t h)
{
	struct drm_duet_cmd c = cmd(DRM_DUET_CMD_BLIT);

	c.op[0] = dst;
	c.op[1] = src;
	c.arg[0] = dst_stride;
	c.arg[1] = dst_format;
	c.arg[2] = dst_x;
	c.arg[3] = dst_y;
	c.arg[4] = src_stride;
	c.arg[5] = src_format;
	c.arg[6] = src_x;
	c.arg[7] = src_y;
	c.arg[8] = w;
	c.arg[9] = h;
	return c;
}
