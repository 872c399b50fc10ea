/* SPDX-License-Identifier: MIT */
/*
 * Copyright 2026 The Duet authors
 *
 * duet_mem: buffer-object helpers for both Duet nodes. The render and the
 * accel uAPI have the same BO_CREATE/BO_INFO layouts under different ioctl
 * numbers, so every helper takes the node kind. Functions without leading
 * underscores assert success; __ variants return 0 or -errno.
 */
#ifndef DUET_MEM_H
#define DUET_MEM_H

#include <stdbool.h>
#include <stdint.h>

#include "duet_accel.h"
#include "duet_drm.h"

enum duet_node_kind { DUET_NODE_RENDER, DUET_NODE_ACCEL };

extern const char *const duet_node_names[];

int duet_open_node(int card, enum duet_node_kind node);

int __duet_bo_create(int fd, enum duet_node_kind node, uint64_t *size,
		     uint32_t flags, uint32_t *handle);
uint32_t duet_bo_create(int fd, enum duet_node_kind node, uint64_t size);
int __duet_bo_info(int fd, enum duet_node_kind node, uint32_t handle,
		   struct drm_duet_bo_info *info);
struct drm_duet_bo_info duet_bo_info(int fd, enum duet_node_kind node,
				     uint32_t handle);
/* mmap() the whole BO shared, read/write; asserts success. */
void *duet_bo_map(int fd, enum duet_node_kind node, uint32_t handle,
		  uint64_t *size);
void duet_bo_close(int fd, uint32_t handle);
int __duet_bo_close(int fd, uint32_t handle);

/* PRIME: export @handle as a dma-buf fd; import a dma-buf fd. */
int duet_bo_export(int fd, uint32_t handle);
int __duet_bo_import(int fd, int dmabuf, uint32_t *handle);
uint32_t duet_bo_import(int fd, int dmabuf);

uint64_t duet_vram_size(int fd, enum duet_node_kind node);
uint64_t duet_vram_available(int fd, enum duet_node_kind node);

/*
 * The value of fdinfo key @key of @fd, with drm-usage-stats units applied:
 * memory keys ("drm-total-vram") in bytes (KiB, MiB scaled), engine keys
 * ("drm-engine-compute0") in ns. Asserts the key exists.
 */
uint64_t duet_fdinfo_u64(int fd, const char *key);

#endif /* DUET_MEM_H */
