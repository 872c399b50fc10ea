// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * Thin wrappers of the two nodes' uAPI, the core syncobj and PRIME ioctls
 * and vgem. The render and accel structs have identical layouts; only the
 * ioctl numbers differ.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "duet_accel.h"
#include "duet_drm.h"
#include "duet_node.h"

static int xioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret == -1 && (errno == EINTR || errno == EAGAIN));
	return ret ? -errno : 0;
}

int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		ret = -errno;
	close(fd);
	return ret;
}

int card_find(struct bench_card *card)
{
	struct duet_sysfs_card cards[DUET_MAX_CARDS];
	char path[PATH_MAX];
	int n, i;

	n = duet_sysfs_find_cards(cards, DUET_MAX_CARDS, DUET_SYSFS_ALL);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		if (!cards[i].render.name[0] || !cards[i].accel.name[0])
			continue;
		snprintf(card->render, sizeof(card->render), "%s", cards[i].render.dev);
		snprintf(card->accel, sizeof(card->accel), "%s", cards[i].accel.dev);
		snprintf(path, sizeof(path), "%s", cards[i].pci_path);
		snprintf(card->bdf, sizeof(card->bdf), "%.63s", basename(path));
		return 0;
	}
	return -ENODEV;
}

int node_open(const struct bench_card *card, enum node_kind kind)
{
	int fd = open(kind == NODE_RENDER ? card->render : card->accel,
		      O_RDWR | O_CLOEXEC);

	if (fd < 0)
		fprintf(stderr, "duet-bench: open %s: %s\n",
			kind == NODE_RENDER ? card->render : card->accel,
			strerror(errno));
	return fd;
}

const char *node_name(enum node_kind kind)
{
	return kind == NODE_RENDER ? "render" : "accel";
}

/* Render: 0 graphics, 1.. compute; accel: 0.. compute. */
uint32_t node_compute_engine(enum node_kind kind, unsigned int n)
{
	return kind == NODE_RENDER ? 1 + n : n;
}

int bo_create(int fd, enum node_kind kind, uint64_t size, uint32_t *handle)
{
	return bo_create_flags(fd, kind, size, 0, handle);
}

int bo_create_flags(int fd, enum node_kind kind, uint64_t size, uint32_t flags,
		    uint32_t *handle)
{
	struct drm_duet_bo_create args = { .size = size, .flags = flags };
	int ret;

	ret = xioctl(fd, kind == NODE_RENDER ? DRM_IOCTL_DUET_BO_CREATE :
		     DRM_IOCTL_DUET_ACCEL_BO_CREATE, &args);
	*handle = args.handle;
	return ret;
}

int bo_mmap_offset(int fd, enum node_kind kind, uint32_t handle,
		   uint64_t *offset)
{
	struct drm_duet_bo_info args = { .handle = handle };
	int ret;

	ret = xioctl(fd, kind == NODE_RENDER ? DRM_IOCTL_DUET_BO_INFO :
		     DRM_IOCTL_DUET_ACCEL_BO_INFO, &args);
	*offset = args.mmap_offset;
	return ret;
}

int gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close args = { .handle = handle };

	return xioctl(fd, DRM_IOCTL_GEM_CLOSE, &args);
}

int prime_export(int fd, uint32_t handle, int *dmabuf)
{
	struct drm_prime_handle args = {
		.handle = handle, .flags = DRM_CLOEXEC | DRM_RDWR, .fd = -1,
	};
	int ret;

	ret = xioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &args);
	*dmabuf = args.fd;
	return ret;
}

int prime_import(int fd, int dmabuf, uint32_t *handle)
{
	struct drm_prime_handle args = { .fd = dmabuf };
	int ret;

	ret = xioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &args);
	*handle = args.handle;
	return ret;
}

int syncobj_create(int fd, uint32_t *handle)
{
	struct drm_syncobj_create args = { 0 };
	int ret;

	ret = xioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &args);
	*handle = args.handle;
	return ret;
}

int syncobj_destroy(int fd, uint32_t handle)
{
	struct drm_syncobj_destroy args = { .handle = handle };

	return xioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &args);
}

int syncobj_wait(int fd, uint32_t handle)
{
	struct drm_syncobj_wait args = {
		.handles = (uintptr_t)&handle,
		.count_handles = 1,
		.flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT,
	};
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	args.timeout_nsec = (int64_t)(ts.tv_sec + 30) * 1000000000LL + ts.tv_nsec;
	return xioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &args);
}

int submit(int fd, enum node_kind kind, uint32_t engine,
	   const struct drm_duet_cmd *cmds, uint32_t n, uint32_t out)
{
	struct drm_duet_submit args = {
		.engine = engine,
		.commands = (uintptr_t)cmds,
		.num_commands = n,
		.out_sync = { .handle = out },
	};

	return xioctl(fd, kind == NODE_RENDER ? DRM_IOCTL_DUET_SUBMIT :
		      DRM_IOCTL_DUET_ACCEL_SUBMIT, &args);
}

struct drm_duet_cmd cmd_spin(uint32_t usecs)
{
	struct drm_duet_cmd c = { .opcode = DRM_DUET_CMD_SPIN };

	c.arg[0] = usecs;
	return c;
}

struct drm_duet_cmd cmd_fill(uint32_t handle, uint64_t offset, uint64_t len,
			     uint32_t value)
{
	struct drm_duet_cmd c = { .opcode = DRM_DUET_CMD_FILL };

	c.op[0].handle = handle;
	c.op[0].offset = offset;
	c.op[0].length = len;
	c.arg[0] = value;
	return c;
}

struct drm_duet_cmd cmd_copy(uint32_t dst, uint32_t src, uint64_t len)
{
	struct drm_duet_cmd c = { .opcode = DRM_DUET_CMD_COPY };

	c.op[0].handle = dst;
	c.op[0].length = len;
	c.op[1].handle = src;
	c.op[1].length = len;
	return c;
}

int64_t fdinfo_value(int fd, const char *key)
{
	char path[64], line[256];
	size_t len = strlen(key);
	long long value = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, len) || line[len] != ':')
			continue;
		if (sscanf(line + len + 1, "%lld", &value) != 1)
			value = -1;
		break;
	}
	fclose(f);
	return value;
}

int vgem_open(void)
{
	struct dirent *de;
	DIR *dir;
	int ret = -ENODEV;

	dir = opendir("/dev/dri");
	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		char path[300], name[32] = "";
		struct drm_version v = {
			.name = name, .name_len = sizeof(name) - 1,
		};
		int fd;

		if (strncmp(de->d_name, "card", 4))
			continue;
		snprintf(path, sizeof(path), "/dev/dri/%s", de->d_name);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!xioctl(fd, DRM_IOCTL_VERSION, &v) && !strcmp(name, "vgem")) {
			ret = fd;
			break;
		}
		close(fd);
	}
	closedir(dir);
	return ret;
}
