"""Document metadata: title, kind, number, date and issuer read from the text, overridden by a sidecar file.

A sidecar `<file>.meta.json` beside a source file may set any of the keys title, kind, number, date,
issuer; what it sets wins over what is extracted. A malformed sidecar is an error, not a silent skip.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import logging
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import get_args

from ingest.cleaning import (
    DOC_TYPE_LINE,
    PUBLICATION_MASTHEADS,
    clean_text,
    heading_kind,
    is_all_caps,
    normalize_chars,
)
from ingest.errors import DocumentError
from ingest.models import DocumentKind, DocumentMeta

logger = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".meta.json"
SIDECAR_KEYS: tuple[str, ...] = ("title", "kind", "number", "date", "issuer")
DOCUMENT_KINDS: tuple[str, ...] = get_args(DocumentKind)

_TYPE_KINDS: dict[str, DocumentKind] = {
    "NGHỊ QUYẾT": "nghi_quyet",
    "QUYẾT ĐỊNH": "quyet_dinh",
    "BÁO CÁO": "bao_cao",
}
_FILE_NAME_KINDS: tuple[tuple[re.Pattern[str], DocumentKind], ...] = (
    (re.compile(r"(?:^|[-_])nghi-quyet(?:[-_]|$)"), "nghi_quyet"),
    (re.compile(r"(?:^|[-_])quyet-dinh(?:[-_]|$)"), "quyet_dinh"),
    (re.compile(r"(?:^|[-_])bao-cao(?:[-_]|$)"), "bao_cao"),
    (re.compile(r"(?:^|[-_])(?:dien-dan|bai-bao|tap-chi)(?:[-_]|$)"), "bai_bao"),
    (re.compile(r"(?:^|[-_])(?:tin|tin-tuc|ban-tin)(?:[-_]|$)"), "tin_tuc"),
)
_DOC_WORDS = (
    r"Nghị quyết|Quyết định|Nghị định|Thông tư|Chỉ thị|Kế hoạch|Báo cáo|Công văn|Thông báo|Chương trình"
)
_WORD_KINDS: dict[str, DocumentKind] = {
    "nghị quyết": "nghi_quyet",
    "quyết định": "quyet_dinh",
    "báo cáo": "bao_cao",
}
_CODE = r"\d{1,5}(?:/\d{4})?[/-][A-ZĐ][A-Za-zĐđ]*(?:[-/][A-Za-zĐđ0-9]+)*"
_DATE_WORDS = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_DATE_SLASH = r"ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})"
_OWN_NUMBER = re.compile(
    rf"Kèm theo[^()\n]{{0,120}}?\b({_DOC_WORDS}) số\s+({_CODE})(?:\s+(?:{_DATE_WORDS}|{_DATE_SLASH}))?"
)
_NUMBER_LINE = re.compile(rf"^Số\s*[:.]?\s*({_CODE})")
_PLACE_DATE = re.compile(rf"^[A-ZĐÀ-Ỹ][^,\n]{{1,40}},\s*(?:{_DATE_WORDS}|{_DATE_SLASH})", re.MULTILINE)
_FILE_DATE = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{2})[-_.](\d{2})[-_.]((?:19|20)\d{2})(?!\d)"),
)
_ISSUER_PREFIXES = (
    "CHÍNH PHỦ",
    "THỦ TƯỚNG CHÍNH PHỦ",
    "QUỐC HỘI",
    "ỦY BAN THƯỜNG VỤ QUỐC HỘI",
    "BỘ ",
    "BAN ",
    "VĂN PHÒNG ",
    "ỦY BAN NHÂN DÂN",
    "UBND ",
    "HỘI ĐỒNG NHÂN DÂN",
    "NGÂN HÀNG NHÀ NƯỚC",
    "TỔNG CỤC ",
    "KIỂM TOÁN NHÀ NƯỚC",
    "TÒA ÁN NHÂN DÂN",
    "VIỆN KIỂM SÁT NHÂN DÂN",
)
_HEADER_LINES = ("CỘNG HÒA", "CỘNG HOÀ", "Độc lập", "ĐỘC LẬP")
_NOT_ISSUER = re.compile(r"^(?:BỘ TRƯỞNG|BAN HÀNH|CỘNG HÒA|CỘNG HOÀ)\b")
_SIGNATURE = re.compile(r"^(?:TM|T/M|KT|Q|TL|TUQ)\.\s+(.+)$")
_SOURCE_LINE = re.compile(r"^Nguồn\s*:\s*(.+?)\s*(?:\([^)]*\))?\s*\.?$")
_CLAUSE_BREAK = re.compile(r"[.;:!?()\[\]“”\"\n]+")
_TOKEN = re.compile(r"[\wĐđ&]+(?:[-/.][\wĐđ&]+)*")


@dataclass(frozen=True)
class ExtractedMeta:
    """What the text itself says about a document."""

    title: str
    kind: DocumentKind
    number: str | None
    date: str | None
    issuer: str | None


@dataclass(frozen=True)
class Sidecar:
    """Values from a `<file>.meta.json` sidecar; only the keys in `provided` were set."""

    path: Path
    provided: frozenset[str]
    title: str | None = None
    kind: DocumentKind | None = None
    number: str | None = None
    date: str | None = None
    issuer: str | None = None


def slugify(stem: str) -> str:
    """A stable id from a file name stem: diacritics folded, case kept, other characters → '-'."""
    decomposed = unicodedata.normalize("NFD", stem.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", ascii_only)
    return re.sub(r"-{2,}", "-", slug).strip("-.") or "van-ban"


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _date_from_groups(groups: tuple[str | None, ...]) -> str | None:
    """(d, m, y) from the first complete triple among regex groups."""
    values = [g for g in groups if g]
    for i in range(0, len(values) - 2, 3):
        found = _iso(values[i + 2], values[i + 1], values[i])
        if found:
            return found
    return None


def read_sidecar(path: Path) -> Sidecar | None:
    """The sidecar of a source file, validated; None when there is none."""
    side = sidecar_path(path)
    if not side.exists():
        return None

    def bad(reason: str) -> DocumentError:
        return DocumentError(
            f"Tệp mô tả '{side.name}' không hợp lệ: {reason}. Hãy sửa tệp này (chỉ dùng các khóa "
            f"{', '.join(SIDECAR_KEYS)}) hoặc xóa nó để dùng thông tin trích từ văn bản."
        )

    try:
        payload = json.loads(side.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise bad("tệp không phải UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise bad(f"JSON sai cú pháp ở dòng {exc.lineno}, cột {exc.colno} ({exc.msg})") from exc
    except OSError as exc:
        raise bad(f"không đọc được ({exc.strerror or exc})") from exc
    if not isinstance(payload, dict):
        raise bad(f"nội dung phải là một đối tượng JSON, không phải {type(payload).__name__}")
    unknown = sorted(set(payload) - set(SIDECAR_KEYS))
    if unknown:
        raise bad(f"khóa không được hỗ trợ {', '.join(repr(k) for k in unknown)}")
    values: dict[str, str | None] = {}
    for key, value in payload.items():
        if value is None:
            if key in ("title", "kind"):
                raise bad(f"khóa '{key}' không được để trống")
            values[key] = None
            continue
        if not isinstance(value, str) or not value.strip():
            raise bad(f"khóa '{key}' phải là chuỗi không rỗng, đang là {value!r}")
        values[key] = unicodedata.normalize("NFC", value.strip())
    kind = values.get("kind")
    if kind is not None and kind not in DOCUMENT_KINDS:
        raise bad(f"khóa 'kind' có giá trị {kind!r}, phải là một trong {', '.join(DOCUMENT_KINDS)}")
    date = values.get("date")
    if date is not None:
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date)
        if not m or _iso(*m.groups()) is None:
            raise bad(f"khóa 'date' có giá trị {date!r}, phải là ngày dạng YYYY-MM-DD, ví dụ 2025-01-09")
    return Sidecar(
        path=side,
        provided=frozenset(values),
        title=values.get("title"),
        kind=kind,  # type: ignore[arg-type]  # checked against DOCUMENT_KINDS above
        number=values.get("number"),
        date=date,
        issuer=values.get("issuer"),
    )


def recase(caps: str, body: str) -> str:
    """Sentence case for an all-caps phrase, keeping capitals the body text uses for the same words.

    "BỘ KHOA HỌC VÀ CÔNG NGHỆ" → "Bộ Khoa học và Công nghệ" when the body writes it so; otherwise each
    word takes the casing the body gives it after the same preceding word ("của Chính phủ").
    """
    caps = caps.strip()
    if not caps:
        return caps
    phrase = re.compile(r"\s+".join(re.escape(w) for w in caps.split()), re.IGNORECASE)
    variants = Counter(m.group(0) for m in phrase.finditer(body) if not is_all_caps(m.group(0)))
    if variants:
        best = re.sub(r"\s+", " ", variants.most_common(1)[0][0])
        return best[:1].upper() + best[1:]
    after: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    before: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    # Pairs inside one clause only: a word after a full stop is capitalised for another reason.
    for clause in _CLAUSE_BREAK.split(body):
        for n, (left, right) in enumerate(itertools.pairwise(_TOKEN.findall(clause))):
            after[(left.lower(), right.lower())][right] += 1
            if n > 0:
                before[(left.lower(), right.lower())][left] += 1
    parts = re.split(r"(\s+)", caps)
    words = [(i, p) for i, p in enumerate(parts) if p and not p.isspace()]
    out = list(parts)
    for n, (i, word) in enumerate(words):
        core = _TOKEN.search(word)
        if core is None:
            continue
        token = core.group(0)
        if any(c.isdigit() for c in token) or "&" in token or "/" in token:
            continue  # codes and abbreviations ("57-NQ/TW", "KH&CN") stay as written
        low = token.lower()
        cased = low
        prev_core = _TOKEN.search(words[n - 1][1]) if n > 0 else None
        next_core = _TOKEN.search(words[n + 1][1]) if n + 1 < len(words) else None
        if prev_core and after.get((prev_core.group(0).lower(), low)):
            cased = after[(prev_core.group(0).lower(), low)].most_common(1)[0][0]
        elif next_core and before.get((low, next_core.group(0).lower())):
            cased = before[(low, next_core.group(0).lower())].most_common(1)[0][0]
        if is_all_caps(f"{cased} {cased}") and len(cased) > 1 and cased.upper() != token:
            cased = low
        out[i] = word.replace(token, cased, 1)
    text = "".join(out)
    return text[:1].upper() + text[1:]


def _lower_first(text: str, body: str) -> str:
    """Lower-cases the first word of a subject line unless the body capitalises it mid-sentence."""
    m = _TOKEN.match(text)
    if not m:
        return text
    word = m.group(0)
    mid_sentence = re.findall(rf"(?<=[\w,] ){re.escape(word)}\b", body)
    lower_uses = re.findall(rf"(?<=[\w,] ){re.escape(word.lower())}\b", body)
    if len(mid_sentence) > len(lower_uses):
        return text
    return word.lower() + text[len(word) :]


def _is_issuer_line(line: str) -> bool:
    return (
        is_all_caps(line)
        and len(line.split()) <= 12
        and line.startswith(_ISSUER_PREFIXES)
        and not _NOT_ISSUER.match(line)
        and not DOC_TYPE_LINE.match(line)
    )


def _head(lines: list[str]) -> list[str]:
    """The lines before the first numbered heading (or the first 40): where title and issuer are."""
    head: list[str] = []
    for line in lines[:40]:
        if heading_kind(line) in ("roman", "arabic", "decimal", "letter", "article", "appendix"):
            break
        head.append(line)
    return head


def _detect_kind(lines: list[str], raw_lines: list[str], stem: str) -> tuple[DocumentKind, int | None]:
    """The document kind, and the index of the document-type line when there is one."""
    for i, line in enumerate(_head(lines)):
        m = DOC_TYPE_LINE.match(line)
        if m:
            return _TYPE_KINDS.get(m.group(1), "van_ban"), i
    if any(line.strip() in PUBLICATION_MASTHEADS for line in raw_lines):
        return "bai_bao", None
    if any(_SOURCE_LINE.match(line) for line in lines[-5:]):
        return "tin_tuc", None
    for pattern, kind in _FILE_NAME_KINDS:
        if pattern.search(stem.lower()):
            return kind, None
    return "van_ban", None


def _title(lines: list[str], type_index: int | None, body: str, stem: str) -> str:
    if type_index is not None:
        type_line = lines[type_index]
        subject: list[str] = []
        for line in lines[type_index + 1 : type_index + 6]:
            if _NUMBER_LINE.match(line) or _PLACE_DATE.match(line) or line.startswith(_HEADER_LINES):
                continue  # header lines printed between the type line and the subject
            if line.startswith(("(", "Căn cứ", "Theo ")) or _is_issuer_line(line) or heading_kind(line):
                break
            if subject and not (is_all_caps(line) and is_all_caps(subject[-1])):
                break  # an upper-case subject may run over several lines; a mixed-case one is one line
            if len(line) > 250 or line.endswith("."):
                break
            subject.append(line)
        title = recase(type_line, body)
        for line in subject:
            if is_all_caps(line):
                cased = recase(line, body)
                line = cased[:1].lower() + cased[1:]
            else:
                line = _lower_first(line, body)
            title = f"{title} {line}"
        return title
    caps = [
        line
        for line in lines
        if is_all_caps(line)
        and len(line.split()) >= 4
        and line not in PUBLICATION_MASTHEADS
        and heading_kind(line) is None
        and not _is_issuer_line(line)
        and not line.startswith(("CỘNG HÒA", "CỘNG HOÀ", "ĐỘC LẬP"))
    ]
    if caps:
        return recase(max(caps, key=len), body)
    first = lines[0] if lines else ""
    if first and len(first) <= 200 and not first.endswith(".") and heading_kind(first) is None:
        return first
    return re.sub(r"[-_]+", " ", stem).strip() or stem


def _issuer(lines: list[str], raw_lines: list[str], body: str) -> str | None:
    for line in _head(lines):
        if _is_issuer_line(line):
            return recase(line, body)
    for line in lines:
        m = _SIGNATURE.match(line)
        if m and _is_issuer_line(m.group(1)):
            return recase(m.group(1), body)
    for line in lines[-5:]:
        m = _SOURCE_LINE.match(line)
        if m:
            return m.group(1)
    for line in raw_lines:
        name = PUBLICATION_MASTHEADS.get(line.strip())
        if name:
            return name
    return None


def _number_and_date(text: str, lines: list[str], kind: DocumentKind) -> tuple[str | None, str | None]:
    """The document's own number and the date that goes with it.

    The first number in a text is usually a cited one ("thực hiện Nghị quyết số 57-NQ/TW"); the own
    number stands in a "Số: ..." line of the header or in "Kèm theo Nghị quyết số ..." of an annex.
    """
    for line in _head(lines):
        m = _NUMBER_LINE.match(line)
        if m:
            return m.group(1).rstrip(".,;"), None
    for m in _OWN_NUMBER.finditer(text):
        word_kind = _WORD_KINDS.get(m.group(1).lower())
        if kind in ("van_ban", word_kind) or word_kind == kind:
            return m.group(2).rstrip(".,;"), _date_from_groups(m.groups()[2:])
    return None, None


def _file_date(stem: str) -> str | None:
    m = _FILE_DATE[0].search(stem)
    if m:
        found = _iso(m.group(1), m.group(2), m.group(3))
        if found:
            return found
    m = _FILE_DATE[1].search(stem)
    return _iso(m.group(3), m.group(2), m.group(1)) if m else None


def extract_metadata(raw_text: str, file_name: str) -> ExtractedMeta:
    """Title, kind, number, date and issuer from a document's text (and its file name as a fallback)."""
    stem = Path(file_name).stem
    raw_lines = normalize_chars(raw_text).split("\n")
    cleaned = clean_text(raw_text)
    lines = [line for line in cleaned.split("\n") if line.strip()]
    body = "\n".join(line for line in lines if not is_all_caps(line))
    kind, type_index = _detect_kind(lines, raw_lines, stem)
    number, number_date = _number_and_date(cleaned, lines, kind)
    place_date = _PLACE_DATE.search("\n".join(_head(lines)))
    date = (_date_from_groups(place_date.groups()) if place_date else None) or number_date or _file_date(stem)
    return ExtractedMeta(
        title=_title(lines, type_index, body, stem),
        kind=kind,
        number=number,
        date=date,
        issuer=_issuer(lines, raw_lines, body),
    )


def apply_sidecar(meta: ExtractedMeta, sidecar: Sidecar | None) -> ExtractedMeta:
    if sidecar is None:
        return meta
    changes = {key: getattr(sidecar, key) for key in sidecar.provided}
    logger.info("sidecar=%s overrides=%s", sidecar.path.name, ",".join(sorted(changes)))
    return replace(meta, **changes)


def document_meta(path: Path, corpus_root: Path, data: bytes, text: str) -> DocumentMeta:
    """The metadata of a loaded file: extracted from its text, then overridden by its sidecar."""
    sidecar = read_sidecar(path)
    extracted = apply_sidecar(extract_metadata(text, path.name), sidecar)
    try:
        source_path = path.resolve().relative_to(Path(corpus_root).resolve()).as_posix()
    except ValueError:
        logger.warning("file=%s outside corpus_root=%s", path, corpus_root)
        source_path = path.name
    return DocumentMeta(
        id=slugify(path.name[: -len(path.suffix)] if path.suffix else path.name),
        title=extracted.title,
        kind=extracted.kind,
        number=extracted.number,
        date=extracted.date,
        issuer=extracted.issuer,
        source_path=source_path,
        sha256=hashlib.sha256(data).hexdigest(),
    )
