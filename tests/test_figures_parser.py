"""Report figures: Vietnamese numbers, a short report written here, then the real progress report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.agencies import AgencyRegistry
from ingest.loaders import load_document
from ingest.models import CleanDocument, ReportFigure, content_hash
from ingest.structure import build_document
from ingest.tables.figures import SUBJECTS, parse_figures, parse_vn_number
from ingest.text import quote_in_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
REPORT = "2025-09-22_bao-cao-tom-tat-thuc-hien-NQ57.txt"
NEWS = "2025-07-30_tin-giao-ban-bo-KHCN-thang-7.txt"
RESOLUTION = "2025-01-09_nghi-quyet-03-NQ-CP_chuong-trinh-hanh-dong-NQ57.txt"

SMALL_REPORT_NAME = "2025-08-20_bao-cao-thu-nghiem.txt"
SMALL_REPORT = "\n".join(
    [
        "BÁO CÁO",
        "Tình hình thực hiện nhiệm vụ thử nghiệm",
        "",
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "1. Tình hình triển khai nhiệm vụ",
        "a) Thực hiện Kế hoạch thử nghiệm số 09-KH/TN:",
        (
            "Năm 2025, Kế hoạch thử nghiệm số 09-KH/TN có tổng số 41 nhiệm vụ giao cho 13 cơ quan (8 bộ, cơ "
            "quan ngang bộ; 5 tỉnh, thành). Tính đến ngày 15/8/2025, có 26 nhiệm vụ đã hoàn thành (trong đó "
            "có 19 nhiệm vụ hoàn thành đúng hạn); 11 nhiệm vụ đang thực hiện và 04 nhiệm vụ quá hạn, chậm "
            "muộn."
        ),
        "Các nhiệm vụ quá hạn thuộc trách nhiệm của: Bộ KH&CN (03 nhiệm vụ), Bộ Y tế (01 nhiệm vụ).",
        "b) Bảo đảm kinh phí:",
        (
            "Bộ Tài chính đề nghị phân bổ 1.234,5 tỷ đồng (chi thường xuyên 234,5 tỷ đồng, chi đầu tư 1.000 "
            "tỷ đồng) theo Nghị định số 231/2025/NĐ-CP ngày 20/7/2025."
        ),
        "Số doanh nghiệp tham gia ước tính 12.345 doanh nghiệp, tăng 6,5% so với năm 2024.",
        "II. TỒN TẠI, HẠN CHẾ",
        "- 04 nhiệm vụ quá hạn, thuộc 02 nhóm: (1) Về dữ liệu: 03 nhiệm vụ; (2) Về thể chế: 01 nhiệm vụ.",
        "- Về dữ liệu (05 nhiệm vụ quá hạn): việc chậm trễ làm chậm các nhiệm vụ khác.",
        "III. KIẾN NGHỊ",
        (
            "1. Người đứng đầu các bộ, ngành, địa phương tập trung chỉ đạo, giải quyết dứt điểm 06 nhiệm vụ "
            "quá hạn (nêu tại Phụ lục 01); không để tình trạng tồn đọng, nhiệm vụ chưa hoàn thành đúng hạn "
            "kéo dài sang năm sau mà không có lý do rõ ràng."
        ),
        "",
    ]
)


def _build(corpus: Path, name: str) -> CleanDocument:
    return build_document(load_document(corpus / name, corpus))


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return AgencyRegistry.default()


@pytest.fixture
def small_report(write_corpus: Callable[[dict[str, str | bytes]], Path]) -> CleanDocument:
    return _build(write_corpus({SMALL_REPORT_NAME: SMALL_REPORT}), SMALL_REPORT_NAME)


@pytest.fixture
def small_figures(small_report: CleanDocument, registry: AgencyRegistry) -> list[ReportFigure]:
    return parse_figures(small_report, registry)


@pytest.fixture(scope="module")
def report() -> CleanDocument:
    return _build(CORPUS, REPORT)


@pytest.fixture(scope="module")
def report_figures(report: CleanDocument, registry: AgencyRegistry) -> list[ReportFigure]:
    return parse_figures(report, registry)


def _values(figures: list[ReportFigure], subject: str) -> list[float]:
    return [f.value for f in figures if f.subject == subject]


# --- Vietnamese numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [("7.225,56", 7225.56), ("22.390.613", 22390613.0), ("111,4", 111.4), ("36,11%", 36.11), ("02", 2.0)],
)
def test_vietnamese_number_uses_dot_for_thousands_and_comma_for_decimals(raw: str, value: float) -> None:
    assert parse_vn_number(raw) == pytest.approx(value)


def test_malformed_grouping_is_parsed_best_effort() -> None:
    assert parse_vn_number("1.1218,165") == pytest.approx(11218.165)


def test_text_that_is_not_a_number_gives_none() -> None:
    assert parse_vn_number("mười hai") is None


# --- a short report written here ------------------------------------------------------------------


def test_each_count_takes_the_status_written_next_to_it(small_figures: list[ReportFigure]) -> None:
    assert _values(small_figures, "tasks_total") == [41]
    assert _values(small_figures, "tasks_completed") == [26]
    assert _values(small_figures, "tasks_completed_on_time") == [19]
    assert _values(small_figures, "tasks_in_progress") == [11]


def test_agencies_given_the_tasks_are_split_into_ministries_and_provinces(
    small_figures: list[ReportFigure],
) -> None:
    assert _values(small_figures, "agencies_total") == [13]
    assert _values(small_figures, "agencies_ministries") == [8]
    assert _values(small_figures, "agencies_provinces") == [5]


def test_as_of_is_the_date_the_paragraph_states(small_figures: list[ReportFigure]) -> None:
    completed = next(f for f in small_figures if f.subject == "tasks_completed")
    assert completed.as_of == "2025-08-15"


def test_as_of_falls_back_to_the_document_date(small_figures: list[ReportFigure]) -> None:
    budget = next(f for f in small_figures if f.subject == "budget")
    assert budget.as_of == "2025-08-20"


def test_scope_is_what_the_total_is_counted_over(small_figures: list[ReportFigure]) -> None:
    total = next(f for f in small_figures if f.subject == "tasks_total")
    assert total.scope == "Kế hoạch thử nghiệm số 09-KH/TN"


def test_agency_list_gives_one_overdue_figure_per_agency_with_canonical_name(
    small_figures: list[ReportFigure],
) -> None:
    overdue = {f.agency: (f.value, f.quote) for f in small_figures if f.subject == "agency_overdue"}
    assert overdue == {
        "Bộ Khoa học và Công nghệ": (3, "Bộ KH&CN (03 nhiệm vụ)"),
        "Bộ Y tế": (1, "Bộ Y tế (01 nhiệm vụ)"),
    }


def test_agency_names_stay_as_written_without_a_registry(small_report: CleanDocument) -> None:
    agencies = {f.agency for f in parse_figures(small_report) if f.subject == "agency_overdue"}
    assert agencies == {"Bộ KH&CN", "Bộ Y tế"}


def test_budget_and_its_breakdown_get_their_own_subjects(small_figures: list[ReportFigure]) -> None:
    assert _values(small_figures, "budget") == [pytest.approx(1234.5)]
    assert _values(small_figures, "budget_recurrent") == [pytest.approx(234.5)]
    assert _values(small_figures, "budget_investment") == [1000]
    assert {f.unit for f in small_figures if f.subject.startswith("budget")} == {"tỷ đồng"}


def test_growth_rate_and_enterprise_count(small_figures: list[ReportFigure]) -> None:
    assert _values(small_figures, "enterprises") == [12345]
    assert _values(small_figures, "growth_rate") == [pytest.approx(6.5)]


def test_overdue_groups_in_both_list_shapes(small_figures: list[ReportFigure]) -> None:
    groups = [(f.label.split(": ", 1)[1], f.value) for f in small_figures if f.subject == "overdue_group"]
    assert groups == [("Về dữ liệu", 3), ("Về thể chế", 1), ("Về dữ liệu", 5)]


def test_contradicting_overdue_counts_are_all_kept_with_their_own_quotes(
    small_figures: list[ReportFigure],
) -> None:
    overdue = [f for f in small_figures if f.subject == "tasks_overdue"]
    assert sorted(f.value for f in overdue) == [4, 4, 6]
    assert len({f.quote for f in overdue}) == 3
    assert next(f for f in overdue if f.value == 6).scope == "Phụ lục 01"


def test_dates_and_document_numbers_are_not_figures(small_figures: list[ReportFigure]) -> None:
    values = {f.value for f in small_figures}
    assert not values & {231, 2025, 20, 7, 9}


def test_quotes_are_verbatim_spans_of_the_text(
    small_report: CleanDocument, small_figures: list[ReportFigure]
) -> None:
    for f in small_figures:
        assert small_report.text[f.start : f.end] == f.quote
        assert quote_in_text(f.quote, small_report.text)


def test_ids_hash_document_quote_and_value(small_figures: list[ReportFigure]) -> None:
    for f in small_figures:
        assert f.id == content_hash(f.doc_id, f.quote, str(f.value))
    assert len({f.id for f in small_figures}) == len(small_figures)


def test_subjects_come_from_the_fixed_vocabulary(small_figures: list[ReportFigure]) -> None:
    assert {f.subject for f in small_figures} <= set(SUBJECTS)


def test_resolutions_have_no_report_figures() -> None:
    assert parse_figures(_build(CORPUS, RESOLUTION)) == []


# --- the real progress report ---------------------------------------------------------------------


def test_report_task_totals(report_figures: list[ReportFigure]) -> None:
    first = {f.subject: f.value for f in report_figures[:8]}
    assert first == {
        "tasks_total": 679,
        "agencies_total": 56,
        "agencies_ministries": 22,
        "agencies_provinces": 34,
        "tasks_completed": 270,
        "tasks_completed_on_time": 180,
        "tasks_in_progress": 382,
        "tasks_overdue": 27,
    }
    assert {f.as_of for f in report_figures[:8]} == {"2025-09-23"}


def test_report_states_27_and_29_overdue_tasks_and_both_are_kept(report_figures: list[ReportFigure]) -> None:
    overdue = [f for f in report_figures if f.subject == "tasks_overdue"]
    assert [f.value for f in overdue] == [27, 23, 2, 2, 27, 29]
    assert "29 nhiệm vụ quá hạn (nêu tại Phụ lục 01)" in overdue[-1].quote


def test_report_period_figures(report_figures: list[ReportFigure]) -> None:
    period = [f for f in report_figures if "(từ 20/7/2025 đến 23/09/2025)" in f.scope]
    assert [(f.subject, f.value) for f in period] == [
        ("tasks_assigned", 73),
        ("tasks_completed", 50),
        ("tasks_overdue", 23),
    ]


def test_report_top_five_agencies(report_figures: list[ReportFigure]) -> None:
    counts = {f.agency: f.value for f in report_figures if f.subject == "agency_task_count"}
    assert len(counts) == 5
    assert (counts["Bộ Khoa học và Công nghệ"], counts["Bộ Tài chính"]) == (297, 175)


def test_report_overdue_list_has_one_figure_per_agency(report_figures: list[ReportFigure]) -> None:
    overdue = [f for f in report_figures if f.subject == "agency_overdue"]
    assert len(overdue) == 30
    assert overdue[0].agency == "Bộ Giáo dục và Đào tạo" and overdue[0].value == 7


def test_report_infrastructure_group_is_17_in_one_place_and_20_in_another(
    report_figures: list[ReportFigure],
) -> None:
    infra = [
        f.value for f in report_figures if f.subject == "overdue_group" and f.label.endswith("Về hạ tầng")
    ]
    assert infra == [17, 20]


def test_report_budget_and_digital_economy_figures(report_figures: list[ReportFigure]) -> None:
    by_subject = {(f.subject, round(f.value, 3)) for f in report_figures}
    assert {
        ("budget", 7225.56),
        ("budget", 2526.575),
        ("revenue", 3272),
        ("export_value", 111.4),
        ("enterprises", 77989),
        ("digital_signatures", 22390613),
        ("rate", 36.11),
        ("criteria_met", 12),
        ("localities_met", 21),
        ("criterion_rate", 89.22),
        ("criterion_rate", 88.38),
        ("digital_platforms", 84),
        ("digital_platforms", 21),
    } <= by_subject


def test_report_malformed_number_keeps_its_quote(report_figures: list[ReportFigure]) -> None:
    figure = next(f for f in report_figures if f.subject == "budget_digital_transformation")
    assert "1.1218,165 tỷ đồng" in figure.quote
    assert "không đúng định dạng" in figure.label


def test_news_item_figures_use_the_same_rules() -> None:
    figures = parse_figures(_build(CORPUS, NEWS))
    assert (_values(figures, "tasks_in_progress"), _values(figures, "tasks_due")) == ([21], [59])
