// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet GART
 *
 * A card with DUET_CAP_GART reaches system memory through its GART: an
 * aperture of device addresses (at DUET_GART_DEVICE_BASE) whose pages the
 * device translates through a table of 64-bit entries that the driver keeps
 * in VRAM (see Documentation/gpu/duet/duet-hw.rst). duet_core owns one GART
 * per card. Its table is a kernel allocation from the VRAM pool, made at
 * probe time, so it shows as ``used-kernel`` in the pool's debugfs file and
 * is not part of VRAM_AVAILABLE; VRAM_SIZE stays the size of the device's
 * VRAM.
 *
 * The aperture is managed by a &struct drm_mm in GART pages. A buffer that
 * the device must reach (a system-memory BO, a foreign dma-buf; see
 * duet_core_sysmem.c) is a &struct duet_gart_range: duet_gart_range_map()
 * finds a contiguous range of the aperture, writes one entry per page (the
 * DMA address the DMA API gave for the card, with DUET_GART_ENTRY_VALID)
 * and asks the device to invalidate its translations, waiting for the
 * acknowledgment. The device address of the buffer is the start of its
 * range, so a command names a system buffer exactly as it names a VRAM one
 * and the same bounds checks keep it inside the buffer.
 *
 * Unmapping is the reverse and is deferred: a range is released when the
 * last buffer object using it is freed, which is after every job that used
 * it has completed (jobs hold their BOs until they are freed). The release
 * queues the range; a work item on duet_core_wq clears the entries of every
 * queued range, invalidates once for all of them and, only when the device
 * has acknowledged (so no command can use the old translations any more),
 * gives the pages back to their owner. Until then the aperture range is not
 * reused either.
 *
 * A wedged card (duet_core_sched.c) quarantines its GART as it does its
 * VRAM pool: an engine that may still execute may still use translations,
 * so released ranges stay mapped and their pages stay pinned until the
 * quarantine ends (every engine acknowledged a reset) or the card goes
 * away. When the card goes away (after its engines were reset), the GART
 * is disabled and invalidated; if the device does not acknowledge that,
 * bus mastering is turned off, the answer real hardware gives, before the
 * pages are released. Buffers outlive the card: their pages are released
 * when they are freed, without touching the hardware.
 *
 * An invalidation that is not acknowledged within
 * DUET_GART_INVALIDATE_TIMEOUT_MS fails the mapping that asked for it
 * (-EIO) and leaves released ranges queued, mapped and pinned, until a
 * later invalidation is acknowledged.
 */

#include <drm/drm_print.h>
#include <linux/dma-mapping.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/iopoll.h>
#include <linux/scatterlist.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string_choices.h>

#include "duet_core_drv.h"
#include "duet_core_gart.h"
#include "duet_core_hw.h"
#include "duet_core_vram.h"

#define DUET_GART_INVALIDATE_TIMEOUT_MS	2000
/* Entries are 8 bytes: an aperture of 16 Mi pages (64 GiB) needs 128 MiB. */
#define DUET_GART_MAX_PAGES		SZ_16M

static const char *const duet_gart_node_names[DUET_CORE_NODE_COUNT] = {
	[DUET_CORE_NODE_RENDER] = "render",
	[DUET_CORE_NODE_ACCEL] = "accel",
};

static void duet_gart_free(struct kref *ref)
{
	struct duet_gart *gart = container_of(ref, struct duet_gart, ref);

	drm_mm_takedown(&gart->mm);
	mutex_destroy(&gart->lock);
	put_device(gart->dev);
	kfree(gart);
}

/*
 * Ask the device to make its translations match the table, and wait until
 * no command uses an older one.
 */
static int duet_gart_invalidate_locked(struct duet_gart *gart)
{
	u32 seqno = ++gart->seqno, ack;
	int ret;

	lockdep_assert_held(&gart->lock);

	/* The entries go through a write-combined mapping: flush them first. */
	wmb();
	iowrite32(seqno, gart->hdr + DUET_HDR_GART_INVALIDATE);
	iowrite32(gart->doorbell_value, gart->doorbell);
	ret = readx_poll_timeout(ioread32, gart->hdr + DUET_HDR_GART_INVALIDATE_ACK,
				 ack, ack == seqno, 20,
				 DUET_GART_INVALIDATE_TIMEOUT_MS * USEC_PER_MSEC);
	if (ret) {
		gart->timeouts++;
		dev_err(gart->dev, "GART invalidation %u not acknowledged (last %u)\n",
			seqno, ack);
		return -EIO;
	}
	gart->invalidations++;
	return 0;
}

static void duet_gart_clear_locked(struct duet_gart *gart,
				   struct duet_gart_range *range)
{
	u64 i;

	for (i = 0; i < range->node.size; i++)
		writeq(0, &gart->table[range->node.start + i]);
}

/*
 * Unmap every released range with one invalidation, then give their pages
 * back. Does nothing during a quarantine; leaves them queued if the
 * device does not acknowledge.
 */
static void duet_gart_release_work(struct work_struct *work)
{
	struct duet_gart *gart = container_of(work, struct duet_gart,
					      release_work);
	struct duet_gart_range *range, *tmp;
	LIST_HEAD(done);

	mutex_lock(&gart->lock);
	if (gart->quarantine || list_empty(&gart->released)) {
		mutex_unlock(&gart->lock);
		return;
	}
	if (gart->enabled) {
		list_for_each_entry(range, &gart->released, link)
			duet_gart_clear_locked(gart, range);
		if (duet_gart_invalidate_locked(gart)) {
			mutex_unlock(&gart->lock);
			return;
		}
	}
	list_for_each_entry(range, &gart->released, link)
		drm_mm_remove_node(&range->node);
	list_splice_init(&gart->released, &done);
	gart->released_bytes = 0;
	mutex_unlock(&gart->lock);

	/* Each range holds the GART: the last put may free it. */
	list_for_each_entry_safe(range, tmp, &done, link) {
		list_del(&range->link);
		range->release(range);
		kref_put(&gart->ref, duet_gart_free);
	}
}

/* The card is going away; its engines were reset (duet_core_sched.c). */
static void duet_gart_disable(void *data)
{
	struct duet_gart *gart = data;
	struct duet_vram_alloc *table;

	mutex_lock(&gart->lock);
	gart->quarantine = false;
	iowrite32(0, gart->hdr + DUET_HDR_GART_CONTROL);
	if (duet_gart_invalidate_locked(gart)) {
		dev_err(gart->dev, "GART not disabled by the device: bus mastering turned off\n");
		pci_clear_master(to_pci_dev(gart->dev));
	}
	gart->enabled = false;
	gart->hdr = NULL;
	gart->table = NULL;
	gart->doorbell = NULL;
	table = gart->table_alloc;
	gart->table_alloc = NULL;
	mutex_unlock(&gart->lock);

	duet_vram_alloc_put(table);
	/* What was released meanwhile is unreachable now: give it back. */
	flush_work(&gart->release_work);
	duet_gart_release_work(&gart->release_work);
	kref_put(&gart->ref, duet_gart_free);
}

/**
 * duet_core_gart_init() - set up the GART of a card that has one
 * @core: the card, with its VRAM pool
 *
 * Return: 0 (also for a device without DUET_CAP_GART, whose @core->gart
 * stays NULL), or a negative error code.
 */
int duet_core_gart_init(struct duet_core *core)
{
	struct pci_dev *pdev = core->pdev;
	struct duet_vram_alloc *table;
	struct duet_gart *gart;
	u64 base, table_bytes;
	u32 pages, vector, ack;
	int ret;

	if (!(core->caps & DUET_CAP_GART))
		return 0;

	base = duet_core_hdr_read64(core, DUET_HDR_GART_BASE_LO);
	pages = duet_core_hdr_read(core, DUET_HDR_GART_PAGES);
	vector = duet_core_hdr_read(core, DUET_HDR_GART_DOORBELL_VECTOR);
	if (!pages || pages > DUET_GART_MAX_PAGES ||
	    !IS_ALIGNED(base, DUET_GART_PAGE_SIZE) ||
	    base + (u64)pages * DUET_GART_PAGE_SIZE < base ||
	    (base < core->vram_base + core->info.vram_size &&
	     core->vram_base < base + (u64)pages * DUET_GART_PAGE_SIZE) ||
	    vector >= core->num_vectors) {
		duet_core_err(core, "bad GART: %u pages at %#llx, vector %u\n",
			      pages, base, vector);
		return -EINVAL;
	}

	/* Entries hold 64-bit bus addresses. */
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (ret)
		return ret;

	table_bytes = PAGE_ALIGN((u64)pages * sizeof(u64));
	table = duet_vram_alloc_create(core->vram, DUET_VRAM_KERNEL, table_bytes);
	if (IS_ERR(table))
		return PTR_ERR(table);

	gart = kzalloc_obj(*gart, GFP_KERNEL);
	if (!gart) {
		duet_vram_alloc_put(table);
		return -ENOMEM;
	}
	kref_init(&gart->ref);
	mutex_init(&gart->lock);
	drm_mm_init(&gart->mm, 0, pages);
	INIT_LIST_HEAD(&gart->released);
	INIT_WORK(&gart->release_work, duet_gart_release_work);
	gart->dev = get_device(&pdev->dev);
	gart->hdr = core->hdr;
	gart->table_alloc = table;
	gart->table = (u64 __iomem *)(core->vram->cpu + table->offset);
	gart->doorbell = core->regs + DUET_REG_DOORBELL;
	gart->doorbell_value = DUET_DOORBELL(core->device_peer, vector);
	gart->device_base = base;
	gart->num_pages = pages;
	/* A previous driver instance may have left any number acknowledged. */
	ack = duet_core_hdr_read(core, DUET_HDR_GART_INVALIDATE_ACK);
	gart->seqno = ack;
	gart->enabled = true;

	/* The table is zeroed: every entry invalid. */
	duet_core_hdr_write(core, DUET_HDR_GART_TABLE_LO, lower_32_bits(table->offset));
	duet_core_hdr_write(core, DUET_HDR_GART_TABLE_HI, upper_32_bits(table->offset));
	duet_core_hdr_write(core, DUET_HDR_GART_CONTROL, DUET_GART_CONTROL_ENABLE);
	mutex_lock(&gart->lock);
	ret = duet_gart_invalidate_locked(gart);
	mutex_unlock(&gart->lock);
	core->gart = gart;
	ret = devm_add_action_or_reset(&pdev->dev, duet_gart_disable, gart) ?: ret;
	if (ret)
		core->gart = NULL;
	return ret;
}

/**
 * duet_gart_range_map() - map DMA-mapped pages into the aperture
 * @gart: the card's GART
 * @range: the range to set up; @range->release must be set
 * @acct: node to account the range to
 * @sgt: the pages, mapped for the card with the DMA API; every DMA segment
 *       must start and end on a GART page boundary
 *
 * On success the device reaches the pages at duet_gart_range_address()
 * until duet_gart_range_release(). On failure @range->release has been
 * called, or will be once the device can no longer reach the pages.
 *
 * Return: 0, -EINVAL for segments that are not page aligned, -ENOSPC if
 * the aperture has no contiguous range that large, -ENODEV if the card is
 * gone, -EIO while it is wedged or if the device did not acknowledge the
 * new entries.
 */
int duet_gart_range_map(struct duet_gart *gart, struct duet_gart_range *range,
			enum duet_core_node acct, struct sg_table *sgt)
{
	struct scatterlist *sg;
	u64 pages = 0, index;
	unsigned int i;
	int ret;

	for_each_sgtable_dma_sg(sgt, sg, i) {
		if (!IS_ALIGNED(sg_dma_address(sg) | sg_dma_len(sg),
				DUET_GART_PAGE_SIZE)) {
			range->release(range);
			return -EINVAL;
		}
		pages += sg_dma_len(sg) / DUET_GART_PAGE_SIZE;
	}
	if (!pages) {
		range->release(range);
		return -EINVAL;
	}

	mutex_lock(&gart->lock);
	if (!gart->enabled)
		ret = -ENODEV;
	else if (gart->quarantine)
		ret = -EIO;
	else
		ret = drm_mm_insert_node(&gart->mm, &range->node, pages);
	if (ret == -ENOSPC && !list_empty(&gart->released)) {
		/* Space that is only waiting for its invalidation: wait for it. */
		mutex_unlock(&gart->lock);
		flush_work(&gart->release_work);
		mutex_lock(&gart->lock);
		if (!gart->enabled)
			ret = -ENODEV;
		else if (gart->quarantine)
			ret = -EIO;
		else
			ret = drm_mm_insert_node(&gart->mm, &range->node, pages);
	}
	if (ret) {
		mutex_unlock(&gart->lock);
		range->release(range);
		/* drm_mm says -ENOSPC for a full aperture. */
		return ret;
	}

	kref_get(&gart->ref);
	range->gart = gart;
	range->acct = acct;
	gart->used[acct] += pages * DUET_GART_PAGE_SIZE;
	index = range->node.start;
	for_each_sgtable_dma_sg(sgt, sg, i) {
		dma_addr_t addr = sg_dma_address(sg);
		u64 off;

		for (off = 0; off < sg_dma_len(sg); off += DUET_GART_PAGE_SIZE)
			writeq((addr + off) | DUET_GART_ENTRY_VALID,
			       &gart->table[index++]);
	}
	ret = duet_gart_invalidate_locked(gart);
	mutex_unlock(&gart->lock);
	if (ret)
		duet_gart_range_release(range);
	return ret;
}

/**
 * duet_gart_range_release() - unmap a range and then give its pages back
 * @range: a range mapped by duet_gart_range_map()
 *
 * Returns at once; @range->release is called from duet_core_wq once the
 * device can no longer reach the pages. Sleeps (takes a mutex).
 */
void duet_gart_range_release(struct duet_gart_range *range)
{
	struct duet_gart *gart = range->gart;

	mutex_lock(&gart->lock);
	gart->used[range->acct] -= range->node.size * DUET_GART_PAGE_SIZE;
	gart->released_bytes += range->node.size * DUET_GART_PAGE_SIZE;
	list_add_tail(&range->link, &gart->released);
	/*
	 * Queued under the lock: once it is dropped the work may give the
	 * range back, and the range's reference on the GART with it.
	 */
	if (!gart->quarantine)
		queue_work(duet_core_wq, &gart->release_work);
	mutex_unlock(&gart->lock);
}

/**
 * duet_gart_range_address() - device address of a mapped range
 * @range: the range
 *
 * Return: the device address of its first byte.
 */
u64 duet_gart_range_address(const struct duet_gart_range *range)
{
	return range->gart->device_base + range->node.start * DUET_GART_PAGE_SIZE;
}

/**
 * duet_gart_set_quarantine() - start or end a GART's quarantine
 * @gart: the GART
 * @on: true when the card is wedged, false once it recovered
 *
 * Ending it unmaps and gives back what was released meanwhile.
 */
void duet_gart_set_quarantine(struct duet_gart *gart, bool on)
{
	mutex_lock(&gart->lock);
	gart->quarantine = on;
	mutex_unlock(&gart->lock);
	if (!on)
		queue_work(duet_core_wq, &gart->release_work);
}

/**
 * duet_gart_clear_page() - invalidate the entry of one mapped page
 * @gart: the GART
 * @address: a device address in the aperture
 *
 * For debugfs ``gart_clear``, a test interface: the page faults from now
 * on. The range stays allocated until its owner releases it.
 *
 * Return: 0, -EINVAL for an address outside the aperture, -ENODEV once
 * the card is gone, -EIO if the device did not acknowledge.
 */
int duet_gart_clear_page(struct duet_gart *gart, u64 address)
{
	u64 page;
	int ret;

	if (address < gart->device_base ||
	    address - gart->device_base >= duet_gart_size(gart))
		return -EINVAL;
	page = (address - gart->device_base) / DUET_GART_PAGE_SIZE;

	mutex_lock(&gart->lock);
	if (!gart->enabled) {
		ret = -ENODEV;
	} else {
		writeq(0, &gart->table[page]);
		ret = duet_gart_invalidate_locked(gart);
	}
	mutex_unlock(&gart->lock);
	return ret;
}

/**
 * duet_gart_size() - size of the aperture
 * @gart: the GART
 *
 * Return: its size in bytes.
 */
u64 duet_gart_size(struct duet_gart *gart)
{
	return (u64)gart->num_pages * DUET_GART_PAGE_SIZE;
}

/**
 * duet_gart_available() - free space of the aperture
 * @gart: the GART
 *
 * Return: bytes neither mapped nor waiting to be unmapped (not necessarily
 * contiguous).
 */
u64 duet_gart_available(struct duet_gart *gart)
{
	u64 used;

	mutex_lock(&gart->lock);
	used = gart->used[DUET_CORE_NODE_RENDER] + gart->used[DUET_CORE_NODE_ACCEL] +
	       gart->released_bytes;
	mutex_unlock(&gart->lock);
	return duet_gart_size(gart) - used;
}

/**
 * duet_gart_show() - print a GART's state
 * @gart: the GART
 * @m: the seq_file to print to
 */
void duet_gart_show(struct duet_gart *gart, struct seq_file *m)
{
	struct drm_printer p = drm_seq_file_printer(m);
	enum duet_core_node node;

	mutex_lock(&gart->lock);
	seq_printf(m, "base: %#llx\n", gart->device_base);
	seq_printf(m, "size: %llu\n", duet_gart_size(gart));
	for (node = 0; node < DUET_CORE_NODE_COUNT; node++)
		seq_printf(m, "used-%s: %llu\n", duet_gart_node_names[node],
			   gart->used[node]);
	seq_printf(m, "released: %llu\n", gart->released_bytes);
	seq_printf(m, "enabled: %s\n", str_yes_no(gart->enabled));
	seq_printf(m, "quarantine: %s\n", str_yes_no(gart->quarantine));
	seq_printf(m, "invalidations: %llu\n", gart->invalidations);
	seq_printf(m, "timeouts: %llu\n", gart->timeouts);
	seq_puts(m, "ranges (first page, pages):\n");
	drm_mm_print(&gart->mm, &p);
	mutex_unlock(&gart->lock);
}
