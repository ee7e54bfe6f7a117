"""Figures stated in reports, articles and news (counts, money, rates) → `ReportFigure` records with quotes.

Every figure keeps the verbatim clause it came from (`quote == doc.text[start:end]`). Figures that
disagree with each other (a report that says 27 overdue tasks in one place and 29 in another) are all
kept, each with its own quote: this module never reconciles, sums or corrects.

How a figure is found: a number in Vietnamese format ("7.225,56", "22.390.613", "12/16", "36,11%")
followed by a unit from `UNITS`, in a clause of a sentence of a paragraph (one paragraph per line, as
`ingest.cleaning.clean_text` writes prose). Dates, document numbers ("57-NQ/TW", "231/2025/NĐ-CP"),
list markers and versions are not figures. Two list shapes get their own records:
"Bộ Giáo dục và Đào tạo (07 nhiệm vụ)" (one figure per agency) and "Về hạ tầng: 17 nhiệm vụ" /
"Về hạ tầng (20 nhiệm vụ quá hạn)" (one figure per group).

Subjects (the fixed vocabulary in `SUBJECTS`, snake_case key → Vietnamese label):

- tasks: tasks_total, tasks_assigned, tasks_completed, tasks_completed_on_time, tasks_in_progress,
  tasks_overdue, tasks_due, tasks_planned, task_groups, overdue_group, tasks_by_group;
- agencies: agency_task_count, agency_overdue (with `agency` set), agencies_total, agencies_ministries,
  agencies_provinces, agencies_count;
- criteria: criteria_met, localities_met, criterion_rate;
- money: budget, budget_recurrent, budget_investment, budget_digital_transformation, revenue,
  export_value, transaction_value;
- digital economy and society: enterprises, digital_platforms, digital_signatures;
- rates: rate, growth_rate, plan_attainment, target;
- other: a figure with a unit whose subject the rules cannot tell; its label quotes the context.

`as_of` is the date the clause states ("Tính đến ngày 23/9/2025", "tính đến hết tháng 08/2025", the end
of "từ ngày ... đến ngày ..."), else the nearest such date in the same paragraph, else the document date.
`scope` is what the count covers: a phrase of the sentence ("theo các Thông báo kết luận của BCĐ Trung
ương", "nêu tại Phụ lục 01", the subject of "... có tổng số"), else the innermost section heading, plus
the period when the sentence states one. ids are `content_hash(doc_id, quote, str(value))`; two figures
of one clause with the same value quote their own phrase instead. Resolutions and decisions give []:
their numbers are targets and tasks, which the indicator and task parsers read.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from ingest.models import CleanDocument, ReportFigure, content_hash
from ingest.text import collapse_ws, fold

logger = logging.getLogger(__name__)

SUBJECTS: Mapping[str, str] = MappingProxyType(
    {
        "tasks_total": "Tổng số nhiệm vụ",
        "tasks_assigned": "Số nhiệm vụ được giao",
        "tasks_completed": "Số nhiệm vụ đã hoàn thành",
        "tasks_completed_on_time": "Số nhiệm vụ hoàn thành đúng hạn",
        "tasks_in_progress": "Số nhiệm vụ đang thực hiện",
        "tasks_overdue": "Số nhiệm vụ quá hạn, chậm muộn",
        "tasks_due": "Số nhiệm vụ phải hoàn thành trong kỳ",
        "tasks_planned": "Số nhiệm vụ cần tập trung thực hiện",
        "task_groups": "Số nhóm nhiệm vụ",
        "overdue_group": "Số nhiệm vụ quá hạn, chậm muộn theo nhóm",
        "tasks_by_group": "Số nhiệm vụ theo nhóm",
        "agency_task_count": "Số nhiệm vụ của cơ quan",
        "agency_overdue": "Số nhiệm vụ quá hạn, chậm muộn của cơ quan",
        "agencies_total": "Số cơ quan, địa phương được giao nhiệm vụ",
        "agencies_ministries": "Số bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ được giao nhiệm vụ",
        "agencies_provinces": "Số tỉnh, thành phố được giao nhiệm vụ",
        "agencies_count": "Số cơ quan, địa phương",
        "criteria_met": "Số tiêu chí đạt",
        "localities_met": "Số địa phương đạt",
        "criterion_rate": "Tỷ lệ hoàn thành tiêu chí",
        "budget": "Kinh phí",
        "budget_recurrent": "Kinh phí chi thường xuyên",
        "budget_investment": "Kinh phí chi đầu tư",
        "budget_digital_transformation": "Kinh phí cho chuyển đổi số",
        "revenue": "Doanh thu",
        "export_value": "Kim ngạch, giá trị xuất khẩu",
        "transaction_value": "Giá trị giao dịch",
        "enterprises": "Số doanh nghiệp",
        "digital_platforms": "Số nền tảng số",
        "digital_signatures": "Số chứng thư chữ ký số",
        "rate": "Tỷ lệ",
        "growth_rate": "Mức tăng",
        "plan_attainment": "Mức đạt so với kế hoạch",
        "target": "Mục tiêu",
        "other": "Số liệu",
    }
)

# Units a figure may carry, longest first so "nghìn tỷ đồng" wins over "tỷ đồng".
UNITS: tuple[str, ...] = (
    "nghìn tỷ đồng",
    "ngàn tỷ đồng",
    "triệu tỷ đồng",
    "tỷ đồng",
    "triệu đồng",
    "tỷ USD",
    "triệu USD",
    "nhóm nhiệm vụ",
    "nhiệm vụ",
    "nhóm sản phẩm",
    "bộ, ngành, địa phương",
    "bộ, ngành",
    "bộ, cơ quan",
    "bộ",
    "cơ quan",
    "tỉnh, thành phố",
    "tỉnh",
    "địa phương",
    "thôn",
    "xã",
    "doanh nghiệp",
    "nền tảng số",
    "nền tảng",
    "tiêu chí",
    "đề xuất",
    "đăng ký",
    "sản phẩm",
    "chuyên gia",
    "lĩnh vực",
    "thí sinh",
    "ngành",
    "triệu hồ sơ",
    "hồ sơ",
    "đề án",
    "thông tư",
    "luật",
    "nghị định",
    "cơ sở dữ liệu",
    "cơ sở",
    "tuyến cáp quang biển",
    "vấn đề",
    "điểm nghẽn",
    "mạng lưới",
    "sáng kiến",
    "xu hướng",
    "quan điểm",
    "đột phá",
    "định hướng",
    "đại biểu",
    "đề tài",
    "trung tâm",
)
_AGENCY_UNITS = frozenset(
    {
        "bộ, ngành, địa phương",
        "bộ, ngành",
        "bộ, cơ quan",
        "bộ",
        "cơ quan",
        "tỉnh, thành phố",
        "tỉnh",
        "địa phương",
    }
)
_MONEY_UNITS_FOLDED = frozenset(u.lower() for u in UNITS if "đồng" in u or "USD" in u)
# Kinds of documents that state targets and tasks rather than report figures; their numbers are
# parsed by the indicator and task parsers.
_NORMATIVE_KINDS = frozenset({"nghi_quyet", "quyet_dinh"})

_NUMBER = re.compile(r"(?<![\w/.,\-])(\d+(?:[.,]\d+)*)(?:/(\d+))?(?![\w/\-])")
_UNIT = re.compile(
    r"\s*(%(?:\s?GDP)?|" + "|".join(re.escape(u) for u in UNITS) + r")(?![\w])",
    re.IGNORECASE,
)
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?<!\w)(?:ngày|tháng|năm|lần|thứ|khóa|khoá|kỳ|quý|top|Phụ lục)\s*$", re.IGNORECASE
)
_AGENCY_ITEM = re.compile(
    r"(?<![\w])([A-ZĐÀ-Ỹ][^,:;()\n]*?)\s*\((\d+)\s+(nhiệm vụ)(\s+(?:quá hạn|chậm muộn)[^()]*)?\)"
)
_GROUP_COLON = re.compile(r"(?<![\w])(Về [^:;()\n]+?):\s*(\d+)\s+nhiệm vụ\b")
_UNITLESS = re.compile(
    r"(?<![\w])((?:Tổng số|Số)\s+([^,;()\d]+?))\s+(?:đạt|là|ước tính|ước đạt|lên tới|lên đến)\s+"
    r"(\d+(?:[.,]\d+)*)(?![\w/\-%])"
)
_ENUM_MARKER = re.compile(r"\((?:\d{1,2}|[ivx]{1,4})\)|(?<![\w(])\d{1,2}\)")
_DATE = r"(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)"
_AS_OF_DAY = re.compile(r"đến\s+(?:hết\s+)?(?:ngày\s+)?" + _DATE, re.IGNORECASE)
_AS_OF_MONTH = re.compile(r"đến\s+(?:hết\s+)?tháng\s+(\d{1,2})/((?:19|20)\d\d)", re.IGNORECASE)
_PERIOD = re.compile(
    r"từ\s+ngày\s+(\d{1,2}/\d{1,2}/\d{4}).*?đến\s+(?:hết\s+)?ngày\s+(\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE
)
_INLINE_HEADING = re.compile(r"(?:[IVXLC]+\.|\d{1,2}\.|[a-zđ]\))\s+[^:()]{3,200}?(:)\s+")
_HEADING = re.compile(r"^(?:([IVXLC]+)\.|(\d{1,2})\.|([a-zđ])\))\s+(\S.*)$")
_SCOPE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"(?<![\w])(?:theo|thuộc)\s+(?:các\s+)?"
        r"((?:Thông báo|Kế hoạch|Nghị quyết|Chương trình|Quyết định|Đề án)[^,;.()]*)"
    ),
    re.compile(r"(?<![\w])(?:nêu\s+)?tại\s+(Phụ lục\s+\w+)"),
    re.compile(r"(?<![\w])([A-ZĐ][^,;:()]*?)\s+có tổng số\b"),
)
_ABBREVIATIONS = frozenset({"TP", "Tp", "TS", "ThS", "PGS", "GS", "Th", "St"})
_MAX_LABEL = 140


class AgencyNames(Protocol):
    """What figures need from `ingest.agencies.AgencyRegistry`: one canonical name per agency."""

    def canonical(self, name: str) -> str: ...


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    paragraph: int  # index into the paragraph list


@dataclass(frozen=True)
class _Heading:
    level: int
    title: str
    start: int  # where the heading line starts


@dataclass(frozen=True)
class _Found:
    """A figure before it becomes a record: what the rules decided and where its quote is."""

    subject: str
    label: str
    value: float
    unit: str
    agency: str | None
    quote: _Span
    number_at: int  # position of the number, for as_of and scope look-ups
    local: _Span | None = None  # the figure's own phrase, a narrower quote when two figures share one


def parse_vn_number(raw: str) -> float | None:
    """Vietnamese number → float: "." groups thousands, "," marks decimals ("7.225,56" → 7225.56).

    Best effort on malformed groups ("1.1218,165" → 11218.165); None when there is no number at all.
    """
    value, _ = _parse_number(raw)
    return value


def _parse_number(raw: str) -> tuple[float | None, bool]:
    """(value, well_formed). well_formed is False when the grouping does not follow the Vietnamese rule."""
    s = raw.strip().rstrip("%").strip()
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", s):
        return None, False
    if "," in s and "." in s and s.rindex(".") > s.rindex(","):
        # English order ("1,234.5"): accept it, but it is not how these documents write numbers.
        return float(s.replace(",", "")), False
    integer, _, decimals = s.partition(",")
    if "," in decimals:
        return None, False
    groups = integer.split(".")
    well_formed = len(groups) == 1 or (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]))
    if len(groups) == 2 and not decimals and len(groups[1]) != 3:
        # "4.0", "1.5": a decimal point written the English way, not a thousands group.
        return float(integer), False
    value = float("".join(groups) + ("." + decimals if decimals else ""))
    return value, well_formed


def parse_figures(doc: CleanDocument, registry: AgencyNames | None = None) -> list[ReportFigure]:
    """Every clearly stated figure of a report, article or news item; [] for resolutions and decisions."""
    if doc.meta.kind in _NORMATIVE_KINDS:
        return []
    text = doc.text
    paragraphs = _paragraphs(text)
    headings = _headings(text, paragraphs)
    sentences = [s for i, p in enumerate(paragraphs) for s in _sentences(text, p, i)]

    found: list[_Found] = []
    for sentence in sentences:
        heading_text = " ".join(
            h.title for h in _heading_path(headings, paragraphs[sentence.paragraph].start)
        )
        previous = _previous_paragraph_text(text, paragraphs, sentence.paragraph)
        found.extend(_figures_in_sentence(text, sentence, heading_text, previous, registry))

    figures: list[ReportFigure] = []
    seen: set[str] = set()
    for f in sorted(found, key=lambda x: x.number_at):
        span = f.quote
        fid = content_hash(doc.meta.id, text[span.start : span.end], str(f.value))
        if fid in seen and f.local is not None:
            # "2 điểm nghẽn lớn, 2 vấn đề": same clause, same value, two figures; quote each one's phrase.
            span = f.local
            fid = content_hash(doc.meta.id, text[span.start : span.end], str(f.value))
        if fid in seen:
            continue
        seen.add(fid)
        quote = text[span.start : span.end]
        sentence = next(s for s in sentences if s.start <= f.number_at < s.end)
        figures.append(
            ReportFigure(
                id=fid,
                subject=f.subject,
                label=f.label,
                value=f.value,
                unit=f.unit,
                as_of=_as_of(text, sentence, sentences, doc.meta.date),
                agency=f.agency,
                scope=_scope(text, sentence, span, headings, paragraphs, doc.meta.title),
                quote=quote,
                doc_id=doc.meta.id,
                start=span.start,
                end=span.end,
            )
        )
    logger.info("figures doc=%s count=%d", doc.meta.id, len(figures))
    return figures


# --- text structure -------------------------------------------------------------------------------


def _paragraphs(text: str) -> list[_Span]:
    out: list[_Span] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + len(line) - len(line.lstrip())
            out.append(_Span(start, start + len(stripped)))
        pos += len(line) + 1
    return out


def _headings(text: str, paragraphs: list[_Span]) -> list[_Heading]:
    """Numbered section headings ("I. ...", "1. ...", "a) ..."); a heading may run on after a colon."""
    out: list[_Heading] = []
    for p in paragraphs:
        line = text[p.start : p.end]
        m = _HEADING.match(line)
        if not m:
            continue
        body = m.group(4)
        title, colon, _ = body.partition(":")
        if not colon and len(line) > 200:
            continue  # a numbered paragraph of prose, not a heading
        if len(title) > 200:
            continue
        level = 1 if m.group(1) else 2 if m.group(2) else 3
        out.append(_Heading(level, collapse_ws(title).rstrip(" .;"), p.start))
    return out


def _heading_path(headings: list[_Heading], at: int) -> list[_Heading]:
    path: list[_Heading] = []
    for h in headings:
        if h.start > at:
            break
        path = [x for x in path if x.level < h.level] + [h]
    return path


def _previous_paragraph_text(text: str, paragraphs: list[_Span], index: int) -> str:
    return text[paragraphs[index - 1].start : paragraphs[index - 1].end] if index > 0 else ""


def _sentences(text: str, paragraph: _Span, index: int) -> list[_Sentence]:
    out: list[_Sentence] = []
    start = paragraph.start
    i = paragraph.start
    while i < paragraph.end:
        ch = text[i]
        if ch in ".!?…" and i + 1 < paragraph.end and text[i + 1] == " ":
            j = i + 1
            while j < paragraph.end and text[j] == " ":
                j += 1
            nxt = text[j] if j < paragraph.end else ""
            word = re.search(r"(\w+)\.*$", text[start : i + 1])
            abbreviation = ch == "." and word is not None and word.group(1) in _ABBREVIATIONS
            if (nxt.isupper() or nxt in '(-“"[' or nxt.isdigit()) and not abbreviation:
                out.append(_Sentence(start, i + 1, index))
                start = j
                i = j
                continue
        i += 1
    if start < paragraph.end:
        out.append(_Sentence(start, paragraph.end, index))
    return out


def _segments(text: str, sentence: _Sentence) -> list[_Span]:
    """Clauses of a sentence: split at ";" and before enumeration markers "(1)", "(ii)", outside brackets."""
    cuts: list[tuple[int, int]] = []  # (end of previous clause, start of next)
    depth = 0
    i = sentence.start
    while i < sentence.end:
        m = _ENUM_MARKER.match(text, i, sentence.end)
        if m and depth == 0:
            cuts.append((i, i))
            i = m.end()
            continue
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            cuts.append((i, i + 1))
        i += 1
    bounds = [sentence.start] + [c for cut in cuts for c in cut] + [sentence.end]
    spans: list[_Span] = []
    for k in range(0, len(bounds), 2):
        span = _trim(text, bounds[k], bounds[k + 1])
        # "c) Về phát triển các nền tảng số quốc gia: Bộ KH&CN đã ban hành ...": the heading is a clause.
        heading = _INLINE_HEADING.match(text, span.start, span.end)
        if heading:
            spans.append(_trim(text, span.start, heading.end(1)))
            span = _trim(text, heading.end(), span.end)
        spans.append(span)
    return [s for s in spans if s.end > s.start]


def _trim(text: str, start: int, end: int) -> _Span:
    """Drop list markers, bookmarks and dangling punctuation or conjunctions from a clause's ends."""
    while True:
        piece = text[start:end]
        m = re.match(r"\s+|[-–•+]\s+|\[[^\]]*\]\s*|" + _ENUM_MARKER.pattern + r"\s*", piece)
        if not m or m.end() == 0:
            break
        start += m.end()
    while True:
        piece = text[start:end]
        m = re.search(r"(?:\s+|[.;,:]|\s+và|\s+và còn)$", piece)
        if not m or m.start() == len(piece):
            break
        end = start + m.start()
    return _Span(start, max(start, end))


# --- figures in a sentence ------------------------------------------------------------------------


def _figures_in_sentence(
    text: str, sentence: _Sentence, heading_text: str, previous: str, registry: AgencyNames | None
) -> list[_Found]:
    s_text = text[sentence.start : sentence.end]
    s_fold = fold(s_text)
    found: list[_Found] = []
    claimed: set[int] = set()  # positions of numbers already turned into list-item figures

    # "Bộ Giáo dục và Đào tạo (07 nhiệm vụ)" and "Về hạ tầng (20 nhiệm vụ quá hạn)".
    items = list(_AGENCY_ITEM.finditer(s_text))
    intro = s_text[: items[0].start()] if items else ""
    for m in items:
        name = collapse_ws(m.group(1))
        number_at = sentence.start + m.start(2)
        value = float(m.group(2))
        span = _Span(sentence.start + m.start(1), sentence.start + m.end())
        if name.startswith("Về "):
            found.append(_group_figure(name, value, span, number_at, s_fold + " " + fold(heading_text), ""))
        else:
            overdue = _is_overdue_list(intro, m.group(4) or "", previous, heading_text)
            subject = "agency_overdue" if overdue else "agency_task_count"
            agency = (registry.canonical(name) or name) if registry is not None else name
            found.append(
                _Found(subject, f"{SUBJECTS[subject]}: {agency}", value, "nhiệm vụ", agency, span, number_at)
            )
        claimed.add(number_at)

    segments = _segments(text, sentence)
    # "(1) Về hạ tầng: 17 nhiệm vụ (06 nhiệm vụ theo NQ71; 11 nhiệm vụ theo TBKL)".
    groups: list[tuple[str, _Span]] = []
    for seg in segments:
        for m in _GROUP_COLON.finditer(text, seg.start, seg.end):
            topic = collapse_ws(m.group(1))
            span = _Span(m.start(1), seg.end)
            number_at = m.start(2)
            found.append(
                _group_figure(
                    topic, float(m.group(2)), span, number_at, s_fold + " " + fold(heading_text), ""
                )
            )
            claimed.add(number_at)
            groups.append((topic, span))

    for seg in segments:
        found.extend(_figures_in_segment(text, seg, s_fold, heading_text, claimed, groups))
    return found


def _is_overdue_list(intro: str, inline: str, previous: str, heading_text: str) -> bool:
    """Whether a list of "Agency (N nhiệm vụ)" counts overdue tasks, as its items, lead-in or context say."""
    if inline.strip() or re.search(r"qua han|cham muon|cham tien do", fold(intro)):
        return True
    if re.search(r"nhieu nhat|duoc giao|co nhiem vu", fold(intro)):
        return False
    return bool(re.search(r"qua han|cham muon", fold(previous + " " + heading_text)))


def _group_figure(
    topic: str, value: float, span: _Span, number_at: int, context: str, qualifier: str
) -> _Found:
    subject = "overdue_group" if re.search(r"qua han|cham muon", context) else "tasks_by_group"
    label = f"{SUBJECTS[subject]}: {topic}" + (f" ({qualifier})" if qualifier else "")
    return _Found(subject, label, value, "nhiệm vụ", None, span, number_at)


def _figures_in_segment(
    text: str,
    seg: _Span,
    s_fold: str,
    heading_text: str,
    claimed: set[int],
    groups: list[tuple[str, _Span]],
) -> list[_Found]:
    numbers = [(m, _UNIT.match(text, m.end(), seg.end)) for m in _NUMBER.finditer(text, seg.start, seg.end)]
    with_unit = [(m, u) for m, u in numbers if u is not None]
    out: list[_Found] = []
    for m, unit_m in numbers:
        if m.start() in claimed or _NOT_A_COUNT_BEFORE.search(text[seg.start : m.start()]):
            continue
        denominator = m.group(2)
        if denominator and (int(denominator) >= 1900 or int(denominator) == 0):
            continue  # "8/2025" is a month, not a fraction
        if unit_m is None:
            unitless = _unitless(text, seg, m)
            if unitless is not None:
                out.append(unitless)
            continue
        value, well_formed = _parse_number(m.group(1))
        if value is None or (unit_m.group(1).lower() in _AGENCY_UNITS and not unit_m.group(1)[0].islower()):
            continue  # "1 Bộ Y tế": a capitalised "Bộ" names a ministry, it does not count them
        raw_unit = collapse_ws(unit_m.group(1))
        unit = ("% GDP" if "GDP" in raw_unit.upper() else "%") if raw_unit.startswith("%") else raw_unit
        # Context is bounded by the neighbouring figures so "382 nhiệm vụ đang thực hiện và 27 nhiệm vụ
        # quá hạn" does not lend "quá hạn" to 382.
        prev_end = max([seg.start] + [u.end() for n, u in with_unit if u.end() <= m.start()])
        next_start = min([seg.end] + [n.start() for n, u in with_unit if n.start() > m.start()])
        ctx = _Context(
            before=_context_before(text, prev_end, m.start()),
            after=_context_after(text, unit_m.end(), next_start),
            head=text[seg.start : m.start()],
            segment=text[seg.start : seg.end],
            sentence_fold=s_fold,
        )
        group = next(((t, sp) for t, sp in groups if sp.start <= m.start() < sp.end), None)
        if group is not None and unit == "nhiệm vụ":
            qualifier = collapse_ws(ctx.after).strip(" ,;.")
            out.append(
                _group_figure(
                    group[0], value, group[1], m.start(), s_fold + " " + fold(heading_text), qualifier
                )
            )
            continue
        subject, detail = _classify(unit, ctx, fraction=bool(denominator))
        label = SUBJECTS[subject] + (f": {detail}" if detail else "")
        if denominator:
            label += f" (trên tổng số {int(denominator)})"
        if not well_formed:
            label += f" (số viết trong văn bản không đúng định dạng: {m.group(1)})"
        local = _trim(text, m.start() - len(ctx.before), unit_m.end() + len(ctx.after))
        out.append(_Found(subject, _cap(label), value, unit, None, seg, m.start(), local))
    return out


@dataclass(frozen=True)
class _Context:
    """The words around one number, as written (not folded)."""

    before: str  # since the previous figure or punctuation mark
    after: str  # up to the next figure or punctuation mark
    head: str  # the clause up to this number
    segment: str
    sentence_fold: str


def _unitless(text: str, seg: _Span, number: re.Match[str]) -> _Found | None:
    """'Tổng số chứng thư chữ ký số đã cấp đạt 22.390.613': the counted thing names the unit."""
    for m in _UNITLESS.finditer(text, seg.start, seg.end):
        if m.start(3) != number.start():
            continue
        value, well_formed = _parse_number(m.group(3))
        if value is None:
            return None
        thing = re.sub(r"\s+(?:đã|được)\s+\w+$", "", collapse_ws(m.group(2)))
        key = fold(thing)
        if re.search(r"chung thu|chu ky so", key):
            subject = "digital_signatures"
        elif "doanh nghiep" in key:
            subject = "enterprises"
        else:
            subject = "other"
        label = collapse_ws(m.group(1))
        if not well_formed:
            label += f" (số viết trong văn bản không đúng định dạng: {m.group(3)})"
        return _Found(subject, _cap(label), value, thing, None, seg, number.start())
    return None


def _context_before(text: str, lo: int, pos: int) -> str:
    piece = text[lo:pos]
    cut = max(piece.rfind(c) for c in ",;:()")
    return piece[cut + 1 :] if cut >= 0 else piece


def _context_after(text: str, pos: int, hi: int) -> str:
    piece = text[pos:hi]
    cuts = [piece.find(c) for c in ",;:()" if piece.find(c) >= 0]
    return piece[: min(cuts)] if cuts else piece


def _classify(unit: str, ctx: _Context, fraction: bool) -> tuple[str, str]:
    """(subject, detail for the label) from the words around the number."""
    b, a, seg = fold(ctx.before), fold(ctx.after), fold(ctx.segment)
    u = unit.lower()
    phrase = _phrase(ctx.before, unit, ctx.after)
    if u == "nhiệm vụ":
        subject = _classify_tasks(b, a)
        return subject, (phrase if subject == "other" else "")
    if u == "nhóm nhiệm vụ":
        return "task_groups", ("quá hạn, chậm muộn" if re.search(r"qua han|cham muon", seg) else "")
    if fraction and u == "tiêu chí" and re.match(r"\s*(?:da )?(?:dat|hoan thanh)\b", a):
        return "criteria_met", _phrase("", unit, ctx.after)
    if fraction and u == "địa phương" and re.match(r"\s*(?:da )?(?:dat|hoan thanh)\b", a):
        return "localities_met", _phrase("", unit, ctx.after)
    if u in _AGENCY_UNITS:
        giao_cho = "giao cho" in ctx.sentence_fold
        if re.search(r"giao cho\s*$", b):
            return "agencies_total", ""
        if giao_cho and u.startswith("bộ") and not ctx.before.strip():
            return "agencies_ministries", ""
        if giao_cho and u.startswith("tỉnh") and not ctx.before.strip():
            return "agencies_provinces", ""
        return "agencies_count", phrase
    if u in _MONEY_UNITS_FOLDED:
        subject = _classify_money(b, seg, ctx.sentence_fold)
        if subject in {"budget_recurrent", "budget_investment", "budget_digital_transformation"}:
            return subject, ""
        return subject, _head_words(ctx.head)
    if u.startswith("%"):
        return _classify_percent(ctx, unit)
    if u == "doanh nghiệp":
        return "enterprises", phrase
    if u.startswith("nền tảng"):
        return "digital_platforms", _phrase("", "", ctx.after) or phrase
    return "other", phrase


def _classify_tasks(b: str, a: str) -> str:
    if re.search(r"qua han|cham muon|tre han", a) or re.search(r"qua han", b):
        return "tasks_overdue"
    if re.search(r"hoan thanh dung han", a):
        return "tasks_completed_on_time"
    if re.search(r"(?:co thoi han|can|phai)\b.*hoan thanh|den han", a):
        return "tasks_due"
    if re.search(r"hoan thanh", a) or re.search(r"hoan thanh\s*$", b):
        return "tasks_completed"
    if re.search(r"dang (?:thuc hien|trien khai)", a):
        return "tasks_in_progress"
    if re.search(r"(?:tap trung|can|se) thuc hien", b):
        return "tasks_planned"
    if re.search(r"tong so|tong cong", b):
        return "tasks_total"
    if re.search(r"giao\s*$", b):
        return "tasks_assigned"
    return "other"


def _classify_money(b: str, seg: str, s_fold: str) -> str:
    if re.search(r"chi thuong xuyen\s*$", b):
        return "budget_recurrent"
    if re.search(r"chi dau tu\s*$", b):
        return "budget_investment"
    if re.search(r"chuyen doi so\s*$", b):
        return "budget_digital_transformation"
    for words, subject in (
        (r"kinh phi|phan bo|ngan sach|du toan|bo sung|giai ngan", "budget"),
        (r"doanh thu", "revenue"),
        (r"xuat khau|kim ngach", "export_value"),
        (r"giao dich", "transaction_value"),
    ):
        if re.search(words, b) or re.search(words, seg):
            return subject
    if re.search(r"kinh phi|phan bo|ngan sach|du toan|bo sung", s_fold):
        return "budget"
    return "other"


def _classify_percent(ctx: _Context, unit: str) -> tuple[str, str]:
    b, a, seg = fold(ctx.before), fold(ctx.after), fold(ctx.segment)
    after = collapse_ws(ctx.after).strip(" ,;.")
    if re.search(r"(?:tang|giam)\s*$", b):
        return "growth_rate", _phrase(_head_words(ctx.head), "", f"({after})" if after else "")
    if re.match(r"\s*ke hoach", a):
        return "plan_attainment", _phrase(_head_words(ctx.head), "", f"({after})" if after else "")
    if re.search(r"muc tieu|phan dau|den (?:nam )?20\d\d\b", seg) or re.search(
        r"(?:it nhat|toi thieu)(?: bang)?\s*$", b
    ):
        return "target", _head_words(ctx.head)
    if (
        not ctx.before.strip()
        and ctx.head.rstrip().endswith("(")
        and re.search(r"tieu chi", ctx.sentence_fold)
    ):
        # "trang bị máy lấy số xếp hàng tự động (89,22%)": the rate belongs to the words before the bracket.
        owner = ctx.head.rstrip()[:-1]
        owner = re.split(r"[,;:]|\s(?:và|là)\s", owner)[-1]
        return "criterion_rate", _phrase(owner, "", "")
    m = re.search(r"(?:ty|ti) le", b)
    if m and not re.search(r"(?:tren|duoi|hon)\s*$", b):
        return "rate", collapse_ws(ctx.before[m.start() :]).strip(" ,;.")
    return "other", _phrase(ctx.before, unit, ctx.after)


def _head_words(head: str) -> str:
    """What a figure is about: its clause up to the number, brackets elided, the closing verb dropped."""
    words = collapse_ws(re.sub(r"\([^()]*\)", "(…)", head))
    rate = re.search(r"(?<!\w)[TtMm](?:ỷ|ỉ) lệ\b", words)
    if rate:  # "…, trong đó, mục tiêu đến 2030, Tỉ lệ người học …": the rate names itself
        words = words[rate.start() :]
    verbs = r"đạt|là|ước tính|ước đạt|lên đến|lên tới|với|tăng|giảm|và|có|ít nhất|tối thiểu|bằng|hơn|chiếm"
    previous = None
    while previous != words:
        previous = words
        words = re.sub(rf"(?:[\s,;:]+|^)(?:{verbs})[\s,;:]*$", "", words).strip(" ,;:")
    return words


def _phrase(before: str, unit: str, after: str) -> str:
    parts = [collapse_ws(before).strip(" ,;:."), unit.strip(), collapse_ws(after).strip(" ,;:.")]
    return collapse_ws(" ".join(p for p in parts if p))


def _cap(label: str) -> str:
    return label if len(label) <= _MAX_LABEL else label[: _MAX_LABEL - 1].rstrip() + "…"


# --- as_of and scope ------------------------------------------------------------------------------


def _as_of(text: str, sentence: _Sentence, sentences: list[_Sentence], fallback: str | None) -> str | None:
    same = [s for s in sentences if s.paragraph == sentence.paragraph]
    k = same.index(sentence)
    order = [sentence] + same[:k][::-1] + same[k + 1 :]
    for s in order:
        date = _stated_date(text[s.start : s.end])
        if date:
            return date
    return fallback


def _stated_date(sentence: str) -> str | None:
    period = _PERIOD.search(sentence)
    if period:
        return _iso(period.group(2))
    m = _AS_OF_DAY.search(sentence)
    if m:
        return _iso(f"{m.group(1)}/{m.group(2)}/{m.group(3)}")
    m = _AS_OF_MONTH.search(sentence)
    if m:
        month, year = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
    return None


def _iso(dmy: str) -> str | None:
    d, m, y = (int(x) for x in dmy.split("/"))
    if not (1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _scope(
    text: str,
    sentence: _Sentence,
    quote: _Span,
    headings: list[_Heading],
    paragraphs: list[_Span],
    title: str,
) -> str:
    s_text = text[sentence.start : sentence.end]
    q_text = text[quote.start : quote.end]
    scope = ""
    for pattern in _SCOPE_PATTERNS:
        m = pattern.search(q_text) or pattern.search(s_text)
        if m:
            scope = collapse_ws(m.group(1)).strip(" ,;.")
            break
    if not scope:
        path = _heading_path(headings, paragraphs[sentence.paragraph].start)
        scope = path[-1].title if path else title
        lead = re.match(r"\s*[-–•+]?\s*(Đối với [^:]{3,120}):", text[paragraphs[sentence.paragraph].start :])
        if lead:
            scope += f" — {collapse_ws(lead.group(1))}"
    period = _PERIOD.search(s_text)
    if period:
        scope += f" (từ {period.group(1)} đến {period.group(2)})"
    return scope
