// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of the bus master and the GART (duet_hw.h, "Bus master and
 * GART") on an instance of their own, started with a guest RAM file: the
 * header, translations through the table, faults on unmapped pages (the
 * command does nothing), invalidation, and that an invalidation waits for
 * the command that uses the old translation.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim_client.h"
#include "sim_env.h"
#include "tap.h"
#include "tests.h"

#define GEMM(c, a, b, m, n, k, lda, ldb, ldc)				\
	DUET_CMD_HEADER(DUET_CMD_GEMM, 13), LO(c), HI(c), LO(a), HI(a),	\
	LO(b), HI(b), (m), (n), (k), (lda), (ldb), (ldc)

#define PAGE		DUET_GART_PAGE_SIZE
#define RAM_PAGES	64
#define GART_PAGES	16
#define TABLE		0x1000		/* VRAM offset of the table */
#define SRC		0x10000		/* VRAM scratch */
#define DST		0x20000
#define APERTURE(p)	(DUET_GART_DEVICE_BASE + (__u64)(p) * PAGE)
#define E		1		/* a compute engine */

struct gart_env {
	struct env env;
	int ram_fd;
	__u8 *ram;		/* the guest RAM file, as the guest sees it */
	__u32 inval;		/* last invalidation sequence number */
	__u32 vector;		/* GART_DOORBELL_VECTOR */
};

static struct gart_env genv = { .ram_fd = -1 };

static void hdr_write(struct sim_client *c, __u32 off, __u32 val)
{
	__atomic_store_n((__u32 *)(c->shm + off), val, __ATOMIC_RELEASE);
}

static __u64 *table(struct sim_client *c)
{
	return (__u64 *)(vram(c) + TABLE);
}

static __u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000;
}

/* Write GART_INVALIDATE, ring its vector; returns the sequence number. */
static __u32 invalidate_start(struct gart_env *g)
{
	struct sim_client *c = &g->env.c;
	__u32 seq = ++g->inval;

	hdr_write(c, DUET_HDR_GART_INVALIDATE, seq);
	ring_doorbell(c, g->vector);
	return seq;
}

static bool acked(struct gart_env *g, __u32 seq, int timeout_ms)
{
	__u64 end = now_ms() + timeout_ms;

	do {
		if (hdr_read(&g->env.c, DUET_HDR_GART_INVALIDATE_ACK) == seq)
			return true;
		sleep_ms(1);
	} while (now_ms() < end);
	return false;
}

static bool invalidate(struct gart_env *g)
{
	return expect(acked(g, invalidate_start(g), IRQ_TIMEOUT_MS),
		      "no GART_INVALIDATE_ACK");
}

/* Submit @dw and a FENCE on E; true if the FENCE came (no fault). */
static bool run(struct gart_env *g, const __u32 *dw, unsigned int n)
{
	struct sim_client *c = &g->env.c;

	ring_submit(c, E, dw, n);
	return sync_engine(&g->env, E);
}

/* Submit @dw; expect the engine to fault with @err, then reset it. */
static void run_fault(struct gart_env *g, const __u32 *dw, unsigned int n,
		      __u32 err)
{
	struct sim_client *c = &g->env.c;

	drain_irqs(c);
	ring_submit(c, E, dw, n);
	expect(wait_irq(c, DUET_IRQ_VECTOR_ERROR, IRQ_TIMEOUT_MS),
	       "no error interrupt");
	expect_eq(eng_read(c, E, DUET_ENG_STATUS), DUET_ENGINE_STATUS_ERROR,
		  "STATUS");
	expect_eq(eng_read(c, E, DUET_ENG_ERROR), err, "ERROR");
	reset_engine(&g->env, E);
}

static void test_gart_up(void *ctx)
{
	struct gart_env *g = ctx;
	static char ram_path[SIM_PATH_MAX];
	const char *args[] = { "--quiet", "--vram", "32M", "--guest-ram",
			       ram_path, "--gart-size", "64K", NULL };
	struct sim_client *c = &g->env.c;

	snprintf(ram_path, sizeof(ram_path), "%s", sim_socket_path("gart-ram"));
	g->ram_fd = open(ram_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (!expect(g->ram_fd >= 0, "cannot create %s", ram_path) ||
	    !expect(!ftruncate(g->ram_fd, RAM_PAGES * PAGE), "ftruncate"))
		return;
	g->ram = mmap(NULL, RAM_PAGES * PAGE, PROT_READ | PROT_WRITE,
		      MAP_SHARED, g->ram_fd, 0);
	if (!expect(g->ram != MAP_FAILED, "mmap of the guest RAM"))
		return;
	if (sim_start(&g->env.sim, "gart", args)) {
		unlink(ram_path);
		return;
	}
	unlink(ram_path);	/* the sim opened it before it listened */
	if (client_connect(c, g->env.sim.socket_path, NUM_VECTORS))
		return;
	g->env.up = true;
	expect(hdr_read(c, DUET_HDR_CAPS) & DUET_CAP_GART, "CAPS lacks GART");
	expect_eq(hdr_read(c, DUET_HDR_GART_BASE_LO), LO(DUET_GART_DEVICE_BASE),
		  "GART_BASE_LO");
	expect_eq(hdr_read(c, DUET_HDR_GART_BASE_HI), HI(DUET_GART_DEVICE_BASE),
		  "GART_BASE_HI");
	expect_eq(hdr_read(c, DUET_HDR_GART_PAGES), GART_PAGES, "GART_PAGES");
	g->vector = hdr_read(c, DUET_HDR_GART_DOORBELL_VECTOR);
	expect_eq(g->vector, NUM_ENGINES, "GART_DOORBELL_VECTOR");
}

/* The default instance has no guest RAM: no GART. */
static void test_no_gart(void *ctx)
{
	struct env *env = ctx;
	__u32 dw[] = { FILL(APERTURE(0), 4, 1) };

	if (!up(env))
		return;
	expect(!(hdr_read(&env->c, DUET_HDR_CAPS) & DUET_CAP_GART),
	       "CAPS has GART without guest RAM");
	expect_eq(hdr_read(&env->c, DUET_HDR_GART_PAGES), 0, "GART_PAGES");
	drain_irqs(&env->c);
	ring_submit(&env->c, E, dw, ARRAY_SIZE(dw));
	expect(wait_irq(&env->c, DUET_IRQ_VECTOR_ERROR, IRQ_TIMEOUT_MS),
	       "no fault");
	expect_eq(eng_read(&env->c, E, DUET_ENG_ERROR), DUET_ERR_BAD_ADDRESS,
		  "ERROR");
	reset_engine(env, E);
}

static void test_disabled_faults(void *ctx)
{
	struct gart_env *g = ctx;
	__u32 dw[] = { FILL(APERTURE(0), 4, 1) };

	if (!up(&g->env))
		return;
	run_fault(g, dw, ARRAY_SIZE(dw), DUET_ERR_GART_FAULT);
}

/* Aperture page 0 -> RAM page 5, page 1 -> RAM page 2 (out of order). */
static void test_translate(void *ctx)
{
	struct gart_env *g = ctx;
	struct sim_client *c = &g->env.c;
	__u32 fill[] = { FILL(ADDR(SRC), 2 * PAGE, 0x5a5a5a5a) };
	__u32 copy[] = { COPY(APERTURE(0), ADDR(SRC), 2 * PAGE) };
	__u32 back[] = { COPY(ADDR(DST), APERTURE(1) + 16, 32) };

	if (!up(&g->env))
		return;
	memset(table(c), 0, GART_PAGES * 8);
	table(c)[0] = 5 * PAGE | DUET_GART_ENTRY_VALID;
	table(c)[1] = 2 * PAGE | DUET_GART_ENTRY_VALID;
	hdr_write(c, DUET_HDR_GART_TABLE_LO, TABLE);
	hdr_write(c, DUET_HDR_GART_TABLE_HI, 0);
	hdr_write(c, DUET_HDR_GART_CONTROL, DUET_GART_CONTROL_ENABLE);
	if (!invalidate(g) || !run(g, fill, ARRAY_SIZE(fill)) ||
	    !run(g, copy, ARRAY_SIZE(copy)))
		return;
	expect(all_bytes(g->ram + 5 * PAGE, PAGE, 0x5a), "RAM page 5");
	expect(all_bytes(g->ram + 2 * PAGE, PAGE, 0x5a), "RAM page 2");
	expect(all_bytes(g->ram + 3 * PAGE, PAGE, 0), "RAM page 3 touched");
	expect(all_bytes(g->ram + 6 * PAGE, PAGE, 0), "RAM page 6 touched");
	/* And reading: what the guest writes, a command reads. */
	memset(g->ram + 2 * PAGE + 16, 0x3c, 32);
	if (run(g, back, ARRAY_SIZE(back)))
		expect(all_bytes(vram(c) + DST, 32, 0x3c), "read back");
}

/* An operand that ends on an unmapped page: a fault, nothing written. */
static void test_unmapped_faults(void *ctx)
{
	struct gart_env *g = ctx;
	__u32 span[] = { FILL(APERTURE(1), 2 * PAGE, 0x11111111) };
	__u32 hole[] = { FILL(APERTURE(7), 4, 0x22222222) };
	__u32 past[] = { FILL(APERTURE(GART_PAGES - 1), 2 * PAGE, 0) };

	if (!up(&g->env))
		return;
	memset(g->ram + 2 * PAGE, 0x5a, PAGE);
	run_fault(g, span, ARRAY_SIZE(span), DUET_ERR_GART_FAULT);
	expect(all_bytes(g->ram + 2 * PAGE, PAGE, 0x5a),
	       "the mapped page of a faulting operand was written");
	run_fault(g, hole, ARRAY_SIZE(hole), DUET_ERR_GART_FAULT);
	run_fault(g, past, ARRAY_SIZE(past), DUET_ERR_BAD_ADDRESS);
}

/* An entry past the end of guest RAM is not usable: it faults. */
static void test_entry_outside_ram(void *ctx)
{
	struct gart_env *g = ctx;
	struct sim_client *c = &g->env.c;
	__u32 dw[] = { FILL(APERTURE(3), 4, 1) };

	if (!up(&g->env))
		return;
	table(c)[3] = (__u64)RAM_PAGES * PAGE | DUET_GART_ENTRY_VALID;
	if (invalidate(g))
		run_fault(g, dw, ARRAY_SIZE(dw), DUET_ERR_GART_FAULT);
	table(c)[3] = 0;
}

/* After an entry is cleared and invalidated, its old page is unreachable. */
static void test_invalidate_unmaps(void *ctx)
{
	struct gart_env *g = ctx;
	struct sim_client *c = &g->env.c;
	__u32 dw[] = { FILL(APERTURE(0), PAGE, 0x77777777) };

	if (!up(&g->env))
		return;
	table(c)[0] = 0;
	if (!invalidate(g))
		return;
	run_fault(g, dw, ARRAY_SIZE(dw), DUET_ERR_GART_FAULT);
	expect(all_bytes(g->ram + 5 * PAGE, PAGE, 0x5a),
	       "the unmapped page was written");
	/* Remapped elsewhere, the same address reaches the new page. */
	table(c)[0] = 9 * PAGE | DUET_GART_ENTRY_VALID;
	if (invalidate(g) && run(g, dw, ARRAY_SIZE(dw))) {
		expect(all_bytes(g->ram + 9 * PAGE, PAGE, 0x77), "RAM page 9");
		expect(all_bytes(g->ram + 5 * PAGE, PAGE, 0x5a), "RAM page 5");
	}
}

/*
 * An invalidation is acknowledged only after the command that uses the
 * old translations finished: a GEMM reading from the aperture runs while
 * the invalidation is asked for.
 */
static void test_invalidate_waits(void *ctx)
{
	struct gart_env *g = ctx;
	struct sim_client *c = &g->env.c;
	/* C (32 x 32, in the aperture) = A (32 x K) B (K x 32), K = 64Ki. */
	const __u32 m = 32, k = 65536;
	const __u64 a = 0x100000, b = 0xa00000;
	__u32 gemm[] = { GEMM(APERTURE(0), ADDR(a), ADDR(b), m, m, k, k * 4,
			      m * 4, m * 4) };
	__u64 t0, end;
	__u32 seq;

	if (!up(&g->env))
		return;
	table(c)[0] = 9 * PAGE | DUET_GART_ENTRY_VALID;
	if (!invalidate(g))
		return;
	drain_irqs(c);
	ring_submit(c, E, gemm, ARRAY_SIZE(gemm));
	end = now_ms() + IRQ_TIMEOUT_MS;
	while (eng_read(c, E, DUET_ENG_STATUS) != DUET_ENGINE_STATUS_BUSY &&
	       now_ms() < end)
		sleep_ms(1);
	t0 = now_ms();
	seq = invalidate_start(g);
	sleep_ms(10);
	if (eng_read(c, E, DUET_ENG_STATUS) == DUET_ENGINE_STATUS_BUSY)
		expect(hdr_read(c, DUET_HDR_GART_INVALIDATE_ACK) != seq,
		       "invalidation acknowledged while a command used the GART");
	else
		printf("# the GEMM ended within 10 ms: nothing to wait for\n");
	expect(sync_engine(&g->env, E), "GEMM failed");
	expect(acked(g, seq, IRQ_TIMEOUT_MS), "no ACK after the GEMM");
	printf("# GEMM ran %llu ms after the invalidation was asked for\n",
		 (unsigned long long)(now_ms() - t0));
}

static void test_gart_down(void *ctx)
{
	struct gart_env *g = ctx;

	int status;

	/* The sim exits when its client leaves, and removes its files. */
	client_close(&g->env.c);
	status = sim_wait(&g->env.sim, EXIT_TIMEOUT_MS);
	expect(status >= 0 && WIFEXITED(status) && !WEXITSTATUS(status),
	       "exit status 0x%x after the client left", status);
	sim_kill(&g->env.sim);
	if (g->ram && g->ram != MAP_FAILED)
		munmap(g->ram, RAM_PAGES * PAGE);
	if (g->ram_fd >= 0)
		close(g->ram_fd);
	g->env.up = false;
}

void run_gart_tests(void)
{
	tap_run("no GART without guest RAM", test_no_gart, &sim_env);
	tap_run("GART: instance with guest RAM, header", test_gart_up, &genv);
	tap_run("GART: disabled aperture faults", test_disabled_faults, &genv);
	tap_run("GART: COPY through scattered entries", test_translate, &genv);
	tap_run("GART: unmapped page faults, nothing written",
		test_unmapped_faults, &genv);
	tap_run("GART: entry outside guest RAM faults", test_entry_outside_ram,
		&genv);
	tap_run("GART: invalidated entry unreachable, remapped entry reached",
		test_invalidate_unmaps, &genv);
	tap_run("GART: invalidation waits for the command using it",
		test_invalidate_waits, &genv);
	tap_run("GART: instance stops", test_gart_down, &genv);
}
