/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_CORE_DRV_H__
#define __DUET_CORE_DRV_H__

#include <drm/gpu_scheduler.h>
#include <linux/duet_core.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "duet_fence.h"

#define DRIVER_NAME	"duet_core"

#define duet_core_err(core, fmt, ...) \
	dev_err(&(core)->pdev->dev, fmt, ##__VA_ARGS__)
#define duet_core_warn(core, fmt, ...) \
	dev_warn(&(core)->pdev->dev, fmt, ##__VA_ARGS__)
#define duet_core_notice(core, fmt, ...) \
	dev_notice(&(core)->pdev->dev, fmt, ##__VA_ARGS__)
#define duet_core_info(core, fmt, ...) \
	dev_info(&(core)->pdev->dev, fmt, ##__VA_ARGS__)
#define duet_core_dbg(core, fmt, ...) \
	dev_dbg(&(core)->pdev->dev, fmt, ##__VA_ARGS__)

/**
 * enum duet_core_engine_class - what an engine can execute
 * @DUET_CORE_ENGINE_GRAPHICS: the graphics engine, visible to the render child
 * @DUET_CORE_ENGINE_COMPUTE: a compute engine, shared by both children
 */
enum duet_core_engine_class {
	DUET_CORE_ENGINE_GRAPHICS,
	DUET_CORE_ENGINE_COMPUTE,
};

/**
 * struct duet_core_info - static description of a card
 * @hw_version: hardware version, (major << 16) | minor
 * @vram_size: usable VRAM in bytes
 * @num_engines: number of hardware engines
 * @engine_class: class of each hardware engine, indexed by engine id
 * @engine_name: name of each hardware engine ("graphics", "compute0", ...),
 *               as fdinfo and sysfs show it
 */
struct duet_core_info {
	u32 hw_version;
	u64 vram_size;
	u32 num_engines;
	enum duet_core_engine_class engine_class[DUET_CORE_MAX_ENGINES];
	char engine_name[DUET_CORE_MAX_ENGINES][20];
};

/**
 * struct duet_core_engine - one hardware engine and its command ring
 * @core: the card
 * @id: hardware engine index
 * @regs: the engine's register block in the header page
 * @ring: CPU mapping of the command ring
 * @ring_size: ring size in bytes, a power of two
 * @irq_vector: MSI-X vector the engine raises on FENCE
 * @doorbell_vector: device vector that wakes the engine
 * @tl: the engine's fence timeline; its lock (``tl->lock``, taken from
 *      the interrupt handler) protects @pending, @last_done, @dead and
 *      @lost
 * @ring_lock: Protects @tail, @next_seqno, @reset_count and the ring
 *             contents between the device's HEAD and @tail; a sleeping
 *             lock, so that commands are copied with interrupts on
 * @tail: free-running byte offset of the next command to write
 * @next_seqno: next FENCE seqno to emit; the device sees its low 32 bits
 * @reset_count: the device's RESET_COUNT when the last reset was requested
 * @completed_seqno: last seqno the device reported, written by the IRQ
 *                   handler
 * @wq: woken when the engine completes a FENCE, faults or is reset
 * @pending: hardware fences emitted and not yet signalled, in order
 * @last_done: when the engine last finished a job (its fence signalled);
 *             protected by ``tl->lock``
 * @dead: the card is gone; nothing may touch the hardware any more
 * @lost: the engine did not acknowledge a reset (or the device stopped
 *        beating) and may still be executing; the card is wedged until a
 *        reset of this engine is acknowledged
 * @sched: the engine's scheduler; one entity per open file feeds it
 * @sched_ready: @sched was initialised and must be finalised
 * @busy_ns: time the engine spent executing jobs
 * @active_ctxs: contexts with jobs queued on the engine and not yet freed
 * @resets: resets the timeout handler performed (under the card's
 *          reset lock, as @replayed and @cancelled)
 * @replayed: innocent jobs written back to the ring after a reset
 * @cancelled: jobs of a banned context dropped from the ring by a reset
 */
struct duet_core_engine {
	struct duet_core *core;
	unsigned int id;
	void __iomem *regs;
	void __iomem *ring;
	u32 ring_size;
	u32 irq_vector;
	u32 doorbell_vector;
	struct duet_fence_timeline *tl;
	struct mutex ring_lock; /* Protects tail, next_seqno, reset_count, ring */
	u32 tail;
	u64 next_seqno;
	u32 reset_count;
	u32 completed_seqno;
	wait_queue_head_t wq;
	struct list_head pending;
	ktime_t last_done;
	bool dead;
	bool lost;
	struct drm_gpu_scheduler sched;
	bool sched_ready;
	atomic64_t busy_ns;
	atomic_t active_ctxs;
	u64 resets;
	u64 replayed;
	u64 cancelled;
};

/**
 * struct duet_core - a Duet card, owned by the PCI driver
 * @ref: held by the bound card and by every open context (&struct
 *       duet_ctx); the last reference finalises the schedulers. It is
 *       never dropped from a scheduler or timeout worker (contexts are
 *       released on duet_core_wq)
 * @pdev: the PCI function, referenced
 * @reset_lock: Protects engine resets against each other and against the
 *              card going away, @wedged changes and @unbound
 * @wedged: an engine may still run after its jobs' fences were signalled
 *          (see duet_core_sched.c); BO_CREATE and SUBMIT fail with -EIO
 * @unbound: the card is being removed; no recovery may start
 * @recover_work: while wedged, retries resets until every lost engine
 *                acknowledges one
 * @heartbeat: the device's heartbeat when @recover_work last looked
 * @regs: BAR0, the ivshmem registers (doorbell)
 * @hdr: BAR2's header page and rings (first DUET_RESERVED_SIZE bytes)
 * @mem_bar_size: size of BAR2
 * @caps: DUET_CAP_* the device advertises
 * @device_peer: ivshmem peer id of the device model
 * @num_vectors: MSI-X vectors in use
 * @vram_offset: VRAM offset in BAR2
 * @vram_base: device address of the first VRAM byte
 * @info: static description shared with the children
 * @num_graphics: graphics engines found, for naming them
 * @num_compute: compute engines found, for naming them
 * @vram: the VRAM pool, shared by both children
 * @gart: the GART, shared by both children; NULL if the device has none
 * @debugfs: the card's debugfs directory
 * @engines: the hardware engines, @info.num_engines of them
 */
struct duet_core {
	struct kref ref;
	struct pci_dev *pdev;
	struct mutex reset_lock; /* Serialises resets, wedging, card removal */
	bool wedged;
	bool unbound;
	struct delayed_work recover_work;
	u32 heartbeat;
	void __iomem *regs;
	void __iomem *hdr;
	resource_size_t mem_bar_size;
	u32 caps;
	u32 device_peer;
	u32 num_vectors;
	u64 vram_offset;
	u64 vram_base;
	struct duet_core_info info;
	unsigned int num_graphics;
	unsigned int num_compute;
	struct duet_vram *vram;
	struct duet_gart *gart;
	struct dentry *debugfs;
	struct duet_core_engine engines[DUET_CORE_MAX_ENGINES];
};

unsigned int duet_core_node_engines(struct duet_core *core,
				    enum duet_core_node node,
				    unsigned int map[DUET_CORE_MAX_ENGINES]);
int duet_core_get_param(struct duet_core *core, const unsigned int *map,
			unsigned int num_engines, u32 param, u32 index,
			u64 *value);
u64 duet_core_vram_available(struct duet_core *core);
struct duet_core *duet_core_get(struct duet_core *core);
void duet_core_put(struct duet_core *core);

/*
 * Releases that must not run in a scheduler or timeout worker (a context's
 * last reference can be dropped by a job freed there). Drained before the
 * module is unloaded.
 */
extern struct workqueue_struct *duet_core_wq;

#endif /* __DUET_CORE_DRV_H__ */
