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

static int tap_no;

static void tap(const char *name, int ret)
{
	if (opts.smoke)
		printf("%s %d - bench/%s\n", ret ? "not ok" : "ok", ++tap_no, name);
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
	double secs = 0, t0 = now_sec();
	const char *json = NULL;
	struct floor_result floor = { 0 };
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
	if (opts.smoke)
		printf("TAP version 13\n1..6\n");

	/* First: it unbinds and rebinds the card, renaming nothing we hold. */
	ret = bench_floor(&floor);
	tap("floor", ret);
	status |= ret;

	if (card_find(&card)) {
		fprintf(stderr, "duet-bench: no Duet card with both nodes\n");
		if (opts.smoke)
			for (c = 0; c < 5; c++)
				printf("not ok %d - bench/%s\n", ++tap_no,
				       (const char *[]){ "submit", "throughput", "memory",
							 "fairness", "bandwidth" }[c]);
		return 1;
	}
	if (!opts.smoke)
		fprintf(stderr, "duet-bench: card %s: %s, %s\n", card.bdf,
			card.render, card.accel);

	ret = bench_submit(&card, &floor);
	tap("submit", ret);
	status |= ret;
	ret = bench_throughput(&card);
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

	report_print(opts.smoke ? "# " : "");
	if (uname(&uts))
		strcpy(uts.release, "?");
	if (json && report_json(json, uts.release, now_sec() - t0))
		status = -1;
	return status ? 1 : 0;
}
