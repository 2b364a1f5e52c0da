/* list_faults: prints the name of every deliberate fault of libjobsref, one a
 * line, in enum order, so the fault self-test never hard-codes the list. */
#include <stdio.h>

#include "jobsref/faults.h"

int main(void)
{
    for (int i = 0; i < (int)JR_FAULT_COUNT; i++) {
        const char *name = jr_fault_name((jr_fault)i);
        if (name == NULL || *name == '\0') {
            fprintf(stderr, "list_faults: fault %d has no name\n", i);
            return 1;
        }
        printf("%s\n", name);
    }
    return 0;
}
