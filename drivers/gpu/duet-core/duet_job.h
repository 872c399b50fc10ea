/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_JOB_H__
#define __DUET_JOB_H__

#include <drm/gpu_scheduler.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <uapi/drm/duet_drm.h>

#include "duet_hw.h"

struct drm_file;
struct drm_gem_object;
struct duet_core_engine;
struct duet_ctx;
struct duet_fence;

#define DUET_JOB_MAX_BOS	(DRM_DUET_MAX_COMMANDS * DRM_DUET_CMD_OPERANDS)
/* The longest command (BLIT), for every command, plus the closing FENCE. */
#define DUET_JOB_MAX_DWORDS	(DRM_DUET_MAX_COMMANDS * DUET_CMD_BLIT_LEN + \
				 DUET_CMD_FENCE_LEN)

/**
 * struct duet_job_bo - a buffer object a job uses
 * @obj: the object, referenced until the job is freed
 * @write: the job writes it (operand 0 of some command)
 * @resv_dup: an earlier entry has the same reservation object (two GEM
 *            objects of one buffer): locking and fences go through that
 *            entry, whose @write covers both
 */
struct duet_job_bo {
	struct drm_gem_object *obj;
	bool write;
	bool resv_dup;
};

/**
 * struct duet_job - one submission, on its way through the scheduler
 * @base: the scheduler job
 * @ctx: the submitting context, referenced
 * @engine: the engine it runs on
 * @fence: the hardware fence's memory, allocated at submission so that
 *         run_job() cannot fail for lack of memory; NULL once used
 * @hw_fence: the hardware fence, set by run_job()
 * @on_ring: the job was written to the ring (run_job() did not fail it)
 * @ring_offset: where in the ring (free-running byte offset)
 * @pid: the submitting process (thread group id), for devcoredumps
 * @comm: its command name
 * @num_bos: entries used in @bos
 * @bos: every buffer the commands reference, each once
 * @num_dwords: dwords of device commands in @dwords, without the FENCE
 * @dwords: the translated commands; room for the closing FENCE
 */
struct duet_job {
	struct drm_sched_job base;
	struct duet_ctx *ctx;
	struct duet_core_engine *engine;
	struct duet_fence *fence;
	struct dma_fence *hw_fence;
	bool on_ring;
	u32 ring_offset;
	pid_t pid;
	char comm[TASK_COMM_LEN];
	unsigned int num_bos;
	struct duet_job_bo bos[DUET_JOB_MAX_BOS];
	unsigned int num_dwords;
	u32 dwords[DUET_JOB_MAX_DWORDS];
};

static inline struct duet_job *to_duet_job(struct drm_sched_job *job)
{
	return container_of(job, struct duet_job, base);
}

void duet_job_free(struct duet_job *job);
int duet_submit(struct drm_file *file, struct duet_ctx *ctx,
		unsigned int engine_id, const struct drm_duet_submit *args);

#endif /* __DUET_JOB_H__ */
