// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * Throughput: jobs per second with 1, 4, 16 and 64 clients, each client a
 * thread with its own open file. Client i uses the render node when i is
 * even and the accel node when it is odd, and compute engine (i / 2) % 2,
 * so clients are split across both nodes and both compute engines. A job
 * is 1 FILL of 256 bytes (unbatched) or 16 of them (batched) into the
 * client's own buffer. Each client keeps two windows of WINDOW jobs in
 * flight: it submits a window, waits for the previous one, and so on;
 * jobs of one file on one engine run in order, so the last job's syncobj
 * stands for its window. Jobs completed are counted over half a phase
 * (--secs), after a tenth of one for the clients to settle; each
 * configuration runs three times, interleaved with the others, and the
 * median counts.
 * Compared with the same load from one client.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define WINDOW		4
#define FILL_BYTES	256
#define MAX_BATCH	16
#define ROUNDS		3

struct client {
	pthread_t thread;
	const struct bench_card *card;
	unsigned int index, batch;
	pthread_barrier_t *go;
	volatile int *stop;
	volatile unsigned long jobs;
	int err;
	/* set up before the clock starts */
	int fd;
	enum node_kind kind;
	uint32_t bo, sync[2];
};

static int client_setup(struct client *c)
{
	int ret;

	c->kind = c->index % 2 ? NODE_ACCEL : NODE_RENDER;
	c->fd = node_open(c->card, c->kind);
	if (c->fd < 0)
		return -errno;
	ret = bo_create(c->fd, c->kind, FILL_BYTES * MAX_BATCH, &c->bo);
	if (!ret)
		ret = syncobj_create(c->fd, &c->sync[0]);
	if (!ret)
		ret = syncobj_create(c->fd, &c->sync[1]);
	return ret;
}

static void *client_run(void *arg)
{
	struct client *c = arg;
	struct drm_duet_cmd cmds[MAX_BATCH];
	uint32_t engine = node_compute_engine(c->kind, (c->index / 2) % 2);
	unsigned int i, w = 0, pending = 0;
	int ret = 0;

	for (i = 0; i < c->batch; i++)
		cmds[i] = cmd_fill(c->bo, i * FILL_BYTES, FILL_BYTES, c->index);
	pthread_barrier_wait(c->go);
	while (!*c->stop) {
		for (i = 0; i < WINDOW && !ret; i++)
			ret = submit(c->fd, c->kind, engine, cmds, c->batch,
				     i == WINDOW - 1 ? c->sync[w] : 0);
		if (ret)
			break;
		pending++;
		w ^= 1;
		if (pending == 2) {
			/* the window before the one just submitted */
			ret = syncobj_wait(c->fd, c->sync[w]);
			if (ret)
				break;
			c->jobs += WINDOW;
			pending--;
		}
	}
	if (!ret && pending) {
		ret = syncobj_wait(c->fd, c->sync[w ^ 1]);
		c->jobs += WINDOW;
	}
	c->err = ret;
	return NULL;
}

static unsigned long total_jobs(const struct client *c, unsigned int n)
{
	unsigned long jobs = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		jobs += c[i].jobs;
	return jobs;
}

/* Jobs per second of @n clients with @batch commands per job; < 0 on error. */
static double run(const struct bench_card *card, unsigned int n,
		  unsigned int batch)
{
	struct client *c = calloc(n, sizeof(*c));
	volatile int stop = 0;
	pthread_barrier_t go;
	double t0, t1, rate = -1;
	unsigned long j0, j1;
	unsigned int i, started = 0;
	int err = 0;

	if (!c)
		return -1;
	for (i = 0; i < n; i++) {
		c[i].card = card;
		c[i].index = i;
		c[i].batch = batch;
		c[i].go = &go;
		c[i].stop = &stop;
		c[i].fd = -1;
		err = client_setup(&c[i]);
		if (err)
			goto out;
	}
	pthread_barrier_init(&go, NULL, n + 1);
	for (i = 0; i < n; i++) {
		if (pthread_create(&c[i].thread, NULL, client_run, &c[i])) {
			/* the clients started wait at the barrier forever */
			fprintf(stderr, "duet-bench: throughput: cannot start thread %u\n", i);
			exit(1);
		}
		started++;
	}
	pthread_barrier_wait(&go);
	/* Count only the steady state: skip the clients' first windows. */
	usleep((useconds_t)(opts.secs / 10 * 1e6));
	j0 = total_jobs(c, n);
	t0 = now_sec();
	usleep((useconds_t)(opts.secs / 2 * 1e6));
	/*
	 * A slow kernel (KASAN, lockdep) may finish no window in a short
	 * phase: extend it until one is done (at most 200 phases).
	 */
	for (i = 0; total_jobs(c, n) == j0 && i < 200; i++)
		usleep((useconds_t)(opts.secs / 2 * 1e6));
	j1 = total_jobs(c, n);
	t1 = now_sec();
	stop = 1;
	for (i = 0; i < started; i++) {
		pthread_join(c[i].thread, NULL);
		if (c[i].err)
			err = c[i].err;
	}
	pthread_barrier_destroy(&go);
	if (!err)
		rate = (j1 - j0) / (t1 - t0);
out:
	if (err)
		fprintf(stderr, "duet-bench: throughput: %u clients, %u cmds/job: %s\n",
			n, batch, strerror(-err));
	for (i = 0; i < n; i++)
		if (c[i].fd >= 0)
			close(c[i].fd);
	free(c);
	return rate;
}

int bench_throughput(const struct bench_card *card, double *one_client)
{
	static const unsigned int clients[] = { 1, 4, 16, 64 };
	static const unsigned int batches[] = { 1, 16 };
	double rates[2][4][ROUNDS];
	unsigned int rounds = opts.smoke ? 1 : ROUNDS, r, b, i;
	int status = 0;

	/* Rounds interleave the configurations, spreading the host's noise. */
	for (r = 0; r < rounds; r++)
		for (b = 0; b < 2; b++)
			for (i = 0; i < 4; i++)
				rates[b][i][r] = run(card, clients[i], batches[b]);

	for (b = 0; b < 2; b++) {
		double base = 0;

		for (i = 0; i < 4; i++) {
			double rate = median(rates[b][i], rounds);
			char metric[72];

			if (!sane(rate) || !sane(rates[b][i][0])) {
				status = -1;
				continue;
			}
			if (i == 0)
				base = rate;
			if (i == 0 && b == 0)
				*one_client = rate;
			snprintf(metric, sizeof(metric), "jobs/s, %u client%s, %u cmd%s/job",
				 clients[i], clients[i] > 1 ? "s" : "",
				 batches[b], batches[b] > 1 ? "s" : "");
			report_add("throughput", metric, "jobs/s", rate,
				   base ? "same, 1 client" : "", base,
				   base ? rate / base : 0, TARGET_MIN, 0.8, 0);
			if (batches[b] > 1) {
				snprintf(metric, sizeof(metric),
					 "commands/s, %u client%s, %u cmds/job",
					 clients[i], clients[i] > 1 ? "s" : "",
					 batches[b]);
				report_info("throughput", metric, "cmds/s",
					    rate * batches[b]);
			}
		}
	}
	return status;
}

int throughput_floor_report(double one_client, const struct floor_result *floor)
{
	double jobs;

	if (!floor->ok || !sane(one_client))
		return -1;
	/* Jobs completed per device round trip: 1 is the device's own pace. */
	jobs = one_client * floor->median_us * 1e-6;
	report_add("throughput", "jobs per polled floor round trip, 1 client, 8 in flight",
		   "jobs", jobs, "1 job per round trip", 1, jobs, TARGET_MIN, 0.5, 0);
	return 0;
}
