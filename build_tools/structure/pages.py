"""Stage 3 — structure: where each division of a text, and each of its data files, is published."""

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


# The open data (export/data.py writes the files, render links them from each text's page).
DATA_DIR = "data"  # the site's folder of data files: data/<path>
TEI_DIR = "tei"  # the TEI files, side by side so that their pointers to each other resolve


def tei_file_name(text_id: str) -> str:
    """The file name of a text's TEI document (``002.xml``), as the TEI files point at each other."""
    return f"{text_id}.xml"


def text_data_paths(text_id: str) -> dict[str, str]:
    """Where a text's data files are published under :data:`DATA_DIR`, by kind (the locale's ``data.files`` keys)."""
    folder = f"texts/{text_id}"
    return {
        "tei": f"{TEI_DIR}/{tei_file_name(text_id)}",
        "raw": f"{folder}/raw.txt",
        "clean": f"{folder}/clean.txt",
        "changes": f"{folder}/changes.jsonl",
    }
