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
 * by timedout_job(). It first reads the engine's SEQNO again: a job the
 * device completed but whose interrupt was lost or is late is not a hang,
 * it is put back on the scheduler's pending list (the scheduler of 6.12
 * took it off; newer ones do this themselves for
 * DRM_GPU_SCHED_STAT_NO_HANG) and signalled, and nobody is banned.
 * Otherwise the scheduler's submission is paused, the device's state is
 * captured in a devcoredump (duet_core_coredump.c), the engine reset, the
 * job's hardware fence signalled with -ETIMEDOUT (-EIO for a fault), which
 * the scheduler passes on to the job's finished fence, and only then the
 * job's context banned. The scheduler restarts with the next job. Timeouts
 * a test provokes are expected: they are logged at notice level.
 *
 * A signalled fence is a promise that the device will not touch the job's
 * buffers again. Two things break it, and both *wedge* the card:
 *
 * - an engine that does not acknowledge its reset within two seconds may
 *   still be executing (it may only be stalled);
 * - a device whose heartbeat stands still for DUET_CORE_HEARTBEAT_LOSS_MS
 *   is lost: every engine may still run, and no reset will be answered.
 *
 * Such engines are marked lost and their fences fail with -EIO, but first
 * the card is wedged: the VRAM pool hands nothing out and keeps what is
 * freed (duet_core_vram.c), and BO_CREATE and SUBMIT fail with -EIO, so no
 * new client can receive memory that a lost engine may still write. A
 * recovery worker requests a reset of every lost engine every
 * DUET_CORE_RECOVER_PERIOD_MS; once each of them has acknowledged one
 * (a stalled engine that resumes, a device whose heartbeat comes back), the
 * engines are known stopped, the kept VRAM is released and the card works
 * again. A card that never recovers stays wedged until it is re-probed,
 * and the probe resets every engine before using it.
 *
 * When the card goes away the schedulers are paused, every engine that is
 * not lost is reset (so that the -ENODEV its pending fences then get is
 * true), every engine is marked dead under its lock and the reset lock,
 * later jobs fail with -ENODEV without touching the hardware, and no reset
 * or recovery runs any more. The schedulers themselves live until the last
 * context is gone.
 */

#include <linux/moduleparam.h>

#include "duet_core_coredump.h"
#include "duet_core_drv.h"
#include "duet_core_hw.h"
#include "duet_core_ring.h"
#include "duet_core_sched.h"
#include "duet_core_trace.h"
#include "duet_core_vram.h"
#include "duet_ctx.h"
#include "duet_fence.h"
#include "duet_job.h"

#define DUET_CORE_JOB_TIMEOUT_MIN_MS	100
#define DUET_CORE_JOB_TIMEOUT_MAX_MS	600000
#define DUET_CORE_RECOVER_PERIOD_MS	500

static unsigned int job_timeout_ms = 2000;

static int duet_core_job_timeout_set(const char *val,
				     const struct kernel_param *kp)
{
	unsigned int ms;
	int ret;

	ret = kstrtouint(val, 0, &ms);
	if (ret)
		return ret;
	if (ms < DUET_CORE_JOB_TIMEOUT_MIN_MS || ms > DUET_CORE_JOB_TIMEOUT_MAX_MS)
		return -EINVAL;
	*(unsigned int *)kp->arg = ms;
	return 0;
}

static const struct kernel_param_ops duet_core_job_timeout_ops = {
	.set = duet_core_job_timeout_set,
	.get = param_get_uint,
};

module_param_cb(job_timeout_ms, &duet_core_job_timeout_ops, &job_timeout_ms,
		0444);
MODULE_PARM_DESC(job_timeout_ms,
		 "Time a job may run before its engine is reset, 100 to 600000 (default 2000)");

/* Signal every pending fence of @engine the device has completed. */
void duet_core_sched_signal(struct duet_core_engine *engine)
{
	struct duet_fence *fence, *tmp;
	unsigned long flags;
	LIST_HEAD(done);
	u32 completed;

	spin_lock_irqsave(&engine->tl->lock, flags);
	if (!engine->dead) {
		completed = duet_core_eng_read(engine, DUET_ENG_SEQNO);
		list_for_each_entry_safe(fence, tmp, &engine->pending, link) {
			if (!duet_core_seqno_passed(completed,
						    lower_32_bits(fence->base.seqno)))
				break;
			trace_duet_fence_signal(engine->core->pdev, engine->id,
						&fence->base);
			dma_fence_signal_locked(&fence->base);
			list_move_tail(&fence->link, &done);
		}
	}
	spin_unlock_irqrestore(&engine->tl->lock, flags);

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

	lockdep_assert_held(&engine->tl->lock);

	list_for_each_entry_safe(fence, tmp, &engine->pending, link) {
		dma_fence_set_error(&fence->base, error);
		trace_duet_fence_signal(engine->core->pdev, engine->id,
					&fence->base);
		dma_fence_signal_locked(&fence->base);
		list_move_tail(&fence->link, done);
	}
}

static void duet_core_sched_put_done(struct list_head *done)
{
	struct duet_fence *fence, *tmp;

	list_for_each_entry_safe(fence, tmp, done, link) {
		list_del(&fence->link);
		dma_fence_put(&fence->base);
	}
}

static void duet_core_sched_fail(struct duet_core_engine *engine, int error)
{
	LIST_HEAD(done);

	spin_lock_irq(&engine->tl->lock);
	duet_core_sched_fail_locked(engine, error, &done);
	spin_unlock_irq(&engine->tl->lock);
	duet_core_sched_put_done(&done);
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
	struct duet_fence_timeline *tl = engine->tl;
	struct duet_fence *fence;
	u32 *fence_cmd;
	int ret;

	/* Cancelled: its context was banned while the job waited. */
	if (sched_job->s_fence->finished.error)
		return NULL;

	/* Allocated at submission: nothing here may fail for memory. */
	fence = job->fence;
	job->fence = NULL;

	mutex_lock(&engine->ring_lock);
	spin_lock_irq(&tl->lock);
	duet_fence_init_locked(fence, tl, engine->next_seqno++);
	ret = engine->dead ? -ENODEV : engine->lost ? -EIO : 0;
	spin_unlock_irq(&tl->lock);

	trace_duet_job_run(engine->core->pdev, engine->id,
			   &sched_job->s_fence->finished,
			   lower_32_bits(fence->base.seqno));

	/* The copy runs with interrupts on; only the publication below not. */
	if (!ret) {
		fence_cmd = &job->dwords[job->num_dwords];
		fence_cmd[0] = DUET_CMD_HEADER(DUET_CMD_FENCE, DUET_CMD_FENCE_LEN);
		fence_cmd[1] = lower_32_bits(fence->base.seqno);
		job->ring_offset = engine->tail;
		ret = duet_core_ring_emit_locked(engine, job->dwords,
						 job->num_dwords + DUET_CMD_FENCE_LEN);
	}

	spin_lock_irq(&tl->lock);
	if (!ret && (engine->dead || engine->lost))
		ret = engine->dead ? -ENODEV : -EIO;
	if (ret) {
		dma_fence_set_error(&fence->base, ret);
		dma_fence_signal_locked(&fence->base);
	} else {
		job->start = ktime_get();
		job->on_ring = true;
		/* The pending list holds a reference until the fence signals. */
		list_add_tail(&fence->link, &engine->pending);
		dma_fence_get(&fence->base);
		/* Before the doorbell: the interrupt can come at once. */
		trace_duet_ring_kick(engine->core->pdev, engine->id,
				     lower_32_bits(fence->base.seqno),
				     engine->tail);
		duet_core_ring_kick_locked(engine);
	}
	spin_unlock_irq(&tl->lock);
	mutex_unlock(&engine->ring_lock);

	job->hw_fence = dma_fence_get(&fence->base);
	return &fence->base;
}

/*
 * The card cannot be trusted: nothing that is freed from now on is handed
 * out again, and no new buffer or job is accepted, until every lost engine
 * has acknowledged a reset (duet_core_sched_recover()).
 */
static void duet_core_wedge_locked(struct duet_core *core, const char *why)
{
	lockdep_assert_held(&core->reset_lock);

	if (!core->wedged) {
		duet_vram_set_quarantine(core->vram, true);
		WRITE_ONCE(core->wedged, true);
		core->heartbeat = duet_core_hdr_read(core, DUET_HDR_HEARTBEAT);
		duet_core_err(core, "card wedged: %s; BO_CREATE and SUBMIT fail with -EIO until every engine acknowledges a reset\n",
			      why);
	}
	if (!core->unbound)
		mod_delayed_work(system_dfl_wq, &core->recover_work,
				 msecs_to_jiffies(DUET_CORE_RECOVER_PERIOD_MS));
}

/*
 * @engine may still execute what it was given: fail its pending fences
 * with @error. The card must be wedged first, so that the buffers those
 * jobs free are kept from new clients.
 */
static void duet_core_sched_lose_engine(struct duet_core_engine *engine,
					int error)
{
	LIST_HEAD(done);

	lockdep_assert_held(&engine->core->reset_lock);

	spin_lock_irq(&engine->tl->lock);
	engine->lost = true;
	duet_core_sched_fail_locked(engine, error, &done);
	spin_unlock_irq(&engine->tl->lock);
	duet_core_sched_put_done(&done);
	/* Only a reset requested from now on, once acknowledged, counts. */
	duet_core_ring_request_reset(engine);
}

/* The device stopped beating: every engine is lost. */
static void duet_core_sched_lose_device(struct duet_core *core)
{
	unsigned int id;

	duet_core_wedge_locked(core, "device lost, heartbeat stopped");
	for (id = 0; id < core->info.num_engines; id++)
		if (!core->engines[id].dead)
			duet_core_sched_lose_engine(&core->engines[id], -EIO);
}

/*
 * Every DUET_CORE_RECOVER_PERIOD_MS while the card is wedged: an engine that
 * acknowledged a reset since it was lost is known stopped; the others get
 * another reset request. Once none is left and the device's heartbeat
 * moves again, the card works again.
 */
static void duet_core_sched_recover(struct work_struct *work)
{
	struct duet_core *core = container_of(to_delayed_work(work),
					      struct duet_core, recover_work);
	unsigned int id, lost = 0;
	bool beating = true;
	u32 beat;

	mutex_lock(&core->reset_lock);
	if (core->unbound || !core->wedged)
		goto out_unlock;

	if (core->caps & DUET_CAP_HEARTBEAT) {
		beat = duet_core_hdr_read(core, DUET_HDR_HEARTBEAT);
		beating = beat != core->heartbeat;
		core->heartbeat = beat;
	}

	for (id = 0; id < core->info.num_engines; id++) {
		struct duet_core_engine *engine = &core->engines[id];

		if (!engine->lost || engine->dead)
			continue;
		if (duet_core_ring_reset_acked(engine)) {
			spin_lock_irq(&engine->tl->lock);
			engine->lost = false;
			spin_unlock_irq(&engine->tl->lock);
			duet_core_info(core, "engine %s acknowledged a reset\n",
				       core->info.engine_name[id]);
			continue;
		}
		duet_core_ring_request_reset(engine);
		lost++;
	}

	if (lost || !beating) {
		queue_delayed_work(system_dfl_wq, &core->recover_work,
				   msecs_to_jiffies(DUET_CORE_RECOVER_PERIOD_MS));
		goto out_unlock;
	}
	WRITE_ONCE(core->wedged, false);
	duet_vram_set_quarantine(core->vram, false);
	duet_core_info(core, "card recovered: every engine was reset\n");
out_unlock:
	mutex_unlock(&core->reset_lock);
}

/* Whether the device completed @job after all (re-reading SEQNO). */
static bool duet_core_sched_job_done(struct duet_job *job)
{
	duet_core_sched_signal(job->engine);
	return job->hw_fence && dma_fence_is_signaled(job->hw_fence);
}

static enum drm_gpu_sched_stat
duet_core_sched_timedout_job(struct drm_sched_job *sched_job)
{
	struct duet_job *job = to_duet_job(sched_job);
	struct duet_core_engine *engine = job->engine;
	struct duet_core *core = engine->core;
	const char *name = core->info.engine_name[engine->id];
	enum drm_gpu_sched_stat stat = DRM_GPU_SCHED_STAT_RESET;
	int error;

	/* A lost or late interrupt: the device did complete the job. */
	if (duet_core_sched_job_done(job)) {
		/* The scheduler puts the job back; nobody is reset. */
		return DRM_GPU_SCHED_STAT_NO_HANG;
	}

	mutex_lock(&core->reset_lock);
	/* Nothing new reaches the engine while it is reset. */
	drm_sched_wqueue_stop(&engine->sched);

	if (engine->dead) {
		duet_core_sched_fail(engine, -ENODEV);
		stat = DRM_GPU_SCHED_STAT_ENODEV;
		goto out_restart;
	}
	if (engine->lost) {
		/* Wedged meanwhile; its fences failed with the engine. */
		duet_core_sched_fail(engine, -EIO);
		goto out_restart;
	}
	if (duet_core_sched_job_done(job)) {
		drm_sched_wqueue_start(&engine->sched);
		mutex_unlock(&core->reset_lock);
		return DRM_GPU_SCHED_STAT_NO_HANG;
	}

	/* A device that stopped beating is gone: no reset will be answered. */
	if (!duet_core_hw_alive(core)) {
		duet_core_sched_lose_device(core);
		goto out_restart;
	}

	error = duet_core_eng_read(engine, DUET_ENG_STATUS) ==
		DUET_ENGINE_STATUS_ERROR ? -EIO : -ETIMEDOUT;
	dev_notice(&core->pdev->dev,
		   "engine %s: job of client %llu (%s[%d]) %s, resetting the engine\n",
		   name, sched_job->s_fence->drm_client_id, job->comm, job->pid,
		   error == -EIO ? "faulted" : "timed out");
	duet_core_coredump(engine, job, error);

	if (duet_core_ring_reset(engine)) {
		duet_core_err(core, "engine %s did not acknowledge its reset\n",
			      name);
		duet_core_wedge_locked(core, "an engine reset was not acknowledged");
		duet_core_sched_lose_engine(engine, -EIO);
	} else {
		/*
		 * The device dropped the job: fail its hardware fence, which
		 * fails the job's finished fence with the same error.
		 * drm_sched_stop() then finds the job done and frees it after
		 * this handler returns.
		 */
		duet_core_sched_fail(engine, error);
	}
	/* The job really hung: its context loses its queued work. */
	atomic_set(&job->ctx->guilty, 1);

out_restart:
	drm_sched_stop(&engine->sched, sched_job);
	drm_sched_start(&engine->sched, 0);
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

/*
 * The card is going away: no engine may touch the hardware again, and
 * none must still execute what its failed fences cover.
 */
static void duet_core_sched_disable(void *data)
{
	struct duet_core *core = data;
	unsigned long deadline;
	unsigned int id;

	mutex_lock(&core->reset_lock);
	core->unbound = true;
	mutex_unlock(&core->reset_lock);
	cancel_delayed_work_sync(&core->recover_work);

	mutex_lock(&core->reset_lock);
	for (id = 0; id < core->info.num_engines; id++)
		drm_sched_wqueue_stop(&core->engines[id].sched);

	/* Engines that answer drop their rings before their fences fail. */
	if (!pci_dev_is_disconnected(core->pdev)) {
		for (id = 0; id < core->info.num_engines; id++)
			if (!core->engines[id].lost)
				duet_core_ring_request_reset(&core->engines[id]);
		deadline = jiffies + msecs_to_jiffies(DUET_CORE_RING_TIMEOUT_MS);
		for (id = 0; id < core->info.num_engines; id++) {
			struct duet_core_engine *engine = &core->engines[id];
			long left = max_t(long, deadline - jiffies, 0);

			if (!engine->lost &&
			    duet_core_ring_reset_wait(engine, jiffies_to_msecs(left)))
				duet_core_notice(core, "engine %s: did not acknowledge a reset on removal\n",
						 core->info.engine_name[id]);
		}
	}

	for (id = 0; id < core->info.num_engines; id++) {
		struct duet_core_engine *engine = &core->engines[id];
		LIST_HEAD(done);

		spin_lock_irq(&engine->tl->lock);
		engine->dead = true;
		duet_core_sched_fail_locked(engine, -ENODEV, &done);
		spin_unlock_irq(&engine->tl->lock);
		duet_core_sched_put_done(&done);
	}
	mutex_unlock(&core->reset_lock);

	/* Queued jobs now fail in run_job() without touching the hardware. */
	for (id = 0; id < core->info.num_engines; id++)
		drm_sched_wqueue_start(&core->engines[id].sched);
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

	INIT_DELAYED_WORK(&core->recover_work, duet_core_sched_recover);

	for (id = 0; id < core->info.num_engines; id++) {
		struct duet_core_engine *engine = &core->engines[id];

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
 *
 * Runs in process context, never in one of the schedulers' own workers.
 */
void duet_core_sched_fini(struct duet_core *core)
{
	unsigned int id;

	for (id = 0; id < core->info.num_engines; id++)
		if (core->engines[id].sched_ready)
			drm_sched_fini(&core->engines[id].sched);
}
