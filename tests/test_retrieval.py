"""Fusion of the lexical and dense rankings."""

from __future__ import annotations

from app.retrieval import fuse, fuse_scores


def test_score_fusion_keeps_the_lead_of_a_strong_first_hit() -> None:
    lexical = [("a", 10.0), ("b", 1.0), ("c", 0.9)]
    dense = [("b", 0.80), ("c", 0.795), ("a", 0.79), ("d", 0.50)]
    assert fuse_scores([(lexical, 1.0), (dense, 1.0)])[0][0] == "a"
    assert fuse([(lexical, 1.0), (dense, 1.0)], 60)[0][0] == "b"
