"""Text normalisation shared by every stage: Unicode form, diacritics folding, whitespace, quote checks."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def nfc(text: str) -> str:
    """Compose Unicode so that NFD input ("ê" as e + combining mark) compares equal to NFC."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d): 'Bộ Giáo dục' → 'bo giao duc'."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "d")


def collapse_ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


def key(text: str) -> str:
    """A matching key: folded, punctuation removed, single spaces. Used to compare names and quotes."""
    return collapse_ws(_NON_WORD.sub(" ", fold(nfc(text))))


def has_diacritics(text: str) -> bool:
    return fold(text) != text.lower()


def quote_in_text(quote: str, text: str) -> bool:
    """True when `quote` occurs in `text` verbatim, up to Unicode form and runs of white space."""
    q = collapse_ws(nfc(quote))
    return bool(q) and q in collapse_ws(nfc(text))
