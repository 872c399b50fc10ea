/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Duet device state: the shared memory header and the engine rings.
 */
#ifndef __DUET_SIM_DEVICE_H__
#define __DUET_SIM_DEVICE_H__

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "commands.h"
#include "duet_hw.h"

/* Device-private engine state; the copies in shared memory are only output. */
struct duet_engine {
	__u32 ring_offset;
	__u32 head;
	bool halted;		/* faulted, waiting for a reset */
};

typedef void (*duet_irq_fn)(void *ctx, unsigned int vector);

struct duet_device {
	int shm_fd;
	__u8 *shm;
	size_t shm_size;
	__u8 *vram_mem;
	struct duet_vram vram;
	unsigned int num_engines;
	unsigned int num_vectors;
	__u32 ring_size;
	struct duet_engine engines[DUET_MAX_ENGINES];
	duet_irq_fn raise_irq;
	void *irq_ctx;
};

/*
 * Create the shared memory of @shm_size bytes and fill in the header.
 * @raise_irq is called with @irq_ctx to raise an MSI-X vector in the guest.
 * Returns 0 or -errno.
 */
int duet_device_init(struct duet_device *dev, __u64 shm_size,
		     unsigned int num_engines, __u32 ring_size,
		     duet_irq_fn raise_irq, void *irq_ctx);
void duet_device_fini(struct duet_device *dev);

/* The guest rang doorbell vector @vector. */
void duet_device_doorbell(struct duet_device *dev, unsigned int vector);

/* @ticks heartbeat periods have elapsed. */
void duet_device_heartbeat(struct duet_device *dev, __u64 ticks);

#endif /* __DUET_SIM_DEVICE_H__ */
