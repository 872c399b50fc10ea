// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet devcoredump
 *
 * Every engine reset for a hung or faulting job leaves a devcoredump of the
 * card's PCI device (``/sys/class/devcoredump/devcd*``, whose
 * ``failing_device`` is the card): what a developer needs to see why the
 * job hung. As with every devcoredump, a new dump is dropped while the
 * previous one of the device has not been read and deleted (writing to its
 * ``data`` file deletes it), and the kernel deletes a dump after five
 * minutes.
 *
 * The timeout handler runs in the fence signalling path, where allocating
 * memory that may wait for reclaim could wait for the very fences being
 * signalled, so it only takes a snapshot with GFP_NOWAIT (registers, the
 * job's translated commands, the ring around the job); the text is written
 * later on duet_core_wq, and handed to dev_coredumpv(). The snapshot pins
 * the PCI device, not the card.
 *
 * The dump is text, one ``key: value`` per line, then two blocks of
 * hexadecimal dwords (eight per line, each line starting with the byte
 * offset of its first dword)::
 *
 *   Duet devcoredump
 *   version: 1
 *   kernel: <release>
 *   card: <PCI device>
 *   reason: timeout | fault
 *   error: <errno the job's fence got, negative>
 *   engine: <name> (<id>)
 *   client: <drm client id>
 *   pid: <submitter's thread group id>
 *   comm: <submitter's command name>
 *   seqno: <the job's FENCE seqno>
 *   STATUS: <register> (and SEQNO, RING_HEAD, RING_TAIL, ERROR,
 *            ERROR_HEAD, CONTROL, RESET_COUNT)
 *   ring size: <bytes>
 *   job ring offset: <free-running byte offset of the job's first dword>
 *   job dwords: <count, the closing FENCE included>
 *   job:
 *   0x0000: <dword> ...            (the job's commands, device form)
 *   ring window: <free-running byte offset of the first dword shown>
 *   ring window dwords: <count>
 *   0x<offset>: <dword> ...        (ring contents around the job)
 *   end
 */

#include <drm/drm_print.h>
#include <linux/devcoredump.h>
#include <linux/slab.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>

#include "duet_core_coredump.h"
#include "duet_core_drv.h"
#include "duet_core_hw.h"
#include "duet_job.h"

/* Ring dwords shown before and after the job. */
#define DUET_COREDUMP_CONTEXT_DWORDS	16

static const struct {
	const char *name;
	u32 reg;
} duet_coredump_regs[] = {
	{ "STATUS", DUET_ENG_STATUS },
	{ "SEQNO", DUET_ENG_SEQNO },
	{ "RING_HEAD", DUET_ENG_RING_HEAD },
	{ "RING_TAIL", DUET_ENG_RING_TAIL },
	{ "ERROR", DUET_ENG_ERROR },
	{ "ERROR_HEAD", DUET_ENG_ERROR_HEAD },
	{ "CONTROL", DUET_ENG_CONTROL },
	{ "RESET_COUNT", DUET_ENG_RESET_COUNT },
};

/**
 * struct duet_coredump_snapshot - what the timeout handler captured
 * @work: writes the dump, on duet_core_wq
 * @dev: the card's PCI device, referenced
 * @error: the error the job's fence gets
 * @engine_id: the engine
 * @engine_name: its name
 * @client_id: the submitting DRM client
 * @pid: the submitting process
 * @comm: its command name
 * @seqno: the job's FENCE seqno
 * @regs: the engine's registers, in duet_coredump_regs order
 * @ring_size: the ring's size in bytes
 * @job_offset: free-running ring offset of the job
 * @window_offset: free-running ring offset of @window's first dword
 * @num_window: dwords in @window
 * @num_job: dwords in @dwords
 * @window: the ring around the job
 * @dwords: the job's commands and closing FENCE
 */
struct duet_coredump_snapshot {
	struct work_struct work;
	struct device *dev;
	int error;
	unsigned int engine_id;
	char engine_name[20];
	u64 client_id;
	pid_t pid;
	char comm[TASK_COMM_LEN];
	u64 seqno;
	u32 regs[ARRAY_SIZE(duet_coredump_regs)];
	u32 ring_size;
	u32 job_offset;
	u32 window_offset;
	u32 num_window;
	u32 num_job;
	u32 window[DUET_JOB_MAX_DWORDS + 2 * DUET_COREDUMP_CONTEXT_DWORDS];
	u32 dwords[DUET_JOB_MAX_DWORDS];
};

static void duet_coredump_dwords(struct drm_printer *p, u32 first_offset,
				 const u32 *dw, u32 count)
{
	u32 i;

	for (i = 0; i < count; i++) {
		if (!(i % 8))
			drm_printf(p, "%s%#06x:", i ? "\n" : "",
				   first_offset + 4 * i);
		drm_printf(p, " %08x", dw[i]);
	}
	if (count)
		drm_puts(p, "\n");
}

static void duet_coredump_print(struct drm_printer *p,
				const struct duet_coredump_snapshot *ss)
{
	unsigned int i;

	drm_puts(p, "Duet devcoredump\nversion: 1\n");
	drm_printf(p, "kernel: %s\n", init_utsname()->release);
	drm_printf(p, "card: %s\n", dev_name(ss->dev));
	drm_printf(p, "reason: %s\n", ss->error == -EIO ? "fault" : "timeout");
	drm_printf(p, "error: %d\n", ss->error);
	drm_printf(p, "engine: %s (%u)\n", ss->engine_name, ss->engine_id);
	drm_printf(p, "client: %llu\npid: %d\ncomm: %s\n", ss->client_id,
		   ss->pid, ss->comm);
	drm_printf(p, "seqno: %llu\n", ss->seqno);
	for (i = 0; i < ARRAY_SIZE(duet_coredump_regs); i++)
		drm_printf(p, "%s: %#010x\n", duet_coredump_regs[i].name,
			   ss->regs[i]);
	drm_printf(p, "ring size: %u\n", ss->ring_size);
	drm_printf(p, "job ring offset: %#x\n", ss->job_offset);
	drm_printf(p, "job dwords: %u\n", ss->num_job);
	drm_puts(p, "job:\n");
	duet_coredump_dwords(p, 0, ss->dwords, ss->num_job);
	drm_printf(p, "ring window: %#x\n", ss->window_offset);
	drm_printf(p, "ring window dwords: %u\n", ss->num_window);
	duet_coredump_dwords(p, ss->window_offset, ss->window, ss->num_window);
	drm_puts(p, "end\n");
}

static void duet_coredump_work(struct work_struct *work)
{
	struct duet_coredump_snapshot *ss =
		container_of(work, struct duet_coredump_snapshot, work);
	struct drm_print_iterator iter = { .remain = SSIZE_MAX };
	struct drm_printer p;
	size_t size;
	void *buf;

	/* Measure (no buffer), then print into a buffer devcoredump frees. */
	p = drm_coredump_printer(&iter);
	duet_coredump_print(&p, ss);
	size = SSIZE_MAX - iter.remain;

	buf = vmalloc(size);
	if (buf) {
		iter = (struct drm_print_iterator){ .data = buf, .remain = size };
		p = drm_coredump_printer(&iter);
		duet_coredump_print(&p, ss);
		dev_coredumpv(ss->dev, buf, size - iter.remain, GFP_KERNEL);
	}
	put_device(ss->dev);
	kfree(ss);
}

/**
 * duet_core_coredump() - capture a hung job for a devcoredump
 * @engine: the engine, not yet reset, with its scheduler stopped
 * @job: the guilty job, on the ring
 * @error: what its fence will be signalled with
 *
 * Called from the timeout handler. Without memory the dump is skipped.
 */
void duet_core_coredump(struct duet_core_engine *engine, struct duet_job *job,
			int error)
{
	struct duet_core *core = engine->core;
	u32 mask = engine->ring_size - 1;
	struct duet_coredump_snapshot *ss;
	unsigned int i;

	ss = kzalloc_obj(*ss, GFP_NOWAIT | __GFP_NOWARN);
	if (!ss)
		return;

	ss->dev = get_device(&core->pdev->dev);
	ss->error = error;
	ss->engine_id = engine->id;
	strscpy(ss->engine_name, core->info.engine_name[engine->id]);
	ss->client_id = job->base.s_fence->drm_client_id;
	ss->pid = job->pid;
	strscpy(ss->comm, job->comm);
	ss->seqno = job->hw_fence ? job->hw_fence->seqno : 0;
	for (i = 0; i < ARRAY_SIZE(duet_coredump_regs); i++)
		ss->regs[i] = duet_core_eng_read(engine, duet_coredump_regs[i].reg);
	ss->ring_size = engine->ring_size;

	ss->num_job = min_t(u32, job->num_dwords + DUET_CMD_FENCE_LEN,
			    ARRAY_SIZE(ss->dwords));
	memcpy(ss->dwords, job->dwords, ss->num_job * sizeof(u32));
	ss->job_offset = job->ring_offset;

	/* The ring shows what the device was given, whatever the driver meant. */
	ss->window_offset = job->ring_offset - 4 * DUET_COREDUMP_CONTEXT_DWORDS;
	ss->num_window = min_t(u32, ss->num_job + 2 * DUET_COREDUMP_CONTEXT_DWORDS,
			       engine->ring_size / 4);
	for (i = 0; i < ss->num_window; i++)
		ss->window[i] = ioread32(engine->ring +
					 ((ss->window_offset + 4 * i) & mask));

	INIT_WORK(&ss->work, duet_coredump_work);
	queue_work(duet_core_wq, &ss->work);
}
