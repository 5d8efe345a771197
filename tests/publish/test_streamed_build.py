"""The pipeline holds one text at a time: its pages are those of the whole edition rendered at once.

``build_edition`` gathers each text into a record (counts), spools its part of every
concordance, lets the document go, and renders text by text into a sink (publish/pipeline.py).
Here the same render functions are run the old way — every document of the five texts in
memory at once (the ``edition`` fixture keeps them) — and the streamed build's Markdown must be
the same, byte for byte.  A build that fails midway leaves nothing behind.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from project_util import ROOT, make_project

from build_tools.core.errors import EditionError
from build_tools.export.data import DATA_DIR, archive, archive_time, data_files
from build_tools.export.data_page import data_page
from build_tools.publish import pipeline
from build_tools.read.texts import Paths
from build_tools.render import glossary as glossary_pages
from build_tools.render import text as render
from build_tools.render.changelog import render_changelog
from build_tools.render.notes import add_commentary, render_chronology


def all_at_once(edition) -> dict[str, str]:
    """The edition's pages rendered from all its documents at once (as the pipeline did before it streamed)."""
    documents, glossary, info = edition.documents, edition.glossary, edition.info
    metas = [d.meta for d in documents]
    pages = [page for doc in documents for page in render.render_document(doc, glossary, info)]
    pages = add_commentary(pages, documents, glossary)
    if edition.commentary.events:
        pages.append(render_chronology(edition.commentary, metas, glossary))
    pages.append(render.render_texts_index(documents))
    occ = glossary_pages.occurrences(documents)
    counts = glossary_pages.counts_by_text(occ)
    pages += glossary_pages.render_indexes(glossary, counts, metas)
    for entry in glossary_pages.entries_in_order(glossary):
        items = occ.get(entry.id, [])
        parts = "".join(
            glossary_pages.concordance_group(doc.meta, [o for o in items if o.doc is doc], glossary_pages.entry_src(entry.id))
            for doc in documents
            if any(o.doc is doc for o in items)
        )
        pages.append(glossary_pages.render_entry(entry, counts.get(entry.id, Counter()), metas, parts))
    pages = glossary_pages.add_text_terms(pages, metas, glossary, counts)
    pages.append(render_changelog(info))
    files, bundle = open_data_at_once(edition)
    pages.append(data_page(files, bundle, metas, info, info.date))
    return {p.src_uri: p.content for p in pages}


def open_data_at_once(edition):
    """The open data made from every document at once, and its archive."""
    raw = {doc.meta.id: (ROOT / "source_texts" / doc.meta.file).read_bytes() for doc in edition.documents}
    files = data_files(edition.documents, edition.glossary, edition.commentary, edition.info, raw, edition.info.date)
    return files, archive(files, edition.info.version, archive_time())


@pytest.fixture(scope="module")
def streamed(tmp_path_factory, monkeypatch_module):
    """The real edition built into a folder, every text built again for rendering (nothing kept)."""
    monkeypatch_module.setattr(pipeline, "KEEP_CHARACTERS", 0)
    out = tmp_path_factory.mktemp("streamed") / "markdown"
    edition = pipeline.build_into(Paths(ROOT), out)
    return edition, out


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def test_the_streamed_pages_are_the_pages_of_the_whole_edition_at_once(edition, streamed):
    built, out = streamed
    expected = all_at_once(edition)
    written = {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in out.rglob("*.md")}
    assert sorted(written) == sorted(expected)
    for src, content in expected.items():
        assert written[src] == content, src
    assert [p.src_uri for p in built.page_index] == [p.src_uri for p in edition.pages]
    assert built.nav() == edition.nav()


def test_the_fixture_path_and_the_streamed_path_agree(edition, streamed):
    """The tests' build (pages in memory, documents kept) is the site's build (pages in files)."""
    built, out = streamed
    assert {p.src_uri: p.content for p in edition.pages} == {
        str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in out.rglob("*.md")
    }
    assert built.documents == [] and built.pages == []  # a folder build keeps neither
    assert [r.meta for r in built.records] == edition.texts


def test_the_streamed_open_data_is_the_data_of_the_whole_edition_at_once(edition, streamed):
    """Each text's files made as it is rendered, the lists from the records, the archive written
    from the disk: the same bytes as every document's data made at once, and nothing held."""
    built, out = streamed
    files, bundle = open_data_at_once(edition)
    on_disk = {str(p.relative_to(out / DATA_DIR)): p.read_bytes() for p in (out / DATA_DIR).rglob("*") if p.is_file()}
    assert on_disk == {f.path: f.content for f in [*files, bundle]}
    assert [(f.path, f.size, f.sha256) for f in built.data] == [(f.path, f.size, f.sha256) for f in [*files, bundle]]
    assert all(f.content is None for f in built.data)  # a folder build keeps no file's bytes


GOOD = {
    f"t{n}.txt": ({"id": f"90{n}", "title": f"Мәтін {n}"}, f"Бірінші абзац {n}.\n\nЕкінші абзац.\n") for n in range(4)
}


def test_a_build_failing_while_it_renders_leaves_the_previous_pages(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p", GOOD)
    out = tmp_path / "out" / "markdown"
    pipeline.build_into(Paths(project), out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    calls = []
    real = render.render_document

    def failing(doc, glossary, info=None):
        calls.append(doc.meta.id)
        if len(calls) == 3:  # two texts' pages are written by now
            raise EditionError(Path("x"), "the third text fails")
        return real(doc, glossary, info)

    monkeypatch.setattr(render, "render_document", failing)
    with pytest.raises(EditionError):
        pipeline.build_into(Paths(project), out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["markdown"]  # no staging folder left


def test_a_failing_site_build_leaves_no_page_folder(tmp_path):
    from project_util import run_mkdocs

    project = make_project(tmp_path / "p", GOOD)
    (project / "source_texts" / "commentary.yaml").write_text(
        'notes:\n  - text: "900"\n    quote: "мәтінде жоқ сөздер"\n    note: {kk: "..."}\n', encoding="utf-8"
    )
    result = run_mkdocs(project, tmp_path / "site")
    assert result.returncode != 0 and "commentary.yaml:2" in result.stderr
    assert not list((project / "build").glob(".pages-*"))
