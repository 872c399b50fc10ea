// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * duet_basic: every Duet card has both nodes and both answer GET_PARAM with
 * what the hardware has. Quick enough to check the cards after a module
 * reload (scripts/vm-tests/module-reload.sh).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "igt_subset.h"
#include "igt_duet.h"

#define MIB (1024ull * 1024ull)

/* The node's engines: @accel ? only compute : graphics, then compute. */
static void check_params(int card, bool accel)
{
	struct igt_duet_card c = igt_duet_get_card(card);
	uint64_t version, vram, engines, class;
	unsigned int e;
	int fd;

	fd = accel ? igt_duet_open_accel(card) : igt_duet_open_render(card);
#define Q(p, i) (accel ? igt_duet_accel_get_param(fd, p, i) : \
		 igt_duet_render_get_param(fd, p, i))
	version = Q(DRM_DUET_PARAM_HW_VERSION, 0);
	vram = Q(DRM_DUET_PARAM_VRAM_SIZE, 0);
	engines = Q(DRM_DUET_PARAM_NUM_ENGINES, 0);
	igt_info("card %d %s: hw %llu.%llu, vram %llu MiB, %llu engines\n",
		 card, accel ? "accel" : "render",
		 (unsigned long long)version >> 16,
		 (unsigned long long)version & 0xffff,
		 (unsigned long long)vram / MIB, (unsigned long long)engines);

	igt_assert_eq_u64(version, 0x10000);
	igt_assert_eq_u64(engines, accel ? 2 : 3);
	/* VRAM is the shared-memory BAR but its first MiB (duet-hw.rst). */
	igt_assert_f(c.bar_size > MIB, "card %d: BAR2 of %llu bytes\n", card,
		     (unsigned long long)c.bar_size);
	igt_assert_eq_u64(vram, c.bar_size - MIB);

	for (e = 0; e < engines; e++) {
		uint32_t want = accel || e > 0 ? DRM_DUET_ENGINE_CLASS_COMPUTE :
						 DRM_DUET_ENGINE_CLASS_GRAPHICS;

		class = Q(DRM_DUET_PARAM_ENGINE_CLASS, e);
		igt_assert_f(class == want, "card %d %s engine %u: class %llu, "
			     "expected %u\n", card, accel ? "accel" : "render",
			     e, (unsigned long long)class, want);
	}
#undef Q
	close(fd);
}

igt_main
{
	int cards = 0;

	igt_fixture {
		cards = igt_duet_require_cards();
	}

	igt_describe("Every Duet device on the PCI bus (a function with a "
		     "Duet header) is a card bound to duet_core, with both a "
		     "render node and an accel node.");
	igt_subtest("nodes-exist") {
		for (int i = 0; i < cards; i++) {
			struct igt_duet_card c = igt_duet_get_card(i);

			igt_assert_f(c.render.name[0], "card %s has no render "
				     "node\n", c.pci_path);
			igt_assert_f(c.accel.name[0], "card %s has no accel "
				     "node\n", c.pci_path);
			igt_info("card %d: %s, %s %s\n", i,
				 igt_duet_basename(c.pci_path), c.render.dev,
				 c.accel.dev);
		}
	}

	igt_describe("The render node reports the hardware version, the VRAM "
		     "size and its engines: the graphics engine then the "
		     "compute engines.");
	igt_subtest("render-get-param") {
		for (int i = 0; i < cards; i++)
			check_params(i, false);
	}

	igt_describe("The accel node reports the hardware version, the VRAM "
		     "size and only the compute engines.");
	igt_subtest("accel-get-param") {
		for (int i = 0; i < cards; i++)
			check_params(i, true);
	}
}
