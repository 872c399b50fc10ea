// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * The table of ratios, on stdout and as JSON.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"

#define MAX_ROWS 128

static struct row rows[MAX_ROWS];
static unsigned int num_rows;

void report_add(const char *bench, const char *metric, const char *unit,
		double value, const char *ref_name, double ref, double ratio,
		enum target_kind target, double lo, double hi)
{
	struct row *r;

	if (num_rows == MAX_ROWS)
		return;
	r = &rows[num_rows++];
	snprintf(r->bench, sizeof(r->bench), "%s", bench);
	snprintf(r->metric, sizeof(r->metric), "%s", metric);
	snprintf(r->unit, sizeof(r->unit), "%s", unit);
	snprintf(r->ref_name, sizeof(r->ref_name), "%s", ref_name ? ref_name : "");
	r->value = value;
	r->ref = ref;
	r->ratio = ratio;
	r->target = target;
	r->lo = lo;
	r->hi = hi;
}

void report_info(const char *bench, const char *metric, const char *unit,
		 double value)
{
	report_add(bench, metric, unit, value, NULL, NAN, NAN, TARGET_NONE, 0, 0);
}

/* Rows in the order of the issue, each benchmark's in the order added. */
static void order_rows(void)
{
	static const char *const order[] = {
		"floor", "submit", "stages", "throughput", "memory", "fairness",
		"bandwidth",
	};
	const unsigned int n_order = sizeof(order) / sizeof(order[0]);
	unsigned int i, j;

	for (i = 1; i < num_rows; i++) {
		struct row r = rows[i];
		unsigned int ri = n_order, rj;

		for (j = 0; j < n_order; j++)
			if (!strcmp(r.bench, order[j]))
				ri = j;
		for (j = i; j > 0; j--) {
			for (rj = 0; rj < n_order; rj++)
				if (!strcmp(rows[j - 1].bench, order[rj]))
					break;
			if (rj <= ri)
				break;
			rows[j] = rows[j - 1];
		}
		rows[j] = r;
	}
}

static void target_text(const struct row *r, char *buf, size_t size)
{
	switch (r->target) {
	case TARGET_MAX:
		snprintf(buf, size, "<= %.2f", r->lo);
		break;
	case TARGET_MIN:
		snprintf(buf, size, ">= %.2f", r->lo);
		break;
	case TARGET_RANGE:
		snprintf(buf, size, "%.2f-%.2f", r->lo, r->hi);
		break;
	default:
		snprintf(buf, size, "-");
	}
}

/* 1 met, 0 missed, -1 no target or no ratio. */
static int target_met(const struct row *r)
{
	if (r->target == TARGET_NONE || !isfinite(r->ratio))
		return -1;
	switch (r->target) {
	case TARGET_MAX:
		return r->ratio <= r->lo;
	case TARGET_MIN:
		return r->ratio >= r->lo;
	default:
		return r->ratio >= r->lo && r->ratio <= r->hi;
	}
}

static void num_text(double v, char *buf, size_t size)
{
	if (!isfinite(v))
		snprintf(buf, size, "-");
	else if (fabs(v) >= 100000)
		snprintf(buf, size, "%.3g", v);
	else if (fabs(v) >= 100)
		snprintf(buf, size, "%.0f", v);
	else
		snprintf(buf, size, "%.3g", v);
}

void report_print(const char *prefix)
{
	static const char *const met_text[] = { "no", "yes" };
	unsigned int i;

	order_rows();
	printf("%s%-10s  %-44s  %10s  %-8s  %-30s  %10s  %7s  %-10s  %s\n",
	       prefix, "bench", "duet figure", "value", "unit", "reference", "ref",
	       "ratio", "target", "met");
	for (i = 0; i < num_rows; i++) {
		const struct row *r = &rows[i];
		char v[32], ref[32], ratio[32], tgt[32];
		int met = target_met(r);

		num_text(r->value, v, sizeof(v));
		num_text(r->ref, ref, sizeof(ref));
		if (isfinite(r->ratio))
			snprintf(ratio, sizeof(ratio), "%.2fx", r->ratio);
		else
			snprintf(ratio, sizeof(ratio), "-");
		target_text(r, tgt, sizeof(tgt));
		printf("%s%-10s  %-44s  %10s  %-8s  %-30s  %10s  %7s  %-10s  %s\n",
		       prefix, r->bench, r->metric, v, r->unit,
		       r->ref_name[0] ? r->ref_name : "-", ref, ratio, tgt,
		       met < 0 ? "-" : met_text[met]);
	}
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if ((unsigned char)*s >= 0x20)
			fputc(*s, f);
	}
	fputc('"', f);
}

static void json_num(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.6g", v);
	else
		fputs("null", f);
}

int report_json(const char *path, const char *kernel, double secs)
{
	static const char *const kinds[] = { "none", "max", "min", "range" };
	unsigned int i;
	FILE *f;

	order_rows();
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		return -1;
	}
	fprintf(f, "{\n  \"tool\": \"duet-bench\",\n  \"mode\": \"%s\",\n",
		opts.smoke ? "smoke" : "full");
	fputs("  \"kernel\": ", f);
	json_str(f, kernel);
	fprintf(f, ",\n  \"seconds\": %.1f,\n  \"rows\": [\n", secs);
	for (i = 0; i < num_rows; i++) {
		const struct row *r = &rows[i];
		int met = target_met(r);

		fputs("    {\"bench\": ", f);
		json_str(f, r->bench);
		fputs(", \"metric\": ", f);
		json_str(f, r->metric);
		fputs(", \"unit\": ", f);
		json_str(f, r->unit);
		fputs(", \"value\": ", f);
		json_num(f, r->value);
		fputs(", \"reference\": ", f);
		if (r->ref_name[0])
			json_str(f, r->ref_name);
		else
			fputs("null", f);
		fputs(", \"ref\": ", f);
		json_num(f, r->ref);
		fputs(", \"ratio\": ", f);
		json_num(f, r->ratio);
		fprintf(f, ", \"target\": {\"kind\": \"%s\", \"lo\": ", kinds[r->target]);
		json_num(f, r->target == TARGET_NONE ? NAN : r->lo);
		fputs(", \"hi\": ", f);
		json_num(f, r->target == TARGET_RANGE ? r->hi : NAN);
		fprintf(f, "}, \"met\": %s}%s\n",
			met < 0 ? "null" : met ? "true" : "false",
			i + 1 < num_rows ? "," : "");
	}
	fputs("  ]\n}\n", f);
	if (fclose(f)) {
		perror(path);
		return -1;
	}
	return 0;
}
