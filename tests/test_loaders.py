"""Loading .txt/.pdf/.docx/.html files into SourceDocuments, and the errors for files that cannot be read."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from ingest.errors import DocumentError, UnsupportedFormatError
from ingest.loaders import discover_documents, load_document
from ingest.structure import build_document


def _font_path() -> str:
    import matplotlib

    bundled = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
    for candidate in (bundled, Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")):
        if candidate.exists():
            return str(candidate)
    pytest.skip("no TTF font with Vietnamese glyphs found")


def make_pdf(path: Path, pages: list[str], user_password: str | None = None) -> Path:
    pdf = FPDF()
    pdf.add_font("dejavu", fname=_font_path())
    pdf.set_font("dejavu", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 7, text)
    if user_password is not None:
        pdf.set_encryption(owner_password="chu-so-huu", user_password=user_password)
    pdf.output(str(path))
    return path


PAGE_ONE = "CHÍNH PHỦ\nSố: 12/NQ-CP\nHà Nội, ngày 09 tháng 01 năm 2025\nNGHỊ QUYẾT\nVỀ CHUYỂN ĐỔI SỐ QUỐC GIA\nI. MỤC TIÊU\n1. Phát triển hạ tầng số."
PAGE_TWO = "II. NHIỆM VỤ\n1. Bộ Khoa học và Công nghệ chủ trì xây dựng nền tảng dữ liệu."


def test_txt_utf8_is_read_as_is(tmp_path: Path) -> None:
    path = tmp_path / "tin.txt"
    path.write_bytes("Bộ Khoa học và Công nghệ họp giao ban.".encode())
    doc = load_document(path, tmp_path)
    assert doc.raw_text == "Bộ Khoa học và Công nghệ họp giao ban."


def test_txt_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Đổi mới sáng tạo".encode())
    assert load_document(path, tmp_path).raw_text == "Đổi mới sáng tạo"


def test_txt_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Chuyển đổi số quốc gia".encode("utf-16"))
    assert load_document(path, tmp_path).raw_text == "Chuyển đổi số quốc gia"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as old Vietnamese files are written: vowel letter, then a combining tone mark."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for n in range(len(marks), -1, -1):
            head = unicodedata.normalize("NFC", base + "".join(marks[:n]))
            try:
                out += head.encode("cp1258") + "".join(marks[n:]).encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
    return out


def test_txt_cp1258_falls_back_and_is_composed(tmp_path: Path) -> None:
    path = tmp_path / "cu.txt"
    path.write_bytes(to_cp1258("Nghị quyết về khoa học"))
    assert load_document(path, tmp_path).raw_text == "Nghị quyết về khoa học"


def test_crlf_line_ends_become_newlines(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes("Dòng một\r\nDòng hai\r\n".encode())
    assert load_document(path, tmp_path).raw_text == "Dòng một\nDòng hai\n"


def test_pdf_pages_are_extracted_with_start_offsets(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "nq.pdf", [PAGE_ONE, PAGE_TWO])
    doc = load_document(path, tmp_path)
    assert len(doc.pages) == 2
    assert doc.pages[0] == 0
    assert doc.raw_text[doc.pages[1] :].startswith("II. NHIỆM VỤ")
    assert "Bộ Khoa học và Công nghệ" in doc.raw_text


def test_pdf_blocks_know_their_page(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "nq.pdf", [PAGE_ONE, PAGE_TWO])
    clean = build_document(load_document(path, tmp_path))
    pages = {b.text.split(" ")[0]: b.page for b in clean.blocks if b.kind == "heading"}
    assert pages["I."] == 1
    assert pages["II."] == 2


def test_docx_keeps_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC II")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["TT", "Tên nhiệm vụ", "Cơ quan chủ trì"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1.", "Xây dựng nền tảng số", "Bộ Công an"], strict=True):
        cell.text = text
    document.add_paragraph("Đoạn sau bảng.")
    path = tmp_path / "pl.docx"
    document.save(str(path))
    lines = load_document(path, tmp_path).raw_text.split("\n")
    assert lines == [
        "PHỤ LỤC II",
        "TT",
        "Tên nhiệm vụ",
        "Cơ quan chủ trì",
        "1.",
        "Xây dựng nền tảng số",
        "Bộ Công an",
        "Đoạn sau bảng.",
    ]


def test_docx_merged_cell_is_written_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Gộp"
    table.cell(0, 2).text = "Riêng"
    path = tmp_path / "gop.docx"
    document.save(str(path))
    assert load_document(path, tmp_path).raw_text.split("\n") == ["Gộp", "Riêng"]


def test_html_drops_navigation_and_scripts_and_keeps_blocks(tmp_path: Path) -> None:
    html = """<html><head><title>Tin</title><style>p{color:red}</style></head><body>
    <header>Trang chủ | Liên hệ</header><nav><a href="/">Menu</a></nav>
    <h1>Giao ban tháng 7</h1><p>Bộ trưởng <b>chủ trì</b> hội nghị.</p>
    <ul><li>Mục một</li><li>Mục hai</li></ul><script>var x = 1;</script>
    <table><tr><td>TT</td><td>Chỉ tiêu</td></tr></table>
    <footer>Bản quyền</footer></body></html>"""
    path = tmp_path / "tin.html"
    path.write_text(html, encoding="utf-8")
    lines = load_document(path, tmp_path).raw_text.split("\n")
    assert lines == [
        "Giao ban tháng 7",
        "Bộ trưởng chủ trì hội nghị.",
        "Mục một",
        "Mục hai",
        "TT",
        "Chỉ tiêu",
    ]


def test_htm_extension_is_html(tmp_path: Path) -> None:
    path = tmp_path / "a.htm"
    path.write_text("<p>Một</p><p>Hai</p>", encoding="utf-8")
    assert load_document(path, tmp_path).raw_text == "Một\nHai"


def test_unknown_extension_is_unsupported_and_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bang.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFormatError, match=r"'\.xlsx'.*'bang\.xlsx'"):
        load_document(path, tmp_path)


def test_empty_file_is_a_document_error(tmp_path: Path) -> None:
    path = tmp_path / "rong.txt"
    path.write_bytes(b"  \n")
    with pytest.raises(DocumentError, match=r"'rong\.txt': tệp rỗng"):
        load_document(path, tmp_path)


def test_corrupt_pdf_is_a_document_error_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "hong.pdf"
    path.write_bytes(b"%PDF-1.7\nday khong phai pdf\n%%EOF")
    with pytest.raises(DocumentError) as info:
        load_document(path, tmp_path)
    assert "Không đọc được tệp 'hong.pdf': tệp PDF bị hỏng" in info.value.message
    assert "Hãy kiểm tra lại tệp" in info.value.message
    assert not isinstance(info.value, UnsupportedFormatError)


def test_encrypted_pdf_asks_for_the_password_to_be_removed(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "mat.pdf", [PAGE_ONE], user_password="bi-mat")
    with pytest.raises(DocumentError, match=r"'mat\.pdf': tệp PDF được đặt mật khẩu"):
        load_document(path, tmp_path)


def test_corrupt_docx_is_a_document_error(tmp_path: Path) -> None:
    path = tmp_path / "hong.docx"
    path.write_bytes(b"PK\x03\x04 khong phai docx")
    with pytest.raises(DocumentError, match=r"'hong\.docx': tệp DOCX bị hỏng"):
        load_document(path, tmp_path)


def test_binary_file_named_txt_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "anh.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(DocumentError, match="anh.txt"):
        load_document(path, tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_a_document_error(tmp_path: Path) -> None:
    path = tmp_path / "khoa.txt"
    path.write_text("nội dung", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(DocumentError, match="khoa.txt"):
        load_document(path, tmp_path)


def test_meta_id_is_a_slug_of_the_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "2025-01-09_Nghị quyết 03-NQ-CP.txt"
    path.write_text("Nội dung.", encoding="utf-8")
    assert load_document(path, tmp_path).meta.id == "2025-01-09_Nghi-quyet-03-NQ-CP"


def test_meta_has_sha256_of_bytes_and_path_relative_to_corpus(tmp_path: Path) -> None:
    folder = tmp_path / "con"
    folder.mkdir()
    path = folder / "a.txt"
    path.write_bytes("Nội dung.".encode())
    meta = load_document(path, tmp_path).meta
    assert meta.sha256 == hashlib.sha256("Nội dung.".encode()).hexdigest()
    assert meta.source_path == "con/a.txt"


def test_discover_skips_sidecars_hidden_and_unknown_files(tmp_path: Path) -> None:
    for name in ("b.pdf", "a.txt", "a.txt.meta.json", ".an.txt", "ghi-chu.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in discover_documents(tmp_path)] == ["a.txt", "b.pdf"]
