// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Test harness: runs the duet-sim binary and plays QEMU's part of the
 * ivshmem protocol and the driver's part of the Duet interface.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim_client.h"
#include "tap.h"

#define MAX_ARGS		32
#define START_TIMEOUT_MS	15000
#define MSG_TIMEOUT_MS		5000
#define LISTEN_PREFIX		"duet-sim: listening on "

static const char *sim_binary;
static const char *sim_tmpdir;

void sim_set_binary(const char *binary, const char *tmpdir)
{
	sim_binary = binary;
	sim_tmpdir = tmpdir;
}

/* Wrapper words from $DUET_SIM_WRAPPER (e.g. valgrind), then the binary. */
static unsigned int build_argv(char **argv, char *wrapper,
			       const char *const *args)
{
	unsigned int n = 0;
	char *tok, *save;

	for (tok = strtok_r(wrapper, " ", &save); tok && n < MAX_ARGS / 2;
	     tok = strtok_r(NULL, " ", &save))
		argv[n++] = tok;
	argv[n++] = (char *)sim_binary;
	while (*args && n < MAX_ARGS - 1)
		argv[n++] = (char *)*args++;
	argv[n] = NULL;
	return n;
}

static pid_t spawn(const char *const *args, int out_fd, int err_fd)
{
	char *argv[MAX_ARGS];
	char *wrapper;
	pid_t pid;

	pid = fork();
	if (pid != 0)
		return pid;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (out_fd >= 0)
		dup2(out_fd, STDOUT_FILENO);
	if (err_fd >= 0)
		dup2(err_fd, STDERR_FILENO);
	wrapper = strdup(getenv("DUET_SIM_WRAPPER") ?: "");
	build_argv(argv, wrapper, args);
	execvp(argv[0], argv);
	perror("exec duet-sim");
	_exit(127);
}

/* Read one line from @fd within @timeout_ms. */
static int read_line(int fd, char *buf, size_t len, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	size_t n = 0;

	while (n < len - 1) {
		if (poll(&pfd, 1, timeout_ms) <= 0)
			return -1;
		if (read(fd, &buf[n], 1) != 1)
			return -1;
		if (buf[n++] == '\n')
			break;
	}
	buf[n] = '\0';
	return 0;
}

const char *sim_socket_path(const char *name)
{
	static char path[SIM_PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s.sock", sim_tmpdir, name);
	return path;
}

int sim_start(struct sim_proc *sim, const char *name, const char *const *args)
{
	const char *argv[MAX_ARGS] = { "--socket", sim->socket_path,
				       "--pidfile", sim->pidfile };
	unsigned int n = 4;
	char line[256];
	int out[2];

	snprintf(sim->socket_path, sizeof(sim->socket_path), "%s",
		 sim_socket_path(name));
	snprintf(sim->pidfile, sizeof(sim->pidfile), "%s/%s.pid",
		 sim_tmpdir, name);
	while (*args && n < MAX_ARGS - 1)
		argv[n++] = *args++;
	argv[n] = NULL;

	if (pipe2(out, O_CLOEXEC))
		return -1;
	sim->pid = spawn(argv, out[1], -1);
	close(out[1]);
	sim->stdout_fd = out[0];
	if (sim->pid < 0) {
		close(out[0]);
		return -1;
	}
	tap_watch_pid(sim->pid);

	if (read_line(sim->stdout_fd, line, sizeof(line), START_TIMEOUT_MS)) {
		expect(false, "no listening line from duet-sim");
		return -1;
	}
	if (!expect(!strncmp(line, LISTEN_PREFIX, strlen(LISTEN_PREFIX)),
		    "unexpected first line: %s", line))
		return -1;
	return 0;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int wait_pid(pid_t pid, int timeout_ms)
{
	int status, waited;

	for (waited = 0; waited <= timeout_ms; waited += 10) {
		pid_t ret = waitpid(pid, &status, WNOHANG);

		if (ret == pid)
			return status;
		if (ret < 0)
			return -1;
		sleep_ms(10);
	}
	return -1;
}

int sim_wait(struct sim_proc *sim, int timeout_ms)
{
	int status;

	if (sim->pid <= 0)
		return -1;
	status = wait_pid(sim->pid, timeout_ms);
	if (status != -1) {
		tap_unwatch_pid(sim->pid);
		sim->pid = 0;
		close(sim->stdout_fd);
	}
	return status;
}

void sim_kill(struct sim_proc *sim)
{
	if (sim->pid <= 0)
		return;
	kill(sim->pid, SIGKILL);
	sim_wait(sim, 5000);
}

int sim_run_args(const char *const *args, char *err, size_t len)
{
	int pipefd[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return -1;
	pid = spawn(args, -1, pipefd[1]);
	close(pipefd[1]);
	if (pid < 0) {
		close(pipefd[0]);
		return -1;
	}
	tap_watch_pid(pid);
	status = wait_pid(pid, START_TIMEOUT_MS);
	if (status == -1) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	tap_unwatch_pid(pid);
	n = read(pipefd[0], err, len - 1);
	err[n > 0 ? n : 0] = '\0';
	close(pipefd[0]);
	return status;
}

/* Receive one protocol message; *fd is -1 if none came with it. */
static int recv_msg(int sock, __s64 *value, int *fd, int timeout_ms)
{
	union {
		char buf[CMSG_SPACE(4 * sizeof(int))];
		struct cmsghdr align;
	} control;
	struct pollfd pfd = { .fd = sock, .events = POLLIN };
	struct iovec iov = { .iov_base = value, .iov_len = sizeof(*value) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control.buf,
		.msg_controllen = sizeof(control.buf),
	};
	struct cmsghdr *cmsg;
	ssize_t n;

	*fd = -1;
	if (poll(&pfd, 1, timeout_ms) <= 0)
		return -ETIMEDOUT;
	n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC | MSG_WAITALL);
	if (n == 0)
		return -EPIPE;
	if (n != sizeof(*value))
		return -EIO;
	*value = le64toh(*value);
	for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
		if (cmsg->cmsg_level != SOL_SOCKET ||
		    cmsg->cmsg_type != SCM_RIGHTS)
			continue;
		if (cmsg->cmsg_len != CMSG_LEN(sizeof(int)) || *fd >= 0) {
			expect(false, "message %lld carries more than one fd",
			       (long long)*value);
			return -EIO;
		}
		memcpy(fd, CMSG_DATA(cmsg), sizeof(int));
	}
	return 0;
}

static int expect_msg(struct sim_client *c, __s64 value, bool with_fd,
		      int *fd, const char *what)
{
	__s64 got;
	int err, got_fd;

	err = recv_msg(c->sock, &got, &got_fd, MSG_TIMEOUT_MS);
	if (!expect(!err, "%s: receive failed (%d)", what, err))
		return -1;
	if (fd)
		*fd = got_fd;
	else if (got_fd >= 0)
		close(got_fd);
	if (!expect(got == value, "%s: got %lld, expected %lld", what,
		    (long long)got, (long long)value) ||
	    !expect((got_fd >= 0) == with_fd, "%s: fd %s", what,
		    with_fd ? "missing" : "unexpected"))
		return -1;
	return 0;
}

static int connect_socket(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int sock;

	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return -1;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	if (connect(sock, (struct sockaddr *)&addr, sizeof(addr))) {
		close(sock);
		return -1;
	}
	return sock;
}

bool sim_connection_rejected(const char *path)
{
	__s64 value;
	int sock, fd, err;

	sock = connect_socket(path);
	if (!expect(sock >= 0, "connect %s: %s", path, strerror(errno)))
		return false;
	err = recv_msg(sock, &value, &fd, MSG_TIMEOUT_MS);
	if (fd >= 0)
		close(fd);
	close(sock);
	return expect(err == -EPIPE, "second connection: %s",
		      err == -ETIMEDOUT ? "still open" : "got a message");
}

int client_connect(struct sim_client *c, const char *path,
		   unsigned int num_vectors)
{
	struct stat st;
	unsigned int v;
	__s64 extra;
	int fd;

	memset(c, 0, sizeof(*c));
	c->shm_fd = -1;
	memset(c->doorbell_fds, -1, sizeof(c->doorbell_fds));
	memset(c->irq_fds, -1, sizeof(c->irq_fds));
	c->num_vectors = num_vectors;
	c->id = 1;

	c->sock = connect_socket(path);
	if (!expect(c->sock >= 0, "connect %s: %s", path, strerror(errno)))
		return -1;
	if (expect_msg(c, 0, false, NULL, "protocol version") ||
	    expect_msg(c, c->id, false, NULL, "client id") ||
	    expect_msg(c, -1, true, &c->shm_fd, "shared memory"))
		return -1;
	for (v = 0; v < num_vectors; v++)
		if (expect_msg(c, 0, true, &c->doorbell_fds[v], "peer 0 vector"))
			return -1;
	for (v = 0; v < num_vectors; v++)
		if (expect_msg(c, c->id, true, &c->irq_fds[v], "own vector"))
			return -1;
	if (!expect(recv_msg(c->sock, &extra, &fd, 200) == -ETIMEDOUT,
		    "unexpected message after setup"))
		return -1;

	if (!expect(!fstat(c->shm_fd, &st), "fstat shm"))
		return -1;
	c->shm_size = st.st_size;
	c->shm = mmap(NULL, c->shm_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      c->shm_fd, 0);
	if (!expect(c->shm != MAP_FAILED, "mmap shm: %s", strerror(errno))) {
		c->shm = NULL;
		return -1;
	}
	return 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void client_close(struct sim_client *c)
{
	unsigned int v;

	if (c->shm)
		munmap(c->shm, c->shm_size);
	c->shm = NULL;
	close_fd(&c->shm_fd);
	close_fd(&c->sock);
	for (v = 0; v < SIM_MAX_VECTORS; v++) {
		close_fd(&c->doorbell_fds[v]);
		close_fd(&c->irq_fds[v]);
	}
}

__u32 hdr_read(struct sim_client *c, __u32 off)
{
	return __atomic_load_n((__u32 *)(c->shm + off), __ATOMIC_ACQUIRE);
}

__u32 eng_read(struct sim_client *c, unsigned int e, __u32 off)
{
	return hdr_read(c, DUET_HDR_ENGINE(e) + off);
}

void eng_write(struct sim_client *c, unsigned int e, __u32 off, __u32 val)
{
	__atomic_store_n((__u32 *)(c->shm + DUET_HDR_ENGINE(e) + off), val,
			 __ATOMIC_RELEASE);
}

__u8 *vram(struct sim_client *c)
{
	return c->shm + hdr_read(c, DUET_HDR_VRAM_OFFSET_LO);
}

void ring_write(struct sim_client *c, unsigned int e, const __u32 *dw,
		unsigned int n)
{
	__u32 size = eng_read(c, e, DUET_ENG_RING_SIZE);
	__u8 *ring = c->shm + eng_read(c, e, DUET_ENG_RING_OFFSET_LO);
	__u32 tail = eng_read(c, e, DUET_ENG_RING_TAIL);
	unsigned int i;

	for (i = 0; i < n; i++)
		*(__u32 *)(ring + ((tail + 4 * i) & (size - 1))) = dw[i];
	eng_write(c, e, DUET_ENG_RING_TAIL, tail + 4 * n);
}

void ring_doorbell(struct sim_client *c, unsigned int vector)
{
	__u64 one = 1;

	if (write(c->doorbell_fds[vector], &one, sizeof(one)) != sizeof(one))
		expect(false, "doorbell %u: %s", vector, strerror(errno));
}

void ring_submit(struct sim_client *c, unsigned int e, const __u32 *dw,
		 unsigned int n)
{
	ring_write(c, e, dw, n);
	ring_doorbell(c, e);
}

bool wait_irq(struct sim_client *c, unsigned int vector, int timeout_ms)
{
	struct pollfd pfd = { .fd = c->irq_fds[vector], .events = POLLIN };
	__u64 count;

	if (poll(&pfd, 1, timeout_ms) <= 0)
		return false;
	return read(c->irq_fds[vector], &count, sizeof(count)) == sizeof(count);
}

void drain_irqs(struct sim_client *c)
{
	unsigned int v;

	for (v = 0; v < c->num_vectors; v++)
		while (wait_irq(c, v, 0))
			;
}
