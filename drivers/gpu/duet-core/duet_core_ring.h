/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_CORE_RING_H__
#define __DUET_CORE_RING_H__

#include <linux/types.h>

#define DUET_CORE_RING_TIMEOUT_MS	2000
#define DUET_CORE_RING_POLL_MS		10
/* Ring dwords no job may take: room for duet_core_ring_roundtrip(). */
#define DUET_CORE_RING_RESERVED_DWORDS	16

/* Whether the device's @completed seqno has reached @seqno (wrap-safe). */
static inline bool duet_core_seqno_passed(u32 completed, u32 seqno)
{
	return (s32)(completed - seqno) >= 0;
}

struct duet_core;
struct duet_core_engine;

int duet_core_ring_init(struct duet_core *core);
void duet_core_ring_request_reset(struct duet_core_engine *engine);
bool duet_core_ring_reset_acked(struct duet_core_engine *engine);
int duet_core_ring_reset_wait(struct duet_core_engine *engine,
			      unsigned int timeout_ms);
int duet_core_ring_reset(struct duet_core_engine *engine);
int duet_core_ring_roundtrip(struct duet_core_engine *engine, bool nop,
			     u32 *seqno, u64 *ns);
int duet_core_ring_emit_locked(struct duet_core_engine *engine,
			       const u32 *cmd, unsigned int len);
void duet_core_ring_kick_locked(struct duet_core_engine *engine);

#endif /* __DUET_CORE_RING_H__ */
