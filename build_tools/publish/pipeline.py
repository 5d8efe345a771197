"""The pipeline end to end: read → clean → structure → annotate → render.

Everything is gathered first (all documents, all annotations), then rendered,
so that pages can refer to each other (glossary back-references, indexes).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..annotate.commentary import Commentary, attach_notes
from ..annotate.glossary import Glossary, load_glossary, load_term_exceptions
from ..annotate.spans import annotate
from ..clean.emendations import attach, load_emendations
from ..clean.engine import clean_text
from ..core.locale import t
from ..core.model import Document, EditionInfo, Proofreading, TextMeta
from ..export.data import DataFile, archive, archive_time, data_files
from ..export.data_page import DATA_SRC, data_page
from ..read.edition import build_date, load_edition_info
from ..read.proofreading import load_proofreading
from ..read.sources import read_source
from ..read.texts import Paths, default_paths, load_texts
from ..read.validate import check_text_ids, check_unique_pages
from ..render import glossary as glossary_pages
from ..render import text as render
from ..render.base import Page, html_title
from ..render.changelog import CHANGELOG_SRC, render_changelog
from ..render.names import short_title
from ..render.notes import add_commentary, render_chronology
from ..structure.blocks import structure_text


@dataclass
class Edition:
    """Everything the site is made of, before it is written anywhere."""

    texts: list[TextMeta]
    documents: list[Document]
    glossary: Glossary
    pages: list[Page] = field(default_factory=list)
    commentary: Commentary | None = None  # notes and chronology (annotate/commentary.py)
    info: EditionInfo | None = None  # version and licence (source_texts/edition.yaml)
    proofreading: Proofreading = field(default_factory=Proofreading)  # source_texts/accepted_forms.yaml
    # The open data (export/data.py): every file published under data/, the archive last.
    data: list[DataFile] = field(default_factory=list)

    def nav(self) -> list:
        """MkDocs navigation derived from the data (no text is named in code; titles HTML-escaped).

        Texts go by their short titles, divisions by their editorial navigation titles
        (texts.yaml ``short_title`` and ``structure.nav_titles``): the page titles.
        """
        text_items = []
        by_src = {p.src_uri: p for p in self.pages}
        for doc in self.documents:
            index = f"{doc.meta.url_dir}/index.md"
            subpages = [
                p.src_uri
                for p in self.pages
                if p.src_uri.startswith(doc.meta.url_dir + "/") and p.src_uri != index
                and not p.src_uri.endswith("/citations.md")
            ]
            citations = f"{doc.meta.url_dir}/citations.md"
            extras = [{html_title(by_src[citations].title): citations}] if citations in by_src else []
            if subpages or extras:
                children = [index] + [{html_title(by_src[s].title): s} for s in subpages] + extras
                text_items.append({html_title(short_title(doc.meta)): children})
            else:
                text_items.append({html_title(short_title(doc.meta)): index})
        return [
            {t("nav.home"): "index.md"},
            *([{t("nav.chronology"): "chronology.md"}] if "chronology.md" in by_src else []),
            {t("nav.texts"): ["texts/index.md", *text_items]},
            {t("nav.glossary"): glossary_pages.nav_items()},
            {t("nav.about"): "about.md"},
            {t("nav.changelog"): CHANGELOG_SRC},
            *([{t("nav.data"): DATA_SRC}] if DATA_SRC in by_src else []),
        ]


def build_document(meta: TextMeta, paths: Paths, glossary: Glossary) -> Document:
    source = read_source(meta, paths.sources)
    cleaned = clean_text(source.raw, meta)
    doc = Document(meta=meta, clean=cleaned)
    doc.divisions = structure_text(cleaned.text, meta, paths.texts_yaml)
    doc.spans = annotate(doc, glossary)
    return doc


def build_documents(paths: Paths | None = None) -> tuple[list[Document], Glossary]:
    """Read, clean, structure and annotate every text (no rendering): the documents and the glossary."""
    paths = paths or default_paths()
    texts = load_texts(paths)
    emendations = load_emendations(paths.sources, [t.id for t in texts])
    texts = [attach(meta, emendations) for meta in texts]
    check_text_ids(paths, [t.id for t in texts])
    glossary = load_glossary(paths.sources / "glossary")
    load_term_exceptions(paths.sources / "term_exceptions.yaml", glossary)
    return [build_document(meta, paths, glossary) for meta in texts], glossary


def build_edition(paths: Paths | None = None) -> Edition:
    """Run the whole pipeline in memory."""
    paths = paths or default_paths()
    documents, glossary = build_documents(paths)
    texts = [doc.meta for doc in documents]
    # the build's date (SOURCE_DATE_EPOCH): every page's footer, the citations and the PDFs give it
    info = dataclasses.replace(load_edition_info(paths.edition_yaml), date=build_date())
    proofreading = load_proofreading(paths.accepted_yaml, [t.id for t in texts])
    commentary = attach_notes(paths, documents, glossary)  # after structure, before render
    edition = Edition(texts=texts, documents=documents, glossary=glossary, info=info, proofreading=proofreading)
    pages: list[Page] = []
    for doc in documents:
        pages.extend(render.render_document(doc, glossary, info))
    edition.commentary = commentary
    pages = add_commentary(pages, documents, glossary)  # notes at the end of each text page
    if commentary.events:
        pages.append(render_chronology(commentary, documents, glossary))
    pages.append(render.render_texts_index(documents))
    pages.extend(glossary_pages.render_glossary(glossary, documents))
    pages = glossary_pages.add_text_terms(pages, documents, glossary)
    pages.append(render_changelog(info))
    edition.data = open_data(edition, paths, archive_time())  # the build's moment, as info.date
    pages.append(data_page(edition.data[:-1], edition.data[-1], documents, info, info.date))
    check_unique_pages(pages, paths.texts_yaml)
    edition.pages = pages
    return edition


def open_data(edition: Edition, paths: Paths, stamp: tuple) -> list[DataFile]:
    """The open data (export/data.py): every file, then the archive of them all (last), dated ``stamp``."""
    raw = {doc.meta.id: (paths.sources / doc.meta.file).read_bytes() for doc in edition.documents}
    files = data_files(edition.documents, edition.glossary, edition.commentary, edition.info, raw, edition.info.date)
    return [*files, archive(files, edition.info.version, stamp)]


def write_pages(pages: list[Page], out_dir: Path) -> None:
    """Write generated Markdown atomically: all pages appear at once or none do."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir.parent))
    try:
        for page in pages:
            target = staging / page.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.content, encoding="utf-8")
        old = None
        if out_dir.exists():
            old = out_dir.with_name(out_dir.name + ".old")
            if old.exists():
                shutil.rmtree(old)
            os.replace(out_dir, old)
        os.replace(staging, out_dir)
        if old is not None:
            shutil.rmtree(old)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
