"""Reading source files (.txt, .pdf, .docx, .html) into `SourceDocument`s, with Vietnamese errors."""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import DocumentError, UnsupportedFormatError
from ingest.metadata import SIDECAR_SUFFIX, document_meta
from ingest.models import SourceDocument

if TYPE_CHECKING:
    from docx.table import Table

logger = logging.getLogger(__name__)

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".pdf", ".docx", ".html", ".htm")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted Office files and legacy .doc
_HINT = "Hãy kiểm tra lại tệp hoặc xuất lại từ bản gốc."


@dataclass(frozen=True)
class Extraction:
    """Text extracted from a file, and where each page starts in it (PDF only)."""

    text: str
    pages: tuple[int, ...] = ()


def _fail(path: Path, reason: str, hint: str = _HINT) -> DocumentError:
    return DocumentError(f"Không đọc được tệp '{path.name}': {reason}. {hint}")


def discover_documents(corpus_dir: Path) -> list[Path]:
    """Source files in a corpus folder, sorted; sidecar metadata files and hidden files are skipped."""
    files = [
        p
        for p in corpus_dir.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts)
        and not p.name.endswith(SIDECAR_SUFFIX)
        and p.suffix.lower() in SUPPORTED_EXTENSIONS
    ]
    return sorted(files)


def decode_text(data: bytes, path: Path) -> str:
    """Decodes a plain-text file: UTF-8 (with or without BOM), UTF-16, else Windows-1258."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _fail(path, f"tệp UTF-16 bị hỏng ({exc.reason})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-16 without a BOM: every other byte of ASCII text is zero.
    if len(data) >= 4:
        even_zero = data[0::2].count(0) / max(1, len(data[0::2]))
        odd_zero = data[1::2].count(0) / max(1, len(data[1::2]))
        for encoding, ratio in (("utf-16-le", odd_zero), ("utf-16-be", even_zero)):
            if ratio > 0.3:
                try:
                    return data.decode(encoding)
                except UnicodeDecodeError:
                    break
    if b"\x00" in data:
        raise _fail(path, "tệp không phải văn bản thuần (có byte nhị phân)")
    try:
        # Windows-1258 writes tones as combining marks; NFC composes them.
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError as exc:
        raise _fail(path, "không nhận ra bảng mã (không phải UTF-8, UTF-16 hay Windows-1258)") from exc


def _extract_txt(data: bytes, path: Path) -> Extraction:
    return Extraction(decode_text(data, path))


def _extract_pdf(data: bytes, path: Path) -> Extraction:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Many PDFs are "encrypted" with an empty user password only to restrict printing.
            try:
                if not reader.decrypt(""):
                    raise _fail(path, "tệp PDF được đặt mật khẩu", "Hãy gỡ mật khẩu rồi đưa tệp vào lại.")
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise _fail(
                    path, "tệp PDF được đặt mật khẩu", "Hãy gỡ mật khẩu rồi đưa tệp vào lại."
                ) from exc
        parts: list[str] = []
        starts: list[int] = []
        offset = 0
        for page in reader.pages:
            text = (page.extract_text() or "").replace("\r\n", "\n").replace("\r", "\n")
            starts.append(offset)
            parts.append(text)
            offset += len(text) + 1
    except DocumentError:
        raise
    except FileNotDecryptedError as exc:
        raise _fail(path, "tệp PDF được đặt mật khẩu", "Hãy gỡ mật khẩu rồi đưa tệp vào lại.") from exc
    except (PdfReadError, Exception) as exc:  # pypdf raises many kinds of error on damaged files
        raise _fail(path, f"tệp PDF bị hỏng ({type(exc).__name__}: {exc})") from exc
    text = "\n".join(parts)
    if not text.strip():
        raise _fail(
            path,
            "tệp PDF không có lớp chữ (có thể là bản scan)",
            "Hãy nhận dạng chữ (OCR) hoặc xuất lại PDF từ bản gốc có chữ.",
        )
    return Extraction(text, tuple(starts))


def _extract_docx(data: bytes, path: Path) -> Extraction:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if data.startswith(_OLE_MAGIC):
        raise _fail(
            path,
            "tệp được đặt mật khẩu hoặc là định dạng Word cũ (.doc)",
            "Hãy gỡ mật khẩu hoặc lưu lại dưới dạng .docx.",
        )
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, document).text)
            elif tag == "tbl":
                lines.extend(_docx_table_lines(Table(child, document)))
    except (zipfile.BadZipFile, PackageNotFoundError, Exception) as exc:  # also malformed XML inside
        raise _fail(path, f"tệp DOCX bị hỏng ({type(exc).__name__}: {exc})") from exc
    return Extraction("\n".join(lines))


def _docx_table_lines(table: Table) -> list[str]:
    """A table row becomes one line per cell, in order, as in the PDF extractions of the corpus."""
    lines: list[str] = []
    for row in table.rows:
        seen: set[int] = set()
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            for paragraph in cell.paragraphs:
                if paragraph.text.strip():
                    lines.append(paragraph.text)
            for inner in cell.tables:
                lines.extend(_docx_table_lines(inner))
    return lines


_HTML_DROP = ("script", "style", "nav", "header", "footer", "noscript", "template", "head")
_HTML_BLOCKS = (
    "p",
    "div",
    "section",
    "article",
    "main",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "figure",
    "figcaption",
    "address",
    "hr",
    "form",
    "fieldset",
    "title",
)


def _extract_html(data: bytes, path: Path) -> Extraction:
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(data, "html.parser")
    except Exception as exc:  # bs4 raises assorted parser errors on garbage
        raise _fail(path, f"tệp HTML bị hỏng ({type(exc).__name__}: {exc})") from exc
    for tag in soup.find_all(_HTML_DROP):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(_HTML_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text()
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    return Extraction("\n".join(line for line in lines if line))


_EXTRACTORS: dict[str, Callable[[bytes, Path], Extraction]] = {
    ".txt": _extract_txt,
    ".pdf": _extract_pdf,
    ".docx": _extract_docx,
    ".html": _extract_html,
    ".htm": _extract_html,
}


def load_document(path: Path, corpus_root: Path) -> SourceDocument:
    """Reads one source file; raises `UnsupportedFormatError` or `DocumentError` with a Vietnamese reason."""
    path = Path(path)
    extension = path.suffix.lower()
    extractor = _EXTRACTORS.get(extension)
    if extractor is None:
        raise UnsupportedFormatError(
            f"Không hỗ trợ định dạng '{extension or '(không có phần mở rộng)'}' của tệp '{path.name}'. "
            f"Hãy chuyển tệp sang một trong các định dạng: {', '.join(SUPPORTED_EXTENSIONS)}."
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise _fail(path, "không tìm thấy tệp", "Hãy kiểm tra lại đường dẫn.") from exc
    except OSError as exc:
        raise _fail(
            path, f"lỗi hệ thống khi đọc ({exc.strerror or exc})", "Hãy kiểm tra quyền đọc tệp."
        ) from exc
    if not data.strip():
        raise _fail(path, "tệp rỗng", "Hãy kiểm tra lại tệp hoặc xuất lại từ bản gốc.")
    extraction = extractor(data, path)
    text = extraction.text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise _fail(path, "tệp không có nội dung chữ")
    meta = document_meta(path, corpus_root, data, text)
    logger.debug(
        "loaded doc_id=%s kind=%s chars=%d pages=%d", meta.id, meta.kind, len(text), len(extraction.pages)
    )
    return SourceDocument(meta=meta, raw_text=text, pages=extraction.pages)
