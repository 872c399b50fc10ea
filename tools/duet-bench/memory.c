// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * Memory: buffer object life cycles per second against vgem in the same
 * VM.
 *
 * - BO cycle: create a 64 KiB buffer, find its mmap offset, mmap it, write
 *   one byte per page (first touch: every page faults), munmap, GEM_CLOSE.
 *   Duet: BO_CREATE + BO_INFO on each node; vgem: MODE_CREATE_DUMB (128 x
 *   128 x 32 bpp) + MODE_MAP_DUMB on its card node.
 * - dma-buf cycle: PRIME export of one 64 KiB buffer, import into a second
 *   file, GEM_CLOSE of the imported handle, close of the dma-buf. Duet:
 *   render node to accel node (two DRM devices: a real attach); vgem:
 *   between two files of vgem's card node (same device: the core takes a
 *   reference to the exporter's object, no attach), as the issue asks.
 *   Duet is also measured between two files of the render node, the same
 *   path as vgem's.
 * - system memory (informative): the BO cycle with a system-memory BO
 *   (shmem pages mapped into the GART, and unmapped again), and the
 *   dma-buf cycle of a foreign buffer: vgem's exported and imported into
 *   the render node (attach, map, GART entries and their invalidation).
 *
 * The ratio is Duet's cost over vgem's: vgem's rate / Duet's rate.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench.h"

#define BO_SIZE		(64 * 1024)
#define PAGE		4096

static int touch_cycle(int fd, uint32_t handle, uint64_t offset)
{
	volatile char *p;
	int i;

	p = mmap(NULL, BO_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
	if (p == MAP_FAILED)
		return -errno;
	for (i = 0; i < BO_SIZE; i += PAGE)
		p[i] = 1;
	munmap((void *)p, BO_SIZE);
	return gem_close(fd, handle);
}

static int duet_bo_cycle(int fd, enum node_kind kind, uint32_t flags)
{
	uint64_t offset;
	uint32_t handle;
	int ret;

	ret = bo_create_flags(fd, kind, BO_SIZE, flags, &handle);
	if (ret)
		return ret;
	ret = bo_mmap_offset(fd, kind, handle, &offset);
	if (ret) {
		gem_close(fd, handle);
		return ret;
	}
	return touch_cycle(fd, handle, offset);
}

static int vgem_bo_cycle(int fd)
{
	struct drm_mode_create_dumb create = {
		.width = 128, .height = 128, .bpp = 32,
	};
	struct drm_mode_map_dumb map = { 0 };

	if (ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &create))
		return -errno;
	map.handle = create.handle;
	if (ioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &map)) {
		int ret = -errno;

		gem_close(fd, create.handle);
		return ret;
	}
	return touch_cycle(fd, create.handle, map.offset);
}

static int dmabuf_cycle(int from, uint32_t handle, int to)
{
	uint32_t imported;
	int dmabuf, ret;

	ret = prime_export(from, handle, &dmabuf);
	if (ret)
		return ret;
	ret = prime_import(to, dmabuf, &imported);
	close(dmabuf);
	if (ret)
		return ret;
	return gem_close(to, imported);
}

enum cycle {
	DUET_BO_RENDER, DUET_BO_ACCEL, VGEM_BO, DUET_DMABUF, DUET_DMABUF_SAME,
	VGEM_DMABUF, DUET_BO_SYSTEM, VGEM_TO_DUET,
};

struct ctx {
	int render, render2, accel, vgem, vgem2;
	uint32_t duet_bo, vgem_bo;
};

static int one(struct ctx *x, enum cycle c)
{
	switch (c) {
	case DUET_BO_RENDER:
		return duet_bo_cycle(x->render, NODE_RENDER, 0);
	case DUET_BO_ACCEL:
		return duet_bo_cycle(x->accel, NODE_ACCEL, 0);
	case DUET_BO_SYSTEM:
		return duet_bo_cycle(x->render, NODE_RENDER, DRM_DUET_BO_SYSTEM);
	case VGEM_TO_DUET:
		return dmabuf_cycle(x->vgem, x->vgem_bo, x->render);
	case VGEM_BO:
		return vgem_bo_cycle(x->vgem);
	case DUET_DMABUF:
		return dmabuf_cycle(x->render, x->duet_bo, x->accel);
	case DUET_DMABUF_SAME:
		return dmabuf_cycle(x->render, x->duet_bo, x->render2);
	default:
		return dmabuf_cycle(x->vgem, x->vgem_bo, x->vgem2);
	}
}

/* Cycles per second of @c over opts.secs; < 0 on error. */
static double rate(struct ctx *x, enum cycle c)
{
	unsigned long n = 0;
	double t0, t;
	int ret, i;

	for (i = 0; i < 10; i++) {
		ret = one(x, c);
		if (ret)
			goto fail;
	}
	t0 = now_sec();
	do {
		for (i = 0; i < 16; i++) {
			ret = one(x, c);
			if (ret)
				goto fail;
		}
		n += 16;
		t = now_sec();
	} while (t - t0 < opts.secs / 2);
	return n / (t - t0);
fail:
	fprintf(stderr, "duet-bench: memory: cycle %d: %s\n", c, strerror(-ret));
	return -1;
}

int bench_memory(const struct bench_card *card)
{
	struct ctx x = {
		.render = -1, .render2 = -1, .accel = -1, .vgem = -1, .vgem2 = -1,
	};
	struct drm_mode_create_dumb dumb = { .width = 128, .height = 128, .bpp = 32 };
	double r_render, r_accel, r_vgem, d_duet, d_same, d_vgem, r_system, d_foreign;
	int status = -1;

	x.render = node_open(card, NODE_RENDER);
	x.render2 = node_open(card, NODE_RENDER);
	x.accel = node_open(card, NODE_ACCEL);
	x.vgem = vgem_open();
	if (x.vgem < 0) {
		fprintf(stderr, "duet-bench: memory: no vgem (modprobe vgem)\n");
		goto out;
	}
	x.vgem2 = vgem_open();
	if (x.render < 0 || x.render2 < 0 || x.accel < 0 || x.vgem2 < 0)
		goto out;
	if (bo_create(x.render, NODE_RENDER, BO_SIZE, &x.duet_bo) ||
	    ioctl(x.vgem, DRM_IOCTL_MODE_CREATE_DUMB, &dumb)) {
		fprintf(stderr, "duet-bench: memory: cannot create the shared buffers\n");
		goto out;
	}
	x.vgem_bo = dumb.handle;

	r_vgem = rate(&x, VGEM_BO);
	r_render = rate(&x, DUET_BO_RENDER);
	r_accel = rate(&x, DUET_BO_ACCEL);
	d_vgem = rate(&x, VGEM_DMABUF);
	d_duet = rate(&x, DUET_DMABUF);
	d_same = rate(&x, DUET_DMABUF_SAME);
	r_system = rate(&x, DUET_BO_SYSTEM);
	d_foreign = rate(&x, VGEM_TO_DUET);

	report_add("memory", "render BO create+mmap+touch+close", "cycles/s",
		   r_render, "vgem dumb, same cycle", r_vgem, r_vgem / r_render,
		   TARGET_MAX, 1.0, 0);
	report_add("memory", "accel BO create+mmap+touch+close", "cycles/s",
		   r_accel, "vgem dumb, same cycle", r_vgem, r_vgem / r_accel,
		   TARGET_MAX, 1.0, 0);
	report_add("memory", "dma-buf export render + import accel", "cycles/s",
		   d_duet, "vgem export + import", d_vgem, d_vgem / d_duet,
		   TARGET_MAX, 1.0, 0);
	report_add("memory", "dma-buf export render + import render", "cycles/s",
		   d_same, "vgem export + import", d_vgem, d_vgem / d_same,
		   TARGET_MAX, 1.0, 0);
	report_add("memory", "system BO create+mmap+touch+close", "cycles/s",
		   r_system, "vgem dumb, same cycle", r_vgem, r_vgem / r_system,
		   TARGET_NONE, 0, 0);
	report_add("memory", "dma-buf export vgem + import render (GART)", "cycles/s",
		   d_foreign, "vgem export + import", d_vgem, d_vgem / d_foreign,
		   TARGET_NONE, 0, 0);
	if (sane(d_same) && sane(r_vgem) && sane(r_render) && sane(r_accel) && sane(d_vgem) &&
	    sane(d_duet) && sane(r_system) && sane(d_foreign))
		status = 0;
out:
	if (x.render >= 0)
		close(x.render);
	if (x.render2 >= 0)
		close(x.render2);
	if (x.accel >= 0)
		close(x.accel);
	if (x.vgem >= 0)
		close(x.vgem);
	if (x.vgem2 >= 0)
		close(x.vgem2);
	return status;
}
