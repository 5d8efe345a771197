"""Uniform citation markers, and references to the edition's pages (GOST 7.1, BibTeX)."""

import dataclasses

import pytest

from build_tools.core.model import TextMeta
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
