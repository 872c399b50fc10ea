/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_FENCE_H__
#define __DUET_FENCE_H__

#include <linux/dma-fence.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/spinlock.h>

/**
 * struct duet_fence_timeline - the hardware fence timeline of one engine
 * @ref: held by the engine and by every fence of the timeline
 * @lock: the lock of every fence of the timeline, and the engine's lock
 *        (see &struct duet_core_engine)
 * @context: the timeline's dma-fence context
 * @name: "<PCI device>-<engine name>", for dma_fence_ops
 *
 * A timeline lives in its own allocation and is freed with its last fence,
 * so a fence that outlives its card (or the card's engines) still has a
 * valid lock and name.
 */
struct duet_fence_timeline {
	struct kref ref;
	spinlock_t lock; /* Fences; the engine's state, see duet_core_drv.h */
	u64 context;
	char name[48];
};

/**
 * struct duet_fence - hardware fence of one job on one engine
 * @base: the fence; its lock is the timeline's lock
 * @timeline: the timeline, referenced
 * @link: entry in the engine's list of pending fences
 * @start: when the engine began the job: when it was written to the ring,
 *         or when the fence before it on the engine signalled, whichever
 *         is later (set under the timeline's lock as the fence signals)
 */
struct duet_fence {
	struct dma_fence base;
	struct duet_fence_timeline *timeline;
	struct list_head link;
	ktime_t start;
};

static inline struct duet_fence *to_duet_fence(struct dma_fence *fence)
{
	return container_of(fence, struct duet_fence, base);
}

struct duet_fence_timeline *
duet_fence_timeline_create(const char *dev_name, const char *engine_name);
void duet_fence_timeline_put(struct duet_fence_timeline *tl);
void duet_fence_init_locked(struct duet_fence *fence,
			    struct duet_fence_timeline *tl, u64 seqno);
void duet_fence_free_unused(struct duet_fence *fence);

#endif /* __DUET_FENCE_H__ */
