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

#include "compute.h"
#include "duet_hw.h"
#include "graphics.h"
#include "vram.h"

struct duet_cmd {
	__u32 opcode;
	__u32 length;		/* in dwords, header included */
	__u32 seqno;		/* FENCE */
	__u32 value;		/* FILL */
	__u32 usecs;		/* SPIN */
	__u64 dst;		/* COPY, FILL: offset into VRAM */
	__u64 src;		/* COPY: offset into VRAM */
	__u64 size;		/* COPY, FILL: bytes */
	union {
		struct duet_compute_cmd compute;	/* VADD, SAXPY, GEMM */
		struct duet_gfx_cmd gfx;		/* FILL_RECT, BLIT */
	};
};

/*
 * Check a command header given @avail bytes between the command and TAIL,
 * for an engine of DUET_ENGINE_KIND_* @kind. Returns DUET_ERR_BAD_OPCODE
 * for an unknown opcode, DUET_ERR_BAD_LENGTH if the length is 0, above
 * DUET_CMD_MAX_LENGTH, wrong for the opcode or extends past TAIL,
 * DUET_ERR_BAD_ENGINE if @kind does not accept the opcode, DUET_ERR_NONE
 * otherwise.
 */
int duet_cmd_check_header(__u32 header, __u32 avail, __u32 kind);

/*
 * Decode the operands of a command whose header passed
 * duet_cmd_check_header(); @dw holds all of its dwords. Device addresses are
 * translated to VRAM offsets. Returns DUET_ERR_BAD_FORMAT,
 * DUET_ERR_BAD_STRIDE, DUET_ERR_BAD_ADDRESS or DUET_ERR_BAD_ALIGNMENT (in
 * this order of checks) or DUET_ERR_NONE.
 */
int duet_cmd_decode(const __u32 *dw, const struct duet_vram *vram,
		    struct duet_cmd *cmd);

/*
 * Execute a decoded command that acts on VRAM. NOP, FENCE and SPIN have no
 * effect on VRAM and are ignored: the engine implements them.
 */
void duet_cmd_execute(const struct duet_cmd *cmd, const struct duet_exec *ex);

/* Whether @opcode addresses no memory (NOP, FENCE, SPIN). */
static inline bool duet_cmd_no_memory(__u32 opcode)
{
	return opcode == DUET_CMD_NOP || opcode == DUET_CMD_FENCE ||
	       opcode == DUET_CMD_SPIN;
}

#endif /* __DUET_SIM_COMMANDS_H__ */
