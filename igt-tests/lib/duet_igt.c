// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <drm.h>

#include "igt_subset.h"
#include "duet_igt.h"

static int scan(struct duet_sysfs_card *cards)
{
	int n = duet_sysfs_find_cards(cards, DUET_MAX_CARDS, DUET_SYSFS_ALL);

	igt_assert_f(n >= 0, "scanning sysfs for Duet nodes: %s\n",
		     strerror(-n));
	return n;
}

int igt_duet_card_count(void)
{
	struct duet_sysfs_card cards[DUET_MAX_CARDS];

	return scan(cards);
}

/*
 * The number of cards the VM has (DUET_CARDS, exported by
 * scripts/vm-tests/run-all.sh), or -1 outside it. Never skips.
 */
static int expected_cards(void)
{
	const char *s = getenv("DUET_CARDS");
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	v = strtol(s, &end, 0);
	igt_assert_f(!*end && v >= 0, "DUET_CARDS=%s is not a number\n", s);
	return v;
}

int igt_duet_require_cards(void)
{
	int n = igt_duet_card_count(), want = expected_cards();

	if (want >= 0)
		igt_assert_f(n >= want, "%d Duet card(s) with nodes, DUET_CARDS=%d "
			     "expected: a card or its modules are missing\n", n, want);
	igt_require_f(n > 0, "no Duet card (and DUET_CARDS is not set, so "
		      "none is expected: not in the test VM?)\n");
	return n;
}

struct duet_sysfs_card igt_duet_get_card(int card)
{
	struct duet_sysfs_card cards[DUET_MAX_CARDS];
	int n = scan(cards), want = expected_cards();

	igt_assert_f(card < n || card >= want,
		     "no Duet card %d (%d found) but DUET_CARDS=%d: the card "
		     "or its modules are missing\n", card, n, want);
	igt_require_f(card < n, "no Duet card %d (%d found, DUET_CARDS=%d)\n",
		      card, n, want);
	return cards[card];
}

int igt_duet_open_path(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	igt_assert_f(fd >= 0, "open %s: %s\n", path, strerror(errno));
	return fd;
}

int igt_duet_open_render(int card)
{
	struct duet_sysfs_card c = igt_duet_get_card(card);

	igt_assert_f(c.render.name[0], "card %d has no render node (is %s "
		     "bound?)\n", card, DUET_RENDER_DRIVER);
	return igt_duet_open_path(c.render.dev);
}

int igt_duet_open_accel(int card)
{
	struct duet_sysfs_card c = igt_duet_get_card(card);

	igt_assert_f(c.accel.name[0], "card %d has no accel node (is %s "
		     "bound?)\n", card, DUET_ACCEL_DRIVER);
	return igt_duet_open_path(c.accel.dev);
}

int __igt_duet_render_get_param(int fd, struct drm_duet_get_param *p)
{
	return igt_ioctl(fd, DRM_IOCTL_DUET_GET_PARAM, p) ? -errno : 0;
}

int __igt_duet_accel_get_param(int fd, struct drm_duet_accel_get_param *p)
{
	return igt_ioctl(fd, DRM_IOCTL_DUET_ACCEL_GET_PARAM, p) ? -errno : 0;
}

uint64_t igt_duet_render_get_param(int fd, uint32_t param, uint32_t index)
{
	struct drm_duet_get_param p = { .param = param, .index = index };
	int err = __igt_duet_render_get_param(fd, &p);

	igt_assert_f(!err, "render GET_PARAM %u index %u: %s\n", param, index,
		     strerror(-err));
	return p.value;
}

uint64_t igt_duet_accel_get_param(int fd, uint32_t param, uint32_t index)
{
	struct drm_duet_accel_get_param p = { .param = param, .index = index };
	int err = __igt_duet_accel_get_param(fd, &p);

	igt_assert_f(!err, "accel GET_PARAM %u index %u: %s\n", param, index,
		     strerror(-err));
	return p.value;
}

int igt_duet_driver_name(int fd, char *name, int size)
{
	struct drm_version v = { .name = name, .name_len = size - 1 };

	memset(name, 0, size);
	return igt_ioctl(fd, DRM_IOCTL_VERSION, &v) ? -errno : 0;
}

const char *igt_duet_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

struct igt_duet_engine_stats igt_duet_engine_stats(const char *pci_path,
						   const char *name)
{
	struct igt_duet_engine_stats st = { 0 };
	char path[PATH_MAX + 64], line[256], eng[64];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/duet_core/%s/engines",
		 igt_duet_basename(pci_path));
	f = fopen(path, "r");
	igt_assert_f(f, "%s: %s\n", path, strerror(errno));
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%63s on_ring=%u resets=%llu replayed=%llu cancelled=%llu",
			       eng, &st.on_ring, &st.resets, &st.replayed,
			       &st.cancelled) == 5 && !strcmp(eng, name);
	fclose(f);
	igt_assert_f(found, "no engine %s in %s\n", name, path);
	return st;
}

int igt_duet_sysfs_write(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, value, strlen(value)) < 0)
		err = -errno;
	close(fd);
	return err;
}

static void driver_op(const char *bus, const char *driver, const char *op,
		      const char *dev)
{
	char path[256];
	int err;

	snprintf(path, sizeof(path), "/sys/bus/%s/drivers/%s/%s", bus, driver,
		 op);
	igt_debug("%s %s via %s\n", op, dev, path);
	err = igt_duet_sysfs_write(path, dev);
	igt_assert_f(!err, "%s %s: %s\n", op, dev, strerror(-err));
}

void igt_duet_driver_unbind(const char *bus, const char *driver, const char *dev)
{
	driver_op(bus, driver, "unbind", dev);
}

void igt_duet_driver_bind(const char *bus, const char *driver, const char *dev)
{
	driver_op(bus, driver, "bind", dev);
}

unsigned long igt_duet_expected(const char *var)
{
	const char *s = getenv(var);
	unsigned long v;
	char *end;

	igt_require_f(s && *s, "%s is not set: the expected value comes from "
		      "scripts/vm-tests/run-all.sh\n", var);
	v = strtoul(s, &end, 0);
	switch (*end) {
	case 'G': v <<= 30; break;
	case 'M': v <<= 20; break;
	case 'K': v <<= 10; break;
	case '\0': break;
	default:
		igt_assert_f(0, "%s=%s is not a number\n", var, s);
	}
	return v;
}

int igt_duet_kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	igt_require_f(fd >= 0, "open /dev/kmsg: %s\n", strerror(errno));
	igt_assert(lseek(fd, 0, SEEK_END) >= 0);
	return fd;
}

static const char *const kernel_problems[] = {
	"WARNING:", "BUG:", "Oops", "Call Trace", "general protection",
	"KASAN", "possible circular locking", "lockdep", "Kernel panic",
};

void igt_duet_kmsg_assert_clean(int fd)
{
	char rec[8192];
	unsigned int i;
	ssize_t n;

	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		igt_assert_f(n >= 0 || errno != EPIPE, "kernel log records "
			     "lost (overwritten before they were checked)\n");
		if (n <= 0)
			break;
		rec[n] = '\0';
		for (i = 0; i < sizeof(kernel_problems) / sizeof(*kernel_problems); i++)
			igt_assert_f(!strstr(rec, kernel_problems[i]),
				     "kernel log: %s", rec);
	}
	close(fd);
}

void igt_duet_expect_kmsg(const char *ere)
{
	igt_assert_f(!strchr(ere, '\n'), "expect-kmsg pattern with a newline\n");
	printf("duet-igt: expect-kmsg: %s\n", ere);
	fflush(stdout);
}
