/* Writes every report format for the fixture runs into OUTDIR/normal,
 * OUTDIR/hostile, OUTDIR/passing, OUTDIR/verdicts and OUTDIR/grouped, for the script checks (xmllint,
 * junitparser, jsonschema, headless Chromium). */
#include <stdio.h>

#include "fixtures.h"
#include "jc_report.h"

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void (*make)(jc_run *);
    } RUNS[] = {{"normal", fx_normal_run}, {"hostile", fx_hostile_run}, {"passing", fx_passing_run}, {"verdicts", fx_verdicts_run}, {"grouped", fx_grouped_run}};
    char err[512], dir[4096];
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
        return 2;
    }
    for (size_t i = 0; i < sizeof RUNS / sizeof RUNS[0]; i++) {
        jc_run run;
        RUNS[i].make(&run);
        snprintf(dir, sizeof dir, "%s/%s", argv[1], RUNS[i].name);
        int rc = jc_reports_write(&run, dir, JC_FORMAT_ALL, err, sizeof err);
        jc_run_free(&run);
        if (rc != 0) {
            fprintf(stderr, "%s: %s\n", RUNS[i].name, err);
            return 1;
        }
        printf("wrote %s\n", dir);
    }
    return 0;
}
