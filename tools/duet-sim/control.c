// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The control socket (see control.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "control.h"
#include "faults.h"
#include "log.h"

int duet_control_init(struct duet_control *ctl, const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };

	*ctl = (struct duet_control) {
		.path = path,
		.listen_fd = -1,
		.client_fd = -1,
	};
	if (strlen(path) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	strcpy(addr.sun_path, path);

	ctl->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (ctl->listen_fd < 0)
		return -errno;
	unlink(path);
	if (bind(ctl->listen_fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    listen(ctl->listen_fd, 4)) {
		int err = -errno;

		close(ctl->listen_fd);
		ctl->listen_fd = -1;
		return err;
	}
	return 0;
}

static void drop_client(struct duet_control *ctl)
{
	if (ctl->client_fd >= 0)
		close(ctl->client_fd);
	ctl->client_fd = -1;
	ctl->len = 0;
}

void duet_control_fini(struct duet_control *ctl)
{
	drop_client(ctl);
	if (ctl->listen_fd >= 0) {
		close(ctl->listen_fd);
		unlink(ctl->path);
	}
	ctl->listen_fd = -1;
}

int duet_control_accept(struct duet_control *ctl)
{
	int fd = accept4(ctl->listen_fd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return -1;
	drop_client(ctl);
	ctl->client_fd = fd;
	return fd;
}

/* Write all of @s; a client that does not read is dropped. */
static int send_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t ret = send(fd, s, n, MSG_NOSIGNAL);

		if (ret < 0 && errno == EINTR)
			continue;
		if (ret <= 0)
			return -1;
		s += ret;
		n -= ret;
	}
	return 0;
}

int duet_control_serve(struct duet_control *ctl, struct duet_device *dev)
{
	char reply[1024];
	char *nl;
	ssize_t ret;

	ret = read(ctl->client_fd, ctl->buf + ctl->len,
		   sizeof(ctl->buf) - 1 - ctl->len);
	if (ret < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (ret <= 0) {
		drop_client(ctl);
		return -1;
	}
	ctl->len += ret;
	ctl->buf[ctl->len] = '\0';

	while ((nl = strchr(ctl->buf, '\n'))) {
		size_t used = nl - ctl->buf + 1;

		*nl = '\0';
		duet_info("control: %s", ctl->buf);
		duet_faults_command(dev, ctl->buf, reply, sizeof(reply) - 1);
		strcat(reply, "\n");
		if (send_all(ctl->client_fd, reply, strlen(reply))) {
			drop_client(ctl);
			return -1;
		}
		memmove(ctl->buf, ctl->buf + used, ctl->len - used);
		ctl->len -= used;
		ctl->buf[ctl->len] = '\0';
	}
	if (ctl->len == sizeof(ctl->buf) - 1) {
		send_all(ctl->client_fd, "error: line too long\n", 21);
		drop_client(ctl);
		return -1;
	}
	return 0;
}
