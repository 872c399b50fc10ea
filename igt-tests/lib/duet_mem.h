/* SPDX-License-Identifier: MIT */
/*
 * Copyright 2026 The Duet authors
 *
 * duet_mem: buffer-object helpers for both Duet nodes, as IGT likes them
 * (file descriptors in, assertions inside), built on libduet
 * (mesa-glue/libduet), the userspace library of the Duet uAPI. Functions
 * without leading underscores assert success; __ variants return 0 or
 * -errno. The node argument says which node @fd is.
 */
#ifndef DUET_MEM_H
#define DUET_MEM_H

#include <stdbool.h>
#include <stdint.h>

#include "duet.h"
#include "duet_accel.h"
#include "duet_drm.h"

/* A libduet device for @fd (which it duplicates); duet_dev_close() it. */
struct duet_dev *igt_duet_dev(int fd);

extern const char *const igt_duet_node_names[];

int igt_duet_open_node(int card, enum duet_node_type node);

int __igt_duet_bo_create(int fd, enum duet_node_type node, uint64_t *size,
			 uint32_t *handle);
uint32_t igt_duet_bo_create(int fd, enum duet_node_type node, uint64_t size);
int __igt_duet_bo_info(int fd, enum duet_node_type node, uint32_t handle,
		   struct drm_duet_bo_info *info);
struct drm_duet_bo_info igt_duet_bo_info(int fd, enum duet_node_type node,
				     uint32_t handle);
/* mmap() the whole BO shared, read/write; asserts success. */
void *igt_duet_bo_map(int fd, enum duet_node_type node, uint32_t handle,
		  uint64_t *size);
void igt_duet_bo_close(int fd, uint32_t handle);
int __igt_duet_bo_close(int fd, uint32_t handle);

/* PRIME: export @handle as a dma-buf fd; import a dma-buf fd. */
int igt_duet_bo_export(int fd, uint32_t handle);
int __igt_duet_bo_import(int fd, int dmabuf, uint32_t *handle);
uint32_t igt_duet_bo_import(int fd, int dmabuf);

uint64_t igt_duet_vram_size(int fd, enum duet_node_type node);
uint64_t igt_duet_vram_available(int fd, enum duet_node_type node);

/*
 * The value of fdinfo key @key of @fd, with drm-usage-stats units applied:
 * memory keys ("drm-total-vram") in bytes (KiB, MiB scaled), engine keys
 * ("drm-engine-compute0") in ns. Asserts the key exists.
 */
uint64_t igt_duet_fdinfo_u64(int fd, const char *key);

#endif /* DUET_MEM_H */
