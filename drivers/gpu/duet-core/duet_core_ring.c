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
 * it. A card that fails this test is not exposed to userspace. So an engine
 * that never acknowledged a reset (see duet_core_sched.c) is only used again
 * once it has: by the card's recovery, or by the next probe.
 *
 * The ring is written under the engine's ring lock, a mutex: commands are
 * copied with interrupts enabled, and only the short steps that publish a
 * job (its fence on the pending list, TAIL, the doorbell) take the fence
 * timeline's spinlock, which the interrupt handler takes too.
 */

#include <linux/jiffies.h>

#include "duet_core_hw.h"
#include "duet_core_ring.h"

/**
 * duet_core_ring_request_reset() - ask the device to reset an engine
 * @engine: the engine
 *
 * The device drops every command it has not executed and acknowledges by
 * incrementing RESET_COUNT (see duet_core_ring_reset_acked()).
 */
void duet_core_ring_request_reset(struct duet_core_engine *engine)
{
	mutex_lock(&engine->ring_lock);
	engine->reset_count = duet_core_eng_read(engine, DUET_ENG_RESET_COUNT);
	duet_core_eng_write(engine, DUET_ENG_CONTROL, DUET_ENG_CONTROL_RESET);
	duet_core_hw_ring_doorbell(engine->core, engine->doorbell_vector);
	mutex_unlock(&engine->ring_lock);
}

/**
 * duet_core_ring_reset_acked() - whether the last requested reset happened
 * @engine: the engine
 *
 * If it did, the engine executes nothing it was given before, and the
 * driver adopts the device's ring state. Seqnos are not touched: fences
 * keep counting up.
 *
 * Return: true once the device acknowledged the reset.
 */
bool duet_core_ring_reset_acked(struct duet_core_engine *engine)
{
	bool acked;

	mutex_lock(&engine->ring_lock);
	acked = duet_core_eng_read(engine, DUET_ENG_RESET_COUNT) !=
		engine->reset_count;
	if (acked)
		engine->tail = duet_core_eng_read(engine, DUET_ENG_RING_TAIL);
	mutex_unlock(&engine->ring_lock);
	return acked;
}

/**
 * duet_core_ring_reset_wait() - wait for a requested reset
 * @engine: the engine
 * @timeout_ms: how long to wait
 *
 * Return: 0 once acknowledged, -ETIMEDOUT if the device did not answer.
 */
int duet_core_ring_reset_wait(struct duet_core_engine *engine,
			      unsigned int timeout_ms)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);

	/*
	 * The error vector wakes us; RESET_COUNT is also read every
	 * DUET_CORE_RING_POLL_MS, so a lost interrupt (or a device that no
	 * longer raises any, as one about to be unplugged) costs no more.
	 */
	while (!duet_core_ring_reset_acked(engine)) {
		if (time_after_eq(jiffies, deadline))
			return -ETIMEDOUT;
		wait_event_timeout(engine->wq,
				   duet_core_eng_read(engine, DUET_ENG_RESET_COUNT) !=
				   READ_ONCE(engine->reset_count),
				   msecs_to_jiffies(DUET_CORE_RING_POLL_MS));
	}
	return 0;
}

/**
 * duet_core_ring_reset() - reset an engine and adopt its ring state
 * @engine: the engine
 *
 * Return: 0 on success, -ETIMEDOUT if the device does not acknowledge.
 */
int duet_core_ring_reset(struct duet_core_engine *engine)
{
	duet_core_ring_request_reset(engine);
	return duet_core_ring_reset_wait(engine, DUET_CORE_RING_TIMEOUT_MS);
}

/**
 * duet_core_ring_emit_locked() - copy commands into the ring
 * @engine: the engine, with @engine->ring_lock held
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

	lockdep_assert_held(&engine->ring_lock);

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
 * @engine: the engine, with @engine->ring_lock held
 */
void duet_core_ring_kick_locked(struct duet_core_engine *engine)
{
	lockdep_assert_held(&engine->ring_lock);

	duet_core_eng_write(engine, DUET_ENG_RING_TAIL, engine->tail);
	duet_core_hw_ring_doorbell(engine->core, engine->doorbell_vector);
}

/**
 * duet_core_ring_roundtrip() - one FENCE through the ring, done by its interrupt
 * @engine: the engine
 * @nop: put a NOP before the FENCE
 * @seqno: set to the FENCE's seqno
 * @ns: the time from publishing TAIL until this thread, woken by the
 *      engine's interrupt handler, sees the seqno; may be NULL
 *
 * The FENCE takes the engine's next seqno, so it is ordered with the
 * scheduler's jobs and the interrupt handler treats it like theirs; it
 * has no fence object. Nothing of the scheduler, syncobjs or ioctls is
 * involved: with @ns this is the floor a driver's round trip can reach
 * (debugfs ``irq_floor``).
 *
 * Return: 0, -ENOSPC if the ring is full, -ETIMEDOUT if the FENCE did
 * not complete within DUET_CORE_RING_TIMEOUT_MS.
 */
int duet_core_ring_roundtrip(struct duet_core_engine *engine, bool nop,
			     u32 *seqno, u64 *ns)
{
	u32 cmd[DUET_CMD_FENCE_LEN + 1];
	unsigned int len = 0;
	ktime_t t0;
	int ret;

	mutex_lock(&engine->ring_lock);
	*seqno = lower_32_bits(engine->next_seqno++);
	if (nop)
		cmd[len++] = DUET_CMD_HEADER(DUET_CMD_NOP, 1);
	cmd[len++] = DUET_CMD_HEADER(DUET_CMD_FENCE, DUET_CMD_FENCE_LEN);
	cmd[len++] = *seqno;
	ret = duet_core_ring_emit_locked(engine, cmd, len);
	t0 = ktime_get();
	if (!ret)
		duet_core_ring_kick_locked(engine);
	mutex_unlock(&engine->ring_lock);
	if (ret)
		return ret;

	if (!wait_event_timeout(engine->wq,
				duet_core_seqno_passed(READ_ONCE(engine->completed_seqno),
						       *seqno),
				msecs_to_jiffies(DUET_CORE_RING_TIMEOUT_MS)))
		return -ETIMEDOUT;
	if (ns)
		*ns = ktime_to_ns(ktime_sub(ktime_get(), t0));
	return 0;
}

static int duet_core_ring_test(struct duet_core_engine *engine)
{
	u32 seqno;
	int ret;

	ret = duet_core_ring_roundtrip(engine, true, &seqno, NULL);
	if (ret == -ETIMEDOUT)
		duet_core_err(engine->core, "engine %u: ring test timed out (seqno %u, device %u, status %u)\n",
			      engine->id, seqno,
			      duet_core_eng_read(engine, DUET_ENG_SEQNO),
			      duet_core_eng_read(engine, DUET_ENG_STATUS));
	return ret;
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
		if (ret) {
			duet_core_err(core, "engine %s: reset not acknowledged\n",
				      core->info.engine_name[id]);
			return ret;
		}

		/* Seqnos continue from whatever the device last completed. */
		engine->completed_seqno = duet_core_eng_read(engine, DUET_ENG_SEQNO);
		engine->next_seqno = (u64)engine->completed_seqno + 1;

		ret = duet_core_ring_test(&core->engines[id]);
		if (ret)
			return ret;
	}
	return 0;
}
