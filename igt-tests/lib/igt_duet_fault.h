/* SPDX-License-Identifier: MIT */
/*
 * Copyright 2026 The Duet authors
 *
 * igt_duet_fault: make the device misbehave. The test VM's runner
 * (scripts/duet-vm) forwards a command to the device model of a card
 * through its control channel; the commands are the device's test
 * interface (Documentation/gpu/duet/duet-hw.rst, "Test interface"): "irq-drop
 * E", "irq-delay E MS", "stall E MS", "hang E", "resume E",
 * "ignore-reset E [N|all]", "heartbeat-stop [MS]", "heartbeat-resume",
 * "clear". E is a hardware engine index, which is the render node's engine
 * index (the render node sees every engine, in hardware order).
 */
#ifndef IGT_DUET_FAULT_H
#define IGT_DUET_FAULT_H

#include <stddef.h>

/*
 * Send a command to card @card's device model; the answer ("ok ..." or
 * "error: ...") into @reply. Returns 0 for "ok", -1 otherwise.
 */
int __igt_duet_fault(int card, char *reply, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The same, asserting "ok". Fails the test outside the test VM. */
void igt_duet_fault(int card, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* duet_core's job_timeout_ms parameter. */
unsigned int igt_duet_job_timeout_ms(void);
/* Reload the three Duet modules with duet_core's job timeout set to @ms. */
void igt_duet_reload_modules(unsigned int ms);
/* The same with duet_core's parameters @params ("name=value ..."). */
void igt_duet_reload_modules_with(const char *params);

/* Whether the card at sysfs @pci_path is wedged (its duet_wedged file). */
int igt_duet_card_wedged(const char *pci_path);
/*
 * Wait up to @timeout_ms for the card to become wedged (@wedged 1) or to
 * recover (@wedged 0); returns the milliseconds it took, or -1.
 */
int igt_duet_wait_wedged(const char *pci_path, int wedged,
			 unsigned int timeout_ms);

#endif /* IGT_DUET_FAULT_H */
