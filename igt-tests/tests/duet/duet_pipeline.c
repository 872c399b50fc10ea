// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet_pipeline: several jobs on an engine's ring at once (see the DOC of
 * duet_core_sched.c). A client alone on an engine puts its queued jobs on
 * the ring; while clients share an engine, each has at most
 * duet_core.shared_ring_jobs jobs there, so one client's job waits for
 * that many of another's jobs, not for its queue; the engine's busy time
 * counts only the time it executed each job, not the time a job waited on
 * the ring. debugfs "engines" shows the jobs on the
 * ring. On card 0's compute engine 0, shared by both nodes.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "igt_subset.h"
#include "igt_duet.h"

#define PAGE		4096u
/* Hardware engine 1 is compute0 on a default card (render engine 1). */
#define HW_COMPUTE0	1
#define SPIN_MS		300u
/* Jobs the busy client queues beyond its window. */
#define EXTRA_JOBS	2

static struct igt_duet_card card0;

static unsigned int shared_ring_jobs(void)
{
	unsigned long n = 0;

	igt_assert(!igt_duet_sysfs_read_ulong("/sys/module/duet_core/parameters",
					  "shared_ring_jobs", &n));
	igt_assert_f(n >= 1 && n <= 8, "shared_ring_jobs %lu\n", n);
	return n;
}

static unsigned int on_ring(void)
{
	return igt_duet_engine_stats(card0.pci_path, "compute0").on_ring;
}

static uint64_t compute0_busy_ns(void)
{
	char dir[PATH_MAX + 16];
	unsigned long ns = 0;

	snprintf(dir, sizeof(dir), "%s/duet_engines", card0.pci_path);
	igt_assert(!igt_duet_sysfs_read_ulong(dir, "engine1_busy_ns", &ns));
	return ns;
}

static void wait_ok(int fd, uint32_t syncobj)
{
	igt_assert_eq(igt_duet_syncobj_wait(fd, syncobj, 0, 20000), 0);
	igt_assert_eq(igt_duet_syncobj_error(fd, syncobj), 0);
}

/* A client alone on an engine puts all its jobs on the ring at once. */
static void alone_fills_ring(void)
{
	int fd = igt_duet_open_node(0, IGT_DUET_ACCEL);
	struct drm_duet_cmd spin = igt_duet_cmd_spin(SPIN_MS * 1000 / 2);
	uint32_t jobs[6];

	igt_assert_eq(on_ring(), 0);
	for (unsigned int i = 0; i < 6; i++)
		jobs[i] = igt_duet_submit(fd, IGT_DUET_ACCEL, 0, &spin, 1);
	usleep(SPIN_MS * 1000 / 4);
	igt_info("%u of 6 jobs on the ring\n", on_ring());
	igt_assert_eq(on_ring(), 6);
	for (unsigned int i = 0; i < 6; i++)
		wait_ok(fd, jobs[i]);
	igt_assert_eq(on_ring(), 0);
	close(fd);
}

/*
 * Two clients share compute engine 0. A render client's SPIN runs; a busy
 * accel client then queues N + EXTRA_JOBS SPINs (N = shared_ring_jobs):
 * only N of them go onto the ring. The render client's next job, a FILL,
 * goes onto the ring when its SPIN ends, behind those N, and completes
 * while the accel client's last jobs are still to run.
 */
static void shared_window(void)
{
	unsigned int n = shared_ring_jobs(), jobs = n + EXTRA_JOBS;
	int busy = igt_duet_open_node(0, IGT_DUET_ACCEL);
	int other = igt_duet_open_node(0, IGT_DUET_RENDER);
	struct igt_duet_buf b = igt_duet_buf_new(other, IGT_DUET_RENDER, PAGE);
	struct drm_duet_cmd spin = igt_duet_cmd_spin(SPIN_MS * 1000);
	struct drm_duet_cmd fill = igt_duet_cmd_fill(igt_duet_buf_op(&b), 0x600d);
	uint32_t spins[8 + EXTRA_JOBS], first, done;
	int64_t t0, ms;

	igt_assert_eq(on_ring(), 0);
	t0 = igt_duet_now_ms();
	first = igt_duet_submit(other, IGT_DUET_RENDER, HW_COMPUTE0, &spin, 1);
	for (unsigned int i = 0; i < jobs; i++)
		spins[i] = igt_duet_submit(busy, IGT_DUET_ACCEL, 0, &spin, 1);
	done = igt_duet_submit(other, IGT_DUET_RENDER, HW_COMPUTE0, &fill, 1);
	usleep(SPIN_MS * 1000 / 3);
	igt_info("shared_ring_jobs %u: %u jobs on the ring (1 render, %u accel queued)\n",
		 n, on_ring(), jobs);
	igt_assert_eq(on_ring(), 1 + n);

	wait_ok(other, first);
	wait_ok(other, done);
	ms = igt_duet_now_ms() - t0;
	igt_info("the render FILL completed after %" PRId64 " ms\n", ms);
	/* It waited for the busy client's window, not for its whole queue. */
	igt_assert_eq(igt_duet_syncobj_wait(busy, spins[jobs - 1], 0, 0), -ETIME);
	igt_assert_lte(ms, (int64_t)(n + 1) * SPIN_MS + SPIN_MS / 2);
	igt_assert_eq(((const uint32_t *)b.map)[0], 0x600d);

	for (unsigned int i = 0; i < jobs; i++)
		wait_ok(busy, spins[i]);
	igt_assert_eq(on_ring(), 0);
	igt_duet_buf_free(other, &b);
	close(busy);
	close(other);
}

/*
 * Jobs that wait on the ring behind others are charged from when the
 * engine began them: three jobs of one client and one of another, all on
 * the ring at once, add four SPINs of busy time, not the sum of their
 * times since each was written to the ring.
 */
static void busy_time_excludes_ring_wait(void)
{
	unsigned int n = 3;
	int a = igt_duet_open_node(0, IGT_DUET_ACCEL);
	int r = igt_duet_open_node(0, IGT_DUET_RENDER);
	struct drm_duet_cmd spin = igt_duet_cmd_spin(SPIN_MS * 1000);
	uint64_t before = compute0_busy_ns(), busy = 0, want;
	uint32_t jobs[4];

	for (unsigned int i = 0; i < n; i++)
		jobs[i] = igt_duet_submit(a, IGT_DUET_ACCEL, 0, &spin, 1);
	/*
	 * Alone, the accel client puts all of them on the ring; once the
	 * render client has work too, it would have only one there.
	 */
	usleep(50000);
	igt_assert_eq(on_ring(), n);
	jobs[n] = igt_duet_submit(r, IGT_DUET_RENDER, HW_COMPUTE0, &spin, 1);
	usleep(50000);
	igt_assert_eq(on_ring(), n + 1);
	for (unsigned int i = 0; i < n; i++)
		wait_ok(a, jobs[i]);
	wait_ok(r, jobs[n]);
	/* Busy time is added when each job is freed, just after it signals. */
	want = (uint64_t)(n + 1) * SPIN_MS * 1000000ull;
	for (int i = 0; i < 50; i++) {
		busy = compute0_busy_ns() - before;
		if (busy >= want)
			break;
		usleep(20000);
	}
	igt_info("%u SPINs of %u ms: %" PRIu64 " ms busy\n", n + 1, SPIN_MS,
		 busy / 1000000);
	igt_assert_lte_u64(want, busy);
	igt_assert_lte_u64(busy, want + 100 * 1000000ull);
	close(a);
	close(r);
}

igt_main
{
	igt_fixture {
		igt_duet_require_cards();
		card0 = igt_duet_get_card(0);
	}

	igt_describe("A client alone on an engine puts all its queued jobs "
		     "on the ring at once.");
	igt_subtest("alone-fills-ring")
		alone_fills_ring();

	igt_describe("While two clients share an engine, each has at most "
		     "duet_core.shared_ring_jobs jobs on its ring: a job of one "
		     "waits for that many of the other's, not for its queue.");
	igt_subtest("shared-window")
		shared_window();

	igt_describe("Jobs that wait on the ring behind others are charged "
		     "busy time from when the engine began them.");
	igt_subtest("busy-time-excludes-ring-wait")
		busy_time_excludes_ring_wait();
}
