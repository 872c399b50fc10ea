/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * duet-sim test groups.
 */
#ifndef __DUET_SIM_TESTS_H__
#define __DUET_SIM_TESTS_H__

/* Pure functions: size parsing, CLI, command validation and execution. */
void run_unit_tests(void);

/* The real duet-sim binary, driven over the ivshmem protocol. */
void run_sim_tests(void);

/* Command set 2 on the running default instance (called by the above). */
void run_cmd_tests(void);

/* The GART, on an instance of its own with a guest RAM file. */
void run_gart_tests(void);

/* The test interface (control socket faults), likewise. */
void run_fault_tests(void);
/* Control socket of the default instance (set when it starts). */
void fault_set_control_path(const char *path);
const char *fault_control_path(void);

#endif /* __DUET_SIM_TESTS_H__ */
