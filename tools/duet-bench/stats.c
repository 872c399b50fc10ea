// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * Clocks and order statistics.
 */
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "bench.h"

double now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile, @p in [0, 100]. */
double percentile(double *v, size_t n, double p)
{
	size_t rank;

	if (!n)
		return NAN;
	qsort(v, n, sizeof(*v), cmp_double);
	rank = (size_t)ceil(p / 100.0 * n);
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

double median(double *v, size_t n)
{
	return percentile(v, n, 50);
}

bool sane(double v)
{
	return isfinite(v) && v > 0;
}
