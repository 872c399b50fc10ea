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
 * <linux/types.h>. Documentation/gpu/duet/duet-hw.rst is the prose version.
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
#ifndef __KERNEL__
#include <stdbool.h>
#endif

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

/*
 * Command set 2. Everything below was appended after version 1.0; a device
 * that implements it sets DUET_CAP_CMD_SET_2 in DUET_HDR_CAPS. It adds SPIN
 * (any engine), the compute commands (compute engines only) and the 2D
 * commands (the graphics engine only), and lets a reset abort the command
 * an engine is executing.
 */
#define DUET_CAP_CMD_SET_2		_BITUL(1)

#define DUET_ERR_BAD_ENGINE		6	/* opcode not valid on this engine kind */
#define DUET_ERR_BAD_FORMAT		7	/* unknown DUET_FORMAT_* */
#define DUET_ERR_BAD_STRIDE		8	/* row stride below the row size */

/* SPIN: [1] microseconds. Keeps the engine busy; a reset aborts it. */
#define DUET_CMD_SPIN			0x04
#define DUET_CMD_SPIN_LEN		2

/*
 * Compute commands. Operands are arrays of little-endian IEEE-754 binary32
 * ("f32") in VRAM; every address and row stride must be a multiple of 4.
 */
/* VADD: [1,2] dst, [3,4] a, [5,6] b, [7] count. dst[i] = a[i] + b[i]. */
#define DUET_CMD_VADD			0x10
#define DUET_CMD_VADD_LEN		8
/* SAXPY: [1,2] y, [3,4] x, [5] count, [6] alpha (f32 bits). y = alpha * x + y. */
#define DUET_CMD_SAXPY			0x11
#define DUET_CMD_SAXPY_LEN		7
/*
 * GEMM: [1,2] C, [3,4] A, [5,6] B, [7] M, [8] N, [9] K, [10] lda, [11] ldb,
 * [12] ldc. C (M x N) = A (M x K) * B (K x N), row-major, row strides in
 * bytes.
 */
#define DUET_CMD_GEMM			0x12
#define DUET_CMD_GEMM_LEN		13

/* 2D pixel formats, little-endian pixels. */
#define DUET_FORMAT_R8			1	/* 8-bit luminance */
#define DUET_FORMAT_RGB565		2	/* r 15:11, g 10:5, b 4:0 */
#define DUET_FORMAT_XRGB8888		3	/* x 31:24, r 23:16, g 15:8, b 7:0 */
#define DUET_FORMAT_ARGB8888		4	/* a 31:24, r 23:16, g 15:8, b 7:0 */

/*
 * FILL_RECT: [1,2] dst, [3] stride, [4] format, [5] x, [6] y, [7] width,
 * [8] height, [9] color (ARGB8888, converted to the format).
 */
#define DUET_CMD_FILL_RECT		0x20
#define DUET_CMD_FILL_RECT_LEN		10
/*
 * BLIT: [1,2] src, [3] src_stride, [4] src_format, [5] src_x, [6] src_y,
 * [7,8] dst, [9] dst_stride, [10] dst_format, [11] dst_x, [12] dst_y,
 * [13] width, [14] height. Copies a rectangle, converting the format.
 */
#define DUET_CMD_BLIT			0x21
#define DUET_CMD_BLIT_LEN		15

/*
 * Operand extents. An operand is a base address (a command dword pair) and
 * the geometry around it. The helpers below give its extent (offset, size):
 * the device reads or writes only bytes in [base + offset, base + offset +
 * size), and it faults DUET_ERR_BAD_ADDRESS unless base lies inside VRAM
 * (even when size is 0) and base + offset + size does not exceed the end of
 * VRAM. A driver that checks [base + offset, base + offset + size) and base
 * itself against a buffer object keeps the device inside that object.
 */

/**
 * duet_hw_cmd_allowed() - Whether an engine kind accepts an opcode.
 * @opcode: DUET_CMD_* opcode.
 * @kind: DUET_ENGINE_KIND_* of the engine.
 *
 * Return: true for NOP, FENCE, COPY, FILL and SPIN on every engine, for
 * compute commands on compute engines and for 2D commands on the graphics
 * engine; false otherwise, including for unknown opcodes.
 */
static inline bool duet_hw_cmd_allowed(__u32 opcode, __u32 kind)
{
	switch (opcode) {
	case DUET_CMD_NOP:
	case DUET_CMD_FENCE:
	case DUET_CMD_COPY:
	case DUET_CMD_FILL:
	case DUET_CMD_SPIN:
		return true;
	case DUET_CMD_VADD:
	case DUET_CMD_SAXPY:
	case DUET_CMD_GEMM:
		return kind == DUET_ENGINE_KIND_COMPUTE;
	case DUET_CMD_FILL_RECT:
	case DUET_CMD_BLIT:
		return kind == DUET_ENGINE_KIND_GRAPHICS;
	default:
		return false;
	}
}

/**
 * duet_hw_format_bpp() - Bytes per pixel of a 2D format.
 * @format: DUET_FORMAT_* value.
 *
 * Return: 1, 2 or 4; 0 for an unknown format.
 */
static inline __u32 duet_hw_format_bpp(__u32 format)
{
	switch (format) {
	case DUET_FORMAT_R8:
		return 1;
	case DUET_FORMAT_RGB565:
		return 2;
	case DUET_FORMAT_XRGB8888:
	case DUET_FORMAT_ARGB8888:
		return 4;
	default:
		return 0;
	}
}

/**
 * duet_hw_f32_array_size() - Extent size of a VADD or SAXPY operand.
 * @count: number of f32 elements.
 *
 * The extent offset is 0.
 *
 * Return: 4 * @count bytes (cannot overflow).
 */
static inline __u64 duet_hw_f32_array_size(__u32 count)
{
	return (__u64)count * 4;
}

/**
 * duet_hw_rect_stride_valid() - Check the stride rule of a 2D operand.
 * @stride: row stride in bytes.
 * @bpp: bytes per pixel, from duet_hw_format_bpp().
 * @x: left column of the rectangle, in pixels.
 * @width: width in pixels.
 * @height: height in rows.
 *
 * The device faults DUET_ERR_BAD_STRIDE unless this holds.
 *
 * Return: true if the rectangle is empty (@width or @height is 0) or its
 * rows end within the stride: (@x + @width) * @bpp <= @stride.
 */
static inline bool duet_hw_rect_stride_valid(__u32 stride, __u32 bpp, __u32 x,
					     __u32 width, __u32 height)
{
	__u64 row_end;

	if (!width || !height)
		return true;
	return !__builtin_mul_overflow((__u64)x + width, (__u64)bpp, &row_end) &&
	       row_end <= stride;
}

/**
 * duet_hw_rect_extent() - Extent of a 2D operand.
 * @stride: row stride in bytes.
 * @bpp: bytes per pixel, from duet_hw_format_bpp().
 * @x: left column of the rectangle, in pixels.
 * @y: top row of the rectangle.
 * @width: width in pixels.
 * @height: height in rows.
 * @offset: returns the offset of the first byte touched, from the base.
 * @size: returns the number of bytes from the first to the last byte
 *	touched.
 *
 * Pixel (@x + i, @y + j) is at base + (@y + j) * @stride + (@x + i) * @bpp.
 * An empty rectangle (@width or @height 0) has offset 0 and size 0.
 * Otherwise offset = @y * @stride + @x * @bpp and size = (@height - 1) *
 * @stride + @width * @bpp.
 *
 * Return: false if offset + size does not fit in 64 bits (the device then
 * faults DUET_ERR_BAD_ADDRESS), true otherwise.
 */
static inline bool duet_hw_rect_extent(__u32 stride, __u32 bpp, __u32 x,
				       __u32 y, __u32 width, __u32 height,
				       __u64 *offset, __u64 *size)
{
	__u64 end, row_end;

	*offset = 0;
	*size = 0;
	if (!width || !height)
		return true;
	/* end = (y + height - 1) * stride + (x + width) * bpp */
	if (__builtin_mul_overflow((__u64)y + height - 1, (__u64)stride, &end) ||
	    __builtin_mul_overflow((__u64)x + width, (__u64)bpp, &row_end) ||
	    __builtin_add_overflow(end, row_end, &end))
		return false;
	*offset = (__u64)y * stride + (__u64)x * bpp;
	*size = end - *offset;
	return true;
}

/**
 * duet_hw_matrix_stride_valid() - Check the stride rule of a GEMM operand.
 * @rows: number of rows.
 * @cols: number of f32 columns.
 * @ld: row stride in bytes.
 *
 * The device faults DUET_ERR_BAD_STRIDE unless this holds, and
 * DUET_ERR_BAD_ALIGNMENT if @ld is not a multiple of 4.
 *
 * Return: true if the matrix is empty (@rows or @cols 0) or
 * 4 * @cols <= @ld.
 */
static inline bool duet_hw_matrix_stride_valid(__u32 rows, __u32 cols,
					       __u32 ld)
{
	return !rows || !cols || (__u64)cols * 4 <= ld;
}

/**
 * duet_hw_matrix_extent() - Extent of a row-major f32 GEMM operand.
 * @rows: number of rows.
 * @cols: number of f32 columns.
 * @ld: row stride in bytes.
 * @size: returns the number of bytes touched from the base.
 *
 * Element (i, j) is at base + i * @ld + 4 * j. The extent offset is 0;
 * size is 0 for an empty matrix (@rows or @cols 0), else (@rows - 1) * @ld
 * + 4 * @cols. For GEMM, A is M x K (lda), B is K x N (ldb), C is M x N
 * (ldc).
 *
 * Return: false if the size does not fit in 64 bits, true otherwise.
 */
static inline bool duet_hw_matrix_extent(__u32 rows, __u32 cols, __u32 ld,
					 __u64 *size)
{
	*size = 0;
	if (!rows || !cols)
		return true;
	return !__builtin_mul_overflow((__u64)rows - 1, (__u64)ld, size) &&
	       !__builtin_add_overflow(*size, (__u64)cols * 4, size);
}

/*
 * Bus master and GART. A device that can reach system memory sets
 * DUET_CAP_GART. Device addresses in the GART aperture, [GART_BASE,
 * GART_BASE + GART_PAGES * DUET_GART_PAGE_SIZE), are translated page by
 * page through a table of GART_PAGES little-endian 64-bit entries that the
 * driver keeps in VRAM at VRAM offset GART_TABLE: an entry is the bus
 * address of a system page with DUET_GART_ENTRY_VALID set, or 0. An
 * operand in the aperture lies wholly inside it (it never spans VRAM and
 * the aperture); one that touches an invalid entry faults the engine with
 * DUET_ERR_GART_FAULT and nothing of the command is executed.
 *
 * The device may keep translations: after changing entries the driver
 * writes a new sequence number to GART_INVALIDATE and rings device vector
 * GART_DOORBELL_VECTOR; once no command uses an older translation any
 * more (commands executing finish first) the device writes that number to
 * GART_INVALIDATE_ACK. Only then may the driver reuse the pages an entry
 * pointed to. Writing GART_CONTROL_ENABLE with the table's offset set
 * enables the aperture (and invalidates everything); without it every
 * aperture access faults.
 */
#define DUET_CAP_GART			_BITUL(2)

#define DUET_GART_PAGE_SIZE		0x1000
#define DUET_GART_DEVICE_BASE		0x1000000000ULL	/* 64 GiB */
#define DUET_GART_ENTRY_VALID		_BITULL(0)
#define DUET_GART_ENTRY_ADDR_MASK	(~(__u64)(DUET_GART_PAGE_SIZE - 1))

#define DUET_HDR_GART_BASE_LO		0x040	/* RO: device address of the aperture */
#define DUET_HDR_GART_BASE_HI		0x044
#define DUET_HDR_GART_PAGES		0x048	/* RO: pages in the aperture */
#define DUET_HDR_GART_DOORBELL_VECTOR	0x04c	/* RO: device vector of GART_INVALIDATE */
#define DUET_HDR_GART_TABLE_LO		0x050	/* driver: VRAM offset of the table */
#define DUET_HDR_GART_TABLE_HI		0x054
#define DUET_HDR_GART_CONTROL		0x058	/* driver: DUET_GART_CONTROL_* */
#define DUET_HDR_GART_INVALIDATE	0x05c	/* driver: invalidation sequence number */
#define DUET_HDR_GART_INVALIDATE_ACK	0x060	/* RO: last invalidation done */

#define DUET_GART_CONTROL_ENABLE	_BITUL(0)

#define DUET_ERR_GART_FAULT		9	/* aperture page not mapped */

#endif /* __DUET_HW_H__ */
