/* main.c - the caseload command line: dispatches to a command (its options and
 * help in cli.c, its body in cmd_*.c), handles signals, and maps every outcome to
 * the exit codes of DESIGN.md §4. The command layer (src/cli) is the only one that
 * prints to the terminal on its own or exits; it calls the library only through
 * include/caseload.h. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_print.h"

/* The state a signal handler may touch, which is why it lives here and nowhere
 * else: the stop flag main hands to every command as the library's cancel flag
 * (SIGINT, SIGTERM or SIGHUP set it: the solver stops and the best plan found is
 * written), and whether such a signal ends the run at once instead (with every
 * temporary file removed): the commands that do not search; plan, size and
 * compare clear it. */
static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t signal_ends_run = 1;

#ifdef __EMSCRIPTEN__
/* In a browser tab (web/engine.c): the page's stop button does what SIGINT does
 * on the command line: the search stops and the best plan found is written. */
void cli_request_stop(void);
void cli_request_stop(void)
{
    stop_requested = 1;
}
#endif

static void on_stop_signal(int signal_number)
{
    if (signal_ends_run) {
        static const char message[] = "caseload: interrupted\n";
        caseload_outputs_remove_temporaries();
        ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
        (void)ignored;
        _exit(128 + signal_number);
    }
    stop_requested = 1;
}

/* A signal that ends the process: remove the temporaries first, then end as it would. */
static void on_fatal_signal(int signal_number)
{
    caseload_outputs_remove_temporaries();
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(signal_number, &action, NULL);
    raise(signal_number);
}

/* sigaction, not signal(): under -std=c11 signal() is the one-shot SysV form, and a
 * second Ctrl-C would kill the run with no plan. A signal ignored when the program
 * starts (nohup, a background job) stays ignored. A broken pipe or an oversized
 * file is an error of the write that met it, never a kill leaving a temporary. */
static void install_signal_handlers(void)
{
    static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
    static const int fatal_signals[] = {SIGQUIT, SIGALRM, SIGUSR1, SIGUSR2, SIGABRT};
    struct sigaction action, before;
    memset(&action, 0, sizeof action);
    sigfillset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    action.sa_handler = on_stop_signal;
    for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++)
        if (sigaction(stop_signals[i], NULL, &before) == 0 && before.sa_handler != SIG_IGN)
            sigaction(stop_signals[i], &action, NULL);
    action.sa_handler = on_fatal_signal;
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
        if (sigaction(fatal_signals[i], NULL, &before) == 0 && before.sa_handler != SIG_IGN)
            sigaction(fatal_signals[i], &action, NULL);
    action.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &action, NULL);
    sigaction(SIGXFSZ, &action, NULL);
}

/* `caseload --help`, `--version` and `help [COMMAND]`: the exit code, or -1 when
 * `command` is none of them. */
static int run_help(const char *command, int argc, char **argv)
{
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0) {
        fputs(cli_usage_text, stdout);
        return EXIT_DONE;
    }
    if (strcmp(command, "--version") == 0) {
        printf("caseload %s (GLPK %s)\n", caseload_version(), caseload_engine_version());
        return EXIT_DONE;
    }
    if (strcmp(command, "help") != 0)
        return -1;
    if (argc < 3) {
        fputs(cli_usage_text, stdout);
        return EXIT_DONE;
    }
    if (strcmp(argv[2], "help") == 0) {
        fputs(cli_help_help, stdout);
        return EXIT_DONE;
    }
    const char *text = cli_command_help(argv[2]);
    if (text == NULL)
        return cli_usage_error("help: unknown command \"%s\"", argv[2]);
    fputs(text, stdout);
    return EXIT_DONE;
}

/* Parse and run one command in `context` (whose outputs main frees). */
static int run(int argc, char **argv, struct cli_context *context)
{
    if (argc < 2)
        return cli_usage_error("no command given");
    const char *command = argv[1];
    int help = run_help(command, argc, argv);
    if (help >= 0)
        return help;
    const struct cli_command *spec = cli_find_command(command, argc, argv);
    if (spec == NULL)
        return cli_usage_error("unknown command \"%s\"", command);

    struct command_line line;
    int parsed = cli_parse(spec, argc, argv, &line);
    int exit_code = parsed;
    if (parsed == -1) {
        exit_code = EXIT_DONE;
    } else if (parsed == EXIT_DONE) {
        /* for a command that searches, a signal stops the search, and the best plan
         * found is written: also when it comes while the input is read */
        if (spec->searches)
            signal_ends_run = 0;
        context->line = &line;
        exit_code = spec->run(context);
        context->line = NULL;
    }
    cli_line_free(&line);
    return exit_code;
}

int main(int argc, char **argv)
{
    umask(077);
    install_signal_handlers();
#ifdef CASELOAD_TEST_HOOKS
    /* test builds only (make asan): make the N-th allocation fail, so the command
     * tests can walk every allocation of a whole command */
    const char *fail_at = getenv("CASELOAD_FAIL_ALLOC");
    if (fail_at != NULL)
        caseload_fail_allocation_at(atol(fail_at));
#endif
    struct cli_terminal terminal = {0};
    struct cli_context context = {NULL, &stop_requested, NULL, &terminal};
    int exit_code = run(argc, argv, &context);
    caseload_outputs_free(context.outputs); /* any temporary file not committed goes too */
    context.outputs = NULL;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_print_error("standard output: write failed");
        if (exit_code == EXIT_DONE || exit_code == EXIT_VIOLATIONS)
            exit_code = EXIT_INTERNAL;
    }
    return exit_code;
}
