// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Duet command decoding, validation and execution.
 */
#include <string.h>

#include "commands.h"
#include "duet_hw.h"

int duet_cmd_check_header(__u32 header, __u32 avail)
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
	default:
		return DUET_ERR_BAD_OPCODE;
	}
	if (len == 0 || len > DUET_CMD_MAX_LENGTH)
		return DUET_ERR_BAD_LENGTH;
	if (expected && len != expected)
		return DUET_ERR_BAD_LENGTH;
	if (len * 4 > avail)
		return DUET_ERR_BAD_LENGTH;
	return DUET_ERR_NONE;
}

static __u64 get_u64(const __u32 *dw)
{
	return (__u64)dw[0] | ((__u64)dw[1] << 32);
}

/*
 * Translate the device address range [addr, addr + size) to a VRAM offset.
 * The start must lie inside VRAM and the range must not extend past its end.
 */
static int vram_range(const struct duet_vram *vram, __u64 addr, __u64 size,
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
		cmd->size = get_u64(&dw[5]);
		err = vram_range(vram, get_u64(&dw[1]), cmd->size, &cmd->dst);
		if (err)
			return err;
		err = vram_range(vram, get_u64(&dw[3]), cmd->size, &cmd->src);
		if (err)
			return err;
		break;
	case DUET_CMD_FILL:
		cmd->size = get_u64(&dw[3]);
		cmd->value = dw[5];
		err = vram_range(vram, get_u64(&dw[1]), cmd->size, &cmd->dst);
		if (err)
			return err;
		if ((vram->base + cmd->dst) % 4 || cmd->size % 4)
			return DUET_ERR_BAD_ALIGNMENT;
		break;
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

void duet_cmd_execute(const struct duet_cmd *cmd, __u8 *mem)
{
	switch (cmd->opcode) {
	case DUET_CMD_COPY:
		memmove(mem + cmd->dst, mem + cmd->src, cmd->size);
		break;
	case DUET_CMD_FILL:
		fill32(mem + cmd->dst, cmd->size, cmd->value);
		break;
	}
}
