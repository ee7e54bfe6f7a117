"""The answer engine over the real bundled corpus: records, citations, follow-ups, refusals, languages."""

from __future__ import annotations

import re

import pytest

from app.query import Question
from app.services import Services
from ingest.models import Task
from ingest.task_query import TaskFilter, find_tasks
from ingest.text import fold, quote_in_text


def ask(services: Services, *questions: str) -> tuple[str, object]:
    conversation_id = None
    answer = None
    for q in questions:
        conversation_id, answer = services.chat(q, conversation_id)
    return conversation_id, answer  # type: ignore[return-value]


def task_numbers(answer) -> list[int]:  # type: ignore[no-untyped-def]
    return [r.number for r in answer.records if isinstance(r, Task)]


def assert_citations_verbatim(services: Services, answer) -> None:  # type: ignore[no-untyped-def]
    for c in answer.citations:
        text = services.bundle.store.document_text(c.document.id)
        assert text is not None and quote_in_text(c.quote, text), c.quote


def test_task_list_by_agency_is_complete_and_cited(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Bộ Y tế chủ trì những nhiệm vụ nào?")
    expected = find_tasks(corpus_services.bundle.store, corpus_services.registry, TaskFilter("Bộ Y tế", "lead"))
    assert expected, "the appendix assigns tasks to Bộ Y tế"
    assert task_numbers(answer) == [t.number for t in expected]
    for t in expected:
        assert f"Nhiệm vụ {t.number}:" in answer.text
    assert len(answer.citations) >= len(expected)
    assert_citations_verbatim(corpus_services, answer)


def test_question_without_diacritics_gives_the_same_tasks(corpus_services: Services) -> None:
    _, with_marks = ask(corpus_services, "Bộ Y tế chủ trì những nhiệm vụ nào?")
    _, without = ask(corpus_services, "bo y te chu tri nhung nhiem vu nao")
    assert task_numbers(without) == task_numbers(with_marks)


def test_follow_up_replaces_the_agency(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Bộ Y tế chủ trì những nhiệm vụ nào?", "Còn Bộ Tài chính thì sao?")
    expected = find_tasks(corpus_services.bundle.store, corpus_services.registry, TaskFilter("Bộ Tài chính", "lead"))
    assert set(task_numbers(answer)) == {t.number for t in expected}


def test_task_lookup_by_number_gives_lead_and_deadline(corpus_services: Services) -> None:
    task = corpus_services.bundle.store.task(20)
    assert task is not None
    _, answer = ask(corpus_services, "Nhiệm vụ số 20 là gì, ai chủ trì, hạn khi nào?")
    assert task_numbers(answer) == [20]
    assert task.lead_agencies[0] in answer.text
    assert task.deadline.raw in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_overdue_question_gives_the_report_count_and_says_the_list_is_missing(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Bộ Giáo dục và Đào tạo có bao nhiêu nhiệm vụ bị chậm?")
    assert re.search(r"\b0?7\b", answer.text)
    assert "không có trong bộ tài liệu" in answer.text
    assert answer.citations and "22" in (answer.citations[0].document.date or "")


def test_unanswerable_question_is_refused_without_figures(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Ngân sách năm 2027 dành cho chương trình vũ trụ là bao nhiêu?")
    assert answer.refused
    assert not re.search(r"\d{3,}", answer.text.split("Nội dung gần nhất")[0])


def test_english_question_is_answered_in_english(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Which tasks does the Ministry of Health lead?")
    assert answer.language == "en"
    assert "According to" in answer.text
    expected = find_tasks(corpus_services.bundle.store, corpus_services.registry, TaskFilter("Bộ Y tế", "lead"))
    assert task_numbers(answer) == [t.number for t in expected]


def test_figure_question_quotes_the_report(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Tính đến 23/9/2025 có bao nhiêu nhiệm vụ đã hoàn thành?")
    assert "270" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_old_agency_name_finds_tasks_of_its_successor(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Bộ Khoa học và Công nghệ chủ trì những nhiệm vụ nào?")
    leads = {fold(a) for r in answer.records if isinstance(r, Task) for a in r.lead_agencies}
    assert fold("Bộ Thông tin và Truyền thông") in leads
    assert "hợp nhất" in answer.text


def test_chitchat_gets_a_greeting_without_citations(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Xin chào")
    assert not answer.citations and "Trợ lý NQ57" in answer.text


@pytest.mark.parametrize("message", ["", "   ", "x" * 5000, "\x00\x01\x02"])
def test_bad_messages_raise_a_vietnamese_error(corpus_services: Services, message: str) -> None:
    from ingest.errors import InvalidRequestError

    with pytest.raises(InvalidRequestError) as err:
        corpus_services.chat(message)
    assert "Câu hỏi" in err.value.message


def test_engine_answers_question_objects_directly(corpus_services: Services) -> None:
    turn = corpus_services.engine.answer(Question(text="Chỉ tiêu 11.2 là gì?"))
    assert "90" in turn.answer.text


def test_each_part_of_a_two_part_question_is_answered(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Mục tiêu phủ sóng 5G đến năm 2030 trong Phụ lục I là bao nhiêu, và báo cáo "
                                     "tháng 9/2025 yêu cầu số trạm 5G cuối năm 2025 đạt bao nhiêu?")
    assert not answer.refused
    assert "99" in answer.text and "50%" in answer.text
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers == {c.n for c in answer.citations}, "every citation is used and every marker exists"
    assert_citations_verbatim(corpus_services, answer)


def test_particulars_kept_in_a_missing_appendix_are_refused_with_the_pointer(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Hai điểm nghẽn lớn về thủ tục hành chính ở cấp xã cụ thể là gì?")
    assert answer.refused
    assert "Phụ lục 05" in answer.text and answer.citations
    assert_citations_verbatim(corpus_services, answer)


@pytest.mark.parametrize(
    "question",
    [
        "Lãi suất cho vay ưu đãi cho sinh viên ngành STEM theo Quyết định 29/2025/QĐ-TTg là bao nhiêu?",
        "Phiên họp lần thứ năm của Ban Chỉ đạo đã kết luận những gì?",
    ],
)
def test_a_question_next_to_a_real_passage_but_not_answered_by_it_is_refused(
    corpus_services: Services, question: str
) -> None:
    _, answer = ask(corpus_services, question)
    assert answer.refused, answer.text


def test_an_overdue_group_shows_both_figures_the_report_gives(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Có bao nhiêu nhiệm vụ về hạ tầng bị quá hạn theo báo cáo?")
    assert "17 nhiệm vụ" in answer.text and "20 nhiệm vụ" in answer.text
    assert "không thống nhất" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_a_count_announced_in_a_sentence_brings_its_list(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Phó Thủ tướng Nguyễn Chí Dũng phân tích mấy xu hướng lớn tác động đến "
                                     "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số?")
    assert "5 xu hướng" in answer.text and "AI tạo sinh" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_who_signed_a_document_and_when_it_was_issued(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Nghị quyết 03/NQ-CP ban hành ngày nào, ai ký?")
    assert "9/1/2025" in answer.text and "Nguyễn Hòa Bình" in answer.text
    assert any("Nguyễn Hòa Bình" in c.quote for c in answer.citations)
    assert_citations_verbatim(corpus_services, answer)
    _, english = ask(corpus_services, "Who signed Resolution 03/NQ-CP?")
    assert "Nguyễn Hòa Bình" in english.text and "signed" in english.text


def test_an_indicator_asked_for_two_target_years_gives_both(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Quy mô kinh tế số đạt bao nhiêu % GDP vào năm 2030 và năm 2045?")
    assert "30" in answer.text and "50" in answer.text
    years = {r.horizon for r in answer.records if hasattr(r, "horizon")}
    assert {2030, 2045} <= years


def test_a_target_year_indicator_does_not_answer_a_question_about_this_year(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Việt Nam xếp hạng thứ mấy trong Chỉ số đổi mới sáng tạo toàn cầu GII 2025?")
    assert answer.refused


@pytest.mark.parametrize(
    "question",
    [
        # the report gives one figure for four provinces together
        "Riêng tỉnh Lâm Đồng được Bộ Tài chính trình bổ sung bao nhiêu kinh phí?",
        # the report names FPT Fornix, but no revenue for it
        "Doanh thu năm 2025 của trung tâm dữ liệu FPT Fornix là bao nhiêu?",
        # the corpus has the task to draft the law, not the day it was passed
        "Luật Trí tuệ nhân tạo được Quốc hội thông qua vào ngày nào?",
        # progress is reported for the programme and the conclusions together, not for the appendix
        "Trong 140 nhiệm vụ của Phụ lục II, đến tháng 9/2025 đã có bao nhiêu nhiệm vụ hoàn thành?",
    ],
)
def test_near_misses_are_refused(corpus_services: Services, question: str) -> None:
    _, answer = ask(corpus_services, question)
    assert answer.refused, answer.text


def test_a_group_figure_still_answers_a_question_about_the_group(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Bốn địa phương Thanh Hóa, Đà Nẵng, Lâm Đồng, Tây Ninh được bổ sung tổng cộng "
                                     "bao nhiêu kinh phí?")
    assert not answer.refused and "793,9" in answer.text


def test_indicators_of_an_agency_include_those_it_monitors_jointly(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Bộ Công an chủ trì theo dõi những chỉ tiêu nào của Phụ lục I?")
    numbers = {r.number for r in answer.records if hasattr(r, "horizon")}
    assert "29" in numbers, "indicator 29 is monitored by Bộ Công an together with others"
    _, count = ask(corpus_services, "Văn phòng Chính phủ theo dõi, đánh giá bao nhiêu chỉ tiêu trong Phụ lục I?")
    n = len([r for r in count.records if hasattr(r, "horizon")])
    assert n > 0 and f"{n} chỉ tiêu" in count.text
    assert "Phụ lục II" not in count.text.split("\n")[0]


@pytest.mark.parametrize(
    "question",
    [
        "Trung tâm Dữ liệu quốc gia số 1 có công suất bao nhiêu MW?",  # the corpus never gives a capacity
        "Thỏa thuận giữa Bộ KH&CN và Google trị giá bao nhiêu?",  # the agreement has no value in the corpus
    ],
)
def test_a_measure_the_corpus_never_states_is_refused(corpus_services: Services, question: str) -> None:
    _, answer = ask(corpus_services, question)
    assert answer.refused, answer.text


def test_the_measure_of_a_question_is_read_around_bao_nhieu(corpus_services: Services) -> None:
    engine = corpus_services.engine
    q = engine.parser.parse(Question("Trung tâm dữ liệu có tổng vốn đầu tư bao nhiêu và công suất bao nhiêu?"))
    assert {"vốn đầu tư", "công suất"} <= set(engine._measures(q))
    q = engine.parser.parse(Question("Chi đầu tư lần lượt là bao nhiêu?"))
    assert "lần lượt" not in engine._measures(q)


def test_a_source_named_first_does_not_drown_the_question(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Theo Chương trình hành động ban hành kèm Nghị quyết 03/NQ-CP, các bộ, ngành, "
                                     "địa phương phải báo cáo kết quả định kỳ bao lâu một lần, trước những ngày nào?")
    assert "6 tháng" in answer.text and "15 tháng 6" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_a_name_in_mixed_case_must_be_in_the_passage_that_answers(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Mạng lưới ViSecurity có bao nhiêu thành viên?")
    assert answer.refused, answer.text
    _, named = ask(corpus_services, "Phó Thủ tướng chủ trì công bố mạng lưới ĐMST nào về an ninh mạng?")
    assert "ViSecurity" in named.text


def test_counting_something_other_than_tasks_is_read_from_the_text(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Làm việc với Bộ KH&CN, Phó Thủ tướng Nguyễn Chí Dũng phân tích mấy xu hướng lớn?")
    assert "5 xu hướng" in answer.text
    assert "Phụ lục II" not in answer.text.split("\n")[0]


def test_status_counts_come_with_what_they_count(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Đến 23/9/2025 có bao nhiêu nhiệm vụ hoàn thành?")
    first = answer.text.split("\n")[0]
    assert "270" in first and "180" in first and "Chương trình hành động" in first
    assert "Kế hoạch số 02-KH/BCĐTW" in answer.text and "45" in answer.text
    assert_citations_verbatim(corpus_services, answer)
    _, both = ask(corpus_services, "Kế hoạch số 02-KH/BCĐTW có bao nhiêu nhiệm vụ và đã hoàn thành bao nhiêu?")
    assert "70 nhiệm vụ" in both.text and "45" in both.text


def test_a_later_part_without_its_subject_is_answered_only_about_that_subject(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Mạng lưới ViSecurity có bao nhiêu thành viên và ai là người đứng đầu?")
    assert answer.refused or "Người đứng đầu các bộ" not in answer.text, answer.text


def test_per_agency_overdue_counts_are_added_up_and_set_against_the_stated_total(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Cộng số nhiệm vụ quá hạn của từng cơ quan trong báo cáo thì được bao nhiêu, "
                                     "có khớp với tổng không?")
    figures = [f for f in corpus_services.bundle.store.figures() if f.subject == "agency_overdue"]
    total = int(sum(f.value for f in figures))
    assert f"{len(figures)} cơ quan" in answer.text and f"được {total} nhiệm vụ" in answer.text
    assert "không khớp với con số 27 nhiệm vụ" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_groups_are_added_up_and_the_announced_number_of_groups_is_checked(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Cộng số nhiệm vụ quá hạn theo từng nhóm thì được bao nhiêu?")
    assert "6 nhóm" in answer.text and "khớp với con số 27" in answer.text
    assert "nêu 7 nhóm" in answer.text
    assert "Đánh giá nguy cơ" not in answer.text  # a selection of groups, not a breakdown of the total


def test_statuses_added_up_are_set_against_the_tasks_still_planned(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Số nhiệm vụ đang thực hiện cộng quá hạn có khớp với số nhiệm vụ phải tập trung "
                                     "thực hiện cuối năm không?")
    assert "382" in answer.text and "27" in answer.text and "được 409 nhiệm vụ" in answer.text
    assert "không khớp với con số 459" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_a_task_found_by_its_title_answers_its_row_number(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, 'Nhiệm vụ "Bố trí ít nhất 15% ngân sách nhà nước chi sự nghiệp khoa học và công '
                                     'nghệ phục vụ nghiên cứu công nghệ chiến lược" là số thứ tự mấy, bộ nào chủ trì?')
    assert not answer.refused
    assert 49 in task_numbers(answer) and "Bộ Tài chính" in answer.text


def test_a_lead_that_has_merged_is_given_with_its_present_name(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Nhiệm vụ 101 do bộ nào chủ trì?")
    assert "Cơ quan chủ trì nhiệm vụ 101: Bộ Giao thông vận tải (nay là Bộ Xây dựng)" in answer.text


def test_the_item_of_an_enumeration_asked_in_a_follow_up_is_quoted(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Tổng Bí thư Tô Lâm đưa ra mấy nhiệm vụ, giải pháp để thực hiện Nghị quyết 57?",
                    "Nhiệm vụ, giải pháp thứ tư trong số đó là gì?")
    assert "«Bốn là," in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_an_indicator_for_a_technology_the_appendix_does_not_track_is_refused(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Phụ lục I đặt chỉ tiêu phủ sóng 6G đến năm 2030 là bao nhiêu?")
    assert answer.refused and "«6G»" in answer.text and "5G" in answer.text


def test_the_number_of_a_named_document_is_not_a_figure_to_match(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Under Resolution 03/NQ-CP, which agency is in charge of completing the National "
                                     "Data Centre and putting it into operation, and by when?")
    assert task_numbers(answer)[:1] == [69]
    assert "Bộ Công an" in answer.text and "12/2025" in answer.text


def test_an_english_question_about_a_proposal_finds_the_proposed_sum(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "How much funding did the Ministry of Science and Technology propose to the "
                                     "Ministry of Finance?")
    assert "7.225,56" in answer.text


def test_completed_and_overdue_counts_asked_together_come_from_the_report(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "As of 23 September 2025, how many tasks under the Government's action programme "
                                     "had been completed, and how many were overdue?")
    assert "270" in answer.text and "27" in answer.text
    assert "Government (Chính phủ)" not in answer.text


def test_chat_shorthand_bn_reads_as_how_many(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Bộ GD&ĐT có bn NV quá hạn?")
    assert "7 nhiệm vụ quá hạn" in answer.text and not answer.refused


def test_a_month_asked_as_a_deadline_counts_only_deadlines_written_as_that_month(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Bao nhiêu nhiệm vụ trong Phụ lục II có thời hạn 12/2025?")
    tasks = [t for t in corpus_services.bundle.store.tasks()
             if t.deadline.kind == "month" and (t.deadline.due_date or "").startswith("2025-12")]
    assert f"có {len(tasks)} nhiệm vụ" in answer.text
    assert set(task_numbers(answer)) == {t.number for t in tasks}


def test_counting_asked_with_dem_is_a_count_of_the_agency_s_tasks(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Đếm giúp số nhiệm vụ Bộ Nội vụ làm cơ quan chủ trì trong Phụ lục II.")
    led = find_tasks(corpus_services.bundle.store, corpus_services.registry, TaskFilter("Bộ Nội vụ", "lead"))
    helped = find_tasks(corpus_services.bundle.store, corpus_services.registry, TaskFilter("Bộ Nội vụ", "coordinating"))
    assert not answer.refused and "Bộ Nội vụ chủ trì" in answer.text
    assert {t.number for t in led} <= set(task_numbers(answer))
    assert not {t.number for t in helped} - {t.number for t in led} & set(task_numbers(answer))


def test_a_passage_about_coverage_is_not_off_topic(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Việc phủ sóng cho 117 thôn chưa có điện phải xong trước ngày nào?")
    assert not answer.refused and "30/11/2025" in answer.text


def test_the_signer_of_a_report_without_a_signature_block_is_refused(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Báo cáo tóm tắt ngày 22/9/2025 về tình hình thực hiện NQ57 do ai ký?")
    assert answer.refused and "không có phần chữ ký" in answer.text


def test_issuing_something_a_report_mentions_is_not_a_question_about_the_report(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Đề án chuyển đổi số cho doanh nghiệp nhỏ và vừa: báo cáo 22/9 nói hạn hoàn thành "
                                     "là ngày nào, còn tháng 4/2025 Bộ dự kiến ban hành khi nào?")
    assert "không ghi cơ quan ban hành" not in answer.text and "6/2025" in answer.text


def test_an_item_asked_in_a_follow_up_comes_from_the_enumeration_the_last_answer_counted(
        corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Tổng Bí thư Tô Lâm nêu bao nhiêu nhiệm vụ, giải pháp để thực hiện Nghị quyết 57?",
                    "Thế nhiệm vụ thứ bảy đặt ra yêu cầu gì về thủ tục hành chính trong năm 2025?")
    assert "«Bảy là," in answer.text


def test_an_item_named_by_its_noun_is_not_taken_from_another_enumeration(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Trong định hướng thứ tư về hạ tầng số và công nghệ chiến lược, Phó Thủ tướng "
                                     "Nguyễn Chí Dũng yêu cầu sớm hoàn thành những gì?")
    assert "«Thứ tư, đẩy mạnh phát triển hạ tầng số" in answer.text


def test_a_group_of_overdue_tasks_asked_with_a_verb_of_saying_gives_both_figures(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Báo cáo nói có bao nhiêu nhiệm vụ về hạ tầng bị quá hạn?")
    assert "17 nhiệm vụ" in answer.text and "20 nhiệm vụ" in answer.text


def test_the_appendix_overview_counts_tasks_and_groups_asked_together(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Phụ lục II tổng cộng có bao nhiêu nhiệm vụ, chia thành mấy nhóm?")
    assert "140 nhiệm vụ" in answer.text and "7 nhóm" in answer.text


def test_a_footnote_is_kept_and_cited_from_the_end_of_its_document(corpus_services: Services) -> None:
    text = corpus_services.bundle.store.document_text("2025-04-01_dien-dan-KHCN_bo-KHCN-lam-viec-voi-pho-thu-tuong")
    assert text is not None and "Chú thích:" in text
    assert "Nghị quyết số 193/2025/QH15 của Quốc hội về thí điểm một số cơ chế" in text


def test_a_member_of_a_list_sharing_a_figure_is_not_refused(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Tôi ở Lâm Đồng, nghe nói tỉnh được bổ sung kinh phí cho khoa học công nghệ năm "
                                     "nay. Số tiền là bao nhiêu?")
    assert not answer.refused


def test_the_reporting_duty_of_the_programme_is_quoted_with_its_dates(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Chương trình hành động ban hành kèm Nghị quyết 03/NQ-CP quy định chế độ báo cáo định "
                                     "kỳ thế nào: bao lâu một lần, gửi cơ quan nào và trước ngày nào?")
    assert "định kỳ 6 tháng" in answer.text and "15 tháng 6" in answer.text


def test_collective_agencies_in_an_overdue_question_are_everyone(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Người đứng đầu các bộ, ngành, địa phương phải giải quyết dứt điểm bao nhiêu nhiệm "
                                     "vụ quá hạn?")
    assert "27" in answer.text and "29" in answer.text


def test_a_question_about_a_meeting_is_not_answered_with_the_report_s_agency_counts(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Giao ban tháng 7/2025 của Bộ KH&CN: số nhiệm vụ thuộc Nghị quyết 57 phải hoàn thành "
                                     "trong tháng 8 là bao nhiêu?")
    assert "297 nhiệm vụ" not in answer.text
    # the meeting named before the colon sets the scene: the count is quoted first, not the meeting's dateline
    assert answer.text.splitlines()[0].startswith("Theo tin") and "59 nhiệm vụ" in answer.text.splitlines()[0]
    assert_citations_verbatim(corpus_services, answer)


def test_a_follow_up_asking_who_signed_it_names_the_last_document(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Nghị quyết 03/NQ-CP ban hành ngày nào?", "Ai ký văn bản đó?")
    assert "Nguyễn Hòa Bình" in answer.text


def test_a_code_named_for_the_report_is_not_checked_against_the_indicators(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Về 5G: Phụ lục I đặt mục tiêu phủ sóng 5G bao nhiêu % dân số đến 2030, còn báo cáo "
                                     "22/9 yêu cầu số trạm 5G đạt tối thiểu bao nhiêu % số trạm 4G?")
    assert not answer.refused and "99" in answer.text


@pytest.mark.parametrize("question", [
    pytest.param("Cục trưởng Cục Chuyển đổi số quốc gia hiện nay là ai?", id="office-holder-never-named"),
    pytest.param("Bộ Tài chính trình bổ sung kinh phí cho 4 địa phương Thanh Hóa, Đà Nẵng, Lâm Đồng, Tây Ninh. "
                 "Riêng Đà Nẵng được bao nhiêu tỷ?", id="one-member-of-a-shared-figure"),
    pytest.param("Năm 2024 chi cho nghiên cứu phát triển (R&D) thực tế đạt bao nhiêu phần trăm GDP?",
                 id="later-target-for-earlier-year"),
    pytest.param("Tốc độ Internet di động của Việt Nam hiện nay là bao nhiêu Mbps?", id="unit-never-written"),
    pytest.param("Trong 793,9 tỷ đồng Bộ Tài chính trình bổ sung cho 4 địa phương thì riêng Tây Ninh được bao nhiêu?",
                 id="last-member-of-a-shared-list"),
    pytest.param("How much funding has the World Bank committed to support Resolution 57?",
                 id="english-name-never-written"),
    pytest.param("Thực tế năm 2024 chi ngân sách nhà nước cho khoa học, công nghệ chiếm bao nhiêu % tổng chi?",
                 id="actual-figure-for-an-unstated-year"),
    pytest.param("Tỷ lệ người trưởng thành có chữ ký số đến cuối năm 2023 là bao nhiêu?",
                 id="figure-of-another-year"),
    pytest.param("Mức thu nhập hằng tháng của Tổng công trình sư theo Nghị định 231/2025/NĐ-CP là bao nhiêu?",
                 id="sum-of-money-never-stated"),
    pytest.param("How much money is Google putting into Vietnam under its deal with the ministry?",
                 id="english-sum-of-money-never-stated"),
    pytest.param("Việt Nam đứng thứ mấy trong bảng xếp hạng GII 2025?", id="rank-never-stated"),
    pytest.param("Luật Trí tuệ nhân tạo đã được thông qua chưa?", id="event-never-told"),
    pytest.param("Năm 2023 có bao nhiêu doanh nghiệp công nghệ số?", id="year-of-the-announcing-line"),
    pytest.param("Doanh thu ngành công nghệ số năm 2024 là bao nhiêu?", id="year-only-compared-with"),
    pytest.param("Thành phố Hà Nội được bổ sung bao nhiêu kinh phí năm 2025?", id="province-not-where-the-sum-is"),
    pytest.param("What is the 2027 budget for science and technology?", id="budget-of-an-unstated-year"),
    pytest.param("Doanh nghiệp khởi nghiệp sáng tạo được miễn thuế mấy năm?", id="number-of-years-never-stated"),
    pytest.param("Luật Trí tuệ nhân tạo được thông qua tại kỳ họp nào?", id="session-of-an-event-never-told"),
    pytest.param("Liệt kê đủ 16 tiêu chí chuyển đổi số cấp xã giúp mình, để xã tự chấm điểm.", id="many-members-never-listed"),
    pytest.param("Quỹ Viễn thông công ích hỗ trợ bao nhiêu tỷ đồng cho doanh nghiệp phủ sóng vùng lõm?",
                 id="sum-in-billions-never-stated"),
    pytest.param("What rank did Vietnam reach in the GII 2025?", id="english-rank-never-stated"),
    pytest.param("How much supplementary funding did Ho Chi Minh City receive for science and technology in 2025?",
                 id="university-named-after-a-city-is-not-the-city"),
    pytest.param("Cả nước hiện đã có bao nhiêu trạm 5G?", id="achievement-answered-only-by-a-target"),
    pytest.param("Tính tới tháng 9/2025 cả nước đã có bao nhiêu trạm 5G, chiếm bao nhiêu % so với số trạm 4G?",
                 id="later-part-of-an-achievement-answered-only-by-a-target"),
    pytest.param("Muốn đăng ký học lái xe ô tô trên VNeID thì làm thế nào?", id="two-letter-word-never-written"),
    pytest.param("Phiên họp thứ tư của Ban Chỉ đạo của Chính phủ đã kết luận những gì?", id="conclusions-of-a-later-meeting"),
    pytest.param("Địa phương nào dẫn đầu bảng xếp hạng chỉ số PII năm 2025?", id="first-place-never-stated"),
    pytest.param("Ông bà nào đang giữ chức Cục trưởng Cục Chuyển đổi số quốc gia?", id="office-holder-asked-as-ong-ba"),
    pytest.param("Khi nào Quốc hội thông qua Luật Chuyển đổi số?", id="passing-of-another-law-is-no-answer"),
    pytest.param("What preferential tax rate do semiconductor start-ups pay under these documents?", id="tax-rate"),
    pytest.param("What monthly allowance do doctoral students get under the engineer training programme?",
                 id="allowance"),
    pytest.param("Mình dạy tin học cấp 2. Nghị quyết 57 có tăng phụ cấp cho giáo viên dạy tin không, tăng bao nhiêu "
                 "phần trăm?", id="later-part-naming-only-a-measure-after-a-missing-first-part"),
    pytest.param("Kinh tế số hiện chiếm bao nhiêu % GDP cả nước?", id="present-figure-answered-only-by-a-later-target"),
    pytest.param("Tỷ lệ giải ngân vốn cho chuyển đổi số năm 2025 là bao nhiêu?", id="ratio-of-what-is-never-measured"),
    pytest.param("What exactly are the two bottlenecks the September 2025 report mentions?",
                 id="english-particulars-in-a-missing-appendix"),
    pytest.param("Who is the current Minister of Finance, and what did she say about the 2025 funding?",
                 id="english-later-part-about-a-missing-first-subject"),
    pytest.param("Trong 530,1 tỷ đồng Bộ Tài chính đang tổng hợp, Bộ Tư pháp được bao nhiêu?",
                 id="share-of-a-total-the-question-quotes"),
    pytest.param("Riêng Thanh Hóa được bao nhiêu trong khoản bổ sung cho 04 địa phương?",
                 id="first-member-of-a-list-announced-by-its-count"),
    pytest.param("Số trạm 5G thực tế đến cuối 2025 bằng bao nhiêu % số trạm 4G?", id="actual-figure-only-a-target"),
    pytest.param("Tại Phiên họp lần thứ sáu của Ban Chỉ đạo, số nhiệm vụ quá hạn còn bao nhiêu?",
                 id="overdue-figures-of-a-meeting-never-told"),
    pytest.param("Định mức công tác phí cho cán bộ đi công tác địa phương là bao nhiêu một ngày?",
                 id="allowance-no-passage-states"),
    pytest.param("What percentage of the 2025 science and technology budget had been disbursed by September 2025?",
                 id="english-share-no-passage-states"),
    pytest.param("Who is the current director of the National Digital Transformation Agency?",
                 id="english-office-holder-never-named"),
    pytest.param("Bộ trưởng Bộ Nội vụ hiện nay là ai, và đã chỉ đạo gì về triển khai Nghị quyết 57?",
                 id="minister-of-another-ministry-and-what-he-did"),
    pytest.param("Chỉ tiêu đến năm 2030 về tỷ lệ cán bộ, công chức được bồi dưỡng kỹ năng số là bao nhiêu %?",
                 id="percentage-no-passage-states"),
    pytest.param("Tính đến tháng 8/2025 kinh tế số đã chiếm bao nhiêu % GDP? Tôi cần con số thực tế để so với chỉ tiêu "
                 "năm 2030.", id="achieved-share-only-a-target-states"),
    pytest.param("Người đại diện Vụ Kinh tế và Xã hội số phát biểu tại buổi làm việc ngày 01/4/2025 tên là gì?",
                 id="name-of-a-representative-never-named"),
    pytest.param("Thứ trưởng Bộ Tài chính nào được phân công theo dõi việc bố trí kinh phí thực hiện Nghị quyết 57?",
                 id="which-deputy-minister-never-named"),
    pytest.param("What share of the 2026 state budget estimate has been earmarked for science and technology, and how "
                 "many trillion dong is that?", id="english-later-part-about-that-missing-figure"),
])
def test_a_question_whose_answer_the_documents_do_not_hold_is_refused(corpus_services: Services, question: str) -> None:
    """Each is refused by its own check: an office holder never named, one member of a figure its list shares,
    a target for another year, a unit never written, an English name never written, an actual figure for a year
    no passage states, a figure stated only for another year, a sum of money or a rank no passage states, an
    event no passage tells, a province the passage with the sum does not name; a figure asked for now that only a
    later target states, a share of a total the question quotes, details in a missing appendix, a later part about
    a missing first subject, overdue figures of a meeting never told."""
    _, answer = ask(corpus_services, question)
    assert answer.refused, answer.text


def test_luong_of_a_law_s_name_is_no_salary(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Luật Năng lượng nguyên tử (sửa đổi) là nhiệm vụ số mấy?")
    assert not answer.refused and 15 in task_numbers(answer)


def test_a_later_part_its_own_words_do_not_find_falls_back_on_the_first_part_s_subject(
        corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Hệ thống DVCTT ghi nhận bao nhiêu hồ sơ, và các địa phương chiếm bao nhiêu phần trăm?")
    assert "7,5 triệu" in answer.text and "73,3%" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_a_follow_up_asking_when_and_which_side_leads_stays_on_the_task(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Nhiệm vụ 69 là gì?", "Vậy hạn là khi nào, bên nào chủ trì?")
    assert task_numbers(answer) == [69]
    assert "Cơ quan chủ trì nhiệm vụ 69: Bộ Công an" in answer.text


def test_a_province_in_a_list_sharing_a_sum_is_answered_with_that_sum(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Tôi ở Tây Ninh, tỉnh được bổ sung bao nhiêu tiền?")
    first_sum = next(line for line in answer.text.splitlines() if "tỷ đồng" in line)
    assert not answer.refused and "793,9 tỷ đồng" in first_sum


def test_asking_which_overdue_tasks_an_agency_has_is_a_refusal_with_help(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Báo cáo nói Bộ Y tế có nhiệm vụ quá hạn. Cụ thể đó là nhiệm vụ gì, hạn gốc khi nào?")
    assert answer.refused
    assert "Bộ Y tế" in answer.text and answer.citations  # the count, cited, and what is there instead


def test_when_a_resolution_takes_effect_is_quoted_beside_its_signer(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Nghị quyết 03/NQ-CP có hiệu lực từ khi nào, và ai ký?")
    assert "có hiệu lực thi hành kể từ ngày ký ban hành" in answer.text and "Nguyễn Hòa Bình" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_keeping_only_some_of_the_last_list_narrows_it(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Bộ Nội vụ chủ trì những nhiệm vụ nào?", "Chỉ giữ lại những nhiệm vụ hạn 6/2025 thôi")
    assert task_numbers(answer) == [5]


def test_gs_and_pgs_read_as_professors(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Nhiệm vụ sửa quy định về tiêu chuẩn GS, PGS do ai chủ trì?")
    assert "Cơ quan chủ trì nhiệm vụ 87: Bộ Giáo dục và Đào tạo" in answer.text


def test_a_count_whose_members_are_never_named_is_refused_with_the_count_quoted(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Diễn đàn Tương lai KH&CN công bố 5 sáng kiến trọng điểm, cho tôi biết đó là những sáng kiến nào?")
    assert answer.refused and "5 sáng kiến trọng điểm" in answer.text and answer.citations
    assert_citations_verbatim(corpus_services, answer)


def test_a_count_in_the_named_appendix_counts_its_records_despite_a_total_word(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Bộ Quốc phòng chủ trì tổng cộng bao nhiêu nhiệm vụ trong Phụ lục II?")
    expected = find_tasks(corpus_services.bundle.store, corpus_services.registry, TaskFilter("Bộ Quốc phòng", "lead"))
    assert sorted(task_numbers(answer)) == sorted(t.number for t in expected)
    assert f"Bộ Quốc phòng chủ trì {len(expected)} nhiệm vụ" in answer.text


def test_the_named_appendix_wins_over_words_that_suggest_the_report(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Cuối năm rồi, Phụ lục II có bao nhiêu nhiệm vụ hạn 12/2025?")
    assert answer.text.startswith("Theo Phụ lục II") and "459" not in answer.text


@pytest.mark.parametrize("question, expected", [
    pytest.param("Khung chiến lược GDĐH phải xong tháng nào?", "11/2025", id="GDĐH"),
    pytest.param("Bộ Ngoại giao chủ trì bao nhiêu đầu việc?", "Bộ Ngoại giao chủ trì 4 nhiệm vụ", id="đầu-việc"),
    pytest.param("Đề án sandbox cho doanh nghiệp thử nghiệm công nghệ mới do ai chủ trì?", "cơ chế thí điểm",
                 id="sandbox"),
    pytest.param("Bộ Tài chính trình bổ sung cho 4 địa phương bao nhiêu tiền?", "793,9 tỷ đồng",
                 id="sum-of-money-stated"),
    pytest.param("Tính đến hết tháng 8/2025 có bao nhiêu doanh nghiệp công nghệ số?", "77.989",
                 id="figure-dated-by-its-announcing-line"),
    pytest.param("3 mạng lưới ĐMST và chuyên gia ngành công nghệ chiến lược là những mạng lưới nào?", "VNQuantum",
                 id="members-named-inline-after-a-colon"),
    pytest.param("Khoản 530,1 tỷ đồng Bộ Tài chính đang tổng hợp là cho những đơn vị nào?", "530,1",
                 id="decimal-sum-is-no-count-of-things"),
    pytest.param("Tỷ lệ phấn đấu cán bộ có chuyên môn khoa học kỹ thuật trong lãnh đạo cơ quan là bao nhiêu?", "25%",
                 id="which-ratio-is-named-after-it-not-what-it-is-of"),
    pytest.param("Tỷ lệ dân số trưởng thành có chữ ký số hiện đạt bao nhiêu, còn cách mục tiêu 2030 bao xa?", "36,11",
                 id="present-figure-with-the-target-year-asked-too"),
    pytest.param("Sở em mới sáp nhập nên đang rà lại đầu mối. Ai chủ trì bảo đảm nguồn kinh phí thực hiện hằng năm theo "
                 "Nghị quyết 57?", "Bộ Tài chính chủ trì", id="words-askers-say-of-themselves-are-not-asked-about"),
    pytest.param("Tôi ở Quảng Nam cũ, nay nhập vào Đà Nẵng. Tỉnh tôi đã đạt đủ 16 tiêu chí cấp xã chưa?", "Đà Nẵng",
                 id="merged-province-present-where-its-successor-is"),
    pytest.param("Việt Nam giờ xếp top mấy thế giới về tốc độ internet cố định?", "13", id="rank-asked-as-xep-top"),
    pytest.param("Tới 2030 phải có bao nhiêu % dân với doanh nghiệp xài dịch vụ công trực tuyếnn?", "80",
                 id="slang-and-a-doubled-letter"),
    pytest.param("Bộ KH&CN cam kết giải quyết xong đơn ĐK SHCN tồn đọng trước tháng nào?", "10/2025",
                 id="registration-abbreviations"),
    pytest.param("Lĩnh vực hạ tầng có mấy nhiệm vụ chậm muộn?", "20", id="overdue-field-named-lĩnh-vực"),
    pytest.param("Kế hoạch 02-KH/BCĐTW tổng số bao nhiêu nhiệm vụ, đã hoàn thành bao nhiêu?", "70",
                 id="total-of-a-plan-beside-its-statuses"),
    pytest.param("PL II có việc rà soát sửa Luật Thuế TNDN, TNCN, GTGT để thúc đẩy DN đầu tư cho KHCN, bộ nào chủ trì?",
                 "Bộ Tài chính", id="tax-law-abbreviations"),
    pytest.param("Trung tâm dữ liệu quốc gia: Phụ lục II giao ai hoàn thành, hạn nào?", "Bộ Công an",
                 id="hoàn-thành-as-a-verb-is-no-status-count"),
    pytest.param("Phó Thủ tướng muốn Bộ KH&CN dẹp bỏ lối tư duy gì khi xây dựng thể chế?", "không quản được thì cấm",
                 id="colloquial-dẹp-bỏ"),
])
def test_a_question_the_documents_answer_is_not_refused_by_the_checks_for_missing_claims(
        corpus_services: Services, question: str, expected: str) -> None:
    """Each passes a check that refuses its near miss: a sum of money stated, a year on the announcing line,
    members named inline, a decimal sum, a merged province, and words the documents write otherwise (shorthand,
    everyday words, a doubled letter)."""
    _, answer = ask(corpus_services, question)
    assert not answer.refused and expected in answer.text, answer.text


def test_the_tasks_still_planned_are_quoted_with_the_statuses_that_do_not_add_up_to_them(
        corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Theo báo cáo, những tháng cuối năm 2025 các bộ, ngành, địa phương phải tập trung "
                                     "thực hiện bao nhiêu nhiệm vụ?")
    assert "459" in answer.text and "382" in answer.text and "409" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_a_group_of_the_appendix_named_by_its_title_gives_its_count_and_numbers(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Nhóm nhiệm vụ về hợp tác quốc tế trong Phụ lục II có mấy nhiệm vụ, số từ đâu đến đâu?")
    group = [t for t in corpus_services.bundle.store.tasks() if t.group == "VII"]
    assert f"có {len(group)} nhiệm vụ, từ nhiệm vụ {group[0].number} đến {group[-1].number}" in answer.text


def test_a_word_typed_with_tones_unlike_a_frame_word_is_a_topic_word(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Luật Nhà giáo là nhiệm vụ số mấy, ai chủ trì?")
    assert "Cơ quan chủ trì nhiệm vụ 22: Bộ Giáo dục và Đào tạo" in answer.text


def test_issuing_another_document_is_not_asking_when_the_named_resolution_was_issued(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Đề án chuyển đổi số cho doanh nghiệp nhỏ và vừa: theo NQ 03 ai chủ trì, và khi nào ban hành?")
    assert "ban hành ngày 9/1/2025" not in answer.text


def test_an_english_event_is_looked_for_in_the_documents_words(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "When will Vietnam launch commercial 6G services?")
    assert answer.refused


def test_a_web_address_is_not_an_abbreviation_to_expand(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Hệ thống nq57.vn dùng để làm gì?")
    assert "Nghị quyết 57-NQ/TW.vn" not in answer.text


def test_a_later_part_about_this_resolution_is_about_the_one_named_first(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Điều 3 của Nghị quyết 03/NQ-CP giao ai thi hành, và nghị quyết này có hiệu lực khi nào?")
    assert "có hiệu lực thi hành kể từ ngày ký ban hành" in answer.text
    assert "Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_a_document_s_particulars_asked_in_parts_are_not_searched_again(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Ai ký Nghị quyết 03/NQ-CP, ký ngày nào?")
    assert answer.text.count("\n") == 1 and "Nguyễn Hòa Bình" in answer.text


def test_cham_diem_is_no_overdue_question(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Xã tôi muốn tự chấm điểm theo 16 tiêu chí cấp xã thì báo cáo nói gì?")
    assert "quá hạn" not in answer.text.split("\n")[0]


def test_a_count_of_tasks_is_no_list_of_members_to_name(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Báo cáo nói 27 nhiệm vụ quá hạn thuộc mấy nhóm? Liệt kê các nhóm giúp tôi.")
    assert not answer.refused and "chỉ cho biết số lượng" not in answer.text


def test_an_indicator_asked_for_a_year_the_appendix_does_not_set_is_refused_with_the_year_it_sets(
        corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Phụ lục I đặt mục tiêu tỷ lệ dân số được phủ sóng 5G vào năm 2045 là bao nhiêu?")
    assert answer.refused
    assert "2045" in answer.text.split("\n")[0] and "2030" in answer.text and "99" in answer.text


def test_two_measures_of_one_indicator_question_are_both_given(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Chỉ tiêu đến năm 2030 về phủ sóng 5G và về số tuyến cáp quang biển mới đưa vào "
                                     "hoạt động?")
    numbers = {r.number for r in answer.records if hasattr(r, "horizon")}
    assert {"23.2", "23.4"} <= numbers


def test_a_year_the_question_compares_with_is_not_the_year_it_asks_about(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Cuối năm 2024 đã cấp bao nhiêu chứng thư chữ ký số? Tôi cần để so với số liệu "
                                     "tháng 8/2025.")
    assert answer.refused, answer.text


def test_statuses_of_a_named_plan_asked_in_shorthand_are_its_own_counts(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "KH 02-KH/BCĐTW giao cho BN, ĐP: đã HT bao nhiêu NV, còn mấy NV quá hạn?")
    first = answer.text.split("\n")[0]
    assert "02-KH/BCĐTW" in first and "45" in first


def test_part_of_a_figure_asked_after_it_is_no_list_of_tasks(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Năm 2025 Bộ KHCN đề nghị Bộ Tài chính phân bổ bao nhiêu tỷ đồng cho KHCN, ĐMST và "
                                     "CĐS, cho mấy bộ và địa phương?", "Trong đó chi đầu tư là bao nhiêu?")
    assert not answer.refused and "4.825,821" in answer.text


def test_the_issuer_of_the_programme_is_no_lead_agency_to_filter_on(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Chương trình hành động Chính phủ ban hành ngày 09/01/2025 có những nhiệm vụ nào "
                                     "với kết quả là Luật của Quốc hội?")
    _, plain = ask(corpus_services, "Những nhiệm vụ nào có kết quả là Luật của Quốc hội?")
    assert task_numbers(answer) and task_numbers(answer) == task_numbers(plain)


def test_localities_named_as_the_lead_find_the_rows_of_provinces_and_cities(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Các tỉnh chủ trì những nhiệm vụ nào trong Phụ lục II?")
    assert {64, 66, 115} <= set(task_numbers(answer))


def test_a_target_in_number_per_thousand_reads_without_the_word_so(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Đến 2045 chỉ tiêu tỷ lệ doanh nghiệp công nghệ số là bao nhiêu?")
    assert "1 doanh nghiệp/1000 dân" in answer.text


def test_an_agency_asked_after_the_overdue_count_gets_its_own_overdue_count(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Báo cáo 22/9/2025 nêu bao nhiêu nhiệm vụ quá hạn, chậm muộn?",
                    "Bộ Tài chính chiếm bao nhiêu trong số đó?")
    assert not answer.refused and "Bộ Tài chính có 5 nhiệm vụ quá hạn" in answer.text


def test_the_agency_with_the_most_overdue_tasks_is_read_from_the_report(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Theo báo cáo, bộ nào có nhiều nhiệm vụ chậm muộn nhất?")
    assert "Bộ Giáo dục và Đào tạo" in answer.text.split("\n")[0] and "7" in answer.text.split("\n")[0]


def test_a_merged_ministry_s_task_count_in_the_report_is_that_of_its_successor(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Theo báo cáo tóm tắt, Bộ Kế hoạch và Đầu tư được giao bao nhiêu nhiệm vụ?")
    assert "175" in answer.text and "Bộ Tài chính" in answer.text and "hợp nhất" in answer.text


def test_the_place_a_topic_is_given_among_the_guiding_views_is_quoted(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Trong các quan điểm chỉ đạo của Nghị quyết 57, thể chế giữ vị trí như thế nào?")
    assert "tiên quyết" in answer.text


def test_the_year_of_the_source_named_is_not_the_year_of_the_figure(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Per the September 2025 report, where does Vietnam rank for mobile internet speed?")
    assert not answer.refused and "18" in answer.text


def test_english_titles_and_business_words_are_read_in_the_documents_words(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "At the national conference of 13 January 2025, what did the General Secretary "
                                     "demand for administrative procedures related to businesses this year?")
    assert not answer.refused and "100%" in answer.text


def test_an_english_follow_up_asking_an_attribute_stays_on_the_tasks_shown(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Who must advise the Government on setting up the National Data Committee?",
                    "And when is that due?")
    assert 75 in task_numbers(answer)


def test_an_english_follow_up_counting_a_status_keeps_the_last_scope(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "By 23 September 2025, how many tasks of the Government's action programme and "
                                     "the Central Steering Committee's conclusions were completed?",
                    "And how many of them on time?")
    assert not answer.refused and "180" in answer.text


def test_a_government_decree_named_in_english_is_a_deliverable(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Which Appendix II tasks have a Government decree as their output?")
    _, plain = ask(corpus_services, "Những nhiệm vụ nào có kết quả là Nghị định của Chính phủ?")
    assert task_numbers(answer) and task_numbers(answer) == task_numbers(plain)


def test_which_ministry_is_slowest_after_the_overdue_count(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Báo cáo 22/9 nêu bao nhiêu nhiệm vụ quá hạn?", "Còn bộ nào chậm nhất?")
    assert not answer.refused and "Bộ Giáo dục và Đào tạo" in answer.text


def test_counting_the_rows_an_agency_leads_counts_its_tasks(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Đếm giúp tôi số dòng trong danh mục nhiệm vụ kèm NQ 03 mà Bộ Y tế đứng tên chủ trì.")
    _, plain = ask(corpus_services, "Bộ Y tế chủ trì bao nhiêu nhiệm vụ?")
    assert answer.intent == "count" and task_numbers(answer) == task_numbers(plain)


def test_the_session_that_passes_a_named_law_is_still_answered(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Luật Tiêu chuẩn và Quy chuẩn kỹ thuật sửa đổi phải trình Quốc hội thông qua tại kỳ "
                                     "họp nào?")
    assert not answer.refused and "Kỳ họp thứ 9" in answer.text


def test_each_side_of_a_comparison_is_answered(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "So sánh chỉ tiêu phủ sóng 5G năm 2030 của Phụ lục I với yêu cầu về số trạm 5G "
                                     "trong báo cáo tháng 9/2025.")
    assert not answer.refused and "99" in answer.text and "50%" in answer.text


def test_an_english_question_for_a_minister_the_documents_never_name_is_refused(corpus_services: Services) -> None:
    _, refused = ask(corpus_services, "Who is the Minister of Home Affairs now?")
    _, named = ask(corpus_services, "Who is the Minister of Science and Technology?")
    assert refused.refused and not named.refused


def test_a_group_of_the_appendix_asked_for_its_tasks_lists_every_one(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Nhóm nhiệm vụ IV của Phụ lục II gồm những nhiệm vụ nào?")
    group = [t.number for t in corpus_services.bundle.store.tasks() if t.group == "IV"]
    assert task_numbers(answer) == group
    assert f"có {len(group)} nhiệm vụ, từ nhiệm vụ {group[0]} đến {group[-1]}" in answer.text


def test_tasks_of_two_ministries_compared_give_the_reports_counts_and_the_appendix_counts(
        corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Bộ Công an và Bộ KH&CN, so sánh xem mỗi bộ được giao bao nhiêu nhiệm vụ?")
    police = find_tasks(corpus_services.bundle.store, corpus_services.registry, TaskFilter("Bộ Công an", "lead"))
    assert "Bộ Công an được giao 163 nhiệm vụ" in answer.text and "297" in answer.text
    assert f"Bộ Công an chủ trì {len(police)} nhiệm vụ" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_the_place_of_a_task_in_the_appendix_asked_as_so_thu_tu_is_a_lookup(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Nhiệm vụ xây dựng Luật Nhà giáo có số thứ tự bao nhiêu trong Phụ lục II?")
    assert task_numbers(answer) == [22]


def test_a_deadline_asked_after_a_passage_is_the_passages_deadline(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Báo cáo yêu cầu xử lý 117 thôn chưa có điện thế nào?", "Hạn chót khi nào?")
    assert "30/11/2025" in answer.text.split("\n")[0]


def test_a_question_naming_the_members_of_a_list_quotes_that_list_first(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Bộ Tài chính đang tổng hợp trình bổ sung kinh phí cho Bộ GD&ĐT, ĐHQG TP.HCM, "
                                     "Bộ Tư pháp, Kiểm toán nhà nước bao nhiêu tiền, theo CV nào?")
    first_quote = re.search(r"«([^»]*)»", answer.text.split("- ", 1)[1])
    assert first_quote and "530,1 tỷ đồng" in first_quote.group(1) and "4440/BKHCN-KHTC" in answer.text


def test_tasks_that_must_issue_a_government_resolution_are_not_those_of_the_national_assembly(
        corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Những nhiệm vụ nào phải ra Nghị quyết của Chính phủ?")
    expected = [t.number for t in corpus_services.bundle.store.tasks()
                if any(p.strip().startswith("Nghị quyết của Chính phủ") for p in (t.deliverable or "").split(","))]
    assert task_numbers(answer) == expected and 24 not in expected


def test_a_later_english_part_keeps_each_quote_whole_under_its_source(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "In the report dated 22/9/2025, how much funding did the Ministry of Science and "
                                     "Technology propose that the Ministry of Finance allocate, and for how many "
                                     "central agencies and localities?")
    assert "7.225,56" in answer.text and "15 bộ, cơ quan Trung ương và 04 địa phương" in answer.text
    lines = answer.text.split("\n")
    # Every quoted item follows the line naming its source, and no line starts inside a quote.
    first_item = next(i for i, line in enumerate(lines) if line.startswith("- «"))
    assert first_item > 0 and lines[first_item - 1].endswith(":")
    open_quotes = 0
    for line in lines:
        assert open_quotes or not re.match(r"^[A-ZĐ][^«»]*»", line), line
        open_quotes += line.count("«") - line.count("»")
    assert_citations_verbatim(corpus_services, answer)


def test_a_part_that_describes_the_missing_person_is_not_answered_on_its_own(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Ai là Cục trưởng Cục Chuyển đổi số quốc gia, người báo cáo về chương trình AI tại "
                                     "buổi làm việc ngày 1/4/2025?")
    assert answer.refused, answer.text


def test_who_leads_what_a_task_delivers_is_read_from_that_task(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Trung tâm dữ liệu quốc gia: Nghị quyết 03 giao cho ai làm?")
    assert 69 in task_numbers(answer) and "Cơ quan chủ trì nhiệm vụ 69: Bộ Công an" in answer.text


def test_counts_asked_at_a_date_after_the_newest_figures_are_refused_with_those_figures(
        corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Đến hết ngày 31/12/2025 đã có bao nhiêu nhiệm vụ hoàn thành?")
    assert answer.refused
    assert "không có số liệu tính đến 31/12/2025" in answer.text and "23/9/2025" in answer.text
    assert "270" in answer.text  # the nearest figures the documents hold
    assert_citations_verbatim(corpus_services, answer)
    _, answer = ask(corpus_services, "Đến 23/9/2025 có bao nhiêu nhiệm vụ hoàn thành?")
    assert not answer.refused and "270" in answer.text


def test_an_indicator_appendix_i_does_not_set_is_refused_with_the_nearest_one(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Phụ lục I có chỉ tiêu tỷ lệ bệnh viện triển khai bệnh án điện tử đến năm 2030 "
                                     "không, mức bao nhiêu?")
    assert answer.refused
    assert "Chỉ tiêu gần nhất" in answer.text and "hồ sơ sức khỏe điện tử" in answer.text


def test_the_total_of_appendix_ii_and_one_group_are_both_counted(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Tổng cộng Phụ lục II có bao nhiêu nhiệm vụ, và riêng nhóm V có bao nhiêu?")
    assert "140 nhiệm vụ" in answer.text and "28 nhiệm vụ" in answer.text


def test_a_later_part_asking_for_an_item_by_its_ordinal_is_answered_by_that_item(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Buổi làm việc của Phó Thủ tướng với Bộ Khoa học và Công nghệ diễn ra khi nào?",
                    "Tại buổi đó Phó Thủ tướng nêu mấy định hướng, nhiệm vụ trọng tâm cho Bộ? Định hướng thứ tư là gì?")
    assert "Tám định hướng" in answer.text
    assert "Thứ tư, đẩy mạnh phát triển hạ tầng số và công nghệ chiến lược" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_the_date_a_reports_figures_are_counted_at_is_told_with_its_issue_date(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Báo cáo tóm tắt đề ngày nào, và số liệu trong đó được tính đến ngày nào?")
    assert "22/9/2025" in answer.text and "được tính đến ngày 23/9/2025" in answer.text
    assert "muộn hơn ngày đề trên văn bản" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_an_english_question_using_share_as_a_verb_is_explained_from_the_report(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "What principle on data sharing does the September 2025 report recommend, and "
                                     "to whom must any refusal to share data be justified?")
    assert answer.intent == "explain"
    assert "theo mặc định" in answer.text and "Thủ tướng Chính phủ" in answer.text


def test_tasks_called_viec_in_everyday_words_are_counted(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Bộ Y tế đứng tên chủ trì mấy việc trong Phụ lục II?")
    assert answer.intent == "count" and sorted(task_numbers(answer)) == [110, 111]


def test_the_provinces_of_the_last_answer_are_named_when_asked_by_a_demonstrative(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Có mấy địa phương có tỷ lệ hoàn thành thấp nhất ở 2 tiêu chí máy lấy số và màn "
                                     "hình hiển thị ở cấp xã?", "Kể tên mấy tỉnh đó giúp mình.")
    assert all(name in answer.text for name in ("Cao Bằng", "Điện Biên", "Đồng Tháp", "Lai Châu", "Vĩnh Long"))


def test_the_groups_overdue_tasks_are_sorted_into_are_quoted_with_the_count_they_disagree_on(
        corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "27 nhiệm vụ quá hạn theo các Thông báo kết luận được chia thành mấy nhóm? "
                                     "Liệt kê các nhóm.")
    assert "07 nhóm nhiệm vụ" in answer.text and "(6) Về chuyển đổi số trong hệ thống chính trị" in answer.text
    assert "nêu 07 nhóm nhưng chỉ liệt kê 6 nhóm" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_an_agency_named_after_a_document_number_leads_the_tasks_asked_for(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Liệt kê tất cả nhiệm vụ trong Phụ lục II Nghị quyết 03/NQ-CP do Bộ Ngoại giao "
                                     "chủ trì, kèm thời hạn.")
    assert sorted(task_numbers(answer)) == [133, 134, 135, 136]


def test_a_follow_up_asking_who_leads_and_when_it_must_be_done_keeps_the_task(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Nhiệm vụ số 75 trong Phụ lục II là gì?", "Ai chủ trì và phải xong khi nào?")
    assert task_numbers(answer)[:1] == [75] and "Bộ Công an" in answer.text and "3/2025" in answer.text


def test_english_the_first_one_after_a_count_of_orientations_is_the_first_orientation(
        corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "How many orientations did the Deputy Prime Minister set out for the Ministry of "
                                     "Science and Technology on 1 April 2025 — what was the first one?")
    assert "Thứ nhất, sớm kiện toàn bộ máy tổ chức" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_an_english_noun_before_related_is_translated(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "How many infrastructure-related tasks were overdue, according to the September "
                                     "2025 report?")
    assert "Về hạ tầng: 17 nhiệm vụ" in answer.text


def test_a_later_part_naming_another_source_asks_it_about_the_first_parts_subject(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Trung tâm dữ liệu quốc gia: Phụ lục II giao ai hoàn thành và hạn nào; báo cáo "
                                     "tháng 9/2025 cho biết đã có kết quả gì?")
    assert 69 in task_numbers(answer) and "Bộ Công an" in answer.text
    assert "Trung tâm dữ liệu quốc gia số 1" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_a_question_naming_appendix_i_asks_for_an_indicator(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Đến năm 2045, Việt Nam phấn đấu xếp hạng Chỉ số đổi mới sáng tạo toàn cầu ở mức "
                                     "nào theo Phụ lục I, bộ nào theo dõi?")
    assert answer.intent == "indicator" and "≤ 30" in answer.text and "Bộ Khoa học và Công nghệ" in answer.text


def test_the_last_months_of_a_year_are_a_period_not_a_date_after_the_figures(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Mấy tháng cuối năm 2025 các bộ, ngành, địa phương còn phải làm tổng cộng bao "
                                     "nhiêu nhiệm vụ?")
    assert not answer.refused and "459" in answer.text


def test_counts_asked_for_a_period_with_several_statuses_quote_the_periods_sentence(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Tính riêng từ phiên họp lần 3 (20/7/2025) đến 23/9/2025 thì các bộ, ngành, địa "
                                     "phương được giao bao nhiêu nhiệm vụ theo Chương trình hành động, xong bao nhiêu, "
                                     "còn bao nhiêu quá hạn?")
    assert all(f"{n} nhiệm vụ" in answer.text for n in ("73", "50", "23"))
    assert_citations_verbatim(corpus_services, answer)


def test_a_meeting_set_before_a_comma_sets_the_scene_of_a_count(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Tại giao ban quản lý nhà nước tháng 7/2025 của Bộ KH&CN, có bao nhiêu nhiệm vụ "
                                     "thuộc Nghị quyết 57 cần hoàn thành trong tháng 8?")
    assert "59 nhiệm vụ" in answer.text.splitlines()[0]


def test_a_later_part_is_asked_in_the_scene_the_question_sets_by_date(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Ở Hội nghị toàn quốc ngày 13/01/2025, Tổng Bí thư đề nghị bố trí ít nhất mấy "
                                     "phần trăm ngân sách, và đề xuất cơ chế cho mô hình nào?")
    assert "3%" in answer.text and "đầu tư công - quản trị tư" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_an_english_question_set_at_a_meeting_is_answered_from_its_article(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "At the 1 April 2025 working session, by when was every citizen expected to have "
                                     "a virtual assistant?")
    assert not answer.refused and "11/2025" in answer.text and not task_numbers(answer)


def test_members_listed_in_brackets_after_their_count_are_not_said_to_be_missing(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Kể tên 13 cơ quan được Bộ Tài chính trình bổ sung kinh phí.")
    assert not answer.refused and "không nêu cụ thể" not in answer.text
    assert "Thông tấn xã Việt Nam" in answer.text


def test_a_group_named_by_its_field_gives_its_count_and_range(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Lĩnh vực hợp tác quốc tế ở Phụ lục II là các nhiệm vụ từ số mấy đến số mấy?")
    first = answer.text.splitlines()[0]
    assert "9 nhiệm vụ" in first and "132" in first and "140" in first


def test_an_english_count_of_tasks_assigned_gives_the_total(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "How many tasks did the action programme and the conclusions assign in 2025, and "
                                     "how many were done?")
    assert "679" in answer.text and "270" in answer.text


def test_how_often_to_report_finds_the_periodic_reporting_clause(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Các bộ, tỉnh gửi báo cáo kết quả thực hiện Chương trình hành động của Chính phủ "
                                     "bao lâu một lần?")
    assert "định kỳ 6 tháng" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_tasks_that_must_be_done_in_a_month_are_listed_by_deadline(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Mấy nhiệm vụ phải xong trong tháng 3/2025, là những nhiệm vụ nào?")
    expected = find_tasks(corpus_services.bundle.store, corpus_services.registry,
                          TaskFilter(due_from="2025-03-01", due_to="2025-03-31"))
    assert expected and task_numbers(answer) == [t.number for t in expected]


def test_nv_after_a_count_word_is_tasks(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "tu 20/7 den 23/9 chuong trinh hanh dong giao them bao nhieu nv")
    assert not answer.refused and "73 nhiệm vụ" in answer.text


def test_an_english_law_name_finds_its_task(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "who is responsible for the Digital Technology Industry Law under Resolution 03, "
                                     "and what is the deadline?")
    assert task_numbers(answer)[:1] == [21]


def test_a_bare_signing_follow_up_asks_about_the_last_document(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Ai ký Nghị quyết 03/NQ-CP?", "Ký ngày nào?")
    assert "9/1/2025" in answer.text


def test_a_follow_up_about_the_decree_just_quoted_reads_that_passage(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Giao ban tháng 7/2025 của Bộ KH&CN nêu nghị định nào nổi bật?",
                    "Nghị định đó ban hành ngày nào?")
    assert "03/7/2025" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_that_indicator_in_a_follow_up_is_the_one_just_shown(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Chỉ tiêu phủ sóng 5G đến 2030 là bao nhiêu % dân số?",
                    "Còn cơ quan nào theo dõi chỉ tiêu đó?")
    assert answer.text.count("Chỉ tiêu ") == 1 and "Chỉ tiêu 23.4" in answer.text
    assert "Bộ Thông tin và Truyền thông" in answer.text


def test_a_share_of_what_was_done_needs_a_passage_that_says_it_was_done(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "What percentage of the 2025 science and technology budget had been disbursed "
                                     "by September 2025?")
    assert answer.refused


def test_money_set_aside_in_an_estimate_answers_a_question_about_funding(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Bộ trưởng Nguyễn Mạnh Hùng yêu cầu bố trí kinh phí cho truyền thông trong dự "
                                     "toán như thế nào?")
    assert "chi thường xuyên" in answer.text


def test_a_share_verb_is_not_required_of_the_passage_that_gives_the_share(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Các địa phương chiếm bao nhiêu % hồ sơ trực tuyến?")
    assert not answer.refused and "73,3%" in answer.text


def test_a_ministry_that_holds_the_meeting_is_no_filter_on_the_tasks(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Bản tin giao ban tháng 7 của Bộ KH&CN: tháng 8 có bao nhiêu nhiệm vụ Nghị quyết "
                                     "57 cần hoàn thành?")
    assert "59 nhiệm vụ" in answer.text.splitlines()[0]


def test_a_merged_province_gets_the_overdue_count_of_the_province_it_joined(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Tỉnh Bến Tre có bao nhiêu nhiệm vụ quá hạn?")
    assert "Vĩnh Long" in answer.text and "4 nhiệm vụ" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_dates_are_written_as_the_documents_write_them(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Báo cáo tóm tắt tình hình thực hiện NQ57 đề ngày nào?")
    assert "22/9/2025" in answer.text and "22/09/2025" not in answer.text


def test_an_enumeration_and_a_time_of_day_set_the_scene_of_an_explanation(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Trong 8 định hướng Phó Thủ tướng giao tại buổi làm việc chiều 01/4/2025, phần "
                                     "hoàn thiện thể chế đòi bỏ tư duy gì?")
    assert "không quản được thì cấm" in answer.text


def test_a_target_the_report_sets_is_read_from_the_report_not_appendix_i(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Theo báo cáo ngày 22/9/2025, chỉ tiêu số trạm 5G so với số trạm 4G là bao nhiêu?")
    assert not answer.refused and "50%" in answer.text


def test_the_date_of_a_document_outside_the_corpus_is_read_where_it_is_cited(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Nghị quyết 57 được ban hành ngày nào?")
    assert "22/12/2024" in answer.text and "Bộ Chính trị" in answer.text
    assert_citations_verbatim(corpus_services, answer)
    _, answer = ask(corpus_services, "Nghị quyết 193/2025/QH15 được thông qua ngày nào?")
    assert answer.refused


def test_the_agencies_with_the_most_tasks_are_the_reports_not_the_appendix(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Theo báo cáo tháng 9/2025, ba bộ nào có nhiều nhiệm vụ nhất?")
    first = answer.text.splitlines()[0]
    assert "Bộ Khoa học và Công nghệ (297)" in first and "Bộ Công an (163)" in first
    assert "Bộ Giáo dục và Đào tạo" not in first


def test_that_document_in_a_later_part_is_the_one_the_first_part_named(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Nghị quyết 57-NQ/TW ban hành ngày nào, và Chính phủ ban hành chương trình hành động "
                                     "thực hiện nó bằng văn bản nào?")
    assert "22/12/2024" in answer.text and "03/NQ-CP" in answer.text


def test_a_meeting_the_documents_never_tell_of_is_refused_in_english_too(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "What did the Steering Committee conclude at its sixth meeting?")
    assert answer.refused


def test_when_a_cited_decree_takes_effect_is_refused_when_only_its_issue_date_is_given(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Nghị định 194/2025/NĐ-CP có hiệu lực từ ngày nào?")
    assert answer.refused


def test_a_follow_up_leaving_out_a_year_keeps_the_rest_of_the_tasks_shown(corpus_services: Services) -> None:
    store = corpus_services.bundle.store
    _, shown = ask(corpus_services, "Bộ Giáo dục và Đào tạo chủ trì những nhiệm vụ nào có sản phẩm là Nghị định của Chính phủ?")
    _, answer = ask(corpus_services, "Bộ Giáo dục và Đào tạo chủ trì những nhiệm vụ nào có sản phẩm là Nghị định của Chính phủ?",
                    "Bỏ mấy cái hạn năm 2025 ra thì còn lại những nhiệm vụ nào?")
    kept = [n for n in task_numbers(shown) if not (store.task(n).deadline.due_date or "").startswith("2025")]
    assert kept and len(kept) < len(task_numbers(shown)), "the list mixes 2025 and later deadlines"
    assert task_numbers(answer) == kept
    assert "trừ những nhiệm vụ có hạn" in answer.text


def test_a_count_of_what_the_question_does_not_name_follows_the_last_question(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Kế hoạch số 02-KH/BCĐTW năm 2025 giao tổng cộng bao nhiêu nhiệm vụ?",
                    "xong bao nhiêu rồi, đúng hạn mấy cái?")
    assert not answer.refused and "45 nhiệm vụ đã hoàn thành" in answer.text and "27" in answer.text


def test_the_numbered_items_of_a_task_are_counted(corpus_services: Services) -> None:
    task = next(t for t in corpus_services.bundle.store.tasks() if "(3)" in t.title)
    _, answer = ask(corpus_services, f"Nhiệm vụ {task.number} gồm bao nhiêu nội dung cụ thể?")
    k = max(int(n) for n in re.findall(r"\((\d{1,2})\)", task.title))
    assert f"gồm {k} nội dung" in answer.text
    assert_citations_verbatim(corpus_services, answer)


def test_a_rank_held_now_is_not_answered_by_a_rank_to_reach_by_2030(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Hiện Việt Nam đứng thứ mấy thế giới về chỉ số phát triển Chính phủ điện tử?")
    assert answer.refused
    _, target = ask(corpus_services, "Đến năm 2030 Việt Nam phấn đấu đứng thứ mấy thế giới về chỉ số phát triển Chính phủ "
                                     "điện tử?")
    assert not target.refused and "50" in target.text


def test_r_and_d_is_one_word_and_names_its_indicator_beside_its_share(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Chỉ tiêu kinh phí chi cho R&D đến 2030 trong Phụ lục I là bao nhiêu, kể cả tỷ trọng "
                                     "kinh phí từ xã hội?")
    assert "2 % GDP" in answer.text and "> 60" in answer.text


@pytest.mark.parametrize("question", [
    "Roughly how many digital technology enterprises does Vietnam have, according to the government's September 2025 "
    "summary report?",
    "How many digital technology enterprises does the government's September 2025 summary report estimate Vietnam has?",
])
def test_an_english_source_named_last_or_inside_is_not_what_is_asked(corpus_services: Services, question: str) -> None:
    _, answer = ask(corpus_services, question)
    assert "77.989" in answer.text


def test_a_later_part_asking_where_money_comes_from_keeps_the_scene(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Tại giao ban tháng 7/2025, Bộ trưởng yêu cầu chính quyền cấp tỉnh và cấp bộ lập bộ "
                                     "phận gì cho công tác truyền thông, và tiền làm truyền thông phải lấy từ đâu?")
    assert "bộ phận chuyên trách" in answer.text and "ngân sách hằng năm" in answer.text


def test_a_claim_about_who_has_the_most_overdue_tasks_is_checked_against_the_leader(corpus_services: Services) -> None:
    figures = [f for f in corpus_services.bundle.store.figures() if f.subject == "agency_overdue" and f.agency]
    leader = max(figures, key=lambda f: f.value)
    other = next(f for f in figures if f.value < leader.value and fold(f.agency).startswith("bo "))
    _, answer = ask(corpus_services, f"Tôi nghe nói {other.agency} là cơ quan có nhiều nhiệm vụ quá hạn nhất theo báo cáo "
                                     "tháng 9/2025. Có đúng vậy không?")
    first = answer.text.splitlines()[0]
    assert leader.agency in first and not answer.refused
    assert other.agency in answer.text


def test_a_quota_per_commune_that_no_passage_states_is_refused(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Mỗi xã phải trang bị tối thiểu mấy máy lấy số xếp hàng tự động, cấu hình ra sao?")
    assert answer.refused


def test_a_disbursement_rate_is_not_answered_by_a_share_of_the_budget_to_set_aside(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Tính đến tháng 9/2025, tỷ lệ giải ngân kinh phí cho KHCN, ĐMST và CĐS đạt bao nhiêu "
                                     "phần trăm so với dự toán?")
    assert answer.refused


def test_a_figure_asked_for_a_year_the_passage_does_not_date_is_refused_when_compared(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Tỷ lệ người trưởng thành có chữ ký số cuối năm 2024 là bao nhiêu? Tôi muốn so sánh "
                                     "với số liệu tháng 8/2025.")
    assert answer.refused


def test_the_agencies_with_overdue_tasks_are_counted_and_sorted(corpus_services: Services) -> None:
    figures = [f for f in corpus_services.bundle.store.figures() if f.subject == "agency_overdue" and f.agency]
    provinces = [f for f in figures if re.match(r"(?:tinh|thanh pho) ", fold(f.agency))]
    assert figures and provinces
    _, answer = ask(corpus_services, "Báo cáo kể tên mấy bộ, ngành, địa phương còn nhiệm vụ chậm muộn? Trong số đó có "
                                     "bao nhiêu tỉnh, thành phố?")
    assert f"{len(figures)} cơ quan" in answer.text and f"{len(provinces)} tỉnh, thành phố" in answer.text
    assert all(f.agency in answer.text for f in figures)
    assert "không chứa thông tin" not in answer.text  # the share among them is the breakdown already given
    assert_citations_verbatim(corpus_services, answer)


def test_the_reports_total_of_tasks_is_not_the_appendix_nor_the_completed_ones(corpus_services: Services) -> None:
    total = next(f for f in corpus_services.bundle.store.figures() if f.subject == "tasks_total")
    _, answer = ask(corpus_services, "Báo cáo ngày 22/9/2025 cho biết năm 2025 tổng số bao nhiêu nhiệm vụ đã được giao?")
    assert f"{int(total.value)}" in answer.text
    assert not task_numbers(answer)
    assert all(getattr(r, "subject", "") in ("tasks_total", "tasks_assigned") for r in answer.records)


def test_a_request_to_quote_is_no_topic(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Trích nguyên văn giúp tôi câu Bộ trưởng nói về việc làm tập trung trong thời gian "
                                     "ngắn ở giao ban tháng 7/2025.")
    assert "hiệu quả trung bình" in answer.text and not answer.refused


def test_a_question_opening_with_the_goes_on_from_the_last_one(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Theo báo cáo, những tiêu chí nào của cấp xã có tỷ lệ hoàn thành thấp?",
                    "Thế địa phương nào thấp nhất?")
    assert "Điện Biên" in answer.text and "Lai Châu" in answer.text


def test_an_item_named_only_by_its_place_is_of_what_the_last_question_counted(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Ở Hội nghị toàn quốc ngày 13/01/2025, Tổng Bí thư nêu bao nhiêu nhiệm vụ, giải pháp?",
                    "Cái thứ hai là gì?")
    assert "Hai là" in answer.text and "thể chế" in answer.text


def test_an_untoned_count_of_what_it_does_not_name_follows_the_last_question(corpus_services: Services) -> None:
    _, first = ask(corpus_services, "Kế hoạch 02-KH/BCĐTW có bao nhiêu nhiệm vụ cho các bộ, ngành, địa phương?")
    _, answer = ask(corpus_services, "Kế hoạch 02-KH/BCĐTW có bao nhiêu nhiệm vụ cho các bộ, ngành, địa phương?",
                    "xong bao nhieu roi, con qua han may cai")
    assert answer.standalone != "xong bao nhieu roi, con qua han may cai"
    assert "02-KH" in answer.text
    lines = [line for line in answer.text.splitlines() if line.strip()]
    assert len(lines) == len(set(lines))  # a line the answer already gives is not repeated for a later part


def test_a_count_written_in_words_is_given_in_digits_too(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Trong buổi làm việc với Bộ KH&CN ngày 1/4/2025, Phó Thủ tướng nêu bao nhiêu định "
                                     "hướng, nhiệm vụ trọng tâm?")
    assert re.search(r"\b8\b", answer.text) and "Tám định hướng" in answer.text


def test_setting_money_aside_answers_a_question_about_allocating_it(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "What share of the budget did the General Secretary ask the Government to allocate "
                                     "to this work in 2025?")
    assert "3% ngân sách" in answer.text and not answer.refused


def test_the_source_a_question_names_comes_first_though_it_covers_the_question_a_little_less(
        corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Theo Báo cáo tóm tắt ngày 22/9/2025, kiến nghị về chia sẻ dữ liệu của các bộ, ngành "
                                     "được nêu thế nào?")
    first = answer.text.splitlines()[0]
    assert first.startswith("Theo Báo cáo tóm tắt") and "chia sẻ theo mặc định" in first


def test_an_agreement_the_report_tells_of_is_not_the_report_itself(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Theo báo cáo tháng 9/2025, hợp đồng giữa Bộ KH&CN và Google có giá trị bao nhiêu "
                                     "và ký ngày nào?")
    assert answer.refused and "đề ngày 22/9/2025" not in answer.text


def test_the_titles_of_the_overdue_tasks_are_refused_with_their_counts(corpus_services: Services) -> None:
    _, answer = ask(corpus_services, "Please list the names of the overdue tasks in the September 2025 report.")
    assert answer.refused and "27" in answer.text
