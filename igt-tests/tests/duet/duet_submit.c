// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * igt_duet_submit: jobs on the shared engines from both nodes. Every command
 * computes the right result (checked against the CPU) on every engine of
 * every node that accepts it; every invalid submission fails with its
 * own error; a hung job is reset, its context banned, and other clients go
 * on. Cross-node ordering is in duet_interop.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "igt_subset.h"
#include "igt_duet.h"
#include "igt_duet_fault.h"

#define PAGE		4096u
#define TIMEOUT_MS	IGT_DUET_WAIT_MS

static const enum igt_duet_node_type nodes[] = { IGT_DUET_RENDER, IGT_DUET_ACCEL };

static enum igt_duet_node_type other(enum igt_duet_node_type node)
{
	return node == IGT_DUET_RENDER ? IGT_DUET_ACCEL : IGT_DUET_RENDER;
}

/* ---- every command, on every engine that accepts it ---------------------- */

static void fill_copy(enum igt_duet_node_type node)
{
	int fd = igt_duet_open_node(0, node);
	uint32_t n = igt_duet_num_engines(fd, node);

	for (uint32_t e = 0; e < n; e++) {
		struct igt_duet_buf a = igt_duet_buf_new(fd, node, 64 * 1024);
		struct igt_duet_buf b = igt_duet_buf_new(fd, node, 64 * 1024);
		struct drm_duet_cmd cmds[] = {
			igt_duet_cmd_fill(igt_duet_op(a.handle, 4096, 8192), 0xc0de0000 + e),
			igt_duet_cmd_copy(igt_duet_op(b.handle, 100, 8192),
				      igt_duet_op(a.handle, 4096, 8192)),
		};
		const uint32_t *pa = a.map;
		const uint8_t *pb = b.map;

		igt_duet_run(fd, node, e, cmds, 2);
		for (unsigned int i = 0; i < 64 * 1024 / 4; i++)
			igt_assert_eq_u32(pa[i], i >= 1024 && i < 3072 ?
					  0xc0de0000 + e : 0);
		for (unsigned int i = 0; i < 64 * 1024; i++) {
			uint32_t word = 0xc0de0000 + e;
			uint8_t want = i >= 100 && i < 100 + 8192 ?
				((const uint8_t *)&word)[(i - 100) % 4] : 0;

			igt_assert_f(pb[i] == want, "engine %u byte %u: %#x, want %#x\n",
				     e, i, pb[i], want);
		}
		igt_duet_buf_free(fd, &a);
		igt_duet_buf_free(fd, &b);
	}
	close(fd);
}

static void vadd_saxpy(enum igt_duet_node_type node)
{
	int fd = igt_duet_open_node(0, node);
	const unsigned int count = 10000;

	for (unsigned int nth = 0;; nth++) {
		uint32_t n = igt_duet_num_engines(fd, node), e = n, seen = 0;
		struct igt_duet_buf x, y, z;
		float *px, *py, *pz, *ref;

		for (uint32_t i = 0; i < n; i++)
			if (igt_duet_engine_class(fd, node, i) == DRM_DUET_ENGINE_CLASS_COMPUTE &&
			    seen++ == nth)
				e = i;
		if (e == n)
			break;

		x = igt_duet_buf_new(fd, node, count * 4);
		y = igt_duet_buf_new(fd, node, count * 4);
		z = igt_duet_buf_new(fd, node, count * 4);
		px = x.map;
		py = y.map;
		pz = z.map;
		ref = malloc(count * sizeof(*ref));
		igt_assert(ref);
		igt_duet_fill_floats(px, count, 1.5f);
		igt_duet_fill_floats(py, count, -3.0f);

		{
			struct drm_duet_cmd cmds[] = {
				igt_duet_cmd_vadd(igt_duet_buf_op(&z), igt_duet_buf_op(&x), igt_duet_buf_op(&y), count),
				igt_duet_cmd_saxpy(igt_duet_buf_op(&y), igt_duet_buf_op(&x), count, -2.375f),
			};

			for (unsigned int i = 0; i < count; i++)
				ref[i] = -2.375f * px[i] + py[i];
			igt_duet_run(fd, node, e, cmds, 2);
		}
		for (unsigned int i = 0; i < count; i++) {
			igt_assert_f(pz[i] == px[i] + (ref[i] - -2.375f * px[i]),
				     "vadd[%u] = %f\n", i, pz[i]);
			igt_assert_f(py[i] == ref[i], "saxpy[%u] = %f, want %f\n",
				     i, py[i], ref[i]);
		}
		free(ref);
		igt_duet_buf_free(fd, &x);
		igt_duet_buf_free(fd, &y);
		igt_duet_buf_free(fd, &z);
	}
	close(fd);
}

static void gemm_on(int fd, enum igt_duet_node_type node, uint32_t e)
{
	const uint32_t m = 13, nn = 17, k = 11;
	const uint32_t lda = (k + 3) * 4, ldb = (nn + 1) * 4, ldc = (nn + 5) * 4;
	struct igt_duet_buf a = igt_duet_buf_new(fd, node, m * lda);
	struct igt_duet_buf b = igt_duet_buf_new(fd, node, k * ldb);
	struct igt_duet_buf c = igt_duet_buf_new(fd, node, m * ldc);
	struct drm_duet_cmd cmd = igt_duet_cmd_gemm(igt_duet_buf_op(&c), igt_duet_buf_op(&a), igt_duet_buf_op(&b),
						m, nn, k, lda, ldb, ldc);

	for (uint32_t i = 0; i < m; i++)
		for (uint32_t j = 0; j < k; j++)
			((float *)((char *)a.map + i * lda))[j] = (float)(i + 1) - 0.5f * j;
	for (uint32_t i = 0; i < k; i++)
		for (uint32_t j = 0; j < nn; j++)
			((float *)((char *)b.map + i * ldb))[j] = 0.25f * (i % 5) + j;
	igt_duet_run(fd, node, e, &cmd, 1);

	for (uint32_t i = 0; i < m; i++) {
		const float *row = (const float *)((char *)c.map + i * ldc);

		for (uint32_t j = 0; j < nn; j++) {
			double want = 0;

			for (uint32_t l = 0; l < k; l++)
				want += (double)((float *)((char *)a.map + i * lda))[l] *
					((float *)((char *)b.map + l * ldb))[j];
			igt_assert_f(fabs(row[j] - want) <= 1e-3 * (fabs(want) + 1),
				     "C[%u][%u] = %f, want %f\n", i, j, row[j], want);
		}
		/* The padding between rows is untouched. */
		for (uint32_t j = nn; j < ldc / 4; j++)
			igt_assert_eq_u32(((const uint32_t *)row)[j], 0);
	}
	igt_duet_buf_free(fd, &a);
	igt_duet_buf_free(fd, &b);
	igt_duet_buf_free(fd, &c);
}

static void gemm(enum igt_duet_node_type node)
{
	int fd = igt_duet_open_node(0, node);
	unsigned int ran = 0;

	for (uint32_t e = 0; e < igt_duet_num_engines(fd, node); e++) {
		if (igt_duet_engine_class(fd, node, e) != DRM_DUET_ENGINE_CLASS_COMPUTE)
			continue;
		gemm_on(fd, node, e);
		ran++;
	}
	igt_assert_lt(0, ran);
	close(fd);
}

static uint16_t to_rgb565(uint32_t argb)
{
	return ((argb >> 8) & 0xf800) | ((argb >> 5) & 0x07e0) |
	       ((argb >> 3) & 0x001f);
}

static void fill_rect_blit(void)
{
	int fd = igt_duet_open_node(0, IGT_DUET_RENDER);
	uint32_t e = igt_duet_find_engine(fd, IGT_DUET_RENDER,
				      DRM_DUET_ENGINE_CLASS_GRAPHICS, 0);
	const uint32_t w = 64, h = 48, stride = 320, stride565 = 160;
	struct igt_duet_buf src = igt_duet_buf_new(fd, IGT_DUET_RENDER, stride * h);
	struct igt_duet_buf dst = igt_duet_buf_new(fd, IGT_DUET_RENDER, stride565 * h);
	struct drm_duet_cmd cmds[] = {
		igt_duet_cmd_fill_rect(igt_duet_buf_op(&src), stride, DRM_DUET_FORMAT_ARGB8888,
				   0, 0, w, h, 0xff102030),
		igt_duet_cmd_fill_rect(igt_duet_buf_op(&src), stride, DRM_DUET_FORMAT_ARGB8888,
				   8, 4, 16, 10, 0x80ff8040),
		igt_duet_cmd_blit(igt_duet_buf_op(&dst), stride565, DRM_DUET_FORMAT_RGB565, 2, 3,
			      igt_duet_buf_op(&src), stride, DRM_DUET_FORMAT_ARGB8888, 4, 2,
			      30, 20),
	};

	igt_duet_run(fd, IGT_DUET_RENDER, e, cmds, 3);

	for (uint32_t y = 0; y < h; y++)
		for (uint32_t x = 0; x < w; x++) {
			uint32_t px = ((uint32_t *)((char *)src.map + y * stride))[x];
			uint32_t want = x >= 8 && x < 24 && y >= 4 && y < 14 ?
					0x80ff8040 : 0xff102030;

			igt_assert_f(px == want, "src (%u,%u) = %#x, want %#x\n",
				     x, y, px, want);
		}
	for (uint32_t y = 0; y < h; y++)
		for (uint32_t x = 0; x < stride565 / 2; x++) {
			uint16_t px = ((uint16_t *)((char *)dst.map + y * stride565))[x];
			uint16_t want = 0;

			if (x >= 2 && x < 32 && y >= 3 && y < 23) {
				uint32_t sx = x - 2 + 4, sy = y - 3 + 2;

				want = to_rgb565(((uint32_t *)((char *)src.map +
							       sy * stride))[sx]);
			}
			igt_assert_f(px == want, "dst (%u,%u) = %#x, want %#x\n",
				     x, y, px, want);
		}
	igt_duet_buf_free(fd, &src);
	igt_duet_buf_free(fd, &dst);
	close(fd);
}

/* ---- which engine accepts what ------------------------------------------- */

static void engine_rules(void)
{
	int r = igt_duet_open_node(0, IGT_DUET_RENDER);
	int a = igt_duet_open_node(0, IGT_DUET_ACCEL);
	uint32_t gfx = igt_duet_find_engine(r, IGT_DUET_RENDER,
					DRM_DUET_ENGINE_CLASS_GRAPHICS, 0);
	uint32_t comp = igt_duet_find_engine(r, IGT_DUET_RENDER,
					 DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
	struct igt_duet_buf rb = igt_duet_buf_new(r, IGT_DUET_RENDER, PAGE);
	struct igt_duet_buf ab = igt_duet_buf_new(a, IGT_DUET_ACCEL, PAGE);
	struct drm_duet_sync none = { 0 };
	struct drm_duet_cmd vadd = igt_duet_cmd_vadd(igt_duet_buf_op(&rb), igt_duet_buf_op(&rb),
						 igt_duet_buf_op(&rb), 16);
	struct drm_duet_cmd rect = igt_duet_cmd_fill_rect(igt_duet_buf_op(&rb), 64,
						      DRM_DUET_FORMAT_ARGB8888,
						      0, 0, 4, 4, 0);
	struct drm_duet_cmd spin = igt_duet_cmd_spin(1);

	/* The accel node has only compute engines: no graphics engine. */
	for (uint32_t e = 0; e < igt_duet_num_engines(a, IGT_DUET_ACCEL); e++)
		igt_assert_eq_u32(igt_duet_engine_class(a, IGT_DUET_ACCEL, e),
				  DRM_DUET_ACCEL_ENGINE_CLASS_COMPUTE);
	igt_assert_eq(__igt_duet_submit(a, IGT_DUET_ACCEL,
				    igt_duet_num_engines(a, IGT_DUET_ACCEL), &spin, 1,
				    NULL, 0, none), -EINVAL);
	rect.op[0] = igt_duet_buf_op(&ab);
	for (uint32_t e = 0; e < igt_duet_num_engines(a, IGT_DUET_ACCEL); e++)
		igt_assert_eq(__igt_duet_submit(a, IGT_DUET_ACCEL, e, &rect, 1,
					    NULL, 0, none), -EINVAL);

	/* Compute commands are refused by the graphics engine... */
	igt_assert_eq(__igt_duet_submit(r, IGT_DUET_RENDER, gfx, &vadd, 1, NULL, 0,
				    none), -EINVAL);
	/* ... and 2D commands by the compute engines. */
	rect.op[0] = igt_duet_buf_op(&rb);
	igt_assert_eq(__igt_duet_submit(r, IGT_DUET_RENDER, comp, &rect, 1, NULL, 0,
				    none), -EINVAL);
	igt_duet_run(r, IGT_DUET_RENDER, gfx, &rect, 1);
	igt_duet_run(r, IGT_DUET_RENDER, comp, &vadd, 1);

	igt_duet_buf_free(r, &rb);
	igt_duet_buf_free(a, &ab);
	close(r);
	close(a);
}

/* ---- invalid submissions, one subtest each --------------------------------- */

/* A submission under test, and what its mutators may change. */
struct submission {
	int fd;
	enum igt_duet_node_type node;
	uint32_t bo;			/* the one-page buffer FILL writes */
	struct drm_duet_submit *s;
	struct drm_duet_cmd *c;		/* DRM_DUET_MAX_COMMANDS + 1 entries */
	struct drm_duet_sync *in;	/* DRM_DUET_MAX_SYNCS + 1 entries */
};

struct invalid {
	const char *name;
	const char *desc;
	int err;
	/* Break a valid submission (one FILL of a page) into an invalid one. */
	void (*mutate)(struct submission *x);
};

static void m_oob_offset(struct submission *x)
{
	x->c[0].op[0].offset = PAGE;
	x->c[0].op[0].length = 4;
}

static void m_oob_length(struct submission *x)
{
	x->c[0].op[0].offset = 4;
	x->c[0].op[0].length = PAGE;
}

static void m_oob_wrap(struct submission *x)
{
	x->c[0].op[0].offset = 8;
	x->c[0].op[0].length = UINT64_MAX - 3;
}

static void m_extent(struct submission *x)
{
	/* A copy from a window longer than its destination's. */
	x->c[0] = igt_duet_cmd_copy(igt_duet_op(x->bo, 0, 64), igt_duet_op(x->bo, 0, 128));
}

static void m_foreign_handle(struct submission *x)
{
	int other_fd = igt_duet_open_node(0, x->node);
	uint32_t h = x->bo;

	/* A handle that exists only in another file of the same node. */
	while (h <= x->bo + 1)
		h = igt_duet_bo_create(other_fd, x->node, PAGE);
	x->c[0].op[0].handle = h;
	/* other_fd stays open so the handle exists elsewhere; closed at exit. */
}

static void m_no_handle(struct submission *x)
{
	x->c[0].op[0].handle = 0;
}

static void m_op_pad(struct submission *x)
{
	x->c[0].op[0].pad = 1;
}

static void m_unused_op(struct submission *x)
{
	x->c[0].op[2].offset = 1;
}

static void m_unused_arg(struct submission *x)
{
	x->c[0].arg[11] = 1;
}

static void m_cmd_flags(struct submission *x)
{
	x->c[0].flags = 1;
}

static void m_opcode(struct submission *x)
{
	x->c[0].opcode = 99;
}

static void m_opcode_zero(struct submission *x)
{
	x->c[0].opcode = 0;
}

static void m_misaligned(struct submission *x)
{
	x->c[0].op[0].offset = 2;
	x->c[0].op[0].length = 8;
}

static void m_spin_long(struct submission *x)
{
	x->c[0] = igt_duet_cmd_spin(DRM_DUET_SPIN_MAX_US + 1);
}

static void m_flags(struct submission *x)
{
	x->s->flags = 1;
}

static void m_engine(struct submission *x)
{
	x->s->engine = 8;
}

static void m_no_commands(struct submission *x)
{
	x->s->num_commands = 0;
}

static void m_too_many(struct submission *x)
{
	for (unsigned int i = 1; i <= DRM_DUET_MAX_COMMANDS; i++)
		x->c[i] = x->c[0];
	x->s->num_commands = DRM_DUET_MAX_COMMANDS + 1;
}

static void m_bad_cmd_ptr(struct submission *x)
{
	x->s->commands = 8;
}

static void m_in_sync_handle(struct submission *x)
{
	x->in[0].handle = 0xdead;
	x->s->in_syncs = (uintptr_t)x->in;
	x->s->num_in_syncs = 1;
}

static void m_in_sync_flags(struct submission *x)
{
	x->in[0].handle = igt_duet_syncobj_create(x->fd);
	x->in[0].flags = 1;
	x->s->in_syncs = (uintptr_t)x->in;
	x->s->num_in_syncs = 1;
}

static void m_too_many_syncs(struct submission *x)
{
	x->s->in_syncs = (uintptr_t)x->in;
	x->s->num_in_syncs = DRM_DUET_MAX_SYNCS + 1;
}

static void m_bad_sync_ptr(struct submission *x)
{
	x->s->in_syncs = 8;
	x->s->num_in_syncs = 1;
}

static void m_out_sync_handle(struct submission *x)
{
	x->s->out_sync.handle = 0xdead;
}

static void m_out_sync_flags(struct submission *x)
{
	x->s->out_sync.handle = igt_duet_syncobj_create(x->fd);
	x->s->out_sync.flags = 1;
}

static void m_out_point_no_sync(struct submission *x)
{
	x->s->out_sync.point = 5;
}

static const struct invalid invalids[] = {
	{ "oob-offset", "window starting at the end of its buffer", EINVAL, m_oob_offset },
	{ "oob-length", "window running past the end of its buffer", EINVAL, m_oob_length },
	{ "oob-wrap", "window whose end overflows 64 bits", EINVAL, m_oob_wrap },
	{ "extent-outside-window", "command touching more than its window", EINVAL, m_extent },
	{ "foreign-handle", "handle of another client", ENOENT, m_foreign_handle },
	{ "no-handle", "handle 0", ENOENT, m_no_handle },
	{ "operand-pad", "non-zero operand pad", EINVAL, m_op_pad },
	{ "unused-operand", "non-zero unused operand", EINVAL, m_unused_op },
	{ "unused-arg", "non-zero unused argument", EINVAL, m_unused_arg },
	{ "cmd-flags", "non-zero command flags", EINVAL, m_cmd_flags },
	{ "bad-opcode", "unknown opcode", EINVAL, m_opcode },
	{ "zero-opcode", "opcode 0", EINVAL, m_opcode_zero },
	{ "misaligned-fill", "FILL at an offset that is not a multiple of 4", EINVAL, m_misaligned },
	{ "spin-too-long", "SPIN beyond DRM_DUET_SPIN_MAX_US", EINVAL, m_spin_long },
	{ "bad-flags", "non-zero submit flags", EINVAL, m_flags },
	{ "bad-engine", "engine the node does not have", EINVAL, m_engine },
	{ "no-commands", "zero commands", EINVAL, m_no_commands },
	{ "too-many-commands", "more than DRM_DUET_MAX_COMMANDS commands", EINVAL, m_too_many },
	{ "bad-commands-pointer", "unreadable command array", EFAULT, m_bad_cmd_ptr },
	{ "bad-in-sync", "in-sync handle that is no syncobj", ENOENT, m_in_sync_handle },
	{ "in-sync-flags", "non-zero in-sync flags", EINVAL, m_in_sync_flags },
	{ "too-many-in-syncs", "more than DRM_DUET_MAX_SYNCS in-syncs", EINVAL, m_too_many_syncs },
	{ "bad-in-syncs-pointer", "unreadable in-sync array", EFAULT, m_bad_sync_ptr },
	{ "bad-out-sync", "out-sync handle that is no syncobj", ENOENT, m_out_sync_handle },
	{ "out-sync-flags", "non-zero out-sync flags", EINVAL, m_out_sync_flags },
	{ "out-point-without-sync", "timeline point without an out-sync", EINVAL, m_out_point_no_sync },
};

static void invalid_submit(enum igt_duet_node_type node, const struct invalid *inv)
{
	static struct drm_duet_cmd cmds[DRM_DUET_MAX_COMMANDS + 1];
	static struct drm_duet_sync in[DRM_DUET_MAX_SYNCS + 1];
	int fd = igt_duet_open_node(0, node);
	uint32_t bo = igt_duet_bo_create(fd, node, PAGE);
	uint32_t engine = igt_duet_find_engine(fd, node, DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
	struct drm_duet_submit s;
	struct submission x = {
		.fd = fd, .node = node, .bo = bo, .s = &s, .c = cmds, .in = in,
	};
	unsigned long request = node == IGT_DUET_ACCEL ?
		DRM_IOCTL_DUET_ACCEL_SUBMIT : DRM_IOCTL_DUET_SUBMIT;

	memset(cmds, 0, sizeof(cmds));
	memset(in, 0, sizeof(in));
	cmds[0] = igt_duet_cmd_fill(igt_duet_op(bo, 0, PAGE), 1);
	memset(&s, 0, sizeof(s));
	s.engine = engine;
	s.commands = (uintptr_t)cmds;
	s.num_commands = 1;

	/* The valid submission works... */
	do_ioctl(fd, request, &s);
	/* ... and the broken one fails with its own error. */
	inv->mutate(&x);
	do_ioctl_err(fd, request, &s, inv->err);
	close(fd);
}

/* ---- hangs ---------------------------------------------------------------- */

/*
 * A job of @guilty_node spins past the timeout on a compute engine: it is
 * reset, fails with ETIMEDOUT, and its file is banned; a job of the other
 * node queued behind it on the same engine, and one on another engine,
 * complete correctly.
 */
static void hang(enum igt_duet_node_type guilty_node)
{
	enum igt_duet_node_type innocent_node = other(guilty_node);
	int g = igt_duet_open_node(0, guilty_node), i = igt_duet_open_node(0, innocent_node);
	unsigned int timeout = igt_duet_job_timeout_ms();
	uint32_t ge = igt_duet_find_engine(g, guilty_node, DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
	uint32_t ie = igt_duet_find_engine(i, innocent_node, DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
	uint32_t ie2 = igt_duet_find_engine(i, innocent_node, DRM_DUET_ENGINE_CLASS_COMPUTE, 1);
	struct drm_duet_cmd spin = igt_duet_cmd_spin((timeout + 2000) * 1000);
	struct igt_duet_buf ib = igt_duet_buf_new(i, innocent_node, PAGE);
	struct igt_duet_buf ib2 = igt_duet_buf_new(i, innocent_node, PAGE);
	struct drm_duet_cmd fill = igt_duet_cmd_fill(igt_duet_buf_op(&ib), 0x600d);
	struct drm_duet_cmd fill2 = igt_duet_cmd_fill(igt_duet_buf_op(&ib2), 0xf00d);
	uint32_t gs, is, is2;
	struct drm_duet_sync none = { 0 };
	int64_t start = igt_duet_now_ms();

	igt_require_f(timeout < 5000, "job timeout %u ms too long to test\n", timeout);
	gs = igt_duet_submit(g, guilty_node, ge, &spin, 1);
	usleep(100000);
	/* Compute engine 0 of either node is the same hardware engine. */
	is = igt_duet_submit(i, innocent_node, ie, &fill, 1);
	is2 = igt_duet_submit(i, innocent_node, ie2, &fill2, 1);

	/* Another engine is not held up by the hang... */
	igt_assert_eq(igt_duet_syncobj_wait(i, is2, 0, timeout / 2), 0);
	igt_assert_eq(igt_duet_syncobj_wait(g, gs, 0, 0), -ETIME);
	/* ... and the job queued behind it runs after the reset. */
	igt_assert_eq(igt_duet_syncobj_wait(g, gs, 0, TIMEOUT_MS), 0);
	igt_assert_eq(igt_duet_syncobj_error(g, gs), -ETIMEDOUT);
	igt_assert_eq(igt_duet_syncobj_wait(i, is, 0, TIMEOUT_MS), 0);
	igt_assert_eq(igt_duet_syncobj_error(i, is), 0);
	igt_assert_eq(igt_duet_syncobj_error(i, is2), 0);
	igt_info("hang reset after %" PRId64 " ms (timeout %u ms)\n",
		 igt_duet_now_ms() - start, timeout);
	for (unsigned int w = 0; w < PAGE / 4; w++) {
		igt_assert_eq_u32(((uint32_t *)ib.map)[w], 0x600d);
		igt_assert_eq_u32(((uint32_t *)ib2.map)[w], 0xf00d);
	}

	/* The guilty file is banned; a new file of the same node works. */
	igt_assert_eq(__igt_duet_submit(g, guilty_node, ge, &fill, 0, NULL, 0, none),
		      -EINVAL);
	fill.op[0] = igt_duet_op(igt_duet_bo_create(g, guilty_node, PAGE), 0, PAGE);
	igt_assert_eq(__igt_duet_submit(g, guilty_node, ge, &fill, 1, NULL, 0, none),
		      -ECANCELED);
	close(g);
	g = igt_duet_open_node(0, guilty_node);
	fill.op[0] = igt_duet_op(igt_duet_bo_create(g, guilty_node, PAGE), 0, PAGE);
	igt_duet_run(g, guilty_node, ge, &fill, 1);

	igt_duet_buf_free(i, &ib);
	igt_duet_buf_free(i, &ib2);
	close(g);
	close(i);
}

/* ---- lifetimes and load ---------------------------------------------------- */

static void close_in_flight(enum igt_duet_node_type node)
{
	int probe = igt_duet_open_node(0, node), fd = igt_duet_open_node(0, node);
	uint64_t start = igt_duet_vram_available(probe, node);
	uint32_t e = igt_duet_find_engine(fd, node, DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
	struct igt_duet_buf b = igt_duet_buf_new(fd, node, 256 * 1024);
	struct drm_duet_cmd cmds[] = {
		igt_duet_cmd_spin(200000),
		igt_duet_cmd_fill(igt_duet_buf_op(&b), 7),
	};

	for (int i = 0; i < 8; i++)
		igt_duet_submit(fd, node, e, cmds, 2);
	munmap(b.map, b.size);
	close(fd);

	/* The jobs still hold the buffer; it comes back when they are done. */
	for (int i = 0; i < 100 && igt_duet_vram_available(probe, node) != start; i++)
		usleep(50000);
	igt_assert_eq_u64(igt_duet_vram_available(probe, node), start);

	/* The engine still works. */
	b = igt_duet_buf_new(probe, node, PAGE);
	cmds[1] = igt_duet_cmd_fill(igt_duet_buf_op(&b), 9);
	igt_duet_run(probe, node, e, &cmds[1], 1);
	igt_assert_eq_u32(((uint32_t *)b.map)[0], 9);
	igt_duet_buf_free(probe, &b);
	close(probe);
}

static void many_clients(void)
{
	const int clients = 8, jobs = 16;

	igt_fork(c, clients) {
		enum igt_duet_node_type node = c % 2 ? IGT_DUET_ACCEL : IGT_DUET_RENDER;
		int fd = igt_duet_open_node(0, node);
		uint32_t n = igt_duet_num_engines(fd, node);
		struct igt_duet_buf b = igt_duet_buf_new(fd, node, jobs * 64);

		for (int j = 0; j < jobs; j++) {
			struct drm_duet_cmd fill =
				igt_duet_cmd_fill(igt_duet_op(b.handle, j * 64, 64),
						  (c << 16) | j);

			igt_duet_run(fd, node, j % n, &fill, 1);
		}
		for (int j = 0; j < jobs; j++)
			igt_assert_eq_u32(((uint32_t *)b.map)[j * 16 + 15],
					  (uint32_t)((c << 16) | j));
	}
	igt_waitchildren();
}

static uint64_t engine_busy(const char *pci, uint32_t hw_engine)
{
	char dir[PATH_MAX], attr[32];
	unsigned long ns = 0;

	snprintf(dir, sizeof(dir), "%s/duet_engines", pci);
	snprintf(attr, sizeof(attr), "engine%u_busy_ns", hw_engine);
	igt_assert(!igt_duet_sysfs_read_ulong(dir, attr, &ns));
	return ns;
}

static void busy_time(enum igt_duet_node_type node)
{
	int fd = igt_duet_open_node(0, node);
	uint32_t e = igt_duet_find_engine(fd, node, DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
	/* Hardware engine 1 is compute0 on a default card. */
	struct igt_duet_card card = igt_duet_get_card(0);
	uint64_t sys_before = engine_busy(card.pci_path, 1), got = 0;
	struct drm_duet_cmd spin = igt_duet_cmd_spin(150000);

	igt_assert_eq_u64(igt_duet_fdinfo_u64(fd, "drm-engine-compute0"), 0);
	igt_duet_run(fd, node, e, &spin, 1);
	igt_duet_run(fd, node, e, &spin, 1);
	for (int i = 0; i < 50; i++) {
		got = igt_duet_fdinfo_u64(fd, "drm-engine-compute0");
		if (got >= 290000000ull)
			break;
		usleep(20000);
	}
	igt_info("fdinfo drm-engine-compute0: %" PRIu64 " ns\n", got);
	igt_assert_lte_u64(290000000ull, got);
	igt_assert_lt_u64(got, 5000000000ull);
	igt_assert_lte_u64(sys_before + 290000000ull, engine_busy(card.pci_path, 1));
	/* Engines it did not use stay at 0. */
	igt_assert_eq_u64(igt_duet_fdinfo_u64(fd, "drm-engine-compute1"), 0);
	close(fd);
}

static void timeline(enum igt_duet_node_type node)
{
	int fd = igt_duet_open_node(0, node);
	uint32_t e = igt_duet_find_engine(fd, node, DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
	struct drm_duet_cmd spin = igt_duet_cmd_spin(1000);
	struct drm_duet_sync out = { .handle = igt_duet_syncobj_create(fd) };

	for (uint64_t p = 1; p <= 3; p++) {
		out.point = p;
		igt_assert_eq(__igt_duet_submit(fd, node, e, &spin, 1, NULL, 0, out), 0);
	}
	igt_assert_eq(igt_duet_syncobj_wait(fd, out.handle, 3, TIMEOUT_MS), 0);
	igt_assert_eq(igt_duet_syncobj_wait(fd, out.handle, 1, 0), 0);
	close(fd);
}

igt_main
{
	for (unsigned int i = 0; i < 2; i++) {
		enum igt_duet_node_type n = nodes[i];
		const char *name = igt_duet_node_names[n];

		igt_describe("FILL then COPY on every engine of the node; the "
			     "buffers hold exactly the expected bytes.");
		igt_subtest_f("%s-fill-copy", name)
			fill_copy(n);

		igt_describe("VADD and SAXPY on every compute engine of the "
			     "node match the CPU.");
		igt_subtest_f("%s-vadd-saxpy", name)
			vadd_saxpy(n);

		igt_describe("GEMM with non-square sizes and padded strides, on "
			     "every compute engine of the node, matches the CPU "
			     "and leaves the padding alone.");
		igt_subtest_f("%s-gemm", name)
			gemm(n);

		for (unsigned int v = 0; v < sizeof(invalids) / sizeof(invalids[0]); v++) {
			igt_describe_f("SUBMIT with %s fails with %s.", invalids[v].desc,
				       strerror(invalids[v].err));
			igt_subtest_f("%s-invalid-%s", name, invalids[v].name)
				invalid_submit(n, &invalids[v]);
		}

		igt_describe("A job that spins past the timeout is reset and "
			     "fails with ETIMEDOUT, its file is banned "
			     "(ECANCELED), and the other node's jobs on the same "
			     "and on another engine complete.");
		igt_subtest_f("%s-hang-recovery", name)
			hang(n);

		igt_describe("Closing a file with jobs in flight: the jobs "
			     "finish, their buffers are freed, the engine works.");
		igt_subtest_f("%s-close-in-flight", name)
			close_in_flight(n);

		igt_describe("fdinfo drm-engine-compute0 and the engine's sysfs "
			     "busy time grow by the time jobs ran.");
		igt_subtest_f("%s-busy-time", name)
			busy_time(n);

		igt_describe("Timeline out-syncs signal their points.");
		igt_subtest_f("%s-timeline", name)
			timeline(n);
	}

	igt_describe("2D FILL_RECT and a format-converting BLIT on the "
		     "graphics engine match the CPU.");
	igt_subtest("render-fill-rect-blit")
		fill_rect_blit();

	igt_describe("The accel node has no graphics engine; compute commands "
		     "are refused by the graphics engine and 2D commands by the "
		     "compute engines.");
	igt_subtest("engine-rules")
		engine_rules();




	igt_describe("Eight clients on both nodes submit and check jobs in "
		     "parallel.");
	igt_subtest("many-clients")
		many_clients();
}
