// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Unit tests of the pure duet-sim functions.
 */
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "duet_hw.h"
#include "graphics.h"
#include "tap.h"
#include "tests.h"

static const struct duet_vram test_vram = {
	.base = DUET_VRAM_DEVICE_BASE,
	.size = 0x10000,
};

#define COMPUTE		DUET_ENGINE_KIND_COMPUTE
#define GRAPHICS	DUET_ENGINE_KIND_GRAPHICS
#define ADDR(off)	(DUET_VRAM_DEVICE_BASE + (off))
#define LO(x)		((__u32)(x))
#define HI(x)		((__u32)((__u64)(x) >> 32))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static void test_parse_size(void *ctx)
{
	static const struct {
		const char *str;
		int ret;
		__u64 val;
	} cases[] = {
		{ "4096", 0, 4096 }, { "0x1000", 0, 4096 }, { "4K", 0, 4096 },
		{ "4M", 0, 4 << 20 }, { "1G", 0, 1ULL << 30 },
		{ "2g", 0, 2ULL << 30 }, { "", -1, 0 }, { "M", -1, 0 },
		{ "-1", -1, 0 }, { "4X", -1, 0 }, { "4MB", -1, 0 },
		{ "99999999999G", -1, 0 }, { "99999999999999999999", -1, 0 },
	};
	unsigned int i;

	(void)ctx;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		__u64 val = 0;
		int ret = duet_parse_size(cases[i].str, &val);

		expect(ret == cases[i].ret, "\"%s\": ret %d", cases[i].str, ret);
		if (!ret)
			expect_eq(val, cases[i].val, cases[i].str);
	}
}

static int parse(struct duet_sim_config *cfg, const char *a1, const char *a2,
		 const char *a3, const char *a4)
{
	char *argv[] = { "duet-sim", "--socket", "/tmp/x", (char *)a1,
			 (char *)a2, (char *)a3, (char *)a4, NULL };
	int argc = 3;

	while (argv[argc])
		argc++;
	return duet_parse_args(argc, argv, cfg);
}

static void test_parse_args(void *ctx)
{
	struct duet_sim_config cfg;

	(void)ctx;
	expect(!parse(&cfg, NULL, NULL, NULL, NULL), "defaults rejected");
	expect_eq(cfg.shm_size, 256ULL << 20, "default vram");
	expect_eq(cfg.num_engines, 3, "default engines");
	expect_eq(cfg.ring_size, DUET_RING_SIZE_DEFAULT, "default ring size");
	expect(!cfg.quiet && !cfg.pidfile, "default quiet/pidfile");

	expect(!parse(&cfg, "--vram", "4M", "--compute-engines", "7"),
	       "4M, 7 compute engines rejected");
	expect_eq(cfg.shm_size, 4 << 20, "vram");
	expect_eq(cfg.num_engines, 8, "engines");
	expect(!parse(&cfg, "--ring-size", "256", "--quiet", NULL),
	       "ring size 256 rejected");
	expect(cfg.quiet && cfg.ring_size == 256, "quiet/ring size");

	expect(parse(&cfg, "--vram", "6M", NULL, NULL) < 0, "6M accepted");
	expect(parse(&cfg, "--vram", "2M", NULL, NULL) < 0, "2M accepted");
	expect(parse(&cfg, "--compute-engines", "0", NULL, NULL) < 0,
	       "0 compute engines accepted");
	expect(parse(&cfg, "--compute-engines", "8", NULL, NULL) < 0,
	       "8 compute engines accepted");
	expect(parse(&cfg, "--ring-size", "3000", NULL, NULL) < 0,
	       "ring size 3000 accepted");
	expect(parse(&cfg, "--ring-size", "128", NULL, NULL) < 0,
	       "ring size 128 accepted");
	expect(parse(&cfg, "--compute-engines", "7", "--ring-size", "256K") < 0,
	       "rings beyond 1M accepted");
	expect(parse(&cfg, "extra", NULL, NULL, NULL) < 0,
	       "extra argument accepted");
}

static void test_check_header(void *ctx)
{
	static const struct {
		const char *name;
		__u32 header, avail, kind;
		int err;
	} cases[] = {
#define HDR(op, len)	DUET_CMD_HEADER(DUET_CMD_##op, len)
		{ "NOP/1", HDR(NOP, 1), 4, COMPUTE, DUET_ERR_NONE },
		{ "NOP/64", HDR(NOP, 64), 256, GRAPHICS, DUET_ERR_NONE },
		{ "NOP/65", HDR(NOP, 65), 4096, COMPUTE, DUET_ERR_BAD_LENGTH },
		{ "NOP/0", HDR(NOP, 0), 4096, COMPUTE, DUET_ERR_BAD_LENGTH },
		{ "FENCE/2", HDR(FENCE, 2), 8, COMPUTE, DUET_ERR_NONE },
		{ "FENCE/3", HDR(FENCE, 3), 12, COMPUTE, DUET_ERR_BAD_LENGTH },
		{ "COPY/7", HDR(COPY, 7), 28, COMPUTE, DUET_ERR_NONE },
		{ "COPY/6", HDR(COPY, 6), 28, COMPUTE, DUET_ERR_BAD_LENGTH },
		{ "FILL/6", HDR(FILL, 6), 24, GRAPHICS, DUET_ERR_NONE },
		{ "FILL/6 past TAIL", HDR(FILL, 6), 20, COMPUTE,
		  DUET_ERR_BAD_LENGTH },
		{ "FILL/0xffff", HDR(FILL, 0xffff), 0xffffffff, COMPUTE,
		  DUET_ERR_BAD_LENGTH },
		{ "SPIN/2 compute", HDR(SPIN, 2), 8, COMPUTE, DUET_ERR_NONE },
		{ "SPIN/2 graphics", HDR(SPIN, 2), 8, GRAPHICS, DUET_ERR_NONE },
		{ "SPIN/3", HDR(SPIN, 3), 12, COMPUTE, DUET_ERR_BAD_LENGTH },
		{ "VADD/8", HDR(VADD, 8), 32, COMPUTE, DUET_ERR_NONE },
		{ "VADD/7", HDR(VADD, 7), 32, COMPUTE, DUET_ERR_BAD_LENGTH },
		{ "VADD on graphics", HDR(VADD, 8), 32, GRAPHICS,
		  DUET_ERR_BAD_ENGINE },
		{ "VADD/7 on graphics", HDR(VADD, 7), 32, GRAPHICS,
		  DUET_ERR_BAD_LENGTH },
		{ "SAXPY/7", HDR(SAXPY, 7), 28, COMPUTE, DUET_ERR_NONE },
		{ "SAXPY on graphics", HDR(SAXPY, 7), 28, GRAPHICS,
		  DUET_ERR_BAD_ENGINE },
		{ "GEMM/13", HDR(GEMM, 13), 52, COMPUTE, DUET_ERR_NONE },
		{ "GEMM/13 past TAIL", HDR(GEMM, 13), 48, COMPUTE,
		  DUET_ERR_BAD_LENGTH },
		{ "GEMM on graphics", HDR(GEMM, 13), 52, GRAPHICS,
		  DUET_ERR_BAD_ENGINE },
		{ "FILL_RECT/10", HDR(FILL_RECT, 10), 40, GRAPHICS,
		  DUET_ERR_NONE },
		{ "FILL_RECT on compute", HDR(FILL_RECT, 10), 40, COMPUTE,
		  DUET_ERR_BAD_ENGINE },
		{ "BLIT/15", HDR(BLIT, 15), 60, GRAPHICS, DUET_ERR_NONE },
		{ "BLIT/14", HDR(BLIT, 14), 60, GRAPHICS, DUET_ERR_BAD_LENGTH },
		{ "BLIT on compute", HDR(BLIT, 15), 60, COMPUTE,
		  DUET_ERR_BAD_ENGINE },
		{ "opcode 5", DUET_CMD_HEADER(0x05, 2), 8, COMPUTE,
		  DUET_ERR_BAD_OPCODE },
		{ "opcode 0x13", DUET_CMD_HEADER(0x13, 2), 8, COMPUTE,
		  DUET_ERR_BAD_OPCODE },
		{ "opcode 0xff", DUET_CMD_HEADER(0xff, 1), 8, COMPUTE,
		  DUET_ERR_BAD_OPCODE },
#undef HDR
	};
	unsigned int i;

	(void)ctx;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		expect_eq(duet_cmd_check_header(cases[i].header, cases[i].avail,
						cases[i].kind),
			  cases[i].err, cases[i].name);
}

static int decode_copy(__u64 dst, __u64 src, __u64 size, struct duet_cmd *cmd)
{
	__u32 dw[] = { DUET_CMD_HEADER(DUET_CMD_COPY, 7), LO(dst), HI(dst),
		       LO(src), HI(src), LO(size), HI(size) };

	return duet_cmd_decode(dw, &test_vram, cmd);
}

static int decode_fill(__u64 dst, __u64 size, __u32 value,
		       struct duet_cmd *cmd)
{
	__u32 dw[] = { DUET_CMD_HEADER(DUET_CMD_FILL, 6), LO(dst), HI(dst),
		       LO(size), HI(size), value };

	return duet_cmd_decode(dw, &test_vram, cmd);
}

static void test_decode_address(void *ctx)
{
	struct duet_cmd cmd;

	(void)ctx;
	expect_eq(decode_copy(ADDR(0x100), ADDR(0x200), 0x80, &cmd),
		  DUET_ERR_NONE, "copy inside");
	expect(cmd.dst == 0x100 && cmd.src == 0x200 && cmd.size == 0x80,
	       "copy operands not translated");
	expect_eq(decode_copy(ADDR(0), ADDR(0), 0x10000, &cmd), DUET_ERR_NONE,
		  "copy whole VRAM");
	expect_eq(decode_copy(ADDR(0xff00), ADDR(0), 0x100, &cmd),
		  DUET_ERR_NONE, "copy ending at VRAM end");
	expect_eq(decode_copy(ADDR(0xff00), ADDR(0), 0x101, &cmd),
		  DUET_ERR_BAD_ADDRESS, "dst crossing VRAM end");
	expect_eq(decode_copy(ADDR(0), ADDR(0xff01), 0x100, &cmd),
		  DUET_ERR_BAD_ADDRESS, "src crossing VRAM end");
	expect_eq(decode_copy(ADDR(0) - 4, ADDR(0), 4, &cmd),
		  DUET_ERR_BAD_ADDRESS, "dst below VRAM");
	expect_eq(decode_copy(ADDR(0), 0, 4, &cmd),
		  DUET_ERR_BAD_ADDRESS, "src 0");
	expect_eq(decode_copy(ADDR(0x10000), ADDR(0), 0, &cmd),
		  DUET_ERR_BAD_ADDRESS, "dst at VRAM end");
	expect_eq(decode_copy(ADDR(0x100), ADDR(0), ~0ULL, &cmd),
		  DUET_ERR_BAD_ADDRESS, "size overflow");
	expect_eq(decode_copy(~0ULL - 3, ADDR(0), 8, &cmd),
		  DUET_ERR_BAD_ADDRESS, "dst + size overflow");
	expect_eq(decode_fill(ADDR(0x10), 0x20, 0xabcd, &cmd), DUET_ERR_NONE,
		  "fill inside");
	expect(cmd.dst == 0x10 && cmd.size == 0x20 && cmd.value == 0xabcd,
	       "fill operands not decoded");
	expect_eq(decode_fill(ADDR(0xfffc), 8, 0, &cmd), DUET_ERR_BAD_ADDRESS,
		  "fill crossing VRAM end");
	expect_eq(decode_fill(ADDR(0) + (1ULL << 40), 4, 0, &cmd),
		  DUET_ERR_BAD_ADDRESS, "fill far above VRAM");
}

static void test_decode_alignment(void *ctx)
{
	struct duet_cmd cmd;

	(void)ctx;
	expect_eq(decode_fill(ADDR(2), 8, 0, &cmd), DUET_ERR_BAD_ALIGNMENT,
		  "fill dst +2");
	expect_eq(decode_fill(ADDR(4), 6, 0, &cmd), DUET_ERR_BAD_ALIGNMENT,
		  "fill size 6");
	expect_eq(decode_fill(ADDR(0xfffe), 4, 0, &cmd), DUET_ERR_BAD_ADDRESS,
		  "address checked before alignment");
	expect_eq(decode_copy(ADDR(1), ADDR(3), 5, &cmd), DUET_ERR_NONE,
		  "copy has no alignment rule");
}

static void test_execute(void *ctx)
{
	static const __u8 seq[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	__u8 mem[64];
	const struct duet_exec ex = { .mem = mem };
	struct duet_cmd cmd;
	__u32 word;

	(void)ctx;
	memset(mem, 0xee, sizeof(mem));
	memcpy(mem + 8, seq, 8);
	decode_copy(ADDR(10), ADDR(8), 8, &cmd);
	duet_cmd_execute(&cmd, &ex);
	expect(!memcmp(mem + 10, seq, 8) && mem[8] == 1 && mem[9] == 2,
	       "overlapping copy forward wrong");
	decode_copy(ADDR(9), ADDR(10), 8, &cmd);
	duet_cmd_execute(&cmd, &ex);
	expect(!memcmp(mem + 9, seq, 8) && mem[17] == 8,
	       "overlapping copy backward wrong");

	memset(mem, 0xee, sizeof(mem));
	decode_fill(ADDR(16), 12, 0x11223344, &cmd);
	duet_cmd_execute(&cmd, &ex);
	memcpy(&word, mem + 24, 4);
	expect_eq(word, 0x11223344, "fill word");
	expect(mem[15] == 0xee && mem[28] == 0xee, "fill out of bounds");

	decode_fill(ADDR(0), 0, 0x55, &cmd);
	duet_cmd_execute(&cmd, &ex);
	expect_eq(mem[0], 0xee, "empty fill wrote");
}

static void test_hw_extents(void *ctx)
{
	__u64 off, size;

	(void)ctx;
	expect(duet_hw_rect_extent(100, 4, 3, 2, 10, 5, &off, &size),
	       "rect rejected");
	expect(off == 2 * 100 + 3 * 4 && size == 4 * 100 + 10 * 4,
	       "rect extent (0x%llx, 0x%llx)", (unsigned long long)off,
	       (unsigned long long)size);
	expect(duet_hw_rect_extent(7, 4, 99, 99, 0, 5, &off, &size) &&
	       !off && !size, "empty rect extent not (0, 0)");
	expect(!duet_hw_rect_extent(0xffffffff, 4, 0, 0xffffffff, 1, 0xffffffff,
				    &off, &size), "rect overflow accepted");
	expect(duet_hw_rect_extent(0xffffffff, 4, 0, 0xffffffff, 1, 1, &off,
				   &size), "largest y rejected");
	expect(duet_hw_rect_stride_valid(40, 4, 2, 8, 1) &&
	       !duet_hw_rect_stride_valid(40, 4, 2, 9, 1) &&
	       duet_hw_rect_stride_valid(0, 4, 2, 9, 0), "rect stride rule");
	expect(duet_hw_matrix_extent(3, 5, 32, &size) && size == 2 * 32 + 20,
	       "matrix extent 0x%llx", (unsigned long long)size);
	expect(duet_hw_matrix_extent(0, 5, 32, &size) && !size,
	       "empty matrix extent");
	expect(duet_hw_matrix_stride_valid(3, 5, 20) &&
	       !duet_hw_matrix_stride_valid(3, 5, 16) &&
	       duet_hw_matrix_stride_valid(0, 5, 0), "matrix stride rule");
	expect_eq(duet_hw_f32_array_size(0xffffffff), 0x3fffffffcULL,
		  "f32 array size");
	expect(duet_hw_format_bpp(DUET_FORMAT_R8) == 1 &&
	       duet_hw_format_bpp(DUET_FORMAT_RGB565) == 2 &&
	       duet_hw_format_bpp(DUET_FORMAT_XRGB8888) == 4 &&
	       duet_hw_format_bpp(DUET_FORMAT_ARGB8888) == 4 &&
	       !duet_hw_format_bpp(0) && !duet_hw_format_bpp(5), "bpp");
}

static void test_pixels(void *ctx)
{
	(void)ctx;
	expect_eq(duet_pixel_to_argb(DUET_FORMAT_RGB565, 0xffff), 0xffffffff,
		  "RGB565 white");
	expect_eq(duet_pixel_to_argb(DUET_FORMAT_RGB565, 0x8410), 0xff848284,
		  "RGB565 mid grey");
	expect_eq(duet_pixel_to_argb(DUET_FORMAT_R8, 0x5a), 0xff5a5a5a, "R8");
	expect_eq(duet_pixel_to_argb(DUET_FORMAT_XRGB8888, 0x00123456),
		  0xff123456, "XRGB alpha");
	expect_eq(duet_pixel_from_argb(DUET_FORMAT_XRGB8888, 0x12345678),
		  0xff345678, "XRGB store");
	expect_eq(duet_pixel_from_argb(DUET_FORMAT_RGB565, 0xff8040c0),
		  0x8218, "RGB565 store");
	expect_eq(duet_pixel_from_argb(DUET_FORMAT_R8, 0x00ffffff), 0xff,
		  "R8 white");
	expect_eq(duet_pixel_from_argb(DUET_FORMAT_R8, 0xff00ff00), 0x95,
		  "R8 green");
	expect_eq(duet_pixel_from_argb(DUET_FORMAT_ARGB8888, 0x80c06040),
		  0x80c06040, "ARGB store");
}

void run_unit_tests(void)
{
	tap_run("unit: parse size", test_parse_size, NULL);
	tap_run("unit: parse args", test_parse_args, NULL);
	tap_run("unit: command header checks", test_check_header, NULL);
	tap_run("unit: operand address checks", test_decode_address, NULL);
	tap_run("unit: FILL alignment checks", test_decode_alignment, NULL);
	tap_run("unit: COPY/FILL execution", test_execute, NULL);
	tap_run("unit: duet_hw.h extent helpers", test_hw_extents, NULL);
	tap_run("unit: pixel conversions", test_pixels, NULL);
}
