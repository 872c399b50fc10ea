// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of the test interface: every fault the control socket offers, on
 * the running default instance, checked through the registers, VRAM and
 * interrupts as a driver sees them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "sim_env.h"
#include "tap.h"
#include "tests.h"

#define SPIN(us)	DUET_CMD_HEADER(DUET_CMD_SPIN, 2), (us)

static char ctl_path[SIM_PATH_MAX];

const char *fault_control_path(void)
{
	return ctl_path;
}

void fault_set_control_path(const char *path)
{
	snprintf(ctl_path, sizeof(ctl_path), "%s", path);
}

/* Send @cmd on a new connection to @path; the answer line into @reply. */
static bool control_at(const char *path, const char *cmd, char *reply,
		       size_t len)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct pollfd pfd;
	size_t got = 0;
	char line[256];
	int fd;

	reply[0] = '\0';
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	snprintf(line, sizeof(line), "%s\n", cmd);
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    write(fd, line, strlen(line)) != (ssize_t)strlen(line)) {
		close(fd);
		return false;
	}
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	while (got < len - 1 && !memchr(reply, '\n', got)) {
		ssize_t n;

		if (poll(&pfd, 1, IRQ_TIMEOUT_MS) != 1)
			break;
		n = read(fd, reply + got, len - 1 - got);
		if (n <= 0)
			break;
		got += n;
		reply[got] = '\0';
	}
	close(fd);
	reply[strcspn(reply, "\n")] = '\0';
	return got > 0;
}

static bool control(const char *cmd, char *reply, size_t len)
{
	return control_at(ctl_path, cmd, reply, len);
}

static bool fault(const char *cmd)
{
	char reply[256];

	return expect(control(cmd, reply, sizeof(reply)) &&
		      !strncmp(reply, "ok", 2),
		      "control \"%s\": \"%s\"", cmd, reply);
}

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static void test_control_errors(void *ctx)
{
	static const char *const bad[] = {
		"", "frobnicate", "irq-drop", "irq-drop 9", "irq-drop x",
		"irq-drop 1 0", "irq-delay 1", "irq-delay 1 0", "stall 1",
		"stall 1 0", "hang", "ignore-reset 1 some", "heartbeat-stop x",
		"clear now", "irq-drop 1 1 1", "irq-storm", "irq-storm 1",
		"irq-storm 4 1000", "irq-storm 1 99", "irq-storm 1 1000 1",
		"irq-quiesce 0", "irq-quiesce x", "irq-quiesce 1 2",
	};
	struct env *env = ctx;
	char reply[256];
	unsigned int i;

	if (!up(env))
		return;
	expect(control("ping", reply, sizeof(reply)) &&
	       !strcmp(reply, "ok pong"), "ping: \"%s\"", reply);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		expect(control(bad[i], reply, sizeof(reply)) &&
		       !strncmp(reply, "error: ", 7),
		       "\"%s\" answered \"%s\"", bad[i], reply);
	expect(control("status", reply, sizeof(reply)) &&
	       strstr(reply, "heartbeat=running") &&
	       strstr(reply, "engine 2: stalled=0"), "status: \"%s\"", reply);
	sync_engine(env, 1);
}

/* SEQNO written, no interrupt; the next FENCE interrupts again. */
static void test_irq_drop(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 dw[] = { FENCE(0x7001) };

	if (!up(env) || !fault("irq-drop 1"))
		return;
	drain_irqs(c);
	ring_submit(c, 1, dw, ARRAY_SIZE(dw));
	expect(!wait_irq(c, DUET_IRQ_VECTOR_ENGINE(1), SILENCE_MS * 2),
	       "dropped interrupt was raised");
	expect_eq(eng_read(c, 1, DUET_ENG_SEQNO), 0x7001, "SEQNO");
	sync_engine(env, 1);
}

/* The interrupt comes MS later, SEQNO at once; other engines unaffected. */
static void test_irq_delay(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 dw[] = { FENCE(0x7002) };
	long t0, t;

	if (!up(env) || !fault("irq-delay 2 400"))
		return;
	drain_irqs(c);
	t0 = now_ms();
	ring_submit(c, 2, dw, ARRAY_SIZE(dw));
	sync_engine(env, 1);
	sleep_ms(100);
	expect_eq(eng_read(c, 2, DUET_ENG_SEQNO), 0x7002, "SEQNO before the irq");
	expect(!wait_irq(c, DUET_IRQ_VECTOR_ENGINE(2), 150),
	       "delayed interrupt came early");
	expect(wait_irq(c, DUET_IRQ_VECTOR_ENGINE(2), IRQ_TIMEOUT_MS),
	       "delayed interrupt never came");
	t = now_ms() - t0;
	expect(t >= 380 && t < 2000, "delayed interrupt after %ld ms", t);
	sync_engine(env, 2);
}

/*
 * A stalled engine executes nothing and acknowledges no reset; when the
 * stall ends it executes what was in its ring, then the reset.
 */
static void test_stall(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 dw[] = { FILL(ADDR(0x9000), 0x10, 0x5eed5eed), FENCE(0x7003) };
	__u32 count = eng_read(c, 1, DUET_ENG_RESET_COUNT);
	long t0;

	if (!up(env) || !fault("stall 1 600"))
		return;
	memset(vram(c) + 0x9000, CANARY, 0x10);
	drain_irqs(c);
	t0 = now_ms();
	ring_submit(c, 1, dw, ARRAY_SIZE(dw));
	sleep_ms(150);
	expect(all_bytes(vram(c) + 0x9000, 0x10, CANARY),
	       "stalled engine executed FILL");
	eng_write(c, 1, DUET_ENG_CONTROL, DUET_ENG_CONTROL_RESET);
	ring_doorbell(c, 1);
	expect(!wait_irq(c, DUET_IRQ_VECTOR_ERROR, 200),
	       "stalled engine acknowledged a reset");
	expect_eq(eng_read(c, 1, DUET_ENG_RESET_COUNT), count, "RESET_COUNT");
	expect(wait_irq(c, DUET_IRQ_VECTOR_ENGINE(1), IRQ_TIMEOUT_MS),
	       "no FENCE after the stall");
	expect(now_ms() - t0 >= 550, "stall ended after %ld ms", now_ms() - t0);
	expect(*(__u32 *)(vram(c) + 0x9000) == 0x5eed5eed,
	       "the ring was not executed after the stall");
	expect(wait_irq(c, DUET_IRQ_VECTOR_ERROR, IRQ_TIMEOUT_MS),
	       "the reset was not acknowledged after the stall");
	expect_eq(eng_read(c, 1, DUET_ENG_RESET_COUNT), count + 1,
		  "RESET_COUNT after the stall");
	sync_engine(env, 1);
}

/* A hang lasts until "resume"; the engines beside it keep working. */
static void test_hang_resume(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 dw[] = { FENCE(0x7004) };

	if (!up(env) || !fault("hang 2"))
		return;
	drain_irqs(c);
	ring_submit(c, 2, dw, ARRAY_SIZE(dw));
	expect(!wait_irq(c, DUET_IRQ_VECTOR_ENGINE(2), 700),
	       "hung engine completed a FENCE");
	sync_engine(env, 0);
	sync_engine(env, 1);
	if (!fault("resume 2"))
		return;
	expect(wait_irq(c, DUET_IRQ_VECTOR_ENGINE(2), IRQ_TIMEOUT_MS),
	       "no FENCE after resume");
	expect_eq(eng_read(c, 2, DUET_ENG_SEQNO), 0x7004, "SEQNO after resume");
	sync_engine(env, 2);
}

/* An ignored reset is consumed without acknowledgement; the next one works. */
static void test_ignore_reset(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 spin[] = { SPIN(400000), FENCE(0x7005) };
	__u32 count = eng_read(c, 1, DUET_ENG_RESET_COUNT);

	if (!up(env) || !fault("ignore-reset 1"))
		return;
	drain_irqs(c);
	ring_submit(c, 1, spin, ARRAY_SIZE(spin));
	sleep_ms(50);
	eng_write(c, 1, DUET_ENG_CONTROL, DUET_ENG_CONTROL_RESET);
	ring_doorbell(c, 1);
	expect(!wait_irq(c, DUET_IRQ_VECTOR_ERROR, 150),
	       "ignored reset was acknowledged");
	expect_eq(eng_read(c, 1, DUET_ENG_CONTROL), 0, "CONTROL after ignoring");
	expect_eq(eng_read(c, 1, DUET_ENG_RESET_COUNT), count, "RESET_COUNT");
	/* The SPIN was not aborted. */
	expect(wait_irq(c, DUET_IRQ_VECTOR_ENGINE(1), IRQ_TIMEOUT_MS),
	       "SPIN did not complete after an ignored reset");
	reset_engine(env, 1);
	sync_engine(env, 1);
}

static void test_heartbeat_stop(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 a, b;

	/* Wide margins: the host may be busy. */
	if (!up(env) || !fault("heartbeat-stop 1500"))
		return;
	sleep_ms(100);
	a = hdr_read(c, DUET_HDR_HEARTBEAT);
	sleep_ms(600);
	b = hdr_read(c, DUET_HDR_HEARTBEAT);
	expect_eq(b, a, "heartbeat while stopped");
	sleep_ms(1800);
	b = hdr_read(c, DUET_HDR_HEARTBEAT);
	expect(b - a >= 2, "heartbeat did not resume: %u -> %u", a, b);
	if (!fault("heartbeat-stop"))
		return;
	sleep_ms(50);
	a = hdr_read(c, DUET_HDR_HEARTBEAT);
	sleep_ms(350);
	expect_eq(hdr_read(c, DUET_HDR_HEARTBEAT), a, "heartbeat while stopped");
	if (!fault("heartbeat-resume"))
		return;
	sleep_ms(350);
	expect(hdr_read(c, DUET_HDR_HEARTBEAT) - a >= 2,
	       "heartbeat did not resume");
}

/* "clear" ends every fault at once; a delayed interrupt comes now. */
static void test_clear(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 dw[] = { FENCE(0x7006) }, late[] = { FENCE(0x7007) };
	char reply[512];
	long t0;

	if (!up(env) || !fault("irq-delay 2 5000"))
		return;
	drain_irqs(c);
	ring_submit(c, 2, late, ARRAY_SIZE(late));
	expect(!wait_irq(c, DUET_IRQ_VECTOR_ENGINE(2), SILENCE_MS),
	       "delayed interrupt came early");
	t0 = now_ms();
	if (!fault("clear"))
		return;
	expect(wait_irq(c, DUET_IRQ_VECTOR_ENGINE(2), 1000),
	       "delayed interrupt not raised by clear");
	expect(now_ms() - t0 < 1000, "delayed interrupt %ld ms after clear",
	       now_ms() - t0);

	if (!up(env) || !fault("hang 1") || !fault("irq-drop 2 5") ||
	    !fault("ignore-reset 0 all") || !fault("heartbeat-stop"))
		return;
	drain_irqs(c);
	ring_submit(c, 1, dw, ARRAY_SIZE(dw));
	sleep_ms(100);
	if (!fault("clear"))
		return;
	expect(wait_irq(c, DUET_IRQ_VECTOR_ENGINE(1), IRQ_TIMEOUT_MS),
	       "hang not ended by clear");
	expect(control("status", reply, sizeof(reply)) &&
	       strstr(reply, "heartbeat=running") &&
	       !strstr(reply, "stalled=1") && !strstr(reply, "irq-drop=5") &&
	       !strstr(reply, "ignore-resets=-1"), "status: %s", reply);
	reset_engine(env, 0);
	sync_engine(env, 1);
	sync_engine(env, 2);
}

/* Spurious interrupts on one vector until "clear"; SEQNO untouched. */
static void test_irq_storm(void *ctx)
{
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	__u32 seqno;
	char reply[256];
	int n = 0;
	long t0;

	if (!up(env))
		return;
	drain_irqs(c);
	seqno = eng_read(c, 2, DUET_ENG_SEQNO);
	if (!fault("irq-storm 3 2000"))
		return;
	expect(control("status", reply, sizeof(reply)) &&
	       strstr(reply, " irq-storm=3/2000us"), "status: \"%s\"", reply);
	for (t0 = now_ms(); now_ms() - t0 < 300;)
		n += wait_irq(c, DUET_IRQ_VECTOR_ENGINE(2), 50);
	expect(n >= 5, "%d storm interrupts in 300 ms, expected >= 5", n);
	expect(!wait_irq(c, DUET_IRQ_VECTOR_ENGINE(1), 0),
	       "storm reached another vector");
	expect_eq(eng_read(c, 2, DUET_ENG_SEQNO), seqno, "SEQNO");
	if (!fault("clear"))
		return;
	sleep_ms(20);
	drain_irqs(c);
	expect(!wait_irq(c, DUET_IRQ_VECTOR_ENGINE(2), SILENCE_MS),
	       "storm goes on after clear");
	sync_engine(env, 2);
}

/*
 * irq-quiesce, on an instance of its own (it lasts until the sim exits):
 * refused without a VMM; fails while an interrupt waits to be taken and
 * answers once it is; then FENCEs and resets take effect but raise no
 * interrupt.
 */
static void test_irq_quiesce(void *ctx)
{
	static char path[SIM_PATH_MAX];
	const char *args[] = { "--quiet", "--control", path, NULL };
	__u32 fence1[] = { FENCE(0x7101) }, fence2[] = { FENCE(0x7102) };
	struct env *env = ctx;
	struct sim_client *c = &env->c;
	char reply[256];
	__u32 resets;
	int status;
	long t0;

	snprintf(path, sizeof(path), "%s", sim_socket_path("quiesce-control"));
	if (sim_start(&env->sim, "quiesce", args))
		return;
	expect(control_at(path, "irq-quiesce", reply, sizeof(reply)) &&
	       !strcmp(reply, "error: irq-quiesce: no VMM connected"),
	       "without a client: \"%s\"", reply);
	if (client_connect(c, env->sim.socket_path, NUM_VECTORS))
		goto out;

	/* An interrupt raised and not taken: the quiesce waits, then fails. */
	ring_submit(c, 1, fence1, ARRAY_SIZE(fence1));
	for (t0 = now_ms(); eng_read(c, 1, DUET_ENG_SEQNO) != 0x7101 &&
	     now_ms() - t0 < IRQ_TIMEOUT_MS;)
		sleep_ms(1);
	t0 = now_ms();
	expect(control_at(path, "irq-quiesce 200", reply, sizeof(reply)) &&
	       strstr(reply, "error: irq-quiesce: the VMM has not taken"),
	       "interrupt pending: \"%s\"", reply);
	expect(now_ms() - t0 >= 200, "gave up after %ld ms, not 200",
	       now_ms() - t0);
	expect(wait_irq(c, DUET_IRQ_VECTOR_ENGINE(1), 0),
	       "the pending interrupt was lost");
	expect(control_at(path, "irq-quiesce", reply, sizeof(reply)) &&
	       !strcmp(reply, "ok"), "all taken: \"%s\"", reply);

	/* Quiesced: the engine works, the interrupts stay away. */
	ring_submit(c, 2, fence2, ARRAY_SIZE(fence2));
	expect(!wait_irq(c, DUET_IRQ_VECTOR_ENGINE(2), SILENCE_MS * 2),
	       "FENCE interrupt raised after irq-quiesce");
	expect_eq(eng_read(c, 2, DUET_ENG_SEQNO), 0x7102, "SEQNO");
	resets = eng_read(c, 0, DUET_ENG_RESET_COUNT);
	eng_write(c, 0, DUET_ENG_CONTROL, DUET_ENG_CONTROL_RESET);
	ring_doorbell(c, 0);
	expect(!wait_irq(c, DUET_IRQ_VECTOR_ERROR, SILENCE_MS * 2),
	       "reset interrupt raised after irq-quiesce");
	expect_eq(eng_read(c, 0, DUET_ENG_RESET_COUNT), resets + 1,
		  "RESET_COUNT");
	client_close(c);
	status = sim_wait(&env->sim, EXIT_TIMEOUT_MS);
	expect_eq(status, 0, "exit status");
	return;
out:
	sim_kill(&env->sim);
}

void run_fault_tests(void)
{
	static struct env quiesce_env;

	tap_run("control: ping, status, malformed commands",
		test_control_errors, &sim_env);
	tap_run("fault: dropped FENCE interrupt", test_irq_drop, &sim_env);
	tap_run("fault: delayed FENCE interrupt", test_irq_delay, &sim_env);
	tap_run("fault: stall, then the ring and the reset", test_stall,
		&sim_env);
	tap_run("fault: hang until resume", test_hang_resume, &sim_env);
	tap_run("fault: ignored reset request", test_ignore_reset, &sim_env);
	tap_run("fault: heartbeat stopped and resumed", test_heartbeat_stop,
		&sim_env);
	tap_run("fault: clear", test_clear, &sim_env);
	tap_run("fault: interrupt storm until clear", test_irq_storm, &sim_env);
	tap_run("irq-quiesce: no interrupt once the VMM took the last",
		test_irq_quiesce, &quiesce_env);
}
