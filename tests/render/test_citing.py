"""Uniform citation markers, and references to the edition's pages (GOST 7.1, BibTeX)."""

import dataclasses
import re

import pytest

from build_tools.core.model import EditionInfo, TextMeta, VersionChange, VersionEntry
from build_tools.render.citing import (
    bibtex_entry,
    bibtex_escape,
    gost_reference,
    uniform_label,
)

META = TextMeta(
    id="002", file="x.txt", language="kk", kind="dissertation",
    title="Көпвекторлы сыртқы саясат", title_en="Multi-vector foreign policy", siglum="C",
)


@pytest.mark.parametrize(
    "source, label",
    [("[12]", "[12]"), ("[96-98]", "[96–98]"), ("[96–98]", "[96–98]"), ("[ 7 - 9 ]", "[7–9]"),
     ("/3/", "[3]"), ("[12, 14]", "[12, 14]"), ("[012]", "[12]")],
)
def test_uniform_label(source, label):
    assert uniform_label(source) == label


def test_unknown_author_and_year_are_said_not_invented():
    gost = gost_reference(META, "1 ТАРАУ.", "https://example.org/texts/002/1-tarau/")
    assert gost.startswith("[Авторы белгісіз]. Көпвекторлы сыртқы саясат. 1 ТАРАУ [Электрондық ресурс] : диссертация // ")
    assert "— [Жылы белгісіз]." in gost
    assert "URL: https://example.org/texts/002/1-tarau/ (қаралған күні: __.__.____)" in gost
    bib = bibtex_entry(META, "1 ТАРАУ", "1-tarau")
    assert bib.startswith("@misc{kzfp-C-1-tarau,\n")  # the key names the text by its siglum
    assert "author = {{[Авторы белгісіз]}}" in bib and "year =" not in bib
    assert "note = {Авторы белгісіз; жылы белгісіз}" in bib


def test_known_author_and_year_are_used():
    meta = dataclasses.replace(META, author="Әлиев А. Б.", year="2024")
    gost = gost_reference(meta)
    assert gost.startswith("Әлиев А. Б. Көпвекторлы сыртқы саясат [Электрондық ресурс]") and ".." not in gost
    assert "Әлиев А. Б." in gost and "— 2024." in gost and "белгісіз" not in gost
    bib = bibtex_entry(meta)
    assert "year = {2024}" in bib and "note" not in bib and "@misc{kzfp-C," in bib


def test_bibtex_escapes_latex_specials():
    assert bibtex_escape("50% & #1 {x} a_b $ ~ ^ \\") == (
        r"50\% \& \#1 \{x\} a\_b \$ \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )


# --------------------------------------------------------------------------- the version a citation names

ENTRY = VersionEntry("0.3", "2027-01-15", (VersionChange("Түзету.", "A correction.", "text"),))
VERSIONED = EditionInfo("0.3", "CC BY 4.0", "https://example.org/l", "Еркін.", date="2027-02-01", changelog=(ENTRY,))


def test_gost_names_the_version_and_its_build_date():
    gost = gost_reference(META, "1 ТАРАУ.", info=VERSIONED)
    # the edition area, after the host publication and before the year: "— Нұсқа 0.3 (01.02.2027)."
    assert "электрондық ғылыми басылым. — Нұсқа 0.3 (01.02.2027). — [Жылы белгісіз]." in gost
    assert "(қаралған күні: __.__.____)" in gost  # the reader's access date stays the script's to fill in
    undated = gost_reference(META, info=dataclasses.replace(VERSIONED, date=""))
    assert "— Нұсқа 0.3. —" in undated


def test_bibtex_names_the_version_and_its_build_date():
    bib = bibtex_entry(META, "1 ТАРАУ", "1-tarau", info=VERSIONED)
    assert "  version = {0.3},\n" in bib  # biblatex
    assert re.search(r"howpublished = \{[^}]*, нұсқа 0\.3, 2027-02-01\}", bib)  # classic BibTeX styles print this
    assert "urldate = {____-__-__}" in bib


def test_an_unversioned_edition_cites_no_version():
    unversioned = EditionInfo("0.0", "", "", "", date="2027-02-01")  # no edition.yaml, no changelog
    for reference in (gost_reference(META, info=unversioned), bibtex_entry(META, info=unversioned), gost_reference(META)):
        assert "0.0" not in reference and "нұсқа" not in reference.lower()


def test_the_editions_pages_cite_its_version(edition):
    """Every text page's GOST reference and BibTeX entry name the edition's version and build date."""
    from build_tools.render.citing import gost_date

    info = edition.info
    pages = [p for p in edition.pages if "cite-page" in p.content]
    assert len(pages) == sum(len(d.divisions) + (len(d.divisions) > 1) for d in edition.documents)
    for page in pages:
        assert f"— Нұсқа {info.version} ({gost_date(info.date)})." in page.content, page.src_uri
        assert f"  version = {{{info.version}}},\n" in page.content, page.src_uri


def test_every_text_page_links_its_texts_data_files(edition):
    """A reader on a text page is one step from its TEI, source, cleaned text and change log:
    the cite box links each file where the open data publishes it (export/data.py)."""
    import posixpath
    import re

    from build_tools.structure.pages import DATA_DIR, division_src, page_url, text_data_paths

    pages = {p.src_uri: p.content for p in edition.pages}
    published = {f"{DATA_DIR}/{f.path}" for f in edition.data}
    for doc in edition.documents:
        wanted = {f"{DATA_DIR}/{path}" for path in text_data_paths(doc.meta.id).values()}
        assert wanted <= published, f"{doc.meta.id}: {wanted - published} not published"
        for division in doc.divisions:
            src = division_src(doc, division)
            box = re.search(r'<p class="cite-data">(.*?)</p>', pages[src])
            assert box, f"{src}: no links to the text's data"
            here = page_url(src)
            hrefs = re.findall(r'href="([^"]+)"', box.group(1))
            targets = {posixpath.normpath(posixpath.join(here, h)) for h in hrefs[1:]}
            assert targets == wanted, src
            assert posixpath.normpath(posixpath.join(here, hrefs[0])) == DATA_DIR  # the Data page
