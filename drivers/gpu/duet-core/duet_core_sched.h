/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_CORE_SCHED_H__
#define __DUET_CORE_SCHED_H__

#include <linux/types.h>

/* Jobs an engine's ring holds at most; see duet_core_sched_job_credits(). */
#define DUET_CORE_SCHED_MAX_JOBS	8

struct duet_core;
struct duet_core_engine;

int duet_core_sched_init(struct duet_core *core);
void duet_core_sched_fini(struct duet_core *core);
void duet_core_sched_signal(struct duet_core_engine *engine);
void duet_core_sched_fault(struct duet_core_engine *engine);
struct duet_job;

void duet_core_sched_job_pushed(struct duet_job *job);
void duet_core_sched_job_freed(struct duet_job *job);
u32 duet_core_sched_job_credits(struct duet_core_engine *engine,
				unsigned int num_dwords);

#endif /* __DUET_CORE_SCHED_H__ */
