// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * VRAM as seen by commands: operand range checks.
 */
#include "duet_hw.h"
#include "vram.h"

int duet_vram_range(const struct duet_vram *vram, __u64 addr, __u64 size,
		    __u64 *offset)
{
	__u64 off;

	if (addr < vram->base)
		return DUET_ERR_BAD_ADDRESS;
	off = addr - vram->base;
	if (off >= vram->size || size > vram->size - off)
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
