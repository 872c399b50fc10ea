/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * One Duet engine: a thread that executes the engine's command ring.
 *
 * The event loop only counts doorbells (duet_engine_doorbell()); the engine
 * thread reads TAIL and CONTROL, executes commands, writes the engine's
 * registers and raises its interrupts. A doorbell that arrives while a
 * command runs is checked for CONTROL_RESET at once, so a reset aborts a
 * SPIN (or a long compute or 2D command) within a few milliseconds.
 */
#ifndef __DUET_SIM_ENGINE_H__
#define __DUET_SIM_ENGINE_H__

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

struct duet_device;

struct duet_engine {
	/* Set before the thread starts, constant afterwards. */
	struct duet_device *dev;
	unsigned int index;
	__u32 kind;		/* DUET_ENGINE_KIND_* */
	__u32 ring_offset;
	pthread_t thread;

	pthread_mutex_t lock;
	pthread_cond_t cond;	/* doorbell or stop, under lock */
	unsigned long doorbells;	/* under lock: doorbells received */
	bool stop;			/* under lock */

	/* Injected faults (faults.c), under lock. */
	long stall_ms;		/* armed stall: -1 none, 0 until resumed */
	bool stalled;		/* the engine is stalled now */
	bool resume;		/* end the stall now */
	unsigned int ignore_resets;	/* resets to ignore; UINT_MAX: all */
	unsigned int irq_drop;		/* FENCE interrupts to drop */
	unsigned int irq_delay;		/* FENCE interrupts to delay */
	unsigned int irq_delay_ms;

	/* Engine thread only. */
	unsigned long serviced;	/* doorbells the ring was looked at for */
	unsigned long checked;	/* doorbells CONTROL was looked at for */
	bool abort;		/* reset seen while executing */
	bool halted;		/* faulted, waiting for a reset */
	__u32 head;
};

/* Set up engine @index of @dev and start its thread. Returns 0 or -errno. */
int duet_engine_start(struct duet_engine *eng, struct duet_device *dev,
		      unsigned int index);

/* Abort what the engine executes, stop and join its thread. */
void duet_engine_stop(struct duet_engine *eng);

/* The guest rang the engine's doorbell. */
void duet_engine_doorbell(struct duet_engine *eng);

/* Faults (see Documentation/gpu/duet/duet-hw.rst, "Test interface"). */
/* Stop before the next command for @ms (0: until resumed). */
void duet_engine_stall(struct duet_engine *eng, unsigned int ms);
/* End a stall or hang, and disarm one not yet begun. */
void duet_engine_resume(struct duet_engine *eng);
/* Ignore the next @count reset requests (UINT_MAX: all). */
void duet_engine_ignore_resets(struct duet_engine *eng, unsigned int count);
/* Drop, or delay by @ms, the next @count FENCE interrupts. */
void duet_engine_drop_irqs(struct duet_engine *eng, unsigned int count);
void duet_engine_delay_irqs(struct duet_engine *eng, unsigned int count,
			    unsigned int ms);
/* Clear every fault of the engine and end a stall. */
void duet_engine_clear_faults(struct duet_engine *eng);
/* One line describing the engine's faults, into @buf. */
void duet_engine_describe_faults(struct duet_engine *eng, char *buf,
				 size_t len);

#endif /* __DUET_SIM_ENGINE_H__ */
