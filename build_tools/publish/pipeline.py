"""The pipeline end to end: read → clean → structure → annotate → render → export.

Pages refer to each other (glossary counts and concordances, the commentary's back-links,
the list of texts), so everything is gathered before anything is rendered — but the
documents are not all held at once: an edition of hundreds of texts would not fit in
memory.  The pipeline makes two passes over the texts, holding one document at a time:

1. **gather** — each text is read, cleaned, structured and annotated; the commentary is
   anchored in it (``CommentaryAttacher``); what the pages about other texts need is kept
   as a small ``TextRecord`` (counts: render/corpus.py), and the text's part of every
   glossary concordance is written to a spool file; then the document is let go;
2. **render** — each text is built again (its cleaning read back from the clean cache,
   clean/cache.py; the first texts, up to ``KEEP_CHARACTERS``, were kept from the first
   pass), given its notes and back-links, rendered into its pages, which go to a *sink*,
   and its open data files made (export/data.py ``OpenData``), and let go; then the
   chronology, the list of texts, the glossary pages (a long concordance in several), the
   changelog, the edition's data files and archive, and the page that lists them.

The sink is a list in memory (``build_edition()``: the tests, ``check``) or a folder of
Markdown files (``FolderSink``: ``mkdocs build``/``serve`` through the hooks, and
``python -m build_tools build``), written where nothing reads it until it is complete; the
open data goes with it (in memory, or into the folder's ``data/``).
There is one pipeline: only where the pages go, and whether the documents are kept (a
test may look at them), differ.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..annotate.commentary import CHRONOLOGY_FILE, COMMENTARY_FILE, Commentary, CommentaryAttacher, load_commentary
from ..annotate.glossary import Glossary, load_glossary, load_term_exceptions
from ..annotate.spans import annotate
from ..clean.cache import CleanCache
from ..clean.cache import enabled as cache_enabled
from ..clean.emendations import attach, load_emendations
from ..core.locale import t
from ..core.model import Document, EditionInfo, Proofreading, TextMeta
from ..export.data import DATA_DIR, DataFile, DataStore, OpenData, archive_time
from ..export.data_page import DATA_SRC, data_page
from ..export.tei import checksums
from ..read.edition import build_date, load_edition_info
from ..read.proofreading import load_proofreading
from ..read.sources import read_source
from ..read.texts import Paths, default_paths, load_texts
from ..read.validate import check_text_ids, check_unique_pages
from ..render import glossary as glossary_pages
from ..render import text as render
from ..render.base import Page, html_title
from ..render.changelog import CHANGELOG_SRC, render_changelog
from ..render.corpus import TextRecord, record_of, term_counts
from ..render.names import short_title
from ..render.notes import add_commentary, render_chronology
from ..structure.blocks import structure_text
from .spool import ConcordanceSpool

CACHE_DIR = Path("build") / "cache" / "clean"  # under the project root (see clean/cache.py)
# The gathering pass keeps the documents it built, for the rendering pass, while their texts
# add up to no more than this many characters (an edition of a few dozen texts is built once;
# beyond, each further text is built again when it is rendered, its cleaning from the cache).
KEEP_CHARACTERS = 2_000_000


@dataclass(frozen=True)
class PageEntry:
    """A generated page as the navigation and the checks see it: where it goes, its title."""

    src_uri: str
    title: str


@dataclass
class Edition:
    """Everything the site is made of: the texts' records and every page's place and title.

    ``pages`` holds the pages themselves when they were rendered into memory (``build_edition``
    without a sink), and ``documents`` the texts' documents when they were kept.
    """

    texts: list[TextMeta]
    glossary: Glossary
    records: list[TextRecord] = field(default_factory=list)
    page_index: list[PageEntry] = field(default_factory=list)  # every generated page, in order
    documents: list[Document] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    commentary: Commentary | None = None  # notes and chronology (annotate/commentary.py)
    info: EditionInfo | None = None  # version and licence (source_texts/edition.yaml)
    proofreading: Proofreading = field(default_factory=Proofreading)  # source_texts/accepted_forms.yaml
    # The open data (export/data.py): every file published under data/, the archive last
    # (in a folder build known by size and checksum, the bytes on disk: DataStore).
    data: list[DataFile] = field(default_factory=list)

    def nav(self) -> list:
        """MkDocs navigation derived from the data (no text is named in code; titles HTML-escaped).

        Texts go by their short titles, divisions by their editorial navigation titles
        (texts.yaml ``short_title`` and ``structure.nav_titles``): the page titles.  Every
        text is listed; a large edition shows each page only part of it (publish/mkdocs_hooks.py).
        """
        titles = {p.src_uri: p.title for p in self.page_index}
        under: dict[str, list[str]] = {}  # a text's folder -> its pages, in order
        for p in self.page_index:
            folder, _, _ = p.src_uri.rpartition("/")
            if folder.startswith("texts/") and folder.count("/") == 1:
                under.setdefault(folder, []).append(p.src_uri)
        text_items = []
        for meta in self.texts:
            index = f"{meta.url_dir}/index.md"
            citations = f"{meta.url_dir}/citations.md"
            subpages = [s for s in under.get(meta.url_dir, []) if s != index and s != citations]
            extras = [{html_title(titles[citations]): citations}] if citations in titles else []
            if subpages or extras:
                children = [index] + [{html_title(titles[s]): s} for s in subpages] + extras
                text_items.append({html_title(short_title(meta)): children})
            else:
                text_items.append({html_title(short_title(meta)): index})
        return [
            {t("nav.home"): "index.md"},
            *([{t("nav.chronology"): "chronology.md"}] if "chronology.md" in titles else []),
            {t("nav.texts"): ["texts/index.md", *text_items]},
            {t("nav.glossary"): glossary_pages.nav_items()},
            {t("nav.about"): "about.md"},
            {t("nav.changelog"): CHANGELOG_SRC},
            *([{t("nav.data"): DATA_SRC}] if DATA_SRC in titles else []),
        ]


# --------------------------------------------------------------------------- where pages go


class MemorySink:
    """Pages kept in a list (the tests, ``check``), and the open data in memory."""

    data_folder = None

    def __init__(self):
        self.pages: list[Page] = []

    def add(self, page: Page) -> None:
        self.pages.append(page)


class FolderSink:
    """Pages written as Markdown files into a new folder (``folder``) made in ``parent``.

    Nothing outside the new folder is touched: ``commit`` puts it in the place of an
    output folder in one rename, ``discard`` removes it (a failed build leaves nothing).
    """

    def __init__(self, parent: Path, prefix: str = ".staging-"):
        parent = Path(parent)
        parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        self.written: list[str] = []

    def add(self, page: Page) -> None:
        target = self.folder / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
        self.written.append(page.src_uri)

    def path(self, src_uri: str) -> Path:
        return self.folder / src_uri

    @property
    def data_folder(self) -> Path:
        """Where the open data's files go (export/data.py), beside the pages, as the site has them."""
        return self.folder / DATA_DIR

    def commit(self, out_dir: Path) -> None:
        """Put the pages in the place of ``out_dir`` (the old pages go only once the new are there)."""
        out_dir = Path(out_dir)
        old = None
        if out_dir.exists():
            old = out_dir.with_name(out_dir.name + ".old")
            if old.exists():
                shutil.rmtree(old)
            os.replace(out_dir, old)
        os.replace(self.folder, out_dir)
        self.folder = out_dir
        if old is not None:
            shutil.rmtree(old)

    def discard(self) -> None:
        if self.folder.exists():
            shutil.rmtree(self.folder, ignore_errors=True)


class _Sink:
    """What the pipeline writes to: the chosen sink, and the index of every page it took."""

    def __init__(self, sink):
        self.sink = sink
        self.index: list[PageEntry] = []

    def add(self, page: Page) -> None:
        self.sink.add(page)
        self.index.append(PageEntry(page.src_uri, page.title))


def build_document(meta: TextMeta, paths: Paths, glossary: Glossary, cache: CleanCache | None = None) -> Document:
    """Read, clean (through ``cache`` if given), structure and annotate one text."""
    source = read_source(meta, paths.sources)
    cleaned = (cache or CleanCache(None)).clean(source.raw, meta)
    doc = Document(meta=meta, clean=cleaned)
    doc.divisions = structure_text(cleaned.text, meta, paths.texts_yaml)
    doc.spans = annotate(doc, glossary)
    return doc


def clean_cache(paths: Paths, work: Path | None = None) -> CleanCache:
    """The project's clean cache (``build/cache/clean``); with ``EDITION_CACHE=0`` one that lasts the build."""
    if cache_enabled():
        return CleanCache(paths.root / CACHE_DIR)
    return CleanCache(Path(work) / "clean" if work is not None else None)


def load_inputs(paths: Paths) -> tuple[list[TextMeta], Glossary]:
    """The texts (with their emendations) and the glossary (with its exceptions), validated."""
    texts = load_texts(paths)
    emendations = load_emendations(paths.sources, [t.id for t in texts])
    texts = [attach(meta, emendations) for meta in texts]
    check_text_ids(paths, [t.id for t in texts])
    glossary = load_glossary(paths.sources / "glossary")
    load_term_exceptions(paths.sources / "term_exceptions.yaml", glossary)
    return texts, glossary


def build_documents(paths: Paths | None = None) -> tuple[list[Document], Glossary]:
    """Read, clean, structure and annotate every text (no rendering): the documents and the glossary."""
    paths = paths or default_paths()
    texts, glossary = load_inputs(paths)
    cache = clean_cache(paths)
    return [build_document(meta, paths, glossary, cache) for meta in texts], glossary


def build_edition(paths: Paths | None = None, sink=None, keep_documents: bool | None = None) -> Edition:
    """Run the whole pipeline: gather every text, then render text by text into ``sink``.

    Without a sink the pages are kept in ``Edition.pages`` and the documents in
    ``Edition.documents`` (the tests); with one (``FolderSink``) neither is kept unless
    ``keep_documents`` says so, and memory holds one text at a time.
    """
    paths = paths or default_paths()
    memory = MemorySink() if sink is None else None
    keep = keep_documents if keep_documents is not None else sink is None
    out = _Sink(sink if sink is not None else memory)
    texts, glossary = load_inputs(paths)
    # the build's date (SOURCE_DATE_EPOCH): every page's footer, the citations, the PDFs and the data give it
    info = dataclasses.replace(load_edition_info(paths.edition_yaml), date=build_date())
    proofreading = load_proofreading(paths.accepted_yaml, [t.id for t in texts])
    commentary = load_commentary(paths.sources)
    attacher = CommentaryAttacher(
        commentary, [t.id for t in texts], glossary, paths.sources / COMMENTARY_FILE, paths.sources / CHRONOLOGY_FILE
    )
    edition = Edition(texts=texts, glossary=glossary, commentary=commentary, info=info, proofreading=proofreading)
    with tempfile.TemporaryDirectory(prefix="edition-build-") as work:
        cache = clean_cache(paths, Path(work))
        spool = ConcordanceSpool(Path(work) / "concordance")
        built: dict[str, Document] = {}  # documents kept for the rendering pass (KEEP_CHARACTERS)
        kept = 0
        # 1. gather: one document at a time, kept as a record
        for meta in texts:
            doc = build_document(meta, paths, glossary, cache)
            attacher.attach(doc)  # after structure, before render: notes numbered, references resolved
            edition.records.append(record_of(doc))
            spool.add(glossary_pages.concordance_groups(doc))
            if kept + len(doc.text) <= KEEP_CHARACTERS:
                built[meta.id] = doc
                kept += len(doc.text)
            del doc
        attacher.finish()  # every commentary error at once; the events placed
        cache.prune()
        metas = [r.meta for r in edition.records]
        by_id = {m.id: m for m in metas}
        counts = term_counts(edition.records)
        records = {r.id: r for r in edition.records}
        sums = checksums(paths.sources / "SHA256SUMS")  # the raw files', as the TEI headers give them
        data = OpenData(DataStore(out.sink.data_folder), glossary, commentary, info, sums)  # the open data, text by text
        # 2. render: one text at a time, then the pages about all of them
        for meta in texts:
            doc = built.pop(meta.id, None) or build_document(meta, paths, glossary, cache)
            attacher.dress(doc)  # its notes, and the back-links of notes elsewhere
            data.add_text(doc, (paths.sources / meta.file).read_bytes(), records[meta.id])
            pages = render.render_document(doc, glossary, info)
            pages = add_commentary(pages, [doc], glossary, by_id)  # notes at the end of each text page
            for page in glossary_pages.add_text_terms(pages, metas, glossary, counts):
                out.add(page)
            if keep:
                edition.documents.append(doc)
            del doc, pages
        if commentary.events:
            out.add(render_chronology(commentary, metas, glossary))
        out.add(render.render_texts_index(edition.records))
        for page in glossary_pages.render_indexes(glossary, counts, metas):
            out.add(page)
        for entry in glossary_pages.entries_in_order(glossary):
            entry_counts = counts.get(entry.id, Counter())
            for page in glossary_pages.render_entry_pages(entry, entry_counts, metas, spool.parts(entry.id), spool.sizes(entry.id)):
                out.add(page)
        out.add(render_changelog(info))
        edition.data = data.finish(info.date, archive_time())  # the build's moment, as info.date
        out.add(data_page(edition.data[:-1], edition.data[-1], metas, info, info.date))
    check_unique_pages(out.index, paths.texts_yaml)
    edition.page_index = out.index
    if memory is not None:
        edition.pages = memory.pages
    return edition


def write_pages(pages: list[Page], out_dir: Path) -> None:
    """Write generated Markdown atomically: all pages appear at once or none do."""
    sink = FolderSink(Path(out_dir).parent)
    try:
        for page in pages:
            sink.add(page)
        sink.commit(Path(out_dir))
    finally:
        if sink.folder != Path(out_dir):
            sink.discard()


def build_into(paths: Paths, out_dir: Path) -> Edition:
    """Build the edition's pages straight into ``out_dir`` (all at once or none): one text in memory at a time."""
    sink = FolderSink(Path(out_dir).parent)
    try:
        edition = build_edition(paths, sink=sink)
        sink.commit(Path(out_dir))
        return edition
    finally:
        if sink.folder != Path(out_dir):
            sink.discard()
