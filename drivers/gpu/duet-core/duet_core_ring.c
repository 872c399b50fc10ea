// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet command rings
 *
 * Every engine has one ring in BAR2. HEAD and TAIL are free-running byte
 * counters; the driver owns TAIL and the bytes between HEAD and TAIL, the
 * device owns HEAD. Commands are written dword by dword at
 * ``(tail + 4 * i) & (ring_size - 1)``, so they wrap naturally; TAIL is
 * published only after the whole command is in the ring, and the doorbell
 * is rung after TAIL.
 *
 * At probe every engine is reset, which makes the device drop whatever a
 * previous driver instance left behind, and then tested: a FENCE is emitted
 * on each ring and the driver waits for the engine's MSI-X vector to report
 * it. A card that fails this test is not exposed to userspace.
 */

#include <linux/iopoll.h>
#include <linux/jiffies.h>

#include "duet_core_hw.h"
#include "duet_core_ring.h"

#define DUET_CORE_RING_TIMEOUT_MS	2000

/**
 * duet_core_ring_reset() - reset an engine and adopt its ring state
 * @engine: the engine
 *
 * The device drops every command it has not executed. Seqnos are not
 * touched: fences keep counting up.
 *
 * Return: 0 on success, -ETIMEDOUT if the device does not acknowledge.
 */
int duet_core_ring_reset(struct duet_core_engine *engine)
{
	struct duet_core *core = engine->core;
	u32 count, now;
	int ret;

	count = duet_core_eng_read(engine, DUET_ENG_RESET_COUNT);
	duet_core_eng_write(engine, DUET_ENG_CONTROL, DUET_ENG_CONTROL_RESET);
	duet_core_hw_ring_doorbell(core, engine->doorbell_vector);

	ret = wait_event_timeout(engine->wq,
				 duet_core_eng_read(engine, DUET_ENG_RESET_COUNT) != count,
				 msecs_to_jiffies(DUET_CORE_RING_TIMEOUT_MS));
	if (!ret) {
		/* The error vector may have been lost; look once more. */
		ret = readx_poll_timeout(ioread32,
					 engine->regs + DUET_ENG_RESET_COUNT,
					 now, now != count, 1000, 1000);
		if (ret) {
			duet_core_err(core, "engine %s: reset timed out\n",
				      core->info.engine_name[engine->id]);
			return -ETIMEDOUT;
		}
	}

	spin_lock_irq(&engine->lock);
	engine->tail = duet_core_eng_read(engine, DUET_ENG_RING_TAIL);
	spin_unlock_irq(&engine->lock);
	return 0;
}

/**
 * duet_core_ring_emit_locked() - copy one command into the ring
 * @engine: the engine, with @engine->lock held
 * @cmd: the command's dwords, header first
 * @len: number of dwords
 *
 * The command becomes visible to the device at the next
 * duet_core_ring_kick_locked().
 *
 * Return: 0 on success, -ENOSPC if the ring has no room for it.
 */
int duet_core_ring_emit_locked(struct duet_core_engine *engine,
			       const u32 *cmd, unsigned int len)
{
	u32 used, mask = engine->ring_size - 1;
	unsigned int i;

	lockdep_assert_held(&engine->lock);

	/* A HEAD beyond TAIL would be a device bug: treat the ring as full. */
	used = engine->tail - duet_core_eng_read(engine, DUET_ENG_RING_HEAD);
	if (used > engine->ring_size ||
	    engine->ring_size - used < len * sizeof(u32))
		return -ENOSPC;

	for (i = 0; i < len; i++)
		iowrite32(cmd[i], engine->ring + ((engine->tail + i * 4) & mask));
	engine->tail += len * sizeof(u32);
	return 0;
}

/**
 * duet_core_ring_kick_locked() - publish TAIL and ring the engine's doorbell
 * @engine: the engine, with @engine->lock held
 */
void duet_core_ring_kick_locked(struct duet_core_engine *engine)
{
	lockdep_assert_held(&engine->lock);

	duet_core_eng_write(engine, DUET_ENG_RING_TAIL, engine->tail);
	duet_core_hw_ring_doorbell(engine->core, engine->doorbell_vector);
}

static int duet_core_ring_test(struct duet_core_engine *engine)
{
	struct duet_core *core = engine->core;
	u32 cmd[DUET_CMD_FENCE_LEN + 1];
	u32 seqno;
	long left;
	int ret;

	spin_lock_irq(&engine->lock);
	seqno = lower_32_bits(engine->next_seqno++);
	cmd[0] = DUET_CMD_HEADER(DUET_CMD_NOP, 1);
	cmd[1] = DUET_CMD_HEADER(DUET_CMD_FENCE, DUET_CMD_FENCE_LEN);
	cmd[2] = seqno;
	ret = duet_core_ring_emit_locked(engine, cmd, ARRAY_SIZE(cmd));
	if (!ret)
		duet_core_ring_kick_locked(engine);
	spin_unlock_irq(&engine->lock);
	if (ret)
		return ret;

	left = wait_event_timeout(engine->wq,
				  duet_core_seqno_passed(READ_ONCE(engine->completed_seqno),
							 seqno),
				  msecs_to_jiffies(DUET_CORE_RING_TIMEOUT_MS));
	if (!left) {
		duet_core_err(core, "engine %u: ring test timed out (seqno %u, device %u, status %u)\n",
			      engine->id, seqno,
			      duet_core_eng_read(engine, DUET_ENG_SEQNO),
			      duet_core_eng_read(engine, DUET_ENG_STATUS));
		return -ETIMEDOUT;
	}
	return 0;
}

/**
 * duet_core_ring_init() - reset and test every engine
 * @core: the card, with interrupts installed
 *
 * Return: 0 if every engine completed a FENCE, else a negative error code.
 */
int duet_core_ring_init(struct duet_core *core)
{
	unsigned int id;
	int ret;

	for (id = 0; id < core->info.num_engines; id++) {
		struct duet_core_engine *engine = &core->engines[id];

		ret = duet_core_ring_reset(engine);
		if (ret)
			return ret;

		/* Seqnos continue from whatever the device last completed. */
		engine->completed_seqno = duet_core_eng_read(engine, DUET_ENG_SEQNO);
		engine->next_seqno = (u64)engine->completed_seqno + 1;

		ret = duet_core_ring_test(&core->engines[id]);
		if (ret)
			return ret;
	}
	return 0;
}
