/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_BO_H__
#define __DUET_BO_H__

#include <drm/drm_gem.h>
#include <linux/duet_core.h>

struct dma_buf;
struct drm_printer;
struct duet_sysmem;
struct duet_vram_alloc;

/**
 * struct duet_bo - a GEM buffer object in VRAM or in system memory
 * @base: the GEM object, owned by one child's DRM device
 * @alloc: the VRAM range, shared with every BO imported from this one;
 *         NULL for system memory
 * @sysmem: the system memory and its GART range, shared likewise; NULL
 *          for VRAM
 * @import: for a BO imported from the other child, the dma-buf it came
 *          from (referenced, so that @base.resv stays valid); else NULL
 *          (a foreign dma-buf is held by @sysmem's attachment)
 * @device_address: device address of the first byte
 */
struct duet_bo {
	struct drm_gem_object base;
	struct duet_vram_alloc *alloc;
	struct duet_sysmem *sysmem;
	struct dma_buf *import;
	u64 device_address;
};

static inline struct duet_bo *to_duet_bo(struct drm_gem_object *obj)
{
	return container_of(obj, struct duet_bo, base);
}

bool duet_bo_is_duet(struct drm_gem_object *obj);
int duet_bo_create_handle(struct drm_file *file, struct duet_core *core,
			  enum duet_core_node node, u32 flags, u64 *size,
			  u32 *handle);
int duet_bo_info(struct drm_file *file, u32 handle, u64 *size,
		 u64 *mmap_offset, u64 *device_address);
struct drm_gem_object *duet_bo_prime_import(struct drm_device *drm,
					    struct duet_core *core,
					    enum duet_core_node node,
					    struct dma_buf *dma_buf);
void duet_bo_show_fdinfo(struct drm_printer *p, struct drm_file *file);

#endif /* __DUET_BO_H__ */
