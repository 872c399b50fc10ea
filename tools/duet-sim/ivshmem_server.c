// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ivshmem server side of the ivshmem client-server protocol.
 *
 * Every message is one little-endian int64, optionally with one file
 * descriptor attached via SCM_RIGHTS. On connect the client receives:
 * the protocol version, its own id, -1 with the shared memory fd, the
 * eventfds of peer 0 (this server, one message per vector) and finally
 * its own id once per vector with the eventfds it is interrupted through.
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ivshmem_server.h"
#include "log.h"

static void close_fds(int *fds, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		fds[i] = -1;
	}
}

static int create_eventfds(int *fds, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		fds[i] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (fds[i] < 0) {
			int err = -errno;

			close_fds(fds, i);
			return err;
		}
	}
	return 0;
}

int ivshmem_server_init(struct ivshmem_server *srv, const char *path,
			int shm_fd, unsigned int num_vectors)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int err;

	*srv = (struct ivshmem_server) {
		.path = path,
		.listen_fd = -1,
		.shm_fd = shm_fd,
		.num_vectors = num_vectors,
		.irq_lock = PTHREAD_MUTEX_INITIALIZER,
		.client_fd = -1,
		.next_id = 1,
	};
	memset(srv->doorbell_fds, -1, sizeof(srv->doorbell_fds));
	memset(srv->client_irq_fds, -1, sizeof(srv->client_irq_fds));

	if (strlen(path) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	memcpy(addr.sun_path, path, strlen(path) + 1);

	err = create_eventfds(srv->doorbell_fds, num_vectors);
	if (err)
		return err;

	srv->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (srv->listen_fd < 0)
		goto err;
	if (unlink(path) < 0 && errno != ENOENT)
		goto err;
	if (bind(srv->listen_fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		goto err;
	if (listen(srv->listen_fd, 4) < 0) {
		err = -errno;
		unlink(path);
		goto err_close;
	}
	return 0;

err:
	err = -errno;
err_close:
	if (srv->listen_fd >= 0)
		close(srv->listen_fd);
	srv->listen_fd = -1;
	close_fds(srv->doorbell_fds, num_vectors);
	return err;
}

void ivshmem_server_fini(struct ivshmem_server *srv)
{
	ivshmem_server_drop_client(srv);
	close(srv->listen_fd);
	unlink(srv->path);
	close_fds(srv->doorbell_fds, srv->num_vectors);
	pthread_mutex_destroy(&srv->irq_lock);
}

static int send_msg(int sock, int64_t value, int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	int64_t le = htole64(value);
	struct iovec iov = { .iov_base = &le, .iov_len = sizeof(le) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cmsg;
	ssize_t ret;

	if (fd >= 0) {
		memset(&control, 0, sizeof(control));
		msg.msg_control = control.buf;
		msg.msg_controllen = sizeof(control.buf);
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	}

	do {
		ret = sendmsg(sock, &msg, MSG_NOSIGNAL);
	} while (ret < 0 && errno == EINTR);
	if (ret != sizeof(le))
		return ret < 0 ? -errno : -EIO;
	return 0;
}

static int send_setup(struct ivshmem_server *srv)
{
	unsigned int v;
	int err;

	err = send_msg(srv->client_fd, IVSHMEM_PROTOCOL_VERSION, -1);
	if (!err)
		err = send_msg(srv->client_fd, srv->client_id, -1);
	if (!err)
		err = send_msg(srv->client_fd, -1, srv->shm_fd);
	for (v = 0; !err && v < srv->num_vectors; v++)
		err = send_msg(srv->client_fd, IVSHMEM_SERVER_PEER_ID,
			       srv->doorbell_fds[v]);
	for (v = 0; !err && v < srv->num_vectors; v++)
		err = send_msg(srv->client_fd, srv->client_id,
			       srv->client_irq_fds[v]);
	return err;
}

int ivshmem_server_accept(struct ivshmem_server *srv)
{
	int fd, err;

	fd = accept4(srv->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0) {
		duet_err("accept: %s", strerror(errno));
		return 0;
	}
	if (srv->client_fd >= 0) {
		duet_info("rejecting a second client");
		close(fd);
		return 0;
	}

	pthread_mutex_lock(&srv->irq_lock);
	srv->client_fd = fd;
	srv->client_id = srv->next_id++;
	err = create_eventfds(srv->client_irq_fds, srv->num_vectors);
	if (!err)
		err = send_setup(srv);
	pthread_mutex_unlock(&srv->irq_lock);
	if (err) {
		duet_err("client %u setup failed: %s", srv->client_id,
			 strerror(-err));
		ivshmem_server_drop_client(srv);
		return 0;
	}
	duet_info("client %u connected", srv->client_id);
	return 1;
}

void ivshmem_server_drop_client(struct ivshmem_server *srv)
{
	if (srv->client_fd < 0)
		return;
	pthread_mutex_lock(&srv->irq_lock);
	close(srv->client_fd);
	srv->client_fd = -1;
	close_fds(srv->client_irq_fds, srv->num_vectors);
	pthread_mutex_unlock(&srv->irq_lock);
}

void ivshmem_server_raise(struct ivshmem_server *srv, unsigned int vector)
{
	uint64_t one = 1;

	if (vector >= srv->num_vectors)
		return;
	pthread_mutex_lock(&srv->irq_lock);
	if (srv->client_fd >= 0 && !srv->quiesced &&
	    write(srv->client_irq_fds[vector], &one, sizeof(one)) < 0 &&
	    errno != EAGAIN)
		duet_err("raising vector %u: %s", vector, strerror(errno));
	pthread_mutex_unlock(&srv->irq_lock);
}

/*
 * The client takes an interrupt by reading its eventfd: one that is still
 * readable holds an interrupt it has not taken yet.
 */
static bool client_irq_pending(struct ivshmem_server *srv)
{
	struct pollfd pfd[IVSHMEM_MAX_VECTORS];
	unsigned int v;

	for (v = 0; v < srv->num_vectors; v++)
		pfd[v] = (struct pollfd){ .fd = srv->client_irq_fds[v],
					  .events = POLLIN };
	return poll(pfd, srv->num_vectors, 0) != 0;
}

int ivshmem_server_quiesce(struct ivshmem_server *srv, unsigned int timeout_ms)
{
	unsigned int waited;

	if (srv->client_fd < 0)
		return -ENOTCONN;
	pthread_mutex_lock(&srv->irq_lock);
	srv->quiesced = true;
	pthread_mutex_unlock(&srv->irq_lock);
	for (waited = 0; client_irq_pending(srv); waited++) {
		if (waited >= timeout_ms)
			return -ETIMEDOUT;
		usleep(1000);
	}
	duet_info("interrupts quiesced: none raised any more, the client took the last after %u ms",
		  waited);
	return 0;
}
