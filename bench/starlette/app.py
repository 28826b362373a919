"""Starlette on uvicorn (uvloop, httptools), asyncpg (the idiomatic async PostgreSQL client).

bench/run starts it as: uvicorn --loop uvloop --http httptools app:app
"""
import asyncio
import html
import os
import random

import asyncpg
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

pool = None
HELLO = b"Hello, World!"


async def startup():
    global pool
    pool = await asyncpg.create_pool(host="127.0.0.1", port=5432, database="bench", user="postgres",
                                     min_size=4, max_size=int(os.environ.get("BENCH_POOL", "16")))


def queries(request):
    try:
        return max(1, min(500, int(request.query_params.get("queries", "1"))))
    except ValueError:
        return 1


def rid():
    return random.randint(1, 10000)


def text():
    return Response(HELLO, headers={"content-type": "text/plain"})


async def plaintext(request):
    return text()


async def json_(request):
    return JSONResponse({"message": "Hello, World!"})


SELECT = "SELECT id, randomnumber FROM world WHERE id = $1"


async def db(request):
    async with pool.acquire() as c:
        i, r = await c.fetchrow(SELECT, rid())
    return JSONResponse({"id": i, "randomNumber": r})


async def queries_(request):
    out = []
    async with pool.acquire() as c:
        st = await c.prepare(SELECT)
        for _ in range(queries(request)):
            i, r = await st.fetchrow(rid())
            out.append({"id": i, "randomNumber": r})
    return JSONResponse(out)


async def updates(request):
    out = []
    async with pool.acquire() as c:
        st = await c.prepare(SELECT)
        for _ in range(queries(request)):
            i, old = await st.fetchrow(rid())
            new = old
            while new == old:
                new = rid()
            out.append({"id": i, "randomNumber": new})
        rows = sorted(((w["randomNumber"], w["id"]) for w in out), key=lambda x: x[1])
        await c.executemany("UPDATE world SET randomnumber = $1 WHERE id = $2", rows)
    return JSONResponse(out)


async def fortunes(request):
    async with pool.acquire() as c:
        rows = [tuple(r) for r in await c.fetch("SELECT id, message FROM fortune")]
    rows.append((0, "Additional fortune added at request time."))
    rows.sort(key=lambda f: f[1])
    body = ["<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>"]
    body += [f"<tr><td>{i}</td><td>{html.escape(m)}</td></tr>" for i, m in rows]
    body.append("</table></body></html>")
    return HTMLResponse("".join(body))


async def slow(request):
    try:
        ms = max(0, min(10000, int(request.query_params.get("ms", "100"))))
    except ValueError:
        ms = 100
    await asyncio.sleep(ms / 1000)
    return text()


app = Starlette(routes=[
    Route("/plaintext", plaintext), Route("/json", json_), Route("/db", db), Route("/queries", queries_),
    Route("/updates", updates), Route("/fortunes", fortunes), Route("/slow", slow),
], on_startup=[startup])
