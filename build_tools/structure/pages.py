"""Stage 3 — structure: where each division of a text is published (page paths and URLs)."""

from __future__ import annotations

from ..core.model import Division, Document


def page_url(src_uri: str) -> str:
    """The site URL (directory style) of a Markdown source path."""
    if src_uri.endswith("index.md"):
        return src_uri[: -len("index.md")]
    return src_uri[: -len(".md")] + "/"


def division_src(doc: Document, division: Division) -> str:
    if not division.slug:
        return f"{doc.meta.url_dir}/index.md"
    return f"{doc.meta.url_dir}/{division.slug}.md"


def citations_src(doc: Document) -> str:
    return f"{doc.meta.url_dir}/citations.md"
