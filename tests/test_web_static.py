"""Static checks of the web chat in app/static: offline assets, element ids, accessibility hooks."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[1] / "app" / "static"
INDEX = STATIC / "index.html"
APP_JS = STATIC / "app.js"
STYLE = STATIC / "style.css"


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: dict[str, str]


class _Collector(HTMLParser):
    """Collects every start tag with its attributes (values default to "" for bare attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {name: value or "" for name, value in attrs}))


def parse_index() -> list[Element]:
    collector = _Collector()
    collector.feed(INDEX.read_text(encoding="utf-8"))
    return collector.elements


def by_id(elements: list[Element], element_id: str) -> Element:
    matches = [e for e in elements if e.attrs.get("id") == element_id]
    assert len(matches) == 1, f"expected exactly one #{element_id}, found {len(matches)}"
    return matches[0]


def test_index_has_the_element_ids_the_browser_test_relies_on() -> None:
    elements = parse_index()
    for element_id in ("message-input", "send-button", "messages", "doc-panel", "new-chat"):
        by_id(elements, element_id)


def test_element_ids_are_unique_in_index() -> None:
    ids = [e.attrs["id"] for e in parse_index() if "id" in e.attrs]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_ids_looked_up_by_app_js_exist_in_index() -> None:
    source = APP_JS.read_text(encoding="utf-8")
    looked_up = set(re.findall(r'(?:getElementById|\$)\("([\w-]+)"\)', source))
    assert looked_up, "app.js should look elements up by id"
    present = {e.attrs["id"] for e in parse_index() if "id" in e.attrs}
    assert looked_up <= present, f"missing in index.html: {sorted(looked_up - present)}"


@pytest.mark.parametrize("path", sorted(p.name for p in STATIC.iterdir() if p.is_file()))
def test_static_file_references_no_external_url(path: str) -> None:
    text = (STATIC / path).read_text(encoding="utf-8")
    # Any absolute http(s) URL, or a protocol-relative one such as //fonts.example.com/x.css.
    external = re.findall(r"https?://[^\s\"')]+|//[\w.-]+\.[a-z]{2,}[^\s\"')]*", text, flags=re.IGNORECASE)
    assert external == [], f"{path} must work offline, found {external}"


def test_index_assets_resolve_to_files_in_static() -> None:
    refs = [e.attrs.get("src") or e.attrs.get("href") or "" for e in parse_index() if e.tag in ("script", "link")]
    local = [r for r in refs if r.startswith("/static/")]
    assert {"/static/app.js", "/static/style.css"} <= set(local)
    for ref in local:
        assert (STATIC / ref.removeprefix("/static/")).is_file(), ref


def test_page_is_declared_vietnamese_and_responsive() -> None:
    elements = parse_index()
    html = next(e for e in elements if e.tag == "html")
    assert html.attrs.get("lang") == "vi"
    viewport = [e for e in elements if e.tag == "meta" and e.attrs.get("name") == "viewport"]
    assert viewport and "width=device-width" in viewport[0].attrs.get("content", "")


def test_message_input_is_labelled_and_limited_to_2000_chars() -> None:
    elements = parse_index()
    field = by_id(elements, "message-input")
    assert field.tag == "textarea"
    assert field.attrs.get("maxlength") == "2000"
    assert any(e.tag == "label" and e.attrs.get("for") == "message-input" for e in elements)


def test_messages_list_is_a_live_region() -> None:
    messages = by_id(parse_index(), "messages")
    assert messages.attrs.get("aria-live") in ("polite", "assertive")


def test_buttons_are_real_buttons_with_type() -> None:
    elements = parse_index()
    for element_id in ("send-button", "new-chat"):
        button = by_id(elements, element_id)
        assert button.tag == "button" and button.attrs.get("type") in ("button", "submit")


def test_four_suggestion_chips_cover_the_four_question_kinds() -> None:
    chips = [e for e in parse_index() if "suggestion" in e.attrs.get("class", "").split()]
    assert len(chips) == 4
    assert {c.attrs.get("data-kind") for c in chips} == {"tasks", "figure", "indicator", "explanation"}
    assert all(c.tag == "button" and c.attrs.get("data-question") for c in chips)


def test_app_js_calls_the_contract_endpoints() -> None:
    source = APP_JS.read_text(encoding="utf-8")
    for endpoint in ('"/chat/stream"', '"/chat"', '"/documents/"'):
        assert endpoint in source, endpoint


def test_app_js_produces_the_classes_the_browser_test_relies_on() -> None:
    source = APP_JS.read_text(encoding="utf-8")
    for marker in ("message assistant", "citation-link", "quote-highlight"):
        assert marker in source, marker


def test_inner_html_is_only_assigned_from_the_escaping_renderer() -> None:
    source = APP_JS.read_text(encoding="utf-8")
    assignments = re.findall(r"\.innerHTML\s*=\s*([^;]+);", source)
    assert assignments, "the answer is expected to be rendered through innerHTML"
    assert all(rhs.strip().startswith("renderMarkdown(") for rhs in assignments), assignments


def test_style_sets_a_readable_16px_base_and_a_narrow_screen_layout() -> None:
    css = STYLE.read_text(encoding="utf-8")
    body_rule = re.search(r"(?ms)^body\s*\{(.*?)\}", css)
    assert body_rule and "font-size: 16px" in body_rule.group(1)
    assert re.search(r"@media\s*\(max-width:\s*\d+px\)", css)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_app_js_is_syntactically_valid() -> None:
    result = subprocess.run(["node", "--check", str(APP_JS)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
