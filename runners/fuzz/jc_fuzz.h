/* `jobsconf fuzz`: stateful differential fuzzing of a live Jobs API endpoint
 * against the reference model. See docs/fuzzing.md. */
#ifndef JC_FUZZ_H
#define JC_FUZZ_H

#ifdef __cplusplus
extern "C" {
#endif

/* argv holds the options after "fuzz". Returns the exit code: 0 no
 * divergence, 1 a divergence (reproduction written), 2 usage error, 3 the
 * endpoint could not be driven. */
int jc_fuzz_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif
#endif
