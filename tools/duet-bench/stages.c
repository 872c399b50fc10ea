// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * Where the empty-job round trip goes: the submit benchmark's loop (one
 * SPIN of 0 us on compute0, one job at a time) with duet_core's trace
 * events on (drivers/gpu/duet-core/duet_core_trace.h), in a tracing
 * instance of our own whose clock is CLOCK_MONOTONIC, the clock of the
 * user-side timestamps. Each job's events (SUBMIT entered, job armed,
 * run_job, ring kicked, FENCE interrupt, hardware fence signalled) and the
 * two user timestamps around it split its round trip into stages; each
 * stage's median is a row. The tracing itself costs a little in every
 * stage: the submit rows are measured without it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"

#define TRACING "/sys/kernel/tracing"
#define INSTANCE TRACING "/instances/duet-bench"

enum stage_event {
	EV_SUBMIT,
	EV_ARMED,
	EV_RUN,
	EV_KICK,
	EV_IRQ,
	EV_SIGNAL,
	EV_COUNT,
};

static const char *const event_names[EV_COUNT] = {
	"duet_submit", "duet_job_armed", "duet_job_run", "duet_ring_kick",
	"duet_irq", "duet_fence_signal",
};

/* Stage k runs from timestamp k to timestamp k + 1 of a job. */
#define NUM_TIMES	(EV_COUNT + 2)	/* user start, the events, user end */
static const char *const stage_names[NUM_TIMES - 1] = {
	"user -> SUBMIT entered",
	"SUBMIT checks -> job armed",
	"job armed -> run_job",
	"run_job -> ring kicked",
	"ring kicked -> FENCE interrupt",
	"interrupt -> hardware fence signalled",
	"fence signalled -> user woken",
};

struct job_times {
	double t[NUM_TIMES];
	unsigned int hw;
	unsigned int seen;	/* bit per event */
};

static int set_events(const char *value)
{
	char path[256];
	int e, ret;

	for (e = 0; e < EV_COUNT; e++) {
		snprintf(path, sizeof(path), INSTANCE "/events/duet_core/%s/enable",
			 event_names[e]);
		ret = write_str(path, value);
		if (ret)
			return ret;
	}
	return 0;
}

static int instance_create(void)
{
	int ret;

	rmdir(INSTANCE);
	if (mkdir(INSTANCE, 0700))
		return -errno;
	ret = write_str(INSTANCE "/trace_clock", "mono");
	if (!ret)
		ret = write_str(INSTANCE "/buffer_size_kb", "4096");
	if (!ret)
		ret = set_events("1");
	return ret;
}

/*
 * One line of the trace: "<task>-<pid> [cpu] <flags> <secs>: <event>:
 * dev=<bdf> engine=<e> ...". Returns the event, or -1 for another card,
 * another event or a line that is not an event.
 */
static int parse_line(const char *line, const char *bdf, double *ts,
		      unsigned int *value)
{
	const char *colon = strstr(line, ": duet_"), *p, *field;
	char dev[64];
	int e;

	if (!colon)
		return -1;
	for (p = colon; p > line && p[-1] != ' '; p--)
		;
	*ts = strtod(p, NULL);
	for (e = 0; e < EV_COUNT; e++) {
		size_t len = strlen(event_names[e]);

		if (!strncmp(colon + 2, event_names[e], len) &&
		    colon[2 + len] == ':')
			break;
	}
	if (e == EV_COUNT || sscanf(colon + 2, "%*[^:]: dev=%63s", dev) != 1 ||
	    strcmp(dev, bdf))
		return -1;
	field = e == EV_IRQ ? " seqno=" : " hw=";
	p = strstr(colon, field);
	*value = p ? strtoul(p + strlen(field), NULL, 10) : 0;
	return e;
}

/*
 * Assign the trace's events to the jobs, in order: one job at a time, so
 * job i's events follow its SUBMIT; the interrupt is the first one after
 * the kick that reports the job's seqno done. Returns the number of jobs
 * with every event.
 */
static unsigned int read_trace(const char *bdf, struct job_times *jobs,
			       unsigned int n)
{
	char line[512];
	int cur = -1;
	unsigned int complete = 0;
	FILE *f = fopen(INSTANCE "/trace", "re");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned int value;
		double ts;
		int e = parse_line(line, bdf, &ts, &value);

		if (e < 0)
			continue;
		if (e == EV_SUBMIT) {
			if (++cur >= (int)n)
				break;
			jobs[cur].seen = 0;
		}
		if (cur < 0 || (jobs[cur].seen & (1u << e)))
			continue;
		if (e == EV_RUN)
			jobs[cur].hw = value;
		else if (e == EV_KICK || e == EV_SIGNAL) {
			if (value != jobs[cur].hw)
				continue;
		} else if (e == EV_IRQ) {
			if (!(jobs[cur].seen & (1u << EV_KICK)) ||
			    (int)(value - jobs[cur].hw) < 0)
				continue;
		}
		jobs[cur].t[e + 1] = ts;
		jobs[cur].seen |= 1u << e;
	}
	fclose(f);
	for (int i = 0; i <= cur && i < (int)n; i++)
		if (jobs[i].seen == (1u << EV_COUNT) - 1)
			complete++;
	return complete;
}

static int stages_node(const struct bench_card *card, enum node_kind kind,
		       unsigned int n)
{
	struct drm_duet_cmd spin = cmd_spin(0);
	uint32_t engine = node_compute_engine(kind, 0), sync;
	unsigned int i, warm = n / 10 + 1, complete, s;
	struct job_times *jobs = calloc(n + warm, sizeof(*jobs));
	double *v = calloc(n + warm, sizeof(*v));
	int fd, ret;

	if (!jobs || !v) {
		ret = -ENOMEM;
		goto out_free;
	}
	fd = node_open(card, kind);
	if (fd < 0) {
		ret = fd;
		goto out_free;
	}
	ret = syncobj_create(fd, &sync);
	if (ret)
		goto out_close;
	ret = instance_create();
	for (i = 0; !ret && i < n + warm; i++) {
		jobs[i].t[0] = now_sec();
		ret = submit(fd, kind, engine, &spin, 1, sync);
		if (!ret)
			ret = syncobj_wait(fd, sync);
		jobs[i].t[NUM_TIMES - 1] = now_sec();
	}
	usleep(10000);	/* every CPU's last record in */
	set_events("0");
	syncobj_destroy(fd, sync);
	if (ret) {
		fprintf(stderr, "duet-bench: stages: %s: %s (tracing: %s)\n",
			node_name(kind), strerror(-ret), INSTANCE);
		goto out_close;
	}

	complete = read_trace(card->bdf, jobs, n + warm);
	if (complete != n + warm) {
		fprintf(stderr, "duet-bench: stages: %s: %u of %u jobs traced whole\n",
			node_name(kind), complete, n + warm);
		ret = -EIO;
		goto out_close;
	}
	for (s = 0; s < NUM_TIMES - 1; s++) {
		char metric[96];
		double med;

		for (i = 0; i < n; i++)
			v[i] = (jobs[warm + i].t[s + 1] - jobs[warm + i].t[s]) * 1e6;
		med = median(v, n);
		snprintf(metric, sizeof(metric), "%s: %s, median", node_name(kind),
			 stage_names[s]);
		report_info("stages", metric, "us", med);
	}
out_close:
	close(fd);
out_free:
	rmdir(INSTANCE);
	free(jobs);
	free(v);
	return ret;
}

int bench_stages(const struct bench_card *card)
{
	static const enum node_kind kinds[] = { NODE_RENDER, NODE_ACCEL };
	int status = 0;

	for (unsigned int k = 0; k < 2; k++)
		if (stages_node(card, kinds[k], opts.samples))
			status = -1;
	return status;
}
