"""The `nq57` command: one entry point whose sub-commands come from ingest, app and eval."""
