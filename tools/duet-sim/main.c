// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * duet-sim: host-side device model of the Duet virtual GPU.
 *
 * Acts as the ivshmem server for QEMU's ivshmem-doorbell device and, as
 * ivshmem peer 0, executes the command rings in the shared memory. The
 * main thread runs one epoll loop: listening socket, client socket, one
 * doorbell eventfd per vector, the heartbeat timerfd, a signalfd and, with
 * --control, the control socket of the test interface (control.c,
 * faults.c); it hands doorbells to the engine threads (engine.c), which
 * execute the rings and raise the interrupts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "cli.h"
#include "control.h"
#include "device.h"
#include "ivshmem_server.h"
#include "log.h"

#define HEARTBEAT_PERIOD_NS	100000000L

/* epoll tags; doorbell vector v uses TAG_DOORBELL + v. */
enum {
	TAG_LISTEN,
	TAG_CLIENT,
	TAG_TIMER,
	TAG_SIGNAL,
	TAG_CTL_LISTEN,
	TAG_CTL_CLIENT,
	TAG_DOORBELL,
};

struct duet_sim {
	struct duet_sim_config cfg;
	struct duet_device dev;
	struct ivshmem_server srv;
	struct duet_control ctl;
	int epoll_fd;
	int timer_fd;
	int signal_fd;
	bool had_client;
	bool done;
};

static void sim_raise_irq(void *ctx, unsigned int vector)
{
	struct duet_sim *sim = ctx;

	ivshmem_server_raise(&sim->srv, vector);
}

static int sim_quiesce_irqs(void *ctx, unsigned int timeout_ms)
{
	struct duet_sim *sim = ctx;

	return ivshmem_server_quiesce(&sim->srv, timeout_ms);
}

static const struct duet_irq_ops sim_irq_ops = {
	.raise = sim_raise_irq,
	.quiesce = sim_quiesce_irqs,
};

static int epoll_add(struct duet_sim *sim, int fd, uint64_t tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = tag };

	return epoll_ctl(sim->epoll_fd, EPOLL_CTL_ADD, fd, &ev);
}

static int setup_timer(struct duet_sim *sim)
{
	struct itimerspec its = {
		.it_interval = { .tv_nsec = HEARTBEAT_PERIOD_NS },
		.it_value = { .tv_nsec = HEARTBEAT_PERIOD_NS },
	};

	sim->timer_fd = timerfd_create(CLOCK_MONOTONIC,
				       TFD_NONBLOCK | TFD_CLOEXEC);
	if (sim->timer_fd < 0)
		return -1;
	return timerfd_settime(sim->timer_fd, 0, &its, NULL);
}

static int setup_signals(struct duet_sim *sim)
{
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		return -1;
	sim->signal_fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	return sim->signal_fd < 0 ? -1 : 0;
}

static int setup_loop(struct duet_sim *sim)
{
	unsigned int v;

	sim->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (sim->epoll_fd < 0 || setup_timer(sim) || setup_signals(sim))
		return -1;
	if (epoll_add(sim, sim->srv.listen_fd, TAG_LISTEN) ||
	    epoll_add(sim, sim->timer_fd, TAG_TIMER) ||
	    epoll_add(sim, sim->signal_fd, TAG_SIGNAL))
		return -1;
	for (v = 0; v < sim->srv.num_vectors; v++)
		if (epoll_add(sim, sim->srv.doorbell_fds[v], TAG_DOORBELL + v))
			return -1;
	if (sim->ctl.listen_fd >= 0 &&
	    epoll_add(sim, sim->ctl.listen_fd, TAG_CTL_LISTEN))
		return -1;
	return 0;
}

/* A control connection replaces the previous one (closing it unwatches it). */
static void handle_ctl_listen(struct duet_sim *sim)
{
	int fd = duet_control_accept(&sim->ctl);

	if (fd >= 0 && epoll_add(sim, fd, TAG_CTL_CLIENT)) {
		duet_err("epoll: %s", strerror(errno));
		close(fd);
		sim->ctl.client_fd = -1;
	}
}

static int write_pidfile(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fprintf(f, "%d\n", (int)getpid());
	return fclose(f);
}

static void handle_listen(struct duet_sim *sim)
{
	if (!ivshmem_server_accept(&sim->srv))
		return;
	if (epoll_add(sim, sim->srv.client_fd, TAG_CLIENT)) {
		duet_err("epoll: %s", strerror(errno));
		ivshmem_server_drop_client(&sim->srv);
		return;
	}
	sim->had_client = true;
}

/* The protocol is one-way: any readable event is data to drop or EOF. */
static void handle_client(struct duet_sim *sim)
{
	char buf[256];
	ssize_t ret;

	ret = read(sim->srv.client_fd, buf, sizeof(buf));
	if (ret > 0 || (ret < 0 && (errno == EINTR || errno == EAGAIN)))
		return;
	duet_info("client %u disconnected", sim->srv.client_id);
	ivshmem_server_drop_client(&sim->srv);
	sim->done = true;
}

static void handle_timer(struct duet_sim *sim)
{
	uint64_t ticks;

	if (read(sim->timer_fd, &ticks, sizeof(ticks)) == sizeof(ticks))
		duet_device_heartbeat(&sim->dev, ticks);
}

static void handle_signal(struct duet_sim *sim)
{
	struct signalfd_siginfo si;

	if (read(sim->signal_fd, &si, sizeof(si)) == sizeof(si)) {
		duet_info("signal %u, shutting down", si.ssi_signo);
		sim->done = true;
	}
}

static void handle_doorbell(struct duet_sim *sim, unsigned int vector)
{
	uint64_t count;

	/* Consume the doorbell before looking at TAIL, so none is lost. */
	if (read(sim->srv.doorbell_fds[vector], &count, sizeof(count)) < 0)
		return;
	duet_device_doorbell(&sim->dev, vector);
}

static int run_loop(struct duet_sim *sim)
{
	struct epoll_event evs[16];
	int i, n;

	while (!sim->done) {
		n = epoll_wait(sim->epoll_fd, evs, 16, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			duet_err("epoll_wait: %s", strerror(errno));
			return -1;
		}
		for (i = 0; i < n && !sim->done; i++) {
			uint64_t tag = evs[i].data.u64;

			switch (tag) {
			case TAG_LISTEN:
				handle_listen(sim);
				break;
			case TAG_CLIENT:
				handle_client(sim);
				break;
			case TAG_TIMER:
				handle_timer(sim);
				break;
			case TAG_SIGNAL:
				handle_signal(sim);
				break;
			case TAG_CTL_LISTEN:
				handle_ctl_listen(sim);
				break;
			case TAG_CTL_CLIENT:
				if (sim->ctl.client_fd >= 0)
					duet_control_serve(&sim->ctl, &sim->dev);
				break;
			default:
				handle_doorbell(sim, tag - TAG_DOORBELL);
				break;
			}
		}
	}
	return 0;
}

static void close_if_open(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* --guest-ram: the file QEMU backs the guest's RAM with. */
static int open_guest_ram(const struct duet_sim_config *cfg,
			  struct duet_guest_ram *ram)
{
	struct stat st;

	if (!cfg->guest_ram)
		return 0;
	ram->fd = open(cfg->guest_ram, O_RDWR | O_CLOEXEC);
	if (ram->fd < 0 || fstat(ram->fd, &st)) {
		duet_err("%s: %s", cfg->guest_ram, strerror(errno));
		return -1;
	}
	ram->size = st.st_size;
	ram->gart_pages = cfg->gart_size / DUET_GART_PAGE_SIZE;
	return 0;
}

int main(int argc, char **argv)
{
	struct duet_sim sim = {
		.ctl = { .listen_fd = -1, .client_fd = -1 },
		.epoll_fd = -1,
		.timer_fd = -1,
		.signal_fd = -1,
	};
	struct duet_guest_ram ram = { .fd = -1 };
	int ret = EXIT_FAILURE;
	int err;

	err = duet_parse_args(argc, argv, &sim.cfg);
	if (err)
		return err > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	duet_log_set_quiet(sim.cfg.quiet);

	if (open_guest_ram(&sim.cfg, &ram))
		return EXIT_FAILURE;
	err = duet_device_init(&sim.dev, sim.cfg.shm_size, sim.cfg.num_engines,
			       sim.cfg.ring_size, &ram, &sim_irq_ops, &sim);
	if (err) {
		duet_err("shared memory: %s", strerror(-err));
		return EXIT_FAILURE;
	}
	err = ivshmem_server_init(&sim.srv, sim.cfg.socket_path,
				  sim.dev.shm_fd, sim.dev.num_vectors);
	if (err) {
		duet_err("%s: %s", sim.cfg.socket_path, strerror(-err));
		goto out_dev;
	}
	if (sim.cfg.control_path) {
		err = duet_control_init(&sim.ctl, sim.cfg.control_path);
		if (err) {
			duet_err("%s: %s", sim.cfg.control_path, strerror(-err));
			goto out_loop;
		}
	}
	if (setup_loop(&sim)) {
		duet_err("event loop setup: %s", strerror(errno));
		goto out_loop;
	}
	if (sim.cfg.pidfile && write_pidfile(sim.cfg.pidfile)) {
		duet_err("%s: %s", sim.cfg.pidfile, strerror(errno));
		goto out_loop;
	}
	/* After setup_loop(): the engine threads inherit the blocked signals. */
	err = duet_device_start(&sim.dev);
	if (err) {
		duet_err("engine threads: %s", strerror(-err));
		goto out_pidfile;
	}

	printf("duet-sim: listening on %s (vram=%lluM, engines=%u, vectors=%u, gart=%lluM)\n",
	       sim.cfg.socket_path, (unsigned long long)sim.cfg.shm_size >> 20,
	       sim.dev.num_engines, sim.dev.num_vectors,
	       (unsigned long long)sim.dev.gart.pages * DUET_GART_PAGE_SIZE >> 20);
	fflush(stdout);

	if (!run_loop(&sim))
		ret = EXIT_SUCCESS;
	duet_device_stop(&sim.dev);

out_pidfile:
	if (sim.cfg.pidfile)
		unlink(sim.cfg.pidfile);
out_loop:
	duet_control_fini(&sim.ctl);
	close_if_open(sim.signal_fd);
	close_if_open(sim.timer_fd);
	close_if_open(sim.epoll_fd);
	ivshmem_server_fini(&sim.srv);
out_dev:
	duet_device_fini(&sim.dev);
	if (ram.fd >= 0)
		close(ram.fd);
	return ret;
}
