/* report.html: one self-contained page (inline CSS, inline SVG, a few lines
 * of inline JS: the search box and the status filters, and every <details>
 * opened when printing). No external asset,
 * no font, no network access. Every string goes through jc_html_escape
 * (sanitize, then libxml2's xmlEncodeSpecialChars). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "jc_report.h"
#include "jc_report_util.h"

#define SEED_URL "https://docs.aws.amazon.com/iot/latest/developerguide/jobs-management-control-api.html#"

static const char CSS[] =
    ":root{--pass:#1a7f37;--fail:#c9252d;--error:#a04100;--skip:#57606a;--disabled:#8c959f;"
    "--blocked:#6639ba;--xfail:#9a6700;--xpass:#cf222e;"
    "--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#ffffff;--soft:#f6f8fa}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}\n"
    "main{max-width:1200px;margin:0 auto;padding:0 20px 40px}\n"
    "h1{font-size:1.35rem;margin:0}h2{font-size:1.15rem;margin:2rem 0 .6rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}\n"
    "h3{font-size:1rem;margin:0 0 .4rem}\n"
    ".verdict{padding:18px 20px;color:#fff;display:flex;flex-wrap:wrap;gap:8px 24px;align-items:center}\n"
    ".verdict.v-PASS{background:var(--pass)}.verdict.v-FAIL{background:var(--fail)}\n"
    ".verdict .big{font-size:2.2rem;font-weight:800;letter-spacing:.05em;border:3px solid #fff;border-radius:8px;padding:0 14px}\n"
    ".verdict p{margin:.1rem 0}.verdict .sub{opacity:.95}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:10px;margin-top:18px}\n"
    ".card{flex:1 1 120px;border:1px solid var(--line);border-left-width:6px;border-radius:6px;padding:8px 12px;background:var(--soft)}\n"
    ".card .n{font-size:1.6rem;font-weight:700;display:block}.card .l{color:var(--muted);font-size:.85rem}\n"
    ".c-PASS{border-left-color:var(--pass)}.c-FAIL{border-left-color:var(--fail)}.c-ERROR{border-left-color:var(--error)}"
    ".c-SKIP{border-left-color:var(--skip)}.c-DISABLED{border-left-color:var(--disabled)}.c-ALL{border-left-color:var(--fg)}"
    ".c-BLOCKED{border-left-color:var(--blocked)}.c-XFAIL{border-left-color:var(--xfail)}.c-XPASS{border-left-color:var(--xpass)}\n"
    ".st{display:inline-block;min-width:5.6em;text-align:center;font-weight:700;font-size:.78rem;border-radius:4px;padding:1px 6px;color:#fff;white-space:nowrap}\n"
    ".st-PASS{background:var(--pass)}.st-FAIL{background:var(--fail)}.st-ERROR{background:var(--error)}"
    ".st-SKIP{background:var(--skip)}.st-DISABLED{background:var(--disabled);color:#1f2328}"
    ".st-BLOCKED{background:var(--blocked)}.st-XFAIL{background:var(--xfail)}.st-XPASS{background:var(--xpass)}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}td.z{color:var(--disabled)}\n"
    ".scroll{overflow-x:auto}#matrix th{font-size:.75rem;padding:6px 4px}#matrix td.n{padding:6px 4px}"
    "#matrix td.ids{overflow-wrap:anywhere;min-width:8em}\n"
    ".tag{display:inline-block;font-size:.72rem;border:1px solid var(--muted);border-radius:4px;padding:0 4px;margin-left:4px;color:var(--muted)}\n"
    ".chart .row{display:grid;grid-template-columns:10rem 1fr 10.5rem;gap:4px 12px;align-items:center;margin:5px 0}\n"
    ".chart .area{font-weight:600;overflow-wrap:anywhere}.chart svg{width:100%;height:22px;display:block;border:1px solid var(--line);border-radius:3px}\n"
    ".chart .rate{font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    ".legend{margin:.6rem 0 0;color:var(--muted);font-size:.85rem}.legend span{margin-right:14px;white-space:nowrap}\n"
    ".sw{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-.1em;margin-right:4px}\n"
    "table{border-collapse:collapse;width:100%;font-size:.9rem}\n"
    "th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}\n"
    "th{background:var(--soft);position:sticky;top:0}\n"
    "td.id,td.ids{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.82rem;overflow-wrap:break-word}\n"
    "td.id{min-width:6.5em}td.nw{white-space:nowrap}\n"
    "tr.bad td{background:#fff5f5}\n"
    "a{color:#0550ae}\n"
    ".failure{border:1px solid var(--line);border-left:6px solid var(--fail);border-radius:6px;padding:10px 14px;margin:10px 0}\n"
    ".failure.s-ERROR{border-left-color:var(--error)}.failure.s-BLOCKED{border-left-color:var(--blocked)}"
    ".failure.s-XFAIL{border-left-color:var(--xfail)}.failure.warn{border-left-style:dashed}\n"
    ".failure .meta{color:var(--muted);font-size:.85rem;margin:.2rem 0}\n"
    "pre{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:8px;margin:.4rem 0;font-size:.8rem}\n"
    "pre.msg{background:#fff8f8;font-size:.88rem}\n"
    "details>summary{cursor:pointer;color:#0550ae;margin:.3rem 0}\n"
    ".exch h4{font-size:.85rem;margin:.6rem 0 .2rem;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}\n"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dl.meta dt{font-weight:600}dl.meta dd{margin:0;overflow-wrap:anywhere}\n"
    "footer{color:var(--muted);font-size:.8rem;margin-top:2rem}\n"
    "[hidden]{display:none!important}\n"
    "code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;background:var(--soft);border:1px solid var(--line);border-radius:3px;padding:0 3px}\n"
    "#filters{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center;margin:16px 0 0;padding:10px 12px;border:1px solid var(--line);border-radius:6px;background:var(--soft)}\n"
    "#filters input[type=search]{flex:1 1 18rem;font:inherit;padding:4px 8px;border:1px solid var(--muted);border-radius:4px}\n"
    "#filters label{white-space:nowrap;font-size:.85rem}#filters .shown{color:var(--muted);font-size:.85rem}\n"
    ".group{border:1px solid var(--line);border-left:6px solid var(--fail);border-radius:6px;padding:10px 14px;margin:10px 0}\n"
    ".group ul{margin:.3rem 0;padding-left:1.2rem;columns:2 22rem;font-size:.85rem}.group li{overflow-wrap:anywhere}\n"
    "#matrix{table-layout:fixed}#matrix td,#matrix th{overflow-wrap:anywhere}\n"
    "#matrix col.c-id{width:6.2em}#matrix col.c-lv{width:4.6em}#matrix col.c-src{width:7.5em}#matrix col.c-v{width:6.8em}"
    "#matrix col.c-n{width:3.3em}#matrix col.c-sc{width:22%}\n"
    "#scenario-table{table-layout:fixed}#scenario-table td{overflow-wrap:anywhere}#scenario-table col.c-sid{width:19%}"
    "#scenario-table col.c-area{width:8.5em}#scenario-table col.c-v{width:7.2em}#scenario-table col.c-reqs{width:15%}"
    "#scenario-table col.c-time{width:5em}\n"
    "@media (max-width:600px){main{padding:0 10px 30px}.verdict .big{font-size:1.6rem}#matrix,#scenario-table{table-layout:auto}\n"
    " table.stack thead{display:none}table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}\n"
    " table.stack tr{border:1px solid var(--line);border-radius:6px;margin:0 0 10px;padding:4px 0}\n"
    " table.stack td{border:none;padding:3px 10px}\n"
    " table.stack td::before{content:attr(data-label);display:block;font-weight:600;font-size:.75rem;color:var(--muted);text-transform:uppercase}\n"
    " .chart .row{grid-template-columns:1fr max-content}.chart .row svg{grid-row:2;grid-column:1/3}\n"
    " dl.meta{grid-template-columns:1fr}}\n"
    "@media print{body{font-size:10pt}main{max-width:none;padding:0}.verdict{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    " .st,.card,.chart svg,.sw{-webkit-print-color-adjust:exact;print-color-adjust:exact}th{position:static}\n"
    " details>summary{color:var(--fg)}a{color:var(--fg);text-decoration:none}tr,.failure,.exch{break-inside:avoid}\n"
    " h2{break-after:avoid}}\n";

/* The search box and the status filters: an element with data-search (a
   scenario row or a failure card) shows when its status is ticked and its
   text holds every word typed. */
static const char FILTER_JS[] =
    "(function(){var q=document.getElementById('q');if(!q)return;"
    "var boxes=[].slice.call(document.querySelectorAll('#filters input[data-filter]'));"
    "var items=[].slice.call(document.querySelectorAll('[data-search]'));"
    "var shown=document.getElementById('shown');"
    "function apply(){var on={};boxes.forEach(function(b){on[b.getAttribute('data-filter')]=b.checked;});"
    "var words=q.value.toLowerCase().split(/\\s+/).filter(function(w){return w;});var n=0,rows=0;"
    "items.forEach(function(e){var t=e.getAttribute('data-search');"
    "var ok=on[e.getAttribute('data-status')]!==false&&words.every(function(w){return t.indexOf(w)>=0;});"
    "e.hidden=!ok;if(e.tagName==='TR'){rows++;if(ok)n++;}});"
    "document.querySelectorAll('.group').forEach(function(g){"
    "g.hidden=!g.querySelector('[data-search]:not([hidden])');});"
    "shown.textContent=n+' of '+rows+' scenarios shown';}"
    "q.addEventListener('input',apply);boxes.forEach(function(b){b.addEventListener('change',apply);});apply();})();";

static const char JS[] =
    "(function(){var opened=[];"
    "window.addEventListener('beforeprint',function(){document.querySelectorAll('details:not([open])').forEach(function(d){d.open=true;opened.push(d);});});"
    "window.addEventListener('afterprint',function(){opened.forEach(function(d){d.open=false;});opened=[];});})();";

static const char *status_color(jc_status s)
{
    switch (s) {
    case JC_PASS: return "#1a7f37";
    case JC_FAIL: return "#c9252d";
    case JC_ERROR: return "#a04100";
    case JC_SKIP: return "#57606a";
    case JC_BLOCKED: return "#6639ba";
    case JC_XFAIL: return "#9a6700";
    case JC_XPASS: return "#cf222e";
    default: return "#8c959f";
    }
}

/* Display order in tables and charts. */
#define ORDER jc_status_order

typedef struct hw {
    FILE *out;
    bool oom;
} hw;

static void esc(hw *h, const char *s)
{
    if (!jc_html_put(h->out, s ? s : "")) h->oom = true;
}

static void esc_n(hw *h, const char *s, size_t len)
{
    char *e = jc_html_escape(s, len);
    if (!e) {
        h->oom = true;
        return;
    }
    fputs(e, h->out);
    free(e);
}

static void badge(hw *h, jc_status s)
{
    fprintf(h->out, "<span class=\"st st-%s\">%s</span>", jc_status_name(s), jc_status_name(s));
}

static bool seed_anchor(const char *src)
{
    if (!src || strncmp(src, "jobs-", 5) != 0 || !src[5]) return false;
    for (const char *p = src; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_') return false;
    return true;
}

static void source_cell(hw *h, const char *src)
{
    if (seed_anchor(src)) {
        fprintf(h->out, "<a href=\"%s%s\">%s</a>", SEED_URL, src, src); /* src is [A-Za-z0-9_-]+ */
    } else {
        esc(h, src ? src : "");
    }
}

static void write_exchange(hw *h, const jc_exchange *ex, size_t n)
{
    FILE *o = h->out;
    fputs("<div class=\"exch\"><h4>", o);
    fprintf(o, "#%zu ", n + 1);
    esc(h, ex->method ? ex->method : "?");
    fputc(' ', o);
    esc(h, ex->url ? ex->url : "?");
    if (ex->transport_error) fputs(" &#8594; transport error", o);
    else if (ex->status) fprintf(o, " &#8594; HTTP %d", ex->status);
    else fputs(" &#8594; no response", o);
    fprintf(o, " (%.1f ms)</h4>\n", ex->duration_ms);
    if (ex->transport_error) {
        fputs("<pre class=\"msg\">", o);
        esc(h, ex->transport_error);
        fputs("</pre>\n", o);
    }
    fputs("<pre>", o);
    fputs("<b>Request</b>\n", o);
    esc(h, ex->request_headers ? ex->request_headers : "");
    if (ex->request_body && ex->request_body_len) {
        fputc('\n', o);
        esc_n(h, ex->request_body, ex->request_body_len);
    }
    fputs("</pre>\n<pre>", o);
    fprintf(o, "<b>Response</b> %d\n", ex->status);
    esc(h, ex->response_headers ? ex->response_headers : "");
    if (ex->response_body && ex->response_body_len) {
        fputc('\n', o);
        esc_n(h, ex->response_body, ex->response_body_len);
    }
    fputs("</pre></div>\n", o);
}

static void write_reqs_inline(hw *h, const jc_scenario_result *sc)
{
    for (size_t k = 0; k < sc->requirement_count; k++) {
        if (k) fputs(", ", h->out);
        esc(h, sc->requirement_ids[k]);
    }
}

static void write_verdicts(hw *h, const jc_scenario_result *sc)
{
    for (size_t k = 0; k < sc->verdict_count; k++) {
        const jc_req_verdict *v = &sc->verdicts[k];
        if (k) fputs(", ", h->out);
        esc(h, v->requirement);
        fprintf(h->out, " <span class=\"tag\">%s</span> ", jc_level_name(v->level));
        badge(h, v->status);
    }
    if (!sc->verdict_count) write_reqs_inline(h, sc);
}

/* Text with `backtick` spans rendered as <code>; an unpaired backtick stays
   as it is. */
static void write_code_text(hw *h, const char *s)
{
    if (!s) return;
    for (;;) {
        const char *open = strchr(s, '`'), *close = open ? strchr(open + 1, '`') : NULL;
        if (!close) {
            esc(h, s);
            return;
        }
        esc_n(h, s, (size_t)(open - s));
        fputs("<code>", h->out);
        esc_n(h, open + 1, (size_t)(close - open - 1));
        fputs("</code>", h->out);
        s = close + 1;
    }
}

/* data-search="...": what the search box looks in (id, title, area,
   requirements, message, baseline reason), lower-cased. */
static void write_search_attr(hw *h, const jc_scenario_result *sc)
{
    const char *parts[] = {sc->id, sc->title, sc->suite, sc->message, sc->baseline_reason};
    size_t cap = 16;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) cap += (parts[i] ? strlen(parts[i]) : 0) + 1;
    for (size_t k = 0; k < sc->requirement_count; k++) cap += strlen(sc->requirement_ids[k]) + 1;
    char *buf = malloc(cap);
    if (!buf) {
        h->oom = true;
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (parts[i]) n += (size_t)snprintf(buf + n, cap - n, "%s ", parts[i]);
    for (size_t k = 0; k < sc->requirement_count; k++) n += (size_t)snprintf(buf + n, cap - n, "%s ", sc->requirement_ids[k]);
    for (size_t i = 0; i < n; i++) buf[i] = (char)tolower((unsigned char)buf[i]);
    fprintf(h->out, " data-search=\"");
    esc(h, buf);
    fputc('"', h->out);
    free(buf);
}

/* The search box and a tick box per status present in the run. */
static void write_filters(hw *h, const jc_run *run)
{
    FILE *o = h->out;
    fputs("<div id=\"filters\" role=\"search\"><input type=\"search\" id=\"q\" placeholder=\"Search scenario ids, titles, "
          "requirements, messages\" aria-label=\"Search scenarios\">\n",
          o);
    for (int k = 0; k < JC_STATUS_COUNT; k++)
        if (run->counts[ORDER[k]])
            fprintf(o, "<label><input type=\"checkbox\" data-filter=\"%s\" checked> %s (%zu)</label>\n", jc_status_name(ORDER[k]),
                    jc_status_name(ORDER[k]), run->counts[ORDER[k]]);
    fprintf(o, "<span class=\"shown\" id=\"shown\">%zu of %zu scenarios shown</span></div>\n", run->scenario_count,
            run->scenario_count);
}

/* The requirements whose summary is failing, near the top. */
static void write_failed_requirements(hw *h, const jc_run *run)
{
    FILE *o = h->out;
    size_t n = 0;
    for (size_t r = 0; r < run->requirement_count; r++) n += jc_status_failing(run->requirements[r].status);
    fprintf(o, "<section id=\"failed-requirements\"><h2>Failed requirements (%zu)</h2>\n", n);
    if (!n) {
        fputs("<p>None.</p></section>\n", o);
        return;
    }
    fputs("<table class=\"stack\"><thead><tr><th>ID</th><th>Level</th><th>Verdict</th><th>Statement</th><th>Failing scenarios</th></tr></thead>\n<tbody>\n", o);
    for (size_t r = 0; r < run->requirement_count; r++) {
        const jc_requirement_result *rq = &run->requirements[r];
        if (!jc_status_failing(rq->status)) continue;
        fputs("<tr class=\"bad\"><td class=\"id nw\" data-label=\"ID\">", o);
        esc(h, rq->id);
        fprintf(o, "</td><td data-label=\"Level\">%s</td><td data-label=\"Verdict\">", jc_level_name(rq->level));
        badge(h, rq->status);
        fputs("</td><td data-label=\"Statement\">", o);
        write_code_text(h, rq->statement);
        fputs("</td><td class=\"ids\" data-label=\"Failing scenarios\">", o);
        bool first = true;
        for (size_t i = 0; i < run->scenario_count; i++) {
            const jc_scenario_result *sc = &run->scenarios[i];
            for (size_t v = 0; v < sc->verdict_count; v++)
                if (jc_status_failing(sc->verdicts[v].status) && strcmp(sc->verdicts[v].requirement, rq->id) == 0) {
                    fputs(first ? "" : ", ", o);
                    first = false;
                    esc(h, sc->id);
                    break;
                }
        }
        fputs("</td></tr>\n", o);
    }
    fputs("</tbody></table></section>\n", o);
}

/* One card of the failures (FAIL, ERROR, BLOCKED, XPASS) or XFAIL sections. */
static void write_failure(hw *h, const jc_scenario_result *sc, size_t i)
{
    FILE *out = h->out;
    fprintf(out, "<article class=\"failure s-%s%s\" id=\"fail-%zu\" data-status=\"%s\"", jc_status_name(sc->status),
            sc->warning ? " warn" : "", i, jc_status_name(sc->status));
    write_search_attr(h, sc);
    fputs(">\n<h3>", out);
    badge(h, sc->status);
    if (sc->warning) fputs(" <span class=\"tag\" title=\"only SHOULD/MAY checks failed: fails the run only with --strict\">SHOULD/MAY warning</span>", out);
    fputc(' ', out);
    esc(h, sc->id);
    fputs(": ", out);
    esc(h, sc->title);
    fputs("</h3>\n<p class=\"meta\">Area ", out);
    esc(h, sc->suite);
    fputs(" &#183; verdicts ", out);
    write_verdicts(h, sc);
    if (sc->status == JC_XPASS) {
        fputs(" &#183; <b>XPASS</b>: passed, but the baseline expects a failure (", out);
        esc(h, sc->baseline_reason ? sc->baseline_reason : "no reason given");
        fputs(")", out);
    } else if (sc->status == JC_XFAIL) {
        fprintf(out, " &#183; <b>XFAIL</b> (was %s), baseline reason: ", jc_status_name(sc->raw_status));
        esc(h, sc->baseline_reason ? sc->baseline_reason : "");
    } else if (sc->status == JC_BLOCKED) {
        fputs(" &#183; <b>blocked</b> on ", out);
        esc(h, sc->blocked_operation ? sc->blocked_operation : "a setup operation");
    }
    fputs("</p>\n<pre class=\"msg\">", out);
    esc(h, sc->message ? sc->message : (sc->status == JC_XPASS ? "passed, but listed in the baseline as an expected failure" : ""));
    fputs("</pre>\n", out);
    if (sc->exchange_count) {
        fprintf(out, "<details><summary>Transcript (%zu exchange%s)</summary>\n", sc->exchange_count, sc->exchange_count == 1 ? "" : "s");
        for (size_t e = 0; e < sc->exchange_count; e++) write_exchange(h, &sc->transcript[e], e);
        fputs("</details>\n", out);
    } else {
        fputs("<p class=\"meta\">No HTTP exchange recorded.</p>\n", out);
    }
    fputs("</article>\n", out);
}

/* The failures grouped by cause (jc_failure_groups): per group its count,
   label, scenarios and one example transcript; the scenario cards of a
   group of several are folded under it. */
static void write_groups(hw *h, const jc_run *run, const jc_failure_group *g, size_t ng, size_t nfail)
{
    FILE *o = h->out;
    fprintf(o, "<section id=\"failures\"><h2>Failures by cause: FAIL, ERROR, BLOCKED, XPASS (%zu in %zu group%s)</h2>\n", nfail,
            ng, ng == 1 ? "" : "s");
    if (!nfail) fputs("<p>None.</p>\n", o);
    for (size_t k = 0; k < ng; k++) {
        const jc_failure_group *gr = &g[k];
        if (gr->count == 1) {
            write_failure(h, &run->scenarios[gr->members[0]], gr->members[0]);
            continue;
        }
        char *label = jc_failure_group_label(gr);
        fprintf(o, "<div class=\"group\" id=\"group-%zu\" data-count=\"%zu\"><h3>%zu scenarios: ", k, gr->count, gr->count);
        esc(h, label ? label : "?");
        free(label);
        fputs("</h3>\n<ul>", o);
        for (size_t m = 0; m < gr->count; m++) {
            const jc_scenario_result *sc = &run->scenarios[gr->members[m]];
            fprintf(o, "<li><a href=\"#fail-%zu\">", gr->members[m]);
            esc(h, sc->id);
            fputs("</a> ", o);
            badge(h, sc->status);
            fputs("</li>", o);
        }
        fputs("</ul>\n", o);
        const jc_scenario_result *ex = &run->scenarios[gr->members[0]];
        if (gr->has_example && gr->example_exchange < ex->exchange_count) {
            fputs("<details><summary>Example exchange (from ", o);
            esc(h, ex->id);
            fputs(")</summary>\n", o);
            write_exchange(h, &ex->transcript[gr->example_exchange], gr->example_exchange);
            fputs("</details>\n", o);
        }
        fprintf(o, "<details class=\"members\"><summary>The %zu scenario cards</summary>\n", gr->count);
        for (size_t m = 0; m < gr->count; m++) write_failure(h, &run->scenarios[gr->members[m]], gr->members[m]);
        fputs("</details></div>\n", o);
    }
    fputs("</section>\n", o);
}

static void write_chart(hw *h, const jc_area *areas, size_t narea)
{
    FILE *o = h->out;
    fputs("<div class=\"chart\">\n", o);
    for (size_t a = 0; a < narea; a++) {
        const jc_area *ar = &areas[a];
        double rate = jc_pass_rate(ar->counts), x = 0;
        fputs("<div class=\"row\"><div class=\"area\">", o);
        esc(h, *ar->name ? ar->name : "(none)");
        fputs("</div>\n", o);
        fputs("<svg viewBox=\"0 0 1000 20\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"", o);
        esc(h, ar->name);
        fputs(":", o);
        for (int k = 0; k < JC_STATUS_COUNT; k++) fprintf(o, " %zu %s", ar->counts[ORDER[k]], jc_status_name(ORDER[k]));
        fputs("\">", o);
        for (int k = 0; k < JC_STATUS_COUNT && ar->total; k++) {
            size_t c = ar->counts[ORDER[k]];
            double w = 1000.0 * (double)c / (double)ar->total;
            if (!c) continue;
            fprintf(o, "<rect x=\"%.2f\" y=\"0\" width=\"%.2f\" height=\"20\" fill=\"%s\"><title>%zu %s</title></rect>", x, w,
                    status_color(ORDER[k]), c, jc_status_name(ORDER[k]));
            x += w;
        }
        fputs("</svg>\n<div class=\"rate\">", o);
        if (rate < 0) fprintf(o, "n/a (0 of %zu ran)", ar->total);
        else
            fprintf(o, "%.0f%% pass (%zu/%zu)", rate * 100.0, ar->counts[JC_PASS] + ar->counts[JC_XPASS],
                    ar->total - ar->counts[JC_SKIP] - ar->counts[JC_DISABLED]);
        fputs("</div></div>\n", o);
    }
    fputs("</div>\n<p class=\"legend\">", o);
    for (int k = 0; k < JC_STATUS_COUNT; k++)
        fprintf(o, "<span><i class=\"sw\" style=\"background:%s\"></i>%s</span>", status_color(ORDER[k]), jc_status_name(ORDER[k]));
    fputs("<br>Pass rate = (PASS + XPASS) / every scenario that ran (PASS, FAIL, XFAIL, XPASS, ERROR, BLOCKED); SKIP and DISABLED "
          "scenarios did not run.</p>\n", o);
}

int jc_report_html(const jc_run *run, FILE *out, char *err, size_t err_len)
{
    hw hh = {out, false}, *h = &hh;
    jc_area *areas = NULL;
    jc_failure_group *groups = NULL;
    size_t narea = 0, nfail = 0, ngroup = 0;
    const char *verdict;
    if (!run || !out) return jc_errf(err, err_len, "html: missing run or stream");
    if (jc_areas_build(run, &areas, &narea) != 0) return jc_errf(err, err_len, "html: out of memory");
    verdict = jc_verdict(run);

    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          out);
    fprintf(out, "%s: ", verdict);
    esc(h, run->tool_name ? run->tool_name : "jobsconf");
    fputs(" conformance report</title>\n<style>\n", out);
    fputs(CSS, out);
    fputs("</style>\n</head>\n<body>\n", out);

    /* verdict */
    fprintf(out, "<header class=\"verdict v-%s\" id=\"verdict\">\n<span class=\"big\">%s</span>\n<div>\n<h1>", verdict, verdict);
    esc(h, run->tool_name ? run->tool_name : "jobsconf");
    fputs(" conformance report</h1>\n", out);
    fprintf(out, "<p class=\"sub\">Exit code %d: ", run->exit_code);
    esc(h, jc_exit_meaning(run->exit_code));
    fputs(".</p>\n<p class=\"sub\">Endpoint ", out);
    esc(h, run->endpoint ? run->endpoint : "(none)");
    if (run->embedded) fputs(" (embedded reference)", out);
    fputs(" &#183; started ", out);
    esc(h, run->started_at ? run->started_at : "?");
    fprintf(out, " &#183; %.1f s</p>\n", run->duration_s);
    if (run->incomplete) {
        fputs("<p class=\"sub\" id=\"incomplete\"><strong>INCOMPLETE RUN:</strong> ", out);
        esc(h, run->incomplete_reason ? run->incomplete_reason : "the run ended early");
        fputs("</p>\n", out);
    }
    if (run->insecure)
        fputs("<p class=\"sub\" id=\"insecure\"><strong>WARNING: --insecure:</strong> TLS certificates were not "
              "verified in this run.</p>\n", out);
    fputs("</div>\n</header>\n<main>\n", out);
    jc_ops_html(run, out); /* the operation table opens the report */

    /* counts */
    fputs("<section id=\"counts\"><h2>Results</h2>\n<div class=\"cards\">\n", out);
    fprintf(out, "<div class=\"card c-ALL\"><span class=\"n\">%zu</span><span class=\"l\">scenarios</span></div>\n", run->scenario_count);
    for (int k = 0; k < JC_STATUS_COUNT; k++)
        fprintf(out, "<div class=\"card c-%s\" data-status=\"%s\" data-count=\"%zu\"><span class=\"n\">%zu</span><span class=\"l\">%s</span></div>\n",
                jc_status_name(ORDER[k]), jc_status_name(ORDER[k]), run->counts[ORDER[k]], run->counts[ORDER[k]], jc_status_name(ORDER[k]));
    fprintf(out, "<div class=\"card c-FAIL\" data-warnings=\"%zu\"><span class=\"n\">%zu</span><span class=\"l\">of the FAILs are SHOULD/MAY warnings%s</span></div>\n",
            run->warnings, run->warnings, run->strict ? " (--strict: they fail the run)" : "");
    {
        double rate = jc_pass_rate(run->counts);
        if (rate < 0) fputs("<div class=\"card c-ALL\"><span class=\"n\">n/a</span><span class=\"l\">pass rate</span></div>\n", out);
        else fprintf(out, "<div class=\"card c-ALL\"><span class=\"n\">%.0f%%</span><span class=\"l\">pass rate</span></div>\n", rate * 100.0);
    }
    fputs("</div>\n", out);
    write_filters(h, run);
    fputs("</section>\n", out);

    /* failures, grouped by cause */
    for (size_t i = 0; i < run->scenario_count; i++)
        if (jc_status_failing(run->scenarios[i].status)) nfail++;
    if (jc_failure_groups(run, &groups, &ngroup) != 0) h->oom = true;
    write_groups(h, run, groups, ngroup, nfail);
    jc_failure_groups_free(groups, ngroup);

    write_failed_requirements(h, run);

    /* chart */
    fputs("<section id=\"areas\"><h2>Pass rate by API area</h2>\n", out);
    if (narea) write_chart(h, areas, narea);
    else fputs("<p>No scenario ran.</p>\n", out);
    fputs("</section>\n", out);

    /* expected failures */
    fprintf(out, "<section id=\"xfail\"><h2>Expected failures: XFAIL (%zu)</h2>\n", run->counts[JC_XFAIL]);
    if (!run->counts[JC_XFAIL]) fputs("<p>None.</p>\n", out);
    for (size_t i = 0; i < run->scenario_count; i++)
        if (run->scenarios[i].status == JC_XFAIL) write_failure(h, &run->scenarios[i], i);
    fputs("</section>\n", out);

    /* requirement matrix */
    {
        size_t covered = 0;
        for (size_t r = 0; r < run->requirement_count; r++)
            if (run->requirements[r].covered) covered++;
        fprintf(out, "<section id=\"requirements\"><h2>Requirement matrix (%zu requirements, %zu covered)</h2>\n",
                run->requirement_count, covered);
    }
    /* fixed layout: the count columns narrow, the statement and the
       scenario ids wrap, so the matrix fits the page column */
    fputs("<div class=\"scroll\"><table class=\"stack\" id=\"matrix\"><colgroup><col class=\"c-id\"><col class=\"c-lv\"><col class=\"c-src\">"
          "<col><col class=\"c-v\"><col class=\"c-n\"><col class=\"c-n\"><col class=\"c-n\"><col class=\"c-n\"><col class=\"c-n\">"
          "<col class=\"c-n\"><col class=\"c-sc\"></colgroup><thead><tr><th>ID</th><th>Level</th><th>Source</th><th>Statement</th><th>Verdict</th>"
          "<th>PASS</th><th>FAIL</th><th>XFAIL</th><th title=\"ERROR\">ERR</th><th title=\"BLOCKED\">BLK</th><th>SKIP</th><th>Scenarios</th></tr></thead>\n<tbody>\n",
          out);
    for (size_t r = 0; r < run->requirement_count; r++) {
        const jc_requirement_result *rq = &run->requirements[r];
        fprintf(out, "<tr%s data-requirement=\"%zu\" data-status=\"%s\"><td class=\"id nw\" data-label=\"ID\">",
                jc_status_failing(rq->status) ? " class=\"bad\"" : "", r, jc_status_name(rq->status));
        esc(h, rq->id);
        fprintf(out, "</td><td data-label=\"Level\">%s</td><td data-label=\"Source\">", jc_level_name(rq->level));
        source_cell(h, rq->source);
        fputs("</td><td data-label=\"Statement\">", out);
        write_code_text(h, rq->statement);
        if (rq->erratum) fputs("<span class=\"tag\" title=\"the seed's wording differs from the service model\">erratum</span>", out);
        if (rq->reference_decision) fputs("<span class=\"tag\" title=\"a reference decision: any plausible answer is accepted\">[R]</span>", out);
        fputs("</td><td data-label=\"Status\">", out);
        badge(h, rq->status);
        if (!rq->covered) fputs(" <span class=\"tag\">not covered</span>", out);
        fputs("</td>", out);
        {
            static const jc_status COLS[] = {JC_PASS, JC_FAIL, JC_XFAIL, JC_ERROR, JC_BLOCKED, JC_SKIP};
            for (size_t c = 0; c < sizeof COLS / sizeof COLS[0]; c++) {
                size_t n = rq->counts[COLS[c]] + (COLS[c] == JC_SKIP ? rq->counts[JC_DISABLED] : 0);
                fprintf(out, "<td class=\"n%s\" data-label=\"%s\" data-col=\"%s\">%zu</td>", n ? "" : " z", jc_status_name(COLS[c]),
                        jc_status_name(COLS[c]), n);
            }
        }
        fputs("<td class=\"ids\" data-label=\"Scenarios\">", out);
        for (size_t k = 0; k < rq->scenario_count; k++) {
            if (k) fputs(", ", out);
            esc(h, rq->scenario_ids[k]);
        }
        if (!rq->scenario_count) fputs("&#8212;", out);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table></div></section>\n", out);

    /* scenarios */
    fprintf(out, "<section id=\"scenarios\"><h2>Scenarios (%zu)</h2>\n", run->scenario_count);
    fputs("<table class=\"stack\" id=\"scenario-table\"><colgroup><col class=\"c-sid\"><col class=\"c-area\"><col><col class=\"c-v\">"
          "<col class=\"c-reqs\"><col class=\"c-time\"><col></colgroup><thead><tr><th>Scenario</th><th>Area</th><th>Title</th><th>Status</th><th>Requirements</th><th>Time</th><th>Note</th></tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < run->scenario_count; i++) {
        const jc_scenario_result *sc = &run->scenarios[i];
        bool failing = jc_status_failing(sc->status);
        bool carded = failing || sc->status == JC_XFAIL;
        fprintf(out, "<tr%s data-scenario=\"%zu\" data-status=\"%s\"", failing ? " class=\"bad\"" : "", i, jc_status_name(sc->status));
        write_search_attr(h, sc);
        fputs("><td class=\"id\" data-label=\"Scenario\">", out);
        if (carded) fprintf(out, "<a href=\"#fail-%zu\">", i);
        esc(h, sc->id);
        if (carded) fputs("</a>", out);
        fputs("</td><td data-label=\"Area\">", out);
        esc(h, sc->suite);
        fputs("</td><td data-label=\"Title\">", out);
        esc(h, sc->title);
        fputs("</td><td data-label=\"Status\">", out);
        badge(h, sc->status);
        if (sc->warning) fputs(" <span class=\"tag\">SHOULD/MAY warning</span>", out);
        fputs("</td><td class=\"ids\" data-label=\"Requirements\">", out);
        write_verdicts(h, sc);
        fprintf(out, "</td><td class=\"nw\" data-label=\"Time\">%.0f ms</td><td data-label=\"Note\">", sc->duration_ms);
        if (sc->message) esc(h, sc->message);
        if (sc->expected_failure && sc->baseline_reason) {
            fputs(sc->message ? " (baseline: " : "baseline: ", out);
            esc(h, sc->baseline_reason);
            if (sc->message) fputs(")", out);
        }
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table></section>\n", out);

    /* metadata */
    fputs("<section id=\"metadata\"><h2>Run metadata</h2>\n<dl class=\"meta\">\n", out);
    fputs("<dt>Tool</dt><dd>", out);
    esc(h, run->tool_name);
    fputc(' ', out);
    esc(h, run->tool_version);
    fputs("</dd>\n<dt>Control endpoint</dt><dd>", out);
    esc(h, run->endpoint ? run->endpoint : "(none)");
    fputs("</dd>\n<dt>Data endpoint</dt><dd>", out);
    esc(h, run->data_endpoint ? run->data_endpoint : "(none)");
    fputs("</dd>\n<dt>Region</dt><dd>", out);
    esc(h, run->region ? run->region : "(none)");
    fprintf(out, "</dd>\n<dt>Embedded reference</dt><dd>%s</dd>\n<dt>Started</dt><dd>", run->embedded ? "yes" : "no");
    esc(h, run->started_at ? run->started_at : "?");
    fprintf(out, "</dd>\n<dt>Duration</dt><dd>%.3f s</dd>\n<dt>Exit code</dt><dd>%d (", run->duration_s, run->exit_code);
    esc(h, jc_exit_meaning(run->exit_code));
    fputs(")</dd>\n", out);
    for (size_t i = 0; i < run->config_count; i++) {
        fputs("<dt>", out);
        esc(h, run->config[i].key);
        fputs("</dt><dd>", out);
        esc(h, run->config[i].value);
        fputs("</dd>\n", out);
    }
    fprintf(out, "</dl></section>\n<footer>Results schema version %d. Secrets are never recorded; Authorization and "
                 "X-Amz-Security-Token values are redacted.</footer>\n</main>\n<script>",
            JC_RESULTS_SCHEMA_VERSION);
    fputs(JS, out);
    fputs(FILTER_JS, out);
    fputs("</script>\n</body>\n</html>\n", out);
    jc_areas_free(areas);
    if (h->oom) return jc_errf(err, err_len, "html: out of memory");
    if (ferror(out)) return jc_errf(err, err_len, "html: write failed");
    return 0;
}
