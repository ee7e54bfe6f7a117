"""Ingest sub-commands: `nq57 ingest`, `nq57 tasks` (task lookup in the store) and `nq57 bench-ingest`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from ingest.pipeline import IngestReport, ProgressEvent, build_index, ensure_index
from ingest.settings import Settings
from ingest.store import STORE_FILE, Store

_STATUS_LABEL = {"ok": "đã nạp", "unchanged": "không đổi", "skipped": "BỎ QUA"}


def add_commands(sub: Any) -> None:
    ingest = sub.add_parser("ingest", help="Dựng hoặc cập nhật chỉ mục từ thư mục văn bản.")
    ingest.add_argument(
        "--rebuild", action="store_true", help="Xử lý và nhúng lại mọi văn bản, không dùng lại gì."
    )
    _add_path_options(ingest)
    ingest.set_defaults(handler=run_ingest)

    tasks = sub.add_parser("tasks", help="Tra cứu nhiệm vụ (Phụ lục II) theo cơ quan, vai trò, thời hạn.")
    tasks.add_argument("--agency", help="Tên cơ quan, viết tắt, có hoặc không dấu, ví dụ 'Bộ GD&ĐT'.")
    tasks.add_argument(
        "--role",
        choices=("lead", "coordinating", "any"),
        default="any",
        help="lead: chủ trì; coordinating: phối hợp; any: cả hai (mặc định).",
    )
    tasks.add_argument("--due-from", type=_iso_date, help="Hạn hoàn thành từ ngày (YYYY-MM-DD).")
    tasks.add_argument("--due-to", type=_iso_date, help="Hạn hoàn thành đến ngày (YYYY-MM-DD).")
    tasks.add_argument(
        "--kind",
        choices=("month", "quarter", "year", "recurring", "none"),
        help="Loại thời hạn: tháng, quý, năm, thường xuyên, không ghi.",
    )
    tasks.add_argument("--group", help="Nhóm nhiệm vụ (số La Mã), ví dụ II.")
    tasks.add_argument("--text", help="Từ khoá trong tên nhiệm vụ hoặc sản phẩm (không cần dấu).")
    tasks.add_argument("--json", action="store_true", help="In danh sách dạng JSON.")
    _add_path_options(tasks)
    tasks.set_defaults(handler=run_tasks)

    bench = sub.add_parser(
        "bench-ingest", help="Đo tốc độ dựng chỉ mục và tốc độ bộ nhúng trên cùng các đoạn."
    )
    bench.add_argument("--corpus", type=Path, help="Thư mục văn bản (mặc định theo cấu hình).")
    bench.set_defaults(handler=run_bench)


def _add_path_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=Path, help="Thư mục văn bản (mặc định theo cấu hình).")
    parser.add_argument("--index", type=Path, help="Thư mục chỉ mục (mặc định theo cấu hình).")


def _iso_date(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"ngày {value!r} không hợp lệ; nhập theo dạng YYYY-MM-DD") from exc


def _with_paths(settings: Settings, args: argparse.Namespace) -> Settings:
    update = {}
    if getattr(args, "corpus", None):
        update["corpus_dir"] = args.corpus
    if getattr(args, "index", None):
        update["index_dir"] = args.index
    if not update:
        return settings
    return settings.model_copy(update={"paths": settings.paths.model_copy(update=update)})


def _print_progress(event: ProgressEvent) -> None:
    print(event.message, file=sys.stderr, flush=True)


def format_report(report: IngestReport) -> str:
    """A fixed-width table, one row per document, then totals and stage timings."""
    header = ("Văn bản", "Trạng thái", "Đoạn", "N.vụ", "C.tiêu", "S.liệu", "Nhúng", "Dùng lại", "Giây")
    rows = [
        (
            d.source_path,
            _STATUS_LABEL[d.status],
            str(d.chunks),
            str(d.tasks),
            str(d.indicators),
            str(d.figures),
            str(d.embedded),
            str(d.reused),
            f"{d.seconds:.2f}",
        )
        for d in report.documents
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    widths[0] = min(widths[0], 60)

    def line(cells: tuple[str, ...]) -> str:
        first = cells[0] if len(cells[0]) <= widths[0] else "…" + cells[0][-(widths[0] - 1) :]
        rest = [
            c.rjust(w) if i >= 2 else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ][1:]
        return "  ".join([first.ljust(widths[0]), *rest])

    out = [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]
    for d in report.failed:
        out.append(f"! {d.source_path}: {d.reason}")
    counts = report.counts
    out.append(
        f"Tổng: {counts.get('documents', 0)} văn bản, {counts.get('chunks', 0)} đoạn, {counts.get('tasks', 0)} nhiệm vụ, "
        f"{counts.get('indicators', 0)} chỉ tiêu, {counts.get('figures', 0)} số liệu; "
        f"mô hình {report.manifest.embedding_backend}/{report.manifest.embedding_model}"
    )
    out.append("Thời gian: " + ", ".join(f"{k} {v:.2f}s" for k, v in report.timings.items()))
    out.append(f"Chỉ mục: {report.index_dir}")
    return "\n".join(out)


def run_ingest(args: argparse.Namespace, settings: Settings) -> int:
    settings = _with_paths(settings, args)
    report = build_index(settings, _print_progress, rebuild=bool(args.rebuild))
    print(format_report(report))
    return 0 if report.ok else 1


def run_tasks(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here: the registry reads its JSON, and only this command needs it.
    from ingest.agencies import AgencyRegistry
    from ingest.task_query import TaskFilter, agency_lineage, find_tasks, resolve_agency

    settings = _with_paths(settings, args)
    ensure_index(settings, _print_progress)
    registry = AgencyRegistry.default()
    agency_names: list[str] = []
    if args.agency:  # resolved first so an unknown name fails before the store is opened
        agency_names = [a.name for a in agency_lineage(registry, [resolve_agency(registry, args.agency)])]
    flt = TaskFilter(
        agency=args.agency,
        role=args.role,
        due_from=args.due_from,
        due_to=args.due_to,
        deadline_kind=args.kind,
        group=args.group,
        text=args.text,
    )
    with Store.open(settings.paths.index_dir / STORE_FILE) as store:
        tasks = find_tasks(store, registry, flt)
    if args.json:
        print(json.dumps([t.to_dict() for t in tasks], ensure_ascii=False, indent=2))
        return 0
    for t in tasks:
        print(f"{t.number:>3}. [{t.deadline.raw}] {t.title}")
        print(f"     Chủ trì: {', '.join(t.lead_agencies) or '—'}")
        if t.coordinating_agencies:
            print(f"     Phối hợp: {', '.join(t.coordinating_agencies)}")
        if t.deliverable:
            print(f"     Sản phẩm: {t.deliverable}")
    scope = f" của {', '.join(agency_names)}" if agency_names else ""
    print(f"Tổng: {len(tasks)} nhiệm vụ{scope}.")
    return 0


def run_bench(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.bench import format_benchmark, run_ingest_bench

    settings = _with_paths(settings, args)
    print(format_benchmark(run_ingest_bench(settings, _print_progress)))
    return 0
