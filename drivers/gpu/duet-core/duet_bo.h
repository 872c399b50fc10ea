/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_BO_H__
#define __DUET_BO_H__

#include <drm/drm_gem.h>

struct dma_buf;
struct duet_vram_alloc;

/**
 * struct duet_bo - a GEM buffer object in VRAM
 * @base: the GEM object, owned by one child's DRM device
 * @alloc: the VRAM range, shared with every BO imported from this one
 * @import: for a BO imported from the other child, the dma-buf it came
 *          from (referenced, so that @base.resv stays valid); else NULL
 */
struct duet_bo {
	struct drm_gem_object base;
	struct duet_vram_alloc *alloc;
	struct dma_buf *import;
};

static inline struct duet_bo *to_duet_bo(struct drm_gem_object *obj)
{
	return container_of(obj, struct duet_bo, base);
}

bool duet_bo_is_duet(struct drm_gem_object *obj);

#endif /* __DUET_BO_H__ */
