/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * 2D commands: FILL_RECT and BLIT with pixel format conversion.
 */
#ifndef __DUET_SIM_GRAPHICS_H__
#define __DUET_SIM_GRAPHICS_H__

#include <linux/types.h>

#include "vram.h"

/* A rectangle's surface; base is a VRAM offset. */
struct duet_surface {
	__u64 base;
	__u32 stride;		/* bytes */
	__u32 format;		/* DUET_FORMAT_* */
	__u32 x, y;
};

struct duet_gfx_cmd {
	struct duet_surface dst;
	struct duet_surface src;	/* BLIT */
	__u32 width, height;
	__u32 color;			/* FILL_RECT, ARGB8888 */
};

/*
 * Decode the operands of 2D command @dw (header already checked). Checks,
 * in order: formats (DUET_ERR_BAD_FORMAT), strides (DUET_ERR_BAD_STRIDE),
 * operand ranges in dword order (DUET_ERR_BAD_ADDRESS). Returns
 * DUET_ERR_NONE or the code.
 */
int duet_gfx_decode(const __u32 *dw, const struct duet_vram *vram,
		    struct duet_gfx_cmd *gc);

/* Execute decoded 2D command @opcode. */
void duet_gfx_execute(__u32 opcode, const struct duet_gfx_cmd *gc,
		      const struct duet_exec *ex);

/* Convert a raw pixel of a valid @format to ARGB8888 and back. */
__u32 duet_pixel_to_argb(__u32 format, __u32 pixel);
__u32 duet_pixel_from_argb(__u32 format, __u32 argb);

#endif /* __DUET_SIM_GRAPHICS_H__ */
