#!/usr/bin/env python3
"""Mutation self-test of the conformance suite: each mutant is one changed
line of reference/src; the suite (an unchanged jobsconf) must notice it.

    mutate.py campaign --jobsconf PATH --work DIR [--seed S] [--count N] [--limit S] [--first-failure]
    mutate.py ci       --jobsconf PATH --work DIR [--sample FILE]
    mutate.py one      --jobsconf PATH --work DIR ID_OR_TSV_ROW_FILE
    mutate.py rejudge  --jobsconf PATH --work CAMPAIGN_DIR   (its survivors, by a newer jobsconf)

The driver never touches the repository's sources: it copies CMakeLists.txt and
reference/ to DIR/tree, configures DIR/build (Debug: fastest compile) and, per
mutant, writes the mutated line into the copy, rebuilds only `jobsref_bin`
(one object and two links), starts a private mosquitto and `jobsref --clock virtual --admin --mqtt` on
ephemeral ports, runs `jobsconf run --endpoint ... --data-endpoint ...`, and
writes the original file back (also on any exit).  Outcome per mutant:
  killed     jobsconf exited non-zero (a scenario FAIL/ERROR), or jobsref died
  survived   jobsconf exited 0: every scenario passed against the mutant
  timeout    jobsconf or jobsref did not finish within --limit seconds
  build      the mutant does not compile (-Werror included): not counted
  stale      the line is not in the sources any more (CI sample after an edit)
  equivalent listed in tests/mutation/equivalent.txt: not counted
  conforming listed there with a reason starting "conforming:": the mutant
             changes what the server answers, but into another answer the
             sources allow (both conform); not counted, reported apart
DIR/results.tsv gets one line per mutant as it finishes (a rerun of the same
campaign skips mutants already there); DIR/report.md lists the survivors with
their diff.  Exit: 0 when (ci) every sampled mutant is killed, 1 otherwise."""
import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import mutants as gen  # noqa: E402


def log(*a):
    print(*a, flush=True)


def read_rows(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        mid, kind, rel, no, before, after = line.split("\t")[:6]
        rows.append(dict(id=mid, kind=kind, file=rel, line=int(no),
                         before=gen.unesc(before), after=gen.unesc(after)))
    return rows


def read_results(path):
    res = {}
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            p = line.rstrip("\n").split("\t")
            if len(p) >= 3:
                res[p[0]] = (p[1], p[2])
    return res


def eq_reason(row, eq):
    """Why row is equivalent (its id, or `file:PATH` for a whole file), or None."""
    return eq.get(row["id"]) or eq.get("file:" + row["file"])


def read_equivalent(path):
    """`ID  reason` or `file:PATH  reason` per line; the reason is mandatory."""
    eq = {}
    if not os.path.exists(path):
        return eq
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        if len(parts) < 2:
            sys.exit(f"equivalent.txt: {parts[0]} has no reason")
        eq[parts[0]] = parts[1]
    return eq


class Tree:
    """A private copy of the server's sources and its build directory."""

    def __init__(self, work):
        self.work = os.path.abspath(work)
        self.tree = os.path.join(self.work, "tree")
        self.build = os.path.join(self.work, "build")
        self.saved = {}  # rel path -> original text, while mutated

    def sync(self):
        os.makedirs(self.tree, exist_ok=True)
        # Copy only what differs, with a new mtime: an earlier run's objects
        # may come from a mutated file, and copying the sources' old mtimes
        # back would make them look up to date.
        pairs = [("CMakeLists.txt", "CMakeLists.txt")]
        for base, _, files in os.walk(os.path.join(ROOT, "reference")):
            for f in files:
                rel = os.path.relpath(os.path.join(base, f), ROOT)
                pairs.append((rel, rel))
        wanted = set()
        for src_rel, dst_rel in pairs:
            src, dst = os.path.join(ROOT, src_rel), os.path.join(self.tree, dst_rel)
            wanted.add(os.path.normpath(dst))
            data = open(src, "rb").read()
            if not os.path.exists(dst) or open(dst, "rb").read() != data:
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                open(dst, "wb").write(data)
        for base, _, files in os.walk(os.path.join(self.tree, "reference")):
            for f in files:
                if os.path.normpath(os.path.join(base, f)) not in wanted:
                    os.remove(os.path.join(base, f))
        if not os.path.exists(os.path.join(self.build, "CMakeCache.txt")):
            r = subprocess.run(["cmake", "-S", self.tree, "-B", self.build, "-DCMAKE_BUILD_TYPE=Debug",
                                "-DCMAKE_C_COMPILER=gcc", "-G", "Unix Makefiles"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if r.returncode:
                sys.exit("mutate: cmake configure failed:\n" + r.stdout[-3000:])

    def compile(self, limit=600):
        try:
            r = subprocess.run(["cmake", "--build", self.build, "--target", "jobsref_bin", "-j1"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=limit)
        except subprocess.TimeoutExpired:
            return False, "build timed out"
        return r.returncode == 0, r.stdout[-2000:]

    def server(self):
        return os.path.join(self.build, "reference", "server", "jobsref")

    def locate(self, row):
        """The 0-based line index of row's `before` in its file, or None."""
        path = os.path.join(self.tree, row["file"])
        if not os.path.exists(path):
            return None
        lines = open(path, encoding="utf-8").read().split("\n")
        i = row["line"] - 1
        if 0 <= i < len(lines) and lines[i] == row["before"]:
            return i
        hits = [k for k, l in enumerate(lines) if l == row["before"]]
        return hits[0] if len(hits) == 1 else None

    def apply(self, row):
        i = self.locate(row)
        if i is None:
            return False
        path = os.path.join(self.tree, row["file"])
        text = open(path, encoding="utf-8").read()
        self.saved[row["file"]] = text
        lines = text.split("\n")
        lines[i] = row["after"]
        open(path, "w", encoding="utf-8").write("\n".join(lines))
        return True

    def restore(self):
        for rel, text in self.saved.items():
            open(os.path.join(self.tree, rel), "w", encoding="utf-8").write(text)
        self.saved.clear()


def stop(p):
    if p is None or p.poll() is not None:
        return
    try:
        os.killpg(p.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        p.wait(5)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()


MOSQUITTO = "/usr/sbin/mosquitto"


def start_broker(outdir):
    """A private mosquitto on a free loopback port, so that the device MQTT
    API (reference/src/mqtt_*.c) is judged too: without one the DeviceMQTT
    scenarios SKIP and every mutant of those files survives. Returns
    (process, url), or (None, None) where mosquitto is not installed."""
    if not os.access(MOSQUITTO, os.X_OK):
        return None, None
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    conf = os.path.join(outdir, "mosquitto.conf")
    with open(conf, "w") as f:
        f.write(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nset_tcp_nodelay true\n")
    broker = subprocess.Popen([MOSQUITTO, "-c", conf], stdout=subprocess.DEVNULL,
                              stderr=open(os.path.join(outdir, "mosquitto.log"), "w"), start_new_session=True)
    deadline = time.time() + 10
    while time.time() < deadline and broker.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return broker, f"mqtt://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.05)
    stop(broker)
    return None, None


def run_suite(server, jobsconf, outdir, limit, prefix, first_failure=False):
    """Starts a broker and jobsref on ephemeral ports, runs jobsconf against
    them. Returns (outcome, detail)."""
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    broker, mqtt = start_broker(outdir)
    srv_out = open(os.path.join(outdir, "jobsref.out"), "w")
    # As run_fault.sh: SigV4 on with a credential made for the run (the
    # auth suite needs it), the admin token read back from jobsref.
    creds = os.path.join(outdir, "credentials")
    with open(creds, "w") as f:
        f.write("AKIDMUTATION0001 mutation-secret-%s\n" % prefix)
    srv = subprocess.Popen([server, "--clock", "virtual", "--admin", "--control-port", "0", "--data-port", "0",
                            "--deletion-delay", "1000", "--quiet", "--auth", "sigv4", "--credentials", creds]
                           + (["--mqtt", mqtt] if mqtt else []),
                           stdout=srv_out,
                           stderr=open(os.path.join(outdir, "jobsref.log"), "w"), start_new_session=True)
    runner = None
    try:
        control = data = token = None
        deadline = time.time() + 30
        while time.time() < deadline and srv.poll() is None:
            text = open(os.path.join(outdir, "jobsref.out")).read()
            c = re.search(r"^control (http:\S+)$", text, re.M)
            d = re.search(r"^data (http:\S+)$", text, re.M)
            t = re.search(r"^admin-token (\S+)$", text, re.M)
            if c and d and t:
                control, data, token = c.group(1), d.group(1), t.group(1)
                break
            time.sleep(0.05)
        if not control:
            return "killed", "jobsref did not start (exit %s)" % srv.poll()
        runner = subprocess.Popen([jobsconf, "run", "--endpoint", control, "--data-endpoint", data,
                                   "--report-dir", outdir, "--format", "json", "--prefix", prefix,
                                   "--poll-deadline", "2", "--timeout", "5", "--strict"]
                                  + (["--mqtt-endpoint", mqtt] if mqtt else []),
                                  env=dict(os.environ, AWS_ACCESS_KEY_ID="AKIDMUTATION0001",
                                           AWS_SECRET_ACCESS_KEY="mutation-secret-%s" % prefix,
                                           JOBSCONF_ADMIN_TOKEN=token),
                                  stdout=open(os.path.join(outdir, "jobsconf.out"), "w"), stderr=subprocess.STDOUT,
                                  start_new_session=True)
        deadline = time.time() + limit
        out_path = os.path.join(outdir, "jobsconf.out")
        while True:
            try:
                rc = runner.wait(0.1)
                break
            except subprocess.TimeoutExpired:
                pass
            if time.time() > deadline:
                return "timeout", f"jobsconf still running after {limit} s"
            if first_failure:
                # jobsconf flushes one line per scenario: the first FAIL or
                # ERROR already kills the mutant.
                m = re.search(r"^(FAIL|ERROR)\s+(\S+)", open(out_path, errors="replace").read(), re.M)
                if m:
                    return "killed", f"{m.group(2)} {m.group(1)} (run stopped at the first failure)"
        alive = srv.poll() is None
        if rc == 0:
            return ("survived", "every scenario passed") if alive else ("killed", "jobsref died, suite passed")
        failed = failures(outdir)
        return "killed", f"jobsconf exit {rc}" + ("" if alive else ", jobsref died") + (": " + failed if failed else "")
    finally:
        stop(runner)
        stop(srv)
        stop(broker)


def failures(outdir):
    import json
    try:
        res = json.load(open(os.path.join(outdir, "results.json"), encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    bad = []

    def walk(x):
        if isinstance(x, dict):
            if "status" in x and x.get("status") in ("FAIL", "ERROR", "BLOCKED") and "id" in x:
                bad.append(f"{x['id']} {x['status']}")
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(res)
    return ", ".join(bad[:4]) + (f" (+{len(bad) - 4})" if len(bad) > 4 else "")


def run_one(tree, row, jobsconf, limit, first_failure=False):
    t0 = time.time()
    try:
        if not tree.apply(row):
            return "stale", "line not found in the sources", 0.0
        ok, out = tree.compile()
        if not ok:
            return "build", out.strip().splitlines()[-1] if out.strip() else "build failed", time.time() - t0
        outcome, detail = run_suite(tree.server(), jobsconf, os.path.join(tree.work, "run"), limit, "mu",
                                    first_failure)
        return outcome, detail, time.time() - t0
    finally:
        tree.restore()


def diff_of(row):
    return f"--- {row['file']}:{row['line']}\n-{row['before']}\n+{row['after']}"


def excused_as(reason):
    """The outcome an equivalent.txt entry gives a surviving mutant."""
    return "conforming" if reason.startswith("conforming:") else "equivalent"


def report(work, rows, results, eq, title):
    counts = {}
    for r in rows:
        o = results.get(r["id"], ("pending",))[0]
        if eq_reason(r, eq) and o == "survived":
            o = excused_as(eq_reason(r, eq))
        counts[o] = counts.get(o, 0) + 1
    killed, timeout, surv = counts.get("killed", 0), counts.get("timeout", 0), counts.get("survived", 0)
    judged = killed + timeout + surv
    rate = 100.0 * (killed + timeout) / judged if judged else 0.0
    lines = [f"# {title}", "", f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", "",
             "| outcome | mutants |", "|---|---|"]
    for k in ("killed", "timeout", "survived", "equivalent", "conforming", "build", "stale", "pending"):
        if counts.get(k):
            lines.append(f"| {k} | {counts[k]} |")
    lines += ["", f"kill rate: {killed + timeout} of {judged} non-equivalent mutants that built "
              f"({rate:.1f} %; timeouts count as killed; equivalent and conforming mutants are not counted)",
              "", "## Survivors", ""]
    for r in rows:
        if results.get(r["id"], ("",))[0] == "survived" and not eq_reason(r, eq):
            lines += [f"### {r['id']} ({r['kind']})", "", "```diff", diff_of(r), "```", ""]
    for kind, heading in (("equivalent", "Equivalent"), ("conforming", "Conforming")):
        listed = [r for r in rows if eq_reason(r, eq) and excused_as(eq_reason(r, eq)) == kind]
        if listed:
            lines += ["", f"## {heading} (tests/mutation/equivalent.txt)", ""]
            lines += [f"- {r['id']}: {eq_reason(r, eq)}" for r in listed]
    text = "\n".join(lines) + "\n"
    open(os.path.join(work, "report.md"), "w", encoding="utf-8").write(text)
    return rate, counts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["campaign", "ci", "one", "list", "report", "pick", "rejudge"])
    ap.add_argument("arg", nargs="?")
    ap.add_argument("--jobsconf", required=False)
    ap.add_argument("--work", default="mutation-work")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--limit", type=int, default=180, help="seconds for one suite run")
    ap.add_argument("--shard", default="0/1",
                    help="K/N: this worker runs the campaign's mutants K, K+N, ... in its own copy "
                         "(DIR/shard-K); workers share DIR/results.tsv")
    ap.add_argument("--start-at", type=int, default=0, help="begin at this position of the (sharded) order")
    ap.add_argument("--reverse", action="store_true",
                    help="take the mutants from the end (one more worker: --shard K/1 with its own K)")
    ap.add_argument("--first-failure", action="store_true",
                    help="stop jobsconf at the first FAIL/ERROR (always on in ci mode)")
    ap.add_argument("--sample", default=os.path.join(HERE, "ci-sample.tsv"))
    ap.add_argument("--equivalent", default=os.path.join(HERE, "equivalent.txt"))
    a = ap.parse_args()

    src = os.path.join(ROOT, "reference", "src")
    if a.mode == "list":
        cands = gen.generate(src, [os.path.join(ROOT, "reference", "include"), src], a.seed, ROOT)
        for kind, rel, no, before, after in sorted(gen.sample(cands, a.seed, a.count), key=lambda c: (c[1], c[2], c[4])):
            print("\t".join([gen.mutant_id(kind, rel, no, after), kind, rel, str(no), gen.esc(before), gen.esc(after)]))
        return 0
    eq = read_equivalent(a.equivalent)
    if a.mode in ("pick", "report"):
        a.jobsconf = a.jobsconf or "-"
    if not a.jobsconf:
        ap.error("--jobsconf is required")
    jobsconf = os.path.abspath(a.jobsconf)
    os.makedirs(a.work, exist_ok=True)
    shard_k, shard_n = (int(x) for x in a.shard.split("/"))
    tree = Tree(os.path.join(a.work, "rejudge" + ("" if a.shard == "0/1" else f"-{shard_k}")) if a.mode == "rejudge"
                else a.work if a.shard == "0/1" else
                os.path.join(a.work, f"shard-{shard_k}" + ("r" if a.reverse else "") + (f"s{a.start_at}" if a.start_at else "")))
    if shard_k >= shard_n:
        shard_k = 0  # a K/1 worker with its own copy runs every mutant

    def on_signal(signum, _frame):
        tree.restore()
        sys.exit(128 + signum)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    if a.mode == "pick":
        # A CI sample from a campaign: --count killed mutants, round-robin over
        # the operators, a new source file first, the quickest kill first.
        rows = read_rows(os.path.join(a.work, "mutants.tsv"))
        secs = {}
        for line in open(os.path.join(a.work, "results.tsv"), encoding="utf-8"):
            p = line.rstrip("\n").split("\t")
            if len(p) >= 4 and p[1] == "killed":
                secs[p[0]] = float(p[3])
        pool = {k: sorted((r for r in rows if r["id"] in secs and r["kind"] == k and not eq_reason(r, eq)),
                          key=lambda r: secs[r["id"]])
                for k in gen.KINDS}
        chosen, files = [], set()
        while len(chosen) < a.count and any(pool.values()):
            for k in gen.KINDS:
                if not pool[k] or len(chosen) >= a.count:
                    continue
                fresh = [r for r in pool[k] if r["file"] not in files]
                r = fresh[0] if fresh else pool[k][0]
                pool[k].remove(r)
                chosen.append(r)
                files.add(r["file"])
        chosen.sort(key=lambda r: (r["file"], r["line"]))
        print("# mutation.ci sample: killed mutants of a campaign (mutate.py pick), one per line:")
        print("# id, kind, file, line, before, after (tabs and backslashes escaped)")
        for r in chosen:
            print("\t".join([r["id"], r["kind"], r["file"], str(r["line"]), gen.esc(r["before"]), gen.esc(r["after"])]))
        return 0
    if a.mode == "report":
        rows = read_rows(os.path.join(a.work, "mutants.tsv"))
        results = read_results(os.path.join(a.work, "results.tsv"))
        report(a.work, rows, results, eq, f"Mutation campaign, seed {a.seed}")
        log(open(os.path.join(a.work, "report.md"), encoding="utf-8").read())
        return 0
    if a.mode == "campaign":
        cands = gen.generate(src, [os.path.join(ROOT, "reference", "include"), src], a.seed, ROOT)
        chosen = sorted(gen.sample(cands, a.seed, a.count), key=lambda c: (c[1], c[2], c[4]))
        rows = [dict(id=gen.mutant_id(k, f, n, af), kind=k, file=f, line=n, before=b, after=af)
                for k, f, n, b, af in chosen]
        with open(os.path.join(a.work, "mutants.tsv"), "w", encoding="utf-8") as f:
            for r in rows:
                f.write("\t".join([r["id"], r["kind"], r["file"], str(r["line"]), gen.esc(r["before"]),
                                   gen.esc(r["after"])]) + "\n")
    elif a.mode == "ci":
        rows = read_rows(a.sample)
    elif a.mode == "rejudge":
        # The survivors of a campaign, judged again by a newer jobsconf against
        # the current sources (a mutant whose line changed is found at the one
        # identical line, or is stale); the new outcome is appended to the
        # campaign's results.tsv and wins over the old one.
        campaign_rows = read_rows(os.path.join(a.work, "mutants.tsv"))
        old = read_results(os.path.join(a.work, "results.tsv"))
        rows = [r for r in campaign_rows if old.get(r["id"], ("",))[0] == "survived" and not eq_reason(r, eq)]
    else:
        rows = [r for r in read_rows(a.arg) ] if a.arg and os.path.exists(a.arg) else \
            [r for r in read_rows(os.path.join(a.work, "mutants.tsv")) if r["id"] == a.arg]
        if not rows:
            sys.exit(f"mutate: no mutant {a.arg}")

    resfile = os.path.join(a.work, "results.tsv")
    results = {}
    if a.mode == "campaign":
        results = read_results(resfile)
    elif a.mode != "rejudge" and os.path.exists(resfile):
        os.remove(resfile)

    tree.sync()
    if not results or a.mode != "campaign":
        ok, out = tree.compile()
        if not ok:
            sys.exit("mutate: the unmutated server does not build:\n" + out)
        outcome, detail = run_suite(tree.server(), jobsconf, os.path.join(tree.work, "run"), a.limit, "mu")
        if outcome != "survived":
            sys.exit(f"mutate: the suite does not pass against the unmutated server ({outcome}: {detail})")
        log("baseline: the suite passes against the unmutated server")

    t_start = time.time()
    order = list(enumerate(rows, 1))
    if a.reverse:
        order.reverse()
    order = order[a.start_at:] + order[:a.start_at]
    for i, row in order:
        if (i - 1) % shard_n != shard_k:
            continue
        if a.mode == "campaign":
            results.update(read_results(resfile))  # other workers' results
        if row["id"] in results:
            continue
        outcome, detail, secs = run_one(tree, row, jobsconf, a.limit, a.first_failure or a.mode == "ci")
        if a.mode == "rejudge":
            detail = "rejudged: " + detail
        results[row["id"]] = (outcome, detail)
        with open(resfile, "a", encoding="utf-8") as f:
            f.write(f"{row['id']}\t{outcome}\t{detail}\t{secs:.1f}\n")
        log(f"[{i}/{len(rows)}] {outcome:9} {row['id']} ({secs:.0f} s) {detail[:120]}")
    if a.mode == "campaign":
        results.update(read_results(resfile))
    if a.mode == "rejudge":  # the report covers the whole campaign
        rows, results = campaign_rows, read_results(resfile)
    title = f"Mutation campaign, seed {a.seed}" if a.mode in ("campaign", "rejudge") else f"Mutation {a.mode}"
    rate, counts = report(a.work, rows, results, eq, title)
    log(f"done in {time.time() - t_start:.0f} s; report: {os.path.join(a.work, 'report.md')}")
    log(open(os.path.join(a.work, "report.md"), encoding="utf-8").read())
    if a.mode == "ci":
        bad = [r for r in rows if results[r["id"]][0] not in ("killed", "timeout")]
        for r in bad:
            log(f"NOT KILLED: {r['id']} ({results[r['id']][0]}: {results[r['id']][1]})\n{diff_of(r)}")
        if bad:
            log("A sampled mutant is no longer killed: a scenario lost its power, or (stale) the line"
                " changed; pick a killed mutant of the same kind from a campaign to replace it.")
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
