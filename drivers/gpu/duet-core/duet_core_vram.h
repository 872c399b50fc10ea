/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_CORE_VRAM_H__
#define __DUET_CORE_VRAM_H__

#include <linux/duet_core.h>
#include <linux/gpu_buddy.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct duet_core;
struct seq_file;

/* Node of the driver's own allocations (the GART table). */
#define DUET_VRAM_KERNEL	DUET_CORE_NODE_COUNT

/**
 * struct duet_vram - a card's VRAM pool
 * @ref: held by the card while it is bound and by every allocation
 * @lock: Protects @mm, @allocs, @used, @enabled, @quarantine,
 *        @quarantined and @quarantined_bytes
 * @mm: the buddy allocator over the VRAM range
 * @allocs: every live &struct duet_vram_alloc, in creation order
 * @used: bytes allocated per node, and by the driver (DUET_VRAM_KERNEL)
 * @enabled: false once the card is gone; no new allocations
 * @quarantine: the card is wedged: no new allocations, and ranges freed
 *              meanwhile go to @quarantined instead of back to @mm
 * @quarantined: ranges freed while quarantined, still allocated in @mm
 * @quarantined_bytes: their size
 * @size: VRAM size in bytes
 * @cpu_phys: CPU physical address of the first VRAM byte (in BAR2)
 * @cpu: write-combined kernel mapping of VRAM, valid while @enabled
 * @device_base: device address of the first VRAM byte
 */
struct duet_vram {
	struct kref ref;
	struct mutex lock; /* Protects mm, allocs, used, enabled, quarantine */
	struct gpu_buddy mm;
	struct list_head allocs;
	u64 used[DUET_CORE_NODE_COUNT + 1];
	bool enabled;
	bool quarantine;
	struct list_head quarantined;
	u64 quarantined_bytes;
	u64 size;
	phys_addr_t cpu_phys;
	void __iomem *cpu;
	u64 device_base;
};

/**
 * struct duet_vram_alloc - one contiguous VRAM range
 * @ref: one per buffer object that uses the range
 * @vram: the pool, referenced
 * @blocks: the buddy blocks making up the range
 * @link: entry in &duet_vram.allocs, or in &duet_vram.quarantined once
 *        freed while the pool is quarantined
 * @offset: offset of the range in VRAM
 * @size: size of the range in bytes
 * @node: node the range is accounted to, or DUET_VRAM_KERNEL
 */
struct duet_vram_alloc {
	struct kref ref;
	struct duet_vram *vram;
	struct list_head blocks;
	struct list_head link;
	u64 offset;
	u64 size;
	enum duet_core_node node;
};

int duet_core_vram_init(struct duet_core *core);

struct duet_vram_alloc *duet_vram_alloc_create(struct duet_vram *vram,
					       enum duet_core_node node,
					       u64 size);
struct duet_vram_alloc *duet_vram_alloc_get(struct duet_vram_alloc *alloc);
void duet_vram_alloc_put(struct duet_vram_alloc *alloc);
void duet_vram_show(struct duet_vram *vram, struct seq_file *m);
void duet_vram_set_quarantine(struct duet_vram *vram, bool on);

static inline phys_addr_t duet_vram_alloc_phys(struct duet_vram_alloc *alloc)
{
	return alloc->vram->cpu_phys + alloc->offset;
}

static inline u64 duet_vram_alloc_device_address(struct duet_vram_alloc *alloc)
{
	return alloc->vram->device_base + alloc->offset;
}

#endif /* __DUET_CORE_VRAM_H__ */
