#!/usr/bin/env python3
"""bench/orm/same-app-ab.py: the ORM against raw JDBC (or any two routes) in the same bench/duet process.

usage: bench/orm/same-app-ab.py --jar bench/duet/target/duet-bench.jar [--jar OTHER/duet-bench.jar]
           --pairs '/queries?queries=20,/jdbc/queries?queries=20' [--pairs ...] [--rounds 3] [--dur 8] [--warm 8]
           [--conns 64] [--port 8093] [--agent ASYNC_PROFILER_OPTIONS] [--json OUT]

Pinned like bench/run (server on core 1, wrk -t1 on core 0), JVM options of bench/run, pool of 16,
database "bench" of the local PostgreSQL (bench/run fills it; --env DATABASE_URL=... for another). Each jar runs in a process of its own,
in turn (a jar is named by its directory: copy a build with its lib/ to compare two); every URL is
warmed up, then the two URLs of each pair alternate (A B, then B A) for --rounds rounds. Per
window: requests/s, the server's CPU time per request (utime + stime from /proc), the CPU time per
request of the PostgreSQL backends serving the app's own connections (application_name duet), p99
and the load average. Then medians with min-max per URL."""
import argparse, json, os, re, subprocess, sys, time, statistics, urllib.request

CLK = os.sysconf('SC_CLK_TCK')
JAVA = os.path.join(os.environ.get('JAVA_HOME', '/usr/lib/jvm/temurin-25-jdk-amd64'), 'bin', 'java')
LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib', 'report.lua')

def ticks(pid):
    with open(f'/proc/{pid}/stat') as f:
        s = f.read()
    parts = s[s.rindex(')') + 2:].split()
    return int(parts[11]) + int(parts[12])

def pg_pids(app_started, dbname):
    out = subprocess.run(['psql', '-h', '127.0.0.1', '-U', 'postgres', '-d', dbname, '-At', '-c',
                          f"select pid from pg_stat_activity where datname='{dbname}' and application_name='duet' "
                          f"and backend_start >= to_timestamp({app_started - 2})"], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]

def pg_ticks(pids):
    t = 0
    for p in pids:
        try:
            t += ticks(p)
        except OSError:
            pass
    return t

def wrk(port, url, secs, conns):
    out = subprocess.run(['taskset', '-c', '0', 'wrk', '-t1', f'-c{conns}', f'-d{secs}s', '--timeout', '8s',
                          '-H', 'Connection: keep-alive', '-s', LUA, f'http://127.0.0.1:{port}{url}'],
                         capture_output=True, text=True).stdout
    m = re.search(r'BENCHJSON (\{.*\})', out)
    if not m:
        raise SystemExit('wrk failed: ' + out)
    return json.loads(m.group(1))

def start(jar, port, agent, extra_env):
    env = dict(os.environ, PORT=str(port), BENCH_POOL='16',
               DATABASE_URL='postgresql://postgres@127.0.0.1:5432/bench',
               BENCH_JDBC_URL='jdbc:postgresql://127.0.0.1:5432/bench', BENCH_DB_USER='postgres')
    env.update(extra_env)
    cmd = ['taskset', '-c', '1', JAVA, '-Xmx1g', '-XX:+UseSerialGC', '-Xss512k', '--enable-native-access=ALL-UNNAMED']
    if agent:
        cmd.append('-agentpath:/tmp/ap/linux-x64/libasyncProfiler.so=' + agent)
    cmd += ['-Dduet.port=%d' % port, '-jar', jar]
    log = open(f'/tmp/same-app-ab-{port}.log', 'w')
    t0 = time.time()
    p = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            urllib.request.urlopen(f'http://127.0.0.1:{port}/db', timeout=2).read()
            return p, t0
        except Exception:
            if p.poll() is not None:
                raise SystemExit('server died, see log')
            time.sleep(0.2)
    raise SystemExit('server not up')

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--jar', action='append', required=True)
    ap.add_argument('--pairs', action='append', required=True)
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--dur', type=int, default=8)
    ap.add_argument('--warm', type=int, default=8)
    ap.add_argument('--conns', type=int, default=64)
    ap.add_argument('--port', type=int, default=8093)
    ap.add_argument('--agent')
    ap.add_argument('--env', action='append', default=[])
    ap.add_argument('--json')
    a = ap.parse_args()
    extra = dict(e.split('=', 1) for e in a.env)
    results = []
    urls = [u for p in a.pairs for u in p.split(',')]
    for jar in a.jar:
        p, t0 = start(jar, a.port, a.agent, extra)
        try:
            for u in urls:
                wrk(a.port, u, a.warm, a.conns)
            # The database the app uses (--env DATABASE_URL=... to run on another than "bench").
            dbname = extra.get('DATABASE_URL', 'postgresql://postgres@127.0.0.1:5432/bench').rsplit('/', 1)[1].split('?')[0]
            pids = pg_pids(t0, dbname)
            for r in range(a.rounds):
                for pair in a.pairs:
                    us = pair.split(',')
                    if r % 2 == 1:
                        us = us[::-1]
                    for u in us:
                        c0, g0 = ticks(p.pid), pg_ticks(pids)
                        j = wrk(a.port, u, a.dur, a.conns)
                        c1, g1 = ticks(p.pid), pg_ticks(pids)
                        n = j['requests']
                        errs = j['connect'] + j['read'] + j['write'] + j['status'] + j['timeout']
                        row = dict(jar=os.path.basename(os.path.dirname(jar)), url=u, round=r, rps=n / (j['duration_us'] / 1e6),
                                   cpu=(c1 - c0) * 1e6 / CLK / n, pg=(g1 - g0) * 1e6 / CLK / n, p99=j['p99_us'] / 1000,
                                   errors=errs, load=float(open('/proc/loadavg').read().split()[0]), pgconns=len(pids))
                        results.append(row)
                        print(f"{row['jar']:>22} {u:<32} r{r} {row['rps']:9.0f} req/s  cpu {row['cpu']:7.1f} us/req  pg {row['pg']:7.1f} us/req  p99 {row['p99']:7.1f} ms  err {errs}  load {row['load']}", flush=True)
        finally:
            p.terminate()
            p.wait()
    print('\nmedians (min-max):')
    keys = []
    for r in results:
        k = (r['jar'], r['url'])
        if k not in keys:
            keys.append(k)
    def mm(xs):
        return f"{statistics.median(xs):8.1f} ({min(xs):.1f}-{max(xs):.1f})"
    for k in keys:
        rs = [r for r in results if (r['jar'], r['url']) == k]
        print(f"{k[0]:>22} {k[1]:<32} req/s {mm([r['rps'] for r in rs])}  cpu {mm([r['cpu'] for r in rs])}  pg {mm([r['pg'] for r in rs])}  load {mm([r['load'] for r in rs])}")
    if a.json:
        with open(a.json, 'w') as f:
            json.dump(results, f)

main()
