// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet VRAM pool
 *
 * Each card has one VRAM pool, owned by duet_core and shared by both
 * children. It is a gpu_buddy allocator over the VRAM range of BAR2 with a
 * page-sized chunk. Every allocation is physically contiguous, because the
 * device has no MMU: a command names a buffer by one device address.
 *
 * Lifetimes: the pool is reference counted. The card holds one reference
 * while it is bound; every &struct duet_vram_alloc holds one more. When the
 * card goes away, the pool is disabled (no new allocations, no more CPU
 * access through the kernel mapping) but it stays allocated until the last
 * buffer object anywhere has been freed, so closing a file long after an
 * unplug is safe. Buffer objects of a child that was unbound keep their
 * VRAM until their last reference is dropped.
 *
 * A wedged card (see duet_core_sched.c) quarantines its pool: an engine
 * may still write buffers whose jobs' fences have failed, so the pool
 * allocates nothing (-EIO) and keeps every range freed meanwhile out of the
 * allocator. When every engine has acknowledged a reset, the quarantine is
 * lifted and those ranges are freed; when the card goes away instead, they
 * are freed with the pool, which nothing allocates from again.
 *
 * New buffers are zeroed by the CPU through the write-combined mapping, a
 * megabyte at a time, so that a large BO_CREATE can be interrupted by a
 * signal (-ERESTARTSYS) and does not hold the CPU.
 *
 * Usage is accounted per node (render, accel) in the pool and per client
 * in each child's fdinfo; debugfs shows the pool (see duet_core_debugfs.c).
 */

#define DUET_VRAM_CLEAR_CHUNK	SZ_1M

#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string_choices.h>

#include "duet_core_drv.h"
#include "duet_core_hw.h"
#include "duet_core_vram.h"

static const char *const duet_vram_node_names[DUET_CORE_NODE_COUNT + 1] = {
	[DUET_CORE_NODE_RENDER] = "render",
	[DUET_CORE_NODE_ACCEL] = "accel",
	[DUET_VRAM_KERNEL] = "kernel",
};

static void duet_vram_release(struct kref *ref)
{
	struct duet_vram *vram = container_of(ref, struct duet_vram, ref);

	gpu_buddy_fini(&vram->mm);
	mutex_destroy(&vram->lock);
	kfree(vram);
}

static void duet_vram_disable(void *data)
{
	struct duet_vram *vram = data;

	/* Nothing allocates from this pool again. */
	duet_vram_set_quarantine(vram, false);
	mutex_lock(&vram->lock);
	vram->enabled = false;
	vram->cpu = NULL;
	mutex_unlock(&vram->lock);
	kref_put(&vram->ref, duet_vram_release);
}

/**
 * duet_core_vram_init() - create the card's VRAM pool
 * @core: the card, with a validated header
 *
 * Return: 0 on success or a negative error code.
 */
int duet_core_vram_init(struct duet_core *core)
{
	struct pci_dev *pdev = core->pdev;
	struct duet_vram *vram;
	void __iomem *cpu;
	int ret;

	cpu = devm_ioremap_wc(&pdev->dev,
			      pci_resource_start(pdev, DUET_BAR_MEM) + core->vram_offset,
			      core->info.vram_size);
	if (!cpu)
		return -ENOMEM;

	vram = kzalloc_obj(*vram, GFP_KERNEL);
	if (!vram)
		return -ENOMEM;

	ret = gpu_buddy_init(&vram->mm, core->info.vram_size, PAGE_SIZE);
	if (ret) {
		kfree(vram);
		return ret;
	}

	kref_init(&vram->ref);
	mutex_init(&vram->lock);
	INIT_LIST_HEAD(&vram->allocs);
	INIT_LIST_HEAD(&vram->quarantined);
	vram->enabled = true;
	vram->size = core->info.vram_size;
	vram->cpu_phys = pci_resource_start(pdev, DUET_BAR_MEM) + core->vram_offset;
	vram->cpu = cpu;
	vram->device_base = core->vram_base;
	core->vram = vram;

	/* Runs before the mapping above is released. */
	return devm_add_action_or_reset(&pdev->dev, duet_vram_disable, vram);
}

/**
 * duet_vram_alloc_create() - allocate a zeroed, contiguous VRAM range
 * @vram: the pool
 * @node: node to account the range to, or DUET_VRAM_KERNEL for the
 *        driver's own
 * @size: size in bytes, a non-zero multiple of PAGE_SIZE
 *
 * The caller must hold the card (be inside drm_dev_enter()).
 *
 * Return: the range, ERR_PTR(-ENOSPC) if no contiguous range is free,
 * ERR_PTR(-ENODEV) if the card is gone, ERR_PTR(-EIO) while it is wedged,
 * ERR_PTR(-ERESTARTSYS) if a signal interrupted the zeroing, or another
 * error pointer.
 */
struct duet_vram_alloc *duet_vram_alloc_create(struct duet_vram *vram,
					       enum duet_core_node node,
					       u64 size)
{
	struct duet_vram_alloc *alloc;
	struct gpu_buddy_block *block;
	void __iomem *cpu;
	u64 done;
	int ret;

	alloc = kzalloc_obj(*alloc, GFP_KERNEL);
	if (!alloc)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&alloc->blocks);
	kref_init(&alloc->ref);
	alloc->size = size;
	alloc->node = node;

	mutex_lock(&vram->lock);
	if (!vram->enabled) {
		ret = -ENODEV;
		goto err_unlock;
	}
	if (vram->quarantine) {
		ret = -EIO;
		goto err_unlock;
	}

	ret = gpu_buddy_alloc_blocks(&vram->mm, 0, vram->size, size, PAGE_SIZE,
				     &alloc->blocks,
				     GPU_BUDDY_CONTIGUOUS_ALLOCATION);
	if (ret) {
		/* The buddy allocator says -ENOSPC or -ENOMEM for "no room". */
		if (ret == -ENOMEM)
			ret = -ENOSPC;
		goto err_unlock;
	}

	alloc->offset = U64_MAX;
	list_for_each_entry(block, &alloc->blocks, link)
		alloc->offset = min(alloc->offset, gpu_buddy_block_offset(block));

	kref_get(&vram->ref);
	alloc->vram = vram;
	vram->used[node] += size;
	list_add_tail(&alloc->link, &vram->allocs);
	cpu = vram->cpu;
	mutex_unlock(&vram->lock);

	/*
	 * Userspace never sees what a previous owner left in VRAM. The range
	 * is still private, and the caller holds the card, so @cpu is valid.
	 */
	for (done = 0; done < size; done += DUET_VRAM_CLEAR_CHUNK) {
		if (signal_pending(current)) {
			duet_vram_alloc_put(alloc);
			return ERR_PTR(-ERESTARTSYS);
		}
		memset_io(cpu + alloc->offset + done, 0,
			  min_t(u64, size - done, DUET_VRAM_CLEAR_CHUNK));
		cond_resched();
	}
	return alloc;

err_unlock:
	mutex_unlock(&vram->lock);
	kfree(alloc);
	return ERR_PTR(ret);
}

/**
 * duet_vram_alloc_get() - take a reference on a range
 * @alloc: the range
 *
 * Return: @alloc
 */
struct duet_vram_alloc *duet_vram_alloc_get(struct duet_vram_alloc *alloc)
{
	kref_get(&alloc->ref);
	return alloc;
}

static void duet_vram_alloc_release(struct kref *ref)
{
	struct duet_vram_alloc *alloc =
		container_of(ref, struct duet_vram_alloc, ref);
	struct duet_vram *vram = alloc->vram;

	mutex_lock(&vram->lock);
	vram->used[alloc->node] -= alloc->size;
	if (vram->quarantine) {
		/* A lost engine may still write it: keep it allocated. */
		list_move_tail(&alloc->link, &vram->quarantined);
		vram->quarantined_bytes += alloc->size;
		mutex_unlock(&vram->lock);
		return;
	}
	gpu_buddy_free_list(&vram->mm, &alloc->blocks, 0);
	list_del(&alloc->link);
	mutex_unlock(&vram->lock);

	kfree(alloc);
	kref_put(&vram->ref, duet_vram_release);
}

/**
 * duet_vram_set_quarantine() - start or end a pool's quarantine
 * @vram: the pool
 * @on: true when the card is wedged, false once it recovered or is gone
 *
 * Ending the quarantine frees every range freed during it.
 */
void duet_vram_set_quarantine(struct duet_vram *vram, bool on)
{
	struct duet_vram_alloc *alloc, *tmp;
	LIST_HEAD(freed);

	mutex_lock(&vram->lock);
	vram->quarantine = on;
	if (!on) {
		list_for_each_entry_safe(alloc, tmp, &vram->quarantined, link) {
			gpu_buddy_free_list(&vram->mm, &alloc->blocks, 0);
			list_move_tail(&alloc->link, &freed);
		}
		vram->quarantined_bytes = 0;
	}
	mutex_unlock(&vram->lock);

	/* The card holds the pool: these are never its last references. */
	list_for_each_entry_safe(alloc, tmp, &freed, link) {
		list_del(&alloc->link);
		kfree(alloc);
		kref_put(&vram->ref, duet_vram_release);
	}
}

/**
 * duet_vram_alloc_put() - drop a reference; the last one frees the range
 * @alloc: the range
 *
 * Safe after the card is gone.
 */
void duet_vram_alloc_put(struct duet_vram_alloc *alloc)
{
	kref_put(&alloc->ref, duet_vram_alloc_release);
}

/**
 * duet_core_vram_available() - free VRAM of a card
 * @core: the card
 *
 * Return: the number of free bytes (not necessarily contiguous).
 */
u64 duet_core_vram_available(struct duet_core *core)
{
	struct duet_vram *vram = core->vram;
	u64 avail;

	mutex_lock(&vram->lock);
	avail = vram->mm.avail;
	mutex_unlock(&vram->lock);
	return avail;
}

/**
 * duet_vram_show() - print the pool's state
 * @vram: the pool
 * @m: the seq_file to print to
 */
void duet_vram_show(struct duet_vram *vram, struct seq_file *m)
{
	struct duet_vram_alloc *alloc;
	enum duet_core_node node;

	mutex_lock(&vram->lock);
	seq_printf(m, "size: %llu\n", vram->size);
	seq_printf(m, "free: %llu\n", vram->mm.avail);
	for (node = 0; node <= DUET_VRAM_KERNEL; node++)
		seq_printf(m, "used-%s: %llu\n", duet_vram_node_names[node],
			   vram->used[node]);
	seq_printf(m, "enabled: %s\n", str_yes_no(vram->enabled));
	seq_printf(m, "quarantine: %s\n", str_yes_no(vram->quarantine));
	seq_printf(m, "quarantined: %llu\n", vram->quarantined_bytes);
	seq_puts(m, "allocations (offset size node refs):\n");
	list_for_each_entry(alloc, &vram->allocs, link)
		seq_printf(m, "%#012llx %#012llx %s %u\n", alloc->offset,
			   alloc->size, duet_vram_node_names[alloc->node],
			   kref_read(&alloc->ref));
	mutex_unlock(&vram->lock);
}
