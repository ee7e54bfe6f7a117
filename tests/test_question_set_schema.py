"""Behaviour of the question-set loader/validator and of the fact-matching rule, on files the tests write."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eval.questions.schema import QuestionSetError, fact_matches, load_cases, missing_facts


def valid_case(**changes: Any) -> dict[str, Any]:
    case: dict[str, Any] = {
        "id": "fig-001",
        "kind": "figure",
        "question": "Có bao nhiêu nhiệm vụ đã hoàn thành?",
        "history": [],
        "expected_facts": [["270"], ["180"]],
        "expected_task_numbers": [],
        "must_refuse": False,
        "evidence": [{"doc": "bao-cao", "quote": "có 270 nhiệm vụ đã hoàn thành"}],
        "notes": "",
    }
    case.update(changes)
    return case


def write_cases(tmp_path: Path, *objects: dict[str, Any] | str) -> Path:
    path = tmp_path / "q.jsonl"
    lines = [o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objects]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_valid_file_loads_into_eval_cases(tmp_path: Path) -> None:
    [case] = load_cases(write_cases(tmp_path, valid_case()))
    assert case.expected_facts == (("270",), ("180",))
    assert case.evidence[0].quote == "có 270 nhiệm vụ đã hoàn thành"


def test_invalid_json_error_names_the_line_and_quotes_it(tmp_path: Path) -> None:
    path = write_cases(tmp_path, valid_case(), '{"id": "fig-002", "kind": ')
    with pytest.raises(QuestionSetError) as err:
        load_cases(path)
    assert "q.jsonl:2" in err.value.message
    assert '{"id": "fig-002", "kind":' in err.value.message


def test_unknown_kind_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(QuestionSetError, match="kind 'trivia'"):
        load_cases(write_cases(tmp_path, valid_case(kind="trivia")))


def test_duplicate_id_is_rejected_with_first_line(tmp_path: Path) -> None:
    with pytest.raises(QuestionSetError, match="dòng 1"):
        load_cases(write_cases(tmp_path, valid_case(), valid_case()))


def test_follow_up_without_history_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(QuestionSetError, match="history"):
        load_cases(write_cases(tmp_path, valid_case(id="fu-001", kind="follow_up")))


def test_refusal_with_facts_is_rejected(tmp_path: Path) -> None:
    case = valid_case(id="un-001", kind="unanswerable", must_refuse=True)
    with pytest.raises(QuestionSetError, match="must_refuse"):
        load_cases(write_cases(tmp_path, case))


def test_unanswerable_must_refuse(tmp_path: Path) -> None:
    case = valid_case(id="un-001", kind="unanswerable", expected_facts=[], evidence=[])
    with pytest.raises(QuestionSetError, match="must_refuse: true"):
        load_cases(write_cases(tmp_path, case))


def test_quote_with_line_break_is_rejected(tmp_path: Path) -> None:
    case = valid_case(evidence=[{"doc": "bao-cao", "quote": "có 270\nnhiệm vụ"}])
    with pytest.raises(QuestionSetError, match="một dòng"):
        load_cases(write_cases(tmp_path, case))


def test_empty_fact_group_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(QuestionSetError, match="nhóm expected_facts"):
        load_cases(write_cases(tmp_path, valid_case(expected_facts=[[]])))


def test_missing_file_error_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(QuestionSetError, match="khong-co.jsonl"):
        load_cases(tmp_path / "khong-co.jsonl")


def test_fact_matches_ignore_case_and_diacritics() -> None:
    assert fact_matches("BO GIAO DUC VA DAO TAO chủ trì", "Bộ Giáo dục và Đào tạo")


def test_fact_matches_whole_numbers_only() -> None:
    assert not fact_matches("có 270 nhiệm vụ đã hoàn thành", "27")


def test_missing_facts_lists_unmatched_groups(tmp_path: Path) -> None:
    [case] = load_cases(write_cases(tmp_path, valid_case(expected_facts=[["270"], ["07", "7"]])))
    assert missing_facts("Đã hoàn thành 270 nhiệm vụ.", case) == [("07", "7")]
