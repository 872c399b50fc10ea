/* SPDX-License-Identifier: MIT */
/*
 * Copyright 2026 The Duet authors
 *
 * Finding Duet nodes through sysfs.
 */
#ifndef DUET_NODE_H
#define DUET_NODE_H

#include <limits.h>

#define DUET_MAX_CARDS 8

/* One node of a Duet card; name[0] is '\0' when the card lacks it. */
struct duet_node {
	char name[NAME_MAX + 1];	/* "renderD129", "accel0" */
	char dev[NAME_MAX + 16];	/* "/dev/dri/renderD129" */
	char aux[PATH_MAX];		/* realpath of the node's (aux) device */
};

/* One Duet card as userspace sees it. */
struct duet_card {
	char pci_path[PATH_MAX];	/* realpath of the PCI device in sysfs */
	struct duet_node render;
	struct duet_node accel;
};

/*
 * Fill @cards with every Duet card that has at least one node, ordered by
 * PCI path. Returns the number of cards, or -errno.
 */
int duet_find_cards(struct duet_card *cards, int max);

/* Name of the driver bound to the sysfs device @dev, or "" if none. */
void duet_sysfs_driver(const char *dev, char *name, size_t size);

/* Read a sysfs attribute as an unsigned number; -errno on failure. */
int duet_sysfs_read_ulong(const char *dir, const char *attr,
			  unsigned long *value);

#endif /* DUET_NODE_H */
