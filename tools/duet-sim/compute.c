// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Compute commands: VADD, SAXPY, GEMM on f32 arrays in VRAM.
 *
 * Arithmetic is binary32, element by element in increasing index order;
 * GEMM accumulates each C element in binary32 over k = 0..K-1, starting
 * from +0.0. Operands that partially overlap give unspecified values but
 * never an access outside their extents.
 */
#include <string.h>

#include "compute.h"
#include "duet_hw.h"

/* Elements between two abort polls of VADD and SAXPY. */
#define COMPUTE_CHUNK	(1u << 20)

static float f32_load(const __u8 *p)
{
	float f;

	memcpy(&f, p, sizeof(f));
	return f;
}

static void f32_store(__u8 *p, float f)
{
	memcpy(p, &f, sizeof(f));
}

static int check_array(const struct duet_vram *vram, __u64 addr,
		       __u32 count, __u64 *off)
{
	return duet_vram_operand(vram, addr, 0, duet_hw_f32_array_size(count),
				 off);
}

static int check_matrix(const struct duet_vram *vram, __u64 addr,
			__u32 rows, __u32 cols, __u32 ld, __u64 *off)
{
	__u64 size;

	if (!duet_hw_matrix_extent(rows, cols, ld, &size))
		return DUET_ERR_BAD_ADDRESS;
	return duet_vram_operand(vram, addr, 0, size, off);
}

static int decode_vadd(const __u32 *dw, const struct duet_vram *vram,
		       struct duet_compute_cmd *cc)
{
	int err;

	cc->count = dw[7];
	err = check_array(vram, duet_dw_u64(&dw[1]), cc->count, &cc->dst);
	if (!err)
		err = check_array(vram, duet_dw_u64(&dw[3]), cc->count, &cc->a);
	if (!err)
		err = check_array(vram, duet_dw_u64(&dw[5]), cc->count, &cc->b);
	return err;
}

static int decode_saxpy(const __u32 *dw, const struct duet_vram *vram,
			struct duet_compute_cmd *cc)
{
	int err;

	cc->count = dw[5];
	cc->alpha = dw[6];
	err = check_array(vram, duet_dw_u64(&dw[1]), cc->count, &cc->dst);
	if (!err)
		err = check_array(vram, duet_dw_u64(&dw[3]), cc->count, &cc->a);
	return err;
}

static int decode_gemm(const __u32 *dw, const struct duet_vram *vram,
		       struct duet_compute_cmd *cc)
{
	int err;

	cc->m = dw[7];
	cc->n = dw[8];
	cc->k = dw[9];
	cc->lda = dw[10];
	cc->ldb = dw[11];
	cc->ldc = dw[12];
	if (!duet_hw_matrix_stride_valid(cc->m, cc->n, cc->ldc) ||
	    !duet_hw_matrix_stride_valid(cc->m, cc->k, cc->lda) ||
	    !duet_hw_matrix_stride_valid(cc->k, cc->n, cc->ldb))
		return DUET_ERR_BAD_STRIDE;
	err = check_matrix(vram, duet_dw_u64(&dw[1]), cc->m, cc->n, cc->ldc,
			   &cc->dst);
	if (!err)
		err = check_matrix(vram, duet_dw_u64(&dw[3]), cc->m, cc->k,
				   cc->lda, &cc->a);
	if (!err)
		err = check_matrix(vram, duet_dw_u64(&dw[5]), cc->k, cc->n,
				   cc->ldb, &cc->b);
	if (!err && (cc->lda | cc->ldb | cc->ldc) % 4)
		err = DUET_ERR_BAD_ALIGNMENT;
	return err;
}

int duet_compute_decode(const __u32 *dw, const struct duet_vram *vram,
			struct duet_compute_cmd *cc)
{
	int err;

	memset(cc, 0, sizeof(*cc));
	switch (DUET_CMD_OPCODE(dw[0])) {
	case DUET_CMD_VADD:
		err = decode_vadd(dw, vram, cc);
		break;
	case DUET_CMD_SAXPY:
		err = decode_saxpy(dw, vram, cc);
		break;
	case DUET_CMD_GEMM:
		err = decode_gemm(dw, vram, cc);
		break;
	default:
		return DUET_ERR_BAD_OPCODE;
	}
	if (err)
		return err;
	/* Unused operands are 0; aligned base and offset: aligned address. */
	if ((vram->base | cc->dst | cc->a | cc->b) % 4)
		return DUET_ERR_BAD_ALIGNMENT;
	return DUET_ERR_NONE;
}

static void vadd(const struct duet_compute_cmd *cc, const struct duet_exec *ex)
{
	__u8 *dst = ex->mem + cc->dst;
	const __u8 *a = ex->mem + cc->a, *b = ex->mem + cc->b;
	__u64 i;

	for (i = 0; i < cc->count; i++) {
		if (i % COMPUTE_CHUNK == 0 && i && duet_exec_aborted(ex))
			return;
		f32_store(dst + 4 * i,
			  f32_load(a + 4 * i) + f32_load(b + 4 * i));
	}
}

static void saxpy(const struct duet_compute_cmd *cc, const struct duet_exec *ex)
{
	__u8 *y = ex->mem + cc->dst;
	const __u8 *x = ex->mem + cc->a;
	float alpha;
	__u64 i;

	memcpy(&alpha, &cc->alpha, sizeof(alpha));
	for (i = 0; i < cc->count; i++) {
		if (i % COMPUTE_CHUNK == 0 && i && duet_exec_aborted(ex))
			return;
		f32_store(y + 4 * i, alpha * f32_load(x + 4 * i) +
			  f32_load(y + 4 * i));
	}
}

static void gemm(const struct duet_compute_cmd *cc, const struct duet_exec *ex)
{
	const __u8 *a = ex->mem + cc->a, *b = ex->mem + cc->b;
	__u8 *c = ex->mem + cc->dst;
	__u64 i, j, k;
	float acc;

	/* An empty C is not written, however large the other dimension. */
	if (!cc->m || !cc->n)
		return;
	for (i = 0; i < cc->m; i++) {
		if (duet_exec_aborted(ex))
			return;
		for (j = 0; j < cc->n; j++) {
			acc = 0.0f;
			for (k = 0; k < cc->k; k++)
				acc += f32_load(a + i * cc->lda + 4 * k) *
				       f32_load(b + k * cc->ldb + 4 * j);
			f32_store(c + i * cc->ldc + 4 * j, acc);
		}
	}
}

void duet_compute_execute(__u32 opcode, const struct duet_compute_cmd *cc,
			  const struct duet_exec *ex)
{
	switch (opcode) {
	case DUET_CMD_VADD:
		vadd(cc, ex);
		break;
	case DUET_CMD_SAXPY:
		saxpy(cc, ex);
		break;
	case DUET_CMD_GEMM:
		gemm(cc, ex);
		break;
	}
}
