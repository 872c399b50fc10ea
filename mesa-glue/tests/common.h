/* SPDX-License-Identifier: MIT */
/*
 * Copyright 2026 The Duet authors
 *
 * Shared by the Mesa glue checks: TAP output and what sysfs says about the
 * DRM render nodes and accel nodes, the ground truth the graphics stack's
 * view is compared with. Reads sysfs only: never opens a device node, and
 * never looks into /sys/class/accel (accel-guard would count that).
 */
#ifndef MESA_GLUE_COMMON_H
#define MESA_GLUE_COMMON_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

/* TAP: "ok - mesa/NAME", "not ok - mesa/NAME", "ok - mesa/NAME # SKIP why". */
void tap_ok(const char *name);
void tap_fail(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tap_skip(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* ok or not ok from @cond, with the reason printed as a comment if not. */
void tap_check(bool cond, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Exit status: 1 if any check failed. */
int tap_status(void);

#define MAX_NODES 16

/* A render node as sysfs describes it. */
struct render_node {
	char name[32];		/* "renderD129" */
	char path[64];		/* "/dev/dri/renderD129" */
	dev_t devt;		/* from the class device's "dev" */
	char driver[64];	/* driver of its device: "duet_core", "virtio-pci" */
	char bus[32];		/* subsystem of its device: "pci", "auxiliary" */
	unsigned int vendor, device;	/* PCI ids, 0 if not PCI */
	bool duet;		/* device is a 1af4:1110 function bound to duet_core */
};

/* Render nodes from /sys/class/drm; returns the count. */
int sysfs_render_nodes(struct render_node *nodes, int max);
/*
 * Whether libdrm's drmGetDevices2() (and so Mesa's EGL device list) can
 * list a device on @bus: pci, usb, platform, host1x. A render node on any
 * other bus (vgem on the "faux" bus since Linux 6.15) is left out by
 * libdrm 2.4.124 and earlier.
 */
bool libdrm_lists_bus(const char *bus);
/* Major numbers of accel nodes: ACCEL_MAJOR from the uAPI is 261. */
#define ACCEL_MAJOR 261
/* Number of accel nodes, counted from /sys/dev/char (not the accel class). */
int sysfs_accel_count(void);

/* Run @fn(@arg) in a child process; returns its exit status, or 128+signal. */
int run_isolated(int (*fn)(void *), void *arg);

#endif /* MESA_GLUE_COMMON_H */
