"""Checks on the eval question set eval/questions/nq57_dev.jsonl: schema, coverage and verbatim evidence."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from eval.questions.schema import KINDS, EvalCase, fact_matches, load_cases
from ingest.text import has_diacritics, quote_in_text

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "eval" / "questions" / "nq57_dev.jsonl"
CORPUS = ROOT / "corpus"
TASK_GOLD = ROOT / "eval" / "data" / "phu_luc_ii_gold.jsonl"

MIN_CASES = 170
MIN_PER_KIND = 8


@cache
def cases() -> tuple[EvalCase, ...]:
    return tuple(load_cases(QUESTIONS))


@cache
def raw_text(doc: str) -> str:
    return (CORPUS / f"{doc}.txt").read_text(encoding="utf-8")


def evidence_items() -> list[tuple[str, str, str]]:
    return [(case.id, ev.doc, ev.quote) for case in cases() for ev in case.evidence]


def test_question_file_has_enough_cases() -> None:
    assert len(cases()) >= MIN_CASES


def test_ids_are_unique() -> None:
    duplicated = [i for i, n in Counter(c.id for c in cases()).items() if n > 1]
    assert duplicated == []


def test_every_kind_has_at_least_eight_cases() -> None:
    counts = Counter(c.kind for c in cases())
    short = {kind: counts.get(kind, 0) for kind in KINDS if counts.get(kind, 0) < MIN_PER_KIND}
    assert short == {}


def test_follow_ups_have_history() -> None:
    assert [c.id for c in cases() if c.kind == "follow_up" and not c.history] == []


def test_unanswerable_cases_refuse_and_expect_no_facts() -> None:
    bad = [c.id for c in cases() if c.kind == "unanswerable" and (not c.must_refuse or c.expected_facts)]
    assert bad == []


def test_answerable_cases_have_facts_and_evidence() -> None:
    bad = [c.id for c in cases() if not c.must_refuse and not (c.expected_facts and c.evidence)]
    assert bad == []


def test_list_cases_give_the_full_task_list() -> None:
    assert [c.id for c in cases() if c.kind == "task_list" and not c.expected_task_numbers] == []


def test_facts_are_short_keys_not_sentences() -> None:
    long_facts = [
        (c.id, alt) for c in cases() for group in c.expected_facts for alt in group if len(alt) > 60
    ]
    assert long_facts == []


def test_english_questions_are_written_without_vietnamese_letters() -> None:
    assert [c.id for c in cases() if c.kind == "english" and has_diacritics(c.question)] == []


def test_no_diacritics_questions_have_no_diacritics() -> None:
    bad = [
        c.id
        for c in cases()
        if c.kind == "no_diacritics" and has_diacritics(c.question + " ".join(c.history))
    ]
    assert bad == []


def test_evidence_names_a_corpus_document() -> None:
    missing = sorted({doc for _, doc, _ in evidence_items() if not (CORPUS / f"{doc}.txt").is_file()})
    assert missing == []


@pytest.mark.parametrize(("case_id", "doc", "quote"), evidence_items(), ids=lambda v: str(v)[:40])
def test_evidence_quote_occurs_verbatim_in_raw_document(case_id: str, doc: str, quote: str) -> None:
    assert quote_in_text(quote, raw_text(doc)), f"{case_id}: không thấy trích dẫn trong {doc}: {quote!r}"


def test_evidence_quote_occurs_in_clean_text() -> None:
    cleaning = pytest.importorskip("ingest.cleaning")
    if not hasattr(cleaning, "clean_text"):
        pytest.skip("ingest.cleaning.clean_text chưa có")
    cleaned: dict[str, str] = {}
    missing: list[str] = []
    for case_id, doc, quote in evidence_items():
        if doc not in cleaned:
            cleaned[doc] = cleaning.clean_text(raw_text(doc))
        if not quote_in_text(quote, cleaned[doc]):
            missing.append(f"{case_id} [{doc[:25]}] {quote!r}")
    assert missing == []


def test_evidence_quote_occurs_in_cleaned_document() -> None:
    loaders = pytest.importorskip("ingest.loaders")
    structure = pytest.importorskip("ingest.structure")
    if not hasattr(loaders, "load_document") or not hasattr(structure, "build_document"):
        pytest.skip("ingest.loaders.load_document / ingest.structure.build_document chưa có")
    cleaned: dict[str, str] = {}
    missing: list[str] = []
    for case_id, doc, quote in evidence_items():
        if doc not in cleaned:
            source = loaders.load_document(CORPUS / f"{doc}.txt", CORPUS)
            cleaned[doc] = structure.build_document(source).text
        if not quote_in_text(quote, cleaned[doc]):
            missing.append(f"{case_id} [{doc[:25]}] {quote!r}")
    assert missing == []


def test_figure_facts_are_stated_in_their_evidence() -> None:
    """A report figure must be read off the quoted sentence, so each numeric fact group appears in a quote."""
    bad: list[tuple[str, tuple[str, ...]]] = []
    for case in cases():
        if case.kind != "figure":
            continue
        quotes = " ".join(ev.quote for ev in case.evidence)
        for group in case.expected_facts:
            numeric = any(re.search(r"\d", alt) for alt in group)
            if numeric and not any(fact_matches(quotes, alt) for alt in group):
                bad.append((case.id, group))
    assert bad == []


def test_expected_task_numbers_exist_in_appendix_transcription() -> None:
    if not TASK_GOLD.is_file():
        pytest.skip(f"chưa có {TASK_GOLD.name}")
    numbers = {
        json.loads(line)["number"]
        for line in TASK_GOLD.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    unknown = sorted({(c.id, n) for c in cases() for n in c.expected_task_numbers if n not in numbers})
    assert unknown == []


HELD_OUT = sorted(p for p in (ROOT / "eval" / "questions").glob("nq57_*.jsonl") if p != QUESTIONS)


@pytest.mark.parametrize("path", HELD_OUT, ids=lambda p: p.name)
def test_held_out_sets_keep_the_same_rules(path: Path) -> None:
    """The held-out sets are written by other people, but their evidence is checked the same way: every quote is
    verbatim in the raw and in the cleaned document, ids are unique, refusals expect no facts, lists are full."""
    structure = pytest.importorskip("ingest.structure")
    loaders = pytest.importorskip("ingest.loaders")
    held = load_cases(path)
    assert held, path
    assert [i for i, n in Counter(c.id for c in held).items() if n > 1] == []
    assert [c.id for c in held if c.must_refuse and c.expected_facts] == []
    # As the schema allows: an answerable case gives facts or (for a list) the task numbers, and evidence.
    assert [c.id for c in held if not c.must_refuse
            and not ((c.expected_facts or c.expected_task_numbers) and c.evidence)] == []
    assert [c.id for c in held if c.kind == "task_list" and not c.expected_task_numbers] == []
    cleaned: dict[str, str] = {}
    missing: list[str] = []
    for case in held:
        for ev in case.evidence:
            if ev.doc not in cleaned:
                cleaned[ev.doc] = structure.build_document(loaders.load_document(CORPUS / f"{ev.doc}.txt", CORPUS)).text
            if not (quote_in_text(ev.quote, raw_text(ev.doc)) and quote_in_text(ev.quote, cleaned[ev.doc])):
                missing.append(f"{case.id}: {ev.quote!r}")
    assert missing == []
