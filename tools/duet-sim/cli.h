/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * duet-sim command line parsing.
 */
#ifndef __DUET_SIM_CLI_H__
#define __DUET_SIM_CLI_H__

#include <stdbool.h>
#include <linux/types.h>

#define DUET_SIM_VRAM_MIN		(4ULL << 20)
#define DUET_SIM_VRAM_DEFAULT		(256ULL << 20)
/* A ring must hold at least one command of maximum length. */
#define DUET_SIM_RING_SIZE_MIN		0x100
#define DUET_SIM_COMPUTE_DEFAULT	2
/* GART aperture: one mapping per page must stay below vm.max_map_count. */
#define DUET_SIM_GART_DEFAULT		(64ULL << 20)
#define DUET_SIM_GART_MAX		(128ULL << 20)

struct duet_sim_config {
	const char *socket_path;
	const char *pidfile;
	const char *control_path;	/* test interface socket, or NULL */
	const char *guest_ram;		/* the guest's RAM file, or NULL */
	__u64 gart_size;		/* GART aperture bytes (with guest_ram) */
	__u64 shm_size;			/* whole BAR2, power of two */
	unsigned int num_engines;	/* graphics + compute engines */
	__u32 ring_size;
	bool quiet;
};

/*
 * Parse a size: decimal or 0x-prefixed number with an optional K, M or G
 * suffix (binary units). Returns 0 on success, -1 on malformed input or
 * overflow.
 */
int duet_parse_size(const char *str, __u64 *size);

/*
 * Fill @cfg from the command line. Returns 0 on success, 1 if usage was
 * requested with --help, -1 on invalid arguments (after printing a message
 * to stderr).
 */
int duet_parse_args(int argc, char **argv, struct duet_sim_config *cfg);

#endif /* __DUET_SIM_CLI_H__ */
