/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ivshmem server: hands the shared memory and the interrupt eventfds to
 * QEMU's ivshmem-doorbell device (docs/specs/ivshmem-spec.txt in QEMU).
 *
 * The server is itself ivshmem peer 0. Its own eventfds receive the
 * guest's doorbells; the eventfds it creates for the client raise MSI-X
 * vectors in the guest.
 */
#ifndef __DUET_SIM_IVSHMEM_SERVER_H__
#define __DUET_SIM_IVSHMEM_SERVER_H__

#include <pthread.h>
#include <stdbool.h>

#include "duet_hw.h"

#define IVSHMEM_PROTOCOL_VERSION	0
#define IVSHMEM_SERVER_PEER_ID		0
#define IVSHMEM_MAX_VECTORS		(DUET_MAX_ENGINES + 1)

struct ivshmem_server {
	const char *path;
	int listen_fd;
	int shm_fd;
	unsigned int num_vectors;
	int doorbell_fds[IVSHMEM_MAX_VECTORS];	/* peer 0, read by us */
	/*
	 * irq_lock serializes ivshmem_server_raise(), called from any thread,
	 * with the event loop thread connecting and dropping the client.
	 */
	pthread_mutex_t irq_lock;
	int client_fd;				/* -1 when not connected */
	bool quiesced;				/* raise nothing any more */
	int client_irq_fds[IVSHMEM_MAX_VECTORS];
	unsigned int client_id;
	unsigned int next_id;
};

/*
 * Create the doorbell eventfds and listen on @path (a stale socket file is
 * removed first). Returns 0 or -errno.
 */
int ivshmem_server_init(struct ivshmem_server *srv, const char *path,
			int shm_fd, unsigned int num_vectors);

/* Close everything and remove the socket file. */
void ivshmem_server_fini(struct ivshmem_server *srv);

/*
 * Accept a pending connection. The first client is set up and gets the
 * protocol messages; a connection while a client is connected is closed
 * right away. Returns 1 if a client was set up, 0 if the connection was
 * rejected or failed.
 */
int ivshmem_server_accept(struct ivshmem_server *srv);

/* Forget the current client and close its descriptors. */
void ivshmem_server_drop_client(struct ivshmem_server *srv);

/* Raise MSI-X @vector in the client, if one is connected. Thread-safe. */
void ivshmem_server_raise(struct ivshmem_server *srv, unsigned int vector);

/*
 * Raise no interrupt in the client from now on, then wait up to
 * @timeout_ms until it has taken every interrupt raised before: none of
 * its interrupt eventfds is readable any more. For a VMM about to remove
 * the device (Documentation/gpu/duet/duet-hw.rst, "irq-quiesce"). Called from
 * the event loop thread. Returns 0, -ENOTCONN without a client or
 * -ETIMEDOUT.
 */
int ivshmem_server_quiesce(struct ivshmem_server *srv, unsigned int timeout_ms);

#endif /* __DUET_SIM_IVSHMEM_SERVER_H__ */
