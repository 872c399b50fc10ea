// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <drm.h>

#include "igt_subset.h"
#include "duet_igt.h"
#include "duet_mem.h"

_Static_assert(sizeof(struct drm_duet_bo_create) ==
	       sizeof(struct drm_duet_accel_bo_create), "BO_CREATE layouts");
_Static_assert(sizeof(struct drm_duet_bo_info) ==
	       sizeof(struct drm_duet_accel_bo_info), "BO_INFO layouts");

const char *const duet_node_names[] = {
	[DUET_NODE_RENDER] = "render",
	[DUET_NODE_ACCEL] = "accel",
};

int duet_open_node(int card, enum duet_node_kind node)
{
	return node == DUET_NODE_ACCEL ? duet_open_accel(card) :
					 duet_open_render(card);
}

static int ioctl_err(int fd, unsigned long request, void *arg)
{
	return igt_ioctl(fd, request, arg) ? -errno : 0;
}

int __duet_bo_create(int fd, enum duet_node_kind node, uint64_t *size,
		     uint32_t flags, uint32_t *handle)
{
	struct drm_duet_bo_create args = { .size = *size, .flags = flags };
	int err;

	err = ioctl_err(fd, node == DUET_NODE_ACCEL ?
			DRM_IOCTL_DUET_ACCEL_BO_CREATE : DRM_IOCTL_DUET_BO_CREATE,
			&args);
	if (!err) {
		*size = args.size;
		*handle = args.handle;
	}
	return err;
}

uint32_t duet_bo_create(int fd, enum duet_node_kind node, uint64_t size)
{
	uint32_t handle = 0;
	int err = __duet_bo_create(fd, node, &size, 0, &handle);

	igt_assert_f(!err, "%s BO_CREATE of %" PRIu64 " bytes: %s\n",
		     duet_node_names[node], size, strerror(-err));
	igt_assert_neq(handle, 0);
	return handle;
}

int __duet_bo_info(int fd, enum duet_node_kind node, uint32_t handle,
		   struct drm_duet_bo_info *info)
{
	memset(info, 0, sizeof(*info));
	info->handle = handle;
	return ioctl_err(fd, node == DUET_NODE_ACCEL ?
			 DRM_IOCTL_DUET_ACCEL_BO_INFO : DRM_IOCTL_DUET_BO_INFO,
			 info);
}

struct drm_duet_bo_info duet_bo_info(int fd, enum duet_node_kind node,
				     uint32_t handle)
{
	struct drm_duet_bo_info info;
	int err = __duet_bo_info(fd, node, handle, &info);

	igt_assert_f(!err, "%s BO_INFO of handle %u: %s\n",
		     duet_node_names[node], handle, strerror(-err));
	return info;
}

void *duet_bo_map(int fd, enum duet_node_kind node, uint32_t handle,
		  uint64_t *size)
{
	struct drm_duet_bo_info info = duet_bo_info(fd, node, handle);
	void *ptr;

	ptr = mmap(NULL, info.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   info.mmap_offset);
	igt_assert_f(ptr != MAP_FAILED, "mmap of %s BO %u: %s\n",
		     duet_node_names[node], handle, strerror(errno));
	if (size)
		*size = info.size;
	return ptr;
}

int __duet_bo_close(int fd, uint32_t handle)
{
	struct drm_gem_close args = { .handle = handle };

	return ioctl_err(fd, DRM_IOCTL_GEM_CLOSE, &args);
}

void duet_bo_close(int fd, uint32_t handle)
{
	igt_assert_eq(__duet_bo_close(fd, handle), 0);
}

int duet_bo_export(int fd, uint32_t handle)
{
	struct drm_prime_handle args = {
		.handle = handle,
		.flags = DRM_CLOEXEC | DRM_RDWR,
		.fd = -1,
	};

	do_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &args);
	igt_assert_fd(args.fd);
	return args.fd;
}

int __duet_bo_import(int fd, int dmabuf, uint32_t *handle)
{
	struct drm_prime_handle args = { .fd = dmabuf };
	int err = ioctl_err(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &args);

	if (!err)
		*handle = args.handle;
	return err;
}

uint32_t duet_bo_import(int fd, int dmabuf)
{
	uint32_t handle = 0;
	int err = __duet_bo_import(fd, dmabuf, &handle);

	igt_assert_f(!err, "PRIME import: %s\n", strerror(-err));
	return handle;
}

static uint64_t get_param(int fd, enum duet_node_kind node, uint32_t param)
{
	return node == DUET_NODE_ACCEL ? duet_accel_get_param(fd, param, 0) :
					 duet_render_get_param(fd, param, 0);
}

uint64_t duet_vram_size(int fd, enum duet_node_kind node)
{
	return get_param(fd, node, DRM_DUET_PARAM_VRAM_SIZE);
}

uint64_t duet_vram_available(int fd, enum duet_node_kind node)
{
	return get_param(fd, node, DRM_DUET_PARAM_VRAM_AVAILABLE);
}

uint64_t duet_fdinfo_u64(int fd, const char *key)
{
	char path[64], line[256], unit[16];
	unsigned long long value;
	size_t len = strlen(key);
	uint64_t bytes = 0;
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	igt_assert_f(f, "open %s: %s\n", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, len) || line[len] != ':')
			continue;
		unit[0] = '\0';
		igt_assert_f(sscanf(line + len + 1, "%llu %15s", &value, unit) >= 1,
			     "bad fdinfo line: %s", line);
		bytes = value;
		if (!strcmp(unit, "KiB"))
			bytes = value << 10;
		else if (!strcmp(unit, "MiB"))
			bytes = value << 20;
		else
			igt_assert_f(!unit[0] || !strcmp(unit, "ns"),
				     "unknown unit in: %s", line);
		found = true;
	}
	fclose(f);
	igt_assert_f(found, "no %s in fdinfo of fd %d\n", key, fd);
	return bytes;
}
