// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * Bandwidth: one COPY job of SIZE bytes on the render node's compute0,
 * timed from SUBMIT to SYNCOBJ_WAIT returning, between two VRAM buffers,
 * from VRAM to system memory and from system memory to VRAM (system
 * buffers are reached through the GART), against memcpy() of the same
 * size between two prefaulted buffers in the guest. Best of REPS for each
 * (the least disturbed run).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define REPS 5

/* Best time of REPS COPY jobs from @src to @dst; 0 on failure. */
static double best_copy(int fd, uint32_t dst, uint32_t src, uint64_t size)
{
	struct drm_duet_cmd copy = cmd_copy(dst, src, size);
	double best = 1e9, t0, t;
	uint32_t sync;
	int ret, i;

	ret = syncobj_create(fd, &sync);
	for (i = 0; !ret && i < REPS + 1; i++) {
		t0 = now_sec();
		ret = submit(fd, NODE_RENDER, node_compute_engine(NODE_RENDER, 0),
			     &copy, 1, sync);
		if (!ret)
			ret = syncobj_wait(fd, sync);
		t = now_sec() - t0;
		if (i && t < best)
			best = t;
	}
	if (ret) {
		fprintf(stderr, "duet-bench: bandwidth: COPY: %s\n", strerror(-ret));
		return 0;
	}
	return best;
}

static double best_memcpy(uint64_t size)
{
	double best = 1e9, t0, t;
	char *a = malloc(size), *b = malloc(size);
	int i;

	if (!a || !b) {
		free(a);
		free(b);
		return 0;
	}
	memset(a, 1, size);
	memset(b, 2, size);
	for (i = 0; i < REPS + 1; i++) {
		t0 = now_sec();
		memcpy(i % 2 ? a : b, i % 2 ? b : a, size);
		__asm__ volatile("" : : "r"(a), "r"(b) : "memory");
		t = now_sec() - t0;
		if (i && t < best)
			best = t;
	}
	free(a);
	free(b);
	return best;
}

int bench_bandwidth(const struct bench_card *card)
{
	/* The default GART aperture is 64 MiB: system buffers are smaller. */
	uint64_t size = opts.smoke ? 8ull << 20 : 32ull << 20;
	double t_vv = 0, t_vs = 0, t_sv = 0, t_cpu, cpu;
	uint32_t v1, v2, sys;
	char metric[72];
	int fd, ret;

	fd = node_open(card, NODE_RENDER);
	if (fd < 0)
		return -1;
	ret = bo_create(fd, NODE_RENDER, size, &v1);
	if (!ret)
		ret = bo_create(fd, NODE_RENDER, size, &v2);
	if (!ret)
		ret = bo_create_flags(fd, NODE_RENDER, size, DRM_DUET_BO_SYSTEM, &sys);
	if (!ret) {
		t_vv = best_copy(fd, v2, v1, size);
		t_vs = best_copy(fd, sys, v1, size);
		t_sv = best_copy(fd, v1, sys, size);
	} else {
		fprintf(stderr, "duet-bench: bandwidth: BO_CREATE: %s\n", strerror(-ret));
	}
	close(fd);
	t_cpu = best_memcpy(size);
	if (!t_vv || !t_vs || !t_sv || !t_cpu)
		return -1;

	cpu = size / t_cpu / 1e9;
	snprintf(metric, sizeof(metric), "COPY job, %llu MiB VRAM->VRAM",
		 (unsigned long long)(size >> 20));
	report_add("bandwidth", metric, "GB/s", size / t_vv / 1e9,
		   "guest memcpy, same size", cpu, size / t_vv / 1e9 / cpu,
		   TARGET_MIN, 0.8, 0);
	snprintf(metric, sizeof(metric), "COPY job, %llu MiB VRAM->system (GART)",
		 (unsigned long long)(size >> 20));
	report_add("bandwidth", metric, "GB/s", size / t_vs / 1e9,
		   "guest memcpy, same size", cpu, size / t_vs / 1e9 / cpu,
		   TARGET_NONE, 0, 0);
	snprintf(metric, sizeof(metric), "COPY job, %llu MiB system (GART)->VRAM",
		 (unsigned long long)(size >> 20));
	report_add("bandwidth", metric, "GB/s", size / t_sv / 1e9,
		   "guest memcpy, same size", cpu, size / t_sv / 1e9 / cpu,
		   TARGET_NONE, 0, 0);
	return sane(size / t_vv / 1e9) && sane(size / t_vs / 1e9) &&
	       sane(size / t_sv / 1e9) && sane(cpu) ? 0 : -1;
}
