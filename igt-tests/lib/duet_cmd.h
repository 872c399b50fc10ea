/* SPDX-License-Identifier: MIT */
/*
 * Copyright 2026 The Duet authors
 *
 * duet_cmd: building Duet commands, submitting jobs on either node and
 * waiting for them with syncobjs. Functions without leading underscores
 * assert success; __ variants return 0 or -errno.
 */
#ifndef DUET_CMD_H
#define DUET_CMD_H

#include <stdint.h>

#include "duet_common.h"
#include "duet_mem.h"

/* Commands; op() builds an operand window. */
struct drm_duet_operand duet_op(uint32_t handle, uint64_t offset,
				uint64_t length);
struct drm_duet_cmd duet_cmd_copy(struct drm_duet_operand dst,
				  struct drm_duet_operand src);
struct drm_duet_cmd duet_cmd_fill(struct drm_duet_operand dst, uint32_t value);
struct drm_duet_cmd duet_cmd_spin(uint32_t usecs);
struct drm_duet_cmd duet_cmd_vadd(struct drm_duet_operand dst,
				  struct drm_duet_operand a,
				  struct drm_duet_operand b, uint32_t count);
struct drm_duet_cmd duet_cmd_saxpy(struct drm_duet_operand y,
				   struct drm_duet_operand x, uint32_t count,
				   float alpha);
struct drm_duet_cmd duet_cmd_gemm(struct drm_duet_operand c,
				  struct drm_duet_operand a,
				  struct drm_duet_operand b, uint32_t m,
				  uint32_t n, uint32_t k, uint32_t lda,
				  uint32_t ldb, uint32_t ldc);
struct drm_duet_cmd duet_cmd_fill_rect(struct drm_duet_operand dst,
				       uint32_t stride, uint32_t format,
				       uint32_t x, uint32_t y, uint32_t w,
				       uint32_t h, uint32_t argb);
struct drm_duet_cmd duet_cmd_blit(struct drm_duet_operand dst,
				  uint32_t dst_stride, uint32_t dst_format,
				  uint32_t dst_x, uint32_t dst_y,
				  struct drm_duet_operand src,
				  uint32_t src_stride, uint32_t src_format,
				  uint32_t src_x, uint32_t src_y,
				  uint32_t w, uint32_t h);

/*
 * Submit @n commands to @engine of @node. @in (n_in entries) are waited
 * on; @out, if its handle is non-zero, is signalled.
 */
int __duet_submit(int fd, enum duet_node_kind node, uint32_t engine,
		  const struct drm_duet_cmd *cmds, uint32_t n,
		  const struct drm_duet_sync *in, uint32_t n_in,
		  struct drm_duet_sync out);
/* Submit, signal a new binary syncobj, and return its handle. */
uint32_t duet_submit(int fd, enum duet_node_kind node, uint32_t engine,
		     const struct drm_duet_cmd *cmds, uint32_t n);

/* Engines of a node: count, class, the @nth engine of @class (or skip). */
uint32_t duet_num_engines(int fd, enum duet_node_kind node);
uint32_t duet_engine_class(int fd, enum duet_node_kind node, uint32_t engine);
uint32_t duet_find_engine(int fd, enum duet_node_kind node, uint32_t class,
			  unsigned int nth);

/* A buffer object with its CPU mapping. */
struct duet_buf {
	uint32_t handle;
	uint64_t size;
	void *map;
};

struct duet_buf duet_buf_new(int fd, enum duet_node_kind node, uint64_t size);
void duet_buf_free(int fd, struct duet_buf *buf);
/* The whole buffer as an operand window. */
struct drm_duet_operand duet_buf_op(const struct duet_buf *buf);

/* Submit @n commands to @engine, wait, and assert the job succeeded. */
void duet_run(int fd, enum duet_node_kind node, uint32_t engine,
	      const struct drm_duet_cmd *cmds, uint32_t n);

/* Test data: @n floats derived from @seed, exactly representable. */
void duet_fill_floats(float *f, unsigned int n, float seed);
int64_t duet_now_ms(void);

#define DUET_WAIT_MS	10000

/* Syncobjs. */
uint32_t duet_syncobj_create(int fd);
void duet_syncobj_destroy(int fd, uint32_t handle);
/* Wait for @handle (@point 0: binary); 0 or -ETIME after @timeout_ms. */
int duet_syncobj_wait(int fd, uint32_t handle, uint64_t point,
		      unsigned int timeout_ms);
/* The error the syncobj's fence signalled with (0 for none). */
int duet_syncobj_error(int fd, uint32_t handle);
/* The syncobj's current fence as a sync_file fd. */
int duet_syncobj_export_sync_file(int fd, uint32_t handle);
/* Wait for a sync_file; its status: 1 signalled, 0 active, <0 error. */
int duet_sync_file_wait(int sync_file, unsigned int timeout_ms);
/* Move a syncobj from one file to another (through an fd). */
uint32_t duet_syncobj_transfer(int from_fd, uint32_t handle, int to_fd);

#endif /* DUET_CMD_H */
