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
 * Several jobs wait on an engine's ring at once, so that the engine starts
 * the next one the moment it finishes one: run_job() writes the job's
 * translated commands and a closing FENCE into the ring, rings the doorbell
 * and returns the job's hardware fence, which the engine's interrupt
 * handler signals. Flow control is the scheduler's credits: a job costs
 * the ring dwords it takes, but at least 1/DUET_CORE_SCHED_MAX_JOBS of the
 * ring, so that the ring never overflows and holds at most
 * DUET_CORE_SCHED_MAX_JOBS jobs (duet_core_sched_job_credits()). While
 * several clients have work on an engine, each may have only
 * ``shared_ring_jobs`` jobs on its ring (duet_core_sched_prepare_job()),
 * which bounds how long one client's job waits behind another's. A job's
 * engine time (fdinfo, sysfs) runs from when the engine began it: when it
 * was written to the ring, or when the job before it ended.
 *
 * A job that runs longer than ``job_timeout_ms`` (or faults the engine,
 * which the error interrupt reports through drm_sched_fault()) is handled
 * by timedout_job(). It first reads the engine's SEQNO again: a job the
 * device completed but whose interrupt was lost or is late is not a hang,
 * it is put back on the scheduler's pending list (the scheduler of 6.12
 * took it off; newer ones do this themselves for
 * DRM_GPU_SCHED_STAT_NO_HANG) and signalled, and nobody is banned.
 * Otherwise the device's state is captured in a devcoredump
 * (duet_core_coredump.c) and the engine reset as the scheduler documents
 * it for a hardware scheduler: drm_sched_stop() detaches the scheduler
 * from the jobs on the ring, the engine is reset (which drops everything on
 * its ring), the guilty job's hardware fence is failed with -ETIMEDOUT
 * (-EIO for a fault), which the scheduler passes on to the job's finished
 * fence, and its context banned. The innocent jobs that were on the ring
 * behind it are written back to the ring by the driver itself, not by
 * drm_sched_resubmit_jobs(): in order, exactly once, as the same commands
 * with the same hardware fence and seqno (duet_core_sched_replay()); jobs
 * of a banned context go back as their closing FENCE only, failed with
 * -ECANCELED, so that the engine's fences still signal in order. Then
 * drm_sched_start() waits on the jobs' fences again. So a reset costs the
 * guilty context its work and nobody else anything. Timeouts a test
 * provokes are expected: they are logged at notice level.
 *
 * A hang is noticed ``job_timeout_ms`` after the scheduler last started a
 * job on the engine or last finished one; with jobs waiting on the ring
 * that can be up to DUET_CORE_SCHED_MAX_JOBS times as late.
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
 * freed (duet_core_vram.c), the GART keeps what is released mapped and
 * its pages pinned (duet_core_gart.c), and BO_CREATE and SUBMIT fail with -EIO, so no
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
#include "duet_core_gart.h"
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

static unsigned int shared_ring_jobs = 1;

static int duet_core_shared_ring_jobs_set(const char *val,
					  const struct kernel_param *kp)
{
	unsigned int n;
	int ret;

	ret = kstrtouint(val, 0, &n);
	if (ret)
		return ret;
	if (n < 1 || n > DUET_CORE_SCHED_MAX_JOBS)
		return -EINVAL;
	*(unsigned int *)kp->arg = n;
	return 0;
}

static const struct kernel_param_ops duet_core_shared_ring_jobs_ops = {
	.set = duet_core_shared_ring_jobs_set,
	.get = param_get_uint,
};

module_param_cb(shared_ring_jobs, &duet_core_shared_ring_jobs_ops,
		&shared_ring_jobs, 0444);
MODULE_PARM_DESC(shared_ring_jobs,
		 "Jobs a client may have on an engine's ring while others use the engine, 1 to "
		 __stringify(DUET_CORE_SCHED_MAX_JOBS) " (default 1; alone it may fill the ring)");

/*
 * Signal @fence, the oldest pending fence of @engine, at @now, and move it
 * to @done. Its job began no earlier than the one before it ended.
 */
static void duet_core_sched_retire_locked(struct duet_core_engine *engine,
					  struct duet_fence *fence, ktime_t now,
					  struct list_head *done)
{
	lockdep_assert_held(&engine->tl->lock);

	if (ktime_before(fence->start, engine->last_done))
		fence->start = engine->last_done;
	engine->last_done = now;
	trace_duet_fence_signal(engine->core->pdev, engine->id, &fence->base);
	dma_fence_signal_timestamp_locked(&fence->base, now);
	list_move_tail(&fence->link, done);
}

/* Signal every pending fence of @engine the device has completed. */
void duet_core_sched_signal(struct duet_core_engine *engine)
{
	struct duet_fence *fence, *tmp;
	unsigned long flags;
	LIST_HEAD(done);
	ktime_t now;
	u32 completed;

	spin_lock_irqsave(&engine->tl->lock, flags);
	if (!engine->dead) {
		completed = duet_core_eng_read(engine, DUET_ENG_SEQNO);
		now = ktime_get();
		list_for_each_entry_safe(fence, tmp, &engine->pending, link) {
			if (!duet_core_seqno_passed(completed,
						    lower_32_bits(fence->base.seqno)))
				break;
			duet_core_sched_retire_locked(engine, fence, now, &done);
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
	ktime_t now = ktime_get();

	lockdep_assert_held(&engine->tl->lock);

	list_for_each_entry_safe(fence, tmp, &engine->pending, link) {
		dma_fence_set_error(&fence->base, error);
		duet_core_sched_retire_locked(engine, fence, now, done);
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

/* The credits an engine's ring holds: its dwords, but for a reserve. */
static u32 duet_core_sched_credit_limit(const struct duet_core_engine *engine)
{
	return engine->ring_size / sizeof(u32) - DUET_CORE_RING_RESERVED_DWORDS;
}

/**
 * duet_core_sched_job_credits() - the scheduler credits of a job
 * @engine: the engine it runs on
 * @num_dwords: its translated commands' dwords, without the closing FENCE
 *
 * The ring dwords the job takes, its closing FENCE included, but at least
 * 1/DUET_CORE_SCHED_MAX_JOBS of the engine's credit limit: no job can
 * overflow the ring, and no more than DUET_CORE_SCHED_MAX_JOBS jobs wait
 * on it at a time.
 *
 * Return: the job's credits, never above the engine's credit limit.
 */
u32 duet_core_sched_job_credits(struct duet_core_engine *engine,
				unsigned int num_dwords)
{
	u32 limit = duet_core_sched_credit_limit(engine);

	return clamp_t(u32, num_dwords + DUET_CMD_FENCE_LEN,
		       limit / DUET_CORE_SCHED_MAX_JOBS, limit);
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

/**
 * duet_core_sched_job_pushed() - account a job its context queues
 * @job: the job, armed and not yet pushed to its entity
 *
 * Counts the contexts with work on the job's engine (see
 * duet_core_sched_prepare_job()) until duet_core_sched_job_freed().
 */
void duet_core_sched_job_pushed(struct duet_job *job)
{
	if (atomic_inc_return(&job->ctx->ring[job->engine->id].outstanding) == 1)
		atomic_inc(&job->engine->active_ctxs);
}

/**
 * duet_core_sched_job_freed() - the scheduler is done with a pushed job
 * @job: the job
 */
void duet_core_sched_job_freed(struct duet_job *job)
{
	if (atomic_dec_and_test(&job->ctx->ring[job->engine->id].outstanding))
		atomic_dec(&job->engine->active_ctxs);
}

/*
 * The latency policy. A context alone on an engine may fill its ring, so
 * that its jobs run back to back; while other contexts have work on the
 * engine, it may have shared_ring_jobs jobs there, so that another
 * client's job waits behind that many of its jobs, not behind a ring full
 * of them. Its next job waits for the hardware fence of its job that many
 * runs back. Runs on the engine's scheduler worker, as run_job() does,
 * which alone keeps the context's window.
 */
static struct dma_fence *
duet_core_sched_prepare_job(struct drm_sched_job *sched_job,
			    struct drm_sched_entity *entity)
{
	struct duet_job *job = to_duet_job(sched_job);
	struct duet_ctx_ring *ring = &job->ctx->ring[job->engine->id];
	unsigned int window = DUET_CORE_SCHED_MAX_JOBS;
	struct dma_fence *prev;

	if (atomic_read(&job->engine->active_ctxs) > 1)
		window = shared_ring_jobs;
	if (ring->runs < window)
		return NULL;
	prev = ring->fences[(ring->runs - window) % DUET_CORE_SCHED_MAX_JOBS];
	if (prev && !dma_fence_is_signaled(prev))
		return dma_fence_get(prev);
	return NULL;
}

/* Remember @fence as its context's latest job on the engine's ring. */
static void duet_core_sched_ring_window_add(struct duet_job *job,
					    struct dma_fence *fence)
{
	struct duet_ctx_ring *ring = &job->ctx->ring[job->engine->id];
	struct dma_fence **slot;

	slot = &ring->fences[ring->runs % DUET_CORE_SCHED_MAX_JOBS];
	dma_fence_put(*slot);
	*slot = dma_fence_get(fence);
	ring->runs++;
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
		fence->start = ktime_get();
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
	duet_core_sched_ring_window_add(job, &fence->base);
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

	/* Removal already stopped every engine; the pool and GART may be gone. */
	if (core->unbound)
		return;
	if (!core->wedged) {
		duet_vram_set_quarantine(core->vram, true);
		if (core->gart)
			duet_gart_set_quarantine(core->gart, true);
		WRITE_ONCE(core->wedged, true);
		core->heartbeat = duet_core_hdr_read(core, DUET_HDR_HEARTBEAT);
		duet_core_err(core, "card wedged: %s; BO_CREATE and SUBMIT fail with -EIO until every engine acknowledges a reset\n",
			      why);
	}
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
	if (core->gart)
		duet_gart_set_quarantine(core->gart, false);
	duet_core_info(core, "card recovered: every engine was reset\n");
out_unlock:
	mutex_unlock(&core->reset_lock);
}

/*
 * The engine was reset and dropped every command it had not executed.
 * Called between drm_sched_stop() and drm_sched_start(), so that no job
 * is added, run or freed meanwhile; the scheduler's pending list holds, in
 * ring order, every job written to the ring and not freed.
 *
 * Fail @bad's hardware fence with @error, unless the device completed the
 * job after all, and then ban its context. Write every other job whose
 * fence has not signalled back to the ring, in order, exactly once, with
 * the seqno it had; a job of a banned context only as its closing FENCE,
 * its fence failed with -ECANCELED (so that fences still signal in seqno
 * order).
 */
static void duet_core_sched_replay(struct duet_core_engine *engine,
				   struct duet_job *bad, int error)
{
	struct duet_fence_timeline *tl = engine->tl;
	unsigned int replayed = 0, cancelled = 0;
	struct drm_sched_job *s_job;
	u32 last_seqno = 0;
	LIST_HEAD(done);
	int ret = 0;

	/* What the device completed before the reset is not replayed. */
	duet_core_sched_signal(engine);

	mutex_lock(&engine->ring_lock);
	list_for_each_entry(s_job, &engine->sched.pending_list, list) {
		struct duet_job *job = to_duet_job(s_job);
		struct dma_fence *hw = job->hw_fence;
		unsigned int first = 0;

		if (!job->on_ring || dma_fence_is_signaled(hw))
			continue;

		if (job == bad) {
			spin_lock_irq(&tl->lock);
			dma_fence_set_error(hw, error);
			duet_core_sched_retire_locked(engine, to_duet_fence(hw),
						      ktime_get(), &done);
			spin_unlock_irq(&tl->lock);
			atomic_set(&bad->ctx->guilty, 1);
			continue;
		}

		if (atomic_read(&job->ctx->guilty)) {
			spin_lock_irq(&tl->lock);
			dma_fence_set_error(hw, -ECANCELED);
			spin_unlock_irq(&tl->lock);
			first = job->num_dwords;
			cancelled++;
		} else {
			replayed++;
		}
		/* The ring is empty and held all of this before the reset. */
		job->ring_offset = engine->tail;
		ret = duet_core_ring_emit_locked(engine, &job->dwords[first],
						 job->num_dwords +
						 DUET_CMD_FENCE_LEN - first);
		if (WARN_ON_ONCE(ret))
			break;
		last_seqno = lower_32_bits(hw->seqno);
	}
	if (replayed + cancelled) {
		spin_lock_irq(&tl->lock);
		trace_duet_ring_kick(engine->core->pdev, engine->id,
				     last_seqno, engine->tail);
		duet_core_ring_kick_locked(engine);
		spin_unlock_irq(&tl->lock);
	}
	mutex_unlock(&engine->ring_lock);
	duet_core_sched_put_done(&done);

	/* A ring that could not take them back: fail what is left. */
	if (ret)
		duet_core_sched_fail(engine, -EIO);

	engine->replayed += replayed;
	engine->cancelled += cancelled;
}

/*
 * drm_sched_stop() took every pending job's hardware fence from it (the
 * scheduler's parent fence). Give each job its fence back, so that
 * drm_sched_start() completes the job when the fence signals, with its
 * error; a job the replay did not write back has a signalled fence.
 */
static void duet_core_sched_reattach(struct duet_core_engine *engine)
{
	struct drm_sched_job *s_job;

	list_for_each_entry(s_job, &engine->sched.pending_list, list) {
		struct dma_fence *hw = to_duet_job(s_job)->hw_fence;

		if (!hw || s_job->s_fence->parent)
			continue;
		/* Published as the scheduler publishes a job's parent fence. */
		smp_store_release(&s_job->s_fence->parent, dma_fence_get(hw));
	}
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

	/*
	 * Detach the scheduler from the jobs on the ring (and free the ones
	 * that completed), reset the engine, write the innocent jobs back to
	 * the ring, and give the scheduler the jobs' fences again.
	 */
	drm_sched_stop(&engine->sched, sched_job);
	engine->resets++;
	if (duet_core_ring_reset(engine)) {
		duet_core_err(core, "engine %s did not acknowledge its reset\n",
			      name);
		duet_core_wedge_locked(core, "an engine reset was not acknowledged");
		duet_core_sched_lose_engine(engine, -EIO);
		atomic_set(&job->ctx->guilty, 1);
	} else {
		duet_core_sched_replay(engine, job, error);
	}
	duet_core_sched_reattach(engine);
	drm_sched_start(&engine->sched, 0);
	mutex_unlock(&core->reset_lock);
	return stat;

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
	.prepare_job = duet_core_sched_prepare_job,
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
		.timeout = msecs_to_jiffies(job_timeout_ms),
		.dev = &core->pdev->dev,
	};
	unsigned int id;
	int ret;

	/* The smallest ring the probe accepts holds the longest job. */
	BUILD_BUG_ON(DUET_JOB_MAX_DWORDS + DUET_CORE_RING_RESERVED_DWORDS >
		     SZ_4K / sizeof(u32));

	INIT_DELAYED_WORK(&core->recover_work, duet_core_sched_recover);

	for (id = 0; id < core->info.num_engines; id++) {
		struct duet_core_engine *engine = &core->engines[id];

		args.name = core->info.engine_name[id];
		args.credit_limit = duet_core_sched_credit_limit(engine);
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
