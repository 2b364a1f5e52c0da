#!/usr/bin/env python3
"""The search box and the status filters of report.html, driven in real
headless Chromium through the DevTools protocol (--remote-debugging-pipe:
NUL-separated JSON on file descriptors 3 and 4, no extra package).

On the grouped fixture run (31 UpdateJob ERRORs of one cause, a FAIL, a
transport ERROR, two XFAILs, a SKIP, two PASSes; 38 scenarios) a real mouse
click on the ERROR filter hides the ERROR rows and cards, typing in the
search box narrows the rows to the matching ones, and clearing both shows
everything again. Visibility is read from layout (getClientRects), not from
attributes. Exit 77 (skipped) without chromium.

    check_html_filters.py OUTDIR   (OUTDIR/grouped/report.html from gen_reports)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

html = os.path.abspath(os.path.join(sys.argv[1], "grouped", "report.html"))
chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
if not os.access(chromium, os.X_OK):
    print("chromium not installed: skipped")
    sys.exit(77)

problems = []


def check(cond, what):
    if not cond:
        problems.append(what)
        print("BAD ", what)


class Chrome:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="jc-cdp-")
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        # the child reads commands on fd 3 and writes answers on fd 4 (the
        # pipe ends themselves are close-on-exec)
        def fds():
            r, w = os.dup(to_chrome_r), os.dup(from_chrome_w)  # never dup2 onto itself (keeps close-on-exec)
            os.dup2(r, 3)
            os.dup2(w, 4)
        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--remote-debugging-pipe", "--window-size=1280,1000", f"--user-data-dir={self.profile}", "about:blank"],
            preexec_fn=fds, close_fds=False, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf = b""
        self.next_id = 0
        self.session = None

    def send(self, method, params=None, session=True):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            while b"\0" in self.buf:
                raw, self.buf = self.buf.split(b"\0", 1)
                answer = json.loads(raw)
                if answer.get("id") == self.next_id:
                    if "error" in answer:
                        raise RuntimeError(f"{method}: {answer['error']}")
                    return answer.get("result", {})
            chunk = os.read(self.from_chrome, 65536)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        raise RuntimeError(f"{method}: no answer in 30 s")

    def js(self, expr):
        r = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True})
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expr}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def close(self):
        try:
            self.send("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def click(self, selector):
        box = self.js(f"(function(){{var e=document.querySelector({json.dumps(selector)});e.scrollIntoView({{block:'center'}});"
                      "var r=e.getBoundingClientRect();return [r.left+r.width/2,r.top+r.height/2];})()")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1})


# visible = laid out (a hidden ancestor or [hidden] gives no client rects)
VISIBLE_ROWS = "[].filter.call(document.querySelectorAll('#scenarios tr[data-search]'),function(e){return e.getClientRects().length>0;})"
COUNTS = ("(function(){var rows=" + VISIBLE_ROWS + ";var st={};rows.forEach(function(r){var s=r.getAttribute('data-status');"
          "st[s]=(st[s]||0)+1;});var cards=[].filter.call(document.querySelectorAll('#failures > article.failure, #failures > .group'),"
          "function(e){return e.getClientRects().length>0;}).length;"
          "return {rows:rows.length,status:st,cards:cards,shown:document.getElementById('shown').textContent};})()")

chrome = Chrome()
try:
    target = chrome.send("Target.createTarget", {"url": "file://" + html}, session=False)["targetId"]
    chrome.session = chrome.send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
    for _ in range(100):
        if chrome.js("document.readyState === 'complete' && !!document.getElementById('shown')"):
            break
        time.sleep(0.1)
    before = chrome.js(COUNTS)
    print("initially:", before)
    check(before["rows"] == 38, f"all 38 scenario rows visible at first, got {before['rows']}")
    check(before["status"].get("ERROR") == 32, f"32 ERROR rows at first, got {before['status']}")
    check(before["shown"] == "38 of 38 scenarios shown", f"counter at first: {before['shown']!r}")
    check(before["cards"] == 3, f"one group and two cards in the failures at first, got {before['cards']}")

    # the requirement matrix and the scenario table fit the page column at 1280 px
    fit = chrome.js("(function(){var t=document.getElementById('matrix'),m=document.querySelector('main');"
                    "return [t.getBoundingClientRect().width,t.parentNode.clientWidth,document.documentElement.scrollWidth,"
                    "document.documentElement.clientWidth];})()")
    check(fit[0] <= fit[1] + 0.5, f"the matrix is wider than the page column: {fit}")
    check(fit[2] <= fit[3], f"the page is wider than the window (a table does not wrap): {fit}")

    # 1. a real click on the ERROR tick box
    chrome.click("#filters input[data-filter='ERROR']")
    after = chrome.js(COUNTS)
    print("ERROR filter off:", after)
    check(chrome.js("document.querySelector(\"#filters input[data-filter='ERROR']\").checked") is False,
          "the click did not untick the ERROR filter")
    check(after["rows"] == 6 and "ERROR" not in after["status"], f"ERROR rows still visible: {after}")
    check(after["shown"] == "6 of 38 scenarios shown", f"counter after the filter: {after['shown']!r}")
    check(after["cards"] == 1, f"only the FAIL card should remain in the failures, got {after['cards']}")

    # 2. typing in the search box, ERROR still off
    chrome.click("#q")
    chrome.send("Input.insertText", {"text": "createjob"})
    typed = chrome.js(COUNTS)
    print("search 'createjob':", typed)
    check(typed["rows"] == 3, f"3 createjob rows expected (bad-id, minimal, tags), got {typed}")

    # 3. ERROR back on, search by requirement id
    chrome.click("#filters input[data-filter='ERROR']")
    chrome.js("(function(){var q=document.getElementById('q');q.select();})()")
    chrome.send("Input.insertText", {"text": "UJ-001"})
    req = chrome.js(COUNTS)
    print("search 'UJ-001':", req)
    check(req["rows"] == 31 and req["status"] == {"ERROR": 31}, f"UJ-001 should match the 31 UpdateJob rows, got {req}")
    check(req["cards"] == 1, f"only the UpdateJob group should stay, got {req['cards']}")

    # 4. a message word, then cleared: everything back
    chrome.js("document.getElementById('q').select()")
    chrome.send("Input.insertText", {"text": "connection refused"})
    msg = chrome.js(COUNTS)
    check(msg["rows"] == 1, f"'connection refused' should match one row (by its message), got {msg}")
    chrome.js("document.getElementById('q').select()")
    chrome.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": "Backspace", "code": "Backspace",
                                           "windowsVirtualKeyCode": 8})
    chrome.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": "Backspace", "code": "Backspace",
                                           "windowsVirtualKeyCode": 8})
    back = chrome.js(COUNTS)
    check(back["rows"] == 38 and back["cards"] == 3, f"clearing the search should show everything, got {back}")
finally:
    chrome.close()

if problems:
    print(f"html filters: FAILED ({len(problems)} problem(s))")
    sys.exit(1)
print("html filters: ok")
