// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet_interop: the two nodes working on the same data and the same
 * engines. A compute job on the accel node writes a buffer that a job on
 * the render node reads through a dma-buf, ordered by the buffer's
 * implicit fences; a render job is ordered behind an accel job by an
 * explicit syncobj alone (no shared buffer), with a control showing that
 * the ordering check can fail; render and accel clients share a compute
 * engine and are both served.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <unistd.h>

#include "igt_subset.h"
#include "igt_duet.h"

/*
 * An accel job computes into a buffer shared with the render node; a render
 * job copies it out, ordered only by the buffer's implicit fences. The
 * accel job first spins, so a render job that did not wait would copy
 * stale data.
 */
static void implicit_sync(void)
{
	int a = igt_duet_open_node(0, IGT_DUET_ACCEL), r = igt_duet_open_node(0, IGT_DUET_RENDER);
	uint32_t ae = igt_duet_find_engine(a, IGT_DUET_ACCEL, DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
	uint32_t re = igt_duet_find_engine(r, IGT_DUET_RENDER, DRM_DUET_ENGINE_CLASS_GRAPHICS, 0);
	const unsigned int count = 4096;
	struct igt_duet_buf x = igt_duet_buf_new(a, IGT_DUET_ACCEL, count * 4);
	struct igt_duet_buf y = igt_duet_buf_new(a, IGT_DUET_ACCEL, count * 4);
	struct igt_duet_buf shared = igt_duet_buf_new(a, IGT_DUET_ACCEL, count * 4);
	struct igt_duet_buf out = igt_duet_buf_new(r, IGT_DUET_RENDER, count * 4);
	int dmabuf = igt_duet_bo_export(a, shared.handle);
	uint32_t imported = igt_duet_bo_import(r, dmabuf);
	struct drm_duet_cmd acmds[] = {
		igt_duet_cmd_spin(300000),
		igt_duet_cmd_vadd(igt_duet_buf_op(&shared), igt_duet_buf_op(&x), igt_duet_buf_op(&y), count),
	};
	struct drm_duet_cmd rcmd = igt_duet_cmd_copy(igt_duet_buf_op(&out),
						 igt_duet_op(imported, 0, count * 4));
	struct drm_duet_sync rout = { .handle = igt_duet_syncobj_create(r) };
	uint32_t async;
	float *px = x.map, *py = y.map, *po = out.map;

	igt_duet_fill_floats(px, count, 2.0f);
	igt_duet_fill_floats(py, count, 0.5f);
	async = igt_duet_submit(a, IGT_DUET_ACCEL, ae, acmds, 2);
	igt_assert_eq(__igt_duet_submit(r, IGT_DUET_RENDER, re, &rcmd, 1, NULL, 0,
					rout), 0);
	igt_assert_eq(igt_duet_syncobj_wait(r, rout.handle, 0, IGT_DUET_WAIT_MS), 0);
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

#define EXPLICIT_SPIN_US	300000

static uint32_t syncobj_create_signalled(int fd)
{
	struct drm_syncobj_create args = { .flags = DRM_SYNCOBJ_CREATE_SIGNALED };

	do_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &args);
	return args.handle;
}

static void assert_filled(const struct igt_duet_buf *buf, uint32_t value)
{
	const uint32_t *p = buf->map;

	for (uint64_t i = 0; i < buf->size / 4; i++)
		igt_assert_f(p[i] == value, "word %" PRIu64 " = %#x, want %#x\n",
			     i, p[i], value);
}

/*
 * Explicit sync with nothing else to order the jobs: they share no buffer
 * (so no implicit fence), run on different engines (the accel node's
 * compute engine, the render node's graphics engine) and come from
 * different files. The accel job spins EXPLICIT_SPIN_US and then fills
 * its buffer A; the render job fills an unrelated buffer B, waiting on the
 * accel job's syncobj. Were the in-sync ignored, the idle graphics engine
 * would finish the render job within milliseconds, while the accel job
 * still spins: the accel syncobj would be unsignalled when the render job
 * signals, and the render fence's timestamp would come first. Both are
 * checked. With @control the render job waits on an already signalled
 * syncobj instead and the test asserts exactly that misorder, so it shows
 * on this machine that the check can fail.
 */
static void explicit_sync(bool control)
{
	int a = igt_duet_open_node(0, IGT_DUET_ACCEL), r = igt_duet_open_node(0, IGT_DUET_RENDER);
	uint32_t ae = igt_duet_find_engine(a, IGT_DUET_ACCEL, DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
	uint32_t re = igt_duet_find_engine(r, IGT_DUET_RENDER, DRM_DUET_ENGINE_CLASS_GRAPHICS, 0);
	struct igt_duet_buf buf_a = igt_duet_buf_new(a, IGT_DUET_ACCEL, 4096);
	struct igt_duet_buf buf_b = igt_duet_buf_new(r, IGT_DUET_RENDER, 4096);
	struct drm_duet_cmd acmds[] = {
		igt_duet_cmd_spin(EXPLICIT_SPIN_US),
		igt_duet_cmd_fill(igt_duet_buf_op(&buf_a), 0xa11ce),
	};
	struct drm_duet_cmd rcmd = igt_duet_cmd_fill(igt_duet_buf_op(&buf_b), 0xb0b);
	struct drm_duet_sync in = { 0 }, rout = { .handle = igt_duet_syncobj_create(r) };
	bool accel_done_first;
	int64_t ta, tr;
	uint32_t async;

	async = igt_duet_submit(a, IGT_DUET_ACCEL, ae, acmds, 2);
	in.handle = control ? syncobj_create_signalled(r) :
			      igt_duet_syncobj_transfer(a, async, r);
	igt_assert_eq(__igt_duet_submit(r, IGT_DUET_RENDER, re, &rcmd, 1, &in, 1,
					rout), 0);
	igt_assert_eq(igt_duet_syncobj_wait(r, rout.handle, 0, IGT_DUET_WAIT_MS), 0);
	accel_done_first = igt_duet_syncobj_wait(a, async, 0, 0) == 0;
	igt_assert_eq(igt_duet_syncobj_wait(a, async, 0, IGT_DUET_WAIT_MS), 0);
	ta = igt_duet_syncobj_timestamp_ns(a, async);
	tr = igt_duet_syncobj_timestamp_ns(r, rout.handle);
	igt_info("accel job signalled at %" PRId64 " ns, render job %+" PRId64
		 " ns later; accel done when the render job signalled: %s\n",
		 ta, tr - ta, accel_done_first ? "yes" : "no");
	assert_filled(&buf_a, 0xa11ce);
	assert_filled(&buf_b, 0xb0b);
	if (control) {
		igt_assert_f(!accel_done_first && tr < ta,
			     "an unordered render job did not overtake the "
			     "spinning accel job: the ordering check is blind\n");
	} else {
		igt_assert_f(accel_done_first, "the render job signalled while "
			     "the accel job it waits for was running\n");
		igt_assert_f(tr >= ta, "the render job finished %" PRId64
			     " ns before the accel job it waits for\n", ta - tr);
	}

	igt_duet_buf_free(a, &buf_a);
	igt_duet_buf_free(r, &buf_b);
	close(a);
	close(r);
}

/* Both nodes' clients run on the same compute engine and both get served. */
static void shared_engine(void)
{
	int a = igt_duet_open_node(0, IGT_DUET_ACCEL), r = igt_duet_open_node(0, IGT_DUET_RENDER);
	uint32_t ae = igt_duet_find_engine(a, IGT_DUET_ACCEL, DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
	uint32_t re = igt_duet_find_engine(r, IGT_DUET_RENDER, DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
	struct drm_duet_cmd spin = igt_duet_cmd_spin(100000);
	uint32_t sa = igt_duet_syncobj_create(a), sr = igt_duet_syncobj_create(r);
	int64_t start = igt_duet_now_ms(), took;

	/* Four 100 ms jobs from each node on the same engine. */
	for (int i = 0; i < 4; i++) {
		igt_assert_eq(__igt_duet_submit(a, IGT_DUET_ACCEL, ae, &spin, 1, NULL, 0,
					    (struct drm_duet_sync){ .handle = sa }), 0);
		igt_assert_eq(__igt_duet_submit(r, IGT_DUET_RENDER, re, &spin, 1, NULL, 0,
					    (struct drm_duet_sync){ .handle = sr }), 0);
	}
	igt_assert_eq(igt_duet_syncobj_wait(a, sa, 0, IGT_DUET_WAIT_MS), 0);
	igt_assert_eq(igt_duet_syncobj_wait(r, sr, 0, IGT_DUET_WAIT_MS), 0);
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
		implicit_sync();

	igt_describe("A render job waits on an accel job's syncobj as its "
		     "in-sync, and nothing else orders them: no shared buffer, "
		     "different engines and files. The accel job spins 300 ms; "
		     "an ignored in-sync would let the render job on the idle "
		     "graphics engine finish first, so the test checks that "
		     "the accel job had signalled when the render job did and "
		     "that its fence timestamp is not later.");
	igt_subtest("accel-to-render-explicit-sync")
		explicit_sync(false);

	igt_describe("Control of accel-to-render-explicit-sync: the same jobs "
		     "with an already signalled in-sync. The render job must "
		     "overtake the spinning accel job, which shows the ordering "
		     "check can fail.");
	igt_subtest("accel-to-render-explicit-sync-control")
		explicit_sync(true);

	igt_describe("Render and accel clients share one compute engine: "
		     "their jobs run one after the other and all complete.");
	igt_subtest("shared-compute-engine")
		shared_engine();
}
