"""Eval report files: Markdown, JSON and the four charts, written from a small scored run."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from eval.questions.schema import EvalCase, Evidence
from eval.report import PLOT_FILES, write_report
from eval.scoring import (
    EvalReport,
    ObservedAnswer,
    RetrievalCaseResult,
    build_report,
    retrieval_report,
    score_case,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def small_report() -> EvalReport:
    fig = EvalCase("fig-001", "figure", "Có bao nhiêu nhiệm vụ đã hoàn thành?", (), (("270",),), (), False,
                   (Evidence("bao-cao", "có 270 nhiệm vụ đã hoàn thành"),))
    refuse = EvalCase("un-001", "unanswerable", "Giá vàng hôm nay?", (), (), (), True, ())
    records = [
        score_case(fig, ObservedAnswer("Có 270 nhiệm vụ.", (), (), "figure", False), (), 0.12, 0.12),
        score_case(replace(fig, id="fig-002"), ObservedAnswer("Không rõ.", (), (), "figure", False), (), 0.4, 0.4),
        score_case(refuse, ObservedAnswer("Tài liệu không có thông tin này.", (), (), "out_of_scope", True), (),
                   0.05, 0.05),
    ]
    retrieval = retrieval_report(
        [RetrievalCaseResult("fig-001", "figure", mode, 1, {1: 1.0, 5: 1.0, 10: 1.0}, 1.0, 1, False)
         for mode in ("bm25", "dense", "hybrid")],
        (1, 5, 10), 10, (),
    )
    return build_report(records, "q.jsonl", "in-process", "2025-10-01T10:00:00+07:00", retrieval)


def test_report_writes_markdown_json_and_charts(tmp_path: Path) -> None:
    files = write_report(small_report(), tmp_path / "out")
    names = {f.name for f in files}
    assert {"report.md", "report.json", *PLOT_FILES.values()} == names
    for name in PLOT_FILES.values():
        assert (tmp_path / "out" / name).read_bytes()[:8] == PNG_MAGIC


def test_report_json_carries_the_headline_figures(tmp_path: Path) -> None:
    write_report(small_report(), tmp_path)
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["cases"] == 3 and abs(data["accuracy"] - 2 / 3) < 1e-9
    assert data["refusal"]["recall"] == 1.0
    assert [f["case_id"] for f in data["failures"]] == ["fig-002"]


def test_report_markdown_lists_failed_cases_in_vietnamese(tmp_path: Path) -> None:
    write_report(small_report(), tmp_path)
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "Trả lời đúng" in md and "`fig-002`" in md and "Thiếu thông tin cần có" in md
