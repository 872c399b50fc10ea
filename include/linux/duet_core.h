/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __LINUX_DUET_CORE_H__
#define __LINUX_DUET_CORE_H__

/**
 * DOC: Duet parent/child contract
 *
 * duet_core is the PCI driver that owns a Duet card. For every card it
 * creates two auxiliary devices:
 *
 * - ``duet_core.gfx.<id>``, bound by duet_drm (DRIVER_RENDER), and
 * - ``duet_core.accel.<id>``, bound by duet_accel (DRIVER_COMPUTE_ACCEL),
 *
 * where ``<id>`` is ``(PCI domain << 16) | PCI BDF`` of the card, so several
 * cards coexist. Each auxiliary device is embedded in a &struct
 * duet_core_adev whose @core member is the children's only handle on the
 * card. The functions declared here are exported in the ``DUET_CORE``
 * symbol namespace and are the only way children reach the parent; they
 * never look inside &struct duet_core.
 *
 * Lifetime: the parent deletes both auxiliary devices before it releases
 * any card resource. A child may keep its &struct drm_device (and so its
 * @core pointer) after its auxiliary device is gone, because userspace can
 * still hold file descriptors; it must therefore call into the parent only
 * inside drm_dev_enter()/drm_dev_exit(), which fails once the child has
 * called drm_dev_unplug() from its remove callback.
 */

#include <linux/auxiliary_bus.h>
#include <linux/types.h>
#include <uapi/drm/duet_common.h>

struct dma_buf;
struct drm_device;
struct drm_file;
struct drm_gem_object;
struct drm_printer;
struct duet_core;
struct duet_ctx;

#define DUET_CORE_ADEV_GFX		"gfx"
#define DUET_CORE_ADEV_ACCEL		"accel"

#define DUET_CORE_MAX_ENGINES		8

/**
 * enum duet_core_node - which child a buffer is accounted to
 * @DUET_CORE_NODE_RENDER: the render node (duet_drm)
 * @DUET_CORE_NODE_ACCEL: the accel node (duet_accel)
 * @DUET_CORE_NODE_COUNT: number of nodes
 */
enum duet_core_node {
	DUET_CORE_NODE_RENDER,
	DUET_CORE_NODE_ACCEL,
	DUET_CORE_NODE_COUNT,
};

/**
 * struct duet_submit_args - a SUBMIT ioctl's job, whichever node it came to
 * @commands: user pointer to the &struct drm_duet_cmd array
 * @num_commands: number of commands
 * @in_syncs: user pointer to the &struct drm_duet_sync array to wait on
 * @num_in_syncs: number of in-syncs
 * @out_sync: syncobj (point) to signal, handle 0 for none
 */
struct duet_submit_args {
	u64 commands;
	u32 num_commands;
	u64 in_syncs;
	u32 num_in_syncs;
	struct drm_duet_sync out_sync;
};

/**
 * struct duet_core_adev - an auxiliary device of a Duet card
 * @adev: the auxiliary device; its name selects the child driver
 * @core: the card; valid while the auxiliary device is bound
 */
struct duet_core_adev {
	struct auxiliary_device adev;
	struct duet_core *core;
};

static inline struct duet_core_adev *
to_duet_core_adev(struct auxiliary_device *adev)
{
	return container_of(adev, struct duet_core_adev, adev);
}

u64 duet_core_vram_available(struct duet_core *core);
unsigned int duet_core_node_engines(struct duet_core *core,
				    enum duet_core_node node,
				    unsigned int map[DUET_CORE_MAX_ENGINES]);
int duet_core_get_param(struct duet_core *core, const unsigned int *map,
			unsigned int num_engines, u32 param, u32 index,
			u64 *value);

int duet_bo_create_handle(struct drm_file *file, struct duet_core *core,
			  enum duet_core_node node, u64 *size, u32 *handle);
int duet_bo_info(struct drm_file *file, u32 handle, u64 *size,
		 u64 *mmap_offset, u64 *device_address);
struct drm_gem_object *duet_bo_prime_import(struct drm_device *drm,
					    struct duet_core *core,
					    struct dma_buf *dma_buf);
void duet_bo_show_fdinfo(struct drm_printer *p, struct drm_file *file);
void duet_bo_unmap_all(struct drm_device *drm);

struct duet_ctx *duet_ctx_create(struct duet_core *core,
				 enum duet_core_node node);
void duet_ctx_destroy(struct duet_ctx *ctx);
void duet_ctx_show_fdinfo(struct duet_ctx *ctx, struct drm_printer *p);
int duet_submit(struct drm_file *file, struct duet_ctx *ctx,
		unsigned int engine_id, const struct duet_submit_args *args);

#endif /* __LINUX_DUET_CORE_H__ */
