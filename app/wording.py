"""The fixed phrases of answers, in Vietnamese and English, and number/date formatting for each language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Wording:
    lang: Literal["vi", "en"]
    task: str
    lead: str
    coordinating: str
    deliverable: str
    deadline: str
    due_by: str
    none: str
    group: str
    appendix_ii: str
    source_appendix_ii: str
    source_appendix_i: str
    any_agency: str
    all_agencies: str
    document: str
    role_lead: str
    role_coord: str
    count_any: str
    count_role: str
    count_filter: str
    lead_heading: str
    coord_heading: str
    no_tasks: str
    task_missing: str
    earliest: str
    cond_deliverable: str
    cond_between: str
    cond_before: str
    cond_after: str
    cond_except: str
    cond_recurring: str
    merge_note: str
    merge_count: str
    now_named: str
    overdue_figure: str
    status_figure: str
    breakdown_sum: str
    sum_agrees: str
    sum_differs: str
    groups_listed: str
    status_sum: str
    unit_agencies: str
    unit_groups: str
    overdue_no_figure: str
    overdue_successor: str
    cited_dated: str
    cited_issuer: str
    overdue_list_missing: str
    due_by_report: str
    none_due_by_report: str
    leads_no_task: str
    overdue_most: str
    overdue_agencies: str
    overdue_agencies_ministries: str
    overdue_agencies_central: str
    overdue_agencies_provinces: str
    count_in_words: str
    most_tasks: str
    agency_task_figure: str
    ask_deadline: str
    ask_lead: str
    ask_coord: str
    ask_deliverable: str
    task_items: str
    conflict: str
    indicator_head: str
    indicator_missing: str
    indicator_missing_year: str
    indicator_nearest: str
    indicator_count: str
    overview_tasks: str
    overview_total: str
    groups_differ: str
    overview_group: str
    overview_line: str  # one group of Phụ lục II in the overview
    overview_no_group: str
    overview_indicators: str
    overview_horizon: str
    figure_line: str
    indicator_line: str
    according_to: str
    refusal: str
    nearest: str
    issued_on: str
    dated_on: str
    data_as_of: str
    data_after_issue: str
    signed_by: str
    no_signature: str
    signature_location: str
    appendix_status_missing: str
    details_missing: str  # the particulars are in an appendix the corpus does not hold
    items_missing: str  # the passage counts the things asked for but does not name them
    part_missing: str  # one part of a many-part question the corpus does not answer
    after_the_data: str  # counts asked at a date after the last one the documents count at
    greeting: str
    out_of_scope: str


VI = Wording(
    lang="vi",
    task="Nhiệm vụ",
    lead="Chủ trì",
    coordinating="Phối hợp",
    deliverable="Kết quả",
    deadline="Thời hạn",
    due_by="chậm nhất",
    none="không ghi",
    group="nhóm",
    appendix_ii="Phụ lục II",
    source_appendix_ii="Phụ lục II của Nghị quyết 03/NQ-CP",
    source_appendix_i="Phụ lục I của Nghị quyết 03/NQ-CP",
    any_agency="cơ quan nào",
    all_agencies="các bộ, ngành, địa phương",
    document="văn bản",
    role_lead="chủ trì",
    role_coord="phối hợp thực hiện",
    count_any="Theo {source}, {who} có {n} nhiệm vụ{cond}: chủ trì {lead}, phối hợp {coord}.",
    count_role="Theo {source}, {who} {role} {n} nhiệm vụ{cond}:",
    count_filter="Theo {source}, có {n} nhiệm vụ{cond}:",
    lead_heading="Chủ trì ({n} nhiệm vụ):",
    coord_heading="Phối hợp ({n} nhiệm vụ):",
    no_tasks="Theo {source}, không có nhiệm vụ nào của {who}{cond}.",
    task_missing="Phụ lục II không có nhiệm vụ số {numbers} (phụ lục gồm {total} nhiệm vụ).",
    earliest="Nhiệm vụ có hạn sớm nhất: nhiệm vụ {number} ({raw}).",
    cond_deliverable="có kết quả là {d}",
    cond_between="có hạn từ {a} đến {b}",
    cond_before="có hạn đến {b}",
    cond_after="có hạn từ {a}",
    cond_except="trừ những nhiệm vụ có hạn từ {a} đến {b}",
    cond_recurring="thực hiện thường xuyên/hằng năm",
    merge_note="Lưu ý: {old} đã hợp nhất vào {new} ({since}); các nhiệm vụ giao cho {old} nay thuộc {new}.",
    merge_count="Trong danh sách trên có {n} nhiệm vụ ghi tên {old}.",
    now_named=" (nay là {name})",
    overdue_figure="Theo {source}, tính đến {as_of}, {who} có {value} nhiệm vụ quá hạn, chậm muộn ({scope}).",
    status_figure="Theo {source}, tính đến {as_of} — {scope}: {counts}.",
    breakdown_sum=(
        "Theo {source}, cộng số nhiệm vụ quá hạn, chậm muộn của {n} {unit} được liệt kê ở mục «{section}» "
        "được {total} nhiệm vụ{marker}."
    ),
    sum_agrees="Tổng này khớp với con số {value} nhiệm vụ ({label}) mà văn bản nêu{marker}.",
    sum_differs=(
        "Tổng này không khớp với con số {value} nhiệm vụ ({label}) mà văn bản nêu{marker}; "
        "văn bản không giải thích chênh lệch."
    ),
    groups_listed="Văn bản nêu {stated} nhóm nhiệm vụ{marker} nhưng chỉ liệt kê {listed} nhóm.",
    status_sum="Theo {source}, tính đến {as_of} — {scope}: cộng {parts} được {total} nhiệm vụ.",
    unit_agencies="cơ quan",
    unit_groups="nhóm",
    overdue_no_figure="Các văn bản hiện có không nêu số nhiệm vụ quá hạn của {who}.",
    cited_dated="Theo {doc}, {name} đề ngày {date}{issuer}: «{quote}»",
    cited_issuer=", do {issuer} ban hành",
    overdue_successor="Báo cáo không nêu riêng {old}: {old} đã hợp nhất vào {new}, và báo cáo ghi số của {new}.",
    overdue_list_missing=(
        "Danh sách cụ thể các nhiệm vụ quá hạn nằm ở phụ lục kèm theo báo cáo, không có trong bộ tài liệu hiện có."
    ),
    due_by_report=(
        "Để tham khảo, {who} chủ trì {n} nhiệm vụ đến hạn theo Phụ lục II trước {as_of} "
        "(đến hạn theo Phụ lục II, không có nghĩa là chậm):"
    ),
    ask_deadline="Thời hạn hoàn thành nhiệm vụ {n}: {raw}{due}.",
    ask_lead="Cơ quan chủ trì nhiệm vụ {n}: {who}.",
    ask_coord="Cơ quan phối hợp thực hiện nhiệm vụ {n}: {who}.",
    ask_deliverable="Kết quả (sản phẩm) của nhiệm vụ {n}: {what}.",
    task_items="Nhiệm vụ {n} gồm {k} nội dung, đánh số từ (1) đến ({k}).",
    none_due_by_report=(
        "Theo Phụ lục II, không có nhiệm vụ nào do {who} chủ trì có thời hạn trước {as_of}. Để tham khảo, "
        "{who} chủ trì {n} nhiệm vụ sau (thời hạn theo Phụ lục II):"
    ),
    leads_no_task="Phụ lục II không giao {who} chủ trì nhiệm vụ nào.",
    agency_task_figure="Theo {source}, tính đến {as_of}, {who} được giao {value} nhiệm vụ ({scope}).",
    most_tasks="Theo {source}, tính đến {as_of}, {what} có nhiều nhiệm vụ nhất: {who}.",
    overdue_most=("Theo {source}, tính đến {as_of}, trong các cơ quan, địa phương được báo cáo nêu số nhiệm vụ quá hạn, "
                  "chậm muộn, {who} có nhiều nhất: {value} nhiệm vụ."),
    overdue_agencies=("Theo {source}, tính đến {as_of}, báo cáo nêu tên {n} cơ quan, địa phương có nhiệm vụ quá hạn, "
                      "chậm muộn (số trong ngoặc là số nhiệm vụ):"),
    overdue_agencies_ministries="{n} bộ",
    overdue_agencies_central="{n} cơ quan khác ở trung ương",
    overdue_agencies_provinces="{n} tỉnh, thành phố",
    count_in_words="Số được nêu: {n} («{phrase}» viết bằng chữ).",
    conflict="Lưu ý: các số liệu trên không thống nhất với nhau trong văn bản; mỗi số liệu được dẫn nguyên văn kèm nguồn.",
    indicator_head="Theo {source}:",
    indicator_missing="{source} không có chỉ tiêu nào về «{what}». Chỉ tiêu gần nhất là:",
    indicator_nearest="Chỉ tiêu gần nhất trong {source} là:",
    indicator_missing_year="{source} không đặt chỉ tiêu «{what}» cho năm {years}; văn bản chỉ đặt chỉ tiêu này cho mốc:",
    indicator_count="Theo {source}, {who} là cơ quan chủ trì theo dõi, đánh giá {n} chỉ tiêu:",
    overview_tasks="{source} có {n} nhiệm vụ, chia thành {g} nhóm (số nhiệm vụ mỗi nhóm):",
    overview_total="{source} có tổng cộng {n} nhiệm vụ, chia thành {g} nhóm.",
    groups_differ="Lưu ý: văn bản nêu {announced} nhóm nhưng chỉ liệt kê {named} nhóm.",
    overview_group="Theo {source}, nhóm {group} ({title}) có {n} nhiệm vụ, từ nhiệm vụ {first} đến {last}.",
    overview_line="- {group}. {title}: {n} (nhiệm vụ {first}–{last})",
    overview_no_group="Phụ lục II không có nhóm {group} (phụ lục có {n} nhóm).",
    overview_indicators="{source} có: {parts}.",
    overview_horizon="{n} chỉ tiêu đến năm {horizon} (kèm {sub} chỉ tiêu thành phần)",
    figure_line="Theo {doc}: «{quote}»",
    indicator_line="- Chỉ tiêu {number} «{name}» (đến năm {horizon}): {target}; cơ quan chủ trì theo dõi, đánh giá: {agency}",
    according_to="Theo {doc}:",
    refusal="Bộ tài liệu hiện có không chứa thông tin để trả lời câu hỏi này.",
    nearest=" Nội dung gần nhất là mục «{location}» trong {doc}.",
    part_missing="Về «{part}»: bộ tài liệu hiện có không chứa thông tin.",
    after_the_data=("Bộ tài liệu hiện có không có số liệu tính đến {asked}: số liệu mới nhất trong tài liệu là tính "
                    "đến {as_of}, như sau."),
    issued_on="{doc} do {issuer} ban hành ngày {date}.",
    dated_on="{doc} đề ngày {date}; văn bản không ghi cơ quan ban hành.",
    data_as_of="Số liệu trong {doc} được tính đến ngày {as_of}: «{quote}»",
    data_after_issue="Lưu ý: ngày tính số liệu ({as_of}) muộn hơn ngày đề trên văn bản ({date}).",
    appendix_status_missing=("Bộ tài liệu hiện có không theo dõi tiến độ riêng của 140 nhiệm vụ trong Phụ lục II. "
                             "Báo cáo chỉ nêu số liệu chung cho Chương trình hành động và các Thông báo kết luận "
                             "của Ban Chỉ đạo Trung ương:"),
    signed_by="{doc} do {title} {name} ký{capacity}.",
    no_signature="Văn bản «{doc}» trong bộ tài liệu không có phần chữ ký, nên không xác định được người ký.",
    signature_location="Phần chữ ký",
    details_missing=("Bộ tài liệu hiện có không chứa nội dung cụ thể này: {doc} chỉ nêu «{quote}», còn chi tiết "
                     "nằm ở Phụ lục {appendix} kèm theo văn bản, không có trong bộ tài liệu."),
    items_missing=("Bộ tài liệu hiện có không nêu cụ thể {what}: {doc} chỉ cho biết số lượng, «{quote}», mà không "
                   "liệt kê tên hay số hiệu."),
    greeting=(
        "Xin chào! Tôi là Trợ lý NQ57, trả lời về Nghị quyết 57-NQ/TW và các văn bản triển khai: nhiệm vụ theo "
        "Phụ lục II của Nghị quyết 03/NQ-CP (cơ quan chủ trì, phối hợp, thời hạn), chỉ tiêu ở Phụ lục I, số liệu "
        "của báo cáo ngày 22/9/2025 và các bài viết. Ví dụ: «Bộ Y tế chủ trì những nhiệm vụ nào?»"
    ),
    out_of_scope=(
        "Câu hỏi này nằm ngoài phạm vi tài liệu về Nghị quyết 57-NQ/TW mà tôi có, nên tôi không trả lời được."
    ),
)

EN = Wording(
    lang="en",
    task="Task",
    lead="Lead",
    coordinating="Coordinating",
    deliverable="Deliverable",
    deadline="Deadline",
    due_by="due by",
    none="not stated",
    group="group",
    appendix_ii="Appendix II",
    source_appendix_ii="Appendix II of Resolution 03/NQ-CP",
    source_appendix_i="Appendix I of Resolution 03/NQ-CP",
    any_agency="any agency",
    all_agencies="all ministries, sectors and localities",
    document="document",
    role_lead="leads",
    role_coord="coordinates",
    count_any="According to {source}, {who} has {n} tasks{cond}: lead on {lead}, coordinating on {coord}.",
    count_role="According to {source}, {who} {role} {n} tasks{cond}:",
    count_filter="According to {source}, there are {n} tasks{cond}:",
    lead_heading="Lead ({n} tasks):",
    coord_heading="Coordinating ({n} tasks):",
    no_tasks="According to {source}, {who} has no tasks{cond}.",
    task_missing="Appendix II has no task number {numbers} (it lists {total} tasks).",
    earliest="The earliest deadline is task {number} ({raw}).",
    cond_deliverable=" whose deliverable is {d}",
    cond_between=" due between {a} and {b}",
    cond_before=" due by {b}",
    cond_after=" due from {a}",
    cond_except=" except those due between {a} and {b}",
    cond_recurring=" that are recurring/annual",
    merge_note="Note: {old} was merged into {new} ({since}); tasks assigned to {old} now belong to {new}.",
    merge_count="{n} of the tasks above name {old}.",
    now_named=" (now {name})",
    overdue_figure="According to {source}, as of {as_of}, {who} had {value} overdue tasks ({scope}).",
    status_figure="According to {source}, as of {as_of} — {scope}: {counts}.",
    breakdown_sum=(
        "According to {source}, the overdue tasks of the {n} {unit} listed in «{section}» add up to "
        "{total} tasks{marker}."
    ),
    sum_agrees="This sum matches the figure of {value} tasks ({label}) the document states{marker}.",
    sum_differs=(
        "This sum does not match the figure of {value} tasks ({label}) the document states{marker}; "
        "the document does not explain the difference."
    ),
    groups_listed="The document states {stated} groups of tasks{marker} but lists only {listed}.",
    status_sum="According to {source}, as of {as_of} — {scope}: {parts} add up to {total} tasks.",
    unit_agencies="agencies",
    unit_groups="groups",
    overdue_no_figure="The documents do not give a number of overdue tasks for {who}.",
    cited_dated="According to {doc}, {name} is dated {date}{issuer}: «{quote}»",
    cited_issuer=", issued by {issuer}",
    overdue_successor="The report gives no figure for {old} on its own: {old} was merged into {new}, and the report "
                      "counts {new}.",
    overdue_list_missing=(
        "The named list of overdue tasks is in an appendix to the report that is not among the documents I hold."
    ),
    due_by_report=(
        "For reference, {who} leads {n} tasks whose Appendix II deadline fell before {as_of} "
        "(due under Appendix II, which does not mean late):"
    ),
    ask_deadline="Deadline of task {n}: {raw}{due}.",
    ask_lead="Lead agency of task {n}: {who}.",
    ask_coord="Coordinating agencies of task {n}: {who}.",
    ask_deliverable="Deliverable of task {n}: {what}.",
    task_items="Task {n} has {k} numbered items, (1) to ({k}).",
    none_due_by_report=(
        "Under Appendix II, no task led by {who} was due before {as_of}. For reference, {who} leads these "
        "{n} tasks (deadlines as in Appendix II):"
    ),
    leads_no_task="Appendix II assigns no task to {who} as lead.",
    agency_task_figure="According to {source}, as of {as_of}, {who} had been assigned {value} tasks ({scope}).",
    most_tasks="According to {source}, as of {as_of}, {what} with the most tasks: {who}.",
    overdue_most=("According to {source}, as of {as_of}, of the agencies and localities whose overdue tasks the "
                  "report counts, {who} had the most: {value} tasks."),
    overdue_agencies=("According to {source}, as of {as_of}, the report names {n} agencies and localities with overdue "
                      "tasks (the number of tasks in brackets):"),
    overdue_agencies_ministries="{n} ministries",
    overdue_agencies_central="{n} other central bodies",
    overdue_agencies_provinces="{n} provinces and cities",
    count_in_words="The number stated: {n} (written in words, «{phrase}»).",
    conflict="Note: the document states figures that do not agree; each is quoted as written, with its source.",
    indicator_head="According to {source}:",
    indicator_missing="{source} has no indicator about «{what}». The nearest indicator is:",
    indicator_nearest="The nearest indicator in {source} is:",
    indicator_missing_year="{source} sets no target «{what}» for {years}; it sets this indicator only for:",
    indicator_count="According to {source}, {who} monitors and evaluates {n} indicators:",
    overview_tasks="{source} lists {n} tasks in {g} groups (tasks per group):",
    overview_total="{source} lists {n} tasks in all, in {g} groups.",
    groups_differ="Note: the document announces {announced} groups but lists only {named}.",
    overview_group="According to {source}, group {group} ({title}) has {n} tasks, numbers {first} to {last}.",
    overview_line="- {group}. {title}: {n} (tasks {first}–{last})",
    overview_no_group="Appendix II has no group {group} (it has {n} groups).",
    overview_indicators="{source} has: {parts}.",
    overview_horizon="{n} indicators for {horizon} (plus {sub} sub-indicators)",
    figure_line="According to {doc}: «{quote}»",
    indicator_line="- Indicator {number} «{name}» (by {horizon}): {target}; monitored by: {agency}",
    according_to="According to {doc}:",
    refusal="The documents I hold do not contain the information to answer this question.",
    nearest=" The closest content is the section «{location}» of {doc}.",
    part_missing="On «{part}»: the documents I hold do not contain this information.",
    after_the_data=("The documents I hold have no figures as of {asked}: their latest figures are as of {as_of}, "
                    "as follows."),
    issued_on="{doc} was issued by {issuer} on {date}.",
    dated_on="{doc} is dated {date}; the document does not name its issuer.",
    data_as_of="The figures in {doc} are counted as of {as_of}: «{quote}»",
    data_after_issue="Note: the figures' date ({as_of}) is later than the date the document bears ({date}).",
    appendix_status_missing=("The documents do not track the progress of the 140 tasks of Appendix II on their own. "
                             "The report only gives figures for the action programme together with the Central "
                             "Steering Committee's conclusions:"),
    signed_by="{doc} was signed by {name}, {title}{capacity}.",
    no_signature="The copy of «{doc}» in the documents has no signature block, so its signer is not known.",
    signature_location="Signature block",
    details_missing=("The documents I hold do not contain these particulars: {doc} only says «{quote}»; the details "
                     "are in its Appendix {appendix}, which is not among the documents."),
    items_missing=("The documents I hold do not name {what}: {doc} only gives their number, «{quote}», without "
                   "listing their names or numbers."),
    greeting=(
        "Hello! I am the NQ57 assistant. I answer questions about Resolution 57-NQ/TW and the documents "
        "implementing it: the tasks of Appendix II of Resolution 03/NQ-CP, the indicators of Appendix I, the "
        "figures of the 22/9/2025 report and the articles."
    ),
    out_of_scope="This question is outside the Resolution 57 documents I hold, so I cannot answer it.",
)


def wording_for(language: str) -> Wording:
    return EN if language == "en" else VI


def format_date(iso: str | None, words: Wording) -> str:
    if not iso:
        return words.none
    parts = iso.split("-")
    if len(parts) != 3:
        return iso
    y, m, d = parts
    if not (d.isdigit() and m.isdigit()):
        return iso
    return f"{int(d)}/{int(m)}/{y}"  # «22/9/2025», as the documents write their dates


def format_value(value: float, words: Wording) -> str:
    """Vietnamese numbers use '.' for thousands and ',' for decimals; English the reverse."""
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.3f}".rstrip("0").rstrip(".")
    if words.lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text
