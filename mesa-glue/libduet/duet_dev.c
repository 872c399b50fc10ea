// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * libduet: finding cards (tools/lib/duet_node.c), opening nodes, GET_PARAM.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <xf86drm.h>

#include "duet_accel.h"
#include "duet_drm.h"
#include "duet_node.h"
#include "duet_priv.h"

/* Both uAPIs share their structure layouts; check it at build time. */
_Static_assert(sizeof(struct drm_duet_get_param) ==
	       sizeof(struct drm_duet_accel_get_param), "get_param layout");
_Static_assert(sizeof(struct drm_duet_bo_create) ==
	       sizeof(struct drm_duet_accel_bo_create), "bo_create layout");
_Static_assert(sizeof(struct drm_duet_bo_info) ==
	       sizeof(struct drm_duet_accel_bo_info), "bo_info layout");
_Static_assert(sizeof(struct drm_duet_submit) ==
	       sizeof(struct drm_duet_accel_submit), "submit layout");

static const struct duet_ioctls render_ioctls = {
	.get_param = DRM_IOCTL_DUET_GET_PARAM,
	.bo_create = DRM_IOCTL_DUET_BO_CREATE,
	.bo_info = DRM_IOCTL_DUET_BO_INFO,
	.submit = DRM_IOCTL_DUET_SUBMIT,
};

static const struct duet_ioctls accel_ioctls = {
	.get_param = DRM_IOCTL_DUET_ACCEL_GET_PARAM,
	.bo_create = DRM_IOCTL_DUET_ACCEL_BO_CREATE,
	.bo_info = DRM_IOCTL_DUET_ACCEL_BO_INFO,
	.submit = DRM_IOCTL_DUET_ACCEL_SUBMIT,
};

int duet_ioctl(int fd, unsigned long request, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, request, arg);
	} while (ret == -1 && (errno == EINTR || errno == EAGAIN));
	return ret == -1 ? -errno : 0;
}

DUET_PUBLIC const char *duet_node_name(enum duet_node_type type)
{
	return type == DUET_NODE_ACCEL ? "accel" : "render";
}

/* ------------------------------------------------------------ sysfs */

/*
 * The sysfs scan is tools/lib/duet_node.c, shared with duet-info and
 * duet-bench (built into libduet with hidden visibility); this turns its
 * cards into the public struct duet_card.
 */
_Static_assert(DUET_ENUM_RENDER == DUET_SYSFS_RENDER &&
	       DUET_ENUM_ACCEL == DUET_SYSFS_ACCEL, "enumeration bits");

static int copy_node(char *dst, const struct duet_sysfs_node *node)
{
	if (!node->name[0])
		return 0;
	if ((size_t)snprintf(dst, DUET_PATH_MAX, "%s", node->dev) >= DUET_PATH_MAX)
		return -ENAMETOOLONG;
	return 0;
}

DUET_PUBLIC int duet_enumerate(struct duet_card *cards, int max,
			       unsigned int nodes)
{
	struct duet_sysfs_card *found;
	int n, i, ret = 0;

	if (max < 0 || (max && !cards) || !nodes || (nodes & ~DUET_ENUM_ALL))
		return -EINVAL;
	if (!max)
		return 0;
	found = calloc(max, sizeof(*found));
	if (!found)
		return -ENOMEM;
	n = duet_sysfs_find_cards(found, max, nodes);
	for (i = 0; i < n && !ret; i++) {
		const char *slot = strrchr(found[i].pci_path, '/');

		memset(&cards[i], 0, sizeof(cards[i]));
		slot = slot ? slot + 1 : found[i].pci_path;
		if ((size_t)snprintf(cards[i].pci_slot, sizeof(cards[i].pci_slot),
				     "%s", slot) >= sizeof(cards[i].pci_slot))
			ret = -ENAMETOOLONG;
		if (!ret)
			ret = copy_node(cards[i].render, &found[i].render);
		if (!ret)
			ret = copy_node(cards[i].accel, &found[i].accel);
	}
	free(found);
	return ret ? ret : n;
}

/* ------------------------------------------------------------ opening */

/* The node type of open node @fd, from its driver's name. */
static int node_type(int fd, enum duet_node_type *type)
{
	char name[32] = "";
	struct drm_version v = {
		.name = name,
		.name_len = sizeof(name) - 1,
	};
	int ret = duet_ioctl(fd, DRM_IOCTL_VERSION, &v);

	if (ret)
		return ret == -ENOTTY || ret == -EINVAL ? -ENODEV : ret;
	if (v.name_len >= sizeof(name))
		return -ENODEV;
	name[v.name_len] = '\0';
	if (!strcmp(name, "duet"))
		*type = DUET_NODE_RENDER;
	else if (!strcmp(name, "duet_accel"))
		*type = DUET_NODE_ACCEL;
	else
		return -ENODEV;
	return 0;
}

/* Make a duet_dev owning @fd; closes @fd on failure. */
static int dev_wrap(int fd, struct duet_dev **out)
{
	struct duet_dev *dev;
	enum duet_node_type type;
	int ret = node_type(fd, &type);

	if (ret) {
		close(fd);
		return ret;
	}
	dev = calloc(1, sizeof(*dev));
	if (!dev) {
		close(fd);
		return -ENOMEM;
	}
	dev->fd = fd;
	dev->type = type;
	dev->ioc = type == DUET_NODE_ACCEL ? &accel_ioctls : &render_ioctls;
	*out = dev;
	return 0;
}

DUET_PUBLIC int duet_dev_open_path(const char *path, struct duet_dev **dev)
{
	int fd;

	if (!path || !dev)
		return -EINVAL;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	return dev_wrap(fd, dev);
}

DUET_PUBLIC int duet_dev_open(int card, enum duet_node_type type,
			      struct duet_dev **dev)
{
	struct duet_card cards[16];
	const char *path;
	int n, ret;

	if (card < 0 || !dev ||
	    (type != DUET_NODE_RENDER && type != DUET_NODE_ACCEL))
		return -EINVAL;
	/* Scan only the class asked for: a render client never reads the
	 * accel class. Cards are ordered by PCI address either way. */
	n = duet_enumerate(cards, 16, 1u << type);
	if (n < 0)
		return n;
	if (card >= n)
		return -ENODEV;
	path = type == DUET_NODE_ACCEL ? cards[card].accel : cards[card].render;
	if (!path[0])
		return -ENODEV;
	ret = duet_dev_open_path(path, dev);
	if (!ret && (*dev)->type != type) {
		duet_dev_close(*dev);
		*dev = NULL;
		return -ENODEV;
	}
	return ret;
}

DUET_PUBLIC int duet_dev_from_fd(int fd, struct duet_dev **dev)
{
	int nfd;

	if (fd < 0 || !dev)
		return -EINVAL;
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (nfd < 0)
		return -errno;
	return dev_wrap(nfd, dev);
}

DUET_PUBLIC void duet_dev_close(struct duet_dev *dev)
{
	if (!dev)
		return;
	close(dev->fd);
	free(dev);
}

DUET_PUBLIC int duet_dev_fd(const struct duet_dev *dev)
{
	return dev->fd;
}

DUET_PUBLIC enum duet_node_type duet_dev_node(const struct duet_dev *dev)
{
	return dev->type;
}

/* ------------------------------------------------------------ queries */

DUET_PUBLIC int duet_query(struct duet_dev *dev, uint32_t param,
			   uint32_t index, uint64_t *value)
{
	struct drm_duet_get_param args = { .param = param, .index = index };
	int ret;

	if (!dev || !value)
		return -EINVAL;
	ret = duet_ioctl(dev->fd, dev->ioc->get_param, &args);
	if (!ret)
		*value = args.value;
	return ret;
}

DUET_PUBLIC int duet_find_engine(struct duet_dev *dev,
				 enum duet_engine_class cls, unsigned int nth)
{
	uint64_t n, c;
	uint32_t i;
	int ret;

	ret = duet_query(dev, DUET_PARAM_NUM_ENGINES, 0, &n);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		ret = duet_query(dev, DUET_PARAM_ENGINE_CLASS, i, &c);
		if (ret)
			return ret;
		if (c == (uint64_t)cls && nth-- == 0)
			return (int)i;
	}
	return -ENOENT;
}
