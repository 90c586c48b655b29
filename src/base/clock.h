/* clock.h - the one monotonic clock of the program, for time limits and progress. */
#ifndef CASELOAD_CLOCK_H
#define CASELOAD_CLOCK_H

/* Seconds on the monotonic clock (CLOCK_MONOTONIC) from an arbitrary origin:
 * only differences mean anything. Safe from any thread. */
double clock_seconds(void);

#endif
