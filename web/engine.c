/* engine.c - the command line as the engine of the browser tab's worker
 * (web/worker.js): web_main runs one command over the in-memory file system, and
 * web_poll, called by the solver each time it asks whether to stop
 * (src/solve/solve.c) and by GLPK's clock, lets the worker receive "stop" and
 * post progress. Built by emcc only (make web). */
#include <signal.h>
#include <sys/time.h>
#include <time.h>

#include <emscripten.h>

/* src/cli/main.c's stop, as SIGINT on the command line: the search stops and the
 * best plan found is written. */
void cli_request_stop(void);

/* src/cli/main.c's main, renamed by the web build (-Dmain=caseload_cli_main). */
int caseload_cli_main(int argc, char **argv);

/* web/engine-lib.js: returns at once unless the worker's moment has come, then
 * yields to its event loop (Asyncify) and resumes; 1 once "stop" has arrived. */
extern int web_js_poll(void);

void web_poll(void);
void web_poll(void)
{
    if (web_js_poll())
        cli_request_stop();
}

/* GLPK's clock (glp_time), read on every simplex iteration once a time limit is
 * set, as the solver sets one: defined here in place of Emscripten's, so that a
 * long LP, where the solver itself never asks whether to stop, still gives the
 * worker its moments (progress at least every second, "stop" received). */
int gettimeofday(struct timeval *restrict now, void *restrict zone)
{
    (void)zone;
    web_poll();
    struct timespec clock;
    clock_gettime(CLOCK_REALTIME, &clock);
    now->tv_sec = clock.tv_sec;
    now->tv_usec = (suseconds_t)(clock.tv_nsec / 1000);
    return 0;
}

/* One command, as `caseload ARGV[1] ...` would run it: returns its exit code
 * (README "Exit codes"). Each run gets a fresh instance of the module, as each
 * command line gets a fresh process. */
int web_main(int argc, char **argv);
EMSCRIPTEN_KEEPALIVE int web_main(int argc, char **argv)
{
    return caseload_cli_main(argc, argv);
}
