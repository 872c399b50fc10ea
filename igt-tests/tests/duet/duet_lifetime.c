// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet_lifetime: what userspace keeps must not outlive what it points at.
 * Jobs without buffers keep their driver modules loaded until they are
 * freed; hardware fences keep duet_core loaded; a card unbound under a job
 * whose file is gone does not hang, and its last reference falls on
 * duet_core_wq, never in the worker that freed the job; a job naming two
 * GEM objects of one buffer fences its reservation object once;
 * duet_core's parameters and BO_CREATE reject what would break them; the
 * accel node's fdinfo names the card.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <drm.h>

#include "igt_subset.h"
#include "igt_duet.h"
#include "igt_duet_fault.h"

#define PAGE	4096u
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static struct igt_duet_card card0;

static unsigned long module_refcnt(const char *module)
{
	char dir[PATH_MAX];
	unsigned long n = 0;

	snprintf(dir, sizeof(dir), "/sys/module/%s", module);
	igt_assert_f(!igt_duet_sysfs_read_ulong(dir, "refcnt", &n),
		     "%s is not loaded\n", module);
	return n;
}

static void load_modules(void)
{
	igt_assert_eq(system("modprobe duet_drm && modprobe duet_accel"), 0);
	card0 = igt_duet_get_card(0);
}

/* Wait up to @ms for @module to be unused; returns whether it is. */
static bool wait_unused(const char *module, unsigned int ms)
{
	for (unsigned int t = 0; t < ms; t += 50) {
		if (!module_refcnt(module))
			return true;
		usleep(50000);
	}
	return !module_refcnt(module);
}

/*
 * An accel job without buffers (a SPIN) whose file is closed keeps
 * duet_accel (and so duet_core) loaded until it is freed; then the modules
 * unload.
 */
static void bo_less_job_pins_module(void)
{
	int a;
	struct drm_duet_cmd spin;
	struct drm_duet_cmd first = igt_duet_cmd_spin(1000);
	uint32_t started;

	/*
	 * The SPIN must still run when the checks below are made, long after
	 * the close on a slow (debug) kernel: a 10 s job timeout for it.
	 */
	igt_duet_reload_modules(10000);
	card0 = igt_duet_get_card(0);
	a = igt_duet_open_node(0, IGT_DUET_ACCEL);
	/* Shorter than the job timeout: the job ends normally. */
	spin = igt_duet_cmd_spin(igt_duet_job_timeout_ms() * 3 / 4 * 1000);

	/*
	 * Once the job before it is done, the SPIN is on the engine (or
	 * about to be: the close waits for that), not killed with the file.
	 */
	started = igt_duet_submit(a, IGT_DUET_ACCEL, 0, &first, 1);
	igt_duet_submit(a, IGT_DUET_ACCEL, 0, &spin, 1);
	igt_assert_eq(igt_duet_syncobj_wait(a, started, 0, 10000), 0);
	close(a);
	igt_assert_lt(0, module_refcnt("duet_accel"));
	igt_assert_f(system("rmmod duet_accel 2>/dev/null") != 0,
		     "duet_accel unloaded under a job in flight\n");
	igt_assert_lt(0, module_refcnt("duet_accel"));
	igt_assert_f(wait_unused("duet_accel", 20000),
		     "duet_accel still in use after its job ended\n");
	igt_assert_eq(system("rmmod duet_accel duet_drm duet_core"), 0);
	igt_assert_eq(system("modprobe duet_core"), 0);
	load_modules();
}

/*
 * A job that waits on another card's fence when its file is closed: the
 * close (by a live process: drm_sched_entity_flush() waits for the queue)
 * returns once the job left its queue, and the job is freed by a worker
 * that runs duet_core code: the modules can only be unloaded once that
 * happened, and nothing runs after they are gone. The job's fence signals.
 * (A job whose process exits is killed instead: see
 * last_reference_in_worker().)
 */
static void waiting_job_unload(void)
{
	int a = igt_duet_open_node(0, IGT_DUET_ACCEL);
	int other = igt_duet_open_node(1, IGT_DUET_RENDER);
	struct drm_duet_cmd long_spin = igt_duet_cmd_spin(igt_duet_job_timeout_ms() * 3 / 4 * 1000);
	struct drm_duet_cmd spin = igt_duet_cmd_spin(1000);
	struct drm_duet_sync dep = { 0 };
	struct pollfd pfd = { .events = POLLIN };
	uint32_t dep_job, out;
	int tries = 0;

	dep_job = igt_duet_submit(other, IGT_DUET_RENDER, 1, &long_spin, 1);
	dep.handle = igt_duet_syncobj_transfer(other, dep_job, a);
	out = igt_duet_syncobj_create(a);
	igt_assert_eq(__igt_duet_submit(a, IGT_DUET_ACCEL, 0, &spin, 1, &dep, 1,
					(struct drm_duet_sync){ .handle = out }), 0);
	pfd.fd = igt_duet_syncobj_export_sync_file(a, out);
	close(a);
	close(other);
	/* The sync_file keeps duet_core; the accel and render drivers go. */
	while (system("rmmod duet_accel duet_drm 2>/dev/null") && tries++ < 200)
		usleep(50000);
	igt_assert_f(tries <= 200, "the Duet child modules stayed in use\n");
	igt_assert_eq(poll(&pfd, 1, 10000), 1);
	close(pfd.fd);
	igt_assert_f(wait_unused("duet_core", 10000), "duet_core still in use\n");
	igt_assert_eq(system("rmmod duet_core"), 0);
	igt_assert_eq(system("modprobe duet_core"), 0);
	load_modules();
}

/*
 * A sync_file of a Duet job keeps duet_core loaded (its hardware fence's
 * code); waiting on it and polling it stay safe after the card is gone.
 */
static void fence_pins_core(void)
{
	const char *bdf = igt_duet_basename(card0.pci_path);
	int r = igt_duet_open_node(0, IGT_DUET_RENDER);
	struct drm_duet_cmd spin = igt_duet_cmd_spin(1000);
	struct pollfd pfd = { .events = POLLIN };
	uint32_t job;

	job = igt_duet_submit(r, IGT_DUET_RENDER, 0, &spin, 1);
	igt_assert_eq(igt_duet_syncobj_wait(r, job, 0, 10000), 0);
	pfd.fd = igt_duet_syncobj_export_sync_file(r, job);
	close(r);

	/* The card goes away; the fence stays signalled and pollable. */
	igt_duet_driver_unbind("pci", "duet_core", bdf);
	igt_assert_eq(poll(&pfd, 1, 0), 1);
	igt_assert(pfd.revents & POLLIN);
	igt_duet_driver_bind("pci", "duet_core", bdf);
	card0 = igt_duet_get_card(0);

	igt_assert_eq(system("rmmod duet_accel duet_drm"), 0);
	igt_assert_f(system("rmmod duet_core 2>/dev/null") != 0,
		     "duet_core unloaded while a fence of it was held\n");
	close(pfd.fd);
	igt_assert_f(wait_unused("duet_core", 5000), "duet_core still in use\n");
	igt_assert_eq(system("rmmod duet_core"), 0);
	igt_assert_eq(system("modprobe duet_core"), 0);
	load_modules();
}

/*
 * duet_core's duet_core_release trace event (duet_core_trace.h), in a
 * tracing instance of this test's own: the card's last reference dropped,
 * and by which workqueue item.
 */
#define TRACE_DIR	"/sys/kernel/tracing/instances/duet_lifetime"

static void trace_release_enable(bool on)
{
	const char *path = TRACE_DIR "/events/duet_core/duet_core_release/enable";
	int err = igt_duet_sysfs_write(path, on ? "1" : "0");

	igt_assert_f(!err, "%s: %s\n", path, strerror(-err));
}

static void trace_release_start(void)
{
	int fd;

	igt_assert_f(!mkdir(TRACE_DIR, 0755) || errno == EEXIST,
		     "%s: %s (is tracefs mounted?)\n", TRACE_DIR,
		     strerror(errno));
	trace_release_enable(true);
	/* Opening the buffer with O_TRUNC empties it (left by a failed run). */
	fd = open(TRACE_DIR "/trace", O_WRONLY | O_TRUNC);
	igt_assert_f(fd >= 0, "%s/trace: %s\n", TRACE_DIR, strerror(errno));
	close(fd);
}

static void trace_release_stop(void)
{
	trace_release_enable(false);
	igt_assert_eq(rmdir(TRACE_DIR), 0);
}

/* The release events of card @bdf so far, their lines in @out. */
static unsigned int trace_releases(const char *bdf, char *out, size_t len)
{
	FILE *f = fopen(TRACE_DIR "/trace", "r");
	char line[512], want[64];
	unsigned int n = 0;

	igt_assert(f);
	out[0] = '\0';
	snprintf(want, sizeof(want), "duet_core_release: dev=%s ", bdf);
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, want))
			continue;
		n++;
		strncat(out, line, len - strlen(out) - 1);
	}
	fclose(f);
	return n;
}

/* Card 0's render node runs a FILL and reads it back. */
static void card0_works(void)
{
	int r = igt_duet_open_node(0, IGT_DUET_RENDER);
	struct igt_duet_buf b = igt_duet_buf_new(r, IGT_DUET_RENDER, PAGE);
	struct drm_duet_cmd fill = igt_duet_cmd_fill(igt_duet_buf_op(&b), 42);

	igt_duet_run(r, IGT_DUET_RENDER, 1, &fill, 1);
	igt_assert_eq_u32(((uint32_t *)b.map)[PAGE / 4 - 1], 42);
	igt_duet_buf_free(r, &b);
	close(r);
}

/*
 * Defect 2.1 of the faults issue without a race: the last reference on a
 * card is dropped after its unbind, in a worker. An accel job waits for a
 * job of the other card when its process exits: the file's close then
 * kills it (after waiting a second for it), and the kernel frees a killed
 * job in a worker (drm_sched_entity_kill_jobs_work) only once what it
 * waited for is done. Card 0 is unbound meanwhile, so the job's context
 * holds the card's last reference: the unbind must not release the card,
 * and when the other card's job ends the release must come from
 * duet_core_wq (duet_ctx_release_work), never from the worker that freed
 * the job, which drm_sched_fini() may wait for. Then the card binds again
 * and works.
 */
static void last_reference_in_worker(void)
{
	struct drm_duet_cmd spin = igt_duet_cmd_spin(1000), long_spin;
	char lines[2048], bdf[64];
	uint32_t dep_job;
	int other;

	/* The other card's job must outlast the exit and the unbind. */
	igt_duet_reload_modules(10000);
	card0 = igt_duet_get_card(0);
	snprintf(bdf, sizeof(bdf), "%s", igt_duet_basename(card0.pci_path));
	trace_release_start();
	other = igt_duet_open_node(1, IGT_DUET_RENDER);
	long_spin = igt_duet_cmd_spin(igt_duet_job_timeout_ms() * 3 / 4 * 1000);
	dep_job = igt_duet_submit(other, IGT_DUET_RENDER, 1, &long_spin, 1);

	/*
	 * The file is closed by its process's exit: a close by a live
	 * process would wait for the job (drm_sched_entity_flush()).
	 */
	igt_fork(child, 1) {
		int a = igt_duet_open_node(0, IGT_DUET_ACCEL);
		struct drm_duet_sync dep = {
			.handle = igt_duet_syncobj_transfer(other, dep_job, a),
		};

		igt_assert_eq(__igt_duet_submit(a, IGT_DUET_ACCEL, 0, &spin, 1,
						&dep, 1, (struct drm_duet_sync){ 0 }), 0);
	}
	igt_waitchildren();
	igt_duet_driver_unbind("pci", "duet_core", bdf);

	igt_assert_f(trace_releases(bdf, lines, sizeof(lines)) == 0,
		     "card released although a job held it:\n%s", lines);
	igt_assert_f(igt_duet_syncobj_wait(other, dep_job, 0, 0) == -ETIME,
		     "the other card's job ended before the checks\n");
	igt_assert_lt(0, module_refcnt("duet_accel"));

	igt_assert_eq(igt_duet_syncobj_wait(other, dep_job, 0, IGT_DUET_WAIT_MS), 0);
	/* The context's release drops the module last, after the card. */
	igt_assert_f(wait_unused("duet_accel", 10000),
		     "the killed job was not freed\n");
	igt_assert_eq(trace_releases(bdf, lines, sizeof(lines)), 1);
	igt_info("%s", lines);
	igt_assert_f(strstr(lines, " work=duet_ctx_release_work"),
		     "card released outside duet_core_wq:\n%s", lines);
	trace_release_stop();

	igt_duet_driver_bind("pci", "duet_core", bdf);
	card0 = igt_duet_get_card(0);
	card0_works();
	close(other);
	igt_assert_eq(system("rmmod duet_accel duet_drm duet_core"), 0);
	igt_assert_eq(system("modprobe duet_core"), 0);
	load_modules();
}

/*
 * A job whose file is closed is in flight when the card is unbound: the
 * job is then freed by a scheduler worker, after the card dropped its own
 * reference. Nothing hangs, and the card works after binding it again.
 */
static void unbind_under_orphan_job(unsigned int rounds)
{
	const char *bdf = igt_duet_basename(card0.pci_path);

	for (unsigned int i = 0; i < rounds; i++) {
		int a = igt_duet_open_node(0, IGT_DUET_ACCEL);
		struct drm_duet_cmd spin = igt_duet_cmd_spin(200 * 1000);

		igt_duet_submit(a, IGT_DUET_ACCEL, i % 2, &spin, 1);
		close(a);
		igt_duet_driver_unbind("pci", "duet_core", bdf);
		igt_duet_driver_bind("pci", "duet_core", bdf);
	}
	card0 = igt_duet_get_card(0);
	card0_works();
}

/*
 * One accel file holds two GEM objects of one render buffer (an import and
 * a GEM_OPEN of another file's import's flink name); a job writes one and
 * reads the other while @readers jobs of other contexts still read the
 * buffer, so its reservation object has about as many fences as slots
 * (the slot count depends on the allocator; the subtest tries every
 * count up to MAX_READERS). The job's fence must go in once, as a write.
 */
#define MAX_READERS	9

static void two_objects_one_buffer_with(unsigned int readers)
{
	int r[3], a1 = igt_duet_open_node(0, IGT_DUET_ACCEL);
	int a2 = igt_duet_open_node(0, IGT_DUET_ACCEL);
	struct igt_duet_buf src, scratch;
	struct igt_duet_buf out = igt_duet_buf_new(a2, IGT_DUET_ACCEL, PAGE);
	struct drm_gem_flink flink = { 0 };
	struct drm_gem_open open_arg = { 0 };
	uint32_t imported, opened, job, rjobs[MAX_READERS];
	int dmabuf;

	for (unsigned int f = 0; f < 3; f++)
		r[f] = igt_duet_open_node(0, IGT_DUET_RENDER);
	src = igt_duet_buf_new(r[0], IGT_DUET_RENDER, PAGE);
	scratch = igt_duet_buf_new(r[0], IGT_DUET_RENDER, PAGE);
	memset(src.map, 0x11, PAGE);
	dmabuf = igt_duet_bo_export(r[0], src.handle);

	/* Each reader in a context of its own: a fence of its own. */
	for (unsigned int n = 0; n < readers; n++) {
		int fd = r[n / 3];
		uint32_t h = n < 3 ? src.handle : igt_duet_bo_import(fd, dmabuf);
		uint32_t sh = n < 3 ? scratch.handle :
				      igt_duet_bo_import(fd, igt_duet_bo_export(r[0],
							 scratch.handle));
		struct drm_duet_cmd cmds[] = {
			igt_duet_cmd_spin(300 * 1000),
			igt_duet_cmd_copy(igt_duet_op(sh, 0, PAGE), igt_duet_op(h, 0, PAGE)),
		};

		rjobs[n] = igt_duet_submit(fd, IGT_DUET_RENDER, n % 3, cmds, 2);
	}

	flink.handle = igt_duet_bo_import(a1, dmabuf);
	igt_assert_eq(ioctl(a1, DRM_IOCTL_GEM_FLINK, &flink), 0);
	imported = igt_duet_bo_import(a2, dmabuf);
	open_arg.name = flink.name;
	igt_assert_eq(ioctl(a2, DRM_IOCTL_GEM_OPEN, &open_arg), 0);
	opened = open_arg.handle;
	igt_assert_neq(opened, imported);

	{
		/*
		 * Write through one object, then read through the other: a
		 * write fence and then a read fence of the same job on one
		 * reservation object take two slots (a read after a write of
		 * the same fence does not replace it), one more than reserved.
		 */
		struct drm_duet_cmd cmds[] = {
			igt_duet_cmd_fill(igt_duet_op(opened, 0, PAGE), 0x22222222),
			igt_duet_cmd_copy(igt_duet_buf_op(&out),
				      igt_duet_op(imported, 0, PAGE)),
		};

		job = igt_duet_submit(a2, IGT_DUET_ACCEL, 0, cmds, 2);
	}
	igt_assert_eq(igt_duet_syncobj_wait(a2, job, 0, 20000), 0);
	igt_assert_eq(igt_duet_syncobj_error(a2, job), 0);
	for (unsigned int n = 0; n < readers; n++)
		igt_assert_eq(igt_duet_syncobj_wait(r[n / 3], rjobs[n], 0, 20000), 0);
	/* The write waited for the readers; the copy saw the write. */
	igt_assert_eq_u32(((uint32_t *)out.map)[0], 0x22222222);
	igt_assert_eq_u32(((uint32_t *)src.map)[PAGE / 4 - 1], 0x22222222);

	close(dmabuf);
	igt_duet_buf_free(a2, &out);
	close(a1);
	close(a2);
	igt_duet_buf_free(r[0], &src);
	igt_duet_buf_free(r[0], &scratch);
	for (unsigned int f = 0; f < 3; f++)
		close(r[f]);
}

static void two_objects_one_buffer(void)
{
	for (unsigned int readers = 1; readers <= MAX_READERS; readers++)
		two_objects_one_buffer_with(readers);
}

/* duet_core refuses job timeouts that would ban everyone or never fire. */
static void job_timeout_param(void)
{
	static const char *const bad[] = { "0", "99", "600001", "-1", "x" };
	char cmd[128];

	igt_assert_eq(system("rmmod duet_accel duet_drm duet_core"), 0);
	/* The module loader says why it refuses each one. */
	igt_duet_expect_kmsg("invalid for parameter `job_timeout_ms'");
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(cmd, sizeof(cmd),
			 "modprobe duet_core job_timeout_ms=%s 2>/dev/null", bad[i]);
		igt_assert_f(system(cmd) != 0, "job_timeout_ms=%s accepted\n",
			     bad[i]);
		igt_assert(access("/sys/module/duet_core", F_OK) != 0);
	}
	igt_assert_eq(system("modprobe duet_core job_timeout_ms=100"), 0);
	igt_assert_eq(system("rmmod duet_core && modprobe duet_core"), 0);
	load_modules();
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A BO_CREATE that zeroes most of VRAM stops for a signal. */
static void bo_create_interruptible(void)
{
	int r = igt_duet_open_node(0, IGT_DUET_RENDER);
	uint64_t avail = igt_duet_vram_available(r, IGT_DUET_RENDER);
	uint64_t size = avail / 2;
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { 0 };
	struct drm_duet_bo_create create = { 0 };
	int64_t start, full;
	int ret, err;

	size &= ~(uint64_t)(PAGE - 1);
	create.size = size;
	start = igt_duet_now_ms();
	igt_assert_eq(ioctl(r, DRM_IOCTL_DUET_BO_CREATE, &create), 0);
	full = igt_duet_now_ms() - start;
	igt_duet_bo_close(r, create.handle);
	igt_info("zeroing %" PRIu64 " MiB takes %" PRId64 " ms\n", size >> 20, full);
	igt_assert_f(full >= 8, "zeroing too fast to interrupt: %" PRId64 " ms\n",
		     full);

	sigemptyset(&sa.sa_mask);
	igt_assert_eq(sigaction(SIGALRM, &sa, NULL), 0);
	/*
	 * Well before the zeroing can be done, and again every 2 ms: on a slow
	 * (debug) kernel the first signal can arrive before the ioctl starts.
	 */
	it.it_value.tv_usec = 1000;
	it.it_interval.tv_usec = 2000;
	memset(&create, 0, sizeof(create));
	create.size = size;
	igt_assert_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
	ret = ioctl(r, DRM_IOCTL_DUET_BO_CREATE, &create);
	err = errno;
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	signal(SIGALRM, SIG_DFL);
	if (!ret)
		igt_duet_bo_close(r, create.handle);
	igt_assert_f(ret == -1 && err == EINTR,
		     "BO_CREATE of %" PRIu64 " MiB was not interrupted (%d, %s)\n",
		     size >> 20, ret, strerror(err));
	/* Nothing is left allocated. */
	igt_assert_eq(igt_duet_vram_available(r, IGT_DUET_RENDER), avail);
	close(r);
}

/* Both nodes' fdinfo name the card's PCI device. */
static void fdinfo_pdev(enum igt_duet_node_type node)
{
	int fd = igt_duet_open_node(0, node);
	char path[64], line[256], want[128];
	bool found = false;
	FILE *f;

	snprintf(want, sizeof(want), "drm-pdev:\t%s\n",
		 igt_duet_basename(card0.pci_path));
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	igt_assert(f);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "drm-pdev:", 9)) {
			igt_assert_f(!strcmp(line, want), "%s fdinfo: %s",
				     igt_duet_node_names[node], line);
			igt_assert_f(!found, "two drm-pdev lines\n");
			found = true;
		}
	fclose(f);
	igt_assert_f(found, "no drm-pdev in the %s node's fdinfo\n",
		     igt_duet_node_names[node]);
	close(fd);
}

igt_main
{
	igt_fixture {
		igt_assert_f(igt_duet_card_count() > 1,
			     "needs two Duet cards (the test VM has them)\n");
		card0 = igt_duet_get_card(0);
	}

	igt_describe("An accel job without buffers whose file is closed keeps "
		     "duet_accel loaded until it is freed; then the modules "
		     "unload.");
	igt_subtest("bo-less-job-pins-module")
		bo_less_job_pins_module();

	igt_describe("A job waiting on another card's fence when its file is "
		     "closed is freed before the modules can unload; its fence "
		     "signals.");
	igt_subtest("waiting-job-killed-before-unload")
		waiting_job_unload();

	igt_describe("A sync_file of a Duet job keeps duet_core loaded and can "
		     "be polled after its card is gone.");
	igt_subtest("fence-pins-core")
		fence_pins_core();

	igt_describe("20 times: a job whose file is closed is in flight when "
		     "the card is unbound and bound again; nothing hangs and the "
		     "card works.");
	igt_subtest("unbind-under-orphan-job")
		unbind_under_orphan_job(20);

	igt_describe("A killed job waiting on the other card holds card 0's "
		     "last reference across its unbind; the card is released "
		     "when the job is freed, on duet_core_wq, not in the worker "
		     "that freed the job (duet_core_release trace event).");
	igt_subtest("last-reference-in-worker")
		last_reference_in_worker();

	igt_describe("A job writing one and reading another GEM object of the "
		     "same buffer, while 1 to 9 other contexts read it (so its "
		     "reservation object is full at one of them), is ordered "
		     "after the readers and completes.");
	igt_subtest("two-objects-one-buffer")
		two_objects_one_buffer();

	igt_describe("duet_core refuses job_timeout_ms of 0, too small, too "
		     "large or malformed.");
	igt_subtest("job-timeout-param")
		job_timeout_param();

	igt_describe("A BO_CREATE of half of VRAM is interrupted by a signal "
		     "(EINTR) and leaves nothing allocated.");
	igt_subtest("bo-create-interruptible")
		bo_create_interruptible();

	igt_describe("The render node's fdinfo names the card's PCI device.");
	igt_subtest("render-fdinfo-pdev")
		fdinfo_pdev(IGT_DUET_RENDER);

	igt_describe("So does the accel node's, whose parent is an auxiliary "
		     "device.");
	igt_subtest("accel-fdinfo-pdev")
		fdinfo_pdev(IGT_DUET_ACCEL);

	/* Whatever failed, leave the modules loaded for what runs next. */
	igt_fixture
		igt_assert_eq(system("modprobe duet_drm && modprobe duet_accel"), 0);
}
