/* `jobsconf run`: the steps in order (see jc_runner.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "jc_mqtt.h"
#include "jc_runner.h"
#ifdef JC_HAVE_SERVER
#include "jr_server.h"
#endif

int jc_cmd_run(int argc, char **argv)
{
    jc_runner r;
    memset(&r, 0, sizeof r);
    r.t0 = jc_mono_s();
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(r.started, sizeof r.started, "%Y-%m-%dT%H:%M:%SZ", &tm);
    jc_console_init();

    int rc = jc_runner_settings(&r, argc, argv);
    if (rc != 0 && !r.incomplete) { /* help (-1), or no report folder known */
        jc_runner_free(&r);
        return rc < 0 ? EXIT_OK : rc;
    }
    jc_reports_clear(r.cfg.report_dir); /* never a folder mixing two runs */
    jc_signals_install();
    if (rc == 0) rc = jc_runner_select(&r);
    jc_console_start(r.plan_count, r.t0);
    jc_console_waiting(r.cfg.endpoint ? "the endpoint probe" : "the server start");
    if (rc == 0) rc = jc_runner_endpoint(&r);
    jc_console_waiting("the scenarios");
    if (rc == 0) jc_runner_execute(&r);
    jc_console_waiting("the end-of-run cleanup");
    jc_runner_cleanup(&r);
    jc_console_stop();
    rc = jc_runner_reports(&r, rc);
#ifdef JC_HAVE_SERVER
    if (r.server) jr_server_stop(r.server);
#endif
    jc_broker_stop(r.broker);
    jc_runner_free(&r);
    return rc;
}
