/* SPDX-License-Identifier: MIT */
/*
 * Copyright 2026 The Duet authors
 *
 * duet_igt: what IGT lacks for Duet. IGT opens DRM devices through
 * drm_open_driver(), which knows neither accel nodes nor Duet; these
 * helpers find a card's render node (/dev/dri/renderD*, driver duet_drm)
 * and accel node (/dev/accel/accel*, driver duet_accel) by walking sysfs,
 * open them, wrap GET_PARAM and bind/unbind the drivers.
 *
 * Cards are numbered 0.. in PCI order; the list is rescanned on every
 * call, so node names are current after an unbind/rebind.
 */
#ifndef DUET_IGT_H
#define DUET_IGT_H

#include <stdbool.h>
#include <stdint.h>

#include "duet_accel.h"
#include "duet_drm.h"
#include "duet_node.h"

#define DUET_DRM_MAJOR		226
#define DUET_ACCEL_MAJOR	261
#define DUET_PCI_VENDOR		0x1af4	/* ivshmem-doorbell */
#define DUET_PCI_DEVICE		0x1110

#define DUET_PCI_DRIVER		"duet_core"
#define DUET_RENDER_DRIVER	"duet_drm"
#define DUET_ACCEL_DRIVER	"duet_accel"

/* Number of Duet cards with at least one node (fails the test on error). */
int igt_duet_card_count(void);

/*
 * igt_duet_card_count() for a fixture: fails if fewer cards than
 * DUET_CARDS (the VM's, from scripts/vm-tests/run-all.sh) have nodes,
 * skips (saying why) only if there is none and DUET_CARDS is unset.
 */
int igt_duet_require_cards(void);

/*
 * Copy of card @card's sysfs description. No such card fails the test if
 * @card < DUET_CARDS (it should be there), else skips.
 */
struct duet_sysfs_card igt_duet_get_card(int card);

/*
 * Open card @card's render / accel node O_RDWR. A missing node fails the
 * test; a missing card as igt_duet_get_card().
 */
int igt_duet_open_render(int card);
int igt_duet_open_accel(int card);
/* Open @path O_RDWR|O_CLOEXEC; asserts it opened. */
int igt_duet_open_path(const char *path);

/* GET_PARAM; these return 0 or -errno. */
int __igt_duet_render_get_param(int fd, struct drm_duet_get_param *p);
int __igt_duet_accel_get_param(int fd, struct drm_duet_accel_get_param *p);
/* GET_PARAM of @param/@index, asserting success. */
uint64_t igt_duet_render_get_param(int fd, uint32_t param, uint32_t index);
uint64_t igt_duet_accel_get_param(int fd, uint32_t param, uint32_t index);

/* DRM_IOCTL_VERSION's driver name into @name; returns 0 or -errno. */
int igt_duet_driver_name(int fd, char *name, int size);

/* Last path component of @path. */
const char *igt_duet_basename(const char *path);

/*
 * duet_core's debugfs "engines" line of engine @name of the card at sysfs
 * @pci_path: jobs on its ring now, and its reset counters. Asserts.
 */
struct igt_duet_engine_stats {
	unsigned int on_ring;
	unsigned long long resets, replayed, cancelled;
};

struct igt_duet_engine_stats igt_duet_engine_stats(const char *pci_path,
						   const char *name);

/* Write @value to sysfs file @path; returns 0 or -errno. */
int igt_duet_sysfs_write(const char *path, const char *value);

/*
 * Bind or unbind @dev (a device name: "duet_core.accel.256",
 * "0000:01:00.0") to/from @driver on @bus ("auxiliary", "pci"); asserts
 * the write succeeded.
 */
void igt_duet_driver_unbind(const char *bus, const char *driver, const char *dev);
void igt_duet_driver_bind(const char *bus, const char *driver, const char *dev);

/*
 * An expected count from the environment (run-all.sh exports DUET_CARDS,
 * DUET_PLAIN, DUET_VRAM); skips with a reason if @var is unset. Sizes
 * accept a K/M/G suffix.
 */
unsigned long igt_duet_expected(const char *var);

/*
 * Kernel log checks: igt_duet_kmsg_open() returns a /dev/kmsg fd positioned at
 * the end; igt_duet_kmsg_assert_clean() fails the test if anything logged
 * since then is a WARNING, BUG, Oops, lockdep report or call trace.
 */
int igt_duet_kmsg_open(void);
void igt_duet_kmsg_assert_clean(int kmsg_fd);

/*
 * Declare that this subtest makes the kernel log messages at warning level
 * or worse matching the POSIX ERE @ere (matched against the message text,
 * e.g. "duet_core 0000:01:00.0: render: job 3 timed out"): scripts/igt-run
 * then lists them as expected instead of failing the subtest (dmesg-warn).
 * Prints "duet-igt: expect-kmsg: ERE" on stdout; call it once per pattern,
 * before or after the messages, from the subtest or a child sharing its
 * stdout. Oops, BUG, WARNING:, call traces, lockdep and KASAN reports
 * always fail, declared or not.
 */
void igt_duet_expect_kmsg(const char *ere);

#endif /* DUET_IGT_H */
