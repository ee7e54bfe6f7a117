"""Composition of the command line: each package registers its own sub-commands."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from ingest.errors import Nq57Error
from ingest.settings import Settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nq57", description="Trợ lý NQ57: dựng chỉ mục, hỏi đáp, đánh giá.")
    parser.add_argument("--log-level", default=None, help="DEBUG, INFO, WARNING, ERROR")
    sub = parser.add_subparsers(dest="command", required=True)
    import app.cli
    import eval.cli
    import ingest.cli

    ingest.cli.add_commands(sub)
    app.cli.add_commands(sub)
    eval.cli.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings()
        if args.log_level:
            settings = settings.model_copy(update={"log_level": args.log_level.upper()})
    except ValueError as exc:
        print(f"Cấu hình không hợp lệ: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        return int(args.handler(args, settings) or 0)
    except Nq57Error as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
