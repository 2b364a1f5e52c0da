#!/usr/bin/python3
"""Writes tests/server/sigv4-botocore.json (stdout): known-answer SigV4 cases
signed by botocore's SigV4Auth, the copy bundled with the Debian AWS CLI (run
with /usr/bin/python3), for test_sigv4. The output is kept in the tree."""
import datetime
import json
import sys
import unittest.mock

import awscli  # noqa: F401  (makes `botocore` the copy bundled with the AWS CLI)
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

CASES = [
    # name, method, path+query, headers, body, service, region, key, secret, token, amz date
    ("control-get-query", "GET", "/jobs?status=IN_PROGRESS&maxResults=2&thingGroupName=g%2F1", {}, b"",
     "execute-api", "us-east-1", "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, "20260115T101500Z"),
    ("control-put-body", "PUT", "/jobs/job-1", {"Content-Type": "application/json"},
     b'{"targets":["arn:aws:iot:us-east-1:123456789012:thing/t1"],"document":"{}"}',
     "execute-api", "us-east-1", "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, "20260115T101500Z"),
    ("control-iot-scope", "DELETE", "/jobs/job-1?force=true", {}, b"",
     "iot", "eu-west-1", "AKIDOTHER", "secret-two", None, "20251231T235959Z"),
    ("data-next-encoded", "GET", "/things/thing%201/jobs/%24next?includeJobDocument=true", {}, b"",
     "iot-jobs-data", "us-east-1", "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, "20260115T101500Z"),
    ("data-post-token", "POST", "/things/t1/jobs/j1", {"Content-Type": "application/json"},
     b'{"status":"SUCCEEDED","expectedVersion":2}', "iot-jobs-data", "us-east-1", "ASIATEMP", "temp-secret",
     "FQoGZXIvYXdzEJr//////////wEaDtoken+/=", "20260115T101500Z"),
    ("control-dot-segments", "GET", "/jobs/./a/../job-2", {"X-Amz-Meta-Note": "  two   spaces  "}, b"",
     "execute-api", "us-east-1", "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, "20260115T101500Z"),
    ("control-query-plus-tilde", "GET", "/jobs?nextToken=a%2Bb%3D%3D~&maxResults=10&b=&a=1", {}, b"",
     "execute-api", "us-east-1", "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, "20260115T101500Z"),
]


def sign(case):
    name, method, target, headers, body, service, region, key, secret, token, amz_date = case
    url = "http://127.0.0.1:8080" + target
    req = AWSRequest(method=method, url=url, data=body, headers=dict(headers))
    now = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
    with unittest.mock.patch("botocore.auth.datetime") as dt:
        dt.datetime.utcnow.return_value = now
        SigV4Auth(Credentials(key, secret, token), service, region).add_auth(req)
    path, _, query = target.partition("?")
    sent = {"Host": "127.0.0.1:8080"}
    sent.update({k: v for k, v in req.headers.items()})
    return {
        "name": name, "method": method, "path": path, "query": query,
        "headers": [[k, v] for k, v in sent.items()],
        "body": body.decode(), "service": service, "region": region,
        "accessKeyId": key, "secret": secret, "sessionToken": token,
        "amzDate": amz_date, "authorization": req.headers["Authorization"],
    }


def main():
    import botocore
    out = {"generator": "tests/server/gen_sigv4_vectors.py", "botocore": botocore.__version__,
           "cases": [sign(c) for c in CASES]}
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
