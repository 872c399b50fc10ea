/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Compute commands: VADD, SAXPY, GEMM on f32 arrays in VRAM.
 */
#ifndef __DUET_SIM_COMPUTE_H__
#define __DUET_SIM_COMPUTE_H__

#include <linux/types.h>

#include "vram.h"

/* Operands are VRAM offsets. */
struct duet_compute_cmd {
	__u64 dst;		/* VADD dst, SAXPY y, GEMM C */
	__u64 a;		/* VADD a, SAXPY x, GEMM A */
	__u64 b;		/* VADD b, GEMM B */
	__u32 count;		/* VADD, SAXPY */
	__u32 alpha;		/* SAXPY: f32 bit pattern */
	__u32 m, n, k;		/* GEMM */
	__u32 lda, ldb, ldc;	/* GEMM: row strides in bytes */
};

/*
 * Decode the operands of compute command @dw (header already checked).
 * Checks, in order: GEMM strides (DUET_ERR_BAD_STRIDE), operand ranges in
 * dword order (DUET_ERR_BAD_ADDRESS), 4-byte alignment of addresses and
 * strides (DUET_ERR_BAD_ALIGNMENT). Returns DUET_ERR_NONE or the code.
 */
int duet_compute_decode(const __u32 *dw, const struct duet_vram *vram,
			struct duet_compute_cmd *cc);

/* Execute decoded compute command @opcode. */
void duet_compute_execute(__u32 opcode, const struct duet_compute_cmd *cc,
			  const struct duet_exec *ex);

#endif /* __DUET_SIM_COMPUTE_H__ */
