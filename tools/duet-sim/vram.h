/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * VRAM as seen by commands: operand range checks and the context commands
 * execute in.
 */
#ifndef __DUET_SIM_VRAM_H__
#define __DUET_SIM_VRAM_H__

#include <stdbool.h>
#include <linux/types.h>

struct duet_gart;

/*
 * VRAM as seen by command operands: [base, base + size), at linear offset
 * 0 of what commands address, and the GART aperture (gart.h), if @gart has
 * one, at linear offset @size.
 */
struct duet_vram {
	__u64 base;
	__u64 size;
	const struct duet_gart *gart;
};

/* What a command executes on. */
struct duet_exec {
	__u8 *mem;			/* linear offset 0 = vram.base */
	/* Polled by long commands; true means stop now (may be NULL). */
	bool (*aborted)(void *ctx);
	void *ctx;
};

/* A 64-bit command operand: dwords (low, high). */
static inline __u64 duet_dw_u64(const __u32 *dw)
{
	return (__u64)dw[0] | ((__u64)dw[1] << 32);
}

/*
 * Translate the device address range [addr, addr + size) to the linear
 * offset of @addr. The start must lie inside VRAM or the GART aperture
 * (even for size 0) and the range must not extend past its end; in the
 * aperture every page it touches must be mapped. Returns DUET_ERR_NONE,
 * DUET_ERR_BAD_ADDRESS or DUET_ERR_GART_FAULT.
 */
int duet_vram_range(const struct duet_vram *vram, __u64 addr, __u64 size,
		    __u64 *offset);

/*
 * Check an operand at device address @addr with extent (@offset, @size)
 * as defined in duet_hw.h: @addr must lie inside VRAM and
 * @addr + @offset + @size must not pass its end. Stores the VRAM offset of
 * @addr in @base. Returns DUET_ERR_NONE or DUET_ERR_BAD_ADDRESS.
 */
int duet_vram_operand(const struct duet_vram *vram, __u64 addr, __u64 offset,
		      __u64 size, __u64 *base);

/* Whether the command executing in @ex must stop. */
bool duet_exec_aborted(const struct duet_exec *ex);

#endif /* __DUET_SIM_VRAM_H__ */
