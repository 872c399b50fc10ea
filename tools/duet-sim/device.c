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
		       DUET_CAP_HEARTBEAT | DUET_CAP_CMD_SET_2 |
		       (dev->gart.window ? DUET_CAP_GART : 0));
	duet_reg_write(dev, DUET_HDR_NUM_ENGINES, dev->num_engines);
	duet_reg_write(dev, DUET_HDR_VRAM_OFFSET_LO, (__u32)vram_offset);
	duet_reg_write(dev, DUET_HDR_VRAM_OFFSET_HI, vram_offset >> 32);
	duet_reg_write(dev, DUET_HDR_VRAM_SIZE_LO, (__u32)dev->vram.size);
	duet_reg_write(dev, DUET_HDR_VRAM_SIZE_HI, dev->vram.size >> 32);
	duet_reg_write(dev, DUET_HDR_VRAM_BASE_LO, (__u32)dev->vram.base);
	duet_reg_write(dev, DUET_HDR_VRAM_BASE_HI, dev->vram.base >> 32);
	if (dev->gart.window) {
		duet_reg_write(dev, DUET_HDR_GART_BASE_LO, (__u32)dev->gart.base);
		duet_reg_write(dev, DUET_HDR_GART_BASE_HI, dev->gart.base >> 32);
		duet_reg_write(dev, DUET_HDR_GART_PAGES, dev->gart.pages);
		duet_reg_write(dev, DUET_HDR_GART_DOORBELL_VECTOR,
			       dev->num_engines);
	}
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

/*
 * The address space of commands: VRAM (a second mapping of BAR2's VRAM
 * part) and, after it, the GART aperture, PROT_NONE until entries map it.
 */
static int map_space(struct duet_device *dev, __u32 gart_pages)
{
	size_t gart_size = (size_t)gart_pages * DUET_GART_PAGE_SIZE;
	void *space, *vram;

	dev->space_size = dev->vram.size + gart_size;
	space = mmap(NULL, dev->space_size, PROT_NONE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (space == MAP_FAILED)
		return -errno;
	vram = mmap(space, dev->vram.size, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_FIXED, dev->shm_fd, DUET_RESERVED_SIZE);
	if (vram == MAP_FAILED) {
		int err = -errno;

		munmap(space, dev->space_size);
		return err;
	}
	dev->vram_mem = space;
	return 0;
}

int duet_device_init(struct duet_device *dev, __u64 shm_size,
		     unsigned int num_engines, __u32 ring_size,
		     const struct duet_guest_ram *ram,
		     const struct duet_irq_ops *irq_ops, void *irq_ctx)
{
	__u32 gart_pages = ram->fd >= 0 ? ram->gart_pages : 0;
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
		.vram = {
			.base = DUET_VRAM_DEVICE_BASE,
			.size = shm_size - DUET_RESERVED_SIZE,
			.gart = &dev->gart,
		},
		.num_engines = num_engines,
		.num_vectors = num_engines + 1,
		.ring_size = ring_size,
		.irq_ops = irq_ops,
		.irq_ctx = irq_ctx,
	};
	err = map_space(dev, gart_pages);
	if (err)
		goto err_unmap;
	err = duet_gart_init(&dev->gart, DUET_GART_DEVICE_BASE, gart_pages,
			     gart_pages ? dev->vram_mem + dev->vram.size : NULL,
			     ram->fd, ram->size);
	if (err)
		goto err_space;
	duet_faults_init(&dev->faults);
	init_header(dev);
	/*
	 * Engines share VRAM and system memory; the guest orders their
	 * accesses with fences, across processes, where helgrind cannot see
	 * it.
	 */
	VALGRIND_HG_DISABLE_CHECKING(dev->vram_mem, dev->space_size);
	return 0;

err_space:
	munmap(dev->vram_mem, dev->space_size);
err_unmap:
	munmap(shm, shm_size);
	close(fd);
	return err;
err_close:
	err = -errno;
	close(fd);
	return err;
}

void duet_device_fini(struct duet_device *dev)
{
	duet_gart_fini(&dev->gart);
	munmap(dev->vram_mem, dev->space_size);
	munmap(dev->shm, dev->shm_size);
	close(dev->shm_fd);
}

/*
 * GART_INVALIDATE: read CONTROL and the table's offset, make the
 * translations match the table (waiting for the commands that use old ones),
 * then acknowledge the sequence number read first.
 */
static void gart_invalidate(struct duet_device *dev)
{
	struct duet_gart *gart = &dev->gart;
	__u32 seq = duet_reg_read(dev, DUET_HDR_GART_INVALIDATE);
	bool enable = duet_reg_read(dev, DUET_HDR_GART_CONTROL) &
		      DUET_GART_CONTROL_ENABLE;
	__u64 off = duet_reg_read(dev, DUET_HDR_GART_TABLE_LO) |
		    (__u64)duet_reg_read(dev, DUET_HDR_GART_TABLE_HI) << 32;
	__u64 bytes = (__u64)gart->pages * sizeof(__u64);

	if (enable && (off % DUET_GART_PAGE_SIZE || off >= dev->vram.size ||
		       bytes > dev->vram.size - off)) {
		duet_err("GART table at VRAM offset %#llx does not fit: disabled",
			 (unsigned long long)off);
		enable = false;
	}
	/* The table is read where the driver keeps it, under the write lock. */
	if (duet_gart_update(gart, (const __u64 *)(dev->vram_mem + off), enable))
		duet_err("GART: a page could not be mapped; it stays unmapped");
	duet_reg_write(dev, DUET_HDR_GART_INVALIDATE_ACK, seq);
}

static void *gart_thread(void *arg)
{
	struct duet_device *dev = arg;
	struct duet_gart_unit *u = &dev->gart_unit;

	pthread_mutex_lock(&u->lock);
	for (;;) {
		while (!u->pending && !u->stop)
			pthread_cond_wait(&u->cond, &u->lock);
		if (u->stop)
			break;
		u->pending = false;
		pthread_mutex_unlock(&u->lock);
		gart_invalidate(dev);
		pthread_mutex_lock(&u->lock);
	}
	pthread_mutex_unlock(&u->lock);
	return NULL;
}

static int gart_unit_start(struct duet_device *dev)
{
	struct duet_gart_unit *u = &dev->gart_unit;
	int err;

	if (!dev->gart.window)
		return 0;
	pthread_mutex_init(&u->lock, NULL);
	pthread_cond_init(&u->cond, NULL);
	err = pthread_create(&u->thread, NULL, gart_thread, dev);
	if (err)
		return -err;
	u->started = true;
	return 0;
}

static void gart_unit_stop(struct duet_device *dev)
{
	struct duet_gart_unit *u = &dev->gart_unit;

	if (!u->started)
		return;
	pthread_mutex_lock(&u->lock);
	u->stop = true;
	pthread_cond_signal(&u->cond);
	pthread_mutex_unlock(&u->lock);
	pthread_join(u->thread, NULL);
	u->started = false;
}

int duet_device_start(struct duet_device *dev)
{
	unsigned int e;
	int err;

	err = duet_faults_start(dev);
	if (err)
		return err;
	err = gart_unit_start(dev);
	if (err) {
		duet_faults_stop(dev);
		return err;
	}
	for (e = 0; e < dev->num_engines; e++) {
		err = duet_engine_start(&dev->engines[e], dev, e);
		if (err) {
			while (e--)
				duet_engine_stop(&dev->engines[e]);
			gart_unit_stop(dev);
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
	gart_unit_stop(dev);
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
	struct duet_gart_unit *u = &dev->gart_unit;

	if (vector < dev->num_engines) {
		duet_engine_doorbell(&dev->engines[vector]);
	} else if (vector == dev->num_engines && u->started) {
		pthread_mutex_lock(&u->lock);
		u->pending = true;
		pthread_cond_signal(&u->cond);
		pthread_mutex_unlock(&u->lock);
	}
}

void duet_device_heartbeat(struct duet_device *dev, __u64 ticks)
{
	if (duet_faults_heartbeat_stopped(dev))
		return;
	__atomic_fetch_add(reg(dev, DUET_HDR_HEARTBEAT), (__u32)ticks,
			   __ATOMIC_RELEASE);
}
