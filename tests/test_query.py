"""Question understanding: normalisation, lexicon, fields read from the text, intents, follow-up rewriting.

Run as a script (`python3 tests/test_query.py`) to print the intent table for INTENT_CASES.
"""

from __future__ import annotations

import json
import sys
import time
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # also run as a script
    sys.path.insert(0, str(ROOT))

from app.lexicon import expand_abbreviations, is_vi_stop, translate_terms
from app.query import (
    ConversationState,
    Query,
    QueryParser,
    Question,
    QuestionFilters,
    detect_language,
    find_dates,
    window_label,
)
from ingest.agencies import AgencyRegistry
from ingest.text import fold


@pytest.fixture(scope="module")
def parser() -> QueryParser:
    return QueryParser(AgencyRegistry.default())


def ask(parser: QueryParser, text: str, state: ConversationState | None = None) -> Query:
    return parser.parse(Question(text), state)


def chain(parser: QueryParser, turns: list[tuple[str, list[str]]]) -> list[Query]:
    """Parse a conversation; each turn gives the record refs the answer showed."""
    state = ConversationState()
    out = []
    for text, refs in turns:
        q = parser.parse(Question(text), state)
        out.append(q)
        state = state.advance(q, refs)
    return out


# ---------------------------------------------------------------------------------------------- lexicon


def test_nq57_abbreviation_expands_to_full_number() -> None:
    assert expand_abbreviations("NQ57 là gì?") == "Nghị quyết 57-NQ/TW là gì?"


def test_nghi_quyet_57_without_suffix_gets_full_number() -> None:
    assert expand_abbreviations("Nghị quyết số 57 nói gì") == "Nghị quyết 57-NQ/TW nói gì"


def test_domain_abbreviations_expand() -> None:
    assert expand_abbreviations("CĐS, ĐMST, KH&CN, DVCTT, CSDL") == (
        "chuyển đổi số, đổi mới sáng tạo, khoa học và công nghệ, dịch vụ công trực tuyến, cơ sở dữ liệu"
    )


def test_abbreviations_without_diacritics_expand() -> None:
    assert expand_abbreviations("cds va dmst") == "chuyển đổi số va đổi mới sáng tạo"


def test_document_numbers_are_left_intact() -> None:
    text = "Quyết định số 29/2025/QĐ-TTg; Kế hoạch 02-KH/BCĐTW; 57-NQ/TW"
    assert expand_abbreviations(text) == text


def test_abbreviation_after_bo_becomes_agency_name() -> None:
    assert expand_abbreviations("Bộ KH&CN") == "Bộ Khoa học và Công nghệ"


def test_task_abbreviation_before_number_expands() -> None:
    assert expand_abbreviations("NV 75 và nv12") == "nhiệm vụ 75 và nhiệm vụ 12"


def test_month_abbreviation_expands() -> None:
    assert expand_abbreviations("BC T9/2025") == "báo cáo tháng 9/2025"


def test_glossary_prefers_longest_english_phrase() -> None:
    assert translate_terms("the digital economy and its tasks") == ["kinh tế số", "nhiệm vụ"]


def test_glossary_reads_a_noun_before_related_but_not_inside_other_compounds() -> None:
    assert translate_terms("infrastructure-related tasks") == ["hạ tầng", "nhiệm vụ"]
    assert translate_terms("infrastructure-heavy plans") == ["kế hoạch"]


def test_everyday_abbreviations_of_plans_and_programmes_are_expanded() -> None:
    assert expand_abbreviations("các ĐP phải XD KH theo CTHĐ") == (
        "các địa phương phải xây dựng kế hoạch theo chương trình hành động")
    assert "KH-TC" in expand_abbreviations("Vụ KH-TC")


def test_stop_words_respect_diacritics() -> None:
    assert is_vi_stop("tại") and not is_vi_stop("tài")


# ---------------------------------------------------------------------------------------- normalisation


def test_normalized_is_nfc_with_single_spaces(parser: QueryParser) -> None:
    q = ask(parser, unicodedata.normalize("NFD", "Bộ  Tài   chính chủ trì gì?"))
    assert q.normalized == "Bộ Tài chính chủ trì gì?"


def test_folded_is_fold_of_normalized(parser: QueryParser) -> None:
    q = ask(parser, "Quan điểm của NQ57 về CĐS?")
    assert q.folded == fold(q.normalized)
    assert "chuyen doi so" in q.folded


def test_original_text_is_kept(parser: QueryParser) -> None:
    assert ask(parser, "NQ57  là gì").original == "NQ57  là gì"


# ----------------------------------------------------------------------------------------------- language


def test_english_question_detected() -> None:
    assert detect_language("Which tasks does the Ministry of Education lead?") == "en"


def test_vietnamese_without_diacritics_is_vietnamese() -> None:
    assert detect_language("bo tai chinh chu tri nhung nhiem vu nao") == "vi"


def test_english_with_vietnamese_agency_name_is_english() -> None:
    assert detect_language("Which tasks does Bộ Tài chính lead?") == "en"


# ------------------------------------------------------------------------------------------------ agencies


def test_agency_from_abbreviation(parser: QueryParser) -> None:
    assert ask(parser, "Bộ GD&ĐT chủ trì những nhiệm vụ nào?").agency_ids == ("bo-gddt",)


def test_agency_without_diacritics(parser: QueryParser) -> None:
    assert ask(parser, "bo tai chinh chu tri nhiem vu nao").agency_ids == ("bo-tai-chinh",)


def test_agency_from_short_english_name(parser: QueryParser) -> None:
    assert ask(parser, "Which tasks does the Ministry of Education lead?").agency_ids == ("bo-gddt",)


def test_agency_from_shortened_vietnamese_name(parser: QueryParser) -> None:
    assert ask(parser, "Bộ Giáo dục chủ trì những nhiệm vụ nào?").agency_ids == ("bo-gddt",)


def test_old_agency_name_resolves_to_old_agency(parser: QueryParser) -> None:
    assert ask(parser, "Bộ Thông tin và Truyền thông chủ trì những nhiệm vụ nào?").agency_ids == ("bo-tttt",)


def test_issuer_of_a_resolution_is_not_an_agency_filter(parser: QueryParser) -> None:
    assert ask(parser, "Nghị quyết 57-NQ/TW của Bộ Chính trị có mục tiêu gì?").agencies == ()


def test_government_in_digital_government_is_not_an_agency(parser: QueryParser) -> None:
    assert ask(parser, "Chính phủ số được triển khai như thế nào?").agencies == ()


def test_prime_minister_inside_deliverable_is_not_an_agency(parser: QueryParser) -> None:
    q = ask(parser, "Những nhiệm vụ có sản phẩm là Quyết định của Thủ tướng Chính phủ")
    assert q.agencies == ()


def test_agency_inside_document_number_is_ignored(parser: QueryParser) -> None:
    assert ask(parser, "Quyết định số 29/2025/QĐ-TTg quy định gì?").agencies == ()


def test_agency_inside_law_title_is_ignored(parser: QueryParser) -> None:
    assert ask(parser, "Nhiệm vụ sửa đổi Luật Tổ chức Chính phủ do ai chủ trì?").agencies == ()


def test_registry_loaded_from_a_small_file_works(tmp_path: Path) -> None:
    data = {
        "agencies": [
            {
                "id": "bo-thu",
                "name": "Bộ Thử Nghiệm",
                "kind": "bo",
                "aliases": ["BTN"],
                "english": ["Ministry of Testing"],
            }
        ]
    }
    path = tmp_path / "agencies.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    small = QueryParser(AgencyRegistry.from_json(path))
    assert small.parse(Question("BTN chủ trì những nhiệm vụ nào?")).agency_ids == ("bo-thu",)


# ---------------------------------------------------------------------------------------------------- role


@pytest.mark.parametrize(
    "text",
    [
        "Bộ Y tế chủ trì những nhiệm vụ nào?",
        "Bộ Tài chính được giao những nhiệm vụ gì?",
        "bo cong an phu trach nhung nhiem vu nao",
        "Which tasks does the Ministry of Finance lead?",
    ],
)
def test_lead_role(parser: QueryParser, text: str) -> None:
    assert ask(parser, text).role == "lead"


def test_coordinating_role(parser: QueryParser) -> None:
    assert ask(parser, "Bộ Khoa học và Công nghệ phối hợp những nhiệm vụ nào?").role == "coordinating"


def test_role_any_for_tasks_of_an_agency(parser: QueryParser) -> None:
    assert ask(parser, "Nhiệm vụ của Bộ Nội vụ là gì?").role == "any"


def test_role_any_when_both_roles_named(parser: QueryParser) -> None:
    assert ask(parser, "Bộ Tài chính chủ trì hoặc phối hợp những nhiệm vụ nào?").role == "any"


def test_asking_who_leads_is_an_ask_not_a_role_filter(parser: QueryParser) -> None:
    q = ask(parser, "Ai chủ trì Đề án nâng cấp Viện Hàn lâm Khoa học và Công nghệ Việt Nam?")
    assert (q.role, q.asks) == ("any", ("lead",))


# ---------------------------------------------------------------------------------------- task numbers


@pytest.mark.parametrize(
    "text", ["Nhiệm vụ số 75 là gì?", "nhiệm vụ 75", "task 75", "NV 75 là gì", "nhiem vu so 75"]
)
def test_task_number_forms(parser: QueryParser, text: str) -> None:
    assert ask(parser, text).task_numbers == (75,)


def test_several_task_numbers(parser: QueryParser) -> None:
    assert ask(parser, "Nhiệm vụ 12 và 15 do ai chủ trì?").task_numbers == (12, 15)


def test_task_number_range(parser: QueryParser) -> None:
    assert ask(parser, "nhiệm vụ 10-12").task_numbers == (10, 11, 12)


def test_count_before_noun_is_not_a_task_number(parser: QueryParser) -> None:
    assert ask(parser, "Có 75 nhiệm vụ của Bộ Tài chính không?").task_numbers == ()


def test_year_after_task_noun_is_not_a_task_number(parser: QueryParser) -> None:
    assert ask(parser, "Các nhiệm vụ năm 2025 của Bộ Y tế").task_numbers == ()


def test_indicator_number(parser: QueryParser) -> None:
    assert ask(parser, "Chỉ tiêu 11.2 là gì?").indicator_numbers == ("11.2",)


def test_indicator_number_is_one_keyword(parser: QueryParser) -> None:
    assert "11.2" in ask(parser, "Chỉ tiêu 11.2 là gì?").keywords


# ------------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "due_from", "due_to"),
    [
        ("Những nhiệm vụ có hạn 6/2025", "2025-06-01", "2025-06-30"),
        ("Các nhiệm vụ hoàn thành trong năm 2025", "2025-01-01", "2025-12-31"),
        ("Nhiệm vụ có hạn quý II/2025", "2025-04-01", "2025-06-30"),
        ("nhiem vu nao co han truoc thang 9/2025", None, "2025-08-31"),
        ("Tasks due in June 2025", "2025-06-01", "2025-06-30"),
        ("Tasks due before September 2025", None, "2025-08-31"),
        ("Các nhiệm vụ có hạn từ tháng 6/2025 đến tháng 12/2025", "2025-06-01", "2025-12-31"),
        ("bo tai chinh chu tri nhiem vu gi trong quy 2 nam 2025", "2025-04-01", "2025-06-30"),
        ("Những nhiệm vụ có thời hạn từ năm 2027 trở về sau", "2027-01-01", None),
        ("Các nhiệm vụ có hạn từ tháng 3/2025 trở về trước", None, "2025-03-31"),
        ("Nhiệm vụ hạn đến hết quý I/2025 (tháng 3/2025 trở về trước)", None, "2025-03-31"),
    ],
)
def test_deadline_window(parser: QueryParser, text: str, due_from: str | None, due_to: str | None) -> None:
    q = ask(parser, text)
    assert (q.due_from, q.due_to) == (due_from, due_to)


def test_document_number_is_not_a_date() -> None:
    assert find_dates("quyet dinh so 29/2025/qd-ttg") == []


def test_report_date_is_not_a_deadline(parser: QueryParser) -> None:
    q = ask(parser, "Theo báo cáo tóm tắt tháng 9/2025 Bộ Tài chính được giao bao nhiêu nhiệm vụ?")
    assert (q.due_from, q.due_to) == (None, None)


def test_as_of_date(parser: QueryParser) -> None:
    q = ask(parser, "Tính đến ngày 23/9/2025 có bao nhiêu nhiệm vụ đã hoàn thành?")
    assert (q.as_of, q.due_to) == ("2025-09-23", None)


def test_progress_count_in_a_year_is_a_period_not_a_deadline(parser: QueryParser) -> None:
    q = ask(parser, "Có bao nhiêu nhiệm vụ quá hạn trong năm 2025?")
    assert (q.due_from, q.period_from) == (None, "2025-01-01")


def test_month_without_year_takes_the_year_written_elsewhere() -> None:
    [report, august] = find_dates("giao ban thang 7/2025, nhiem vu can hoan thanh trong thang 8")
    assert (report.op, august.start.isoformat()) == ("source", "2025-08-01")


def test_window_label_names_a_quarter() -> None:
    assert window_label("2025-04-01", "2025-06-30") == "quý II/2025"


@pytest.mark.parametrize("text", ["Các nhiệm vụ thực hiện thường xuyên", "Nhiệm vụ hằng năm của Bộ Y tế"])
def test_recurring_deadline_kind(parser: QueryParser, text: str) -> None:
    assert ask(parser, text).deadline_kind == "recurring"


def test_earlier_deadline_sorts_ascending(parser: QueryParser) -> None:
    assert ask(parser, "Nhiệm vụ nào của Bộ Y tế có hạn sớm nhất?").sort == "due_asc"


# ---------------------------------------------------------------------------------------------- deliverable


@pytest.mark.parametrize(
    ("text", "deliverable"),
    [
        ("Nhiệm vụ nào có sản phẩm là Luật?", "Luật"),
        ("Những nhiệm vụ có kết quả là Nghị định", "Nghị định"),
        ("Những nhiệm vụ sản phẩm là Quyết định của Thủ tướng", "Quyết định của Thủ tướng Chính phủ"),
        ("nhiem vu nao co san pham la de an", "Đề án"),
        ("Which tasks produce a decree?", "Nghị định"),
    ],
)
def test_deliverable_term(parser: QueryParser, text: str, deliverable: str) -> None:
    assert ask(parser, text).deliverable == deliverable


def test_results_of_implementation_is_no_deliverable(parser: QueryParser) -> None:
    assert ask(parser, "Kết quả thực hiện Nghị quyết 57 đến nay thế nào?").deliverable is None


# --------------------------------------------------------------------------------------------------- status


@pytest.mark.parametrize(
    "text",
    [
        "Nhiệm vụ quá hạn của Bộ Y tế",
        "Nhiệm vụ chậm của Bộ Y tế",
        "Nhiệm vụ chậm muộn của Bộ Y tế",
        "Nhiệm vụ chưa hoàn thành của Bộ Y tế",
        "nhiem vu qua han cua bo y te",
        "overdue tasks of MOF",
    ],
)
def test_overdue_status(parser: QueryParser, text: str) -> None:
    assert ask(parser, text).status == "overdue"


def test_completed_status(parser: QueryParser) -> None:
    assert ask(parser, "Bao nhiêu nhiệm vụ đã hoàn thành?").status == "completed"


def test_in_progress_status(parser: QueryParser) -> None:
    assert ask(parser, "Những nhiệm vụ nào đang thực hiện?").status == "in_progress"


def test_deadline_phrase_is_no_status(parser: QueryParser) -> None:
    assert ask(parser, "Hạn hoàn thành của nhiệm vụ 40 là khi nào?").status is None


def test_task_title_with_complete_is_no_status(parser: QueryParser) -> None:
    assert (
        ask(parser, "Nhiệm vụ hoàn thành xây dựng Trung tâm dữ liệu quốc gia do ai chủ trì?").status is None
    )


# ------------------------------------------------------------------------------------- asks, metric, keywords


def test_deadline_is_asked(parser: QueryParser) -> None:
    assert ask(parser, "Nhiệm vụ 2 có hạn khi nào?").asks == ("deadline",)


def test_several_attributes_are_asked(parser: QueryParser) -> None:
    q = ask(parser, "Nhiệm vụ số 31: cơ quan chủ trì, phối hợp và hạn?")
    assert q.asks == ("deadline", "lead", "coordinating")


def test_ai_acronym_is_not_who(parser: QueryParser) -> None:
    q = ask(parser, "Những nhiệm vụ nào về AI do Bộ Khoa học và Công nghệ chủ trì?")
    assert (q.role, q.asks) == ("lead", ())


def test_figure_metric_hint(parser: QueryParser) -> None:
    assert "funding" in ask(parser, "Kinh phí bổ sung năm 2025 cho KHCN là bao nhiêu?").metric


def test_overdue_count_maps_to_agency_figure(parser: QueryParser) -> None:
    assert "agency_overdue" in ask(parser, "Bộ Tài chính có bao nhiêu nhiệm vụ quá hạn?").metric


def test_keywords_drop_stop_words(parser: QueryParser) -> None:
    assert ask(parser, "Những nhiệm vụ nào về trí tuệ nhân tạo?").keywords == (
        "nhiệm",
        "vụ",
        "trí",
        "tuệ",
        "nhân",
        "tạo",
    )


def test_english_keywords_are_vietnamese(parser: QueryParser) -> None:
    q = ask(parser, "What is the target for the digital economy by 2030?")
    assert {"kinh", "tế", "số", "chỉ", "tiêu"} <= set(q.keywords)
    assert "kinh tế số" in q.terms


def test_search_text_adds_vietnamese_terms_for_english(parser: QueryParser) -> None:
    assert "kinh tế số" in ask(parser, "What is the digital economy target?").search_text


def test_filters_pass_through(parser: QueryParser) -> None:
    filters = QuestionFilters(doc_ids=("doc-a",), kinds=("bao_cao",))
    assert parser.parse(Question("NQ57 là gì?", filters=filters)).filters == filters


def test_indicator_horizon(parser: QueryParser) -> None:
    assert ask(parser, "Chỉ tiêu về kinh tế số đến năm 2030 là gì?").horizon == 2030


# -------------------------------------------------------------------------------------------------- intents

INTENT_CASES: list[tuple[str, str]] = [
    # task_list
    ("Bộ GD&ĐT chủ trì những nhiệm vụ nào?", "task_list"),
    ("Bộ Tài chính được giao những nhiệm vụ gì?", "task_list"),
    ("bo cong an phu trach nhung nhiem vu nao", "task_list"),
    ("Liệt kê các nhiệm vụ Bộ Khoa học và Công nghệ phối hợp thực hiện", "task_list"),
    ("Những nhiệm vụ nào có thời hạn 6/2025?", "task_list"),
    ("Các nhiệm vụ phải hoàn thành trong quý II/2025", "task_list"),
    ("Nhiệm vụ nào có sản phẩm là Luật?", "task_list"),
    ("Những nhiệm vụ có kết quả là Nghị định của Chính phủ", "task_list"),
    ("Which tasks does the Ministry of Education lead?", "task_list"),
    ("List the tasks due in June 2025", "task_list"),
    ("nhiem vu nao co han truoc thang 9/2025", "task_list"),
    ("Nhiệm vụ của Bộ Nội vụ là gì?", "task_list"),
    ("Các nhiệm vụ thực hiện thường xuyên của các bộ, ngành, địa phương", "task_list"),
    ("Bộ Y tế phụ trách gì?", "task_list"),
    ("What tasks is the Ministry of Finance responsible for?", "task_list"),
    ("Nhiệm vụ nào giao cho VTV?", "task_list"),
    ("Cho tôi danh sách nhiệm vụ của Bộ Xây dựng", "task_list"),
    ("Bộ Công Thương có những nhiệm vụ gì trong năm 2026?", "task_list"),
    ("Những nhiệm vụ nào Bộ Nội vụ phải hoàn thành trước quý III/2025?", "task_list"),
    ("Nhiệm vụ nào hạn tháng 12/2025 mà Bộ KH&CN chủ trì?", "task_list"),
    ("nhiem vu cua bo tt&tt", "task_list"),
    ("Bộ Tài chính và Bộ Công an chủ trì những nhiệm vụ nào?", "task_list"),
    ("chào bạn, Bộ Tài chính chủ trì nhiệm vụ nào?", "task_list"),
    ("Những nhiệm vụ nào đang thực hiện?", "task_list"),
    ("Các nhiệm vụ hằng năm", "task_list"),
    ("tasks with a recurring deadline", "task_list"),
    ("Nhiệm vụ nào có sản phẩm là Đề án và hạn trong năm 2025?", "task_list"),
    ("Which tasks produce a decree?", "task_list"),
    ("Bộ Quốc phòng có nhiệm vụ nào quá hạn không?", "task_list"),
    ("Are there any tasks led by VTV?", "task_list"),
    ("Nhiệm vụ nào liên quan đến trí tuệ nhân tạo?", "task_list"),
    ("Quý I/2025 có những nhiệm vụ nào đến hạn?", "task_list"),
    ("Tasks due before September 2025", "task_list"),
    ("tasks of the Ministry of Science and Technology due in 2026", "task_list"),
    ("Danh sách nhiệm vụ quá hạn", "task_list"),
    ("bo tai chinh chu tri nhiem vu gi trong quy 2 nam 2025", "task_list"),
    # task_lookup
    ("Nhiệm vụ số 75 là gì?", "task_lookup"),
    ("Ai chủ trì nhiệm vụ 12?", "task_lookup"),
    ("Hạn hoàn thành của nhiệm vụ 40 là khi nào?", "task_lookup"),
    ("task 75", "task_lookup"),
    ("Who leads task 101?", "task_lookup"),
    ("NV 5 do cơ quan nào phối hợp?", "task_lookup"),
    ("nhiem vu so 3 co san pham gi", "task_lookup"),
    ("Nhiệm vụ 2 có hạn khi nào?", "task_lookup"),
    ("Nhiệm vụ thứ 10 là gì", "task_lookup"),
    ("What is the deadline for task 30?", "task_lookup"),
    ("Việc phát triển nguồn nhân lực chất lượng cao được giao cho ai?", "task_lookup"),
    ("Dự án Luật Chuyển đổi số phải hoàn thành khi nào?", "task_lookup"),
    ("Nhiệm vụ xây dựng Danh mục công nghệ chiến lược là nhiệm vụ số mấy?", "task_lookup"),
    ("luat nha giao do bo nao chu tri, han khi nao", "task_lookup"),
    ("Who leads the draft revised Law on Atomic Energy and when is it due?", "task_lookup"),
    # count
    ("Có bao nhiêu nhiệm vụ quá hạn?", "count"),
    ("Bộ Tài chính có bao nhiêu nhiệm vụ quá hạn, chậm muộn?", "count"),
    ("Tổng số nhiệm vụ trong Chương trình hành động là bao nhiêu?", "count"),
    ("How many tasks are overdue?", "count"),
    ("bao nhieu nhiem vu da hoan thanh", "count"),
    ("Bộ nào có nhiều nhiệm vụ nhất?", "count"),
    ("Có bao nhiêu chỉ tiêu đến năm 2030?", "count"),
    ("Tính đến ngày 23/9/2025 có bao nhiêu nhiệm vụ đã hoàn thành?", "count"),
    ("Bộ Khoa học và Công nghệ được giao bao nhiêu nhiệm vụ?", "count"),
    ("How many tasks does the Ministry of Public Security lead?", "count"),
    ("Có mấy nhiệm vụ do Bộ Y tế chủ trì?", "count"),
    ("Số nhiệm vụ quá hạn của Hà Nội là bao nhiêu?", "count"),
    ("Trong năm 2025 giao bao nhiêu nhiệm vụ?", "count"),
    ("Ban Chỉ đạo Trung ương giao bao nhiêu nhiệm vụ năm 2025?", "count"),
    ("How many overdue tasks did the Ministry of Education and Training have?", "count"),
    # figure
    ("Kinh phí bổ sung năm 2025 cho KHCN là bao nhiêu?", "figure"),
    ("Có bao nhiêu doanh nghiệp công nghệ số?", "figure"),
    ("Tỷ lệ dân số trưởng thành có chữ ký số là bao nhiêu?", "figure"),
    ("Kim ngạch xuất khẩu phần cứng, điện tử đạt bao nhiêu?", "figure"),
    ("How much funding was allocated to science and technology?", "figure"),
    ("Cổng sáng kiến đã tiếp nhận bao nhiêu đề xuất?", "figure"),
    ("so ho so dich vu cong truc tuyen la bao nhieu", "figure"),
    ("Doanh thu ngành công nghệ số tăng bao nhiêu phần trăm?", "figure"),
    ("Tỷ lệ hoàn thành 16 tiêu chí cấp xã?", "figure"),
    ("Diễn đàn Tương lai KHCN công bố mấy sáng kiến?", "figure"),
    ("Có bao nhiêu tỉnh hoàn thành 16/16 tiêu chí?", "figure"),
    ("Bộ KH&CN đã đề nghị phân bổ bao nhiêu tỷ đồng?", "figure"),
    ("So với năm 2024, số thí sinh nhập học tăng bao nhiêu?", "figure"),
    ("Theo báo cáo tháng 9/2025, Bộ Tài chính được giao bao nhiêu nhiệm vụ?", "figure"),
    ("Số DNCNS ước tính theo BC T9/2025?", "figure"),
    # indicator
    ("Chỉ tiêu 11.2 là gì?", "indicator"),
    ("Các chỉ tiêu về kinh tế số đến năm 2030", "indicator"),
    ("What is the target for the digital economy by 2030?", "indicator"),
    ("chi tieu so 5 do co quan nao theo doi", "indicator"),
    ("Tỷ lệ kinh tế số trong GDP đến năm 2030 là bao nhiêu?", "indicator"),
    ("Mục tiêu đến năm 2045 về xếp hạng đổi mới sáng tạo đạt mức nào?", "indicator"),
    ("Chỉ tiêu 3 đến năm 2030 là gì?", "indicator"),
    ("Đến năm 2030 kinh tế số chiếm bao nhiêu phần trăm GDP?", "indicator"),
    ("Which agency monitors indicator 11.2?", "indicator"),
    ("Indicators for 2045", "indicator"),
    ("ty le giao dich khong dung tien mat den 2030", "indicator"),
    # explain
    ("Nghị quyết 57 là gì?", "explain"),
    ("Quan điểm chỉ đạo của NQ57 về CĐS?", "explain"),
    ("Tại sao khoa học công nghệ là đột phá quan trọng hàng đầu?", "explain"),
    ("Mục tiêu của Chương trình hành động là gì?", "explain"),
    ("Nêu các giải pháp phát triển hạ tầng số", "explain"),
    ("What is Resolution 57 about?", "explain"),
    ("Why is digital transformation important?", "explain"),
    ("Chính phủ số được triển khai như thế nào?", "explain"),
    ("nhung kho khan vuong mac trong trien khai nghi quyet 57", "explain"),
    ("Vai trò của doanh nghiệp trong đổi mới sáng tạo", "explain"),
    ("Đánh giá nguy cơ của các nhiệm vụ chậm muộn về hạ tầng như thế nào?", "explain"),
    ("Trung tâm dữ liệu quốc gia số 1 khánh thành khi nào?", "explain"),
    ("Nghị quyết 03/NQ-CP ban hành ngày nào?", "explain"),
    ("NQ57 do ai ban hành?", "explain"),
    ("Tóm tắt báo cáo tình hình thực hiện NQ57", "explain"),
    ("Các nhiệm vụ trọng tâm của NQ57 là gì?", "explain"),
    ("Kết quả thực hiện Nghị quyết 57 đến nay thế nào?", "explain"),
    ("What did the report say about overdue tasks in infrastructure?", "explain"),
    ("Thủ tướng chủ trì phiên họp nào?", "explain"),
    ("Phó Thủ tướng Nguyễn Chí Dũng đã làm việc với Bộ KH&CN về nội dung gì?", "explain"),
    ("Nghị quyết 71 về giáo dục có mục tiêu gì?", "explain"),
    ("Vì sao nhiều nhiệm vụ bị chậm?", "explain"),
    ("Mạng 5G được ưu tiên triển khai ra sao?", "explain"),
    ("Ai ký Nghị quyết 03?", "explain"),
    ("What are the main solutions for digital infrastructure?", "explain"),
    ("TTg đã ban hành QĐ số mấy về tín dụng ưu đãi cho SV ngành STEM?", "explain"),
    # compare
    ("So sánh nhiệm vụ của Bộ Tài chính và Bộ Công an", "compare"),
    ("Bộ Tài chính hay Bộ Công an có nhiều nhiệm vụ quá hạn hơn?", "compare"),
    ("What is the difference between Resolution 57 and Resolution 03?", "compare"),
    ("Nghị quyết 57 khác gì Nghị quyết 03?", "compare"),
    ("Bộ Tài chính có nhiều nhiệm vụ hơn Bộ Công an không?", "compare"),
    ("Compare the overdue tasks of Hanoi and Cao Bang", "compare"),
    ("Which is larger, the digital economy revenue or the hardware exports?", "compare"),
    # chitchat
    ("Xin chào", "chitchat"),
    ("cảm ơn bạn nhiều", "chitchat"),
    ("Bạn là ai?", "chitchat"),
    ("hello", "chitchat"),
    ("thanks!", "chitchat"),
    ("ban lam duoc gi", "chitchat"),
    ("Good morning!", "chitchat"),
    ("Bạn có thể giúp gì cho tôi?", "chitchat"),
    # out_of_scope
    ("Thời tiết Hà Nội hôm nay thế nào?", "out_of_scope"),
    ("Ai vô địch World Cup 2022?", "out_of_scope"),
    ("Cách nấu phở bò ngon", "out_of_scope"),
    ("What's the weather like tomorrow?", "out_of_scope"),
    ("kết quả bóng đá tối qua", "out_of_scope"),
    ("Hôm nay trời có mưa không?", "out_of_scope"),
    ("Giá vàng hôm nay bao nhiêu?", "out_of_scope"),
    ("Recommend a good movie", "out_of_scope"),
    (
        "What was the weather in Hanoi during the meeting at the Ministry of Science and Technology?",
        "out_of_scope",
    ),
]


@pytest.mark.parametrize(("text", "intent"), INTENT_CASES)
def test_intent(parser: QueryParser, text: str, intent: str) -> None:
    assert ask(parser, text).intent == intent


def test_intent_cases_cover_every_intent() -> None:
    assert {intent for _, intent in INTENT_CASES} == {
        "task_lookup",
        "task_list",
        "count",
        "figure",
        "indicator",
        "explain",
        "compare",
        "chitchat",
        "out_of_scope",
    }


def test_parsing_is_fast(parser: QueryParser) -> None:
    start = time.perf_counter()
    for text, _ in INTENT_CASES:
        ask(parser, text)
    assert (time.perf_counter() - start) / len(INTENT_CASES) < 0.02  # 20 ms per question, no model calls


def test_parsing_is_deterministic(parser: QueryParser) -> None:
    text = "Còn Bộ Tài chính thì sao?"
    state = ConversationState().advance(ask(parser, "Bộ GD&ĐT chủ trì những nhiệm vụ nào?"), ["task:3"])
    assert ask(parser, text, state) == ask(parser, text, state)


# ------------------------------------------------------------------------------------------------ follow-ups


def test_agency_replaced_keeps_intent_and_role(parser: QueryParser) -> None:
    _, q = chain(
        parser, [("Bộ GD&ĐT chủ trì những nhiệm vụ nào?", ["task:3"]), ("Còn Bộ Tài chính thì sao?", [])]
    )
    assert (q.is_follow_up, q.intent, q.role, q.agency_ids) == (True, "task_list", "lead", ("bo-tai-chinh",))


def test_agency_replaced_rewrites_standalone(parser: QueryParser) -> None:
    _, q = chain(parser, [("Bộ GD&ĐT chủ trì những nhiệm vụ nào?", []), ("Còn Bộ Tài chính thì sao?", [])])
    assert q.standalone == "Bộ Tài chính chủ trì những nhiệm vụ nào?"


def test_follow_up_without_diacritics(parser: QueryParser) -> None:
    _, q = chain(parser, [("Bộ GD&ĐT chủ trì những nhiệm vụ nào?", []), ("con bo tai chinh thi sao", [])])
    assert (q.is_follow_up, q.agency_ids, q.role) == (True, ("bo-tai-chinh",), "lead")


def test_english_follow_up_replaces_agency(parser: QueryParser) -> None:
    _, q = chain(
        parser,
        [
            ("Which tasks does the Ministry of Education lead?", []),
            ("What about the Ministry of Finance?", []),
        ],
    )
    assert (q.intent, q.role, q.agency_ids) == ("task_list", "lead", ("bo-tai-chinh",))


def test_inherited_names_the_fields_taken_over(parser: QueryParser) -> None:
    _, q = chain(parser, [("Bộ Tài chính có bao nhiêu nhiệm vụ quá hạn?", []), ("Còn Bộ Công an?", [])])
    assert "status" in q.inherited and "agencies" not in q.inherited


def test_count_follow_up_keeps_status(parser: QueryParser) -> None:
    _, q = chain(parser, [("Bộ Tài chính có bao nhiêu nhiệm vụ quá hạn?", []), ("Còn Bộ Công an?", [])])
    assert (q.intent, q.status, q.agency_ids) == ("count", "overdue", ("bo-cong-an",))


def test_deadline_of_the_task_just_looked_up(parser: QueryParser) -> None:
    _, q = chain(parser, [("Nhiệm vụ số 75 là gì?", ["task:75"]), ("Hạn hoàn thành là khi nào?", [])])
    assert (q.intent, q.task_numbers, q.asks) == ("task_lookup", (75,), ("deadline",))
    assert q.standalone == "Thời hạn hoàn thành của nhiệm vụ số 75 là khi nào?"


def test_lead_of_the_task_just_looked_up(parser: QueryParser) -> None:
    _, q = chain(parser, [("Nhiệm vụ số 75 là gì?", ["task:75"]), ("Cơ quan nào chủ trì?", [])])
    assert (q.task_numbers, q.asks) == ((75,), ("lead",))


def test_earlier_deadline_among_previous_records(parser: QueryParser) -> None:
    _, q = chain(
        parser,
        [
            ("Bộ GD&ĐT chủ trì những nhiệm vụ nào?", ["task:3", "task:17", "task:40"]),
            ("Nhiệm vụ nào trong số đó có hạn sớm hơn?", []),
        ],
    )
    assert (q.intent, q.restrict_to, q.sort) == ("task_list", (3, 17, 40), "due_asc")


def test_earliest_among_previous_records_without_diacritics(parser: QueryParser) -> None:
    _, q = chain(
        parser,
        [
            ("Bộ GD&ĐT chủ trì những nhiệm vụ nào?", ["task:3", "task:17"]),
            ("nhiem vu nao trong so do co han som nhat", []),
        ],
    )
    assert (q.restrict_to, q.sort) == ((3, 17), "due_asc")


def test_english_which_of_them_restricts(parser: QueryParser) -> None:
    _, q = chain(
        parser,
        [
            ("Which tasks does the Ministry of Education lead?", ["task:3", "task:9"]),
            ("Which of them is due first?", []),
        ],
    )
    assert (q.restrict_to, q.sort) == ((3, 9), "due_asc")


def test_window_replaced(parser: QueryParser) -> None:
    _, q = chain(
        parser, [("Những nhiệm vụ có hạn trong năm 2025 của Bộ Tài chính", []), ("Còn năm 2026?", [])]
    )
    assert (q.intent, q.agency_ids, q.due_from, q.due_to) == (
        "task_list",
        ("bo-tai-chinh",),
        "2026-01-01",
        "2026-12-31",
    )


def test_quarter_without_year_takes_previous_year(parser: QueryParser) -> None:
    *_, q = chain(
        parser, [("Những nhiệm vụ có hạn trong năm 2026 của Bộ Tài chính", []), ("Còn quý III?", [])]
    )
    assert (q.due_from, q.due_to) == ("2026-07-01", "2026-09-30")


def test_figure_follow_up_replaces_year_in_standalone(parser: QueryParser) -> None:
    _, q = chain(
        parser, [("Kim ngạch xuất khẩu phần cứng năm 2025 là bao nhiêu?", []), ("Còn năm 2024?", [])]
    )
    assert (q.intent, q.standalone) == ("figure", "Kim ngạch xuất khẩu phần cứng năm 2024 là bao nhiêu?")


def test_topic_replaced_in_explain_follow_up(parser: QueryParser) -> None:
    _, q = chain(
        parser, [("Quan điểm của NQ57 về chuyển đổi số là gì?", []), ("Còn đổi mới sáng tạo thì sao?", [])]
    )
    assert q.standalone == "Quan điểm của Nghị quyết 57-NQ/TW về đổi mới sáng tạo là gì?"


def test_count_of_listed_selection(parser: QueryParser) -> None:
    _, q = chain(
        parser, [("Bộ Y tế chủ trì những nhiệm vụ nào trong năm 2025?", []), ("Có bao nhiêu nhiệm vụ?", [])]
    )
    assert (q.intent, q.agency_ids, q.due_from) == ("count", ("bo-y-te",), "2025-01-01")


def test_question_naming_its_own_agency_is_not_a_follow_up(parser: QueryParser) -> None:
    _, q = chain(
        parser,
        [("Bộ Tài chính có bao nhiêu nhiệm vụ quá hạn?", []), ("Bộ Y tế chủ trì những nhiệm vụ nào?", [])],
    )
    assert (q.is_follow_up, q.status, q.inherited) == (False, None, ())


def test_question_naming_its_own_topic_is_not_a_follow_up(parser: QueryParser) -> None:
    _, q = chain(
        parser, [("Nhiệm vụ số 75 là gì?", ["task:75"]), ("Chính phủ số được triển khai như thế nào?", [])]
    )
    assert (q.is_follow_up, q.task_numbers) == (False, ())


def test_thanks_after_a_question_is_chitchat(parser: QueryParser) -> None:
    _, q = chain(parser, [("Nhiệm vụ số 75 là gì?", ["task:75"]), ("Xin cảm ơn", [])])
    assert (q.intent, q.is_follow_up) == ("chitchat", False)


def test_follow_up_read_from_history_without_state(parser: QueryParser) -> None:
    history = (("user", "Bộ GD&ĐT chủ trì những nhiệm vụ nào?"), ("assistant", "Bộ GD&ĐT chủ trì ..."))
    q = parser.parse(Question("Còn Bộ Tài chính thì sao?", history=history))
    assert (q.is_follow_up, q.agency_ids, q.role) == (True, ("bo-tai-chinh",), "lead")


def test_three_turn_chain(parser: QueryParser) -> None:
    queries = chain(
        parser,
        [
            ("Bộ GD&ĐT chủ trì những nhiệm vụ nào?", ["task:3", "task:17", "task:40"]),
            ("Nhiệm vụ nào trong số đó có hạn sớm hơn?", ["task:17"]),
            ("Hạn hoàn thành là khi nào?", []),
        ],
    )
    assert (queries[2].intent, queries[2].task_numbers) == ("task_lookup", (17,))


def test_state_reads_task_numbers_from_refs() -> None:
    state = ConversationState().advance(
        Query(original="x", normalized="x", folded="x", language="vi", intent="task_list"),
        ["task:3", "indicator:11.2", "task:9"],
    )
    assert (state.last_task_numbers, state.last_indicator_numbers, state.turn_count) == ((3, 9), ("11.2",), 1)


# ------------------------------------------------------------------------------------------ intent table


def print_intent_table() -> None:
    parser = QueryParser(AgencyRegistry.default())
    right = 0
    print(f"{'ok':3} {'expected':13} {'got':13} {'lang':4} question")
    for text, expected in INTENT_CASES:
        q = parser.parse(Question(text))
        ok = q.intent == expected
        right += ok
        print(f"{'✓' if ok else '✗':3} {expected:13} {q.intent:13} {q.language:4} {text}")
    print(f"\nintent accuracy: {right}/{len(INTENT_CASES)} = {right / len(INTENT_CASES):.1%}")


if __name__ == "__main__":
    print_intent_table()


def test_a_thing_named_by_a_demonstrative_continues_the_last_question() -> None:
    from app.query import QueryParser, Question
    from ingest.agencies import AgencyRegistry

    parser = QueryParser(AgencyRegistry.default())
    state = parser.state_from_history([("user", "Bộ KH&CN đề nghị phân bổ bao nhiêu kinh phí cho KHCN?")])
    q = parser.parse(Question("Trong khoản đó, chi đầu tư là bao nhiêu?"), state)
    assert q.is_follow_up and q.intent == "figure"
    assert q.standalone.startswith("Trong khoản đó, chi đầu tư là bao nhiêu?") and "phân bổ" in q.standalone
    fresh = parser.parse(Question("Trong khoản đó, chi đầu tư là bao nhiêu?"))
    assert not fresh.is_follow_up


def test_abbreviations_for_ministries_sectors_and_localities() -> None:
    from app.lexicon import expand_abbreviations

    assert "bộ, ngành, địa phương" in expand_abbreviations("các BNĐP được giao bao nhiêu NV?")


def test_a_successor_named_with_nay_leaves_the_predecessor_as_the_agency_asked(parser: QueryParser) -> None:
    q = ask(parser, "Những nhiệm vụ hạn 6/2025 mà Bộ TT&TT cũ chủ trì (nay Bộ KH&CN báo cáo thay) là những nhiệm vụ nào?")
    assert [a.name for a in q.agencies] == ["Bộ Thông tin và Truyền thông"]


def test_a_successor_named_as_the_subject_keeps_both_agencies(parser: QueryParser) -> None:
    q = ask(parser, "Bộ Tài chính (sau khi hợp nhất với Bộ KH&ĐT) theo dõi những chỉ tiêu nào?")
    assert {a.name for a in q.agencies} == {"Bộ Tài chính", "Bộ Kế hoạch và Đầu tư"}


def test_tasks_asked_for_by_their_numbers_with_a_filter_are_a_list(parser: QueryParser) -> None:
    q = ask(parser, "Những nhiệm vụ hạn 6/2025 do Bộ Nội vụ chủ trì là nhiệm vụ số mấy?")
    assert q.intent == "task_list" and q.due_to == "2025-06-30"


def test_rows_of_the_appendix_asked_for_an_agency_are_a_list(parser: QueryParser) -> None:
    q = ask(parser, "Bộ Ngoại giao đứng tên cơ quan chủ trì ở những dòng nào của Phụ lục II?")
    assert q.intent == "task_list"


def test_abbreviations_of_public_administration() -> None:
    from app.lexicon import expand_abbreviations

    text = expand_abbreviations("TTHC giữa các CQNN trên Cổng DVC quốc gia, CQ nào theo dõi?")
    assert "cơ quan nhà nước" in text and "Cổng dịch vụ công quốc gia" in text and "cơ quan nào" in text


def test_asking_what_kind_of_result_names_no_deliverable(parser: QueryParser) -> None:
    q = ask(parser, "Hạn hoàn thành là khi nào, và sản phẩm là văn bản gì?")
    assert q.deliverable is None
    assert ask(parser, "Những nhiệm vụ nào có sản phẩm là Luật?").deliverable == "Luật"


def test_a_follow_up_asking_for_the_result_continues_the_task_of_the_last_answer(parser: QueryParser) -> None:
    state = ConversationState(last_query=ask(parser, "Nhiệm vụ xây dựng Chương trình phát triển Chính phủ số do ai chủ trì?"),
                              last_record_refs=("task:89",), turn_count=1)
    q = ask(parser, "Thế hạn hoàn thành là khi nào, và sản phẩm là văn bản gì?", state)
    assert q.is_follow_up and (q.task_numbers or q.restrict_to) == (89,)


def test_english_by_when_asks_for_the_deadline(parser: QueryParser) -> None:
    q = ask(parser, "Which agency is in charge of completing the National Data Centre, and by when?")
    assert "deadline" in q.asks and "lead" in q.asks


def test_ct_reads_as_indicator_beside_appendix_i_and_as_programme_elsewhere() -> None:
    assert "chỉ tiêu nào trong Phụ lục I" in expand_abbreviations("NHNN theo dõi những CT nào trong PL I?")
    assert "chương trình phát triển" in expand_abbreviations("BTTTT phải xây dựng CT phát triển CPS khi nào?")


def test_a_year_left_out_is_no_deadline_window(parser: QueryParser) -> None:
    q = ask(parser, "Trừ các nhiệm vụ hạn năm 2025 thì Bộ Y tế chủ trì những nhiệm vụ nào?")
    assert q.excluded_due == ("2025-01-01", "2025-12-31")
    assert q.due_from is None and q.due_to is None
    assert q.intent == "task_list"
    assert ask(parser, "Thu hút đầu tư nước ngoài năm 2025 ra sao?").excluded_due is None
    assert ask(parser, "Xoá bỏ các rào cản năm 2025 thế nào?").excluded_due is None


def test_the_year_of_the_2025_reorganisation_is_no_target_year(parser: QueryParser) -> None:
    q = ask(parser, "Chỉ tiêu phủ sóng 5G do bộ nào theo dõi, sau sắp xếp bộ máy năm 2025?")
    assert q.horizon is None
    assert ask(parser, "Chỉ tiêu phủ sóng 5G đến năm 2030 là bao nhiêu?").horizon == 2030


def test_a_count_that_names_nothing_continues_the_conversation(parser: QueryParser) -> None:
    first = ask(parser, "Kế hoạch số 02-KH/BCĐTW năm 2025 giao bao nhiêu nhiệm vụ?")
    q = ask(parser, "xong bao nhiêu rồi, đúng hạn mấy cái?", ConversationState().advance(first))
    assert q.is_follow_up and "02-KH/BCĐTW" in q.standalone


def test_where_from_is_a_question_word_of_its_own_part() -> None:
    from app.query import split_parts

    parts = split_parts("Bộ trưởng yêu cầu lập bộ phận gì cho truyền thông, và tiền làm truyền thông lấy từ đâu?")
    assert parts == ["Bộ trưởng yêu cầu lập bộ phận gì cho truyền thông", "tiền làm truyền thông lấy từ đâu"]
    assert len(split_parts("Bộ Tài chính bố trí vốn đầu tư từ đầu năm, và giải ngân được bao nhiêu?")) == 1


def test_a_statement_before_the_question_is_no_filter_on_what_it_asks(parser: QueryParser) -> None:
    q = ask(parser, "Bộ Y tế có nhiệm vụ quá hạn. Trong Phụ lục II, Bộ này chủ trì những nhiệm vụ nào?")
    assert q.status is None and q.intent == "task_list"
    claim = ask(parser, "Tôi nghe nói Bộ Y tế có nhiều nhiệm vụ quá hạn nhất. Có đúng vậy không?")
    assert claim.status == "overdue"
    aside = ask(parser, "Trong Phụ lục II có bao nhiêu nhiệm vụ có hạn trước tháng 9/2025 (tức là đã qua hạn khi lập báo cáo)?")
    assert aside.status is None and aside.due_to == "2025-08-31"


def test_a_period_left_out_beside_an_open_ended_one_is_still_left_out(parser: QueryParser) -> None:
    q = ask(parser, "Trừ các nhiệm vụ hạn năm 2025, những nhiệm vụ nào có hạn sau năm 2024?")
    assert q.excluded_due == ("2025-01-01", "2025-12-31")
    assert q.due_from == "2025-01-01" and q.due_to is None
