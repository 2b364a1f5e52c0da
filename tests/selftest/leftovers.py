#!/usr/bin/env python3
"""What a jobsconf run left on a server, seen through the API (botocore,
SigV4 signed as the service `iot`).

  leftovers.py count ENDPOINT
      prints a JSON object: how many jobs (and things and thing groups, where
      the server lists them) the server holds
  leftovers.py check ENDPOINT RESULTS_JSON BEFORE_JSON STEM
      the run of RESULTS_JSON (run with --transcripts all and --prefix P, so
      STEM is jcP) left nothing: no job whose id starts with STEM-, every thing and thing group
      it created answers ResourceNotFoundException, and the counts equal
      those of BEFORE_JSON (taken with `count` before the run). Exit 1 if not.

Jobs may stay DELETION_IN_PROGRESS for a while: `check` waits up to 20 s."""
import concurrent.futures
import json
import re
import sys
import time
import urllib.parse

import botocore.session
from botocore.exceptions import ClientError


def client(endpoint):
    s = botocore.session.get_session()
    return s.create_client("iot", region_name="us-east-1", endpoint_url=endpoint,
                           aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")


def walk(c, op, key):
    items, token = [], None
    for _ in range(1000):
        kw = {"maxResults": 250}
        if token:
            kw["nextToken"] = token
        page = getattr(c, op)(**kw)
        items += page.get(key, [])
        token = page.get("nextToken")
        if not token:
            return items
    raise RuntimeError(f"{op}: more than 1000 pages")


def counts(c):
    out = {"jobs": len(walk(c, "list_jobs", "jobs"))}
    for name, op, key in (("things", "list_things", "things"), ("groups", "list_thing_groups", "thingGroups")):
        try:
            out[name] = len(walk(c, op, key))
        except ClientError:
            out[name] = None  # the server does not list them (jobsref): checked by name instead
    return out


def created(results):
    """Names the run created, read from its transcripts."""
    made = {"jobs": set(), "things": set(), "groups": set()}
    pat = {"jobs": ("PUT", r"/jobs/([^/?]+)$"), "things": ("POST", r"/things/([^/?]+)$"),
           "groups": ("POST", r"/thing-groups/([^/?]+)$")}
    for sc in results["scenarios"]:
        for ex in sc.get("transcript") or []:
            path = urllib.parse.urlsplit(ex.get("url", "")).path
            for kind, (method, rx) in pat.items():
                m = re.search(rx, path)
                status = ex.get("status") or 0
                # refused (4xx) creates nothing; a 5xx or a broken exchange may have
                if ex.get("method") == method and m and not 400 <= status < 500:
                    made[kind].add(urllib.parse.unquote(m.group(1)))
    return made


def gone(c, kind, name):
    try:
        if kind == "things":
            c.describe_thing(thingName=name)
        else:
            c.describe_thing_group(thingGroupName=name)
    except ClientError as e:
        return e.response["Error"]["Code"] == "ResourceNotFoundException"
    return False


def check(endpoint, results_path, before_path, stem):
    c = client(endpoint)
    results = json.load(open(results_path))
    before = json.load(open(before_path))
    prefix = stem + "-"
    made = created(results)
    print(f"leftovers: the run (prefix {prefix}) created {len(made['jobs'])} job ids, "
          f"{len(made['things'])} things, {len(made['groups'])} thing groups")
    problems = []
    mine = []
    for _ in range(100):
        mine = [j["jobId"] for j in walk(c, "list_jobs", "jobs") if j["jobId"].startswith(prefix)]
        if not mine:
            break
        time.sleep(0.2)
    if mine:
        problems.append(f"{len(mine)} job(s) of the run are still listed: {', '.join(sorted(mine)[:10])}")
    listed = {"things": ("list_things", "things", "thingName"), "groups": ("list_thing_groups", "thingGroups", "groupName")}
    for kind in ("things", "groups"):
        op, key, member = listed[kind]
        try:  # where the server lists them, the listing says it; else each name is asked for
            left = sorted(x[member] for x in walk(c, op, key) if x.get(member, "").startswith(prefix))
        except ClientError:
            names = [n for n in sorted(made[kind]) if n.startswith(prefix)]
            with concurrent.futures.ThreadPoolExecutor(8) as pool:  # hundreds of names: a few at once
                still = list(pool.map(lambda n: not gone(c, kind, n), names))
            left = [n for n, s in zip(names, still) if s]
        if left:
            problems.append(f"{len(left)} {kind} of the run still exist: {', '.join(left[:10])}")
    after = counts(c)
    print(f"leftovers: before the run {json.dumps(before)}, after it {json.dumps(after)}")
    for k in after:
        if after[k] != before.get(k):
            problems.append(f"{k}: {before.get(k)} before the run, {after[k]} after it")
    for p in problems:
        print("leftovers: FAIL: " + p)
    if not problems:
        print("leftovers: the run left nothing of its own")
    return 1 if problems else 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "count":
        print(json.dumps(counts(client(sys.argv[2]))))
        return 0
    if len(sys.argv) == 6 and sys.argv[1] == "check":
        return check(*sys.argv[2:6])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
