/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_FENCE_H__
#define __DUET_FENCE_H__

#include <linux/dma-fence.h>
#include <linux/list.h>

struct duet_core_engine;

/**
 * struct duet_fence - hardware fence of one job on one engine
 * @base: the fence; its lock is the engine's lock
 * @link: entry in the engine's list of pending fences
 * @timeline: name of the engine's timeline, a static string
 */
struct duet_fence {
	struct dma_fence base;
	struct list_head link;
	const char *timeline;
};

static inline struct duet_fence *to_duet_fence(struct dma_fence *fence)
{
	return container_of(fence, struct duet_fence, base);
}

void duet_fence_init_locked(struct duet_fence *fence,
			    struct duet_core_engine *engine);

#endif /* __DUET_FENCE_H__ */
