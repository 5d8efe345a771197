"""Property: whatever the raw text, the page shows exactly the cleaned text, and nothing is lost.

Random text (Kazakh and Latin letters, digits, Markdown/HTML/Jinja metacharacters,
glossary forms, citations, tabs, line ends of every kind) goes through the whole
pipeline: bytes → read → clean → structure → annotate → render → Markdown → HTML,
the HTML made by Python-Markdown with the site's own extension configuration
(read from mkdocs.yml).  The visible text of the pages must equal the cleaned
text, apart from white space, the ¶ chrome, heading permalinks, the editorial
header and notes, and the bullets of list items (which become <li>).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from build_tools.annotate.glossary import load_glossary
from build_tools.annotate.spans import annotate
from build_tools.clean.engine import apply_changes, clean_text, reverse_changes
from build_tools.core.errors import EditionError
from build_tools.core.model import Document, TextMeta
from build_tools.read.sources import BINARY_CONTROL_SHARE, decode_bytes
from build_tools.render import text as render
from build_tools.render.base import Page
from build_tools.structure.blocks import structure_text
from build_tools.structure.pages import division_src

MAX_EXAMPLES = 2000

WORDS = (
    "Қазақстан саясат саясаттың ұйымы Әлем өңір үкімет Ғалым һәм ЖЯ і Іс қызмет мүдде "
    "Внешняя политика ёлка Ёж abc Foreign policy x Y 0 12 2023 1991 а Б"
).split()
META = "<>&\"'*_[]()#+-.!|~^=:$`{}%\\/@;,?«»—–…"
TOKENS = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=alert(1)>",
    "<b>",
    "</p>",
    "<!--",
    "-->",
    "<![CDATA[",
    "javascript:",
    "{{ config.site_name }}",
    "{% raw %}",
    "{#",
    "*[ШЫҰ]: ",
    "[^1]",
    "[^1]: ",
    "---",
    "***",
    "&amp;",
    "&#60;",
    "&lt;",
    "&nbsp;",
    "\\*",
    "  ",
    "\t",
    "\u00a0",
    "ШЫҰ",
    "ЕАЭО-ға",
    "ҰҚШҰ-ның",
    "Шанхай ынтымақтастық ұйымы",
    "[12]",
    "[3, 5-7]",
    "/4/",
    "!!! note",
    "{: .x #y }",
    '<div markdown="1">',
    "```",
    "    ",
    "1) ",
    "- ",
    "• ",
    "# ",
    "> ",
    "| a | b |",
    "\x02",
    "\x03",
    "wzxhzdk",
]
LINE_ENDS = ["\n", "\n", "\n", "\n\n", "\r\n", "\r", "\u2028", "\x85", "\x0c"]

# One draw per piece (a word, a metacharacter, a token, any character), so that
# thousands of examples stay fast.
pieces = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS).map(lambda w: w + " "),
    st.sampled_from(META),
    st.sampled_from(TOKENS),
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
)
lines = st.lists(pieces, min_size=0, max_size=12).map("".join)


@st.composite
def article_texts(draw):
    body = draw(st.lists(st.tuples(lines, st.sampled_from(LINE_ENDS)), min_size=1, max_size=10))
    return "".join(line + end for line, end in body)


@st.composite
def dissertation_texts(draw):
    """КІРІСПЕ, chapters with unique numbers, sections with random titles, random paragraphs."""
    parts = ["КІРІСПЕ\n"]
    for chapter in range(1, draw(st.integers(0, 3)) + 1):
        parts.append(draw(article_texts()))
        title = "".join(draw(st.lists(st.sampled_from(list("ӘҒҚҢӨҰҮІ <>&*_[]#") + ["ТАРАУ", "{{", "`"]), min_size=6, max_size=12)))
        parts.append(f"{chapter} ТАРАУ {title}\n")
        for section in range(1, draw(st.integers(0, 2)) + 1):
            parts.append(f"{chapter}.{section} {draw(lines)}Тақырып{draw(lines)}\n")
            parts.append(draw(article_texts()))
    if draw(st.booleans()):
        parts.append("ҚОРЫТЫНДЫ\n")
    parts.append(draw(article_texts()))
    return "".join(parts)


def site_markdown() -> markdown.Markdown:
    """Python-Markdown configured exactly as MkDocs configures it for this site."""
    from conftest import ROOT
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


class VisibleText(HTMLParser):
    """The text of the edition's text on a page, with a marker where each list item starts.

    Taken from the blocks of the text (elements of class ``para``) and the
    headings at the top level of the page (the text's own headings; the
    editorial ones have the class ``edition-heading`` or live inside sections
    and navs).  Left out inside them: ¶
    numbers, heading permalinks, the glossary's print-only acronym expansions,
    editorial table captions, and the editorial h1 of a page whose text has
    no heading of its own.  A citation marker shown in the edition's uniform
    form counts with the source's form it carries (``data-source``).
    """

    LI = "\ue000"
    SKIP_CLASSES = {"pnum", "headerlink", "editorial", "edition-heading"}
    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
    VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}

    def __init__(self, skip_first_h1: bool):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[tuple[bool, bool]] = []  # (text of the edition here, chrome here)
        self.skip_first_h1 = skip_first_h1
        self.text_tags: set[str] = set()  # the elements met inside the text's blocks

    def _state(self) -> tuple[bool, bool]:
        return self.stack[-1] if self.stack else (False, False)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        inside, chrome = self._state()
        classes = set((dict(attrs).get("class") or "").split())
        if "para" in classes or (tag in self.HEADINGS and not self.stack):
            inside = True
            if tag == "h1" and self.skip_first_h1:
                chrome, self.skip_first_h1 = True, False
        chrome = chrome or bool(classes & self.SKIP_CLASSES)
        source = dict(attrs).get("data-source")
        if "citation" in classes and source is not None and inside and not chrome:
            # citation markers are shown in one uniform form; the source's form is kept here
            self.out.append(source)
            chrome = True
        self.stack.append((inside, chrome))
        if inside:
            # the renderer's run-in headings are <strong class="run-in">; a bare <strong>
            # would be Markdown's, reached by the text
            self.text_tags.add("strong.run-in" if tag == "strong" and "run-in" in classes else tag)
        if tag == "li" and inside and not chrome:
            self.out.append(self.LI)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        inside, chrome = self._state()
        if inside and not chrome:
            self.out.append(data)


def page_html(md: markdown.Markdown, page: Page) -> str:
    body = page.content.split("---\n", 2)[2]  # the front matter, as MkDocs removes it
    return md.reset().convert(body)


def visible_text(html: str, skip_first_h1: bool) -> str:
    parser = VisibleText(skip_first_h1)
    parser.feed(html)
    parser.close()
    # only the renderer's own elements stand in the text's blocks
    assert parser.text_tags <= TEXT_TAGS, parser.text_tags - TEXT_TAGS
    return "".join(parser.out)


TEXT_TAGS = {"p", "a", "span", "div", "ul", "ol", "li", "table", "tr", "th", "td", "caption", "h1", "h2", "h3", "strong.run-in"}
# Elements the hostile pieces would make if anything reached the Markdown parser
FROM_TEXT = {"script", "img", "iframe", "svg", "style", "b", "em", "blockquote", "hr", "sup", "abbr", "del", "dl"}
NO_SPACE = re.compile(r"\s+")
LIST_MARKER = r"(?:[·•\-—–]|\d{1,2}[).])"


def matches_modulo_bullets(visible: str, cleaned: str) -> bool:
    chunks = [NO_SPACE.sub("", c) for c in visible.split(VisibleText.LI)]
    pattern = LIST_MARKER.join(re.escape(c) for c in chunks)
    return re.fullmatch(pattern, NO_SPACE.sub("", cleaned)) is not None


@pytest.fixture(scope="module")
def tools(root):
    return site_markdown(), load_glossary(root / "source_texts" / "glossary")


ENCODINGS = {"utf-8": "utf-8", "utf-8-bom": "utf-8-sig", "utf-16-bom": "utf-16"}


def check_pipeline(tools, text: str, kind: str, encoding: str = "utf-8", language: str = "kk"):
    md, glossary = tools
    meta = TextMeta(id="900", file="t.txt", language=language, kind=kind, title="ТЕСТ <b>&", title_en="Test")
    data = text.encode(ENCODINGS[encoding])
    controls = len(re.findall(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", text))
    if controls > max(1, len(text) * BINARY_CONTROL_SHARE):
        with pytest.raises(EditionError, match="looks like a binary file"):
            decode_bytes(data, "t.txt", meta.encoding)
        return ""  # a defined outcome: refused as binary
    raw = decode_bytes(data, "t.txt", meta.encoding)
    # a U+FEFF that opens a file without a BOM is indistinguishable from one, and read as one
    assert raw == (text[1:] if encoding == "utf-8" and text.startswith("\ufeff") else text)
    cleaned = clean_text(raw, meta)
    # nothing lost: the log turns the raw text into the cleaned one and back
    assert apply_changes(raw, cleaned.changes) == cleaned.text
    assert reverse_changes(cleaned.text, cleaned.changes) == raw
    assert not re.search(r"[\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]", cleaned.text)
    doc = Document(meta=meta, clean=cleaned)
    doc.divisions = structure_text(cleaned.text, meta)
    doc.spans = annotate(doc, glossary)
    pages = {p.src_uri: p for p in render.render_document(doc, glossary)}
    htmls = {src: page_html(md, page) for src, page in pages.items()}
    visible = []
    for division in doc.divisions:
        first = division.blocks[0] if division.blocks else None
        own_h1 = first is not None and first.kind == "heading" and first.level == 1
        visible.append(visible_text(htmls[division_src(doc, division)], skip_first_h1=not own_h1))
    shown = "".join(visible)
    assert matches_modulo_bullets(shown, cleaned.text), (shown, cleaned.text)
    for html in htmls.values():
        # no element made from the text anywhere on the page
        tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html))
        assert not tags & FROM_TEXT, tags & FROM_TEXT
        assert "\x02" not in html and "\x03" not in html, "a Markdown placeholder leaked"
    return shown


PROPERTY = settings(
    max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@PROPERTY
@given(text=article_texts(), encoding=st.sampled_from(sorted(ENCODINGS)), language=st.sampled_from(["kk", "ru"]))
def test_article_pages_show_exactly_the_cleaned_text(tools, text, encoding, language):
    if not text.strip():
        return  # read_source refuses white-space-only files (tested in test_read_input)
    check_pipeline(tools, text, "article", encoding, language)


@settings(max_examples=MAX_EXAMPLES // 2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=dissertation_texts())
@example(text="КІРІСПЕ\nШанхай ынтымақтастық ұйымы.Қазақстан\n")  # a run-in heading (found by hypothesis)
def test_dissertation_pages_and_headings_show_exactly_the_cleaned_text(tools, text):
    check_pipeline(tools, text, "dissertation")


def test_the_comparison_is_not_blind(tools):
    """The check sees a lost character, an added one, and markup."""
    assert matches_modulo_bullets("Бір екі", "Бірекі")
    assert not matches_modulo_bullets("Бір ек", "Бір екі")
    assert not matches_modulo_bullets("Бір екі!", "Бір екі")
    assert matches_modulo_bullets("\ue000бір\ue000екі", "- бір\n1) екі")
    assert not matches_modulo_bullets("\ue000бір", "бір")
    shown = check_pipeline(tools, "*қалың* <b>x</b> \\: ШЫҰ-ның [12]\n- тізім\n", "article")
    assert "*қалың* <b>x</b> \\: ШЫҰ-ның [12]" in shown
    shown = check_pipeline(tools, "КІРІСПЕ\n1.1 Бөлім: <b> & *x* \\ ~ ^ = $ |\nМәтін.\n", "dissertation")
    assert "1.1 Бөлім: <b> & *x* \\ ~ ^ = $ |" in shown
