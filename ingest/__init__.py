"""Ingest: documents in corpus/ → cleaned, structured, chunked, parsed into records → index/."""
