/* SPDX-License-Identifier: MIT */
/*
 * Copyright 2026 The Duet authors
 *
 * duet-bench: each Duet figure measured beside its reference in the same
 * VM run; see README.md in this directory.
 */
#ifndef DUET_BENCH_H
#define DUET_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "duet_common.h"

/* ---- options ---------------------------------------------------------- */

struct bench_opts {
	bool smoke;		/* a few seconds in all, sanity only */
	double secs;		/* duration of one timed phase */
	unsigned int samples;	/* samples of a latency distribution */
};

extern struct bench_opts opts;

/* ---- nodes (dev.c) ---------------------------------------------------- */

enum node_kind { NODE_RENDER, NODE_ACCEL };

/* The Duet card under test, found after the floor benchmark rebinds it. */
struct bench_card {
	char render[300];	/* /dev/dri/renderD* */
	char accel[300];	/* /dev/accel/accel* */
	char bdf[64];		/* PCI address, "0000:01:00.0" */
};

int card_find(struct bench_card *card);
/* Write @s to the sysfs, debugfs or tracefs file @path: 0 or -errno. */
int write_str(const char *path, const char *s);
int node_open(const struct bench_card *card, enum node_kind kind);
const char *node_name(enum node_kind kind);

/* Engine index of compute engine @n on a node. */
uint32_t node_compute_engine(enum node_kind kind, unsigned int n);

int bo_create(int fd, enum node_kind kind, uint64_t size, uint32_t *handle);
/* @flags: BO_CREATE flags, DRM_DUET_BO_SYSTEM for system memory. */
int bo_create_flags(int fd, enum node_kind kind, uint64_t size, uint32_t flags,
		    uint32_t *handle);
int bo_mmap_offset(int fd, enum node_kind kind, uint32_t handle,
		   uint64_t *offset);
int gem_close(int fd, uint32_t handle);
int prime_export(int fd, uint32_t handle, int *dmabuf);
int prime_import(int fd, int dmabuf, uint32_t *handle);

int syncobj_create(int fd, uint32_t *handle);
int syncobj_destroy(int fd, uint32_t handle);
/* Wait at most 30 s for @handle to signal. */
int syncobj_wait(int fd, uint32_t handle);

/* Submit @n commands to @engine, signalling @out (0: none). */
int submit(int fd, enum node_kind kind, uint32_t engine,
	   const struct drm_duet_cmd *cmds, uint32_t n, uint32_t out);

struct drm_duet_cmd cmd_spin(uint32_t usecs);
struct drm_duet_cmd cmd_fill(uint32_t handle, uint64_t offset, uint64_t len,
			     uint32_t value);
struct drm_duet_cmd cmd_copy(uint32_t dst, uint32_t src, uint64_t len);

/* A "key: value [unit]" line of /proc/self/fdinfo/@fd; -1 if missing. */
int64_t fdinfo_value(int fd, const char *key);

/* Open the card node of the first vgem device; -errno if there is none. */
int vgem_open(void);

/* ---- statistics (stats.c) --------------------------------------------- */

double now_sec(void);
/* Sorts @v in place. */
double percentile(double *v, size_t n, double p);
double median(double *v, size_t n);
bool sane(double v);

/* ---- report (report.c) ------------------------------------------------ */

/* How a row's ratio compares with its target. */
enum target_kind {
	TARGET_NONE,	/* informative, no target */
	TARGET_MAX,	/* ratio <= lo */
	TARGET_MIN,	/* ratio >= lo */
	TARGET_RANGE,	/* lo <= ratio <= hi */
};

struct row {
	char bench[24];		/* "submit", "throughput", ... */
	char metric[72];	/* what the Duet figure is */
	char unit[16];
	double value;		/* the Duet figure */
	char ref_name[48];	/* what it is compared with; "" if nothing */
	double ref;
	double ratio;
	enum target_kind target;
	double lo, hi;
};

void report_add(const char *bench, const char *metric, const char *unit,
		double value, const char *ref_name, double ref, double ratio,
		enum target_kind target, double lo, double hi);
void report_info(const char *bench, const char *metric, const char *unit,
		 double value);
void report_print(const char *prefix);
int report_json(const char *path, const char *kernel, double secs);

/* ---- benchmarks ------------------------------------------------------- */

/*
 * Each returns 0 when it ran and its numbers are sane, else -1 (after
 * printing why to stderr).
 */
struct floor_result {
	double median_us, p99_us;
	bool ok;
};

/* Unbind, sample @n device round trips (us) into @lat, rebind. */
int floor_sample(double *lat, unsigned int n);
/* @n interrupt-completed round trips (us) run by duet_core, into @lat. */
int irq_floor_sample(const struct bench_card *card, double *lat,
		     unsigned int n);
/* Statistics of floor samples, and their rows ("@what, median", ...). */
int floor_report(double *lat, unsigned int n, struct floor_result *res,
		 const char *what);

struct submit_result {
	double median_us[2], p99_us[2];	/* by enum node_kind */
	bool ok[2];
};

/* @n empty-job round trips (us) on a node's compute0 into @lat. */
int empty_job_latency(int fd, enum node_kind kind, double *lat,
		      unsigned int n);
int bench_submit(const struct bench_card *card, struct submit_result *res);
/* The submit rows, once the floor is known. */
int submit_report(const struct submit_result *res,
		  const struct floor_result *irq_floor,
		  const struct floor_result *floor);
/* The empty-job round trip split by duet_core's trace events. */
int bench_stages(const struct bench_card *card);
/* @one_client: the jobs/s of 1 client with 1 command a job. */
int bench_throughput(const struct bench_card *card, double *one_client);
/* The row "jobs per polled floor round trip" from that rate and the floor. */
int throughput_floor_report(double one_client, const struct floor_result *floor);
int bench_memory(const struct bench_card *card);
int bench_fairness(const struct bench_card *card);
int bench_bandwidth(const struct bench_card *card);

#endif /* DUET_BENCH_H */
