/* SPDX-License-Identifier: MIT */
/*
 * Copyright 2026 The Duet authors
 *
 * Finding Duet cards and their nodes through sysfs: the one implementation,
 * used by libduet's duet_enumerate(), duet-info, duet-bench and the IGT
 * helpers.
 */
#ifndef DUET_NODE_H
#define DUET_NODE_H

#include <limits.h>

#define DUET_MAX_CARDS 8

/*
 * One node of a Duet card; name[0] is '\0' when the card lacks it.
 *
 * The node's sysfs device (its "device" link) is the card's PCI function
 * for the render node, so that libdrm lists it as a PCI GPU, and the
 * auxiliary device duet_accel is bound to for the accel node. @aux is
 * always the auxiliary device the node's driver is bound to.
 */
struct duet_sysfs_node {
	char name[NAME_MAX + 1];	/* "renderD129", "accel0" */
	char dev[NAME_MAX + 16];	/* "/dev/dri/renderD129" */
	char sysdev[PATH_MAX];		/* realpath of the node's device link */
	char aux[PATH_MAX];		/* realpath of the bound aux device */
};

/* One Duet card as userspace sees it. */
struct duet_sysfs_card {
	char pci_path[PATH_MAX];	/* realpath of the PCI device in sysfs */
	struct duet_sysfs_node render;
	struct duet_sysfs_node accel;
};

/* Bits of duet_sysfs_find_cards()'s @classes: which sysfs classes to scan. */
#define DUET_SYSFS_RENDER	(1u << 0)	/* /sys/class/drm */
#define DUET_SYSFS_ACCEL	(1u << 1)	/* /sys/class/accel */
#define DUET_SYSFS_ALL		(DUET_SYSFS_RENDER | DUET_SYSFS_ACCEL)

/*
 * Fill @cards with every Duet card that has at least one node in the
 * classes @classes asks for, ordered by PCI address. A render-only caller
 * passes DUET_SYSFS_RENDER and so never reads the accel class. Cards past
 * @max are not reported. Returns the number of cards, -EINVAL for a bad
 * argument, or another -errno.
 */
int duet_sysfs_find_cards(struct duet_sysfs_card *cards, int max,
			  unsigned int classes);

/* Name of the driver bound to the sysfs device @dev, or "" if none. */
void duet_sysfs_driver(const char *dev, char *name, size_t size);

/* Read a sysfs attribute as an unsigned number; -errno on failure. */
int duet_sysfs_read_ulong(const char *dir, const char *attr,
			  unsigned long *value);

#endif /* DUET_NODE_H */
