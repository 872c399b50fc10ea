// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet engine schedulers
 *
 * duet_core runs one drm_gpu_scheduler per engine. Both children's
 * contexts feed them (see duet_ctx.c); the compute engines' schedulers are
 * therefore shared by render and accel clients.
 *
 * Each scheduler lets one job at a time onto its engine (a credit limit of
 * 1, as v3d does): run_job() writes the job's translated commands and a
 * closing FENCE into the ring, rings the doorbell and returns the job's
 * hardware fence, which the engine's interrupt handler signals. With one
 * job on the engine, an engine reset only ever loses the guilty job, so
 * nothing needs to be resubmitted.
 *
 * A job that runs longer than ``job_timeout_ms`` (or faults the engine,
 * which the error interrupt reports through drm_sched_fault()) is handled
 * by timedout_job(): the scheduler's submission is paused, the engine
 * reset (the device drops the job), the job's hardware fence signalled with
 * -ETIMEDOUT (-EIO for a fault), which the scheduler passes on to the job's
 * finished fence, and the job's context banned; then the scheduler
 * restarts with the next job. Timeouts that race with the job finishing
 * are recognised and ignored.
 *
 * Before a reset, the device's heartbeat is checked: a device model that
 * died (or hardware that fell off the bus) stops beating, and then every
 * engine is declared dead at once and all pending work fails with -EIO,
 * instead of each engine waiting for a reset that will never be answered.
 *
 * When the card goes away every engine is marked dead under its lock and
 * the reset lock: pending hardware fences signal with -ENODEV, later jobs
 * fail the same way without touching the hardware, and no reset runs. The
 * schedulers themselves live until the last context is gone.
 */

#include <linux/moduleparam.h>

#include "duet_core_drv.h"
#include "duet_core_hw.h"
#include "duet_core_ring.h"
#include "duet_core_sched.h"
#include "duet_ctx.h"
#include "duet_fence.h"
#include "duet_job.h"

static unsigned int job_timeout_ms = 2000;
module_param(job_timeout_ms, uint, 0444);
MODULE_PARM_DESC(job_timeout_ms,
		 "Time a job may run before its engine is reset (default 2000)");

/* Signal every pending fence of @engine the device has completed. */
void duet_core_sched_signal(struct duet_core_engine *engine)
{
	struct duet_fence *fence, *tmp;
	unsigned long flags;
	LIST_HEAD(done);
	u32 completed;

	spin_lock_irqsave(&engine->lock, flags);
	if (!engine->dead) {
		completed = duet_core_eng_read(engine, DUET_ENG_SEQNO);
		list_for_each_entry_safe(fence, tmp, &engine->pending, link) {
			if (!duet_core_seqno_passed(completed,
						    lower_32_bits(fence->base.seqno)))
				break;
			dma_fence_signal_locked(&fence->base);
			list_move_tail(&fence->link, &done);
		}
	}
	spin_unlock_irqrestore(&engine->lock, flags);

	list_for_each_entry_safe(fence, tmp, &done, link) {
		list_del(&fence->link);
		dma_fence_put(&fence->base);
	}
}

/* Signal every pending fence of @engine with @error. */
static void duet_core_sched_fail_locked(struct duet_core_engine *engine,
					int error, struct list_head *done)
{
	struct duet_fence *fence, *tmp;

	lockdep_assert_held(&engine->lock);

	list_for_each_entry_safe(fence, tmp, &engine->pending, link) {
		dma_fence_set_error(&fence->base, error);
		dma_fence_signal_locked(&fence->base);
		list_move_tail(&fence->link, done);
	}
}

static void duet_core_sched_fail(struct duet_core_engine *engine, int error)
{
	struct duet_fence *fence, *tmp;
	LIST_HEAD(done);

	spin_lock_irq(&engine->lock);
	duet_core_sched_fail_locked(engine, error, &done);
	spin_unlock_irq(&engine->lock);

	list_for_each_entry_safe(fence, tmp, &done, link) {
		list_del(&fence->link);
		dma_fence_put(&fence->base);
	}
}

/**
 * duet_core_sched_fault() - an engine reported a fault
 * @engine: the engine
 *
 * Called from the error interrupt: run the timeout handler now.
 */
void duet_core_sched_fault(struct duet_core_engine *engine)
{
	if (engine->sched_ready)
		drm_sched_fault(&engine->sched);
}

static struct dma_fence *duet_core_sched_run_job(struct drm_sched_job *sched_job)
{
	struct duet_job *job = to_duet_job(sched_job);
	struct duet_core_engine *engine = job->engine;
	struct duet_fence *fence;
	u32 *fence_cmd;
	int ret = 0;

	/* Cancelled: its context was banned while the job waited. */
	if (sched_job->s_fence->finished.error)
		return NULL;

	/* Allocated at submission: nothing here may fail for memory. */
	fence = job->fence;
	job->fence = NULL;

	spin_lock_irq(&engine->lock);
	duet_fence_init_locked(fence, engine);

	if (engine->dead) {
		ret = -ENODEV;
	} else {
		fence_cmd = &job->dwords[job->num_dwords];
		fence_cmd[0] = DUET_CMD_HEADER(DUET_CMD_FENCE, DUET_CMD_FENCE_LEN);
		fence_cmd[1] = lower_32_bits(fence->base.seqno);
		ret = duet_core_ring_emit_locked(engine, job->dwords,
						 job->num_dwords + DUET_CMD_FENCE_LEN);
	}

	if (ret) {
		dma_fence_set_error(&fence->base, ret);
		dma_fence_signal_locked(&fence->base);
	} else {
		job->start = ktime_get();
		/* The pending list holds a reference until the fence signals. */
		list_add_tail(&fence->link, &engine->pending);
		dma_fence_get(&fence->base);
		duet_core_ring_kick_locked(engine);
	}
	spin_unlock_irq(&engine->lock);

	job->hw_fence = dma_fence_get(&fence->base);
	return &fence->base;
}

/*
 * The device is gone for good: every engine is dead and every pending
 * fence fails with -EIO. Called with the reset lock held.
 */
static void duet_core_sched_lose_device(struct duet_core *core)
{
	unsigned int id;

	lockdep_assert_held(&core->reset_lock);

	for (id = 0; id < core->info.num_engines; id++) {
		struct duet_core_engine *engine = &core->engines[id];

		spin_lock_irq(&engine->lock);
		engine->dead = true;
		spin_unlock_irq(&engine->lock);
		duet_core_sched_fail(engine, -EIO);
	}
}

static enum drm_gpu_sched_stat
duet_core_sched_timedout_job(struct drm_sched_job *sched_job)
{
	struct duet_job *job = to_duet_job(sched_job);
	struct duet_core_engine *engine = job->engine;
	struct duet_core *core = engine->core;
	enum drm_gpu_sched_stat stat = DRM_GPU_SCHED_STAT_NOMINAL;
	int error;

	/* It finished while the timeout fired: nothing hung. */
	if (job->hw_fence && dma_fence_is_signaled(job->hw_fence))
		return DRM_GPU_SCHED_STAT_NOMINAL;

	mutex_lock(&core->reset_lock);
	/* Nothing new reaches the engine while it is reset. */
	drm_sched_wqueue_stop(&engine->sched);

	if (engine->dead) {
		duet_core_sched_fail(engine, -ENODEV);
		stat = DRM_GPU_SCHED_STAT_ENODEV;
		goto out_restart;
	}

	error = duet_core_eng_read(engine, DUET_ENG_STATUS) ==
		DUET_ENGINE_STATUS_ERROR ? -EIO : -ETIMEDOUT;
	dev_warn_ratelimited(&core->pdev->dev,
			     "engine %s: job from client %llu %s, resetting the engine\n",
			     core->info.engine_name[engine->id],
			     sched_job->s_fence->drm_client_id,
			     error == -EIO ? "faulted" : "timed out");

	/* The guilty context loses its queued work and may not submit. */
	atomic_set(&job->ctx->guilty, 1);

	/* A device that stopped beating is gone: no reset will be answered. */
	if (!duet_core_hw_alive(core)) {
		dev_err(&core->pdev->dev, "device lost: heartbeat stopped\n");
		duet_core_sched_lose_device(core);
		goto out_restart;
	}

	if (duet_core_ring_reset(engine)) {
		dev_err(&core->pdev->dev, "engine %s lost\n",
			core->info.engine_name[engine->id]);
		spin_lock_irq(&engine->lock);
		engine->dead = true;
		spin_unlock_irq(&engine->lock);
		error = -EIO;
	}

	/*
	 * The device dropped the job: fail its hardware fence, which fails
	 * the job's finished fence with the same error. drm_sched_stop() then
	 * finds the job done and frees it after this handler returns.
	 */
	duet_core_sched_fail(engine, error);

out_restart:
	drm_sched_stop(&engine->sched, sched_job);
	drm_sched_start(&engine->sched);
	mutex_unlock(&core->reset_lock);
	return stat;
}

static void duet_core_sched_free_job(struct drm_sched_job *sched_job)
{
	duet_job_free(to_duet_job(sched_job));
}

static const struct drm_sched_backend_ops duet_core_sched_ops = {
	.run_job = duet_core_sched_run_job,
	.timedout_job = duet_core_sched_timedout_job,
	.free_job = duet_core_sched_free_job,
};

/* The card is going away: no engine may touch the hardware again. */
static void duet_core_sched_disable(void *data)
{
	struct duet_core *core = data;
	unsigned int id;

	mutex_lock(&core->reset_lock);
	for (id = 0; id < core->info.num_engines; id++) {
		struct duet_core_engine *engine = &core->engines[id];
		struct duet_fence *fence, *tmp;
		LIST_HEAD(done);

		spin_lock_irq(&engine->lock);
		engine->dead = true;
		duet_core_sched_fail_locked(engine, -ENODEV, &done);
		spin_unlock_irq(&engine->lock);

		list_for_each_entry_safe(fence, tmp, &done, link) {
			list_del(&fence->link);
			dma_fence_put(&fence->base);
		}
	}
	mutex_unlock(&core->reset_lock);
}

/**
 * duet_core_sched_init() - create one scheduler per engine
 * @core: the card, with tested rings and interrupts
 *
 * Return: 0 or a negative error code.
 */
int duet_core_sched_init(struct duet_core *core)
{
	struct drm_sched_init_args args = {
		.ops = &duet_core_sched_ops,
		.num_rqs = DRM_SCHED_PRIORITY_COUNT,
		.credit_limit = 1,
		.timeout = msecs_to_jiffies(job_timeout_ms),
		.dev = &core->pdev->dev,
	};
	unsigned int id;
	int ret;

	for (id = 0; id < core->info.num_engines; id++) {
		struct duet_core_engine *engine = &core->engines[id];

		engine->fence_context = dma_fence_context_alloc(1);
		args.name = core->info.engine_name[id];
		ret = drm_sched_init(&engine->sched, &args);
		if (ret)
			return ret;
		engine->sched_ready = true;
	}

	return devm_add_action_or_reset(&core->pdev->dev,
					duet_core_sched_disable, core);
}

/**
 * duet_core_sched_fini() - tear the schedulers down
 * @core: the card, after its last context is gone
 */
void duet_core_sched_fini(struct duet_core *core)
{
	unsigned int id;

	for (id = 0; id < core->info.num_engines; id++)
		if (core->engines[id].sched_ready)
			drm_sched_fini(&core->engines[id].sched);
}
