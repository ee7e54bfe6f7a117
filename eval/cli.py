"""Sub-commands of evaluation: `nq57 eval` runs a question set against the assistant and writes a report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ingest.settings import Settings


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} không phải số nguyên; nhập một số ≥ 1") from exc
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} phải ≥ 1")
    return n


def add_commands(sub: Any) -> None:
    from eval.runner import DEFAULT_OUT, DEFAULT_SET

    ev = sub.add_parser(
        "eval", help="Chấm điểm trợ lý trên bộ câu hỏi và viết báo cáo (Markdown, JSON, biểu đồ)."
    )
    ev.add_argument(
        "--set",
        dest="question_set",
        type=Path,
        default=DEFAULT_SET,
        help=f"Tệp câu hỏi .jsonl (mặc định {DEFAULT_SET.name}).",
    )
    ev.add_argument(
        "--url",
        default=None,
        help="Địa chỉ máy chủ đang chạy, ví dụ http://127.0.0.1:8000 (mặc định: chạy trong tiến trình).",
    )
    ev.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="Thư mục ghi báo cáo (mặc định eval/reports/latest)."
    )
    ev.add_argument(
        "--k", type=_positive, default=10, help="Số đoạn xét khi đánh giá truy hồi (mặc định 10)."
    )
    ev.add_argument("--limit", type=_positive, default=None, help="Chỉ chạy N câu đầu tiên.")
    ev.add_argument(
        "--beir",
        type=Path,
        default=None,
        help="Thư mục bộ đánh giá truy hồi kiểu BEIR (ví dụ ../shared/bench/alqac2025): đo BM25, vector, kết hợp.",
    )
    ev.add_argument("--split", default="train", help="Phần câu hỏi của bộ BEIR (mặc định train).")
    ev.add_argument(
        "--variants", action="store_true", help="Với --beir: đo thêm các biến thể truy hồi (mỗi biến thể một dòng)."
    )
    ev.set_defaults(handler=run_eval_command)

    from eval.bench import add_bench_commands

    add_bench_commands(sub)


def run_beir_command(args: argparse.Namespace, settings: Settings) -> int:
    from eval.beir import format_beir, run_beir

    out = args.out if args.out != _default_out() else None
    report = run_beir(settings, args.beir, args.split, out_dir=out, variants=args.variants)
    print(format_beir(report))
    return 0


def _default_out() -> Path:
    from eval.runner import DEFAULT_OUT

    return DEFAULT_OUT


def run_eval_command(args: argparse.Namespace, settings: Settings) -> int:
    if args.beir is not None:
        return run_beir_command(args, settings)
    from eval.questions.schema import load_cases
    from eval.report import pct, seconds, write_report
    from eval.runner import ChatClient, HttpClient, in_process_client, run_eval, services_search
    from eval.scoring import EvalRecord

    cases = load_cases(args.question_set)
    if args.limit:
        cases = cases[: args.limit]
    client: ChatClient
    if args.url:
        client = HttpClient(args.url)
        search = None
    else:
        in_process = in_process_client(settings)
        client, search = in_process, services_search(in_process.services)

    def progress(i: int, n: int, record: EvalRecord) -> None:
        mark = "đúng" if record.correct else f"SAI ({record.failure})"
        print(f"[{i}/{n}] {record.case_id}: {mark} {seconds(record.latency_s)}", file=sys.stderr, flush=True)

    try:
        report = run_eval(
            cases, client, question_set=str(args.question_set), search=search, k=args.k, progress=progress
        )
    finally:
        client.close()
    files = write_report(report, args.out)
    print(f"Trả lời đúng: {pct(report.accuracy)} ({sum(k.correct for k in report.by_kind)}/{report.cases})")
    print(f"Từ chối: độ chính xác {pct(report.refusal.precision)}, độ phủ {pct(report.refusal.recall)}")
    print(
        f"Trích dẫn: nguyên văn {pct(report.citation_validity)}, đúng bằng chứng {pct(report.citation_relevance)}"
    )
    if report.retrieval is not None:
        for m in report.retrieval.overall:
            recalls = ", ".join(f"R@{k} {pct(v)}" for k, v in m.recall_at.items())
            print(f"Truy hồi {m.mode}: {recalls}, MRR@{report.retrieval.mrr_depth} {m.mrr:.3f}")
    print(f"Thời gian: trung vị {seconds(report.latency_p50)}, p95 {seconds(report.latency_p95)}")
    print(f"Báo cáo: {files[0]} (và {len(files) - 1} tệp khác trong {args.out})")
    return 0
