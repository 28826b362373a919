#!/usr/bin/env python3
"""bench/soak/report.py OUT CHART CONNECTIONS MINUTES: turns the samples of bench/soak/run into
OUT/samples.csv, OUT/summary.txt and an SVG chart (RSS and answers per second over time).
Exit status 1 if any answer was not 2xx/3xx or wrk reported socket errors."""
import csv, re, sys
from collections import defaultdict

out, chart, conns, minutes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])

rss = [(int(r["epoch"]), int(r["rss_kb"]), int(r["connections"]), float(r.get("heap_committed_kb") or 0),
        float(r.get("old_used_kb") or 0), int(r.get("full_gcs") or 0)) for r in csv.DictReader(open(f"{out}/rss.csv"))]
per_second = defaultdict(lambda: [0, 0])
for line in open(f"{out}/counts.csv"):
    parts = line.strip().split(",")
    if len(parts) == 4:
        per_second[int(parts[0])][0] += int(parts[2])
        per_second[int(parts[0])][1] += int(parts[3])
t0 = rss[0][0]
rows = []
for i, (epoch, kb, c, heap, old, fgc) in enumerate(rss):
    prev = rss[i - 1][0] if i else epoch - 5
    ok = sum(per_second[s][0] for s in range(prev, epoch))
    bad = sum(per_second[s][1] for s in range(prev, epoch))
    rows.append((epoch - t0, kb / 1024.0, c, ok / max(1, epoch - prev), bad, heap / 1024.0, old / 1024.0, fgc))
with open(f"{out}/samples.csv", "w") as f:
    f.write("seconds,rss_mb,connections,answers_per_s,errors,heap_committed_mb,old_used_mb,full_gcs\n")
    for r in rows:
        f.write(f"{r[0]},{r[1]:.1f},{r[2]},{r[3]:.0f},{r[4]},{r[5]:.1f},{r[6]:.1f},{r[7]}\n")

wrk = open(f"{out}/wrk.txt").read()
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", wrk)
socket_errors = [int(x) for x in m.groups()] if m else [0, 0, 0, 0]
m = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk)
non2xx = int(m.group(1)) if m else 0
m = re.search(r"(\d+) requests in", wrk)
total = int(m.group(1)) if m else 0
m = re.search(r"Requests/sec:\s+([\d.]+)", wrk)
rps = float(m.group(1)) if m else 0.0

# Warm-up: the first minute (or a tenth of the run if longer): the JIT, the heap growing to its
# working size, the connections opening. "Flat" is judged on what follows.
warm = max(60, minutes * 6)
after = [r for r in rows if r[0] >= warm] or rows
xs, ys = [r[0] for r in after], [r[1] for r in after]
n = len(xs)
mx, my = sum(xs) / n, sum(ys) / n
den = sum((x - mx) ** 2 for x in xs) or 1
slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den * 60  # MB per minute
summary = [
    f"connections {conns}, minutes {minutes}, answers {total} ({rps:.0f}/s)",
    f"errors: non-2xx/3xx {non2xx}, socket connect {socket_errors[0]} read {socket_errors[1]} "
    f"write {socket_errors[2]} timeout {socket_errors[3]}",
    f"RSS MB: peak {max(r[1] for r in rows):.0f}; after warm-up ({warm} s): first {ys[0]:.0f}, min {min(ys):.0f}, "
    f"max {max(ys):.0f}, last {ys[-1]:.0f}, trend {slope:+.2f} MB/min",
    f"heap committed MB after warm-up: first {after[0][5]:.0f}, last {after[-1][5]:.0f}; old generation in use MB: "
    f"min {min(r[6] for r in after):.0f}, max {max(r[6] for r in after):.0f}, last {after[-1][6]:.0f}; full GCs {rows[-1][7]}",
    f"established connections: max {max(r[2] for r in rows)}",
]
try:
    live = dict((w, int(kb) / 1024.0) for w, kb in (l.split() for l in open(f"{out}/live.txt") if l.strip()))
    if live:
        summary.append("live heap (old generation after jcmd GC.run) MB: " + ", ".join(f"{k} {v:.0f}" for k, v in live.items()))
except FileNotFoundError:
    pass
open(f"{out}/summary.txt", "w").write("\n".join(summary) + "\n")
print("\n".join(summary))

# The chart: RSS (MB, left axis) and answers per second (right axis) against minutes.
W, H, L, R, T, B = 760, 340, 60, 60, 30, 60
pw, ph = W - L - R, H - T - B
tmax = max(r[0] for r in rows) or 1
rmax = max(r[1] for r in rows) * 1.15 or 1
amax = max(r[3] for r in rows) * 1.15 or 1
px = lambda t: L + pw * t / tmax
def path(vals, top):
    return " ".join(f"{'M' if i == 0 else 'L'}{px(t):.1f},{T + ph - ph * v / top:.1f}" for i, (t, v) in enumerate(vals))
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{L}" y="18" font-size="13">Soak: {conns} keep-alive connections, tour route mix, {minutes} min '
       f'(errors: {non2xx + sum(socket_errors)})</text>',
       f'<rect x="{L}" y="{T}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>']
for i in range(6):
    y = T + ph - ph * i / 5
    svg.append(f'<line x1="{L}" y1="{y:.1f}" x2="{L + pw}" y2="{y:.1f}" stroke="#eee"/>')
    svg.append(f'<text x="{L - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#1f5fbf">{rmax * i / 5:.0f}</text>')
    svg.append(f'<text x="{L + pw + 6}" y="{y + 4:.1f}" fill="#c0392b">{amax * i / 5:.0f}</text>')
step = max(1, round(tmax / 60 / 10))
for m_ in range(0, int(tmax // 60) + 1, step):
    x = px(m_ * 60)
    svg.append(f'<text x="{x:.1f}" y="{T + ph + 16}" text-anchor="middle">{m_}</text>')
svg.append(f'<text x="{L + pw + 6}" y="{T + ph + 16}" fill="#777">min</text>')
svg.append(f'<text x="14" y="{T + ph / 2}" transform="rotate(-90 14 {T + ph / 2})" text-anchor="middle" fill="#1f5fbf">RSS (MB)</text>')
svg.append(f'<text x="{W - 10}" y="{T + ph / 2}" transform="rotate(90 {W - 10} {T + ph / 2})" text-anchor="middle" fill="#c0392b">answers/s</text>')
svg.append(f'<line x1="{px(warm):.1f}" y1="{T}" x2="{px(warm):.1f}" y2="{T + ph}" stroke="#aaa" stroke-dasharray="4 3"/>')
svg.append(f'<text x="{px(warm) + 4:.1f}" y="{T + 12}" fill="#777">warm-up ends</text>')
svg.append(f'<path d="{path([(r[0], r[3]) for r in rows], amax)}" fill="none" stroke="#c0392b" stroke-width="1"/>')
svg.append(f'<path d="{path([(r[0], r[1]) for r in rows], rmax)}" fill="none" stroke="#1f5fbf" stroke-width="2"/>')
if any(r[5] for r in rows):
    svg.append(f'<path d="{path([(r[0], r[5]) for r in rows], rmax)}" fill="none" stroke="#1f5fbf" stroke-width="1" stroke-dasharray="5 3"/>')
    svg.append(f'<path d="{path([(r[0], r[6]) for r in rows], rmax)}" fill="none" stroke="#555" stroke-width="1"/>')
legend = [("#1f5fbf", "", "RSS"), ("#1f5fbf", "5 3", "heap committed"), ("#555", "", "old gen in use"), ("#c0392b", "", "answers/s")]
for i, (color, dash, name) in enumerate(legend):
    x = L + 10 + i * 150
    svg.append(f'<line x1="{x}" y1="{T + ph + 30}" x2="{x + 20}" y2="{T + ph + 30}" stroke="{color}" stroke-dasharray="{dash or "none"}"/>')
    svg.append(f'<text x="{x + 25}" y="{T + ph + 34}">{name}</text>')
for r in rows:
    if r[4]:
        svg.append(f'<circle cx="{px(r[0]):.1f}" cy="{T + ph - 3}" r="3" fill="black"><title>{r[4]} errors</title></circle>')
svg.append("</svg>")
open(chart, "w").write("\n".join(svg) + "\n")
print(f"chart: {chart}")
sys.exit(1 if non2xx or sum(socket_errors) else 0)
