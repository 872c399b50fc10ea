// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

static int failures;

static void vline(const char *prefix, const char *name, const char *suffix,
		  const char *fmt, va_list ap)
{
	printf("%s - mesa/%s%s", prefix, name, suffix);
	if (fmt && suffix[0])
		vprintf(fmt, ap);
	printf("\n");
	if (fmt && !suffix[0]) {
		printf("# ");
		vprintf(fmt, ap);
		printf("\n");
	}
	fflush(stdout);
}

void tap_ok(const char *name)
{
	printf("ok - mesa/%s\n", name);
	fflush(stdout);
}

void tap_fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline("not ok", name, "", fmt, ap);
	va_end(ap);
	failures++;
}

void tap_skip(const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline("ok", name, " # SKIP ", fmt, ap);
	va_end(ap);
}

void tap_check(bool cond, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (cond) {
		tap_ok(name);
		return;
	}
	va_start(ap, fmt);
	vline("not ok", name, "", fmt, ap);
	va_end(ap);
	failures++;
}

void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

int tap_status(void)
{
	return failures ? 1 : 0;
}

static int read_str(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

static void link_base(const char *link, char *out, size_t size)
{
	char target[PATH_MAX];
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	const char *b;

	out[0] = '\0';
	if (n < 0)
		return;
	target[n] = '\0';
	b = strrchr(target, '/');
	if ((size_t)snprintf(out, size, "%s", b ? b + 1 : target) >= size)
		out[0] = '\0';
}

static int cmp_node(const void *a, const void *b)
{
	return strcmp(((const struct render_node *)a)->name,
		      ((const struct render_node *)b)->name);
}

bool libdrm_lists_bus(const char *bus)
{
	return !strcmp(bus, "pci") || !strcmp(bus, "usb") ||
	       !strcmp(bus, "platform") || !strcmp(bus, "host1x");
}

int sysfs_render_nodes(struct render_node *nodes, int max)
{
	char p[PATH_MAX], buf[64];
	struct dirent *de;
	unsigned int maj, min;
	DIR *d = opendir("/sys/class/drm");
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
		struct render_node *r = &nodes[n];

		if (strncmp(de->d_name, "renderD", 7))
			continue;
		memset(r, 0, sizeof(*r));
		snprintf(r->name, sizeof(r->name), "%.31s", de->d_name);
		snprintf(r->path, sizeof(r->path), "/dev/dri/%.31s", de->d_name);
		snprintf(p, sizeof(p), "/sys/class/drm/%s/dev", de->d_name);
		if (read_str(p, buf, sizeof(buf)) ||
		    sscanf(buf, "%u:%u", &maj, &min) != 2)
			continue;
		r->devt = makedev(maj, min);
		snprintf(p, sizeof(p), "/sys/class/drm/%s/device/driver",
			 de->d_name);
		link_base(p, r->driver, sizeof(r->driver));
		snprintf(p, sizeof(p), "/sys/class/drm/%s/device/subsystem",
			 de->d_name);
		link_base(p, r->bus, sizeof(r->bus));
		if (!strcmp(r->bus, "pci")) {
			snprintf(p, sizeof(p), "/sys/class/drm/%s/device/vendor",
				 de->d_name);
			if (!read_str(p, buf, sizeof(buf)))
				r->vendor = strtoul(buf, NULL, 0);
			snprintf(p, sizeof(p), "/sys/class/drm/%s/device/device",
				 de->d_name);
			if (!read_str(p, buf, sizeof(buf)))
				r->device = strtoul(buf, NULL, 0);
		}
		r->duet = r->vendor == 0x1af4 && r->device == 0x1110 &&
			  !strcmp(r->driver, "duet_core");
		n++;
	}
	closedir(d);
	qsort(nodes, n, sizeof(nodes[0]), cmp_node);
	return n;
}

int sysfs_accel_count(void)
{
	struct dirent *de;
	DIR *d = opendir("/sys/dev/char");
	unsigned int maj, min;
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)))
		if (sscanf(de->d_name, "%u:%u", &maj, &min) == 2 &&
		    maj == ACCEL_MAJOR)
			n++;
	closedir(d);
	return n;
}

int run_isolated(int (*fn)(void *), void *arg)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(arg));
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
