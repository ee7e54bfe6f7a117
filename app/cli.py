"""Sub-commands of the assistant itself: `nq57 serve` runs the HTTP API, `nq57 ask` answers in the terminal."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ingest.settings import Settings


def add_commands(sub: Any) -> None:
    serve = sub.add_parser("serve", help="Chạy API và giao diện web (dựng chỉ mục trước nếu chưa có).")
    serve.add_argument("--host", default=None, help="Địa chỉ lắng nghe (mặc định theo cấu hình, 127.0.0.1).")
    serve.add_argument("--port", type=int, default=None, help="Cổng (mặc định 8000).")
    serve.set_defaults(handler=run_serve)

    ask = sub.add_parser("ask", help="Hỏi một câu và in câu trả lời kèm trích dẫn.")
    ask.add_argument("question", nargs="+", help="Câu hỏi (có thể nhiều câu liên tiếp, hỏi tiếp theo ngữ cảnh).")
    ask.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    ask.set_defaults(handler=run_ask)


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.api import create_app
    from app.services import build_services

    server = settings.server.model_copy(
        update={k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    )
    settings = settings.model_copy(update={"server": server})
    services = build_services(settings)  # builds the index first when it is missing
    print(f"Trợ lý NQ57 đang chạy tại http://{server.host}:{server.port}/ (tài liệu API: /docs)", flush=True)
    uvicorn.run(create_app(settings, services), host=server.host, port=server.port, log_level="info")
    return 0


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    from app.models import record_to_dict
    from app.services import build_services

    services = build_services(settings)
    conversation_id = None
    for question in args.question:
        conversation_id, answer = services.chat(question, conversation_id)
        if args.json:
            print(json.dumps({"question": question, "answer": answer.text, "intent": answer.intent,
                              "refused": answer.refused,
                              "citations": [c.to_dict() for c in answer.citations],
                              "records": [record_to_dict(r) for r in answer.records]},
                             ensure_ascii=False, indent=2))
        else:
            if len(args.question) > 1:
                print(f"› {question}")
            print(answer.text_with_sources())
            print()
    services.close()
    return 0
