// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Duet device state: the shared memory header and the engines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "device.h"
#include "log.h"

#if __has_include(<valgrind/helgrind.h>)
#include <valgrind/helgrind.h>
#else
#define VALGRIND_HG_DISABLE_CHECKING(addr, len)	\
	do { (void)(addr); (void)(len); } while (0)
#endif

static __u32 *reg(struct duet_device *dev, __u32 offset)
{
	return (__u32 *)(dev->shm + offset);
}

static void eng_write(struct duet_device *dev, unsigned int e, __u32 offset,
		      __u32 val)
{
	duet_reg_write(dev, DUET_HDR_ENGINE(e) + offset, val);
}

static void init_header(struct duet_device *dev)
{
	__u64 vram_offset = DUET_RESERVED_SIZE;
	unsigned int e;

	duet_reg_write(dev, DUET_HDR_VERSION,
		       DUET_HW_VERSION(DUET_HW_VERSION_MAJOR,
				       DUET_HW_VERSION_MINOR));
	duet_reg_write(dev, DUET_HDR_CAPS,
		       DUET_CAP_HEARTBEAT | DUET_CAP_CMD_SET_2);
	duet_reg_write(dev, DUET_HDR_NUM_ENGINES, dev->num_engines);
	duet_reg_write(dev, DUET_HDR_VRAM_OFFSET_LO, (__u32)vram_offset);
	duet_reg_write(dev, DUET_HDR_VRAM_OFFSET_HI, vram_offset >> 32);
	duet_reg_write(dev, DUET_HDR_VRAM_SIZE_LO, (__u32)dev->vram.size);
	duet_reg_write(dev, DUET_HDR_VRAM_SIZE_HI, dev->vram.size >> 32);
	duet_reg_write(dev, DUET_HDR_VRAM_BASE_LO, (__u32)dev->vram.base);
	duet_reg_write(dev, DUET_HDR_VRAM_BASE_HI, dev->vram.base >> 32);
	duet_reg_write(dev, DUET_HDR_DEVICE_PEER, 0);
	duet_reg_write(dev, DUET_HDR_NUM_VECTORS, dev->num_vectors);
	duet_reg_write(dev, DUET_HDR_HEARTBEAT, 0);

	for (e = 0; e < dev->num_engines; e++) {
		eng_write(dev, e, DUET_ENG_KIND, duet_engine_kind(e));
		eng_write(dev, e, DUET_ENG_RING_SIZE, dev->ring_size);
		eng_write(dev, e, DUET_ENG_RING_OFFSET_LO,
			  duet_ring_offset(dev, e));
		eng_write(dev, e, DUET_ENG_RING_OFFSET_HI, 0);
		eng_write(dev, e, DUET_ENG_IRQ_VECTOR, DUET_IRQ_VECTOR_ENGINE(e));
		eng_write(dev, e, DUET_ENG_DOORBELL_VECTOR, e);
	}

	/* Magic and READY last: they tell the driver the header is valid. */
	duet_reg_write(dev, DUET_HDR_MAGIC, DUET_MAGIC);
	duet_reg_write(dev, DUET_HDR_STATUS, DUET_STATUS_READY);
}

int duet_device_init(struct duet_device *dev, __u64 shm_size,
		     unsigned int num_engines, __u32 ring_size,
		     const struct duet_irq_ops *irq_ops, void *irq_ctx)
{
	void *shm;
	int fd, err;

	fd = memfd_create("duet-sim-bar2", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, shm_size) < 0)
		goto err_close;
	shm = mmap(NULL, shm_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (shm == MAP_FAILED)
		goto err_close;

	*dev = (struct duet_device) {
		.shm_fd = fd,
		.shm = shm,
		.shm_size = shm_size,
		.vram_mem = (__u8 *)shm + DUET_RESERVED_SIZE,
		.vram = {
			.base = DUET_VRAM_DEVICE_BASE,
			.size = shm_size - DUET_RESERVED_SIZE,
		},
		.num_engines = num_engines,
		.num_vectors = num_engines + 1,
		.ring_size = ring_size,
		.irq_ops = irq_ops,
		.irq_ctx = irq_ctx,
	};
	duet_faults_init(&dev->faults);
	init_header(dev);
	/*
	 * Engines share VRAM; the guest orders their accesses with fences,
	 * across processes, where helgrind cannot see it.
	 */
	VALGRIND_HG_DISABLE_CHECKING(dev->vram_mem, dev->vram.size);
	return 0;

err_close:
	err = -errno;
	close(fd);
	return err;
}

void duet_device_fini(struct duet_device *dev)
{
	munmap(dev->shm, dev->shm_size);
	close(dev->shm_fd);
}

int duet_device_start(struct duet_device *dev)
{
	unsigned int e;
	int err;

	err = duet_faults_start(dev);
	if (err)
		return err;
	for (e = 0; e < dev->num_engines; e++) {
		err = duet_engine_start(&dev->engines[e], dev, e);
		if (err) {
			while (e--)
				duet_engine_stop(&dev->engines[e]);
			duet_faults_stop(dev);
			return err;
		}
	}
	return 0;
}

void duet_device_stop(struct duet_device *dev)
{
	unsigned int e;

	for (e = 0; e < dev->num_engines; e++)
		duet_engine_stop(&dev->engines[e]);
	duet_faults_stop(dev);
}

void duet_device_raise_irq(struct duet_device *dev, unsigned int vector)
{
	dev->irq_ops->raise(dev->irq_ctx, vector);
}

int duet_device_quiesce_irqs(struct duet_device *dev, unsigned int timeout_ms)
{
	return dev->irq_ops->quiesce(dev->irq_ctx, timeout_ms);
}

void duet_device_doorbell(struct duet_device *dev, unsigned int vector)
{
	if (vector < dev->num_engines)
		duet_engine_doorbell(&dev->engines[vector]);
}

void duet_device_heartbeat(struct duet_device *dev, __u64 ticks)
{
	if (duet_faults_heartbeat_stopped(dev))
		return;
	__atomic_fetch_add(reg(dev, DUET_HDR_HEARTBEAT), (__u32)ticks,
			   __ATOMIC_RELEASE);
}
