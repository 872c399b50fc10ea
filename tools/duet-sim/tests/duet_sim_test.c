// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * duet-sim test program: duet-sim-test PATH-TO-DUET-SIM
 *
 * Set DUET_SIM_WRAPPER (e.g. "valgrind --error-exitcode=99") to run the
 * device model under a wrapper.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim_client.h"
#include "tap.h"
#include "tests.h"

/* Every sim removes its socket and pidfile, so the temp dir ends empty. */
static void test_no_files_left(void *ctx)
{
	const char *dir = ctx;
	struct dirent *de;
	DIR *d;

	d = opendir(dir);
	if (!expect(d, "opendir %s", dir))
		return;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		expect(false, "left behind: %s", de->d_name);
		unlinkat(dirfd(d), de->d_name, 0);
	}
	closedir(d);
	expect(!rmdir(dir), "rmdir %s: %s", dir, strerror(errno));
}

int main(int argc, char **argv)
{
	char tmpdir[] = "/tmp/duet-sim-test.XXXXXX";

	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH-TO-DUET-SIM\n", argv[0]);
		return 2;
	}
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	sim_set_binary(argv[1], tmpdir);

	run_unit_tests();
	run_sim_tests();
	tap_run("no files left in the temp dir", test_no_files_left, tmpdir);
	return tap_finish();
}
