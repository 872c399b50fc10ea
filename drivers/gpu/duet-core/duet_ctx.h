/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_CTX_H__
#define __DUET_CTX_H__

#include <drm/gpu_scheduler.h>
#include <linux/atomic.h>
#include <linux/duet_core.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>

#include "duet_core_sched.h"

struct drm_printer;

/**
 * struct duet_ctx_ring - a context's jobs on one engine
 * @fences: the hardware fences of its last DUET_CORE_SCHED_MAX_JOBS runs,
 *          referenced, indexed by run number modulo that; touched only by
 *          the engine's scheduler worker (prepare_job and run_job, see
 *          duet_core_sched.c) and freed with the context
 * @runs: jobs of the context the engine's scheduler ran, likewise
 * @outstanding: jobs of the context queued on the engine and not yet freed
 */
struct duet_ctx_ring {
	struct dma_fence *fences[DUET_CORE_SCHED_MAX_JOBS];
	unsigned int runs;
	atomic_t outstanding;
};

/**
 * struct duet_ctx - what one open file of either node submits with
 * @ref: held by the file and by every job it submitted
 * @core: the card, referenced
 * @owner: the module of the file's driver (duet_drm or duet_accel),
 *         referenced: jobs outlive the file
 * @release_work: the release, on duet_core_wq
 * @node: the node the file belongs to
 * @guilty: set when one of its jobs hung; the context is then banned
 * @lock: Protects arming and pushing jobs, so that each entity's jobs are
 *        pushed in the order their fences were armed
 * @engine_mask: hardware engines the node can use
 * @entity: one scheduler entity per engine in @engine_mask
 * @busy_ns: per hardware engine, time the engine spent on this context
 * @ring: per hardware engine, its latest jobs on the engine's ring, which
 *        bound how many it may have there
 */
struct duet_ctx {
	struct kref ref;
	struct duet_core *core;
	struct module *owner;
	struct work_struct release_work;
	enum duet_core_node node;
	atomic_t guilty;
	struct mutex lock; /* Protects arm + push of jobs */
	unsigned long engine_mask;
	struct drm_sched_entity entity[DUET_CORE_MAX_ENGINES];
	atomic64_t busy_ns[DUET_CORE_MAX_ENGINES];
	struct duet_ctx_ring ring[DUET_CORE_MAX_ENGINES];
};

struct duet_ctx *duet_ctx_create(struct duet_core *core,
				 enum duet_core_node node, struct module *owner);
void duet_ctx_destroy(struct duet_ctx *ctx);
void duet_ctx_show_fdinfo(struct duet_ctx *ctx, struct drm_printer *p);
struct duet_ctx *duet_ctx_get(struct duet_ctx *ctx);
void duet_ctx_put(struct duet_ctx *ctx);
void duet_ctx_put_async(struct duet_ctx *ctx);

#endif /* __DUET_CTX_H__ */
