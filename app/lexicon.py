"""Domain vocabulary for reading questions: abbreviations, an English→Vietnamese glossary, stop words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.text import collapse_ws, fold, nfc

# Boundaries that keep document numbers intact: "QĐ-TTg", "57-NQ/TW", "02-KH/BCĐTW" are not expanded
# because the abbreviation touches "-" or "/".
_LEFT = r"(?<![\w/\-&])"
_RIGHT = r"(?![\w/\-&])"


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text` (word lists below are written as text for readability)."""
    return frozenset(text.split())


@dataclass(frozen=True)
class Expansion:
    """One abbreviation and what it stands for.

    `title` is the capitalised form used right after "Bộ"/"Ban"/"Sở"/"Ủy ban", so that "Bộ KH&CN"
    becomes "Bộ Khoa học và Công nghệ" (an agency name) rather than "Bộ khoa học và công nghệ".
    """

    pattern: re.Pattern[str]
    expansion: str
    title: str | None = None


def _abbr(forms: str, expansion: str, title: str | None = None, ignore_case: bool = False) -> Expansion:
    alternatives = "|".join(re.escape(f) for f in sorted(forms.split("|"), key=len, reverse=True))
    flags = re.IGNORECASE if ignore_case else 0
    return Expansion(re.compile(_LEFT + "(?:" + alternatives + ")" + _RIGHT, flags), expansion, title)


# Order matters: longer, more specific forms first ("BCĐTW" before "BCĐ", "NQ57" before "NQ").
ABBREVIATIONS: tuple[Expansion, ...] = (
    Expansion(
        re.compile(r"(?<![\w/\-])(?:NQ|Nghị quyết|Nghi quyet)(?:\s*số)?\s*-?\s*57(?![\w/\-]|\.\w)", re.IGNORECASE),
        "Nghị quyết 57-NQ/TW",
    ),
    Expansion(
        re.compile(
            r"(?<![\w/\-])(?:NQ|Nghị quyết|Nghi quyet)(?:\s*số)?\s*-?\s*0?3(?![\w/\-]|\.\w)", re.IGNORECASE
        ),
        "Nghị quyết 03/NQ-CP",
    ),
    _abbr("KHCN&ĐMST|KH,CN&ĐMST|KHCN và ĐMST|KHCN&DMST", "khoa học, công nghệ và đổi mới sáng tạo"),
    _abbr("KH&CN|KHCN|KH-CN|KH & CN", "khoa học và công nghệ", "Khoa học và Công nghệ", ignore_case=True),
    _abbr("CĐS|CDS", "chuyển đổi số", ignore_case=True),
    _abbr("CTHĐ|CTHD", "chương trình hành động"),
    _abbr("XD", "xây dựng"),
    _abbr("KH", "kế hoạch"),
    _abbr("ĐMST|DMST", "đổi mới sáng tạo", ignore_case=True),
    _abbr("DVCTT", "dịch vụ công trực tuyến", ignore_case=True),
    _abbr("DVCQG", "Dịch vụ công quốc gia", ignore_case=True),
    _abbr("DVC", "dịch vụ công", ignore_case=True),
    _abbr("CQNN", "cơ quan nhà nước", ignore_case=True),
    _abbr("CQĐP|CQDP", "chính quyền địa phương", ignore_case=True),
    _abbr("CBCCVC|CB,CC,VC", "cán bộ, công chức, viên chức", ignore_case=True),
    _abbr("VBQPPL", "văn bản quy phạm pháp luật", ignore_case=True),
    _abbr("QPPL", "quy phạm pháp luật", ignore_case=True),
    _abbr("KT-XH|KTXH", "kinh tế - xã hội", ignore_case=True),
    _abbr("CCHC", "cải cách hành chính", ignore_case=True),
    _abbr("HTTT", "hệ thống thông tin", ignore_case=True),
    _abbr("ATTT", "an toàn thông tin", ignore_case=True),
    _abbr("DNNN", "doanh nghiệp nhà nước", ignore_case=True),
    _abbr("CSDLQG", "cơ sở dữ liệu quốc gia", ignore_case=True),
    _abbr("TTDLQG", "Trung tâm dữ liệu quốc gia", ignore_case=True),
    _abbr("GDĐH|GDDH", "giáo dục đại học", ignore_case=True),
    _abbr("đầu việc|dau viec", "nhiệm vụ", ignore_case=True),
    _abbr("sandbox", "cơ chế thí điểm", ignore_case=True),
    _abbr("ĐVHC|DVHC", "đơn vị hành chính", ignore_case=True),
    _abbr("HCC", "hành chính công"),
    _abbr("CQ|cq", "cơ quan"),
    _abbr("KP", "kinh phí"),
    _abbr("PGS", "phó giáo sư"),
    _abbr("GS", "giáo sư"),
    # Chat shorthand, lower case only: «bn NV» is «bao nhiêu nhiệm vụ», «ntn» is «như thế nào».
    _abbr("bn", "bao nhiêu"),
    _abbr("xài", "sử dụng"),
    _abbr("dẹp bỏ", "loại bỏ"),
    _abbr("TNDN", "thu nhập doanh nghiệp", ignore_case=True),
    _abbr("TNCN", "thu nhập cá nhân", ignore_case=True),
    _abbr("GTGT", "giá trị gia tăng", ignore_case=True),
    _abbr("XNK", "xuất khẩu, nhập khẩu", ignore_case=True),
    _abbr("SHCN", "sở hữu công nghiệp", ignore_case=True),
    _abbr("SHTT", "sở hữu trí tuệ", ignore_case=True),
    # «đơn ĐK» is a registration, «đủ ĐK» a condition.
    Expansion(re.compile(r"(?:(?<=\bđơn )|(?<=\bdon ))(?:ĐK|DK)\b"), "đăng ký"),
    Expansion(re.compile(r"(?:(?<=\bđủ )|(?<=\bdu ))(?:ĐK|DK)\b"), "điều kiện"),
    _abbr("ntn", "như thế nào"),
    _abbr("ko|k0", "không"),
    _abbr("đc|dc", "được"),
    _abbr("sl", "số lượng"),
    _abbr("CSDL", "cơ sở dữ liệu", ignore_case=True),
    _abbr("CNTT", "công nghệ thông tin", ignore_case=True),
    _abbr("CNCL", "công nghệ chiến lược", ignore_case=True),
    _abbr("CNS", "công nghệ số"),
    _abbr("CNC", "công nghệ cao"),
    _abbr("DNCNS", "doanh nghiệp công nghệ số", ignore_case=True),
    _abbr("KTS", "kinh tế số"),
    _abbr("CPĐT", "Chính phủ điện tử"),
    _abbr("CPS", "Chính phủ số"),
    _abbr("TTDL", "trung tâm dữ liệu"),
    _abbr("TTHC", "thủ tục hành chính", ignore_case=True),
    _abbr("NSNN", "ngân sách nhà nước", ignore_case=True),
    _abbr("HTCT", "hệ thống chính trị"),
    _abbr("TBKL", "Thông báo kết luận", ignore_case=True),
    _abbr("BCĐTW|BCĐ TW|BCDTW", "Ban Chỉ đạo Trung ương"),
    _abbr("BCĐ|BCD", "Ban Chỉ đạo"),
    _abbr("BNĐP|BNDP|BN-ĐP", "bộ, ngành, địa phương", ignore_case=True),
    _abbr("ĐP|DP", "địa phương"),
    _abbr("UBND", "Ủy ban nhân dân", ignore_case=True),
    _abbr("HĐND|HDND", "Hội đồng nhân dân", ignore_case=True),
    _abbr("ĐA06|ĐA 06", "Đề án 06"),
    _abbr("PTTg|PTT", "Phó Thủ tướng"),
    _abbr("TTg", "Thủ tướng Chính phủ", ignore_case=True),
    _abbr("QĐ|QD", "Quyết định"),
    _abbr("NĐ|ND", "Nghị định"),
    _abbr("NQ", "Nghị quyết", ignore_case=True),
    _abbr("CP", "Chính phủ"),
    _abbr("QH", "Quốc hội"),
    _abbr("TW|TƯ", "Trung ương"),
    _abbr("DN", "doanh nghiệp"),
    # "NV 75" / "nv75": a task number follows; otherwise only the upper-case "NV" is a task.
    Expansion(re.compile(r"(?<![\w/\-])NV\s*(?=\d)", re.IGNORECASE), "nhiệm vụ "),
    _abbr("NV", "nhiệm vụ"),
    # «nv nào trong PL II»: in lower case, a task only where a question about one goes on.
    Expansion(re.compile(r"(?<![\w/\-])nv(?=\s+(?:nào|nao|trong|của|cua|do|được|duoc|có|co|hạn|han|gì|gi|số|so)\b)"),
              "nhiệm vụ"),
    # «giao thêm bao nhiêu nv», «mấy nv», «12 nv»: a count of tasks.
    Expansion(re.compile(r"(?:(?<=\bbao nhiêu )|(?<=\bbao nhieu )|(?<=\bmấy )|(?<=\bmay )|(?<=\d )|(?<=\bcác )|"
                         r"(?<=\bcac )|(?<=\bnhững )|(?<=\bnhung ))nv\b"), "nhiệm vụ"),
    _abbr("CV", "công văn"),
    _abbr("PL", "Phụ lục"),
    _abbr("BC", "báo cáo"),
    _abbr("SV", "sinh viên"),
    # «đã HT bao nhiêu», «HT đúng hạn»: completed; elsewhere «HT» may be a system («HT DVCTT»).
    Expansion(re.compile(r"(?:(?<=\bđã )|(?<=\bda )|(?<=\bchưa )|(?<=\bchua ))HT\b|\bHT(?=\s+(?:đúng hạn|dung han)\b)"),
              "hoàn thành"),
    # «giao cho BN, ĐP»: ministries and sectors, beside the localities.
    Expansion(re.compile(r"(?<![\w/\-])BN(?=\s*[,&]\s*(?:ĐP|DP|địa phương)\b)"), "bộ, ngành"),
    # "KH 02-KH/BCĐTW": a plan's number follows.
    Expansion(re.compile(r"(?<![\w/\-])KH(?=\s+\d)"), "Kế hoạch"),
    # "T9/2025": a month.
    Expansion(re.compile(r"(?<![\w/\-])T(?=(?:0?[1-9]|1[0-2])/(?:19|20)\d{2}(?![\d/]))"), "tháng "),
)

_AGENCY_HEAD = re.compile(r"(?:Bộ|Ban|Sở|Ủy ban|Uỷ ban|Bo|So)\s*$", re.IGNORECASE)


# «CT» is «chỉ tiêu» next to Phụ lục I or a target, «chương trình» elsewhere («CT phát triển CPS»).
_CT = re.compile(_LEFT + r"CT" + _RIGHT)
_INDICATOR_CONTEXT = re.compile(r"\b(?:PL|Phụ lục|Phu luc)\s*I\b(?!I)|\bmục tiêu\b|\btheo dõi\b|\b%", re.IGNORECASE)


def expand_abbreviations(text: str) -> str:
    """Replace domain abbreviations by their full Vietnamese form ("CĐS" → "chuyển đổi số")."""
    out = _CT.sub("chỉ tiêu" if _INDICATOR_CONTEXT.search(text) else "chương trình", text)
    for exp in ABBREVIATIONS:

        def repl(m: re.Match[str], exp: Expansion = exp) -> str:
            before = m.string[: m.start()]
            if exp.title and _AGENCY_HEAD.search(before):
                return exp.title
            return exp.expansion

        out = exp.pattern.sub(repl, out)
    return collapse_ws(out)


# English → Vietnamese glossary (folded English phrase, Vietnamese term). Longest phrases are matched first,
# so "digital economy" wins over "digital".
GLOSSARY: tuple[tuple[str, str], ...] = (
    ("resolution 57", "Nghị quyết 57-NQ/TW"),
    ("resolution no. 57", "Nghị quyết 57-NQ/TW"),
    ("resolution 03", "Nghị quyết 03/NQ-CP"),
    ("action programme", "chương trình hành động"),
    ("action program", "chương trình hành động"),
    ("action plan", "chương trình hành động"),
    ("tasks", "nhiệm vụ"),
    ("task", "nhiệm vụ"),
    ("assignments", "nhiệm vụ"),
    ("lead agency", "cơ quan chủ trì"),
    ("leads", "chủ trì"),
    ("lead", "chủ trì"),
    ("led", "chủ trì"),
    ("in charge", "chủ trì"),
    ("responsible", "chủ trì"),
    ("coordinating", "phối hợp"),
    ("coordinate", "phối hợp"),
    ("coordinates", "phối hợp"),
    ("support", "phối hợp"),
    ("deadlines", "thời hạn"),
    ("deadline", "thời hạn"),
    ("due", "hạn"),
    ("overdue", "quá hạn"),
    ("late", "chậm"),
    ("behind schedule", "chậm"),
    ("delayed", "chậm"),
    ("completed", "hoàn thành"),
    ("finished", "hoàn thành"),
    ("in progress", "đang thực hiện"),
    ("indicators", "chỉ tiêu"),
    ("indicator", "chỉ tiêu"),
    ("targets", "chỉ tiêu"),
    ("target", "chỉ tiêu"),
    ("goals", "mục tiêu"),
    ("goal", "mục tiêu"),
    ("objectives", "mục tiêu"),
    ("objective", "mục tiêu"),
    ("viewpoints", "quan điểm"),
    ("solutions", "giải pháp"),
    ("digital economy", "kinh tế số"),
    ("digital society", "xã hội số"),
    ("digital government", "Chính phủ số"),
    ("e-government", "Chính phủ điện tử"),
    ("digital transformation", "chuyển đổi số"),
    ("digital platforms", "nền tảng số"),
    ("digital platform", "nền tảng số"),
    ("digital infrastructure", "hạ tầng số"),
    ("digital skills", "kỹ năng số"),
    ("digital signature", "chữ ký số"),
    ("law on digital technology industry", "Luật Công nghiệp công nghệ số"),
    ("digital technology industry law", "Luật Công nghiệp công nghệ số"),
    ("digital technology industry", "công nghiệp công nghệ số"),
    ("digital technology enterprises", "doanh nghiệp công nghệ số"),
    ("digital technology", "công nghệ số"),
    ("innovation", "đổi mới sáng tạo"),
    ("science and technology", "khoa học và công nghệ"),
    ("science", "khoa học"),
    ("technology", "công nghệ"),
    ("strategic technologies", "công nghệ chiến lược"),
    ("strategic technology", "công nghệ chiến lược"),
    ("high technology", "công nghệ cao"),
    ("high-tech", "công nghệ cao"),
    ("artificial intelligence", "trí tuệ nhân tạo"),
    ("semiconductors", "bán dẫn"),
    ("semiconductor", "bán dẫn"),
    ("online public services", "dịch vụ công trực tuyến"),
    ("public services", "dịch vụ công"),
    ("databases", "cơ sở dữ liệu"),
    ("database", "cơ sở dữ liệu"),
    ("data centers", "trung tâm dữ liệu"),
    ("data center", "trung tâm dữ liệu"),
    ("data centre", "trung tâm dữ liệu"),
    ("data", "dữ liệu"),
    ("infrastructure", "hạ tầng"),
    ("institutions", "thể chế"),
    ("institutional", "thể chế"),
    ("legal framework", "thể chế"),
    ("human resources", "nguồn nhân lực"),
    ("workforce", "nhân lực"),
    ("talent", "nhân tài"),
    ("startups", "khởi nghiệp"),
    ("startup", "khởi nghiệp"),
    ("enterprises", "doanh nghiệp"),
    ("businesses", "doanh nghiệp"),
    ("business-related", "liên quan đến doanh nghiệp"),
    ("small and medium-sized enterprises", "doanh nghiệp nhỏ và vừa"),
    ("strategic industry development investment fund", "Quỹ đầu tư phát triển công nghiệp chiến lược"),
    ("development investment fund", "quỹ đầu tư phát triển"),
    ("investment fund", "quỹ đầu tư"),
    ("investment funds", "quỹ đầu tư"),
    ("strategic industries", "công nghiệp chiến lược"),
    ("strategic industry", "công nghiệp chiến lược"),
    ("fund", "quỹ"),
    ("funds", "quỹ"),
    ("small and medium enterprises", "doanh nghiệp nhỏ và vừa"),
    ("smes", "doanh nghiệp nhỏ và vừa"),
    ("sme", "doanh nghiệp nhỏ và vừa"),
    ("cooperatives", "hợp tác xã"),
    ("household businesses", "hộ kinh doanh"),
    ("related to businesses", "liên quan đến doanh nghiệp"),
    ("business", "doanh nghiệp"),
    ("enterprise", "doanh nghiệp"),
    ("online", "trực tuyến"),
    ("contribute", "đóng góp"),
    ("contribution", "đóng góp"),
    ("grows", "tăng trưởng"),
    ("companies", "doanh nghiệp"),
    ("research", "nghiên cứu"),
    ("funding", "kinh phí"),
    ("budget", "kinh phí"),
    ("disbursed", "giải ngân"),
    ("backlog", "tồn đọng"),
    ("prerequisite", "điều kiện tiên quyết"),
    ("one step ahead", "đi trước một bước"),
    ("intensively", "tập trung"),
    ("short time", "thời gian ngắn"),
    ("dragging", "kéo dài"),
    ("drag out", "kéo dài"),
    ("industrial property", "sở hữu công nghiệp"),
    ("technical regulation", "quy chuẩn kỹ thuật"),
    ("standard", "tiêu chuẩn"),
    ("orientation", "định hướng"),
    ("hospital", "bệnh viện"),
    ("virtual assistants", "trợ lý ảo"),
    ("virtual assistant", "trợ lý ảo"),
    ("every citizen", "mỗi người dân"),
    ("up and running", "vận hành"),
    ("operational", "vận hành"),
    ("village", "thôn"),
    ("electricity", "điện"),
    ("adult", "dân số trưởng thành"),
    ("supplementary", "bổ sung"),
    ("additional", "bổ sung"),
    ("abroad", "ngoài nước"),
    ("transport", "giao thông"),
    ("official letter", "công văn"),
    ("how often", "định kỳ"),
    ("periodic", "định kỳ"),
    ("monitoring", "theo dõi"),
    ("attention", "lưu ý"),
    ("breakthrough", "đột phá"),
    ("speed", "tốc độ"),
    ("field", "lĩnh vực"),
    ("data sharing", "chia sẻ dữ liệu"),
    ("share data", "chia sẻ dữ liệu"),
    ("sharing", "chia sẻ"),
    ("by default", "theo mặc định"),
    ("principle", "nguyên tắc"),
    ("refusal", "từ chối"),
    ("refuse", "từ chối"),
    ("justified", "giải trình"),
    ("justify", "giải trình"),
    ("disbursement", "giải ngân"),
    ("spending", "chi"),
    ("investment", "đầu tư"),
    ("revenue", "doanh thu"),
    ("exports", "xuất khẩu"),
    ("export", "xuất khẩu"),
    ("growth", "tăng trưởng"),
    ("steering committee", "Ban Chỉ đạo"),
    ("prime minister", "Thủ tướng Chính phủ"),
    ("deputy prime minister", "Phó Thủ tướng"),
    ("deputy pm", "Phó Thủ tướng"),
    ("general secretary", "Tổng Bí thư"),
    ("party general secretary", "Tổng Bí thư"),
    ("politburo", "Bộ Chính trị"),
    ("political bureau", "Bộ Chính trị"),
    ("national conference", "Hội nghị toàn quốc"),
    ("government", "Chính phủ"),
    ("ministries", "bộ"),
    ("ministry", "bộ"),
    ("provinces", "tỉnh"),
    ("province", "tỉnh"),
    ("localities", "địa phương"),
    ("laws", "Luật"),
    ("law", "Luật"),
    ("decrees", "Nghị định"),
    ("decree", "Nghị định"),
    ("decisions", "Quyết định"),
    ("decision", "Quyết định"),
    ("circular", "Thông tư"),
    ("schemes", "Đề án"),
    ("scheme", "Đề án"),
    ("projects", "Đề án"),
    ("project", "Đề án"),
    ("strategy", "chiến lược"),
    ("plans", "kế hoạch"),
    ("plan", "kế hoạch"),
    ("report", "báo cáo"),
    ("programme", "chương trình"),
    ("program", "chương trình"),
    ("propaganda", "tuyên truyền"),
    ("communication", "tuyên truyền"),
    ("awareness", "nhận thức"),
    ("cybersecurity", "an ninh mạng"),
    ("security", "an ninh"),
    ("education", "giáo dục"),
    ("training", "đào tạo"),
    ("universities", "đại học"),
    ("university", "đại học"),
    ("criteria", "tiêu chí"),
    ("communes", "cấp xã"),
    ("commune", "cấp xã"),
    ("national", "quốc gia"),
    ("appendix i", "Phụ lục I"),
    ("appendix ii", "Phụ lục II"),
    ("appendix", "Phụ lục"),
    ("summary report", "báo cáo tóm tắt"),
    ("catalogue", "danh mục"),
    ("catalog", "danh mục"),
    ("list of", "danh mục"),
    ("deployment plan", "kế hoạch triển khai"),
    ("deployment", "triển khai"),
    ("implementation", "thực hiện"),
    ("implement", "triển khai"),
    ("coverage", "phủ sóng"),
    ("population", "dân số"),
    ("adult population", "dân số trưởng thành"),
    ("signed", "ký"),
    ("issued", "ban hành"),
    ("issue", "ban hành"),
    ("draft law", "dự án Luật"),
    ("drafting", "xây dựng"),
    ("draft", "dự án"),
    ("revised", "sửa đổi"),
    ("amended", "sửa đổi"),
    ("amendment", "sửa đổi"),
    ("amending", "sửa đổi"),
    ("amend", "sửa đổi"),
    ("minimum", "tối thiểu"),
    ("at least", "ít nhất"),
    ("state budget", "ngân sách nhà nước"),
    ("non-state", "ngoài nhà nước"),
    ("research and development", "nghiên cứu phát triển"),
    ("r&d", "nghiên cứu phát triển"),
    ("share of gdp", "GDP"),
    ("gdp", "GDP"),
    ("data center", "trung tâm dữ liệu"),
    ("national data center", "Trung tâm dữ liệu quốc gia"),
    ("smart city", "đô thị thông minh"),
    ("smart cities", "đô thị thông minh"),
    ("atomic energy", "năng lượng nguyên tử"),
    ("nuclear energy", "năng lượng nguyên tử"),
    ("foreign affairs", "ngoại giao"),
    ("diplomacy", "ngoại giao"),
    ("cashless", "không dùng tiền mặt"),
    ("non-cash", "không dùng tiền mặt"),
    ("payments", "thanh toán"),
    ("payment", "thanh toán"),
    ("electronic health records", "hồ sơ sức khỏe điện tử"),
    ("health records", "hồ sơ sức khỏe"),
    ("submarine cables", "cáp quang biển"),
    ("submarine cable", "cáp quang biển"),
    ("submarine fibre-optic cable", "cáp quang biển"),
    ("submarine fiber-optic cable", "cáp quang biển"),
    ("submarine fibre optic cable", "cáp quang biển"),
    ("submarine fiber optic cable", "cáp quang biển"),
    ("undersea cable", "cáp quang biển"),
    ("fibre-optic", "cáp quang"),
    ("fiber-optic", "cáp quang"),
    ("fibre optic", "cáp quang"),
    ("fiber optic", "cáp quang"),
    ("cable routes", "tuyến cáp quang"),
    ("cable lines", "tuyến cáp quang"),
    ("put into operation", "đưa vào hoạt động"),
    ("population coverage", "phủ sóng dân số"),
    ("initiative portal", "Cổng sáng kiến"),
    ("initiatives", "sáng kiến"),
    ("initiative", "sáng kiến"),
    ("proposals", "đề xuất"),
    ("proposed", "đề nghị"),
    ("propose", "đề nghị"),
    ("requested", "đề nghị"),
    ("allocated", "phân bổ"),
    ("allocation", "phân bổ"),
    ("allocate", "phân bổ"),
    # «allocate … in the budget»: the documents set money aside («bố trí đủ ít nhất 3% ngân sách»).
    ("allocate to", "bố trí"),
    ("central agencies", "cơ quan Trung ương"),
    ("recurrent spending", "chi thường xuyên"),
    ("recurrent", "thường xuyên"),
    ("billion dong", "tỷ đồng"),
    ("billion vnd", "tỷ đồng"),
    ("experts", "chuyên gia"),
    ("admissions", "nhập học"),
    ("enrolment", "nhập học"),
    ("enrollment", "nhập học"),
    ("hardware", "phần cứng"),
    ("electronics", "điện tử"),
    ("internet speed", "tốc độ Internet"),
    ("mobile", "di động"),
    ("broadband", "băng rộng"),
    ("ranking", "xếp hạng"),
    ("ranked", "xếp hạng"),
    ("rank", "xếp hạng"),
    ("readiness", "mức độ sẵn sàng"),
    ("published", "công bố"),
    ("publish", "công bố"),
    ("index", "chỉ số"),
    ("competitiveness", "năng lực cạnh tranh"),
    ("productivity", "năng suất"),
    ("patents", "sáng chế"),
    ("patent", "sáng chế"),
    ("administrative procedures", "thủ tục hành chính"),
    ("meeting", "phiên họp"),
    ("conclusion", "kết luận"),
    ("conclusions", "kết luận"),
    ("merged", "hợp nhất"),
    ("merger", "hợp nhất"),
    ("criteria", "tiêu chí"),
    ("bottleneck", "điểm nghẽn"),
    ("computing", "tính toán"),
    ("chaired", "chủ trì"),
    ("chairs", "chủ trì"),
    ("presided over", "chủ trì"),
    ("centre", "trung tâm"),
    ("center", "trung tâm"),
)

_GLOSSARY_SORTED = tuple(sorted(GLOSSARY, key=lambda kv: len(kv[0]), reverse=True))
_GLOSSARY_RE = tuple(
    # «circulars», «bottlenecks»: an English noun is matched in its plural too.
    # «infrastructure-related tasks»: a noun before «-related» / «-based» is matched too.
    (re.compile(r"(?<![\w-])" + re.escape(en) + r"(?:e?s)?(?![\w])(?!-(?!(?:related|based|linked)\b))"), vi)
    for en, vi in _GLOSSARY_SORTED
)


def glossary_matches(text: str) -> list[tuple[int, int, str]]:
    """(start, end, Vietnamese term) for each English domain phrase in `text`; longest match wins.

    Offsets are in fold(nfc(text)), which has the same length as an NFC Vietnamese/English text.
    """
    folded = fold(nfc(text))
    found: list[tuple[int, int, str]] = []
    for pattern, vi in _GLOSSARY_RE:
        for m in pattern.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e, _ in found):
                continue
            found.append((m.start(), m.end(), vi))
    return sorted(found)


def translate_terms(text: str) -> list[str]:
    """Vietnamese terms for the English domain phrases in `text`, in order of appearance, no repeats."""
    return list(dict.fromkeys(vi for _, _, vi in glossary_matches(text)))


# Names joined by «và» / «and» (folded): a question is never cut in two inside them («how much did the Ministry of
# Science and Technology ask …, and to how many agencies?» has two parts, not three).
CONJOINED_NAMES = re.compile(
    r"\b(?:khoa hoc,? (?:cong nghe,? )?va (?:cong nghe|doi moi sang tao)|science,? (?:technology,? )?and "
    r"(?:technology|innovation)|giao duc va dao tao|education and training|thong tin va truyen thong|"
    r"information and communications?|ke hoach va dau tu|planning and investment|nong nghiep va (?:moi truong|"
    r"phat trien nong thon)|agriculture and (?:environment|rural development)|tai nguyen va moi truong|"
    r"natural resources and environment|the thao va du lich|sports and tourism|thuong binh va xa hoi|"
    r"invalids and social affairs|dan toc va ton giao|ethnic minorities? and religio(?:n|us affairs)|"
    r"industry and trade|doi moi sang tao va chuyen doi so|innovation and digital transformation|"
    r"research and development|nghien cuu va phat trien|nganh va dia phuong|(?:sectors|ministries) and localities|"
    # «8 nhiệm vụ, giải pháp», «mấy định hướng, nhiệm vụ trọng tâm»: one kind of item, named twice.
    r"nhiem vu,? (?:va )?giai phap|dinh huong,? (?:va )?nhiem vu(?: trong tam)?)\b")

# Multi-word domain terms worth keeping as phrases for search (Vietnamese, as in the corpus).
DOMAIN_TERMS: tuple[str, ...] = (
    "Nghị quyết 57-NQ/TW",
    "Nghị quyết 03/NQ-CP",
    "chương trình hành động",
    "khoa học và công nghệ",
    "khoa học, công nghệ",
    "đổi mới sáng tạo",
    "chuyển đổi số",
    "kinh tế số",
    "xã hội số",
    "công dân số",
    "Chính phủ số",
    "Chính phủ điện tử",
    "hạ tầng số",
    "nền tảng số",
    "kỹ năng số",
    "chữ ký số",
    "công nghệ số",
    "công nghệ chiến lược",
    "công nghệ cao",
    "công nghệ thông tin",
    "trí tuệ nhân tạo",
    "bán dẫn",
    "dữ liệu",
    "cơ sở dữ liệu",
    "trung tâm dữ liệu quốc gia",
    "trung tâm dữ liệu",
    "cơ sở dữ liệu quốc gia",
    "dịch vụ công trực tuyến",
    "dịch vụ công",
    "thủ tục hành chính",
    "doanh nghiệp công nghệ số",
    "khởi nghiệp sáng tạo",
    "nguồn nhân lực",
    "nhân lực chất lượng cao",
    "nhân tài",
    "thể chế",
    "hạ tầng",
    "an ninh mạng",
    "kinh phí",
    "ngân sách nhà nước",
    "đầu tư",
    "Ban Chỉ đạo",
    "Thông báo kết luận",
    "Đề án 06",
    "tuyên truyền",
    "sở hữu trí tuệ",
    "tiêu chí",
    "cấp xã",
    "nghiên cứu",
    "phát triển",
    "quốc gia",
)

DOMAIN_TERMS_FOLDED: tuple[tuple[str, str], ...] = tuple(
    sorted(((fold(t), t) for t in DOMAIN_TERMS), key=lambda kv: len(kv[0]), reverse=True)
)

# Clearly off-topic subjects (folded). Only decisive when the question has no domain word.
OFF_TOPIC_PATTERNS: tuple[str, ...] = (
    r"\bthoi tiet\b",
    r"\bmua (?:khong|to|nho|bao)\b",
    r"\bweather\b",
    r"\brain\b",
    r"\bbong da\b",
    r"\bfootball\b",
    r"\bsoccer\b",
    r"\bworld cup\b",
    r"\bdoi tuyen\b",
    r"\btran dau\b",
    r"\bty so\b",
    r"\bmatch\b",
    r"\bcong thuc nau\b",
    r"\bnau (?:an|mon|pho|com|canh)\b",
    r"\bcach nau\b",
    r"\bmon an\b",
    r"\brecipe\b",
    r"\bcook(?:ing)?\b",
    r"\bgia vang\b",
    r"\bxo so\b",
    r"\blottery\b",
    r"\bchung khoan\b",
    r"\bstock price\b",
    r"\bbitcoin\b",
    r"\bphim\b",
    r"\bmovie\b",
    r"\bbai hat\b",
    r"\bca si\b",
    r"\b(?:a|the|this|that) song\b|\bsongs\b",
    r"\bdu lich\b",
    r"\bkhach san\b",
    r"\bhotel\b",
    r"\bcung hoang dao\b",
    r"\bhoroscope\b",
    r"\bnguoi yeu\b",
    r"\bgirlfriend\b",
    r"\bboyfriend\b",
    r"\bjoke\b",
    r"\bchuyen cuoi\b",
)

# Chit-chat openers and closers (folded); decisive only when nothing else is asked.
CHITCHAT_PATTERNS: tuple[str, ...] = (
    r"\b(?:xin )?chao(?: ban| anh| chi| em| tro ly)?\b",
    r"\bhello\b",
    r"\bhi\b",
    r"\bhey\b",
    r"\bgood (?:morning|afternoon|evening)\b",
    r"\b(?:xin )?cam on\b",
    r"\bthanks?\b",
    r"\bthank you\b",
    r"\bban (?:la )?ai\b",
    r"\bban ten (?:la )?gi\b",
    r"\bwho are you\b",
    r"\bwhat are you\b",
    r"\bwhat can you do\b",
    r"\bban (?:co the )?(?:lam|giup)(?: duoc)? (?:gi|nhung gi)\b",
    r"\bban giup (?:duoc )?gi\b",
    r"\btam biet\b",
    r"\bbye\b",
    r"\bgoodbye\b",
    r"\bok(?:e|ay)?\b",
    r"\bduoc roi\b",
    r"\brat tot\b",
    r"\btuyet voi\b",
    r"\bgreat\b",
)

# Canonical deliverable terms of Phụ lục II ("Kết quả" column) with their folded and English forms.
DELIVERABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Quyết định của Thủ tướng Chính phủ",
        (
            "quyet dinh cua thu tuong chinh phu",
            "quyet dinh cua thu tuong",
            "quyet dinh thu tuong",
            "prime minister's decision",
            "prime minister decision",
            "decision of the prime minister",
        ),
    ),
    ("Nghị định", ("nghi dinh", "decree", "decrees")),
    ("Nghị quyết của Quốc hội", ("nghi quyet cua quoc hoi", "nghi quyet quoc hoi", "national assembly resolution",
                                 "resolution of the national assembly")),
    ("Nghị quyết của Chính phủ", ("nghi quyet cua chinh phu", "government resolution",
                                  "resolution of the government")),
    ("Nghị quyết", ("nghi quyet", "resolution", "resolutions")),
    ("Luật", ("luat", "law", "laws")),
    ("Thông tư", ("thong tu", "circular", "circulars")),
    ("Quyết định", ("quyet dinh", "decision", "decisions")),
    ("Đề án", ("de an", "scheme", "schemes", "project", "projects")),
    ("Chương trình", ("chuong trinh", "programme", "program", "programs", "programmes")),
    ("Kế hoạch", ("ke hoach", "plan", "plans")),
    ("Chiến lược", ("chien luoc", "strategy", "strategies")),
    ("Báo cáo", ("bao cao", "report", "reports")),
    ("Bộ tiêu chí", ("bo tieu chi", "set of criteria")),
    ("Hướng dẫn", ("huong dan", "guideline", "guidelines", "guidance")),
    ("Hệ thống", ("he thong", "system", "systems")),
    ("Nền tảng", ("nen tang", "platform", "platforms")),
    ("Cơ sở dữ liệu", ("co so du lieu", "database", "databases")),
    ("Trung tâm", ("trung tam", "centre", "center")),
    ("Văn bản", ("van ban", "document", "legal document")),
)

# Vietnamese stop words (with diacritics): question scaffolding and function words, removed from keywords.
VI_STOP_WORDS: frozenset[str] = word_set(
    """
    là gì nào những các của có không bao nhiêu thì sao còn cho tôi hỏi về và được trong với một như thế
    để đã đang sẽ này đó ấy trên theo từ đến tới ai khi ở tại hay hoặc nhé à hả vậy nữa ra làm bởi vì nếu mà rồi
    cũng rất biết xin vui lòng liệt kê nêu trình bày giải thích mấy gồm bao giờ lúc nhiều ít hơn nhất mỗi
    từng chúng họ mình bạn em anh chị ơi đâu kia nè thuộc phải cần muốn hiện nay cụ thể giúp hãy do
    """
)
# Folded forms that are stop words whichever diacritics were dropped. Folded forms shared with content words
# ("tai": tại/tài, "co": có/cơ, "so": số, "bo": bộ) are kept when a question comes without diacritics.
_AMBIGUOUS_FOLDED = word_set(
    "tai co so bo ban the do ve cho con ma hoi toi den tu tren nay chi anh em phai can cung chung rat gom lam "
    "ra dau hon nhat it nhieu thuoc sao khi hien nay roi"
)
VI_STOP: frozenset[str] = frozenset(fold(w) for w in VI_STOP_WORDS) - _AMBIGUOUS_FOLDED
# Every stop word without its tones: a question typed without diacritics whose words are all among these
# («da xong bao nhieu, con qua han may cai») names no subject of its own, though «con» may be a content word.
UNTONED_STOP: frozenset[str] = frozenset(fold(w) for w in VI_STOP_WORDS)


def is_vi_stop(word: str) -> bool:
    """Stop word test that keeps diacritics in view: "tài" is content, "tại" is not."""
    w = word.lower()
    if w in VI_STOP_WORDS:
        return True
    return w == fold(w) and w in VI_STOP


EN_STOP: frozenset[str] = word_set(
    """
    a an the of to in on for by with and or is are was were be been being do does did which what who whom
    whose when where why how many much that this these those it its they them their there here as at from
    about into than then so if any all some each me my i you your we our us can could should would will shall
    may might please tell show list give get has have had not no yes also only just more most less least
    one ones of
    """
)

# Words that mark a question as English (folded). Vietnamese syllables that are also English words
# ("to", "an", "do", "may") are left out so that a question without diacritics is not mistaken for English.
EN_WORDS: frozenset[str] = word_set(
    """
    the of which what who whom whose when where why how many much does did is are was were be been this that
    these those it they them their there with for from about into than please tell show list give has have
    had not any all some each can could should would will shall task tasks ministry ministries lead leads
    led leading deadline deadlines overdue completed indicator indicators target targets resolution
    digital economy government agency agencies funding budget report plan province provinces and or by on
    in at my your our its due late between compare difference hello thanks thank you hi bye goodbye
    number total percentage rate what's whats responsible charge coordinating coordinate innovation
    science technology transformation law decree decision scheme project strategy programme program
    education training finance health security public services national steering committee prime minister
    weather football recipe cook
    """
)

# Folded Vietnamese syllables common in questions; used to recognise Vietnamese typed without diacritics.
VI_SYLLABLES: frozenset[str] = word_set(
    """
    nhiem vu bo cua nao nhung cac la gi co bao nhieu thi sao con han hoan thanh chu tri phoi hop nghi quyet
    chi tieu khoa hoc cong nghe doi moi sang tao chuyen so kinh te tai chinh giao duc dao tao quan ly duoc
    giao ve trong nam thang quy truoc sau khi ai cho toi hoi biet lam viec cham qua dang thuc hien muc tieu
    quan diem giai phap tai sao nhu the nao nhat hon xin chao cam on ban tinh thanh pho dia phuong nganh
    ket qua san pham thoi trien khai phat trien du lieu ha tang noi vu cong an y te xay dung ngoai
    """
)
