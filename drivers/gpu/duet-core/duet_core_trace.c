// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright 2026 The Duet authors
 */

/**
 * DOC: Duet core trace event definitions
 *
 * The one translation unit that instantiates the events declared in
 * duet_core_trace.h.
 */

#define CREATE_TRACE_POINTS
#include "duet_core_trace.h"
