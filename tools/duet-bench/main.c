// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet-bench [--smoke] [--json OUT.json] [--secs S] [--samples N]
 *
 * Runs inside the test VM, as root, with the Duet modules and vgem loaded.
 * Measures every Duet figure beside its reference in this one run and
 * prints the table of ratios; --json also writes it as JSON. --smoke runs
 * each benchmark briefly and prints one TAP line per benchmark
 * ("ok - bench/<name>" when it ran and its numbers are sane), the table
 * as TAP comments. Exit status 0 when every benchmark produced sane
 * numbers. The floor benchmark unbinds the card from duet_core for a
 * moment: run it with no other Duet client.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "bench.h"

struct bench_opts opts = { .secs = 1.0, .samples = 1000 };

static void usage(FILE *f)
{
	fprintf(f, "usage: duet-bench [--smoke] [--json OUT.json] [--secs S] [--samples N]\n"
		"  --smoke      a few seconds in all; TAP lines 'ok - bench/<name>'\n"
		"  --json PATH  also write the table as JSON to PATH\n"
		"  --secs S     length of a timed phase (default 1, smoke 0.1)\n"
		"  --samples N  latency samples per distribution (default 1000, smoke 50)\n");
}

static void tap(const char *name, int ret)
{
	if (opts.smoke)
		printf("%s - bench/%s\n", ret ? "not ok" : "ok", name);
	else if (ret)
		fprintf(stderr, "duet-bench: %s: failed or insane numbers\n", name);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "smoke", no_argument, NULL, 's' },
		{ "json", required_argument, NULL, 'j' },
		{ "secs", required_argument, NULL, 't' },
		{ "samples", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	double secs = 0, t0 = now_sec(), tput1 = 0;
	const char *json = NULL;
	struct floor_result floor = { 0 }, irq_floor = { 0 };
	struct submit_result sub = { 0 };
	unsigned int half, n_floor = 0, n_irq = 0;
	int floor_ret, irq_ret, submit_ret;
	double *floor_lat, *irq_lat;
	struct bench_card card;
	unsigned int samples = 0;
	struct utsname uts;
	int c, status = 0, ret;

	while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		switch (c) {
		case 's':
			opts.smoke = true;
			break;
		case 'j':
			json = optarg;
			break;
		case 't':
			secs = atof(optarg);
			break;
		case 'n':
			samples = strtoul(optarg, NULL, 0);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (opts.smoke) {
		opts.secs = 0.1;
		opts.samples = 50;
	}
	if (secs > 0)
		opts.secs = secs;
	if (samples >= 10)
		opts.samples = samples;
	setvbuf(stdout, NULL, _IOLBF, 0);

	/*
	 * The floor unbinds and rebinds the card, so it runs while no file
	 * is open: half of it first, half last.
	 */
	floor_lat = calloc(opts.samples, sizeof(*floor_lat));
	irq_lat = calloc(opts.samples, sizeof(*irq_lat));
	if (!floor_lat || !irq_lat)
		return 1;
	half = opts.samples / 2;
	floor_ret = floor_sample(floor_lat, half);

	if (card_find(&card)) {
		fprintf(stderr, "duet-bench: no Duet card with both nodes\n");
		if (opts.smoke)
			printf("not ok - bench/card\n");
		return 1;
	}
	if (!opts.smoke)
		fprintf(stderr, "duet-bench: card %s: %s, %s\n", card.bdf,
			card.render, card.accel);

	/* The interrupt floor, half before and half after the others too. */
	irq_ret = irq_floor_sample(&card, irq_lat, half);
	submit_ret = bench_submit(&card, &sub);
	ret = bench_stages(&card);
	tap("stages", ret);
	status |= ret;
	ret = bench_throughput(&card, &tput1);
	tap("throughput", ret);
	status |= ret;
	ret = bench_memory(&card);
	tap("memory", ret);
	status |= ret;
	ret = bench_fairness(&card);
	tap("fairness", ret);
	status |= ret;
	ret = bench_bandwidth(&card);
	tap("bandwidth", ret);
	status |= ret;

	if (!irq_ret && !irq_floor_sample(&card, irq_lat + half,
					  opts.samples - half))
		n_irq = opts.samples;
	else if (!irq_ret)
		n_irq = half;
	if (!floor_ret && !floor_sample(floor_lat + half, opts.samples - half))
		n_floor = opts.samples;
	else if (!floor_ret)
		n_floor = half;
	ret = floor_report(floor_lat, n_floor, &floor,
			   "doorbell->FENCE->SEQNO poll");
	tap("floor", floor_ret || ret);
	status |= floor_ret || ret;
	ret = floor_report(irq_lat, n_irq, &irq_floor,
			   "doorbell->FENCE->MSI-X->kernel wake-up");
	tap("irq-floor", irq_ret || ret);
	status |= irq_ret || ret;
	ret = submit_report(&sub, &irq_floor, &floor);
	tap("submit", submit_ret || ret);
	status |= submit_ret || ret;
	ret = throughput_floor_report(tput1, &floor);
	tap("throughput-vs-floor", ret);
	status |= ret;
	free(floor_lat);
	free(irq_lat);

	report_print(opts.smoke ? "# " : "");
	if (uname(&uts))
		strcpy(uts.release, "?");
	if (json && report_json(json, uts.release, now_sec() - t0))
		status = -1;
	return status ? 1 : 0;
}
