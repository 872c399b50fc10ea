/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_CORE_DRV_H__
#define __DUET_CORE_DRV_H__

#include <linux/duet_core.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#define DRIVER_NAME	"duet_core"

#define duet_core_err(core, fmt, ...) \
	dev_err(&(core)->pdev->dev, fmt, ##__VA_ARGS__)
#define duet_core_warn(core, fmt, ...) \
	dev_warn(&(core)->pdev->dev, fmt, ##__VA_ARGS__)
#define duet_core_info(core, fmt, ...) \
	dev_info(&(core)->pdev->dev, fmt, ##__VA_ARGS__)
#define duet_core_dbg(core, fmt, ...) \
	dev_dbg(&(core)->pdev->dev, fmt, ##__VA_ARGS__)

/**
 * struct duet_core_engine - one hardware engine and its command ring
 * @core: the card
 * @id: hardware engine index
 * @regs: the engine's register block in the header page
 * @ring: CPU mapping of the command ring
 * @ring_size: ring size in bytes, a power of two
 * @irq_vector: MSI-X vector the engine raises on FENCE
 * @doorbell_vector: device vector that wakes the engine
 * @lock: Protects @tail and the ring contents between @tail and the
 *        device's HEAD
 * @tail: free-running byte offset of the next command to write
 * @next_seqno: next FENCE seqno to emit, protected by @lock
 * @completed_seqno: last seqno the device reported, written by the IRQ
 *                   handler
 * @wq: woken when the engine completes a FENCE, faults or is reset
 */
struct duet_core_engine {
	struct duet_core *core;
	unsigned int id;
	void __iomem *regs;
	void __iomem *ring;
	u32 ring_size;
	u32 irq_vector;
	u32 doorbell_vector;
	spinlock_t lock; /* Protects tail, next_seqno and the ring */
	u32 tail;
	u32 next_seqno;
	u32 completed_seqno;
	wait_queue_head_t wq;
};

/**
 * struct duet_core - a Duet card, owned by the PCI driver
 * @pdev: the PCI function
 * @regs: BAR0, the ivshmem registers (doorbell)
 * @hdr: BAR2's header page and rings (first DUET_RESERVED_SIZE bytes)
 * @mem_bar_size: size of BAR2
 * @device_peer: ivshmem peer id of the device model
 * @num_vectors: MSI-X vectors in use
 * @vram_offset: VRAM offset in BAR2
 * @vram_base: device address of the first VRAM byte
 * @info: static description shared with the children
 * @vram: the VRAM pool, shared by both children
 * @debugfs: the card's debugfs directory
 * @engines: the hardware engines, @info.num_engines of them
 */
struct duet_core {
	struct pci_dev *pdev;
	void __iomem *regs;
	void __iomem *hdr;
	resource_size_t mem_bar_size;
	u32 device_peer;
	u32 num_vectors;
	u64 vram_offset;
	u64 vram_base;
	struct duet_core_info info;
	struct duet_vram *vram;
	struct dentry *debugfs;
	struct duet_core_engine engines[DUET_CORE_MAX_ENGINES];
};

#endif /* __DUET_CORE_DRV_H__ */
