"""Signature blocks of administrative documents: capacity lines, the signer's title and name, and the name's span.

A Vietnamese administrative document closes with

    TM. CHÍNH PHỦ          capacity lines: TM. (on behalf of), KT. (signing for), Q. (acting),
    KT. THỦ TƯỚNG          TL. / TUQ. (by order); none, one or several, in this order
    PHÓ THỦ TƯỚNG          the signer's own title
    Nguyễn Hòa Bình        the signer's name

In PDF extractions the block is often interleaved, line by line, with the "Nơi nhận:" distribution list printed
in the column beside it, and broken up by blank lines and stamp marks ("(Đã ký)"). Those lines are stepped
over; anything else between the block's lines means there is no block there. A name counts only directly
after the title/capacity lines, so a byline under a news article is never taken for a signer.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass

from ingest.models import Signature
from ingest.text import collapse_ws, fold

logger = logging.getLogger(__name__)

MAX_CAPACITIES = 3
# Distribution-list lines stepped over between two lines of the block; a long list may sit in between.
MAX_SKIPPED_LINES = 40
MAX_TITLE_WORDS = 14

# "T/M" is also printed without its full stop ("T/M BAN BÍ THƯ").
_MARK = r"(?:T/M\s*\.|T/M(?=\s)|(?:TM|KT|Q|TL|TUQ)\s*\.)"
_CAPACITY = re.compile(rf"^(?P<mark>{_MARK})\s*(?P<body>\S.*)$", re.IGNORECASE)
_INNER_CAPACITY = re.compile(rf"\s(?={_MARK}\s*[^\W\d_])", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_LIST_ITEM = re.compile(r"^[-–—+•*·]")
_RECIPIENTS = re.compile(r"^(?:noi nhan|luu)\s*:")
_STAMP = re.compile(r"^(?:[(\[]\s*(?:da ky|ky|signed|dong dau)\b[^()\[\]]{0,40}[)\]]|da ky|signed)$")
_TERMINAL = re.compile(r"[.;:,!?…]$")

# The signer's own titles (folded); a title line may go on with the unit ("VỤ TRƯỞNG VỤ PHÁP CHẾ").
_ROLES = (
    "thu tuong",
    "bo truong",
    "thu truong",
    "chu tich",
    "tong bi thu",
    "bi thu",
    "chanh van phong",
    "tong giam doc",
    "giam doc",
    "tong cuc truong",
    "cuc truong",
    "vu truong",
    "truong ban",
    "vien truong",
    "chanh an",
    "tong kiem toan",
    "thong doc",
    "chu nhiem",
    "tong thanh tra",
    "chanh thanh tra",
    "truong phong",
    "hieu truong",
    "truong doan",
)
_KNOWN_TITLE = re.compile(rf"^(?:pho |q\. ?)?(?:{'|'.join(_ROLES)})\b")

# Family names, lower-case with their marks (folded, "VỤ" would pass for "Vũ"): an all-caps name line must
# start with one, so "THỨ TRƯỞNG" or "VỤ PHÁP CHẾ" is never read as a name.
_SURNAME_TEXT = (
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh đào đoàn trương lâm mai "
    "trịnh hà tô tạ thái lương lưu cao chu quách kiều la lại triệu đàm tăng từ nông hứa phùng châu vương "
    "tôn thân mạc giang khúc âu kim lò hầu bế quan lục nghiêm tống diệp lữ lã ninh mã thạch cù vi phí hàn "
    "lạc ông tiêu khổng sầm doãn trình khương"
)
_SURNAMES = frozenset(_SURNAME_TEXT.split())


@dataclass(frozen=True)
class _Line:
    text: str  # stripped
    start: int  # offset of the stripped text in the document
    end: int


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        out.append(_Line(stripped, pos + lead, pos + lead + len(stripped)))
        pos += len(raw) + 1
    return out


def _slice(line: _Line, a: int, b: int) -> _Line:
    """Characters a..b of a line as a line of its own, stripped, with its offsets in the document."""
    part = line.text[a:b]
    lead = len(part) - len(part.lstrip())
    stripped = part.strip()
    return _Line(stripped, line.start + a + lead, line.start + a + lead + len(stripped))


def _word_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    return [(m.start() + offset, m.end() + offset) for m in _WORD.finditer(text[offset:])]


def _role_words(words: list[str]) -> int:
    """How many of `words` the signer's title they open with takes; 0 when they open with none."""
    m = _KNOWN_TITLE.match(" ".join(fold(w) for w in words))
    return len(m.group(0).split()) if m else 0


def _split_name(line: _Line, body: int = 0) -> list[_Line]:
    """A title with the name run on ('PHÓ THỦ TƯỚNG Nguyễn Hòa Bình') as two lines; `body` skips a
    capacity mark, so 'Q. BỘ TRƯỞNG Nguyễn Văn Thắng' splits too."""
    spans = _word_spans(line.text, body)
    words = [line.text[a:b] for a, b in spans]
    for n in range(5, 1, -1):
        if len(words) > n and _role_words(words[:-n]) and _is_name(" ".join(words[-n:])):
            cut = spans[-n][0]
            return [_slice(line, 0, cut), _slice(line, cut, len(line.text))]
    return [line]


def _split_capacity(line: _Line) -> list[_Line]:
    """A capacity line with more run on: 'TM. Chính phủ Kt. Thủ tướng Phó Thủ tướng' → three lines."""
    inner = [m.end() for m in _INNER_CAPACITY.finditer(line.text)]
    if inner:
        bounds = [0, *inner, len(line.text)]
        parts = [_slice(line, a, b) for a, b in itertools.pairwise(bounds)]
        return [*parts[:-1], *_split_capacity(parts[-1])]
    m = _CAPACITY.match(line.text)
    if m is None:
        return [line]
    spans = _word_spans(line.text, m.start("body"))
    words = [line.text[a:b] for a, b in spans]
    for i in range(max(_role_words(words), 1), len(words)):
        # "Ban Bí thư", "Văn phòng Chủ tịch nước": a title word inside an organisation's name is no title.
        if _role_words(words[i:]) and fold(words[i - 1]) not in ("ban", "phong"):
            cut = spans[i][0]
            return [_slice(line, 0, cut), *_split_name(_slice(line, cut, len(line.text)))]
    return _split_name(line, m.start("body"))


def _segments(lines: list[_Line]) -> list[_Line]:
    """The lines, with the ones a reflowing cleaner merged from a signature block split up again."""
    out: list[_Line] = []
    for line in lines:
        if _CAPACITY.match(line.text):
            out.extend(_split_capacity(line))
        elif _is_known_title(line.text):
            out.extend(_split_name(line))
        else:
            out.append(line)
    return out


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _skippable(line: str) -> bool:
    """Blank lines, distribution-list lines and stamp marks that PDF extraction puts between the block's lines."""
    if not line:
        return True
    folded = fold(line)
    return bool(
        _LIST_ITEM.match(line) or _RECIPIENTS.match(folded) or _STAMP.match(folded) or line.endswith(";")
    )


def _next_content(lines: list[_Line], i: int) -> int | None:
    """Index of the first line from `i` on that is not skippable, within MAX_SKIPPED_LINES non-blank lines."""
    skipped = 0
    while i < len(lines):
        if not _skippable(lines[i].text):
            return i
        if lines[i].text:
            skipped += 1
            if skipped > MAX_SKIPPED_LINES:
                return None
        i += 1
    return None


def _capacity(line: str) -> str | None:
    """'KT. THỦ TƯỚNG' normalised ('Kt.  Thủ tướng' → 'KT. Thủ tướng'), or None when the line is not one."""
    m = _CAPACITY.match(line)
    if m is None or not _title_shaped(m.group("body")):
        return None
    mark = "".join(m.group("mark").split()).upper()
    return f"{mark} {collapse_ws(m.group('body'))}"


def _title_shaped(line: str) -> bool:
    """A short heading-like line: starts with a capital, has no digits and no sentence punctuation at the end."""
    words = line.split()
    return (
        0 < len(words) <= MAX_TITLE_WORDS
        and line[0].isalpha()
        and line[0].isupper()
        and not any(c.isdigit() for c in line)
        and not _TERMINAL.search(line)
    )


def _is_known_title(line: str) -> bool:
    return bool(_KNOWN_TITLE.match(collapse_ws(fold(line))))


def _is_name(line: str) -> bool:
    """A person's name as printed under a signature: 2–5 capitalised syllables, letters only."""
    words = line.split()
    if not 2 <= len(words) <= 5 or not all(w.isalpha() for w in words) or _is_known_title(line):
        return False
    if all(w.isupper() for w in words):
        return words[0].lower() in _SURNAMES
    return all(w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words)


def _read_block(lines: list[_Line], i: int) -> Signature | None:
    """The block whose first line (a capacity or, without one, the signer's title) is lines[i]."""
    capacity: list[str] = []
    j: int | None = i
    while j is not None and len(capacity) < MAX_CAPACITIES:
        found = _capacity(lines[j].text)
        if found is None:
            break
        capacity.append(found)
        j = _next_content(lines, j + 1)
    if j is None:
        return None
    title = ""
    line = lines[j].text
    if capacity and _is_name(line):
        # "Q. BỘ TRƯỞNG" directly above the name: the capacity line is all the block says of the signer.
        name_line = lines[j]
    else:
        if _capacity(line) is not None or not _title_shaped(line):
            return None
        if not capacity and not (_is_upper(line) and _is_known_title(line)):
            return None  # without a capacity only a signer's title in capitals opens a block
        title = collapse_ws(line)
        k = _next_content(lines, j + 1)
        if k is None or not _is_name(lines[k].text):
            return None
        name_line = lines[k]
    return Signature(
        capacity=tuple(capacity),
        title=title,
        name=name_line.text,
        start=name_line.start,
        end=name_line.end,
    )


def extract_signature(text: str) -> Signature | None:
    """The first complete signature block of a cleaned document text, or None when it has none.

    `start`/`end` of the result index `text`, so `text[start:end] == signature.name`.
    """
    lines = _segments(_lines(text))
    for i, line in enumerate(lines):
        if not line.text or not (_CAPACITY.match(line.text) or _is_known_title(line.text)):
            continue
        signature = _read_block(lines, i)
        if signature is not None:
            logger.debug("signature name=%s capacity=%s", signature.name, "|".join(signature.capacity))
            return signature
    return None
