// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * 2D commands: FILL_RECT and BLIT with pixel format conversion.
 *
 * Pixels go through ARGB8888. Reading: XRGB8888, RGB565 and R8 give alpha
 * 0xff; RGB565 channels widen by bit replication; R8 luminance l gives
 * r = g = b = l. Writing: XRGB8888 stores x = 0xff; RGB565 keeps the top
 * bits of each channel; R8 stores the BT.601 luminance
 * (77 r + 150 g + 29 b + 128) >> 8. Pixels are little-endian and need no
 * alignment.
 */
#include "duet_hw.h"
#include "graphics.h"

__u32 duet_pixel_to_argb(__u32 format, __u32 pixel)
{
	__u32 r, g, b;

	switch (format) {
	case DUET_FORMAT_R8:
		return 0xff000000 | (pixel & 0xff) * 0x010101;
	case DUET_FORMAT_RGB565:
		r = (pixel >> 11) & 0x1f;
		g = (pixel >> 5) & 0x3f;
		b = pixel & 0x1f;
		r = (r << 3) | (r >> 2);
		g = (g << 2) | (g >> 4);
		b = (b << 3) | (b >> 2);
		return 0xff000000 | r << 16 | g << 8 | b;
	case DUET_FORMAT_XRGB8888:
		return 0xff000000 | pixel;
	default:
		return pixel;
	}
}

__u32 duet_pixel_from_argb(__u32 format, __u32 argb)
{
	__u32 r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff, b = argb & 0xff;

	switch (format) {
	case DUET_FORMAT_R8:
		return (77 * r + 150 * g + 29 * b + 128) >> 8;
	case DUET_FORMAT_RGB565:
		return (r >> 3) << 11 | (g >> 2) << 5 | b >> 3;
	case DUET_FORMAT_XRGB8888:
		return 0xff000000 | argb;
	default:
		return argb;
	}
}

static __u32 pixel_load(const __u8 *p, __u32 bpp)
{
	__u32 v = 0, i;

	for (i = 0; i < bpp; i++)
		v |= (__u32)p[i] << (8 * i);
	return v;
}

static void pixel_store(__u8 *p, __u32 bpp, __u32 v)
{
	__u32 i;

	for (i = 0; i < bpp; i++)
		p[i] = v >> (8 * i);
}

static void decode_surface(const __u32 *dw, struct duet_surface *s)
{
	s->stride = dw[2];
	s->format = dw[3];
	s->x = dw[4];
	s->y = dw[5];
}

static int check_surface(const struct duet_vram *vram, __u64 addr,
			 struct duet_surface *s, __u32 width, __u32 height)
{
	__u32 bpp = duet_hw_format_bpp(s->format);
	__u64 offset, size;

	if (!duet_hw_rect_extent(s->stride, bpp, s->x, s->y, width, height,
				 &offset, &size))
		return DUET_ERR_BAD_ADDRESS;
	return duet_vram_operand(vram, addr, offset, size, &s->base);
}

static bool stride_valid(const struct duet_surface *s, __u32 w, __u32 h)
{
	return duet_hw_rect_stride_valid(s->stride,
					 duet_hw_format_bpp(s->format),
					 s->x, w, h);
}

int duet_gfx_decode(const __u32 *dw, const struct duet_vram *vram,
		    struct duet_gfx_cmd *gc)
{
	bool blit = DUET_CMD_OPCODE(dw[0]) == DUET_CMD_BLIT;
	int err;

	*gc = (struct duet_gfx_cmd) { 0 };
	if (blit) {
		decode_surface(&dw[1], &gc->src);
		decode_surface(&dw[7], &gc->dst);
		gc->width = dw[13];
		gc->height = dw[14];
	} else {
		decode_surface(&dw[1], &gc->dst);
		gc->width = dw[7];
		gc->height = dw[8];
		gc->color = dw[9];
	}

	if ((blit && !duet_hw_format_bpp(gc->src.format)) ||
	    !duet_hw_format_bpp(gc->dst.format))
		return DUET_ERR_BAD_FORMAT;
	if ((blit && !stride_valid(&gc->src, gc->width, gc->height)) ||
	    !stride_valid(&gc->dst, gc->width, gc->height))
		return DUET_ERR_BAD_STRIDE;
	if (!blit)
		return check_surface(vram, duet_dw_u64(&dw[1]), &gc->dst,
				     gc->width, gc->height);
	err = check_surface(vram, duet_dw_u64(&dw[1]), &gc->src, gc->width,
			    gc->height);
	if (!err)
		err = check_surface(vram, duet_dw_u64(&dw[7]), &gc->dst,
				    gc->width, gc->height);
	return err;
}

static __u8 *pixel_addr(const struct duet_exec *ex,
			const struct duet_surface *s, __u32 bpp, __u64 col,
			__u64 row)
{
	return ex->mem + s->base + (s->y + row) * s->stride +
	       (s->x + col) * bpp;
}

static void fill_rect(const struct duet_gfx_cmd *gc, const struct duet_exec *ex)
{
	__u32 bpp = duet_hw_format_bpp(gc->dst.format);
	__u32 pixel = duet_pixel_from_argb(gc->dst.format, gc->color);
	__u64 row, col;
	__u8 *p;

	/* An empty rectangle touches nothing, however tall or wide. */
	if (!gc->width || !gc->height)
		return;
	for (row = 0; row < gc->height; row++) {
		if (duet_exec_aborted(ex))
			return;
		p = pixel_addr(ex, &gc->dst, bpp, 0, row);
		for (col = 0; col < gc->width; col++, p += bpp)
			pixel_store(p, bpp, pixel);
	}
}

/*
 * Pixels are copied one by one; when the destination starts above the
 * source the order is reversed, so that a BLIT inside one surface (same
 * stride and format) behaves like memmove.
 */
static void blit(const struct duet_gfx_cmd *gc, const struct duet_exec *ex)
{
	__u32 sbpp = duet_hw_format_bpp(gc->src.format);
	__u32 dbpp = duet_hw_format_bpp(gc->dst.format);
	__u64 i, j, row, col;
	bool reverse;
	__u32 argb;

	if (!gc->width || !gc->height)
		return;
	reverse = pixel_addr(ex, &gc->dst, dbpp, 0, 0) >
		  pixel_addr(ex, &gc->src, sbpp, 0, 0);
	for (j = 0; j < gc->height; j++) {
		if (duet_exec_aborted(ex))
			return;
		row = reverse ? gc->height - 1 - j : j;
		for (i = 0; i < gc->width; i++) {
			col = reverse ? gc->width - 1 - i : i;
			argb = pixel_load(pixel_addr(ex, &gc->src, sbpp, col,
						     row), sbpp);
			argb = duet_pixel_to_argb(gc->src.format, argb);
			pixel_store(pixel_addr(ex, &gc->dst, dbpp, col, row),
				    dbpp, duet_pixel_from_argb(gc->dst.format,
							       argb));
		}
	}
}

void duet_gfx_execute(__u32 opcode, const struct duet_gfx_cmd *gc,
		      const struct duet_exec *ex)
{
	switch (opcode) {
	case DUET_CMD_FILL_RECT:
		fill_rect(gc, ex);
		break;
	case DUET_CMD_BLIT:
		blit(gc, ex);
		break;
	}
}
