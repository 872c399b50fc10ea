// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet hardware fences
 *
 * Each job gets a hardware fence when it is written to its engine's ring.
 * The fence's seqno is the one of the FENCE command that ends the job, on
 * the engine's timeline (&struct duet_fence_timeline), and the engine's
 * interrupt handler signals it once the device reports that seqno.
 *
 * Userspace keeps hardware fences alive for as long as it keeps the
 * scheduler fences that wrap them (sync_file, syncobj, dma_resv), which can
 * be long after the card and its engines are gone. A hardware fence
 * therefore points at nothing of the card: its lock and name live in the
 * timeline, a reference-counted allocation of its own, and each fence pins
 * the duet_core module, whose code its &dma_fence_ops are. The module
 * reference is dropped as the very last step of the fence's release.
 *
 * What a driver cannot fix on 6.12: the scheduler's finished fence, which
 * is what userspace holds, names its timeline through the scheduler
 * (&drm_gpu_scheduler.name), and the scheduler is part of the card. Once
 * the card is released, SYNC_IOC_FILE_INFO on a sync_file of a Duet job
 * reads freed memory. Waiting on such a sync_file, polling it, merging it
 * and closing it are safe, and so is every syncobj operation.
 */

#include <linux/module.h>
#include <linux/slab.h>

#include "duet_fence.h"

/**
 * duet_fence_timeline_create() - create an engine's fence timeline
 * @dev_name: the card's device name
 * @engine_name: the engine's name
 *
 * Return: the timeline with one reference, or NULL without memory.
 */
struct duet_fence_timeline *
duet_fence_timeline_create(const char *dev_name, const char *engine_name)
{
	struct duet_fence_timeline *tl;

	tl = kzalloc_obj(*tl, GFP_KERNEL);
	if (!tl)
		return NULL;
	kref_init(&tl->ref);
	spin_lock_init(&tl->lock);
	tl->context = dma_fence_context_alloc(1);
	snprintf(tl->name, sizeof(tl->name), "%s-%s", dev_name, engine_name);
	return tl;
}

static void duet_fence_timeline_release(struct kref *ref)
{
	kfree(container_of(ref, struct duet_fence_timeline, ref));
}

/**
 * duet_fence_timeline_put() - drop a reference on a timeline
 * @tl: the timeline
 */
void duet_fence_timeline_put(struct duet_fence_timeline *tl)
{
	kref_put(&tl->ref, duet_fence_timeline_release);
}

static const char *duet_fence_get_driver_name(struct dma_fence *fence)
{
	return "duet";
}

static const char *duet_fence_get_timeline_name(struct dma_fence *fence)
{
	return to_duet_fence(fence)->timeline->name;
}

static void duet_fence_release(struct dma_fence *fence)
{
	duet_fence_timeline_put(to_duet_fence(fence)->timeline);
	dma_fence_free(fence);
	/* Last: the fence's ops are this module's code. */
	module_put(THIS_MODULE);
}

static const struct dma_fence_ops duet_fence_ops = {
	.get_driver_name = duet_fence_get_driver_name,
	.get_timeline_name = duet_fence_get_timeline_name,
	.release = duet_fence_release,
};

/**
 * duet_fence_init_locked() - make @fence a fence of @tl
 * @fence: a zeroed &struct duet_fence
 * @tl: the timeline, with its lock held
 * @seqno: the seqno of the FENCE command that signals it
 *
 * The fence gets one reference, a reference on @tl and one on this module.
 * The caller runs duet_core code for a live card, so the module is held.
 */
void duet_fence_init_locked(struct duet_fence *fence,
			    struct duet_fence_timeline *tl, u64 seqno)
{
	lockdep_assert_held(&tl->lock);

	__module_get(THIS_MODULE);
	kref_get(&tl->ref);
	INIT_LIST_HEAD(&fence->link);
	fence->timeline = tl;
	dma_fence_init(&fence->base, &duet_fence_ops, &tl->lock, tl->context,
		       seqno);
}

/**
 * duet_fence_free_unused() - free a fence that was never initialised
 * @fence: the fence memory, or NULL
 */
void duet_fence_free_unused(struct duet_fence *fence)
{
	kfree(fence);
}
