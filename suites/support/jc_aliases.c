/* Scenario ids that changed, old -> new: see jc_aliases.h. Written when
 * the six split API areas were merged into one file each (issue 10), from
 * `jobsconf list --json` of the builds before and after; tests/aliases
 * checks that every id in tests/aliases/old-scenario-ids.txt resolves.
 * Append, never remove (kept for at least one release after a rename). */
#include "jc_aliases.h"

#include <stddef.h>
#include <strings.h>

typedef struct jc_alias {
    const char *old_id;
    const char *new_id;
} jc_alias;

static const jc_alias aliases[] = {
    {"association.bad-job-id", "associate.bad-job-id"},
    {"association.comment-2028-chars", "associate.comment-2028-chars"},
    {"association.comment-2029-chars", "associate.comment-2029-chars"},
    {"association.comment-control-char", "associate.comment-control-char"},
    {"association.completed-refused", "associate.completed-refused"},
    {"association.counters", "associate.counters"},
    {"association.deletion-in-progress-refused", "associate.deletion-in-progress-refused"},
    {"association.group-leave-removed", "associate.group-leave-removed"},
    {"association.limit-counts-groups", "associate.limit-counts-groups"},
    {"association.listed-for-job", "associate.listed-for-job"},
    {"association.not-arn-among-known", "associate.not-arn-among-known"},
    {"association.several-things", "associate.several-things"},
    {"association.snapshot-group-refused", "associate.snapshot-group-refused"},
    {"association.target-arn-2049-chars", "associate.target-arn-2049-chars"},
    {"association.targets-missing", "associate.targets-missing"},
    {"association.targets-not-a-list", "associate.targets-not-a-list"},
    {"association.thing-and-group", "associate.thing-and-group"},
    {"association.unknown-among-known", "associate.unknown-among-known"},
    {"association.visible-to-device", "associate.visible-to-device"},
    {"configuration.abort-required-members", "jobconfig.abort-required-members"},
    {"configuration.abort-two-criteria", "jobconfig.abort-two-criteria"},
    {"configuration.config-not-an-object", "jobconfig.config-not-an-object"},
    {"configuration.description-c1-control", "jobconfig.description-c1-control"},
    {"configuration.description-format-char", "jobconfig.description-format-char"},
    {"configuration.description-unicode-accepted", "jobconfig.description-unicode-accepted"},
    {"configuration.end-behavior-bogus", "jobconfig.end-behavior-bogus"},
    {"configuration.expires-in-sec-default", "jobconfig.expires-in-sec-default"},
    {"configuration.exponential-required-members", "jobconfig.exponential-required-members"},
    {"configuration.fractional-integers", "jobconfig.fractional-integers"},
    {"configuration.rate-increase-succeeded-1", "jobconfig.rate-increase-succeeded-1"},
    {"configuration.refused-no-execution", "jobconfig.refused-no-execution"},
    {"configuration.retry-failure-type-all", "jobconfig.retry-failure-type-all"},
    {"configuration.retry-required-members", "jobconfig.retry-required-members"},
    {"configuration.role-arn-2048-chars", "jobconfig.role-arn-2048-chars"},
    {"configuration.role-arn-2049-chars", "jobconfig.role-arn-2049-chars"},
    {"describe.counters-when-finished", "describejob.counters-when-finished"},
    {"describe.document-after-cancel", "describejob.document-after-cancel"},
    {"describe.document-bad-job-id", "describejob.document-bad-job-id"},
    {"describe.document-job-id-65-chars", "describejob.document-job-id-65-chars"},
    {"describe.group-target-echoed", "describejob.group-target-echoed"},
    {"describe.times-after-cancel", "describejob.times-after-cancel"},
    {"describe.unknown-job-id-64-chars", "describejob.unknown-job-id-64-chars"},
    {"listing.completed-summary", "listjobs.completed-summary"},
    {"listing.deleted-not-listed", "listjobs.deleted-not-listed"},
    {"listing.group-and-status-pages", "listjobs.group-and-status-pages"},
    {"listing.max-results-malformed", "listjobs.max-results-malformed"},
    {"listing.max-results-negative-or-wrapping", "listjobs.max-results-negative-or-wrapping"},
    {"listing.status-and-target-selection", "listjobs.status-and-target-selection"},
    {"listing.status-scheduled", "listjobs.status-scheduled"},
    {"listing.thing-group-id-limits", "listjobs.thing-group-id-limits"},
    {"listing.thing-group-name-limits", "listjobs.thing-group-name-limits"},
    {"protocol.data-plane-bad-bodies", "wire.data-plane-bad-bodies"},
    {"protocol.data-plane-error-shape", "wire.data-plane-error-shape"},
    {"protocol.data-plane-request-id", "wire.data-plane-request-id"},
    {"protocol.data-plane-unknown-route", "wire.data-plane-unknown-route"},
    {"protocol.document-as-object", "wire.document-as-object"},
    {"protocol.error-shape-every-method", "wire.error-shape-every-method"},
    {"protocol.json-escapes-decoded", "wire.json-escapes-decoded"},
    {"protocol.length-in-characters", "wire.length-in-characters"},
    {"protocol.member-names-case-sensitive", "wire.member-names-case-sensitive"},
    {"protocol.nested-unknown-member-ignored", "wire.nested-unknown-member-ignored"},
    {"protocol.query-percent-decoded", "wire.query-percent-decoded"},
    {"protocol.scalar-bodies", "wire.scalar-bodies"},
    {"protocol.trailing-text", "wire.trailing-text"},
    {"update.accept-abort-bounds", "updatejob.accept-abort-bounds"},
    {"update.accept-description-2028", "updatejob.accept-description-2028"},
    {"update.accept-presigned-bounds", "updatejob.accept-presigned-bounds"},
    {"update.accept-retry-bounds", "updatejob.accept-retry-bounds"},
    {"update.accept-rollout-bounds", "updatejob.accept-rollout-bounds"},
    {"update.accept-timeout-bounds", "updatejob.accept-timeout-bounds"},
    {"update.bad-job-id", "updatejob.bad-job-id"},
    {"update.deletion-in-progress", "updatejob.deletion-in-progress"},
    {"update.keeps-identity", "updatejob.keeps-identity"},
    {"update.malformed-body", "updatejob.malformed-body"},
    {"update.refuse-abort-shape", "updatejob.refuse-abort-shape"},
    {"update.refuse-exponential", "updatejob.refuse-exponential"},
    {"update.refuse-retry-more", "updatejob.refuse-retry-more"},
    {"update.top-level-maximum-ignored", "updatejob.top-level-maximum-ignored"},
    {"update.wrong-member-types", "updatejob.wrong-member-types"},
};

/* Suite file names merged into another file, for --suite. */
static const jc_alias suite_aliases[] = {
    {"describe", "describejob"},     {"update", "updatejob"}, {"association", "associate"},
    {"configuration", "jobconfig"}, {"listing", "listjobs"}, {"protocol", "wire"},
};

static const char *lookup(const jc_alias *table, size_t n, const char *key)
{
    /* ~80 rows, looked up once per baseline line, result or --suite: a scan is enough */
    for (size_t i = 0; key && i < n; i++)
        if (strcasecmp(table[i].old_id, key) == 0) return table[i].new_id;
    return NULL;
}

const char *jc_alias_resolve(const char *id)
{
    return lookup(aliases, sizeof aliases / sizeof aliases[0], id);
}

const char *jc_alias_resolve_suite(const char *name)
{
    return lookup(suite_aliases, sizeof suite_aliases / sizeof suite_aliases[0], name);
}

size_t jc_alias_count(void) { return sizeof aliases / sizeof aliases[0]; }
