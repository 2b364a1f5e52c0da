/* SIGINT/SIGTERM during `jobsconf run`: the first stops the run (no new
 * scenario, requests in flight abandoned; the cleanup and the reports still
 * happen, and the exit code is 128 + the signal); the second exits at once. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "jc_runner.h"

volatile sig_atomic_t jc_signal_received;

static void on_signal(int sig)
{
    /* atomic: worker threads read the flag while a request is in flight */
    if (__atomic_load_n(&jc_signal_received, __ATOMIC_SEQ_CST)) {
        static const char msg[] = "jobsconf: second signal: exiting at once\n";
        ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)w;
        _exit(128 + sig);
    }
    __atomic_store_n(&jc_signal_received, sig, __ATOMIC_SEQ_CST);
}

void jc_signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}
