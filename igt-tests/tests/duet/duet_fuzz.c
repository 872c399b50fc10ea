// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet_fuzz: hostile input. At least 100,000 random or mutated ioctls to
 * both nodes (valid numbers with garbage arguments, bad pointers, huge
 * sizes, handles that are not there or not ours); structure-aware SUBMITs
 * (valid jobs of every opcode, one field mutated in a share of them, with
 * syncobjs and timeline points, against a thread that closes what they
 * use), of which at least a third must be accepted; and two threads racing
 * close against submit. The kernel must not oops, WARN (the runner checks
 * dmesg), leak (VRAM and unreclaimable kernel memory return to their start
 * values) or hang (every job finishes). The seed is printed; set
 * DUET_FUZZ_SEED to replay a run, DUET_FUZZ_IOCTLS and DUET_FUZZ_SUBMITS
 * to change the lengths.
 */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <drm.h>

#include "igt_subset.h"
#include "igt_duet.h"

#define NFDS		4
#define MAX_HANDLES	64
#define MAX_SYNCS	256

static uint64_t rng_state;

/* xorshift64*: the next number of the generator whose state is @state. */
static uint64_t xorshift64s(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 2685821657736338717ull;
}

static uint64_t rnd(void)
{
	return xorshift64s(&rng_state);
}

static uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

struct client {
	int fd;
	enum igt_duet_node_type node;
	uint32_t handles[MAX_HANDLES];
	unsigned int num_handles;
};

static struct client clients[NFDS];
static uint32_t syncs[NFDS][MAX_SYNCS];
static unsigned int num_syncs[NFDS];
static uint64_t counts[10], accepted;
static uint8_t garbage[4096];

/* A pointer userspace may pass: mostly valid, sometimes not at all. */
static void *rnd_ptr(void *valid)
{
	switch (rnd_below(8)) {
	case 0: return NULL;
	case 1: return (void *)8;
	case 2: return (void *)0xffff888000000000ull;
	/* Valid memory with garbage in it; the kernel may write 256 bytes. */
	case 3: return garbage + rnd_below(sizeof(garbage) - 256);
	default: return valid;
	}
}

static uint64_t rnd_size(void)
{
	switch (rnd_below(6)) {
	case 0: return 0;
	case 1: return rnd();
	case 2: return 1ull << rnd_below(64);
	default: return rnd_below(256 * 1024) + 1;
	}
}

static uint32_t rnd_handle(struct client *c)
{
	if (c->num_handles && rnd_below(4))
		return c->handles[rnd_below(c->num_handles)];
	return rnd_below(4) ? (uint32_t)rnd_below(128) : (uint32_t)rnd();
}

static int do_ioctl_raw(int fd, unsigned long req, void *arg)
{
	int ret = ioctl(fd, req, arg);

	if (!ret)
		accepted++;
	return ret;
}

static void fuzz_get_param(struct client *c)
{
	struct drm_duet_get_param p;

	memset(&p, 0, sizeof(p));
	p.param = rnd_below(4) ? rnd_below(8) : (uint32_t)rnd();
	p.index = rnd_below(3) ? rnd_below(4) : (uint32_t)rnd();
	if (!rnd_below(8))
		p.flags = rnd();
	if (!rnd_below(8))
		p.pad = rnd();
	do_ioctl_raw(c->fd, c->node == IGT_DUET_ACCEL ?
		     DRM_IOCTL_DUET_ACCEL_GET_PARAM : DRM_IOCTL_DUET_GET_PARAM,
		     rnd_ptr(&p));
}

static void fuzz_bo_create(struct client *c)
{
	struct drm_duet_bo_create args = { .size = rnd_size() };

	/* A quarter in system memory (the GART), some with random flags. */
	if (!rnd_below(4))
		args.flags = DRM_DUET_BO_SYSTEM;
	else if (!rnd_below(8))
		args.flags = rnd();
	if (!rnd_below(16))
		args.handle = rnd();
	if (do_ioctl_raw(c->fd, c->node == IGT_DUET_ACCEL ?
			 DRM_IOCTL_DUET_ACCEL_BO_CREATE : DRM_IOCTL_DUET_BO_CREATE,
			 rnd_ptr(&args)) == 0 && args.handle) {
		if (c->num_handles == MAX_HANDLES) {
			__igt_duet_bo_close(c->fd, c->handles[0]);
			c->handles[0] = c->handles[--c->num_handles];
		}
		c->handles[c->num_handles++] = args.handle;
	}
}

static void fuzz_bo_info(struct client *c)
{
	struct drm_duet_bo_info args = { .handle = rnd_handle(c) };

	if (!rnd_below(8))
		args.flags = rnd();
	do_ioctl_raw(c->fd, c->node == IGT_DUET_ACCEL ?
		     DRM_IOCTL_DUET_ACCEL_BO_INFO : DRM_IOCTL_DUET_BO_INFO,
		     rnd_ptr(&args));
}

static struct drm_duet_operand rnd_operand(struct client *c)
{
	struct drm_duet_operand op = { .handle = rnd_handle(c) };

	op.offset = rnd_below(3) ? rnd_below(8192) & ~3ull : rnd();
	op.length = rnd_below(3) ? rnd_below(8192) & ~3ull : rnd();
	if (!rnd_below(16))
		op.pad = rnd();
	return op;
}

static void fuzz_submit(struct client *c, int idx)
{
	struct drm_duet_cmd cmds[4];
	struct drm_duet_sync in[2];
	struct drm_duet_submit args;
	uint32_t n = 1 + rnd_below(4);

	memset(cmds, 0, sizeof(cmds));
	for (uint32_t i = 0; i < n; i++) {
		cmds[i].opcode = rnd_below(10);
		if (!rnd_below(16))
			cmds[i].flags = rnd();
		for (int o = 0; o < 3; o++)
			if (rnd_below(2))
				cmds[i].op[o] = rnd_operand(c);
		for (int a = 0; a < DRM_DUET_CMD_ARGS; a++)
			if (rnd_below(2))
				cmds[i].arg[a] = rnd_below(2) ? rnd_below(64) : rnd();
		/* Keep accepted SPINs short, so the run stays bounded. */
		if (cmds[i].opcode == DRM_DUET_CMD_SPIN)
			cmds[i].arg[0] %= 2000;
	}
	memset(in, 0, sizeof(in));
	in[0].handle = num_syncs[idx] ? syncs[idx][rnd_below(num_syncs[idx])] : rnd();
	memset(&args, 0, sizeof(args));
	args.engine = rnd_below(5);
	args.commands = (uintptr_t)rnd_ptr(cmds);
	args.num_commands = rnd_below(8) ? n : (uint32_t)rnd();
	args.in_syncs = (uintptr_t)rnd_ptr(in);
	args.num_in_syncs = rnd_below(3);
	if (!rnd_below(16))
		args.flags = rnd();
	if (num_syncs[idx] < MAX_SYNCS && rnd_below(2)) {
		args.out_sync.handle = igt_duet_syncobj_create(c->fd);
		syncs[idx][num_syncs[idx]++] = args.out_sync.handle;
	}
	do_ioctl_raw(c->fd, c->node == IGT_DUET_ACCEL ?
		     DRM_IOCTL_DUET_ACCEL_SUBMIT : DRM_IOCTL_DUET_SUBMIT,
		     rnd_ptr(&args));
}

static void fuzz_gem_close(struct client *c)
{
	struct drm_gem_close args = { .handle = rnd_handle(c) };

	if (do_ioctl_raw(c->fd, DRM_IOCTL_GEM_CLOSE, rnd_ptr(&args)) == 0)
		for (unsigned int i = 0; i < c->num_handles; i++)
			if (c->handles[i] == args.handle) {
				c->handles[i] = c->handles[--c->num_handles];
				break;
			}
}

static void fuzz_prime(struct client *c)
{
	struct drm_prime_handle exp = {
		.handle = rnd_handle(c),
		.flags = rnd_below(8) ? DRM_CLOEXEC | DRM_RDWR : (uint32_t)rnd(),
		.fd = -1,
	};
	struct client *to = &clients[rnd_below(NFDS)];

	if (do_ioctl_raw(c->fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, rnd_ptr(&exp)) == 0 &&
	    exp.fd >= 0) {
		struct drm_prime_handle imp = { .fd = exp.fd };

		if (do_ioctl_raw(to->fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &imp) == 0 &&
		    to->num_handles < MAX_HANDLES)
			to->handles[to->num_handles++] = imp.handle;
		close(exp.fd);
	}
}

static void fuzz_syncobj(struct client *c, int idx)
{
	uint32_t h = num_syncs[idx] ? syncs[idx][rnd_below(num_syncs[idx])] : rnd();
	struct drm_syncobj_wait wait = {
		.handles = (uintptr_t)rnd_ptr(&h),
		.count_handles = rnd_below(4),
		.timeout_nsec = 0,
		.flags = rnd_below(4) ? 0 : (uint32_t)rnd(),
	};

	do_ioctl_raw(c->fd, DRM_IOCTL_SYNCOBJ_WAIT, &wait);
}

static void fuzz_raw(struct client *c)
{
	unsigned long nr = DRM_COMMAND_BASE + rnd_below(0x60);
	unsigned long dir = rnd_below(4), size = rnd_below(256);

	for (unsigned int i = 0; i < 64; i++)
		garbage[rnd_below(sizeof(garbage))] = rnd();
	do_ioctl_raw(c->fd, _IOC(dir, DRM_IOCTL_BASE, nr, size),
		     rnd_ptr(garbage + rnd_below(sizeof(garbage) - 256)));
}

static void fuzz_mmap(struct client *c)
{
	size_t len = (1 + rnd_below(4)) * 4096;
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       rnd_below(4) ? MAP_SHARED : MAP_PRIVATE, c->fd,
		       rnd_below(2) ? rnd() & ~4095ull : (1ull << 32) + rnd_below(1 << 20) * 4096);

	if (p != MAP_FAILED) {
		accepted++;
		((volatile uint8_t *)p)[0] = 1;
		munmap(p, len);
	}
}

static uint64_t unreclaimable_kib(void)
{
	char line[128];
	unsigned long long kib = 0;
	FILE *f = fopen("/proc/meminfo", "r");

	igt_assert(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "SUnreclaim: %llu kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

static void open_clients(void)
{
	for (int i = 0; i < NFDS; i++) {
		clients[i].node = i % 2 ? IGT_DUET_ACCEL : IGT_DUET_RENDER;
		clients[i].fd = igt_duet_open_node(0, clients[i].node);
		clients[i].num_handles = 0;
		num_syncs[i] = 0;
	}
}

/*
 * A PRIME export whose argument pointer was garbage memory wrote the new
 * dma-buf fd there, not where we look: find such fds and close them.
 */
static void close_stray_dmabufs(void)
{
	char link[300], target[64];
	struct dirent *de;
	DIR *dir = opendir("/proc/self/fd");

	igt_assert(dir);
	while ((de = readdir(dir))) {
		ssize_t n;

		snprintf(link, sizeof(link), "/proc/self/fd/%s", de->d_name);
		n = readlink(link, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		if (strstr(target, "dmabuf"))
			close(atoi(de->d_name));
	}
	closedir(dir);
}

/*
 * Wait for every job the run queued, then close everything. A syncobj
 * whose SUBMIT failed has no fence (EINVAL); one that does not signal
 * within 20 s is a hang.
 */
static void close_clients(void)
{
	for (int i = 0; i < NFDS; i++) {
		for (unsigned int s = 0; s < num_syncs[i]; s++) {
			struct drm_syncobj_wait wait = {
				.handles = (uintptr_t)&syncs[i][s],
				.count_handles = 1,
				.timeout_nsec = INT64_MAX,
			};
			struct timespec ts;
			int err;

			clock_gettime(CLOCK_MONOTONIC, &ts);
			wait.timeout_nsec = (ts.tv_sec + 20) * 1000000000ll + ts.tv_nsec;
			err = ioctl(clients[i].fd, DRM_IOCTL_SYNCOBJ_WAIT, &wait) ? errno : 0;
			igt_assert_f(err == 0 || err == EINVAL,
				     "waiting for a fuzzed job: %s\n", strerror(err));
		}
		close(clients[i].fd);
	}
	close_stray_dmabufs();
}

static void fuzz_run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		int idx = rnd_below(NFDS);
		struct client *c = &clients[idx];
		unsigned int kind = rnd_below(10);

		counts[kind]++;
		switch (kind) {
		case 0: fuzz_get_param(c); break;
		case 1: fuzz_bo_create(c); break;
		case 2: fuzz_bo_info(c); break;
		case 3: case 4: fuzz_submit(c, idx); break;
		case 5: fuzz_gem_close(c); break;
		case 6: fuzz_prime(c); break;
		case 7: fuzz_syncobj(c, idx); break;
		case 8: fuzz_raw(c); break;
		default: fuzz_mmap(c); break;
		}
	}
}

/* DUET_FUZZ_SEED or the time, printed for a replay; seeds rnd(). */
static uint64_t fuzz_seed(void)
{
	const char *env = getenv("DUET_FUZZ_SEED");
	uint64_t seed = env ? strtoull(env, NULL, 0) : (uint64_t)time(NULL);

	igt_info("seed %" PRIu64 " (replay with DUET_FUZZ_SEED=%" PRIu64 ")\n",
		 seed, seed);
	rng_state = seed | 1;
	return seed;
}

static void ioctl_fuzz(void)
{
	const char *n_env = getenv("DUET_FUZZ_IOCTLS");
	uint64_t n = n_env ? strtoull(n_env, NULL, 0) : 100000, total = 0;
	uint64_t vram_start, gart_start, slab_start, slab_end;
	int probe;

	fuzz_seed();

	probe = igt_duet_open_node(0, IGT_DUET_RENDER);
	vram_start = igt_duet_vram_available(probe, IGT_DUET_RENDER);
	gart_start = igt_duet_gart_available(probe, IGT_DUET_RENDER);

	/* Warm up the caches the run will use, then measure from there. */
	open_clients();
	fuzz_run(n / 10);
	close_clients();
	igt_assert_eq(system("echo 3 > /proc/sys/vm/drop_caches"), 0);
	slab_start = unreclaimable_kib();

	open_clients();
	fuzz_run(n);
	close_clients();
	igt_assert_eq(system("echo 3 > /proc/sys/vm/drop_caches"), 0);
	slab_end = unreclaimable_kib();

	for (int k = 0; k < 10; k++)
		total += counts[k];
	igt_info("%" PRIu64 " ioctls and mmaps tried (%" PRIu64 " accepted): "
		 "get_param %" PRIu64 ", bo_create %" PRIu64 ", bo_info %" PRIu64
		 ", submit %" PRIu64 ", gem_close %" PRIu64 ", prime %" PRIu64
		 ", syncobj %" PRIu64 ", raw %" PRIu64 ", mmap %" PRIu64 "\n",
		 total, accepted, counts[0], counts[1], counts[2],
		 counts[3] + counts[4], counts[5], counts[6], counts[7], counts[8],
		 counts[9]);
	igt_info("VRAM free %" PRIu64 " -> %" PRIu64 "; SUnreclaim %" PRIu64
		 " -> %" PRIu64 " KiB\n", vram_start,
		 igt_duet_vram_available(probe, IGT_DUET_RENDER), slab_start, slab_end);
	igt_assert_lte_u64(n + n / 10, total);
	/* Jobs queued without an out-sync may still hold buffers briefly. */
	for (int i = 0; i < 100 &&
	     (igt_duet_vram_available(probe, IGT_DUET_RENDER) != vram_start ||
	      igt_duet_gart_available(probe, IGT_DUET_RENDER) != gart_start); i++)
		usleep(50000);
	igt_assert_eq_u64(igt_duet_vram_available(probe, IGT_DUET_RENDER), vram_start);
	igt_assert_eq_u64(igt_duet_gart_available(probe, IGT_DUET_RENDER), gart_start);
	igt_assert_f(slab_end < slab_start + 2048,
		     "unreclaimable kernel memory grew by %" PRId64 " KiB\n",
		     (int64_t)(slab_end - slab_start));
	close(probe);
}

/* ---- close against submit, from two threads --------------------------------- */

static atomic_int race_fd;
static atomic_uint race_handle;
static atomic_bool race_stop;

static void *race_closer(void *arg)
{
	enum igt_duet_node_type node = *(enum igt_duet_node_type *)arg;
	unsigned int n = 0;

	while (!atomic_load(&race_stop)) {
		int fd = atomic_load(&race_fd);

		/*
		 * Each handle lives a little (50 to 200 us), so that submits
		 * with a live handle get in however busy the host is, and
		 * others race its close.
		 */
		usleep(50 + 50 * (n++ % 4));
		__igt_duet_bo_close(fd, atomic_load(&race_handle));
		if (rnd_below(4) == 0) {
			int nfd = igt_duet_open_node(0, node);

			atomic_store(&race_fd, nfd);
			close(fd);
			fd = nfd;
		}
		atomic_store(&race_handle, igt_duet_bo_create(fd, node, 4096));
	}
	return NULL;
}

static void close_submit_race(enum igt_duet_node_type node)
{
	int probe = igt_duet_open_node(0, node);
	uint64_t vram_start = igt_duet_vram_available(probe, node);
	uint32_t e = igt_duet_find_engine(probe, node, DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
	unsigned int ok = 0, failed = 0;
	pthread_t closer;

	rng_state = 0x5eed;
	atomic_store(&race_fd, igt_duet_open_node(0, node));
	atomic_store(&race_handle, igt_duet_bo_create(atomic_load(&race_fd), node, 4096));
	atomic_store(&race_stop, false);
	igt_assert_eq(pthread_create(&closer, NULL, race_closer, &node), 0);

	for (int i = 0; i < 3000; i++) {
		struct drm_duet_cmd fill = igt_duet_cmd_fill(
			igt_duet_op(atomic_load(&race_handle), 0, 4096), i);
		struct drm_duet_sync none = { 0 };

		int err = __igt_duet_submit(atomic_load(&race_fd), node, e, &fill, 1,
					NULL, 0, none);

		if (err) {
			/*
			 * ENOTTY: the closed file's number was taken by a
			 * sysfs file the closer opened to find the node.
			 */
			igt_assert_f(err == -ENOENT || err == -EBADF || err == -ENOTTY,
				     "racing submit failed with %s\n", strerror(-err));
			failed++;
		} else {
			ok++;
		}
	}
	atomic_store(&race_stop, true);
	pthread_join(closer, NULL);
	close(atomic_load(&race_fd));

	/* Every job that got in finishes and lets go of its buffer. */
	for (int i = 0; i < 200 && igt_duet_vram_available(probe, node) != vram_start; i++)
		usleep(25000);
	igt_info("%u submits raced with close: %u queued, %u refused\n",
		 ok + failed, ok, failed);
	igt_assert_eq_u64(igt_duet_vram_available(probe, node), vram_start);
	igt_assert_lt(0, ok);
	close(probe);
}

/* ---- structure-aware SUBMIT fuzzing --------------------------------------- */

/*
 * Valid jobs of every opcode on real buffers, each command's geometry
 * inside its windows, with several in-syncs (binary syncobjs that earlier
 * jobs signal or will signal, syncobjs the test signals itself, timeline
 * points) and a binary or timeline out-sync. A share of them get exactly
 * one field mutated: a dword of one command or one field of the submission
 * or of a sync. Meanwhile a second thread closes and recreates buffers,
 * syncobjs and whole files under the submitting thread.
 *
 * What must hold: no oops, WARN or hang; every error is EINVAL, ENOENT or
 * EBADF (a closed file); an unmutated job that no close raced with is
 * accepted; every accepted job's fence signals without an error (the
 * device never faults on what the kernel let through); at least a third of
 * all SUBMITs are accepted; VRAM and unreclaimable kernel memory return to
 * their start values. The main thread's choices follow the seed; the
 * closing thread's timing does not, so a replay repeats the jobs but not
 * exactly which of them lose a race.
 */

#define SF_CLIENTS	4
#define SF_BOS		4
#define SF_SYNCS	8
#define SF_TIMELINES	2
#define SF_MAX_CMDS	4
#define SF_MAX_IN	4
#define SF_RETIRED	64

enum { SYNC_EMPTY, SYNC_FENCE };	/* a binary slot has no fence, or one */

/* One open file and what it holds; replaced whole by the closer. */
struct sf_file {
	int fd;
	_Atomic uint32_t bo[SF_BOS];
	uint64_t bo_size[SF_BOS];
	_Atomic uint32_t sync[SF_SYNCS];
	_Atomic int sync_state[SF_SYNCS];
	uint32_t timeline[SF_TIMELINES];
	uint64_t known_point[SF_TIMELINES];	/* in-syncs may wait on 1..known */
	uint64_t next_point[SF_TIMELINES];	/* out-syncs signal next, next + 1, ... */
};

struct sf_client {
	enum igt_duet_node_type node;
	char path[PATH_MAX];	/* of the node, for the closer's open() */
	uint32_t num_engines, engine_class[8];
	_Atomic(struct sf_file *) file;
	/* +1 before and after each close of the closer: odd while one runs */
	atomic_uint gen;
	/*
	 * Held by the closer for each close, and by the submitter to update
	 * what it knows of the syncobjs: not around SUBMIT, which races.
	 */
	pthread_mutex_t lock;
};

static struct sf_client sf_clients[SF_CLIENTS];
static struct sf_file *sf_retired[SF_RETIRED];
static atomic_uint sf_num_retired;
static atomic_bool sf_stop;
static atomic_uint sf_closing;	/* files being closed in the background */

static struct {
	uint64_t submits, accepted, mutated, mutated_accepted, in_syncs,
		 in_pending, timeline_in, timeline_out, signals, einval, enoent,
		 ebadf, closes;
} sf;

static int sf_ioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? errno : 0;
}

static uint32_t sf_bo_create(int fd, enum igt_duet_node_type node, uint64_t size,
			     uint32_t flags)
{
	struct drm_duet_bo_create args = { .size = size, .flags = flags };

	if (sf_ioctl(fd, node == IGT_DUET_ACCEL ? DRM_IOCTL_DUET_ACCEL_BO_CREATE :
		     DRM_IOCTL_DUET_BO_CREATE, &args))
		return 0;
	return args.handle;
}

static uint32_t sf_syncobj_create(int fd, uint32_t flags)
{
	struct drm_syncobj_create args = { .flags = flags };

	return sf_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &args) ? 0 : args.handle;
}

static void sf_gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close args = { .handle = handle };

	sf_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &args);
}

static void sf_syncobj_destroy(int fd, uint32_t handle)
{
	struct drm_syncobj_destroy args = { .handle = handle };

	sf_ioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &args);
}

static struct sf_file *sf_file_open(const struct sf_client *c, uint64_t (*rng)(void))
{
	enum igt_duet_node_type node = c->node;
	struct sf_file *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->fd = open(c->path, O_RDWR | O_CLOEXEC);
	for (int i = 0; i < SF_BOS; i++) {
		f->bo_size[i] = (1 + rng() % 4) * 4096;
		/* Every other buffer is system memory, reached through the GART. */
		f->bo[i] = sf_bo_create(f->fd, node, f->bo_size[i],
					i % 2 ? DRM_DUET_BO_SYSTEM : 0);
	}
	for (int i = 0; i < SF_SYNCS; i++) {
		/* Half of them start signalled. */
		bool sig = rng() % 2;

		f->sync[i] = sf_syncobj_create(f->fd, sig ? DRM_SYNCOBJ_CREATE_SIGNALED : 0);
		f->sync_state[i] = sig ? SYNC_FENCE : SYNC_EMPTY;
	}
	for (int i = 0; i < SF_TIMELINES; i++) {
		f->timeline[i] = sf_syncobj_create(f->fd, 0);
		f->next_point[i] = 1;
	}
	return f;
}

/* ---- valid commands ---- */

/*
 * A window in one of @f's buffers for a command that touches @extent bytes
 * from its start (a multiple of 4, at most 4 KiB); with @slack, possibly
 * longer than that.
 */
static struct drm_duet_operand sf_window_of(struct sf_file *f, uint64_t extent,
					    bool slack)
{
	unsigned int b = rnd_below(SF_BOS);
	uint64_t size = f->bo_size[b], offset, length = extent;

	offset = 4 * rnd_below((size - extent) / 4 + 1);
	if (slack && rnd_below(2))
		length += 4 * rnd_below((size - offset - extent) / 4 + 1);
	return igt_duet_op(atomic_load(&f->bo[b]), offset, length);
}

static struct drm_duet_operand sf_window(struct sf_file *f, uint64_t extent)
{
	return sf_window_of(f, extent, true);
}

static uint64_t sf_rect_end(uint32_t stride, uint32_t bpp, uint32_t x,
			    uint32_t y, uint32_t w, uint32_t h)
{
	return (uint64_t)(y + h - 1) * stride + (uint64_t)(x + w) * bpp;
}

/* A non-empty rectangle: stride, format, x, y in @a; returns its extent. */
static uint64_t sf_rect(uint32_t *a, uint32_t w, uint32_t h)
{
	/* DRM_DUET_FORMAT_R8, RGB565, XRGB8888, ARGB8888 */
	static const uint32_t bpps[] = { 1, 2, 4, 4 };
	uint32_t format = 1 + rnd_below(4), bpp = bpps[format - 1];

	a[2] = rnd_below(8);
	a[3] = rnd_below(8);
	a[0] = (a[2] + w) * bpp + rnd_below(9);	/* any stride that holds a row */
	a[1] = format;
	/* Round up: windows are multiples of 4. */
	return (sf_rect_end(a[0], bpp, a[2], a[3], w, h) + 3) & ~3ull;
}

static struct drm_duet_cmd sf_valid_cmd(struct sf_file *f, uint32_t class)
{
	static const uint32_t compute[] = {
		DRM_DUET_CMD_COPY, DRM_DUET_CMD_FILL, DRM_DUET_CMD_SPIN,
		DRM_DUET_CMD_VADD, DRM_DUET_CMD_SAXPY, DRM_DUET_CMD_GEMM,
	};
	static const uint32_t graphics[] = {
		DRM_DUET_CMD_COPY, DRM_DUET_CMD_FILL, DRM_DUET_CMD_SPIN,
		DRM_DUET_CMD_FILL_RECT, DRM_DUET_CMD_BLIT,
	};
	bool gfx = class == DRM_DUET_ENGINE_CLASS_GRAPHICS;
	uint32_t op = gfx ? graphics[rnd_below(5)] : compute[rnd_below(6)];
	uint32_t n = 1 + rnd_below(1024), m, k, w, h, a[12];
	uint64_t e0, e1;

	switch (op) {
	case DRM_DUET_CMD_COPY:
		/* COPY copies its whole window: both the same length. */
		return igt_duet_cmd_copy(sf_window_of(f, 4 * n, false),
				     sf_window_of(f, 4 * n, false));
	case DRM_DUET_CMD_FILL:
		return igt_duet_cmd_fill(sf_window(f, 4 * n), rnd());
	case DRM_DUET_CMD_SPIN:
		return igt_duet_cmd_spin(rnd_below(8) ? rnd_below(300) : 1000);
	case DRM_DUET_CMD_VADD:
		return igt_duet_cmd_vadd(sf_window(f, 4 * n), sf_window(f, 4 * n),
				     sf_window(f, 4 * n), n);
	case DRM_DUET_CMD_SAXPY: {
		uint32_t bits = rnd();
		float alpha;

		memcpy(&alpha, &bits, sizeof(alpha));
		return igt_duet_cmd_saxpy(sf_window(f, 4 * n), sf_window(f, 4 * n),
				      n, alpha);
	}
	case DRM_DUET_CMD_GEMM:
		m = 1 + rnd_below(8);
		n = 1 + rnd_below(8);
		k = 1 + rnd_below(8);
		a[0] = 4 * (k + rnd_below(3));	/* lda */
		a[1] = 4 * (n + rnd_below(3));	/* ldb */
		a[2] = 4 * (n + rnd_below(3));	/* ldc */
		return igt_duet_cmd_gemm(sf_window(f, (uint64_t)(m - 1) * a[2] + 4 * n),
				     sf_window(f, (uint64_t)(m - 1) * a[0] + 4 * k),
				     sf_window(f, (uint64_t)(k - 1) * a[1] + 4 * n),
				     m, n, k, a[0], a[1], a[2]);
	case DRM_DUET_CMD_FILL_RECT:
		w = 1 + rnd_below(16);
		h = 1 + rnd_below(16);
		e0 = sf_rect(a, w, h);
		return igt_duet_cmd_fill_rect(sf_window(f, e0), a[0], a[1], a[2], a[3],
					  w, h, rnd());
	default:
		w = 1 + rnd_below(16);
		h = 1 + rnd_below(16);
		e0 = sf_rect(a, w, h);
		e1 = sf_rect(a + 4, w, h);
		return igt_duet_cmd_blit(sf_window(f, e0), a[0], a[1], a[2], a[3],
				     sf_window(f, e1), a[4], a[5], a[6], a[7], w, h);
	}
}

/* ---- one field mutated ---- */

static uint32_t sf_mutate_u32(uint32_t v)
{
	switch (rnd_below(10)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return UINT32_MAX;
	case 3: return 0x80000000u;
	case 4: return v + 1;
	case 5: return v - 1;
	case 6: return v * 2;
	case 7: return 0x10000;
	case 8: return rnd();
	default: return v ^ (1u << rnd_below(32));
	}
}

static void sf_mutate_u64(__u64 *v)
{
	switch (rnd_below(4)) {
	case 0: *v = UINT64_MAX - rnd_below(8); break;
	case 1: *v = (__u64)sf_mutate_u32(*v >> 32) << 32 | (uint32_t)*v; break;
	default: *v = (*v & ~0xffffffffull) | sf_mutate_u32(*v); break;
	}
}

/* Mutate one field; returns its name for the log. */
static const char *sf_mutate(struct drm_duet_submit *s, struct drm_duet_cmd *cmds,
			     struct drm_duet_sync *in)
{
	unsigned int c = rnd_below(s->num_commands);
	uint32_t *dw = (uint32_t *)&cmds[c];
	unsigned int w;

	switch (rnd_below(12)) {
	case 0:
		s->engine = sf_mutate_u32(s->engine);
		return "engine";
	case 1:
		s->flags = sf_mutate_u32(s->flags);
		return "flags";
	case 2:
		s->num_commands = rnd_below(2) ? s->num_commands + 1 : 0;
		return "num_commands";
	case 3:
		s->num_in_syncs = rnd_below(2) ? s->num_in_syncs + 1 :
			DRM_DUET_MAX_SYNCS + 1;
		return "num_in_syncs";
	case 4:
		if (!s->num_in_syncs)
			break;
		w = rnd_below(s->num_in_syncs);
		switch (rnd_below(3)) {
		case 0: in[w].handle = sf_mutate_u32(in[w].handle); return "in.handle";
		case 1: in[w].flags = sf_mutate_u32(in[w].flags); return "in.flags";
		default: sf_mutate_u64(&in[w].point); return "in.point";
		}
	case 5:
		switch (rnd_below(3)) {
		case 0: s->out_sync.handle = sf_mutate_u32(s->out_sync.handle); return "out.handle";
		case 1: s->out_sync.flags = sf_mutate_u32(s->out_sync.flags); return "out.flags";
		default: sf_mutate_u64(&s->out_sync.point); return "out.point";
		}
	default:
		break;
	}
	/* A dword of one command: opcode, flags, an operand or an argument. */
	w = rnd_below(sizeof(struct drm_duet_cmd) / 4);
	if (w >= 2 && w < 2 + 6 * DRM_DUET_CMD_OPERANDS && (w - 2) % 6 >= 2 && rnd_below(2)) {
		/* offset or length: mutate it as 64 bits */
		__u64 *v = (__u64 *)&dw[w & ~1u];

		sf_mutate_u64(v);
	} else {
		dw[w] = sf_mutate_u32(dw[w]);
	}
	/* A SPIN that would be accepted stays short (the run is bounded). */
	if (cmds[c].opcode == DRM_DUET_CMD_SPIN && cmds[c].arg[0] <= DRM_DUET_SPIN_MAX_US)
		cmds[c].arg[0] %= 2000;
	return "command";
}

/* ---- syncs ---- */

static bool sf_pending(int fd, uint32_t handle)
{
	struct drm_syncobj_wait wait = {
		.handles = (uintptr_t)&handle, .count_handles = 1,
	};

	return sf_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &wait) == ETIME;
}

/* Up to SF_MAX_IN in-syncs that exist: binary slots with a fence, known timeline points. */
static uint32_t sf_in_syncs(struct sf_file *f, struct drm_duet_sync *in)
{
	uint32_t n = 0, want = rnd_below(SF_MAX_IN + 1);

	for (uint32_t tries = 0; n < want && tries < 16; tries++) {
		if (rnd_below(3) == 0) {
			unsigned int t = rnd_below(SF_TIMELINES);

			if (!f->known_point[t])
				continue;
			in[n].handle = f->timeline[t];
			in[n].point = 1 + rnd_below(f->known_point[t]);
			sf.timeline_in++;
		} else {
			unsigned int s = rnd_below(SF_SYNCS);

			if (atomic_load(&f->sync_state[s]) != SYNC_FENCE)
				continue;
			in[n].handle = atomic_load(&f->sync[s]);
			in[n].point = 0;
			if (sf_pending(f->fd, in[n].handle))
				sf.in_pending++;
		}
		in[n++].flags = 0;
	}
	sf.in_syncs += n;
	return n;
}

/* The test itself signals a syncobj: a binary slot, or the next timeline point. */
static void sf_signal(struct sf_file *f)
{
	if (rnd_below(2)) {
		unsigned int s = rnd_below(SF_SYNCS);
		uint32_t h = atomic_load(&f->sync[s]);
		struct drm_syncobj_array args = { .handles = (uintptr_t)&h, .count_handles = 1 };

		if (!sf_ioctl(f->fd, DRM_IOCTL_SYNCOBJ_SIGNAL, &args))
			atomic_store(&f->sync_state[s], SYNC_FENCE);
	} else {
		unsigned int t = rnd_below(SF_TIMELINES);
		uint64_t point = f->next_point[t];
		struct drm_syncobj_timeline_array args = {
			.handles = (uintptr_t)&f->timeline[t],
			.points = (uintptr_t)&point, .count_handles = 1,
		};

		if (!sf_ioctl(f->fd, DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, &args))
			f->known_point[t] = f->next_point[t]++;
	}
	sf.signals++;
}

/* Log a submission, for the report of a failure. */
static void sf_dump(const struct drm_duet_submit *s, const struct drm_duet_cmd *cmds,
		    const struct drm_duet_sync *in)
{
	igt_info("engine %u flags %#x, %u commands, %u in-syncs, out %u/%#x/%" PRIu64 "\n",
		 s->engine, s->flags, s->num_commands, s->num_in_syncs,
		 s->out_sync.handle, s->out_sync.flags, (uint64_t)s->out_sync.point);
	for (uint32_t i = 0; i < s->num_commands && i <= SF_MAX_CMDS; i++) {
		const struct drm_duet_cmd *c = &cmds[i];

		igt_info(" cmd %u: opcode %u flags %#x\n", i, c->opcode, c->flags);
		for (int o = 0; o < DRM_DUET_CMD_OPERANDS; o++)
			igt_info("  op%d: handle %u pad %u offset %" PRIu64 " length %" PRIu64 "\n",
				 o, c->op[o].handle, c->op[o].pad,
				 (uint64_t)c->op[o].offset, (uint64_t)c->op[o].length);
		igt_info("  args: %u %u %u %u %u %u %u %u %u %u %u %u\n", c->arg[0],
			 c->arg[1], c->arg[2], c->arg[3], c->arg[4], c->arg[5],
			 c->arg[6], c->arg[7], c->arg[8], c->arg[9], c->arg[10],
			 c->arg[11]);
	}
	for (uint32_t i = 0; i < s->num_in_syncs && i <= SF_MAX_IN; i++)
		igt_info(" in %u: %u/%#x/%" PRIu64 "\n", i, in[i].handle, in[i].flags,
			 (uint64_t)in[i].point);
}

static void sf_submit(struct sf_client *c, bool count)
{
	static struct drm_duet_cmd cmds[SF_MAX_CMDS + 1];
	static struct drm_duet_sync in[SF_MAX_IN + 1];
	unsigned int gen = atomic_load(&c->gen);	/* before the file */
	struct sf_file *f = atomic_load(&c->file);
	bool raced;
	uint32_t engine = rnd_below(c->num_engines), n = 1 + rnd_below(SF_MAX_CMDS);
	struct drm_duet_submit s = { .engine = engine };
	bool mutated = rnd_below(100) < 40, timeline = rnd_below(3) == 0;
	unsigned int slot = rnd_below(SF_SYNCS), t = rnd_below(SF_TIMELINES);
	const char *what = "";
	int err;

	memset(cmds, 0, sizeof(cmds));
	memset(in, 0, sizeof(in));
	for (uint32_t i = 0; i < n; i++)
		cmds[i] = sf_valid_cmd(f, c->engine_class[engine]);
	s.commands = (uintptr_t)cmds;
	s.num_commands = n;
	s.in_syncs = (uintptr_t)in;
	s.num_in_syncs = sf_in_syncs(f, in);
	if (timeline) {
		s.out_sync.handle = f->timeline[t];
		s.out_sync.point = f->next_point[t];
	} else if (rnd_below(4)) {
		s.out_sync.handle = atomic_load(&f->sync[slot]);
	}
	if (mutated)
		what = sf_mutate(&s, cmds, in);

	err = sf_ioctl(f->fd, c->node == IGT_DUET_ACCEL ? DRM_IOCTL_DUET_ACCEL_SUBMIT :
		       DRM_IOCTL_DUET_SUBMIT, &s);
	raced = gen % 2 || gen != atomic_load(&c->gen);
	if (err && (!mutated || (err != EINVAL && err != ENOENT && err != EBADF)) &&
	    !raced)
		sf_dump(&s, cmds, in);
	igt_assert_f(err == 0 || err == EINVAL || err == ENOENT || err == EBADF,
		     "SUBMIT (%s%s) failed with %s\n", mutated ? "mutated " : "",
		     what, strerror(err));
	igt_assert_f(err == 0 || mutated || raced,
		     "a valid %s SUBMIT that no close raced with failed with %s\n",
		     igt_duet_node_names[c->node], strerror(err));

	pthread_mutex_lock(&c->lock);
	raced = gen % 2 || gen != atomic_load(&c->gen);
	if (!err && mutated) {
		/* The out-sync may now hold anything: trust no timeline point. */
		for (int i = 0; i < SF_TIMELINES; i++) {
			f->known_point[i] = 0;
			f->next_point[i] += 2;
		}
	} else if (!err && timeline) {
		if (!raced)
			f->known_point[t] = f->next_point[t];
		f->next_point[t]++;
		sf.timeline_out++;
	} else if (!err && s.out_sync.handle && !raced) {
		atomic_store(&f->sync_state[slot], SYNC_FENCE);
	}
	pthread_mutex_unlock(&c->lock);
	if (!count)
		return;
	sf.submits++;
	sf.mutated += mutated;
	sf.accepted += !err;
	sf.mutated_accepted += mutated && !err;
	sf.einval += err == EINVAL;
	sf.enoent += err == ENOENT;
	sf.ebadf += err == EBADF;
}

/* ---- the closer ---- */

static uint64_t closer_state;

static uint64_t closer_rnd(void)
{
	return xorshift64s(&closer_state);
}

static void *sf_close_file(void *fd)
{
	close((int)(intptr_t)fd);
	atomic_fetch_sub(&sf_closing, 1);
	return NULL;
}

static void *sf_closer(void *arg)
{
	(void)arg;
	while (!atomic_load(&sf_stop)) {
		struct sf_client *c = &sf_clients[closer_rnd() % SF_CLIENTS];
		struct sf_file *f = atomic_load(&c->file);
		unsigned int r = closer_rnd() % 100, i;

		for (unsigned int y = closer_rnd() % 256; y; y--)
			sched_yield();
		/* Before and after: a SUBMIT that saw the close sees the count move. */
		pthread_mutex_lock(&c->lock);
		atomic_fetch_add(&c->gen, 1);
		if (r < 50) {		/* a buffer, possibly in use by queued jobs */
			i = closer_rnd() % SF_BOS;
			sf_gem_close(f->fd, atomic_load(&f->bo[i]));
			atomic_store(&f->bo[i], sf_bo_create(f->fd, c->node, f->bo_size[i],
							     i % 2 ? DRM_DUET_BO_SYSTEM : 0));
		} else if (r < 90) {	/* a syncobj, possibly waited on */
			i = closer_rnd() % SF_SYNCS;
			atomic_store(&f->sync_state[i], SYNC_EMPTY);
			sf_syncobj_destroy(f->fd, atomic_load(&f->sync[i]));
			atomic_store(&f->sync[i], sf_syncobj_create(f->fd, 0));
		} else if (atomic_load(&sf_num_retired) < SF_RETIRED) {
			/*
			 * The whole file, with its jobs in flight. Its release
			 * waits for its queued jobs (up to a second per engine),
			 * so another thread closes it while this one goes on.
			 */
			struct sf_file *nf = sf_file_open(c, closer_rnd);
			pthread_t t;

			if (nf && nf->fd >= 0) {
				atomic_store(&c->file, nf);
				sf_retired[atomic_fetch_add(&sf_num_retired, 1)] = f;
				atomic_fetch_add(&sf_closing, 1);
				if (pthread_create(&t, NULL, sf_close_file, (void *)(intptr_t)f->fd) ||
				    pthread_detach(t)) {
					close(f->fd);
					atomic_fetch_sub(&sf_closing, 1);
				}
			} else {
				free(nf);
			}
		}
		atomic_fetch_add(&c->gen, 1);
		pthread_mutex_unlock(&c->lock);
		sf.closes++;
	}
	return NULL;
}

/* ---- the run ---- */

static void sf_open(void)
{
	for (int i = 0; i < SF_CLIENTS; i++) {
		struct sf_client *c = &sf_clients[i];

		struct igt_duet_card card = igt_duet_get_card(0);

		c->node = i % 2 ? IGT_DUET_ACCEL : IGT_DUET_RENDER;
		pthread_mutex_init(&c->lock, NULL);
		snprintf(c->path, sizeof(c->path), "%s",
			 c->node == IGT_DUET_ACCEL ? card.accel.dev : card.render.dev);
		atomic_store(&c->file, sf_file_open(c, rnd));
		igt_assert(atomic_load(&c->file) && atomic_load(&c->file)->fd >= 0);
		c->num_engines = igt_duet_num_engines(atomic_load(&c->file)->fd, c->node);
		igt_assert(c->num_engines <= 8);
		for (uint32_t e = 0; e < c->num_engines; e++)
			c->engine_class[e] = igt_duet_engine_class(atomic_load(&c->file)->fd,
								   c->node, e);
	}
}

/* 0, or the error the fence of @handle (@point) signalled with; waits up to 20 s. */
static int sf_wait(int fd, uint32_t handle, uint64_t point)
{
	struct drm_syncobj_handle exp = {
		.handle = handle, .fd = -1,
		.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE,
	};
	int err, status;

	if (point) {
		err = igt_duet_syncobj_wait(fd, handle, point, 20000);
		igt_assert_f(err == 0 || err == -EINVAL, "waiting for point %" PRIu64
			     ": %s\n", point, strerror(-err));
		return 0;
	}
	if (sf_ioctl(fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &exp))
		return 0;	/* no fence */
	err = __igt_duet_sync_file_wait(exp.fd, 20000, &status);
	close(exp.fd);
	igt_assert_f(!err && status != 0, "a fuzzed job did not finish in 20 s\n");
	return status < 0 ? status : 0;
}

/* Wait for the jobs of every client, check their fences, close everything. */
static void sf_close(void)
{
	for (int i = 0; i < SF_CLIENTS; i++) {
		struct sf_file *f = atomic_load(&sf_clients[i].file);

		for (int s = 0; s < SF_SYNCS; s++) {
			int err = sf_wait(f->fd, f->sync[s], 0);

			igt_assert_f(!err, "an accepted job failed on the device: %s\n",
				     strerror(-err));
		}
		for (int t = 0; t < SF_TIMELINES; t++)
			if (f->known_point[t])
				sf_wait(f->fd, f->timeline[t], f->known_point[t]);
		close(f->fd);
		free(f);
	}
	for (unsigned int i = 0; i < atomic_load(&sf_num_retired); i++)
		free(sf_retired[i]);
	atomic_store(&sf_num_retired, 0);
}

static void sf_run(uint64_t n, bool count)
{
	pthread_t closer;

	sf_open();
	atomic_store(&sf_stop, false);
	igt_assert_eq(pthread_create(&closer, NULL, sf_closer, NULL), 0);
	for (uint64_t i = 0; i < n; i++) {
		struct sf_client *c = &sf_clients[rnd_below(SF_CLIENTS)];

		if (rnd_below(16) == 0) {
			pthread_mutex_lock(&c->lock);
			sf_signal(atomic_load(&c->file));
			pthread_mutex_unlock(&c->lock);
		}
		sf_submit(c, count);
	}
	atomic_store(&sf_stop, true);
	pthread_join(closer, NULL);
	while (atomic_load(&sf_closing))
		usleep(10000);
	sf_close();
}

static void submit_fuzz(void)
{
	const char *n_env = getenv("DUET_FUZZ_SUBMITS");
	uint64_t n = n_env ? strtoull(n_env, NULL, 0) : 1500, seed;
	uint64_t vram_start, gart_start, slab_start, slab_end;
	int probe;

	seed = fuzz_seed();
	closer_state = (seed * 0x9e3779b97f4a7c15ull) | 1;

	probe = igt_duet_open_node(0, IGT_DUET_RENDER);
	vram_start = igt_duet_vram_available(probe, IGT_DUET_RENDER);
	gart_start = igt_duet_gart_available(probe, IGT_DUET_RENDER);

	/* Warm up the caches the run will use, then measure from there. */
	sf_run(n / 10, false);
	igt_assert_eq(system("echo 3 > /proc/sys/vm/drop_caches"), 0);
	slab_start = unreclaimable_kib();

	sf_run(n, true);
	igt_assert_eq(system("echo 3 > /proc/sys/vm/drop_caches"), 0);
	slab_end = unreclaimable_kib();

	igt_info("%" PRIu64 " SUBMITs: %" PRIu64 " accepted, %" PRIu64 " rejected "
		 "(EINVAL %" PRIu64 ", ENOENT %" PRIu64 ", EBADF %" PRIu64 "); %"
		 PRIu64 " with one field mutated, %" PRIu64 " of them accepted\n",
		 sf.submits, sf.accepted, sf.submits - sf.accepted, sf.einval,
		 sf.enoent, sf.ebadf, sf.mutated, sf.mutated_accepted);
	igt_info("%" PRIu64 " in-syncs (%" PRIu64 " on unsignalled fences, %"
		 PRIu64 " timeline points), %" PRIu64 " timeline out-points, %"
		 PRIu64 " syncobjs signalled by the test, %" PRIu64
		 " concurrent closes\n", sf.in_syncs, sf.in_pending, sf.timeline_in,
		 sf.timeline_out, sf.signals, sf.closes);
	/* Jobs of closed files may still hold buffers briefly. */
	for (int i = 0; i < 100 &&
	     (igt_duet_vram_available(probe, IGT_DUET_RENDER) != vram_start ||
	      igt_duet_gart_available(probe, IGT_DUET_RENDER) != gart_start); i++)
		usleep(50000);
	igt_info("VRAM free %" PRIu64 " -> %" PRIu64 ", GART free %" PRIu64 " -> %"
		 PRIu64 "; SUnreclaim %" PRIu64 " -> %" PRIu64 " KiB\n", vram_start,
		 igt_duet_vram_available(probe, IGT_DUET_RENDER), gart_start,
		 igt_duet_gart_available(probe, IGT_DUET_RENDER), slab_start, slab_end);
	igt_assert_eq_u64(sf.submits, n);
	igt_assert_eq_u64(igt_duet_gart_available(probe, IGT_DUET_RENDER), gart_start);
	igt_assert_f(3 * sf.accepted >= sf.submits,
		     "only %" PRIu64 " of %" PRIu64 " SUBMITs accepted\n",
		     sf.accepted, sf.submits);
	igt_assert_eq_u64(igt_duet_vram_available(probe, IGT_DUET_RENDER), vram_start);
	igt_assert_f(slab_end < slab_start + 2048,
		     "unreclaimable kernel memory grew by %" PRId64 " KiB\n",
		     (int64_t)(slab_end - slab_start));
	close(probe);
}

igt_main
{
	igt_describe("100,000 random and mutated ioctls and mmaps on both "
		     "nodes: no oops, no WARN, no hang, VRAM and unreclaimable "
		     "kernel memory back to their start values.");
	igt_subtest("ioctl-fuzz")
		ioctl_fuzz();

	igt_describe("Structure-aware SUBMIT fuzzing on both nodes: valid jobs "
		     "of every opcode on real buffers, several in-syncs "
		     "(signalled, unsignalled, timeline points) and out-syncs, "
		     "a share with one field mutated, while another thread "
		     "closes buffers, syncobjs and files. At least a third are "
		     "accepted, accepted jobs succeed, nothing leaks.");
	igt_subtest("submit-fuzz")
		submit_fuzz();

	igt_describe("One thread submits jobs on a buffer while another "
		     "closes the buffer and the file and opens new ones.");
	igt_subtest("close-submit-race-render")
		close_submit_race(IGT_DUET_RENDER);

	igt_describe("The same on the accel node.");
	igt_subtest("close-submit-race-accel")
		close_submit_race(IGT_DUET_ACCEL);
}
