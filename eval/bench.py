"""Serving benchmark: answer latency and throughput of a running server, its memory, and the bare query-embedding cost.

Also registers the `nq57 bench` and `nq57 bench-faiss` commands (`add_bench_commands`).
"""

from __future__ import annotations

import argparse
import dataclasses
import ipaddress
import json
import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import numpy as np

from eval.memory import peak_rss_mb, rss_mb
from ingest.embedding import Embedder, embedder_signature, make_embedder
from ingest.errors import InvalidRequestError
from ingest.settings import Settings

log = logging.getLogger(__name__)

# Varied on purpose: task lookups by agency and deadline, counts, indicators, report figures, definitions,
# follow-up style, no diacritics, English, and one question outside the corpus (a refusal is an answer too).
BENCH_QUESTIONS: tuple[str, ...] = (
    "Nghị quyết 57-NQ/TW đặt ra mục tiêu gì đến năm 2030?",
    "Bộ Khoa học và Công nghệ được giao những nhiệm vụ nào?",
    "Có bao nhiêu nhiệm vụ phải hoàn thành trong năm 2025?",
    "Nhiệm vụ nào có thời hạn trong quý IV năm 2025?",
    "Chỉ tiêu về tỷ trọng kinh tế số trong GDP là bao nhiêu?",
    "Chi cho nghiên cứu và phát triển phải đạt bao nhiêu phần trăm GDP?",
    "Bộ Giáo dục và Đào tạo chủ trì những nhiệm vụ gì?",
    "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo do ai đứng đầu?",
    "Những giải pháp về hạ tầng số được nêu trong Nghị quyết là gì?",
    "Kết quả thực hiện chuyển đổi số năm 2024 có số liệu nào nổi bật?",
    "bo thong tin va truyen thong co nhiem vu gi",
    "nhiem vu ve du lieu so quoc gia do co quan nao chu tri",
    "What are the main goals of Resolution 57 on science and technology?",
    "Which ministry is in charge of the national data centre?",
    "Quỹ đầu tư mạo hiểm được đề cập như thế nào?",
    "Cơ chế thử nghiệm có kiểm soát (sandbox) được quy định ra sao?",
    "Chính phủ ban hành Nghị quyết nào để thực hiện Nghị quyết 57?",
    "Nhiệm vụ số 10 trong Phụ lục II là gì?",
    "Tỷ lệ dân số trưởng thành có điện thoại thông minh đến năm 2025 là bao nhiêu?",
    "Giá vàng hôm nay là bao nhiêu?",
)

DEFAULT_CONCURRENCY = (1, 8)
MAX_REQUESTS = 1000
MAX_SECONDS = 600.0


@dataclass(frozen=True)
class LatencyStats:
    concurrency: int
    requests: int  # requests completed (any status)
    errors: int  # transport errors and non-2xx answers
    p50_ms: float
    p95_ms: float
    mean_ms: float
    max_ms: float
    wall_seconds: float
    requests_per_second: float
    statuses: tuple[tuple[str, int], ...]  # ("200", 38), ("timeout", 2)
    stopped_early: bool  # the duration bound ended the run before every request was sent


@dataclass(frozen=True)
class ServerMemory:
    pid: int | None
    rss_mb: float | None
    peak_rss_mb: float | None
    note: str  # how the process was found, or why the figure is missing


@dataclass(frozen=True)
class EmbedCost:
    embedder: str
    samples: int
    p50_ms: float
    p95_ms: float
    warm_up_seconds: float


@dataclass(frozen=True)
class BenchReport:
    url: str
    questions: int
    runs: tuple[LatencyStats, ...]
    memory_before: ServerMemory
    memory_after: ServerMemory
    embed: EmbedCost | None
    seconds: float
    load_average: float  # 1-minute load before the run: on a shared machine latencies depend on it

    def run(self, concurrency: int) -> LatencyStats | None:
        return next((r for r in self.runs if r.concurrency == concurrency), None)


# ---------------------------------------------------------------- loopback guard


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def chat_endpoint(url: str) -> tuple[str, int]:
    """The /chat URL of a loopback server and its port; any other host is refused (this is a load test)."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not _is_loopback(host):
        raise InvalidRequestError(
            f"Chỉ đo máy chủ chạy trên máy này (127.0.0.1, localhost, ::1); nhận {url!r}. "
            "Ví dụ: nq57 bench --url http://127.0.0.1:8000"
        )
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = parts.path.rstrip("/")
    endpoint = f"{parts.scheme}://{parts.netloc}{path if path.endswith('/chat') else path + '/chat'}"
    return endpoint, port


# ---------------------------------------------------------------- server memory


def _listening_inodes(port: int) -> set[str]:
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            # fields: sl, local "ADDR:PORT" (hex), remote, state (0A = LISTEN), ..., inode at index 9
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    return inodes


def find_listening_pid(port: int) -> int | None:
    """The process holding a listening socket on `port`, from /proc (None when not found or not permitted)."""
    inodes = _listening_inodes(port)
    if not inodes:
        return None
    targets = {f"socket:[{inode}]" for inode in inodes}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                try:
                    if str(fd.readlink()) in targets:
                        return int(proc.name)
                except OSError:
                    continue
        except OSError:  # another user's process, or it ended meanwhile
            continue
    return None


def server_memory(port: int, pid: int | None = None) -> ServerMemory:
    """RSS of the server: the given pid, else the process listening on the port; says why when unavailable."""
    if pid is not None:
        how = f"--pid {pid}"
    else:
        pid = find_listening_pid(port)
        if pid is None:
            return ServerMemory(
                None, None, None,
                f"không tìm thấy tiến trình nghe cổng {port} trong /proc (máy chủ ở container khác hoặc không đủ "
                "quyền); truyền --pid để đo bộ nhớ",
            )
        how = f"tiến trình nghe cổng {port}"
    rss = rss_mb(pid)
    if rss is None:
        return ServerMemory(pid, None, None, f"không đọc được /proc/{pid}/status")
    return ServerMemory(pid, rss, peak_rss_mb(pid), how)


# ---------------------------------------------------------------- load


def _percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=np.float64), q)) if values else float("nan")


def measure_concurrency(
    client: httpx.Client,
    endpoint: str,
    questions: Sequence[str],
    requests: int,
    concurrency: int,
    max_seconds: float,
) -> LatencyStats:
    """Send `requests` POST /chat (questions in turn, each a new conversation) from `concurrency` workers."""
    lock = threading.Lock()
    next_index = 0
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    deadline = time.perf_counter() + max_seconds
    stopped = False

    def worker() -> None:
        nonlocal next_index, stopped
        while True:
            with lock:
                if next_index >= requests:
                    return
                if time.perf_counter() >= deadline:
                    stopped = True
                    return
                index = next_index
                next_index += 1
            question = questions[index % len(questions)]
            started = time.perf_counter()
            try:
                response = client.post(endpoint, json={"message": question})
                status = str(response.status_code)
            except httpx.TimeoutException:
                status = "timeout"
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            elapsed = (time.perf_counter() - started) * 1000.0
            with lock:
                latencies.append(elapsed)
                statuses[status] += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for future in [pool.submit(worker) for _ in range(concurrency)]:
            future.result()
    wall = time.perf_counter() - started
    errors = sum(count for status, count in statuses.items() if not status.startswith("2"))
    return LatencyStats(
        concurrency=concurrency,
        requests=len(latencies),
        errors=errors,
        p50_ms=_percentile(latencies, 50),
        p95_ms=_percentile(latencies, 95),
        mean_ms=float(np.mean(latencies)) if latencies else float("nan"),
        max_ms=max(latencies) if latencies else float("nan"),
        wall_seconds=wall,
        requests_per_second=len(latencies) / wall if wall > 0 else 0.0,
        statuses=tuple(sorted(statuses.items())),
        stopped_early=stopped,
    )


def measure_embed_cost(embedder: Embedder, questions: Sequence[str], repeats: int = 2) -> EmbedCost:
    """Time of embedding one query alone, in this process, after warm-up: the floor under any dense answer."""
    started = time.perf_counter()
    embedder.warm_up()
    embedder.embed_query(questions[0])  # the first call pays one-off allocations
    warm = time.perf_counter() - started
    times = []
    for _ in range(repeats):
        for question in questions:
            started = time.perf_counter()
            embedder.embed_query(question)
            times.append((time.perf_counter() - started) * 1000.0)
    return EmbedCost(embedder_signature(embedder), len(times), _percentile(times, 50), _percentile(times, 95), warm)


def run_bench(
    url: str,
    settings: Settings | None = None,
    *,
    requests: int = 40,
    concurrency: Sequence[int] = DEFAULT_CONCURRENCY,
    pid: int | None = None,
    timeout_s: float = 60.0,
    max_seconds: float = 180.0,
    warm_up_requests: int = 2,
    questions: Sequence[str] = BENCH_QUESTIONS,
    embedder: Embedder | None = None,
    measure_embedding: bool = True,
) -> BenchReport:
    """Latency and throughput of POST /chat at each concurrency, server RSS, and the bare query-embedding cost.

    Bounded: at most `requests` per concurrency level (≤ 1000) and `max_seconds` per level (≤ 600 s);
    loopback servers only. The embedding cost is measured after the HTTP runs so the two do not compete for CPU.
    """
    endpoint, port = chat_endpoint(url)
    if not 1 <= requests <= MAX_REQUESTS:
        raise InvalidRequestError(f"Số yêu cầu phải trong 1..{MAX_REQUESTS}; nhận {requests}.")
    if not concurrency or any(not 1 <= c <= 64 for c in concurrency):
        raise InvalidRequestError(f"Mức đồng thời phải trong 1..64; nhận {list(concurrency)}.")
    if not questions:
        raise InvalidRequestError("Cần ít nhất một câu hỏi để đo.")
    max_seconds = min(max_seconds, MAX_SECONDS)
    started = time.perf_counter()
    load = os.getloadavg()[0]
    memory_before = server_memory(port, pid)
    # One client shared by the workers (it is thread-safe): building one costs about a second here.
    limits = httpx.Limits(max_connections=max(concurrency), max_keepalive_connections=max(concurrency))
    with httpx.Client(timeout=timeout_s, limits=limits) as client:
        if warm_up_requests:
            # Unmeasured: the first answers pay lazy loading in the server (models, caches).
            measure_concurrency(client, endpoint, questions, warm_up_requests, 1, max_seconds)
        runs = tuple(
            measure_concurrency(client, endpoint, questions, requests, level, max_seconds) for level in concurrency
        )
    memory_after = server_memory(port, pid)
    embed = None
    if measure_embedding:
        if embedder is None:
            embedder = make_embedder((settings or Settings()).embedding)
        embed = measure_embed_cost(embedder, questions)
    return BenchReport(
        url=endpoint,
        questions=len(questions),
        runs=runs,
        memory_before=memory_before,
        memory_after=memory_after,
        embed=embed,
        seconds=time.perf_counter() - started,
        load_average=load,
    )


def _mb(value: float | None) -> str:
    return "không có" if value is None else f"{value:.0f} MiB"


def format_bench(report: BenchReport) -> str:
    lines = [f"Đo {report.url}: {report.questions} câu hỏi luân phiên, mỗi yêu cầu một cuộc trò chuyện mới", ""]
    lines.append(
        f"{'đồng thời':>9} {'yêu cầu':>8} {'lỗi':>5} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} {'yêu cầu/s':>10}  "
        "mã trả về"
    )
    for run in report.runs:
        statuses = ", ".join(f"{s}×{n}" for s, n in run.statuses)
        note = " (dừng do giới hạn thời gian)" if run.stopped_early else ""
        lines.append(
            f"{run.concurrency:>9} {run.requests:>8} {run.errors:>5} {run.p50_ms:>9.0f} {run.p95_ms:>9.0f} "
            f"{run.max_ms:>9.0f} {run.requests_per_second:>10.2f}  {statuses}{note}"
        )
    lines.append("")
    mem_a, mem_b = report.memory_before, report.memory_after
    if mem_b.rss_mb is None:
        lines.append(f"Bộ nhớ máy chủ: không đo được ({mem_b.note}).")
    else:
        lines.append(
            f"Bộ nhớ máy chủ (pid {mem_b.pid}, {mem_b.note}): RSS {_mb(mem_a.rss_mb)} trước, {_mb(mem_b.rss_mb)} sau, "
            f"đỉnh {_mb(mem_b.peak_rss_mb)}"
        )
    if report.embed is not None:
        e = report.embed
        lines.append(
            f"Nhúng một câu hỏi trong tiến trình ({e.embedder}): p50 {e.p50_ms:.1f} ms, p95 {e.p95_ms:.1f} ms "
            f"({e.samples} lần; nạp mô hình {e.warm_up_seconds:.1f} s)"
        )
        single = report.run(1) or (report.runs[0] if report.runs else None)
        if single is not None and single.p50_ms == single.p50_ms and single.p50_ms > 0:
            share = e.p50_ms / single.p50_ms
            lines.append(
                f"Ở đồng thời {single.concurrency}: nhúng chiếm {share:.0%} thời gian trả lời p50; "
                f"phần còn lại ({single.p50_ms - e.p50_ms:.0f} ms) là BM25, FAISS, soạn câu trả lời, HTTP và JSON."
            )
    lines.append(f"Tổng thời gian đo: {report.seconds:.0f} s; tải máy (1 phút) lúc bắt đầu {report.load_average:.1f}")
    return "\n".join(lines)


# ---------------------------------------------------------------- commands


def add_bench_commands(sub: Any) -> None:
    """Registers `nq57 bench` (a running server) and `nq57 bench-faiss` (FAISS scaling on synthetic vectors)."""
    bench = sub.add_parser("bench", help="Đo độ trễ, thông lượng và bộ nhớ của máy chủ đang chạy (chỉ máy cục bộ).")
    bench.add_argument("--url", default=None, help="Địa chỉ máy chủ, ví dụ http://127.0.0.1:8000 (mặc định theo cấu hình).")
    bench.add_argument("--requests", type=int, default=40, help="Số yêu cầu mỗi mức đồng thời (mặc định 40).")
    bench.add_argument("--concurrency", type=int, nargs="+", default=list(DEFAULT_CONCURRENCY),
                       help="Các mức đồng thời (mặc định 1 8).")
    bench.add_argument("--pid", type=int, default=None, help="PID máy chủ để đo bộ nhớ (mặc định: tìm theo cổng).")
    bench.add_argument("--timeout", type=float, default=60.0, help="Thời hạn mỗi yêu cầu, giây.")
    bench.add_argument("--max-seconds", type=float, default=180.0, help="Thời gian tối đa mỗi mức đồng thời, giây.")
    bench.add_argument("--no-embed", action="store_true", help="Không đo chi phí nhúng câu hỏi trong tiến trình.")
    bench.add_argument("--out", type=Path, default=None, help="Ghi báo cáo JSON vào tệp này.")
    bench.set_defaults(handler=handle_bench)

    faiss_cmd = sub.add_parser("bench-faiss", help="So sánh FAISS flat với IVF/HNSW trên vector tổng hợp.")
    faiss_cmd.add_argument("--n", type=int, default=1_000_000, help="Số vector (mặc định 1.000.000).")
    faiss_cmd.add_argument("--dim", type=int, default=384, help="Số chiều (mặc định 384).")
    faiss_cmd.add_argument("--queries", type=int, default=200, help="Số truy vấn đo (mặc định 200).")
    faiss_cmd.add_argument("--kinds", nargs="+", default=["flat", "ivf", "hnsw"],
                           choices=["flat", "ivf", "ivf-sq8", "hnsw"], help="Loại chỉ mục.")
    faiss_cmd.add_argument("--nlist", type=int, default=None, help="Số danh sách IVF (mặc định ≈ 4·√n).")
    faiss_cmd.add_argument("--nprobe", type=int, nargs="+", default=[1, 8, 32, 128], help="Các giá trị nprobe.")
    faiss_cmd.add_argument("--train-size", type=int, default=None, help="Mẫu huấn luyện IVF (mặc định 40·nlist).")
    faiss_cmd.add_argument("--hnsw-m", type=int, default=32, help="Số liên kết HNSW mỗi nút.")
    faiss_cmd.add_argument("--ef-search", type=int, nargs="+", default=[32, 64, 128], help="Các giá trị efSearch.")
    faiss_cmd.add_argument("--threads", type=int, default=2, help="Số luồng FAISS.")
    faiss_cmd.add_argument("--distribution", choices=["clustered", "uniform"], default="clustered",
                           help="Phân bố vector tổng hợp.")
    faiss_cmd.add_argument("--out", type=Path, default=None, help="Ghi báo cáo JSON vào tệp này.")
    faiss_cmd.set_defaults(handler=handle_bench_faiss)


def _write_json(report: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dataclasses.asdict(report), ensure_ascii=False, indent=2), encoding="utf-8")


def handle_bench(args: argparse.Namespace, settings: Settings) -> int:
    url = args.url or f"http://{settings.server.host}:{settings.server.port}"
    report = run_bench(
        url, settings, requests=args.requests, concurrency=args.concurrency, pid=args.pid, timeout_s=args.timeout,
        max_seconds=args.max_seconds, measure_embedding=not args.no_embed,
    )
    print(format_bench(report))
    if args.out:
        _write_json(report, args.out)
    return 0 if all(run.requests and run.errors < run.requests for run in report.runs) else 1


def handle_bench_faiss(args: argparse.Namespace, settings: Settings) -> int:
    from eval.faiss_bench import format_faiss, run_faiss_bench

    report = run_faiss_bench(
        args.n, args.dim, queries=args.queries, kinds=args.kinds, nlist=args.nlist, nprobes=args.nprobe,
        train_size=args.train_size, hnsw_m=args.hnsw_m, ef_searches=args.ef_search, threads=args.threads,
        distribution=args.distribution, progress=lambda message: print(message, flush=True),
    )
    print(format_faiss(report))
    if args.out:
        _write_json(report, args.out)
    return 0

