// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * Sharing and fairness of one compute engine (compute0) between the two
 * nodes.
 *
 * - Share: a render client and an accel client each keep compute0 busy
 *   with SPIN jobs of SHARE_SPIN_US (two windows of two jobs in flight
 *   each) for two phases (--secs); each one's share is the growth of its file's fdinfo
 *   "drm-engine-compute0" (ns) over the sum of both. Target 50 +- 5 %.
 * - Latency under load: render empty-job round trips (submit.c), p99,
 *   while an accel client saturates compute0 the same way with SPINs of
 *   LOAD_SPIN_US, against the
 *   same with compute0 idle. Target <= 2x. Note that the scheduler serves
 *   the client whose oldest queued job is oldest, so a render job waits
 *   for the accel jobs queued before it: up to 2 * WINDOW SPINs.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

/* SPIN of the share test's clients and of the latency test's accel client */
#define SHARE_SPIN_US	1000
#define LOAD_SPIN_US	200
#define WINDOW		2

struct hog {
	pthread_t thread;
	int fd;
	enum node_kind kind;
	uint32_t spin_us, sync[2];
	volatile int *stop;
	unsigned long jobs;
	int err;
};

static void *hog_run(void *arg)
{
	struct hog *h = arg;
	struct drm_duet_cmd spin = cmd_spin(h->spin_us);
	uint32_t engine = node_compute_engine(h->kind, 0);
	unsigned int i, w = 0, pending = 0;
	int ret = 0;

	while (!*h->stop && !ret) {
		for (i = 0; i < WINDOW && !ret; i++)
			ret = submit(h->fd, h->kind, engine, &spin, 1,
				     i == WINDOW - 1 ? h->sync[w] : 0);
		if (ret)
			break;
		w ^= 1;
		if (++pending == 2) {
			ret = syncobj_wait(h->fd, h->sync[w]);
			h->jobs += WINDOW;
			pending--;
		}
	}
	if (!ret && pending)
		ret = syncobj_wait(h->fd, h->sync[w ^ 1]);
	h->err = ret;
	return NULL;
}

static int hog_start(struct hog *h, const struct bench_card *card,
		     enum node_kind kind, uint32_t spin_us, volatile int *stop)
{
	memset(h, 0, sizeof(*h));
	h->kind = kind;
	h->spin_us = spin_us;
	h->stop = stop;
	h->fd = node_open(card, kind);
	if (h->fd < 0)
		return -1;
	if (syncobj_create(h->fd, &h->sync[0]) ||
	    syncobj_create(h->fd, &h->sync[1]) ||
	    pthread_create(&h->thread, NULL, hog_run, h)) {
		close(h->fd);
		return -1;
	}
	return 0;
}

static int hog_join(struct hog *h)
{
	pthread_join(h->thread, NULL);
	if (h->err)
		fprintf(stderr, "duet-bench: fairness: %s client: %s\n",
			node_name(h->kind), strerror(-h->err));
	return h->err;
}

static int share(const struct bench_card *card)
{
	volatile int stop = 0;
	struct hog h[2];
	int64_t r0, a0, r1, a1;
	double t0, t1, r, a;
	int ret = 0;

	if (hog_start(&h[0], card, NODE_RENDER, SHARE_SPIN_US, &stop))
		return -1;
	if (hog_start(&h[1], card, NODE_ACCEL, SHARE_SPIN_US, &stop)) {
		stop = 1;
		hog_join(&h[0]);
		close(h[0].fd);
		return -1;
	}
	/* Let both queues fill before the window opens. */
	usleep(50000);
	r0 = fdinfo_value(h[0].fd, "drm-engine-compute0");
	a0 = fdinfo_value(h[1].fd, "drm-engine-compute0");
	t0 = now_sec();
	usleep((useconds_t)(opts.secs * 2e6));
	r1 = fdinfo_value(h[0].fd, "drm-engine-compute0");
	a1 = fdinfo_value(h[1].fd, "drm-engine-compute0");
	t1 = now_sec();
	stop = 1;
	ret |= hog_join(&h[0]);
	ret |= hog_join(&h[1]);
	close(h[0].fd);
	close(h[1].fd);
	if (ret || r0 < 0 || a0 < 0 || r1 < 0 || a1 < 0) {
		fprintf(stderr, "duet-bench: fairness: no drm-engine-compute0 in fdinfo\n");
		return -1;
	}
	r = (double)(r1 - r0);
	a = (double)(a1 - a0);
	report_add("fairness", "render share of compute0 (fdinfo ns)", "%",
		   100 * r / (r + a), "fair share", 50, r / (r + a) / 0.5,
		   TARGET_RANGE, 0.9, 1.1);
	report_add("fairness", "accel share of compute0 (fdinfo ns)", "%",
		   100 * a / (r + a), "fair share", 50, a / (r + a) / 0.5,
		   TARGET_RANGE, 0.9, 1.1);
	report_info("fairness", "compute0 busy, both clients (fdinfo/wall)", "%",
		    100 * (r + a) / ((t1 - t0) * 1e9));
	return sane(r) && sane(a) ? 0 : -1;
}

/*
 * Idle and loaded samples are taken in alternating blocks (the saturating
 * client started and stopped around each loaded block) so that both see
 * the same host noise.
 */
static int latency(const struct bench_card *card)
{
	unsigned int blocks = opts.smoke ? 2 : 5, n = opts.samples, per = n / blocks;
	double *idle = calloc(n, sizeof(double)), *loaded = calloc(n, sizeof(double));
	double p_idle = -1, p_loaded = -1;
	unsigned int blk;
	int fd, ret = -1;

	fd = node_open(card, NODE_RENDER);
	if (!idle || !loaded || fd < 0)
		goto out;
	for (blk = 0; blk < blocks; blk++) {
		volatile int stop = 0;
		struct hog h;

		ret = empty_job_latency(fd, NODE_RENDER, idle + blk * per, per);
		if (ret)
			goto out;
		ret = hog_start(&h, card, NODE_ACCEL, LOAD_SPIN_US, &stop);
		if (ret)
			goto out;
		usleep(20000);
		ret = empty_job_latency(fd, NODE_RENDER, loaded + blk * per, per);
		stop = 1;
		ret |= hog_join(&h);
		close(h.fd);
		if (ret)
			goto out;
	}
	p_idle = percentile(idle, blocks * per, 99);
	p_loaded = percentile(loaded, blocks * per, 99);
	report_add("fairness", "render empty job p99, accel saturating", "us",
		   p_loaded, "same, compute0 idle", p_idle, p_loaded / p_idle,
		   TARGET_MAX, 2.0, 0);
	report_info("fairness", "render empty job median, accel saturating", "us",
		    median(loaded, blocks * per));
	report_info("fairness", "render empty job median, compute0 idle", "us",
		    median(idle, blocks * per));
out:
	if (ret)
		fprintf(stderr, "duet-bench: fairness: latency run failed\n");
	if (fd >= 0)
		close(fd);
	free(idle);
	free(loaded);
	return !ret && sane(p_idle) && sane(p_loaded) ? 0 : -1;
}

int bench_fairness(const struct bench_card *card)
{
	int a = share(card), b = latency(card);

	return a || b ? -1 : 0;
}
