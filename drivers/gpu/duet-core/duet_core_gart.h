/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_CORE_GART_H__
#define __DUET_CORE_GART_H__

#include <drm/drm_mm.h>
#include <linux/duet_core.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>

struct duet_core;
struct duet_gart_range;
struct duet_vram_alloc;
struct seq_file;
struct sg_table;

/**
 * struct duet_gart - a card's GART: the aperture, its table and its users
 * @ref: held by the card while it is bound and by every range
 * @lock: Protects everything below but the constants
 * @mm: the aperture's pages, in GART pages
 * @dev: the PCI device, referenced, that DMA addresses are mapped for
 * @hdr: the card's header page; valid while @enabled
 * @table: CPU mapping of the table in VRAM; valid while @enabled
 * @table_alloc: the table's VRAM range, held while @enabled
 * @doorbell: BAR0's doorbell register; valid while @enabled
 * @doorbell_value: what to write there to ring the GART's device vector
 * @device_base: device address of the aperture's first byte
 * @num_pages: GART pages in the aperture
 * @seqno: last invalidation sequence number written
 * @invalidations: invalidations acknowledged
 * @timeouts: invalidations not acknowledged in time
 * @enabled: false once the card is gone; the hardware is not touched again
 * @quarantine: the card is wedged: released ranges stay mapped and their
 *              pages stay with the GART until the quarantine ends
 * @released: ranges released and not yet unmapped
 * @release_work: unmaps @released (one invalidation for all of them), then
 *                gives each range back to its owner; runs on duet_core_wq
 * @used: bytes mapped per node
 * @released_bytes: bytes on @released
 */
struct duet_gart {
	struct kref ref;
	struct mutex lock; /* Protects mm, the table, released, the state */
	struct drm_mm mm;
	struct device *dev;
	void __iomem *hdr;
	u64 __iomem *table;
	struct duet_vram_alloc *table_alloc;
	void __iomem *doorbell;
	u32 doorbell_value;
	u64 device_base;
	u32 num_pages;
	u32 seqno;
	u64 invalidations;
	u64 timeouts;
	bool enabled;
	bool quarantine;
	struct list_head released;
	struct work_struct release_work;
	u64 used[DUET_CORE_NODE_COUNT];
	u64 released_bytes;
};

/**
 * struct duet_gart_range - pages of the aperture mapped for one buffer
 * @gart: the GART, referenced from duet_gart_range_map() until @release
 *        has run
 * @node: the aperture range
 * @link: entry in &duet_gart.released
 * @acct: node the range is accounted to
 * @release: called once the range is unmapped and the device can no longer
 *           reach its pages (or never could again: the card is gone), from
 *           duet_core_wq; frees the pages and the structure embedding it
 */
struct duet_gart_range {
	struct duet_gart *gart;
	struct drm_mm_node node;
	struct list_head link;
	enum duet_core_node acct;
	void (*release)(struct duet_gart_range *range);
};

int duet_core_gart_init(struct duet_core *core);
int duet_gart_range_map(struct duet_gart *gart, struct duet_gart_range *range,
			enum duet_core_node acct, struct sg_table *sgt);
void duet_gart_range_release(struct duet_gart_range *range);
u64 duet_gart_range_address(const struct duet_gart_range *range);
void duet_gart_set_quarantine(struct duet_gart *gart, bool on);
int duet_gart_clear_page(struct duet_gart *gart, u64 address);
u64 duet_gart_size(struct duet_gart *gart);
u64 duet_gart_available(struct duet_gart *gart);
void duet_gart_show(struct duet_gart *gart, struct seq_file *m);

#endif /* __DUET_CORE_GART_H__ */
