/* SPDX-License-Identifier: MIT */
/*
 * Copyright 2026 The Duet authors
 *
 * duet_cmd: submitting jobs on either node and waiting for them, built on
 * libduet. __igt_duet_submit() is the raw SUBMIT ioctl, for the tests of
 * every field libduet does not expose (flags, timeline points, invalid
 * input); the timeline wait and sync_file helpers are raw too. Functions
 * without leading underscores assert success; __ variants return 0 or
 * -errno.
 */
#ifndef DUET_CMD_H
#define DUET_CMD_H

#include <stdint.h>

#include "duet_common.h"
#include "duet_mem.h"

/* Commands are built with libduet's duet_op() and duet_cmd_*(). */

/*
 * Submit @n commands to @engine of @node. @in (n_in entries) are waited
 * on; @out, if its handle is non-zero, is signalled.
 */
int __igt_duet_submit(int fd, enum duet_node_type node, uint32_t engine,
		  const struct drm_duet_cmd *cmds, uint32_t n,
		  const struct drm_duet_sync *in, uint32_t n_in,
		  struct drm_duet_sync out);
/* Submit, signal a new binary syncobj, and return its handle. */
uint32_t igt_duet_submit(int fd, enum duet_node_type node, uint32_t engine,
		     const struct drm_duet_cmd *cmds, uint32_t n);

/* Engines of a node: count, class, the @nth engine of @class (or skip). */
uint32_t igt_duet_num_engines(int fd, enum duet_node_type node);
uint32_t igt_duet_engine_class(int fd, enum duet_node_type node, uint32_t engine);
uint32_t igt_duet_find_engine(int fd, enum duet_node_type node, uint32_t class,
			  unsigned int nth);

/* A buffer object with its CPU mapping. */
struct igt_duet_buf {
	uint32_t handle;
	uint64_t size;
	void *map;
};

struct igt_duet_buf igt_duet_buf_new(int fd, enum duet_node_type node, uint64_t size);
void igt_duet_buf_free(int fd, struct igt_duet_buf *buf);
/* The whole buffer as an operand window. */
struct drm_duet_operand igt_duet_buf_op(const struct igt_duet_buf *buf);

/* Submit @n commands to @engine, wait, and assert the job succeeded. */
void igt_duet_run(int fd, enum duet_node_type node, uint32_t engine,
	      const struct drm_duet_cmd *cmds, uint32_t n);

/* Test data: @n floats derived from @seed, exactly representable. */
void igt_duet_fill_floats(float *f, unsigned int n, float seed);
int64_t igt_duet_now_ms(void);

#define DUET_WAIT_MS	10000

/* Syncobjs. */
uint32_t igt_duet_syncobj_create(int fd);
void igt_duet_syncobj_destroy(int fd, uint32_t handle);
/* Wait for @handle (@point 0: binary); 0 or -ETIME after @timeout_ms. */
int igt_duet_syncobj_wait(int fd, uint32_t handle, uint64_t point,
		      unsigned int timeout_ms);
/* The error the syncobj's fence signalled with (0 for none). */
int igt_duet_syncobj_error(int fd, uint32_t handle);
/* The syncobj's current fence as a sync_file fd. */
int igt_duet_syncobj_export_sync_file(int fd, uint32_t handle);
/* Wait for a sync_file; its status: 1 signalled, 0 active, <0 error. */
int igt_duet_sync_file_wait(int sync_file, unsigned int timeout_ms);
/* The same without asserting (for forked clients): 0 or -errno. */
int __igt_duet_sync_file_wait(int sync_file, unsigned int timeout_ms,
			      int *status);
/*
 * When the syncobj's fence signalled (CLOCK_MONOTONIC ns, the fence's
 * timestamp); asserts it signalled without error.
 */
int64_t igt_duet_syncobj_timestamp_ns(int fd, uint32_t handle);
/* Move a syncobj from one file to another (through an fd). */
uint32_t igt_duet_syncobj_transfer(int from_fd, uint32_t handle, int to_fd);

#endif /* DUET_CMD_H */
