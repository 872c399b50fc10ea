// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of the real duet-sim binary, driven as QEMU and the driver would.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim_client.h"
#include "sim_env.h"
#include "tap.h"
#include "tests.h"

/* The default-configuration instance most tests talk to. */
struct env sim_env;

static bool file_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static bool exited_ok(int status)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void sleep_ms(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* FENCE on @e and wait for it; checks SEQNO and that the ring drained. */
bool sync_engine(struct env *env, unsigned int e)
{
	struct sim_client *c = &env->c;
	__u32 seq = ++env->seqno;
	__u32 dw[] = { FENCE(seq) };

	ring_submit(c, e, dw, ARRAY_SIZE(dw));
	if (!expect(wait_irq(c, DUET_IRQ_VECTOR_ENGINE(e), IRQ_TIMEOUT_MS),
		    "engine %u: no FENCE interrupt", e))
		return false;
	return expect_eq(eng_read(c, e, DUET_ENG_SEQNO), seq, "SEQNO") &&
	       expect_eq(eng_read(c, e, DUET_ENG_RING_HEAD),
			 eng_read(c, e, DUET_ENG_RING_TAIL), "HEAD after FENCE") &&
	       expect_eq(eng_read(c, e, DUET_ENG_STATUS),
			 DUET_ENGINE_STATUS_IDLE, "STATUS after FENCE");
}

bool reset_engine(struct env *env, unsigned int e)
{
	struct sim_client *c = &env->c;
	__u32 count = eng_read(c, e, DUET_ENG_RESET_COUNT);

	drain_irqs(c);
	eng_write(c, e, DUET_ENG_CONTROL, DUET_ENG_CONTROL_RESET);
	ring_doorbell(c, e);
	if (!expect(wait_irq(c, DUET_IRQ_VECTOR_ERROR, IRQ_TIMEOUT_MS),
		    "engine %u: no interrupt after reset", e))
		return false;
	return expect_eq(eng_read(c, e, DUET_ENG_RESET_COUNT), count + 1,
			 "RESET_COUNT") &&
	       expect_eq(eng_read(c, e, DUET_ENG_RING_HEAD),
			 eng_read(c, e, DUET_ENG_RING_TAIL), "HEAD after reset") &&
	       expect_eq(eng_read(c, e, DUET_ENG_STATUS),
			 DUET_ENGINE_STATUS_IDLE, "STATUS after reset") &&
	       expect_eq(eng_read(c, e, DUET_ENG_ERROR), DUET_ERR_NONE,
			 "ERROR after reset") &&
	       expect_eq(eng_read(c, e, DUET_ENG_CONTROL), 0,
			 "CONTROL after reset");
}

bool up(struct env *env)
{
	return expect(env->up, "duet-sim is not running");
}

static void test_handshake(void *ctx)
{
	struct env *env = ctx;
	static char control[SIM_PATH_MAX];
	const char *args[] = { "--quiet", "--control", control, NULL };

	snprintf(control, sizeof(control), "%s", sim_socket_path("main-control"));
	fault_set_control_path(control);
	if (sim_start(&env->sim, "main", args))
		return;
	if (client_connect(&env->c, env->sim.socket_path, NUM_VECTORS))
		return;
	expect_eq(env->c.shm_size, 256ULL << 20, "shm size");
	env->up = true;
}

static void test_header(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	FILE *f;
	int pid = 0;

	if (!up(env))
		return;
	expect_eq(hdr_read(c, DUET_HDR_MAGIC), DUET_MAGIC, "MAGIC");
	expect(!memcmp(c->shm, "DUET", 4), "magic bytes not \"DUET\"");
	expect_eq(hdr_read(c, DUET_HDR_VERSION), DUET_HW_VERSION(1, 0),
		  "VERSION");
	expect_eq(hdr_read(c, DUET_HDR_CAPS),
		  DUET_CAP_HEARTBEAT | DUET_CAP_CMD_SET_2, "CAPS");
	expect_eq(hdr_read(c, DUET_HDR_NUM_ENGINES), NUM_ENGINES,
		  "NUM_ENGINES");
	expect_eq(hdr_read(c, DUET_HDR_VRAM_OFFSET_LO), DUET_RESERVED_SIZE,
		  "VRAM_OFFSET_LO");
	expect_eq(hdr_read(c, DUET_HDR_VRAM_OFFSET_HI), 0, "VRAM_OFFSET_HI");
	expect_eq(hdr_read(c, DUET_HDR_VRAM_SIZE_LO), LO(VRAM_SIZE),
		  "VRAM_SIZE_LO");
	expect_eq(hdr_read(c, DUET_HDR_VRAM_SIZE_HI), 0, "VRAM_SIZE_HI");
	expect_eq(hdr_read(c, DUET_HDR_VRAM_BASE_LO), 0, "VRAM_BASE_LO");
	expect_eq(hdr_read(c, DUET_HDR_VRAM_BASE_HI), 1, "VRAM_BASE_HI");
	expect_eq(hdr_read(c, DUET_HDR_DEVICE_PEER), 0, "DEVICE_PEER");
	expect_eq(hdr_read(c, DUET_HDR_NUM_VECTORS), NUM_VECTORS,
		  "NUM_VECTORS");
	expect_eq(hdr_read(c, DUET_HDR_STATUS), DUET_STATUS_READY, "STATUS");

	f = fopen(env->sim.pidfile, "r");
	if (expect(f, "no pidfile")) {
		expect(fscanf(f, "%d", &pid) == 1, "pidfile unreadable");
		fclose(f);
		expect_eq(pid, env->sim.pid, "pidfile pid");
	}
}

static void test_engine_regs(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	unsigned int e;

	if (!up(env))
		return;
	for (e = 0; e < NUM_ENGINES; e++) {
		expect_eq(eng_read(c, e, DUET_ENG_KIND),
			  e ? DUET_ENGINE_KIND_COMPUTE : DUET_ENGINE_KIND_GRAPHICS,
			  "KIND");
		expect_eq(eng_read(c, e, DUET_ENG_RING_SIZE),
			  DUET_RING_SIZE_DEFAULT, "RING_SIZE");
		expect_eq(eng_read(c, e, DUET_ENG_RING_OFFSET_LO),
			  DUET_HEADER_SIZE + e * DUET_RING_SIZE_DEFAULT,
			  "RING_OFFSET_LO");
		expect_eq(eng_read(c, e, DUET_ENG_RING_OFFSET_HI), 0,
			  "RING_OFFSET_HI");
		expect_eq(eng_read(c, e, DUET_ENG_RING_HEAD), 0, "HEAD");
		expect_eq(eng_read(c, e, DUET_ENG_RING_TAIL), 0, "TAIL");
		expect_eq(eng_read(c, e, DUET_ENG_STATUS),
			  DUET_ENGINE_STATUS_IDLE, "STATUS");
		expect_eq(eng_read(c, e, DUET_ENG_ERROR), 0, "ERROR");
		expect_eq(eng_read(c, e, DUET_ENG_IRQ_VECTOR),
			  DUET_IRQ_VECTOR_ENGINE(e), "IRQ_VECTOR");
		expect_eq(eng_read(c, e, DUET_ENG_DOORBELL_VECTOR), e,
			  "DOORBELL_VECTOR");
		expect_eq(eng_read(c, e, DUET_ENG_RESET_COUNT), 0,
			  "RESET_COUNT");
	}
}

static void test_fence(struct env *env, unsigned int e)
{
	struct sim_client *c = &env->c;
	__u32 seq = 0x1000 + e;
	__u32 dw[] = { NOP(1), NOP(3), 0xdead, 0xbeef, FENCE(seq) };
	unsigned int v;

	if (!up(env))
		return;
	drain_irqs(c);
	ring_submit(c, e, dw, ARRAY_SIZE(dw));
	expect(wait_irq(c, DUET_IRQ_VECTOR_ENGINE(e), IRQ_TIMEOUT_MS),
	       "no interrupt on vector %u", DUET_IRQ_VECTOR_ENGINE(e));
	expect_eq(eng_read(c, e, DUET_ENG_SEQNO), seq, "SEQNO");
	expect_eq(eng_read(c, e, DUET_ENG_RING_HEAD), 4 * ARRAY_SIZE(dw),
		  "HEAD");
	expect_eq(eng_read(c, e, DUET_ENG_STATUS), DUET_ENGINE_STATUS_IDLE,
		  "STATUS");
	for (v = 0; v < NUM_VECTORS; v++)
		expect(!wait_irq(c, v, 0), "unexpected interrupt on vector %u",
		       v);
}

static void test_fence_e0(void *ctx)
{
	test_fence(ctx, 0);
}

static void test_fence_e1(void *ctx)
{
	test_fence(ctx, 1);
}

static void test_fence_e2(void *ctx)
{
	test_fence(ctx, 2);
}

bool all_bytes(const __u8 *p, size_t n, __u8 val)
{
	while (n--)
		if (*p++ != val)
			return false;
	return true;
}

static bool all_words(const __u8 *p, size_t n, __u32 val)
{
	for (; n >= 4; n -= 4, p += 4)
		if (*(const __u32 *)p != val)
			return false;
	return true;
}

static void test_fill_copy(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 dw[] = {
		FILL(ADDR(0x1000), 0x100, 0xdeadbeef),
		COPY(ADDR(0x3000), ADDR(0x1000), 0x80),
		FILL(ADDR(VRAM_SIZE - 8), 8, 0x01020304),
	};
	__u8 *m;

	if (!up(env))
		return;
	m = vram(c);
	memset(m, 0, 0x4000);
	memset(m + VRAM_SIZE - 16, 0, 16);
	ring_submit(c, 1, dw, ARRAY_SIZE(dw));
	if (!sync_engine(env, 1))
		return;
	expect(all_words(m + 0x1000, 0x100, 0xdeadbeef), "FILL result");
	expect(all_bytes(m + 0xffc, 4, 0) && all_bytes(m + 0x1100, 4, 0),
	       "FILL wrote outside its range");
	expect(all_words(m + 0x3000, 0x80, 0xdeadbeef), "COPY result");
	expect(all_bytes(m + 0x2ffc, 4, 0) && all_bytes(m + 0x3080, 4, 0),
	       "COPY wrote outside its range");
	expect(all_words(m + VRAM_SIZE - 8, 8, 0x01020304), "FILL at VRAM end");
	expect(all_bytes(m + VRAM_SIZE - 16, 8, 0), "FILL before VRAM end");
}

static void test_copy_overlap(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 dw[] = {
		COPY(ADDR(0x5010), ADDR(0x5000), 0x100),
		COPY(ADDR(0x6000), ADDR(0x6010), 0x100),
	};
	__u8 pattern[0x100];
	__u8 *m;
	int i;

	if (!up(env))
		return;
	m = vram(c);
	for (i = 0; i < 0x100; i++)
		pattern[i] = i ^ 0x3c;
	memcpy(m + 0x5000, pattern, 0x100);
	memcpy(m + 0x6010, pattern, 0x100);
	ring_submit(c, 2, dw, ARRAY_SIZE(dw));
	if (!sync_engine(env, 2))
		return;
	expect(!memcmp(m + 0x5010, pattern, 0x100), "forward overlap COPY");
	expect(!memcmp(m + 0x5000, pattern, 0x10), "forward COPY source head");
	expect(!memcmp(m + 0x6000, pattern, 0x100), "backward overlap COPY");
	expect(!memcmp(m + 0x6100, pattern + 0xf0, 0x10),
	       "backward COPY source tail");
}

/*
 * Pad engine @e's ring with NOPs so that TAIL sits @before bytes before
 * the end of the ring.
 */
static void pad_ring(struct env *env, unsigned int e, __u32 before)
{
	struct sim_client *c = &env->c;
	__u32 size = eng_read(c, e, DUET_ENG_RING_SIZE);
	__u32 tail = eng_read(c, e, DUET_ENG_RING_TAIL);
	__u32 pad = (size - before - tail) & (size - 1);
	__u32 nop[DUET_CMD_MAX_LENGTH] = { 0 };
	__u32 len;

	while (pad) {
		len = pad / 4 < DUET_CMD_MAX_LENGTH ? pad / 4 :
		      DUET_CMD_MAX_LENGTH;
		nop[0] = NOP(len);
		ring_write(c, e, nop, len);
		pad -= 4 * len;
	}
	ring_doorbell(c, e);
}

static void test_wrap(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 dw[] = { FILL(ADDR(0x7000), 0x40, 0x600df00d) };
	__u32 head;

	if (!up(env))
		return;
	/* FENCE in the last 16 bytes, then a FILL straddling the end. */
	pad_ring(env, 1, 16);
	if (!sync_engine(env, 1))
		return;
	expect_eq(eng_read(c, 1, DUET_ENG_RING_TAIL) % DUET_RING_SIZE_DEFAULT,
		  DUET_RING_SIZE_DEFAULT - 8, "TAIL before the wrap");
	memset(vram(c) + 0x7000, 0, 0x40);
	ring_submit(c, 1, dw, ARRAY_SIZE(dw));
	if (!sync_engine(env, 1))
		return;
	expect(all_words(vram(c) + 0x7000, 0x40, 0x600df00d),
	       "FILL across the ring end");
	head = eng_read(c, 1, DUET_ENG_RING_HEAD);
	expect(head > DUET_RING_SIZE_DEFAULT, "HEAD 0x%x not free-running",
	       head);
	expect_eq(head % DUET_RING_SIZE_DEFAULT, 24, "HEAD offset after wrap");
}

static void test_wrap_u32(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 dw[] = { NOP(2), 0, NOP(1), NOP(1), FENCE(0x77) };

	if (!up(env))
		return;
	/* A reset moves HEAD to TAIL: use it to start just below 2^32. */
	eng_write(c, 2, DUET_ENG_RING_TAIL, 0xfffffff0);
	if (!reset_engine(env, 2))
		return;
	ring_submit(c, 2, dw, ARRAY_SIZE(dw));
	expect(wait_irq(c, DUET_IRQ_VECTOR_ENGINE(2), IRQ_TIMEOUT_MS),
	       "no FENCE interrupt");
	expect_eq(eng_read(c, 2, DUET_ENG_RING_HEAD), 0x8, "HEAD after 2^32");
	expect_eq(eng_read(c, 2, DUET_ENG_SEQNO), 0x77, "SEQNO");
	expect_eq(eng_read(c, 2, DUET_ENG_STATUS), DUET_ENGINE_STATUS_IDLE,
		  "STATUS");
}

static void paint_canaries(struct sim_client *c)
{
	memset(vram(c), CANARY, CANARY_SIZE);
	memset(vram(c) + VRAM_SIZE - CANARY_SIZE, CANARY, CANARY_SIZE);
}

static bool canaries_intact(struct sim_client *c)
{
	return all_bytes(vram(c), CANARY_SIZE, CANARY) &&
	       all_bytes(vram(c) + VRAM_SIZE - CANARY_SIZE, CANARY_SIZE,
			 CANARY);
}

void run_bad_case(struct env *env, const struct bad_case *bc)
{
	struct sim_client *c = &env->c;
	unsigned int e = bc->engine;
	__u32 seq = ++env->seqno;
	__u32 fence[] = { FENCE(seq) };
	__u32 start, bad;

	if (!up(env))
		return;
	drain_irqs(c);
	paint_canaries(c);
	start = eng_read(c, e, DUET_ENG_RING_TAIL);
	if (bc->tail_delta) {
		bad = start;
		eng_write(c, e, DUET_ENG_RING_TAIL, start + bc->tail_delta);
		ring_doorbell(c, e);
	} else {
		/* A good FENCE first: it must complete before the fault. */
		bad = start + sizeof(fence);
		ring_write(c, e, fence, ARRAY_SIZE(fence));
		ring_submit(c, e, bc->dw, bc->n);
		expect(wait_irq(c, DUET_IRQ_VECTOR_ENGINE(e), IRQ_TIMEOUT_MS),
		       "FENCE before the bad command not signalled");
		expect_eq(eng_read(c, e, DUET_ENG_SEQNO), seq, "SEQNO");
	}

	if (!expect(wait_irq(c, DUET_IRQ_VECTOR_ERROR, IRQ_TIMEOUT_MS),
		    "no error interrupt"))
		return;
	expect_eq(eng_read(c, e, DUET_ENG_STATUS), DUET_ENGINE_STATUS_ERROR,
		  "STATUS");
	expect_eq(eng_read(c, e, DUET_ENG_ERROR), bc->err, "ERROR");
	expect_eq(eng_read(c, e, DUET_ENG_ERROR_HEAD), bad, "ERROR_HEAD");
	expect_eq(eng_read(c, e, DUET_ENG_RING_HEAD), bad, "HEAD");
	expect(canaries_intact(c), "VRAM modified by a faulting command");

	/* Halted: a new FENCE and doorbell are ignored until reset. */
	if (!bc->tail_delta) {
		ring_submit(c, e, fence, ARRAY_SIZE(fence));
		expect(!wait_irq(c, DUET_IRQ_VECTOR_ENGINE(e), SILENCE_MS),
		       "halted engine executed a FENCE");
		expect(!wait_irq(c, DUET_IRQ_VECTOR_ERROR, 0),
		       "halted engine raised another error");
		expect_eq(eng_read(c, e, DUET_ENG_RING_HEAD), bad,
			  "HEAD of halted engine");
		expect_eq(eng_read(c, e, DUET_ENG_STATUS),
			  DUET_ENGINE_STATUS_ERROR, "STATUS of halted engine");
	}
	/* Like a driver, forget the bad TAIL before resetting. */
	if (bc->tail_delta)
		eng_write(c, e, DUET_ENG_RING_TAIL, start);
	if (reset_engine(env, e))
		sync_engine(env, e);
}

static const struct bad_case bad_cases[] = {
	BAD_CMD("fault: unknown opcode", 0, DUET_ERR_BAD_OPCODE,
		DUET_CMD_HEADER(0x42, 2), 0),
	BAD_CMD("fault: FENCE with wrong length", 1, DUET_ERR_BAD_LENGTH,
		DUET_CMD_HEADER(DUET_CMD_FENCE, 3), 1, 2),
	BAD_CMD("fault: length 0", 2, DUET_ERR_BAD_LENGTH, NOP(0), NOP(1)),
	{ .name = "fault: length above maximum", .engine = 0,
	  .err = DUET_ERR_BAD_LENGTH, .n = DUET_CMD_MAX_LENGTH + 1,
	  .dw = { NOP(DUET_CMD_MAX_LENGTH + 1) } },
	BAD_CMD("fault: command extends past TAIL", 1, DUET_ERR_BAD_LENGTH,
		DUET_CMD_HEADER(DUET_CMD_COPY, 7), LO(ADDR(0)), HI(ADDR(0))),
	BAD_CMD("fault: COPY dst below VRAM", 2, DUET_ERR_BAD_ADDRESS,
		COPY(ADDR(0) - 0x10, ADDR(0), 0x20)),
	BAD_CMD("fault: COPY src beyond VRAM end", 0, DUET_ERR_BAD_ADDRESS,
		COPY(ADDR(0), ADDR(VRAM_SIZE - 0x10), 0x20)),
	BAD_CMD("fault: COPY dst range crossing VRAM end", 1,
		DUET_ERR_BAD_ADDRESS, COPY(ADDR(VRAM_SIZE - 0x10), ADDR(0), 0x20)),
	BAD_CMD("fault: FILL range crossing VRAM end", 2, DUET_ERR_BAD_ADDRESS,
		FILL(ADDR(VRAM_SIZE - 0x100), 0x104, 0)),
	BAD_CMD("fault: FILL dst far above VRAM", 0, DUET_ERR_BAD_ADDRESS,
		FILL(ADDR(1ULL << 40), 4, 0)),
	BAD_CMD("fault: FILL size u64 overflow", 0, DUET_ERR_BAD_ADDRESS,
		FILL(ADDR(0x100), 0xffffffffffffff00ULL, 0)),
	BAD_CMD("fault: COPY size u64 overflow", 1, DUET_ERR_BAD_ADDRESS,
		COPY(ADDR(0x100), ADDR(0), 0xfffffffffffffff0ULL)),
	BAD_CMD("fault: FILL misaligned dst", 2, DUET_ERR_BAD_ALIGNMENT,
		FILL(ADDR(0x102), 0x10, 0)),
	BAD_CMD("fault: FILL misaligned size", 0, DUET_ERR_BAD_ALIGNMENT,
		FILL(ADDR(0x100), 0x11, 0)),
	BAD_TAIL("fault: TAIL - HEAD above ring size", 1,
		 DUET_RING_SIZE_DEFAULT + 8),
	BAD_TAIL("fault: TAIL not dword aligned", 2, 6),
};

void test_bad_case(void *ctx)
{
	run_bad_case(&sim_env, ctx);
}

static void test_reset_drops_pending(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 dw[] = { FILL(ADDR(0x8000), 0x10, 0x12345678), FENCE(0xabc) };

	if (!up(env))
		return;
	memset(vram(c) + 0x8000, CANARY, 0x10);
	drain_irqs(c);
	ring_write(c, 1, dw, ARRAY_SIZE(dw));	/* no doorbell */
	if (!reset_engine(env, 1))
		return;
	expect(all_bytes(vram(c) + 0x8000, 0x10, CANARY),
	       "pending FILL executed despite reset");
	expect(!wait_irq(c, DUET_IRQ_VECTOR_ENGINE(1), SILENCE_MS),
	       "pending FENCE executed despite reset");
	expect(eng_read(c, 1, DUET_ENG_SEQNO) != 0xabc, "SEQNO of dropped FENCE");
	sync_engine(env, 1);
}

static void test_unused_vector(void *ctx)
{
	struct env *env = ctx;
	unsigned int v;

	if (!up(env))
		return;
	drain_irqs(&env->c);
	ring_doorbell(&env->c, NUM_VECTORS - 1);
	for (v = 0; v < NUM_VECTORS; v++)
		expect(!wait_irq(&env->c, v, v ? 0 : SILENCE_MS),
		       "interrupt %u after a non-engine doorbell", v);
	sync_engine(env, 0);
}

static void test_heartbeat(void *ctx)
{
	struct env *env = ctx;
	__u32 a, b;

	if (!up(env))
		return;
	a = hdr_read(&env->c, DUET_HDR_HEARTBEAT);
	sleep_ms(550);
	b = hdr_read(&env->c, DUET_HDR_HEARTBEAT);
	expect(b - a >= 3 && b - a <= 8, "heartbeat %u -> %u in 550 ms", a, b);
}

static void test_second_client(void *ctx)
{
	struct env *env = ctx;

	if (!up(env))
		return;
	expect(sim_connection_rejected(env->sim.socket_path),
	       "second client was not rejected");
	sync_engine(env, 2);
}

static void test_disconnect(void *ctx)
{
	struct env *env = ctx;
	int status;

	if (!up(env))
		return;
	env->up = false;
	client_close(&env->c);
	status = sim_wait(&env->sim, EXIT_TIMEOUT_MS);
	expect(exited_ok(status), "exit status 0x%x after disconnect", status);
	expect(!file_exists(env->sim.socket_path), "socket left behind");
	expect(!file_exists(env->sim.pidfile), "pidfile left behind");
	expect(!file_exists(fault_control_path()), "control socket left behind");
	sim_kill(&env->sim);
}

/* Largest configuration, then SIGTERM while the client is connected. */
static void test_sigterm(void *ctx)
{
	static const char *const args[] = {
		"--quiet", "--vram", "4M", "--compute-engines", "7",
		"--ring-size", "16K", NULL
	};
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 dw[] = { FILL(ADDR((3 << 20) - 4), 4, 0xcafe) };
	unsigned int e;
	int status;

	memset(env, 0, sizeof(*env));
	if (sim_start(&env->sim, "big", args))
		goto out;
	if (client_connect(c, env->sim.socket_path, DUET_MAX_ENGINES + 1))
		goto out;
	env->up = true;
	expect_eq(hdr_read(c, DUET_HDR_NUM_ENGINES), DUET_MAX_ENGINES,
		  "NUM_ENGINES");
	expect_eq(hdr_read(c, DUET_HDR_NUM_VECTORS), DUET_MAX_ENGINES + 1,
		  "NUM_VECTORS");
	expect_eq(hdr_read(c, DUET_HDR_VRAM_SIZE_LO), 3 << 20, "VRAM_SIZE");
	for (e = 0; e < DUET_MAX_ENGINES; e++)
		expect_eq(eng_read(c, e, DUET_ENG_RING_OFFSET_LO),
			  DUET_HEADER_SIZE + e * 0x4000, "RING_OFFSET");
	ring_submit(c, DUET_MAX_ENGINES - 1, dw, ARRAY_SIZE(dw));
	sync_engine(env, DUET_MAX_ENGINES - 1);
	expect_eq(*(__u32 *)(vram(c) + (3 << 20) - 4), 0xcafe,
		  "FILL at the end of 3M VRAM");

	kill(env->sim.pid, SIGTERM);
	status = sim_wait(&env->sim, EXIT_TIMEOUT_MS);
	expect(exited_ok(status), "exit status 0x%x after SIGTERM", status);
	expect(!file_exists(env->sim.socket_path), "socket left behind");
	expect(!file_exists(env->sim.pidfile), "pidfile left behind");
out:
	client_close(c);
	sim_kill(&env->sim);
}

/* A stale socket file is replaced; SIGINT without any client. */
static void test_sigint_stale_socket(void *ctx)
{
	static const char *const args[] = { "--quiet", NULL };
	struct env *env = ctx;
	char path[SIM_PATH_MAX];
	FILE *f;
	int status;

	memset(env, 0, sizeof(*env));
	/* sim_start() names the socket after the instance. */
	snprintf(path, sizeof(path), "%s", sim_socket_path("stale"));
	f = fopen(path, "w");
	if (!expect(f, "cannot create %s", path))
		return;
	fclose(f);
	if (!sim_start(&env->sim, "stale", args)) {
		kill(env->sim.pid, SIGINT);
		status = sim_wait(&env->sim, EXIT_TIMEOUT_MS);
		expect(exited_ok(status), "exit status 0x%x after SIGINT",
		       status);
	}
	expect(!file_exists(path), "socket left behind");
	expect(!file_exists(env->sim.pidfile), "pidfile left behind");
	sim_kill(&env->sim);
	unlink(path);
}

struct cli_case {
	const char *name;
	const char *args[8];
};

static const struct cli_case cli_cases[] = {
	{ "cli: --vram not a power of two",
	  { "--socket", NULL, "--vram", "5M" } },
	{ "cli: --vram below 4M", { "--socket", NULL, "--vram", "2M" } },
	{ "cli: too many compute engines",
	  { "--socket", NULL, "--compute-engines", "8" } },
	{ "cli: zero compute engines",
	  { "--socket", NULL, "--compute-engines", "0" } },
	{ "cli: rings do not fit",
	  { "--socket", NULL, "--compute-engines", "4", "--ring-size", "256K" } },
	{ "cli: missing --socket", { "--vram", "8M" } },
};

static void test_cli(void *ctx)
{
	const struct cli_case *cc = ctx;
	const char *args[8];
	char err[512];
	unsigned int i;
	int status;

	memcpy(args, cc->args, sizeof(args));
	for (i = 0; i < 8; i++)
		if (i > 0 && args[i - 1] && !strcmp(args[i - 1], "--socket"))
			args[i] = sim_socket_path("cli");
	status = sim_run_args(args, err, sizeof(err));
	expect(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) != 0,
	       "status 0x%x, expected a failed exit", status);
	expect(strstr(err, "duet-sim:") != NULL, "no error message: \"%s\"",
	       err);
	expect(!file_exists(sim_socket_path("cli")), "socket created");
}

void run_sim_tests(void)
{
	static struct env other_env;
	unsigned int i;

	tap_run("ivshmem handshake", test_handshake, &sim_env);
	tap_run("header fields", test_header, &sim_env);
	tap_run("engine registers", test_engine_regs, &sim_env);
	tap_run("NOP+FENCE on engine 0 (graphics)", test_fence_e0, &sim_env);
	tap_run("NOP+FENCE on engine 1 (compute)", test_fence_e1, &sim_env);
	tap_run("NOP+FENCE on engine 2 (compute)", test_fence_e2, &sim_env);
	tap_run("FILL and COPY", test_fill_copy, &sim_env);
	tap_run("overlapping COPY", test_copy_overlap, &sim_env);
	tap_run("ring wrap-around", test_wrap, &sim_env);
	tap_run("HEAD/TAIL wrap at 2^32", test_wrap_u32, &sim_env);
	for (i = 0; i < ARRAY_SIZE(bad_cases); i++)
		tap_run(bad_cases[i].name, test_bad_case,
			(void *)&bad_cases[i]);
	tap_run("reset drops pending commands", test_reset_drops_pending,
		&sim_env);
	tap_run("doorbell on a non-engine vector", test_unused_vector,
		&sim_env);
	tap_run("heartbeat advances", test_heartbeat, &sim_env);
	run_cmd_tests();
	run_fault_tests();
	run_gart_tests();
	tap_run("second concurrent client rejected", test_second_client,
		&sim_env);
	tap_run("client disconnect: exit 0, files removed", test_disconnect,
		&sim_env);
	tap_run("8 engines, 4M: SIGTERM exits 0", test_sigterm, &other_env);
	tap_run("stale socket replaced, SIGINT exits 0",
		test_sigint_stale_socket, &other_env);
	for (i = 0; i < ARRAY_SIZE(cli_cases); i++)
		tap_run(cli_cases[i].name, test_cli, (void *)&cli_cases[i]);
}
