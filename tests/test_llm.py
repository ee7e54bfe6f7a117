"""Optional LLM rephrasing through LangChain's ChatOpenAI, against a local server speaking the OpenAI protocol."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi import FastAPI, Request

from app.llm import Rephraser, check_rephrasing
from app.services import Services
from ingest.settings import LLMSettings


def fake_openai(mode: str) -> FastAPI:
    """A deterministic chat model: 'faithful' rewords the composed answer, 'inventive' adds a figure,
    'slow' answers after the client's time-out, 'broken' returns HTTP 500."""
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def completions(request: Request) -> Any:
        body = await request.json()
        prompt = body["messages"][-1]["content"]
        composed = prompt.split("Câu trả lời soạn sẵn:\n", 1)[1]
        if mode == "slow":
            time.sleep(3)
        if mode == "broken":
            from fastapi.responses import JSONResponse

            return JSONResponse({"error": {"message": "boom"}}, status_code=500)
        text = "Tóm lại, " + composed if mode == "faithful" else composed + " Ngoài ra còn 999 nhiệm vụ khác."
        return {"id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]}

    return app


@pytest.fixture
def composed(corpus_services: Services):  # type: ignore[no-untyped-def]
    return corpus_services.chat("Nhiệm vụ số 75 do ai chủ trì?")[1]


def rephraser(url: str, timeout: float = 10.0) -> Rephraser:
    r = Rephraser(LLMSettings(enabled=True, base_url=url + "/v1", model="fake", timeout_s=timeout))
    r.warm_up()
    return r


def test_faithful_rephrasing_replaces_the_text(serve_app, composed) -> None:  # type: ignore[no-untyped-def]
    url = serve_app(fake_openai("faithful"))
    answer = rephraser(url).rephrase("Nhiệm vụ số 75 do ai chủ trì?", composed)
    assert answer.text.startswith("Tóm lại,") and answer.citations == composed.citations


def test_rephrasing_with_an_invented_figure_falls_back(serve_app, composed) -> None:  # type: ignore[no-untyped-def]
    url = serve_app(fake_openai("inventive"))
    assert rephraser(url).rephrase("?", composed).text == composed.text


def test_slow_model_falls_back_after_the_timeout(serve_app, composed) -> None:  # type: ignore[no-untyped-def]
    url = serve_app(fake_openai("slow"))
    assert rephraser(url, timeout=0.5).rephrase("?", composed).text == composed.text


def test_server_error_falls_back(serve_app, composed) -> None:  # type: ignore[no-untyped-def]
    url = serve_app(fake_openai("broken"))
    assert rephraser(url).rephrase("?", composed).text == composed.text


def test_check_rejects_lost_and_unknown_citations(composed) -> None:  # type: ignore[no-untyped-def]
    assert check_rephrasing(composed, composed.text.replace("[1]", "")) is not None
    assert check_rephrasing(composed, composed.text + " [9]") is not None
    assert check_rephrasing(composed, composed.text) is None


def test_llm_enabled_without_url_is_rejected_at_start() -> None:
    with pytest.raises(ValueError, match="base_url"):
        LLMSettings(enabled=True)
