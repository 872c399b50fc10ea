/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Injected faults: the device's test interface (Documentation/gpu/
 * duet-hw.rst, "Test interface"). Per-engine faults live in the engines
 * (engine.c); this file owns what is device-wide (delayed interrupts, the
 * heartbeat) and the command language of the control socket.
 */
#ifndef __DUET_SIM_FAULTS_H__
#define __DUET_SIM_FAULTS_H__

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct duet_device;

#define DUET_FAULTS_MAX_DELAYED	64

struct duet_delayed_irq {
	struct timespec when;
	unsigned int vector;
};

struct duet_faults {
	pthread_mutex_t lock;
	pthread_cond_t cond;		/* new delayed interrupt, storm or stop */
	pthread_t thread;		/* raises the delayed interrupts and the storm */
	bool running;
	bool stop;			/* under lock */
	unsigned int num_delayed;	/* under lock */
	struct duet_delayed_irq delayed[DUET_FAULTS_MAX_DELAYED];
	unsigned long storm_us;		/* under lock: 0, or the storm's period */
	unsigned int storm_vector;	/* under lock */
	struct timespec storm_next;	/* under lock */
	bool heartbeat_stopped;		/* under lock */
	bool heartbeat_timed;		/* under lock: resumes at ... */
	struct timespec heartbeat_resume;
};

/* CLOCK_MONOTONIC now + @us, for pthread_cond_timedwait(). */
struct timespec duet_deadline_us(unsigned long long us);

void duet_faults_init(struct duet_faults *f);
/* Start / stop the delayed-interrupt thread. Returns 0 or -errno. */
int duet_faults_start(struct duet_device *dev);
void duet_faults_stop(struct duet_device *dev);

/* Raise MSI-X @vector @ms milliseconds from now. */
void duet_device_raise_irq_later(struct duet_device *dev, unsigned int vector,
				 unsigned int ms);

/* Whether the heartbeat must stand still now. */
bool duet_faults_heartbeat_stopped(struct duet_device *dev);

/*
 * Execute one control command (a line without its newline) and write the
 * one-line answer, "ok ..." or "error: ...", into @reply. Returns 0 if
 * the command was carried out, -1 otherwise.
 */
int duet_faults_command(struct duet_device *dev, char *line, char *reply,
			size_t len);

#endif /* __DUET_SIM_FAULTS_H__ */
