// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * A small compute client that opens the first card's accel node on
 * purpose: the positive control of both accel auditors of the mesa suite
 * (accel-guard and strace). It says which process must be seen doing
 * what with lines
 *   # expect pid=P role=R ok=N fail=M by=LIB
 * (process P must have at least N successful and M failed accel opens in
 * both auditors' records, and accel-guard must name a caller matching LIB
 * for it), and, for what accel-guard cannot see by design,
 *   # blind pid=P role=R
 * (strace must see P's accel open, accel-guard must not).
 *
 *   accel-client                 open with libduet, run a VADD
 *   accel-client --children [ALIAS]
 *                                the same, plus children that open the
 *                                node and then: _exit() after a VADD;
 *                                are killed with SIGKILL; open ALIAS (a
 *                                node of the accel major elsewhere) and a
 *                                missing /dev/accel entry, then abort();
 *                                are spawned (posix_spawn) as
 *                                "accel-client --open-exit"
 *   accel-client --blind         children accel-guard cannot see: an open
 *                                by raw syscall(2); a spawned child
 *                                without LD_PRELOAD
 *   accel-client --open-exit     open the node with libduet, _exit(0)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <duet.h>

#define COUNT 4096

extern char **environ;

static int vadd(struct duet_dev *dev)
{
	const size_t bytes = COUNT * sizeof(float);
	int engine, ret, i, bad = 0;
	uint32_t bo;
	uint64_t size;
	float *v;

	engine = duet_find_engine(dev, DUET_ENGINE_COMPUTE, 0);
	ret = engine < 0 ? engine : duet_bo_create(dev, 3 * bytes, &bo, NULL);
	if (!ret)
		ret = duet_bo_map(dev, bo, (void **)&v, &size);
	if (!ret) {
		struct drm_duet_cmd cmd;

		for (i = 0; i < COUNT; i++) {
			v[COUNT + i] = (float)i;		/* a */
			v[2 * COUNT + i] = 0.5f * (float)i;	/* b */
		}
		cmd = duet_cmd_vadd(duet_op(bo, 0, bytes),
				    duet_op(bo, bytes, bytes),
				    duet_op(bo, 2 * bytes, bytes), COUNT);
		ret = duet_run(dev, engine, &cmd, 1, 10000000000LL);
	}
	if (!ret) {
		for (i = 0; i < COUNT; i++)
			bad += v[i] != 1.5f * (float)i;
		duet_bo_unmap(v, size);
		duet_bo_close(dev, bo);
	}
	if (ret || bad) {
		printf("# vadd: %s, %d wrong\n", strerror(-ret), bad);
		return ret ? ret : -EIO;
	}
	return 0;
}

static void expect(pid_t pid, const char *role, int ok, int fail,
		   const char *by)
{
	printf("# expect pid=%d role=%s ok=%d fail=%d by=%s\n", (int)pid, role,
	       ok, fail, by);
}

/* "ok" if child @pid ended as @want_sig (0: exit status 0) says. */
static int reap(pid_t pid, const char *role, int want_sig)
{
	int st;

	if (waitpid(pid, &st, 0) != pid) {
		printf("# %s: waitpid: %s\n", role, strerror(errno));
		return 1;
	}
	if (want_sig ? WIFSIGNALED(st) && WTERMSIG(st) == want_sig :
		       WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	printf("# %s (pid %d): wait status 0x%x\n", role, (int)pid, st);
	return 1;
}

static pid_t spawn_self(const char *arg, char **envp)
{
	char *argv[] = { "accel-client", (char *)arg, NULL };
	pid_t pid;
	int ret;

	ret = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, argv, envp);
	if (ret) {
		printf("# posix_spawn: %s\n", strerror(ret));
		return -1;
	}
	return pid;
}

static int children(const char *alias)
{
	struct duet_dev *dev;
	int fds[2], bad = 0;
	pid_t pid;
	char c;

	fflush(stdout);
	/* _exit() after a VADD: no atexit handlers, no destructors. */
	pid = fork();
	if (pid == 0) {
		if (duet_dev_open(0, DUET_NODE_ACCEL, &dev))
			_exit(1);
		_exit(vadd(dev) ? 1 : 0);
	}
	expect(pid, "exit-child", 1, 0, "libduet.so");
	bad += reap(pid, "exit-child", 0);

	/* Killed with SIGKILL while it holds the node open. */
	if (pipe(fds))
		return 1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		if (duet_dev_open(0, DUET_NODE_ACCEL, &dev))
			_exit(1);
		if (write(fds[1], "o", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(fds[1]);
	if (read(fds[0], &c, 1) == 1)
		kill(pid, SIGKILL);
	close(fds[0]);
	expect(pid, "killed-child", 1, 0, "libduet.so");
	bad += reap(pid, "killed-child", SIGKILL);

	/* The accel major through another node, a failed attempt, abort(). */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };

		setrlimit(RLIMIT_CORE, &no_core);
		if (alias && open(alias, O_RDWR | O_CLOEXEC) < 0)
			_exit(1);
		if (open("/dev/accel/accel-none", O_RDWR | O_CLOEXEC) >= 0)
			_exit(1);
		abort();
	}
	expect(pid, "abort-child", alias ? 1 : 0, 1, "accel-client");
	bad += reap(pid, "abort-child", SIGABRT);

	/* vfork+exec (posix_spawn): the guard is loaded anew, no fork hook. */
	pid = spawn_self("--open-exit", environ);
	if (pid < 0)
		return 1;
	expect(pid, "exec-child", 1, 0, "libduet.so");
	bad += reap(pid, "exec-child", 0);
	return bad;
}

static int blind(void)
{
	char *env[256];
	int i, n = 0, bad = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(syscall(SYS_openat, AT_FDCWD, "/dev/accel",
			      O_RDONLY | O_DIRECTORY | O_CLOEXEC) < 0);
	printf("# blind pid=%d role=raw-syscall\n", (int)pid);
	bad += reap(pid, "raw-syscall", 0);

	for (i = 0; environ[i] && n < 255; i++)
		if (strncmp(environ[i], "LD_PRELOAD=", 11))
			env[n++] = environ[i];
	env[n] = NULL;
	pid = spawn_self("--open-exit", env);
	if (pid < 0)
		return 1;
	printf("# blind pid=%d role=no-preload\n", (int)pid);
	bad += reap(pid, "no-preload", 0);
	return bad;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	struct duet_dev *dev;
	int ret;

	if (!strcmp(mode, "--open-exit")) {
		fflush(stdout);
		_exit(duet_dev_open(0, DUET_NODE_ACCEL, &dev) ? 1 : 0);
	}
	if (!strcmp(mode, "--blind")) {
		ret = blind();
		printf("%s - mesa/accel-client-blind-children\n",
		       ret ? "not ok" : "ok");
		return ret ? 1 : 0;
	}

	ret = duet_dev_open(0, DUET_NODE_ACCEL, &dev);
	if (ret) {
		printf("not ok - mesa/accel-client-vadd\n# open: %s\n", strerror(-ret));
		return 1;
	}
	expect(getpid(), "main", 1, 0, "libduet.so");
	ret = vadd(dev);
	duet_dev_close(dev);
	printf("%s - mesa/accel-client-vadd\n", ret ? "not ok" : "ok");
	if (!strcmp(mode, "--children")) {
		int bad = children(argc > 2 ? argv[2] : NULL);

		printf("%s - mesa/accel-client-children\n",
		       bad ? "not ok" : "ok");
		ret = ret || bad;
	}
	return ret ? 1 : 0;
}
