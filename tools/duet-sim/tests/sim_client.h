/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Test harness: runs the duet-sim binary and plays QEMU's part of the
 * ivshmem protocol and the driver's part of the Duet interface.
 */
#ifndef __DUET_SIM_TEST_SIM_CLIENT_H__
#define __DUET_SIM_TEST_SIM_CLIENT_H__

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

#include "duet_hw.h"

#define SIM_MAX_VECTORS		(DUET_MAX_ENGINES + 1)
#define SIM_PATH_MAX		108

struct sim_proc {
	pid_t pid;
	int stdout_fd;
	int stderr_fd;
	char socket_path[SIM_PATH_MAX];
	char pidfile[SIM_PATH_MAX];
};

struct sim_client {
	int sock;
	__s64 id;
	int shm_fd;
	__u8 *shm;
	size_t shm_size;
	unsigned int num_vectors;
	int doorbell_fds[SIM_MAX_VECTORS];	/* peer 0's eventfds */
	int irq_fds[SIM_MAX_VECTORS];		/* our own eventfds */
};

/* Path of the duet-sim binary and the directory for sockets and pidfiles. */
void sim_set_binary(const char *binary, const char *tmpdir);

/* Socket path sim_start() uses for instance @name (static buffer). */
const char *sim_socket_path(const char *name);

/*
 * Start duet-sim with --socket/--pidfile in the temp dir plus the NULL
 * terminated @args; waits for the listening line. Returns 0 or -1.
 */
int sim_start(struct sim_proc *sim, const char *name, const char *const *args);

/* Wait up to @timeout_ms for exit; returns the wait status or -1. */
int sim_wait(struct sim_proc *sim, int timeout_ms);

/* Kill (if still running) and reap. */
void sim_kill(struct sim_proc *sim);

/*
 * Run duet-sim with @args and no --socket handling; returns its wait
 * status and copies up to @len bytes of its stderr into @err.
 */
int sim_run_args(const char *const *args, char *err, size_t len);

/*
 * Connect, receive and check the whole setup sequence for @num_vectors
 * vectors (failed checks are reported through tap_expect()), map the
 * shared memory. Returns 0 or -1.
 */
int client_connect(struct sim_client *c, const char *path,
		   unsigned int num_vectors);
void client_close(struct sim_client *c);

/* Connect and expect the server to close without sending anything. */
bool sim_connection_rejected(const char *path);

__u32 hdr_read(struct sim_client *c, __u32 off);
__u32 eng_read(struct sim_client *c, unsigned int e, __u32 off);
void eng_write(struct sim_client *c, unsigned int e, __u32 off, __u32 val);
__u8 *vram(struct sim_client *c);

/* Write @n dwords at TAIL, advance TAIL, ring the doorbell. */
void ring_submit(struct sim_client *c, unsigned int e, const __u32 *dw,
		 unsigned int n);
/* Same without ringing the doorbell. */
void ring_write(struct sim_client *c, unsigned int e, const __u32 *dw,
		unsigned int n);
void ring_doorbell(struct sim_client *c, unsigned int vector);

/* Wait up to @timeout_ms for MSI-X @vector; consumes it. */
bool wait_irq(struct sim_client *c, unsigned int vector, int timeout_ms);
void drain_irqs(struct sim_client *c);

#endif /* __DUET_SIM_TEST_SIM_CLIENT_H__ */
