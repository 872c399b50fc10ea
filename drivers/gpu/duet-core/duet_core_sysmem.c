// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet system memory
 *
 * System memory that the device reaches through the card's GART
 * (duet_core_gart.c) is a &struct duet_sysmem, shared by every buffer
 * object that uses it (a BO and its imports into the other node of the
 * card) and reference counted like a VRAM range. It has one of two
 * backings:
 *
 * - memory of our own, for BO_CREATE with DRM_DUET_BO_SYSTEM: the pages of
 *   the BO's shmem file, read in (so zero-filled) and pinned for the
 *   buffer's lifetime (the mapping is marked unevictable), then mapped for
 *   the card with the DMA API, as if an IOMMU were there;
 * - a foreign dma-buf (vgem, udmabuf, another driver's buffer): the card
 *   attaches to it and maps the attachment, which pins it at the exporter
 *   for as long as the attachment lives.
 *
 * Either way the DMA addresses are written into a contiguous range of the
 * aperture, so the buffer has one device address. When the last BO goes,
 * the range is released; the pages are unmapped from the DMA API and
 * unpinned (or the attachment unmapped and detached, dropping the dma-buf)
 * only once the GART has made sure the device can no longer reach them.
 * That can be after the card is gone: the backing holds the struct device
 * it was mapped for.
 */

#include <linux/dma-buf.h>
#include <linux/dma-direction.h>
#include <linux/dma-mapping.h>
#include <linux/file.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/sched/signal.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>

#include "duet_core_sysmem.h"

/* Free whatever part of @sysmem was set up. */
static void duet_sysmem_free(struct duet_sysmem *sysmem)
{
	unsigned long i;

	if (sysmem->attach) {
		struct dma_buf *dma_buf = sysmem->attach->dmabuf;

		if (!IS_ERR_OR_NULL(sysmem->import_sgt))
			dma_buf_unmap_attachment_unlocked(sysmem->attach,
							  sysmem->import_sgt,
							  DMA_BIDIRECTIONAL);
		dma_buf_detach(dma_buf, sysmem->attach);
		dma_buf_put(dma_buf);
	}
	if (sysmem->dma_dev) {
		dma_unmap_sgtable(sysmem->dma_dev, &sysmem->sgt,
				  DMA_BIDIRECTIONAL, 0);
		put_device(sysmem->dma_dev);
	}
	sg_free_table(&sysmem->sgt);
	for (i = 0; i < sysmem->num_pages; i++)
		put_page(sysmem->pages[i]);
	kvfree(sysmem->pages);
	if (sysmem->file)
		fput(sysmem->file);
	kfree(sysmem);
}

static void duet_sysmem_range_release(struct duet_gart_range *range)
{
	duet_sysmem_free(container_of(range, struct duet_sysmem, range));
}

static struct duet_sysmem *duet_sysmem_alloc(u64 size)
{
	struct duet_sysmem *sysmem;

	sysmem = kzalloc_obj(*sysmem, GFP_KERNEL);
	if (!sysmem)
		return NULL;
	kref_init(&sysmem->ref);
	sysmem->size = size;
	sysmem->range.release = duet_sysmem_range_release;
	return sysmem;
}

/* Read in and pin every page of @sysmem->file. */
static int duet_sysmem_pin_pages(struct duet_sysmem *sysmem)
{
	struct address_space *mapping = sysmem->file->f_mapping;
	unsigned long count = sysmem->size >> PAGE_SHIFT;
	struct page *page;

	sysmem->pages = kvmalloc_array(count, sizeof(*sysmem->pages), GFP_KERNEL);
	if (!sysmem->pages)
		return -ENOMEM;

	mapping_set_unevictable(mapping);
	while (sysmem->num_pages < count) {
		if (fatal_signal_pending(current))
			return -ERESTARTSYS;
		page = shmem_read_mapping_page_gfp(mapping, sysmem->num_pages,
						   mapping_gfp_mask(mapping));
		if (IS_ERR(page))
			return PTR_ERR(page);
		sysmem->pages[sysmem->num_pages++] = page;
		cond_resched();
	}
	return 0;
}

/**
 * duet_sysmem_create() - pin a shmem file's pages and map them in the GART
 * @gart: the card's GART
 * @node: node to account the memory to
 * @file: a shmem file of @size bytes (a GEM object's); referenced
 * @size: a non-zero multiple of PAGE_SIZE
 *
 * Return: the memory, or ERR_PTR(-ENOMEM), -ERESTARTSYS (a fatal signal
 * while reading in pages), or an error of duet_gart_range_map().
 */
struct duet_sysmem *duet_sysmem_create(struct duet_gart *gart,
				       enum duet_core_node node,
				       struct file *file, u64 size)
{
	struct device *dev = gart->dev;
	struct duet_sysmem *sysmem;
	int ret;

	sysmem = duet_sysmem_alloc(size);
	if (!sysmem)
		return ERR_PTR(-ENOMEM);
	sysmem->file = get_file(file);

	ret = duet_sysmem_pin_pages(sysmem);
	if (ret)
		goto err_free;

	ret = sg_alloc_table_from_pages(&sysmem->sgt, sysmem->pages,
					sysmem->num_pages, 0, size, GFP_KERNEL);
	if (ret)
		goto err_free;
	ret = dma_map_sgtable(dev, &sysmem->sgt, DMA_BIDIRECTIONAL, 0);
	if (ret)
		goto err_free;
	sysmem->dma_dev = get_device(dev);

	/* On failure the GART frees @sysmem (once it is unreachable). */
	ret = duet_gart_range_map(gart, &sysmem->range, node, &sysmem->sgt);
	if (ret)
		return ERR_PTR(ret);
	return sysmem;

err_free:
	duet_sysmem_free(sysmem);
	return ERR_PTR(ret);
}

/**
 * duet_sysmem_import() - attach the card to a foreign dma-buf and map it
 * @gart: the card's GART
 * @node: node to account the memory to
 * @dma_buf: the buffer; the import takes its own reference
 *
 * Return: the memory, ERR_PTR(-EINVAL) for a buffer whose pages the GART
 * cannot map (not page aligned, smaller than its size), an error of the
 * exporter's attach or map callbacks, or of duet_gart_range_map().
 */
struct duet_sysmem *duet_sysmem_import(struct duet_gart *gart,
				       enum duet_core_node node,
				       struct dma_buf *dma_buf)
{
	struct dma_buf_attachment *attach;
	struct duet_sysmem *sysmem;
	struct scatterlist *sg;
	u64 mapped = 0;
	unsigned int i;
	int ret;

	if (!dma_buf->size || !PAGE_ALIGNED(dma_buf->size))
		return ERR_PTR(-EINVAL);

	sysmem = duet_sysmem_alloc(dma_buf->size);
	if (!sysmem)
		return ERR_PTR(-ENOMEM);

	attach = dma_buf_attach(dma_buf, gart->dev);
	if (IS_ERR(attach)) {
		kfree(sysmem);
		return ERR_CAST(attach);
	}
	get_dma_buf(dma_buf);
	sysmem->attach = attach;

	sysmem->import_sgt = dma_buf_map_attachment_unlocked(attach,
							     DMA_BIDIRECTIONAL);
	if (IS_ERR(sysmem->import_sgt)) {
		ret = PTR_ERR(sysmem->import_sgt);
		goto err_free;
	}
	for_each_sgtable_dma_sg(sysmem->import_sgt, sg, i)
		mapped += sg_dma_len(sg);
	if (mapped < dma_buf->size) {
		ret = -EINVAL;
		goto err_free;
	}

	ret = duet_gart_range_map(gart, &sysmem->range, node, sysmem->import_sgt);
	if (ret)
		return ERR_PTR(ret);
	return sysmem;

err_free:
	duet_sysmem_free(sysmem);
	return ERR_PTR(ret);
}

/**
 * duet_sysmem_get() - take a reference
 * @sysmem: the memory
 *
 * Return: @sysmem
 */
struct duet_sysmem *duet_sysmem_get(struct duet_sysmem *sysmem)
{
	kref_get(&sysmem->ref);
	return sysmem;
}

static void duet_sysmem_release(struct kref *ref)
{
	struct duet_sysmem *sysmem = container_of(ref, struct duet_sysmem, ref);

	duet_gart_range_release(&sysmem->range);
}

/**
 * duet_sysmem_put() - drop a reference
 * @sysmem: the memory
 *
 * The last one releases its GART range; the pages follow once the device
 * can no longer reach them. Sleeps; safe after the card is gone.
 */
void duet_sysmem_put(struct duet_sysmem *sysmem)
{
	kref_put(&sysmem->ref, duet_sysmem_release);
}
