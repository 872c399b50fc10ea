// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * duet-sim command line parsing.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "duet_hw.h"

static bool is_power_of_2(__u64 n)
{
	return n && !(n & (n - 1));
}

int duet_parse_size(const char *str, __u64 *size)
{
	unsigned long long val;
	unsigned int shift = 0;
	char *end;

	if (*str < '0' || *str > '9')
		return -1;
	errno = 0;
	val = strtoull(str, &end, 0);
	if (errno || end == str)
		return -1;
	switch (*end) {
	case 'G': case 'g':
		shift += 10;
		/* fall through */
	case 'M': case 'm':
		shift += 10;
		/* fall through */
	case 'K': case 'k':
		shift += 10;
		end++;
		break;
	}
	if (*end)
		return -1;
	if (shift && val > (~0ULL >> shift))
		return -1;
	*size = (__u64)val << shift;
	return 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: duet-sim --socket PATH [--vram SIZE] [--compute-engines N]\n"
		"                [--ring-size BYTES] [--pidfile FILE] [--control PATH]\n"
		"                [--guest-ram FILE [--gart-size SIZE]] [--quiet]\n"
		"\n"
		"  --socket PATH          ivshmem server socket (QEMU chardev path)\n"
		"  --vram SIZE            shared memory (BAR2) size, power of two >= 4M\n"
		"                         (default 256M; VRAM is all but the first 1M)\n"
		"  --compute-engines N    compute engines, 1..%d (default %d)\n"
		"  --ring-size BYTES      ring size per engine, power of two (default %d)\n"
		"  --pidfile FILE         write the process id to FILE\n"
		"  --control PATH         test interface: fault commands on this Unix\n"
		"                         socket (Documentation/gpu/duet/duet-hw.rst)\n"
		"  --guest-ram FILE       the guest's RAM (QEMU memory-backend-file,\n"
		"                         share=on): guest physical address A is file\n"
		"                         offset A; gives the device its GART\n"
		"  --gart-size SIZE       GART aperture, 4K multiple up to 128M\n"
		"                         (default 64M)\n"
		"  --quiet                only print the listening line and errors\n",
		DUET_MAX_ENGINES - 1, DUET_SIM_COMPUTE_DEFAULT,
		DUET_RING_SIZE_DEFAULT);
}

static int arg_error(const char *msg, const char *arg)
{
	fprintf(stderr, "duet-sim: %s: %s\n", msg, arg);
	return -1;
}

static int check_config(const struct duet_sim_config *cfg)
{
	__u64 rings_end;

	if (!cfg->socket_path) {
		fprintf(stderr, "duet-sim: --socket is required\n");
		return -1;
	}
	rings_end = DUET_HEADER_SIZE + (__u64)cfg->num_engines * cfg->ring_size;
	if (rings_end > DUET_RESERVED_SIZE) {
		fprintf(stderr,
			"duet-sim: %u rings of %u bytes do not fit below 0x%x\n",
			cfg->num_engines, cfg->ring_size, DUET_RESERVED_SIZE);
		return -1;
	}
	return 0;
}

int duet_parse_args(int argc, char **argv, struct duet_sim_config *cfg)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "vram", required_argument, NULL, 'v' },
		{ "compute-engines", required_argument, NULL, 'c' },
		{ "ring-size", required_argument, NULL, 'r' },
		{ "pidfile", required_argument, NULL, 'p' },
		{ "control", required_argument, NULL, 'C' },
		{ "guest-ram", required_argument, NULL, 'g' },
		{ "gart-size", required_argument, NULL, 'G' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	__u64 val;
	int opt;

	*cfg = (struct duet_sim_config) {
		.shm_size = DUET_SIM_VRAM_DEFAULT,
		.num_engines = 1 + DUET_SIM_COMPUTE_DEFAULT,
		.ring_size = DUET_RING_SIZE_DEFAULT,
		.gart_size = DUET_SIM_GART_DEFAULT,
	};

	optind = 0;	/* full getopt reinitialisation (glibc) */
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			cfg->socket_path = optarg;
			break;
		case 'v':
			if (duet_parse_size(optarg, &val) ||
			    !is_power_of_2(val) || val < DUET_SIM_VRAM_MIN)
				return arg_error("--vram must be a power of two >= 4M",
						 optarg);
			cfg->shm_size = val;
			break;
		case 'c':
			if (duet_parse_size(optarg, &val) ||
			    val < 1 || val > DUET_MAX_ENGINES - 1) {
				fprintf(stderr,
					"duet-sim: --compute-engines must be 1..%d: %s\n",
					DUET_MAX_ENGINES - 1, optarg);
				return -1;
			}
			cfg->num_engines = 1 + val;
			break;
		case 'r':
			if (duet_parse_size(optarg, &val) || !is_power_of_2(val) ||
			    val < DUET_SIM_RING_SIZE_MIN || val > DUET_RESERVED_SIZE)
				return arg_error("--ring-size must be a power of two >= 256",
						 optarg);
			cfg->ring_size = val;
			break;
		case 'p':
			cfg->pidfile = optarg;
			break;
		case 'C':
			cfg->control_path = optarg;
			break;
		case 'g':
			cfg->guest_ram = optarg;
			break;
		case 'G':
			if (duet_parse_size(optarg, &val) || !val ||
			    val % DUET_GART_PAGE_SIZE || val > DUET_SIM_GART_MAX)
				return arg_error("--gart-size must be a multiple of 4K up to 128M",
						 optarg);
			cfg->gart_size = val;
			break;
		case 'q':
			cfg->quiet = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc)
		return arg_error("unexpected argument", argv[optind]);
	return check_config(cfg);
}
