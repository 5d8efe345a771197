"""A generated page's raw HTML blocks, set aside while MkDocs converts its Markdown.

A generated page is mostly raw HTML: every paragraph of a text is a ``<p class="para">`` block
between its Markdown headings. Python-Markdown passes such a block through as it is, but it
reads every tag of it twice to find that out (MkDocs's anchor finder and ``md_in_html``, both
Python's ``html.parser``): a third of a build's time. So the MkDocs hooks set each such block
aside before the conversion (:func:`set_aside`: a placeholder paragraph in its place, its ids
noted) and put it back after (:func:`put_back`), and give MkDocs the ids for its link check.
The HTML is the same as Python-Markdown's (``tests/publish/test_raw_html.py`` converts every
generated page both ways).

A block is set aside only when it is plainly one: a chunk between blank lines that is one
element of a block-level tag, opened on its first character and closed on its last, with as
many of that tag closed as opened and no ``markdown`` attribute (which ``md_in_html`` would
read). Anything else is left to Python-Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TOKEN = "EDITIONRAWHTMLBLOCK"  # a placeholder is TOKEN, the block's number, "X"
BLOCK_TAGS = ("p", "div", "section", "table", "ol", "ul", "dl", "figure", "nav", "aside", "blockquote", "details")
_BLOCK = re.compile(r"<(" + "|".join(BLOCK_TAGS) + r")\b[^>]*>.*</\1>", re.S)
_ANCHOR = re.compile(r"""<[a-zA-Z][^>]*?\s(?:id|name)\s*=\s*["']([^"']*)["']""")
_PLACEHOLDER = re.compile(rf"<p>{TOKEN}(\d+)X</p>")


@dataclass
class RawBlocks:
    blocks: list[str] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)  # the ids (and <a name>) of the blocks' elements


def plain_block(chunk: str) -> bool:
    """Whether ``chunk`` (text between blank lines) is one raw HTML block Python-Markdown passes through."""
    match = _BLOCK.fullmatch(chunk)
    if not match or "markdown" in chunk:
        return False
    tag = match.group(1)
    return len(re.findall(rf"<{tag}[\s>]", chunk)) == chunk.count(f"</{tag}>")


def set_aside(markdown: str) -> tuple[str, RawBlocks]:
    """The Markdown with each plain raw HTML block replaced by a placeholder, and the blocks."""
    raw = RawBlocks()
    if TOKEN in markdown:  # never in a generated page; if it were, nothing is set aside
        return markdown, raw
    chunks = markdown.split("\n\n")
    for i, chunk in enumerate(chunks):
        if plain_block(chunk):
            raw.anchors.update(_ANCHOR.findall(chunk))
            chunks[i] = f"{TOKEN}{len(raw.blocks)}X"
            raw.blocks.append(chunk)
    return "\n\n".join(chunks), raw


def put_back(html: str, raw: RawBlocks) -> str:
    """The converted HTML with every placeholder replaced by its block, as Python-Markdown
    writes a raw block: followed by a blank line, none at the end of the page (it strips
    what it returns)."""
    if not raw.blocks:
        return html
    return _PLACEHOLDER.sub(lambda m: raw.blocks[int(m.group(1))] + "\n", html).strip()
