// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet_memory: the shared VRAM pool and Duet buffer objects, on both nodes.
 * Buffers are zero-filled, mapped write-combined from the BAR, shared
 * zero-copy between the render and the accel node through dma-buf (system
 * memory and buffers of other drivers are duet_sysmem's), private
 * to the file that holds them, accounted in fdinfo, and given back to the
 * pool when the last reference goes, also when a child is unbound.
 */
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

#include <drm.h>
#include <drm_mode.h>

#include "igt_subset.h"
#include "igt_duet.h"

#define PAGE		4096ul
#define MIB		(1024ul * 1024ul)

static const enum igt_duet_node_type nodes[] = { IGT_DUET_RENDER, IGT_DUET_ACCEL };

static enum igt_duet_node_type other(enum igt_duet_node_type node)
{
	return node == IGT_DUET_RENDER ? IGT_DUET_ACCEL : IGT_DUET_RENDER;
}

static void fill_pattern(uint32_t *p, uint64_t size, uint32_t seed)
{
	for (uint64_t i = 0; i < size / 4; i++)
		p[i] = seed ^ (uint32_t)(i * 2654435761u);
}

static void check_pattern(const uint32_t *p, uint64_t size, uint32_t seed)
{
	for (uint64_t i = 0; i < size / 4; i++)
		igt_assert_f(p[i] == (seed ^ (uint32_t)(i * 2654435761u)),
			     "word %" PRIu64 " is %#x, expected %#x\n", i, p[i],
			     seed ^ (uint32_t)(i * 2654435761u));
}

static void check_zero(const uint32_t *p, uint64_t size)
{
	for (uint64_t i = 0; i < size / 4; i++)
		igt_assert_f(!p[i], "word %" PRIu64 " of a new BO is %#x\n", i, p[i]);
}

static void create_map_rw(enum igt_duet_node_type node)
{
	static const uint64_t sizes[] = { 1, PAGE, 10000, MIB + 1 };
	int fd = igt_duet_open_node(0, node);

	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint64_t size = sizes[i], mapped;
		uint32_t handle = 0;
		struct drm_duet_bo_info info;
		uint32_t *ptr;

		igt_assert_eq(__igt_duet_bo_create(fd, node, &size, &handle), 0);
		igt_assert_eq_u64(size, (sizes[i] + PAGE - 1) & ~(PAGE - 1));
		info = igt_duet_bo_info(fd, node, handle);
		igt_assert_eq_u64(info.size, size);
		igt_assert_neq_u64(info.mmap_offset, 0);
		igt_assert_f(info.device_address >= 0x100000000ull,
			     "device address %#llx below VRAM\n",
			     (unsigned long long)info.device_address);

		ptr = igt_duet_bo_map(fd, node, handle, &mapped);
		igt_assert_eq_u64(mapped, size);
		check_zero(ptr, size);
		fill_pattern(ptr, size, i);
		check_pattern(ptr, size, i);
		igt_assert_eq(munmap(ptr, size), 0);

		/* A new mapping sees the same bytes. */
		ptr = igt_duet_bo_map(fd, node, handle, NULL);
		check_pattern(ptr, size, i);
		igt_assert_eq(munmap(ptr, size), 0);
		igt_duet_bo_close(fd, handle);
		igt_assert_eq(__igt_duet_bo_info(fd, node, handle, &info), -ENOENT);
	}
	close(fd);
}

/* VRAM that a closed BO left dirty is zero again for the next owner. */
static void reuse_is_zeroed(enum igt_duet_node_type node)
{
	int fd = igt_duet_open_node(0, node);

	for (int i = 0; i < 8; i++) {
		uint32_t handle = igt_duet_bo_create(fd, node, 64 * 1024);
		uint32_t *ptr = igt_duet_bo_map(fd, node, handle, NULL);

		check_zero(ptr, 64 * 1024);
		memset(ptr, 0xa5, 64 * 1024);
		munmap(ptr, 64 * 1024);
		igt_duet_bo_close(fd, handle);
	}
	close(fd);
}

/* Export from @from, import into the other node: same VRAM, both ways. */
static void share(enum igt_duet_node_type from)
{
	enum igt_duet_node_type to = other(from);
	int fd_from = igt_duet_open_node(0, from), fd_to = igt_duet_open_node(0, to);
	uint64_t size = 3 * PAGE, avail;
	struct drm_duet_bo_info a, b;
	uint32_t h_from, h_to;
	uint32_t *p_from, *p_to;
	int dmabuf;

	h_from = igt_duet_bo_create(fd_from, from, size);
	p_from = igt_duet_bo_map(fd_from, from, h_from, NULL);
	fill_pattern(p_from, size, 0x1234);

	avail = igt_duet_vram_available(fd_to, to);
	dmabuf = igt_duet_bo_export(fd_from, h_from);
	h_to = igt_duet_bo_import(fd_to, dmabuf);
	igt_assert_eq_u64(igt_duet_vram_available(fd_to, to), avail);

	a = igt_duet_bo_info(fd_from, from, h_from);
	b = igt_duet_bo_info(fd_to, to, h_to);
	igt_assert_eq_u64(a.size, b.size);
	igt_assert_eq_u64(a.device_address, b.device_address);

	p_to = igt_duet_bo_map(fd_to, to, h_to, NULL);
	check_pattern(p_to, size, 0x1234);
	fill_pattern(p_to, size, 0x5678);
	check_pattern(p_from, size, 0x5678);

	/* The dma-buf itself maps the same bytes. */
	{
		uint32_t *p_dmabuf = mmap(NULL, size, PROT_READ, MAP_SHARED, dmabuf, 0);

		igt_assert(p_dmabuf != MAP_FAILED);
		check_pattern(p_dmabuf, size, 0x5678);
		munmap(p_dmabuf, size);
	}

	/* The importer keeps the VRAM alive after the exporter lets go. */
	munmap(p_from, size);
	igt_duet_bo_close(fd_from, h_from);
	close(dmabuf);
	close(fd_from);
	check_pattern(p_to, size, 0x5678);
	munmap(p_to, size);
	igt_duet_bo_close(fd_to, h_to);
	close(fd_to);
}

static void self_import(enum igt_duet_node_type node)
{
	int fd = igt_duet_open_node(0, node);
	uint32_t handle = igt_duet_bo_create(fd, node, PAGE);
	int dmabuf = igt_duet_bo_export(fd, handle);

	igt_assert_eq_u32(igt_duet_bo_import(fd, dmabuf), handle);
	close(dmabuf);
	igt_duet_bo_close(fd, handle);
	close(fd);
}

/* Allocate @size buffers until ENOSPC; returns how many fitted. */
static unsigned int fill_vram(int fd, enum igt_duet_node_type node, uint64_t size,
			      uint32_t **handles)
{
	unsigned int count = 0, max = 64;
	uint32_t *h = malloc(max * sizeof(*h));
	int err;

	igt_assert(h);
	for (;;) {
		uint64_t s = size;

		if (count == max) {
			max *= 2;
			h = realloc(h, max * sizeof(*h));
			igt_assert(h);
		}
		err = __igt_duet_bo_create(fd, node, &s, &h[count]);
		if (err)
			break;
		count++;
	}
	igt_assert_f(err == -ENOSPC, "allocation %u failed with %s, not ENOSPC\n",
		     count, strerror(-err));
	*handles = h;
	return count;
}

static void exhaust(enum igt_duet_node_type node, uint64_t size)
{
	int fd = igt_duet_open_node(0, node);
	uint64_t start = igt_duet_vram_available(fd, node);
	unsigned int first, second;
	uint32_t *handles;

	first = fill_vram(fd, node, size, &handles);
	igt_info("%u buffers of %" PRIu64 " KiB fitted\n", first, size >> 10);
	igt_assert_lt(0, first);
	igt_assert_lt_u64(igt_duet_vram_available(fd, node), start);
	for (unsigned int i = 0; i < first; i++)
		igt_duet_bo_close(fd, handles[i]);
	free(handles);
	igt_assert_eq_u64(igt_duet_vram_available(fd, node), start);

	second = fill_vram(fd, node, size, &handles);
	igt_assert_eq(second, first);
	for (unsigned int i = 0; i < second; i++)
		igt_duet_bo_close(fd, handles[i]);
	free(handles);
	igt_assert_eq_u64(igt_duet_vram_available(fd, node), start);
	close(fd);
}

/*
 * Fragment VRAM with small buffers, free every other one: a large buffer
 * may not fit any more (buffers are contiguous), but freeing the rest
 * merges everything back.
 */
static void fragmentation(enum igt_duet_node_type node)
{
	int fd = igt_duet_open_node(0, node);
	uint64_t start = igt_duet_vram_available(fd, node), big;
	unsigned int count;
	uint32_t *handles, h;
	int err;

	count = fill_vram(fd, node, PAGE, &handles);
	igt_assert_eq_u64(igt_duet_vram_available(fd, node), 0);
	for (unsigned int i = 0; i < count; i += 2)
		igt_duet_bo_close(fd, handles[i]);
	igt_assert_eq_u64(igt_duet_vram_available(fd, node), (count + 1) / 2 * PAGE);

	big = 2 * PAGE;
	err = __igt_duet_bo_create(fd, node, &big, &h);
	igt_assert_eq(err, -ENOSPC);

	for (unsigned int i = 1; i < count; i += 2)
		igt_duet_bo_close(fd, handles[i]);
	free(handles);
	igt_assert_eq_u64(igt_duet_vram_available(fd, node), start);

	big = start / 2;
	h = igt_duet_bo_create(fd, node, big);
	igt_duet_bo_close(fd, h);
	close(fd);
}

static void handles_private(enum igt_duet_node_type node)
{
	int fd_a = igt_duet_open_node(0, node), fd_b = igt_duet_open_node(0, node);
	int fd_o = igt_duet_open_node(0, other(node));
	uint32_t handle = igt_duet_bo_create(fd_a, node, PAGE);
	struct drm_duet_bo_info info;

	igt_assert_eq(__igt_duet_bo_info(fd_b, node, handle, &info), -ENOENT);
	igt_assert_eq(__igt_duet_bo_info(fd_o, other(node), handle, &info), -ENOENT);
	igt_assert_eq(__igt_duet_bo_close(fd_b, handle), -EINVAL);
	igt_assert_eq(__igt_duet_bo_info(fd_a, node, handle, &info), 0);
	close(fd_a);
	close(fd_b);
	close(fd_o);
}

static void close_frees(enum igt_duet_node_type node)
{
	int fd = igt_duet_open_node(0, node), probe = igt_duet_open_node(0, node);
	uint64_t start = igt_duet_vram_available(probe, node);

	for (int i = 0; i < 16; i++)
		igt_duet_bo_create(fd, node, (i + 1) * PAGE);
	igt_assert_eq_u64(igt_duet_vram_available(probe, node),
			  start - 136 * PAGE);
	close(fd);
	igt_assert_eq_u64(igt_duet_vram_available(probe, node), start);
	close(probe);
}

static void fdinfo(enum igt_duet_node_type node)
{
	int fd = igt_duet_open_node(0, node), fd_o = igt_duet_open_node(0, other(node));
	uint32_t a, b, imported;
	int dmabuf;

	igt_assert_eq_u64(igt_duet_fdinfo_u64(fd, "drm-total-vram"), 0);
	a = igt_duet_bo_create(fd, node, 4 * PAGE);
	b = igt_duet_bo_create(fd, node, MIB);
	igt_assert_eq_u64(igt_duet_fdinfo_u64(fd, "drm-total-vram"), MIB + 4 * PAGE);
	igt_assert_eq_u64(igt_duet_fdinfo_u64(fd, "drm-resident-vram"), MIB + 4 * PAGE);
	igt_assert_eq_u64(igt_duet_fdinfo_u64(fd, "drm-memory-vram"), MIB + 4 * PAGE);
	igt_assert_eq_u64(igt_duet_fdinfo_u64(fd, "drm-shared-vram"), 0);

	dmabuf = igt_duet_bo_export(fd, a);
	imported = igt_duet_bo_import(fd_o, dmabuf);
	igt_assert_eq_u64(igt_duet_fdinfo_u64(fd, "drm-shared-vram"), 4 * PAGE);
	igt_assert_eq_u64(igt_duet_fdinfo_u64(fd_o, "drm-total-vram"), 4 * PAGE);
	igt_assert_eq_u64(igt_duet_fdinfo_u64(fd_o, "drm-shared-vram"), 4 * PAGE);

	igt_duet_bo_close(fd, b);
	igt_assert_eq_u64(igt_duet_fdinfo_u64(fd, "drm-total-vram"), 4 * PAGE);
	igt_duet_bo_close(fd_o, imported);
	igt_assert_eq_u64(igt_duet_fdinfo_u64(fd_o, "drm-total-vram"), 0);
	close(dmabuf);
	close(fd);
	close(fd_o);
}

static void mmap_rules(enum igt_duet_node_type node)
{
	int fd = igt_duet_open_node(0, node);
	uint32_t handle = igt_duet_bo_create(fd, node, 2 * PAGE);
	struct drm_duet_bo_info info = igt_duet_bo_info(fd, node, handle);
	void *ptr;

	ptr = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd,
		   info.mmap_offset);
	igt_assert_f(ptr == MAP_FAILED && errno == EINVAL,
		     "private mapping: %s\n", ptr == MAP_FAILED ? strerror(errno) : "allowed");
	ptr = mmap(NULL, 3 * PAGE, PROT_READ, MAP_SHARED, fd, info.mmap_offset);
	igt_assert_f(ptr == MAP_FAILED, "mapping beyond the BO allowed\n");
	ptr = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, info.mmap_offset + 16 * PAGE);
	igt_assert_f(ptr == MAP_FAILED, "mapping at a bogus offset allowed\n");
	igt_duet_bo_close(fd, handle);
	close(fd);
}

/*
 * Unbind the child of @gone while both nodes hold buffers: the other node's
 * buffers, mappings and allocations keep working; the unbound node's files
 * get ENODEV, its mappings read a dummy page, its VRAM is returned when its
 * file is closed; binding again gives a working node.
 */
static void unbind_keeps_other(enum igt_duet_node_type gone)
{
	enum igt_duet_node_type kept = other(gone);
	struct igt_duet_card card = igt_duet_get_card(0);
	const char *aux = igt_duet_basename(gone == IGT_DUET_ACCEL ? card.accel.aux :
					card.render.aux);
	const char *driver = gone == IGT_DUET_ACCEL ? "duet_accel" : "duet_drm";
	int fd_gone = igt_duet_open_node(0, gone), fd_kept = igt_duet_open_node(0, kept);
	uint32_t h_gone = igt_duet_bo_create(fd_gone, gone, 16 * PAGE);
	uint32_t h_kept = igt_duet_bo_create(fd_kept, kept, 16 * PAGE), h;
	uint32_t *p_gone = igt_duet_bo_map(fd_gone, gone, h_gone, NULL);
	uint32_t *p_kept = igt_duet_bo_map(fd_kept, kept, h_kept, NULL);
	uint64_t avail, size = PAGE;
	char aux_name[256];

	snprintf(aux_name, sizeof(aux_name), "%s", aux);
	fill_pattern(p_gone, 16 * PAGE, 1);
	fill_pattern(p_kept, 16 * PAGE, 2);

	igt_duet_driver_unbind("auxiliary", driver, aux_name);

	check_pattern(p_kept, 16 * PAGE, 2);
	h = igt_duet_bo_create(fd_kept, kept, PAGE);
	igt_duet_bo_close(fd_kept, h);
	igt_assert_eq(__igt_duet_bo_create(fd_gone, gone, &size, &h), -ENODEV);
	/* A mapping of the unbound node no longer reaches VRAM. */
	igt_assert_eq_u32(p_gone[0], 0);
	p_gone[0] = 0xdead;

	avail = igt_duet_vram_available(fd_kept, kept);
	munmap(p_gone, 16 * PAGE);
	close(fd_gone);
	igt_assert_eq_u64(igt_duet_vram_available(fd_kept, kept), avail + 16 * PAGE);

	igt_duet_driver_bind("auxiliary", driver, aux_name);
	fd_gone = igt_duet_open_node(0, gone);
	h = igt_duet_bo_create(fd_gone, gone, PAGE);
	p_gone = igt_duet_bo_map(fd_gone, gone, h, NULL);
	check_zero(p_gone, PAGE);
	munmap(p_gone, PAGE);
	close(fd_gone);

	check_pattern(p_kept, 16 * PAGE, 2);
	munmap(p_kept, 16 * PAGE);
	close(fd_kept);
}

/* A "key: value" line of the card's debugfs vram file. */
static uint64_t debugfs_vram(const char *key)
{
	struct igt_duet_card card = igt_duet_get_card(0);
	char path[PATH_MAX + 64], line[256];
	unsigned long long value = 0;
	size_t len = strlen(key);
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/duet_core/%s/vram",
		 igt_duet_basename(card.pci_path));
	f = fopen(path, "r");
	igt_require_f(f, "no %s (debugfs not mounted?)\n", path);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len) && line[len] == ':')
			found = sscanf(line + len + 1, "%llu", &value) == 1;
	fclose(f);
	igt_assert_f(found, "no %s in %s\n", key, path);
	return value;
}

/* debugfs shows the pool: size, free, per-node use, one line per range. */
static void debugfs_state(void)
{
	int r = igt_duet_open_node(0, IGT_DUET_RENDER), a = igt_duet_open_node(0, IGT_DUET_ACCEL);
	uint64_t render = debugfs_vram("used-render"), accel = debugfs_vram("used-accel");
	uint32_t hr = igt_duet_bo_create(r, IGT_DUET_RENDER, 3 * PAGE);
	uint32_t ha = igt_duet_bo_create(a, IGT_DUET_ACCEL, 5 * PAGE);

	igt_assert_eq_u64(debugfs_vram("size"), igt_duet_vram_size(r, IGT_DUET_RENDER));
	igt_assert_eq_u64(debugfs_vram("free"), igt_duet_vram_available(r, IGT_DUET_RENDER));
	igt_assert_eq_u64(debugfs_vram("used-render"), render + 3 * PAGE);
	igt_assert_eq_u64(debugfs_vram("used-accel"), accel + 5 * PAGE);
	igt_duet_bo_close(r, hr);
	igt_duet_bo_close(a, ha);
	igt_assert_eq_u64(debugfs_vram("used-render"), render);
	igt_assert_eq_u64(debugfs_vram("used-accel"), accel);
	close(r);
	close(a);
}

igt_main
{
	for (unsigned int i = 0; i < 2; i++) {
		enum igt_duet_node_type n = nodes[i];
		const char *name = igt_duet_node_names[n];

		igt_describe("Create BOs of several sizes, check BO_INFO, that "
			     "they start zeroed, and that data written through "
			     "a mapping reads back.");
		igt_subtest_f("%s-create-map-rw", name)
			create_map_rw(n);

		igt_describe("VRAM freed by one BO is zeroed before the next BO "
			     "gets it.");
		igt_subtest_f("%s-reuse-is-zeroed", name)
			reuse_is_zeroed(n);

		igt_describe("A BO exported from this node and imported into the "
			     "other is the same VRAM: same device address, data "
			     "written through one mapping is read through the "
			     "other, and the importer keeps it alive.");
		igt_subtest_f("%s-share-zero-copy", name)
			share(n);

		igt_describe("Importing a node's own dma-buf gives back the "
			     "original handle.");
		igt_subtest_f("%s-self-import", name)
			self_import(n);

		igt_describe("Allocate 8 MiB BOs until ENOSPC, free them: VRAM "
			     "returns to its start value and the same number "
			     "fits again.");
		igt_subtest_f("%s-exhaust-large", name)
			exhaust(n, 8 * MIB);

		igt_describe("Allocate page-sized BOs until VRAM is full (ENOSPC), "
			     "fragment it, and check everything merges back.");
		igt_subtest_f("%s-exhaust-fragmented", name)
			fragmentation(n);

		igt_describe("Handles are private to the file that created them.");
		igt_subtest_f("%s-handles-private", name)
			handles_private(n);

		igt_describe("Closing a file frees all of its BOs.");
		igt_subtest_f("%s-close-frees", name)
			close_frees(n);

		igt_describe("fdinfo drm-total/resident/shared/memory-vram match "
			     "what the client allocated and shares.");
		igt_subtest_f("%s-fdinfo", name)
			fdinfo(n);

		igt_describe("Only shared mappings within the BO are allowed.");
		igt_subtest_f("%s-mmap-rules", name)
			mmap_rules(n);

		igt_describe("Unbinding this node's child while both nodes hold "
			     "buffers leaves the other node's buffers working, "
			     "returns this node's VRAM on close, and rebinding "
			     "gives a working node.");
		igt_subtest_f("unbind-%s-keeps-other", name)
			unbind_keeps_other(n);
	}

	igt_describe("debugfs shows the VRAM pool's size, free bytes and "
		     "per-node use, matching GET_PARAM and what each node "
		     "allocated.");
	igt_subtest("debugfs-vram")
		debugfs_state();
}
