"""Cleaning of extracted text: Unicode form, page furniture, footnotes, hyphenation and paragraph reflow.

The corpus is PDF extractions: lines broken mid-sentence (some files double-spaced, some not), running
headers, page numbers, footnote marks glued to words ("57-NQ/TW1") and footnote bodies at page
bottoms, titles and photo captions dropped into the middle of a paragraph. `clean_text` returns one
paragraph per line, except in appendix table regions, where every extracted line is kept on its own
line (blank lines dropped, runs of spaces collapsed, trailing spaces trimmed): the table parsers rely on
that line structure.

Empty cells. The extraction prints a table's cells one after another and marks an EMPTY cell with one
space: a line of spaces only (one per empty cell), or spaces before the first word of the next cell's
first line (" Văn bản": the cell before "Văn bản" is empty). In the body of a table (from its "TT …"
header row on) cleaning keeps that signal as it is written: a text line keeps its leading spaces, and
a line of 1–8 spaces stays a line of that many spaces (a longer one is a page separator and is
dropped, and so are space lines that end the region, after the last cell). Spaces keep the text
readable and keep quotes matching (`quote_in_text` ignores runs of white space); a consumer that
strips each line sees exactly what it saw before. Prose lines never start or end with a space.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, deque
from dataclasses import dataclass

# Mastheads of the periodicals the corpus draws on, printed on every page. A masthead can occur only
# once in a short article, so repetition alone does not find it. Maps the printed form to its name.
PUBLICATION_MASTHEADS: dict[str, str] = {
    "DIỄN ĐÀN KHOA HỌC VÀ CÔNG NGHỆ": "Diễn đàn Khoa học và Công nghệ",
}

# Document-type lines of Vietnamese administrative documents ("NGHỊ QUYẾT", "BÁO CÁO TÓM TẮT").
DOC_TYPE_LINE = re.compile(
    r"^(NGHỊ QUYẾT|QUYẾT ĐỊNH|BÁO CÁO|NGHỊ ĐỊNH|THÔNG TƯ|CHỈ THỊ|KẾ HOẠCH|THÔNG BÁO|TỜ TRÌNH|CÔNG VĂN"
    r"|CHƯƠNG TRÌNH|ĐỀ ÁN|LUẬT|HƯỚNG DẪN)(?: [A-ZĐÀ-Ỹ]+){0,3}$"
)

_SPACE_CHARS = dict.fromkeys(
    map(
        ord,
        "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\v\f",
    ),
    " ",
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]\s*")
_MULTISPACE = re.compile(r" {2,}")

# Heading and list markers that always start a new line.
_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
HEADING_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("appendix", re.compile(r"^PH[ỤU] L[ỤU]C(?:\s+(?:[IVXLC]+|\d{1,2}))?\s*$")),
    ("part", re.compile(r"^PH[ẦA]N\s+(?:TH[ỨU]\s+\S+|[IVXLC]+|\d+)\b")),
    ("chapter", re.compile(r"^(?:Chương|CHƯƠNG)\s+(?:[IVXLC]+|\d+)\b")),
    ("section", re.compile(r"^(?:Mục|MỤC)\s+(?:[IVXLC]+|\d+)\s*[.:]?(?:\s|$)")),
    ("article", re.compile(r"^Điều\s+\d+[a-z]?\s*[.:]")),
    ("roman", re.compile(rf"^(?=[IVXL])({_ROMAN})\.\s+\S")),
    ("decimal", re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+\S")),
    ("arabic", re.compile(r"^\d{1,2}\.\s+\S")),
    ("letter", re.compile(r"^[a-zđ]\)\s+\S")),
    ("recipients", re.compile(r"^Nơi nhận\s*:")),
)
_BULLET = re.compile(r"^[-–•+]\s+(\S)")

# Page furniture lines outside tables.
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$|^(?:Trang|trang)\s+\d{1,3}(?:\s*/\s*\d{1,3})?$")
_ISSUE_LINE = re.compile(r"^(?:\d{1,3}\s+)?Số\s+\d{1,3}\s+năm\s+(?:19|20)\d{2}(?:\s+\d{1,3})?$")
_SEPARATOR = re.compile(r"^(?:[ ]{20,}|[_\-–—]{8,})$")
_FOOTNOTE_START = re.compile(r"^(\d{1,2}|\*{1,3}) ?(?=[A-ZĐÀ-Ỹ“\"(])")

# Footnote marks glued to the end of a token.
_CODE = r"\d{1,5}(?:/\d{4})?(?:[-/][A-ZĐ][A-Za-zĐđ]*)+"
_CODE_MARK = re.compile(rf"\b({_CODE})(?<!QH)(\d{{1,2}})(?=[^\w/-]|$)")
_LEGISLATURE_MARK = re.compile(r"\b(\d{1,5}/\d{4}/QH\d{2})(\d{1,2})(?=[^\w/-]|$)")
_YEAR_MARK = re.compile(r"\b((?:[Nn]ăm|\d{1,2}/\d{1,2}/)\s*(?:19|20)\d{2})(\d{1,2})(?=[^\w/]|$)")
_STAR_MARK = re.compile(r"(?<=[^\s*])\*{1,3}(?=[\s:;,.)”\"]|$)")

_SENTENCE_END = re.compile(r"[.!?…](?:[\"”’)\]»]*)$")
_SOFT_END = re.compile(r"[;:](?:[\"”’)\]»]*)$")
_ELLIPSIS_END = re.compile(r"(?:\.\.\.?|…)(?:[\"”’)\]»]*)$")
_WORD = re.compile(r"\S+")

# Words that cannot end an all-caps title line or begin a new one: the line continues.
_CONTINUATION_WORDS = frozenset(
    "VÀ CỦA VỀ CHO TRONG VỚI ĐỂ CÁC NHỮNG LÀ TẠI THEO HOẶC ĐẾN TỪ NHẰM SỐ NGÀY THÁNG NĂM".split()  # noqa: SIM905
)
_LOOKAHEAD_LINES = 8
# A table has at most this many columns, so a longer run of spaces cannot be empty-cell marks.
_MAX_EMPTY_CELLS = 8
_TABLE_HEADER = re.compile(r"^TT\b")
_DEFAULT_WIDTH = 80
_MIN_COLUMN = 35
_STANDALONE_HEADINGS = ("appendix", "part", "chapter", "section")


def normalize_chars(text: str) -> str:
    """NFC, one kind of line break, plain spaces; drops invisible characters and soft hyphens."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return text.translate(_SPACE_CHARS).translate(_INVISIBLE)


def heading_kind(line: str) -> str | None:
    """The kind of heading or list marker a (stripped) line starts with, or None."""
    for kind, pattern in HEADING_PATTERNS:
        if pattern.match(line):
            return kind
    return None


def is_bullet(line: str, prev: str | None = None) -> bool:
    """A dash bullet; a dash line that continues an unfinished lower-case phrase ("- xã hội") is not."""
    m = _BULLET.match(line)
    if not m:
        return False
    if m.group(1).isupper() or m.group(1).isdigit() or m.group(1) in '“"(':
        return True
    return prev is None or bool(_SENTENCE_END.search(prev) or _SOFT_END.search(prev))


def is_all_caps(line: str) -> bool:
    """An upper-case title or header line; number codes such as "57-NQ/TW" do not count as words."""
    words = [w for w in line.split() if not any(c.isdigit() for c in w) and any(c.isalpha() for c in w)]
    letters = [c for w in words for c in w if c.isalpha()]
    return len(words) >= 2 and len(letters) >= 6 and all(c.isupper() for c in letters)


def is_doc_type_line(line: str) -> bool:
    return bool(DOC_TYPE_LINE.match(line))


def find_table_regions(lines: list[str]) -> list[tuple[int, int]]:
    """Line ranges [start, end) of appendix tables: a "PHỤ LỤC" heading whose table header starts with "TT".

    A region runs from the heading to the next "PHỤ LỤC" heading or the end of the text. Works on raw
    or cleaned lines alike, so cleaning and structure agree on where tables are.
    """
    heads = [i for i, line in enumerate(lines) if HEADING_PATTERNS[0][1].match(line.strip())]
    regions: list[tuple[int, int]] = []
    for n, start in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(lines)
        seen = 0
        for line in lines[start + 1 : end]:
            stripped = line.strip()
            if not stripped:
                continue
            seen += 1
            if re.match(r"^TT\b", stripped):
                regions.append((start, end))
                break
            if seen >= 15:
                break
    return regions


@dataclass(frozen=True)
class _Line:
    """A non-blank source line on its way to a paragraph."""

    text: str  # stripped, spaces collapsed
    blanks_before: int  # blank lines between this line and the previous non-blank one
    width: float  # typical line width around this line, to tell a full line from a short one


def strip_footnote_marks(text: str, footnote_ids: frozenset[str] = frozenset()) -> str:
    """Removes footnote numbers glued to tokens: "57-NQ/TW1" → "57-NQ/TW", "năm 20242" → "năm 2024".

    Number codes and years cannot end in a stray digit, so marks after them are always removed; a digit
    glued to an ordinary word is removed only when a footnote with that number was found on the page.
    """
    text = _LEGISLATURE_MARK.sub(r"\1", text)
    text = _CODE_MARK.sub(r"\1", text)
    text = _YEAR_MARK.sub(r"\1", text)
    text = _STAR_MARK.sub("", text)
    for fid in sorted(footnote_ids, key=len, reverse=True):
        if fid.isdigit():
            text = re.sub(rf"(?<=[a-zà-ỹđ]){fid}(?=[\s,.;:)”\"]|$)", "", text)
    return text


def _is_furniture(line: str, repeated: frozenset[str]) -> bool:
    return bool(
        _PAGE_NUMBER.match(line)
        or _ISSUE_LINE.match(line)
        or line in PUBLICATION_MASTHEADS
        or line in repeated
    )


def _repeated_headers(lines: list[str]) -> frozenset[str]:
    """All-caps lines printed on several pages (running headers); headings and titles are printed once."""
    counts = Counter(line for line in lines if is_all_caps(line) and len(line.split()) >= 2)
    return frozenset(
        line
        for line, n in counts.items()
        if n >= 2 and heading_kind(line) is None and not is_doc_type_line(line) and len(line) <= 80
    )


def _remove_footnotes(lines: list[str], keep: set[int]) -> tuple[list[str], frozenset[str], list[str]]:
    """Blanks out footnote bodies that follow a separator line; returns the lines, the footnote numbers and the
    bodies themselves (each on one line, as written), which the cleaned text keeps at its end.

    A footnote starts with its number (or "*") glued to the text ("1Nghị quyết số ..."), and runs to a
    blank line, the next footnote, or a line indented by the extractor (the page text resuming). Lines
    in `keep` (table regions) are never touched; the line count does not change.
    """
    out = list(lines)
    ids: set[str] = set()
    bodies: list[str] = []
    i = 0
    while i < len(lines):
        if i in keep or not _SEPARATOR.match(lines[i]):
            i += 1
            continue
        out[i] = ""  # the separator itself only marks a page bottom
        j = i + 1
        while True:
            k = j
            while k < len(lines) and not lines[k].strip() and k not in keep:
                k += 1
            m = _FOOTNOTE_START.match(lines[k]) if k < len(lines) and k not in keep else None
            if not m:
                break
            ids.add(m.group(1))
            j = k + 1
            while j < len(lines) and j not in keep:
                nxt = lines[j]
                if not nxt.strip() or nxt[:1].isspace() or _FOOTNOTE_START.match(nxt):
                    break
                if _SENTENCE_END.search(lines[j - 1].rstrip()) and nxt.lstrip()[:1].isupper():
                    break
                j += 1
            bodies.append(" ".join(" ".join(lines[n].split()) for n in range(k, j)).strip())
            for n in range(k, j):
                out[n] = ""
        i = max(j, i + 1)
    return out, frozenset(ids), bodies


def _window_widths(lengths: list[int], radius: int = 6) -> list[float]:
    widths: list[float] = []
    for i in range(len(lengths)):
        window = sorted(lengths[max(0, i - radius) : i + radius + 1])
        if len(window) < 5:
            # Too few lines to measure the column: assume a page-wide one unless a line is wider.
            widths.append(float(max(_DEFAULT_WIDTH, window[-1])))
            continue
        # Upper quartile: full lines dominate a paragraph, short last lines and headings do not.
        widths.append(float(window[min(len(window) - 1, (3 * len(window)) // 4)]))
    return widths


def _starts_lower(line: str) -> bool:
    first = line[:1]
    return first.isalpha() and first.islower()


def _first_word(line: str) -> str:
    m = _WORD.match(line)
    return m.group(0) if m else ""


def _starts_block(line: str, prev: str) -> bool:
    """Lines that always begin a new paragraph: headings, list items, bullets, document-type lines."""
    return heading_kind(line) is not None or is_bullet(line, prev) or is_doc_type_line(line)


class _Reflower:
    """Joins the lines of one prose segment into paragraphs."""

    def __init__(self, lines: list[_Line], layout: str) -> None:
        self.stream: deque[_Line] = deque(lines)
        self.layout = layout

    def paragraphs(self) -> list[str]:
        out: list[str] = []
        deferred: list[_Line] = []
        current: str | None = None
        last: _Line | None = None
        while self.stream:
            line = self.stream.popleft()
            if current is None or last is None:
                current, last = line.text, line
                continue
            decision = self._decide(last, line, current)
            if decision == "join":
                current = _join(current, line.text)
                last = line
                continue
            if decision == "break" and self._interrupted(last, line):
                # A title, caption or page furniture dropped inside a sentence: the sentence goes on
                # after it. Keep reading the sentence and put the interruption after the paragraph.
                moved = self._take_interruption(line)
                deferred.extend(moved)
                nxt = self.stream.popleft()
                current = _join(current, nxt.text)
                last = nxt
                continue
            out.append(current)
            if deferred:
                self.stream.appendleft(line)
                self.stream.extendleft(reversed(deferred))
                deferred = []
                current, last = None, None
                continue
            current, last = line.text, line
        if current is not None:
            out.append(current)
        if deferred:
            out.extend(_Reflower(deferred, self.layout).paragraphs())
        return out

    def _decide(self, prev: _Line, nxt: _Line, paragraph: str) -> str:
        p, n = prev.text, nxt.text
        if heading_kind(n) in ("arabic", "decimal") and not self._number_starts_item(prev, nxt, paragraph):
            return "join"  # "... các ngành công nghiệp / 4.0. Tập trung ...": a number that wrapped
        if _starts_block(n, p) or is_doc_type_line(p) or heading_kind(p) in _STANDALONE_HEADINGS:
            return "break"
        if re.search(r"[\w)]-$", p) and n[:1].isalnum():
            return "join"
        if is_all_caps(n) != is_all_caps(p):
            return "join" if _starts_lower(n) and not _SENTENCE_END.search(p) else "break"
        if is_all_caps(p):
            words_p, words_n = p.split(), n.split()
            if _SENTENCE_END.search(p) or _SOFT_END.search(p):
                return "break"
            if (
                p.endswith((",", "-"))
                or words_p[-1] in _CONTINUATION_WORDS
                or words_n[0] in _CONTINUATION_WORDS
            ):
                return "join"
            return "join" if len(words_n) > 3 else "break"
        if self.layout == "single" and nxt.blanks_before == 0:
            # Paragraphs are separated by blank lines; without one the paragraph goes on.
            return "join"
        if _starts_lower(n) and (_ELLIPSIS_END.search(p) or not _SENTENCE_END.search(p)):
            return "join"
        if self.layout != "wrapped":
            return "break"
        if n[:1].isdigit() and not (_SENTENCE_END.search(p) or _SOFT_END.search(p)):
            return "join"  # new paragraphs open with a capital or a marker, not with "2025."
        # In a wrapped extraction only the line width tells: a line broken before an upper-case
        # word (a name, or the next sentence of the same paragraph) is full, the word did not fit on it.
        width = max(prev.width, nxt.width)
        if width < _MIN_COLUMN:
            return "break"  # lines this short are headings and titles, not a column of text
        return "join" if len(p) + 1 + len(_first_word(n)) > width else "break"

    def _number_starts_item(self, prev: _Line, nxt: _Line, paragraph: str) -> bool:
        """Whether a line opening with "1." or "4.0." starts a numbered item rather than continuing."""
        p = prev.text
        if _SENTENCE_END.search(p) or _SOFT_END.search(p) or self.layout == "paragraphs":
            return True
        if heading_kind(paragraph) is not None or is_all_caps(paragraph):
            return True
        if self.layout == "single" and nxt.blanks_before > 0:
            return True
        return len(p) < 0.6 * prev.width

    def _interrupted(self, prev: _Line, nxt: _Line) -> bool:
        p = prev.text
        if _SENTENCE_END.search(p) or _SOFT_END.search(p) or is_all_caps(p):
            return False
        if _starts_block(nxt.text, p) or len(p) < 0.6 * prev.width:
            return False
        return self._continuation_index(nxt) is not None

    def _continuation_index(self, first: _Line) -> int | None:
        """Index in the stream of the line that continues the broken sentence, after an interruption."""
        candidates = [first, *list(self.stream)[:_LOOKAHEAD_LINES]]
        for k in range(1, len(candidates)):
            line, before = candidates[k], candidates[k - 1]
            if _starts_block(line.text, before.text):
                return None
            if _starts_lower(line.text):
                ended = _SENTENCE_END.search(before.text) or is_all_caps(before.text)
                return k - 1 if ended else None
        return None

    def _take_interruption(self, first: _Line) -> list[_Line]:
        k = self._continuation_index(first)
        assert k is not None
        moved = [first]
        for _ in range(k):
            moved.append(self.stream.popleft())
        return moved


def _join(left: str, right: str) -> str:
    if re.search(r"[\w)]-$", left) and right[:1].isalnum():
        return left + right
    return f"{left} {right}"


def _prepare(line: str, footnote_ids: frozenset[str]) -> str:
    line = _BOOKMARK.sub("", line)
    line = _MULTISPACE.sub(" ", line).strip()
    return strip_footnote_marks(line, footnote_ids)


def _reflow_segment(lines: list[str], footnote_ids: frozenset[str], layout: str) -> list[str]:
    repeated = _repeated_headers([_MULTISPACE.sub(" ", x).strip() for x in lines])
    prepared: list[tuple[str, int]] = []
    blanks = 0
    for raw in lines:
        text = _prepare(raw, footnote_ids)
        if not text or _is_furniture(text, repeated):
            blanks += 1
            continue
        prepared.append((text, blanks))
        blanks = 0
    if not prepared:
        return []
    widths = _window_widths([len(t) for t, _ in prepared])
    items = [_Line(text, b, w) for (text, b), w in zip(prepared, widths)]
    return _Reflower(items, layout).paragraphs()


def detect_layout(lines: list[str]) -> str:
    """How an extraction lays out paragraphs.

    "paragraphs": one paragraph per line (word-processor exports); "single": wrapped lines with blank
    lines between paragraphs; "wrapped": blank lines say nothing, either because one follows almost
    every line (double-spaced extraction) or because there are hardly any.
    """
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if not nonblank:
        return "wrapped"
    lengths = sorted(len(lines[i].strip()) for i in nonblank)
    long_lines = sum(1 for n in lengths if n > 160)
    # Hard-wrapped extractions never exceed the page width (~130 characters); exports do.
    if lengths[len(lengths) // 2] > 150 or long_lines >= 0.2 * len(lengths):
        return "paragraphs"
    # Only gaps between two non-blank lines count; a trailing newline is not a paragraph break.
    followed = sum(1 for i in nonblank[:-1] if not lines[i + 1].strip())
    ratio = followed / len(nonblank)
    return "wrapped" if ratio >= 0.5 or ratio < 0.03 else "single"


def _in_regions(n: int, regions: list[tuple[int, int]]) -> bool:
    return any(start <= n < end for start, end in regions)


def clean_text(raw: str) -> str:
    """Cleaned text: one paragraph per line in prose, one extracted line per line in appendix tables."""
    lines = normalize_chars(raw).split("\n")
    regions = find_table_regions(lines)
    in_tables = {n for start, end in regions for n in range(start, end)}
    lines, footnote_ids, footnotes = _remove_footnotes(lines, in_tables)
    layout = detect_layout([line for n, line in enumerate(lines) if not _in_regions(n, regions)])
    out: list[str] = []
    cursor = 0
    for start, end in [*regions, (len(lines), len(lines))]:
        out.extend(_reflow_segment(lines[cursor:start], footnote_ids, layout))
        out.extend(_table_lines(lines[start:end], footnote_ids))
        cursor = end
    if footnotes:
        # Footnote bodies leave the page bottoms where they cut paragraphs in two, and are kept together at the
        # end: they say what a reference is («2Nghị quyết số 193/2025/QH15 … về thí điểm …»).
        out.extend(["Chú thích:", *dict.fromkeys(f for f in footnotes if f)])
    return "\n".join(out)


def _empty_cells(raw_line: str) -> int:
    """How many empty cells the extraction marked on this line: the spaces it starts with."""
    line = _BOOKMARK.sub("", raw_line)
    return min(len(line) - len(line.lstrip(" ")), _MAX_EMPTY_CELLS)


def _table_lines(lines: list[str], footnote_ids: frozenset[str]) -> list[str]:
    """The cleaned lines of one table region, with the empty-cell marks of its body kept (see the module
    docstring); the heading and caption above the header row are trimmed like any table line."""
    out: list[str] = []
    in_body = False
    pending: list[str] = []  # space-only lines: kept only if a cell follows them in the region
    for raw_line in lines:
        text = _prepare(raw_line, footnote_ids)
        if not in_body:
            in_body = bool(_TABLE_HEADER.match(text))
            if text:
                out.append(text)
            continue
        if not text:
            bare = _BOOKMARK.sub("", raw_line)
            if bare and not bare.strip() and len(bare) <= _MAX_EMPTY_CELLS:
                pending.append(bare)
            continue
        out.extend(pending)
        pending = []
        out.append(" " * _empty_cells(raw_line) + text)
    return out
