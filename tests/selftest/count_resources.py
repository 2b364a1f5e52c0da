#!/usr/bin/env python3
"""Counts the jobs, things and thing groups on a Jobs control plane whose
names start with a stem, through the API (botocore, SigV4 as the service
`iot`): prints `jobs=N things=N groups=N`. Used by the self-tests to show
that a run leaves the server as it found it.

usage: count_resources.py ENDPOINT STEM"""
import sys

import botocore.session


def main():
    endpoint, stem = sys.argv[1], sys.argv[2]
    s = botocore.session.get_session()
    c = s.create_client("iot", region_name="us-east-1", endpoint_url=endpoint,
                        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")
    counts = {}
    for name, op, key, member in (("jobs", "list_jobs", "jobs", "jobId"),
                                  ("things", "list_things", "things", "thingName"),
                                  ("groups", "list_thing_groups", "thingGroups", "groupName")):
        n, token = 0, None
        while True:
            kw = {"maxResults": 250}
            if token:
                kw["nextToken"] = token
            page = getattr(c, op)(**kw)
            n += sum(1 for x in page.get(key, []) if x.get(member, "").startswith(stem))
            token = page.get("nextToken")
            if not token:
                break
        counts[name] = n
    print(" ".join(f"{k}={v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
