/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_CORE_COREDUMP_H__
#define __DUET_CORE_COREDUMP_H__

struct duet_core_engine;
struct duet_job;

void duet_core_coredump(struct duet_core_engine *engine, struct duet_job *job,
			int error);

#endif /* __DUET_CORE_COREDUMP_H__ */
