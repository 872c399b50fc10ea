// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet node devices
 *
 * Both children are thin: a &struct drm_driver with their own features,
 * ioctl numbers and file operations, bound to their auxiliary device. The
 * behaviour behind them is one implementation in duet_core: the children
 * embed a &struct duet_core_node_dev, point &drm_device.dev_private at it,
 * and register duet_core's ioctl handlers and &drm_driver hooks
 * (open, postclose, gem_prime_import, show_fdinfo).
 *
 * The render and accel uAPI structs of each ioctl have the same layout
 * (checked below at build time), so one handler serves both nodes; the
 * node device says which engines the node sees. Every handler checks all
 * of its input, including flags and padding, and reaches the card only
 * between drm_dev_enter() and drm_dev_exit(): once a child is unbound its
 * files get -ENODEV.
 */

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_print.h>
#include <linux/pci.h>
#include <linux/stddef.h>
#include <uapi/drm/duet_accel.h>
#include <uapi/drm/duet_drm.h>

#include "duet_bo.h"
#include "duet_core_drv.h"
#include "duet_ctx.h"
#include "duet_job.h"

/* Same sizes, and the last field at the same place: same layouts. */
static_assert(sizeof(struct drm_duet_get_param) ==
	      sizeof(struct drm_duet_accel_get_param));
static_assert(offsetof(struct drm_duet_get_param, pad) ==
	      offsetof(struct drm_duet_accel_get_param, pad));
static_assert(DRM_DUET_ACCEL_BO_SYSTEM == DRM_DUET_BO_SYSTEM);
static_assert(sizeof(struct drm_duet_bo_create) ==
	      sizeof(struct drm_duet_accel_bo_create));
static_assert(offsetof(struct drm_duet_bo_create, handle) ==
	      offsetof(struct drm_duet_accel_bo_create, handle));
static_assert(sizeof(struct drm_duet_bo_info) ==
	      sizeof(struct drm_duet_accel_bo_info));
static_assert(offsetof(struct drm_duet_bo_info, device_address) ==
	      offsetof(struct drm_duet_accel_bo_info, device_address));
static_assert(sizeof(struct drm_duet_submit) ==
	      sizeof(struct drm_duet_accel_submit));
static_assert(offsetof(struct drm_duet_submit, out_sync) ==
	      offsetof(struct drm_duet_accel_submit, out_sync));

static struct duet_core_node_dev *to_node_dev(struct drm_device *drm)
{
	return drm->dev_private;
}

/**
 * duet_core_node_dev_init() - describe a child's DRM device to duet_core
 * @nd: the child's node device
 * @drm: the child's DRM device; its dev_private is pointed at @nd
 * @core: the card
 * @node: which node @drm is
 */
void duet_core_node_dev_init(struct duet_core_node_dev *nd,
			     struct drm_device *drm, struct duet_core *core,
			     enum duet_core_node node)
{
	nd->core = core;
	nd->node = node;
	nd->num_engines = duet_core_node_engines(core, node, nd->engine_map);
	drm->dev_private = nd;
}
EXPORT_SYMBOL_NS_GPL(duet_core_node_dev_init, "DUET_CORE");

/**
 * duet_core_get_param_ioctl() - GET_PARAM of both nodes
 * @drm: the child's DRM device
 * @data: &struct drm_duet_get_param or &struct drm_duet_accel_get_param
 * @file: the caller's file
 *
 * Return: 0, or a negative error code as documented in the uAPI headers.
 */
int duet_core_get_param_ioctl(struct drm_device *drm, void *data,
			      struct drm_file *file)
{
	struct duet_core_node_dev *nd = to_node_dev(drm);
	struct drm_duet_get_param *args = data;
	int idx, ret;

	if (args->flags || args->pad)
		return -EINVAL;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	ret = duet_core_get_param(nd->core, nd->engine_map, nd->num_engines,
				  args->param, args->index, &args->value);
	drm_dev_exit(idx);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(duet_core_get_param_ioctl, "DUET_CORE");

/**
 * duet_core_bo_create_ioctl() - BO_CREATE of both nodes
 * @drm: the child's DRM device
 * @data: &struct drm_duet_bo_create or &struct drm_duet_accel_bo_create
 * @file: the caller's file
 *
 * Return: 0 with a new handle, or a negative error code as documented in
 * the uAPI headers.
 */
int duet_core_bo_create_ioctl(struct drm_device *drm, void *data,
			      struct drm_file *file)
{
	struct duet_core_node_dev *nd = to_node_dev(drm);
	struct drm_duet_bo_create *args = data;

	if (args->flags & ~DRM_DUET_BO_SYSTEM || args->handle)
		return -EINVAL;

	return duet_bo_create_handle(file, nd->core, nd->node, args->flags,
				     &args->size, &args->handle);
}
EXPORT_SYMBOL_NS_GPL(duet_core_bo_create_ioctl, "DUET_CORE");

/**
 * duet_core_bo_info_ioctl() - BO_INFO of both nodes
 * @drm: the child's DRM device
 * @data: &struct drm_duet_bo_info or &struct drm_duet_accel_bo_info
 * @file: the caller's file
 *
 * Return: 0, or a negative error code as documented in the uAPI headers.
 */
int duet_core_bo_info_ioctl(struct drm_device *drm, void *data,
			    struct drm_file *file)
{
	struct drm_duet_bo_info *args = data;

	if (args->flags)
		return -EINVAL;

	return duet_bo_info(file, args->handle, &args->size,
			    &args->mmap_offset, &args->device_address);
}
EXPORT_SYMBOL_NS_GPL(duet_core_bo_info_ioctl, "DUET_CORE");

/**
 * duet_core_submit_ioctl() - SUBMIT of both nodes
 * @drm: the child's DRM device
 * @data: &struct drm_duet_submit or &struct drm_duet_accel_submit
 * @file: the caller's file
 *
 * Maps the node's engine index to the hardware engine and queues the job.
 *
 * Return: 0 once the job is queued, or a negative error code as documented
 * in the uAPI headers.
 */
int duet_core_submit_ioctl(struct drm_device *drm, void *data,
			   struct drm_file *file)
{
	struct duet_core_node_dev *nd = to_node_dev(drm);
	struct drm_duet_submit *args = data;
	int idx, ret;

	if (args->flags || args->engine >= nd->num_engines)
		return -EINVAL;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	ret = duet_submit(file, file->driver_priv, nd->engine_map[args->engine],
			  args);
	drm_dev_exit(idx);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(duet_core_submit_ioctl, "DUET_CORE");

/**
 * duet_core_open() - &drm_driver.open of both children
 * @drm: the child's DRM device
 * @file: the new file
 *
 * Return: 0 with the file's submission context set up, or a negative
 * error code.
 */
int duet_core_open(struct drm_device *drm, struct drm_file *file)
{
	struct duet_core_node_dev *nd = to_node_dev(drm);
	struct duet_ctx *ctx;
	int idx;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	ctx = duet_ctx_create(nd->core, nd->node, drm->driver->fops->owner);
	drm_dev_exit(idx);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);

	file->driver_priv = ctx;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(duet_core_open, "DUET_CORE");

/**
 * duet_core_postclose() - &drm_driver.postclose of both children
 * @drm: the child's DRM device
 * @file: the file being closed
 */
void duet_core_postclose(struct drm_device *drm, struct drm_file *file)
{
	duet_ctx_destroy(file->driver_priv);
}
EXPORT_SYMBOL_NS_GPL(duet_core_postclose, "DUET_CORE");

/**
 * duet_core_gem_prime_import() - &drm_driver.gem_prime_import of both
 * @drm: the importing child's DRM device
 * @dma_buf: the buffer to import
 *
 * Return: see duet_bo_prime_import().
 */
struct drm_gem_object *duet_core_gem_prime_import(struct drm_device *drm,
						  struct dma_buf *dma_buf)
{
	struct duet_core_node_dev *nd = to_node_dev(drm);

	return duet_bo_prime_import(drm, nd->core, nd->node, dma_buf);
}
EXPORT_SYMBOL_NS_GPL(duet_core_gem_prime_import, "DUET_CORE");

/**
 * duet_core_show_fdinfo() - &drm_driver.show_fdinfo of both children
 * @p: the fdinfo printer
 * @file: the file
 *
 * The card's PCI address (``drm-pdev``) on the accel node, memory keys
 * (see duet_bo.c) and per-engine busy time (see duet_ctx.c).
 */
void duet_core_show_fdinfo(struct drm_printer *p, struct drm_file *file)
{
	struct duet_core_node_dev *nd = to_node_dev(file->minor->dev);

	/*
	 * drm_show_fdinfo() prints drm-pdev only for a DRM device whose
	 * parent is a PCI device; the accel node's parent is its auxiliary
	 * device. Tools tie clients to cards by it: print the card's.
	 */
	if (!dev_is_pci(file->minor->dev->dev))
		drm_printf(p, "drm-pdev:\t%s\n", pci_name(nd->core->pdev));
	duet_bo_show_fdinfo(p, file);
	duet_ctx_show_fdinfo(file->driver_priv, p);
}
EXPORT_SYMBOL_NS_GPL(duet_core_show_fdinfo, "DUET_CORE");
