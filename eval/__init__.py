"""Eval: question sets, scoring of answers, citations and retrieval, benchmarks and reports."""
