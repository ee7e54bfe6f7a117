"""Metadata read from document text (title, kind, number, date, issuer) and overridden by sidecars."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.errors import DocumentError
from ingest.loaders import load_document
from ingest.metadata import extract_metadata, recase

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

RESOLUTION = """NGHỊ QUYẾT

BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW

CHÍNH PHỦ

Căn cứ Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị;

Điều 1. Ban hành kèm theo Nghị quyết này Chương trình hành động của Chính phủ.

CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ

(Kèm theo Nghị quyết số 03/NQ-CP ngày 09 tháng 01 năm 2025 của Chính phủ)

I. MỤC TIÊU

1. Thực hiện Chương trình hành động của Chính phủ theo Nghị quyết số 57-NQ/TW.
"""


def test_own_number_is_preferred_over_a_cited_one() -> None:
    meta = extract_metadata(RESOLUTION, "nq.txt")
    assert meta.number == "03/NQ-CP"


def test_date_comes_with_the_own_number() -> None:
    assert extract_metadata(RESOLUTION, "nq.txt").date == "2025-01-09"


def test_resolution_kind_and_issuer_line() -> None:
    meta = extract_metadata(RESOLUTION, "nq.txt")
    assert meta.kind == "nghi_quyet"
    assert meta.issuer == "Chính phủ"


def test_title_is_type_line_plus_subject_in_the_casing_of_the_body() -> None:
    title = extract_metadata(RESOLUTION, "nq.txt").title
    assert title == (
        "Nghị quyết ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW"
    )


def test_number_line_of_the_header_is_the_own_number() -> None:
    text = (
        "THỦ TƯỚNG CHÍNH PHỦ\nSố: 1562/QĐ-TTg\nHà Nội, ngày 25 tháng 7 năm 2025\nQUYẾT ĐỊNH\n"
        "Về bảo đảm liên thông\nCăn cứ Quyết định số 749/QĐ-TTg của Thủ tướng Chính phủ;\n"
    )
    meta = extract_metadata(text, "qd.txt")
    assert (meta.kind, meta.number, meta.date) == ("quyet_dinh", "1562/QĐ-TTg", "2025-07-25")
    assert meta.issuer == "Thủ tướng Chính phủ"


def test_place_and_date_line_gives_the_date() -> None:
    text = "Độc lập - Tự do - Hạnh phúc\n\tHà Nội, ngày 22 tháng 9 năm 2025\n\nBÁO CÁO TÓM TẮT\nTình hình thực hiện nhiệm vụ\n"
    meta = extract_metadata(text, "2024-01-01_bao-cao.txt")
    assert meta.date == "2025-09-22"


def test_report_title_joins_type_line_and_subject_line() -> None:
    text = (
        "BÁO CÁO TÓM TẮT\nTình hình thực hiện các nhiệm vụ chuyển đổi số\n(Phục vụ phiên họp)\n"
        "I. KẾT QUẢ\nNăm 2025, Chương trình hành động của Chính phủ có tổng số 679 nhiệm vụ giao cho 56 cơ quan; "
        "tính đến ngày 23/9/2025, có 270 nhiệm vụ đã hoàn thành, 382 nhiệm vụ đang thực hiện và 27 nhiệm vụ quá hạn.\n"
        "II. TỒN TẠI\nViệc phân bổ kinh phí cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số còn hạn chế, "
        "chưa kịp thời do sự thiếu đồng bộ trong hệ thống pháp luật mới.\n"
    )
    meta = extract_metadata(text, "bc.txt")
    assert meta.kind == "bao_cao"
    assert meta.title == "Báo cáo tóm tắt tình hình thực hiện các nhiệm vụ chuyển đổi số"


def test_date_falls_back_to_the_file_name() -> None:
    meta = extract_metadata("Bộ trưởng chủ trì hội nghị giao ban.", "2025-07-30_tin-giao-ban.txt")
    assert meta.date == "2025-07-30"


def test_no_date_anywhere_gives_none() -> None:
    assert extract_metadata("Bộ trưởng chủ trì hội nghị.", "2025_so-2.txt").date is None


def test_magazine_masthead_makes_an_article_titled_by_its_headline() -> None:
    text = (
        "Bộ Khoa học và Công nghệ làm việc với Phó Thủ tướng về các nhiệm vụ.\n\n"
        "NGÀNH KH&CN SẴN SÀNG NHẬN NHIỆM VỤ CÓ THÁCH THỨC\n\nDIỄN ĐÀN KHOA HỌC VÀ CÔNG NGHỆ\n\n"
        "Các đơn vị của Bộ sẵn sàng nhận nhiệm vụ.\n"
    )
    meta = extract_metadata(text, "bai.txt")
    assert meta.kind == "bai_bao"
    assert meta.title == "Ngành KH&CN sẵn sàng nhận nhiệm vụ có thách thức"
    assert meta.issuer == "Diễn đàn Khoa học và Công nghệ"
    assert meta.number is None


def test_news_with_a_source_line() -> None:
    text = (
        "Tăng tốc xây dựng thể chế\n\nNgày 30/7/2025, Bộ trưởng chủ trì Hội nghị Giao ban.\n\n"
        "Trung tâm Truyền thông KH&CN\n\nNguồn: Bộ Khoa học và Công nghệ (MST)\n"
    )
    meta = extract_metadata(text, "x.txt")
    assert meta.kind == "tin_tuc"
    assert meta.title == "Tăng tốc xây dựng thể chế"
    assert meta.issuer == "Bộ Khoa học và Công nghệ"


def test_file_name_decides_the_kind_when_the_text_does_not() -> None:
    assert extract_metadata("Một đoạn văn.", "2025_dien-dan-KHCN-so-2.txt").kind == "bai_bao"
    assert extract_metadata("Một đoạn văn.", "ghi-chu.txt").kind == "van_ban"


def test_recase_takes_the_casing_the_body_uses() -> None:
    body = "Bộ Khoa học và Công nghệ chủ trì. Các nhà khoa học và công nghệ."
    assert recase("BỘ KHOA HỌC VÀ CÔNG NGHỆ", body) == "Bộ Khoa học và Công nghệ"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sidecar_overrides_extracted_values(tmp_path: Path) -> None:
    path = _write(tmp_path, "bc.txt", "Hà Nội, ngày 22 tháng 9 năm 2025\nBÁO CÁO\nTình hình thực hiện\n")
    (tmp_path / "bc.txt.meta.json").write_text(
        json.dumps({"issuer": "Bộ Khoa học và Công nghệ", "number": "152/BC-BKHCN"}), encoding="utf-8"
    )
    meta = load_document(path, tmp_path).meta
    assert (meta.issuer, meta.number) == ("Bộ Khoa học và Công nghệ", "152/BC-BKHCN")
    assert meta.date == "2025-09-22"  # not in the sidecar: still extracted


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ('{"kind": "thong_tu"}', "'kind' có giá trị 'thong_tu'"),
        ('{"date": "22/09/2025"}', "'date' có giá trị '22/09/2025'"),
        ('{"tieu_de": "x"}', "khóa không được hỗ trợ 'tieu_de'"),
        ('{"title": 5}', "'title' phải là chuỗi"),
        ('{"title": "x",}', "JSON sai cú pháp ở dòng 1"),
        ('["x"]', "phải là một đối tượng JSON"),
    ],
)
def test_bad_sidecar_is_reported_with_its_name_and_reason(tmp_path: Path, payload: str, reason: str) -> None:
    path = _write(tmp_path, "a.txt", "Nội dung.")
    (tmp_path / "a.txt.meta.json").write_text(payload, encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        load_document(path, tmp_path)
    assert "Tệp mô tả 'a.txt.meta.json' không hợp lệ" in info.value.message
    assert reason in info.value.message


@pytest.mark.parametrize(
    ("name", "kind", "number", "date", "issuer"),
    [
        (
            "2025-01-09_nghi-quyet-03-NQ-CP_chuong-trinh-hanh-dong-NQ57.txt",
            "nghi_quyet",
            "03/NQ-CP",
            "2025-01-09",
            "Chính phủ",
        ),
        (
            "2025-04-01_dien-dan-KHCN_bo-KHCN-lam-viec-voi-pho-thu-tuong.txt",
            "bai_bao",
            None,
            "2025-04-01",
            "Diễn đàn Khoa học và Công nghệ",
        ),
        (
            "2025-07-30_tin-giao-ban-bo-KHCN-thang-7.txt",
            "tin_tuc",
            None,
            "2025-07-30",
            "Bộ Khoa học và Công nghệ",
        ),
        ("2025-09-22_bao-cao-tom-tat-thuc-hien-NQ57.txt", "bao_cao", None, "2025-09-22", None),
        (
            "2025_dien-dan-KHCN-so-2_NQ57-nen-tang-dot-pha.txt",
            "bai_bao",
            None,
            None,
            "Diễn đàn Khoa học và Công nghệ",
        ),
    ],
)
def test_corpus_document_metadata(
    name: str, kind: str, number: str | None, date: str | None, issuer: str | None
) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{name} not in corpus")
    meta = load_document(path, CORPUS).meta
    assert (meta.kind, meta.number, meta.date, meta.issuer) == (kind, number, date, issuer)
    assert meta.title and not meta.title.isupper()
