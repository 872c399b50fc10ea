/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_CORE_SYSMEM_H__
#define __DUET_CORE_SYSMEM_H__

#include <linux/duet_core.h>
#include <linux/kref.h>
#include <linux/scatterlist.h>
#include <linux/types.h>

#include "duet_core_gart.h"

struct dma_buf;
struct dma_buf_attachment;
struct file;
struct page;

/**
 * struct duet_sysmem - system memory the device reaches through the GART
 * @ref: one per buffer object that uses it
 * @range: its range of the GART aperture
 * @size: size in bytes
 * @dma_dev: the device @sgt is mapped for, referenced; NULL until it is
 * @file: for memory of our own, the shmem file holding the pages (the
 *        creating BO's), referenced
 * @pages: for memory of our own, its pages, pinned
 * @num_pages: entries of @pages filled in
 * @sgt: for memory of our own, @pages as mapped for @dma_dev
 * @attach: for an imported foreign dma-buf, the card's attachment (which
 *          holds a reference on the dma-buf); else NULL
 * @import_sgt: for an imported dma-buf, its pages as mapped for the card
 */
struct duet_sysmem {
	struct kref ref;
	struct duet_gart_range range;
	u64 size;
	struct device *dma_dev;
	struct file *file;
	struct page **pages;
	unsigned long num_pages;
	struct sg_table sgt;
	struct dma_buf_attachment *attach;
	struct sg_table *import_sgt;
};

struct duet_sysmem *duet_sysmem_create(struct duet_gart *gart,
				       enum duet_core_node node,
				       struct file *file, u64 size);
struct duet_sysmem *duet_sysmem_import(struct duet_gart *gart,
				       enum duet_core_node node,
				       struct dma_buf *dma_buf);
struct duet_sysmem *duet_sysmem_get(struct duet_sysmem *sysmem);
void duet_sysmem_put(struct duet_sysmem *sysmem);

static inline u64 duet_sysmem_device_address(struct duet_sysmem *sysmem)
{
	return duet_gart_range_address(&sysmem->range);
}

#endif /* __DUET_CORE_SYSMEM_H__ */
