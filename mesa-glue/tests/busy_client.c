// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * busy-client NODE SECS: keep the first card's compute engine busy through
 * NODE ("render" or "accel") for SECS seconds with back-to-back 2 ms SPIN
 * jobs, two in flight, so that tools which read fdinfo (IGT's gputop) see
 * a client with engine time. Prints, once the first job has run,
 *   # busy pid=P node=NODE path=/dev/... client-id=N
 * and at the end the number of jobs run. Exit status 0 if every job
 * succeeded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "duet.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The node's path and fdinfo client id, from /proc/self. */
static void describe(int fd, char *path, size_t len, long *client_id)
{
	char link[64], line[256];
	ssize_t n;
	FILE *f;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, len - 1);
	path[n > 0 ? n : 0] = '\0';
	*client_id = -1;
	snprintf(link, sizeof(link), "/proc/self/fdinfo/%d", fd);
	f = fopen(link, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "drm-client-id: %ld", client_id) == 1)
			break;
	fclose(f);
}

int main(int argc, char **argv)
{
	enum duet_node_type type;
	struct drm_duet_cmd spin = duet_cmd_spin(2000);
	struct duet_dev *dev;
	uint32_t sync[2];
	char path[256];
	long client_id, jobs = 0;
	double end;
	int engine, ret, i, failed = 0;

	if (argc != 3 || (strcmp(argv[1], "render") && strcmp(argv[1], "accel"))) {
		fprintf(stderr, "usage: busy-client render|accel SECS\n");
		return 2;
	}
	type = strcmp(argv[1], "render") ? DUET_NODE_ACCEL : DUET_NODE_RENDER;
	end = now() + atof(argv[2]);

	ret = duet_dev_open(0, type, &dev);
	if (ret) {
		fprintf(stderr, "busy-client: open %s: %s\n", argv[1], strerror(-ret));
		return 1;
	}
	engine = duet_find_engine(dev, DUET_ENGINE_COMPUTE, 0);
	if (engine < 0) {
		fprintf(stderr, "busy-client: no compute engine: %s\n",
			strerror(-engine));
		return 1;
	}
	for (i = 0; i < 2; i++) {
		ret = duet_syncobj_create(dev, &sync[i]);
		if (ret) {
			fprintf(stderr, "busy-client: syncobj: %s\n", strerror(-ret));
			return 1;
		}
	}
	ret = duet_run(dev, engine, &spin, 1, 10000000000LL);
	if (ret) {
		fprintf(stderr, "busy-client: first job: %s\n", strerror(-ret));
		return 1;
	}
	describe(duet_dev_fd(dev), path, sizeof(path), &client_id);
	printf("# busy pid=%d node=%s path=%s client-id=%ld\n", getpid(),
	       argv[1], path, client_id);
	fflush(stdout);

	/* Two jobs in flight: submit into one syncobj while the other runs. */
	for (i = 0; now() < end; i ^= 1) {
		if (jobs >= 2) {
			ret = duet_wait(dev, &sync[i], 1, 10000000000LL);
			if (!ret)
				ret = duet_syncobj_status(dev, sync[i]);
			if (ret) {
				fprintf(stderr, "busy-client: job: %s\n",
					strerror(-ret));
				failed++;
			}
		}
		ret = duet_submit(dev, engine, &spin, 1, NULL, 0, sync[i]);
		if (ret) {
			fprintf(stderr, "busy-client: submit: %s\n", strerror(-ret));
			return 1;
		}
		jobs++;
	}
	if (duet_wait(dev, sync, 2, 10000000000LL))
		failed++;
	printf("# busy pid=%d node=%s jobs=%ld failed=%d\n", getpid(), argv[1],
	       jobs + 1, failed);
	duet_dev_close(dev);
	return failed ? 1 : 0;
}
