// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The GART's translations: see gart.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "duet_hw.h"
#include "gart.h"

int duet_gart_init(struct duet_gart *gart, __u64 base, __u32 pages,
		   __u8 *window, int ram_fd, __u64 ram_size)
{
	memset(gart, 0, sizeof(*gart));
	gart->ram_fd = ram_fd;
	if (!window)
		return 0;
	gart->shadow = calloc(pages, sizeof(*gart->shadow));
	if (!gart->shadow)
		return -ENOMEM;
	gart->base = base;
	gart->pages = pages;
	gart->window = window;
	gart->ram_size = ram_size;
	return -pthread_rwlock_init(&gart->lock, NULL);
}

void duet_gart_fini(struct duet_gart *gart)
{
	if (!gart->window)
		return;
	pthread_rwlock_destroy(&gart->lock);
	free(gart->shadow);
	gart->shadow = NULL;
}

bool duet_gart_mapped(const struct duet_gart *gart, __u64 off, __u64 size)
{
	__u64 first, last, p;

	if (!gart->window || !gart->enabled)
		return false;
	first = off / DUET_GART_PAGE_SIZE;
	last = size ? (off + size - 1) / DUET_GART_PAGE_SIZE : first;
	if (last >= gart->pages)
		return false;
	for (p = first; p <= last; p++)
		if (!(gart->shadow[p] & DUET_GART_ENTRY_VALID))
			return false;
	return true;
}

/* The entry as the device uses it: 0 unless valid and inside guest RAM. */
static __u64 usable(const struct duet_gart *gart, __u64 entry)
{
	__u64 addr = entry & DUET_GART_ENTRY_ADDR_MASK;

	if (!(entry & DUET_GART_ENTRY_VALID) || gart->ram_fd < 0 ||
	    addr >= gart->ram_size ||
	    gart->ram_size - addr < DUET_GART_PAGE_SIZE)
		return 0;
	return addr | DUET_GART_ENTRY_VALID;
}

static int map_page(struct duet_gart *gart, __u32 p, __u64 entry)
{
	__u8 *at = gart->window + (size_t)p * DUET_GART_PAGE_SIZE;
	void *m;

	if (entry)
		m = mmap(at, DUET_GART_PAGE_SIZE, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, gart->ram_fd,
			 (off_t)(entry & DUET_GART_ENTRY_ADDR_MASK));
	else
		m = mmap(at, DUET_GART_PAGE_SIZE, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
			 -1, 0);
	return m == MAP_FAILED ? -errno : 0;
}

int duet_gart_update(struct duet_gart *gart, const __u64 *table, bool enabled)
{
	int ret = 0, err;
	__u32 p;

	if (!gart->window)
		return 0;
	pthread_rwlock_wrlock(&gart->lock);
	for (p = 0; p < gart->pages; p++) {
		__u64 want = enabled ? usable(gart, table[p]) : 0;

		if (want == gart->shadow[p])
			continue;
		err = map_page(gart, p, want);
		if (err) {
			/* Leave the page unmapped, and say so. */
			if (!map_page(gart, p, 0))
				gart->shadow[p] = 0;
			ret = ret ? ret : err;
			continue;
		}
		gart->shadow[p] = want;
		gart->remapped++;
	}
	gart->enabled = enabled;
	pthread_rwlock_unlock(&gart->lock);
	return ret;
}

void duet_gart_read_lock(struct duet_gart *gart)
{
	if (gart->window)
		pthread_rwlock_rdlock(&gart->lock);
}

void duet_gart_read_unlock(struct duet_gart *gart)
{
	if (gart->window)
		pthread_rwlock_unlock(&gart->lock);
}
