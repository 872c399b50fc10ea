// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet-demo: one card, both nodes, one picture.
 *
 *  1. accel node: GEMM C = A * B (256 x 4 times 4 x 256) makes an
 *     interference field, FILL and SAXPY rescale it to [0, 1] (Y = 0.2 C
 *     + 0.5), all in one job on a compute engine.
 *  2. The field's buffer goes to the render node as a dma-buf (no copy;
 *     implicit sync orders the render node's work after the accel job).
 *  3. render node: the CPU quantises the field into an R8 image; the
 *     graphics engine clears an ARGB8888 canvas (FILL_RECT), converts the
 *     R8 image into it (BLIT R8 -> ARGB8888), and paints a 32 x 32 colour
 *     heat map of the field with one FILL_RECT per cell.
 *  4. The canvas is read back, spot-checked, and written as a PNG.
 *
 * usage: duet-demo [OUTPUT.png]   (default $DUET_RESULTS/duet-demo.png,
 * else ./duet-demo.png). Exit status 0 only if every check passed.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <png.h>

#include <duet.h>

#define N 256			/* field is N x N */
#define K 4
#define CELLS 32		/* heat map is CELLS x CELLS cells */
#define CELL 8			/* of CELL x CELL pixels */
#define W (16 + N + 16 + CELLS * CELL + 16)
#define H (16 + N + 16)
#define BG 0xff202028u
#define SEC 1000000000LL

/* Offsets in the field BO (f32 arrays). */
#define OFF_A 0
#define OFF_B (OFF_A + N * K * 4)
#define OFF_C (OFF_B + K * N * 4)
#define OFF_Y (OFF_C + N * N * 4)
#define FIELD_SIZE (OFF_Y + N * N * 4)

static int fail(const char *what, int err)
{
	fprintf(stderr, "duet-demo: %s: %s\n", what, strerror(-err));
	return 1;
}

/* Dark blue -> cyan -> yellow -> red, for v in [0, 1]. */
static uint32_t colormap(float v)
{
	static const float stops[4][3] = {
		{ 20, 30, 120 }, { 30, 190, 200 }, { 250, 230, 60 },
		{ 210, 40, 30 } };
	float t = v < 0 ? 0 : v > 1 ? 3 : v * 3;
	int i = t >= 3 ? 2 : (int)t, c;
	uint32_t rgb[3];

	t -= (float)i;
	for (c = 0; c < 3; c++)
		rgb[c] = (uint32_t)(stops[i][c] + t * (stops[i + 1][c] - stops[i][c]) + 0.5f);
	return 0xff000000u | rgb[0] << 16 | rgb[1] << 8 | rgb[2];
}

static int write_png(const char *path, const uint32_t *argb)
{
	png_structp png;
	png_infop info;
	uint8_t row[W * 4];
	FILE *f = fopen(path, "wb");
	int x, y;

	if (!f)
		return -errno;
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png ? png_create_info_struct(png) : NULL;
	if (!info || setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		fclose(f);
		return -EIO;
	}
	png_init_io(png, f);
	png_set_IHDR(png, info, W, H, 8, PNG_COLOR_TYPE_RGBA,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		     PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (y = 0; y < H; y++) {
		for (x = 0; x < W; x++) {
			uint32_t p = argb[y * W + x];

			row[4 * x] = p >> 16;
			row[4 * x + 1] = p >> 8;
			row[4 * x + 2] = p;
			row[4 * x + 3] = p >> 24;
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	return fclose(f) ? -errno : 0;
}

int main(int argc, char **argv)
{
	const char *results = getenv("DUET_RESULTS");
	char def[4096];
	const char *out;
	struct duet_card cards[8];
	struct duet_dev *acc, *ren;
	uint32_t fbo, rfield, img, gray, sync;
	uint64_t fsize, rfsize, isize, gsize;
	float *f, *rf;
	uint32_t *canvas;
	uint8_t *g;
	struct drm_duet_cmd cmds[DRM_DUET_MAX_COMMANDS];
	float half = 0.5f, maxerr = 0;
	int ret, i, j, ce, ge, dmabuf, n, bad = 0;
	uint32_t half_bits;

	if (results && results[0])
		snprintf(def, sizeof(def), "%s/duet-demo.png", results);
	else
		snprintf(def, sizeof(def), "duet-demo.png");
	out = argc > 1 ? argv[1] : def;

	n = duet_enumerate(cards, 8, DUET_ENUM_ALL);
	if (n <= 0)
		return fail("no Duet card", n ? n : -ENODEV);
	ret = duet_dev_open(0, DUET_NODE_ACCEL, &acc);
	if (ret)
		return fail(cards[0].accel, ret);
	ret = duet_dev_open(0, DUET_NODE_RENDER, &ren);
	if (ret)
		return fail(cards[0].render, ret);
	ce = duet_find_engine(acc, DUET_ENGINE_COMPUTE, 0);
	ge = duet_find_engine(ren, DUET_ENGINE_GRAPHICS, 0);
	if (ce < 0 || ge < 0)
		return fail("engines", ce < 0 ? ce : ge);
	printf("duet-demo: card %s: accel %s (compute engine %d), render %s (graphics engine %d)\n",
	       cards[0].pci_slot, cards[0].accel, ce, cards[0].render, ge);

	/* 1. The field, on the accel node. */
	ret = duet_bo_create(acc, FIELD_SIZE, &fbo, NULL);
	ret = ret ? ret : duet_bo_map(acc, fbo, (void **)&f, &fsize);
	if (ret)
		return fail("accel BO", ret);
	for (i = 0; i < N; i++) {
		float x = (float)i / (N - 1);
		float *a = f + OFF_A / 4 + i * K, *b = f + OFF_B / 4;

		a[0] = sinf(2.0f * (float)M_PI * x);
		a[1] = cosf(3.0f * (float)M_PI * x);
		a[2] = 0.5f * sinf(7.0f * (float)M_PI * x * x);
		a[3] = 0.8f * x - 0.4f;
		b[0 * N + i] = cosf(2.0f * (float)M_PI * x);
		b[1 * N + i] = sinf(4.0f * (float)M_PI * x);
		b[2 * N + i] = cosf(5.0f * (float)M_PI * x);
		b[3 * N + i] = 1.0f;
	}
	memcpy(&half_bits, &half, 4);
	cmds[0] = duet_cmd_gemm(duet_op(fbo, OFF_C, N * N * 4),
				duet_op(fbo, OFF_A, N * K * 4),
				duet_op(fbo, OFF_B, K * N * 4),
				N, N, K, K * 4, N * 4, N * 4);
	cmds[1] = duet_cmd_fill(duet_op(fbo, OFF_Y, N * N * 4), half_bits);
	cmds[2] = duet_cmd_saxpy(duet_op(fbo, OFF_Y, N * N * 4),
				 duet_op(fbo, OFF_C, N * N * 4), N * N, 0.2f);
	ret = duet_run(acc, ce, cmds, 3, 30 * SEC);
	if (ret)
		return fail("accel job (GEMM, FILL, SAXPY)", ret);
	for (i = 0; i < N; i++)
		for (j = 0; j < N; j++) {
			float c = 0, e;
			int k;

			for (k = 0; k < K; k++)
				c += f[OFF_A / 4 + i * K + k] * f[OFF_B / 4 + k * N + j];
			e = fabsf(f[OFF_Y / 4 + i * N + j] - (0.2f * c + 0.5f));
			if (e > maxerr)
				maxerr = e;
		}
	printf("duet-demo: accel: GEMM %dx%dx%d + SAXPY, max error vs CPU %.2g\n",
	       N, N, K, maxerr);
	bad += maxerr > 1e-4f;

	/* 2. Share it with the render node. */
	ret = duet_bo_export(acc, fbo, &dmabuf);
	ret = ret ? ret : duet_bo_import(ren, dmabuf, &rfield);
	if (ret)
		return fail("dma-buf accel -> render", ret);
	close(dmabuf);
	ret = duet_bo_map(ren, rfield, (void **)&rf, &rfsize);
	if (ret)
		return fail("map shared field", ret);

	/* 3. Draw on the render node. */
	ret = duet_bo_create(ren, W * H * 4, &img, NULL);
	ret = ret ? ret : duet_bo_create(ren, N * N, &gray, NULL);
	ret = ret ? ret : duet_bo_map(ren, img, (void **)&canvas, &isize);
	ret = ret ? ret : duet_bo_map(ren, gray, (void **)&g, &gsize);
	if (ret)
		return fail("render BOs", ret);
	for (i = 0; i < N * N; i++) {
		float v = rf[OFF_Y / 4 + i];

		g[i] = (uint8_t)(v <= 0 ? 0 : v >= 1 ? 255 : v * 255.0f + 0.5f);
	}
	ret = duet_syncobj_create(ren, &sync);
	if (ret)
		return fail("syncobj", ret);
	n = 0;
	cmds[n++] = duet_cmd_fill_rect(duet_op(img, 0, W * H * 4), W * 4,
				       DRM_DUET_FORMAT_ARGB8888, 0, 0, W, H, BG);
	cmds[n++] = duet_cmd_blit(duet_op(img, 0, W * H * 4), W * 4,
				  DRM_DUET_FORMAT_ARGB8888, 16, 16,
				  duet_op(gray, 0, N * N), N,
				  DRM_DUET_FORMAT_R8, 0, 0, N, N);
	for (i = 0; i < CELLS; i++)
		for (j = 0; j < CELLS; j++) {
			float v = rf[OFF_Y / 4 + (i * CELL + CELL / 2) * N +
				     j * CELL + CELL / 2];

			cmds[n++] = duet_cmd_fill_rect(
				duet_op(img, 0, W * H * 4), W * 4,
				DRM_DUET_FORMAT_ARGB8888,
				16 + N + 16 + j * CELL, 16 + i * CELL,
				CELL, CELL, colormap(v));
			if (n == DRM_DUET_MAX_COMMANDS) {
				/* Jobs of one file on one engine run in order. */
				ret = duet_submit(ren, ge, cmds, n, NULL, 0, 0);
				if (ret)
					return fail("render submit", ret);
				n = 0;
			}
		}
	ret = n ? duet_submit(ren, ge, cmds, n, NULL, 0, sync) : 0;
	if (!n) {	/* the last job had no out-sync: add an empty one */
		cmds[0] = duet_cmd_fill_rect(duet_op(img, 0, W * H * 4), W * 4,
					     DRM_DUET_FORMAT_ARGB8888, 0, 0, 1,
					     1, BG);
		ret = duet_submit(ren, ge, cmds, 1, NULL, 0, sync);
	}
	ret = ret ? ret : duet_wait(ren, &sync, 1, 30 * SEC);
	ret = ret ? ret : duet_syncobj_status(ren, sync);
	if (ret)
		return fail("render jobs (FILL_RECT, BLIT)", ret);

	/* 4. Check a few pixels, write the PNG. */
	bad += canvas[0] != BG || canvas[W * H - 1] != BG;
	for (i = 0; i < N; i += 37)
		for (j = 0; j < N; j += 41) {
			uint32_t l = g[i * N + j];

			bad += canvas[(16 + i) * W + 16 + j] !=
			       (0xff000000u | l << 16 | l << 8 | l);
		}
	for (i = 0; i < CELLS; i += 5)
		for (j = 0; j < CELLS; j += 3) {
			float v = rf[OFF_Y / 4 + (i * CELL + CELL / 2) * N +
				     j * CELL + CELL / 2];

			bad += canvas[(16 + i * CELL + 3) * W + 16 + N + 16 +
				      j * CELL + 5] != colormap(v);
		}
	ret = write_png(out, canvas);
	if (ret)
		return fail(out, ret);
	printf("duet-demo: render: %dx%d ARGB8888 (FILL_RECT, BLIT R8->ARGB8888, %d cells), %s\n",
	       W, H, CELLS * CELLS, bad ? "CHECKS FAILED" : "pixels checked");
	printf("duet-demo: wrote %s\n", out);

	duet_syncobj_destroy(ren, sync);
	duet_bo_unmap(g, gsize);
	duet_bo_unmap(canvas, isize);
	duet_bo_unmap(rf, rfsize);
	duet_bo_unmap(f, fsize);
	duet_bo_close(ren, gray);
	duet_bo_close(ren, img);
	duet_bo_close(ren, rfield);
	duet_bo_close(acc, fbo);
	duet_dev_close(ren);
	duet_dev_close(acc);
	return bad ? 1 : 0;
}
