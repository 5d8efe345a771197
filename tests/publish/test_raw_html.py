"""A generated page's raw HTML blocks set aside while MkDocs converts its Markdown
(publish/raw_html.py): the HTML and the anchors MkDocs knows are those of the plain conversion."""

from __future__ import annotations

import markdown
import pytest
from mkdocs.config import load_config
from mkdocs.structure.pages import _RawHTMLPreprocessor
from mkdocs.utils import meta

from build_tools.publish.raw_html import TOKEN, plain_block, put_back, set_aside
from conftest import ROOT

BLOCKS = [
    # (chunk between blank lines, set aside?)
    ('<p class="para" id="p7"><a class="pnum" href="#p7"></a>Мәтін <span class="term">ШЫҰ</span>.</p>', True),
    ('<div class="cite-box" data-pagefind-ignore>\n<p>a</p>\n<p>b</p>\n</div>', True),
    ('<p id="a">one</p>\n<p id="b">two</p>', True),  # two elements, one chunk: Python-Markdown's one raw block
    ("<table><tr><td>1</td></tr></table>", True),
    ('<div markdown="1">\n*emphasis*\n</div>', False),  # md_in_html reads it
    ("<div>\n<div>inner</div>", False),  # not closed in the chunk (a blank line inside the element)
    ("<div>a</div>\n<div>b", False),
    ("## A heading", False),
    ("Text with <span>inline</span> HTML.", False),
    ("    <p>indented: code</p>", False),
    ("<span>inline element</span>", False),
    ("<p>closed by another tag</div>", False),
]


@pytest.mark.parametrize("chunk, expected", BLOCKS, ids=[b[0][:30] for b in BLOCKS])
def test_only_a_plain_raw_block_is_set_aside(chunk, expected):
    assert plain_block(chunk) is expected


def test_a_page_that_holds_the_token_is_left_as_it_is():
    text = f"# Title\n\n<p>{TOKEN}0X</p>\n\n<p>a</p>"
    assert set_aside(text) == (text, set_aside("")[1])


def convert(config, text: str) -> tuple[str, set[str]]:
    """Python-Markdown as MkDocs runs it: the HTML, and the anchors MkDocs finds in raw HTML and in the tree."""
    from mkdocs.structure.pages import _ExtractAnchorsTreeprocessor

    md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
    raw = _RawHTMLPreprocessor()
    raw._register(md)
    tree = _ExtractAnchorsTreeprocessor(None, None, config)
    tree._register(md)
    html = md.convert(text)
    return html, raw.present_anchor_ids | tree.present_anchor_ids


def test_every_generated_page_converts_to_the_same_html_and_anchors(edition):
    config = load_config(str(ROOT / "mkdocs.yml"))
    set_aside_blocks = 0
    for page in edition.pages:
        body, _ = meta.get_data(page.content)
        plain_html, plain_anchors = convert(config, body)
        text, raw = set_aside(body)
        html, anchors = convert(config, text)
        assert put_back(html, raw) == plain_html, page.src_uri
        assert anchors | raw.anchors == plain_anchors, page.src_uri
        assert TOKEN not in put_back(html, raw)
        set_aside_blocks += len(raw.blocks)
    paragraphs = sum(1 for _ in (p for d in edition.documents for p in d.paragraphs()))
    assert set_aside_blocks >= paragraphs  # every paragraph of every text was set aside
