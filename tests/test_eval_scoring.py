"""Eval scoring: fact matching, correctness, refusal, citations, task lists, retrieval ranks and aggregation."""

from __future__ import annotations

from dataclasses import replace

from eval.questions.schema import EvalCase, Evidence
from eval.scoring import (
    LocatedEvidence,
    ObservedAnswer,
    ObservedCitation,
    build_report,
    check_citation,
    fact_matches,
    locate_tokens,
    match_facts,
    percentile,
    rank_metrics,
    score_case,
    task_scores,
    tokenize,
)

DOC = "bao-cao"
DOC_TEXT = (
    "Tính đến ngày 23/9/2025, có 270 nhiệm vụ đã hoàn thành (trong đó có 180 nhiệm vụ hoàn thành đúng hạn), "
    "382 nhiệm vụ đang thực hiện và 27 nhiệm vụ quá hạn, chậm muộn. Bộ Giáo dục và Đào tạo (07 nhiệm vụ)."
)


def case(**changes: object) -> EvalCase:
    base = EvalCase(
        id="fig-001",
        kind="figure",
        question="Có bao nhiêu nhiệm vụ đã hoàn thành?",
        history=(),
        expected_facts=(("270",), ("180",)),
        expected_task_numbers=(),
        must_refuse=False,
        evidence=(Evidence(DOC, "có 270 nhiệm vụ đã hoàn thành (trong đó có 180 nhiệm vụ hoàn thành đúng hạn)"),),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def answer(text: str, refused: bool = False, tasks: tuple[int, ...] = (), citations: tuple[ObservedCitation, ...] = ()) -> ObservedAnswer:
    return ObservedAnswer(text=text, citations=citations, task_numbers=tasks, intent="figure", refused=refused)


# ------------------------------------------------------------------------------------ fact matching


def test_fact_matching_ignores_case_and_diacritics() -> None:
    assert fact_matches("Giao cho BỘ GIÁO DỤC VÀ ĐÀO TẠO chủ trì", "Bo Giao duc va Dao tao")


def test_fact_matching_collapses_white_space() -> None:
    assert fact_matches("Bộ  Khoa\nhọc và\tCông nghệ", "Bộ Khoa học và Công nghệ")


def test_number_is_not_found_inside_a_longer_number() -> None:
    assert not fact_matches("có 17 nhiệm vụ và 2027 là năm đích", "7")


def test_number_is_not_found_inside_a_decimal() -> None:
    assert not fact_matches("đề nghị phân bổ 7.225,56 tỷ đồng", "7")
    assert not fact_matches("đề nghị phân bổ 7.225,56 tỷ đồng", "225")


def test_zero_padded_number_matches_only_when_listed() -> None:
    assert not fact_matches("Bộ Giáo dục và Đào tạo (07 nhiệm vụ)", "7")
    assert fact_matches("Bộ Giáo dục và Đào tạo (07 nhiệm vụ)", "07")


def test_number_at_the_end_of_a_sentence_matches() -> None:
    assert fact_matches("Số nhiệm vụ hoàn thành là 270.", "270")


def test_decimal_number_matches_as_written() -> None:
    assert fact_matches("trong đó chuyển đổi số 1.1218,165 tỷ đồng", "1.1218,165")


def test_meaningful_symbols_must_match() -> None:
    assert fact_matches("hạn hoàn thành tháng 9/2025", "9/2025")
    assert not fact_matches("năm 9, 2025", "9/2025")
    assert fact_matches("Bộ KH & CN", "Bộ KH&CN")


def test_match_facts_reports_the_missing_groups() -> None:
    found, missing = match_facts("Đã hoàn thành 270 nhiệm vụ.", [["270"], ["180", "một trăm tám mươi"]])
    assert found == ("270",)
    assert missing == (("180", "một trăm tám mươi"),)


# -------------------------------------------------------------------------------------- correctness


def test_answer_with_every_fact_is_correct() -> None:
    record = score_case(case(), answer("Có 270 nhiệm vụ hoàn thành, trong đó 180 đúng hạn."), (), 0.1, 0.1)
    assert record.correct and record.failure is None and record.facts_missing == ()


def test_answer_missing_a_fact_is_incorrect() -> None:
    record = score_case(case(), answer("Có 270 nhiệm vụ hoàn thành."), (), 0.1, 0.1)
    assert not record.correct
    assert record.failure == "missing_facts" and record.facts_missing == (("180",),)


def test_refusing_an_answerable_question_is_incorrect_even_if_numbers_appear() -> None:
    record = score_case(case(), answer("Không tìm thấy 270 hay 180 trong tài liệu.", refused=True), (), 0.1, 0.1)
    assert not record.correct and record.failure == "wrongly_refused"


def test_must_refuse_case_is_correct_only_when_refused() -> None:
    must = case(kind="unanswerable", expected_facts=(), must_refuse=True, evidence=())
    assert score_case(must, answer("Tài liệu không có thông tin này.", refused=True), (), 0.1, 0.1).correct
    wrong = score_case(must, answer("Ngân sách là 500 tỷ đồng."), (), 0.1, 0.1)
    assert not wrong.correct and wrong.failure == "not_refused"


def test_list_case_without_facts_needs_every_task() -> None:
    listing = case(kind="task_list", expected_facts=(), expected_task_numbers=(110, 111))
    assert score_case(listing, answer("…", tasks=(110, 111)), (), 0.1, 0.1).correct
    partial = score_case(listing, answer("…", tasks=(110,)), (), 0.1, 0.1)
    assert partial.failure == "missing_tasks" and partial.task_recall == 0.5 and partial.task_precision == 1.0


def test_task_scores_are_set_recall_and_precision() -> None:
    assert task_scores((1, 2, 3, 4), (2, 3, 9)) == (0.5, 2 / 3)
    assert task_scores((1, 2), ()) == (0.0, 0.0)
    assert task_scores((), (5,)) == (None, None)


# ----------------------------------------------------------------------------------------- citations


def located() -> tuple[LocatedEvidence, ...]:
    quote = case().evidence[0].quote
    span = locate_tokens(tokenize(DOC_TEXT), quote)
    return (LocatedEvidence(DOC, quote, span),)


def test_citation_quoted_verbatim_is_valid() -> None:
    c = ObservedCitation(1, DOC, "382 nhiệm vụ đang   thực hiện")
    assert check_citation(c, DOC_TEXT, None, located()).valid


def test_citation_with_altered_words_is_invalid() -> None:
    c = ObservedCitation(1, DOC, "382 nhiệm vụ đã thực hiện")
    assert not check_citation(c, DOC_TEXT, None, located()).valid


def test_citation_of_unknown_document_is_invalid() -> None:
    assert not check_citation(ObservedCitation(1, "khac", "270 nhiệm vụ"), None, None, located()).valid


def test_citation_containing_the_evidence_is_relevant() -> None:
    c = ObservedCitation(1, DOC, DOC_TEXT[:140])
    assert check_citation(c, DOC_TEXT, None, located()).relevant


def test_citation_sharing_most_evidence_words_is_relevant() -> None:
    c = ObservedCitation(1, DOC, "270 nhiệm vụ đã hoàn thành (trong đó có 180 nhiệm vụ")
    assert check_citation(c, DOC_TEXT, None, located()).relevant


def test_citation_overlapping_the_evidence_span_is_relevant() -> None:
    ev = located()[0]
    assert ev.span is not None
    start = ev.span[0] + 10
    c = ObservedCitation(1, DOC, DOC_TEXT[start: start + 12], start=start, end=start + 12)
    assert check_citation(c, DOC_TEXT, None, located()).relevant


def test_citation_whose_chunk_contains_the_evidence_is_relevant() -> None:
    c = ObservedCitation(1, DOC, "chậm muộn", chunk_id="c1")
    assert check_citation(c, DOC_TEXT, DOC_TEXT, located()).relevant


def test_citation_elsewhere_is_not_relevant() -> None:
    c = ObservedCitation(1, DOC, "Bộ Giáo dục và Đào tạo (07 nhiệm vụ)")
    assert check_citation(c, DOC_TEXT, None, located()).relevant is False


def test_relevance_is_undefined_without_evidence() -> None:
    c = ObservedCitation(1, DOC, "270 nhiệm vụ")
    assert check_citation(c, DOC_TEXT, None, ()).relevant is None


def test_locate_tokens_returns_the_span_in_the_original_text() -> None:
    span = locate_tokens(tokenize(DOC_TEXT), "BO GIAO DUC VA DAO TAO")
    assert span is not None and DOC_TEXT[span[0]: span[1]] == "Bộ Giáo dục và Đào tạo"


# ----------------------------------------------------------------------------------------- retrieval


def test_rank_metrics_count_evidence_covered_and_first_rank() -> None:
    relevance = [frozenset(), frozenset({1}), frozenset(), frozenset({0, 1})]
    recall, rr, first = rank_metrics(relevance, 2, (1, 2, 4), 10)
    assert recall == {1: 0.0, 2: 0.5, 4: 1.0}
    assert rr == 0.5 and first == 2


def test_rank_beyond_mrr_depth_scores_zero() -> None:
    relevance = [frozenset()] * 3 + [frozenset({0})]
    _, rr, first = rank_metrics(relevance, 1, (1,), 3)
    assert rr == 0.0 and first == 4


# ------------------------------------------------------------------------------------------ aggregate


def test_report_counts_refusals_as_a_classifier() -> None:
    must = case(id="un-001", kind="unanswerable", expected_facts=(), must_refuse=True, evidence=())
    records = [
        score_case(must, answer("Không có.", refused=True), (), 0.1, 0.1),
        score_case(replace(must, id="un-002"), answer("Có 5."), (), 0.2, 0.2),
        score_case(case(), answer("Không có.", refused=True), (), 0.3, 0.3),
        score_case(case(id="fig-002"), answer("270 và 180"), (), 0.4, 0.4),
    ]
    report = build_report(records, "q.jsonl", "in-process", "now")
    r = report.refusal
    assert (r.true_positive, r.false_negative, r.false_positive, r.true_negative) == (1, 1, 1, 1)
    assert r.precision == 0.5 and r.recall == 0.5
    assert report.accuracy == 0.5
    assert {f.case_id for f in report.failures} == {"un-002", "fig-001"}


def test_percentile_interpolates() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50) == 3.0
    assert percentile([0.0, 10.0], 95) == 9.5
    assert percentile([], 50) == 0.0
