/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The GART: system memory (the guest's RAM) reached through a page table
 * the driver keeps in VRAM (duet_hw.h, "Bus master and GART").
 *
 * The aperture is mapped in the device model's address space right after
 * VRAM, so commands reach both with one base pointer: a valid entry's page
 * is the guest RAM file's page at the entry's bus address (guest physical
 * address 0 is file offset 0; the test VM's RAM lies wholly below 4 GiB),
 * an invalid one is PROT_NONE. Commands check every page of an operand
 * before they touch it (duet_gart_mapped()) and hold the GART's lock for
 * reading while they execute; an invalidation takes it for writing, so it
 * waits for the commands that use the old translations.
 */
#ifndef __DUET_SIM_GART_H__
#define __DUET_SIM_GART_H__

#include <pthread.h>
#include <stdbool.h>
#include <linux/types.h>

struct duet_gart {
	__u64 base;		/* device address of the aperture */
	__u32 pages;		/* its size in DUET_GART_PAGE_SIZE pages */
	__u8 *window;		/* its mapping; NULL without a GART */
	__u64 *shadow;		/* the entries as last invalidated */
	bool enabled;
	int ram_fd;		/* guest RAM, -1 if none */
	__u64 ram_size;
	pthread_rwlock_t lock;	/* readers: commands; writer: invalidation */
	unsigned long remapped;	/* entries mapped or unmapped so far */
};

/*
 * Set up @gart for an aperture of @pages pages at device address @base,
 * mapped at @window (a PROT_NONE reservation of that size), over the guest
 * RAM file @ram_fd of @ram_size bytes. Returns 0 or -errno.
 */
int duet_gart_init(struct duet_gart *gart, __u64 base, __u32 pages,
		   __u8 *window, int ram_fd, __u64 ram_size);
void duet_gart_fini(struct duet_gart *gart);

/*
 * Whether every page of [@off, @off + @size) of the aperture (one page for
 * size 0) is mapped. Call with the lock held for reading.
 */
bool duet_gart_mapped(const struct duet_gart *gart, __u64 off, __u64 size);

/*
 * Make the translations match @table (the driver's @gart->pages entries,
 * read in VRAM; not read unless @enabled) if @enabled, else unmap
 * everything. Takes the lock for
 * writing. Returns 0 or -errno (a page could not be mapped: it stays
 * unmapped).
 */
int duet_gart_update(struct duet_gart *gart, const __u64 *table, bool enabled);

/* Commands hold these around their use of the aperture. */
void duet_gart_read_lock(struct duet_gart *gart);
void duet_gart_read_unlock(struct duet_gart *gart);

#endif /* __DUET_SIM_GART_H__ */
