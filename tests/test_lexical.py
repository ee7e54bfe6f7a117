"""BM25: one tokeniser for both sides, queries without diacritics, compounds, codes, save/load."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.lexical import LexicalIndex, Tokenizer

PASSAGES = {
    "gd": "Bộ Giáo dục và Đào tạo chủ trì xây dựng nền tảng học tập số.",
    "kh": "Bộ Khoa học và Công nghệ phối hợp bảo đảm hạ tầng dữ liệu.",
    "nq": "Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị.",
    "bo": "Con bò ăn cỏ trên đồi.",
}


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex.build(list(PASSAGES), list(PASSAGES.values()), "underthesea")


def test_tokens_hold_syllables_and_their_folded_forms() -> None:
    tokens = Tokenizer("regex").tokens("Bộ Giáo dục")
    assert {"bộ", "bo", "giáo", "giao", "dục", "duc"} <= set(tokens)


def test_tokens_hold_underthesea_compounds_folded_too() -> None:
    tokens = Tokenizer("underthesea").tokens("chuyển đổi số quốc gia")
    assert "chuyển_đổi" in tokens and "chuyen_doi" in tokens


def test_regex_segmenter_adds_only_adjacent_syllable_pairs() -> None:
    joined = {t for t in Tokenizer("regex").tokens("chuyển đổi số quốc gia") if "_" in t}
    assert joined == {"chuyển_đổi", "đổi_số", "số_quốc", "quốc_gia", "chuyen_doi", "doi_so", "so_quoc", "quoc_gia"}


def test_syllable_pairs_do_not_cross_punctuation() -> None:
    tokens = Tokenizer("regex").tokens("kinh tế số, xã hội số")
    assert "số_xã" not in tokens and "tế_số" in tokens


def test_codes_are_kept_whole() -> None:
    assert "57-nq/tw" in Tokenizer("regex").tokens("Nghị quyết 57-NQ/TW")


def test_query_without_diacritics_finds_passage_with_them(index: LexicalIndex) -> None:
    assert index.search("bo giao duc", 1)[0][0] == "gd"


def test_query_with_diacritics_prefers_exact_spelling(index: LexicalIndex) -> None:
    assert index.search("con bò", 1)[0][0] == "bo"


def test_code_query_ranks_the_passage_with_the_code_first(index: LexicalIndex) -> None:
    assert index.search("57-NQ/TW", 1)[0][0] == "nq"


def test_query_sharing_no_term_returns_nothing(index: LexicalIndex) -> None:
    assert index.search("xyzzy", 5) == []


def test_round_trip_gives_same_ranking(index: LexicalIndex, tmp_path: Path) -> None:
    index.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path, index.k1, index.b)
    assert loaded.segmenter == "underthesea"
    assert loaded.search("khoa hoc cong nghe du lieu", 4) == index.search("khoa hoc cong nghe du lieu", 4)


def test_k1_and_b_change_scores_not_membership() -> None:
    ids, texts = list(PASSAGES), list(PASSAGES.values())
    a = LexicalIndex.build(ids, texts, "regex", k1=1.2, b=0.75).search("bộ", 4)
    b = LexicalIndex.build(ids, texts, "regex", k1=2.0, b=0.0).search("bộ", 4)
    assert {i for i, _ in a} == {i for i, _ in b} and [s for _, s in a] != [s for _, s in b]


def test_index_rebuilt_from_saved_term_counts_ranks_the_same(index: LexicalIndex, tmp_path: Path) -> None:
    index.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    assert loaded.signature == index.signature  # same code: counts may be reused
    counts = loaded.term_counts(index.ids)
    rebuilt = LexicalIndex("underthesea")
    for chunk_id in index.ids:
        rebuilt.add_counts(chunk_id, counts[chunk_id])
    assert rebuilt.search("bo giao duc dao tao", 4) == index.search("bo giao duc dao tao", 4)
