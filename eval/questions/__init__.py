"""The eval question sets (JSONL) and their schema."""
