// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * Bandwidth: one COPY job of SIZE bytes between two VRAM buffers on the
 * render node's compute0, timed from SUBMIT to SYNCOBJ_WAIT returning,
 * against memcpy() of the same size between two prefaulted buffers in the
 * guest. Best of REPS for both (the least disturbed run).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define REPS 5

int bench_bandwidth(const struct bench_card *card)
{
	uint64_t size = opts.smoke ? 8ull << 20 : 64ull << 20;
	double best_dev = 1e9, best_cpu = 1e9, t0, t, dev, cpu;
	uint32_t src, dst, sync;
	struct drm_duet_cmd copy;
	char *a, *b, metric[72];
	int fd, ret, i;

	fd = node_open(card, NODE_RENDER);
	if (fd < 0)
		return -1;
	ret = bo_create(fd, NODE_RENDER, size, &src);
	if (!ret)
		ret = bo_create(fd, NODE_RENDER, size, &dst);
	if (!ret)
		ret = syncobj_create(fd, &sync);
	copy = cmd_copy(dst, src, size);
	for (i = 0; !ret && i < REPS + 1; i++) {
		t0 = now_sec();
		ret = submit(fd, NODE_RENDER, node_compute_engine(NODE_RENDER, 0),
			     &copy, 1, sync);
		if (!ret)
			ret = syncobj_wait(fd, sync);
		t = now_sec() - t0;
		if (i && t < best_dev)
			best_dev = t;
	}
	close(fd);
	if (ret) {
		fprintf(stderr, "duet-bench: bandwidth: COPY: %s\n", strerror(-ret));
		return -1;
	}

	a = malloc(size);
	b = malloc(size);
	if (!a || !b) {
		free(a);
		free(b);
		return -1;
	}
	memset(a, 1, size);
	memset(b, 2, size);
	for (i = 0; i < REPS + 1; i++) {
		t0 = now_sec();
		memcpy(i % 2 ? a : b, i % 2 ? b : a, size);
		__asm__ volatile("" : : "r"(a), "r"(b) : "memory");
		t = now_sec() - t0;
		if (i && t < best_cpu)
			best_cpu = t;
	}
	free(a);
	free(b);

	dev = size / best_dev / 1e9;
	cpu = size / best_cpu / 1e9;
	snprintf(metric, sizeof(metric), "COPY job, %llu MiB VRAM->VRAM",
		 (unsigned long long)(size >> 20));
	report_add("bandwidth", metric, "GB/s", dev, "guest memcpy, same size",
		   cpu, dev / cpu, TARGET_MIN, 0.8, 0);
	return sane(dev) && sane(cpu) ? 0 : -1;
}
