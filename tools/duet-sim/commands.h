/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Duet command decoding, validation and execution.
 *
 * These functions never touch the shared memory themselves: the caller
 * copies a command's dwords out of the ring first, so that the guest
 * cannot change a command between validation and execution.
 */
#ifndef __DUET_SIM_COMMANDS_H__
#define __DUET_SIM_COMMANDS_H__

#include <linux/types.h>

/* VRAM as seen by command operands: [base, base + size). */
struct duet_vram {
	__u64 base;
	__u64 size;
};

struct duet_cmd {
	__u32 opcode;
	__u32 length;		/* in dwords, header included */
	__u32 seqno;		/* FENCE */
	__u32 value;		/* FILL */
	__u64 dst;		/* COPY, FILL: offset into VRAM */
	__u64 src;		/* COPY: offset into VRAM */
	__u64 size;		/* COPY, FILL: bytes */
};

/*
 * Check a command header given @avail bytes between the command and TAIL.
 * Returns DUET_ERR_BAD_OPCODE for an unknown opcode, DUET_ERR_BAD_LENGTH if
 * the length is 0, above DUET_CMD_MAX_LENGTH, wrong for the opcode or
 * extends past TAIL, DUET_ERR_NONE otherwise.
 */
int duet_cmd_check_header(__u32 header, __u32 avail);

/*
 * Decode the operands of a command whose header passed
 * duet_cmd_check_header(); @dw holds all of its dwords. Device addresses are
 * translated to VRAM offsets. Returns DUET_ERR_BAD_ADDRESS if an operand
 * range is not inside @vram, DUET_ERR_BAD_ALIGNMENT if a FILL operand is not
 * 4-byte aligned, DUET_ERR_NONE otherwise.
 */
int duet_cmd_decode(const __u32 *dw, const struct duet_vram *vram,
		    struct duet_cmd *cmd);

/*
 * Execute a decoded COPY or FILL on the VRAM mapping @mem. Other opcodes
 * have no effect on VRAM and are ignored.
 */
void duet_cmd_execute(const struct duet_cmd *cmd, __u8 *mem);

#endif /* __DUET_SIM_COMMANDS_H__ */
