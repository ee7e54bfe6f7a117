"""App: answers questions over the index (query understanding, retrieval, composition, HTTP API)."""
