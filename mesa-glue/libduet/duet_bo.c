// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * libduet: buffer objects and dma-buf sharing.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>

#include <xf86drm.h>

#include "duet_drm.h"
#include "duet_priv.h"

DUET_PUBLIC int duet_bo_create(struct duet_dev *dev, uint64_t size,
			       uint32_t *handle, uint64_t *alloc_size)
{
	struct drm_duet_bo_create args = { .size = size };
	int ret;

	if (!dev || !handle)
		return -EINVAL;
	ret = duet_ioctl(dev->fd, dev->ioc->bo_create, &args);
	if (ret)
		return ret;
	*handle = args.handle;
	if (alloc_size)
		*alloc_size = args.size;
	return 0;
}

DUET_PUBLIC int duet_bo_info(struct duet_dev *dev, uint32_t handle,
			     struct duet_bo_info *info)
{
	struct drm_duet_bo_info args = { .handle = handle };
	int ret;

	if (!dev || !info)
		return -EINVAL;
	ret = duet_ioctl(dev->fd, dev->ioc->bo_info, &args);
	if (ret)
		return ret;
	info->size = args.size;
	info->mmap_offset = args.mmap_offset;
	info->device_address = args.device_address;
	return 0;
}

DUET_PUBLIC int duet_bo_map(struct duet_dev *dev, uint32_t handle,
			    void **ptr, uint64_t *size)
{
	struct duet_bo_info info;
	void *p;
	int ret;

	if (!ptr || !size)
		return -EINVAL;
	ret = duet_bo_info(dev, handle, &info);
	if (ret)
		return ret;
	p = mmap(NULL, info.size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 dev->fd, (off_t)info.mmap_offset);
	if (p == MAP_FAILED)
		return -errno;
	*ptr = p;
	*size = info.size;
	return 0;
}

DUET_PUBLIC int duet_bo_unmap(void *ptr, uint64_t size)
{
	return munmap(ptr, size) ? -errno : 0;
}

DUET_PUBLIC int duet_bo_close(struct duet_dev *dev, uint32_t handle)
{
	struct drm_gem_close args = { .handle = handle };

	if (!dev)
		return -EINVAL;
	return duet_ioctl(dev->fd, DRM_IOCTL_GEM_CLOSE, &args);
}

DUET_PUBLIC int duet_bo_export(struct duet_dev *dev, uint32_t handle,
			       int *dmabuf_fd)
{
	struct drm_prime_handle args = {
		.handle = handle,
		.flags = DRM_CLOEXEC | DRM_RDWR,
		.fd = -1,
	};
	int ret;

	if (!dev || !dmabuf_fd)
		return -EINVAL;
	ret = duet_ioctl(dev->fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &args);
	if (!ret)
		*dmabuf_fd = args.fd;
	return ret;
}

DUET_PUBLIC int duet_bo_import(struct duet_dev *dev, int dmabuf_fd,
			       uint32_t *handle)
{
	struct drm_prime_handle args = { .fd = dmabuf_fd };
	int ret;

	if (!dev || !handle || dmabuf_fd < 0)
		return -EINVAL;
	ret = duet_ioctl(dev->fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &args);
	if (!ret)
		*handle = args.handle;
	return ret;
}
