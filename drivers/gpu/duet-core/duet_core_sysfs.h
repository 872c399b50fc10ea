/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_CORE_SYSFS_H__
#define __DUET_CORE_SYSFS_H__

struct attribute_group;

extern const struct attribute_group *duet_core_sysfs_groups[];

#endif /* __DUET_CORE_SYSFS_H__ */
