/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2026 The Duet authors
 */
#ifndef __DUET_COMPAT_H__
#define __DUET_COMPAT_H__

/**
 * DOC: Duet on older kernels
 *
 * The Duet drivers are written against the current kernel API (Debian's
 * 7.3 is the newest kernel they are tested on). This header, force-included
 * by the out-of-tree build (Kbuild) and absent from the in-tree patches,
 * maps that API onto the oldest kernel they are tested on, Debian's 6.12.
 * Kbuild tells it what the kernel lacks by testing the kernel's headers
 * (DUET_COMPAT_* defines), not by version numbers; each block names the
 * release that made the change.
 */

#ifdef DUET_COMPAT_NS_IDENTIFIERS
#include <linux/export.h>
#include <linux/module.h>

/* 6.13: symbol namespaces are string literals. */
#undef MODULE_IMPORT_NS
#define MODULE_IMPORT_NS(ns)	MODULE_INFO(import_ns, ns)
#undef EXPORT_SYMBOL_NS_GPL
#define EXPORT_SYMBOL_NS_GPL(sym, ns)	__EXPORT_SYMBOL(sym, "GPL", ns)
#endif

#ifdef DUET_COMPAT_SCHED_START_NO_ERRNO
#include <drm/gpu_scheduler.h>

/* 6.13: drm_sched_start() takes the error for jobs it drops. */
static inline void duet_compat_sched_start(struct drm_gpu_scheduler *sched,
					   int errno)
{
	drm_sched_start(sched);
}

#define drm_sched_start(sched, errno)	duet_compat_sched_start(sched, errno)
#endif

#ifdef DUET_COMPAT_SCHED_NO_HANG_MISSING
#include <drm/gpu_scheduler.h>

/* 6.17: DRM_GPU_SCHED_STAT_NOMINAL became DRM_GPU_SCHED_STAT_RESET. */
#define DRM_GPU_SCHED_STAT_RESET	DRM_GPU_SCHED_STAT_NOMINAL

/*
 * 6.17: DRM_GPU_SCHED_STAT_NO_HANG, for a timeout that found the job done
 * after all, makes the scheduler put the job back on its pending list
 * (which it took it off to call timedout_job()). Before, the driver does
 * it and returns DRM_GPU_SCHED_STAT_NOMINAL; the job is then freed as
 * usual when its fence has signalled. The constant is used only in
 * timedout_job(), whose job parameter is named sched_job.
 */
static inline enum drm_gpu_sched_stat
duet_compat_sched_no_hang(struct drm_sched_job *job)
{
	spin_lock(&job->sched->job_list_lock);
	list_add(&job->list, &job->sched->pending_list);
	spin_unlock(&job->sched->job_list_lock);
	return DRM_GPU_SCHED_STAT_NOMINAL;
}

#define DRM_GPU_SCHED_STAT_NO_HANG	duet_compat_sched_no_hang(sched_job)
#endif

#ifdef DUET_COMPAT_VMA_IS_COW_MAPPING_MISSING
#include <linux/mm.h>

/* Since 7.x: is_cow_mapping(flags) became vma_is_cow_mapping(vma). */
static inline bool duet_compat_vma_is_cow_mapping(struct vm_area_struct *vma)
{
	return is_cow_mapping(vma->vm_flags);
}

#define vma_is_cow_mapping(vma)	duet_compat_vma_is_cow_mapping(vma)
#endif

#ifdef DUET_COMPAT_ALLOC_OBJ_MISSING
#include <linux/slab.h>

/*
 * Since 7.0 (and later 6.12 stable releases): typed allocators,
 * kzalloc_obj(*p, gfp) for kzalloc(sizeof(*p), gfp). Duet always passes
 * the flags.
 */
#define kzalloc_obj(obj, gfp)	kzalloc(sizeof(obj), gfp)
#define kvzalloc_obj(obj, gfp)	kvzalloc(sizeof(obj), gfp)
#endif

#endif /* __DUET_COMPAT_H__ */
