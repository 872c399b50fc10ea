// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet-info: list every Duet card with its render and accel node and what
 * each node answers to DRM_IOCTL_VERSION and GET_PARAM. Exits non-zero if
 * no card is found or a node does not answer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <drm.h>
#include "duet_accel.h"
#include "duet_drm.h"
#include "duet_node.h"

static const struct {
	uint32_t param;
	const char *name;
} params[] = {
	{ DRM_DUET_PARAM_HW_VERSION, "hw_version" },
	{ DRM_DUET_PARAM_VRAM_SIZE, "vram_size" },
	{ DRM_DUET_PARAM_VRAM_AVAILABLE, "vram_free" },
	{ DRM_DUET_PARAM_GART_SIZE, "gart_size" },
	{ DRM_DUET_PARAM_GART_AVAILABLE, "gart_free" },
	{ DRM_DUET_PARAM_NUM_ENGINES, "num_engines" },
};

static int query(int fd, int accel, uint32_t param, uint32_t index,
		 uint64_t *value)
{
	struct drm_duet_get_param p = { .param = param, .index = index };
	struct drm_duet_accel_get_param ap = { .param = param, .index = index };
	int ret;

	ret = accel ? ioctl(fd, DRM_IOCTL_DUET_ACCEL_GET_PARAM, &ap) :
		      ioctl(fd, DRM_IOCTL_DUET_GET_PARAM, &p);
	*value = accel ? ap.value : p.value;
	return ret ? -errno : 0;
}

static int show_node(const struct duet_sysfs_node *node, int accel)
{
	char name[64] = "";
	struct drm_version v = { .name = name, .name_len = sizeof(name) - 1 };
	uint64_t value, engines = 0;
	unsigned int p;
	int fd, ret = 0;

	printf("  %-6s %s (%s)\n", accel ? "accel" : "render", node->dev,
	       strrchr(node->aux, '/') + 1);
	fd = open(node->dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		printf("    open: %s\n", strerror(errno));
		return 1;
	}
	if (ioctl(fd, DRM_IOCTL_VERSION, &v)) {
		printf("    DRM_IOCTL_VERSION: %s\n", strerror(errno));
		ret = 1;
	} else {
		printf("    driver %s %d.%d\n", name, v.version_major, v.version_minor);
	}
	for (p = 0; p < sizeof(params) / sizeof(params[0]); p++) {
		ret |= query(fd, accel, params[p].param, 0, &value) ? 1 : 0;
		printf("    %-12s %#llx\n", params[p].name, (unsigned long long)value);
		if (params[p].param == DRM_DUET_PARAM_NUM_ENGINES)
			engines = value;
	}
	for (p = 0; p < engines; p++) {
		ret |= query(fd, accel, DRM_DUET_PARAM_ENGINE_CLASS, p, &value) ? 1 : 0;
		printf("    engine %u     %s\n", p,
		       value == DRM_DUET_ENGINE_CLASS_GRAPHICS ? "graphics" : "compute");
	}
	close(fd);
	return ret;
}

int main(void)
{
	struct duet_sysfs_card cards[DUET_MAX_CARDS];
	int n, i, ret = 0;

	n = duet_sysfs_find_cards(cards, DUET_MAX_CARDS, DUET_SYSFS_ALL);
	if (n <= 0) {
		fprintf(stderr, "duet-info: no Duet card found\n");
		return 1;
	}
	for (i = 0; i < n; i++) {
		printf("card %d: %s\n", i, cards[i].pci_path);
		if (cards[i].render.name[0])
			ret |= show_node(&cards[i].render, 0);
		if (cards[i].accel.name[0])
			ret |= show_node(&cards[i].accel, 1);
	}
	return ret;
}
