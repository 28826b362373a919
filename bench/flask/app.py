"""Flask on gunicorn (gthread workers), psycopg2 with a connection pool per worker.

bench/run starts it as: gunicorn --worker-class gthread --workers 3 --threads 8 app:app
"""
import os
import random
import time

import psycopg2
import psycopg2.extras
import psycopg2.pool
from flask import Flask, Response, jsonify, render_template_string, request

app = Flask(__name__)
app.json.sort_keys = False

_pool = None


def pool():
    global _pool  # one pool per gunicorn worker process, created after the fork
    if _pool is None:
        _pool = psycopg2.pool.ThreadedConnectionPool(
            1, int(os.environ.get("BENCH_PY_POOL", "8")),
            os.environ.get("BENCH_PG_DSN", "host=127.0.0.1 port=5432 dbname=bench user=postgres"))
    return _pool


class conn:
    def __enter__(self):
        self.c = pool().getconn()
        self.c.autocommit = True
        return self.c

    def __exit__(self, *exc):
        pool().putconn(self.c)


FORTUNES = """<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>
{% for f in fortunes %}<tr><td>{{ f[0] }}</td><td>{{ f[1] }}</td></tr>{% endfor %}</table></body></html>"""


def queries():
    try:
        return max(1, min(500, int(request.args.get("queries", "1"))))
    except ValueError:
        return 1


def rid():
    return random.randint(1, 10000)


@app.route("/plaintext")
def plaintext():
    return Response(b"Hello, World!", headers={"Content-Type": "text/plain"})


@app.route("/json")
def json_():
    return jsonify(message="Hello, World!")


@app.route("/db")
def db():
    with conn() as c, c.cursor() as cur:
        cur.execute("SELECT id, randomnumber FROM world WHERE id = %s", (rid(),))
        i, r = cur.fetchone()
    return jsonify(id=i, randomNumber=r)


@app.route("/queries")
def queries_():
    out = []
    with conn() as c, c.cursor() as cur:
        for _ in range(queries()):
            cur.execute("SELECT id, randomnumber FROM world WHERE id = %s", (rid(),))
            i, r = cur.fetchone()
            out.append({"id": i, "randomNumber": r})
    return jsonify(out)


@app.route("/updates")
def updates():
    out = []
    with conn() as c, c.cursor() as cur:
        for _ in range(queries()):
            cur.execute("SELECT id, randomnumber FROM world WHERE id = %s", (rid(),))
            i, old = cur.fetchone()
            new = old
            while new == old:
                new = rid()
            out.append({"id": i, "randomNumber": new})
        rows = sorted(((w["randomNumber"], w["id"]) for w in out), key=lambda x: x[1])
        psycopg2.extras.execute_batch(cur, "UPDATE world SET randomnumber = %s WHERE id = %s", rows)
    return jsonify(out)


@app.route("/fortunes")
def fortunes():
    with conn() as c, c.cursor() as cur:
        cur.execute("SELECT id, message FROM fortune")
        rows = cur.fetchall()
    rows.append((0, "Additional fortune added at request time."))
    rows.sort(key=lambda f: f[1])
    return render_template_string(FORTUNES, fortunes=rows)


@app.route("/slow")
def slow():
    try:
        ms = max(0, min(10000, int(request.args.get("ms", "100"))))
    except ValueError:
        ms = 100
    time.sleep(ms / 1000)
    return Response(b"Hello, World!", headers={"Content-Type": "text/plain"})
