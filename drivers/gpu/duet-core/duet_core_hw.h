/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_CORE_HW_H__
#define __DUET_CORE_HW_H__

#include <linux/io.h>

#include "duet_core_drv.h"
#include "duet_hw.h"

static inline u32 duet_core_hdr_read(struct duet_core *core, u32 reg)
{
	return ioread32(core->hdr + reg);
}

static inline u64 duet_core_hdr_read64(struct duet_core *core, u32 lo)
{
	return duet_core_hdr_read(core, lo) |
	       (u64)duet_core_hdr_read(core, lo + 4) << 32;
}

static inline void duet_core_hdr_write(struct duet_core *core, u32 reg,
				       u32 value)
{
	iowrite32(value, core->hdr + reg);
}

static inline u32 duet_core_eng_read(struct duet_core_engine *engine, u32 reg)
{
	return ioread32(engine->regs + reg);
}

static inline void duet_core_eng_write(struct duet_core_engine *engine,
				       u32 reg, u32 value)
{
	iowrite32(value, engine->regs + reg);
}

/* The DUET_ENGINE_KIND_* of an engine, as duet_hw.h's helpers take it. */
static inline u32 duet_core_engine_hw_kind(struct duet_core_engine *engine)
{
	return engine->core->info.engine_class[engine->id] ==
	       DUET_CORE_ENGINE_GRAPHICS ? DUET_ENGINE_KIND_GRAPHICS :
					   DUET_ENGINE_KIND_COMPUTE;
}

/* How long a still heartbeat means a lost device. */
#define DUET_CORE_HEARTBEAT_LOSS_MS	3000

int duet_core_hw_init(struct duet_core *core);
bool duet_core_hw_alive(struct duet_core *core);
void duet_core_hw_ring_doorbell(struct duet_core *core, u32 vector);

#endif /* __DUET_CORE_HW_H__ */
