// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet_faults: the device misbehaves on demand (the device model's test
 * interface, lib/duet_fault.h) and the driver must keep its promises:
 * a lost or late interrupt bans nobody; a hang costs only the guilty
 * context its work; an engine that does not acknowledge its reset, or a
 * device whose heartbeat stops, wedges the card (BO_CREATE and SUBMIT fail
 * with -EIO) so that no new client gets memory a lost engine may still
 * write, until every engine has acknowledged a reset; a hang leaves a
 * devcoredump. All on card 0, with duet_core's job timeout set to
 * JOB_TIMEOUT_MS (the modules are reloaded for that, and left so: the
 * suite runs this binary last, before module-reload.sh loads them with
 * their defaults again).
 */
#define _GNU_SOURCE	/* memfd_create(), F_ADD_SEALS */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/udmabuf.h>

#include "igt_subset.h"
#include "igt_duet.h"
#include "igt_duet_fault.h"

#define PAGE		4096u
#define JOB_TIMEOUT_MS	500
#define XSTR(x)	#x
#define STR(x)	XSTR(x)
/* Engines by hardware index (= render node engine index). */
#define HW_GRAPHICS	0
#define HW_COMPUTE0	1
#define HW_COMPUTE1	2
/* A reset the device does not acknowledge is given up after this. */
#define RESET_WAIT_MS	2000u
#define RECOVER_MS	15000u

static struct igt_duet_card card0;

/* No fault left from an earlier subtest, and the card not wedged. */
static void card_ready(void)
{
	igt_duet_fault(0, "clear");
	igt_assert_f(igt_duet_wait_wedged(card0.pci_path, 0, RECOVER_MS) >= 0,
		     "card 0 is still wedged\n");
}

/* The messages a wedged card logs, which these subtests provoke. */
static void expect_wedge_messages(void)
{
	igt_duet_expect_kmsg("did not acknowledge its reset");
	igt_duet_expect_kmsg("card wedged: ");
	igt_duet_expect_kmsg("device lost");
}

static void assert_words(const void *map, uint64_t size, uint32_t value)
{
	const uint32_t *w = map;

	for (uint64_t i = 0; i < size / 4; i++)
		igt_assert_f(w[i] == value, "word %" PRIu64 ": %#x, expected %#x\n",
			     i, w[i], value);
}

static int64_t wait_job(int fd, uint32_t syncobj, int *error)
{
	int64_t start = igt_duet_now_ms();

	igt_assert_eq(igt_duet_syncobj_wait(fd, syncobj, 0, 20000), 0);
	*error = igt_duet_syncobj_error(fd, syncobj);
	return igt_duet_now_ms() - start;
}

/*
 * The device completes the job but its interrupt is dropped (or comes
 * late): the timeout handler finds the job done, nobody is banned, the
 * result is there.
 */
static void lost_interrupt(enum igt_duet_node_type node, unsigned int delay_ms)
{
	int probe = igt_duet_open_node(0, IGT_DUET_RENDER);
	uint64_t vram_start = igt_duet_vram_available(probe, IGT_DUET_RENDER);
	int fd = igt_duet_open_node(0, node);
	uint32_t e = igt_duet_find_engine(fd, node, DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
	struct igt_duet_buf b = igt_duet_buf_new(fd, node, PAGE);
	struct drm_duet_cmd fill = igt_duet_cmd_fill(igt_duet_buf_op(&b), 0x1badcafe);
	int64_t ms;
	int err;

	/* An earlier subtest's late interrupt must not signal this job. */
	card_ready();
	if (delay_ms)
		igt_duet_fault(0, "irq-delay %u %u", HW_COMPUTE0, delay_ms);
	else
		igt_duet_fault(0, "irq-drop %u", HW_COMPUTE0);
	ms = wait_job(fd, igt_duet_submit(fd, node, e, &fill, 1), &err);
	igt_info("job with a %s interrupt signalled after %" PRId64 " ms: %s\n",
		 delay_ms ? "late" : "dropped", ms, strerror(-err));
	igt_assert_eq(err, 0);
	assert_words(b.map, PAGE, 0x1badcafe);
	/* Only the timeout handler could have noticed the completion. */
	igt_assert_lte(JOB_TIMEOUT_MS * 8 / 10, ms);

	/* Not banned: the next job runs. */
	fill = igt_duet_cmd_fill(igt_duet_buf_op(&b), 0x600d);
	wait_job(fd, igt_duet_submit(fd, node, e, &fill, 1), &err);
	igt_assert_eq(err, 0);
	assert_words(b.map, PAGE, 0x600d);
	igt_assert_eq(igt_duet_card_wedged(card0.pci_path), 0);

	/* Both jobs were freed: their buffer's VRAM comes back. */
	igt_duet_buf_free(fd, &b);
	close(fd);
	for (int i = 0; i < 50 && igt_duet_vram_available(probe, IGT_DUET_RENDER) !=
	     vram_start; i++)
		usleep(20000);
	igt_assert_eq(igt_duet_vram_available(probe, IGT_DUET_RENDER), vram_start);
	close(probe);
}

/* A short delay: the job signals when the interrupt comes, not before. */
static void late_interrupt_short(void)
{
	int fd = igt_duet_open_node(0, IGT_DUET_RENDER);
	struct igt_duet_buf b = igt_duet_buf_new(fd, IGT_DUET_RENDER, PAGE);
	struct drm_duet_cmd fill = igt_duet_cmd_fill(igt_duet_buf_op(&b), 0x5151);
	int64_t ms;
	int err;

	/*
	 * The previous subtest's interrupt, 1.2 s late, may still be due:
	 * clear raises it now, before this job's FENCE runs.
	 */
	card_ready();
	igt_duet_fault(0, "irq-delay %u 200", HW_COMPUTE0);
	ms = wait_job(fd, igt_duet_submit(fd, IGT_DUET_RENDER, HW_COMPUTE0,
					  &fill, 1), &err);
	igt_info("job with an interrupt 200 ms late signalled after %" PRId64 " ms\n",
		 ms);
	igt_assert_eq(err, 0);
	igt_assert_lte(180, ms);
	assert_words(b.map, PAGE, 0x5151);
	igt_duet_buf_free(fd, &b);
	close(fd);
}

/*
 * A guilty accel client hangs compute engine 0 with one job and has two
 * more queued (one behind it, one on compute engine 1 waiting for the
 * first); an innocent render client has two jobs queued behind the hang on
 * the same engine. The hang is reset: the guilty job fails with ETIMEDOUT,
 * the guilty client's queued jobs are cancelled and it is banned, the
 * innocent jobs complete with correct results.
 */
static void hang_innocent_queued(void)
{
	int g = igt_duet_open_node(0, IGT_DUET_ACCEL);
	int i = igt_duet_open_node(0, IGT_DUET_RENDER);
	struct igt_duet_buf gb = igt_duet_buf_new(g, IGT_DUET_ACCEL, PAGE);
	struct igt_duet_buf ib = igt_duet_buf_new(i, IGT_DUET_RENDER, PAGE);
	struct igt_duet_buf ib2 = igt_duet_buf_new(i, IGT_DUET_RENDER, PAGE);
	struct drm_duet_cmd spin = igt_duet_cmd_spin((JOB_TIMEOUT_MS + 3000) * 1000);
	struct drm_duet_cmd gfill = igt_duet_cmd_fill(igt_duet_buf_op(&gb), 0xbad);
	struct drm_duet_cmd ifill = igt_duet_cmd_fill(igt_duet_buf_op(&ib), 0x600d);
	struct drm_duet_cmd icopy = igt_duet_cmd_copy(igt_duet_buf_op(&ib2),
						  igt_duet_buf_op(&ib));
	uint32_t hung, queued, other, in1, in2;
	struct drm_duet_sync dep, none = { 0 };
	int err;

	hung = igt_duet_submit(g, IGT_DUET_ACCEL, 0, &spin, 1);
	queued = igt_duet_submit(g, IGT_DUET_ACCEL, 0, &gfill, 1);
	other = igt_duet_syncobj_create(g);
	dep = (struct drm_duet_sync){ .handle = hung };
	igt_assert_eq(__igt_duet_submit(g, IGT_DUET_ACCEL, 1, &gfill, 1, &dep, 1,
					(struct drm_duet_sync){ .handle = other }), 0);
	usleep(50000);
	in1 = igt_duet_submit(i, IGT_DUET_RENDER, HW_COMPUTE0, &ifill, 1);
	in2 = igt_duet_submit(i, IGT_DUET_RENDER, HW_COMPUTE0, &icopy, 1);

	wait_job(g, hung, &err);
	igt_assert_eq(err, -ETIMEDOUT);
	wait_job(g, queued, &err);
	igt_assert_eq(err, -ECANCELED);
	wait_job(g, other, &err);
	igt_assert_eq(err, -ECANCELED);
	wait_job(i, in1, &err);
	igt_assert_eq(err, 0);
	wait_job(i, in2, &err);
	igt_assert_eq(err, 0);
	assert_words(ib.map, PAGE, 0x600d);
	assert_words(ib2.map, PAGE, 0x600d);
	assert_words(gb.map, PAGE, 0);

	igt_assert_eq(__igt_duet_submit(g, IGT_DUET_ACCEL, 0, &gfill, 1, NULL, 0,
					none), -ECANCELED);
	igt_duet_run(i, IGT_DUET_RENDER, HW_COMPUTE0, &ifill, 1);
	igt_assert_eq(igt_duet_card_wedged(card0.pci_path), 0);

	igt_duet_buf_free(g, &gb);
	igt_duet_buf_free(i, &ib);
	igt_duet_buf_free(i, &ib2);
	close(g);
	close(i);
}

#define REPLAY_JOBS	5

/*
 * Jobs queued on the ring behind a hang are written back after the reset
 * in order, exactly once: a guilty accel client hangs compute engine 0,
 * an innocent render client has REPLAY_JOBS jobs on the ring behind it and
 * the guilty client one more among them (the modules are reloaded with
 * shared_ring_jobs=8 for that: by default each of two clients sharing an
 * engine has one job on its ring). Every innocent job adds 1.0 to
 * each float of y (so a job run twice, or not at all, shows), copies the
 * counter z to its own slot of w and then sets z to its number (so a job
 * run out of order shows). The guilty client's queued job is cancelled.
 * debugfs shows all of them on the ring before the reset, one reset, the
 * innocent jobs replayed and the guilty one cancelled.
 */
static void hang_replay_ring(void)
{
	struct igt_duet_buf gb, x, y, z, w;
	struct drm_duet_cmd spin = igt_duet_cmd_spin((JOB_TIMEOUT_MS + 3000) * 1000);
	struct drm_duet_cmd gfill;
	struct igt_duet_engine_stats before, queued, after;
	uint32_t hung, gq = 0, in[REPLAY_JOBS];
	const float *yf;
	const uint32_t *wv;
	int g, i, err;

	igt_duet_reload_modules_with("job_timeout_ms=" STR(JOB_TIMEOUT_MS)
				     " shared_ring_jobs=8");
	card0 = igt_duet_get_card(0);
	card_ready();
	g = igt_duet_open_node(0, IGT_DUET_ACCEL);
	i = igt_duet_open_node(0, IGT_DUET_RENDER);
	gb = igt_duet_buf_new(g, IGT_DUET_ACCEL, PAGE);
	x = igt_duet_buf_new(i, IGT_DUET_RENDER, PAGE);
	y = igt_duet_buf_new(i, IGT_DUET_RENDER, PAGE);
	z = igt_duet_buf_new(i, IGT_DUET_RENDER, PAGE);
	w = igt_duet_buf_new(i, IGT_DUET_RENDER, PAGE);
	gfill = igt_duet_cmd_fill(igt_duet_buf_op(&gb), 0xbad);
	yf = y.map;
	wv = w.map;
	for (unsigned int k = 0; k < PAGE / 4; k++) {
		((float *)x.map)[k] = 1.0f;
		((float *)y.map)[k] = 0.0f;
	}
	memset(z.map, 0, PAGE);
	memset(w.map, 0xff, PAGE);

	before = igt_duet_engine_stats(card0.pci_path, "compute0");
	hung = igt_duet_submit(g, IGT_DUET_ACCEL, 0, &spin, 1);
	usleep(50000);
	for (unsigned int k = 0; k < REPLAY_JOBS; k++) {
		struct drm_duet_cmd cmds[] = {
			igt_duet_cmd_saxpy(igt_duet_buf_op(&y), igt_duet_buf_op(&x),
				       PAGE / 4, 1.0f),
			igt_duet_cmd_copy(igt_duet_op(w.handle, 4 * k, 4),
				      igt_duet_op(z.handle, 0, 4)),
			igt_duet_cmd_fill(igt_duet_op(z.handle, 0, 4), k + 1),
		};

		in[k] = igt_duet_submit(i, IGT_DUET_RENDER, HW_COMPUTE0, cmds, 3);
		if (k == 1)
			gq = igt_duet_submit(g, IGT_DUET_ACCEL, 0, &gfill, 1);
	}
	usleep(100000);
	queued = igt_duet_engine_stats(card0.pci_path, "compute0");
	igt_info("compute0: %u jobs on the ring behind the hang\n",
		 queued.on_ring);
	igt_assert_eq(queued.on_ring, REPLAY_JOBS + 2);

	wait_job(g, hung, &err);
	igt_assert_eq(err, -ETIMEDOUT);
	wait_job(g, gq, &err);
	igt_assert_eq(err, -ECANCELED);
	for (unsigned int k = 0; k < REPLAY_JOBS; k++) {
		wait_job(i, in[k], &err);
		igt_assert_f(err == 0, "innocent job %u: %s\n", k, strerror(-err));
	}
	after = igt_duet_engine_stats(card0.pci_path, "compute0");
	igt_info("compute0: resets %llu, replayed %llu, cancelled %llu\n",
		 after.resets - before.resets, after.replayed - before.replayed,
		 after.cancelled - before.cancelled);
	igt_assert_eq(after.resets - before.resets, 1);
	igt_assert_eq(after.replayed - before.replayed, REPLAY_JOBS);
	igt_assert_eq(after.cancelled - before.cancelled, 1);
	igt_assert_eq(after.on_ring, 0);

	for (unsigned int k = 0; k < PAGE / 4; k++)
		igt_assert_f(yf[k] == (float)REPLAY_JOBS,
			     "y[%u] = %g: a job ran %s\n", k, yf[k],
			     yf[k] > REPLAY_JOBS ? "twice" : "not at all");
	for (unsigned int k = 0; k < REPLAY_JOBS; k++)
		igt_assert_f(wv[k] == k, "job %u saw counter %u: out of order\n",
			     k, wv[k]);
	igt_assert_eq(((const uint32_t *)z.map)[0], REPLAY_JOBS);
	assert_words(gb.map, PAGE, 0);

	igt_duet_buf_free(g, &gb);
	igt_duet_buf_free(i, &x);
	igt_duet_buf_free(i, &y);
	igt_duet_buf_free(i, &z);
	igt_duet_buf_free(i, &w);
	close(g);
	close(i);
	/* The other subtests run with the default window. */
	igt_duet_reload_modules(JOB_TIMEOUT_MS);
	card0 = igt_duet_get_card(0);
}

/* While wedged: no new buffer, no new job, on either node. */
static void assert_wedged_refuses(void)
{
	int r = igt_duet_open_node(0, IGT_DUET_RENDER);
	int a = igt_duet_open_node(0, IGT_DUET_ACCEL);
	struct drm_duet_cmd spin = igt_duet_cmd_spin(1);
	struct drm_duet_sync none = { 0 };
	uint64_t size = PAGE;
	uint32_t h;

	igt_assert_eq(igt_duet_card_wedged(card0.pci_path), 1);
	igt_assert_eq(__igt_duet_bo_create(r, IGT_DUET_RENDER, &size, &h), -EIO);
	size = PAGE;
	igt_assert_eq(__igt_duet_bo_create(a, IGT_DUET_ACCEL, &size, &h), -EIO);
	igt_assert_eq(__igt_duet_submit(r, IGT_DUET_RENDER, HW_GRAPHICS, &spin, 1,
					NULL, 0, none), -EIO);
	igt_assert_eq(__igt_duet_submit(a, IGT_DUET_ACCEL, 1, &spin, 1, NULL, 0,
					none), -EIO);
	close(r);
	close(a);
}

/* After recovery: VRAM as at @start, every engine of both nodes works. */
static void assert_recovered(uint64_t vram_start)
{
	int r = igt_duet_open_node(0, IGT_DUET_RENDER);
	int a = igt_duet_open_node(0, IGT_DUET_ACCEL);
	struct igt_duet_buf rb = igt_duet_buf_new(r, IGT_DUET_RENDER, PAGE);
	struct igt_duet_buf ab = igt_duet_buf_new(a, IGT_DUET_ACCEL, PAGE);
	struct drm_duet_cmd rfill = igt_duet_cmd_fill(igt_duet_buf_op(&rb), 0x7e57);
	struct drm_duet_cmd afill = igt_duet_cmd_fill(igt_duet_buf_op(&ab), 0xacce1);

	for (uint32_t e = 0; e < igt_duet_num_engines(r, IGT_DUET_RENDER); e++) {
		igt_duet_run(r, IGT_DUET_RENDER, e, &rfill, 1);
		assert_words(rb.map, PAGE, 0x7e57);
	}
	for (uint32_t e = 0; e < igt_duet_num_engines(a, IGT_DUET_ACCEL); e++) {
		igt_duet_run(a, IGT_DUET_ACCEL, e, &afill, 1);
		assert_words(ab.map, PAGE, 0xacce1);
	}
	igt_duet_buf_free(r, &rb);
	igt_duet_buf_free(a, &ab);
	/* Finished jobs drop their buffers a moment after their fences. */
	for (int i = 0; i < 100 && igt_duet_vram_available(r, IGT_DUET_RENDER) !=
	     vram_start; i++)
		usleep(20000);
	igt_assert_eq(igt_duet_vram_available(r, IGT_DUET_RENDER), vram_start);
	close(r);
	close(a);
}

/*
 * Compute engine 0 stalls with a client's FILL in its ring, for longer than
 * the driver waits for it: the job times out, the reset is not
 * acknowledged, the job's fence fails and its client frees the buffer. The
 * card is wedged, so a new client gets neither that memory nor any other.
 * When the stall ends the engine writes the buffer it was given and then
 * acknowledges the reset; only then does the card hand out memory again,
 * and what a new client puts in it stays there.
 */
static void stall_after_give_up(void)
{
	const unsigned int stall_ms = JOB_TIMEOUT_MS + RESET_WAIT_MS + 1500;
	const uint64_t size = 64 * 1024;
	int x = igt_duet_open_node(0, IGT_DUET_ACCEL);
	int y = igt_duet_open_node(0, IGT_DUET_RENDER);
	uint64_t vram_start = igt_duet_vram_available(y, IGT_DUET_RENDER);
	struct igt_duet_buf xb = igt_duet_buf_new(x, IGT_DUET_ACCEL, size);
	struct drm_duet_cmd stale = igt_duet_cmd_fill(igt_duet_buf_op(&xb), 0xdeadbeef);
	struct igt_duet_buf yb;
	int64_t start, ms;
	uint32_t job;
	int err;

	expect_wedge_messages();
	igt_duet_fault(0, "stall %u %u", HW_COMPUTE0, stall_ms);
	start = igt_duet_now_ms();
	job = igt_duet_submit(x, IGT_DUET_ACCEL, 0, &stale, 1);
	ms = wait_job(x, job, &err);
	igt_info("stalled job failed after %" PRId64 " ms: %s\n", ms, strerror(-err));
	igt_assert_eq(err, -EIO);
	assert_wedged_refuses();
	/* Its owner lets the buffer go; the stalled engine still holds it. */
	igt_duet_buf_free(x, &xb);
	close(x);
	assert_wedged_refuses();

	ms = igt_duet_wait_wedged(card0.pci_path, 0, RECOVER_MS);
	igt_assert_f(ms >= 0, "card 0 did not recover\n");
	igt_info("recovered %" PRId64 " ms after the stall began (stall %u ms)\n",
		 igt_duet_now_ms() - start, stall_ms);
	igt_assert_lte(stall_ms, igt_duet_now_ms() - start);

	/* Memory handed out now is not written by anyone but its owner. */
	yb = igt_duet_buf_new(y, IGT_DUET_RENDER, size);
	memset(yb.map, 0x5a, size);
	usleep(300000);
	assert_words(yb.map, size, 0x5a5a5a5a);
	igt_duet_buf_free(y, &yb);
	close(y);
	assert_recovered(vram_start);
}

/* A key of duet_core's debugfs "gart" file of card 0. */
static uint64_t debugfs_gart(const char *key)
{
	char path[PATH_MAX + 64], line[256];
	unsigned long long value = 0;
	size_t len = strlen(key);
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/duet_core/%s/gart",
		 igt_duet_basename(card0.pci_path));
	f = fopen(path, "r");
	igt_assert_f(f, "no %s: %s\n", path, strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len) && line[len] == ':')
			found = sscanf(line + len + 1, "%lli", &value) == 1 ||
				(value = !strncmp(line + len + 1, " yes", 4), true);
	fclose(f);
	igt_assert_f(found, "no %s in %s\n", key, path);
	return value;
}

/*
 * The same stall with a system-memory buffer (reached through the GART):
 * after its client freed it, its aperture range stays mapped and its pages
 * pinned (debugfs "released") for as long as the card is wedged, so the
 * stalled engine's late FILL lands in pages the system has not got back;
 * no system buffer is handed out meanwhile, and a udmabuf import is
 * refused (-EIO): its pages, which a GART range given back too early
 * would map, are not written by the late FILL. After the recovery the range
 * is unmapped and the pages released, and a new system buffer is not
 * written by anyone but its owner.
 */
/* A zeroed udmabuf of @size over a memfd, mapped; its fds in @memfd, @dmabuf. */
static uint32_t *udmabuf_new(uint64_t size, int *memfd, int *dmabuf)
{
	struct udmabuf_create create = { .size = size };
	uint32_t *map;
	int dev;

	dev = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	igt_assert_f(dev >= 0, "/dev/udmabuf: %s\n", strerror(errno));
	*memfd = memfd_create("duet-faults", MFD_ALLOW_SEALING);
	igt_assert(*memfd >= 0);
	igt_assert_eq(ftruncate(*memfd, size), 0);
	igt_assert_eq(fcntl(*memfd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, *memfd, 0);
	igt_assert(map != MAP_FAILED);
	create.memfd = *memfd;
	*dmabuf = ioctl(dev, UDMABUF_CREATE, &create);
	igt_assert_f(*dmabuf >= 0, "UDMABUF_CREATE: %s\n", strerror(errno));
	close(dev);
	return map;
}

static void stall_after_give_up_system(void)
{
	const unsigned int stall_ms = JOB_TIMEOUT_MS + RESET_WAIT_MS + 1500;
	const uint64_t size = 64 * 1024;
	int x = igt_duet_open_node(0, IGT_DUET_ACCEL);
	uint64_t gart_start = igt_duet_gart_available(x, IGT_DUET_ACCEL), sz = PAGE;
	uint32_t sys = igt_duet_bo_create_system(x, IGT_DUET_ACCEL, size), h, job;
	struct drm_duet_cmd stale = igt_duet_cmd_fill(igt_duet_op(sys, 0, size), 0xdeadbeef);
	struct igt_duet_buf yb;
	int ux, memfd, dmabuf, import_err;
	int64_t start, ms;
	uint32_t *umap;
	int err;

	expect_wedge_messages();
	igt_duet_fault(0, "stall %u %u", HW_COMPUTE0, stall_ms);
	start = igt_duet_now_ms();
	job = igt_duet_submit(x, IGT_DUET_ACCEL, 0, &stale, 1);
	ms = wait_job(x, job, &err);
	igt_info("stalled job failed after %" PRId64 " ms: %s\n", ms, strerror(-err));
	igt_assert_eq(err, -EIO);
	assert_wedged_refuses();
	igt_assert_eq(__igt_duet_bo_create_flags(x, IGT_DUET_ACCEL, DRM_DUET_BO_SYSTEM,
						 &sz, &h), -EIO);
	igt_duet_syncobj_destroy(x, job);
	igt_duet_bo_close(x, sys);
	close(x);
	/* Jobs are freed a moment after their fences; then the BO goes. */
	for (int i = 0; i < 100 && debugfs_gart("released") < size; i++)
		usleep(20000);
	igt_assert_eq_u64(debugfs_gart("quarantine"), 1);
	igt_assert_eq_u64(debugfs_gart("released"), size);

	/*
	 * Other memory of the system, offered to the wedged card: a udmabuf
	 * import must not get the stale job's GART range (nor any other).
	 * Its pages are checked after the stale FILL had its chance.
	 */
	ux = igt_duet_open_node(0, IGT_DUET_ACCEL);
	umap = udmabuf_new(size, &memfd, &dmabuf);
	import_err = __igt_duet_bo_import(ux, dmabuf, &h);

	ms = igt_duet_wait_wedged(card0.pci_path, 0, RECOVER_MS);
	igt_assert_f(ms >= 0, "card 0 did not recover\n");
	igt_assert_lte(stall_ms, igt_duet_now_ms() - start);
	usleep(300000);
	assert_words(umap, size, 0);
	igt_assert_eq(import_err, -EIO);
	munmap(umap, size);
	close(dmabuf);
	close(memfd);
	close(ux);
	x = igt_duet_open_node(0, IGT_DUET_ACCEL);
	for (int i = 0; i < 100 && igt_duet_gart_available(x, IGT_DUET_ACCEL) != gart_start; i++)
		usleep(20000);
	igt_assert_eq_u64(igt_duet_gart_available(x, IGT_DUET_ACCEL), gart_start);
	igt_assert_eq_u64(debugfs_gart("released"), 0);
	igt_assert_eq_u64(debugfs_gart("quarantine"), 0);

	yb.handle = igt_duet_bo_create_system(x, IGT_DUET_ACCEL, size);
	yb.map = igt_duet_bo_map(x, IGT_DUET_ACCEL, yb.handle, &yb.size);
	assert_words(yb.map, size, 0);
	memset(yb.map, 0x5a, size);
	usleep(300000);
	assert_words(yb.map, size, 0x5a5a5a5a);
	igt_duet_buf_free(x, &yb);
	close(x);
}

/*
 * The engine ignores the first reset request: its SPIN goes on, the job's
 * fence fails with EIO and the card is wedged; the recovery's next request
 * is acknowledged and the card works again.
 */
static void ignored_reset(void)
{
	int g = igt_duet_open_node(0, IGT_DUET_RENDER);
	uint64_t vram_start = igt_duet_vram_available(g, IGT_DUET_RENDER);
	struct drm_duet_cmd spin = igt_duet_cmd_spin((JOB_TIMEOUT_MS + 5000) * 1000);
	struct drm_duet_sync none = { 0 };
	int64_t ms;
	int err;

	expect_wedge_messages();
	igt_duet_fault(0, "ignore-reset %u 1", HW_COMPUTE0);
	ms = wait_job(g, igt_duet_submit(g, IGT_DUET_RENDER, HW_COMPUTE0, &spin, 1),
		      &err);
	igt_info("job on an engine that ignored its reset failed after %" PRId64
		 " ms: %s\n", ms, strerror(-err));
	igt_assert_eq(err, -EIO);
	assert_wedged_refuses();
	ms = igt_duet_wait_wedged(card0.pci_path, 0, RECOVER_MS);
	igt_assert_f(ms >= 0, "card 0 did not recover\n");
	igt_info("recovered %" PRId64 " ms later\n", ms);
	/* Its client hung the engine: it stays banned. */
	igt_assert_eq(__igt_duet_submit(g, IGT_DUET_RENDER, HW_COMPUTE0, &spin, 1,
					NULL, 0, none), -ECANCELED);
	close(g);
	assert_recovered(vram_start);
}

/*
 * The engine hangs for good: the card stays wedged; removing it does not
 * hang; probing it again fails while the engine does not acknowledge the
 * probe's reset; once the engine resumes, the probe works.
 */
static void hang_until_reprobe(void)
{
	const char *bdf = igt_duet_basename(card0.pci_path);
	char path[PATH_MAX];
	int g = igt_duet_open_node(0, IGT_DUET_ACCEL);
	struct drm_duet_cmd spin = igt_duet_cmd_spin(1000);
	uint64_t vram;
	int64_t start;
	int err;

	expect_wedge_messages();
	igt_duet_expect_kmsg("reset not acknowledged");
	igt_duet_expect_kmsg("probe with driver duet_core failed");
	igt_duet_fault(0, "hang %u", HW_COMPUTE0);
	wait_job(g, igt_duet_submit(g, IGT_DUET_ACCEL, 0, &spin, 1), &err);
	igt_assert_eq(err, -EIO);
	sleep(2);
	/* The recovery keeps asking; a hung engine does not answer. */
	assert_wedged_refuses();
	close(g);

	start = igt_duet_now_ms();
	igt_duet_driver_unbind("pci", "duet_core", bdf);
	igt_info("wedged card removed in %" PRId64 " ms\n", igt_duet_now_ms() - start);
	snprintf(path, sizeof(path), "/sys/bus/pci/drivers/duet_core/bind");
	igt_assert_f(igt_duet_sysfs_write(path, bdf) < 0,
		     "a card with a hung engine was probed\n");
	igt_duet_fault(0, "resume %u", HW_COMPUTE0);
	igt_duet_driver_bind("pci", "duet_core", bdf);
	card0 = igt_duet_get_card(0);
	g = igt_duet_open_node(0, IGT_DUET_RENDER);
	/* The re-probed card's pool: VRAM less the GART table. */
	vram = igt_duet_vram_available(g, IGT_DUET_RENDER);
	close(g);
	assert_recovered(vram);
}

/*
 * The heartbeat stops for less than the driver's loss threshold while a
 * job hangs: an ordinary reset, the card is not wedged, an innocent job on
 * another engine completes.
 */
static void heartbeat_pause(void)
{
	int g = igt_duet_open_node(0, IGT_DUET_RENDER);
	int i = igt_duet_open_node(0, IGT_DUET_ACCEL);
	struct igt_duet_buf ib = igt_duet_buf_new(i, IGT_DUET_ACCEL, PAGE);
	struct drm_duet_cmd spin = igt_duet_cmd_spin((JOB_TIMEOUT_MS + 4000) * 1000);
	struct drm_duet_cmd ispin = igt_duet_cmd_spin(JOB_TIMEOUT_MS * 1000 / 4);
	struct drm_duet_cmd ifill = igt_duet_cmd_fill(igt_duet_buf_op(&ib), 0xbea7);
	struct drm_duet_cmd icmds[] = { ispin, ifill };
	uint32_t hung, innocent;
	int err;

	/* Well past the TDR, well short of the 3 s loss threshold. */
	igt_duet_fault(0, "heartbeat-stop 2500");
	hung = igt_duet_submit(g, IGT_DUET_RENDER, HW_COMPUTE0, &spin, 1);
	innocent = igt_duet_submit(i, IGT_DUET_ACCEL, 1, icmds, 2);
	for (int n = 0; n < 60 && igt_duet_syncobj_wait(g, hung, 0, 0); n++) {
		igt_assert_eq(igt_duet_card_wedged(card0.pci_path), 0);
		usleep(100000);
	}
	wait_job(g, hung, &err);
	igt_assert_eq(err, -ETIMEDOUT);
	wait_job(i, innocent, &err);
	igt_assert_eq(err, 0);
	assert_words(ib.map, PAGE, 0xbea7);
	igt_assert_eq(igt_duet_card_wedged(card0.pci_path), 0);
	igt_duet_buf_free(i, &ib);
	close(g);
	close(i);
}

/*
 * The heartbeat stops for longer than the loss threshold while a job hangs:
 * the device is lost, every engine's work fails with EIO, the card is
 * wedged; when the heartbeat comes back and every engine acknowledges a
 * reset, the card works again.
 */
static void heartbeat_loss(void)
{
	int g = igt_duet_open_node(0, IGT_DUET_RENDER);
	int i = igt_duet_open_node(0, IGT_DUET_ACCEL);
	uint64_t vram_start = igt_duet_vram_available(g, IGT_DUET_RENDER);
	struct drm_duet_cmd spin = igt_duet_cmd_spin((JOB_TIMEOUT_MS + 8000) * 1000);
	uint32_t hung, other;
	int64_t start, ms;
	int err;

	expect_wedge_messages();
	igt_duet_fault(0, "heartbeat-stop 7000");
	start = igt_duet_now_ms();
	hung = igt_duet_submit(g, IGT_DUET_RENDER, HW_COMPUTE0, &spin, 1);
	other = igt_duet_submit(i, IGT_DUET_ACCEL, 1, &spin, 1);
	ms = wait_job(g, hung, &err);
	igt_info("device loss noticed after %" PRId64 " ms\n", ms);
	igt_assert_eq(err, -EIO);
	wait_job(i, other, &err);
	igt_assert_eq(err, -EIO);
	assert_wedged_refuses();
	igt_assert_f(igt_duet_wait_wedged(card0.pci_path, 0, RECOVER_MS) >= 0,
		     "card 0 did not recover when its heartbeat came back\n");
	ms = igt_duet_now_ms() - start;
	igt_info("recovered %" PRId64 " ms after the heartbeat stopped\n", ms);
	/* Not before the device is back. */
	igt_assert_lte(7000 - 300, ms);
	close(g);
	close(i);
	assert_recovered(vram_start);
}

/*
 * A job queued behind a dependency fails in run_job() because the card
 * was wedged meanwhile: it never reached the ring, so it adds no engine
 * time to its client.
 */
static void failed_job_no_busy_time(void)
{
	int c = igt_duet_open_node(0, IGT_DUET_RENDER);
	int d = igt_duet_open_node(0, IGT_DUET_ACCEL);
	int other = igt_duet_open_node(1, IGT_DUET_RENDER);
	struct igt_duet_buf cb = igt_duet_buf_new(c, IGT_DUET_RENDER, PAGE);
	struct drm_duet_cmd fill = igt_duet_cmd_fill(igt_duet_buf_op(&cb), 1);
	/* Each shorter than the job timeout: card 1 times nothing out. */
	struct drm_duet_cmd dep_spin = igt_duet_cmd_spin(JOB_TIMEOUT_MS * 1000 * 3 / 5);
	struct drm_duet_cmd spin = igt_duet_cmd_spin(1000);
	struct drm_duet_sync dep = { 0 };
	uint32_t waiting, dep_other = 0;
	uint64_t before, after;
	int err;

	expect_wedge_messages();
	/*
	 * The dependency: the last of a row of jobs on card 1, which nothing
	 * here wedges, signalled well after card 0 is wedged.
	 */
	for (unsigned int i = 0; i < 12; i++)
		dep_other = igt_duet_submit(other, IGT_DUET_RENDER, HW_COMPUTE0,
					    &dep_spin, 1);
	dep.handle = igt_duet_syncobj_transfer(other, dep_other, c);
	waiting = igt_duet_syncobj_create(c);
	igt_assert_eq(__igt_duet_submit(c, IGT_DUET_RENDER, HW_COMPUTE0, &fill, 1,
					&dep, 1,
					(struct drm_duet_sync){ .handle = waiting }), 0);
	before = igt_duet_fdinfo_u64(c, "drm-engine-compute0");

	/* Wedge card 0 before the dependency signals. */
	igt_duet_fault(0, "stall %u %u", HW_COMPUTE0,
		       JOB_TIMEOUT_MS + RESET_WAIT_MS + 3000);
	wait_job(d, igt_duet_submit(d, IGT_DUET_ACCEL, 0, &spin, 1), &err);
	igt_assert_eq(err, -EIO);
	wait_job(c, waiting, &err);
	igt_assert_eq(err, -EIO);
	/* The time is accounted when the job is freed, just after. */
	for (int i = 0; i < 25; i++) {
		after = igt_duet_fdinfo_u64(c, "drm-engine-compute0");
		igt_assert_f(after - before < 100ull * 1000 * 1000,
			     "a job that never ran added %" PRIu64 " ns\n",
			     after - before);
		usleep(20000);
	}
	igt_info("busy time of a job that never ran: %" PRIu64 " ns\n",
		 after - before);

	igt_duet_buf_free(c, &cb);
	close(c);
	close(d);
	close(other);
	card_ready();
}

/* ---- devcoredump ----------------------------------------------------------- */

/* The devcoredump directory whose failing device is @pci_path, or "". */
static void find_coredump(const char *pci_path, char *dir, size_t size)
{
	const char *base = "/sys/class/devcoredump";
	char link[PATH_MAX], target[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(base);

	dir[0] = '\0';
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "devcd", 5))
			continue;
		snprintf(link, sizeof(link), "%s/%s/failing_device", base, de->d_name);
		if (!realpath(link, target) || strcmp(target, pci_path))
			continue;
		snprintf(dir, size, "%s/%s", base, de->d_name);
		break;
	}
	closedir(d);
}

static void delete_coredumps(const char *pci_path)
{
	char dir[PATH_MAX], data[PATH_MAX + 8];

	for (find_coredump(pci_path, dir, sizeof(dir)); dir[0];
	     find_coredump(pci_path, dir, sizeof(dir))) {
		snprintf(data, sizeof(data), "%s/data", dir);
		igt_assert_eq(igt_duet_sysfs_write(data, "1"), 0);
		usleep(10000);
	}
}

/* The value of "@key: " in @dump, or NULL. */
static const char *dump_value(const char *dump, const char *key, char *val,
			      size_t size)
{
	char pattern[64];
	const char *p;

	snprintf(pattern, sizeof(pattern), "\n%s: ", key);
	p = strstr(dump, pattern);
	if (!p)
		return NULL;
	p += strlen(pattern);
	snprintf(val, size, "%.*s", (int)strcspn(p, "\n"), p);
	return val;
}

/*
 * A hang leaves a devcoredump of the card: the engine, the submitter, the
 * registers, the job's commands as the device got them and the ring
 * around them, in the format duet_core_coredump.c documents.
 */
static void hang_coredump(void)
{
	int fd = igt_duet_open_node(0, IGT_DUET_ACCEL);
	struct igt_duet_buf b = igt_duet_buf_new(fd, IGT_DUET_ACCEL, PAGE);
	struct drm_duet_cmd cmds[] = {
		igt_duet_cmd_fill(igt_duet_buf_op(&b), 0xc0ffee),
		igt_duet_cmd_spin((JOB_TIMEOUT_MS + 3000) * 1000),
	};
	char dir[PATH_MAX], data[PATH_MAX + 8], val[128], pid[16];
	static char dump[256 * 1024];
	ssize_t len = 0, n;
	int dfd, err;

	delete_coredumps(card0.pci_path);
	wait_job(fd, igt_duet_submit(fd, IGT_DUET_ACCEL, 0, cmds, 2), &err);
	igt_assert_eq(err, -ETIMEDOUT);
	for (int i = 0; i < 100; i++) {
		find_coredump(card0.pci_path, dir, sizeof(dir));
		if (dir[0])
			break;
		usleep(50000);
	}
	igt_assert_f(dir[0], "no devcoredump of %s after a hang\n", card0.pci_path);
	snprintf(data, sizeof(data), "%s/data", dir);
	dfd = open(data, O_RDONLY);
	igt_assert(dfd >= 0);
	while ((n = read(dfd, dump + len, sizeof(dump) - 1 - len)) > 0)
		len += n;
	close(dfd);
	dump[len] = '\0';
	igt_debug("%s\n", dump);

	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	igt_assert_f(!strncmp(dump, "Duet devcoredump\nversion: 1\n", 28),
		     "not a Duet dump: %.40s\n", dump);
	igt_assert_eq(strcmp(dump_value(dump, "card", val, sizeof(val)),
			     igt_duet_basename(card0.pci_path)), 0);
	igt_assert_eq(strcmp(dump_value(dump, "reason", val, sizeof(val)), "timeout"), 0);
	igt_assert_eq(strcmp(dump_value(dump, "error", val, sizeof(val)), "-110"), 0);
	igt_assert_eq(strcmp(dump_value(dump, "engine", val, sizeof(val)),
			     "compute0 (1)"), 0);
	igt_assert_eq(strcmp(dump_value(dump, "pid", val, sizeof(val)), pid), 0);
	igt_assert_eq(strncmp(dump_value(dump, "comm", val, sizeof(val)),
			      "duet_faults", 11), 0);
	/* FILL (6 dwords), SPIN (2), FENCE (2). */
	igt_assert_eq(strcmp(dump_value(dump, "job dwords", val, sizeof(val)), "10"), 0);
	igt_assert(dump_value(dump, "RING_HEAD", val, sizeof(val)));
	igt_assert(dump_value(dump, "RESET_COUNT", val, sizeof(val)));
	/* The job block starts with FILL's header and holds its value... */
	igt_assert_f(strstr(dump, "\njob:\n0x0000: 00060003 "),
		     "job block does not start with FILL\n");
	igt_assert(strstr(dump, " 00c0ffee"));
	/* ... and the ring window shows the same commands. */
	igt_assert(strstr(strstr(dump, "\nring window dwords: "), " 00060003 "));
	igt_assert(strstr(dump, "\nend\n"));

	igt_assert_eq(igt_duet_sysfs_write(data, "1"), 0);
	igt_duet_buf_free(fd, &b);
	close(fd);
}

static int irq_floor_run(const char *path, const char *cmd)
{
	int fd = open(path, O_WRONLY), ret = 0;

	igt_assert_f(fd >= 0, "%s: %s\n", path, strerror(errno));
	if (write(fd, cmd, strlen(cmd)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* The last run's engine and number of samples; each sample must be sane. */
static unsigned int irq_floor_read(const char *path, const char *engine)
{
	char line[64], want[64];
	unsigned int n = 0;
	FILE *f = fopen(path, "r");

	igt_assert_f(f, "%s: %s\n", path, strerror(errno));
	snprintf(want, sizeof(want), "engine %s\n", engine);
	igt_assert_f(fgets(line, sizeof(line), f) && !strcmp(line, want),
		     "first line \"%s\", expected \"%s\"\n", line, want);
	while (fgets(line, sizeof(line), f)) {
		unsigned long long ns = strtoull(line, NULL, 10);

		igt_assert_f(ns > 0 && ns < 2000000000ull,
			     "round trip %s", line);
		n++;
	}
	fclose(f);
	return n;
}

static void irq_floor(void)
{
	static const char *const bad[] = { "0", "100001", "5 3", "x", "-1", " " };
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "/sys/kernel/debug/duet_core/%s/irq_floor",
		 igt_duet_basename(card0.pci_path));
	card_ready();
	igt_assert_f(!access(path, W_OK), "%s: %s\n", path, strerror(errno));
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		igt_assert_f(irq_floor_run(path, bad[i]) == -EINVAL,
			     "\"%s\" accepted\n", bad[i]);

	igt_assert_eq(irq_floor_run(path, "20"), 0);
	igt_assert_eq(irq_floor_read(path, "compute0"), 20);
	igt_assert_eq(irq_floor_run(path, "3 0"), 0);
	igt_assert_eq(irq_floor_read(path, "graphics"), 3);

	/* A hung engine: the run fails, the last one's samples stay. */
	igt_duet_fault(0, "hang %u", HW_COMPUTE1);
	igt_assert_eq(irq_floor_run(path, "1 2"), -ETIMEDOUT);
	igt_assert_eq(irq_floor_read(path, "graphics"), 3);
	igt_duet_fault(0, "resume %u", HW_COMPUTE1);
	igt_assert_eq(irq_floor_run(path, "5 2"), 0);
	igt_assert_eq(irq_floor_read(path, "compute1"), 5);
}

igt_main
{
	igt_fixture {
		igt_duet_require_cards();
		if (igt_duet_job_timeout_ms() != JOB_TIMEOUT_MS)
			igt_duet_reload_modules(JOB_TIMEOUT_MS);
		card0 = igt_duet_get_card(0);
		card_ready();
	}

	igt_describe("The device writes a job's SEQNO but drops its interrupt: "
		     "the timeout handler finds the job done; it succeeds and "
		     "its render client is not banned.");
	igt_subtest("render-dropped-interrupt")
		lost_interrupt(IGT_DUET_RENDER, 0);

	igt_describe("The same on the accel node.");
	igt_subtest("accel-dropped-interrupt")
		lost_interrupt(IGT_DUET_ACCEL, 0);

	igt_describe("The interrupt comes later than the job timeout: the job "
		     "succeeds, nobody is banned.");
	igt_subtest("interrupt-later-than-timeout")
		lost_interrupt(IGT_DUET_RENDER, JOB_TIMEOUT_MS + 700);

	igt_describe("The interrupt comes 200 ms late: the job signals then, "
		     "and only then.");
	igt_subtest("interrupt-200ms-late")
		late_interrupt_short();

	igt_describe("A hang is reset: the guilty client's queued jobs are "
		     "cancelled and it is banned; the innocent client's jobs "
		     "queued behind the hang on the same engine complete with "
		     "correct results.");
	igt_subtest("hang-innocent-queued-behind")
		hang_innocent_queued();

	igt_describe("Jobs on the ring behind a hang are written back after "
		     "the reset in order and exactly once; the guilty "
		     "client's job among them is cancelled (debugfs engines "
		     "counts them).");
	igt_subtest("hang-replays-ring-in-order-once")
		hang_replay_ring();

	igt_describe("An engine stalls past the driver's reset wait with a "
		     "client's FILL in its ring, then resumes and executes it: "
		     "meanwhile the card is wedged (BO_CREATE and SUBMIT fail "
		     "with EIO), and memory handed out after its recovery is "
		     "not written by the stale job.");
	igt_subtest("stall-resumes-after-give-up")
		stall_after_give_up();

	igt_describe("The same stall with a system-memory buffer: its GART "
		     "range stays mapped and its pages pinned while the card is "
		     "wedged, and are released only after the recovery.");
	igt_subtest("stall-resumes-after-give-up-system")
		stall_after_give_up_system();

	igt_describe("The engine ignores a reset request: the job fails with "
		     "EIO, the card is wedged until the next request is "
		     "acknowledged, then everything works and VRAM is back.");
	igt_subtest("ignored-reset-wedges-then-recovers")
		ignored_reset();

	igt_describe("An engine hangs for good: the card stays wedged, its "
		     "removal does not hang, a probe fails until the engine "
		     "resumes, then the card works.");
	igt_subtest("hang-for-good-until-reprobe")
		hang_until_reprobe();

	igt_describe("The heartbeat stops for 2.5 s during a hang (less than "
		     "the 3 s loss threshold): an ordinary reset, no wedge.");
	igt_subtest("heartbeat-pause-is-not-loss")
		heartbeat_pause();

	igt_describe("The heartbeat stops for 7 s during a hang: the device is "
		     "lost and the card wedged; when the heartbeat returns the "
		     "card recovers.");
	igt_subtest("heartbeat-loss-wedges-then-recovers")
		heartbeat_loss();

	igt_describe("A job that fails in run_job() (its card wedged while it "
		     "waited) adds no engine time to its client's fdinfo.");
	igt_subtest("failed-job-no-busy-time")
		failed_job_no_busy_time();

	igt_describe("A hang leaves a devcoredump with the engine, the client, "
		     "the registers, the job's commands and the ring around them.");
	igt_subtest("hang-devcoredump")
		hang_coredump();

	igt_describe("debugfs irq_floor (the interrupt floor of make bench) "
		     "runs COUNT interrupt-completed FENCEs on the engine asked "
		     "for and shows each round trip; bad input is EINVAL, a hung "
		     "engine ETIMEDOUT, and it works again once the engine "
		     "resumes.");
	igt_subtest("irq-floor-debugfs")
		irq_floor();

	igt_fixture {
		igt_duet_fault(0, "clear");
	}
}
