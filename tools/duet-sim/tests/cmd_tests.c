// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of command set 2 on the running duet-sim: SPIN and engine
 * concurrency, reset of a busy engine, compute and 2D results against CPU
 * references, and every new fault.
 */
#define _GNU_SOURCE
#include <math.h>
#include <string.h>
#include <time.h>

#include "sim_client.h"
#include "sim_env.h"
#include "tap.h"
#include "tests.h"

#define SPIN(us)	DUET_CMD_HEADER(DUET_CMD_SPIN, 2), (us)
#define VADD(dst, a, b, n)						\
	DUET_CMD_HEADER(DUET_CMD_VADD, 8), LO(dst), HI(dst), LO(a), HI(a), \
	LO(b), HI(b), (n)
#define SAXPY(y, x, n, alpha)						\
	DUET_CMD_HEADER(DUET_CMD_SAXPY, 7), LO(y), HI(y), LO(x), HI(x),	\
	(n), (alpha)
#define GEMM(c, a, b, m, n, k, lda, ldb, ldc)				\
	DUET_CMD_HEADER(DUET_CMD_GEMM, 13), LO(c), HI(c), LO(a), HI(a),	\
	LO(b), HI(b), (m), (n), (k), (lda), (ldb), (ldc)
#define FILL_RECT(dst, stride, fmt, x, y, w, h, color)			\
	DUET_CMD_HEADER(DUET_CMD_FILL_RECT, 10), LO(dst), HI(dst),	\
	(stride), (fmt), (x), (y), (w), (h), (color)
#define BLIT(src, sstride, sfmt, sx, sy, dst, dstride, dfmt, dx, dy, w, h) \
	DUET_CMD_HEADER(DUET_CMD_BLIT, 15), LO(src), HI(src), (sstride), \
	(sfmt), (sx), (sy), LO(dst), HI(dst), (dstride), (dfmt), (dx),	\
	(dy), (w), (h)

/* Good commands work above the canaries painted by the fault tests. */
#define WORK		0x100000
#define COMPUTE_E	1
#define GRAPHICS_E	0
#define END		ADDR(VRAM_SIZE)

static __u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000;
}

static __u32 f32_bits(float f)
{
	__u32 u;

	memcpy(&u, &f, sizeof(u));
	return u;
}

static float *f32_at(struct sim_client *c, __u64 off)
{
	return (float *)(vram(c) + off);
}

/* Deterministic values with fractional parts and both signs. */
static float test_value(unsigned int i, unsigned int salt)
{
	return (float)((int)((i * 2654435761u + salt * 40503u) % 2001) - 1000) /
	       64.0f;
}

static bool close_to(float got, float want)
{
	return fabsf(got - want) <= 1e-5f * (1.0f + fabsf(want));
}

static void test_vadd(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	const unsigned int n = 1000;
	const __u64 dst = WORK, a = WORK + 0x2000, b = WORK + 0x4000;
	__u32 dw[] = { VADD(ADDR(dst), ADDR(a), ADDR(b), n) };
	unsigned int i, bad = 0;

	if (!up(env))
		return;
	memset(vram(c) + dst, CANARY, 4 * n + 16);
	for (i = 0; i < n; i++) {
		f32_at(c, a)[i] = test_value(i, 1);
		f32_at(c, b)[i] = test_value(i, 2);
	}
	ring_submit(c, COMPUTE_E, dw, ARRAY_SIZE(dw));
	if (!sync_engine(env, COMPUTE_E))
		return;
	for (i = 0; i < n; i++)
		bad += f32_at(c, dst)[i] != test_value(i, 1) + test_value(i, 2);
	expect(!bad, "%u wrong VADD elements", bad);
	expect(all_bytes(vram(c) + dst + 4 * n, 16, CANARY),
	       "VADD wrote past count");
}

static void test_saxpy(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	const unsigned int n = 777;
	const float alpha = -2.375f;
	const __u64 y = WORK, x = WORK + 0x2000;
	__u32 dw[] = { SAXPY(ADDR(y), ADDR(x), n, f32_bits(alpha)) };
	float ref[777];
	unsigned int i, bad = 0;

	if (!up(env))
		return;
	memset(vram(c) + y + 4 * n, CANARY, 16);
	for (i = 0; i < n; i++) {
		f32_at(c, x)[i] = test_value(i, 3);
		f32_at(c, y)[i] = test_value(i, 4);
		ref[i] = alpha * test_value(i, 3) + test_value(i, 4);
	}
	ring_submit(c, 2, dw, ARRAY_SIZE(dw));
	if (!sync_engine(env, 2))
		return;
	for (i = 0; i < n; i++)
		bad += !close_to(f32_at(c, y)[i], ref[i]);
	expect(!bad, "%u wrong SAXPY elements", bad);
	expect(all_bytes(vram(c) + y + 4 * n, 16, CANARY),
	       "SAXPY wrote past count");
}

/* C (M x N) = A (M x K) * B (K x N) with padded strides. */
static void test_gemm(void *ctx)
{
	enum { M = 13, N = 17, K = 11 };
	const __u32 lda = 4 * K + 12, ldb = 4 * N + 20, ldc = 4 * N + 8;
	const __u64 c_off = WORK, a_off = WORK + 0x4000, b_off = WORK + 0x8000;
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 dw[] = { GEMM(ADDR(c_off), ADDR(a_off), ADDR(b_off), M, N, K,
			    lda, ldb, ldc) };
	unsigned int i, j, k, bad = 0, pad = 0;
	float ref;

	if (!up(env))
		return;
	memset(vram(c) + c_off, CANARY, M * ldc);
	for (i = 0; i < M; i++)
		for (k = 0; k < K; k++)
			f32_at(c, a_off + i * lda)[k] = test_value(i * K + k, 5);
	for (k = 0; k < K; k++)
		for (j = 0; j < N; j++)
			f32_at(c, b_off + k * ldb)[j] = test_value(k * N + j, 6);
	ring_submit(c, COMPUTE_E, dw, ARRAY_SIZE(dw));
	if (!sync_engine(env, COMPUTE_E))
		return;
	for (i = 0; i < M; i++) {
		for (j = 0; j < N; j++) {
			ref = 0.0f;
			for (k = 0; k < K; k++)
				ref += test_value(i * K + k, 5) *
				       test_value(k * N + j, 6);
			bad += !close_to(f32_at(c, c_off + i * ldc)[j], ref);
		}
		pad += !all_bytes(vram(c) + c_off + i * ldc + 4 * N,
				  ldc - 4 * N, CANARY);
	}
	expect(!bad, "%u wrong GEMM elements", bad);
	expect(!pad, "GEMM wrote into the row padding of %u rows", pad);
}

/* K = 0: C is the empty sum, all +0.0; A and B are not touched. */
static void test_gemm_k0(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 dw[] = { GEMM(ADDR(WORK), END - 4, END - 4, 3, 5, 0, 0, 0, 32) };
	unsigned int i;

	if (!up(env))
		return;
	memset(vram(c) + WORK, CANARY, 3 * 32);
	ring_submit(c, 2, dw, ARRAY_SIZE(dw));
	if (!sync_engine(env, 2))
		return;
	for (i = 0; i < 3; i++) {
		expect(all_bytes(vram(c) + WORK + i * 32, 20, 0),
		       "row %u of C not zeroed", i);
		expect(all_bytes(vram(c) + WORK + i * 32 + 20, 12, CANARY),
		       "row %u padding written", i);
	}
}

/* CPU reference of the pixel conversions documented in duet-hw.rst. */
static __u32 ref_bpp(__u32 fmt)
{
	return fmt == DUET_FORMAT_R8 ? 1 : fmt == DUET_FORMAT_RGB565 ? 2 : 4;
}

static __u32 ref_to_argb(__u32 fmt, __u32 p)
{
	__u32 r, g, b;

	switch (fmt) {
	case DUET_FORMAT_R8:
		return 0xff000000 | p << 16 | p << 8 | p;
	case DUET_FORMAT_RGB565:
		/* 5 and 6 bits widened by bit replication */
		r = (p >> 11) << 3 | (p >> 13);
		g = ((p >> 5) & 63) << 2 | ((p >> 9) & 3);
		b = (p & 31) << 3 | ((p >> 2) & 7);
		return 0xff000000 | r << 16 | g << 8 | b;
	case DUET_FORMAT_XRGB8888:
		return p | 0xff000000;
	}
	return p;
}

static __u32 ref_from_argb(__u32 fmt, __u32 c)
{
	__u32 r = c >> 16 & 0xff, g = c >> 8 & 0xff, b = c & 0xff;

	switch (fmt) {
	case DUET_FORMAT_R8:
		return (77 * r + 150 * g + 29 * b + 128) / 256;
	case DUET_FORMAT_RGB565:
		return (r / 8) << 11 | (g / 4) << 5 | b / 8;
	case DUET_FORMAT_XRGB8888:
		return c | 0xff000000;
	}
	return c;
}

static __u32 px_get(const __u8 *p, __u32 bpp)
{
	__u32 v = 0;

	memcpy(&v, p, bpp);
	return v;
}

struct fill_case {
	const char *name;
	__u32 format;
};

static const struct fill_case fill_cases[] = {
	{ "FILL_RECT R8", DUET_FORMAT_R8 },
	{ "FILL_RECT RGB565", DUET_FORMAT_RGB565 },
	{ "FILL_RECT XRGB8888", DUET_FORMAT_XRGB8888 },
	{ "FILL_RECT ARGB8888", DUET_FORMAT_ARGB8888 },
};

static void test_fill_rect(void *ctx)
{
	const struct fill_case *fc = ctx;
	struct env *env = &sim_env;
	struct sim_client *c = &env->c;
	const __u32 bpp = ref_bpp(fc->format), stride = 40 * bpp + 7;
	const __u32 x = 3, y = 5, w = 17, h = 9, color = 0x80c06040;
	__u32 dw[] = { FILL_RECT(ADDR(WORK), stride, fc->format, x, y, w, h,
				 color) };
	__u32 want = ref_from_argb(fc->format, color);
	unsigned int row, col, bad = 0, outside = 0;
	__u8 *m;

	if (!up(env))
		return;
	m = vram(c) + WORK;
	memset(m, CANARY, 30 * stride);
	ring_submit(c, GRAPHICS_E, dw, ARRAY_SIZE(dw));
	if (!sync_engine(env, GRAPHICS_E))
		return;
	for (row = 0; row < 30; row++) {
		for (col = 0; col < stride / bpp; col++) {
			__u8 *p = m + row * stride + col * bpp;

			if (row >= y && row < y + h && col >= x && col < x + w)
				bad += px_get(p, bpp) != want;
			else
				outside += !all_bytes(p, bpp, CANARY);
		}
	}
	expect(!bad, "%u wrong pixels, want 0x%x", bad, want);
	expect(!outside, "%u pixels written outside the rectangle", outside);
}

struct blit_case {
	const char *name;
	__u32 sfmt, sstride, sx, sy;
	__u32 dfmt, dstride, dx, dy;
	__u32 w, h;
};

static const struct blit_case blit_cases[] = {
	{ "BLIT ARGB8888 -> ARGB8888", DUET_FORMAT_ARGB8888, 256, 0, 0,
	  DUET_FORMAT_ARGB8888, 256, 0, 0, 64, 16 },
	{ "BLIT ARGB8888 -> XRGB8888 sub-rect", DUET_FORMAT_ARGB8888, 300, 5,
	  3, DUET_FORMAT_XRGB8888, 212, 2, 7, 31, 12 },
	{ "BLIT XRGB8888 -> ARGB8888", DUET_FORMAT_XRGB8888, 160, 1, 1,
	  DUET_FORMAT_ARGB8888, 400, 9, 0, 20, 20 },
	{ "BLIT ARGB8888 -> RGB565", DUET_FORMAT_ARGB8888, 128, 2, 0,
	  DUET_FORMAT_RGB565, 70, 3, 4, 29, 11 },
	{ "BLIT RGB565 -> XRGB8888", DUET_FORMAT_RGB565, 66, 1, 2,
	  DUET_FORMAT_XRGB8888, 132, 0, 1, 31, 9 },
	{ "BLIT RGB565 -> R8", DUET_FORMAT_RGB565, 100, 4, 4,
	  DUET_FORMAT_R8, 51, 7, 3, 40, 13 },
	{ "BLIT R8 -> ARGB8888", DUET_FORMAT_R8, 37, 3, 1,
	  DUET_FORMAT_ARGB8888, 160, 1, 2, 33, 8 },
	{ "BLIT XRGB8888 -> R8", DUET_FORMAT_XRGB8888, 140, 0, 5,
	  DUET_FORMAT_R8, 33, 1, 0, 32, 6 },
	{ "BLIT R8 -> RGB565", DUET_FORMAT_R8, 20, 2, 2,
	  DUET_FORMAT_RGB565, 44, 5, 5, 17, 17 },
};

#define BLIT_SRC	WORK
#define BLIT_DST	(WORK + 0x10000)
#define BLIT_ROWS	32

static void test_blit(void *ctx)
{
	const struct blit_case *bc = ctx;
	struct env *env = &sim_env;
	struct sim_client *c = &env->c;
	const __u32 sbpp = ref_bpp(bc->sfmt), dbpp = ref_bpp(bc->dfmt);
	__u32 dw[] = { BLIT(ADDR(BLIT_SRC), bc->sstride, bc->sfmt, bc->sx,
			    bc->sy, ADDR(BLIT_DST), bc->dstride, bc->dfmt,
			    bc->dx, bc->dy, bc->w, bc->h) };
	unsigned int i, row, col, bad = 0, outside = 0;
	__u8 *src, *dst;

	if (!up(env))
		return;
	src = vram(c) + BLIT_SRC;
	dst = vram(c) + BLIT_DST;
	for (i = 0; i < BLIT_ROWS * bc->sstride; i++)
		src[i] = i * 167 + (i >> 8) * 31 + 11;
	memset(dst, CANARY, BLIT_ROWS * bc->dstride);
	ring_submit(c, GRAPHICS_E, dw, ARRAY_SIZE(dw));
	if (!sync_engine(env, GRAPHICS_E))
		return;
	for (row = 0; row < BLIT_ROWS; row++) {
		for (col = 0; col < bc->dstride / dbpp; col++) {
			__u8 *p = dst + row * bc->dstride + col * dbpp;
			__u32 want;

			if (row < bc->dy || row >= bc->dy + bc->h ||
			    col < bc->dx || col >= bc->dx + bc->w) {
				outside += !all_bytes(p, dbpp, CANARY);
				continue;
			}
			want = px_get(src + (row - bc->dy + bc->sy) * bc->sstride +
				      (col - bc->dx + bc->sx) * sbpp, sbpp);
			want = ref_from_argb(bc->dfmt,
					     ref_to_argb(bc->sfmt, want));
			if (px_get(p, dbpp) != want && bad++ < 3)
				expect(false, "pixel (%u,%u): 0x%x, want 0x%x",
				       col, row, px_get(p, dbpp), want);
		}
	}
	expect(!bad, "%u wrong pixels", bad);
	expect(!outside, "%u pixels written outside the rectangle", outside);
}

/* Scrolling inside one surface, both directions: memmove semantics. */
static void test_blit_overlap(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	const __u32 stride = 64 * 4, f = DUET_FORMAT_ARGB8888;
	__u32 dw[] = {
		BLIT(ADDR(WORK), stride, f, 0, 0, ADDR(WORK), stride, f, 3, 2,
		     40, 20),
		BLIT(ADDR(WORK + 0x8000), stride, f, 5, 4, ADDR(WORK + 0x8000),
		     stride, f, 1, 1, 40, 20),
	};
	__u32 orig[2][32][64], *m;
	unsigned int s, row, col, bad = 0;

	if (!up(env))
		return;
	for (s = 0; s < 2; s++) {
		m = (__u32 *)(vram(c) + WORK + s * 0x8000);
		for (row = 0; row < 32; row++)
			for (col = 0; col < 64; col++)
				m[row * 64 + col] = orig[s][row][col] =
					s << 24 | row << 8 | col;
	}
	ring_submit(c, GRAPHICS_E, dw, ARRAY_SIZE(dw));
	if (!sync_engine(env, GRAPHICS_E))
		return;
	m = (__u32 *)(vram(c) + WORK);
	for (row = 0; row < 20; row++)
		for (col = 0; col < 40; col++)
			bad += m[(row + 2) * 64 + col + 3] != orig[0][row][col];
	m = (__u32 *)(vram(c) + WORK + 0x8000);
	for (row = 0; row < 20; row++)
		for (col = 0; col < 40; col++)
			bad += m[(row + 1) * 64 + col + 1] !=
			       orig[1][row + 4][col + 5];
	expect(!bad, "%u wrong pixels after overlapping BLITs", bad);
}

static void test_zero_sized(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 compute[] = {
		VADD(ADDR(WORK), ADDR(WORK), END - 4, 0),
		SAXPY(END - 4, ADDR(WORK), 0, 0),
		GEMM(END - 4, END - 4, END - 4, 0, 0, 0, 0, 0, 0),
		GEMM(END - 4, END - 4, END - 4, 0, 0, 5, 0, 0, 0),
	};
	__u32 gfx[] = {
		FILL_RECT(END - 1, 0, DUET_FORMAT_R8, 100, 100, 0, 5, 0),
		FILL_RECT(END - 1, 0, DUET_FORMAT_ARGB8888, 9, 9, 5, 0, 0),
		BLIT(END - 1, 0, DUET_FORMAT_R8, 0, 0, ADDR(0), 0,
		     DUET_FORMAT_RGB565, 7, 7, 0, 0),
	};

	if (!up(env))
		return;
	ring_submit(c, COMPUTE_E, compute, ARRAY_SIZE(compute));
	ring_submit(c, GRAPHICS_E, gfx, ARRAY_SIZE(gfx));
	sync_engine(env, COMPUTE_E);
	sync_engine(env, GRAPHICS_E);
}

/* A SPIN on compute engine 1 delays neither engine 2 nor graphics. */
static void test_spin_concurrency(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 spin[] = { SPIN(2000000), FENCE(0x5150) };
	__u64 start, t;
	unsigned int e;

	if (!up(env))
		return;
	drain_irqs(c);
	start = now_ms();
	ring_submit(c, 1, spin, ARRAY_SIZE(spin));
	sleep_ms(20);
	expect_eq(eng_read(c, 1, DUET_ENG_STATUS), DUET_ENGINE_STATUS_BUSY,
		  "STATUS during SPIN");
	for (e = 0; e < NUM_ENGINES; e += 2) {
		t = now_ms();
		if (!sync_engine(env, e))
			return;
		t = now_ms() - t;
		expect(t < 50, "FENCE on engine %u took %llu ms", e,
		       (unsigned long long)t);
	}
	expect(!wait_irq(c, DUET_IRQ_VECTOR_ENGINE(1), 0),
	       "SPIN ended early");
	if (!expect(wait_irq(c, DUET_IRQ_VECTOR_ENGINE(1), 3000),
		    "no FENCE after the SPIN"))
		return;
	t = now_ms() - start;
	expect(t >= 2000 && t < 2500, "2 s SPIN took %llu ms",
	       (unsigned long long)t);
	expect_eq(eng_read(c, 1, DUET_ENG_SEQNO), 0x5150, "SEQNO");
	expect_eq(eng_read(c, 1, DUET_ENG_STATUS), DUET_ENGINE_STATUS_IDLE,
		  "STATUS after SPIN");
}

/* Reset aborts a 10 s SPIN promptly, drops what follows, engine works. */
static void test_reset_during_spin(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 spin[] = { SPIN(10000000), FENCE(0xdead),
			 FILL(ADDR(WORK), 4, 0x1234) };
	__u32 count = eng_read(c, 2, DUET_ENG_RESET_COUNT);
	__u64 t;

	if (!up(env))
		return;
	drain_irqs(c);
	memset(vram(c) + WORK, CANARY, 4);
	ring_submit(c, 2, spin, ARRAY_SIZE(spin));
	sleep_ms(50);
	expect_eq(eng_read(c, 2, DUET_ENG_STATUS), DUET_ENGINE_STATUS_BUSY,
		  "STATUS during SPIN");
	t = now_ms();
	eng_write(c, 2, DUET_ENG_CONTROL, DUET_ENG_CONTROL_RESET);
	ring_doorbell(c, 2);
	if (!expect(wait_irq(c, DUET_IRQ_VECTOR_ERROR, 1000),
		    "no reset interrupt"))
		return;
	t = now_ms() - t;
	expect(t < 100, "reset took %llu ms", (unsigned long long)t);
	expect_eq(eng_read(c, 2, DUET_ENG_RESET_COUNT), count + 1,
		  "RESET_COUNT");
	expect_eq(eng_read(c, 2, DUET_ENG_RING_HEAD),
		  eng_read(c, 2, DUET_ENG_RING_TAIL), "HEAD after reset");
	expect_eq(eng_read(c, 2, DUET_ENG_STATUS), DUET_ENGINE_STATUS_IDLE,
		  "STATUS after reset");
	expect_eq(eng_read(c, 2, DUET_ENG_CONTROL), 0, "CONTROL after reset");
	expect(!wait_irq(c, DUET_IRQ_VECTOR_ENGINE(2), SILENCE_MS),
	       "FENCE after the aborted SPIN executed");
	expect(eng_read(c, 2, DUET_ENG_SEQNO) != 0xdead, "SEQNO of dropped FENCE");
	expect(all_bytes(vram(c) + WORK, 4, CANARY), "dropped FILL executed");
	sync_engine(env, 2);
}

/* A doorbell without reset does not cut a SPIN short. */
static void test_spin_doorbell(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 spin[] = { SPIN(200000) };
	__u64 t = now_ms();

	if (!up(env))
		return;
	ring_submit(c, GRAPHICS_E, spin, ARRAY_SIZE(spin));
	sleep_ms(20);
	ring_doorbell(c, GRAPHICS_E);
	if (!sync_engine(env, GRAPHICS_E))
		return;
	t = now_ms() - t;
	expect(t >= 200, "200 ms SPIN took %llu ms", (unsigned long long)t);
}

#define F32	DUET_FORMAT_ARGB8888
#define BIG	0xffffffffu

static const struct bad_case cmd_bad_cases[] = {
	/* Wrong engine kind. */
	BAD_CMD("fault: VADD on graphics", 0, DUET_ERR_BAD_ENGINE,
		VADD(ADDR(0), ADDR(0), ADDR(0), 1)),
	BAD_CMD("fault: SAXPY on graphics", 0, DUET_ERR_BAD_ENGINE,
		SAXPY(ADDR(0), ADDR(0), 1, 0)),
	BAD_CMD("fault: GEMM on graphics", 0, DUET_ERR_BAD_ENGINE,
		GEMM(ADDR(0), ADDR(0), ADDR(0), 1, 1, 1, 4, 4, 4)),
	BAD_CMD("fault: FILL_RECT on compute", 1, DUET_ERR_BAD_ENGINE,
		FILL_RECT(ADDR(0), 4, F32, 0, 0, 1, 1, 0)),
	BAD_CMD("fault: BLIT on compute", 2, DUET_ERR_BAD_ENGINE,
		BLIT(ADDR(0), 4, F32, 0, 0, ADDR(4), 4, F32, 0, 0, 1, 1)),
	BAD_CMD("fault: SPIN with wrong length", 1, DUET_ERR_BAD_LENGTH,
		DUET_CMD_HEADER(DUET_CMD_SPIN, 3), 1, 2),
	/* Formats. */
	BAD_CMD("fault: FILL_RECT format 0", 0, DUET_ERR_BAD_FORMAT,
		FILL_RECT(ADDR(0), 4, 0, 0, 0, 1, 1, 0)),
	BAD_CMD("fault: FILL_RECT format 5", 0, DUET_ERR_BAD_FORMAT,
		FILL_RECT(ADDR(0), 4, 5, 0, 0, 1, 1, 0)),
	BAD_CMD("fault: BLIT bad src format", 0, DUET_ERR_BAD_FORMAT,
		BLIT(ADDR(0), 4, 9, 0, 0, ADDR(4), 4, F32, 0, 0, 1, 1)),
	BAD_CMD("fault: BLIT bad dst format", 0, DUET_ERR_BAD_FORMAT,
		BLIT(ADDR(0), 4, F32, 0, 0, ADDR(4), 4, BIG, 0, 0, 1, 1)),
	BAD_CMD("fault: format checked before address", 0,
		DUET_ERR_BAD_FORMAT,
		FILL_RECT(END, 4, 0, 0, 0, 1, 1, 0)),
	/* Strides. */
	BAD_CMD("fault: FILL_RECT stride below row end", 0,
		DUET_ERR_BAD_STRIDE,
		FILL_RECT(ADDR(0), 40, F32, 2, 0, 9, 2, 0)),
	BAD_CMD("fault: BLIT src stride", 0, DUET_ERR_BAD_STRIDE,
		BLIT(ADDR(0), 15, DUET_FORMAT_RGB565, 0, 0, ADDR(0x100), 64,
		     F32, 0, 0, 8, 2)),
	BAD_CMD("fault: BLIT dst stride", 0, DUET_ERR_BAD_STRIDE,
		BLIT(ADDR(0), 64, F32, 0, 0, ADDR(0x100), 8, DUET_FORMAT_R8,
		     1, 0, 8, 2)),
	BAD_CMD("fault: GEMM lda below K", 1, DUET_ERR_BAD_STRIDE,
		GEMM(ADDR(0), ADDR(0x100), ADDR(0x200), 2, 2, 3, 8, 8, 8)),
	BAD_CMD("fault: GEMM ldb below N", 2, DUET_ERR_BAD_STRIDE,
		GEMM(ADDR(0), ADDR(0x100), ADDR(0x200), 2, 3, 2, 8, 8, 12)),
	BAD_CMD("fault: GEMM ldc below N", 1, DUET_ERR_BAD_STRIDE,
		GEMM(ADDR(0), ADDR(0x100), ADDR(0x200), 2, 3, 2, 8, 12, 8)),
	/* Out of VRAM: every operand of every command. */
	BAD_CMD("fault: VADD dst crossing VRAM end", 1, DUET_ERR_BAD_ADDRESS,
		VADD(END - 8, ADDR(0), ADDR(0), 3)),
	BAD_CMD("fault: VADD a below VRAM", 2, DUET_ERR_BAD_ADDRESS,
		VADD(ADDR(0), ADDR(0) - 4, ADDR(0), 3)),
	BAD_CMD("fault: VADD b at VRAM end, count 0", 1, DUET_ERR_BAD_ADDRESS,
		VADD(ADDR(0), ADDR(0), END, 0)),
	BAD_CMD("fault: SAXPY y far above VRAM", 2, DUET_ERR_BAD_ADDRESS,
		SAXPY(ADDR(1ULL << 40), ADDR(0), 1, 0)),
	BAD_CMD("fault: SAXPY x crossing VRAM end", 1, DUET_ERR_BAD_ADDRESS,
		SAXPY(ADDR(0), END - 0x100, 0x41, 0)),
	BAD_CMD("fault: SAXPY x address wraps u64", 2, DUET_ERR_BAD_ADDRESS,
		SAXPY(ADDR(0), ~0ULL - 3, 2, 0)),
	BAD_CMD("fault: GEMM C crossing VRAM end", 1, DUET_ERR_BAD_ADDRESS,
		GEMM(END - 0x100, ADDR(0), ADDR(0), 3, 4, 1, 4, 16, 0x80)),
	BAD_CMD("fault: GEMM A crossing VRAM end", 2, DUET_ERR_BAD_ADDRESS,
		GEMM(ADDR(0), END - 0x100, ADDR(0), 3, 4, 1, 0x80, 16, 16)),
	BAD_CMD("fault: GEMM B crossing VRAM end", 1, DUET_ERR_BAD_ADDRESS,
		GEMM(ADDR(0), ADDR(0), END - 0x100, 3, 4, 3, 12, 0x80, 16)),
	BAD_CMD("fault: GEMM A extent larger than VRAM", 2,
		DUET_ERR_BAD_ADDRESS,
		GEMM(ADDR(0), ADDR(0), ADDR(0), BIG, 1, 1, 4, 4, BIG - 3)),
	BAD_CMD("fault: FILL_RECT crossing VRAM end", 0, DUET_ERR_BAD_ADDRESS,
		FILL_RECT(END - 0x1000, 0x100, F32, 0, 15, 64, 2, 0)),
	BAD_CMD("fault: FILL_RECT below VRAM", 0, DUET_ERR_BAD_ADDRESS,
		FILL_RECT(ADDR(0) - 0x100, 0x100, F32, 0, 1, 4, 1, 0)),
	BAD_CMD("fault: FILL_RECT extent overflows u64", 0,
		DUET_ERR_BAD_ADDRESS,
		FILL_RECT(ADDR(0), BIG, DUET_FORMAT_R8, 0, BIG, 1, BIG, 0)),
	BAD_CMD("fault: FILL_RECT y * stride beyond VRAM", 0,
		DUET_ERR_BAD_ADDRESS,
		FILL_RECT(ADDR(0), 0x10000, DUET_FORMAT_R8, 0, 0x10000, 1, 1,
			  0)),
	BAD_CMD("fault: BLIT src crossing VRAM end", 0, DUET_ERR_BAD_ADDRESS,
		BLIT(END - 0x400, 0x100, F32, 0, 0, ADDR(0), 0x100, F32, 0, 0,
		     8, 5)),
	BAD_CMD("fault: BLIT dst crossing VRAM end", 0, DUET_ERR_BAD_ADDRESS,
		BLIT(ADDR(0), 0x100, F32, 0, 0, END - 0x400, 0x100, F32, 0, 3,
		     8, 2)),
	BAD_CMD("fault: BLIT dst extent overflows u64", 0,
		DUET_ERR_BAD_ADDRESS,
		BLIT(ADDR(0), 4, F32, 0, 0, ADDR(0), BIG, DUET_FORMAT_R8, 0,
		     BIG, 1, 2)),
	/* Alignment. */
	BAD_CMD("fault: VADD misaligned a", 1, DUET_ERR_BAD_ALIGNMENT,
		VADD(ADDR(0), ADDR(2), ADDR(8), 1)),
	BAD_CMD("fault: SAXPY misaligned y, count 0", 2,
		DUET_ERR_BAD_ALIGNMENT, SAXPY(ADDR(1), ADDR(0), 0, 0)),
	BAD_CMD("fault: GEMM misaligned ldb", 1, DUET_ERR_BAD_ALIGNMENT,
		GEMM(ADDR(0), ADDR(0x100), ADDR(0x200), 2, 2, 2, 8, 10, 8)),
	BAD_CMD("fault: GEMM misaligned C", 2, DUET_ERR_BAD_ALIGNMENT,
		GEMM(ADDR(2), ADDR(0x100), ADDR(0x200), 2, 2, 2, 8, 8, 8)),
};

void run_cmd_tests(void)
{
	unsigned int i;

	tap_run("VADD matches the CPU", test_vadd, &sim_env);
	tap_run("SAXPY matches the CPU", test_saxpy, &sim_env);
	tap_run("GEMM 13x11 * 11x17, padded strides", test_gemm, &sim_env);
	tap_run("GEMM with K = 0 zeroes C", test_gemm_k0, &sim_env);
	for (i = 0; i < ARRAY_SIZE(fill_cases); i++)
		tap_run(fill_cases[i].name, test_fill_rect,
			(void *)&fill_cases[i]);
	for (i = 0; i < ARRAY_SIZE(blit_cases); i++)
		tap_run(blit_cases[i].name, test_blit, (void *)&blit_cases[i]);
	tap_run("overlapping BLITs behave like memmove", test_blit_overlap,
		&sim_env);
	tap_run("zero-sized compute and 2D commands", test_zero_sized,
		&sim_env);
	for (i = 0; i < ARRAY_SIZE(cmd_bad_cases); i++)
		tap_run(cmd_bad_cases[i].name, test_bad_case,
			(void *)&cmd_bad_cases[i]);
	tap_run("SPIN on engine 1 does not delay engines 0 and 2",
		test_spin_concurrency, &sim_env);
	tap_run("reset aborts a 10 s SPIN", test_reset_during_spin, &sim_env);
	tap_run("doorbell without reset keeps a SPIN going",
		test_spin_doorbell, &sim_env);
}
