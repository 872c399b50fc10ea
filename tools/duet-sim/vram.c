// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * VRAM as seen by commands: operand range checks.
 */
#include "duet_hw.h"
#include "gart.h"
#include "vram.h"

/* [addr, addr + size) in the GART aperture, as a linear offset. */
static int gart_range(const struct duet_vram *vram, __u64 addr, __u64 size,
		      __u64 *offset)
{
	const struct duet_gart *gart = vram->gart;
	__u64 aperture, off;

	if (!gart || !gart->window || addr < gart->base)
		return DUET_ERR_BAD_ADDRESS;
	aperture = (__u64)gart->pages * DUET_GART_PAGE_SIZE;
	off = addr - gart->base;
	if (off >= aperture || size > aperture - off)
		return DUET_ERR_BAD_ADDRESS;
	if (!duet_gart_mapped(gart, off, size))
		return DUET_ERR_GART_FAULT;
	*offset = vram->size + off;
	return DUET_ERR_NONE;
}

int duet_vram_range(const struct duet_vram *vram, __u64 addr, __u64 size,
		    __u64 *offset)
{
	__u64 off;

	if (addr < vram->base)
		return gart_range(vram, addr, size, offset);
	off = addr - vram->base;
	if (off >= vram->size)
		return gart_range(vram, addr, size, offset);
	if (size > vram->size - off)
		return DUET_ERR_BAD_ADDRESS;
	*offset = off;
	return DUET_ERR_NONE;
}

int duet_vram_operand(const struct duet_vram *vram, __u64 addr, __u64 offset,
		      __u64 size, __u64 *base)
{
	__u64 end;

	if (__builtin_add_overflow(offset, size, &end))
		return DUET_ERR_BAD_ADDRESS;
	return duet_vram_range(vram, addr, end, base);
}

bool duet_exec_aborted(const struct duet_exec *ex)
{
	return ex->aborted && ex->aborted(ex->ctx);
}
