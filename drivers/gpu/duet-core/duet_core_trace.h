/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet core trace events
 *
 * duet_core's trace events are in the ``duet_core`` system of the kernel's
 * tracing (``/sys/kernel/tracing/events/duet_core/``), beside drm_sched's
 * own ``gpu_scheduler`` events:
 *
 * ``duet_core_release``
 *   the last reference on a card was dropped and its schedulers are being
 *   finalised. ``dev`` is the card's PCI address, ``work`` the function of
 *   the workqueue item that dropped it (``0x0`` when it was not a
 *   workqueue's worker, e.g. the unbind itself). After an unbind under
 *   jobs that outlive their file it must read ``duet_ctx_release_work``:
 *   never a scheduler's or the kernel's job-killing worker, which
 *   drm_sched_fini() would wait for.
 */

#undef TRACE_SYSTEM
#define TRACE_SYSTEM duet_core

#if !defined(_DUET_CORE_TRACE_H_) || defined(TRACE_HEADER_MULTI_READ)
#define _DUET_CORE_TRACE_H_

#include <linux/pci.h>
#include <linux/tracepoint.h>
#include <linux/workqueue.h>

TRACE_EVENT(duet_core_release,
	    TP_PROTO(struct pci_dev *pdev),
	    TP_ARGS(pdev),
	    TP_STRUCT__entry(__string(dev, pci_name(pdev))
			     __field(void *, work)),
	    TP_fast_assign(__assign_str(dev);
			   __entry->work = current_work() ?
					   current_work()->func : NULL;),
	    TP_printk("dev=%s work=%ps", __get_str(dev), __entry->work)
);

#endif /* _DUET_CORE_TRACE_H_ */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE duet_core_trace
#include <trace/define_trace.h>
