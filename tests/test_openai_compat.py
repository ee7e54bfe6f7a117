"""The OpenAI-compatible endpoint, driven by the official `openai` client and LangChain's ChatOpenAI against a
real uvicorn server."""

from __future__ import annotations

import pytest

from app.api import MODEL_ID, create_app
from app.services import Services
from ingest.settings import Settings


@pytest.fixture(scope="module")
def base_url(corpus_settings: Settings, corpus_services: Services):  # type: ignore[no-untyped-def]
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(corpus_settings, corpus_services), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/v1"
    server.should_exit = True
    thread.join(timeout=10)


def test_openai_client_lists_the_model(base_url: str) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=base_url, api_key="x")
    assert MODEL_ID in [m.id for m in client.models.list()]


def test_openai_client_gets_a_cited_answer(base_url: str) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=base_url, api_key="x")
    reply = client.chat.completions.create(
        model=MODEL_ID, messages=[{"role": "user", "content": "Chỉ tiêu 11.2 là gì?"}]
    )
    content = reply.choices[0].message.content or ""
    assert "90" in content and "[1]" in content and "Nguồn:" in content
    extra = reply.model_extra or {}
    assert extra["citations"][0]["n"] == 1


def test_openai_client_streams_with_citations_in_the_last_chunk(base_url: str) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=base_url, api_key="x")
    stream = client.chat.completions.create(
        model=MODEL_ID, stream=True, messages=[{"role": "user", "content": "Nhiệm vụ số 75 do ai chủ trì?"}]
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert "Bộ Công an" in text
    with_citations = [c for c in chunks if (c.model_extra or {}).get("citations")]
    assert len(with_citations) == 1 and with_citations[0] is chunks[-1]
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_openai_messages_carry_the_conversation(base_url: str) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=base_url, api_key="x")
    reply = client.chat.completions.create(model=MODEL_ID, messages=[
        {"role": "system", "content": "Bạn là trợ lý."},
        {"role": "user", "content": "Bộ Y tế chủ trì những nhiệm vụ nào?"},
        {"role": "assistant", "content": "..."},
        {"role": "user", "content": "Còn Bộ Tài chính thì sao?"},
    ])
    assert "Bộ Tài chính" in (reply.choices[0].message.content or "")


def test_langchain_chat_openai_gets_a_cited_answer(base_url: str) -> None:
    from langchain_openai import ChatOpenAI

    model = ChatOpenAI(base_url=base_url, api_key="x", model=MODEL_ID, max_retries=0)
    reply = model.invoke("Chỉ tiêu quy mô kinh tế số đến năm 2030 là bao nhiêu?")
    assert "30" in str(reply.content) and "[1]" in str(reply.content)
    streamed = "".join(str(chunk.content) for chunk in model.stream("Nhiệm vụ số 75 do ai chủ trì?"))
    assert "Bộ Công an" in streamed


def test_openai_error_for_a_conversation_not_ending_with_the_user(base_url: str) -> None:
    import openai
    from openai import OpenAI

    client = OpenAI(base_url=base_url, api_key="x", max_retries=0)
    with pytest.raises(openai.BadRequestError) as err:
        client.chat.completions.create(model=MODEL_ID, messages=[{"role": "assistant", "content": "xin chào"}])
    assert "role 'user'" in str(err.value)
