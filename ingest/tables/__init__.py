"""Parsers for the tables inside documents: tasks (Phụ lục II), indicators (Phụ lục I), report figures."""
