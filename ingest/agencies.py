"""The agency registry: canonical names, aliases, English names, the 2025 mergers, and name matching in text."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.errors import DocumentError, NotFoundError
from ingest.models import Agency
from ingest.text import collapse_ws, fold, key, nfc

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "agencies.json"

# A name token is a run of letters/digits; combining marks are included so NFD input tokenises like NFC.
_TOKEN = re.compile(r"[\w\u0300-\u036f]+")
# What may stand between two tokens of one name: "Bộ Văn hóa, Thể thao", "Bộ Lao động - Thương binh",
# "GD&ĐT", "TP.HCM", a line break. A ";" or "(" ends a name.
_NAME_GAP = re.compile(r"[\s,.\-–&'’]{0,6}")
# Words that carry no identity in a name: "Bộ Giáo dục Đào tạo" must equal "Bộ Giáo dục và Đào tạo".
_LOOSE_DROP = frozenset({"va", "and", "of", "the"})
_PLACE_PREFIXES = ("uy ban nhan dan ", "ubnd ", "thanh pho ", "tp ", "tinh ")
# Generic words never resolved by the tolerant steps: "bộ" alone is no ministry, "địa phương" no province.
_GENERIC = frozenset(
    {
        "bo",
        "nganh",
        "bo nganh",
        "dia phuong",
        "co quan",
        "tinh",
        "thanh pho",
        "uy ban",
        "ban",
        "vien",
        "cuc",
        "so",
        "tong cuc",
        "bo truong",
        "chinh quyen",
        "doanh nghiep",
        "ministry",
        "ministry of",
        "cac bo",
        "cac co quan",
    }
)
# A bare place name after a family name is a person ("Nguyễn Hòa Bình" signs the resolution).
_FAMILY_NAMES = frozenset(
    fold(n)
    for n in (
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đào",
        "Đoàn",
        "Vương",
        "Trịnh",
        "Đinh",
        "Lâm",
        "Mai",
        "Tô",
        "Hà",
        "Lương",
        "Tạ",
        "Thái",
    )
)
_FUZZY_CUTOFF = 0.88
_FUZZY_MIN_CHARS = 8


@dataclass(frozen=True)
class AgencyMention:
    """An agency named in a text; `text[start:end] == surface`."""

    agency: Agency
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    folded: str
    capitalised: bool
    upper_count: int


@dataclass(frozen=True)
class _Terminal:
    agency_id: str
    alias: str
    place_name: bool  # "Hòa Bình", "Cao Bằng": ordinary words too, so they must be written with capitals
    abbreviation: bool  # "BTC", "MOST": matched only in capitals


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    terminal: _Terminal | None = None


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for m in _TOKEN.finditer(text):
        surface = m.group()
        out.append(
            _Token(
                start=m.start(),
                end=m.end(),
                folded=fold(nfc(surface)),
                capitalised=surface[0].isupper() or surface[0].isdigit(),
                upper_count=sum(1 for ch in surface if ch.isupper()),
            )
        )
    return out


def _loose(k: str) -> str:
    return " ".join(t for t in k.split(" ") if t not in _LOOSE_DROP)


def _is_abbreviation(alias: str) -> bool:
    letters = [ch for ch in alias if ch.isalpha()]
    return " " not in alias.strip() and 2 <= len(letters) <= 8 and sum(ch.isupper() for ch in letters) >= 2


def _is_place_name(agency: Agency, alias: str) -> bool:
    """A bare place name ("Hòa Bình", "Cao Bằng"), not one introduced by "tỉnh", "Thành phố", "UBND"."""
    k = key(alias)
    if agency.kind != "dia_phuong" or any(k.startswith(p) for p in _PLACE_PREFIXES) or k.startswith("cac "):
        return False
    words = [w for w in re.split(r"[\s\-–]+", alias) if w]
    return bool(words) and all(w[0].isupper() for w in words)


def _agency_from_dict(raw: dict[str, Any], source: str) -> Agency:
    try:
        return Agency(
            id=str(raw["id"]),
            name=nfc(str(raw["name"])),
            kind=raw["kind"],
            aliases=tuple(nfc(str(a)) for a in raw.get("aliases", [])),
            english=tuple(str(e) for e in raw.get("english", [])),
            merged_into=raw.get("merged_into"),
            merged_on=raw.get("merged_on"),
            merge_source=raw.get("merge_source"),
            active=bool(raw.get("active", True)),
            note=raw.get("note"),
        )
    except (KeyError, TypeError) as exc:
        raise DocumentError(
            f"Danh mục cơ quan '{source}' có mục thiếu trường bắt buộc ({exc}): {raw!r}. "
            "Mỗi cơ quan cần id, name, kind."
        ) from exc


class AgencyRegistry:
    """All known agencies, looked up by any of their names (with or without diacritics, abbreviated,
    in English) and found in running text. Built once and passed to whoever needs it."""

    def __init__(self, agencies: Iterable[Agency]) -> None:
        self._agencies: dict[str, Agency] = {}
        for agency in agencies:
            if agency.id in self._agencies:
                raise DocumentError(
                    f"Mã cơ quan '{agency.id}' bị trùng trong danh mục; mỗi cơ quan cần một mã riêng."
                )
            self._agencies[agency.id] = agency
        for agency in self._agencies.values():
            if agency.merged_into and agency.merged_into not in self._agencies:
                raise DocumentError(
                    f"Cơ quan '{agency.id}' được ghi hợp nhất vào '{agency.merged_into}' nhưng mã này không có "
                    "trong danh mục; hãy thêm cơ quan kế thừa hoặc sửa merged_into."
                )
        self._root = _Node()
        self._by_key: dict[str, str] = {}
        self._by_loose: dict[str, set[str]] = {}
        self._by_place_core: dict[str, str] = {}
        for agency in self._agencies.values():
            for name in self._names(agency):
                self._index(agency, name)

    # ---- construction ---------------------------------------------------------------------------------

    @classmethod
    def from_json(cls, path: Path) -> AgencyRegistry:
        """Loads a registry file: {"agencies": [{id, name, kind, aliases, english, merged_into, ...}]}."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise DocumentError(f"Không tìm thấy danh mục cơ quan '{path}'. Hãy kiểm tra đường dẫn.") from exc
        except json.JSONDecodeError as exc:
            raise DocumentError(f"Danh mục cơ quan '{path}' không phải JSON hợp lệ: {exc}.") from exc
        items = data.get("agencies") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise DocumentError(f"Danh mục cơ quan '{path}' cần một danh sách 'agencies'.")
        return cls(_agency_from_dict(item, str(path)) for item in items)

    @classmethod
    def default(cls) -> AgencyRegistry:
        """The registry shipped with the project (ingest/data/agencies.json)."""
        return cls.from_json(DEFAULT_PATH)

    @staticmethod
    def _names(agency: Agency) -> Iterator[str]:
        yield agency.name
        yield from agency.aliases
        yield from agency.english

    def _index(self, agency: Agency, name: str) -> None:
        k = key(name)
        if not k:
            return
        owner = self._by_key.setdefault(k, agency.id)
        if owner != agency.id:
            raise DocumentError(
                f"Tên '{name}' được dùng cho hai cơ quan ('{owner}' và '{agency.id}'); một tên chỉ được trỏ tới "
                "một cơ quan trong danh mục."
            )
        self._by_loose.setdefault(_loose(k), set()).add(agency.id)
        if agency.kind == "dia_phuong":
            for prefix in _PLACE_PREFIXES:
                if k.startswith(prefix):
                    self._by_place_core.setdefault(k[len(prefix) :], agency.id)
        node = self._root
        for tok in k.split(" "):
            node = node.children.setdefault(tok, _Node())
        terminal = _Terminal(agency.id, name, _is_place_name(agency, name), _is_abbreviation(name))
        if node.terminal is not None:
            # The same key written several ways ("Tỉnh Hòa Bình", "tỉnh Hòa Bình"): the laxest case rule wins.
            terminal = _Terminal(
                agency.id,
                node.terminal.alias,
                node.terminal.place_name and terminal.place_name,
                node.terminal.abbreviation and terminal.abbreviation,
            )
        node.terminal = terminal

    # ---- lookups --------------------------------------------------------------------------------------

    def all(self) -> list[Agency]:
        return list(self._agencies.values())

    def get(self, agency_id: str) -> Agency:
        try:
            return self._agencies[agency_id]
        except KeyError as exc:
            raise NotFoundError(f"Không có cơ quan mã '{agency_id}' trong danh mục.") from exc

    def resolve(self, name_or_alias: str) -> Agency | None:
        """The agency a name denotes: exact on any name form first ("Bộ GD&ĐT", "bo giao duc va dao tao",
        "State Bank of Vietnam"), then tolerant (a unique name it begins, "bo giao duc"; a close spelling).
        A generic word ("bộ", "ngành") resolves to nothing."""
        k = key(name_or_alias)
        if not k:
            return None
        if k in self._by_key:
            return self._agencies[self._by_key[k]]
        loose = _loose(k)
        if k in _GENERIC or loose in _GENERIC:
            return None
        found = self._unique(self._by_loose.get(loose, set()))
        if found:
            return found
        for prefix in _PLACE_PREFIXES:
            core = k.removeprefix(prefix)
            if core in self._by_place_core:
                return self._agencies[self._by_place_core[core]]
        if not k.startswith("bo ") and f"bo {k}" in self._by_key and len(k.split(" ")) >= 3:
            return self._agencies[self._by_key[f"bo {k}"]]  # "Giáo dục và Đào tạo" names the ministry
        found = self._by_prefix(loose)
        if found:
            return found
        found = self._qualified(name_or_alias)
        if found:
            return found
        if len(k) >= _FUZZY_MIN_CHARS:
            close = difflib.get_close_matches(k, list(self._by_key), n=3, cutoff=_FUZZY_CUTOFF)
            found = self._unique({self._by_key[c] for c in close})
            if found:
                return found
        return None

    def _qualified(self, text: str) -> Agency | None:
        """A name followed by a qualifier and no other name: "Các bộ, ngành là chủ quản CSDLQG" names
        "Các bộ, ngành"; "Bộ Công an và Bộ Quốc phòng" names two agencies, hence none."""
        lead = self.leading_mention(text)
        if lead is None or self.find_mentions(text[lead.end :]):
            return None
        return lead.agency

    def _by_prefix(self, loose: str) -> Agency | None:
        tokens = loose.split(" ")
        if len(tokens) < 2:
            return None  # one word ("bộ", "ministry") is never a name on its own
        matches = {
            agency_id
            for name_loose, ids in self._by_loose.items()
            if name_loose.split(" ")[: len(tokens)] == tokens and len(name_loose.split(" ")) > len(tokens)
            for agency_id in ids
        }
        return self._unique(matches)

    def _unique(self, agency_ids: set[str]) -> Agency | None:
        """One agency, or the single active one when all candidates are one merger lineage
        ("Bộ Nông nghiệp" → Bộ Nông nghiệp và Môi trường rather than its predecessor)."""
        if len(agency_ids) == 1:
            return self._agencies[next(iter(agency_ids))]
        if len(agency_ids) > 1:
            successors = {self.successor(a).id for a in agency_ids}
            active = [self._agencies[a] for a in agency_ids if self._agencies[a].active]
            if len(successors) == 1 and len(active) == 1:
                return active[0]
        return None

    def canonical(self, name: str) -> str:
        """The canonical name of the agency `name` denotes, or `name` itself (normalised) when unknown."""
        agency = self.resolve(name)
        return agency.name if agency else collapse_ws(nfc(name))

    def successor(self, agency_id: str) -> Agency:
        """The agency that carries `agency_id` today, following mergers (itself when never merged)."""
        agency = self.get(agency_id)
        seen = {agency.id}
        while agency.merged_into and agency.merged_into not in seen:
            agency = self.get(agency.merged_into)
            seen.add(agency.id)
        return agency

    def lineage(self, agency_id: str) -> list[Agency]:
        """The agency, every agency merged into it (recursively), then its successors: the names under
        which one body's tasks may be recorded. Bộ KH&CN → [Bộ KH&CN, Bộ TT&TT]; Bộ TT&TT → [Bộ TT&TT, Bộ KH&CN]."""
        start = self.get(agency_id)
        out = [start]
        seen = {start.id}
        queue = [start.id]
        while queue:
            current = queue.pop(0)
            for agency in self._agencies.values():
                if agency.merged_into == current and agency.id not in seen:
                    out.append(agency)
                    seen.add(agency.id)
                    queue.append(agency.id)
        agency = start
        while agency.merged_into and agency.merged_into not in seen:
            agency = self.get(agency.merged_into)
            out.append(agency)
            seen.add(agency.id)
        return out

    # ---- matching in text -----------------------------------------------------------------------------

    def find_mentions(self, text: str) -> list[AgencyMention]:
        """Agencies named in `text`, longest match first, non-overlapping, diacritics-insensitive.
        Spans index the given string. Place names that are also ordinary words ("Hòa Bình") count only
        when capitalised, unless the whole text is lower case (a typed question)."""
        tokens = _tokens(text)
        lower_input = not any(ch.isupper() for ch in text)
        out: list[AgencyMention] = []
        i = 0
        while i < len(tokens):
            best = self._longest_at(text, tokens, i, lower_input)
            if best is None:
                i += 1
                continue
            terminal, j = best
            start, end = tokens[i].start, tokens[j].end
            out.append(AgencyMention(self._agencies[terminal.agency_id], start, end, text[start:end]))
            i = j + 1
        return out

    def _longest_at(
        self, text: str, tokens: Sequence[_Token], i: int, lower_input: bool
    ) -> tuple[_Terminal, int] | None:
        node = self._root
        best: tuple[_Terminal, int] | None = None
        for j in range(i, len(tokens)):
            if j > i and not _NAME_GAP.fullmatch(text[tokens[j - 1].end : tokens[j].start]):
                break
            child = node.children.get(tokens[j].folded)
            if child is None:
                break
            node = child
            if node.terminal is not None and self._case_ok(node.terminal, tokens[i : j + 1], lower_input):
                best = (node.terminal, j)
        if best is not None and best[0].place_name and self._after_family_name(text, tokens, i):
            return None
        return best

    @staticmethod
    def _after_family_name(text: str, tokens: Sequence[_Token], i: int) -> bool:
        if i == 0:
            return False
        before = tokens[i - 1]
        return (
            before.capitalised
            and before.folded in _FAMILY_NAMES
            and not text[before.end : tokens[i].start].strip()
        )

    @staticmethod
    def _case_ok(terminal: _Terminal, tokens: Sequence[_Token], lower_input: bool) -> bool:
        if terminal.abbreviation:
            return all(t.upper_count >= 2 or t.folded.isdigit() for t in tokens)
        if terminal.place_name and not lower_input:
            return all(t.capitalised for t in tokens)
        return True

    def leading_mention(self, text: str) -> AgencyMention | None:
        """The agency named at the very start of `text` (after punctuation), if any."""
        tokens = _tokens(text)
        if not tokens or text[: tokens[0].start].strip(" \t\n,;.-–"):
            return None
        best = self._longest_at(text, tokens, 0, not any(ch.isupper() for ch in text))
        if best is None:
            return None
        terminal, j = best
        start, end = tokens[0].start, tokens[j].end
        return AgencyMention(self._agencies[terminal.agency_id], start, end, text[start:end])

    def continues_name(self, head: str, tail: str, lookback: int = 8) -> bool:
        """True when a name begun at the end of `head` goes on into `tail`: "Bộ Thông tin" + "và Truyền",
        "…, Văn" + "phòng Chính phủ", "Các bộ, ngành" + "có liên quan". Used to join a table cell's lines."""
        head_tokens = [t.folded for t in _tokens(head)]
        tail_tokens = [t.folded for t in _tokens(tail)]
        if not head_tokens or not tail_tokens:
            return False
        for start in range(max(0, len(head_tokens) - lookback), len(head_tokens)):
            node = self._walk(head_tokens[start:])
            if node is not None and tail_tokens[0] in node.children:
                return True
        return False

    def ends_inside_name(self, text: str, lookback: int = 8) -> bool:
        """True when `text` ends part-way through a name ("…, Bộ Kế", "Văn phòng"), i.e. it cannot end there.
        A complete name ending there wins ("Bộ Công an" is complete although longer names begin with it)."""
        tokens = [t.folded for t in _tokens(text)]
        if not tokens or self._complete_suffix(tokens):
            return False
        for start in range(max(0, len(tokens) - lookback), len(tokens)):
            node = self._walk(tokens[start:])
            if node is not None and node.children:
                return True
        return False

    def _walk(self, tokens: Sequence[str]) -> _Node | None:
        node: _Node | None = self._root
        for tok in tokens:
            node = node.children.get(tok) if node else None
            if node is None:
                return None
        return node

    def _complete_suffix(self, tokens: Sequence[str]) -> bool:
        """Whether some complete name ends exactly at the last token."""
        for start in range(len(tokens)):
            node = self._walk(tokens[start:])
            if node is not None and node.terminal is not None:
                return True
        return False
