/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_CORE_SCHED_H__
#define __DUET_CORE_SCHED_H__

struct duet_core;
struct duet_core_engine;

int duet_core_sched_init(struct duet_core *core);
void duet_core_sched_fini(struct duet_core *core);
void duet_core_sched_signal(struct duet_core_engine *engine);
void duet_core_sched_fault(struct duet_core_engine *engine);

#endif /* __DUET_CORE_SCHED_H__ */
