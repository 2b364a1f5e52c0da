#!/usr/bin/env python3
"""selftest.safety: jobsconf is safe against any server (issue 9).

usage: safety.py JOBSCONF JOBSREF BROKEN_SERVER OUTDIR [CHECK...]

Each check starts real servers (jobsref, broken_server) on loopback and runs
the real jobsconf binary against them; stdlib only. With CHECK names only
those run (for investigating). Exit 0 when every check passed.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import xml.dom.minidom

JOBSCONF, JOBSREF, BROKEN, OUT = sys.argv[1:5]
ONLY = set(sys.argv[5:])
REPORTS = ("junit.xml", "results.json", "report.html", "summary.md")
problems = []
BASE_ENV = {k: v for k, v in os.environ.items()
            if not k.startswith(("JOBSCONF_", "AWS_", "CURL_CA_BUNDLE", "SSL_CERT_FILE"))}


def problem(check, text):
    problems.append(f"{check}: {text}")
    print(f"  PROBLEM {check}: {text}", flush=True)


class Server:
    """jobsref or broken_server, printing `control URL` / `data URL`."""

    def __init__(self, argv, name):
        self.log = open(os.path.join(OUT, name + ".server.err"), "w")
        self.p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.control = self.data = None
        deadline = time.time() + 10
        while time.time() < deadline and not (self.control and self.data):
            line = self.p.stdout.readline()
            if not line:
                break
            if line.startswith("control "):
                self.control = line.split()[1]
            if line.startswith("data "):
                self.data = line.split()[1]
        if not (self.control and self.data):
            raise RuntimeError(f"{argv[0]} did not start")

    def stop(self):
        self.p.terminate()
        try:
            self.p.wait(10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        self.log.close()


def no_auth_baseline():
    """A baseline for runs against a jobsref without --auth sigv4: the
    Authentication scenarios fail there by design (XFAIL, not a failure)."""
    listing = json.loads(subprocess.run([JOBSCONF, "list", "--json"], capture_output=True, check=True).stdout)
    path = os.path.join(OUT, "no-auth-baseline.txt")
    with open(path, "w") as f:
        for sc in listing["scenarios"]:
            if sc["suite"] == "Authentication":
                f.write(f"{sc['id']} this jobsref runs without --auth sigv4\n")
    return path


def jobsref(name, *extra):
    return Server([JOBSREF, "--quiet", "--deletion-delay", "500", *extra], name)


def broken(name, mode, *extra):
    return Server([BROKEN, "--mode", mode, "--lifetime", "300", *extra], name)


def run(name, args, env=None, timeout=300, signals=None):
    """Runs jobsconf; returns (rc, stdout bytes, stderr bytes, seconds, report dir)."""
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    rdir = os.path.join(d, "reports")
    if args and args[0] == "run" and "--report-dir" not in args:
        args = args + ["--report-dir", rdir]
    e = dict(BASE_ENV)
    e.update(env or {})
    t0 = time.time()
    p = subprocess.Popen([JOBSCONF, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e)
    if signals:
        for delay, sig in signals:
            time.sleep(delay)
            p.send_signal(sig)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
    secs = time.time() - t0
    open(os.path.join(d, "stdout"), "wb").write(out)
    open(os.path.join(d, "stderr"), "wb").write(err)
    return p.returncode, out, err, secs, rdir


def call(url, method="GET", body=None):
    req = urllib.request.Request(url, method=method, data=body.encode() if body else None,
                                 headers={"Content-Type": "application/json"} if body else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def reports_ok(check, rdir, incomplete=None, rc=None, insecure=False):
    """The four reports exist and parse; incomplete/exit code/insecure as expected."""
    for r in REPORTS:
        if not os.path.exists(os.path.join(rdir, r)):
            problem(check, f"{r} was not written")
            return None
    leftovers = [f for f in os.listdir(rdir) if ".tmp" in f]
    if leftovers:
        problem(check, f"temporary report files left: {leftovers}")
    try:
        xml.dom.minidom.parse(os.path.join(rdir, "junit.xml"))
    except Exception as e:  # noqa: BLE001
        problem(check, f"junit.xml does not parse: {e}")
    res = json.load(open(os.path.join(rdir, "results.json"), encoding="utf-8"))
    meta = res["run"]
    md = open(os.path.join(rdir, "summary.md"), encoding="utf-8").read()
    html = open(os.path.join(rdir, "report.html"), encoding="utf-8").read()
    junit = open(os.path.join(rdir, "junit.xml"), encoding="utf-8").read()
    if rc is not None and meta["exitCode"] != rc:
        problem(check, f"results.json says exit code {meta['exitCode']}, the process exited {rc}")
    if incomplete is not None:
        if meta.get("incomplete") != bool(incomplete):
            problem(check, f"results.json incomplete={meta.get('incomplete')}, expected {bool(incomplete)}")
        if incomplete:
            reason = meta.get("incompleteReason") or ""
            if not re.search(incomplete, reason):
                problem(check, f"incompleteReason {reason!r} does not match {incomplete!r}")
            for name, text in (("summary.md", md), ("report.html", html)):
                if "INCOMPLETE" not in text:
                    problem(check, f"{name} does not say INCOMPLETE")
            if '"incomplete" value="true"' not in junit:
                problem(check, "junit.xml has no incomplete=true property")
            if "\u2705" in md:
                problem(check, "summary.md of an incomplete run shows the green check")
    if insecure:
        for name, text in (("summary.md", md), ("report.html", html)):
            if "--insecure" not in text:
                problem(check, f"{name} has no --insecure warning")
        if '"insecure" value="true"' not in junit or meta.get("insecure") is not True:
            problem(check, "junit.xml/results.json do not record insecure=true")
    return res


# ---------------------------------------------------------------------------

def check_ownership():
    """Foreign jobs, things and groups survive a run; so do another run's."""
    c = "ownership"
    srv = jobsref("ownership")
    try:
        foreign_jobs = ["jcustomer-firmware-2024", "jcb-7", "prod-rollout-1", "jcother1-5-1-job"]
        call(f"{srv.control}/things/prod-thing", "POST", "{}")
        call(f"{srv.control}/things/jcustomer-thing", "POST", "{}")
        call(f"{srv.control}/thing-groups/jcustomer-group", "POST", "{}")
        call(f"{srv.control}/thing-groups/jcother1-5-2-group", "POST", "{}")
        for j in foreign_jobs:
            st, _ = call(f"{srv.control}/jobs/{j}", "PUT",
                         json.dumps({"targets": ["arn:aws:iot:us-east-1:123456789012:thing/prod-thing"],
                                     "document": "{}"}))
            if st != 200:
                problem(c, f"could not create the foreign job {j}: HTTP {st}")
        # one of them in progress on the device
        call(f"{srv.data}/things/prod-thing/jobs/jcustomer-firmware-2024", "POST", '{"status":"IN_PROGRESS"}')
        before = {j: call(f"{srv.control}/jobs/{j}")[1].get("job") for j in foreign_jobs}
        ex_before = call(f"{srv.control}/things/prod-thing/jobs/jcustomer-firmware-2024")[1]
        # two whole-suite runs at the same time against this one server
        procs = []
        for i in (1, 2):
            d = os.path.join(OUT, f"ownership-run{i}")
            os.makedirs(d, exist_ok=True)
            procs.append((d, subprocess.Popen(
                [JOBSCONF, "run", "--endpoint", srv.control, "--data-endpoint", srv.data, "--report-dir",
                 os.path.join(d, "reports"), "--transcripts", "all", "--format", "json",
                 "--baseline", no_auth_baseline()],
                stdout=open(os.path.join(d, "stdout"), "wb"), stderr=open(os.path.join(d, "stderr"), "wb"),
                env=BASE_ENV)))
        for d, p in procs:
            try:
                rc = p.wait(400)
            except subprocess.TimeoutExpired:
                p.kill()
                rc = "timeout"
            if rc != 0:
                tail = open(os.path.join(d, "stdout"), errors="replace").read()
                fails = [l for l in tail.splitlines() if l.startswith(("FAIL", "ERROR"))][:10]
                problem(c, f"{os.path.basename(d)}: exit {rc}, expected 0 (concurrent runs): {fails}")
        for j in foreign_jobs:
            st, body = call(f"{srv.control}/jobs/{j}")
            job = body.get("job")
            if st != 200 or not job:
                problem(c, f"the foreign job {j} is gone (HTTP {st})")
                continue
            for k in ("status", "lastUpdatedAt", "jobProcessDetails"):
                if job.get(k) != before[j].get(k):
                    problem(c, f"the foreign job {j} changed: {k} {before[j].get(k)} -> {job.get(k)}")
        ex_after = call(f"{srv.control}/things/prod-thing/jobs/jcustomer-firmware-2024")[1]
        if ex_after != ex_before:
            problem(c, "the foreign execution changed: version or status differ")
        for path in ("things/prod-thing", "things/jcustomer-thing", "thing-groups/jcustomer-group",
                     "thing-groups/jcother1-5-2-group"):
            st, _ = call(f"{srv.control}/{path}")
            if st != 200:
                problem(c, f"the foreign {path} is gone (HTTP {st})")
        # what the runs created carries the tag and was deleted
        for i in (1, 2):
            res = json.load(open(os.path.join(OUT, f"ownership-run{i}", "reports", "results.json")))
            prefix = dict((kv["key"], kv["value"]) for kv in res["run"]["config"])["prefix-used"]
            creates = [e for s in res["scenarios"] for e in s.get("transcript") or []
                       if e["method"] == "PUT" and re.match(r"https?://[^/]+/jobs/[^/?]+$", e["url"])
                       and e["url"].startswith(srv.control)]
            def is_object(text):
                if not isinstance(text, str):  # {"base64": ...}: not valid UTF-8 text, so not a JSON object
                    return False
                try:
                    return isinstance(json.loads(text or ""), dict)
                except ValueError:
                    return False
            # a body that is not a JSON object (a malformed-body scenario) is sent as written
            untagged = [e["url"] for e in creates
                        if is_object(e.get("requestBody")) and '"tags"' not in e["requestBody"]]
            if not creates or untagged:
                problem(c, f"run {i}: CreateJob requests without the jobsconf-run tag: {untagged[:3]}")
            tagged = sum(isinstance(e.get("requestBody"), str) and f'"Value":"{prefix}"' in e["requestBody"]
                         for e in creates)
            if tagged == 0:
                problem(c, f"run {i}: no CreateJob carries jobsconf-run={prefix}")
            st, body = call(f"{srv.control}/jobs?maxResults=250")
            left = []
            token = None
            while True:
                st, body = call(f"{srv.control}/jobs?maxResults=250" + (f"&nextToken={token}" if token else ""))
                left += [j["jobId"] for j in body.get("jobs", [])
                         if j["jobId"].startswith(prefix + "-") and j.get("status") != "DELETION_IN_PROGRESS"]
                token = body.get("nextToken")
                if not token:
                    break
            if left:
                problem(c, f"run {i} left {len(left)} of its jobs behind: {left[:5]}")
        # clean: lists only the full stem; deletes only with --yes
        rc, out, err, _, _ = run("clean-list", ["clean", "--endpoint", srv.control, "--prefix", "other1"])
        text = out.decode(errors="replace")
        if rc != 0 or "jcother1-5-1-job" not in text or "jcustomer" in text:
            problem(c, f"clean --prefix other1 (list): exit {rc}, output {text!r}")
        if call(f"{srv.control}/jobs/jcother1-5-1-job")[1].get("job", {}).get("status") != "IN_PROGRESS":
            problem(c, "clean without --yes deleted something")
        rc, out, err, _, _ = run("clean-b", ["clean", "--endpoint", srv.control, "--prefix", "b"])
        text = out.decode(errors="replace")
        if rc != 0 or "jcb-7" not in text or "jcustomer" in text:
            problem(c, f"clean --prefix b lists more than jcb-: {text!r}")
        rc, out, err, _, _ = run("clean-yes", ["clean", "--endpoint", srv.control, "--prefix", "other1", "--yes"])
        st, body = call(f"{srv.control}/jobs/jcother1-5-1-job")
        if rc != 0 or (st == 200 and body["job"]["status"] != "DELETION_IN_PROGRESS"):
            problem(c, f"clean --yes did not delete jcother1-5-1-job: exit {rc}, HTTP {st}")
        for j in ("jcustomer-firmware-2024", "jcb-7", "prod-rollout-1"):
            if call(f"{srv.control}/jobs/{j}")[1].get("job", {}).get("status") != "IN_PROGRESS":
                problem(c, f"clean --prefix other1 --yes touched {j}")
        rc, _, _, _, _ = run("clean-noprefix", ["clean", "--endpoint", srv.control])
        if rc != 2:
            problem(c, f"clean without --prefix exited {rc}, expected 2")
    finally:
        srv.stop()


def check_usage():
    c = "usage"
    cases = [
        ("tag-nosuch", ["run", "--tag", "nosuch"], {}, 2, r"usage error.*tag"),
        ("suite-nosuch", ["run", "--suite", "nosuch"], {}, 2, r"usage error.*suite"),
        ("requirement-and-suite", ["run", "--suite", "createjob", "--tag", "clock"], {}, None, None),
        ("env-typo", ["run", "--suite", "createjob"], {"JOBSCONF_ENDPIONT": "http://x"}, 2, None),
        ("not-a-url", ["run", "--endpoint", "notaurl"], {}, 2, None),
        ("ftp-url", ["run", "--endpoint", "ftp://x"], {}, 2, None),
        ("long-url", ["run", "--endpoint", "http://127.0.0.1:1/" + "a" * 3000], {}, 2, None),
    ]
    for name, args, env, want, reason in cases:
        rc, out, err, _, rdir = run("usage-" + name, args + ["--report-dir", os.path.join(OUT, "usage-" + name, "reports")], env)
        if want is None:
            continue
        if rc != want:
            problem(c, f"{name}: exit {rc}, expected {want}; stderr {err.decode(errors='replace')[:300]!r}")
        if name == "env-typo" and b"JOBSCONF_ENDPIONT" not in err:
            problem(c, "the unknown JOBSCONF_ variable is not named")
        if name == "long-url" and b"more than" not in err:
            problem(c, f"the too-long URL is not named as such: {err[:200]!r}")
        if reason:
            reports_ok(f"{c}/{name}", rdir, incomplete=reason, rc=rc)
    # no credentials against a non-local endpoint: a warning at start
    rc, out, err, _, _ = run("no-credentials", ["run", "--endpoint", "http://jobsconf-test.invalid:1", "--timeout", "2",
                                                "--suite", "createjob"])
    if b"WARNING: no credentials" not in err:
        problem(c, f"no warning about missing credentials against a remote endpoint: {err[:300]!r}")
    for sub in ("run", "list", "report", "diff", "clean"):
        rc, out, err, _, _ = run("help-" + sub, [sub, "--help"])
        if rc != 0 or b"usage: jobsconf" not in out:
            problem(c, f"`jobsconf {sub} --help` exited {rc} or printed no usage")
    rc, out, err, _, _ = run("list-bad", ["list", "--frob"])
    if rc != 2:
        problem(c, f"list --frob exited {rc}, expected 2")


def check_unreachable():
    """Exit 3 writes the four reports marked incomplete over a stale green summary."""
    c = "unreachable"
    rdir = os.path.join(OUT, "unreachable", "reports")
    os.makedirs(rdir, exist_ok=True)
    open(os.path.join(rdir, "summary.md"), "w").write("## \u2705 jobsconf conformance: **PASS**\n")
    rc, out, err, secs, rdir = run("unreachable", ["run", "--endpoint", "http://127.0.0.1:1", "--timeout", "2",
                                                   "--report-dir", rdir])
    if rc != 3:
        problem(c, f"exit {rc}, expected 3")
    reports_ok(c, rdir, incomplete=r"unreachable", rc=3)


def check_probe():
    """A URL that does not serve the data plane is a configuration error."""
    c = "probe"
    srv = broken("probe", "controlonly")
    try:
        rc, out, err, _, rdir = run("probe", ["run", "--endpoint", srv.control, "--suite", "describejob",
                                              "--report-dir", os.path.join(OUT, "probe", "reports")])
        if rc != 2 or b"does not serve the Jobs data plane" not in err or b"executionSummaries" not in err:
            problem(c, f"exit {rc} (expected 2 naming the answer seen): {err[:300]!r}")
        reports_ok(c, rdir, incomplete=r"configuration error", rc=2)
    finally:
        srv.stop()


def check_hostile():
    c = "hostile"
    srv = broken("hostile", "hostile")
    try:
        rc, out, err, _, rdir = run("hostile", ["run", "--endpoint", srv.control, "--data-endpoint", srv.data,
                                                "--suite", "describejob", "--verbose", "--report-dir",
                                                os.path.join(OUT, "hostile", "reports")])
        for name, text in (("stdout", out), ("stderr", err)):
            if any(b in text for b in (b"\x1b", b"\x07")):
                problem(c, f"raw ESC/BEL on {name}")
            if any(line.startswith(b"::") for line in text.splitlines()):
                problem(c, f"a server text starts a line of {name}")
        if b"\\x1B" not in out:
            problem(c, "the escaped form \\x1B does not appear: was the hostile text printed at all?")
        reports_ok(c, rdir, incomplete=False, rc=rc)
    finally:
        srv.stop()


def check_echo():
    c = "echo"
    token = "SessTok-Echo-7f3a9c1e5b"
    secret = "SecretKey-Echo-0d2b4f6a8c"
    srv = broken("echo", "echo")
    try:
        env = {"AWS_ACCESS_KEY_ID": "AKIDSAFETYTEST", "AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": token}
        rc, out, err, _, rdir = run("echo", ["run", "--endpoint", srv.control, "--data-endpoint", srv.data,
                                             "--suite", "describejob", "--verbose", "--transcripts", "all",
                                             "--report-dir", os.path.join(OUT, "echo", "reports")], env)
        seen = {"stdout": out, "stderr": err}
        for r in REPORTS:
            seen[r] = open(os.path.join(rdir, r), "rb").read()
        for name, text in seen.items():
            if token.encode() in text or secret.encode() in text:
                problem(c, f"the session token or secret key reached {name}")
        if b"REDACTED" not in seen["results.json"]:
            problem(c, "no [REDACTED] in results.json: did the server echo anything?")
    finally:
        srv.stop()


def check_time():
    """A crawling server: the run stops after consecutive failures; --max-time bounds it."""
    c = "time"
    srv = broken("drip", "drip")
    try:
        rc, out, err, secs, rdir = run("drip", ["run", "--endpoint", srv.control, "--data-endpoint", srv.data,
                                                "--timeout", "1", "--report-dir", os.path.join(OUT, "drip", "reports")],
                                       timeout=200)
        res = reports_ok(c, rdir, incomplete=r"endpoint unreachable since", rc=rc)
        if rc != 1:
            problem(c, f"drip: exit {rc}, expected 1")
        if secs > 60:
            problem(c, f"drip: the run took {secs:.0f} s; it should stop after 5 failed exchanges")
        if res:
            not_run = [s for s in res["scenarios"] if (s.get("message") or "").startswith("not run: endpoint unreachable since")]
            if len(not_run) < len(res["scenarios"]) - 20 or any(s["status"] != "ERROR" for s in not_run):
                problem(c, f"drip: {len(not_run)} of {len(res['scenarios'])} scenarios reported as not run")
        rc, out, err, secs, rdir = run("maxtime", ["run", "--endpoint", srv.control, "--data-endpoint", srv.data,
                                                   "--timeout", "30", "--max-time", "6", "--report-dir",
                                                   os.path.join(OUT, "maxtime", "reports")], timeout=100)
        reports_ok(c + "/max-time", rdir, incomplete=r"max-time", rc=rc)
        if secs > 15:
            problem(c, f"--max-time 6: the run took {secs:.0f} s")
    finally:
        srv.stop()


def check_signals():
    c = "signals"
    srv = broken("signals", "drip")
    try:
        for name, sigs, want in (("sigterm", [(1.5, signal.SIGTERM)], 143), ("sigint", [(1.5, signal.SIGINT)], 130),
                                 ("sigint-twice", [(1.5, signal.SIGINT), (0.05, signal.SIGINT)], 130)):
            # the second signal exits at once, by design, leaving worker
            # threads unjoined: under TSan that is a "thread leak", which
            # would change the exit code (66), so it is not reported here
            env = None
            if name == "sigint-twice":
                env = {"TSAN_OPTIONS": (os.environ.get("TSAN_OPTIONS", "") + ":report_thread_leaks=0").lstrip(":")}
            rc, out, err, secs, rdir = run(name, ["run", "--endpoint", srv.control, "--data-endpoint", srv.data,
                                                  "--timeout", "30", "--report-dir",
                                                  os.path.join(OUT, name, "reports")], env=env, timeout=60,
                                           signals=sigs)
            if rc != want:
                problem(c, f"{name}: exit {rc}, expected {want}")
            if secs > 15:
                problem(c, f"{name}: took {secs:.0f} s to stop")
            if name != "sigint-twice":
                reports_ok(f"{c}/{name}", rdir, incomplete=r"interrupted by SIG", rc=rc)
    finally:
        srv.stop()


def check_tls():
    c = "tls"
    d = os.path.join(OUT, "tls")
    os.makedirs(d, exist_ok=True)
    cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    srv = broken("tls", "html400", "--tls-cert", cert, "--tls-key", key)
    try:
        base = ["run", "--endpoint", srv.control, "--data-endpoint", srv.data, "--suite", "describejob"]
        rc, out, err, _, rdir = run("tls-verify", base)
        # curl's error buffer names the cause, beyond "SSL peer certificate ... was not OK"
        if rc != 3 or not re.search(rb"self[- ]signed", err):
            problem(c, f"self-signed without a CA: exit {rc} (expected 3 with curl's detailed text): {err[:300]!r}")
        rc, out, err, _, rdir = run("tls-ca", base + ["--ca-bundle", cert])
        if rc != 1 or b"scenario(s) against https://" not in out:
            problem(c, f"--ca-bundle: exit {rc}, expected a run (exit 1): {err[:300]!r}")
        rc, out, err, _, rdir = run("tls-env", base, {"CURL_CA_BUNDLE": cert})
        if rc != 1:
            problem(c, f"CURL_CA_BUNDLE: exit {rc}, expected a run (exit 1): {err[:300]!r}")
        rc, out, err, _, rdir = run("tls-insecure", base + ["--insecure"])
        if rc != 1 or b"--insecure" not in err:
            problem(c, f"--insecure: exit {rc}, expected a run (exit 1) and a warning: {err[:300]!r}")
        reports_ok(c + "/insecure", rdir, incomplete=False, rc=rc, insecure=True)
    finally:
        srv.stop()


def check_bounded():
    """8 MB answers: transcripts capped; an all-pass run's reports stay small."""
    c = "bounded"
    srv = broken("bigjson", "bigjson")
    try:
        rc, out, err, _, rdir = run("bigjson", ["run", "--endpoint", srv.control, "--data-endpoint", srv.data,
                                                "--requirement", "DJ-001", "--transcripts", "all", "--report-dir",
                                                os.path.join(OUT, "bigjson", "reports")])
        reports_ok(c, rdir, rc=rc)
        for r in REPORTS:
            size = os.path.getsize(os.path.join(rdir, r))
            if size > 5_000_000:
                problem(c, f"bigjson: {r} is {size} bytes")
        res = json.load(open(os.path.join(rdir, "results.json")))
        bodies = [e.get("responseBody") or "" for s in res["scenarios"] for e in s.get("transcript") or []]
        if not any("bytes not kept]" in b for b in bodies):
            problem(c, "no transcript body says how many bytes were not kept")
    finally:
        srv.stop()
    rc, out, err, _, rdir = run("allpass", ["run", "--report-dir", os.path.join(OUT, "allpass", "reports")])
    if rc != 0:
        problem(c, f"the whole suite against the bundled jobsref exited {rc}")
    for r in ("junit.xml", "results.json"):
        size = os.path.getsize(os.path.join(rdir, r))
        if size > 300 * 1024:
            problem(c, f"an all-pass run wrote a {size}-byte {r} (limit 300 KB)")
    reports_ok(c + "/allpass", rdir, incomplete=False, rc=0)


CHECKS = [check_usage, check_unreachable, check_probe, check_hostile, check_echo, check_bounded, check_tls,
          check_signals, check_time, check_ownership]

if __name__ == "__main__":
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    for chk in CHECKS:
        name = chk.__name__[6:]
        if ONLY and name not in ONLY:
            continue
        t0 = time.time()
        print(f"safety: {name} ...", flush=True)
        try:
            chk()
        except Exception as e:  # noqa: BLE001
            problem(name, f"the check broke: {e!r}")
        print(f"safety: {name} done in {time.time() - t0:.1f} s", flush=True)
    # a sanitizer build (asan preset) reports on stderr: none may appear
    for root, _, files in os.walk(OUT):
        for f in files:
            if f in ("stderr", "stdout") or f.endswith(".server.err"):
                text = open(os.path.join(root, f), errors="replace").read()
                if os.path.basename(root) == "sigint-twice":
                    # the second signal exits at once, by design: TSan sees
                    # the worker threads left running
                    text = re.sub(r"WARNING: ThreadSanitizer: thread leak.*?ThreadSanitizer: reported \d+ warnings",
                                  "", text, flags=re.S)
                if "Sanitizer" in text or "runtime error:" in text:
                    problem("sanitizer", f"a sanitizer report in {os.path.relpath(os.path.join(root, f), OUT)}")
    print(f"\n{len(problems)} problem(s)")
    for p in problems:
        print("  " + p)
    sys.exit(1 if problems else 0)
