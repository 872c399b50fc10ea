// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet hardware discovery
 *
 * duet_core_hw_init() maps the card's BARs and validates the header page
 * that the device publishes at the start of BAR2 (see duet_hw.h). QEMU's
 * ivshmem devices share one PCI id, so a BAR2 that does not start with
 * ``DUET_MAGIC`` is simply not ours and the probe returns -ENODEV without
 * complaint. A header that claims to be Duet but is inconsistent (rings or
 * VRAM outside the BAR, unknown engine kinds, too few interrupt vectors)
 * is rejected with -EINVAL and an error message: the driver never trusts
 * an offset it has not checked against the BAR it points into.
 */

#include <linux/bits.h>
#include <linux/iopoll.h>
#include <linux/log2.h>
#include <linux/sizes.h>

#include "duet_core_hw.h"

static int duet_core_hw_map(struct duet_core *core)
{
	struct pci_dev *pdev = core->pdev;
	resource_size_t start;
	int ret;

	if (!(pci_resource_flags(pdev, DUET_BAR_MEM) & IORESOURCE_MEM) ||
	    !(pci_resource_flags(pdev, DUET_BAR_REGS) & IORESOURCE_MEM))
		return -ENODEV;

	core->mem_bar_size = pci_resource_len(pdev, DUET_BAR_MEM);
	if (core->mem_bar_size < DUET_RESERVED_SIZE + SZ_1M)
		return -ENODEV;

	core->regs = pcim_iomap_region(pdev, DUET_BAR_REGS, DRIVER_NAME);
	if (IS_ERR(core->regs))
		return PTR_ERR(core->regs);

	ret = pcim_request_region(pdev, DUET_BAR_MEM, DRIVER_NAME);
	if (ret)
		return ret;

	start = pci_resource_start(pdev, DUET_BAR_MEM);
	core->hdr = devm_ioremap(&pdev->dev, start, DUET_RESERVED_SIZE);
	if (!core->hdr)
		return -ENOMEM;

	return 0;
}

static int duet_core_hw_check_engine(struct duet_core *core, unsigned int id)
{
	struct duet_core_engine *engine = &core->engines[id];
	u64 ring_offset;
	u32 kind;

	engine->core = core;
	engine->id = id;
	engine->regs = core->hdr + DUET_HDR_ENGINE(id);

	kind = duet_core_eng_read(engine, DUET_ENG_KIND);
	switch (kind) {
	case DUET_ENGINE_KIND_GRAPHICS:
		core->info.engine_class[id] = DUET_CORE_ENGINE_GRAPHICS;
		/* "graphics", then "graphics1", ... should there be more. */
		if (core->num_graphics++)
			snprintf(core->info.engine_name[id],
				 sizeof(core->info.engine_name[id]),
				 "graphics%u", core->num_graphics - 1);
		else
			strscpy(core->info.engine_name[id], "graphics");
		break;
	case DUET_ENGINE_KIND_COMPUTE:
		core->info.engine_class[id] = DUET_CORE_ENGINE_COMPUTE;
		snprintf(core->info.engine_name[id], sizeof(core->info.engine_name[id]),
			 "compute%u", core->num_compute++);
		break;
	default:
		duet_core_err(core, "engine %u: unknown kind %u\n", id, kind);
		return -EINVAL;
	}

	engine->ring_size = duet_core_eng_read(engine, DUET_ENG_RING_SIZE);
	ring_offset = duet_core_eng_read(engine, DUET_ENG_RING_OFFSET_LO) |
		      (u64)duet_core_eng_read(engine, DUET_ENG_RING_OFFSET_HI) << 32;
	if (!is_power_of_2(engine->ring_size) || engine->ring_size < SZ_4K ||
	    ring_offset < DUET_HEADER_SIZE || ring_offset % SZ_4K ||
	    ring_offset + engine->ring_size > DUET_RESERVED_SIZE) {
		duet_core_err(core, "engine %u: bad ring %#llx+%#x\n",
			      id, ring_offset, engine->ring_size);
		return -EINVAL;
	}
	engine->ring = core->hdr + ring_offset;

	engine->irq_vector = duet_core_eng_read(engine, DUET_ENG_IRQ_VECTOR);
	engine->doorbell_vector =
		duet_core_eng_read(engine, DUET_ENG_DOORBELL_VECTOR);
	if (engine->irq_vector >= core->num_vectors ||
	    engine->irq_vector == DUET_IRQ_VECTOR_ERROR ||
	    engine->doorbell_vector >= core->num_vectors) {
		duet_core_err(core, "engine %u: bad vectors irq %u doorbell %u\n",
			      id, engine->irq_vector, engine->doorbell_vector);
		return -EINVAL;
	}

	/* Freed with the card (duet_core_release()) or its last fence. */
	engine->tl = duet_fence_timeline_create(pci_name(core->pdev),
						core->info.engine_name[id]);
	if (!engine->tl)
		return -ENOMEM;
	mutex_init(&engine->ring_lock);
	init_waitqueue_head(&engine->wq);
	INIT_LIST_HEAD(&engine->pending);
	return 0;
}

static int duet_core_hw_check_header(struct duet_core *core)
{
	struct duet_core_info *info = &core->info;
	u32 status;
	unsigned int id;
	int ret;

	if (duet_core_hdr_read(core, DUET_HDR_MAGIC) != DUET_MAGIC) {
		duet_core_dbg(core, "no Duet header, not our device\n");
		return -ENODEV;
	}

	info->hw_version = duet_core_hdr_read(core, DUET_HDR_VERSION);
	if (DUET_HW_VERSION_GET_MAJOR(info->hw_version) != DUET_HW_VERSION_MAJOR) {
		duet_core_err(core, "unsupported hardware version %#x\n",
			      info->hw_version);
		return -ENODEV;
	}

	status = duet_core_hdr_read(core, DUET_HDR_STATUS);
	if (!(status & DUET_STATUS_READY)) {
		duet_core_err(core, "device not ready (status %#x)\n", status);
		return -EIO;
	}

	core->caps = duet_core_hdr_read(core, DUET_HDR_CAPS);
	/* SPIN, the compute and the 2D commands of the uAPI need it. */
	if (!(core->caps & DUET_CAP_CMD_SET_2)) {
		duet_core_err(core, "device lacks command set 2 (caps %#x)\n",
			      core->caps);
		return -ENODEV;
	}
	info->num_engines = duet_core_hdr_read(core, DUET_HDR_NUM_ENGINES);
	core->num_vectors = duet_core_hdr_read(core, DUET_HDR_NUM_VECTORS);
	core->device_peer = duet_core_hdr_read(core, DUET_HDR_DEVICE_PEER);
	core->vram_offset = duet_core_hdr_read64(core, DUET_HDR_VRAM_OFFSET_LO);
	core->vram_base = duet_core_hdr_read64(core, DUET_HDR_VRAM_BASE_LO);
	info->vram_size = duet_core_hdr_read64(core, DUET_HDR_VRAM_SIZE_LO);

	if (!info->num_engines || info->num_engines > DUET_MAX_ENGINES ||
	    info->num_engines > DUET_CORE_MAX_ENGINES ||
	    core->num_vectors < info->num_engines + 1 ||
	    core->device_peer > U16_MAX) {
		duet_core_err(core, "bad header: %u engines, %u vectors, peer %u\n",
			      info->num_engines, core->num_vectors,
			      core->device_peer);
		return -EINVAL;
	}

	if (core->vram_offset < DUET_RESERVED_SIZE ||
	    !PAGE_ALIGNED(core->vram_offset) || !info->vram_size ||
	    !PAGE_ALIGNED(info->vram_size) ||
	    info->vram_size > core->mem_bar_size ||
	    core->vram_offset > core->mem_bar_size - info->vram_size) {
		duet_core_err(core, "bad VRAM %#llx+%#llx in a %pa BAR\n",
			      core->vram_offset, info->vram_size,
			      &core->mem_bar_size);
		return -EINVAL;
	}

	for (id = 0; id < info->num_engines; id++) {
		ret = duet_core_hw_check_engine(core, id);
		if (ret)
			return ret;
	}

	return 0;
}

/**
 * duet_core_hw_init() - map the card and validate its header
 * @core: the card
 *
 * Return: 0 on success, -ENODEV if the device is not a Duet card, another
 * negative error code if it is a broken one.
 */
int duet_core_hw_init(struct duet_core *core)
{
	int ret;

	ret = duet_core_hw_map(core);
	if (ret)
		return ret;

	return duet_core_hw_check_header(core);
}

/**
 * duet_core_hw_alive() - whether the device is still running
 * @core: the card
 *
 * A device with DUET_CAP_HEARTBEAT advances its heartbeat register every
 * 100 ms; the specification lets a driver declare it dead when it stands
 * still for a few seconds. Waits up to DUET_CORE_HEARTBEAT_LOSS_MS (thirty
 * beats, so a busy host does not make a live device look dead) for it to
 * move. Sleeps.
 *
 * Return: false if the heartbeat stood still, true otherwise (also when
 * the device has no heartbeat).
 */
bool duet_core_hw_alive(struct duet_core *core)
{
	u32 beat, now;

	if (!(core->caps & DUET_CAP_HEARTBEAT))
		return true;

	beat = duet_core_hdr_read(core, DUET_HDR_HEARTBEAT);
	return !readx_poll_timeout(ioread32, core->hdr + DUET_HDR_HEARTBEAT,
				   now, now != beat, 20 * USEC_PER_MSEC,
				   DUET_CORE_HEARTBEAT_LOSS_MS * USEC_PER_MSEC);
}

/**
 * duet_core_hw_ring_doorbell() - signal a device vector
 * @core: the card
 * @vector: the device's doorbell vector
 *
 * The write is ordered after every earlier write to the header and rings.
 */
void duet_core_hw_ring_doorbell(struct duet_core *core, u32 vector)
{
	iowrite32(DUET_DOORBELL(core->device_peer, vector),
		  core->regs + DUET_REG_DOORBELL);
}
