// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet submission contexts
 *
 * Every open file of either child gets a &struct duet_ctx from duet_core:
 * one drm_sched entity per engine the node may use (all engines for the
 * render node, the compute engines for the accel node), all at normal
 * priority. The compute engines' schedulers are shared: render and accel
 * clients feed the same ones, and drm_sched picks the entity whose oldest
 * job is oldest, so busy clients take turns whichever node they came from.
 *
 * A context is banned when one of its jobs hangs (see duet_core_sched.c):
 * drm_sched cancels its queued jobs with -ECANCELED, and SUBMIT refuses new
 * ones with -ECANCELED. The context keeps the card's &struct duet_core
 * alive, so a file closed long after the card went away still tears its
 * entities down against valid schedulers.
 *
 * Jobs keep their context after the file is closed, and a job without
 * buffers (a SPIN, or one waiting on a foreign fence) holds nothing else:
 * so the context also pins the module of the file's driver, which in turn
 * keeps duet_core loaded, until its last job is freed. That happens on a
 * scheduler worker, which must not finalise the schedulers it runs on: a
 * job's reference is dropped with duet_ctx_put_async(), whose release is
 * queued on duet_core_wq, which duet_core's module exit drains. The file's
 * reference is dropped in its close, which releases at once, so a module
 * whose files are closed and whose jobs are done can be unloaded right
 * away.
 *
 * fdinfo shows, per engine the node can use, ``drm-engine-<name>``: the
 * nanoseconds the engine spent on the file's jobs.
 */

#include <drm/drm_print.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "duet_core_drv.h"
#include "duet_ctx.h"

static void duet_ctx_release_work(struct work_struct *work);

/**
 * duet_ctx_create() - create the submission context of an open file
 * @core: the card; the caller must hold it (drm_dev_enter())
 * @node: the node the file belongs to
 * @owner: the module of the file's driver; the caller runs in its open()
 *
 * Return: the context or an error pointer.
 */
struct duet_ctx *duet_ctx_create(struct duet_core *core,
				 enum duet_core_node node, struct module *owner)
{
	struct duet_ctx *ctx;
	unsigned int id;
	int ret;

	ctx = kzalloc_obj(*ctx, GFP_KERNEL);
	if (!ctx)
		return ERR_PTR(-ENOMEM);

	kref_init(&ctx->ref);
	mutex_init(&ctx->lock);
	INIT_WORK(&ctx->release_work, duet_ctx_release_work);
	ctx->node = node;
	for (id = 0; id < core->info.num_engines; id++) {
		struct drm_gpu_scheduler *sched = &core->engines[id].sched;

		if (node == DUET_CORE_NODE_ACCEL &&
		    core->info.engine_class[id] != DUET_CORE_ENGINE_COMPUTE)
			continue;

		ret = drm_sched_entity_init(&ctx->entity[id],
					    DRM_SCHED_PRIORITY_NORMAL, &sched, 1,
					    &ctx->guilty);
		if (ret)
			goto err_entities;
		__set_bit(id, &ctx->engine_mask);
	}

	ctx->core = duet_core_get(core);
	__module_get(owner);
	ctx->owner = owner;
	return ctx;

err_entities:
	for_each_set_bit(id, &ctx->engine_mask, DUET_CORE_MAX_ENGINES)
		drm_sched_entity_destroy(&ctx->entity[id]);
	mutex_destroy(&ctx->lock);
	kfree(ctx);
	return ERR_PTR(ret);
}

/**
 * duet_ctx_get() - take a reference on a context
 * @ctx: the context
 *
 * Return: @ctx
 */
struct duet_ctx *duet_ctx_get(struct duet_ctx *ctx)
{
	kref_get(&ctx->ref);
	return ctx;
}

static void duet_ctx_free(struct duet_ctx *ctx)
{
	struct module *owner = ctx->owner;
	struct duet_core *core = ctx->core;
	unsigned int id, i;

	for (id = 0; id < DUET_CORE_MAX_ENGINES; id++)
		for (i = 0; i < DUET_CORE_SCHED_MAX_JOBS; i++)
			dma_fence_put(ctx->ring[id].fences[i]);
	mutex_destroy(&ctx->lock);
	kfree(ctx);
	/* May be the card's last reference: finalises its schedulers. */
	duet_core_put(core);
	/* On duet_core_wq, duet_core stays loaded until the work returned. */
	module_put(owner);
}

static void duet_ctx_release_work(struct work_struct *work)
{
	duet_ctx_free(container_of(work, struct duet_ctx, release_work));
}

static void duet_ctx_release(struct kref *ref)
{
	duet_ctx_free(container_of(ref, struct duet_ctx, ref));
}

static void duet_ctx_release_async(struct kref *ref)
{
	struct duet_ctx *ctx = container_of(ref, struct duet_ctx, ref);

	queue_work(duet_core_wq, &ctx->release_work);
}

/**
 * duet_ctx_put() - drop a reference on a context
 * @ctx: the context
 *
 * Process context, and not a worker of the card's schedulers: the last
 * reference releases the context, and maybe the card, at once.
 */
void duet_ctx_put(struct duet_ctx *ctx)
{
	kref_put(&ctx->ref, duet_ctx_release);
}

/**
 * duet_ctx_put_async() - drop a reference on a context from anywhere
 * @ctx: the context
 *
 * The last reference queues the release on duet_core_wq.
 */
void duet_ctx_put_async(struct duet_ctx *ctx)
{
	kref_put(&ctx->ref, duet_ctx_release_async);
}

/**
 * duet_ctx_destroy() - the file is closed: drop its queued work
 * @ctx: the context
 *
 * Waits (boundedly, as drm_sched does) for queued jobs to reach the
 * hardware; jobs already there finish and then drop their references.
 */
void duet_ctx_destroy(struct duet_ctx *ctx)
{
	unsigned int id;

	for_each_set_bit(id, &ctx->engine_mask, DUET_CORE_MAX_ENGINES)
		drm_sched_entity_destroy(&ctx->entity[id]);
	duet_ctx_put(ctx);
}

/**
 * duet_ctx_show_fdinfo() - print the context's engine usage
 * @ctx: the context
 * @p: the fdinfo printer
 */
void duet_ctx_show_fdinfo(struct duet_ctx *ctx, struct drm_printer *p)
{
	unsigned int id;

	for_each_set_bit(id, &ctx->engine_mask, DUET_CORE_MAX_ENGINES)
		drm_printf(p, "drm-engine-%s:\t%llu ns\n",
			   ctx->core->info.engine_name[id],
			   (u64)atomic64_read(&ctx->busy_ns[id]));
}
