/* Registry suite: the thing and thing-group operations that job targets
 * depend on (create, describe, delete, membership, listing members). */
#include <string.h>

#include "jc_support.h"

static jc_response *describe_thing(jc_ctx *ctx, const char *name)
{
    return jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/things/%s", name), NULL, NULL);
}

static jc_response *describe_group(jc_ctx *ctx, const char *name)
{
    return jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/thing-groups/%s", name), NULL, NULL);
}

static jc_response *delete_thing(jc_ctx *ctx, const char *name)
{
    return jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/things/%s", name), NULL, NULL);
}

/* Whether ListThingsInThingGroup of group lists thing (every page). */
static bool group_lists(jc_ctx *ctx, const char *group, const char *thing)
{
    const char *token = NULL;
    for (int page = 0; page < 20; page++) {
        const char *q = token ? jc_query(ctx, "nextToken=%s", token) : NULL;
        jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/thing-groups/%s/things", group), q, NULL);
        JC_REQUIRE(ctx, r->status == 200, "ListThingsInThingGroup %s: HTTP %d %s, expected 200", group, r->status,
                   jc_str_or(r->error_code));
        const cJSON *it;
        cJSON_ArrayForEach(it, jc_json_array(r, "things"))
        {
            if (cJSON_IsString(it) && jc_streq(it->valuestring, thing)) return true;
        }
        token = jc_json_string(r, "nextToken");
        if (!token || !*token) return false;
    }
    jc_error(ctx, "ListThingsInThingGroup %s: more than 20 pages", group);
}

static void check_arn(jc_ctx *ctx, const char *what, const char *got, const char *kind, const char *name)
{
    const char *want = jc_str(ctx, "%s%s/%s", jc_arn_prefix(ctx), kind, name);
    JC_CHECK(ctx, jc_streq(got, want), "%s is %s, expected %s", what, jc_str_or(got), want);
    JC_CHECK(ctx, got && strncmp(got, "arn:", 4) == 0 && strstr(got, ":iot:") != NULL,
             "%s '%s' is not an arn:<partition>:iot:... ARN", what, jc_str_or(got));
}

/* ---- things ------------------------------------------------------------ */

static void s_create_thing_members(jc_ctx *ctx)
{
    const char *name = jc_name(ctx, "t");
    jc_response *r = jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/things/%s", name), NULL, "{}");
    jc_require_status(ctx, r, 200);
    const char *got = jc_json_string(r, "thingName");
    const char *id = jc_json_string(r, "thingId");
    JC_CHECK(ctx, jc_streq(got, name), "thingName is %s, expected %s", jc_str_or(got), name);
    JC_CHECK(ctx, id && *id, "thingId is %s, expected a non-empty string", jc_str_or(id));
    check_arn(ctx, "thingArn", jc_json_string(r, "thingArn"), "thing", name);
    (void)delete_thing(ctx, name);
}

static void s_describe_thing(jc_ctx *ctx)
{
    const char *arn = NULL;
    const char *name = jc_create_thing(ctx, "t", &arn);
    jc_response *r = describe_thing(ctx, name);
    jc_require_status(ctx, r, 200);
    const char *got = jc_json_string(r, "thingName");
    JC_CHECK(ctx, jc_streq(got, name), "DescribeThing thingName is %s, expected %s", jc_str_or(got), name);
    JC_CHECK(ctx, jc_streq(jc_json_string(r, "thingArn"), arn), "DescribeThing thingArn is %s, expected %s (as created)",
             jc_str_or(jc_json_string(r, "thingArn")), jc_str_or(arn));
    const char *id = jc_json_string(r, "thingId");
    JC_CHECK(ctx, id && *id, "DescribeThing thingId is %s, expected a non-empty string", jc_str_or(id));
}

static void s_delete_thing(jc_ctx *ctx)
{
    const char *name = jc_create_thing(ctx, "t", NULL);
    jc_response *r = delete_thing(ctx, name);
    JC_REQUIRE(ctx, jc_is_2xx(r), "DeleteThing %s: HTTP %d %s, expected 2xx", name, r->status, jc_str_or(r->error_code));
    r = describe_thing(ctx, name);
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
}

static bool group_lists_after(jc_ctx *ctx, const char *group, const char *thing, bool want);

/* A thing deleted and created again under the same name is a thing again
 * (RG-004, RG-001): described, a group member, and a job target that gets
 * its execution. */
/* The answer's status is the one wanted (arg: int *), for reads that poll. */
static bool status_is(jc_ctx *ctx, const jc_response *r, void *arg)
{
    (void)ctx;
    return r->status == *(const int *)arg;
}

static void s_recreate_deleted_thing(jc_ctx *ctx)
{
    const char *name = jc_create_thing(ctx, "t", NULL);
    jc_response *r = delete_thing(ctx, name);
    JC_REQUIRE(ctx, jc_is_2xx(r), "DeleteThing %s: HTTP %d %s, expected 2xx", name, r->status, jc_str_or(r->error_code));
    const char *path = jc_path(ctx, "/things/%s", name);
    int gone = 404, there = 200;
    jc_expect_error(ctx, jc_read_until(ctx, JC_CONTROL, path, NULL, status_is, &gone), "ResourceNotFoundException",
                    404);
    r = jc_call(ctx, JC_CONTROL, "POST", path, NULL, "{}");
    JC_REQUIRE(ctx, r->status == 200, "CreateThing of the deleted thing's name: HTTP %d %s, expected 200", r->status,
               jc_str_or(r->error_code));
    r = jc_read_until(ctx, JC_CONTROL, path, NULL, status_is, &there);
    JC_CHECK(ctx, r->status == 200 && jc_streq(jc_json_string(r, "thingName"), name),
             "DescribeThing of the thing created again: HTTP %d %s, expected 200 naming it", r->status,
             jc_str_or(r->error_code));
    const char *group = jc_create_group(ctx, "g", NULL);
    jc_add_thing_to_group(ctx, group, name);
    JC_CHECK(ctx, group_lists_after(ctx, group, name, true), "the group does not list the thing created again");
    const char *targets[] = {jc_thing_arn(ctx, name), NULL};
    const char *job = jc_create_job(ctx, NULL, NULL, targets, NULL);
    jc_expect_execution_status(ctx, name, job, "QUEUED");
}

static void s_thing_name_128(jc_ctx *ctx)
{
    const char *base = jc_name(ctx, "");
    const char *name = jc_str(ctx, "%s%s", base, jc_repeat(ctx, 'n', 128 - strlen(base)));
    JC_REQUIRE(ctx, strlen(name) == 128, "harness: name length %zu", strlen(name));
    jc_response *r = jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/things/%s", name), NULL, "{}");
    jc_expect_status(ctx, r, 200);
    if (r->status == 200) {
        jc_response *d = describe_thing(ctx, name);
        JC_CHECK(ctx, d->status == 200 && jc_streq(jc_json_string(d, "thingName"), name),
                 "DescribeThing of the 128-character thing: HTTP %d thingName %s", d->status,
                 jc_str_or(jc_json_string(d, "thingName")));
        (void)delete_thing(ctx, name);
    }
}

static void s_thing_name_129(jc_ctx *ctx)
{
    const char *base = jc_name(ctx, "");
    const char *name = jc_str(ctx, "%s%s", base, jc_repeat(ctx, 'n', 129 - strlen(base)));
    jc_response *r = jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/things/%s", name), NULL, "{}");
    bool refused = jc_expect_error(ctx, r, "InvalidRequestException", 400);
    if (!refused && r->status == 200) (void)delete_thing(ctx, name);
}

/* ---- groups ------------------------------------------------------------ */

static void s_create_group_members(jc_ctx *ctx)
{
    const char *name = jc_name(ctx, "g");
    jc_response *r = jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/thing-groups/%s", name), NULL, "{}");
    jc_require_status(ctx, r, 200);
    const char *got = jc_json_string(r, "thingGroupName");
    const char *id = jc_json_string(r, "thingGroupId");
    JC_CHECK(ctx, jc_streq(got, name), "thingGroupName is %s, expected %s", jc_str_or(got), name);
    JC_CHECK(ctx, id && *id, "thingGroupId is %s, expected a non-empty string", jc_str_or(id));
    check_arn(ctx, "thingGroupArn", jc_json_string(r, "thingGroupArn"), "thinggroup", name);
    (void)jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/thing-groups/%s", name), NULL, NULL);
}

static void s_describe_group(jc_ctx *ctx)
{
    const char *arn = NULL;
    const char *name = jc_create_group(ctx, "g", &arn);
    jc_response *r = describe_group(ctx, name);
    jc_require_status(ctx, r, 200);
    JC_CHECK(ctx, jc_streq(jc_json_string(r, "thingGroupName"), name), "DescribeThingGroup thingGroupName is %s, "
             "expected %s", jc_str_or(jc_json_string(r, "thingGroupName")), name);
    JC_CHECK(ctx, jc_streq(jc_json_string(r, "thingGroupArn"), arn), "DescribeThingGroup thingGroupArn is %s, expected "
             "%s (as created)", jc_str_or(jc_json_string(r, "thingGroupArn")), jc_str_or(arn));
    const char *id = jc_json_string(r, "thingGroupId");
    JC_CHECK(ctx, id && *id, "DescribeThingGroup thingGroupId is %s, expected a non-empty string", jc_str_or(id));
    /* RG-009: creationDate (optional) is when the group was made, in epoch
     * seconds: a time of this century (no job is created to read the
     * endpoint's clock: this scenario is about the registry alone) */
    double created = 0;
    if (jc_json_get(r->json, "thingGroupMetadata.creationDate")) {
        jc_req_scope(ctx, "RG-009");
        bool num = jc_json_number(r, "thingGroupMetadata.creationDate", &created);
        JC_CHECK(ctx, num && created >= 1e9 && created < 4102444800.0,
                 "DescribeThingGroup thingGroupMetadata.creationDate is %s, expected the group's creation time in "
                 "epoch seconds", jc_member_text(ctx, r, "thingGroupMetadata.creationDate"));
    }
}

static void s_delete_group(jc_ctx *ctx)
{
    const char *name = jc_create_group(ctx, "g", NULL);
    jc_response *r = jc_call(ctx, JC_CONTROL, "DELETE", jc_path(ctx, "/thing-groups/%s", name), NULL, NULL);
    JC_REQUIRE(ctx, jc_is_2xx(r), "DeleteThingGroup %s: HTTP %d %s, expected 2xx", name, r->status,
               jc_str_or(r->error_code));
    r = describe_group(ctx, name);
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
}

static void s_describe_unknown(jc_ctx *ctx)
{
    jc_response *r = describe_thing(ctx, jc_name(ctx, "never-thing"));
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
    r = describe_group(ctx, jc_name(ctx, "never-group"));
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
}

/* ---- membership -------------------------------------------------------- */

/* A read after a change (jc_support.h): whether the group lists the thing,
 * polled until it is `want` or the poll deadline passes. */
typedef struct lists_wait {
    const char *group, *thing;
    bool want, got;
} lists_wait;

static bool lists_as_wanted(jc_ctx *ctx, void *arg)
{
    lists_wait *w = arg;
    w->got = group_lists(ctx, w->group, w->thing);
    return w->got == w->want;
}

static bool group_lists_after(jc_ctx *ctx, const char *group, const char *thing, bool want)
{
    lists_wait w = {group, thing, want, !want};
    jc_poll(ctx, 0, 50, lists_as_wanted, &w);
    return w.got;
}

static jc_response *membership(jc_ctx *ctx, const char *op, const char *body)
{
    return jc_call(ctx, JC_CONTROL, "PUT", jc_str(ctx, "/thing-groups/%s", op), NULL, body);
}

static void s_membership_add_remove(jc_ctx *ctx)
{
    const char *group = jc_create_group(ctx, "g", NULL);
    const char *thing = jc_create_thing(ctx, "t", NULL);
    const char *other = jc_create_thing(ctx, "other", NULL);
    JC_CHECK(ctx, !group_lists(ctx, group, thing), "a new group already lists thing %s", thing);
    const char *body = jc_str(ctx, "{\"thingGroupName\":\"%s\",\"thingName\":\"%s\"}", group, thing);
    jc_response *r = membership(ctx, "addThingToThingGroup", body);
    JC_REQUIRE(ctx, jc_is_2xx(r), "AddThingToThingGroup: HTTP %d %s, expected 2xx", r->status, jc_str_or(r->error_code));
    JC_CHECK(ctx, group_lists_after(ctx, group, thing, true), "ListThingsInThingGroup does not list %s after it was added",
             thing);
    JC_CHECK(ctx, !group_lists(ctx, group, other), "ListThingsInThingGroup lists %s, which was never added", other);
    r = membership(ctx, "removeThingFromThingGroup", body);
    JC_REQUIRE(ctx, jc_is_2xx(r), "RemoveThingFromThingGroup: HTTP %d %s, expected 2xx", r->status,
               jc_str_or(r->error_code));
    JC_CHECK(ctx, !group_lists_after(ctx, group, thing, false), "ListThingsInThingGroup still lists %s after it was removed",
             thing);
}

static void s_membership_by_arn(jc_ctx *ctx)
{
    const char *garn = NULL, *tarn = NULL;
    const char *group = jc_create_group(ctx, "g", &garn);
    const char *thing = jc_create_thing(ctx, "t", &tarn);
    const char *body = jc_str(ctx, "{\"thingGroupArn\":\"%s\",\"thingArn\":\"%s\"}", garn, tarn);
    jc_response *r = membership(ctx, "addThingToThingGroup", body);
    JC_REQUIRE(ctx, jc_is_2xx(r), "AddThingToThingGroup by ARN: HTTP %d %s, expected 2xx", r->status,
               jc_str_or(r->error_code));
    JC_CHECK(ctx, group_lists_after(ctx, group, thing, true), "ListThingsInThingGroup does not list %s after it was added by ARN",
             thing);
    r = membership(ctx, "removeThingFromThingGroup", body);
    JC_REQUIRE(ctx, jc_is_2xx(r), "RemoveThingFromThingGroup by ARN: HTTP %d %s, expected 2xx", r->status,
               jc_str_or(r->error_code));
    JC_CHECK(ctx, !group_lists_after(ctx, group, thing, false), "ListThingsInThingGroup still lists %s after it was removed by ARN",
             thing);
}

static void s_membership_unknown(jc_ctx *ctx)
{
    const char *group = jc_create_group(ctx, "g", NULL);
    const char *thing = jc_create_thing(ctx, "t", NULL);
    jc_response *r = membership(ctx, "addThingToThingGroup",
                                jc_str(ctx, "{\"thingGroupName\":\"%s\",\"thingName\":\"%s\"}", group,
                                       jc_name(ctx, "never-thing")));
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
    r = membership(ctx, "addThingToThingGroup",
                   jc_str(ctx, "{\"thingGroupName\":\"%s\",\"thingName\":\"%s\"}", jc_name(ctx, "never-group"),
                          thing));
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
}

static void s_list_unknown_group(jc_ctx *ctx)
{
    jc_response *r =
        jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/thing-groups/%s/things", jc_name(ctx, "never-group")), NULL,
                NULL);
    jc_expect_error(ctx, r, "ResourceNotFoundException", 404);
}

/* Same name, different configuration: ResourceAlreadyExistsException, and
 * the existing thing or group keeps its own; the same configuration again
 * succeeds. */
static void s_create_thing_again(jc_ctx *ctx)
{
    const char *name = jc_name(ctx, "t");
    const char *path = jc_path(ctx, "/things/%s", name);
    const char *first = "{\"attributePayload\":{\"attributes\":{\"model\":\"a1\"}}}";
    jc_require_status(ctx, jc_call(ctx, JC_CONTROL, "POST", path, NULL, first), 200);
    jc_expect_status(ctx, jc_call(ctx, JC_CONTROL, "POST", path, NULL, first), 200);
    jc_response *before = describe_thing(ctx, name);
    jc_response *r = jc_call(ctx, JC_CONTROL, "POST", path, NULL,
                             "{\"attributePayload\":{\"attributes\":{\"model\":\"b2\"}}}");
    static const char *const paths[] = {"attributes", "thingArn", "thingId", NULL};
    jc_expect_refused_unchanged(ctx, r, "ResourceAlreadyExistsException", 409, before, describe_thing(ctx, name),
                                paths, "CreateThing of an existing name with other attributes");
    (void)delete_thing(ctx, name);
}

static void s_create_group_again(jc_ctx *ctx)
{
    const char *parent = jc_create_group(ctx, "p", NULL);
    const char *other = jc_create_group(ctx, "o", NULL);
    const char *name = jc_name(ctx, "g");
    const char *path = jc_path(ctx, "/thing-groups/%s", name);
    const char *first = jc_str(ctx, "{\"parentGroupName\":\"%s\"}", parent);
    jc_require_status(ctx, jc_call(ctx, JC_CONTROL, "POST", path, NULL, first), 200);
    jc_expect_status(ctx, jc_call(ctx, JC_CONTROL, "POST", path, NULL, first), 200);
    jc_response *before = describe_group(ctx, name);
    jc_response *r = jc_call(ctx, JC_CONTROL, "POST", path, NULL,
                             jc_str(ctx, "{\"parentGroupName\":\"%s\"}", other));
    static const char *const paths[] = {"thingGroupMetadata.parentGroupName", "thingGroupArn", "thingGroupId", NULL};
    jc_expect_refused_unchanged(ctx, r, "ResourceAlreadyExistsException", 409, before, describe_group(ctx, name),
                                paths, "CreateThingGroup of an existing name under another parent");
    (void)jc_call(ctx, JC_CONTROL, "DELETE", path, NULL, NULL);

    /* the same name with another description, or none, is another configuration */
    const char *g2 = jc_name(ctx, "gd");
    const char *p2 = jc_path(ctx, "/thing-groups/%s", g2);
    const char *one = "{\"thingGroupProperties\":{\"thingGroupDescription\":\"one\"}}";
    jc_require_status(ctx, jc_call(ctx, JC_CONTROL, "POST", p2, NULL, one), 200);
    jc_expect_status(ctx, jc_call(ctx, JC_CONTROL, "POST", p2, NULL, one), 200);
    before = describe_group(ctx, g2);
    static const char *const other_configs[] = {"{\"thingGroupProperties\":{\"thingGroupDescription\":\"two\"}}",
                                                "{}"};
    for (size_t i = 0; i < JC_COUNT(other_configs); i++) {
        r = jc_call(ctx, JC_CONTROL, "POST", p2, NULL, other_configs[i]);
        jc_expect_refused_unchanged(ctx, r, "ResourceAlreadyExistsException", 409, before, describe_group(ctx, g2),
                                    paths, jc_str(ctx, "CreateThingGroup of an existing name with body %s",
                                                  other_configs[i]));
    }
    (void)jc_call(ctx, JC_CONTROL, "DELETE", p2, NULL, NULL);
}

/* Thing group names are 1..128 characters of [a-zA-Z0-9:_-] on every
 * registry operation taking one (WIRE-008): 128 works end to end, 129 or a
 * '.' is refused before any lookup and creates nothing; thingGroupProperties
 * must be an object. */
static void s_group_name_range(jc_ctx *ctx)
{
    const char *base = jc_name(ctx, "");
    const char *g128 = jc_str(ctx, "%s%s", base, jc_repeat(ctx, 'g', 128 - strlen(base)));
    jc_response *r = jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/thing-groups/%s", g128), NULL, "{}");
    JC_REQUIRE(ctx, r->status == 200, "CreateThingGroup of a 128-character name: HTTP %d %s, expected 200", r->status,
               jc_str_or(r->error_code));
    const char *thing = jc_create_thing(ctx, "t", NULL);
    jc_add_thing_to_group(ctx, g128, thing);
    JC_CHECK(ctx, group_lists(ctx, g128, thing), "the 128-character group does not list its member %s", thing);
    r = describe_group(ctx, g128);
    JC_CHECK(ctx, r->status == 200 && jc_streq(jc_json_string(r, "thingGroupName"), g128),
             "DescribeThingGroup of the 128-character group: HTTP %d", r->status);

    const char *bad[] = {jc_str(ctx, "%sg", g128), jc_str(ctx, "%s.x", base)};
    static const char *const what[] = {"129 characters", "a '.'"};
    for (size_t i = 0; i < JC_COUNT(bad); i++) {
        const char *p = jc_path(ctx, "/thing-groups/%s", bad[i]);
        jc_response *calls[] = {
            jc_call(ctx, JC_CONTROL, "POST", p, NULL, "{}"),
            jc_call(ctx, JC_CONTROL, "GET", p, NULL, NULL),
            jc_call(ctx, JC_CONTROL, "GET", jc_str(ctx, "%s/things", p), NULL, NULL),
            jc_call(ctx, JC_CONTROL, "PUT", "/thing-groups/addThingToThingGroup", NULL,
                    jc_str(ctx, "{\"thingGroupName\":\"%s\",\"thingName\":\"%s\"}", bad[i], thing)),
            jc_call(ctx, JC_CONTROL, "DELETE", p, NULL, NULL),
        };
        static const char *const ops[] = {"CreateThingGroup", "DescribeThingGroup", "ListThingsInThingGroup",
                                          "AddThingToThingGroup", "DeleteThingGroup"};
        for (size_t k = 0; k < JC_COUNT(calls); k++)
            JC_CHECK(ctx, calls[k]->status == 400 && jc_streq(calls[k]->error_code, "InvalidRequestException"),
                     "%s with a group name of %s: HTTP %d %s, expected InvalidRequestException 400", ops[k], what[i],
                     calls[k]->status, jc_str_or(calls[k]->error_code));
    }

    const char *g = jc_name(ctx, "gp");
    r = jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/thing-groups/%s", g), NULL, "{\"thingGroupProperties\":\"x\"}");
    JC_CHECK(ctx, r->status == 400 && jc_streq(r->error_code, "InvalidRequestException"),
             "CreateThingGroup with thingGroupProperties \"x\": HTTP %d %s, expected InvalidRequestException 400",
             r->status, jc_str_or(r->error_code));
    jc_expect_error(ctx, describe_group(ctx, g), "ResourceNotFoundException", 404);
}

/* ListThingsInThingGroup (recursive or not) lists exactly `want`
 * (NULL-terminated), each once, over pages of 2. */
typedef struct members_wait {
    const char *group, *query;
    const char *const *want;
    const char *seen; /* what the last walk listed, for the message */
} members_wait;

static bool members_exactly(jc_ctx *ctx, void *arg)
{
    members_wait *w = arg;
    const char *token = NULL, *seen = "";
    size_t want_n = 0, hits = 0, listed = 0;
    while (w->want[want_n]) want_n++;
    size_t counts[8] = {0};
    for (int page = 0; page < 20; page++) {
        const char *q = jc_str(ctx, "%s%smaxResults=2", w->query ? w->query : "", w->query ? "&" : "");
        if (token) q = jc_str(ctx, "%s&%s", q, jc_query(ctx, "nextToken=%s", token));
        jc_response *r = jc_call(ctx, JC_CONTROL, "GET", jc_path(ctx, "/thing-groups/%s/things", w->group), q, NULL);
        JC_REQUIRE(ctx, r->status == 200, "ListThingsInThingGroup %s?%s: HTTP %d %s, expected 200", w->group, q,
                   r->status, jc_str_or(r->error_code));
        const cJSON *it;
        cJSON_ArrayForEach(it, jc_json_array(r, "things"))
        {
            if (!cJSON_IsString(it)) continue;
            listed++;
            seen = jc_str(ctx, "%s%s%s", seen, *seen ? " " : "", it->valuestring);
            for (size_t k = 0; k < want_n && k < 8; k++)
                if (jc_streq(it->valuestring, w->want[k]) && counts[k]++ == 0) hits++;
        }
        token = jc_json_string(r, "nextToken");
        if (!token || !*token) break;
    }
    w->seen = seen;
    return hits == want_n && listed == want_n;
}

static void expect_members(jc_ctx *ctx, const char *group, const char *query, const char *const *want,
                           const char *what)
{
    members_wait w = {group, query, want, ""};
    bool ok = jc_poll(ctx, 0, 50, members_exactly, &w); /* a read after a change */
    const char *expected = "";
    for (size_t k = 0; want[k]; k++) expected = jc_str(ctx, "%s%s%s", expected, k ? " " : "", want[k]);
    JC_CHECK(ctx, ok, "ListThingsInThingGroup %s: lists [%s], expected exactly [%s], each once", what, w.seen,
             expected);
}

/* `recursive=true` reaches every level below the group (RG-008), without it
 * only the group's own members are listed; pages of 2 cross the levels. */
static void s_list_recursive(jc_ctx *ctx)
{
    const char *root = jc_create_group(ctx, "root", NULL);
    const char *child = jc_name(ctx, "child"), *grand = jc_name(ctx, "grand");
    jc_require_status(ctx, jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/thing-groups/%s", child), NULL,
                                   jc_str(ctx, "{\"parentGroupName\":\"%s\"}", root)), 200);
    jc_require_status(ctx, jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/thing-groups/%s", grand), NULL,
                                   jc_str(ctx, "{\"parentGroupName\":\"%s\"}", child)), 200);
    const char *tr = jc_create_thing(ctx, "tr", NULL), *tc = jc_create_thing(ctx, "tc", NULL),
               *tc2 = jc_create_thing(ctx, "tc2", NULL), *tg = jc_create_thing(ctx, "tg", NULL);
    jc_add_thing_to_group(ctx, root, tr);
    jc_add_thing_to_group(ctx, child, tc);
    jc_add_thing_to_group(ctx, child, tc2);
    jc_add_thing_to_group(ctx, grand, tg);
    expect_members(ctx, root, "recursive=true", (const char *[]){tr, tc, tc2, tg, NULL},
                   "of the top group with recursive=true");
    expect_members(ctx, child, "recursive=true", (const char *[]){tc, tc2, tg, NULL},
                   "of the middle group with recursive=true");
    expect_members(ctx, root, NULL, (const char *[]){tr, NULL}, "of the top group without recursive");
    expect_members(ctx, root, "recursive=false", (const char *[]){tr, NULL}, "of the top group with recursive=false");
}

/* The hierarchy limit on both sides (RG-006): a chain of 7 groups is
 * accepted level by level, an eighth level under the seventh is refused with
 * a 4xx (InvalidRequestException 400, RG-007) and does not exist afterwards,
 * and the seventh level stays usable (a thing joins it). */
#define GROUP_DEPTH_MAX 7

static void s_group_depth_limit(jc_ctx *ctx)
{
    const char *g[GROUP_DEPTH_MAX];
    g[0] = jc_create_group(ctx, "level1", NULL);
    for (int i = 1; i < GROUP_DEPTH_MAX; i++) {
        g[i] = jc_name(ctx, jc_str(ctx, "level%d", i + 1));
        jc_response *r = jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/thing-groups/%s", g[i]), NULL,
                                 jc_str(ctx, "{\"parentGroupName\":\"%s\"}", g[i - 1]));
        JC_REQUIRE(ctx, r->status == 200, "CreateThingGroup of level %d of a hierarchy: HTTP %d %s, expected 200 "
                   "(the service allows 7 levels)", i + 1, r->status, jc_str_or(r->error_code));
    }
    const char *deeper = jc_name(ctx, "level8");
    jc_response *r = jc_call(ctx, JC_CONTROL, "POST", jc_path(ctx, "/thing-groups/%s", deeper), NULL,
                             jc_str(ctx, "{\"parentGroupName\":\"%s\"}", g[GROUP_DEPTH_MAX - 1]));
    JC_CHECK(ctx, r->status >= 400 && r->status < 500, "CreateThingGroup under the seventh level: HTTP %d %s, "
             "expected a 4xx refusal (a hierarchy is at most 7 levels deep)", r->status, jc_str_or(r->error_code));
    jc_req_scope(ctx, "RG-007");
    jc_expect_error(ctx, r, "InvalidRequestException", 400);
    jc_req_scope(ctx, "RG-006");
    jc_expect_error(ctx, describe_group(ctx, deeper), "ResourceNotFoundException", 404);
    const char *thing = jc_create_thing(ctx, "deep", NULL);
    jc_add_thing_to_group(ctx, g[GROUP_DEPTH_MAX - 1], thing);
    JC_CHECK(ctx, group_lists_after(ctx, g[GROUP_DEPTH_MAX - 1], thing, true),
             "the seventh level does not list its new member %s after the refused eighth level", thing);
}

static const jc_scenario s_table[] = {
    {"registry.create-thing-members", "CreateThing returns thingName, thingId and a thing ARN", "RG-001", "smoke", 0,
     s_create_thing_members,
     JC_OPS("CreateThing,DeleteThing", "")},
    {"registry.describe-thing", "DescribeThing returns the thing's name, ARN and id", "RG-001", "", 0,
     s_describe_thing,
     JC_OPS("CreateThing,DescribeThing", "")},
    {"registry.delete-thing", "DeleteThing deletes: DescribeThing then gives ResourceNotFoundException 404", "RG-004",
     "", 0, s_delete_thing,
     JC_OPS("CreateThing,DescribeThing,DeleteThing", "")},
    {"registry.recreate-deleted-thing", "A thing deleted and created again is described, joins a group and gets a "
     "job's execution", "RG-004,RG-001,RG-002", "", 0, s_recreate_deleted_thing,
     JC_OPS("CreateThing,DescribeThing,DeleteThing,CreateThingGroup,AddThingToThingGroup,ListThingsInThingGroup", "CreateJob,DescribeJobExecution")},
    {"registry.thing-name-128", "A thing name of 128 characters is accepted", "WIRE-008,RG-001", "limits", 0,
     s_thing_name_128,
     JC_OPS("CreateThing,DescribeThing,DeleteThing", "")},
    {"registry.thing-name-129", "A thing name of 129 characters gives InvalidRequestException 400", "WIRE-008",
     "limits,negative", 0, s_thing_name_129,
     JC_OPS("CreateThing", "")},
    {"registry.create-group-members", "CreateThingGroup returns thingGroupName, thingGroupId and a thinggroup ARN",
     "RG-001", "smoke", 0, s_create_group_members,
     JC_OPS("CreateThingGroup,DeleteThingGroup", "")},
    {"registry.describe-group", "DescribeThingGroup returns the group's name, ARN, id and its creation time",
     "RG-001,RG-009", "", 0,
     s_describe_group,
     JC_OPS("CreateThingGroup,DescribeThingGroup", "")},
    {"registry.delete-group", "DeleteThingGroup deletes: DescribeThingGroup then gives ResourceNotFoundException 404",
     "RG-004", "", 0, s_delete_group,
     JC_OPS("CreateThingGroup,DescribeThingGroup,DeleteThingGroup", "")},
    {"registry.describe-unknown", "DescribeThing and DescribeThingGroup of unknown names give "
     "ResourceNotFoundException 404", "RG-003", "negative", 0, s_describe_unknown,
     JC_OPS("DescribeThing,DescribeThingGroup", "")},
    {"registry.membership-add-remove", "AddThingToThingGroup and RemoveThingFromThingGroup by name show in "
     "ListThingsInThingGroup", "RG-002", "", 0, s_membership_add_remove,
     JC_OPS("CreateThing,CreateThingGroup,AddThingToThingGroup,RemoveThingFromThingGroup,ListThingsInThingGroup", "")},
    {"registry.membership-by-arn", "AddThingToThingGroup and RemoveThingFromThingGroup accept ARNs", "RG-002", "", 0,
     s_membership_by_arn,
     JC_OPS("CreateThing,CreateThingGroup,AddThingToThingGroup,RemoveThingFromThingGroup,ListThingsInThingGroup", "")},
    {"registry.membership-unknown", "AddThingToThingGroup naming an unknown thing or group gives "
     "ResourceNotFoundException 404", "RG-003", "negative", 0, s_membership_unknown,
     JC_OPS("CreateThing,CreateThingGroup,AddThingToThingGroup", "")},
    {"registry.create-thing-again", "CreateThing of an existing name: the same attributes succeed, other attributes "
     "give ResourceAlreadyExistsException 409 and leave the thing unchanged", "RG-005", "negative", 0,
     s_create_thing_again,
     JC_OPS("CreateThing,DescribeThing,DeleteThing", "")},
    {"registry.create-group-again", "CreateThingGroup of an existing name: the same configuration succeeds, another "
     "parent or description gives ResourceAlreadyExistsException 409 and leaves the group unchanged", "RG-005", "negative", 0,
     s_create_group_again,
     JC_OPS("CreateThingGroup,DescribeThingGroup,DeleteThingGroup", "")},
    {"registry.list-unknown-group", "ListThingsInThingGroup of an unknown group gives ResourceNotFoundException 404",
     "RG-003", "negative", 0, s_list_unknown_group,
     JC_OPS("ListThingsInThingGroup", "")},
    {"registry.group-name-range", "A thing group name of 128 characters works; 129 characters or a '.' give "
     "InvalidRequestException 400 on Create, Describe, ListThingsIn, AddThingTo and DeleteThingGroup; "
     "thingGroupProperties must be an object", "WIRE-008,RG-001,RG-002", "limits,negative", 0, s_group_name_range,
     JC_OPS("CreateThing,CreateThingGroup,DescribeThingGroup,DeleteThingGroup,AddThingToThingGroup,ListThingsInThingGroup", "")},
    {"registry.list-recursive", "ListThingsInThingGroup with recursive=true lists the members of every level "
     "below the group, each once; without it only the group's own", "RG-008,RG-002", "", 0, s_list_recursive,
     JC_OPS("ListThingsInThingGroup", "CreateThing,CreateThingGroup,AddThingToThingGroup")},
    {"registry.group-depth-limit", "A 7-level group hierarchy is accepted; an eighth level gives "
     "InvalidRequestException 400 and is not created", "RG-006,RG-007", "limits,negative", 0, s_group_depth_limit,
     JC_OPS("CreateThingGroup", "CreateThing,DescribeThingGroup,AddThingToThingGroup,ListThingsInThingGroup")},
};

JC_SUITE(registry, "Registry", s_table);
