// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Injected faults: device-wide ones and the control command language.
 *
 * Commands (one per line; ENGINE is an engine index, MS milliseconds,
 * COUNT a number of events, default 1):
 *
 *   irq-drop ENGINE [COUNT]        next FENCE interrupts: SEQNO written,
 *                                  no MSI-X
 *   irq-delay ENGINE MS [COUNT]    next FENCE interrupts raised MS later
 *   irq-storm VECTOR US            spurious interrupts on VECTOR every US
 *                                  microseconds, until "clear"
 *   stall ENGINE MS                stop before the next command for MS,
 *                                  ignoring doorbells and resets, then go
 *                                  on with the ring
 *   hang ENGINE                    the same, until "resume"
 *   resume ENGINE                  end a stall or hang now
 *   ignore-reset ENGINE [COUNT|all] consume reset requests without acting
 *   heartbeat-stop [MS]            the heartbeat stands still for MS
 *                                  (no MS: until heartbeat-resume)
 *   heartbeat-resume
 *   irq-quiesce [MS]               raise no interrupt any more (until the
 *                                  sim exits); answers once the VMM has
 *                                  taken every one raised before, or
 *                                  fails after MS (default 5000)
 *   clear                          every fault off, stalls ended,
 *                                  delayed interrupts raised now
 *   status                         the faults in force
 *   ping
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device.h"
#include "faults.h"
#include "log.h"

#define NSEC_PER_SEC	1000000000L
#define MAX_MS		(24 * 3600 * 1000UL)
#define QUIESCE_MS	5000UL	/* irq-quiesce's default wait */

struct timespec duet_deadline_us(unsigned long long us)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += us / 1000000;
	t.tv_nsec += (us % 1000000) * 1000L;
	if (t.tv_nsec >= NSEC_PER_SEC) {
		t.tv_sec++;
		t.tv_nsec -= NSEC_PER_SEC;
	}
	return t;
}

static struct timespec after_ms(unsigned long ms)
{
	return duet_deadline_us(ms * 1000ULL);
}

static bool before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

void duet_faults_init(struct duet_faults *f)
{
	pthread_condattr_t attr;

	pthread_mutex_init(&f->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&f->cond, &attr);
	pthread_condattr_destroy(&attr);
}

/* Raise delayed interrupt @i and take it off the list (last moves to @i). */
static void raise_delayed_locked(struct duet_device *dev, unsigned int i,
				 const char *why)
{
	struct duet_faults *f = &dev->faults;

	duet_info("vector %u: delayed interrupt raised%s", f->delayed[i].vector,
		  why);
	duet_device_raise_irq(dev, f->delayed[i].vector);
	f->delayed[i] = f->delayed[--f->num_delayed];
}

/*
 * Raise every delayed interrupt that is due and the storm's next one;
 * sleep until the next of them.
 */
static void *delayed_irq_thread(void *arg)
{
	struct duet_device *dev = arg;
	struct duet_faults *f = &dev->faults;

	pthread_mutex_lock(&f->lock);
	while (!f->stop) {
		struct timespec now, next;
		unsigned int i = 0;

		clock_gettime(CLOCK_MONOTONIC, &now);
		if (f->storm_us && !before(&now, &f->storm_next)) {
			duet_device_raise_irq(dev, f->storm_vector);
			f->storm_next = duet_deadline_us(f->storm_us);
		}
		while (i < f->num_delayed) {
			if (before(&now, &f->delayed[i].when)) {
				i++;
				continue;
			}
			raise_delayed_locked(dev, i, "");
		}
		if (!f->num_delayed && !f->storm_us) {
			pthread_cond_wait(&f->cond, &f->lock);
			continue;
		}
		next = f->storm_us ? f->storm_next : f->delayed[0].when;
		for (i = 0; i < f->num_delayed; i++)
			if (before(&f->delayed[i].when, &next))
				next = f->delayed[i].when;
		pthread_cond_timedwait(&f->cond, &f->lock, &next);
	}
	pthread_mutex_unlock(&f->lock);
	return NULL;
}

int duet_faults_start(struct duet_device *dev)
{
	struct duet_faults *f = &dev->faults;
	int err;

	err = pthread_create(&f->thread, NULL, delayed_irq_thread, dev);
	if (err)
		return -err;
	f->running = true;
	return 0;
}

void duet_faults_stop(struct duet_device *dev)
{
	struct duet_faults *f = &dev->faults;

	if (!f->running)
		return;
	pthread_mutex_lock(&f->lock);
	f->stop = true;
	pthread_cond_broadcast(&f->cond);
	pthread_mutex_unlock(&f->lock);
	pthread_join(f->thread, NULL);
	f->running = false;
}

void duet_device_raise_irq_later(struct duet_device *dev, unsigned int vector,
				 unsigned int ms)
{
	struct duet_faults *f = &dev->faults;
	bool now = false;

	pthread_mutex_lock(&f->lock);
	if (f->num_delayed < DUET_FAULTS_MAX_DELAYED) {
		f->delayed[f->num_delayed].when = after_ms(ms);
		f->delayed[f->num_delayed].vector = vector;
		f->num_delayed++;
		pthread_cond_broadcast(&f->cond);
	} else {
		now = true;
	}
	pthread_mutex_unlock(&f->lock);
	duet_info("vector %u: interrupt delayed by %u ms (fault)%s", vector, ms,
		  now ? ": queue full, raised now" : "");
	if (now)
		duet_device_raise_irq(dev, vector);
}

bool duet_faults_heartbeat_stopped(struct duet_device *dev)
{
	struct duet_faults *f = &dev->faults;
	struct timespec now;
	bool stopped;

	pthread_mutex_lock(&f->lock);
	if (f->heartbeat_stopped && f->heartbeat_timed) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (!before(&now, &f->heartbeat_resume)) {
			f->heartbeat_stopped = false;
			duet_info("heartbeat resumed");
		}
	}
	stopped = f->heartbeat_stopped;
	pthread_mutex_unlock(&f->lock);
	return stopped;
}

/* Raise every delayed interrupt now: none comes late after "clear". */
static void raise_delayed_now(struct duet_device *dev)
{
	struct duet_faults *f = &dev->faults;

	pthread_mutex_lock(&f->lock);
	while (f->num_delayed)
		raise_delayed_locked(dev, f->num_delayed - 1, " (clear)");
	pthread_mutex_unlock(&f->lock);
}

/* Spurious interrupts on @vector every @us microseconds (0: none). */
static void set_storm(struct duet_device *dev, unsigned int vector,
		      unsigned long us)
{
	struct duet_faults *f = &dev->faults;

	pthread_mutex_lock(&f->lock);
	f->storm_us = us;
	f->storm_vector = vector;
	f->storm_next = duet_deadline_us(us);
	pthread_cond_broadcast(&f->cond);
	pthread_mutex_unlock(&f->lock);
}

static void set_heartbeat(struct duet_device *dev, bool stopped,
			  unsigned long ms)
{
	struct duet_faults *f = &dev->faults;

	pthread_mutex_lock(&f->lock);
	f->heartbeat_stopped = stopped;
	f->heartbeat_timed = stopped && ms;
	if (f->heartbeat_timed)
		f->heartbeat_resume = after_ms(ms);
	pthread_mutex_unlock(&f->lock);
}

/* Parse a decimal number no larger than @max. */
static bool parse_uint(const char *s, unsigned long max, unsigned long *val)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	*val = strtoul(s, &end, 10);
	return !errno && !*end && *val <= max;
}

struct fault_args {
	unsigned int argc;
	char *argv[4];
};

static int fail(char *reply, size_t len, const char *fmt, const char *arg)
{
	char msg[128];

	snprintf(msg, sizeof(msg), fmt, arg ? arg : "");
	snprintf(reply, len, "error: %s", msg);
	return -1;
}

/* argv[1] as an engine of @dev. */
static struct duet_engine *engine_arg(struct duet_device *dev,
				      const struct fault_args *a)
{
	unsigned long e;

	if (a->argc < 2 || !parse_uint(a->argv[1], dev->num_engines - 1, &e))
		return NULL;
	return &dev->engines[e];
}

/* argv[i] as a count (default 1; "all" if @allow_all), or -1. */
static long count_arg(const struct fault_args *a, unsigned int i,
		      bool allow_all)
{
	unsigned long n;

	if (a->argc <= i)
		return 1;
	if (allow_all && !strcmp(a->argv[i], "all"))
		return UINT_MAX;
	if (!parse_uint(a->argv[i], UINT_MAX - 1, &n) || !n)
		return -1;
	return n;
}

static int engine_command(struct duet_device *dev, const struct fault_args *a,
			  char *reply, size_t len)
{
	const char *cmd = a->argv[0];
	struct duet_engine *eng = engine_arg(dev, a);
	unsigned long ms = 0;
	long count;

	if (!eng)
		return fail(reply, len, "%s: bad or missing engine", cmd);

	if (!strcmp(cmd, "irq-drop")) {
		count = count_arg(a, 2, false);
		if (count < 0 || a->argc > 3)
			return fail(reply, len, "usage: irq-drop ENGINE [COUNT]",
				    NULL);
		duet_engine_drop_irqs(eng, count);
	} else if (!strcmp(cmd, "irq-delay")) {
		count = count_arg(a, 3, false);
		if (a->argc < 3 || !parse_uint(a->argv[2], MAX_MS, &ms) || !ms ||
		    count < 0 || a->argc > 4)
			return fail(reply, len,
				    "usage: irq-delay ENGINE MS [COUNT]", NULL);
		duet_engine_delay_irqs(eng, count, ms);
	} else if (!strcmp(cmd, "stall")) {
		if (a->argc != 3 || !parse_uint(a->argv[2], MAX_MS, &ms) || !ms)
			return fail(reply, len, "usage: stall ENGINE MS", NULL);
		duet_engine_stall(eng, ms);
	} else if (!strcmp(cmd, "hang")) {
		if (a->argc != 2)
			return fail(reply, len, "usage: hang ENGINE", NULL);
		duet_engine_stall(eng, 0);
	} else if (!strcmp(cmd, "resume")) {
		if (a->argc != 2)
			return fail(reply, len, "usage: resume ENGINE", NULL);
		duet_engine_resume(eng);
	} else {
		count = count_arg(a, 2, true);
		if (count < 0 || a->argc > 3)
			return fail(reply, len,
				    "usage: ignore-reset ENGINE [COUNT|all]",
				    NULL);
		duet_engine_ignore_resets(eng, count);
	}
	duet_info("fault: %s engine %u", cmd, eng->index);
	snprintf(reply, len, "ok");
	return 0;
}

static void status(struct duet_device *dev, char *reply, size_t len)
{
	struct duet_faults *f = &dev->faults;
	unsigned long storm_us;
	unsigned int e, vector;
	size_t used;

	pthread_mutex_lock(&f->lock);
	storm_us = f->storm_us;
	vector = f->storm_vector;
	pthread_mutex_unlock(&f->lock);
	used = snprintf(reply, len, "ok heartbeat=%s",
			duet_faults_heartbeat_stopped(dev) ? "stopped" : "running");
	if (storm_us)
		used += snprintf(reply + used, len - used, " irq-storm=%u/%luus",
				 vector, storm_us);
	for (e = 0; e < dev->num_engines && used < len; e++) {
		char line[160];

		duet_engine_describe_faults(&dev->engines[e], line, sizeof(line));
		used += snprintf(reply + used, len - used, "; %s", line);
	}
}

int duet_faults_command(struct duet_device *dev, char *line, char *reply,
			size_t len)
{
	static const char *const engine_cmds[] = {
		"irq-drop", "irq-delay", "stall", "hang", "resume",
		"ignore-reset",
	};
	struct fault_args a = { 0 };
	unsigned long ms = 0;
	char *save = NULL, *tok;
	unsigned int i;
	int err;

	for (tok = strtok_r(line, " \t\r", &save); tok;
	     tok = strtok_r(NULL, " \t\r", &save)) {
		if (a.argc == sizeof(a.argv) / sizeof(a.argv[0]))
			return fail(reply, len, "too many arguments", NULL);
		a.argv[a.argc++] = tok;
	}
	if (!a.argc)
		return fail(reply, len, "empty command", NULL);

	for (i = 0; i < sizeof(engine_cmds) / sizeof(engine_cmds[0]); i++)
		if (!strcmp(a.argv[0], engine_cmds[i]))
			return engine_command(dev, &a, reply, len);

	if (!strcmp(a.argv[0], "heartbeat-stop")) {
		if (a.argc > 2 ||
		    (a.argc == 2 && (!parse_uint(a.argv[1], MAX_MS, &ms) || !ms)))
			return fail(reply, len, "usage: heartbeat-stop [MS]", NULL);
		set_heartbeat(dev, true, ms);
		duet_info("fault: heartbeat stopped");
	} else if (!strcmp(a.argv[0], "heartbeat-resume") && a.argc == 1) {
		set_heartbeat(dev, false, 0);
		duet_info("heartbeat resumed");
	} else if (!strcmp(a.argv[0], "irq-storm")) {
		unsigned long vector, us;

		if (a.argc != 3 ||
		    !parse_uint(a.argv[1], dev->num_vectors - 1, &vector) ||
		    !parse_uint(a.argv[2], MAX_MS, &us) || us < 100)
			return fail(reply, len,
				    "usage: irq-storm VECTOR US (US >= 100)", NULL);
		set_storm(dev, vector, us);
		duet_info("fault: interrupt storm on vector %lu every %lu us",
			  vector, us);
	} else if (!strcmp(a.argv[0], "irq-quiesce")) {
		char waited[24];

		ms = QUIESCE_MS;
		if (a.argc > 2 ||
		    (a.argc == 2 && (!parse_uint(a.argv[1], MAX_MS, &ms) || !ms)))
			return fail(reply, len, "usage: irq-quiesce [MS]", NULL);
		err = duet_device_quiesce_irqs(dev, ms);
		if (err == -ENOTCONN)
			return fail(reply, len, "irq-quiesce: no VMM connected",
				    NULL);
		if (err) {
			snprintf(waited, sizeof(waited), "%lu", ms);
			return fail(reply, len,
				    "irq-quiesce: the VMM has not taken an interrupt after %s ms",
				    waited);
		}
	} else if (!strcmp(a.argv[0], "clear") && a.argc == 1) {
		for (i = 0; i < dev->num_engines; i++)
			duet_engine_clear_faults(&dev->engines[i]);
		set_heartbeat(dev, false, 0);
		set_storm(dev, 0, 0);
		raise_delayed_now(dev);
		duet_info("fault: all cleared");
	} else if (!strcmp(a.argv[0], "status") && a.argc == 1) {
		status(dev, reply, len);
		return 0;
	} else if (!strcmp(a.argv[0], "ping") && a.argc == 1) {
		snprintf(reply, len, "ok pong");
		return 0;
	} else {
		return fail(reply, len, "unknown command: %s", a.argv[0]);
	}
	snprintf(reply, len, "ok");
	return 0;
}
