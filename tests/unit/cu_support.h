/* Shared main() plumbing for the CUnit unit tests: register the suites, run
 * them verbosely, and turn any failure into a non-zero exit for ctest. */
#ifndef CU_SUPPORT_H
#define CU_SUPPORT_H

#include <CUnit/Basic.h>
#include <stdio.h>

static inline int cu_run_suites(CU_SuiteInfo *suites)
{
    if (CU_initialize_registry() != CUE_SUCCESS) return 2;
    if (CU_register_suites(suites) != CUE_SUCCESS) {
        fprintf(stderr, "suite registration failed: %s\n", CU_get_error_msg());
        CU_cleanup_registry();
        return 2;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    unsigned ran = CU_get_number_of_tests_run();
    CU_cleanup_registry();
    if (ran == 0) {
        fprintf(stderr, "no test ran\n");
        return 3;
    }
    return failed == 0 ? 0 : 1;
}

#endif
