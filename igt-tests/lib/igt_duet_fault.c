// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * igt_duet_fault: the device model's test interface, through the test VM
 * runner's control channel, and the job timeout fault tests set (scripts/duet-vm, "Faults"): a request file
 * $DUET_RESULTS/.duet-vm/req-<card>-<id> with one command, answered by
 * rep-<card>-<id>. Request files are written under a temporary name and
 * renamed, so the runner never reads half of one.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "igt_subset.h"
#include "igt_duet.h"
#include "igt_duet_fault.h"

#define DUET_FAULT_TIMEOUT_MS	10000

static int duet_fault_vsend(int card, char *reply, size_t len,
			    const char *fmt, va_list ap)
{
	const char *results = getenv("DUET_RESULTS");
	char tmp[PATH_MAX], req[PATH_MAX], rep[PATH_MAX], cmd[256];
	static unsigned int seq;
	FILE *f;
	int i;

	igt_assert_f(results && getenv("DUET_VM"),
		     "faults need the test VM's control channel (scripts/duet-vm)\n");
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	snprintf(tmp, sizeof(tmp), "%s/.duet-vm/tmp-%d-%d-%u", results, card,
		 (int)getpid(), seq);
	snprintf(req, sizeof(req), "%s/.duet-vm/req-%d-%d-%u", results, card,
		 (int)getpid(), seq);
	snprintf(rep, sizeof(rep), "%s/.duet-vm/rep-%d-%d-%u", results, card,
		 (int)getpid(), seq);
	seq++;

	f = fopen(tmp, "w");
	igt_assert_f(f, "cannot write %s: %s\n", tmp, strerror(errno));
	fprintf(f, "%s\n", cmd);
	igt_assert(fclose(f) == 0);
	igt_assert_f(rename(tmp, req) == 0, "rename %s: %s\n", tmp,
		     strerror(errno));

	for (i = 0; i < DUET_FAULT_TIMEOUT_MS / 10 && access(rep, F_OK); i++)
		usleep(10000);
	f = fopen(rep, "r");
	igt_assert_f(f, "card %d: no answer to \"%s\" from the VM runner\n",
		     card, cmd);
	if (!fgets(reply, len, f))
		reply[0] = '\0';
	fclose(f);
	unlink(rep);
	reply[strcspn(reply, "\n")] = '\0';
	igt_debug("card %d fault \"%s\": %s\n", card, cmd, reply);
	return strncmp(reply, "ok", 2) ? -1 : 0;
}

int __igt_duet_fault(int card, char *reply, size_t len, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = duet_fault_vsend(card, reply, len, fmt, ap);
	va_end(ap);
	return ret;
}

void igt_duet_fault(int card, const char *fmt, ...)
{
	char reply[512];
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = duet_fault_vsend(card, reply, sizeof(reply), fmt, ap);
	va_end(ap);
	igt_assert_f(ret == 0, "card %d fault: %s\n", card, reply);
}

unsigned int igt_duet_job_timeout_ms(void)
{
	unsigned long ms = 0;

	igt_assert(!igt_duet_sysfs_read_ulong("/sys/module/duet_core/parameters",
					  "job_timeout_ms", &ms));
	return ms;
}

void igt_duet_reload_modules_with(const char *params)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd),
		 "rmmod duet_accel duet_drm duet_core && "
		 "modprobe duet_core %s && "
		 "modprobe duet_drm && modprobe duet_accel", params);
	igt_assert_f(system(cmd) == 0, "%s failed\n", cmd);
}

void igt_duet_reload_modules(unsigned int ms)
{
	char params[64];

	snprintf(params, sizeof(params), "job_timeout_ms=%u", ms);
	igt_duet_reload_modules_with(params);
	igt_assert_eq(igt_duet_job_timeout_ms(), ms);
}

int igt_duet_card_wedged(const char *pci_path)
{
	unsigned long wedged;

	igt_assert_f(!igt_duet_sysfs_read_ulong(pci_path, "duet_wedged", &wedged),
		     "no %s/duet_wedged\n", pci_path);
	return wedged;
}

int igt_duet_wait_wedged(const char *pci_path, int wedged,
			 unsigned int timeout_ms)
{
	unsigned int ms;

	for (ms = 0; ms <= timeout_ms; ms += 20) {
		if (igt_duet_card_wedged(pci_path) == wedged)
			return ms;
		usleep(20000);
	}
	return -1;
}
