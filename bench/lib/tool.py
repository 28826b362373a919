#!/usr/bin/python3
"""bench/run's helper: readiness, RSS, idle connections, endpoint verification, the report.

Run with Debian's /usr/bin/python3 (psycopg2 and matplotlib come from Debian packages).

  tool.py wait URL START_NS TIMEOUT_S          -> ms from START_NS to the first 200 (or exit 1)
  tool.py rss PID                              -> RSS of PID and its descendants, in KiB
  tool.py hold PORT N PID SECONDS              -> JSON: connections opened, still open, RSS idle/held
  tool.py verify BASE PREFIX=TESTS...         -> checks TechEmpower's rules; exit 1 on a failure
  tool.py report RESULTS.jsonl OUT.md PNGDIR   -> writes docs/benchmarks.md and the charts
  tool.py repeat RESULTS.jsonl                 -> medians and spreads of a --repeat run (repeat.md)
  tool.py targets RESULTS.jsonl                -> issue 16's targets, met or not (targets.md)
  tool.py hot PROFILE.collapsed [N]            -> the hottest frames of an async-profiler profile
"""
import asyncio
import importlib
import html
import json
import os
import re
import socket
import sys
import time
import urllib.error
import urllib.request


# ---------------------------------------------------------------- processes

def tree(pid):
    """pid and all its descendants."""
    children = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                s = f.read()
            ppid = int(s[s.rindex(")") + 2:].split()[1])
            children.setdefault(ppid, []).append(int(d))
        except (OSError, ValueError):
            pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def rss_kib(pid):
    total = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def cmd_wait(url, start_ns, timeout):
    start_ns, deadline = int(start_ns), time.time() + float(timeout)
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    r.read()
                    print(round((time.time_ns() - start_ns) / 1e6))
                    return 0
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.005)
    return 1


# ---------------------------------------------------------------- idle connections

async def _hold(port, n, pid, seconds):
    req = b"GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    conns, failed = [], 0
    sem = asyncio.Semaphore(500)

    async def one():
        nonlocal failed
        async with sem:
            try:
                r, w = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 10)
                w.write(req)
                head = await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), 10)
                m = re.search(rb"(?i)content-length:\s*(\d+)", head)
                if m:
                    await asyncio.wait_for(r.readexactly(int(m.group(1))), 10)
                conns.append((r, w))
            except Exception:
                failed += 1

    rss_idle = rss_kib(pid)
    t0 = time.time()
    await asyncio.gather(*(one() for _ in range(n)))
    open_s = time.time() - t0
    await asyncio.sleep(2)
    rss_held = rss_kib(pid)
    await asyncio.sleep(max(0, seconds - 2))
    alive = sum(1 for r, w in conns if not r.at_eof())
    rss_end = rss_kib(pid)
    for r, w in conns:
        w.close()
    return {"opened": len(conns), "failed": failed, "alive": alive, "open_s": round(open_s, 1),
            "rss_idle_kib": rss_idle, "rss_held_kib": max(rss_held, rss_end)}


def cmd_hold(port, n, pid, seconds):
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    print(json.dumps(asyncio.run(_hold(int(port), int(n), int(pid), float(seconds)))))


# ---------------------------------------------------------------- AOT training

def cmd_train(base, *paths):
    """GETs each path a few times (the workload of an AOT training run: every endpoint's code
    loaded and run), whatever it answers; prints how many answered 200."""
    ok = 0
    for p in paths:
        for _ in range(3):
            try:
                with urllib.request.urlopen(base + p, timeout=10) as r:
                    r.read()
                    ok += r.status == 200
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
    print(f"train: {ok} of {3 * len(paths)} requests answered 200")


# ---------------------------------------------------------------- verification

class Fail(Exception):
    pass


def get(url):
    req = urllib.request.Request(url, headers={"User-Agent": "bench-verify"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def check_headers(name, h, ctype, notes):
    for must in ("server", "date"):
        if must not in h:
            raise Fail(f"{name}: no {must.capitalize()} header")
    got = h.get("content-type", "")
    if got.replace(" ", "").lower() != ctype.replace(" ", "").lower():
        if got.split(";")[0].strip().lower() == ctype.split(";")[0].strip().lower():
            notes.append(f"{name}: Content-Type '{got}' (expected exactly '{ctype}')")
        else:
            raise Fail(f"{name}: Content-Type '{got}', expected '{ctype}'")


def world_ok(o):
    if not isinstance(o, dict):
        raise Fail(f"not a world object: {o!r}")
    k = {key.lower(): v for key, v in o.items()}
    if set(k) != {"id", "randomnumber"}:
        raise Fail(f"world keys {list(o)}")
    if not (1 <= int(k["id"]) <= 10000 and 1 <= int(k["randomnumber"]) <= 10000):
        raise Fail(f"world out of range {o!r}")
    return int(k["id"]), int(k["randomnumber"])


EXPECTED_FORTUNES = None


def expected_fortunes(conn):
    cur = conn.cursor()
    cur.execute("SELECT id, message FROM fortune")
    rows = cur.fetchall() + [(0, "Additional fortune added at request time.")]
    rows.sort(key=lambda r: r[1])
    return rows


def stats(conn):
    cur = conn.cursor()
    cur.execute("SELECT coalesce(idx_scan,0)+coalesce(seq_scan,0), n_tup_upd FROM pg_stat_user_tables WHERE relname='world'")
    return cur.fetchone()


def settle(conn, quiet=11.0, limit=40.0, until=None):
    """Waits until PostgreSQL's counters for world stop moving (an idle backend flushes them within ~10 s),
    or until they reach `until`."""
    last, since, t0 = stats(conn), time.time(), time.time()
    while time.time() - since < quiet and time.time() - t0 < limit:
        time.sleep(0.5)
        now = stats(conn)
        if until is not None and tuple(now) == tuple(until):
            return now
        if now != last:
            last, since = now, time.time()
    return last


def check(t, u, conn, notes):
    if t == "plaintext":
        s, h, b = get(u("/plaintext"))
        if s != 200 or b != b"Hello, World!":
            raise Fail(f"plaintext: {s} {b[:60]!r}")
        check_headers("plaintext", h, "text/plain", notes)
    elif t == "json":
        s, h, b = get(u("/json"))
        if s != 200 or json.loads(b) != {"message": "Hello, World!"}:
            raise Fail(f"json: {s} {b[:60]!r}")
        check_headers("json", h, "application/json", notes)
    elif t == "db":
        s, h, b = get(u("/db"))
        if s != 200:
            raise Fail(f"db: {s}")
        world_ok(json.loads(b))
        check_headers("db", h, "application/json", notes)
    elif t in ("queries", "updates"):
        for q, n in (("", 1), ("?queries=", 1), ("?queries=foo", 1), ("?queries=0", 1), ("?queries=-5", 1),
                     ("?queries=7", 7), ("?queries=501", 500), ("?queries=20", 20)):
            s, h, b = get(u(f"/{t}{q}"))
            if s != 200:
                raise Fail(f"{t}{q}: status {s}")
            arr = json.loads(b)
            if not isinstance(arr, list) or len(arr) != n:
                raise Fail(f"{t}{q}: expected a list of {n}, got {len(arr) if isinstance(arr, list) else type(arr).__name__}")
            last = [world_ok(o) for o in arr]
            check_headers(f"{t}{q}", h, "application/json", notes)
        if t == "updates":
            cur = conn.cursor()
            ids = [i for i, _ in last]
            cur.execute("SELECT id, randomnumber FROM world WHERE id = ANY(%s)", (ids,))
            stored = dict(cur.fetchall())
            wrong = [(i, r, stored.get(i)) for i, r in last if stored.get(i) != r and ids.count(i) == 1]
            if wrong:
                raise Fail(f"updates: rows not stored as returned (id, returned, stored): {wrong[:3]}")
    elif t == "fortunes":
        s, h, b = get(u("/fortunes"))
        if s != 200:
            raise Fail(f"fortunes: {s}")
        check_headers("fortunes", h, "text/html; charset=utf-8", notes)
        text = b.decode("utf-8")
        cells = re.findall(r"<tr>\s*<td>\s*(\d+)\s*</td>\s*<td>(.*?)</td>\s*</tr>", text, re.S)
        got = [(int(i), html.unescape(m.strip())) for i, m in cells]
        if got != expected_fortunes(conn):
            raise Fail(f"fortunes: rows differ from the table (+1, sorted): {got[:3]}...")
        if "&lt;script&gt;" not in text or "<script>" in text:
            raise Fail("fortunes: the <script> fortune is not escaped")
        if "フレームワークのベンチマーク" not in text:
            raise Fail("fortunes: the Japanese fortune is not UTF-8")
    elif t in ("slow", "slow-async"):
        t0 = time.time()
        s, h, b = get(u(f"/{t}?ms=200"))
        dt = time.time() - t0
        if s != 200 or not (0.19 <= dt < 2):
            raise Fail(f"{t}: {s} after {dt:.3f}s")


def cmd_verify(base, *groups):
    """groups: PREFIX=TEST,TEST... (PREFIX may be empty: =plaintext,json)."""
    import psycopg2
    conn = psycopg2.connect(host="127.0.0.1", user="postgres", dbname=os.environ.get("BENCH_DB", "bench"))
    conn.autocommit = True
    notes, failures = [], []
    counted = []
    for g in groups:
        prefix, tests = g.split("=", 1)
        u = lambda path, p=prefix: base + p + path
        for t in tests.split(","):
            try:
                check(t, u, conn, notes)
                if t in ("queries", "updates"):
                    counted.append((prefix, t))
            except Fail as e:
                failures.append(f"{prefix}{' ' if prefix else ''}{e}")
            except Exception as e:  # a crash in a check is a failure too
                failures.append(f"{prefix}/{t}: {type(e).__name__}: {e}")
    # One statement per World row read (and one UPDATE per row written), counted by PostgreSQL
    # itself: 10 requests of 20 rows per endpoint, after the counters have settled.
    if counted and os.environ.get("BENCH_COUNT", "1") == "1":
        before = settle(conn)
        want_scans = want_upd = 0
        for prefix, t in counted:
            for _ in range(10):
                get(base + prefix + f"/{t}?queries=20")
            want_scans += 200 if t == "queries" else 400
            want_upd += 200 if t == "updates" else 0
        after = settle(conn, quiet=11.0, limit=40.0, until=(before[0] + want_scans, before[1] + want_upd))
        scans, upd = after[0] - before[0], after[1] - before[1]
        msg = (f"statements: {len(counted)} endpoint(s) x 10 x 20 rows -> {scans} scans of world (expected {want_scans}),"
               f" {upd} rows updated (expected {want_upd}), by PostgreSQL's counters")
        (notes if (scans, upd) == (want_scans, want_upd) else failures).append(msg)
    for n in notes:
        print("  note:", n)
    for f in failures:
        print("  FAIL:", f)
    print("  verify:", "ok" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


# ---------------------------------------------------------------- profiles

def category(frame):
    f = frame
    for prefix, name in (("dev/duet/netty", "duet-netty"), ("dev.duet.netty", "duet-netty"),
                         ("dev/duet/db", "duet-db"), ("dev.duet.db", "duet-db"),
                         ("dev/duet", "duet-core"), ("dev.duet", "duet-core"),
                         ("io/netty", "netty"), ("io.netty", "netty"),
                         ("tools/jackson", "jackson"), ("tools.jackson", "jackson"),
                         ("org/postgresql", "pgjdbc"), ("org.postgresql", "pgjdbc"),
                         ("com/zaxxer", "hikari"), ("com.zaxxer", "hikari"),
                         ("java/", "jdk"), ("java.", "jdk"), ("jdk/", "jdk"), ("jdk.", "jdk"), ("sun/", "jdk"), ("sun.", "jdk")):
        if f.startswith(prefix):
            return name
    if f.endswith("_[k]") or f.startswith(("__", "entry_SYSCALL", "do_syscall")):
        return "kernel"
    return "jvm/native"


def cmd_hot(path, n="25"):
    n = int(n)
    self_, total, cats, frame_cat, all_ = {}, {}, {}, {}, 0
    for line in open(path):
        line = line.rstrip()
        if not line:
            continue
        stack, _, count = line.rpartition(" ")
        count = int(count)
        frames = stack.split(";")
        all_ += count
        leaf = frames[-1]
        self_[leaf] = self_.get(leaf, 0) + count
        c = category(leaf)
        cats[c] = cats.get(c, 0) + count
        for f in set(frames):
            total[f] = total.get(f, 0) + count
    pct = lambda v: f"{100.0 * v / all_:5.1f}%"
    print(f"{all_} samples")
    print("\nself time by where the leaf frame lives:")
    for c, v in sorted(cats.items(), key=lambda x: -x[1]):
        print(f"  {pct(v)}  {c}")
    print(f"\nhottest frames, self time (top {n}):")
    for f, v in sorted(self_.items(), key=lambda x: -x[1])[:n]:
        print(f"  {pct(v)}  {f}")
    print(f"\nDuet frames, total time (top {n}):")
    duet = [(f, v) for f, v in total.items() if category(f).startswith("duet")]
    for f, v in sorted(duet, key=lambda x: -x[1])[:n]:
        print(f"  {pct(v)}  {f}")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "wait":
        sys.exit(cmd_wait(*args))
    elif cmd == "rss":
        print(rss_kib(int(args[0])))
    elif cmd == "hold":
        cmd_hold(*args)
    elif cmd == "train":
        cmd_train(*args)
    elif cmd == "verify":
        sys.exit(cmd_verify(*args))
    elif cmd == "hot":
        cmd_hot(*args)
    elif cmd in ("repeat", "targets", "report"):   # each a module of its own beside this one
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        importlib.import_module(cmd).main(*args)
    else:
        sys.exit(f"unknown command {cmd}")
