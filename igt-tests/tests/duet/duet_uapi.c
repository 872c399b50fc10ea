// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet_uapi: every invalid input of every Duet ioctl is rejected with the
 * documented error, one subtest per node, ioctl and invalid field:
 * <node>-<ioctl>-<case>, e.g. accel-get-param-bad-pad.
 *
 * To cover a new ioctl, add a struct uapi_ioctl to the ioctls[] table: its
 * request, argument size, a valid argument (init) and its invalid cases
 * (each mutates a valid argument into an invalid one). Every ioctl also
 * gets a bad-pointer subtest (EFAULT).
 *
 * SUBMIT's commands have their own table, cmds[]: for each command (VADD,
 * SAXPY, GEMM, FILL_RECT, BLIT) a valid instance, checked against the CPU
 * (<node>-submit-<cmd>-valid), and one subtest per invalid field:
 * every operand's window, every unused operand and argument, the flags,
 * the engine class, and the command's own geometry (strides, formats,
 * alignment, extents that overflow 32 or 64 bits), e.g.
 * render-submit-gemm-lda-misaligned. Each runs on every node whose engines
 * accept the command. cross-card-import-<node>-to-<node> imports a dma-buf
 * of card 0 into card 1 (EXDEV).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "igt_subset.h"
#include "igt_duet.h"

enum node { RENDER, ACCEL };

static const char *const node_names[] = { "render", "accel" };

/* Both GET_PARAM structs have this layout (and the same PARAM numbers). */
struct get_param {
	uint32_t param, index;
	uint64_t value;
	uint32_t flags, pad;
};
_Static_assert(sizeof(struct get_param) == sizeof(struct drm_duet_get_param),
	       "render GET_PARAM layout");
_Static_assert(sizeof(struct get_param) ==
	       sizeof(struct drm_duet_accel_get_param), "accel GET_PARAM layout");
_Static_assert(DRM_DUET_PARAM_ENGINE_CLASS ==
	       DRM_DUET_ACCEL_PARAM_ENGINE_CLASS, "same PARAM numbers");

struct invalid_case {
	const char *name;
	const char *desc;
	/* Turn the valid argument @arg into an invalid one. */
	void (*mutate)(int fd, enum node node, void *arg);
	int err;
};

struct uapi_ioctl {
	const char *name;
	enum node node;
	unsigned long request;
	size_t size;
	void (*init)(int fd, enum node node, void *arg); /* a valid argument */
	const struct invalid_case *cases;
};

#define MAX_ARG 256

/* ---- GET_PARAM (both nodes) --------------------------------------------- */

static void get_param_init(int fd, enum node n, void *arg)
{
	struct get_param *p = arg;

	(void)fd; (void)n;
	memset(p, 0, sizeof(*p));
	p->param = DRM_DUET_PARAM_HW_VERSION;
}

static void gp_bad_param(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct get_param *)arg)->param = 1000;
}

static void gp_bad_flags(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct get_param *)arg)->flags = 1;
}

static void gp_bad_pad(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct get_param *)arg)->pad = 1;
}

static void gp_bad_index(int fd, enum node n, void *arg)
{
	struct get_param *p = arg;

	(void)fd; (void)n;
	p->param = DRM_DUET_PARAM_VRAM_SIZE;
	p->index = 1;
}

static void gp_bad_engine(int fd, enum node n, void *arg)
{
	struct get_param *p = arg;

	(void)fd; (void)n;
	p->param = DRM_DUET_PARAM_ENGINE_CLASS;
	p->index = 8;
}

/* The first engine index past the node's last engine. */
static void gp_engine_past_last(int fd, enum node n, void *arg)
{
	struct get_param *p = arg;

	p->param = DRM_DUET_PARAM_ENGINE_CLASS;
	p->index = n == ACCEL ?
		igt_duet_accel_get_param(fd, DRM_DUET_ACCEL_PARAM_NUM_ENGINES, 0) :
		igt_duet_render_get_param(fd, DRM_DUET_PARAM_NUM_ENGINES, 0);
}

static const struct invalid_case get_param_cases[] = {
	{ "bad-param", "an unknown parameter", gp_bad_param, EINVAL },
	{ "bad-flags", "non-zero flags", gp_bad_flags, EINVAL },
	{ "bad-pad", "non-zero padding", gp_bad_pad, EINVAL },
	{ "bad-index", "an index on a parameter that takes none",
	  gp_bad_index, EINVAL },
	{ "bad-engine", "an engine index far out of range (ENOENT)",
	  gp_bad_engine, ENOENT },
	{ "engine-past-last", "the engine index just past the last engine "
	  "(ENOENT)", gp_engine_past_last, ENOENT },
	{ }
};

/* ---- BO_CREATE and BO_INFO (both nodes, same layouts) ------------------- */

struct bo_create {
	uint64_t size;
	uint32_t flags, handle;
};
_Static_assert(sizeof(struct bo_create) == sizeof(struct drm_duet_bo_create),
	       "render BO_CREATE layout");
_Static_assert(sizeof(struct bo_create) ==
	       sizeof(struct drm_duet_accel_bo_create), "accel BO_CREATE layout");

struct bo_info {
	uint32_t handle, flags;
	uint64_t size, mmap_offset, device_address;
};
_Static_assert(sizeof(struct bo_info) == sizeof(struct drm_duet_bo_info),
	       "render BO_INFO layout");
_Static_assert(sizeof(struct bo_info) == sizeof(struct drm_duet_accel_bo_info),
	       "accel BO_INFO layout");

#define PAGE 4096

static void bo_create_init(int fd, enum node n, void *arg)
{
	struct bo_create *c = arg;

	(void)fd; (void)n;
	memset(c, 0, sizeof(*c));
	c->size = PAGE;
}

static void bc_zero_size(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct bo_create *)arg)->size = 0;
}

static void bc_too_large(int fd, enum node n, void *arg)
{
	((struct bo_create *)arg)->size = PAGE + (n == ACCEL ?
		igt_duet_accel_get_param(fd, DRM_DUET_ACCEL_PARAM_VRAM_SIZE, 0) :
		igt_duet_render_get_param(fd, DRM_DUET_PARAM_VRAM_SIZE, 0));
}

static void bc_huge(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct bo_create *)arg)->size = ~0ull;	/* must not wrap */
}

static void bc_bad_flags(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct bo_create *)arg)->flags = DRM_DUET_BO_SYSTEM << 1;
}

static void bc_all_flags(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct bo_create *)arg)->flags = ~0u;
}

static void bc_bad_handle(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct bo_create *)arg)->handle = 1;
}

static const struct invalid_case bo_create_cases[] = {
	{ "zero-size", "a size of 0", bc_zero_size, EINVAL },
	{ "too-large", "a size larger than VRAM", bc_too_large, EINVAL },
	{ "huge-size", "a size that overflows when page aligned", bc_huge,
	  EINVAL },
	{ "bad-flags", "the first unknown flag", bc_bad_flags, EINVAL },
	{ "all-flags", "every flag, known and unknown", bc_all_flags, EINVAL },
	{ "bad-handle", "a non-zero input handle", bc_bad_handle, EINVAL },
	{ }
};

static void bo_info_init(int fd, enum node n, void *arg)
{
	struct bo_create c = { .size = PAGE };
	struct bo_info *i = arg;

	do_ioctl(fd, n == ACCEL ? DRM_IOCTL_DUET_ACCEL_BO_CREATE :
		 DRM_IOCTL_DUET_BO_CREATE, &c);
	memset(i, 0, sizeof(*i));
	i->handle = c.handle;
}

static void bi_no_handle(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct bo_info *)arg)->handle = 0;
}

static void bi_bad_handle(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct bo_info *)arg)->handle += 1000;
}

static void bi_bad_flags(int fd, enum node n, void *arg)
{
	(void)fd; (void)n;
	((struct bo_info *)arg)->flags = 1;
}

static const struct invalid_case bo_info_cases[] = {
	{ "no-handle", "handle 0 (ENOENT)", bi_no_handle, ENOENT },
	{ "bad-handle", "a handle naming no buffer (ENOENT)", bi_bad_handle,
	  ENOENT },
	{ "bad-flags", "non-zero flags", bi_bad_flags, EINVAL },
	{ }
};

static const struct uapi_ioctl ioctls[] = {
	{ "get-param", RENDER, DRM_IOCTL_DUET_GET_PARAM,
	  sizeof(struct drm_duet_get_param), get_param_init, get_param_cases },
	{ "get-param", ACCEL, DRM_IOCTL_DUET_ACCEL_GET_PARAM,
	  sizeof(struct drm_duet_accel_get_param), get_param_init,
	  get_param_cases },
	{ "bo-create", RENDER, DRM_IOCTL_DUET_BO_CREATE,
	  sizeof(struct drm_duet_bo_create), bo_create_init, bo_create_cases },
	{ "bo-create", ACCEL, DRM_IOCTL_DUET_ACCEL_BO_CREATE,
	  sizeof(struct drm_duet_accel_bo_create), bo_create_init,
	  bo_create_cases },
	{ "bo-info", RENDER, DRM_IOCTL_DUET_BO_INFO,
	  sizeof(struct drm_duet_bo_info), bo_info_init, bo_info_cases },
	{ "bo-info", ACCEL, DRM_IOCTL_DUET_ACCEL_BO_INFO,
	  sizeof(struct drm_duet_accel_bo_info), bo_info_init, bo_info_cases },
	/* SUBMIT, ... go here. */
};

static int open_node(enum node node)
{
	return node == ACCEL ? igt_duet_open_accel(0) : igt_duet_open_render(0);
}

static void run_invalid(const struct uapi_ioctl *ioc,
			const struct invalid_case *c)
{
	uint8_t arg[MAX_ARG];
	int fd = open_node(ioc->node);

	igt_assert(ioc->size <= sizeof(arg));
	ioc->init(fd, ioc->node, arg);
	/* The unmodified argument works, so the error is the field's. */
	do_ioctl(fd, ioc->request, arg);
	ioc->init(fd, ioc->node, arg);
	c->mutate(fd, ioc->node, arg);
	do_ioctl_err(fd, ioc->request, arg, c->err);
	close(fd);
}

static void run_bad_pointer(const struct uapi_ioctl *ioc)
{
	int fd = open_node(ioc->node);

	do_ioctl_err(fd, ioc->request, (void *)8, EFAULT);
	close(fd);
}

/* ---- SUBMIT: the geometry of every command ------------------------------ */

/*
 * A command under test on one engine of a node: the one-page buffers
 * behind its operands and one valid instance of it. Every valid instance
 * has windows exactly as long as what the command touches (the extents of
 * duet_hw.h), so one byte less of window, or one more row, element or
 * pixel, is out of bounds. Each case first submits the valid command (it
 * must be accepted, so the error is the field's) and then breaks one field.
 */
struct cmd_test {
	int fd;
	enum node node;
	uint32_t engine;
	struct igt_duet_buf buf[DRM_DUET_CMD_OPERANDS];
	struct drm_duet_cmd cmd;
};

struct cmd_case {
	const char *name;	/* "%u": the operand or argument index */
	const char *desc;	/* the same */
	int err;
	/* Break the valid command; @i is the index of an indexed case. */
	void (*mutate)(struct cmd_test *t, unsigned int i);
	/* Optional: make it another valid command first (also submitted). */
	void (*prepare)(struct cmd_test *t);
};

struct uapi_cmd {
	const char *name;
	/* Optional: make it an empty command with a huge other dimension. */
	void (*empty)(struct cmd_test *t, unsigned int i);
	uint32_t engine_class;		/* engines that accept it */
	unsigned int num_ops, num_args;	/* it uses op[0..num_ops), arg[0..num_args) */
	bool f32;			/* its operands are f32 arrays */
	void (*init)(struct cmd_test *t);	/* the valid command and its input */
	void (*check)(const struct cmd_test *t);	/* the valid command's result */
	const struct cmd_case *cases;	/* its own geometry cases */
};

static enum igt_duet_node_type dnode(enum node n)
{
	return n == ACCEL ? IGT_DUET_ACCEL : IGT_DUET_RENDER;
}

/* The first @length bytes of buffer @i. */
static struct drm_duet_operand window(const struct cmd_test *t, unsigned int i,
				      uint64_t length)
{
	return igt_duet_op(t->buf[i].handle, 0, length);
}

static void *pixel(const struct cmd_test *t, unsigned int i, uint32_t stride,
		   uint32_t bpp, uint32_t x, uint32_t y)
{
	return (char *)t->buf[i].map + y * stride + x * bpp;
}

/* ---- cases for every command: operands, unused fields, flags, engine ---- */

static void c_offset_at_end(struct cmd_test *t, unsigned int i)
{
	t->cmd.op[i].offset = t->buf[i].size;
	t->cmd.op[i].length = 0;
}

static void c_past_end(struct cmd_test *t, unsigned int i)
{
	t->cmd.op[i].length = t->buf[i].size + 1;
}

static void c_window_wrap(struct cmd_test *t, unsigned int i)
{
	t->cmd.op[i].offset = 8;
	t->cmd.op[i].length = UINT64_MAX - 3;	/* offset + length wraps */
}

static void c_window_short(struct cmd_test *t, unsigned int i)
{
	t->cmd.op[i].length -= 1;
}

static void c_op_pad(struct cmd_test *t, unsigned int i)
{
	t->cmd.op[i].pad = 1;
}

static void c_no_handle(struct cmd_test *t, unsigned int i)
{
	t->cmd.op[i].handle = 0;
}

static void c_misaligned(struct cmd_test *t, unsigned int i)
{
	t->cmd.op[i].offset += 2;	/* the window still fits its buffer */
}

static void c_unused_op(struct cmd_test *t, unsigned int i)
{
	t->cmd.op[i] = igt_duet_buf_op(&t->buf[0]);
}

static void c_unused_op_offset(struct cmd_test *t, unsigned int i)
{
	t->cmd.op[i].offset = 4;
}

static void c_unused_arg(struct cmd_test *t, unsigned int i)
{
	t->cmd.arg[i] = 1;
}

static void c_flags(struct cmd_test *t, unsigned int i)
{
	(void)i;
	t->cmd.flags = 1;
}

/* An engine of the node's other class (render node only). */
static void c_wrong_engine(struct cmd_test *t, unsigned int i)
{
	uint32_t class = igt_duet_engine_class(t->fd, dnode(t->node), t->engine);

	(void)i;
	t->engine = igt_duet_find_engine(t->fd, dnode(t->node),
					 class == DRM_DUET_ENGINE_CLASS_COMPUTE ?
					 DRM_DUET_ENGINE_CLASS_GRAPHICS :
					 DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
}

/* Applied to each operand the command uses. */
static const struct cmd_case used_op_cases[] = {
	{ "op%u-offset-at-end", "operand %u's window starting at the end of its "
	  "buffer", EINVAL, c_offset_at_end, NULL },
	{ "op%u-past-end", "operand %u's window one byte longer than its buffer",
	  EINVAL, c_past_end, NULL },
	{ "op%u-window-wrap", "operand %u's window end overflowing 64 bits",
	  EINVAL, c_window_wrap, NULL },
	{ "op%u-window-short", "operand %u's window one byte shorter than what "
	  "the command touches", EINVAL, c_window_short, NULL },
	{ "op%u-pad", "a non-zero pad in operand %u", EINVAL, c_op_pad, NULL },
	{ "op%u-no-handle", "handle 0 in operand %u (ENOENT)", ENOENT,
	  c_no_handle, NULL },
	{ }
};

/* Applied to each operand of the f32 commands. */
static const struct cmd_case f32_op_cases[] = {
	{ "op%u-misaligned", "f32 operand %u starting 2 bytes past a multiple "
	  "of 4", EINVAL, c_misaligned, NULL },
	{ }
};

static const struct cmd_case unused_op_cases[] = {
	{ "unused-op%u", "a buffer window in unused operand %u", EINVAL,
	  c_unused_op, NULL },
	{ "unused-op%u-offset", "only the offset set in unused operand %u",
	  EINVAL, c_unused_op_offset, NULL },
	{ }
};

static const struct cmd_case unused_arg_cases[] = {
	{ "unused-arg%u", "a non-zero unused argument %u", EINVAL, c_unused_arg, NULL },
	{ }
};

static const struct cmd_case flags_case = {
	"flags", "non-zero command flags", EINVAL, c_flags, NULL
};

static const struct cmd_case wrong_engine_case = {
	"wrong-engine", "the command on an engine of the other class", EINVAL,
	c_wrong_engine, NULL
};

/* ---- VADD and SAXPY ------------------------------------------------------ */

#define F32_COUNT	1000	/* 4000 bytes: a page holds it 2 bytes off */
#define SAXPY_ALPHA	-2.375f

static void vadd_init(struct cmd_test *t)
{
	igt_duet_fill_floats(t->buf[1].map, F32_COUNT, 1.5f);
	igt_duet_fill_floats(t->buf[2].map, F32_COUNT, -3.0f);
	t->cmd = igt_duet_cmd_vadd(window(t, 0, 4 * F32_COUNT),
			       window(t, 1, 4 * F32_COUNT),
			       window(t, 2, 4 * F32_COUNT), F32_COUNT);
}

static void vadd_check(const struct cmd_test *t)
{
	const float *d = t->buf[0].map, *a = t->buf[1].map, *b = t->buf[2].map;

	for (unsigned int i = 0; i < F32_COUNT; i++)
		igt_assert_f(d[i] == a[i] + b[i], "dst[%u] = %f, want %f\n", i,
			     d[i], a[i] + b[i]);
	for (unsigned int i = F32_COUNT; i < PAGE / 4; i++)
		igt_assert_f(d[i] == 0, "dst[%u] past count written\n", i);
}

static void saxpy_init(struct cmd_test *t)
{
	igt_duet_fill_floats(t->buf[0].map, F32_COUNT, -3.0f);
	igt_duet_fill_floats(t->buf[1].map, F32_COUNT, 1.5f);
	t->cmd = igt_duet_cmd_saxpy(window(t, 0, 4 * F32_COUNT),
				window(t, 1, 4 * F32_COUNT), F32_COUNT,
				SAXPY_ALPHA);
}

static void saxpy_check(const struct cmd_test *t)
{
	const float *y = t->buf[0].map, *x = t->buf[1].map;
	float y0[F32_COUNT];

	igt_duet_fill_floats(y0, F32_COUNT, -3.0f);
	for (unsigned int i = 0; i < F32_COUNT; i++) {
		float want = SAXPY_ALPHA * x[i] + y0[i];

		igt_assert_f(y[i] == want, "y[%u] = %f, want %f\n", i, y[i], want);
	}
	for (unsigned int i = F32_COUNT; i < PAGE / 4; i++)
		igt_assert_f(y[i] == 0, "y[%u] past count written\n", i);
}

static void c_count_past_window(struct cmd_test *t, unsigned int i)
{
	(void)i;
	t->cmd.arg[0] = F32_COUNT + 1;
}

static void c_count_u32_wrap(struct cmd_test *t, unsigned int i)
{
	(void)i;
	t->cmd.arg[0] = 0x40000000;	/* 4 * count is 0 in 32 bits */
}

static void c_count_max(struct cmd_test *t, unsigned int i)
{
	(void)i;
	t->cmd.arg[0] = UINT32_MAX;
}

static const struct cmd_case f32_count_cases[] = {
	{ "count-past-window", "one element more than the windows hold",
	  EINVAL, c_count_past_window, NULL },
	{ "count-u32-wrap", "a count whose byte size is 2^32 (0 in 32 bits)",
	  EINVAL, c_count_u32_wrap, NULL },
	{ "count-max", "a count of 2^32 - 1", EINVAL, c_count_max, NULL },
	{ }
};

/* ---- GEMM ---------------------------------------------------------------- */

/* C (M x N, ldc) = A (M x K, lda) * B (K x N, ldb); strides in bytes. */
#define GEMM_M		6
#define GEMM_N		5
#define GEMM_K		7
#define GEMM_LDA	32	/* 4 * K + 4 */
#define GEMM_LDB	32	/* 4 * N + 12 */
#define GEMM_LDC	24	/* 4 * N + 4 */

static uint64_t matrix_size(uint32_t rows, uint32_t cols, uint32_t ld)
{
	return (uint64_t)(rows - 1) * ld + 4 * cols;
}

static float *elem(const struct cmd_test *t, unsigned int i, uint32_t ld,
		   uint32_t r, uint32_t c)
{
	return (float *)((char *)t->buf[i].map + r * ld) + c;
}

static void gemm_init(struct cmd_test *t)
{
	for (uint32_t r = 0; r < GEMM_M; r++)
		for (uint32_t c = 0; c < GEMM_K; c++)
			*elem(t, 1, GEMM_LDA, r, c) = (float)(r + 1) - 0.5f * c;
	for (uint32_t r = 0; r < GEMM_K; r++)
		for (uint32_t c = 0; c < GEMM_N; c++)
			*elem(t, 2, GEMM_LDB, r, c) = 0.25f * (r % 5) + c;
	t->cmd = igt_duet_cmd_gemm(window(t, 0, matrix_size(GEMM_M, GEMM_N, GEMM_LDC)),
			       window(t, 1, matrix_size(GEMM_M, GEMM_K, GEMM_LDA)),
			       window(t, 2, matrix_size(GEMM_K, GEMM_N, GEMM_LDB)),
			       GEMM_M, GEMM_N, GEMM_K, GEMM_LDA, GEMM_LDB, GEMM_LDC);
}

static void gemm_check(const struct cmd_test *t)
{
	const uint32_t *c32 = t->buf[0].map;

	for (uint32_t r = 0; r < GEMM_M; r++)
		for (uint32_t c = 0; c < GEMM_N; c++) {
			float got = *elem(t, 0, GEMM_LDC, r, c);
			double want = 0;

			for (uint32_t l = 0; l < GEMM_K; l++)
				want += (double)*elem(t, 1, GEMM_LDA, r, l) *
					*elem(t, 2, GEMM_LDB, l, c);
			igt_assert_f(fabs(got - want) <= 1e-3 * (fabs(want) + 1),
				     "C[%u][%u] = %f, want %f\n", r, c, got, want);
		}
	/* Row padding and everything past C are untouched. */
	for (uint32_t w = 0; w < PAGE / 4; w++)
		if (w >= GEMM_M * GEMM_LDC / 4 || w % (GEMM_LDC / 4) >= GEMM_N)
			igt_assert_f(c32[w] == 0, "C word %u written\n", w);
}

/* Set GEMM's M, N, K, lda, ldb, ldc. */
static void gemm_set(struct cmd_test *t, uint32_t m, uint32_t n, uint32_t k,
		     uint32_t lda, uint32_t ldb, uint32_t ldc)
{
	const uint32_t a[] = { m, n, k, lda, ldb, ldc };

	memcpy(t->cmd.arg, a, sizeof(a));
}

#define GEMM_CASE(fn, ...)						\
static void fn(struct cmd_test *t, unsigned int i)			\
{									\
	(void)i;							\
	gemm_set(t, __VA_ARGS__);					\
}

GEMM_CASE(c_lda_small, GEMM_M, GEMM_N, GEMM_K, 4 * GEMM_K - 4, GEMM_LDB, GEMM_LDC)
GEMM_CASE(c_ldb_small, GEMM_M, GEMM_N, GEMM_K, GEMM_LDA, 4 * GEMM_N - 4, GEMM_LDC)
GEMM_CASE(c_ldc_small, GEMM_M, GEMM_N, GEMM_K, GEMM_LDA, GEMM_LDB, 4 * GEMM_N - 4)
GEMM_CASE(c_lda_misaligned, GEMM_M, GEMM_N, GEMM_K, GEMM_LDA - 2, GEMM_LDB, GEMM_LDC)
GEMM_CASE(c_ldb_misaligned, GEMM_M, GEMM_N, GEMM_K, GEMM_LDA, GEMM_LDB - 2, GEMM_LDC)
GEMM_CASE(c_ldc_misaligned, GEMM_M, GEMM_N, GEMM_K, GEMM_LDA, GEMM_LDB, GEMM_LDC - 2)
GEMM_CASE(c_m_past, GEMM_M + 1, GEMM_N, GEMM_K, GEMM_LDA, GEMM_LDB, GEMM_LDC)
GEMM_CASE(c_n_past, GEMM_M, GEMM_N + 1, GEMM_K, GEMM_LDA, GEMM_LDB, GEMM_LDC)
GEMM_CASE(c_k_past, GEMM_M, GEMM_N, GEMM_K + 1, GEMM_LDA, GEMM_LDB, GEMM_LDC)
/* One matrix with (rows - 1) * ld = 2^32, the other two empty. */
GEMM_CASE(c_c_wrap, 0x10001, 4, 0, GEMM_LDA, GEMM_LDB, 0x10000)
GEMM_CASE(c_a_wrap, 0x10001, 0, 4, 0x10000, GEMM_LDB, GEMM_LDC)
GEMM_CASE(c_b_wrap, 0, 4, 0x10001, GEMM_LDA, 0x10000, GEMM_LDC)
GEMM_CASE(c_c_huge, UINT32_MAX, 1, 0, GEMM_LDA, GEMM_LDB, UINT32_MAX - 3)
/* Nothing to compute: N = K = 0, whatever M. */
GEMM_CASE(c_gemm_empty, UINT32_MAX, 0, 0, GEMM_LDA, GEMM_LDB, GEMM_LDC)

static const struct cmd_case gemm_cases[] = {
	{ "lda-too-small", "lda shorter than a row of A", EINVAL, c_lda_small, NULL },
	{ "ldb-too-small", "ldb shorter than a row of B", EINVAL, c_ldb_small, NULL },
	{ "ldc-too-small", "ldc shorter than a row of C", EINVAL, c_ldc_small, NULL },
	{ "lda-misaligned", "lda not a multiple of 4", EINVAL, c_lda_misaligned, NULL },
	{ "ldb-misaligned", "ldb not a multiple of 4", EINVAL, c_ldb_misaligned, NULL },
	{ "ldc-misaligned", "ldc not a multiple of 4", EINVAL, c_ldc_misaligned, NULL },
	{ "m-past-window", "one row more in A and C than their windows hold",
	  EINVAL, c_m_past, NULL },
	{ "n-past-window", "one column more in B and C than their windows hold",
	  EINVAL, c_n_past, NULL },
	{ "k-past-window", "one column more in A and row more in B than their "
	  "windows hold", EINVAL, c_k_past, NULL },
	{ "c-extent-u32-wrap", "C's (M - 1) * ldc = 2^32 (0 in 32 bits), A and B "
	  "empty", EINVAL, c_c_wrap, NULL },
	{ "a-extent-u32-wrap", "A's (M - 1) * lda = 2^32 (0 in 32 bits), B and C "
	  "empty", EINVAL, c_a_wrap, NULL },
	{ "b-extent-u32-wrap", "B's (K - 1) * ldb = 2^32 (0 in 32 bits), A and C "
	  "empty", EINVAL, c_b_wrap, NULL },
	{ "c-extent-huge", "C's extent close to 2^64", EINVAL, c_c_huge, NULL },
	{ }
};

/* ---- FILL_RECT ----------------------------------------------------------- */

#define RECT_STRIDE	64
#define RECT_X		3
#define RECT_Y		2
#define RECT_W		5
#define RECT_H		4
#define RECT_COLOR	0xff336699u

/* The extent's end of a rectangle: where its last pixel ends. */
static uint64_t rect_end(uint32_t stride, uint32_t bpp, uint32_t x, uint32_t y,
			 uint32_t w, uint32_t h)
{
	return (uint64_t)(y + h - 1) * stride + (uint64_t)(x + w) * bpp;
}

static void fill_rect_init(struct cmd_test *t)
{
	t->cmd = igt_duet_cmd_fill_rect(window(t, 0, rect_end(RECT_STRIDE, 4, RECT_X,
							   RECT_Y, RECT_W, RECT_H)),
				    RECT_STRIDE, DRM_DUET_FORMAT_ARGB8888, RECT_X,
				    RECT_Y, RECT_W, RECT_H, RECT_COLOR);
}

static void fill_rect_check(const struct cmd_test *t)
{
	for (uint32_t y = 0; y < PAGE / RECT_STRIDE; y++)
		for (uint32_t x = 0; x < RECT_STRIDE / 4; x++) {
			uint32_t got = *(uint32_t *)pixel(t, 0, RECT_STRIDE, 4, x, y);
			bool in = x >= RECT_X && x < RECT_X + RECT_W &&
				  y >= RECT_Y && y < RECT_Y + RECT_H;

			igt_assert_f(got == (in ? RECT_COLOR : 0),
				     "(%u,%u) = %#x\n", x, y, got);
		}
}

/* FILL_RECT's arguments: stride, format, x, y, width, height. */
enum { FR_STRIDE, FR_FORMAT, FR_X, FR_Y, FR_W, FR_H };

#define ARGS_CASE(fn, ...)						\
static void fn(struct cmd_test *t, unsigned int i)			\
{									\
	const struct { unsigned int arg; uint32_t value; } set[] =	\
		{ __VA_ARGS__ };					\
									\
	(void)i;							\
	for (unsigned int s = 0; s < sizeof(set) / sizeof(set[0]); s++)	\
		t->cmd.arg[set[s].arg] = set[s].value;			\
}

ARGS_CASE(c_fr_stride_small, { FR_STRIDE, (RECT_X + RECT_W) * 4 - 1 })
ARGS_CASE(c_fr_stride_zero, { FR_STRIDE, 0 })
ARGS_CASE(c_fr_format_zero, { FR_FORMAT, 0 })
ARGS_CASE(c_fr_format_unknown, { FR_FORMAT, DRM_DUET_FORMAT_ARGB8888 + 1 })
ARGS_CASE(c_fr_format_max, { FR_FORMAT, UINT32_MAX })
ARGS_CASE(c_fr_to_argb, { FR_FORMAT, DRM_DUET_FORMAT_ARGB8888 })
ARGS_CASE(c_fr_height_past, { FR_H, RECT_H + 1 })
ARGS_CASE(c_fr_width_past, { FR_W, RECT_STRIDE / 4 - RECT_X + 1 })
ARGS_CASE(c_fr_x_wrap, { FR_X, UINT32_MAX })
ARGS_CASE(c_fr_w_wrap, { FR_X, 0 }, { FR_W, 0x40000000 })
ARGS_CASE(c_fr_y_wrap, { FR_Y, 0x10000 }, { FR_STRIDE, 0x10000 })
ARGS_CASE(c_fr_u64, { FR_Y, UINT32_MAX }, { FR_H, UINT32_MAX },
	  { FR_STRIDE, UINT32_MAX })
/* Nothing to fill: width 0, whatever the height. */
ARGS_CASE(c_fr_empty, { FR_W, 0 }, { FR_H, UINT32_MAX })

/* The same rectangle in RGB565, with a stride exactly its rows' end. */
static void p_fr_565_tight_stride(struct cmd_test *t)
{
	const uint32_t stride = (RECT_X + RECT_W) * 2;

	t->cmd.arg[FR_FORMAT] = DRM_DUET_FORMAT_RGB565;
	t->cmd.arg[FR_STRIDE] = stride;
	t->cmd.op[0].length = rect_end(stride, 2, RECT_X, RECT_Y, RECT_W, RECT_H);
}

/* The same rectangle in RGB565, with a window exactly its extent. */
static void p_fr_565_tight_window(struct cmd_test *t)
{
	t->cmd.arg[FR_FORMAT] = DRM_DUET_FORMAT_RGB565;
	t->cmd.op[0].length = rect_end(RECT_STRIDE, 2, RECT_X, RECT_Y, RECT_W,
				       RECT_H);
}

static const struct cmd_case fill_rect_cases[] = {
	{ "stride-too-small", "a stride one byte short of the rows' end",
	  EINVAL, c_fr_stride_small, NULL },
	{ "stride-zero", "stride 0", EINVAL, c_fr_stride_zero, NULL },
	{ "format-zero", "format 0", EINVAL, c_fr_format_zero, NULL },
	{ "format-unknown", "the format after the last one", EINVAL,
	  c_fr_format_unknown, NULL },
	{ "format-max", "format 2^32 - 1", EINVAL, c_fr_format_max, NULL },
	{ "format-bpp-exceeds-stride", "ARGB8888 where the stride fits the "
	  "rectangle only in RGB565", EINVAL, c_fr_to_argb,
	  p_fr_565_tight_stride },
	{ "format-bpp-exceeds-window", "ARGB8888 where the window fits the "
	  "rectangle only in RGB565", EINVAL, c_fr_to_argb,
	  p_fr_565_tight_window },
	{ "height-past-window", "one row more than the window holds", EINVAL,
	  c_fr_height_past, NULL },
	{ "width-past-stride", "a row one pixel longer than the stride", EINVAL,
	  c_fr_width_past, NULL },
	{ "x-width-u32-wrap", "x + width overflowing 32 bits", EINVAL,
	  c_fr_x_wrap, NULL },
	{ "width-bpp-u32-wrap", "width * 4 bytes = 2^32 (0 in 32 bits)", EINVAL,
	  c_fr_w_wrap, NULL },
	{ "y-stride-u32-wrap", "y * stride = 2^32 (0 in 32 bits)", EINVAL,
	  c_fr_y_wrap, NULL },
	{ "extent-u64-overflow", "(y + height - 1) * stride overflowing 64 bits",
	  EINVAL, c_fr_u64, NULL },
	{ }
};

/* ---- BLIT ---------------------------------------------------------------- */

/* Source ARGB8888, destination RGB565: the blit converts. */
#define BLIT_DST_STRIDE	32
#define BLIT_DST_X	1
#define BLIT_DST_Y	2
#define BLIT_SRC_STRIDE	64
#define BLIT_SRC_X	3
#define BLIT_SRC_Y	1
#define BLIT_W		6
#define BLIT_H		4

/* BLIT's arguments. */
enum { BL_DST_STRIDE, BL_DST_FORMAT, BL_DST_X, BL_DST_Y, BL_SRC_STRIDE,
       BL_SRC_FORMAT, BL_SRC_X, BL_SRC_Y, BL_W, BL_H };

static uint16_t to_rgb565(uint32_t argb)
{
	return ((argb >> 8) & 0xf800) | ((argb >> 5) & 0x07e0) |
	       ((argb >> 3) & 0x001f);
}

static void blit_init(struct cmd_test *t)
{
	uint32_t *src = t->buf[1].map;

	for (uint32_t i = 0; i < PAGE / 4; i++)
		src[i] = 0x80000000u | (i * 0x010305u);
	t->cmd = igt_duet_cmd_blit(window(t, 0, rect_end(BLIT_DST_STRIDE, 2, BLIT_DST_X,
						     BLIT_DST_Y, BLIT_W, BLIT_H)),
			       BLIT_DST_STRIDE, DRM_DUET_FORMAT_RGB565,
			       BLIT_DST_X, BLIT_DST_Y,
			       window(t, 1, rect_end(BLIT_SRC_STRIDE, 4, BLIT_SRC_X,
						     BLIT_SRC_Y, BLIT_W, BLIT_H)),
			       BLIT_SRC_STRIDE, DRM_DUET_FORMAT_ARGB8888,
			       BLIT_SRC_X, BLIT_SRC_Y, BLIT_W, BLIT_H);
}

static void blit_check(const struct cmd_test *t)
{
	for (uint32_t y = 0; y < PAGE / BLIT_DST_STRIDE; y++)
		for (uint32_t x = 0; x < BLIT_DST_STRIDE / 2; x++) {
			uint16_t got = *(uint16_t *)pixel(t, 0, BLIT_DST_STRIDE, 2, x, y);
			uint16_t want = 0;

			if (x >= BLIT_DST_X && x < BLIT_DST_X + BLIT_W &&
			    y >= BLIT_DST_Y && y < BLIT_DST_Y + BLIT_H)
				want = to_rgb565(*(uint32_t *)pixel(t, 1, BLIT_SRC_STRIDE, 4,
					x - BLIT_DST_X + BLIT_SRC_X,
					y - BLIT_DST_Y + BLIT_SRC_Y));
			igt_assert_f(got == want, "dst (%u,%u) = %#x, want %#x\n",
				     x, y, got, want);
		}
}

ARGS_CASE(c_bl_dst_stride_small, { BL_DST_STRIDE, (BLIT_DST_X + BLIT_W) * 2 - 1 })
ARGS_CASE(c_bl_src_stride_small, { BL_SRC_STRIDE, (BLIT_SRC_X + BLIT_W) * 4 - 1 })
ARGS_CASE(c_bl_dst_format_zero, { BL_DST_FORMAT, 0 })
ARGS_CASE(c_bl_dst_format_unknown, { BL_DST_FORMAT, DRM_DUET_FORMAT_ARGB8888 + 1 })
ARGS_CASE(c_bl_src_format_zero, { BL_SRC_FORMAT, 0 })
ARGS_CASE(c_bl_src_format_unknown, { BL_SRC_FORMAT, DRM_DUET_FORMAT_ARGB8888 + 1 })
ARGS_CASE(c_bl_dst_to_argb, { BL_DST_FORMAT, DRM_DUET_FORMAT_ARGB8888 })
ARGS_CASE(c_bl_src_to_argb, { BL_SRC_FORMAT, DRM_DUET_FORMAT_ARGB8888 })
ARGS_CASE(c_bl_height_past, { BL_H, BLIT_H + 1 })
ARGS_CASE(c_bl_width_past, { BL_W, BLIT_SRC_STRIDE / 4 - BLIT_SRC_X + 1 })
ARGS_CASE(c_bl_dst_x_wrap, { BL_DST_X, UINT32_MAX })
ARGS_CASE(c_bl_src_x_wrap, { BL_SRC_X, UINT32_MAX })
ARGS_CASE(c_bl_dst_y_wrap, { BL_DST_Y, 0x10000 }, { BL_DST_STRIDE, 0x10000 })
ARGS_CASE(c_bl_src_y_wrap, { BL_SRC_Y, 0x10000 }, { BL_SRC_STRIDE, 0x10000 })
ARGS_CASE(c_bl_w_wrap, { BL_W, 0x80000000 })
ARGS_CASE(c_bl_u64, { BL_SRC_Y, UINT32_MAX }, { BL_H, UINT32_MAX },
	  { BL_SRC_STRIDE, UINT32_MAX })
ARGS_CASE(c_bl_empty, { BL_W, 0 }, { BL_H, UINT32_MAX })

/* The source in RGB565, with a stride exactly its rows' end. */
static void p_bl_src_565_tight_stride(struct cmd_test *t)
{
	const uint32_t stride = (BLIT_SRC_X + BLIT_W) * 2;

	t->cmd.arg[BL_SRC_FORMAT] = DRM_DUET_FORMAT_RGB565;
	t->cmd.arg[BL_SRC_STRIDE] = stride;
	t->cmd.op[1].length = rect_end(stride, 2, BLIT_SRC_X, BLIT_SRC_Y, BLIT_W,
				       BLIT_H);
}

static const struct cmd_case blit_cases[] = {
	{ "dst-stride-too-small", "a destination stride one byte short of its "
	  "rows' end", EINVAL, c_bl_dst_stride_small, NULL },
	{ "src-stride-too-small", "a source stride one byte short of its rows' "
	  "end", EINVAL, c_bl_src_stride_small, NULL },
	{ "dst-format-zero", "destination format 0", EINVAL, c_bl_dst_format_zero, NULL },
	{ "dst-format-unknown", "the destination format after the last one",
	  EINVAL, c_bl_dst_format_unknown, NULL },
	{ "src-format-zero", "source format 0", EINVAL, c_bl_src_format_zero, NULL },
	{ "src-format-unknown", "the source format after the last one", EINVAL,
	  c_bl_src_format_unknown, NULL },
	{ "dst-format-bpp-exceeds-window", "an ARGB8888 destination where the "
	  "window fits the rectangle only in RGB565", EINVAL, c_bl_dst_to_argb, NULL },
	{ "src-format-bpp-exceeds-stride", "an ARGB8888 source where the stride "
	  "fits the rectangle only in RGB565", EINVAL, c_bl_src_to_argb,
	  p_bl_src_565_tight_stride },
	{ "height-past-window", "one row more than the windows hold", EINVAL,
	  c_bl_height_past, NULL },
	{ "width-past-src-stride", "a source row one pixel longer than its "
	  "stride", EINVAL, c_bl_width_past, NULL },
	{ "dst-x-width-u32-wrap", "destination x + width overflowing 32 bits",
	  EINVAL, c_bl_dst_x_wrap, NULL },
	{ "src-x-width-u32-wrap", "source x + width overflowing 32 bits",
	  EINVAL, c_bl_src_x_wrap, NULL },
	{ "dst-y-stride-u32-wrap", "destination y * stride = 2^32 (0 in 32 bits)",
	  EINVAL, c_bl_dst_y_wrap, NULL },
	{ "src-y-stride-u32-wrap", "source y * stride = 2^32 (0 in 32 bits)",
	  EINVAL, c_bl_src_y_wrap, NULL },
	{ "width-bpp-u32-wrap", "a width whose rows wrap 32 bits in both formats",
	  EINVAL, c_bl_w_wrap, NULL },
	{ "extent-u64-overflow", "the source's (y + height - 1) * stride "
	  "overflowing 64 bits", EINVAL, c_bl_u64, NULL },
	{ }
};

static const struct uapi_cmd cmds[] = {
	{ "vadd", NULL, DRM_DUET_ENGINE_CLASS_COMPUTE, 3, 1, true, vadd_init,
	  vadd_check, f32_count_cases },
	{ "saxpy", NULL, DRM_DUET_ENGINE_CLASS_COMPUTE, 2, 2, true, saxpy_init,
	  saxpy_check, f32_count_cases },
	{ "gemm", c_gemm_empty, DRM_DUET_ENGINE_CLASS_COMPUTE, 3, 6, true, gemm_init,
	  gemm_check, gemm_cases },
	{ "fill-rect", c_fr_empty, DRM_DUET_ENGINE_CLASS_GRAPHICS, 1, 7, false,
	  fill_rect_init, fill_rect_check, fill_rect_cases },
	{ "blit", c_bl_empty, DRM_DUET_ENGINE_CLASS_GRAPHICS, 2, 10, false, blit_init,
	  blit_check, blit_cases },
};

/* ---- running them -------------------------------------------------------- */

static bool cmd_on_node(const struct uapi_cmd *uc, enum node node)
{
	return node == RENDER || uc->engine_class == DRM_DUET_ENGINE_CLASS_COMPUTE;
}

static void cmd_test_init(struct cmd_test *t, const struct uapi_cmd *uc,
			  enum node node)
{
	memset(t, 0, sizeof(*t));
	t->node = node;
	t->fd = open_node(node);
	t->engine = igt_duet_find_engine(t->fd, dnode(node), uc->engine_class, 0);
	for (unsigned int i = 0; i < uc->num_ops; i++)
		t->buf[i] = igt_duet_buf_new(t->fd, dnode(node), PAGE);
	uc->init(t);
}

static void cmd_test_fini(struct cmd_test *t, const struct uapi_cmd *uc)
{
	for (unsigned int i = 0; i < uc->num_ops; i++)
		igt_duet_buf_free(t->fd, &t->buf[i]);
	close(t->fd);
}

static int cmd_submit(const struct cmd_test *t)
{
	return __igt_duet_submit(t->fd, dnode(t->node), t->engine, &t->cmd, 1,
				 NULL, 0, (struct drm_duet_sync){ 0 });
}

static void run_cmd_valid(const struct uapi_cmd *uc, enum node node)
{
	struct cmd_test t;

	cmd_test_init(&t, uc, node);
	igt_duet_run(t.fd, dnode(node), t.engine, &t.cmd, 1);
	uc->check(&t);
	cmd_test_fini(&t, uc);
}

static void run_cmd_invalid(const struct uapi_cmd *uc, enum node node,
			    const struct cmd_case *c, unsigned int i)
{
	struct cmd_test t;

	cmd_test_init(&t, uc, node);
	if (c->prepare)
		c->prepare(&t);
	/* The command before the change is accepted: the error is the field's. */
	igt_assert_eq(cmd_submit(&t), 0);
	c->mutate(&t, i);
	igt_assert_eq(cmd_submit(&t), -c->err);
	cmd_test_fini(&t, uc);
}

/*
 * A command that touches nothing (an empty rectangle or matrix) is valid
 * whatever its other dimension, and must cost next to nothing: a device
 * that walked 2^32 empty rows would hold the engine until the job timeout.
 */
#define EMPTY_CMD_MS	1000

static void run_cmd_empty(const struct uapi_cmd *uc, enum node node)
{
	struct drm_duet_sync out = { 0 };
	struct cmd_test t;
	int64_t start;

	cmd_test_init(&t, uc, node);
	uc->empty(&t, 0);
	out.handle = igt_duet_syncobj_create(t.fd);
	start = igt_duet_now_ms();
	igt_assert_eq(__igt_duet_submit(t.fd, dnode(node), t.engine, &t.cmd, 1,
					NULL, 0, out), 0);
	igt_assert_f(igt_duet_syncobj_wait(t.fd, out.handle, 0, EMPTY_CMD_MS) == 0,
		     "an empty %s still runs after %d ms\n", uc->name, EMPTY_CMD_MS);
	igt_info("empty %s done in %" PRId64 " ms\n", uc->name,
		 igt_duet_now_ms() - start);
	igt_assert_eq(igt_duet_syncobj_error(t.fd, out.handle), 0);
	for (unsigned int i = 0; i < PAGE / 4; i++)	/* and wrote nothing */
		igt_assert_eq_u32(((uint32_t *)t.buf[0].map)[i], 0);
	cmd_test_fini(&t, uc);
}

/* The accel node has no graphics engine: every engine refuses 2D commands. */
static void run_cmd_no_engine(const struct uapi_cmd *uc)
{
	struct cmd_test t;
	uint32_t n;

	memset(&t, 0, sizeof(t));
	t.node = ACCEL;
	t.fd = open_node(ACCEL);
	n = igt_duet_num_engines(t.fd, IGT_DUET_ACCEL);
	for (unsigned int i = 0; i < uc->num_ops; i++)
		t.buf[i] = igt_duet_buf_new(t.fd, IGT_DUET_ACCEL, PAGE);
	uc->init(&t);
	igt_assert_lt(0, n);
	for (t.engine = 0; t.engine < n; t.engine++)
		igt_assert_eq(cmd_submit(&t), -EINVAL);
	cmd_test_fini(&t, uc);
}

static void cmd_subtest(const struct uapi_cmd *uc, enum node node,
			const struct cmd_case *c, unsigned int i)
{
	char name[64], desc[160];

	snprintf(name, sizeof(name), c->name, i);
	snprintf(desc, sizeof(desc), c->desc, i);
	igt_describe_f("%s SUBMIT of a %s with %s fails with %s.",
		       node_names[node], uc->name, desc, strerror(c->err));
	igt_subtest_f("%s-submit-%s-%s", node_names[node], uc->name, name)
		run_cmd_invalid(uc, node, c, i);
}

/* Apply @cases to each index in [@from, @to). */
static void cmd_subtests_at(const struct uapi_cmd *uc, enum node node,
			    const struct cmd_case *cases, unsigned int from,
			    unsigned int to)
{
	for (unsigned int i = from; i < to; i++)
		for (const struct cmd_case *c = cases; c->name; c++)
			cmd_subtest(uc, node, c, i);
}

static void cmd_subtests(const struct uapi_cmd *uc, enum node node)
{
	if (!cmd_on_node(uc, node)) {
		igt_describe_f("%s SUBMIT of a %s, a graphics-engine command, "
			       "fails with EINVAL on every engine.",
			       node_names[node], uc->name);
		igt_subtest_f("%s-submit-%s-no-engine", node_names[node], uc->name)
			run_cmd_no_engine(uc);
		return;
	}

	igt_describe_f("%s SUBMIT of a valid %s, its windows exactly what it "
		       "touches, is accepted and gives the CPU's result.",
		       node_names[node], uc->name);
	igt_subtest_f("%s-submit-%s-valid", node_names[node], uc->name)
		run_cmd_valid(uc, node);

	if (uc->empty) {
		igt_describe_f("%s SUBMIT of an empty %s (nothing to touch, one "
			       "dimension 2^32 - 1) is accepted and done within "
			       "%d ms.", node_names[node], uc->name, EMPTY_CMD_MS);
		igt_subtest_f("%s-submit-%s-empty-huge", node_names[node], uc->name)
			run_cmd_empty(uc, node);
	}

	cmd_subtests_at(uc, node, used_op_cases, 0, uc->num_ops);
	if (uc->f32)
		cmd_subtests_at(uc, node, f32_op_cases, 0, uc->num_ops);
	cmd_subtests_at(uc, node, unused_op_cases, uc->num_ops,
			DRM_DUET_CMD_OPERANDS);
	cmd_subtests_at(uc, node, unused_arg_cases, uc->num_args,
			DRM_DUET_CMD_ARGS);
	cmd_subtests_at(uc, node, uc->cases, 0, 1);
	cmd_subtest(uc, node, &flags_case, 0);
	if (node == RENDER)
		cmd_subtest(uc, node, &wrong_engine_case, 0);
}

/* ---- PRIME import across cards -------------------------------------------- */

/*
 * A buffer of card 0 exported as a dma-buf: another file of card 0's @to
 * node imports it (so the dma-buf is fine), card 1's @to node must not
 * (-EXDEV): its engines cannot reach card 0's VRAM.
 */
static void run_cross_card_import(enum node from, enum node to)
{
	int src = igt_duet_open_node(0, dnode(from));
	int same = igt_duet_open_node(0, dnode(to));
	int other = igt_duet_open_node(1, dnode(to));
	uint32_t bo = igt_duet_bo_create(src, dnode(from), PAGE), handle = 0;
	int dmabuf = igt_duet_bo_export(src, bo);

	igt_duet_bo_close(same, igt_duet_bo_import(same, dmabuf));
	igt_assert_eq(__igt_duet_bo_import(other, dmabuf, &handle), -EXDEV);
	igt_assert_eq_u32(handle, 0);
	close(dmabuf);
	igt_duet_bo_close(src, bo);
	close(other);
	close(same);
	close(src);
}

igt_main
{
	const struct uapi_ioctl *ioc;
	const struct invalid_case *c;

	igt_fixture
		igt_duet_require_cards();

	for (ioc = ioctls; ioc < ioctls + sizeof(ioctls) / sizeof(*ioctls);
	     ioc++) {
		for (c = ioc->cases; c->name; c++) {
			igt_describe_f("%s %s with %s fails with %s.",
				       node_names[ioc->node], ioc->name,
				       c->desc, strerror(c->err));
			igt_subtest_f("%s-%s-%s", node_names[ioc->node],
				      ioc->name, c->name)
				run_invalid(ioc, c);
		}
		igt_describe_f("%s %s with an argument pointer to unmapped "
			       "memory fails with EFAULT.",
			       node_names[ioc->node], ioc->name);
		igt_subtest_f("%s-%s-bad-pointer", node_names[ioc->node],
			      ioc->name)
			run_bad_pointer(ioc);
	}

	for (const struct uapi_cmd *uc = cmds;
	     uc < cmds + sizeof(cmds) / sizeof(*cmds); uc++) {
		cmd_subtests(uc, RENDER);
		cmd_subtests(uc, ACCEL);
	}

	for (enum node from = RENDER; from <= ACCEL; from++)
		for (enum node to = RENDER; to <= ACCEL; to++) {
			igt_describe_f("A dma-buf of a card 0 buffer exported "
				       "from the %s node is imported by card 0's "
				       "other node but refused by card 1's %s node "
				       "with EXDEV.", node_names[from],
				       node_names[to]);
			igt_subtest_f("cross-card-import-%s-to-%s",
				      node_names[from], node_names[to]) {
				igt_require_f(igt_duet_card_count() >= 2,
					      "needs two Duet cards\n");
				run_cross_card_import(from, to);
			}
		}
}
