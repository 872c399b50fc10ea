/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_CORE_DEBUGFS_H__
#define __DUET_CORE_DEBUGFS_H__

struct duet_core;

void duet_core_debugfs_module_init(void);
void duet_core_debugfs_module_exit(void);
int duet_core_debugfs_init(struct duet_core *core);

#endif /* __DUET_CORE_DEBUGFS_H__ */
