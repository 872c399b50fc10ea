// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet_fuzz: hostile input. At least 100,000 random or mutated ioctls to
 * both nodes (valid numbers with garbage arguments, bad pointers, huge
 * sizes, handles that are not there or not ours), and two threads racing
 * close against submit. The kernel must not oops, WARN (the runner checks
 * dmesg), leak (VRAM and unreclaimable kernel memory return to their start
 * values) or hang (every job finishes). The seed is printed; set
 * DUET_FUZZ_SEED to replay a run, DUET_FUZZ_IOCTLS to change its length.
 */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
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
#include "duet_cmd.h"
#include "duet_igt.h"
#include "duet_mem.h"

#define NFDS		4
#define MAX_HANDLES	64
#define MAX_SYNCS	256

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

static uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

struct client {
	int fd;
	enum duet_node_type node;
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
	do_ioctl_raw(c->fd, c->node == DUET_NODE_ACCEL ?
		     DRM_IOCTL_DUET_ACCEL_GET_PARAM : DRM_IOCTL_DUET_GET_PARAM,
		     rnd_ptr(&p));
}

static void fuzz_bo_create(struct client *c)
{
	struct drm_duet_bo_create args = { .size = rnd_size() };

	if (!rnd_below(8))
		args.flags = rnd();
	if (!rnd_below(16))
		args.handle = rnd();
	if (do_ioctl_raw(c->fd, c->node == DUET_NODE_ACCEL ?
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
	do_ioctl_raw(c->fd, c->node == DUET_NODE_ACCEL ?
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
	do_ioctl_raw(c->fd, c->node == DUET_NODE_ACCEL ?
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
		clients[i].node = i % 2 ? DUET_NODE_ACCEL : DUET_NODE_RENDER;
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

static void ioctl_fuzz(void)
{
	const char *seed_env = getenv("DUET_FUZZ_SEED");
	const char *n_env = getenv("DUET_FUZZ_IOCTLS");
	uint64_t n = n_env ? strtoull(n_env, NULL, 0) : 100000, seed, total = 0;
	uint64_t vram_start, slab_start, slab_end;
	int probe;

	seed = seed_env ? strtoull(seed_env, NULL, 0) : (uint64_t)time(NULL);
	igt_info("seed %" PRIu64 " (replay with DUET_FUZZ_SEED=%" PRIu64 ")\n",
		 seed, seed);
	rng_state = seed | 1;

	probe = igt_duet_open_node(0, DUET_NODE_RENDER);
	vram_start = igt_duet_vram_available(probe, DUET_NODE_RENDER);

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
		 igt_duet_vram_available(probe, DUET_NODE_RENDER), slab_start, slab_end);
	igt_assert_lte_u64(n + n / 10, total);
	/* Jobs queued without an out-sync may still hold buffers briefly. */
	for (int i = 0; i < 100 &&
	     igt_duet_vram_available(probe, DUET_NODE_RENDER) != vram_start; i++)
		usleep(50000);
	igt_assert_eq_u64(igt_duet_vram_available(probe, DUET_NODE_RENDER), vram_start);
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
	enum duet_node_type node = *(enum duet_node_type *)arg;

	while (!atomic_load(&race_stop)) {
		int fd = atomic_load(&race_fd);

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

static void close_submit_race(enum duet_node_type node)
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
		struct drm_duet_cmd fill = duet_cmd_fill(
			duet_op(atomic_load(&race_handle), 0, 4096), i);
		struct drm_duet_sync none = { 0 };

		int err = __igt_duet_submit(atomic_load(&race_fd), node, e, &fill, 1,
					NULL, 0, none);

		if (err) {
			igt_assert_f(err == -ENOENT || err == -EBADF,
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

igt_main
{
	igt_describe("100,000 random and mutated ioctls and mmaps on both "
		     "nodes: no oops, no WARN, no hang, VRAM and unreclaimable "
		     "kernel memory back to their start values.");
	igt_subtest("ioctl-fuzz")
		ioctl_fuzz();

	igt_describe("One thread submits jobs on a buffer while another "
		     "closes the buffer and the file and opens new ones.");
	igt_subtest("close-submit-race-render")
		close_submit_race(DUET_NODE_RENDER);

	igt_describe("The same on the accel node.");
	igt_subtest("close-submit-race-accel")
		close_submit_race(DUET_NODE_ACCEL);
}
