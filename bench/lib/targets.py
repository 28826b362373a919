"""Issue 16's targets, checked against one bench/run's results: each target's figure, met or not.

    tool.py targets results.jsonl     prints a Markdown table (bench/run writes it to targets.md)

A ratio is taken round by round (as repeat.py does) and its median decides; "(spread crosses)" says
the rounds fell on both sides of the line. A target whose rows the run did not measure is left out:
the whole table needs `--servers duet,servlet,servletvt,vertx,helidon,netty,javalin,spring` and
`--tests plaintext,json,db,queries,fortunes,updates,slow,hold`.
"""
import json
import statistics

import repeat

TECHEMPOWER = ("plaintext", "json", "db", "queries", "fortunes", "updates")
JVM_PEERS = ("Vert.x-web", "Helidon SE", "Javalin", "Spring Boot MVC")   # raw Netty is the ceiling, not a peer
ORM_TESTS = ("db", "queries", "fortunes", "updates")
# Duet's async variant and its blocking twin; fortunes is also rendered by jte (bench/duet's BenchApp)
TWINS = (("Duet (async)", "Duet (blocking)"), ("Duet (async, jte)", "Duet (jte)"))


def _rounds(rows):
    """{repeat.figure_key: {round: requests/s}}"""
    out = {}
    for r in rows:
        if r.get("kind") in ("load", "slow"):
            out.setdefault(repeat.figure_key(r), {})[str(r.get("round", 1))] = repeat.rps(r["wrk"])
    return out


def _ratio(a, b):
    """(median, min, max) of a's requests/s over b's, round by round; None without a common round."""
    return repeat.spread([a[k] / b[k] for k in a if b.get(k)])


def _verdict(t, line):
    med, lo, hi = t
    v = "**met**" if med >= line else "not met"
    return v + (" (spread crosses)" if lo < line <= hi else "")


def _fmt_ratio(t):
    med, lo, hi = t
    return f"{med:.2f} × ({lo:.2f}–{hi:.2f})" if hi > lo else f"{med:.2f} ×"


def checks(rows):
    """[(group, what, figure, target, verdict)] for every target the run has rows for."""
    got = _rounds(rows)
    out = []

    def ratio_row(group, what, a, b, line):
        if a in got and b in got:
            t = _ratio(got[a], got[b])
            if t:
                out.append((group, what, _fmt_ratio(t), f"≥ {line} ×", _verdict(t, line)))

    for test in TECHEMPOWER:
        peers = {v: rs for (k, v, t), rs in got.items() if k == "load" and t == test and v in JVM_PEERS}
        best = max(peers, key=lambda v: statistics.median(peers[v].values())) if peers else None
        for async_, blocking in TWINS:
            if best:
                ratio_row("TechEmpower: async vs the best JVM peer", f"{test}: {async_} / {best}",
                          ("load", async_, test), ("load", best, test), 1.0)
            ratio_row("TechEmpower: blocking vs async", f"{test}: {blocking} / {async_}",
                      ("load", blocking, test), ("load", async_, test), 0.9)
        if test in ORM_TESTS:
            ratio_row("TechEmpower: the ORM vs raw JDBC in the same app", f"{test}: Duet (blocking) / Duet (raw JDBC)",
                      ("load", "Duet (blocking)", test), ("load", "Duet (raw JDBC)", test), 0.95)

    ratio_row("/slow?ms=100", "c=5000: Duet (async) / Vert.x-web",
              ("slow", "Duet (async)", 5000), ("slow", "Vert.x-web", 5000), 1.0)
    ratio_row("/slow?ms=100", "c=5000: Duet (blocking) / Duet (async)",
              ("slow", "Duet (blocking)", 5000), ("slow", "Duet (async)", 5000), 0.95)
    for v in ("Duet (async)", "Duet (blocking)"):
        t = repeat.spread(list(got.get(("slow", v, 1000), {}).values()))
        if t:
            med, lo, hi = t
            fig = f"{med:,.0f} req/s" + (f" ({lo:,.0f}–{hi:,.0f})" if hi > lo else "")
            out.append(("/slow?ms=100", f"c=1000: {v}", fig, "≥ 9,700 req/s", _verdict(t, 9700)))

    for core in ("Duet servlet", "Duet servlet, virtual"):
        for threading in ("async", "blocking"):
            netty = f"Duet ({threading})"
            servlet = f"{core} ({threading})"
            ratio_row("The Servlet core vs the Netty core", f"json: {servlet} / {netty}",
                      ("load", servlet, "json"), ("load", netty, "json"), 0.9)
            for c in (1000, 5000):
                ratio_row("The Servlet core vs the Netty core", f"/slow c={c}: {servlet} / {netty}",
                          ("slow", servlet, c), ("slow", netty, c), 0.9)

    held = repeat.spread([r["result"]["rss_held_kib"] / 1024 for r in rows if r.get("kind") == "hold"
                          and r.get("server") == "duet" and r.get("result", {}).get("opened") == 10000])
    if held:
        med, lo, hi = held
        out.append(("Memory and start-up", "10,000 idle keep-alive connections: RSS", f"{med:.1f} MB"
                    + (f" ({lo:.1f}–{hi:.1f})" if hi > lo else ""), "< 150 MB",
                    "**met**" if med < 150 else "not met"))
    duet_starts = [r for r in rows if r.get("kind") == "startup" and r.get("server") == "duet"]
    starts = repeat.spread([r["ms"] for r in duet_starts])
    if starts:
        med, lo, hi = starts
        aot = any(r.get("aot") for r in duet_starts)
        out.append(("Memory and start-up", "start to the first response" + (" (AOT cache)" if aot else ""),
                    f"{med:,.0f} ms" + (f" ({lo:,}–{hi:,})" if hi > lo else ""),
                    "< 1,000 ms", "**met**" if med < 1000 else "not met"))
    return out


def summary(rows):
    meta = next((r for r in rows if r.get("kind") == "meta"), {})
    lines = [f"Issue 16's targets in `{meta.get('command', 'bench/run')}` at `{meta.get('commit', '')}`"
             f" ({meta.get('repeat', 1)} round(s); a ratio is the median of its per-round ratios, min–max in"
             " brackets).", "",
             "| target | figure | needs | verdict |", "|---|---:|---:|---|"]
    found = checks(rows)
    order = {g: i for i, g in reversed(list(enumerate(c[0] for c in found)))}
    found.sort(key=lambda c: order[c[0]])   # stable: each group's rows keep their order
    group = None
    for g, what, fig, need, verdict in found:
        if g != group:
            lines.append(f"| *{g}* | | | |")
            group = g
        lines.append(f"| {what} | {fig} | {need} | {verdict} |")
    met = sum(1 for c in found if c[4].startswith("**met"))
    lines += ["", f"{met} of {len(found)} met."]
    return "\n".join(lines) + "\n"


def main(path):
    rows = [json.loads(l) for l in open(path) if l.strip()]
    print(summary(rows), end="")
