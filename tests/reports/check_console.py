#!/usr/bin/env python3
"""The console of `jobsconf run` and `jobsconf report`, with the real runner
against real servers over loopback:

1. Off a terminal, against a server that answers UpdateJob with an HTML 500
   (a jobsref behind a small proxy that also makes the first of them slow,
   and has no admin routes, hence no controllable clock): the header says
   how many scenarios will be skipped and why; every SKIP prints its reason;
   heartbeat lines name the scenario the run waits for (JC_HEARTBEAT_S=1 so
   the test is short; the default is 10 s); the failures are grouped by cause
   on the console, in report.html and in summary.md, with one group for the
   HTML 500s and the same count everywhere; messages say "an HTML page
   titled ..." and never "HTTP 400 400"; the summary line appears once; the
   run says where the reports went.
2. On a real terminal (a pty): the progress line [done/total] with the
   failures so far is drawn and redrawn with \\r, and the total is the
   number of scenarios.
3. Against a jobsref that sends no error type (--fault error-type-missing):
   messages say "HTTP 400 without an error type", every failed check of a
   scenario is printed without --verbose, and the refusals group as one
   CreateJob cause (the first refusal, not the DescribeJob 404 after it).
4. `jobsconf report --from` says what it wrote.

    check_console.py JOBSCONF JOBSREF WORKDIR
"""
import http.client
import json
import http.server
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import threading
import time

jobsconf, jobsref, work = sys.argv[1], sys.argv[2], sys.argv[3]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
problems = []


def check(cond, what):
    if not cond:
        problems.append(what)
        print("BAD ", what)
    return cond


# ---- the server: jobsref, and a proxy that breaks UpdateJob -----------------

ref = subprocess.Popen([jobsref, "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
urls = {}
while len(urls) < 2:
    line = ref.stdout.readline()
    if not line:
        sys.exit("jobsref did not start")
    parts = line.split()
    if len(parts) == 2 and parts[0] in ("control", "data"):
        urls[parts[0]] = parts[1]
upstream = urls["control"].split("//", 1)[1]

PAGE = (b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>"
        b"<p>The upstream UpdateJob handler crashed.</p></body></html>")
slowed = threading.Event()


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = self.path.split("?", 1)[0]
        if self.command == "PATCH" and re.fullmatch(r"/jobs/[^/]+", path):
            if not slowed.is_set():  # the first UpdateJob is slow: the run waits for it
                slowed.set()
                time.sleep(3.5)
            self.send_response(500)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)
            return
        conn = http.client.HTTPConnection(upstream, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        conn.request(self.command, self.path, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        self.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length", "date", "server"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        conn.close()

    do_GET = do_PUT = do_POST = do_PATCH = do_DELETE = forward


proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
threading.Thread(target=proxy.serve_forever, daemon=True).start()
proxy_url = f"http://127.0.0.1:{proxy.server_address[1]}"

try:
    # ---- 1. off a terminal ------------------------------------------------------
    out_a = os.path.join(work, "a")
    env = dict(os.environ, JC_HEARTBEAT_S="1", NO_COLOR="1")
    p = subprocess.run([jobsconf, "run", "--endpoint", proxy_url, "--data-endpoint", urls["data"], "--suite", "updatejob",
                        "--jobs", "2", "--report-dir", out_a], capture_output=True, text=True, env=env, timeout=300)
    so = p.stdout
    print(so)
    check(p.returncode == 1, f"run against the broken UpdateJob exits {p.returncode}, expected 1")
    n_clock = sum(1 for _ in re.finditer(r"^SKIP ", so, re.M))
    m = re.search(r"^jobsconf: (\d+) scenario\(s\) will be skipped: (\d+) need a controllable clock: use --slow or a "
                  r"jobsref endpoint", so, re.M)
    check(m is not None, "no header line saying how many scenarios will be skipped and why")
    if m:
        check(int(m.group(1)) == int(m.group(2)) == n_clock and n_clock > 0,
              f"header forecasts {m.group(1)} skips, {n_clock} SKIP lines")
    lines = so.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("SKIP "):
            check(i + 1 < len(lines) and lines[i + 1].startswith("    ") and "clock" in lines[i + 1],
                  f"SKIP without its reason: {line!r}")
    beats = re.findall(r"^jobsconf: \.\.\. (\d+)/34 done, (\d+) failed, \d+s: waiting for (.*)$", so, re.M)
    check(any(w.startswith("scenario updatejob.") and "running for" in w for _, _, w in beats),
          f"no heartbeat naming the scenario the run waits for: {beats}")
    check(len(re.findall(r"^jobsconf: \d+ passed, \d+ failed", so, re.M)) == 1, "the summary line is not there exactly once")
    check(not re.search(r"^\d+ passed, \d+ failed$", so, re.M), "a second (CUnit) summary line")
    check(f"jobsconf: reports written to {out_a}/: report.html, summary.md, junit.xml, results.json" in so,
          "the run does not say where the reports went")
    check(not re.search(r"HTTP (\d{3}) \1\b", so), "a message of the form 'HTTP 400 400'")
    # grouped on the console: one group for the HTML 500 of UpdateJob
    g = re.search(r"^ +(\d+)  UpdateJob · HTTP 500 · no error type \(HTML page\):", so, re.M)
    check(g is not None, "no console group for UpdateJob's HTML 500")
    n_group = int(g.group(1)) if g else -1
    check(n_group >= 10, f"the UpdateJob group holds {n_group} scenarios")
    check("an HTML page titled \"502 Bad Gateway\"" in so, "the HTML page is not cut to its title in the messages")
    check("The upstream UpdateJob handler crashed" not in so, "the HTML page's body is in a console message")
    html = open(os.path.join(out_a, "report.html"), encoding="utf-8").read()
    hg = re.findall(r'<div class="group" id="group-\d+" data-count="(\d+)"><h3>\d+ scenarios: UpdateJob · HTTP 500 · '
                    r'no error type \(HTML page\)</h3>', html)
    check(hg == [str(n_group)], f"report.html groups for UpdateJob's HTML 500: {hg}, console says {n_group}")
    check("The upstream UpdateJob handler crashed" in html, "the whole page is not in the report's transcript")
    md = open(os.path.join(out_a, "summary.md"), encoding="utf-8").read()
    check(f"| {n_group} | UpdateJob · HTTP 500 · no error type (HTML page) |" in md, "summary.md has no such group")

    # ---- 2. on a terminal -------------------------------------------------------
    out_b = os.path.join(work, "b")
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.pop("NO_COLOR", None)
        os.environ["TERM"] = "xterm"
        os.execv(jobsconf, [jobsconf, "run", "--suite", "describejob", "--jobs", "2", "--report-dir", out_b])
    raw = b""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 1)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            raw += chunk
    _, status = os.waitpid(pid, 0)
    tty = raw.decode("utf-8", "replace")
    # the size of the describejob suite, as `list` gives it
    total = len(json.loads(subprocess.run([jobsconf, "list", "--suite", "describejob", "--json"], check=True,
                                          capture_output=True).stdout)["scenarios"])
    progress = re.findall(r"\r\x1b\[K\[(\d+)/(\d+)\] (\d+) failed, \d+s: ", tty)
    check(len(progress) >= 2, f"no progress line on the terminal ({len(progress)} drawn)")
    check(all(int(t) == total for _, t, _ in progress), f"progress totals {set(t for _, t, _ in progress)}, expected {total}")
    check(any(int(d) > 0 for d, _, _ in progress), "the progress line never counts a finished scenario")
    check(re.search(r"\r\x1b\[K\[\d+/%d\] \d+ failed" % total + r", \d+s: describejob\.", tty) is not None,
          "the progress line does not name the running scenario")
    check(len(re.findall(r"jobsconf: \d+ passed, \d+ failed", tty)) == 1, "terminal: the summary line is not there once")

    # ---- 3. a server that sends no error type: messages and every failed check ---
    etm = subprocess.Popen([jobsref, "--quiet", "--fault", "error-type-missing"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
    try:
        eu = {}
        while len(eu) < 2:
            parts = etm.stdout.readline().split()
            if len(parts) == 2 and parts[0] in ("control", "data"):
                eu[parts[0]] = parts[1]
        out_d = os.path.join(work, "d")
        p = subprocess.run([jobsconf, "run", "--endpoint", eu["control"], "--data-endpoint", eu["data"], "--suite",
                            "createjob", "--tag", "negative", "--jobs", "2", "--report-dir", out_d], capture_output=True,
                           text=True, env=env, timeout=300)
    finally:
        etm.terminate()
        etm.wait(timeout=10)
    so = p.stdout
    check("without an error type" in so, "no 'HTTP 400 without an error type' message")
    check(not re.search(r"HTTP (\d{3}) \1\b", so), "a message of the form 'HTTP 400 400'")
    res = json.load(open(os.path.join(out_d, "results.json"), encoding="utf-8"))
    blocks = re.split(r"^(?=[A-Z]+ +\S+  \(\d+ ms\))", so, flags=re.M)
    printed = {}
    for b in blocks:
        m = re.match(r"[A-Z]+ +(\S+)  \(", b)
        if m:
            printed[m.group(1)] = len(re.findall(r"^    FAIL", b, re.M))
    failing = [s for s in res["scenarios"] if s["status"] == "FAIL"]
    check(len(failing) >= 5, f"only {len(failing)} FAIL scenarios against error-type-missing")
    multi = 0
    for s in failing:
        n = sum(1 for c in s["checks"] if not c["passed"])
        multi += n > 1
        check(printed.get(s["id"]) == n, f"{s['id']}: {n} failed checks, {printed.get(s['id'])} printed without --verbose")
    check(multi > 0, "no scenario with several failed checks: the test proves nothing")
    g = re.search(r"^ +(\d+)  CreateJob · HTTP 400 · no error type:", so, re.M)
    check(g is not None and int(g.group(1)) >= 5, "the refusals without an error type are not one CreateJob group")

    # ---- 4. report --from -------------------------------------------------------
    out_c = os.path.join(work, "c")
    p = subprocess.run([jobsconf, "report", "--from", os.path.join(out_a, "results.json"), "--report-dir", out_c,
                        "--format", "html,md"], capture_output=True, text=True, timeout=60)
    check(p.returncode == 0, f"report --from exits {p.returncode}: {p.stderr}")
    check(f"jobsconf: reports written to {out_c}/: report.html, summary.md" in p.stdout,
          f"report --from does not say what it wrote: {p.stdout!r}")
finally:
    proxy.shutdown()
    ref.terminate()
    ref.wait(timeout=10)

if problems:
    print(f"console: FAILED ({len(problems)} problem(s))")
    sys.exit(1)
print("console: ok")
