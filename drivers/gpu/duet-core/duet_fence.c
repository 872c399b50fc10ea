// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet hardware fences
 *
 * Each job gets a hardware fence when it is written to its engine's ring.
 * The fence's seqno is the one of the FENCE command that ends the job, in
 * the engine's own dma-fence context, and the engine's interrupt handler
 * signals it once the device reports that seqno. Fences live in their own
 * allocation and only name static strings, so they can outlive the card.
 */

#include "duet_core_drv.h"
#include "duet_fence.h"

static const char *const duet_fence_timelines[DUET_CORE_MAX_ENGINES] = {
	"duet-engine0", "duet-engine1", "duet-engine2", "duet-engine3",
	"duet-engine4", "duet-engine5", "duet-engine6", "duet-engine7",
};

static const char *duet_fence_get_driver_name(struct dma_fence *fence)
{
	return "duet";
}

static const char *duet_fence_get_timeline_name(struct dma_fence *fence)
{
	return to_duet_fence(fence)->timeline;
}

static const struct dma_fence_ops duet_fence_ops = {
	.get_driver_name = duet_fence_get_driver_name,
	.get_timeline_name = duet_fence_get_timeline_name,
};

/**
 * duet_fence_init_locked() - make @fence the next hardware fence of @engine
 * @fence: a zeroed &struct duet_fence
 * @engine: the engine, with its lock held
 *
 * The fence gets one reference and the engine's next seqno.
 */
void duet_fence_init_locked(struct duet_fence *fence,
			    struct duet_core_engine *engine)
{
	lockdep_assert_held(&engine->lock);

	INIT_LIST_HEAD(&fence->link);
	fence->timeline = duet_fence_timelines[engine->id];
	dma_fence_init(&fence->base, &duet_fence_ops, &engine->lock,
		       engine->fence_context, engine->next_seqno++);
}
