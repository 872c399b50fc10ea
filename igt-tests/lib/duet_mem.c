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

const char *const igt_duet_node_names[] = {
	[DUET_NODE_RENDER] = "render",
	[DUET_NODE_ACCEL] = "accel",
};

int igt_duet_open_node(int card, enum duet_node_type node)
{
	return node == DUET_NODE_ACCEL ? igt_duet_open_accel(card) :
					 igt_duet_open_render(card);
}

struct duet_dev *igt_duet_dev(int fd)
{
	struct duet_dev *dev;
	int err = duet_dev_from_fd(fd, &dev);

	igt_assert_f(!err, "libduet cannot use fd %d: %s\n", fd, strerror(-err));
	return dev;
}

/*
 * For the __ variants: a file whose device is gone cannot even be wrapped
 * (-ENODEV); that is the error they return.
 */
#define WITH_DEV(fd, dev, call) ({					\
	struct duet_dev *dev;						\
	int __err = duet_dev_from_fd((fd), &dev);			\
									\
	if (!__err) {							\
		__err = (call);						\
		duet_dev_close(dev);					\
	}								\
	__err;								\
})

int __igt_duet_bo_create(int fd, enum duet_node_type node, uint64_t *size,
			 uint32_t *handle)
{
	(void)node;	/* libduet knows which node @fd is */
	return WITH_DEV(fd, dev, duet_bo_create(dev, *size, handle, size));
}

uint32_t igt_duet_bo_create(int fd, enum duet_node_type node, uint64_t size)
{
	uint32_t handle = 0;
	int err = __igt_duet_bo_create(fd, node, &size, &handle);

	igt_assert_f(!err, "%s BO_CREATE of %" PRIu64 " bytes: %s\n",
		     igt_duet_node_names[node], size, strerror(-err));
	igt_assert_neq(handle, 0);
	return handle;
}

int __igt_duet_bo_info(int fd, enum duet_node_type node, uint32_t handle,
		       struct drm_duet_bo_info *info)
{
	struct duet_bo_info bi;
	int err = WITH_DEV(fd, dev, duet_bo_info(dev, handle, &bi));

	(void)node;
	memset(info, 0, sizeof(*info));
	info->handle = handle;
	if (!err) {
		info->size = bi.size;
		info->mmap_offset = bi.mmap_offset;
		info->device_address = bi.device_address;
	}
	return err;
}

struct drm_duet_bo_info igt_duet_bo_info(int fd, enum duet_node_type node,
					 uint32_t handle)
{
	struct drm_duet_bo_info info;
	int err = __igt_duet_bo_info(fd, node, handle, &info);

	igt_assert_f(!err, "%s BO_INFO of handle %u: %s\n",
		     igt_duet_node_names[node], handle, strerror(-err));
	return info;
}

void *igt_duet_bo_map(int fd, enum duet_node_type node, uint32_t handle,
		      uint64_t *size)
{
	struct duet_dev *dev = igt_duet_dev(fd);
	uint64_t mapped;
	void *ptr;
	int err = duet_bo_map(dev, handle, &ptr, &mapped);

	duet_dev_close(dev);
	igt_assert_f(!err, "mmap of %s BO %u: %s\n", igt_duet_node_names[node],
		     handle, strerror(-err));
	if (size)
		*size = mapped;
	return ptr;
}

int __igt_duet_bo_close(int fd, uint32_t handle)
{
	return WITH_DEV(fd, dev, duet_bo_close(dev, handle));
}

void igt_duet_bo_close(int fd, uint32_t handle)
{
	igt_assert_eq(__igt_duet_bo_close(fd, handle), 0);
}

int igt_duet_bo_export(int fd, uint32_t handle)
{
	struct duet_dev *dev = igt_duet_dev(fd);
	int dmabuf = -1, err = duet_bo_export(dev, handle, &dmabuf);

	duet_dev_close(dev);
	igt_assert_f(!err, "PRIME export: %s\n", strerror(-err));
	igt_assert_fd(dmabuf);
	return dmabuf;
}

int __igt_duet_bo_import(int fd, int dmabuf, uint32_t *handle)
{
	return WITH_DEV(fd, dev, duet_bo_import(dev, dmabuf, handle));
}

uint32_t igt_duet_bo_import(int fd, int dmabuf)
{
	uint32_t handle = 0;
	int err = __igt_duet_bo_import(fd, dmabuf, &handle);

	igt_assert_f(!err, "PRIME import: %s\n", strerror(-err));
	return handle;
}

static uint64_t query(int fd, enum duet_node_type node, uint32_t param)
{
	struct duet_dev *dev = igt_duet_dev(fd);
	uint64_t value = 0;
	int err = duet_query(dev, param, 0, &value);

	igt_assert_eq(duet_dev_node(dev), node);
	duet_dev_close(dev);
	igt_assert_f(!err, "GET_PARAM %u: %s\n", param, strerror(-err));
	return value;
}

uint64_t igt_duet_vram_size(int fd, enum duet_node_type node)
{
	return query(fd, node, DUET_PARAM_VRAM_SIZE);
}

uint64_t igt_duet_vram_available(int fd, enum duet_node_type node)
{
	return query(fd, node, DUET_PARAM_VRAM_AVAILABLE);
}

uint64_t igt_duet_fdinfo_u64(int fd, const char *key)
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
