"""Scoring: fact matching, citation and task checks, retrieval ranks, and the eval's record and report objects."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from eval.questions.schema import EvalCase
from ingest.text import fold, nfc, quote_in_text

# ------------------------------------------------------------------------------------------- tokens

# A number keeps its inner separators ("7.225,56", "1.1218,165") so that "7" is never found inside it,
# nor inside "17" or "2027"; words are runs of letters; anything else is a single symbol.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|[^\w\s]|_")
# Symbols that change meaning ("3%", "9/2025", "KH&CN", "≥ 80") take part in matching; the rest
# (brackets, commas, dashes, quotes) are typography and differ freely between a source and an answer.
_MEANINGFUL_SYMBOLS = frozenset("%/&+=<>≥≤$#")
# Sentinel that never occurs inside a token, for searching token sequences as plain strings.
_SEP = "\x1f"


@dataclass(frozen=True)
class TokenizedText:
    """A text's folded tokens and where each one sits in the original text."""

    tokens: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    joined: str  # _SEP + _SEP.join(tokens) + _SEP
    offsets: tuple[int, ...]  # position of each token in `joined`


def tokenize(text: str) -> TokenizedText:
    """Fold (case, diacritics, đ → d) and split into word, number and meaningful-symbol tokens.

    Spans index into `nfc(text)`; cleaned documents are stored in NFC, so they index the stored text too.
    """
    tokens: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _TOKEN.finditer(nfc(text)):
        token = fold(match.group())
        if not token or (not token[0].isalnum() and token not in _MEANINGFUL_SYMBOLS):
            continue
        tokens.append(token)
        starts.append(match.start())
        ends.append(match.end())
    offsets: list[int] = []
    position = 1
    for token in tokens:
        offsets.append(position)
        position += len(token) + 1
    joined = _SEP + _SEP.join(tokens) + _SEP if tokens else _SEP
    return TokenizedText(tuple(tokens), tuple(starts), tuple(ends), joined, tuple(offsets))


def folded_tokens(text: str) -> tuple[str, ...]:
    return tokenize(text).tokens


def _needle(tokens: Sequence[str]) -> str:
    return _SEP + _SEP.join(tokens) + _SEP


def contains_tokens(haystack: TokenizedText | str, needle: str) -> bool:
    """True when the tokens of `needle` occur one after the other in `haystack` (whole tokens only)."""
    hay = haystack if isinstance(haystack, TokenizedText) else tokenize(haystack)
    wanted = folded_tokens(needle)
    return bool(wanted) and _needle(wanted) in hay.joined


def locate_tokens(haystack: TokenizedText, needle: str) -> tuple[int, int] | None:
    """Character span in the original text of the first run of `needle`'s tokens, or None."""
    wanted = folded_tokens(needle)
    if not wanted:
        return None
    at = haystack.joined.find(_needle(wanted))
    if at < 0:
        return None
    first = bisect.bisect_left(haystack.offsets, at + 1)
    last = first + len(wanted) - 1
    return haystack.starts[first], haystack.ends[last]


# -------------------------------------------------------------------------------------------- facts


def fact_matches(answer: str | TokenizedText, alternative: str) -> bool:
    """One alternative of a fact group occurs in the answer: case- and diacritics-insensitive, whole tokens.

    Numbers are whole tokens, so "7" does not match "17", "2027" or "7.5"; "07" and "7" differ unless the
    question set lists both.
    """
    return contains_tokens(answer, alternative)


def match_facts(
    answer: str, groups: Sequence[Sequence[str]]
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """(the alternative found for each matched group, the groups with no alternative in the answer)."""
    tokens = tokenize(answer)
    found: list[str] = []
    missing: list[tuple[str, ...]] = []
    for group in groups:
        hit = next((alt for alt in group if fact_matches(tokens, alt)), None)
        if hit is None:
            missing.append(tuple(group))
        else:
            found.append(hit)
    return tuple(found), tuple(missing)


# ---------------------------------------------------------------------------------------- evidence


def evidence_in_text(quote: str, text: str | TokenizedText) -> bool:
    """The evidence quote is in `text` verbatim up to white space and Unicode form, or token for token
    after folding (the cleaned text drops footnote marks and typography that the raw quote may carry)."""
    if isinstance(text, str) and quote_in_text(quote, text):
        return True
    return contains_tokens(text, quote)


def token_share(evidence: str, text: str | TokenizedText) -> float:
    """Share of the evidence quote's distinct folded word tokens that also occur in `text`."""
    wanted = {t for t in folded_tokens(evidence) if t[0].isalnum()}
    if not wanted:
        return 0.0
    have = set((text if isinstance(text, TokenizedText) else tokenize(text)).tokens)
    return len(wanted & have) / len(wanted)


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# ------------------------------------------------------------------------------------ the records


@dataclass(frozen=True)
class ObservedCitation:
    """A citation as the assistant gave it, whether read from an `Answer` or from the HTTP API."""

    n: int
    doc_id: str
    quote: str
    location: str = ""
    chunk_id: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class ObservedAnswer:
    """The part of an answer eval scores; built from `app.models.Answer` or from `POST /chat` JSON."""

    text: str
    citations: tuple[ObservedCitation, ...]
    task_numbers: tuple[int, ...]  # numbers of the task records attached to the answer, in order
    intent: str
    refused: bool
    language: str = "vi"
    record_count: int = 0


@dataclass(frozen=True)
class LocatedEvidence:
    """An evidence quote of a case and, when it could be found, its span in the cleaned document."""

    doc_id: str
    quote: str
    span: tuple[int, int] | None


@dataclass(frozen=True)
class CitationCheck:
    n: int
    doc_id: str
    quote: str
    chunk_id: str | None
    valid: bool  # the quote is verbatim in the document's cleaned text
    relevant: bool | None  # supports one of the case's evidence quotes; None when the case has no evidence


@dataclass(frozen=True)
class EvalRecord:
    """One case, run and scored."""

    case_id: str
    kind: str
    question: str
    history: tuple[str, ...]
    answer_text: str
    intent: str
    refused: bool
    must_refuse: bool
    correct: bool
    facts_found: tuple[str, ...]
    facts_missing: tuple[tuple[str, ...], ...]
    citations: tuple[CitationCheck, ...]
    citation_validity: float | None  # valid citations / citations; None without citations
    citation_relevance: float | None  # relevant citations / citations; None without citations or evidence
    expected_tasks: tuple[int, ...]
    returned_tasks: tuple[int, ...]
    task_recall: float | None  # None when the case lists no task numbers
    task_precision: float | None
    latency_s: float  # the scored (last) question only
    total_latency_s: float  # with the history turns played before it
    failure: str | None  # why the case is not correct, a stable code (see FAILURE_LABELS)
    error: str | None = None  # the assistant raised or the server answered with an error


FAILURE_LABELS: dict[str, str] = {
    "error": "Lỗi khi trả lời",
    "not_refused": "Không từ chối câu hỏi ngoài tài liệu",
    "wrongly_refused": "Từ chối câu hỏi có câu trả lời",
    "missing_facts": "Thiếu thông tin cần có",
    "missing_tasks": "Thiếu nhiệm vụ cần liệt kê",
}


def task_scores(expected: Sequence[int], returned: Sequence[int]) -> tuple[float | None, float | None]:
    """Set recall and precision of the task numbers; (None, None) when the case lists none.

    Returning nothing when something was expected scores precision 0, so that silence never looks precise.
    """
    if not expected:
        return None, None
    want, got = set(expected), set(returned)
    recall = len(want & got) / len(want)
    precision = len(want & got) / len(got) if got else 0.0
    return recall, precision


# A citation's quote sharing this much of an evidence quote's words is the same passage, re-cut.
RELEVANT_TOKEN_SHARE = 0.6


def check_citation(
    citation: ObservedCitation,
    document_text: str | None,
    chunk_text: str | None,
    evidence: Sequence[LocatedEvidence],
) -> CitationCheck:
    """Valid: the quote is verbatim in its document. Relevant: the quote or the cited chunk contains an
    evidence quote, the quote shares ≥ 60% of an evidence quote's tokens, or it overlaps an evidence span."""
    valid = document_text is not None and quote_in_text(citation.quote, document_text)
    relevant: bool | None = None
    if evidence:
        quote_tokens = tokenize(citation.quote)
        relevant = False
        for ev in evidence:
            if (
                evidence_in_text(ev.quote, citation.quote)
                or (chunk_text is not None and evidence_in_text(ev.quote, chunk_text))
                or token_share(ev.quote, quote_tokens) >= RELEVANT_TOKEN_SHARE
                or (
                    valid
                    and ev.span is not None
                    and ev.doc_id == citation.doc_id
                    and citation.start is not None
                    and citation.end is not None
                    and spans_overlap((citation.start, citation.end), ev.span)
                )
            ):
                relevant = True
                break
    return CitationCheck(citation.n, citation.doc_id, citation.quote, citation.chunk_id, valid, relevant)


def score_case(
    case: EvalCase,
    answer: ObservedAnswer,
    citations: Sequence[CitationCheck],
    latency_s: float,
    total_latency_s: float,
) -> EvalRecord:
    """Score one answered case. Correct: refused when it must refuse; otherwise answered (not refused),
    every fact group matched and, when the case has no facts, every expected task returned."""
    found, missing = match_facts(answer.text, case.expected_facts)
    recall, precision = task_scores(case.expected_task_numbers, answer.task_numbers)
    failure: str | None
    if case.must_refuse:
        failure = None if answer.refused else "not_refused"
    elif answer.refused:
        failure = "wrongly_refused"
    elif missing:
        failure = "missing_facts"
    elif not case.expected_facts and recall is not None and recall < 1.0:
        failure = "missing_tasks"
    else:
        failure = None
    n = len(citations)
    validity = sum(c.valid for c in citations) / n if n else None
    judged = [c.relevant for c in citations if c.relevant is not None]
    relevance = sum(judged) / len(judged) if judged else None
    return EvalRecord(
        case_id=case.id,
        kind=case.kind,
        question=case.question,
        history=case.history,
        answer_text=answer.text,
        intent=answer.intent,
        refused=answer.refused,
        must_refuse=case.must_refuse,
        correct=failure is None,
        facts_found=found,
        facts_missing=missing,
        citations=tuple(citations),
        citation_validity=validity,
        citation_relevance=relevance,
        expected_tasks=case.expected_task_numbers,
        returned_tasks=answer.task_numbers,
        task_recall=recall,
        task_precision=precision,
        latency_s=latency_s,
        total_latency_s=total_latency_s,
        failure=failure,
    )


def error_record(case: EvalCase, error: str, latency_s: float) -> EvalRecord:
    """A case whose answer could not be obtained: scored incorrect, with the error kept for the report."""
    recall, precision = task_scores(case.expected_task_numbers, ())
    return EvalRecord(
        case_id=case.id,
        kind=case.kind,
        question=case.question,
        history=case.history,
        answer_text="",
        intent="",
        refused=False,
        must_refuse=case.must_refuse,
        correct=False,
        facts_found=(),
        facts_missing=case.expected_facts,
        citations=(),
        citation_validity=None,
        citation_relevance=None,
        expected_tasks=case.expected_task_numbers,
        returned_tasks=(),
        task_recall=recall,
        task_precision=precision,
        latency_s=latency_s,
        total_latency_s=latency_s,
        failure="error",
        error=error,
    )


# -------------------------------------------------------------------------------------- retrieval

Mode = str  # "bm25" | "dense" | "hybrid"
MODES: tuple[str, ...] = ("bm25", "dense", "hybrid")


@dataclass(frozen=True)
class RetrievalCaseResult:
    """Where one mode ranked the evidence of one case."""

    case_id: str
    kind: str
    mode: str
    evidence_count: int
    recall_at: dict[int, float]  # k → share of the case's evidence quotes with a relevant chunk in the top k
    reciprocal_rank: float  # 1 / rank of the first relevant chunk within the MRR depth, else 0
    first_rank: int | None
    question_as_is: bool  # a follow-up searched without its history (the retriever sees one message)


def rank_metrics(
    relevance: Sequence[frozenset[int]], evidence_count: int, ks: Sequence[int], mrr_depth: int
) -> tuple[dict[int, float], float, int | None]:
    """`relevance[i]` is the set of evidence indexes that the chunk at rank i+1 supports.

    Returns recall@k for each k (share of evidence quotes covered in the top k), the reciprocal rank of the
    first relevant chunk within `mrr_depth`, and that rank.
    """
    recall: dict[int, float] = {}
    for k in ks:
        covered: set[int] = set()
        for hits in relevance[:k]:
            covered |= hits
        recall[k] = len(covered) / evidence_count if evidence_count else 0.0
    first = next((i for i, hits in enumerate(relevance, start=1) if hits), None)
    rr = 1.0 / first if first is not None and first <= mrr_depth else 0.0
    return recall, rr, first


@dataclass(frozen=True)
class ModeMetrics:
    mode: str
    cases: int
    recall_at: dict[int, float]
    mrr: float


@dataclass(frozen=True)
class UnlocatedEvidence:
    case_id: str
    doc_id: str
    quote: str
    reason: str


@dataclass(frozen=True)
class RetrievalReport:
    ks: tuple[int, ...]
    mrr_depth: int
    overall: tuple[ModeMetrics, ...]
    by_kind: dict[str, tuple[ModeMetrics, ...]]
    cases: tuple[RetrievalCaseResult, ...]
    unlocated: tuple[UnlocatedEvidence, ...]  # evidence whose span was not found in the cleaned text
    follow_ups_as_is: int


def mode_metrics(results: Sequence[RetrievalCaseResult], ks: Sequence[int]) -> tuple[ModeMetrics, ...]:
    out = []
    for mode in MODES:
        mine = [r for r in results if r.mode == mode]
        if not mine:
            continue
        recall = {k: sum(r.recall_at[k] for r in mine) / len(mine) for k in ks}
        out.append(ModeMetrics(mode, len(mine), recall, sum(r.reciprocal_rank for r in mine) / len(mine)))
    return tuple(out)


def retrieval_report(
    results: Sequence[RetrievalCaseResult],
    ks: Sequence[int],
    mrr_depth: int,
    unlocated: Sequence[UnlocatedEvidence],
    kind_order: Callable[[str], object] | None = None,
) -> RetrievalReport:
    kinds = sorted({r.kind for r in results}, key=kind_order or (lambda k: k))  # type: ignore[arg-type, return-value]
    return RetrievalReport(
        ks=tuple(ks),
        mrr_depth=mrr_depth,
        overall=mode_metrics(results, ks),
        by_kind={kind: mode_metrics([r for r in results if r.kind == kind], ks) for kind in kinds},
        cases=tuple(results),
        unlocated=tuple(unlocated),
        follow_ups_as_is=len({r.case_id for r in results if r.question_as_is}),
    )


# ----------------------------------------------------------------------------------------- report


@dataclass(frozen=True)
class KindScore:
    kind: str
    cases: int
    correct: int
    accuracy: float

    @classmethod
    def of(cls, kind: str, records: Sequence[EvalRecord]) -> KindScore:
        mine = [r for r in records if r.kind == kind]
        correct = sum(1 for r in mine if r.correct)
        return cls(kind, len(mine), correct, correct / len(mine) if mine else 0.0)


@dataclass(frozen=True)
class RefusalScore:
    """Refusal as a classifier: positive = the case must be refused."""

    true_positive: int  # must refuse, refused
    false_positive: int  # answerable, refused
    false_negative: int  # must refuse, answered
    true_negative: int  # answerable, answered
    precision: float | None  # None when nothing was refused
    recall: float | None  # None when no case must be refused

    @classmethod
    def of(cls, records: Sequence[EvalRecord]) -> RefusalScore:
        """Counts over cases that got an answer (errors are neither refusals nor answers)."""
        answered = [r for r in records if r.error is None]
        tp = sum(1 for r in answered if r.must_refuse and r.refused)
        fp = sum(1 for r in answered if not r.must_refuse and r.refused)
        fn = sum(1 for r in answered if r.must_refuse and not r.refused)
        tn = sum(1 for r in answered if not r.must_refuse and not r.refused)
        return cls(tp, fp, fn, tn, tp / (tp + fp) if tp + fp else None, tp / (tp + fn) if tp + fn else None)


@dataclass(frozen=True)
class FailedCase:
    case_id: str
    kind: str
    question: str
    failure: str
    missing_facts: tuple[tuple[str, ...], ...]
    missing_tasks: tuple[int, ...]
    extra_tasks: tuple[int, ...]
    intent: str
    answer_excerpt: str


@dataclass(frozen=True)
class EvalReport:
    """The whole run: headline figures, per-kind scores, retrieval, latency, failures and every record."""

    question_set: str
    target: str  # "in-process" or the server URL
    created_at: str
    cases: int
    accuracy: float
    by_kind: tuple[KindScore, ...]
    refusal: RefusalScore
    citations: int
    citation_validity: float | None  # valid / all citations
    citation_relevance: float | None  # relevant / citations of cases with evidence
    cases_without_citations: int  # answered (not refused) cases that cite nothing
    task_recall: float | None  # mean over cases that list task numbers
    task_precision: float | None
    task_cases: int
    latency_p50: float
    latency_p95: float
    latency_max: float
    errors: int
    failure_counts: dict[str, int]
    failures: tuple[FailedCase, ...]
    records: tuple[EvalRecord, ...]
    retrieval: RetrievalReport | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in [0, 100]); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def excerpt(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def build_report(
    records: Sequence[EvalRecord],
    question_set: str,
    target: str,
    created_at: str,
    retrieval: RetrievalReport | None = None,
    notes: Sequence[str] = (),
    kind_order: Callable[[str], object] | None = None,
) -> EvalReport:
    """Aggregate scored records into the report."""
    kinds = sorted({r.kind for r in records}, key=kind_order or (lambda k: k))  # type: ignore[arg-type, return-value]
    by_kind = tuple(KindScore.of(kind, records) for kind in kinds)
    answered = [r for r in records if r.error is None]
    refusal = RefusalScore.of(records)
    all_citations = [c for r in records for c in r.citations]
    judged = [c.relevant for c in all_citations if c.relevant is not None]
    task_cases = [r for r in records if r.task_recall is not None]
    latencies = [r.latency_s for r in answered]
    failure_counts: dict[str, int] = {}
    for r in records:
        if r.failure:
            failure_counts[r.failure] = failure_counts.get(r.failure, 0) + 1
    failures = tuple(
        FailedCase(
            case_id=r.case_id,
            kind=r.kind,
            question=r.question,
            failure=r.failure or "",
            missing_facts=r.facts_missing,
            missing_tasks=tuple(n for n in r.expected_tasks if n not in set(r.returned_tasks)),
            extra_tasks=tuple(
                n for n in r.returned_tasks if r.expected_tasks and n not in set(r.expected_tasks)
            ),
            intent=r.intent,
            answer_excerpt=excerpt(r.error or r.answer_text),
        )
        for r in records
        if not r.correct
    )
    return EvalReport(
        question_set=question_set,
        target=target,
        created_at=created_at,
        cases=len(records),
        accuracy=sum(r.correct for r in records) / len(records) if records else 0.0,
        by_kind=by_kind,
        refusal=refusal,
        citations=len(all_citations),
        citation_validity=sum(c.valid for c in all_citations) / len(all_citations) if all_citations else None,
        citation_relevance=sum(judged) / len(judged) if judged else None,
        cases_without_citations=sum(1 for r in answered if not r.refused and not r.citations),
        task_recall=_mean(r.task_recall for r in task_cases),
        task_precision=_mean(r.task_precision for r in task_cases),
        task_cases=len(task_cases),
        latency_p50=percentile(latencies, 50),
        latency_p95=percentile(latencies, 95),
        latency_max=max(latencies, default=0.0),
        errors=sum(1 for r in records if r.error is not None),
        failure_counts=failure_counts,
        failures=failures,
        records=tuple(records),
        retrieval=retrieval,
        notes=tuple(notes),
    )
