// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * Takes the address of every symbol igt_subset.h declares, so the link
 * fails if libigt.so.0 lacks one. Running it prints the addresses.
 */
#include <stdio.h>

#include "igt_subset.h"

#define SYM(s) { #s, (const void *)&(s) }

static const struct {
	const char *name;
	const void *addr;
} syms[] = {
	SYM(igt_subtest_jmpbuf), SYM(igt_dynamic_jmpbuf),
	SYM(igt_subtest_init_parse_opts), SYM(__igt_run_subtest),
	SYM(__igt_enter_dynamic_container), SYM(__igt_run_dynamic_subtest),
	SYM(__igt_fixture), SYM(__igt_fixture_complete),
	SYM(igt_only_list_subtests), SYM(igt_subtest_name),
	SYM(igt_test_name), SYM(igt_describe_f), SYM(igt_success),
	SYM(igt_exit), SYM(igt_fail), SYM(igt_skip), SYM(__igt_skip_check),
	SYM(__igt_fail_assert), SYM(igt_log), SYM(__igt_fork),
	SYM(igt_waitchildren), SYM(igt_kmsg),
};

int main(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++)
		printf("%-32s %p\n", syms[i].name, syms[i].addr);
	/* Thread-local in IGT >= 1.28: no constant address. */
	printf("%-32s %p\n", "igt_ioctl", (const void *)&igt_ioctl);
	return 0;
}
