// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * libduet on both nodes of card 0: enumeration, queries, BOs, dma-buf
 * sharing from accel to render, submission with syncobjs on both nodes,
 * and the negative errnos of the failure paths.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <duet.h>

#include "common.h"

#define SEC 1000000000LL
#define N 1024

int main(void)
{
	struct duet_card cards[8];
	struct duet_dev *r = NULL, *a = NULL, *bad;
	struct duet_bo_info info;
	struct drm_duet_cmd cmd[2];
	uint64_t ne_r = 0, ne_a = 0, v, size, rsize;
	uint32_t abo, rbo, sync_a, sync_r, in[1];
	float *am, *rm;
	uint32_t *px;
	int n, i, fd, ge, ce, ret;

	n = duet_enumerate(cards, 8, DUET_ENUM_ALL);
	tap_check(n > 0 && cards[0].render[0] && cards[0].accel[0],
		  "libduet-enumerate", "%d card(s); card 0 render '%s' accel '%s'",
		  n, n > 0 ? cards[0].render : "", n > 0 ? cards[0].accel : "");
	n = duet_enumerate(cards, 8, DUET_ENUM_RENDER);
	tap_check(n > 0 && cards[0].render[0] && !cards[0].accel[0],
		  "libduet-enumerate-render-only", "%d, accel '%s'", n,
		  n > 0 ? cards[0].accel : "");
	tap_check(duet_enumerate(cards, 8, 0) == -EINVAL,
		  "libduet-enumerate-einval", "no nodes asked must be -EINVAL");

	ret = duet_dev_open(0, DUET_NODE_RENDER, &r);
	ret = ret ? ret : duet_dev_open(0, DUET_NODE_ACCEL, &a);
	tap_check(!ret && duet_dev_node(r) == DUET_NODE_RENDER &&
		  duet_dev_node(a) == DUET_NODE_ACCEL, "libduet-open-both",
		  "open: %s", strerror(-ret));
	if (ret)
		return tap_status();
	tap_check(duet_dev_open(64, DUET_NODE_RENDER, &bad) == -ENODEV,
		  "libduet-open-enodev", "card 64 must be -ENODEV");
	tap_check(duet_dev_open_path("/dev/null", &bad) == -ENODEV,
		  "libduet-open-not-duet", "/dev/null must be -ENODEV");
	ret = duet_dev_from_fd(duet_dev_fd(a), &bad);
	tap_check(!ret && duet_dev_node(bad) == DUET_NODE_ACCEL &&
		  duet_dev_fd(bad) != duet_dev_fd(a), "libduet-from-fd",
		  "duet_dev_from_fd: %d", ret);
	if (!ret)
		duet_dev_close(bad);

	/* Queries: the render node has the graphics engine on top. */
	ret = duet_query(r, DUET_PARAM_NUM_ENGINES, 0, &ne_r);
	ret = ret ? ret : duet_query(a, DUET_PARAM_NUM_ENGINES, 0, &ne_a);
	tap_check(!ret && ne_r == ne_a + 1 && ne_a > 0, "libduet-query-engines",
		  "render %lu, accel %lu engines (%d)", (unsigned long)ne_r,
		  (unsigned long)ne_a, ret);
	ge = duet_find_engine(r, DUET_ENGINE_GRAPHICS, 0);
	ce = duet_find_engine(a, DUET_ENGINE_COMPUTE, 0);
	tap_check(ge >= 0 && ce >= 0 &&
		  duet_find_engine(a, DUET_ENGINE_GRAPHICS, 0) == -ENOENT,
		  "libduet-find-engine", "graphics %d compute %d", ge, ce);
	tap_check(duet_query(r, 0xdead, 0, &v) == -EINVAL &&
		  duet_query(a, DUET_PARAM_ENGINE_CLASS, 99, &v) == -ENOENT,
		  "libduet-query-errors", "bad param/index errnos");
	ret = duet_query(a, DUET_PARAM_VRAM_SIZE, 0, &v);
	tap_check(!ret && v > 0 && duet_query(r, DUET_PARAM_VRAM_SIZE, 0, &size) == 0 &&
		  size == v, "libduet-query-vram", "vram %lu / %lu",
		  (unsigned long)v, (unsigned long)size);
	if (ge < 0 || ce < 0)
		return tap_status();

	/* A BO on accel, shared to render by dma-buf. */
	ret = duet_bo_create(a, 3 * N * 4 + 100, &abo, &size);
	tap_check(!ret && size % 4096 == 0 && size >= 3 * N * 4 + 100,
		  "libduet-bo-create", "%d, size %lu", ret, (unsigned long)size);
	ret = duet_bo_info(a, abo, &info);
	tap_check(!ret && info.size == size, "libduet-bo-info", "%d", ret);
	tap_check(duet_bo_info(a, abo + 1000, &info) == -ENOENT,
		  "libduet-bo-info-enoent", "unknown handle");
	ret = duet_bo_map(a, abo, (void **)&am, &size);
	tap_check(!ret, "libduet-bo-map", "%d", ret);
	if (ret)
		return tap_status();
	for (i = 0; i < N; i++) {
		am[N + i] = (float)i;
		am[2 * N + i] = 2.0f;
	}
	ret = duet_bo_export(a, abo, &fd);
	ret = ret ? ret : duet_bo_import(r, fd, &rbo);
	tap_check(!ret, "libduet-dmabuf-export-import", "%d", ret);
	if (ret)
		return tap_status();
	close(fd);
	ret = duet_bo_map(r, rbo, (void **)&rm, &rsize);
	tap_check(!ret && rsize == size && rm[N + 7] == 7.0f,
		  "libduet-dmabuf-same-bytes", "%d", ret);
	if (ret)
		return tap_status();

	/* VADD on accel, then FILL_RECT on render; syncobjs on each node. */
	duet_syncobj_create(a, &sync_a);
	duet_syncobj_create(r, &sync_r);
	cmd[0] = duet_cmd_vadd(duet_op(abo, 0, N * 4), duet_op(abo, N * 4, N * 4),
			       duet_op(abo, 2 * N * 4, N * 4), N);
	ret = duet_submit(a, ce, cmd, 1, NULL, 0, sync_a);
	ret = ret ? ret : duet_wait(a, &sync_a, 1, 10 * SEC);
	tap_check(!ret && duet_syncobj_status(a, sync_a) == 0 &&
		  rm[5] == 7.0f && rm[N - 1] == (float)(N + 1),
		  "libduet-accel-vadd", "%d, rm[5]=%f", ret, rm[5]);
	/* Render: two jobs, the second waits for the first's syncobj. */
	cmd[0] = duet_cmd_fill(duet_op(rbo, 3 * N * 4, 64), 0x11223344);
	ret = duet_submit(r, ge, cmd, 1, NULL, 0, sync_r);
	in[0] = sync_r;
	px = (uint32_t *)(rm + 3 * N);
	cmd[1] = duet_cmd_fill_rect(duet_op(rbo, 3 * N * 4, 64), 16,
				    DRM_DUET_FORMAT_ARGB8888, 1, 1, 2, 2,
				    0xff00ff00);
	{
		uint32_t s2;

		duet_syncobj_create(r, &s2);
		ret = ret ? ret : duet_submit(r, ge, &cmd[1], 1, in, 1, s2);
		ret = ret ? ret : duet_wait(r, &s2, 1, 10 * SEC);
		duet_syncobj_destroy(r, s2);
	}
	tap_check(!ret && px[0] == 0x11223344 && px[5] == 0xff00ff00 &&
		  px[10] == 0xff00ff00 && px[15] == 0x11223344,
		  "libduet-render-fill-rect-in-sync",
		  "%d: %08x %08x %08x", ret, px[0], px[5], px[15]);
	/* Failures are negative errnos. */
	tap_check(duet_submit(a, 99, cmd, 1, NULL, 0, 0) == -EINVAL &&
		  duet_submit(a, ce, &cmd[1], 1, NULL, 0, 0) == -EINVAL,
		  "libduet-submit-einval", "bad engine / graphics command on accel");
	ret = duet_wait(a, &sync_a, 1, 0);
	{
		uint32_t s3;

		duet_syncobj_create(a, &s3);
		tap_check(!ret && duet_wait(a, &s3, 1, 10000000) == -ETIME,
			  "libduet-wait-etime", "wait %d", ret);
		duet_syncobj_destroy(a, s3);
	}
	/* A long job is still running right after submit. */
	{
		struct drm_duet_cmd spin = { .opcode = DRM_DUET_CMD_SPIN,
					     .arg = { 300000 } };

		ret = duet_submit(a, ce, &spin, 1, NULL, 0, sync_a);
		tap_check(!ret && duet_syncobj_status(a, sync_a) == -EBUSY &&
			  duet_wait(a, &sync_a, 1, 10 * SEC) == 0 &&
			  duet_syncobj_status(a, sync_a) == 0,
			  "libduet-syncobj-status", "%d", ret);
	}
	duet_syncobj_destroy(a, sync_a);
	duet_syncobj_destroy(r, sync_r);
	tap_check(duet_bo_unmap(rm, rsize) == 0 && duet_bo_unmap(am, size) == 0 &&
		  duet_bo_close(r, rbo) == 0 && duet_bo_close(a, abo) == 0 &&
		  duet_bo_close(a, abo) == -EINVAL, "libduet-bo-close",
		  "unmap/close, double close -EINVAL");
	duet_dev_close(r);
	duet_dev_close(a);
	return tap_status();
}
