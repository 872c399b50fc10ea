// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * The device floor: the doorbell -> duet-sim -> completion round trip with
 * no driver at all. The card is unbound from duet_core; this program maps
 * BAR0 (doorbell register) and BAR2 (header and rings) through sysfs,
 * writes a FENCE into the first compute engine's ring, publishes TAIL,
 * rings the doorbell and busy-polls the engine's SEQNO register until the
 * FENCE lands. No interrupt is involved (MSI-X is off while unbound), so
 * the floor excludes MSI-X delivery and the wake-up of a sleeping waiter:
 * it is a lower bound of any driver's round trip. The card is rebound
 * afterwards; duet_core resets every engine on probe and continues its
 * seqnos from the device's SEQNO register. Half the samples are taken
 * before every other benchmark and half after, so that the floor sees the
 * same host conditions as the driver's round trips measured in between.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench.h"
#include "duet_hw.h"
#include "duet_node.h"

#define SYS_PCI "/sys/bus/pci/devices"
#define CORE_DRV "/sys/bus/pci/drivers/duet_core"

/* The first 1af4:1110 function bound to duet_core. */
static int find_bdf(char *bdf, size_t size)
{
	struct dirent *de;
	DIR *dir = opendir(SYS_PCI);
	int ret = -ENODEV;

	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		char path[PATH_MAX], drv[64];
		unsigned long vendor, device;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), SYS_PCI "/%s", de->d_name);
		if (duet_sysfs_read_ulong(path, "vendor", &vendor) ||
		    duet_sysfs_read_ulong(path, "device", &device) ||
		    vendor != DUET_PCI_VENDOR_ID || device != DUET_PCI_DEVICE_ID)
			continue;
		duet_sysfs_driver(path, drv, sizeof(drv));
		if (strcmp(drv, "duet_core"))
			continue;
		snprintf(bdf, size, "%.63s", de->d_name);
		ret = 0;
		break;
	}
	closedir(dir);
	return ret;
}

static void *map_bar(const char *bdf, int bar, size_t len)
{
	char path[PATH_MAX];
	void *p;
	int fd;

	snprintf(path, sizeof(path), SYS_PCI "/%s/resource%d", bdf, bar);
	fd = open(path, O_RDWR | O_SYNC | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "duet-bench: floor: open %s: %s\n", path, strerror(errno));
		return NULL;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		fprintf(stderr, "duet-bench: floor: mmap %s: %s\n", path, strerror(errno));
		return NULL;
	}
	return p;
}

static inline uint32_t rd(volatile uint8_t *base, uint32_t off)
{
	return *(volatile uint32_t *)(base + off);
}

static inline void wr(volatile uint8_t *base, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

/* PCI_COMMAND bit 1 (memory space) of @bdf's config space. */
static int mem_enabled(const char *bdf)
{
	char path[PATH_MAX];
	uint8_t cmd[2];
	int fd, ok;

	snprintf(path, sizeof(path), SYS_PCI "/%s/config", bdf);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ok = pread(fd, cmd, 2, 4) == 2;
	close(fd);
	return ok ? !!(cmd[0] & 2) : -EIO;
}

static int measure(const char *bdf, double *lat, unsigned int n)
{
	volatile uint8_t *bar0, *bar2, *eng = NULL;
	volatile uint8_t *ring;
	uint32_t num, peer, vec, ring_size, e, i, seq, tail;
	int ret = -1;

	bar0 = map_bar(bdf, DUET_BAR_REGS, 4096);
	bar2 = map_bar(bdf, DUET_BAR_MEM, DUET_RESERVED_SIZE);
	if (!bar0 || !bar2)
		goto out;
	if (rd(bar2, DUET_HDR_MAGIC) != DUET_MAGIC ||
	    !(rd(bar2, DUET_HDR_STATUS) & DUET_STATUS_READY)) {
		fprintf(stderr, "duet-bench: floor: no ready Duet header in BAR2\n");
		goto out;
	}
	num = rd(bar2, DUET_HDR_NUM_ENGINES);
	peer = rd(bar2, DUET_HDR_DEVICE_PEER);
	for (e = 0; e < num && e < DUET_MAX_ENGINES; e++) {
		if (rd(bar2, DUET_HDR_ENGINE(e) + DUET_ENG_KIND) == DUET_ENGINE_KIND_COMPUTE) {
			eng = bar2 + DUET_HDR_ENGINE(e);
			break;
		}
	}
	if (!eng) {
		fprintf(stderr, "duet-bench: floor: no compute engine\n");
		goto out;
	}
	ring_size = rd(eng, DUET_ENG_RING_SIZE);
	ring = bar2 + rd(eng, DUET_ENG_RING_OFFSET_LO);
	vec = rd(eng, DUET_ENG_DOORBELL_VECTOR);
	if (rd(eng, DUET_ENG_STATUS) == DUET_ENGINE_STATUS_ERROR ||
	    rd(eng, DUET_ENG_RING_HEAD) != rd(eng, DUET_ENG_RING_TAIL)) {
		fprintf(stderr, "duet-bench: floor: engine %u is not idle\n", e);
		goto out;
	}

	tail = rd(eng, DUET_ENG_RING_TAIL);
	seq = rd(eng, DUET_ENG_SEQNO);
	for (i = 0; i < n + n / 10 + 1; i++) {
		uint32_t mask = ring_size - 1;
		double t0, t, deadline;

		seq++;
		t0 = now_sec();
		wr(ring, tail & mask, DUET_CMD_HEADER(DUET_CMD_FENCE, DUET_CMD_FENCE_LEN));
		wr(ring, (tail + 4) & mask, seq);
		tail += 8;
		__sync_synchronize();
		wr(eng, DUET_ENG_RING_TAIL, tail);
		__sync_synchronize();
		wr(bar0, DUET_REG_DOORBELL, DUET_DOORBELL(peer, vec));
		deadline = t0 + 5;
		while (rd(eng, DUET_ENG_SEQNO) != seq) {
			if (now_sec() > deadline) {
				fprintf(stderr, "duet-bench: floor: FENCE %u timed out (seqno %u, status %u)\n",
					seq, rd(eng, DUET_ENG_SEQNO), rd(eng, DUET_ENG_STATUS));
				goto out;
			}
		}
		t = now_sec();
		/* The first tenth warms up. */
		if (i >= n / 10 + 1)
			lat[i - n / 10 - 1] = (t - t0) * 1e6;
	}
	ret = 0;
out:
	if (bar0)
		munmap((void *)bar0, 4096);
	if (bar2)
		munmap((void *)bar2, DUET_RESERVED_SIZE);
	return ret;
}

int floor_sample(double *lat, unsigned int n)
{
	char bdf[64], path[PATH_MAX];
	struct bench_card card;
	int enabled_here = 0, ret, i;

	if (find_bdf(bdf, sizeof(bdf))) {
		fprintf(stderr, "duet-bench: floor: no card bound to duet_core\n");
		return -1;
	}
	ret = write_str(CORE_DRV "/unbind", bdf);
	if (ret) {
		fprintf(stderr, "duet-bench: floor: unbind %s: %s\n", bdf, strerror(-ret));
		return -1;
	}
	if (mem_enabled(bdf) == 0) {
		snprintf(path, sizeof(path), SYS_PCI "/%s/enable", bdf);
		enabled_here = !write_str(path, "1");
	}

	ret = measure(bdf, lat, n);

	if (enabled_here) {
		snprintf(path, sizeof(path), SYS_PCI "/%s/enable", bdf);
		write_str(path, "0");
	}
	if (write_str(CORE_DRV "/bind", bdf)) {
		fprintf(stderr, "duet-bench: floor: rebind %s failed\n", bdf);
		ret = -1;
	}
	/* Wait for both nodes to come back. */
	for (i = 0; i < 200 && card_find(&card); i++)
		usleep(50000);
	if (i == 200) {
		fprintf(stderr, "duet-bench: floor: nodes did not come back after rebind\n");
		ret = -1;
	}
	return ret;
}

int floor_report(double *lat, unsigned int n, struct floor_result *res,
		 const char *what)
{
	char metric[72];

	res->median_us = median(lat, n);
	res->p99_us = percentile(lat, n, 99);
	res->ok = n && sane(res->median_us) && sane(res->p99_us);
	if (!res->ok)
		return -1;
	snprintf(metric, sizeof(metric), "%s, median", what);
	report_info("floor", metric, "us", res->median_us);
	snprintf(metric, sizeof(metric), "%s, p99", what);
	report_info("floor", metric, "us", res->p99_us);
	return 0;
}

/*
 * The interrupt floor: the same FENCE round trip completed by the MSI-X
 * interrupt and the wake-up of a sleeping kernel thread, run by duet_core
 * itself (debugfs irq_floor, duet_core_debugfs.c) on the first compute
 * engine, with no scheduler, syncobj or ioctl in the path: the floor a
 * driver's round trip can reach. The card stays bound.
 */
int irq_floor_sample(const struct bench_card *card, double *lat, unsigned int n)
{
	unsigned int warm = n / 10 + 1, got = 0;
	char path[PATH_MAX], cmd[32], line[64];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "/sys/kernel/debug/duet_core/%s/irq_floor",
		 card->bdf);
	snprintf(cmd, sizeof(cmd), "%u", n + warm);
	ret = write_str(path, cmd);
	if (ret) {
		fprintf(stderr, "duet-bench: irq floor: %s: %s\n", path, strerror(-ret));
		return -1;
	}
	f = fopen(path, "re");
	if (!f) {
		fprintf(stderr, "duet-bench: irq floor: %s: %s\n", path, strerror(errno));
		return -1;
	}
	/* "engine NAME", then one round trip in ns per line; the first tenth warms up. */
	if (!fgets(line, sizeof(line), f) || strncmp(line, "engine ", 7)) {
		fclose(f);
		fprintf(stderr, "duet-bench: irq floor: %s: no engine line\n", path);
		return -1;
	}
	for (unsigned int i = 0; i < n + warm && fgets(line, sizeof(line), f); i++)
		if (i >= warm)
			lat[got++] = strtoull(line, NULL, 10) / 1e3;
	fclose(f);
	if (got != n) {
		fprintf(stderr, "duet-bench: irq floor: %u of %u samples\n", got, n);
		return -1;
	}
	return 0;
}
