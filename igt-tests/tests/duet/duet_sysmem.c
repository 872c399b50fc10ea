// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet_sysmem: system memory reached through the card's GART, on both
 * nodes. BOs created with DRM_DUET_BO_SYSTEM are zero-filled shmem pages
 * that jobs read and write like VRAM, accounted in GET_PARAM, fdinfo and
 * debugfs, and unmapped from the GART before their pages go back; foreign
 * dma-bufs (vgem, udmabuf) are imported into either node and used by jobs,
 * with implicit sync through the exporter's reservation object; system BOs
 * are exported to vgem, VRAM BOs are not; an unmapped GART page faults only
 * the job that touches it.
 *
 * vgem's and udmabuf's ioctls are declared here: IGT's lib/igt_vgem.h has
 * helpers for them, but Debian's intel-gpu-tools ships no headers.
 */
#define _GNU_SOURCE	/* memfd_create(), F_ADD_SEALS */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/udmabuf.h>

#include <drm.h>
#include <drm_mode.h>

#include "igt_subset.h"
#include "igt_duet.h"

#define PAGE		4096ul
#define MIB		(1024ul * 1024ul)
/* duet-hw.rst: the aperture starts at 64 GiB. */
#define GART_BASE	0x1000000000ull

/* include/uapi/drm/vgem_drm.h */
struct local_vgem_fence_attach {
	uint32_t handle;
	uint32_t flags;
	uint32_t out_fence;
	uint32_t pad;
};

struct local_vgem_fence_signal {
	uint32_t fence;
	uint32_t flags;
};

#define LOCAL_VGEM_FENCE_WRITE	0x1
#define LOCAL_IOCTL_VGEM_FENCE_ATTACH \
	DRM_IOWR(DRM_COMMAND_BASE + 0x1, struct local_vgem_fence_attach)
#define LOCAL_IOCTL_VGEM_FENCE_SIGNAL \
	DRM_IOW(DRM_COMMAND_BASE + 0x2, struct local_vgem_fence_signal)

static const enum igt_duet_node_type nodes[] = { IGT_DUET_RENDER, IGT_DUET_ACCEL };

static enum igt_duet_node_type other(enum igt_duet_node_type node)
{
	return node == IGT_DUET_RENDER ? IGT_DUET_ACCEL : IGT_DUET_RENDER;
}

static uint32_t pattern(uint32_t seed, uint64_t i)
{
	return seed ^ (uint32_t)(i * 2654435761u);
}

static void fill_pattern(uint32_t *p, uint64_t size, uint32_t seed)
{
	for (uint64_t i = 0; i < size / 4; i++)
		p[i] = pattern(seed, i);
}

static void check_pattern(const uint32_t *p, uint64_t size, uint32_t seed)
{
	for (uint64_t i = 0; i < size / 4; i++)
		igt_assert_f(p[i] == pattern(seed, i),
			     "word %" PRIu64 " is %#x, expected %#x\n", i, p[i],
			     pattern(seed, i));
}

static void check_value(const uint32_t *p, uint64_t size, uint32_t value)
{
	for (uint64_t i = 0; i < size / 4; i++)
		igt_assert_f(p[i] == value, "word %" PRIu64 " is %#x, expected %#x\n",
			     i, p[i], value);
}

static uint32_t compute0(int fd, enum igt_duet_node_type node)
{
	return igt_duet_find_engine(fd, node, DRM_DUET_ENGINE_CLASS_COMPUTE, 0);
}

/* Run one command on the node's first compute engine and wait for it. */
static void run1(int fd, enum igt_duet_node_type node, struct drm_duet_cmd cmd)
{
	igt_duet_run(fd, node, compute0(fd, node), &cmd, 1);
}

static void *map_bo(int fd, enum igt_duet_node_type node, uint32_t handle)
{
	uint64_t size;

	return igt_duet_bo_map(fd, node, handle, &size);
}

static int open_node_with_gart(enum igt_duet_node_type node)
{
	int fd = igt_duet_open_node(0, node);

	igt_assert_f(igt_duet_gart_size(fd, node) > 0,
		     "the card has no GART (duet-sim without --guest-ram?)\n");
	return fd;
}

/* ------------------------------------------------------------ debugfs */

static uint64_t debugfs_gart(const char *key)
{
	struct igt_duet_card card = igt_duet_get_card(0);
	char path[PATH_MAX + 64], line[256];
	unsigned long long value = 0;
	size_t len = strlen(key);
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/duet_core/%s/gart",
		 igt_duet_basename(card.pci_path));
	f = fopen(path, "r");
	igt_assert_f(f, "no %s: %s\n", path, strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len) && line[len] == ':')
			found = sscanf(line + len + 1, "%lli", &value) == 1;
	fclose(f);
	igt_assert_f(found, "no %s in %s\n", key, path);
	return value;
}

static void gart_clear(uint64_t address)
{
	struct igt_duet_card card = igt_duet_get_card(0);
	char path[PATH_MAX + 64], value[32];

	snprintf(path, sizeof(path), "/sys/kernel/debug/duet_core/%s/gart_clear",
		 igt_duet_basename(card.pci_path));
	snprintf(value, sizeof(value), "%#llx", (unsigned long long)address);
	igt_assert_eq(igt_duet_sysfs_write(path, value), 0);
}

/* Released ranges are unmapped by a worker: wait for it. */
static void wait_gart_available(int fd, enum igt_duet_node_type node,
				uint64_t expected)
{
	for (int i = 0; i < 200 && igt_duet_gart_available(fd, node) != expected; i++)
		usleep(10000);
	igt_assert_eq_u64(igt_duet_gart_available(fd, node), expected);
}

/* ------------------------------------------------------------ vgem */

static int open_vgem(void)
{
	char path[64], name[32];

	for (int i = 0; i < 16; i++) {
		int fd;

		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!igt_duet_driver_name(fd, name, sizeof(name)) && !strcmp(name, "vgem"))
			return fd;
		close(fd);
	}
	igt_assert_f(false, "no vgem device (the test VM loads vgem)\n");
	return -1;
}

struct vgem_buf {
	uint32_t handle;
	uint64_t size;
	uint32_t *map;
};

static uint32_t *vgem_map(int vgem, uint32_t handle, uint64_t size)
{
	struct drm_mode_map_dumb map = { .handle = handle };
	void *ptr;

	igt_assert_eq(igt_ioctl(vgem, DRM_IOCTL_MODE_MAP_DUMB, &map), 0);
	ptr = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vgem, map.offset);
	igt_assert_f(ptr != MAP_FAILED, "vgem mmap: %s\n", strerror(errno));
	return ptr;
}

/* A vgem buffer of @pages pages (a dumb buffer, 1024 pixels a page row). */
static struct vgem_buf vgem_create(int vgem, unsigned int pages)
{
	struct drm_mode_create_dumb dumb = { .width = 1024, .height = pages, .bpp = 32 };
	struct vgem_buf buf;

	igt_assert_eq(igt_ioctl(vgem, DRM_IOCTL_MODE_CREATE_DUMB, &dumb), 0);
	buf.handle = dumb.handle;
	buf.size = dumb.size;
	igt_assert_eq_u64(buf.size, pages * PAGE);
	buf.map = vgem_map(vgem, buf.handle, buf.size);
	return buf;
}

static int prime_export(int fd, uint32_t handle)
{
	struct drm_prime_handle args = {
		.handle = handle, .flags = DRM_CLOEXEC | DRM_RDWR, .fd = -1,
	};

	igt_assert_eq(igt_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &args), 0);
	return args.fd;
}

static int __prime_import(int fd, int dmabuf, uint32_t *handle)
{
	struct drm_prime_handle args = { .fd = dmabuf };
	int err = igt_ioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &args) ? -errno : 0;

	*handle = args.handle;
	return err;
}

/* ------------------------------------------------------------ subtests */

/*
 * A system BO: in the aperture, zero-filled, read and written by jobs and
 * by the CPU, in both directions between system memory and VRAM.
 */
static void system_bo(enum igt_duet_node_type node)
{
	const uint64_t size = 3 * PAGE;
	int fd = open_node_with_gart(node);
	uint32_t sys = igt_duet_bo_create_system(fd, node, size + 1);
	struct drm_duet_bo_info info = igt_duet_bo_info(fd, node, sys);
	struct igt_duet_buf vram = igt_duet_buf_new(fd, node, 4 * PAGE);
	uint32_t *map = map_bo(fd, node, sys);
	uint32_t f[3] = { igt_duet_bo_create_system(fd, node, PAGE),
			  igt_duet_bo_create_system(fd, node, PAGE),
			  igt_duet_bo_create_system(fd, node, PAGE) };
	float *a = map_bo(fd, node, f[1]), *b = map_bo(fd, node, f[2]), *c;

	igt_assert_eq_u64(info.size, 4 * PAGE);
	igt_assert_f(info.device_address >= GART_BASE &&
		     info.device_address + info.size <=
		     GART_BASE + igt_duet_gart_size(fd, node),
		     "device address %#llx outside the aperture\n",
		     (unsigned long long)info.device_address);
	check_value(map, 4 * PAGE, 0);

	/* CPU -> system BO -> job -> VRAM. */
	fill_pattern(map, size, 0x5eed);
	run1(fd, node, igt_duet_cmd_copy(igt_duet_op(vram.handle, PAGE, size),
					 igt_duet_op(sys, 0, size)));
	check_pattern((uint32_t *)((char *)vram.map + PAGE), size, 0x5eed);

	/* VRAM -> job -> system BO, at an offset; job FILL of system. */
	fill_pattern(vram.map, PAGE, 0xf00d);
	run1(fd, node, igt_duet_cmd_copy(igt_duet_op(sys, 2 * PAGE, PAGE),
					 igt_duet_op(vram.handle, 0, PAGE)));
	check_pattern(map + 2 * PAGE / 4, PAGE, 0xf00d);
	check_pattern(map, 2 * PAGE, 0x5eed);
	run1(fd, node, igt_duet_cmd_fill(igt_duet_op(sys, 3 * PAGE, PAGE), 0xabcd1234));
	check_value(map + 3 * PAGE / 4, PAGE, 0xabcd1234);

	/* Compute on system memory only. */
	igt_duet_fill_floats(a, PAGE / 4, 1.5f);
	igt_duet_fill_floats(b, PAGE / 4, -3.0f);
	run1(fd, node, igt_duet_cmd_vadd(igt_duet_op(f[0], 0, PAGE),
					 igt_duet_op(f[1], 0, PAGE),
					 igt_duet_op(f[2], 0, PAGE), PAGE / 4));
	c = map_bo(fd, node, f[0]);
	for (unsigned int i = 0; i < PAGE / 4; i++)
		igt_assert_f(c[i] == a[i] + b[i], "c[%u] = %f, expected %f\n",
			     i, c[i], a[i] + b[i]);

	igt_duet_buf_free(fd, &vram);
	close(fd);
}

/* Bad system BOs and windows are refused; the card is not touched. */
static void system_invalid(enum igt_duet_node_type node)
{
	int fd = open_node_with_gart(node);
	uint64_t gart = igt_duet_gart_size(fd, node), size;
	uint32_t handle = 0, sys, vram;
	struct drm_duet_cmd cmd;

	size = PAGE;
	igt_assert_eq(__igt_duet_bo_create_flags(fd, node, 1u << 1, &size, &handle), -EINVAL);
	igt_assert_eq(__igt_duet_bo_create_flags(fd, node, ~0u, &size, &handle), -EINVAL);
	size = 0;
	igt_assert_eq(__igt_duet_bo_create_flags(fd, node, DRM_DUET_BO_SYSTEM, &size,
						 &handle), -EINVAL);
	size = gart + 1;
	igt_assert_eq(__igt_duet_bo_create_flags(fd, node, DRM_DUET_BO_SYSTEM, &size,
						 &handle), -EINVAL);
	size = UINT64_MAX;
	igt_assert_eq(__igt_duet_bo_create_flags(fd, node, DRM_DUET_BO_SYSTEM, &size,
						 &handle), -EINVAL);

	/* A window past the end of a system BO, and a command past its window. */
	sys = igt_duet_bo_create_system(fd, node, 2 * PAGE);
	vram = igt_duet_bo_create(fd, node, 4 * PAGE);
	cmd = igt_duet_cmd_copy(igt_duet_op(vram, 0, 3 * PAGE), igt_duet_op(sys, 0, 3 * PAGE));
	igt_assert_eq(__igt_duet_submit(fd, node, compute0(fd, node), &cmd, 1, NULL, 0,
					(struct drm_duet_sync){}), -EINVAL);
	cmd = igt_duet_cmd_copy(igt_duet_op(vram, 0, PAGE), igt_duet_op(sys, PAGE + 4, PAGE));
	igt_assert_eq(__igt_duet_submit(fd, node, compute0(fd, node), &cmd, 1, NULL, 0,
					(struct drm_duet_sync){}), -EINVAL);
	cmd = igt_duet_cmd_vadd(igt_duet_op(sys, 0, PAGE), igt_duet_op(sys, PAGE, PAGE),
				igt_duet_op(vram, 0, PAGE), PAGE / 4 + 1);
	igt_assert_eq(__igt_duet_submit(fd, node, compute0(fd, node), &cmd, 1, NULL, 0,
					(struct drm_duet_sync){}), -EINVAL);
	igt_duet_bo_close(fd, sys);
	igt_duet_bo_close(fd, vram);
	close(fd);
}

/*
 * Fill the aperture with 1 MiB system BOs until ENOSPC: GART_AVAILABLE
 * counts them down; freeing them gives everything back, once the GART has
 * unmapped them, and VRAM is not touched.
 */
static void system_exhaust(enum igt_duet_node_type node)
{
	int fd = open_node_with_gart(node);
	uint64_t start = igt_duet_gart_available(fd, node);
	uint64_t vram = igt_duet_vram_available(fd, node);
	unsigned int count = 0, max = start / MIB + 1;
	uint32_t *handles = calloc(max, sizeof(*handles));
	uint64_t size;
	int err;

	igt_assert(handles);
	igt_assert_f(start >= 4 * MIB, "only %" PRIu64 " bytes of aperture free\n", start);
	for (;;) {
		size = MIB;
		err = __igt_duet_bo_create_flags(fd, node, DRM_DUET_BO_SYSTEM, &size,
						 &handles[count]);
		if (err)
			break;
		igt_assert_lt(count, max);
		count++;
		igt_assert_eq_u64(igt_duet_gart_available(fd, node), start - count * MIB);
	}
	igt_assert_eq(err, -ENOSPC);
	igt_assert_eq_u64(count, start / MIB);
	igt_assert_eq_u64(igt_duet_vram_available(fd, node), vram);
	igt_info("%u MiB of system memory mapped, then ENOSPC\n", count);

	for (unsigned int i = 0; i < count; i++)
		igt_duet_bo_close(fd, handles[i]);
	wait_gart_available(fd, node, start);
	/* The whole aperture is one range again. */
	size = start & ~(MIB - 1);
	err = __igt_duet_bo_create_flags(fd, node, DRM_DUET_BO_SYSTEM, &size, &handles[0]);
	igt_assert_eq(err, 0);
	free(handles);
	close(fd);
}

/* fdinfo has a system region beside vram; an import counts as shared. */
static void system_fdinfo(enum igt_duet_node_type node)
{
	int fd = open_node_with_gart(node), peer = open_node_with_gart(other(node));
	uint64_t vram = igt_duet_fdinfo_u64(fd, "drm-total-vram");
	uint64_t total = igt_duet_fdinfo_u64(fd, "drm-total-system");
	uint64_t peer_shared = igt_duet_fdinfo_u64(peer, "drm-shared-system");
	uint32_t sys = igt_duet_bo_create_system(fd, node, 5 * PAGE);
	int dmabuf = igt_duet_bo_export(fd, sys);
	uint32_t imported = igt_duet_bo_import(peer, dmabuf);

	igt_assert_eq_u64(igt_duet_fdinfo_u64(fd, "drm-total-system"), total + 5 * PAGE);
	igt_assert_eq_u64(igt_duet_fdinfo_u64(fd, "drm-resident-system"), total + 5 * PAGE);
	igt_assert_eq_u64(igt_duet_fdinfo_u64(fd, "drm-total-vram"), vram);
	igt_assert_eq_u64(igt_duet_fdinfo_u64(peer, "drm-shared-system"),
			  peer_shared + 5 * PAGE);
	close(dmabuf);
	igt_duet_bo_close(peer, imported);
	igt_duet_bo_close(fd, sys);
	igt_assert_eq_u64(igt_duet_fdinfo_u64(fd, "drm-total-system"), total);
	close(peer);
	close(fd);
}

/* A system BO shared with the other node is the same pages. */
static void system_share(enum igt_duet_node_type node)
{
	int fd = open_node_with_gart(node), peer = open_node_with_gart(other(node));
	uint32_t sys = igt_duet_bo_create_system(fd, node, 2 * PAGE);
	int dmabuf = igt_duet_bo_export(fd, sys);
	uint32_t imported = igt_duet_bo_import(peer, dmabuf);
	uint32_t *map = map_bo(fd, node, sys), *peer_map = map_bo(peer, other(node), imported);

	igt_assert_eq_u64(igt_duet_bo_info(fd, node, sys).device_address,
			  igt_duet_bo_info(peer, other(node), imported).device_address);
	run1(peer, other(node), igt_duet_cmd_fill(igt_duet_op(imported, 0, 2 * PAGE),
						  0x600df00d));
	check_value(map, 2 * PAGE, 0x600df00d);
	fill_pattern(map, 2 * PAGE, 77);
	check_pattern(peer_map, 2 * PAGE, 77);
	close(dmabuf);
	close(peer);
	close(fd);
}

/*
 * IGT's vgem_basic@dmabuf-export, with a Duet node as the other driver: a
 * vgem buffer exported, imported into the node, mapped through both; and
 * then used by jobs, reading and writing it.
 */
static void vgem_import(enum igt_duet_node_type node)
{
	int vgem = open_vgem(), fd = open_node_with_gart(node), dmabuf;
	struct vgem_buf buf = vgem_create(vgem, 4);
	struct igt_duet_buf vram = igt_duet_buf_new(fd, node, 4 * PAGE);
	uint64_t start = igt_duet_gart_available(fd, node);
	uint32_t imported, *map;

	fill_pattern(buf.map, buf.size, 0xc0ffee);
	dmabuf = prime_export(vgem, buf.handle);
	imported = igt_duet_bo_import(fd, dmabuf);
	igt_assert_eq_u64(igt_duet_bo_info(fd, node, imported).size, buf.size);
	igt_assert_eq_u64(igt_duet_gart_available(fd, node), start - buf.size);
	map = map_bo(fd, node, imported);
	check_pattern(map, buf.size, 0xc0ffee);

	run1(fd, node, igt_duet_cmd_copy(igt_duet_op(vram.handle, 0, buf.size),
					 igt_duet_op(imported, 0, buf.size)));
	check_pattern(vram.map, buf.size, 0xc0ffee);
	run1(fd, node, igt_duet_cmd_fill(igt_duet_op(imported, PAGE, PAGE), 0x12345678));
	check_value(buf.map + PAGE / 4, PAGE, 0x12345678);
	check_value(map + PAGE / 4, PAGE, 0x12345678);
	check_pattern(buf.map, PAGE, 0xc0ffee);

	munmap(map, buf.size);
	igt_duet_bo_close(fd, imported);
	close(dmabuf);
	wait_gart_available(fd, node, start);
	munmap(buf.map, buf.size);
	igt_duet_buf_free(fd, &vram);
	close(vgem);
	close(fd);
}

/*
 * Implicit sync across drivers: a job on an imported vgem buffer waits for
 * the write fence vgem attached to it.
 */
static void vgem_fence(enum igt_duet_node_type node)
{
	int vgem = open_vgem(), fd = open_node_with_gart(node), dmabuf;
	struct vgem_buf buf = vgem_create(vgem, 1);
	struct local_vgem_fence_attach attach = { .flags = LOCAL_VGEM_FENCE_WRITE };
	struct local_vgem_fence_signal signal = {};
	struct drm_duet_cmd cmd;
	uint32_t imported, syncobj;

	dmabuf = prime_export(vgem, buf.handle);
	imported = igt_duet_bo_import(fd, dmabuf);
	attach.handle = buf.handle;
	igt_assert_eq(igt_ioctl(vgem, LOCAL_IOCTL_VGEM_FENCE_ATTACH, &attach), 0);

	cmd = igt_duet_cmd_fill(igt_duet_op(imported, 0, PAGE), 0xfeedbeef);
	syncobj = igt_duet_submit(fd, node, compute0(fd, node), &cmd, 1);
	igt_assert_eq(igt_duet_syncobj_wait(fd, syncobj, 0, 300), -ETIME);
	check_value(buf.map, PAGE, 0);

	signal.fence = attach.out_fence;
	igt_assert_eq(igt_ioctl(vgem, LOCAL_IOCTL_VGEM_FENCE_SIGNAL, &signal), 0);
	igt_assert_eq(igt_duet_syncobj_wait(fd, syncobj, 0, 10000), 0);
	igt_assert_eq(igt_duet_syncobj_error(fd, syncobj), 0);
	check_value(buf.map, PAGE, 0xfeedbeef);

	igt_duet_syncobj_destroy(fd, syncobj);
	close(dmabuf);
	munmap(buf.map, buf.size);
	close(vgem);
	close(fd);
}

/*
 * A system BO that a job wrote is imported by vgem (which attaches to it
 * and maps its pages); the dma-buf's own mapping reads what the job wrote,
 * and a job reads what the CPU writes there. vgem cannot map imported
 * buffers through its own node (DRM's dumb mapping refuses imports).
 */
static void export_to_vgem(enum igt_duet_node_type node)
{
	int vgem = open_vgem(), fd = open_node_with_gart(node), dmabuf;
	uint32_t sys = igt_duet_bo_create_system(fd, node, 2 * PAGE), handle, *map;

	run1(fd, node, igt_duet_cmd_fill(igt_duet_op(sys, 0, 2 * PAGE), 0x0badcafe));
	dmabuf = igt_duet_bo_export(fd, sys);
	igt_assert_eq(__prime_import(vgem, dmabuf, &handle), 0);
	map = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, dmabuf, 0);
	igt_assert_f(map != MAP_FAILED, "dma-buf mmap: %s\n", strerror(errno));
	check_value(map, 2 * PAGE, 0x0badcafe);
	fill_pattern(map, PAGE, 4242);
	run1(fd, node, igt_duet_cmd_copy(igt_duet_op(sys, PAGE, PAGE),
					 igt_duet_op(sys, 0, PAGE)));
	check_pattern(map + PAGE / 4, PAGE, 4242);
	munmap(map, 2 * PAGE);
	close(dmabuf);
	close(vgem);
	close(fd);
}

/*
 * A foreign importer that uses the pages: card 1 imports a system BO of
 * card 0 as a foreign dma-buf (attach, sg table of the BO's pages, its own
 * GART), and card 1's jobs read and write the pages card 0's jobs wrote.
 */
static void export_to_other_card(enum igt_duet_node_type node)
{
	int fd = open_node_with_gart(node);
	int fd1 = igt_duet_open_node(1, IGT_DUET_ACCEL), dmabuf;
	uint32_t sys = igt_duet_bo_create_system(fd, node, 4 * PAGE), imported;
	struct igt_duet_buf vram1 = igt_duet_buf_new(fd1, IGT_DUET_ACCEL, 4 * PAGE);
	uint32_t *map = map_bo(fd, node, sys);

	igt_assert_f(igt_duet_gart_size(fd1, IGT_DUET_ACCEL) > 0, "card 1 has no GART\n");
	fill_pattern(map, 4 * PAGE, 31337);
	dmabuf = igt_duet_bo_export(fd, sys);
	imported = igt_duet_bo_import(fd1, dmabuf);
	igt_assert_neq_u64(igt_duet_bo_info(fd1, IGT_DUET_ACCEL, imported).device_address, 0);
	run1(fd1, IGT_DUET_ACCEL,
	     igt_duet_cmd_copy(igt_duet_op(vram1.handle, 0, 4 * PAGE),
			       igt_duet_op(imported, 0, 4 * PAGE)));
	check_pattern(vram1.map, 4 * PAGE, 31337);
	run1(fd1, IGT_DUET_ACCEL,
	     igt_duet_cmd_fill(igt_duet_op(imported, 3 * PAGE, PAGE), 0x1c1c1c1c));
	check_value(map + 3 * PAGE / 4, PAGE, 0x1c1c1c1c);
	check_pattern(map, 3 * PAGE, 31337);
	close(dmabuf);
	igt_duet_buf_free(fd1, &vram1);
	close(fd1);
	close(fd);
}

/* VRAM is not offered to other devices: vgem's import fails cleanly. */
static void vram_not_exported(enum igt_duet_node_type node)
{
	int vgem = open_vgem(), fd = igt_duet_open_node(0, node), dmabuf;
	uint32_t vram = igt_duet_bo_create(fd, node, PAGE), handle;

	dmabuf = igt_duet_bo_export(fd, vram);
	igt_assert_eq(__prime_import(vgem, dmabuf, &handle), -EOPNOTSUPP);
	close(dmabuf);
	close(vgem);
	close(fd);
}

/* A udmabuf over a memfd: imported, read and written by jobs. */
static void udmabuf_import(enum igt_duet_node_type node)
{
	int fd = open_node_with_gart(node), memfd, dev, dmabuf;
	const uint64_t size = 4 * PAGE;
	struct udmabuf_create create = { .size = size };
	struct igt_duet_buf vram = igt_duet_buf_new(fd, node, size);
	uint32_t imported, *map;

	dev = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	igt_assert_f(dev >= 0, "/dev/udmabuf: %s\n", strerror(errno));
	memfd = memfd_create("duet-udmabuf", MFD_ALLOW_SEALING);
	igt_assert(memfd >= 0);
	igt_assert_eq(ftruncate(memfd, size), 0);
	igt_assert_eq(fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
	igt_assert(map != MAP_FAILED);
	fill_pattern(map, size, 0xdab);

	create.memfd = memfd;
	dmabuf = ioctl(dev, UDMABUF_CREATE, &create);
	igt_assert_f(dmabuf >= 0, "UDMABUF_CREATE: %s\n", strerror(errno));
	imported = igt_duet_bo_import(fd, dmabuf);
	run1(fd, node, igt_duet_cmd_copy(igt_duet_op(vram.handle, 0, size),
					 igt_duet_op(imported, 0, size)));
	check_pattern(vram.map, size, 0xdab);
	run1(fd, node, igt_duet_cmd_fill(igt_duet_op(imported, 2 * PAGE, PAGE), 0x55aa55aa));
	check_value(map + 2 * PAGE / 4, PAGE, 0x55aa55aa);
	check_pattern(map, 2 * PAGE, 0xdab);

	igt_duet_bo_close(fd, imported);
	close(dmabuf);
	munmap(map, size);
	close(memfd);
	close(dev);
	igt_duet_buf_free(fd, &vram);
	close(fd);
}

/*
 * A page of a client's system BO is unmapped behind the driver's back
 * (debugfs gart_clear): the job that reads it faults (-EIO) and its file is
 * banned; another client's job queued behind it on the same engine
 * completes with correct results.
 */
static void unmapped_page_faults(void)
{
	enum igt_duet_node_type node = IGT_DUET_ACCEL;
	int guilty = open_node_with_gart(node), innocent = open_node_with_gart(node);
	uint32_t engine = compute0(guilty, node);
	uint32_t sys = igt_duet_bo_create_system(guilty, node, 2 * PAGE);
	uint32_t dst = igt_duet_bo_create(guilty, node, 2 * PAGE);
	struct igt_duet_buf isys = { .handle = igt_duet_bo_create_system(innocent, node, PAGE) };
	struct igt_duet_buf ivram = igt_duet_buf_new(innocent, node, PAGE);
	struct drm_duet_cmd bad, good;
	uint32_t s_bad, s_good;

	isys.map = igt_duet_bo_map(innocent, node, isys.handle, &isys.size);
	fill_pattern(isys.map, PAGE, 99);
	igt_duet_expect_kmsg("engine [0-9]+ fault: error 9 ");
	gart_clear(igt_duet_bo_info(guilty, node, sys).device_address + PAGE);

	bad = igt_duet_cmd_copy(igt_duet_op(dst, 0, 2 * PAGE), igt_duet_op(sys, 0, 2 * PAGE));
	good = igt_duet_cmd_copy(igt_duet_op(ivram.handle, 0, PAGE),
				 igt_duet_op(isys.handle, 0, PAGE));
	s_bad = igt_duet_submit(guilty, node, engine, &bad, 1);
	s_good = igt_duet_submit(innocent, node, engine, &good, 1);
	igt_assert_eq(igt_duet_syncobj_wait(guilty, s_bad, 0, 20000), 0);
	igt_assert_eq(igt_duet_syncobj_error(guilty, s_bad), -EIO);
	igt_assert_eq(igt_duet_syncobj_wait(innocent, s_good, 0, 20000), 0);
	igt_assert_eq(igt_duet_syncobj_error(innocent, s_good), 0);
	check_pattern(ivram.map, PAGE, 99);
	good = igt_duet_cmd_spin(0);
	igt_assert_eq(__igt_duet_submit(guilty, node, engine, &good, 1, NULL, 0,
					(struct drm_duet_sync){}), -ECANCELED);
	close(guilty);
	igt_duet_buf_free(innocent, &ivram);
	close(innocent);
}

/*
 * A freed system BO's range is unmapped (an invalidation acknowledged)
 * before it is reused, and a new BO in the same place holds zeros, not the
 * old contents.
 */
static void freed_range_unmapped(enum igt_duet_node_type node)
{
	int fd = open_node_with_gart(node);
	uint64_t start = igt_duet_gart_available(fd, node), address, invalidations;
	uint32_t sys = igt_duet_bo_create_system(fd, node, 8 * PAGE), *map;

	map = map_bo(fd, node, sys);
	run1(fd, node, igt_duet_cmd_fill(igt_duet_op(sys, 0, 8 * PAGE), 0xdeaddead));
	check_value(map, 8 * PAGE, 0xdeaddead);
	address = igt_duet_bo_info(fd, node, sys).device_address;
	munmap(map, 8 * PAGE);
	invalidations = debugfs_gart("invalidations");
	igt_duet_bo_close(fd, sys);
	wait_gart_available(fd, node, start);
	igt_assert_eq_u64(debugfs_gart("released"), 0);
	igt_assert_lt_u64(invalidations, debugfs_gart("invalidations"));
	igt_assert_eq_u64(debugfs_gart("timeouts"), 0);

	sys = igt_duet_bo_create_system(fd, node, 8 * PAGE);
	igt_info("old range %#llx, new %#llx\n", (unsigned long long)address,
		 (unsigned long long)igt_duet_bo_info(fd, node, sys).device_address);
	map = map_bo(fd, node, sys);
	check_value(map, 8 * PAGE, 0);
	close(fd);
}

/*
 * The card is unbound while a client holds system BOs (one of its own, one
 * imported from vgem) and CPU mappings of them: the mappings keep the
 * pages (they are system memory), the files get ENODEV, closing them gives
 * everything back, and the rebound card's aperture is empty.
 */
static void unbind_with_system_bos(void)
{
	struct igt_duet_card card = igt_duet_get_card(1);
	char bdf[64];
	int vgem = open_vgem(), fd = igt_duet_open_node(1, IGT_DUET_ACCEL), dmabuf;
	struct vgem_buf buf = vgem_create(vgem, 2);
	uint64_t start = igt_duet_gart_available(fd, IGT_DUET_ACCEL), size = PAGE;
	uint32_t sys = igt_duet_bo_create_system(fd, IGT_DUET_ACCEL, 4 * PAGE);
	uint32_t *map = map_bo(fd, IGT_DUET_ACCEL, sys), imported, h;

	snprintf(bdf, sizeof(bdf), "%s", igt_duet_basename(card.pci_path));
	fill_pattern(buf.map, buf.size, 11);
	dmabuf = prime_export(vgem, buf.handle);
	imported = igt_duet_bo_import(fd, dmabuf);
	close(dmabuf);
	run1(fd, IGT_DUET_ACCEL, igt_duet_cmd_copy(igt_duet_op(sys, 0, buf.size),
						   igt_duet_op(imported, 0, buf.size)));
	check_pattern(map, buf.size, 11);

	igt_duet_driver_unbind("pci", "duet_core", bdf);
	check_pattern(map, buf.size, 11);
	map[0] = 0x5a5a5a5a;
	igt_assert_eq_u32(map[0], 0x5a5a5a5a);
	igt_assert_eq(__igt_duet_bo_create_flags(fd, IGT_DUET_ACCEL, DRM_DUET_BO_SYSTEM,
						 &size, &h), -ENODEV);
	munmap(map, 4 * PAGE);
	close(fd);
	check_pattern(buf.map, buf.size, 11);
	munmap(buf.map, buf.size);
	close(vgem);

	igt_duet_driver_bind("pci", "duet_core", bdf);
	fd = igt_duet_open_node(1, IGT_DUET_ACCEL);
	igt_assert_eq_u64(igt_duet_gart_available(fd, IGT_DUET_ACCEL), start);
	igt_assert_eq_u64(igt_duet_gart_available(fd, IGT_DUET_ACCEL),
			  igt_duet_gart_size(fd, IGT_DUET_ACCEL));
	sys = igt_duet_bo_create_system(fd, IGT_DUET_ACCEL, PAGE);
	run1(fd, IGT_DUET_ACCEL, igt_duet_cmd_fill(igt_duet_op(sys, 0, PAGE), 7));
	close(fd);
}

igt_main
{
	igt_fixture
		igt_assert_f(igt_duet_require_cards() > 1,
			     "needs two Duet cards (the test VM has them)\n");

	for (unsigned int n = 0; n < 2; n++) {
		enum igt_duet_node_type node = nodes[n];
		const char *name = igt_duet_node_names[node];

		igt_describe("A system-memory BO lies in the GART aperture, is "
			     "zero-filled, and is read and written by the CPU and "
			     "by COPY, FILL and VADD, to and from VRAM.");
		igt_subtest_f("%s-system-bo", name)
			system_bo(node);

		igt_describe("Unknown flags, sizes of 0 or beyond the aperture, "
			     "and windows and commands outside a system BO fail "
			     "with EINVAL.");
		igt_subtest_f("%s-system-invalid", name)
			system_invalid(node);

		igt_describe("1 MiB system BOs fill the aperture until ENOSPC; "
			     "GART_AVAILABLE counts them; freeing them gives "
			     "everything back as one range; VRAM is untouched.");
		igt_subtest_f("%s-system-exhaust", name)
			system_exhaust(node);

		igt_describe("fdinfo reports drm-total/resident-system beside "
			     "vram; an import into the other node is shared.");
		igt_subtest_f("%s-system-fdinfo", name)
			system_fdinfo(node);

		igt_describe("A system BO shared with the other node through "
			     "dma-buf is the same pages at the same device address.");
		igt_subtest_f("%s-system-share", name)
			system_share(node);

		igt_describe("vgem_basic@dmabuf-export with a Duet node: a vgem "
			     "buffer imported, mapped through both drivers, read "
			     "and written by jobs.");
		igt_subtest_f("%s-vgem-import", name)
			vgem_import(node);

		igt_describe("A job on an imported vgem buffer waits for vgem's "
			     "write fence (implicit sync across drivers).");
		igt_subtest_f("%s-vgem-implicit-fence", name)
			vgem_fence(node);

		igt_describe("A system BO written by a job is imported by vgem; "
			     "its dma-buf mapping and jobs see the same bytes.");
		igt_subtest_f("%s-export-to-vgem", name)
			export_to_vgem(node);

		igt_describe("Card 1 imports a system BO of card 0 as a foreign "
			     "dma-buf; card 1's jobs read and write its pages.");
		igt_subtest_f("%s-export-to-other-card", name)
			export_to_other_card(node);

		igt_describe("A VRAM BO's dma-buf is refused by vgem with "
			     "EOPNOTSUPP (no peer-to-peer).");
		igt_subtest_f("%s-vram-not-exported", name)
			vram_not_exported(node);

		igt_describe("A udmabuf over a memfd is imported and read and "
			     "written by jobs.");
		igt_subtest_f("%s-udmabuf-import", name)
			udmabuf_import(node);

		igt_describe("A freed system BO is unmapped from the GART (an "
			     "invalidation acknowledged) before its range is "
			     "reused; the next BO there is zero-filled.");
		igt_subtest_f("%s-freed-range-unmapped", name)
			freed_range_unmapped(node);
	}

	igt_describe("An unmapped GART page faults only the job that reads it: "
		     "that file is banned, another client's job queued behind "
		     "it on the same engine completes correctly.");
	igt_subtest("unmapped-page-faults-guilty-only")
		unmapped_page_faults();

	igt_describe("Unbinding a card while a client holds system BOs and "
		     "mappings of them: the mappings keep their pages, the file "
		     "gets ENODEV, and the rebound card's aperture is empty.");
	igt_subtest("unbind-with-system-bos")
		unbind_with_system_bos();
}
