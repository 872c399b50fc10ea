/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright 2026 The Duet authors
 */
#ifndef __DUET_CORE_IRQ_H__
#define __DUET_CORE_IRQ_H__

struct duet_core;

int duet_core_irq_init(struct duet_core *core);

#endif /* __DUET_CORE_IRQ_H__ */
