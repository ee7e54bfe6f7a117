"""The agency registry: resolving names in every written form, finding them in text, and the 2025 mergers."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from ingest.agencies import AgencyRegistry
from ingest.errors import DocumentError, NotFoundError


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return AgencyRegistry.default()


@pytest.mark.parametrize(
    ("written", "agency_id"),
    [
        ("Bộ GD&ĐT", "bo-gddt"),
        ("BGDĐT", "bo-gddt"),
        ("Bộ GDĐT", "bo-gddt"),
        ("Bộ KH&CN", "bo-khcn"),
        ("BKHCN", "bo-khcn"),
        ("Bộ KHCN", "bo-khcn"),
        ("BTTTT", "bo-tttt"),
        ("Bộ TT&TT", "bo-tttt"),
        ("VPCP", "vpcp"),
        ("NHNN", "nhnn"),
        ("BTC", "bo-tai-chinh"),
        ("BCA", "bo-cong-an"),
        ("BQP", "bo-quoc-phong"),
        ("BKHĐT", "bo-khdt"),
        ("Bộ KH&ĐT", "bo-khdt"),
        ("TP. HCM", "tp-ho-chi-minh"),
        ("TP.HCM", "tp-ho-chi-minh"),
        ("HN", "tp-ha-noi"),
        ("TTXVN", "ttxvn"),
    ],
)
def test_resolve_abbreviation(registry: AgencyRegistry, written: str, agency_id: str) -> None:
    agency = registry.resolve(written)
    assert agency is not None and agency.id == agency_id


@pytest.mark.parametrize(
    ("written", "agency_id"),
    [
        ("bo giao duc va dao tao", "bo-gddt"),
        ("bo giao duc", "bo-gddt"),
        ("Bộ Giáo dục Đào tạo", "bo-gddt"),
        ("ngan hang nha nuoc viet nam", "nhnn"),
        ("Ngân hàng nhà nước Việt Nam", "nhnn"),  # case as written in Phụ lục II row 108
        ("Bộ Tài nguyên và môi trường", "bo-tnmt"),
        ("Bộ Khoa học, Công nghệ", "bo-khcn"),  # the spelling of Phụ lục II row 46
        ("ho chi minh", "tp-ho-chi-minh"),
        ("Cáp bộ, ngành liên quan", "cac-bo-nganh"),  # the typo of Phụ lục II row 38
    ],
)
def test_resolve_tolerates_missing_diacritics_and_variants(
    registry: AgencyRegistry, written: str, agency_id: str
) -> None:
    agency = registry.resolve(written)
    assert agency is not None and agency.id == agency_id


@pytest.mark.parametrize(
    ("written", "agency_id"),
    [
        ("Ministry of Education and Training", "bo-gddt"),
        ("Ministry of Education", "bo-gddt"),
        ("Ministry of Science and Technology", "bo-khcn"),
        ("State Bank of Vietnam", "nhnn"),
        ("Ministry of Information and Communications", "bo-tttt"),
    ],
)
def test_resolve_english_name(registry: AgencyRegistry, written: str, agency_id: str) -> None:
    agency = registry.resolve(written)
    assert agency is not None and agency.id == agency_id


@pytest.mark.parametrize(
    "generic", ["bộ", "Bộ", "ngành", "địa phương", "bo", "ministry", "", "   ", "bo tai", "Bộ Công"]
)
def test_resolve_refuses_generic_or_ambiguous_words(registry: AgencyRegistry, generic: str) -> None:
    assert registry.resolve(generic) is None


def test_resolve_prefers_the_active_successor_when_a_prefix_names_a_lineage(registry: AgencyRegistry) -> None:
    agency = registry.resolve("Bộ Nông nghiệp")
    assert agency is not None and agency.id == "bo-nn-mt"


def test_canonical_returns_the_registry_name_or_the_input_normalised(registry: AgencyRegistry) -> None:
    assert registry.canonical("bo  kh&cn") == "Bộ Khoa học và Công nghệ"
    assert registry.canonical("  Sở   Thử nghiệm ") == "Sở Thử nghiệm"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("bo-tttt", "bo-khcn"),
        ("bo-khdt", "bo-tai-chinh"),
        ("bo-tnmt", "bo-nn-mt"),
        ("bo-nnptnt", "bo-nn-mt"),
        ("bo-gtvt", "bo-xay-dung"),
        ("bo-ldtbxh", "bo-noi-vu"),
        ("uy-ban-dan-toc", "bo-dan-toc-ton-giao"),
        ("ubqlv", "bo-tai-chinh"),
    ],
)
def test_ministry_mergers_of_1_march_2025(registry: AgencyRegistry, old: str, new: str) -> None:
    agency = registry.get(old)
    assert agency.merged_into == new
    assert agency.merged_on == "2025-03-01"
    assert agency.merge_source and "176/2025/QH15" in agency.merge_source
    assert not agency.active
    assert registry.successor(old).id == new


def test_lineage_lists_the_agency_its_predecessors_and_its_successor(registry: AgencyRegistry) -> None:
    assert [a.id for a in registry.lineage("bo-khcn")] == ["bo-khcn", "bo-tttt"]
    assert [a.id for a in registry.lineage("bo-tttt")] == ["bo-tttt", "bo-khcn"]
    assert {a.id for a in registry.lineage("bo-nn-mt")} == {"bo-nn-mt", "bo-tnmt", "bo-nnptnt"}


def test_split_ministry_records_its_other_successors_in_a_note(registry: AgencyRegistry) -> None:
    note = registry.get("bo-ldtbxh").note or ""
    assert "Bộ Y tế" in note and "Bộ Giáo dục và Đào tạo" in note


def test_province_merger_of_1_july_2025(registry: AgencyRegistry) -> None:
    provinces = [a for a in registry.all() if a.kind == "dia_phuong" and a.id.startswith(("tinh-", "tp-"))]
    assert len([a for a in provinces if a.active]) == 34
    assert len(provinces) == 63
    merged = [a for a in provinces if not a.active]
    assert all(a.merged_on == "2025-07-01" and "202/2025/QH15" in (a.merge_source or "") for a in merged)
    assert {a.id for a in registry.lineage("tinh-vinh-long")} == {
        "tinh-vinh-long",
        "tinh-ben-tre",
        "tinh-tra-vinh",
    }
    assert registry.successor("tinh-binh-duong").id == "tp-ho-chi-minh"


def test_find_mentions_takes_the_longest_name_and_spans_the_input(registry: AgencyRegistry) -> None:
    text = "Giao Bộ Khoa học và Công nghệ chủ trì, phối hợp với Bộ GD&ĐT và Văn phòng Chính phủ."
    mentions = registry.find_mentions(text)
    assert [m.agency.id for m in mentions] == ["bo-khcn", "bo-gddt", "vpcp"]
    assert all(text[m.start : m.end] == m.surface for m in mentions)
    assert mentions[0].surface == "Bộ Khoa học và Công nghệ"


def test_find_mentions_reads_names_broken_over_lines_and_without_diacritics(registry: AgencyRegistry) -> None:
    text = "Bo Thong tin\nva Truyen thong, Bộ Lao động\n- Thương binh và Xã hội"
    assert [m.agency.id for m in registry.find_mentions(text)] == ["bo-tttt", "bo-ldtbxh"]


def test_find_mentions_spans_refer_to_nfd_input(registry: AgencyRegistry) -> None:
    text = unicodedata.normalize("NFD", "Theo Bộ Y tế và Bộ Tư pháp")
    mentions = registry.find_mentions(text)
    assert [m.agency.id for m in mentions] == ["bo-y-te", "bo-tu-phap"]
    assert all(text[m.start : m.end] == m.surface for m in mentions)


def test_find_mentions_keeps_a_collective_actor_whole(registry: AgencyRegistry) -> None:
    mentions = registry.find_mentions("VTV, VOV, TTXVN, các bộ, ngành, địa phương")
    assert [m.agency.id for m in mentions] == ["vtv", "vov", "ttxvn", "cac-bo-nganh-dia-phuong"]


@pytest.mark.parametrize(
    "text",
    [
        "Bộ chỉ số đánh giá",  # "bộ" as a noun
        "Phát triển vì hòa bình và hợp tác",  # a province name used as a common word (text has capitals)
        "most ministries agree",  # an English word that is also an abbreviation
        "Bộ Chính trị về đột phá",  # a Party body, not a ministry
        "Phó Thủ tướng Nguyễn Hòa Bình ký",  # a person named like a province
    ],
)
def test_find_mentions_has_no_false_ministry(registry: AgencyRegistry, text: str) -> None:
    assert all(m.agency.kind != "bo" for m in registry.find_mentions(text))
    assert all(m.agency.kind != "dia_phuong" for m in registry.find_mentions(text))


def test_place_names_match_lower_case_in_a_typed_question(registry: AgencyRegistry) -> None:
    assert [m.agency.id for m in registry.find_mentions("cao bang co bao nhieu nhiem vu")] == [
        "tinh-cao-bang"
    ]


def _write_registry(path: Path, agencies: list[dict[str, object]]) -> Path:
    path.write_text(json.dumps({"agencies": agencies}, ensure_ascii=False), encoding="utf-8")
    return path


def test_registry_loads_from_a_given_json_file(tmp_path: Path) -> None:
    path = _write_registry(
        tmp_path / "agencies.json",
        [
            {
                "id": "so-a",
                "name": "Sở Thử nghiệm A",
                "kind": "khac",
                "aliases": ["STN-A"],
                "english": ["Test Dept A"],
            },
            {
                "id": "so-b",
                "name": "Sở Thử nghiệm B",
                "kind": "khac",
                "merged_into": "so-a",
                "merged_on": "2025-03-01",
                "merge_source": "Quyết định thử",
                "active": False,
            },
        ],
    )
    registry = AgencyRegistry.from_json(path)
    assert [a.id for a in registry.all()] == ["so-a", "so-b"]
    found = registry.resolve("so thu nghiem b")
    assert found is not None and found.id == "so-b"
    assert [a.id for a in registry.lineage("so-a")] == ["so-a", "so-b"]


def test_registry_rejects_one_name_for_two_agencies(tmp_path: Path) -> None:
    path = _write_registry(
        tmp_path / "agencies.json",
        [
            {"id": "a", "name": "Sở A", "kind": "khac", "aliases": ["Sở Chung"]},
            {"id": "b", "name": "Sở B", "kind": "khac", "aliases": ["So Chung"]},
        ],
    )
    with pytest.raises(DocumentError, match="Sở Chung|So Chung"):
        AgencyRegistry.from_json(path)


def test_registry_rejects_a_merger_into_an_unknown_agency(tmp_path: Path) -> None:
    path = _write_registry(
        tmp_path / "a.json", [{"id": "a", "name": "Sở A", "kind": "khac", "merged_into": "zz"}]
    )
    with pytest.raises(DocumentError, match="zz"):
        AgencyRegistry.from_json(path)


def test_registry_reports_a_missing_file_in_vietnamese(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="Không tìm thấy danh mục cơ quan"):
        AgencyRegistry.from_json(tmp_path / "missing.json")


def test_get_unknown_id_raises_not_found(registry: AgencyRegistry) -> None:
    with pytest.raises(NotFoundError, match="khong-co"):
        registry.get("khong-co")
