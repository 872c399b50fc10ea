// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet_interop: the two nodes working on the same data and the same
 * engines. A compute job on the accel node writes a buffer that a job on
 * the render node reads through a dma-buf, ordered by the buffer's
 * implicit fences or by an explicit syncobj; render and accel clients share
 * a compute engine and are both served.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <unistd.h>

#include "igt_subset.h"
#include "duet_cmd.h"
#include "duet_igt.h"
#include "duet_mem.h"

/*
 * An accel job computes into a buffer shared with the render node; a render
 * job copies it out. With @explicit_sync the render job waits on the accel
 * job's syncobj, else only the buffer's implicit fences order them. The
 * accel job first spins, so a render job that did not wait would copy
 * stale data.
 */
static void interop(bool explicit_sync)
{
	int a = igt_duet_open_node(0, DUET_NODE_ACCEL), r = igt_duet_open_node(0, DUET_NODE_RENDER);
	uint32_t ae = igt_duet_find_engine(a, DUET_NODE_ACCEL, DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
	uint32_t re = igt_duet_find_engine(r, DUET_NODE_RENDER, DRM_DUET_ENGINE_CLASS_GRAPHICS, 0);
	const unsigned int count = 4096;
	struct igt_duet_buf x = igt_duet_buf_new(a, DUET_NODE_ACCEL, count * 4);
	struct igt_duet_buf y = igt_duet_buf_new(a, DUET_NODE_ACCEL, count * 4);
	struct igt_duet_buf shared = igt_duet_buf_new(a, DUET_NODE_ACCEL, count * 4);
	struct igt_duet_buf out = igt_duet_buf_new(r, DUET_NODE_RENDER, count * 4);
	int dmabuf = igt_duet_bo_export(a, shared.handle);
	uint32_t imported = igt_duet_bo_import(r, dmabuf);
	struct drm_duet_cmd acmds[] = {
		duet_cmd_spin(300000),
		duet_cmd_vadd(igt_duet_buf_op(&shared), igt_duet_buf_op(&x), igt_duet_buf_op(&y), count),
	};
	struct drm_duet_cmd rcmd = duet_cmd_copy(igt_duet_buf_op(&out),
						 duet_op(imported, 0, count * 4));
	struct drm_duet_sync in = { 0 }, rout = { .handle = igt_duet_syncobj_create(r) };
	uint32_t async;
	float *px = x.map, *py = y.map, *po = out.map;

	igt_duet_fill_floats(px, count, 2.0f);
	igt_duet_fill_floats(py, count, 0.5f);
	async = igt_duet_submit(a, DUET_NODE_ACCEL, ae, acmds, 2);
	if (explicit_sync) {
		in.handle = igt_duet_syncobj_transfer(a, async, r);
		igt_assert_eq(__igt_duet_submit(r, DUET_NODE_RENDER, re, &rcmd, 1, &in, 1,
					    rout), 0);
	} else {
		igt_assert_eq(__igt_duet_submit(r, DUET_NODE_RENDER, re, &rcmd, 1, NULL, 0,
					    rout), 0);
	}
	igt_assert_eq(igt_duet_syncobj_wait(r, rout.handle, 0, DUET_WAIT_MS), 0);
	/* The render job finished, so the accel job it waited for has too. */
	igt_assert_eq(igt_duet_syncobj_wait(a, async, 0, 0), 0);
	for (unsigned int i = 0; i < count; i++)
		igt_assert_f(po[i] == px[i] + py[i], "out[%u] = %f, want %f\n",
			     i, po[i], px[i] + py[i]);

	close(dmabuf);
	igt_duet_bo_close(r, imported);
	igt_duet_buf_free(a, &x);
	igt_duet_buf_free(a, &y);
	igt_duet_buf_free(a, &shared);
	igt_duet_buf_free(r, &out);
	close(a);
	close(r);
}

/* Both nodes' clients run on the same compute engine and both get served. */
static void shared_engine(void)
{
	int a = igt_duet_open_node(0, DUET_NODE_ACCEL), r = igt_duet_open_node(0, DUET_NODE_RENDER);
	uint32_t ae = igt_duet_find_engine(a, DUET_NODE_ACCEL, DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
	uint32_t re = igt_duet_find_engine(r, DUET_NODE_RENDER, DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
	struct drm_duet_cmd spin = duet_cmd_spin(100000);
	uint32_t sa = igt_duet_syncobj_create(a), sr = igt_duet_syncobj_create(r);
	int64_t start = igt_duet_now_ms(), took;

	/* Four 100 ms jobs from each node on the same engine. */
	for (int i = 0; i < 4; i++) {
		igt_assert_eq(__igt_duet_submit(a, DUET_NODE_ACCEL, ae, &spin, 1, NULL, 0,
					    (struct drm_duet_sync){ .handle = sa }), 0);
		igt_assert_eq(__igt_duet_submit(r, DUET_NODE_RENDER, re, &spin, 1, NULL, 0,
					    (struct drm_duet_sync){ .handle = sr }), 0);
	}
	igt_assert_eq(igt_duet_syncobj_wait(a, sa, 0, DUET_WAIT_MS), 0);
	igt_assert_eq(igt_duet_syncobj_wait(r, sr, 0, DUET_WAIT_MS), 0);
	took = igt_duet_now_ms() - start;
	igt_info("8 x 100 ms on one shared engine took %" PRId64 " ms\n", took);
	/* One engine: the jobs ran one after the other, not in parallel. */
	igt_assert_f(took >= 780, "8 x 100 ms jobs took only %" PRId64 " ms\n", took);
	close(a);
	close(r);
}

igt_main
{
	igt_describe("An accel compute job writes a dma-buf that a render job "
		     "then reads, ordered only by implicit synchronisation.");
	igt_subtest("accel-to-render-implicit-sync")
		interop(false);

	igt_describe("The same, ordered by the accel job's syncobj passed to "
		     "the render job as an in-sync.");
	igt_subtest("accel-to-render-explicit-sync")
		interop(true);

	igt_describe("Render and accel clients share one compute engine: "
		     "their jobs run one after the other and all complete.");
	igt_subtest("shared-compute-engine")
		shared_engine();
}
