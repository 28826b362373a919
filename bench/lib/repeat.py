"""Repeated runs (bench/run --repeat N): the median and spread of each figure, and each ratio per round.

bench/run's rounds alternate the servers (A B A B ...), so a slow spell of a shared machine tends to
fall on both sides of a ratio. A ratio is therefore taken within each round (A's round r over B's
round r) and its median and min-max over the rounds are reported, not the ratio of two medians only.

    tool.py repeat results.jsonl      prints the Markdown summary (bench/run writes it to repeat.md)

collapse(rows) is what report.py uses: one row per figure, the median round's, with a "repeat" field.
"""
import json
import statistics


def rps(w):
    return w["requests"] / (w["duration_us"] / 1e6) if w.get("duration_us") else 0.0


def cpu_us(r):
    """The server's CPU time per request in the measured window (µs), or None if not recorded."""
    n = r["wrk"].get("requests", 0)
    if not n or "cpu_ticks" not in r or not r.get("clk_tck"):
        return None
    return int(r["cpu_ticks"]) * 1e6 / int(r["clk_tck"]) / n


def figure_key(r):
    """What makes two rows the same figure measured in different rounds."""
    if r["kind"] == "load":
        return ("load", r["variant"], r["test"])
    return ("slow", r["variant"], r["conns"])


def spread(xs):
    """(median, min, max) of the values that are not None, or None if there are none."""
    xs = [x for x in xs if x is not None]
    return (statistics.median(xs), min(xs), max(xs)) if xs else None


def _groups(rows):
    groups = {}
    for r in rows:
        if r.get("kind") in ("load", "slow"):
            groups.setdefault(figure_key(r), []).append(r)
    return groups


def collapse(rows):
    """One row per figure: the round whose requests/s is the median (the lower middle one for an even
    count), with "repeat": {n, rps [med, min, max], cpu_us [...], p99_us [...], rounds {round: rps}}.
    Other rows unchanged."""
    groups = _groups(rows)
    out, done = [], set()
    for r in rows:
        if r.get("kind") not in ("load", "slow"):
            out.append(r)
            continue
        k = figure_key(r)
        if k in done:
            continue
        done.add(k)
        g = groups[k]
        if len(g) == 1:
            out.append(r)
            continue
        ordered = sorted(g, key=lambda x: rps(x["wrk"]))
        mid = dict(ordered[(len(ordered) - 1) // 2])
        mid["repeat"] = {"n": len(g), "rps": spread([rps(x["wrk"]) for x in g]),
                         "cpu_us": spread([cpu_us(x) for x in g]),
                         "p99_us": spread([x["wrk"].get("p99_us") for x in g]),
                         "rounds": {str(x.get("round", 1)): rps(x["wrk"]) for x in g}}
        out.append(mid)
    return out


def median_rps(r):
    """A (collapsed) row's requests/s: the median over its rounds, or its only measurement."""
    return r["repeat"]["rps"][0] if r.get("repeat") else rps(r["wrk"])


def ratio_spread(a, b):
    """(min, max) of row a's requests/s over row b's, round by round, or None if not repeated."""
    ra, rb = (a.get("repeat") or {}).get("rounds"), (b.get("repeat") or {}).get("rounds")
    if not ra or not rb:
        return None
    xs = [ra[k] / rb[k] for k in ra if rb.get(k)]
    return (min(xs), max(xs)) if xs else None


def is_peer(label):
    return not label.startswith("Duet")


def reference(variant, variants_here):
    """The row a variant's ratio is taken against: for "Duet B (x)" (--duet-b) the same "Duet (x)",
    otherwise the best peer (chosen by median requests/s), or None."""
    if variant.startswith("Duet B "):
        a = "Duet " + variant[len("Duet B "):]
        return a if a in variants_here else None
    return variants_here.get("__best_peer__")


def per_round_ratios(g_a, g_b):
    """A's requests/s over B's, round by round (rounds both have)."""
    b = {r.get("round", 1): rps(r["wrk"]) for r in g_b}
    return [rps(r["wrk"]) / b[r.get("round", 1)] for r in g_a if b.get(r.get("round", 1))]


def cpu_ratios(g_a, g_b):
    b = {r.get("round", 1): cpu_us(r) for r in g_b}
    return [cpu_us(r) / b[r.get("round", 1)] for r in g_a
            if cpu_us(r) is not None and b.get(r.get("round", 1))]


def fmt(t, f):
    if t is None:
        return "—"
    med, lo, hi = t
    return f"{f(med)} ({f(lo)}–{f(hi)})"


def summary(rows):
    groups = _groups(rows)
    meta = next((r for r in rows if r.get("kind") == "meta"), {})
    lines = [f"Median (min–max) of {meta.get('repeat', '?')} rounds, servers alternating; `{meta.get('command', '')}`"
             f" at `{meta.get('commit', '')}`. CPU is the server's µs of CPU time (user + system, /proc) per request."
             " Ratios are taken round by round: vs the best peer by median, or for a \"Duet B\" row vs the same"
             " \"Duet\" row. CPU ratio: the row's CPU per request over its reference's (below 1: cheaper).", ""]
    lines.append("| test | server | requests/s | CPU µs/req | p99 ms | load avg | vs | req/s ratio | CPU ratio |")
    lines.append("|---|---|---:|---:|---:|---:|---|---:|---:|")
    tests = []
    for k in groups:
        t = k[0:1] + k[2:]
        if t not in tests:
            tests.append(t)
    for t in tests:
        here = {k[1]: g for k, g in groups.items() if k[0:1] + k[2:] == t}
        peers = {v: g for v, g in here.items() if is_peer(v)}
        names = {v: v for v in here}
        if peers:
            names["__best_peer__"] = max(peers, key=lambda v: spread([rps(r["wrk"]) for r in peers[v]])[0])
        title = t[1] if t[0] == "load" else f"slow c={t[1]}"
        for v, g in sorted(here.items(), key=lambda vg: -spread([rps(r["wrk"]) for r in vg[1]])[0]):
            ref = reference(v, names)
            ratio = cpu = "—"
            if ref and ref != v:
                ratio = fmt(spread(per_round_ratios(g, here[ref])), lambda x: f"{x:.2f}")
                cpu = fmt(spread(cpu_ratios(g, here[ref])), lambda x: f"{x:.2f}")
            loads = [float(r["loadavg"]) for r in g if r.get("loadavg") not in (None, "")]
            lines.append(f"| {title} | {v} | {fmt(spread([rps(r['wrk']) for r in g]), lambda x: f'{x:,.0f}')} | "
                         f"{fmt(spread([cpu_us(r) for r in g]), lambda x: f'{x:.1f}')} | "
                         f"{fmt(spread([r['wrk'].get('p99_us') for r in g]), lambda x: f'{x / 1000:,.1f}')} | "
                         f"{fmt(spread(loads), lambda x: f'{x:.1f}')} | {ref if ref and ref != v else '—'} | {ratio} | {cpu} |")
    return "\n".join(lines) + "\n"


def main(path):
    rows = [json.loads(l) for l in open(path) if l.strip()]
    print(summary(rows), end="")
