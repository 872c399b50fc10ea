// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Duet device state: the shared memory header and the engine rings.
 *
 * Every shared 32-bit register is accessed with a single atomic load or
 * store. The device reads TAIL and CONTROL with acquire semantics, so the
 * ring contents written by the driver before TAIL are visible, and
 * publishes HEAD, SEQNO and STATUS with release semantics after the
 * effects they report. The device never trusts a value it wrote to shared
 * memory: HEAD and the halted state are kept privately.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "device.h"
#include "log.h"

static __u32 *reg(struct duet_device *dev, __u32 offset)
{
	return (__u32 *)(dev->shm + offset);
}

static __u32 reg_read(struct duet_device *dev, __u32 offset)
{
	return __atomic_load_n(reg(dev, offset), __ATOMIC_ACQUIRE);
}

static void reg_write(struct duet_device *dev, __u32 offset, __u32 val)
{
	__atomic_store_n(reg(dev, offset), val, __ATOMIC_RELEASE);
}

static __u32 eng_read(struct duet_device *dev, unsigned int e, __u32 offset)
{
	return reg_read(dev, DUET_HDR_ENGINE(e) + offset);
}

static void eng_write(struct duet_device *dev, unsigned int e, __u32 offset,
		      __u32 val)
{
	reg_write(dev, DUET_HDR_ENGINE(e) + offset, val);
}

static void init_header(struct duet_device *dev)
{
	__u64 vram_offset = DUET_RESERVED_SIZE;
	unsigned int e;

	reg_write(dev, DUET_HDR_VERSION,
		  DUET_HW_VERSION(DUET_HW_VERSION_MAJOR, DUET_HW_VERSION_MINOR));
	reg_write(dev, DUET_HDR_CAPS, DUET_CAP_HEARTBEAT);
	reg_write(dev, DUET_HDR_NUM_ENGINES, dev->num_engines);
	reg_write(dev, DUET_HDR_VRAM_OFFSET_LO, (__u32)vram_offset);
	reg_write(dev, DUET_HDR_VRAM_OFFSET_HI, vram_offset >> 32);
	reg_write(dev, DUET_HDR_VRAM_SIZE_LO, (__u32)dev->vram.size);
	reg_write(dev, DUET_HDR_VRAM_SIZE_HI, dev->vram.size >> 32);
	reg_write(dev, DUET_HDR_VRAM_BASE_LO, (__u32)dev->vram.base);
	reg_write(dev, DUET_HDR_VRAM_BASE_HI, dev->vram.base >> 32);
	reg_write(dev, DUET_HDR_DEVICE_PEER, 0);
	reg_write(dev, DUET_HDR_NUM_VECTORS, dev->num_vectors);
	reg_write(dev, DUET_HDR_HEARTBEAT, 0);

	for (e = 0; e < dev->num_engines; e++) {
		struct duet_engine *eng = &dev->engines[e];

		eng->ring_offset = DUET_HEADER_SIZE + e * dev->ring_size;
		eng_write(dev, e, DUET_ENG_KIND, e == 0 ?
			  DUET_ENGINE_KIND_GRAPHICS : DUET_ENGINE_KIND_COMPUTE);
		eng_write(dev, e, DUET_ENG_RING_SIZE, dev->ring_size);
		eng_write(dev, e, DUET_ENG_RING_OFFSET_LO, eng->ring_offset);
		eng_write(dev, e, DUET_ENG_RING_OFFSET_HI, 0);
		eng_write(dev, e, DUET_ENG_IRQ_VECTOR, DUET_IRQ_VECTOR_ENGINE(e));
		eng_write(dev, e, DUET_ENG_DOORBELL_VECTOR, e);
	}

	/* Magic and READY last: they tell the driver the header is valid. */
	reg_write(dev, DUET_HDR_MAGIC, DUET_MAGIC);
	reg_write(dev, DUET_HDR_STATUS, DUET_STATUS_READY);
}

int duet_device_init(struct duet_device *dev, __u64 shm_size,
		     unsigned int num_engines, __u32 ring_size,
		     duet_irq_fn raise_irq, void *irq_ctx)
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
		.raise_irq = raise_irq,
		.irq_ctx = irq_ctx,
	};
	init_header(dev);
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

static void raise_irq(struct duet_device *dev, unsigned int vector)
{
	dev->raise_irq(dev->irq_ctx, vector);
}

static void engine_fault(struct duet_device *dev, unsigned int e, int err)
{
	struct duet_engine *eng = &dev->engines[e];

	eng->halted = true;
	eng_write(dev, e, DUET_ENG_ERROR, err);
	eng_write(dev, e, DUET_ENG_ERROR_HEAD, eng->head);
	eng_write(dev, e, DUET_ENG_STATUS, DUET_ENGINE_STATUS_ERROR);
	duet_info("engine %u: fault %d at head 0x%x", e, err, eng->head);
	raise_irq(dev, DUET_IRQ_VECTOR_ERROR);
}

static void engine_reset(struct duet_device *dev, unsigned int e)
{
	struct duet_engine *eng = &dev->engines[e];

	eng->halted = false;
	eng->head = eng_read(dev, e, DUET_ENG_RING_TAIL);
	eng_write(dev, e, DUET_ENG_RING_HEAD, eng->head);
	eng_write(dev, e, DUET_ENG_ERROR, DUET_ERR_NONE);
	eng_write(dev, e, DUET_ENG_ERROR_HEAD, 0);
	eng_write(dev, e, DUET_ENG_STATUS, DUET_ENGINE_STATUS_IDLE);
	eng_write(dev, e, DUET_ENG_CONTROL, 0);
	eng_write(dev, e, DUET_ENG_RESET_COUNT,
		  eng_read(dev, e, DUET_ENG_RESET_COUNT) + 1);
	duet_info("engine %u: reset", e);
	raise_irq(dev, DUET_IRQ_VECTOR_ERROR);
}

static __u32 ring_dword(struct duet_device *dev, unsigned int e, __u32 pos)
{
	__u32 off = dev->engines[e].ring_offset + (pos & (dev->ring_size - 1));

	return __atomic_load_n(reg(dev, off), __ATOMIC_RELAXED);
}

/*
 * Validate and execute the command at HEAD, which has @avail bytes before
 * TAIL, and advance the private HEAD past it. Returns DUET_ERR_NONE or the
 * fault code; @cmd is the decoded command.
 */
static int engine_exec_one(struct duet_device *dev, unsigned int e,
			   __u32 avail, struct duet_cmd *cmd)
{
	struct duet_engine *eng = &dev->engines[e];
	__u32 dw[DUET_CMD_MAX_LENGTH];
	__u32 i;
	int err;

	/* Each dword is read from the ring exactly once. */
	dw[0] = ring_dword(dev, e, eng->head);
	err = duet_cmd_check_header(dw[0], avail);
	if (err)
		return err;
	for (i = 1; i < DUET_CMD_LENGTH(dw[0]); i++)
		dw[i] = ring_dword(dev, e, eng->head + 4 * i);
	err = duet_cmd_decode(dw, &dev->vram, cmd);
	if (err)
		return err;

	duet_cmd_execute(cmd, dev->vram_mem);
	if (cmd->opcode == DUET_CMD_FENCE)
		eng_write(dev, e, DUET_ENG_SEQNO, cmd->seqno);
	eng->head += 4 * cmd->length;
	return DUET_ERR_NONE;
}

static void engine_run(struct duet_device *dev, unsigned int e)
{
	struct duet_engine *eng = &dev->engines[e];
	__u32 tail = eng_read(dev, e, DUET_ENG_RING_TAIL);
	struct duet_cmd cmd;
	int err;

	if (tail == eng->head)
		return;
	if ((tail | eng->head) % 4 || tail - eng->head > dev->ring_size) {
		engine_fault(dev, e, DUET_ERR_BAD_RING);
		return;
	}

	eng_write(dev, e, DUET_ENG_STATUS, DUET_ENGINE_STATUS_BUSY);
	while (eng->head != tail) {
		err = engine_exec_one(dev, e, tail - eng->head, &cmd);
		if (err) {
			engine_fault(dev, e, err);
			return;
		}
		eng_write(dev, e, DUET_ENG_RING_HEAD, eng->head);
		/* Idle before the interrupt of a final FENCE is raised. */
		if (eng->head == tail)
			eng_write(dev, e, DUET_ENG_STATUS,
				  DUET_ENGINE_STATUS_IDLE);
		if (cmd.opcode == DUET_CMD_FENCE)
			raise_irq(dev, DUET_IRQ_VECTOR_ENGINE(e));
	}
}

void duet_device_doorbell(struct duet_device *dev, unsigned int vector)
{
	if (vector >= dev->num_engines)
		return;
	if (eng_read(dev, vector, DUET_ENG_CONTROL) & DUET_ENG_CONTROL_RESET)
		engine_reset(dev, vector);
	if (!dev->engines[vector].halted)
		engine_run(dev, vector);
}

void duet_device_heartbeat(struct duet_device *dev, __u64 ticks)
{
	__atomic_fetch_add(reg(dev, DUET_HDR_HEARTBEAT), (__u32)ticks,
			   __ATOMIC_RELEASE);
}
