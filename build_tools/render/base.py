"""Stage 5 — render: what every page writer shares (pages, links, escaping, context)."""

from __future__ import annotations

import functools
import html
import posixpath
import re
from dataclasses import dataclass, field

from ..annotate.glossary import Glossary
from ..core.locale import t
from ..core.model import EditionInfo
from ..structure.pages import page_url


@dataclass(frozen=True)
class Page:
    """A generated Markdown page: where it goes and what it says."""

    src_uri: str  # path under docs/, e.g. "texts/002/1-tarau.md"
    title: str
    content: str

    @property
    def url(self) -> str:
        return page_url(self.src_uri)


def rel_url(from_src: str, to_src: str, anchor: str = "") -> str:
    """A relative link from one generated page to another (directory URLs)."""
    link = _rel_dir(from_src, to_src)
    return link + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=65536)
def _rel_dir(from_src: str, to_src: str) -> str:
    """The relative path between two pages' directories (pages link to few others, often)."""
    here = page_url(from_src) or "."
    there = page_url(to_src) or "."
    link = posixpath.relpath(there, here)
    if link == ".":
        return "./"
    return link if link.endswith("/") else link + "/"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


# Exactly the characters Python-Markdown (with the `tables` extension) unescapes:
# a backslash before any other character (`:`, `~`, `=` ...) would be shown.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def escape_markdown(text: str) -> str:
    """Escape text for a Markdown heading: nothing in it may become markup."""
    text = html.escape(text, quote=False)
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_heading(text: str, anchor: str, cls: str = "", level: int = 2) -> str:
    """A Markdown heading with a fixed id (and class), on a line of its own.

    Back matter written as HTML (notes, the notes on changes, a text's terms) opens with
    one of these, not with an HTML ``<h2>``: MkDocs builds the table of contents from
    Markdown headings only.  Every such heading is the edition's, not the text's: it has
    the class ``edition-heading``.
    """
    attrs = f"#{anchor} .edition-heading" + (f" .{cls}" if cls else "")
    return f"{'#' * level} {escape_markdown(text)} {{: {attrs} }}\n\n"


def english_version(html_en: str) -> str:
    """English editorial prose behind the reader's language switch, never doubled in the open.

    A closed ``<details lang="en">`` (so it is reachable without JavaScript);
    the "English" switch of ``docs/assets/english.js`` opens all of them at
    once and is remembered from page to page. ``html_en`` is HTML (escape plain text).
    """
    if not html_en.strip():
        return ""
    return (
        f'<details class="en-version" lang="en"><summary>{esc(t("english.summary"))}</summary>'
        f'<div class="en-body">{html_en}</div></details>'
    )


def html_title(title: str) -> str:
    """A page or navigation title for MkDocs: Material writes titles into pages unescaped."""
    return html.escape(title, quote=False)


@dataclass
class RenderContext:
    """What inline rendering needs to know about the page being written."""

    src_uri: str
    glossary: Glossary
    language: str
    citations_src: str = ""  # the text's index of cited numbers
    text: str = ""  # the document's cleaned text (lets the glossary see the matched words)
    citation_ids: dict = field(default_factory=dict)  # (start, end) of a citation -> its number in the text
    # (start, end) of the term occurrences written as links (render/terms.py); None links them all
    linked_terms: frozenset | None = None
    edition: EditionInfo | None = None  # the version and build date a page's citation names


def front_matter(title: str, language: str, extra: dict | None = None) -> str:
    lines = ["---", f"title: {_yaml_str(html_title(title))}"]
    if language != "kk":
        lines.append(f"lang: {language}")
    for key, value in (extra or {}).items():
        lines.append(f"{key}: {_yaml_str(str(value))}")
    lines.append("---\n")
    return "\n".join(lines) + "\n"


def _yaml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
