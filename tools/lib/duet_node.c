// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * A render node belongs to Duet when its device is a PCI function bound to
 * duet_core (the card), an accel node when its device is an auxiliary
 * device bound to duet_accel (whose parent is the card).
 */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "duet_node.h"

void duet_sysfs_driver(const char *dev, char *name, size_t size)
{
	char link[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "%s/driver", dev);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0) {
		name[0] = '\0';
		return;
	}
	target[n] = '\0';
	snprintf(name, size, "%s", basename(target));
}

int duet_sysfs_read_ulong(const char *dir, const char *attr,
			  unsigned long *value)
{
	char path[PATH_MAX];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	ret = fscanf(f, "%li", value) == 1 ? 0 : -EINVAL;
	fclose(f);
	return ret;
}

static struct duet_sysfs_card *card_for(struct duet_sysfs_card *cards, int *count,
				  int max, const char *pci_path)
{
	int i;

	for (i = 0; i < *count; i++)
		if (!strcmp(cards[i].pci_path, pci_path))
			return &cards[i];
	if (*count == max)
		return NULL;
	memset(&cards[*count], 0, sizeof(cards[0]));
	snprintf(cards[*count].pci_path, PATH_MAX, "%s", pci_path);
	return &cards[(*count)++];
}

/* The auxiliary device of kind @kind ("gfx", "accel") under card @pci. */
static int find_aux(const char *pci, const char *kind, char *aux)
{
	char prefix[32], path[PATH_MAX + NAME_MAX + 2];
	struct dirent *de;
	DIR *dir;
	int ret = -ENOENT;

	snprintf(prefix, sizeof(prefix), "duet_core.%s.", kind);
	dir = opendir(pci);
	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		if (strncmp(de->d_name, prefix, strlen(prefix)))
			continue;
		snprintf(path, sizeof(path), "%s/%s", pci, de->d_name);
		if (realpath(path, aux))
			ret = 0;
		break;
	}
	closedir(dir);
	return ret;
}

/*
 * Add the nodes of class @class named @prefix*: render nodes whose device
 * is a PCI function bound to duet_core, or accel nodes whose device is an
 * auxiliary device bound to duet_accel.
 */
static int scan_class(const char *class, const char *prefix,
		      const char *devdir, int accel,
		      struct duet_sysfs_card *cards, int *count, int max)
{
	char link[PATH_MAX], sysdev[PATH_MAX], pci[PATH_MAX], drv[64];
	struct dirent *de;
	DIR *dir;

	dir = opendir(class);
	if (!dir)
		return errno == ENOENT ? 0 : -errno;

	while ((de = readdir(dir))) {
		struct duet_sysfs_card *card;
		struct duet_sysfs_node *node;

		if (strncmp(de->d_name, prefix, strlen(prefix)))
			continue;
		snprintf(link, sizeof(link), "%s/%s/device", class, de->d_name);
		if (!realpath(link, sysdev))
			continue;
		duet_sysfs_driver(sysdev, drv, sizeof(drv));
		if (strcmp(drv, accel ? "duet_accel" : "duet_core"))
			continue;
		snprintf(pci, sizeof(pci), "%s", sysdev);
		card = card_for(cards, count, max, accel ? dirname(pci) : pci);
		if (!card)
			break;
		node = accel ? &card->accel : &card->render;
		snprintf(node->name, sizeof(node->name), "%s", de->d_name);
		snprintf(node->dev, sizeof(node->dev), "%s/%s", devdir, de->d_name);
		snprintf(node->sysdev, sizeof(node->sysdev), "%s", sysdev);
		if (accel)
			snprintf(node->aux, sizeof(node->aux), "%s", sysdev);
		else if (find_aux(card->pci_path, "gfx", node->aux))
			node->aux[0] = '\0';
	}
	closedir(dir);
	return 0;
}

/* By PCI address ("0000:01:00.0"), as lspci and libduet order cards. */
static int cmp_card(const void *a, const void *b)
{
	const char *pa = ((const struct duet_sysfs_card *)a)->pci_path;
	const char *pb = ((const struct duet_sysfs_card *)b)->pci_path;

	return strcmp(strrchr(pa, '/') ?: pa, strrchr(pb, '/') ?: pb);
}

int duet_sysfs_find_cards(struct duet_sysfs_card *cards, int max,
			  unsigned int classes)
{
	int count = 0, ret;

	if (max < 0 || (max && !cards) || !classes ||
	    (classes & ~DUET_SYSFS_ALL))
		return -EINVAL;
	if (classes & DUET_SYSFS_RENDER) {
		ret = scan_class("/sys/class/drm", "renderD", "/dev/dri", 0,
				 cards, &count, max);
		if (ret)
			return ret;
	}
	if (classes & DUET_SYSFS_ACCEL) {
		ret = scan_class("/sys/class/accel", "accel", "/dev/accel", 1,
				 cards, &count, max);
		if (ret)
			return ret;
	}
	qsort(cards, count, sizeof(cards[0]), cmp_card);
	return count;
}
