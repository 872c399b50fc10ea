// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * One Duet engine: a thread that executes the engine's command ring.
 *
 * Only the engine thread touches the engine's register block (apart from
 * the driver); the device never trusts a value it wrote to shared memory:
 * HEAD and the halted state are kept privately.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <time.h>

#include "device.h"
#include "engine.h"
#include "log.h"

static __u32 eng_read(struct duet_engine *eng, __u32 offset)
{
	return duet_reg_read(eng->dev, DUET_HDR_ENGINE(eng->index) + offset);
}

static void eng_write(struct duet_engine *eng, __u32 offset, __u32 val)
{
	duet_reg_write(eng->dev, DUET_HDR_ENGINE(eng->index) + offset, val);
}

static bool control_reset(struct duet_engine *eng)
{
	return eng_read(eng, DUET_ENG_CONTROL) & DUET_ENG_CONTROL_RESET;
}

/*
 * Called with the lock held: whether CONTROL asks for a reset that must be
 * carried out. A request the engine was told to ignore is consumed
 * (CONTROL cleared) without an acknowledgement.
 */
static bool take_reset_locked(struct duet_engine *eng)
{
	if (!control_reset(eng))
		return false;
	if (!eng->ignore_resets)
		return true;
	if (eng->ignore_resets != UINT_MAX)
		eng->ignore_resets--;
	eng_write(eng, DUET_ENG_CONTROL, 0);
	duet_info("engine %u: ignoring a reset request (fault)", eng->index);
	return false;
}

/*
 * Called with the lock held while executing: look at CONTROL once for
 * every batch of new doorbells. Returns true if the engine must stop
 * executing (reset requested or shutting down).
 */
static bool must_abort_locked(struct duet_engine *eng)
{
	if (eng->doorbells != eng->checked) {
		eng->checked = eng->doorbells;
		if (take_reset_locked(eng))
			eng->abort = true;
	}
	return eng->abort || eng->stop;
}

static bool must_abort(void *ctx)
{
	struct duet_engine *eng = ctx;
	bool ret;

	pthread_mutex_lock(&eng->lock);
	ret = must_abort_locked(eng);
	pthread_mutex_unlock(&eng->lock);
	return ret;
}

/* SPIN: sleep @usecs, or less if a reset or shutdown comes first. */
static void engine_spin(struct duet_engine *eng, __u32 usecs)
{
	struct timespec deadline = duet_deadline_us(usecs);

	pthread_mutex_lock(&eng->lock);
	while (!must_abort_locked(eng))
		if (pthread_cond_timedwait(&eng->cond, &eng->lock,
					   &deadline) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&eng->lock);
}

static void engine_fault(struct duet_engine *eng, int err)
{
	eng->halted = true;
	eng_write(eng, DUET_ENG_ERROR, err);
	eng_write(eng, DUET_ENG_ERROR_HEAD, eng->head);
	eng_write(eng, DUET_ENG_STATUS, DUET_ENGINE_STATUS_ERROR);
	duet_info("engine %u: fault %d at head 0x%x", eng->index, err,
		  eng->head);
	duet_device_raise_irq(eng->dev, DUET_IRQ_VECTOR_ERROR);
}

static void engine_reset(struct duet_engine *eng)
{
	eng->halted = false;
	eng->abort = false;
	eng->head = eng_read(eng, DUET_ENG_RING_TAIL);
	eng_write(eng, DUET_ENG_RING_HEAD, eng->head);
	eng_write(eng, DUET_ENG_ERROR, DUET_ERR_NONE);
	eng_write(eng, DUET_ENG_ERROR_HEAD, 0);
	eng_write(eng, DUET_ENG_STATUS, DUET_ENGINE_STATUS_IDLE);
	eng_write(eng, DUET_ENG_CONTROL, 0);
	eng_write(eng, DUET_ENG_RESET_COUNT,
		  eng_read(eng, DUET_ENG_RESET_COUNT) + 1);
	duet_info("engine %u: reset", eng->index);
	duet_device_raise_irq(eng->dev, DUET_IRQ_VECTOR_ERROR);
}

/*
 * An armed stall begins before the next command: the engine stops for the
 * stall's time (or until resumed), looking at neither doorbells nor
 * CONTROL. Afterwards it executes the rest of the ring up to the TAIL it
 * had seen, and only then the reset requests that came meanwhile.
 */
static void engine_maybe_stall(struct duet_engine *eng)
{
	struct timespec deadline;
	long ms;

	pthread_mutex_lock(&eng->lock);
	ms = eng->stall_ms;
	if (ms < 0 || eng->stop) {
		pthread_mutex_unlock(&eng->lock);
		return;
	}
	eng->stall_ms = -1;
	eng->stalled = true;
	eng->resume = false;
	duet_info("engine %u: stalled (fault, %ld ms%s)", eng->index, ms,
		  ms ? "" : ", until resumed");
	deadline = duet_deadline_us(ms * 1000ULL);
	while (!eng->stop && !eng->resume) {
		if (!ms)
			pthread_cond_wait(&eng->cond, &eng->lock);
		else if (pthread_cond_timedwait(&eng->cond, &eng->lock,
						&deadline) == ETIMEDOUT)
			break;
	}
	eng->stalled = false;
	eng->resume = false;
	/* Doorbells that came during the stall wait until the ring is done. */
	eng->checked = eng->doorbells;
	pthread_mutex_unlock(&eng->lock);
	duet_info("engine %u: resumed", eng->index);
}

/* Raise the FENCE interrupt, unless a fault drops or delays it. */
static void engine_fence_irq(struct duet_engine *eng)
{
	unsigned int vector = DUET_IRQ_VECTOR_ENGINE(eng->index);
	unsigned int delay_ms = 0;
	bool drop = false;

	pthread_mutex_lock(&eng->lock);
	if (eng->irq_drop) {
		eng->irq_drop--;
		drop = true;
	} else if (eng->irq_delay) {
		eng->irq_delay--;
		delay_ms = eng->irq_delay_ms;
	}
	pthread_mutex_unlock(&eng->lock);

	if (drop)
		duet_info("engine %u: FENCE interrupt dropped (fault)",
			  eng->index);
	else if (delay_ms)
		duet_device_raise_irq_later(eng->dev, vector, delay_ms);
	else
		duet_device_raise_irq(eng->dev, vector);
}

static __u32 ring_dword(struct duet_engine *eng, __u32 pos)
{
	struct duet_device *dev = eng->dev;
	__u32 off = eng->ring_offset + (pos & (dev->ring_size - 1));

	return __atomic_load_n((__u32 *)(dev->shm + off), __ATOMIC_RELAXED);
}

/*
 * Validate and execute the command at HEAD, which has @avail bytes before
 * TAIL. Returns DUET_ERR_NONE or the fault code; @cmd is the decoded
 * command. A command cut short by an abort leaves eng->abort set.
 */
static int engine_exec_one(struct duet_engine *eng, __u32 avail,
			   struct duet_cmd *cmd)
{
	struct duet_device *dev = eng->dev;
	const struct duet_exec ex = {
		.mem = dev->vram_mem,
		.aborted = must_abort,
		.ctx = eng,
	};
	__u32 dw[DUET_CMD_MAX_LENGTH];
	bool uses_memory;
	__u32 i;
	int err;

	/* Each dword is read from the ring exactly once. */
	dw[0] = ring_dword(eng, eng->head);
	err = duet_cmd_check_header(dw[0], avail, eng->kind);
	if (err)
		return err;
	for (i = 1; i < DUET_CMD_LENGTH(dw[0]); i++)
		dw[i] = ring_dword(eng, eng->head + 4 * i);
	/*
	 * A command that addresses memory checks and uses the GART's
	 * translations under its lock: an invalidation waits for it.
	 */
	uses_memory = !duet_cmd_no_memory(DUET_CMD_OPCODE(dw[0]));
	if (uses_memory)
		duet_gart_read_lock(&dev->gart);
	err = duet_cmd_decode(dw, &dev->vram, cmd);
	if (!err && cmd->opcode == DUET_CMD_SPIN)
		engine_spin(eng, cmd->usecs);
	else if (!err)
		duet_cmd_execute(cmd, &ex);
	if (uses_memory)
		duet_gart_read_unlock(&dev->gart);
	if (err)
		return err;
	if (cmd->opcode == DUET_CMD_FENCE)
		eng_write(eng, DUET_ENG_SEQNO, cmd->seqno);
	return DUET_ERR_NONE;
}

static void engine_run(struct duet_engine *eng)
{
	__u32 tail = eng_read(eng, DUET_ENG_RING_TAIL);
	struct duet_cmd cmd;
	int err;

	if (tail == eng->head)
		return;
	if ((tail | eng->head) % 4 || tail - eng->head > eng->dev->ring_size) {
		engine_fault(eng, DUET_ERR_BAD_RING);
		return;
	}

	eng_write(eng, DUET_ENG_STATUS, DUET_ENGINE_STATUS_BUSY);
	while (eng->head != tail) {
		engine_maybe_stall(eng);
		/* A pending reset drops the rest of the ring. */
		if (must_abort(eng))
			return;
		err = engine_exec_one(eng, tail - eng->head, &cmd);
		if (err) {
			engine_fault(eng, err);
			return;
		}
		if (eng->abort)
			return;
		eng->head += 4 * cmd.length;
		eng_write(eng, DUET_ENG_RING_HEAD, eng->head);
		/* Idle before the interrupt of a final FENCE is raised. */
		if (eng->head == tail)
			eng_write(eng, DUET_ENG_STATUS,
				  DUET_ENGINE_STATUS_IDLE);
		if (cmd.opcode == DUET_CMD_FENCE)
			engine_fence_irq(eng);
	}
}

/* Handle the doorbells up to eng->serviced: reset, then run the ring. */
static void engine_service(struct duet_engine *eng)
{
	bool reset;

	pthread_mutex_lock(&eng->lock);
	eng->checked = eng->serviced;
	reset = take_reset_locked(eng);
	pthread_mutex_unlock(&eng->lock);
	eng->abort = false;
	if (reset)
		engine_reset(eng);
	if (!eng->halted)
		engine_run(eng);
}

static void *engine_thread(void *arg)
{
	struct duet_engine *eng = arg;

	pthread_mutex_lock(&eng->lock);
	while (!eng->stop) {
		if (eng->doorbells == eng->serviced) {
			pthread_cond_wait(&eng->cond, &eng->lock);
			continue;
		}
		eng->serviced = eng->doorbells;
		pthread_mutex_unlock(&eng->lock);
		engine_service(eng);
		pthread_mutex_lock(&eng->lock);
	}
	pthread_mutex_unlock(&eng->lock);
	return NULL;
}

int duet_engine_start(struct duet_engine *eng, struct duet_device *dev,
		      unsigned int index)
{
	pthread_condattr_t attr;
	int err;

	*eng = (struct duet_engine) {
		.dev = dev,
		.index = index,
		.kind = duet_engine_kind(index),
		.ring_offset = duet_ring_offset(dev, index),
		.stall_ms = -1,
	};
	pthread_mutex_init(&eng->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&eng->cond, &attr);
	pthread_condattr_destroy(&attr);

	err = pthread_create(&eng->thread, NULL, engine_thread, eng);
	if (err) {
		pthread_cond_destroy(&eng->cond);
		pthread_mutex_destroy(&eng->lock);
		return -err;
	}
	return 0;
}

void duet_engine_stop(struct duet_engine *eng)
{
	pthread_mutex_lock(&eng->lock);
	eng->stop = true;
	pthread_cond_broadcast(&eng->cond);
	pthread_mutex_unlock(&eng->lock);
	pthread_join(eng->thread, NULL);
	pthread_cond_destroy(&eng->cond);
	pthread_mutex_destroy(&eng->lock);
}

void duet_engine_doorbell(struct duet_engine *eng)
{
	pthread_mutex_lock(&eng->lock);
	eng->doorbells++;
	pthread_cond_signal(&eng->cond);
	pthread_mutex_unlock(&eng->lock);
}

void duet_engine_stall(struct duet_engine *eng, unsigned int ms)
{
	pthread_mutex_lock(&eng->lock);
	eng->stall_ms = ms;
	pthread_mutex_unlock(&eng->lock);
}

void duet_engine_resume(struct duet_engine *eng)
{
	pthread_mutex_lock(&eng->lock);
	eng->stall_ms = -1;
	if (eng->stalled) {
		eng->resume = true;
		pthread_cond_broadcast(&eng->cond);
	}
	pthread_mutex_unlock(&eng->lock);
}

void duet_engine_ignore_resets(struct duet_engine *eng, unsigned int count)
{
	pthread_mutex_lock(&eng->lock);
	eng->ignore_resets = count;
	pthread_mutex_unlock(&eng->lock);
}

void duet_engine_drop_irqs(struct duet_engine *eng, unsigned int count)
{
	pthread_mutex_lock(&eng->lock);
	eng->irq_drop = count;
	pthread_mutex_unlock(&eng->lock);
}

void duet_engine_delay_irqs(struct duet_engine *eng, unsigned int count,
			    unsigned int ms)
{
	pthread_mutex_lock(&eng->lock);
	eng->irq_delay = count;
	eng->irq_delay_ms = ms;
	pthread_mutex_unlock(&eng->lock);
}

void duet_engine_clear_faults(struct duet_engine *eng)
{
	pthread_mutex_lock(&eng->lock);
	eng->ignore_resets = 0;
	eng->irq_drop = 0;
	eng->irq_delay = 0;
	pthread_mutex_unlock(&eng->lock);
	duet_engine_resume(eng);
}

void duet_engine_describe_faults(struct duet_engine *eng, char *buf,
				 size_t len)
{
	pthread_mutex_lock(&eng->lock);
	snprintf(buf, len,
		 "engine %u: stalled=%d stall-armed=%ld ignore-resets=%d irq-drop=%u irq-delay=%u/%ums",
		 eng->index, eng->stalled, eng->stall_ms,
		 eng->ignore_resets == UINT_MAX ? -1 : (int)eng->ignore_resets,
		 eng->irq_drop, eng->irq_delay, eng->irq_delay_ms);
	pthread_mutex_unlock(&eng->lock);
}
