/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Duet device state: the shared memory header and the engines.
 */
#ifndef __DUET_SIM_DEVICE_H__
#define __DUET_SIM_DEVICE_H__

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "commands.h"
#include "duet_hw.h"
#include "engine.h"
#include "faults.h"
#include "gart.h"
#include "vram.h"

/* How the device reaches the guest's MSI-X vectors (the VMM's eventfds). */
struct duet_irq_ops {
	/* Raise MSI-X @vector; called from any thread. */
	void (*raise)(void *ctx, unsigned int vector);
	/*
	 * Raise nothing any more, and wait up to @timeout_ms until the VMM
	 * has taken every interrupt already raised. Returns 0 or -errno.
	 */
	int (*quiesce)(void *ctx, unsigned int timeout_ms);
};

/* The GART's invalidation unit: a thread that carries out GART_INVALIDATE. */
struct duet_gart_unit {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool pending, stop, started;
};

struct duet_device {
	int shm_fd;
	__u8 *shm;
	size_t shm_size;
	/*
	 * What commands address: VRAM at vram_mem, then the GART aperture
	 * right after it (duet_vram), in one reservation of space_size bytes.
	 */
	__u8 *vram_mem;
	size_t space_size;
	struct duet_vram vram;
	struct duet_gart gart;
	struct duet_gart_unit gart_unit;
	unsigned int num_engines;
	unsigned int num_vectors;
	__u32 ring_size;
	struct duet_engine engines[DUET_MAX_ENGINES];
	const struct duet_irq_ops *irq_ops;
	void *irq_ctx;
	struct duet_faults faults;
};

/*
 * Every shared 32-bit register is accessed with a single atomic load or
 * store. The device reads TAIL and CONTROL with acquire semantics, so the
 * ring contents written by the driver before TAIL are visible, and
 * publishes HEAD, SEQNO and STATUS with release semantics after the
 * effects they report.
 */
static inline __u32 duet_reg_read(struct duet_device *dev, __u32 offset)
{
	return __atomic_load_n((__u32 *)(dev->shm + offset), __ATOMIC_ACQUIRE);
}

static inline void duet_reg_write(struct duet_device *dev, __u32 offset,
				  __u32 val)
{
	__atomic_store_n((__u32 *)(dev->shm + offset), val, __ATOMIC_RELEASE);
}

/* Engine 0 is the graphics engine, the others are compute engines. */
static inline __u32 duet_engine_kind(unsigned int e)
{
	return e == 0 ? DUET_ENGINE_KIND_GRAPHICS : DUET_ENGINE_KIND_COMPUTE;
}

/* Offset in BAR2 of engine @e's ring. */
static inline __u32 duet_ring_offset(struct duet_device *dev, unsigned int e)
{
	return DUET_HEADER_SIZE + e * dev->ring_size;
}

/* Guest RAM the device reaches through its GART (duet_hw.h). */
struct duet_guest_ram {
	int fd;			/* the guest RAM file, -1 for none (no GART) */
	__u64 size;		/* its size: guest physical [0, size) */
	__u32 gart_pages;	/* aperture size in pages */
};

/*
 * Create the shared memory of @shm_size bytes and fill in the header.
 * @irq_ops are called with @irq_ctx to reach the guest's MSI-X vectors.
 * With @ram->fd >= 0 the device has a GART over that guest RAM.
 * Returns 0 or -errno.
 */
int duet_device_init(struct duet_device *dev, __u64 shm_size,
		     unsigned int num_engines, __u32 ring_size,
		     const struct duet_guest_ram *ram,
		     const struct duet_irq_ops *irq_ops, void *irq_ctx);
void duet_device_fini(struct duet_device *dev);

/*
 * Start and stop the engine threads. Threads inherit the signal mask of
 * the caller of duet_device_start(). Returns 0 or -errno.
 */
int duet_device_start(struct duet_device *dev);
void duet_device_stop(struct duet_device *dev);

/* The guest rang doorbell vector @vector. */
void duet_device_doorbell(struct duet_device *dev, unsigned int vector);

/* @ticks heartbeat periods have elapsed (ignored while a fault stops it). */
void duet_device_heartbeat(struct duet_device *dev, __u64 ticks);

void duet_device_raise_irq(struct duet_device *dev, unsigned int vector);
int duet_device_quiesce_irqs(struct duet_device *dev, unsigned int timeout_ms);

#endif /* __DUET_SIM_DEVICE_H__ */
