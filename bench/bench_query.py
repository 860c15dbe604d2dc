"""How long ``kg query`` takes as a command, and how fast ``kg serve`` answers.

Measures, over a built OUT (default: the example corpus built into a temporary
folder): the wall time of ``kg query`` processes (a count, a named query), and
the latency of queries through a running ``kg serve`` (one keep-alive
connection, so that connection set-up is not counted). Prints medians and p95.

Usage::

    .venv/bin/python bench/bench_query.py                   # builds corpus/ into a temporary OUT
    .venv/bin/python bench/bench_query.py --graph out --runs 50
"""
from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
KG = [sys.executable, "-m", "kg"]

COMMANDS = {
    "count": ["SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
    "named clusters": ["--name", "clusters"],
    "named documents": ["--name", "documents", "--format", "csv"],
}
HTTP_QUERIES = {
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "labels (all)": "SELECT ?s ?l WHERE { ?s rdfs:label ?l }",
    "ask": "ASK { ?s a kg:Park }",
}


def stats(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return f"median {statistics.median(times) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   (n={len(times)})"


def bench_cli(out: Path, runs: int) -> None:
    for label, args in COMMANDS.items():
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(KG + ["query", "--graph", str(out), *args], check=True, capture_output=True, cwd=ROOT)
            times.append(time.perf_counter() - t)
        print(f"kg query {label:<18} {stats(times)}")


def bench_http(out: Path, runs: int) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(KG + ["serve", "--graph", str(out), "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        proc.stderr.readline()                       # "SPARQL endpoint: ..." once it listens
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for label, q in HTTP_QUERIES.items():
            path = "/sparql?query=" + quote(q)
            times = []
            for i in range(runs + 3):
                t = time.perf_counter()
                conn.request("GET", path, headers={"Accept": "text/csv"})
                resp = conn.getresponse()
                resp.read()
                assert resp.status == 200, resp.status
                if i >= 3:                           # warm-up
                    times.append(time.perf_counter() - t)
            print(f"GET /sparql {label:<17} {stats(times)}")
        conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--graph", type=Path, help="a built OUT (default: build corpus/ into a temporary folder)")
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.graph
        if out is None:
            out = Path(tmp) / "out"
            subprocess.run(KG + ["-q", "build", "corpus", "-o", str(out)], check=True, cwd=ROOT)
        print(f"{os.cpu_count()} cores, OUT {out}")
        bench_cli(out, args.runs)
        bench_http(out, args.runs * 5)


if __name__ == "__main__":
    main()
