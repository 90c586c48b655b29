/* memory.h - what the operating system says about memory: the machine's (or the
 * container's) memory, the address-space limit and what the process holds now.
 * The only place that asks; a platform without /proc or cgroups answers here. */
#ifndef CASELOAD_MEMORY_H
#define CASELOAD_MEMORY_H

/* The memory of the machine in bytes, or of the container when its control group
 * (cgroup v2, /sys/fs/cgroup/memory.max) sets less; 0 when unknown. Safe from
 * any thread. */
double memory_physical(void);

/* The process's address-space limit (RLIMIT_AS) in bytes; HUGE_VAL when there is
 * none or the system does not say. Safe from any thread. */
double memory_address_limit(void);

/* The memory the process holds now, in bytes: its address space under an
 * address-space limit, else its resident memory (a sanitizer's shadow maps
 * terabytes it never uses); 0 when the system does not say. Safe from any
 * thread. */
double memory_in_use(void);

#endif
