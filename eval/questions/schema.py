"""The eval question set's schema: the `EvalCase` record, its loader and validator, and the fact-matching rule."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from ingest.errors import Nq57Error
from ingest.text import key

CaseKind = Literal[
    "figure",
    "text_fact",
    "task_lookup",
    "task_list",
    "count",
    "deadline",
    "indicator",
    "multi_doc",
    "follow_up",
    "unanswerable",
    "english",
    "no_diacritics",
    "abbreviation",
    "old_name",
    "conflicting",
]
KINDS: tuple[str, ...] = get_args(CaseKind)

# Quotes longer than this are hard to check by eye and tend to cross line breaks in the source.
MAX_QUOTE_CHARS = 200

_ID = re.compile(r"^[a-z][a-z0-9_]*-\d{3}$")
_FIELDS = {
    "id",
    "kind",
    "question",
    "history",
    "expected_facts",
    "expected_task_numbers",
    "must_refuse",
    "evidence",
    "notes",
}
_REQUIRED = _FIELDS - {"history", "expected_task_numbers", "notes"}


class QuestionSetError(Nq57Error):
    """A line of a question file breaks the schema; the message names the file, the line and the rule."""

    code = "bo_cau_hoi_loi"
    status = 422


@dataclass(frozen=True)
class Evidence:
    """A verbatim span of one corpus document that supports the expected answer."""

    doc: str  # document id: the corpus file name without ".txt"
    quote: str


@dataclass(frozen=True)
class EvalCase:
    """One question of the eval set, with what a correct answer must contain and where it comes from."""

    id: str
    kind: str
    question: str
    history: tuple[str, ...]  # earlier user messages of the conversation, oldest first
    expected_facts: tuple[tuple[str, ...], ...]  # every group must be matched by one of its alternatives
    expected_task_numbers: tuple[int, ...]  # Phụ lục II rows the answer must name (lists) or point at
    must_refuse: bool
    evidence: tuple[Evidence, ...]
    notes: str = ""


def load_cases(path: Path | str) -> list[EvalCase]:
    """Read a JSONL question file; raise `QuestionSetError` quoting the first bad line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise QuestionSetError(
            f"Không đọc được tệp câu hỏi '{path}': {exc}. Kiểm tra đường dẫn tới tệp .jsonl."
        ) from exc
    cases: list[EvalCase] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        case = parse_case(line, where=f"{path.name}:{number}")
        if case.id in seen:
            raise QuestionSetError(
                f"{path.name}:{number}: id '{case.id}' đã dùng ở dòng {seen[case.id]}. "
                f"Đặt id khác. Dòng lỗi: {_clip(line)}"
            )
        seen[case.id] = number
        cases.append(case)
    if not cases:
        raise QuestionSetError(
            f"Tệp câu hỏi '{path}' không có câu hỏi nào. Mỗi dòng phải là một đối tượng JSON."
        )
    return cases


def parse_case(line: str, where: str = "<dòng>") -> EvalCase:
    """Parse and validate one JSON line; `where` (file:line) prefixes every error message."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _error(where, f"không phải JSON hợp lệ ({exc.msg}, cột {exc.colno})", line) from exc
    if not isinstance(obj, dict):
        raise _error(where, "mỗi dòng phải là một đối tượng JSON {...}", line)
    unknown = sorted(set(obj) - _FIELDS)
    if unknown:
        raise _error(where, f"trường không biết {unknown}; các trường hợp lệ: {sorted(_FIELDS)}", line)
    missing = sorted(_REQUIRED - set(obj))
    if missing:
        raise _error(where, f"thiếu trường {missing}", line)

    case_id = _string(obj, "id", where, line)
    if not _ID.match(case_id):
        raise _error(
            where, f"id '{case_id}' phải có dạng 'tiento-001' (chữ thường, gạch nối, 3 chữ số)", line
        )
    kind = _string(obj, "kind", where, line)
    if kind not in KINDS:
        raise _error(where, f"kind '{kind}' không hợp lệ; chọn một trong {list(KINDS)}", line)
    question = _string(obj, "question", where, line)
    history = tuple(_string_list(obj.get("history", []), "history", where, line))
    facts = _facts(obj["expected_facts"], where, line)
    tasks = _task_numbers(obj.get("expected_task_numbers", []), where, line)
    must_refuse = obj["must_refuse"]
    if not isinstance(must_refuse, bool):
        raise _error(where, f"must_refuse phải là true/false, không phải {must_refuse!r}", line)
    evidence = _evidence(obj["evidence"], where, line)
    notes = obj.get("notes", "")
    if not isinstance(notes, str):
        raise _error(where, "notes phải là chuỗi", line)

    if kind == "follow_up" and not history:
        raise _error(where, "câu hỏi follow_up phải có history (các lượt hỏi trước của người dùng)", line)
    if kind == "unanswerable" and not must_refuse:
        raise _error(where, "câu hỏi unanswerable phải có must_refuse: true", line)
    if must_refuse and (facts or tasks):
        raise _error(
            where,
            "câu hỏi phải từ chối (must_refuse) không được có expected_facts/expected_task_numbers",
            line,
        )
    if not must_refuse and not (facts or tasks):
        raise _error(where, "câu hỏi có đáp án phải có expected_facts hoặc expected_task_numbers", line)
    if not must_refuse and not evidence:
        raise _error(where, "câu hỏi có đáp án phải có ít nhất một evidence trích từ văn bản", line)

    return EvalCase(
        id=case_id,
        kind=kind,
        question=question,
        history=history,
        expected_facts=facts,
        expected_task_numbers=tasks,
        must_refuse=must_refuse,
        evidence=evidence,
        notes=notes,
    )


def fact_matches(answer: str, alternative: str) -> bool:
    """True when `alternative` occurs in `answer` as whole words, ignoring case, diacritics and punctuation.

    Whole words so that "27" is not found inside "270" or "2027".
    """
    needle = key(alternative)
    return bool(needle) and f" {needle} " in f" {key(answer)} "


def missing_facts(answer: str, case: EvalCase) -> list[tuple[str, ...]]:
    """The fact groups of `case` that `answer` does not satisfy (empty list: every group is matched)."""
    return [group for group in case.expected_facts if not any(fact_matches(answer, alt) for alt in group)]


def _facts(value: Any, where: str, line: str) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list):
        raise _error(where, 'expected_facts phải là danh sách các nhóm, ví dụ [["270"], ["07", "7"]]', line)
    groups: list[tuple[str, ...]] = []
    for group in value:
        if not isinstance(group, list) or not group:
            raise _error(
                where, f"mỗi nhóm expected_facts phải là danh sách không rỗng, không phải {group!r}", line
            )
        alternatives = _string_list(group, "expected_facts", where, line)
        for alt in alternatives:
            if not key(alt):
                raise _error(where, f"phương án '{alt}' không còn chữ/số nào sau khi chuẩn hóa", line)
        groups.append(tuple(alternatives))
    return tuple(groups)


def _task_numbers(value: Any, where: str, line: str) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(isinstance(n, int) and not isinstance(n, bool) for n in value):
        raise _error(where, f"expected_task_numbers phải là danh sách số nguyên, không phải {value!r}", line)
    if any(n < 1 for n in value):
        raise _error(where, f"số nhiệm vụ phải ≥ 1: {value}", line)
    if len(set(value)) != len(value):
        raise _error(where, f"expected_task_numbers có số trùng: {value}", line)
    return tuple(value)


def _evidence(value: Any, where: str, line: str) -> tuple[Evidence, ...]:
    if not isinstance(value, list):
        raise _error(where, 'evidence phải là danh sách {"doc": ..., "quote": ...}', line)
    items: list[Evidence] = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"doc", "quote"}:
            raise _error(
                where, f"mỗi evidence phải có đúng hai trường doc và quote, không phải {item!r}", line
            )
        doc, quote = item["doc"], item["quote"]
        if not isinstance(doc, str) or not doc.strip() or doc.endswith(".txt"):
            raise _error(where, f"evidence.doc '{doc}' phải là tên tệp văn bản không có đuôi .txt", line)
        if not isinstance(quote, str) or not quote.strip():
            raise _error(where, "evidence.quote phải là chuỗi không rỗng", line)
        if "\n" in quote:
            raise _error(where, "evidence.quote phải nằm trên một dòng (không chứa xuống dòng)", line)
        if len(quote) > MAX_QUOTE_CHARS:
            raise _error(where, f"evidence.quote dài {len(quote)} ký tự, tối đa {MAX_QUOTE_CHARS}", line)
        items.append(Evidence(doc=doc, quote=quote))
    return tuple(items)


def _string(obj: dict[str, Any], name: str, where: str, line: str) -> str:
    value = obj[name]
    if not isinstance(value, str) or not value.strip():
        raise _error(where, f"{name} phải là chuỗi không rỗng, không phải {value!r}", line)
    return value


def _string_list(value: Any, name: str, where: str, line: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(s, str) and s.strip() for s in value):
        raise _error(where, f"{name} phải là danh sách chuỗi không rỗng, không phải {value!r}", line)
    return list(value)


def _error(where: str, reason: str, line: str) -> QuestionSetError:
    return QuestionSetError(f"{where}: {reason}. Dòng lỗi: {_clip(line)}")


def _clip(line: str, limit: int = 160) -> str:
    line = line.strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


def count_by_kind(cases: Sequence[EvalCase]) -> dict[str, int]:
    """How many cases each kind has, in the order of `KINDS` (kinds without cases included as 0)."""
    counts = {kind: 0 for kind in KINDS}
    for case in cases:
        counts[case.kind] += 1
    return counts
