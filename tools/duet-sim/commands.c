// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Duet command decoding, validation and execution.
 */
#include <string.h>

#include "commands.h"
#include "duet_hw.h"

int duet_cmd_check_header(__u32 header, __u32 avail, __u32 kind)
{
	__u32 len = DUET_CMD_LENGTH(header);
	__u32 expected;

	switch (DUET_CMD_OPCODE(header)) {
	case DUET_CMD_NOP:
		expected = 0;
		break;
	case DUET_CMD_FENCE:
		expected = DUET_CMD_FENCE_LEN;
		break;
	case DUET_CMD_COPY:
		expected = DUET_CMD_COPY_LEN;
		break;
	case DUET_CMD_FILL:
		expected = DUET_CMD_FILL_LEN;
		break;
	case DUET_CMD_SPIN:
		expected = DUET_CMD_SPIN_LEN;
		break;
	case DUET_CMD_VADD:
		expected = DUET_CMD_VADD_LEN;
		break;
	case DUET_CMD_SAXPY:
		expected = DUET_CMD_SAXPY_LEN;
		break;
	case DUET_CMD_GEMM:
		expected = DUET_CMD_GEMM_LEN;
		break;
	case DUET_CMD_FILL_RECT:
		expected = DUET_CMD_FILL_RECT_LEN;
		break;
	case DUET_CMD_BLIT:
		expected = DUET_CMD_BLIT_LEN;
		break;
	default:
		return DUET_ERR_BAD_OPCODE;
	}
	if (len == 0 || len > DUET_CMD_MAX_LENGTH)
		return DUET_ERR_BAD_LENGTH;
	if (expected && len != expected)
		return DUET_ERR_BAD_LENGTH;
	if (len * 4 > avail)
		return DUET_ERR_BAD_LENGTH;
	if (!duet_hw_cmd_allowed(DUET_CMD_OPCODE(header), kind))
		return DUET_ERR_BAD_ENGINE;
	return DUET_ERR_NONE;
}

int duet_cmd_decode(const __u32 *dw, const struct duet_vram *vram,
		    struct duet_cmd *cmd)
{
	int err;

	memset(cmd, 0, sizeof(*cmd));
	cmd->opcode = DUET_CMD_OPCODE(dw[0]);
	cmd->length = DUET_CMD_LENGTH(dw[0]);

	switch (cmd->opcode) {
	case DUET_CMD_FENCE:
		cmd->seqno = dw[1];
		break;
	case DUET_CMD_COPY:
		cmd->size = duet_dw_u64(&dw[5]);
		err = duet_vram_range(vram, duet_dw_u64(&dw[1]), cmd->size,
				      &cmd->dst);
		if (err)
			return err;
		err = duet_vram_range(vram, duet_dw_u64(&dw[3]), cmd->size,
				      &cmd->src);
		if (err)
			return err;
		break;
	case DUET_CMD_FILL:
		cmd->size = duet_dw_u64(&dw[3]);
		cmd->value = dw[5];
		err = duet_vram_range(vram, duet_dw_u64(&dw[1]), cmd->size,
				      &cmd->dst);
		if (err)
			return err;
		if ((vram->base + cmd->dst) % 4 || cmd->size % 4)
			return DUET_ERR_BAD_ALIGNMENT;
		break;
	case DUET_CMD_SPIN:
		cmd->usecs = dw[1];
		break;
	case DUET_CMD_VADD:
	case DUET_CMD_SAXPY:
	case DUET_CMD_GEMM:
		return duet_compute_decode(dw, vram, &cmd->compute);
	case DUET_CMD_FILL_RECT:
	case DUET_CMD_BLIT:
		return duet_gfx_decode(dw, vram, &cmd->gfx);
	}
	return DUET_ERR_NONE;
}

static void fill32(__u8 *mem, __u64 size, __u32 value)
{
	__u32 *p = (__u32 *)mem;
	__u64 i;

	for (i = 0; i < size / 4; i++)
		p[i] = value;
}

void duet_cmd_execute(const struct duet_cmd *cmd, const struct duet_exec *ex)
{
	switch (cmd->opcode) {
	case DUET_CMD_COPY:
		memmove(ex->mem + cmd->dst, ex->mem + cmd->src, cmd->size);
		break;
	case DUET_CMD_FILL:
		fill32(ex->mem + cmd->dst, cmd->size, cmd->value);
		break;
	case DUET_CMD_VADD:
	case DUET_CMD_SAXPY:
	case DUET_CMD_GEMM:
		duet_compute_execute(cmd->opcode, &cmd->compute, ex);
		break;
	case DUET_CMD_FILL_RECT:
	case DUET_CMD_BLIT:
		duet_gfx_execute(cmd->opcode, &cmd->gfx, ex);
		break;
	}
}
