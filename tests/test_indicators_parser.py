"""Indicator appendix parser: a small table written here, then Phụ lục I of Nghị quyết 03/NQ-CP itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.loaders import load_document
from ingest.models import CleanDocument, Indicator
from ingest.structure import build_document
from ingest.tables.indicators import parse_indicators

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
RESOLUTION = "2025-01-09_nghi-quyet-03-NQ-CP_chuong-trinh-hanh-dong-NQ57.txt"

# Extracted the way the PDF tool writes such tables: cells wrapped over lines, cells at the same height
# glued onto one line, blank or space-only lines between rows.
SMALL_TABLE = """NGHỊ QUYẾT
Số: 98/NQ-CP

Điều 1. Ban hành kèm theo Nghị quyết này Chương trình thử nghiệm.

PHỤ LỤC I
DANH MỤC CÁC CHỈ TIÊU CỤ THỂ
(Kèm theo Nghị quyết số 98/NQ-CP)

TT Chỉ tiêu Đơn vị Kết quả
Cơ quan chủ trì theo
dõi, đánh giá

I Đến năm 2030

1
Mức độ sẵn sàng ứng dụng công
nghệ của cơ quan nhà nước
Thứ bậc
Thuộc nhóm đầu
khu vực
Bộ Nội vụ

2
Chỉ tiêu về dữ liệu mở và chia sẻ
dữ liệu giữa các cơ quan nhà nước


2.1
Tỷ lệ bộ dữ liệu mở được công bố
trên cổng dữ liệu quốc gia
% 75 Văn phòng Chính phủ

2.2
Số chuyên gia dữ liệu được đào
tạo lại hằng năm
Người/vạn
dân
14
Bộ Giáo dục và Đào tạo

3 Quy mô thương mại điện tử % GDP ≥ 12
Bộ Công Thương

4
Thu hút thêm quỹ đầu tư, doanh
nghiệp dữ liệu hàng đầu thế giới
Quỹ, doanh
nghiệp
≥ 4 Bộ Tài chính

II Đến năm 2045

5 Quy mô thương mại điện tử % GDP ≥ 25
Bộ Công Thương

PHỤ LỤC II
DANH MỤC CÁC NHIỆM VỤ
TT Nhiệm vụ Cơ quan chủ trì
1 Xây dựng đề án thử nghiệm Bộ Nội vụ
"""


@pytest.fixture
def small_indicators(write_corpus: Callable[[dict[str, str | bytes]], Path]) -> list[Indicator]:
    name = "2025-02-02_nghi-quyet-98-NQ-CP_thu-nghiem.txt"
    corpus = write_corpus({name: SMALL_TABLE})
    return parse_indicators(build_document(load_document(corpus / name, corpus)))


@pytest.fixture(scope="module")
def resolution() -> CleanDocument:
    return build_document(load_document(CORPUS / RESOLUTION, CORPUS))


@pytest.fixture(scope="module")
def real_indicators(resolution: CleanDocument) -> dict[str, Indicator]:
    return {i.number: i for i in parse_indicators(resolution)}


def _by_number(indicators: list[Indicator]) -> dict[str, Indicator]:
    return {i.number: i for i in indicators}


def test_rows_follow_their_numbers_and_stop_at_the_next_appendix(small_indicators: list[Indicator]) -> None:
    assert [i.number for i in small_indicators] == ["1", "2", "2.1", "2.2", "3", "4", "5"]


def test_unit_target_and_agency_glued_on_one_line_are_separated(small_indicators: list[Indicator]) -> None:
    row = _by_number(small_indicators)["2.1"]
    assert (row.unit, row.target, row.monitoring_agency) == ("%", "75", "Văn phòng Chính phủ")
    assert row.name == "Tỷ lệ bộ dữ liệu mở được công bố trên cổng dữ liệu quốc gia"


def test_parent_row_keeps_empty_unit_target_and_agency(small_indicators: list[Indicator]) -> None:
    row = _by_number(small_indicators)["2"]
    assert row.name == "Chỉ tiêu về dữ liệu mở và chia sẻ dữ liệu giữa các cơ quan nhà nước"
    assert (row.unit, row.target, row.monitoring_agency) == ("", "", "")


def test_bare_number_target_is_not_taken_for_a_row_number(small_indicators: list[Indicator]) -> None:
    row = _by_number(small_indicators)["2.2"]
    assert (row.unit, row.target, row.monitoring_agency) == ("Người/vạn dân", "14", "Bộ Giáo dục và Đào tạo")


def test_name_unit_and_target_on_the_row_number_line(small_indicators: list[Indicator]) -> None:
    row = _by_number(small_indicators)["3"]
    assert (row.name, row.unit, row.target) == ("Quy mô thương mại điện tử", "% GDP", "≥ 12")


def test_unit_wrapped_over_lines_is_joined(small_indicators: list[Indicator]) -> None:
    row = _by_number(small_indicators)["4"]
    assert (row.unit, row.target, row.monitoring_agency) == ("Quỹ, doanh nghiệp", "≥ 4", "Bộ Tài chính")


def test_textual_target_follows_the_unit(small_indicators: list[Indicator]) -> None:
    row = _by_number(small_indicators)["1"]
    assert (row.unit, row.target) == ("Thứ bậc", "Thuộc nhóm đầu khu vực")


def test_horizon_comes_from_the_part_heading(small_indicators: list[Indicator]) -> None:
    assert [i.horizon for i in small_indicators] == [2030] * 6 + [2045]


def test_span_covers_the_row_from_number_to_agency(
    write_corpus: Callable[[dict[str, str | bytes]], Path],
) -> None:
    name = "2025-02-02_nghi-quyet-98-NQ-CP_thu-nghiem.txt"
    corpus = write_corpus({name: SMALL_TABLE})
    doc = build_document(load_document(corpus / name, corpus))
    row = _by_number(parse_indicators(doc))["2.2"]
    assert doc.text[row.start : row.end].startswith("2.2")
    assert doc.text[row.start : row.end].endswith("Bộ Giáo dục và Đào tạo")


def test_document_without_indicator_appendix_has_no_indicators(
    write_corpus: Callable[[dict[str, str | bytes]], Path],
) -> None:
    name = "2025-03-03_tin-tuc_thu-nghiem.txt"
    corpus = write_corpus({name: "Hội nghị thử nghiệm\n\nNăm 2025 có 12 nhiệm vụ.\n"})
    assert parse_indicators(build_document(load_document(corpus / name, corpus))) == []


def test_resolution_appendix_has_57_indicators(real_indicators: dict[str, Indicator]) -> None:
    assert len(real_indicators) == 57


def test_resolution_indicator_11_2(real_indicators: dict[str, Indicator]) -> None:
    row = real_indicators["11.2"]
    assert (row.unit, row.target, row.monitoring_agency, row.horizon) == (
        "%",
        "90",
        "Văn phòng Chính phủ",
        2030,
    )
    assert row.name.startswith("Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình")


def test_resolution_horizons_split_at_part_two(real_indicators: dict[str, Indicator]) -> None:
    horizons = [i.horizon for i in real_indicators.values()]
    assert (horizons.count(2030), horizons.count(2045)) == (51, 6)
    assert real_indicators["36"].horizon == 2045 and real_indicators["35"].horizon == 2030


def test_resolution_parent_rows_have_no_target(real_indicators: dict[str, Indicator]) -> None:
    assert (real_indicators["11"].unit, real_indicators["11"].target) == ("", "")


def test_resolution_targets_broken_across_lines_are_joined(real_indicators: dict[str, Indicator]) -> None:
    assert real_indicators["4"].target == "≤ 3 Đông Nam Á; ≤ 50 Thế giới"
    assert real_indicators["17"].unit == "% tổng chi NSNN"
    assert real_indicators["17"].target == "≥ 3% và tăng dần theo yêu cầu phát triển"
    assert real_indicators["14"].unit == "Chỉ số phát triển con người (HDI)"


def test_resolution_every_row_has_a_name_and_span(
    resolution: CleanDocument, real_indicators: dict[str, Indicator]
) -> None:
    for row in real_indicators.values():
        assert row.name
        assert resolution.text[row.start : row.end].startswith(row.number)
