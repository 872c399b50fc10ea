/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_HW_H__
#define __DUET_HW_H__

/**
 * DOC: Duet hardware interface
 *
 * This header is the register and memory map of the Duet virtual device.
 * It is shared, unchanged, by the kernel driver (duet_core) and by the
 * device model (tools/duet-sim), so it only uses the fixed-width types of
 * <linux/types.h>. Documentation/gpu/duet-hw.rst is the prose version.
 *
 * The device is QEMU's ivshmem-doorbell PCI function (1af4:1110):
 *
 * - BAR0: the four ivshmem registers (interrupt mask/status, IVPosition,
 *   Doorbell). Writing ``DUET_DOORBELL(peer, vector)`` to the Doorbell
 *   register signals eventfd ``vector`` of ivshmem peer ``peer``.
 * - BAR1: the MSI-X table.
 * - BAR2: the shared memory. It starts with the Duet header page, followed
 *   by one command ring per engine, followed by VRAM at ``DUET_HDR_VRAM_OFFSET``.
 *
 * All multi-byte fields are little-endian. 64-bit fields are split in a
 * low and a high 32-bit register so that every access is a single aligned
 * 32-bit load or store.
 *
 * Doorbells (driver -> device): the device model is ivshmem peer
 * ``DUET_HDR_DEVICE_PEER``. Ringing its vector ``e`` (e < engine count)
 * tells engine ``e`` that its ring tail moved or its control register
 * changed.
 *
 * Interrupts (device -> driver): MSI-X vector ``DUET_IRQ_VECTOR_ERROR`` (0)
 * reports an engine fault or a completed reset; vector
 * ``DUET_IRQ_VECTOR_ENGINE(e)`` reports that engine ``e`` executed a FENCE.
 */

#include <linux/const.h>
#include <linux/types.h>

/* PCI identity of the QEMU ivshmem device that carries Duet. */
#define DUET_PCI_VENDOR_ID		0x1af4
#define DUET_PCI_DEVICE_ID		0x1110
#define DUET_BAR_REGS			0
#define DUET_BAR_MSIX			1
#define DUET_BAR_MEM			2

/* BAR0: ivshmem registers. */
#define DUET_REG_INTR_MASK		0x00
#define DUET_REG_INTR_STATUS		0x04
#define DUET_REG_IV_POSITION		0x08
#define DUET_REG_DOORBELL		0x0c
#define DUET_DOORBELL(peer, vector)	((((__u32)(peer)) << 16) | ((vector) & 0xffff))

/* BAR2 layout. */
#define DUET_MAGIC			0x54455544	/* "DUET" in memory order */
#define DUET_HW_VERSION_MAJOR		1
#define DUET_HW_VERSION_MINOR		0
#define DUET_HW_VERSION(major, minor)	((((__u32)(major)) << 16) | (minor))
#define DUET_HW_VERSION_GET_MAJOR(v)	((v) >> 16)

#define DUET_HEADER_SIZE		0x1000
#define DUET_MAX_ENGINES		8
#define DUET_RING_SIZE_DEFAULT		0x10000
/* Header + rings live below this offset; VRAM starts at or above it. */
#define DUET_RESERVED_SIZE		0x100000
/* Device address of the first VRAM byte; command operands use these. */
#define DUET_VRAM_DEVICE_BASE		0x100000000ULL

/* Header registers (offsets in BAR2). RO = written by the device only. */
#define DUET_HDR_MAGIC			0x000	/* RO: DUET_MAGIC */
#define DUET_HDR_VERSION		0x004	/* RO: DUET_HW_VERSION() */
#define DUET_HDR_CAPS			0x008	/* RO: DUET_CAP_* */
#define DUET_HDR_NUM_ENGINES		0x00c	/* RO: 1..DUET_MAX_ENGINES */
#define DUET_HDR_VRAM_OFFSET_LO		0x010	/* RO: VRAM offset in BAR2 */
#define DUET_HDR_VRAM_OFFSET_HI		0x014
#define DUET_HDR_VRAM_SIZE_LO		0x018	/* RO: VRAM size in bytes */
#define DUET_HDR_VRAM_SIZE_HI		0x01c
#define DUET_HDR_VRAM_BASE_LO		0x020	/* RO: device address of VRAM */
#define DUET_HDR_VRAM_BASE_HI		0x024
#define DUET_HDR_DEVICE_PEER		0x028	/* RO: ivshmem peer id to ring */
#define DUET_HDR_NUM_VECTORS		0x02c	/* RO: doorbell/MSI-X vectors */
#define DUET_HDR_STATUS			0x030	/* RO: DUET_STATUS_* */
#define DUET_HDR_HEARTBEAT		0x034	/* RO: +1 every 100 ms while alive */

#define DUET_CAP_HEARTBEAT		_BITUL(0)

#define DUET_STATUS_READY		_BITUL(0)

/* Per-engine register block: DUET_HDR_ENGINE(e) + DUET_ENG_*. */
#define DUET_HDR_ENGINE_BASE		0x100
#define DUET_HDR_ENGINE_STRIDE		0x40
#define DUET_HDR_ENGINE(e)		(DUET_HDR_ENGINE_BASE + (e) * DUET_HDR_ENGINE_STRIDE)

#define DUET_ENG_KIND			0x00	/* RO: DUET_ENGINE_KIND_* */
#define DUET_ENG_RING_SIZE		0x04	/* RO: bytes, power of two */
#define DUET_ENG_RING_OFFSET_LO		0x08	/* RO: ring offset in BAR2 */
#define DUET_ENG_RING_OFFSET_HI		0x0c
#define DUET_ENG_RING_HEAD		0x10	/* RO: bytes consumed (free-running) */
#define DUET_ENG_RING_TAIL		0x14	/* driver: bytes written (free-running) */
#define DUET_ENG_SEQNO			0x18	/* RO: seqno of the last FENCE */
#define DUET_ENG_STATUS			0x1c	/* RO: DUET_ENGINE_STATUS_* */
#define DUET_ENG_ERROR			0x20	/* RO: DUET_ERR_* of the fault */
#define DUET_ENG_ERROR_HEAD		0x24	/* RO: ring offset of the fault */
#define DUET_ENG_IRQ_VECTOR		0x28	/* RO: MSI-X vector for FENCE */
#define DUET_ENG_DOORBELL_VECTOR	0x2c	/* RO: device vector to ring */
#define DUET_ENG_CONTROL		0x30	/* driver: DUET_ENG_CONTROL_* */
#define DUET_ENG_RESET_COUNT		0x34	/* RO: +1 per completed reset */

#define DUET_ENGINE_KIND_GRAPHICS	1
#define DUET_ENGINE_KIND_COMPUTE	2

#define DUET_ENGINE_STATUS_IDLE		0
#define DUET_ENGINE_STATUS_BUSY		1
#define DUET_ENGINE_STATUS_ERROR	2

/*
 * Engine reset: the driver sets DUET_ENG_CONTROL_RESET and rings the
 * engine's doorbell. The device drops every pending command (HEAD := TAIL),
 * clears STATUS/ERROR, clears CONTROL, increments RESET_COUNT and raises
 * DUET_IRQ_VECTOR_ERROR.
 */
#define DUET_ENG_CONTROL_RESET		_BITUL(0)

#define DUET_ERR_NONE			0
#define DUET_ERR_BAD_OPCODE		1	/* unknown opcode */
#define DUET_ERR_BAD_LENGTH		2	/* length wrong for the opcode */
#define DUET_ERR_BAD_ADDRESS		3	/* operand outside VRAM */
#define DUET_ERR_BAD_ALIGNMENT		4	/* operand not aligned */
#define DUET_ERR_BAD_RING		5	/* TAIL - HEAD exceeds ring size */

/* MSI-X vectors raised by the device. */
#define DUET_IRQ_VECTOR_ERROR		0
#define DUET_IRQ_VECTOR_ENGINE(e)	(1 + (e))

/*
 * Commands. A command is a sequence of 32-bit dwords in the ring; the first
 * dword is the header: opcode in bits 7:0, total length in dwords (header
 * included) in bits 31:16. Rings wrap: dword i of a command at ring offset
 * o is at ((o + 4 * i) & (ring_size - 1)). 64-bit operands are (low, high).
 */
#define DUET_CMD_HEADER(op, len)	(((__u32)(len) << 16) | ((op) & 0xff))
#define DUET_CMD_OPCODE(hdr)		((hdr) & 0xff)
#define DUET_CMD_LENGTH(hdr)		((hdr) >> 16)
#define DUET_CMD_MAX_LENGTH		64

/* NOP: any length >= 1, payload ignored. Used as padding. */
#define DUET_CMD_NOP			0x00
/* FENCE: [1] seqno. Writes SEQNO, then raises the engine's IRQ vector. */
#define DUET_CMD_FENCE			0x01
#define DUET_CMD_FENCE_LEN		2
/* COPY: [1,2] dst, [3,4] src, [5,6] size. memmove semantics. */
#define DUET_CMD_COPY			0x02
#define DUET_CMD_COPY_LEN		7
/* FILL: [1,2] dst, [3,4] size, [5] value. dst and size 4-byte aligned. */
#define DUET_CMD_FILL			0x03
#define DUET_CMD_FILL_LEN		6

#endif /* __DUET_HW_H__ */
