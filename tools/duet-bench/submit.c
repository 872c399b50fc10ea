// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * Submission overhead: the round trip of an empty job (one SPIN of 0 us)
 * on the first compute engine: SUBMIT -> hardware fence signalled ->
 * SYNCOBJ_WAIT returns, one job at a time, on each node; compared with the
 * device floor (floor.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

/* Round trips of one node, in microseconds, into @lat[n]. */
int empty_job_latency(int fd, enum node_kind kind, double *lat, unsigned int n)
{
	struct drm_duet_cmd spin = cmd_spin(0);
	uint32_t engine = node_compute_engine(kind, 0), sync;
	unsigned int i, warm = n / 10 + 1;
	int ret;

	ret = syncobj_create(fd, &sync);
	if (ret)
		return ret;
	for (i = 0; i < n + warm; i++) {
		double t0 = now_sec();

		ret = submit(fd, kind, engine, &spin, 1, sync);
		if (!ret)
			ret = syncobj_wait(fd, sync);
		if (ret)
			break;
		if (i >= warm)
			lat[i - warm] = (now_sec() - t0) * 1e6;
	}
	syncobj_destroy(fd, sync);
	return ret;
}

int bench_submit(const struct bench_card *card, struct submit_result *res)
{
	static const enum node_kind kinds[] = { NODE_RENDER, NODE_ACCEL };
	unsigned int n = opts.samples, k;
	double *lat = calloc(n, sizeof(*lat));
	int status = 0;

	if (!lat)
		return -1;
	for (k = 0; k < 2; k++) {
		int fd, ret;

		res->ok[k] = false;
		fd = node_open(card, kinds[k]);
		if (fd < 0) {
			status = -1;
			continue;
		}
		ret = empty_job_latency(fd, kinds[k], lat, n);
		close(fd);
		if (ret) {
			fprintf(stderr, "duet-bench: submit: %s: %s\n",
				node_name(kinds[k]), strerror(-ret));
			status = -1;
			continue;
		}
		res->median_us[k] = median(lat, n);
		res->p99_us[k] = percentile(lat, n, 99);
		res->ok[k] = sane(res->median_us[k]) && sane(res->p99_us[k]);
		if (!res->ok[k])
			status = -1;
	}
	free(lat);
	return status;
}

int submit_report(const struct submit_result *res,
		  const struct floor_result *irq_floor,
		  const struct floor_result *floor)
{
	double imed = irq_floor->ok ? irq_floor->median_us : NAN;
	double ip99 = irq_floor->ok ? irq_floor->p99_us : NAN;
	double fmed = floor->ok ? floor->median_us : NAN;
	char metric[72];
	int k;

	for (k = 0; k < 2; k++) {
		if (!res->ok[k])
			continue;
		snprintf(metric, sizeof(metric), "%s empty job round trip, median",
			 node_name(k));
		report_add("submit", metric, "us", res->median_us[k],
			   "interrupt floor, median", imed,
			   res->median_us[k] / imed, TARGET_MAX, 1.3, 0);
		snprintf(metric, sizeof(metric), "%s empty job round trip, p99",
			 node_name(k));
		report_add("submit", metric, "us", res->p99_us[k],
			   "interrupt floor, p99", ip99, res->p99_us[k] / ip99,
			   TARGET_NONE, 0, 0);
		/* Information: how far from the device with no driver at all. */
		snprintf(metric, sizeof(metric),
			 "%s empty job round trip, median vs polled", node_name(k));
		report_add("submit", metric, "us", res->median_us[k],
			   "polled floor, median", fmed, res->median_us[k] / fmed,
			   TARGET_NONE, 0, 0);
	}
	return res->ok[0] && res->ok[1] ? 0 : -1;
}
