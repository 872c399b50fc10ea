/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The default duet-sim instance the protocol and command tests share, and
 * the driver-side helpers to talk to it.
 */
#ifndef __DUET_SIM_TEST_SIM_ENV_H__
#define __DUET_SIM_TEST_SIM_ENV_H__

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "sim_client.h"

#define IRQ_TIMEOUT_MS		3000
/* How long an engine that must stay silent is watched. */
#define SILENCE_MS		150
#define EXIT_TIMEOUT_MS		10000

#define ADDR(off)	(DUET_VRAM_DEVICE_BASE + (off))
#define LO(x)		((__u32)(x))
#define HI(x)		((__u32)((__u64)(x) >> 32))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define NOP(len)	DUET_CMD_HEADER(DUET_CMD_NOP, len)
#define FENCE(seq)	DUET_CMD_HEADER(DUET_CMD_FENCE, 2), (seq)
#define COPY(dst, src, size)						\
	DUET_CMD_HEADER(DUET_CMD_COPY, 7), LO(dst), HI(dst), LO(src),	\
	HI(src), LO(size), HI(size)
#define FILL(dst, size, val)						\
	DUET_CMD_HEADER(DUET_CMD_FILL, 6), LO(dst), HI(dst), LO(size),	\
	HI(size), (val)

/* Default configuration: 256M BAR2, 1 graphics + 2 compute engines. */
#define NUM_ENGINES	3
#define NUM_VECTORS	4
#define VRAM_SIZE	((256ULL << 20) - DUET_RESERVED_SIZE)
#define CANARY		0xa5
#define CANARY_SIZE	0x10000

struct env {
	struct sim_proc sim;
	struct sim_client c;
	bool up;
	__u32 seqno;
};

/* The default-configuration instance most tests talk to. */
extern struct env sim_env;

void sleep_ms(int ms);
bool up(struct env *env);
bool all_bytes(const __u8 *p, size_t n, __u8 val);

/* FENCE on @e and wait for it; checks SEQNO and that the ring drained. */
bool sync_engine(struct env *env, unsigned int e);
/* Reset @e and check the documented register state afterwards. */
bool reset_engine(struct env *env, unsigned int e);

struct bad_case {
	const char *name;
	unsigned int engine;
	int err;
	unsigned int n;
	__u32 dw[DUET_CMD_MAX_LENGTH + 2];
	__u32 tail_delta;	/* BAD_RING: move TAIL instead of submitting */
};

/* Commands after a good FENCE; or, with .tail_delta, a bad TAIL. */
#define BAD_CMD(nm, e, code, ...)					\
	{ .name = (nm), .engine = (e), .err = (code),			\
	  .n = sizeof((__u32[]){ __VA_ARGS__ }) / 4,			\
	  .dw = { __VA_ARGS__ } }
#define BAD_TAIL(nm, e, delta)						\
	{ .name = (nm), .engine = (e), .err = DUET_ERR_BAD_RING,	\
	  .tail_delta = (delta) }

/*
 * Submit a good FENCE then the bad command (or move TAIL), check the fault
 * registers, interrupts, halt and untouched VRAM canaries, then reset.
 */
void run_bad_case(struct env *env, const struct bad_case *bc);
/* tap_run() body for a struct bad_case on sim_env. */
void test_bad_case(void *ctx);

#endif /* __DUET_SIM_TEST_SIM_ENV_H__ */
